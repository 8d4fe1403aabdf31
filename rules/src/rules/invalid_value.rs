use apigw_model::Model;
use apigw_model::schema::ViolationKind;

use crate::{Checker, Rule, declare_rule, schema_violations};

declare_rule! {
    /// ## What it checks
    /// A property value that its CloudFormation schema does not allow: the wrong type (a list
    /// where a string goes), a value outside the allowed values (`ProtocolType: REST`), a pattern,
    /// length or numeric range not met. The allowed values of API Gateway v2 properties that the
    /// schemas type as plain strings (`ProtocolType`, `IntegrationType`, `AuthorizationType`,
    /// `AuthorizerType`, `ConnectionType`, `PassthroughBehavior`, `ContentHandlingStrategy`,
    /// `PayloadFormatVersion`) come from the API Gateway v2 API reference. SAM resources, and the
    /// sections of SAM's `Globals`, are checked against SAM's schema.
    ///
    /// ## Why
    /// CloudFormation or the service rejects the value at deploy time. CloudFormation's own
    /// conversions are accepted (`"true"` for a boolean, `"30"` for a number), and a value that an
    /// intrinsic function computes is never judged.
    ///
    /// ## Example
    /// ```yaml
    /// Integration:
    ///   Type: AWS::ApiGatewayV2::Integration
    ///   Properties:
    ///     ApiId: !Ref Api
    ///     IntegrationType: LAMBDA
    /// ```
    ///
    /// ## Fix
    /// Use one of the allowed values (`AWS_PROXY` for a Lambda function).
    pub struct InvalidValue {
        code: "AGW007",
        name: "invalid-value",
        severity: Error,
        fix: None,
    }
}

impl Rule for InvalidValue {
    fn check(&self, model: &Model, checker: &mut Checker) {
        schema_violations::report(model, checker, ViolationKind::InvalidValue, &|_, _| None);
    }
}
