use apigw_model::Model;

use crate::values::each_item;
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
    /// List methods one per item (`[GET, POST]`), or write `*` for all of them.
    pub struct CorsInvalidMethod {
        code: "AGW503",
        name: "cors-invalid-method",
        severity: Error,
        fix: None,
    }
}

impl Rule for CorsInvalidMethod {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for api in &model.apis {
            let Some(methods) = cors::checked(api).and_then(|cors| cors.allow_methods) else { continue };
            let mut found = Vec::new();
            each_item(model, &methods.value, &mut |text, node| {
                if let Some(problem) = problem(text) {
                    found.push((problem, node.span));
                }
            });
            for (message, span) in found {
                checker.push(checker.at(model, api.origin, span, message));
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
