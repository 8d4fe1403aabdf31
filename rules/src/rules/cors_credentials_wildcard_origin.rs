use apigw_model::Model;
use serde_json::Value as Json;

use crate::values::{item_presence, true_presence};
use crate::{Checker, Rule, cors, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A `CorsConfiguration` with `AllowCredentials: true` and `*` among its `AllowOrigins`.
    ///
    /// SAM's `CorsConfiguration` and OpenAPI's `x-amazon-apigateway-cors` are checked alike.
    ///
    /// ## Why
    /// API Gateway rejects the combination when it creates or updates the API ("allow-credentials
    /// is not supported if 'allow-origin' is *"), so the stack rolls back; browsers also refuse a
    /// credentialed response that allows every origin. The CDK README once showed exactly this
    /// configuration (aws-cdk issue 9076).
    ///
    /// When either setting depends on a condition, the rule reports only if the other holds in
    /// every case: two conditional settings may never be true together.
    ///
    /// ## Example
    /// ```yaml
    /// CorsConfiguration:
    ///   AllowCredentials: true
    ///   AllowOrigins: ["*"]
    /// ```
    ///
    /// ## Fix
    /// List the origins that may send credentials (`https://app.example.com`), or drop
    /// `AllowCredentials`. The fix sets `AllowCredentials` to `false`, which keeps every origin
    /// allowed but stops cookies and `Authorization` headers from being sent cross-origin: it
    /// needs a look, so it is unsafe.
    pub struct CorsCredentialsWildcardOrigin {
        code: "AGW501",
        name: "cors-credentials-wildcard-origin",
        severity: Error,
        fix: Unsafe,
    }
}

impl Rule for CorsCredentialsWildcardOrigin {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for api in &model.apis {
            let Some(cors) = cors::checked(api) else { continue };
            let (Some(credentials), Some(origins)) = (cors.allow_credentials, cors.allow_origins) else { continue };
            let credentials = true_presence(model, &credentials.value);
            let wildcard = item_presence(model, &origins.value, "*");
            let (Some(true_at), Some(wildcard_at)) = (credentials.at, wildcard.at) else { continue };
            if !credentials.always && !wildcard.always {
                continue;
            }
            let allow_credentials = cors.dialect.spelling("AllowCredentials");
            let fix = checker.fix(
                format!("Set `{allow_credentials}` to `false`"),
                [Some(checker.editor.replace_value(true_at, &Json::Bool(false)))],
            );
            let diagnostic = checker
                .at(
                    model,
                    api.origin,
                    wildcard_at.span,
                    format!("the origin `*` cannot be combined with `{allow_credentials}: true`: API Gateway rejects it (\"allow-credentials is not supported if 'allow-origin' is *\")"),
                )
                .with_related(true_at.span, "credentials are allowed here")
                .with_fix(fix);
            checker.push(diagnostic);
        }
    }
}
