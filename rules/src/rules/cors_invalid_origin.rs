use apigw_model::Model;

use crate::values::each_item;
use crate::{Checker, Rule, cors, declare_rule};

declare_rule! {
    /// ## What it checks
    /// `AllowOrigins` items of a `CorsConfiguration` that are not `*`, `http://*`, `https://*` or
    /// an origin `scheme://host[:port]`: a trailing `/`, a path, no scheme, or a `*` inside the
    /// host (`https://*.example.com`).
    ///
    /// SAM's `CorsConfiguration` and OpenAPI's `x-amazon-apigateway-cors` (`allowOrigins`) are
    /// checked alike.
    ///
    /// ## Why
    /// Browsers send the `Origin` header as `scheme://host[:port]` exactly, and API Gateway
    /// compares it with the configured origins. `https://app.example.com/` or
    /// `app.example.com` never matches, so every cross-origin call fails in the browser. API
    /// Gateway has no subdomain wildcards: `*` stands alone or after `http://`/`https://`.
    ///
    /// `null` (the origin of sandboxed documents) is left alone.
    ///
    /// ## Example
    /// ```yaml
    /// CorsConfiguration:
    ///   AllowOrigins:
    ///     - https://app.example.com/
    /// ```
    ///
    /// ## Fix
    /// Write the origin as the browser sends it. The safe fix removes a trailing `/`.
    pub struct CorsInvalidOrigin {
        code: "AGW504",
        name: "cors-invalid-origin",
        severity: Error,
        fix: Safe,
    }
}

impl Rule for CorsInvalidOrigin {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for api in &model.apis {
            let Some(origins) = cors::checked(api).and_then(|cors| cors.allow_origins) else { continue };
            let mut found = Vec::new();
            each_item(model, &origins.value, &mut |text, node| {
                if let Some(problem) = problem(text) {
                    found.push((problem, node));
                }
            });
            for (problem, node) in found {
                // Only a plain string is rewritten; a value built by a function keeps its form.
                let fix = problem.trimmed.filter(|_| node.as_str().is_some()).and_then(|trimmed| {
                    checker.fix("Remove the trailing `/`", [Some(checker.editor.replace_scalar(node, &trimmed))])
                });
                checker.push(checker.at(model, api.origin, node.span, problem.message).with_fix(fix));
            }
        }
    }
}

struct Problem {
    message: String,
    /// The origin without its trailing `/`, when that is all that is wrong.
    trimmed: Option<String>,
}

fn problem(origin: &str) -> Option<Problem> {
    if matches!(origin, "*" | "http://*" | "https://*" | "null") {
        return None;
    }
    let message = |reason: String| Some(Problem { message: reason, trimmed: None });
    let Some((scheme, rest)) = origin.split_once("://") else {
        return message(format!("`{origin}` has no scheme: an origin is `scheme://host[:port]`, such as `https://{origin}`"));
    };
    let scheme_ok = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c));
    if !scheme_ok {
        return message(format!("`{origin}` does not start with a scheme such as `https://`"));
    }
    let authority = rest.trim_end_matches('/');
    if authority.len() != rest.len() && is_authority(authority) {
        let trimmed = format!("{scheme}://{authority}");
        return Some(Problem {
            message: format!("`{origin}` ends with `/`: browsers send the origin without it (`{trimmed}`), so it never matches"),
            trimmed: Some(trimmed),
        });
    }
    if rest.contains('*') {
        return message(format!(
            "`{origin}` has a `*` inside the host: API Gateway allows `*` only on its own or as `http://*`/`https://*`"
        ));
    }
    if let Some((authority, _)) = rest.split_once(['/', '?', '#']) {
        return message(format!("`{origin}` has a path: an origin is only `{scheme}://{authority}`"));
    }
    (!is_authority(rest)).then(|| Problem {
        message: format!("`{origin}` is not an origin `scheme://host[:port]`"),
        trimmed: None,
    })
}

/// `host[:port]`: a DNS name or IPv4 address, or a bracketed IPv6 address, and a port number.
fn is_authority(text: &str) -> bool {
    let port_ok = |port: &str| port.is_empty() || port.parse::<u16>().is_ok();
    if let Some(ipv6) = text.strip_prefix('[') {
        let Some((address, rest)) = ipv6.split_once(']') else { return false };
        let address_ok = !address.is_empty() && address.chars().all(|c| c.is_ascii_hexdigit() || ":.".contains(c));
        return address_ok && (rest.is_empty() || rest.strip_prefix(':').is_some_and(port_ok));
    }
    let (host, port) = text.rsplit_once(':').unwrap_or((text, ""));
    !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || "-._".contains(c)) && port_ok(port)
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn origins() {
        for ok in ["*", "https://*", "https://app.example.com", "http://localhost:3000", "capacitor://localhost", "http://[::1]:8080", "null"] {
            assert!(problem(ok).is_none(), "{ok}");
        }
        let trailing = problem("https://app.example.com/").unwrap();
        assert_eq!(trailing.trimmed.as_deref(), Some("https://app.example.com"));
        assert!(problem("app.example.com").unwrap().message.contains("no scheme"));
        assert!(problem("https://*.example.com").unwrap().message.contains("inside the host"));
        let path = problem("https://app.example.com/login").unwrap();
        assert!(path.message.contains("has a path") && path.trimmed.is_none());
        assert!(problem("https://app.example.com:99999").unwrap().message.contains("not an origin"));
    }
}
