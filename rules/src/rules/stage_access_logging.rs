use apigw_model::Model;
use apigw_model::api::Dialect;
use apigw_model::sam::IMPLICIT_HTTP_API;

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// A stage that does not write access logs.
    ///
    /// ## What it checks
    /// An `AWS::ApiGatewayV2::Stage` without `AccessLogSettings`, or whose `AccessLogSettings`
    /// lack `DestinationArn` or `Format` (both are needed for logs to be written). Settings
    /// behind an `Fn::If` are checked per branch; a branch of `AWS::NoValue` turns logging off
    /// on purpose and is not reported. The same check as checkov CKV_AWS_95, cfn_nag W46 and
    /// the guard rule API_GWV2_ACCESS_LOGS_ENABLED.
    ///
    /// SAM creates a stage for every `AWS::Serverless::HttpApi` and `WebSocketApi` (and the
    /// implicit `ServerlessHttpApi`, whose settings only `Globals: HttpApi` can give): their
    /// `AccessLogSettings`, or those of `Globals`, are checked the same way.
    ///
    /// A best practice, not a defect, so it is off by default.
    ///
    /// ## Why
    /// Without access logs there is no record of who called the API, which route answered, or
    /// why a request failed: debugging and incident response start blind.
    ///
    /// ## Example
    /// ```yaml
    /// ProdStage:
    ///   Type: AWS::ApiGatewayV2::Stage
    ///   Properties:
    ///     ApiId: !Ref Api
    ///     StageName: prod
    ///     AutoDeploy: true
    /// ```
    ///
    /// ## Fix
    /// Add `AccessLogSettings` with a CloudWatch Logs group and a one-line format:
    /// `{DestinationArn: !GetAtt AccessLogs.Arn, Format: '{"requestId":"$context.requestId","routeKey":"$context.routeKey","status":"$context.status"}'}`.
    pub struct StageAccessLogging {
        code: "AGW901",
        name: "stage-access-logging",
        severity: Warning,
        fix: None,
        default: false,
    }
}

impl Rule for StageAccessLogging {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for stage in &model.stages {
            let name = model.known(stage.stage_name).map_or_else(|| "this stage".to_string(), |name| format!("stage `{name}`"));
            let Some(settings) = stage.access_log_settings else {
                // SAM's implicit Api has no resource to write them on: only `Globals` can.
                let implicit = model.api_of(stage.api).is_some_and(|api| api.origin.dialect == Dialect::Sam && api.origin.resource.is_none());
                let message = if implicit {
                    format!("the stage of `{IMPLICIT_HTTP_API}`, the HTTP API SAM creates for `HttpApi` events without `ApiId`, has no access log settings: its requests are not logged; set them in `Globals: HttpApi: AccessLogSettings`")
                } else {
                    format!("{name} has no `AccessLogSettings`: its requests are not logged")
                };
                let diagnostic = checker.at(model, stage.origin, stage.origin.span, message);
                checker.push(diagnostic);
                continue;
            };
            for branch in model.template.branches(&settings.value) {
                if branch.entries().is_none() {
                    continue;
                }
                let missing: Vec<&str> =
                    ["DestinationArn", "Format"].into_iter().filter(|key| branch.entry(key).is_none()).collect();
                let message = match missing.as_slice() {
                    [] => continue,
                    [key] => format!("`AccessLogSettings` of {name} have no `{key}`: no access logs are written"),
                    _ => format!("`AccessLogSettings` of {name} have neither `DestinationArn` nor `Format`: no access logs are written"),
                };
                let diagnostic = checker.at(model, stage.origin, settings.key.span, message);
                checker.push(diagnostic);
            }
        }
    }
}
