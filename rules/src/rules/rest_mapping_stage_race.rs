use apigw_model::Model;
use apigw_model::api::Dialect;

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A mapping of a custom domain to a REST API of the template (an `AWS::ApiGatewayV2::ApiMapping`
    /// whose `ApiId`, or an `AWS::ApiGateway::BasePathMapping` or `BasePathMappingV2` whose
    /// `RestApiId`, names it) that
    /// names the stage by a literal string, without a `DependsOn` on the resource that creates
    /// that stage: an `AWS::ApiGateway::Stage`, an `AWS::ApiGateway::Deployment` with that
    /// `StageName`, or the stage SAM generates for an `AWS::Serverless::Api`
    /// (`<Api><StageName>Stage`).
    ///
    /// ## Why
    /// The `Ref` of the REST API orders the mapping after the API, not after its stage, which SAM
    /// creates only after a deployment. CloudFormation may create the mapping first and fail
    /// with "Invalid stage identifier specified" (aws/serverless-application-model#192). Like
    /// AGW107 it fails only when the mapping happens to come first, so it is a warning; AGW105 is
    /// the same check for HTTP and WebSocket APIs.
    ///
    /// ## Example
    /// ```yaml
    /// Mapping:
    ///   Type: AWS::ApiGatewayV2::ApiMapping
    ///   Properties: {DomainName: !Ref Domain, ApiId: !Ref RestApi, Stage: Prod}
    /// RestApi:
    ///   Type: AWS::Serverless::Api
    ///   Properties: {StageName: Prod}
    /// ```
    ///
    /// ## Fix
    /// Add `DependsOn: RestApiProdStage` (the safe fix), or for a SAM Api write
    /// `Stage: !Ref RestApi.Stage`.
    pub struct RestMappingStageRace {
        code: "AGW108",
        name: "rest-mapping-stage-race",
        severity: Warning,
        fix: Safe,
    }
}

impl Rule for RestMappingStageRace {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for mapping in &model.rest_mappings {
            let (Some(stage_entry), Some(mapping_resource)) = (mapping.stage, mapping.origin.resource) else { continue };
            // Only a literal name races; a `Ref` to the stage is a dependency already.
            let Some(name) = stage_entry.value.as_str() else { continue };
            let Some(stage) = model
                .rest_stages
                .iter()
                .find(|stage| stage.rest_api == mapping.rest_api && stage.stage_name.value.as_str() == Some(name))
            else {
                continue;
            };
            let resource = &model.template.resources[mapping_resource];
            let api_id = model.template.resources[stage.rest_api].id;
            if stage.created_by.as_deref().is_some_and(|id| resource.depends_on(id)) || !model.coexist(mapping.origin, stage.origin) {
                continue;
            }
            let (message, related) = if stage.origin.dialect == Dialect::Sam {
                (
                    format!(
                        "stage `{name}` is named by a literal, with no dependency on the stage SAM creates for `{api_id}`: the mapping may be created before the stage (\"Invalid stage identifier specified\"); write `Stage: !Ref {api_id}.Stage`{}",
                        stage.created_by.as_ref().map_or(String::new(), |id| format!(" or add `DependsOn: {id}`"))
                    ),
                    format!("SAM creates stage `{name}` of `{api_id}`"),
                )
            } else {
                let creator = stage.created_by.as_deref().unwrap_or(api_id);
                (
                    format!(
                        "stage `{name}` is named by a literal without `DependsOn: {creator}`: the mapping may be created before the stage (\"Invalid stage identifier specified\")"
                    ),
                    format!("`{creator}` creates stage `{name}` of `{api_id}`"),
                )
            };
            let fix = stage
                .created_by
                .as_deref()
                .and_then(|id| checker.fix(format!("Add `DependsOn: {id}`"), [checker.editor.add_depends_on(resource, id)]));
            let diagnostic = checker
                .at(model, mapping.origin, stage_entry.value.span, message)
                .with_related(stage.stage_name.value.span, related)
                .with_fix(fix);
            checker.push(diagnostic);
        }
    }
}
