use apigw_model::api::Dialect;
use apigw_model::Model;
use apigw_model::api::Protocol;
use apigw_syntax::Node;

use crate::values::each_item;
use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// `IdentitySource` items of an authorizer that are not selection expressions of the Api's
    /// protocol:
    /// - HTTP APIs: `$request.header.NAME`, `$request.querystring.NAME`, `$context.NAME`,
    ///   `$stageVariables.NAME`; a JWT authorizer only the first two ("Currently only
    ///   header-based and query parameter-based selections are supported").
    /// - WebSocket APIs: `route.request.header.NAME`, `route.request.querystring.NAME`,
    ///   `stageVariables.NAME`, `context.NAME`.
    ///
    /// The REST API spelling (`method.request.header.NAME`), the other protocol's spelling and
    /// several sources in one item (`$request.header.A, $request.header.B`) are the usual slips.
    ///
    /// OpenAPI's `identitySource` is one comma-separated string of sources, and so is the
    /// `IdentitySource` of a SAM JWT authorizer, which SAM copies there: each source in it is
    /// checked. SAM's Lambda authorizers name their sources by kind under `Identity` and SAM
    /// spells them out; a SAM WebSocket `Auth.IdentitySource` is not checked.
    ///
    /// ## Why
    /// The service rejects an identity source it cannot read, and the stack rolls back. Sources
    /// are checked in every case of `Fn::If`; items from parameters are left alone. When the Api's
    /// protocol is not known, an item is reported only if neither protocol accepts it.
    ///
    /// ## Example
    /// ```yaml
    /// LambdaAuthorizer:
    ///   Type: AWS::ApiGatewayV2::Authorizer
    ///   Properties:
    ///     ApiId: !Ref HttpApi
    ///     Name: lambda
    ///     AuthorizerType: REQUEST
    ///     IdentitySource: [method.request.header.Authorization]
    /// ```
    ///
    /// ## Fix
    /// Write the source as the message suggests (`$request.header.Authorization`), one per item.
    pub struct InvalidIdentitySource {
        code: "AGW607",
        name: "invalid-identity-source",
        severity: Error,
        fix: None,
    }
}

impl Rule for InvalidIdentitySource {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for authorizer in &model.authorizers {
            let Some(sources) = authorizer.identity_source else { continue };
            let protocol = model.api_of(authorizer.api).map_or(Protocol::Unknown, |api| api.protocol);
            // SAM's WebSocket `Auth.IdentitySource` is passed through unchecked, and SAM's reference
            // inputs put placeholders there. (SAM's Lambda authorizers list sources under
            // `Identity`, which SAM spells out itself; its JWT authorizers write `IdentitySource`.)
            if authorizer.origin.dialect == Dialect::Sam && protocol == Protocol::WebSocket {
                continue;
            }
            let jwt = model.authorizer_type(authorizer).as_deref() == Some("JWT");
            let mut found = Vec::new();
            let mut check = |text: &str, node: &Node| {
                if let Some(message) = problem(text, protocol, jwt) {
                    found.push((message, node.span));
                }
            };
            // OpenAPI's `identitySource` (which SAM's JWT `IdentitySource` becomes) is one
            // comma-separated string of sources.
            match model.known(Some(sources)).filter(|_| authorizer.origin.dialect != Dialect::CloudFormation) {
                Some(text) => text.split(',').for_each(|source| check(source.trim(), &sources.value)),
                None => each_item(model, &sources.value, &mut |text, node| check(text, node)),
            }
            for (message, span) in found {
                checker.push(checker.at(model, authorizer.origin, span, message));
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    Header,
    QueryString,
    Context,
    StageVariable,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Spelling {
    Http,
    WebSocket,
    /// REST APIs' `method.request.…`, which v2 authorizers do not read.
    Rest,
}

const PREFIXES: &[(&str, Spelling, Source)] = &[
    ("$request.header.", Spelling::Http, Source::Header),
    ("$request.querystring.", Spelling::Http, Source::QueryString),
    ("$context.", Spelling::Http, Source::Context),
    ("$stageVariables.", Spelling::Http, Source::StageVariable),
    ("route.request.header.", Spelling::WebSocket, Source::Header),
    ("route.request.querystring.", Spelling::WebSocket, Source::QueryString),
    ("context.", Spelling::WebSocket, Source::Context),
    ("stageVariables.", Spelling::WebSocket, Source::StageVariable),
    ("method.request.header.", Spelling::Rest, Source::Header),
    ("method.request.querystring.", Spelling::Rest, Source::QueryString),
];

/// An identity source written for `protocol`.
fn spell(source: Source, name: &str, protocol: Protocol) -> String {
    let spelling = if protocol == Protocol::WebSocket { Spelling::WebSocket } else { Spelling::Http };
    let prefix = PREFIXES.iter().find(|(_, s, kind)| *s == spelling && *kind == source).map_or("", |(prefix, ..)| prefix);
    format!("{prefix}{name}")
}

/// What is wrong with an identity source for an authorizer of this protocol, if anything.
fn problem(text: &str, protocol: Protocol, jwt: bool) -> Option<String> {
    if text.contains(',') {
        return Some(format!("`{text}` holds several identity sources: write each as its own item"));
    }
    let parsed = PREFIXES
        .iter()
        .find_map(|(prefix, spelling, source)| Some((*spelling, *source, text.strip_prefix(prefix)?)))
        .filter(|(.., name)| !name.is_empty() && !name.contains(char::is_whitespace));
    let expected = match (protocol, jwt) {
        (Protocol::WebSocket, _) => "`route.request.header.NAME`, `route.request.querystring.NAME`, `stageVariables.NAME` or `context.NAME`",
        (_, true) => "`$request.header.NAME` or `$request.querystring.NAME`",
        (_, false) => "`$request.header.NAME`, `$request.querystring.NAME`, `$context.NAME` or `$stageVariables.NAME`",
    };
    let Some((spelling, source, name)) = parsed else {
        return Some(format!("`{text}` is not an identity source: expected {expected}"));
    };
    let fits = |protocol: Protocol| match protocol {
        Protocol::Http => spelling == Spelling::Http && (!jwt || matches!(source, Source::Header | Source::QueryString)),
        Protocol::WebSocket => spelling == Spelling::WebSocket,
        Protocol::Unknown => false,
    };
    let accepted = match protocol {
        Protocol::Unknown => fits(Protocol::Http) || fits(Protocol::WebSocket),
        known => fits(known),
    };
    if accepted {
        return None;
    }
    Some(match spelling {
        Spelling::Rest => format!("`{text}` is how REST APIs write identity sources: write `{}`", spell(source, name, protocol)),
        // Only a JWT authorizer rejects an HTTP spelling outside WebSocket APIs.
        Spelling::Http if protocol != Protocol::WebSocket => {
            format!("`{text}`: a JWT authorizer reads its token only from a header or a query string ({expected})")
        }
        Spelling::Http => format!(
            "`{text}` is how HTTP APIs write identity sources: WebSocket APIs write `{}`",
            spell(source, name, protocol)
        ),
        Spelling::WebSocket => format!(
            "`{text}` is how WebSocket APIs write identity sources: HTTP APIs write `{}`",
            spell(source, name, protocol)
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_sources_by_protocol() {
        let http = |text| problem(text, Protocol::Http, false);
        assert_eq!(http("$request.header.Authorization"), None);
        assert_eq!(http("$context.routeKey"), None);
        assert!(http("method.request.header.Authorization").unwrap().contains("`$request.header.Authorization`"));
        assert!(http("route.request.querystring.token").unwrap().contains("`$request.querystring.token`"));
        assert!(http("$request.header.A, $request.header.B").unwrap().contains("each as its own item"));
        assert!(http("$request.header.").unwrap().contains("not an identity source"));
        assert!(problem("$context.authorizer", Protocol::Http, true).unwrap().contains("JWT"));
        let websocket = |text| problem(text, Protocol::WebSocket, false);
        assert_eq!(websocket("route.request.header.Auth"), None);
        assert_eq!(websocket("stageVariables.key"), None);
        assert!(websocket("$request.header.Auth").unwrap().contains("`route.request.header.Auth`"));
        assert_eq!(problem("context.identity.sourceIp", Protocol::Unknown, false), None);
        assert!(problem("header.Auth", Protocol::Unknown, false).is_some());
    }
}
