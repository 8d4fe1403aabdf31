use apigw_model::Model;
use apigw_model::api::Dialect;
use apigw_model::sam;

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// An `AWS::ApiGatewayV2::ApiMapping` that names its stage by a literal string (as the CDK
    /// does) while the template defines that stage, without a `DependsOn` on the Stage resource.
    /// The stage may be the one SAM creates for an `AWS::Serverless::HttpApi` or `WebSocketApi`
    /// (`<Api><StageName>Stage`, `<Api>ApiGatewayDefaultStage` for `$default`).
    ///
    /// ## Why
    /// A literal name creates no dependency: CloudFormation may create the mapping before the
    /// stage exists and fail with "Invalid stage identifier specified". `!Ref Stage` or
    /// `DependsOn` orders them.
    ///
    /// ## Example
    /// ```yaml
    /// Mapping:
    ///   Type: AWS::ApiGatewayV2::ApiMapping
    ///   Properties: {DomainName: !Ref Domain, ApiId: !Ref Api, Stage: prod}
    /// ProdStage:
    ///   Type: AWS::ApiGatewayV2::Stage
    ///   Properties: {ApiId: !Ref Api, StageName: prod}
    /// ```
    ///
    /// ## Fix
    /// Add `DependsOn: ProdStage` to the mapping (the safe fix), or write `Stage: !Ref ProdStage`
    /// (for a SAM Api, `Stage: !Ref MyApi.Stage`).
    pub struct MappingStageRace {
        code: "AGW105",
        name: "mapping-stage-race",
        severity: Error,
        fix: Safe,
    }
}

impl Rule for MappingStageRace {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for mapping in &model.api_mappings {
            let (Some(stage_entry), Some(api), Some(mapping_resource)) =
                (mapping.stage, mapping.api.and_then(|link| link.target), mapping.origin.resource)
            else {
                continue;
            };
            // Only a literal name races; a `Ref` to the stage is a dependency already.
            let Some(name) = stage_entry.value.as_str() else { continue };
            let Some(stage) = model.stages_of(api).find(|stage| model.stage_name(stage).as_deref() == Some(name)) else {
                continue;
            };
            let Some(stage_resource) = stage.origin.resource else { continue };
            let resource = &model.template.resources[mapping_resource];
            let defined_by = model.template.resources[stage_resource].id;
            // SAM generates the stage resource; its logical id is known for most names.
            let (stage_id, message, related) = if stage.origin.dialect == Dialect::Sam {
                let stage_id = sam::stage_logical_id(defined_by, model.apis[api].protocol, name);
                let message = format!(
                    "stage `{name}` is named by a literal, with no dependency on the stage SAM creates for `{defined_by}`: the mapping may be created before the stage; name it by `Ref` of `{defined_by}.Stage`{}",
                    stage_id.as_ref().map_or(String::new(), |id| format!(" or add `DependsOn: {id}`"))
                );
                (stage_id, message, format!("SAM creates stage `{name}` for `{defined_by}`"))
            } else {
                let message = format!("stage `{name}` is named by a literal without `DependsOn: {defined_by}`: the mapping may be created before the stage");
                (Some(defined_by.to_string()), message, format!("stage `{name}` is defined by `{defined_by}`"))
            };
            if stage_id.as_deref().is_some_and(|id| resource.depends_on(id)) {
                continue;
            }
            let fix = stage_id
                .and_then(|id| checker.fix(format!("Add `DependsOn: {id}`"), [checker.editor.add_depends_on(resource, &id)]));
            let diagnostic = checker
                .at(model, mapping.origin, stage_entry.value.span, message)
                .with_related(stage.origin.span, related)
                .with_fix(fix);
            checker.push(diagnostic);
        }
    }
}
