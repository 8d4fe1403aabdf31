use apigw_model::api::Dialect;
use apigw_model::Model;
use apigw_model::schema::ViolationKind;

use crate::{Checker, Rule, declare_rule, schema_violations};

declare_rule! {
    /// ## What it checks
    /// A property that the resource type requires is missing: those the CloudFormation schema
    /// requires (`ApiId` and `RouteKey` on a Route), and `Name` and `ProtocolType` on an
    /// `AWS::ApiGatewayV2::Api` that has no OpenAPI definition (`Body` or `BodyS3Location`), which
    /// the schema cannot express.
    ///
    /// SAM resources are checked against SAM's schema (a `Domain` needs `DomainName` and
    /// `CertificateArn`; a `WebSocketApi` needs `Routes` and `RouteSelectionExpression`), except
    /// where `Globals` may supply the property: SAM merges a `Globals` section into each resource
    /// of its type, mapping into mapping.
    ///
    /// ## Why
    /// CloudFormation fails the resource at deploy time ("Required property … missing").
    ///
    /// ## Example
    /// ```yaml
    /// Api:
    ///   Type: AWS::ApiGatewayV2::Api
    ///   Properties:
    ///     ProtocolType: HTTP
    /// ```
    ///
    /// ## Fix
    /// Add the property (`Name: orders`), or an OpenAPI `Body` that defines the API.
    pub struct MissingRequiredProperty {
        code: "AGW006",
        name: "missing-required-property",
        severity: Error,
        fix: None,
    }
}

impl Rule for MissingRequiredProperty {
    fn check(&self, model: &Model, checker: &mut Checker) {
        schema_violations::report(model, checker, ViolationKind::MissingRequired, &|_, _| None);
        let resources = model.apis.iter().filter(|api| api.origin.dialect == Dialect::CloudFormation);
        for api in resources.filter(|api| api.body.is_none() && api.body_s3_location.is_none()) {
            for (name, field) in [("Name", api.name), ("ProtocolType", api.protocol_type)] {
                if field.is_none() && !properties_are_computed(api.origin.fields) {
                    let message = format!("missing property `{name}`: an Api without an OpenAPI `Body` or `BodyS3Location` requires it");
                    let diagnostic = checker.at(model, api.origin, api.origin.span, message);
                    checker.push(diagnostic);
                }
            }
        }
    }
}

/// `Properties: !If [...]` and the like: which properties exist is not known.
fn properties_are_computed(fields: Option<&apigw_syntax::Node>) -> bool {
    fields.is_some_and(apigw_model::intrinsic::is_call)
}
