use apigw_model::Model;

use crate::values::{each_item, scalar_presence};
use crate::{Checker, Rule, cors, declare_rule};

const METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"];

declare_rule! {
    /// ## What it checks
    /// `AllowMethods` items of a `CorsConfiguration` that are neither an HTTP method nor `*`:
    /// API Gateway's route method `ANY`, several methods in one item (`GET,POST`), typos.
    ///
    /// SAM's `CorsConfiguration` and OpenAPI's `x-amazon-apigateway-cors` (`allowMethods`) are
    /// checked alike.
    ///
    /// ## Why
    /// The items become `Access-Control-Allow-Methods`, which browsers compare with the method of
    /// the request they are about to send. An item that is no method matches nothing, so the
    /// preflight of every non-simple request fails in the browser while the API itself works.
    ///
    /// ## Example
    /// ```yaml
    /// CorsConfiguration:
    ///   AllowOrigins: [https://app.example.com]
    ///   AllowMethods: [ANY]
    /// ```
    ///
    /// ## Fix
    /// List methods one per item (`[GET, POST]`), or write `*` for all of them. The safe fix
    /// replaces `ANY` with `*`, unless `AllowCredentials` may be `true` (then `*` is no wildcard,
    /// see AGW507, and the methods must be listed).
    pub struct CorsInvalidMethod {
        code: "AGW503",
        name: "cors-invalid-method",
        severity: Error,
        fix: Safe,
    }
}

impl Rule for CorsInvalidMethod {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for api in &model.apis {
            let Some(cors) = cors::checked(api) else { continue };
            let Some(methods) = cors.allow_methods else { continue };
            // With credentials, browsers read `*` as a method of that name (AGW507): no fix then.
            let without_credentials = cors.allow_credentials.is_none_or(|entry| {
                scalar_presence(model, &entry.value, |text| text.eq_ignore_ascii_case("false")).always
            });
            let mut found = Vec::new();
            each_item(model, &methods.value, &mut |text, node| {
                let Some(problem) = problem(text) else { return };
                let is_any = text.trim().eq_ignore_ascii_case("ANY") && node.as_str().is_some();
                let fix = (is_any && without_credentials)
                    .then(|| checker.fix(format!("Replace `{text}` with `*`"), [Some(checker.editor.replace_scalar(node, "*"))]))
                    .flatten();
                found.push(checker.at(model, api.origin, node.span, problem).with_fix(fix));
            });
            for diagnostic in found {
                checker.push(diagnostic);
            }
        }
    }
}

/// What is wrong with an `AllowMethods` item, if anything.
fn problem(method: &str) -> Option<String> {
    let upper = method.trim().to_ascii_uppercase();
    if method == "*" || METHODS.contains(&upper.as_str()) {
        return None;
    }
    Some(if upper == "ANY" {
        format!("`{method}` is API Gateway's route method, not an HTTP method: write `*` to allow every method")
    } else if method.contains(',') || method.trim().contains(' ') {
        format!("`{method}` is one item: write each method as its own item")
    } else {
        format!("`{method}` is not an HTTP method: expected `GET`, `HEAD`, `POST`, `PUT`, `PATCH`, `DELETE`, `OPTIONS` or `*`")
    })
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn methods() {
        for ok in ["GET", "post", "*", "OPTIONS"] {
            assert_eq!(problem(ok), None, "{ok}");
        }
        assert!(problem("ANY").unwrap().contains("route method"));
        assert!(problem("GET,POST").unwrap().contains("one item"));
        assert!(problem("GET POST").unwrap().contains("one item"));
        assert!(problem("GTE").unwrap().contains("not an HTTP method"));
    }
}
