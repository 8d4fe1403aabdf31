use apigw_model::Model;
use apigw_model::openapi::{AUTHORIZER, METHODS, NO_AUTHORIZATION_SCHEME};
use apigw_syntax::{Node, Span};

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// In an OpenAPI definition: a `security` requirement naming no entry of
    /// `components.securitySchemes`, an operation with more than one security requirement, and
    /// an `x-amazon-apigateway-authorizer` without a `type` of `jwt` or `request`, or a `request`
    /// (Lambda) authorizer without `authorizerUri` or `authorizerPayloadFormatVersion`. In a SAM
    /// HttpApi's `DefinitionBody`, the names of its `Auth.Authorizers` (and `AWS_IAM` with
    /// `EnableIamAuthorizer`) are schemes too: SAM adds them to the definition. `NONE` needs no
    /// scheme: SAM writes `security: [{NONE: []}]` for an event's `Auth: {Authorizer: NONE}`, and
    /// the import reads it as no authorization.
    ///
    /// ## Why
    /// The import rejects a definition whose routes name a scheme it does not define, or that
    /// models more than one of IAM, a Lambda authorizer and a JWT authorizer on one operation; an
    /// authorizer without its type, function or payload format cannot be created.
    ///
    /// ## Example
    /// ```yaml
    /// paths:
    ///   /orders:
    ///     get:
    ///       security:
    ///         - jwtAuth: []
    /// components:
    ///   securitySchemes:
    ///     jwt-auth:
    ///       type: oauth2
    ///       x-amazon-apigateway-authorizer: {type: jwt, identitySource: $request.header.Authorization, jwtConfiguration: {issuer: https://issuer.example.com, audience: [orders]}}
    /// ```
    ///
    /// ## Fix
    /// Name a scheme that exists, keep one requirement per operation, and complete the
    /// authorizer.
    pub struct OpenapiUnknownAuthorizer {
        code: "AGW803",
        name: "openapi-unknown-authorizer",
        severity: Error,
        fix: None,
    }
}

impl Rule for OpenapiUnknownAuthorizer {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for spec in &model.specs {
            let api = model.apis[spec.api].origin;
            let schemes = spec.root.get("components").and_then(|components| components.get("securitySchemes"));
            let mut found: Vec<(Span, String)> = Vec::new();
            let mut requirements = |security: &Node, operation: bool| {
                let items = security.items().unwrap_or_default();
                if operation && items.len() > 1 {
                    found.push((security.span, "an operation takes one security requirement: IAM, a Lambda authorizer or a JWT authorizer".into()));
                }
                for requirement in items {
                    for entry in requirement.entries().unwrap_or_default() {
                        let implicit = spec.sam_schemes.contains(&entry.key.text.as_str()) || entry.key.text == NO_AUTHORIZATION_SCHEME;
                        if schemes.and_then(|schemes| schemes.get(&entry.key.text)).is_none() && !implicit {
                            found.push((entry.key.span, format!("no security scheme is named `{}` in `components.securitySchemes`", entry.key.text)));
                        }
                    }
                }
            };
            if let Some(security) = spec.root.get("security") {
                requirements(security, false);
            }
            for path in spec.root.get("paths").and_then(Node::entries).unwrap_or_default() {
                for operation in path.value.entries().unwrap_or_default() {
                    if METHODS.iter().any(|(name, _)| *name == operation.key.text)
                        && let Some(security) = operation.value.get("security")
                    {
                        requirements(security, true);
                    }
                }
            }
            for scheme in schemes.and_then(Node::entries).unwrap_or_default() {
                let Some(authorizer) = scheme.value.entry(AUTHORIZER) else { continue };
                let field = |name| authorizer.value.get(name);
                match field("type").and_then(Node::as_str).map(str::to_ascii_lowercase).as_deref() {
                    None => found.push((authorizer.key.span, format!("`{AUTHORIZER}` has no `type`: `jwt` or `request`"))),
                    Some("jwt") => {}
                    Some("request") => {
                        for name in ["authorizerUri", "authorizerPayloadFormatVersion"] {
                            if field(name).is_none() {
                                found.push((authorizer.key.span, format!("a `request` (Lambda) authorizer needs `{name}`")));
                            }
                        }
                    }
                    Some(other) => found.push((
                        field("type").map_or(authorizer.key.span, |node| node.span),
                        format!("authorizer type `{other}` is not supported by HTTP APIs: use `jwt` or `request`"),
                    )),
                }
            }
            for (span, message) in found {
                checker.push(checker.at(model, api, span, message));
            }
        }
    }
}
