use apigw_model::Model;
use apigw_model::api::Protocol;

use crate::alarms::metrics;
use crate::{Checker, Fix, Rule, declare_rule};

declare_rule! {
    /// A CloudWatch alarm on a v2 Api with dimensions its metrics are not published under.
    ///
    /// ## What it checks
    /// `AWS::CloudWatch::Alarm`s (and each `MetricStat` of their metric math) on namespace
    /// `AWS/ApiGateway` about an HTTP or WebSocket Api:
    /// - an `ApiName` dimension that references a v2 Api of the template: `ApiName` is a REST
    ///   API dimension, v2 metrics are published by `ApiId` (when the metric name is a REST one
    ///   too, AGW903 reports the alarm once);
    /// - next to an `ApiId` dimension, any dimension other than `Stage` and `Route` (for
    ///   WebSocket Apis also the documented `Method` and `Resource`);
    /// - for HTTP Apis, `Route` without `Stage`: their metrics are published per `ApiId`,
    ///   `ApiId` + `Stage` and `ApiId` + `Stage` + `Route`.
    ///
    /// The Api may be an `AWS::Serverless::HttpApi` or `WebSocketApi`, or the `ServerlessHttpApi`
    /// that SAM creates for `HttpApi` events without `ApiId`.
    ///
    /// ## Why
    /// CloudWatch matches dimensions exactly. An alarm whose dimensions no metric has is
    /// accepted, never receives data and never fires.
    ///
    /// ## Example
    /// ```yaml
    /// LatencyAlarm:
    ///   Type: AWS::CloudWatch::Alarm
    ///   Properties:
    ///     Namespace: AWS/ApiGateway
    ///     MetricName: Latency
    ///     Dimensions:
    ///       - {Name: ApiName, Value: !Ref HttpApi}
    /// ```
    ///
    /// ## Fix
    /// Name the Api by `ApiId` (`{Name: ApiId, Value: !Ref HttpApi}`: the safe fix renames the
    /// dimension, whose value is the Api's `Ref`, its id), and add `Stage` when alarming on a
    /// `Route`.
    pub struct AlarmDimension {
        code: "AGW904",
        name: "alarm-dimension",
        severity: Error,
        fix: Safe,
    }
}

const HTTP_DIMENSIONS: &[&str] = &["ApiId", "Stage", "Route"];
const WEBSOCKET_DIMENSIONS: &[&str] = &["ApiId", "Stage", "Route", "Method", "Resource"];
const HTTP_PUBLISHED: &str = "`ApiId`, `ApiId` + `Stage` and `ApiId` + `Stage` + `Route`";
const WEBSOCKET_PUBLISHED: &str = "`ApiId`, `ApiId` + `Stage` and `ApiId` + `Stage` + `Method` + `Resource` (or `Route`)";

impl Rule for AlarmDimension {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for metric in metrics(model) {
            let Some(api) = metric.v2_api(model) else { continue };
            let (related_span, related_message) = api.related();
            let report = |checker: &mut Checker, span, message: String, fix: Option<Fix>| {
                let diagnostic =
                    checker.at(model, metric.origin, span, message).with_related(related_span, related_message.clone()).with_fix(fix);
                checker.push(diagnostic);
            };
            if api.named_as_rest() {
                // With a REST metric name as well, AGW903 reports the alarm once and mends both.
                if metric.unpublished_names(model, &api).is_empty() {
                    let message = format!("`ApiName` is a REST API dimension: metrics of {} are published by `ApiId`", api.describe());
                    let fix = checker.fix("Name the dimension `ApiId`", [Some(api.name_by_id(&checker.editor))]);
                    report(checker, api.dimension.name_node.span, message, fix);
                }
                continue;
            }
            let (allowed, published) =
                if api.protocol == Protocol::Http { (HTTP_DIMENSIONS, HTTP_PUBLISHED) } else { (WEBSOCKET_DIMENSIONS, WEBSOCKET_PUBLISHED) };
            for dimension in metric.dimensions.iter().filter(|dimension| !allowed.contains(&dimension.name.as_str())) {
                let message = if dimension.name == "ApiName" {
                    "`ApiName` is a REST API dimension: no metric has both `ApiId` and `ApiName`".to_string()
                } else {
                    format!("metrics of {} have no dimension `{}`: they are published by {published}", api.describe(), dimension.name)
                };
                report(checker, dimension.name_node.span, message, None);
            }
            if api.protocol == Protocol::Http
                && let Some(route) = metric.dimension("Route")
                && metric.dimension("Stage").is_none()
            {
                report(
                    checker,
                    route.name_node.span,
                    format!("`Route` without `Stage`: metrics of {} are published by {HTTP_PUBLISHED}", api.describe()),
                    None,
                );
            }
        }
    }
}
