use apigw_model::Model;
use apigw_model::api::Protocol;
use apigw_syntax::{Node, Span};

use crate::api_protocol::protocol_of;
use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// HTTP API parameter mapping (`RequestParameters`, `ResponseParameters` of an integration)
    /// that the service rejects.
    ///
    /// ## What it checks
    /// For integrations of HTTP APIs (not AWS service integrations with `IntegrationSubtype`,
    /// whose request parameters are the service action's own, such as `QueueUrl`), and the
    /// `requestParameters` and `responseParameters` of an OpenAPI
    /// `x-amazon-apigateway-integration`:
    /// - request keys are `append:`, `overwrite:` or `remove:` followed by `header.<name>` or
    ///   `querystring.<name>`, or `overwrite:path`;
    /// - `ResponseParameters` are keyed by a status code from 200 to 599, and their keys
    ///   (`Destination`) are `append|overwrite|remove:header.<name>` or `overwrite:statuscode`;
    /// - values use known sources: `$request.header.<name>`, `$request.querystring.<name>`,
    ///   `$request.body[.<path>]`, `$request.path[.<name>]`, `$context.<name>`,
    ///   `$stageVariables.<name>` and, in responses, `$response.header.<name>` and
    ///   `$response.body[.<path>]` (also written `${…}`); other text is a static value;
    /// - no mapping changes a reserved header: `access-control-*`, `apigw-*`, `Authorization`,
    ///   `Connection`, `Content-Encoding`, `Content-Length`, `Content-Location`, `Forwarded`,
    ///   `Keep-Alive`, `Origin`, `Proxy-Authenticate`, `Proxy-Authorization`, `TE`, `Trailers`,
    ///   `Transfer-Encoding`, `Upgrade`, `x-amz-*`, `x-amzn-*`, `X-Forwarded-For`,
    ///   `X-Forwarded-Host`, `X-Forwarded-Proto`, `Via`.
    ///
    /// WebSocket APIs map parameters with other keys (`integration.request.header.<name>`) and
    /// are not checked here.
    ///
    /// ## Why
    /// The service rejects the integration with "Invalid mapping expression specified" and the
    /// stack rolls back.
    ///
    /// ## Example
    /// ```yaml
    /// Integration:
    ///   Type: AWS::ApiGatewayV2::Integration
    ///   Properties:
    ///     ApiId: !Ref HttpApi
    ///     IntegrationType: HTTP_PROXY
    ///     IntegrationMethod: ANY
    ///     IntegrationUri: https://backend.example.com
    ///     PayloadFormatVersion: "1.0"
    ///     RequestParameters:
    ///       integration.request.header.x-request-id: $context.requestId
    ///       overwrite:header.Authorization: $request.header.x-token
    /// ```
    ///
    /// ## Fix
    /// Write keys as `append:header.x-request-id`, map values from the documented sources, and
    /// leave reserved headers alone (send the value in another header).
    pub struct InvalidParameterMapping {
        code: "AGW208",
        name: "invalid-parameter-mapping",
        severity: Error,
        fix: None,
    }
}

const RESERVED_HEADERS: &[&str] = &[
    "authorization",
    "connection",
    "content-encoding",
    "content-length",
    "content-location",
    "forwarded",
    "keep-alive",
    "origin",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailers",
    "transfer-encoding",
    "upgrade",
    "x-forwarded-for",
    "x-forwarded-host",
    "x-forwarded-proto",
    "via",
];
const RESERVED_PREFIXES: &[&str] = &["access-control-", "apigw-", "x-amz-", "x-amzn-"];
const ACTIONS: &[&str] = &["append", "overwrite", "remove"];
const SOURCES: &[&str] = &["request", "response", "context", "stageVariables"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Request,
    Response,
}

impl Rule for InvalidParameterMapping {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for integration in &model.integrations {
            if integration.integration_subtype.is_some() || protocol_of(model, integration.api) != Protocol::Http {
                continue;
            }
            let mut found: Vec<(Span, String)> = Vec::new();
            if let Some(entry) = integration.request_parameters {
                for mapping in model.template.branches(&entry.value) {
                    for parameter in mapping.entries().unwrap_or_default() {
                        check_pair(model, Direction::Request, &parameter.key.text, parameter.key.span, &parameter.value, &mut found);
                    }
                }
            }
            if let Some(entry) = integration.response_parameters {
                for by_status in model.template.branches(&entry.value) {
                    for status in by_status.entries().unwrap_or_default() {
                        if !is_status_code(&status.key.text) {
                            let message = format!("`{}` is not a status code from 200 to 599", status.key.text);
                            found.push((status.key.span, message));
                        }
                        check_response_map(model, &status.value, &mut found);
                    }
                }
            }
            for (span, message) in found {
                let diagnostic = checker.at(model, integration.origin, span, message);
                checker.push(diagnostic);
            }
        }
    }
}

/// The mappings of one status code: CloudFormation's `ResponseParameters` list of
/// `Destination`/`Source`, or the API's own `key: value` form.
fn check_response_map<'a>(model: &Model<'a>, node: &'a Node, found: &mut Vec<(Span, String)>) {
    for map in model.template.branches(node) {
        if let Some(list) = map.get("ResponseParameters").and_then(Node::items) {
            for item in list {
                let (Some(destination), Some(source)) = (item.get("Destination"), item.get("Source")) else { continue };
                if let Some(key) = model.template.text(destination).known() {
                    check_pair(model, Direction::Response, key, destination.span, source, found);
                }
            }
        } else {
            for parameter in map.entries().unwrap_or_default() {
                check_pair(model, Direction::Response, &parameter.key.text, parameter.key.span, &parameter.value, found);
            }
        }
    }
}

fn check_pair<'a>(model: &Model<'a>, direction: Direction, key: &str, key_span: Span, value: &'a Node, found: &mut Vec<(Span, String)>) {
    if let Some(message) = key_problem(direction, key) {
        found.push((key_span, message));
        return;
    }
    // The value of a `remove:` mapping is not read.
    if key.starts_with("remove:") {
        return;
    }
    model.template.each_known(value, &mut |text, node| {
        if let Some(message) = value_problem(direction, &text) {
            found.push((node.span, message));
        }
    });
}

fn is_status_code(key: &str) -> bool {
    key.len() == 3 && key.parse::<u16>().is_ok_and(|code| (200..=599).contains(&code))
}

fn key_problem(direction: Direction, key: &str) -> Option<String> {
    let expected = match direction {
        Direction::Request => "`append:`, `overwrite:` or `remove:` and `header.<name>`, `querystring.<name>` or `path`",
        Direction::Response => "`append:`, `overwrite:` or `remove:` and `header.<name>`, or `overwrite:statuscode`",
    };
    let Some((action, target)) = key.split_once(':') else {
        return Some(format!("`{key}` is not an HTTP API parameter mapping key: expected {expected}"));
    };
    if !ACTIONS.contains(&action) {
        return Some(format!("`{action}` is not a mapping action: expected `append`, `overwrite` or `remove`"));
    }
    let single = match direction {
        Direction::Request => "path",
        Direction::Response => "statuscode",
    };
    if target == single {
        return (action != "overwrite").then(|| format!("only `overwrite:{single}` can change the {single}, not `{action}:`"));
    }
    if let Some(name) = target.strip_prefix("header.") {
        if name.is_empty() {
            return Some(format!("`{key}` names no header"));
        }
        let lower = name.to_ascii_lowercase();
        if RESERVED_HEADERS.contains(&lower.as_str()) || RESERVED_PREFIXES.iter().any(|prefix| lower.starts_with(prefix)) {
            return Some(format!("header `{name}` is reserved: API Gateway does not let parameter mapping change it"));
        }
        return None;
    }
    if direction == Direction::Request
        && let Some(name) = target.strip_prefix("querystring.")
    {
        return name.is_empty().then(|| format!("`{key}` names no query string parameter"));
    }
    Some(format!("`{target}` is not a location parameter mapping can change: expected {expected}"))
}

/// What is wrong with the first `$source` expression of a value that does not exist.
fn value_problem(direction: Direction, value: &str) -> Option<String> {
    let mut rest = value;
    while let Some(at) = rest.find('$') {
        let after = &rest[at + 1..];
        let (expression, next) = match after.strip_prefix('{') {
            Some(braced) => match braced.find('}') {
                Some(close) => (&braced[..close], &braced[close + 1..]),
                None => return Some(format!("`{value}` has a `${{` that is not closed")),
            },
            None => {
                let end = after.find(|ch: char| ch.is_whitespace() || "$,;\"'".contains(ch)).unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        if let Some(message) = expression_problem(direction, expression.trim()) {
            return Some(message);
        }
        rest = next;
    }
    None
}

/// Checks `request.header.x` and the like; text whose first word is no source is a static value.
fn expression_problem(direction: Direction, expression: &str) -> Option<String> {
    let (root, path) = expression.split_once('.').unwrap_or((expression, ""));
    let source = SOURCES.iter().find(|source| source.eq_ignore_ascii_case(root))?;
    if root != *source {
        return Some(format!("`${root}` is not a mapping source: did you mean `${source}`?"));
    }
    let (kind, name) = path.split_once('.').unwrap_or((path, ""));
    let known = match root {
        "request" => match kind {
            "header" | "querystring" => !name.is_empty(),
            "body" => !path.contains("..") && !path.contains("?("),
            "path" => true,
            _ => false,
        },
        "response" => {
            if direction == Direction::Request {
                return Some(format!("`${expression}` is a response value: request parameters map from `$request`, `$context` and `$stageVariables`"));
            }
            match kind {
                "header" => !name.is_empty(),
                "body" => !path.contains("..") && !path.contains("?("),
                _ => false,
            }
        }
        // `$context.<variable>`, `$stageVariables.<name>`
        _ => kind.chars().next().is_some_and(|ch| ch.is_ascii_alphabetic() || ch == '_'),
    };
    (!known).then(|| {
        let sources = match root {
            "request" => "`$request.header.<name>`, `$request.querystring.<name>`, `$request.body[.<path>]` or `$request.path[.<name>]`",
            "response" => "`$response.header.<name>` or `$response.body[.<path>]`",
            "context" => "`$context.<variable>`",
            _ => "`$stageVariables.<name>`",
        };
        format!("`${expression}` is not a value API Gateway can map: expected {sources}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        for valid in ["append:header.x-id", "overwrite:querystring.page", "remove:header.x", "overwrite:path"] {
            assert_eq!(key_problem(Direction::Request, valid), None, "{valid}");
        }
        for invalid in ["integration.request.header.x", "add:header.x", "append:path", "overwrite:header.Authorization", "append:header.X-Amz-Date", "append:body.x", "overwrite:statuscode"] {
            assert!(key_problem(Direction::Request, invalid).is_some(), "{invalid}");
        }
        assert_eq!(key_problem(Direction::Response, "overwrite:statuscode"), None);
        assert!(key_problem(Direction::Response, "append:querystring.x").is_some());
        assert!(key_problem(Direction::Response, "overwrite:header.Access-Control-Allow-Origin").is_some());
    }

    #[test]
    fn values() {
        for valid in [
            "$request.header.x-token",
            "${request.path.petId}",
            "$request.body",
            "$request.body.items[0].name",
            "$request.path",
            "$context.requestId",
            "${context.authorizer.claims.sub} ${request.path.id}",
            "$stageVariables.backend",
            "static value",
            "$5 off",
            "''",
        ] {
            assert_eq!(value_problem(Direction::Request, valid), None, "{valid}");
        }
        for invalid in ["$request.headers.x", "$request.header.", "$stagevariables.x", "${request.path", "$response.body.x", "$request.body..x", "$context."] {
            assert!(value_problem(Direction::Request, invalid).is_some(), "{invalid}");
        }
        assert_eq!(value_problem(Direction::Response, "$response.header.etag"), None);
    }
}
