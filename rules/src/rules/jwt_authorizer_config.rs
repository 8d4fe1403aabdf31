use apigw_model::Model;
use apigw_model::api::Dialect;
use apigw_syntax::{Entry, Node};
use apigw_model::intrinsic::is_call;

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// An `AuthorizerType: JWT` authorizer without `JwtConfiguration`, without its `Issuer` (an
    /// `https://` URL) or `Audience`, or whose `IdentitySource` is not exactly one entry.
    ///
    /// The same for SAM's JWT authorizers (`Auth.Authorizers` with `JwtConfiguration`, whose keys
    /// SAM lowercases: `issuer`, `audience`) and OpenAPI's `x-amazon-apigateway-authorizer` of
    /// `type: jwt` (`jwtConfiguration.issuer`, `audience`); messages name the keys as written.
    ///
    /// ## Why
    /// A JWT authorizer validates the token's `iss` claim against `Issuer`, fetches the signing
    /// keys from the issuer's OpenID Connect discovery document over https, and checks `aud`
    /// against `Audience`; CloudFormation documents both as required for JWT authorizers. The
    /// identity source is "a single entry that specifies where to extract the JSON Web Token".
    /// Without them the authorizer is not created, or it rejects every token.
    ///
    /// ## Example
    /// ```yaml
    /// JwtAuthorizer:
    ///   Type: AWS::ApiGatewayV2::Authorizer
    ///   Properties:
    ///     ApiId: !Ref Api
    ///     Name: cognito
    ///     AuthorizerType: JWT
    ///     IdentitySource: [$request.header.Authorization]
    ///     JwtConfiguration:
    ///       Issuer: cognito-idp.us-east-1.amazonaws.com/us-east-1_Example
    /// ```
    ///
    /// ## Fix
    /// Set `Issuer` to the issuer URL (`https://cognito-idp.{region}.amazonaws.com/{userPoolId}`),
    /// `Audience` to the accepted client ids, and one identity source such as
    /// `$request.header.Authorization`.
    pub struct JwtAuthorizerConfig {
        code: "AGW603",
        name: "jwt-authorizer-config",
        severity: Error,
        fix: None,
    }
}

impl Rule for JwtAuthorizerConfig {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for authorizer in &model.authorizers {
            if model.authorizer_type(authorizer).as_deref() != Some("JWT") {
                continue;
            }
            let at = |span, message: &str| checker.at(model, authorizer.origin, span, message);
            let spell = |property| authorizer.origin.dialect.spelling(property);
            let (configuration_key, issuer_key, audience_key) = (spell("JwtConfiguration"), spell("Issuer"), spell("Audience"));
            let mut found = Vec::new();
            match authorizer.jwt_configuration {
                None => found.push(at(
                    authorizer.origin.span,
                    &format!("a JWT authorizer needs `{configuration_key}` with `{issuer_key}` and `{audience_key}`"),
                )),
                Some(configuration) if configuration.value.entries().is_some() && !is_call(&configuration.value) => {
                    match entry_in(&configuration.value, "Issuer") {
                        // An OpenAPI `openIdConnect` scheme finds its issuer through `openIdConnectUrl`.
                        None if authorizer.origin.dialect == Dialect::OpenApi => {}
                        None => found.push(at(configuration.key.span, &format!("`{configuration_key}` has no `{issuer_key}`"))),
                        Some(issuer) => {
                            if let Some(text) = model.known(Some(issuer)).filter(|text| !is_https_url(text)) {
                                let key = &issuer.key.text;
                                let message = format!("`{key}` `{text}` is not an `https://` URL: the issuer of a JWT authorizer is an https URL such as `https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example`");
                                found.push(at(issuer.value.span, &message));
                            }
                        }
                    }
                    match entry_in(&configuration.value, "Audience") {
                        None => found.push(at(configuration.key.span, &format!("`{configuration_key}` has no `{audience_key}`"))),
                        Some(audience) if audience.value.items().is_some_and(<[_]>::is_empty) => {
                            found.push(at(audience.value.span, &format!("`{}` is empty: no token would be accepted", audience.key.text)));
                        }
                        Some(_) => {}
                    }
                }
                Some(_) => {}
            }
            let source_key = spell("IdentitySource");
            match authorizer.identity_source {
                None => found.push(at(
                    authorizer.origin.span,
                    &format!("a JWT authorizer needs one `{source_key}`, such as `$request.header.Authorization`"),
                )),
                Some(source) => {
                    if let Some(items) = source.value.items().filter(|items| items.len() != 1) {
                        let message = format!(
                            "a JWT authorizer reads its token from exactly one identity source, not {}",
                            items.len()
                        );
                        found.push(at(source.value.span, &message));
                    }
                }
            }
            for diagnostic in found {
                checker.push(diagnostic);
            }
        }
    }
}

fn is_https_url(text: &str) -> bool {
    text.strip_prefix("https://").is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
}

/// A `JwtConfiguration` key in any case: OpenAPI writes `issuer`, and SAM lowercases the keys.
fn entry_in<'a>(configuration: &'a Node, name: &str) -> Option<&'a Entry> {
    configuration.entries()?.iter().find(|entry| entry.key.text.eq_ignore_ascii_case(name))
}
