use apigw_model::Model;
use apigw_model::api::Protocol;

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// A WebSocket Api without a route selection expression, or with one that does not read the
    /// message body.
    ///
    /// ## What it checks
    /// `RouteSelectionExpression` of an `AWS::ApiGatewayV2::Api` with `ProtocolType: WEBSOCKET`:
    /// it must be set, and each variable in it must be `$request.body` or a path below it
    /// (`$request.body.action`, `${request.body.service}/${request.body.action}`). A value that
    /// is a body path without its `$` (`request.body.action`) is reported too: it is a static
    /// text, so every message selects the same route. The same for an
    /// `AWS::Serverless::WebSocketApi` (its own or the `Globals` `RouteSelectionExpression`).
    ///
    /// ## Why
    /// The service requires the expression for WebSocket Apis and evaluates it against each
    /// incoming JSON message; the documented form is `$request.body.{path_to_body_element}`.
    /// An HTTP expression copied over (`${request.method} ${request.path}`) or a header never
    /// selects a custom route, so every message falls through to `$default` or is rejected.
    ///
    /// ## Example
    /// ```yaml
    /// ChatApi:
    ///   Type: AWS::ApiGatewayV2::Api
    ///   Properties:
    ///     Name: chat
    ///     ProtocolType: WEBSOCKET
    ///     RouteSelectionExpression: ${request.method} ${request.path}
    /// ```
    ///
    /// ## Fix
    /// Select routes by a property of the message body: `RouteSelectionExpression:
    /// $request.body.action`.
    pub struct WebsocketRouteSelection {
        code: "AGW701",
        name: "websocket-route-selection",
        severity: Error,
        fix: None,
    }
}

impl Rule for WebsocketRouteSelection {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for api in model.apis.iter().filter(|api| api.protocol == Protocol::WebSocket) {
            let Some(entry) = api.route_selection_expression else {
                let diagnostic = checker.at(
                    model,
                    api.origin,
                    api.origin.span,
                    "WebSocket Api has no `RouteSelectionExpression`: the service requires one, such as `$request.body.action`",
                );
                checker.push(diagnostic);
                continue;
            };
            let mut problems = Vec::new();
            model.template.each_known(&entry.value, &mut |expression, node| {
                if let Some(problem) = problem(&expression) {
                    problems.push((node.span, problem));
                }
            });
            for (span, message) in problems {
                let diagnostic = checker.at(model, api.origin, span, message);
                checker.push(diagnostic);
            }
        }
    }
}

/// What is wrong with a WebSocket route selection expression, if anything.
fn problem(expression: &str) -> Option<String> {
    let variables = variables(expression);
    if let Some(variable) = variables.iter().find(|name| !is_body_path(name)) {
        return Some(format!(
            "route selection expression `{expression}` reads `${variable}`: a WebSocket Api selects routes by a value of the message body, such as `$request.body.action`"
        ));
    }
    if expression.trim().is_empty() {
        return Some("route selection expression is empty: use a message body path such as `$request.body.action`".to_string());
    }
    if variables.is_empty() && is_body_path(expression.trim()) {
        return Some(format!(
            "route selection expression `{expression}` has no `$`: it is a static text, so every message selects the same route; write `${expression}`"
        ));
    }
    None
}

fn is_body_path(name: &str) -> bool {
    name.strip_prefix("request.body").is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

/// The variables of a selection expression: `$name` or `${name}`; `\$` is an escaped dollar.
fn variables(expression: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = expression;
    while let Some(at) = rest.find('$') {
        let escaped = rest[..at].ends_with('\\');
        let after = &rest[at + 1..];
        if escaped {
            rest = after;
            continue;
        }
        let (name, remainder) = match after.strip_prefix('{') {
            Some(braced) => match braced.find('}') {
                Some(close) => (&braced[..close], &braced[close + 1..]),
                None => (braced, ""),
            },
            None => {
                let end = after
                    .find(|ch: char| !(ch.is_alphanumeric() || "_.-[]'\"*@".contains(ch)))
                    .unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        names.push(name.trim());
        rest = remainder;
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_paths_in_every_documented_form() {
        for ok in [
            "$request.body.action",
            "${request.body.action}",
            "${request.body.service}/${request.body.action}",
            "${request.body.action}-${request.body.invalidPath}",
            "$request.body.data[0].type",
            "action",
            "\\$default",
        ] {
            assert_eq!(problem(ok), None, "{ok}");
        }
    }

    #[test]
    fn other_sources_and_missing_dollars() {
        for bad in ["${request.method} ${request.path}", "$request.header.action", "$context.routeKey", "request.body.action", ""] {
            assert!(problem(bad).is_some(), "{bad}");
        }
    }
}
