use apigw_model::Model;

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// An `AWS::ApiGatewayV2::ApiMapping` that names its stage by a literal string (as the CDK
    /// does) while the template defines that stage, without a `DependsOn` on the Stage resource.
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
    /// Add `DependsOn: ProdStage` to the mapping (the safe fix), or write `Stage: !Ref ProdStage`.
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
            let Some(stage) = model.stages_of(api).find(|stage| model.known(stage.stage_name).as_deref() == Some(name))
            else {
                continue;
            };
            let Some(stage_resource) = stage.origin.resource else { continue };
            let resource = &model.template.resources[mapping_resource];
            let stage_id = model.template.resources[stage_resource].id;
            if resource.depends_on(stage_id) {
                continue;
            }
            let fix = checker.fix(format!("Add `DependsOn: {stage_id}`"), [checker.editor.add_depends_on(resource, stage_id)]);
            let diagnostic = checker
                .at(
                    model,
                    mapping.origin,
                    stage_entry.value.span,
                    format!("stage `{name}` is named by a literal without `DependsOn: {stage_id}`: the mapping may be created before the stage"),
                )
                .with_related(stage.origin.span, format!("stage `{name}` is defined by `{stage_id}`"))
                .with_fix(fix);
            checker.push(diagnostic);
        }
    }
}
