use apigw_model::Model;
use apigw_model::api::Dialect;
use indexmap::IndexMap;

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Two `AWS::ApiGatewayV2::Stage` resources with the same `StageName` on one Api, or one
    /// with the name of the stage SAM creates for an `AWS::Serverless::HttpApi` or `WebSocketApi`
    /// (its `StageName`, or `$default` for an HTTP Api without one: SAM always creates a stage).
    ///
    /// ## Why
    /// A stage name is unique within an Api: CloudFormation creates the first stage and fails on
    /// the second, then rolls the stack back.
    ///
    /// Stages under different conditions are not compared: they may never exist together.
    ///
    /// ## Example
    /// ```yaml
    /// ProdStage:
    ///   Type: AWS::ApiGatewayV2::Stage
    ///   Properties: {ApiId: !Ref Api, StageName: prod, AutoDeploy: true}
    /// LiveStage:
    ///   Type: AWS::ApiGatewayV2::Stage
    ///   Properties: {ApiId: !Ref Api, StageName: prod}
    /// ```
    ///
    /// ## Fix
    /// Rename one of the stages, or remove the one you do not need.
    pub struct DuplicateStage {
        code: "AGW302",
        name: "duplicate-stage",
        severity: Error,
        fix: None,
    }
}

impl Rule for DuplicateStage {
    fn check(&self, model: &Model, checker: &mut Checker) {
        let mut groups: IndexMap<(usize, Option<&str>, String), Vec<usize>> = IndexMap::new();
        for (index, stage) in model.stages.iter().enumerate() {
            let (Some(api), Some(name)) = (stage.api.and_then(|link| link.target), model.stage_name(stage)) else {
                continue;
            };
            groups.entry((api, model.condition(stage.origin), name)).or_default().push(index);
        }
        for ((_, _, name), stages) in groups.iter_mut().filter(|(_, stages)| stages.len() > 1) {
            // The stage SAM creates for its Api comes first: the resource written next to it is
            // the one to rename or remove.
            stages.sort_by_key(|&index| model.stages[index].origin.dialect != Dialect::Sam);
            let first = &model.stages[stages[0]];
            let first_id = model.resource_id(first.origin).unwrap_or("another stage");
            let first_defines = match first.origin.dialect {
                Dialect::Sam => format!("SAM creates stage `{name}` for `{first_id}`"),
                _ => format!("`{first_id}` defines stage `{name}` first"),
            };
            for &index in &stages[1..] {
                let stage = &model.stages[index];
                let Some(entry) = stage.stage_name else { continue };
                let diagnostic = checker
                    .at(
                        model,
                        stage.origin,
                        entry.value.span,
                        format!("this Api already has a stage named `{name}`: stage names are unique per Api"),
                    )
                    .with_related(first.origin.span, first_defines.clone());
                checker.push(diagnostic);
            }
        }
    }
}
