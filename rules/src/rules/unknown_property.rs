use apigw_model::Model;
use apigw_model::schema::ViolationKind;

use crate::{Checker, Rule, declare_rule, schema_violations};

declare_rule! {
    /// ## What it checks
    /// A property that the resource type's CloudFormation schema does not have, at any depth
    /// (`CorsConfiguration.AllowOrigin` as well as a top-level `Nmae`). SAM resources are
    /// checked against SAM's schema (`Domain.Basepath`, an `HttpApi` event's `Methd`), and so are
    /// the sections of SAM's `Globals` (`Globals.HttpApi.AccesLogSettings`).
    ///
    /// ## Why
    /// CloudFormation rejects the resource ("extraneous key … is not permitted") when the stack
    /// is created or updated, minutes after the deploy started. Types outside the vendored schemas
    /// (`Custom::*`, other services) are not checked.
    ///
    /// ## Example
    /// ```yaml
    /// Api:
    ///   Type: AWS::ApiGatewayV2::Api
    ///   Properties:
    ///     Name: orders
    ///     ProtocolType: HTTP
    ///     CorsConfiguration:
    ///       AllowOrigin: ["https://example.com"]
    /// ```
    ///
    /// ## Fix
    /// Rename the key to the property meant (`AllowOrigins`). The suggested fix renames it to the
    /// closest property name; it is unsafe because the closest name may not be the one meant.
    pub struct UnknownProperty {
        code: "AGW005",
        name: "unknown-property",
        severity: Error,
        fix: Unsafe,
    }
}

impl Rule for UnknownProperty {
    fn check(&self, model: &Model, checker: &mut Checker) {
        schema_violations::report(model, checker, ViolationKind::UnknownProperty, &|checker, violation| {
            let name = violation.suggestion.as_deref()?;
            checker.fix(format!("Rename to `{name}`"), [Some(checker.editor.rename_key(violation.span, name))])
        });
    }
}
