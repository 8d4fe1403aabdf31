use apigw_model::Model;
use apigw_model::api::{Definition, DefinitionState};

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A local OpenAPI definition file that does not exist: a SAM `DefinitionUri`, an
    /// `AWS::ApiGatewayV2::Api` `BodyS3Location` written as a path, or the `Location` of an
    /// `Fn::Transform` of `AWS::Include`. Paths are relative to the template's folder.
    ///
    /// ## Why
    /// `sam package`, `sam deploy` and `aws cloudformation package` upload these files and fail
    /// when one is missing; a renamed or moved definition breaks the deploy.
    ///
    /// ## Example
    /// ```yaml
    /// OrdersApi:
    ///   Type: AWS::Serverless::HttpApi
    ///   Properties:
    ///     DefinitionUri: ./api/oepnapi.yaml
    /// ```
    ///
    /// ## Fix
    /// Correct the path, or add the file.
    pub struct DefinitionFileMissing {
        code: "AGW805",
        name: "definition-file-missing",
        severity: Error,
        fix: None,
    }
}

impl Rule for DefinitionFileMissing {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for api in &model.apis {
            let Some(Definition { file: Some(file), state: DefinitionState::Missing, entry }) = api.definition else { continue };
            let path = file.as_str().unwrap_or_default();
            let message = format!("the definition file `{path}` that `{}` names does not exist next to the template", entry.key.text);
            checker.push(checker.at(model, api.origin, file.span, message));
        }
    }
}
