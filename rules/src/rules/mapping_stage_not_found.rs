use apigw_model::Model;
use apigw_model::api::{Dialect, Stage};

use crate::suggest::closest;
use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// An `AWS::ApiGatewayV2::ApiMapping` whose `Stage` names no stage of its Api, when the Api is
    /// defined in the template: a literal name matches no `StageName` of the Api's stages, or a
    /// `Ref` names a Stage of another Api. `$default` counts when the Api has a `$default` stage or
    /// is a quick-create Api (with `Target`), which makes one. The Api may be a SAM
    /// `AWS::Serverless::HttpApi` or `WebSocketApi`: its stage is the one SAM creates, named by
    /// `StageName` (`$default` for an HTTP Api without one, `default` for a WebSocket Api).
    ///
    /// Nothing is reported when the Api is not in the template, or when the mapping's stage or
    /// one of the Api's stage names comes from a parameter.
    ///
    /// ## Why
    /// CloudFormation fails to create the mapping with "Invalid stage identifier specified" and
    /// rolls the stack back.
    ///
    /// ## Example
    /// ```yaml
    /// ProdStage:
    ///   Type: AWS::ApiGatewayV2::Stage
    ///   Properties: {ApiId: !Ref HttpApi, StageName: prod, AutoDeploy: true}
    /// Mapping:
    ///   Type: AWS::ApiGatewayV2::ApiMapping
    ///   Properties: {DomainName: !Ref Domain, ApiId: !Ref HttpApi, Stage: production}
    /// ```
    ///
    /// ## Fix
    /// Name one of the Api's stages, preferably with `!Ref ProdStage`, which also makes the
    /// mapping wait for the stage.
    pub struct MappingStageNotFound {
        code: "AGW104",
        name: "mapping-stage-not-found",
        severity: Error,
        fix: None,
    }
}

impl Rule for MappingStageNotFound {
    fn check(&self, model: &Model, checker: &mut Checker) {
        let template = &model.template;
        for mapping in &model.api_mappings {
            let (Some(stage_entry), Some(api)) = (mapping.stage, mapping.api.and_then(|link| link.target)) else { continue };
            let api_id = model.resource_id(model.apis[api].origin).unwrap_or("the Api");
            let stages: Vec<&Stage> = model.stages.iter().filter(|stage| may_belong(model, stage, api)).collect();
            // Every name each of the Api's stages may have; `None` when one is not known.
            let names: Option<Vec<(String, &Stage)>> = stages
                .iter()
                .flat_map(|stage| -> Vec<Option<(String, &Stage)>> {
                    match stage.stage_name {
                        Some(entry) => template
                            .branches(&entry.value)
                            .into_iter()
                            .map(|node| template.text(node).known().map(|name| (name.to_string(), *stage)))
                            .collect(),
                        None => stage.implied_name.map(|name| Some((name.to_string(), *stage))).into_iter().collect(),
                    }
                })
                .collect();
            let Some(names) = names else { continue };
            let quick_create = model.apis[api].target.is_some();
            for node in template.branches(&stage_entry.value) {
                if let Some((resource, _)) = template.referenced(node) {
                    // `Ref` of a Stage is its name: it must be a stage of this Api.
                    let Some(stage) = model.stages.iter().find(|stage| stage.origin.resource == Some(resource)) else { continue };
                    let Some(other) = stage.api.and_then(|link| link.target).filter(|&other| other != api) else { continue };
                    let stage_id = template.resources[resource].id;
                    let other_id = model.resource_id(model.apis[other].origin).unwrap_or("another Api");
                    let message = format!("`{stage_id}` is a stage of `{other_id}`, but this mapping maps `{api_id}`");
                    let mut diagnostic = checker.at(model, mapping.origin, node.span, message);
                    if let Some(link) = stage.api {
                        diagnostic = diagnostic.with_related(link.entry.value.span, format!("`{stage_id}` belongs to `{other_id}`"));
                    }
                    checker.push(diagnostic);
                    continue;
                }
                let Some(name) = template.text(node).known().map(str::to_string) else { continue };
                if names.iter().any(|(known, _)| *known == name) || (name == "$default" && quick_create) {
                    continue;
                }
                let mut message = format!("`{name}` is not a stage of `{api_id}`");
                if let Some(suggestion) = closest(&name, names.iter().map(|(known, _)| known.as_str())) {
                    message.push_str(&format!("; did you mean `{suggestion}`?"));
                }
                let mut diagnostic = checker.at(model, mapping.origin, node.span, message);
                for (known, stage) in &names {
                    let stage_id = model.resource_id(stage.origin).unwrap_or("a stage");
                    let span = stage.stage_name.map_or(stage.origin.span, |entry| entry.value.span);
                    let message = match stage.origin.dialect {
                        Dialect::Sam => format!("SAM creates stage `{known}` for `{api_id}`"),
                        _ => format!("`{stage_id}` is stage `{known}` of `{api_id}`"),
                    };
                    diagnostic = diagnostic.with_related(span, message);
                }
                if names.is_empty() {
                    diagnostic = diagnostic.with_related(model.apis[api].origin.span, format!("`{api_id}` has no stage in this template"));
                }
                checker.push(diagnostic);
            }
        }
    }
}

/// Whether a stage is, or may be, a stage of the Api: its `ApiId` names it, or one branch of an
/// `Fn::If` does. (A parameter or an import cannot hold the id of an Api the stack creates.)
fn may_belong(model: &Model, stage: &Stage, api: usize) -> bool {
    let Some(link) = stage.api else { return false };
    if link.target.is_some() {
        return link.target == Some(api);
    }
    let Some(api_resource) = model.apis[api].origin.resource else { return false };
    let template = &model.template;
    template.branches(&link.entry.value).into_iter().any(|node| template.referenced(node).is_some_and(|(id, _)| id == api_resource))
}
