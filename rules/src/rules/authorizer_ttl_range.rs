use apigw_model::Model;
use apigw_model::api::{Dialect, Protocol};
use apigw_model::intrinsic::is_call;

use crate::{Checker, Rule, declare_rule};

const MAX_TTL: i64 = 3600;

declare_rule! {
    /// ## What it checks
    /// An authorizer's `AuthorizerResultTtlInSeconds` outside 0–3600, or a Lambda authorizer of
    /// an HTTP Api that caches results (a TTL above 0) without any `IdentitySource`.
    ///
    /// SAM writes the TTL as `Identity.ReauthorizeEvery` and the sources as `Identity`'s
    /// `Headers`, `QueryStrings`, `StageVariables` and `Context`; OpenAPI as
    /// `authorizerResultTtlInSeconds` and `identitySource`.
    ///
    /// ## Why
    /// "The maximum value is 3600, or 1 hour" (AWS::ApiGatewayV2::Authorizer), and 0 turns
    /// caching off. The identity sources are the cache key: "To enable caching, your authorizer
    /// must have at least one identity source" (Working with AWS Lambda authorizers for HTTP APIs).
    ///
    /// ## Example
    /// ```yaml
    /// LambdaAuthorizer:
    ///   Type: AWS::ApiGatewayV2::Authorizer
    ///   Properties:
    ///     ApiId: !Ref Api
    ///     Name: lambda
    ///     AuthorizerType: REQUEST
    ///     AuthorizerUri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${AuthFunction.Arn}/invocations
    ///     AuthorizerPayloadFormatVersion: "2.0"
    ///     AuthorizerResultTtlInSeconds: 300
    /// ```
    ///
    /// ## Fix
    /// Use a TTL from 0 to 3600, and give a caching authorizer identity sources such as
    /// `$request.header.Authorization` (add `$context.routeKey` to cache per route).
    pub struct AuthorizerTtlRange {
        code: "AGW606",
        name: "authorizer-ttl-range",
        severity: Error,
        fix: None,
    }
}

impl Rule for AuthorizerTtlRange {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for authorizer in &model.authorizers {
            let Some(ttl) = authorizer.result_ttl_in_seconds else { continue };
            // No identity source in any case: not set, or a literal empty list.
            let no_identity_source = authorizer
                .identity_source
                .is_none_or(|entry| !is_call(&entry.value) && entry.value.items().is_some_and(<[_]>::is_empty));
            let caching_checked = no_identity_source
                && model.authorizer_type(authorizer).as_deref() == Some("REQUEST")
                && model.api_of(authorizer.api).is_some_and(|api| api.protocol == Protocol::Http);
            let dialect = authorizer.origin.dialect;
            // SAM's Lambda authorizers list their sources by kind under `Identity`.
            let sources = match dialect {
                Dialect::Sam => "identity source in `Identity` (`Headers`, `QueryStrings`, `StageVariables` or `Context`)".to_string(),
                _ => format!("`{}`", dialect.spelling("IdentitySource")),
            };
            let mut found = Vec::new();
            model.template.each_known(&ttl.value, &mut |text, node| {
                let Ok(seconds) = text.trim().parse::<i64>() else { return };
                let message = if !(0..=MAX_TTL).contains(&seconds) {
                    format!("`{}` {seconds} is outside 0–3600 seconds", dialect.spelling("AuthorizerResultTtlInSeconds"))
                } else if seconds > 0 && caching_checked {
                    format!("caching authorizer results for {seconds} seconds needs at least one {sources}: the identity sources are the cache key")
                } else {
                    return;
                };
                found.push((message, node.span));
            });
            for (message, span) in found {
                checker.push(checker.at(model, authorizer.origin, span, message));
            }
        }
    }
}
