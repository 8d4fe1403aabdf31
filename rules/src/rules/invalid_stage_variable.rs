use apigw_model::Model;
use apigw_model::intrinsic;

use crate::characters::first_invalid;
use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// `StageVariables` of an `AWS::ApiGatewayV2::Stage` (or of an `AWS::Serverless::HttpApi` or
    /// `WebSocketApi`, or SAM's `Globals`) whose names are not letters, digits and `_`, or whose
    /// values are empty or hold characters other than letters, digits and `-._~:/?#&=,`.
    ///
    /// Values behind `Fn::If` are checked branch by branch; values from parameters are not.
    ///
    /// ## Why
    /// API Gateway documents the stage variable map as: "Variable names can have alphanumeric
    /// and underscore characters, and the values must match `[A-Za-z0-9-._~:/?#&=,]+`". Anything
    /// else fails the stage at deploy time. A space, `@` or `%` in a value (a display name, an
    /// e-mail address, an encoded URL) is the usual cause.
    ///
    /// ## Example
    /// ```yaml
    /// ProdStage:
    ///   Type: AWS::ApiGatewayV2::Stage
    ///   Properties:
    ///     ApiId: !Ref Api
    ///     StageName: prod
    ///     StageVariables:
    ///       backend-url: https://backend.example.com
    ///       owner: Orders Team
    /// ```
    ///
    /// ## Fix
    /// Rename the variable (`backend_url`) and keep values to the allowed characters, for
    /// example `orders-team`.
    pub struct InvalidStageVariable {
        code: "AGW305",
        name: "invalid-stage-variable",
        severity: Error,
        fix: None,
    }
}

fn is_name_char(ch: char) -> bool {
    ch.is_ascii_alphanumeric() || ch == '_'
}

fn is_value_char(ch: char) -> bool {
    ch.is_ascii_alphanumeric() || "-._~:/?#&=,".contains(ch)
}

impl Rule for InvalidStageVariable {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for stage in &model.stages {
            let Some(variables) = stage.stage_variables else { continue };
            // The map may also be a JSON string (not read here), chosen by `Fn::If` or built by
            // another function (not read either).
            for map in model.template.branches(&variables.value).into_iter().filter(|map| !intrinsic::is_call(map)) {
                for entry in map.entries().unwrap_or_default() {
                    let name = entry.key.text.as_str();
                    let name_problem =
                        if name.is_empty() { Some("is empty".to_string()) } else { first_invalid(name, is_name_char) };
                    if let Some(problem) = name_problem {
                        let message = format!(
                            "stage variable name `{name}` {problem}: names may hold only letters, digits and `_`"
                        );
                        checker.push(checker.at(model, stage.origin, entry.key.span, message));
                    }
                    model.template.each_known(&entry.value, &mut |value, node| {
                        let problem = if value.is_empty() { Some("is empty".to_string()) } else { first_invalid(&value, is_value_char) };
                        let Some(problem) = problem else { return };
                        let message = format!(
                            "the value of stage variable `{name}` {problem}: values are one or more letters, digits and `-._~:/?#&=,`"
                        );
                        checker.push(checker.at(model, stage.origin, node.span, message));
                    });
                }
            }
        }
    }
}
