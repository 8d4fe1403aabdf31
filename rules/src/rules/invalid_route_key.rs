use apigw_model::Model;
use apigw_model::api::{Api, Dialect, Protocol, RouteKey};
use apigw_syntax::Node;

use crate::api_protocol::with_protocol_note;
use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// A route key the service rejects: HTTP route keys are `$default` or `METHOD /path`,
    /// WebSocket route keys `$connect`, `$disconnect`, `$default` or a custom key.
    ///
    /// ## What it checks
    /// For HTTP APIs (`AWS::ApiGatewayV2::Route`, the quick-create `RouteKey` of an Api, the
    /// `Method` and `Path` of a SAM `HttpApi` event, the paths of an OpenAPI definition):
    /// the key is `$default` or a method and a path separated by one space. The method is one of
    /// `ANY`, `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, `HEAD`, `OPTIONS`, in upper case (SAM
    /// takes an event's `Method` in any case). The path
    /// starts with `/`, has no empty segment (no `//`, no trailing `/` except the root `/`), path
    /// variables are whole segments `{name}` and a greedy variable `{name+}` is the last segment.
    ///
    /// For WebSocket APIs: the key is not empty, and a key written like a predefined one in
    /// another case (`$Connect`) is reported, since route keys are case sensitive. When the
    /// protocol is not known, only what is wrong for both protocols is reported. The keys of a
    /// SAM WebSocket Api's `Routes` are AGW806's.
    ///
    /// ## Why
    /// CloudFormation fails the stack with "One or more path parts appear to be invalid" or an
    /// invalid route key error. A route key with a misspelled predefined key deploys, but the
    /// service never selects it.
    ///
    /// ## Example
    /// ```yaml
    /// PetsRoute:
    ///   Type: AWS::ApiGatewayV2::Route
    ///   Properties:
    ///     ApiId: !Ref Api
    ///     RouteKey: GET pets
    /// ```
    ///
    /// ## Fix
    /// Write the path with its leading `/`: `GET /pets` (offered as an unsafe fix when that is
    /// the only problem). Use upper-case methods and whole-segment path variables.
    pub struct InvalidRouteKey {
        code: "AGW201",
        name: "invalid-route-key",
        severity: Error,
        fix: Unsafe,
    }
}

const METHODS: &[&str] = &["ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const WEBSOCKET_KEYS: &[&str] = &["$connect", "$disconnect", "$default"];

/// What is wrong with a route key, and the key with its leading `/` added when that repairs it.
struct Problem {
    message: String,
    repaired: Option<String>,
}

impl Problem {
    fn new(message: String) -> Self {
        Problem { message, repaired: None }
    }
}

impl Rule for InvalidRouteKey {
    fn check(&self, model: &Model, checker: &mut Checker) {
        // (the element, its Api, the key node)
        let mut keys: Vec<(_, Option<&Api>, &Node)> = Vec::new();
        for route in &model.routes {
            if let Some(node) = route.route_key.as_ref().and_then(|key| key.node) {
                keys.push((route.origin, model.api_of(route.api), node));
            }
        }
        for api in &model.apis {
            if let Some(entry) = api.route_key {
                keys.push((api.origin, Some(api), &entry.value));
            }
        }
        for (origin, api, node) in keys {
            let protocol = api.map_or(Protocol::Unknown, |api| api.protocol);
            let mut problems = Vec::new();
            model.template.each_known(node, &mut |key, node| {
                if let Some(problem) = problem(protocol, &key) {
                    problems.push((problem, node));
                }
            });
            for (problem, node) in problems {
                let fix = problem.repaired.map(|repaired| {
                    checker.fix(format!("Change the route key to `{repaired}`"), [Some(checker.editor.replace_scalar(node, &repaired))])
                });
                let diagnostic = checker.at(model, origin, node.span, problem.message).with_fix(fix.flatten());
                checker.push(with_protocol_note(model, diagnostic, api));
            }
        }
        // Keys a SAM event or an OpenAPI path assembles: reported at the path, without a fix
        // (the key is not written as one value). SAM checks its WebSocket route keys itself.
        for route in &model.routes {
            let Some(RouteKey { text: Some(key), span, node: None }) = &route.route_key else { continue };
            let api = model.api_of(route.api);
            let protocol = api.map_or(Protocol::Unknown, |api| api.protocol);
            if protocol == Protocol::WebSocket && route.origin.dialect == Dialect::Sam {
                continue;
            }
            if let Some(problem) = problem(protocol, key) {
                let diagnostic = checker.at(model, route.origin, *span, problem.message);
                checker.push(with_protocol_note(model, diagnostic, api));
            }
        }
    }
}

fn problem(protocol: Protocol, key: &str) -> Option<Problem> {
    match protocol {
        Protocol::Http => http_problem(key),
        Protocol::WebSocket => websocket_problem(key),
        // Only what neither protocol accepts.
        Protocol::Unknown => websocket_problem(key).filter(|_| http_problem(key).is_some()),
    }
}

fn websocket_problem(key: &str) -> Option<Problem> {
    if key.trim().is_empty() {
        return Some(Problem::new("a route key must not be empty".to_string()));
    }
    let predefined = WEBSOCKET_KEYS.iter().find(|predefined| predefined.eq_ignore_ascii_case(key) && **predefined != key)?;
    Some(Problem::new(format!(
        "`{key}` is not the predefined route key `{predefined}`: route keys are case sensitive, so the service never selects it"
    )))
}

fn http_problem(key: &str) -> Option<Problem> {
    if key == "$default" {
        return None;
    }
    if WEBSOCKET_KEYS.contains(&key) {
        return Some(Problem::new(format!("`{key}` is a WebSocket route key; an HTTP API takes `$default` or `METHOD /path`")));
    }
    let Some((method, path)) = key.split_once(' ') else {
        return Some(Problem::new(format!("route key `{key}` is neither `$default` nor `METHOD /path`")));
    };
    if !METHODS.contains(&method) {
        let upper = method.to_ascii_uppercase();
        let message = if METHODS.contains(&upper.as_str()) {
            format!("method `{method}` must be written in upper case: `{upper}`")
        } else {
            format!("`{method}` is not a route method: expected `ANY`, `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, `HEAD` or `OPTIONS`")
        };
        return Some(Problem::new(message));
    }
    if path.chars().any(char::is_whitespace) || path.is_empty() {
        return Some(Problem::new(format!("route key `{key}` must be a method, one space and a path without spaces")));
    }
    if !path.starts_with('/') {
        let repaired = format!("{method} /{path}");
        let repaired = path_problem(&format!("/{path}")).is_none().then_some(repaired);
        return Some(Problem { message: format!("the path `{path}` does not start with `/`"), repaired });
    }
    path_problem(path).map(Problem::new)
}

/// What is wrong with a path that starts with `/`.
fn path_problem(path: &str) -> Option<String> {
    if path == "/" {
        return None;
    }
    let segments: Vec<&str> = path[1..].split('/').collect();
    for (index, segment) in segments.iter().enumerate() {
        let last = index + 1 == segments.len();
        if segment.is_empty() {
            return Some(if last {
                format!("the path `{path}` ends with `/`")
            } else {
                format!("the path `{path}` has an empty segment")
            });
        }
        if !segment.contains(['{', '}']) {
            continue;
        }
        let Some(inner) = segment.strip_prefix('{').and_then(|rest| rest.strip_suffix('}')) else {
            return Some(format!("`{segment}` mixes a path variable with text: a path variable must be a whole segment"));
        };
        let (name, greedy) = match inner.strip_suffix('+') {
            Some(name) => (name, true),
            None => (inner, false),
        };
        if name.is_empty() || !name.chars().all(|ch| ch.is_ascii_alphanumeric() || "_-.".contains(ch)) {
            return Some(format!("path variable `{segment}` needs a name of letters, digits, `_`, `-` or `.`"));
        }
        if greedy && !last {
            return Some(format!("greedy path variable `{segment}` must be the last segment of the path"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(key: &str) -> Option<String> {
        http_problem(key).map(|problem| problem.message)
    }

    #[test]
    fn http_route_keys() {
        for valid in ["$default", "GET /", "ANY /pets/{proxy+}", "GET /pets/{petId}", "DELETE /a/{pet-id}/b", "OPTIONS /{x_y}"] {
            assert_eq!(message(valid), None, "{valid}");
        }
        for invalid in [
            "GET", "get /pets", "FETCH /pets", "GET  /pets", "GET /pets/", "GET //pets", "GET /{proxy+}/x", "GET /{id}.json",
            "GET /{}", "GET /{a b}", "$connect",
        ] {
            assert!(message(invalid).is_some(), "{invalid}");
        }
        assert_eq!(http_problem("GET pets/{id}").unwrap().repaired.as_deref(), Some("GET /pets/{id}"));
        assert_eq!(http_problem("GET pets/").unwrap().repaired, None);
    }

    #[test]
    fn websocket_and_unknown_protocols() {
        assert!(problem(Protocol::WebSocket, "sendMessage").is_none());
        assert!(problem(Protocol::WebSocket, "GET /pets").is_none());
        assert!(problem(Protocol::WebSocket, "$Connect").is_some());
        assert!(problem(Protocol::WebSocket, "").is_some());
        assert!(problem(Protocol::Unknown, "GET pets").is_none());
        assert!(problem(Protocol::Unknown, "$Default").is_some());
    }
}
