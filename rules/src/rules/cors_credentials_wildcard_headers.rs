use apigw_model::Model;

use crate::values::{item_presence, true_presence};
use crate::{Checker, Rule, cors, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A `CorsConfiguration` with `AllowCredentials: true` and `*` in `AllowHeaders`,
    /// `ExposeHeaders` or `AllowMethods`.
    ///
    /// SAM's `CorsConfiguration` and OpenAPI's `x-amazon-apigateway-cors` are checked alike.
    ///
    /// ## Why
    /// For requests with credentials (cookies, `Authorization`), the Fetch standard reads `*` in
    /// `Access-Control-Allow-Headers`, `Access-Control-Expose-Headers` and
    /// `Access-Control-Allow-Methods` as a header or method literally named `*`, not as a
    /// wildcard. The configuration deploys, and the browser then blocks credentialed requests that
    /// send a custom header or use a method such as `PUT`, and hides response headers from
    /// scripts.
    ///
    /// When either setting depends on a condition, the rule reports only if the other holds in
    /// every case.
    ///
    /// ## Example
    /// ```yaml
    /// CorsConfiguration:
    ///   AllowCredentials: true
    ///   AllowOrigins: [https://app.example.com]
    ///   AllowHeaders: ["*"]
    /// ```
    ///
    /// ## Fix
    /// List the headers and methods by name (`[authorization, content-type]`, `[GET, PUT]`).
    pub struct CorsCredentialsWildcardHeaders {
        code: "AGW507",
        name: "cors-credentials-wildcard-headers",
        severity: Warning,
        fix: None,
    }
}

impl Rule for CorsCredentialsWildcardHeaders {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for api in &model.apis {
            let Some(cors) = cors::checked(api) else { continue };
            let Some(credentials) = cors.allow_credentials.map(|entry| true_presence(model, &entry.value)) else { continue };
            let Some(true_at) = credentials.at else { continue };
            let lists = [
                (cors.allow_headers, "AllowHeaders", "a header"),
                (cors.expose_headers, "ExposeHeaders", "a header"),
                (cors.allow_methods, "AllowMethods", "a method"),
            ];
            for (field, name, what) in lists {
                let Some(list) = field else { continue };
                let wildcard = item_presence(model, &list.value, "*");
                let Some(wildcard_at) = wildcard.at else { continue };
                if !credentials.always && !wildcard.always {
                    continue;
                }
                let message = format!(
                    "with `{}: true`, browsers read `*` in `{}` as {what} named `*`, not as a wildcard: list them by name",
                    cors.dialect.spelling("AllowCredentials"),
                    cors.dialect.spelling(name)
                );
                let diagnostic = checker
                    .at(model, api.origin, wildcard_at.span, message)
                    .with_related(true_at.span, "credentials are allowed here");
                checker.push(diagnostic);
            }
        }
    }
}
