use apigw_model::Model;
use apigw_model::api::Origin;
use apigw_model::intrinsic::Part;
use apigw_syntax::Node;

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// An IAM policy that grants `execute-api:ManageConnections` on a resource that is no
    /// `@connections` ARN.
    ///
    /// ## What it checks
    /// `Allow` statements of IAM policies (`AWS::IAM::Policy`, `AWS::IAM::ManagedPolicy`, a
    /// role's inline `Policies`, the policy documents in a SAM function's `Policies`) whose
    /// `Action` names `execute-api:ManageConnections`. Each
    /// `Resource` must be able to match an ARN of the `@connections` API:
    /// `arn:aws:execute-api:region:account:api-id/stage/METHOD/@connections/connection-id`,
    /// where METHOD is `POST` (send a message), `GET` (read the connection) or `DELETE`
    /// (disconnect). Wildcards count as IAM reads them (`api-id/*`, `api-id/prod/*/@connections/*`
    /// are fine), and so do parts the template cannot know: a parameter may hold anything, an
    /// Api or Stage reference one path segment.
    ///
    /// Statements that name other actions as well (`execute-api:Invoke`) are reported only
    /// when none of their resources matches, since the others may be meant for those actions.
    ///
    /// ## Why
    /// The `@connections` API uses the REST ARN format, with the HTTP method before
    /// `@connections` and the connection id after it. A resource without the method
    /// (`api-id/prod/@connections/*`), without the `@` or without the trailing `/*` matches no
    /// request: every `PostToConnection` from the backend fails with 403 Forbidden at run time,
    /// while the stack deploys fine.
    ///
    /// ## Example
    /// ```yaml
    /// BroadcastPolicy:
    ///   Type: AWS::IAM::Policy
    ///   Properties:
    ///     PolicyName: broadcast
    ///     Roles: [!Ref BroadcastRole]
    ///     PolicyDocument:
    ///       Version: "2012-10-17"
    ///       Statement:
    ///         - Effect: Allow
    ///           Action: execute-api:ManageConnections
    ///           Resource: !Sub arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${ChatApi}/prod/@connections/*
    /// ```
    ///
    /// ## Fix
    /// Put the method (or `*`) before `@connections` and end with `/*`:
    /// `.../${ChatApi}/prod/POST/@connections/*`, or `.../${ChatApi}/prod/*/@connections/*`
    /// to also allow `GET` and `DELETE`.
    pub struct ManageConnectionsArn {
        code: "AGW705",
        name: "manage-connections-arn",
        severity: Error,
        fix: None,
    }
}

const ACTION: &str = "execute-api:ManageConnections";
const METHODS: &[&str] = &["POST", "GET", "DELETE"];
const MAX_PATTERN: usize = 2048;
const FORM: &str = "the action applies to `arn:…:execute-api:region:account:api-id/stage/POST/@connections/*`";

impl Rule for ManageConnectionsArn {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for policy in &model.policies {
            for document in model.template.branches(policy.document) {
                let Some(statements) = document.get("Statement") else { continue };
                for statement in items(model, statements) {
                    check_statement(model, policy.origin, statement, checker);
                }
            }
        }
    }
}

fn check_statement<'a>(model: &Model<'a>, origin: Origin<'a>, statement: &'a Node, checker: &mut Checker) {
    let text = |node: Option<&'a Node>| node.and_then(|node| model.template.text(node).known().map(str::to_string));
    if text(statement.get("Effect")).as_deref() != Some("Allow") {
        return;
    }
    let (Some(actions), Some(resources)) = (statement.get("Action"), statement.get("Resource")) else { return };
    let actions = items(model, actions);
    let grants = |node: &'a Node| text(Some(node)).is_some_and(|action| action.eq_ignore_ascii_case(ACTION));
    let Some(grant) = actions.iter().copied().find(|&action| grants(action)) else { return };
    let only_connections = actions.iter().all(|&action| grants(action));
    let resources: Vec<(&Node, bool)> =
        items(model, resources).into_iter().map(|resource| (resource, may_name_connections(model, resource))).collect();
    if only_connections {
        for &(resource, _) in resources.iter().filter(|(_, matches)| !matches) {
            let hint = hint(&shape(model, resource)).unwrap_or(FORM);
            let message = format!("`{ACTION}` on a resource that matches no `@connections` ARN: {hint}");
            let diagnostic = checker.at(model, origin, resource.span, message);
            checker.push(diagnostic);
        }
    } else if !resources.is_empty() && resources.iter().all(|(_, matches)| !matches) {
        let mut diagnostic = checker.at(
            model,
            origin,
            grant.span,
            format!("`{ACTION}` is granted on no `@connections` resource: {FORM}"),
        );
        for &(resource, _) in &resources {
            let message = match hint(&shape(model, resource)) {
                Some(hint) => format!("matches no `@connections` ARN: {hint}"),
                None => "matches no `@connections` ARN".to_string(),
            };
            diagnostic = diagnostic.with_related(resource.span, message);
        }
        checker.push(diagnostic);
    }
}

/// The items of a value that is one item or a list, each through its `Fn::If` branches.
fn items<'a>(model: &Model<'a>, node: &'a Node) -> Vec<&'a Node> {
    match node.items() {
        Some(items) => items.iter().flat_map(|item| model.template.branches(item)).collect(),
        None => model.template.branches(node),
    }
}

/// Whether a policy resource may match some `@connections` ARN; values the template cannot
/// know are assumed to.
fn may_name_connections<'a>(model: &Model<'a>, resource: &'a Node) -> bool {
    let Some(parts) = model.template.parts(resource) else { return true };
    let pattern = pattern(model, &parts);
    // IAM limits a policy's size; anything far longer than an ARN is not worth the search.
    if pattern.len() > MAX_PATTERN {
        return true;
    }
    METHODS.iter().any(|method| intersects(&pattern, &connections_arn(method)))
}

/// A resource's shape for hints: references and functions as `*`, which never hold the `:`
/// or `/` that the hints look for.
fn shape<'a>(model: &Model<'a>, resource: &'a Node) -> String {
    let Some(parts) = model.template.parts(resource) else { return "*".to_string() };
    parts
        .iter()
        .map(|part| match part {
            Part::Text(text) => text.as_str(),
            _ => "*",
        })
        .collect()
}

/// What most likely went wrong in a resource that matches no `@connections` ARN, when a
/// common mistake shows.
fn hint(shape: &str) -> Option<&'static str> {
    let (_, after) = shape.split_once(":execute-api:")?;
    let path = after.splitn(3, ':').nth(2).unwrap_or("");
    let segments: Vec<&str> = path.split('/').collect();
    match segments.iter().position(|segment| *segment == "@connections") {
        Some(2) => Some("the HTTP method is missing before `@connections` (write `stage/POST/@connections/*`, or `stage/*/@connections/*`)"),
        Some(at) if segments.get(at + 1).is_none_or(|id| id.is_empty()) => {
            Some("the connection id is missing: end the ARN with `@connections/*`")
        }
        None if segments.contains(&"connections") => Some("`connections` lacks its `@`: the path is `stage/POST/@connections/*`"),
        _ => None,
    }
}

/// Which characters a step of a pattern accepts.
#[derive(Clone, Copy, Debug)]
enum Chars {
    Exactly(char),
    /// Any character except these (`&[]`: any character at all).
    AnyBut(&'static [char]),
}

impl Chars {
    fn accepts(self, ch: char) -> bool {
        match self {
            Chars::Exactly(expected) => ch == expected,
            Chars::AnyBut(excluded) => !excluded.contains(&ch),
        }
    }
}

/// One step of a pattern: exactly one character, or any number of them.
#[derive(Clone, Copy, Debug)]
enum Step {
    One(Chars),
    Many(Chars),
}

const ANY: Chars = Chars::AnyBut(&[]);
const SEGMENT: Chars = Chars::AnyBut(&['/']);
const FIELD: Chars = Chars::AnyBut(&[':']);
const SEGMENT_IN_FIELD: Chars = Chars::AnyBut(&['/', ':']);

/// Pseudo parameters whose values never contain a `/`.
const SEGMENT_PSEUDO_PARAMETERS: &[&str] = &["AWS::AccountId", "AWS::Partition", "AWS::Region", "AWS::StackName", "AWS::URLSuffix"];
/// Resource types whose `Ref` (an API id, a stage name) is one path segment.
const SEGMENT_REF_TYPES: &[&str] =
    &["AWS::ApiGatewayV2::Api", "AWS::ApiGatewayV2::Stage", "AWS::Serverless::HttpApi", "AWS::Serverless::WebSocketApi"];

/// A policy resource as a pattern: IAM's `*` and `?`, policy variables (`${aws:username}`) as
/// `*`, references as one segment when their value certainly has no `/`, anything else as `*`.
fn pattern(model: &Model, parts: &[Part]) -> Vec<Step> {
    let type_of = |name: &str| model.template.resource(name).and_then(|resource| resource.type_name);
    let mut steps = Vec::new();
    for part in parts {
        match part {
            Part::Text(text) => {
                let mut rest = text.as_str();
                while let Some(ch) = rest.chars().next() {
                    if let Some(variable) = rest.strip_prefix("${")
                        && let Some(close) = variable.find('}')
                    {
                        steps.push(Step::Many(ANY));
                        rest = &variable[close + 1..];
                        continue;
                    }
                    steps.push(match ch {
                        '*' => Step::Many(ANY),
                        '?' => Step::One(ANY),
                        ch => Step::One(Chars::Exactly(ch)),
                    });
                    rest = &rest[ch.len_utf8()..];
                }
            }
            Part::Ref(name) if SEGMENT_PSEUDO_PARAMETERS.contains(name) => steps.push(Step::Many(SEGMENT_IN_FIELD)),
            Part::Ref(name) if type_of(name).is_some_and(|t| SEGMENT_REF_TYPES.contains(&t)) => steps.push(Step::Many(SEGMENT)),
            Part::GetAtt(name, "ApiId") if type_of(name).is_some_and(|t| SEGMENT_REF_TYPES.contains(&t)) => {
                steps.push(Step::Many(SEGMENT))
            }
            _ => steps.push(Step::Many(ANY)),
        }
    }
    steps
}

/// Every ARN of the `@connections` API for one method:
/// `arn:PARTITION:execute-api:REGION:ACCOUNT:API/STAGE/METHOD/@connections/CONNECTION`.
fn connections_arn(method: &str) -> Vec<Step> {
    let literal = |text: &str| text.chars().map(|ch| Step::One(Chars::Exactly(ch))).collect::<Vec<_>>();
    let non_empty = |chars| [Step::One(chars), Step::Many(chars)];
    let mut steps = literal("arn:");
    steps.extend(non_empty(FIELD));
    steps.extend(literal(":execute-api:"));
    steps.push(Step::Many(FIELD));
    steps.extend(literal(":"));
    steps.push(Step::Many(FIELD));
    steps.extend(literal(":"));
    steps.extend(non_empty(SEGMENT_IN_FIELD));
    steps.extend(literal("/"));
    steps.extend(non_empty(SEGMENT));
    steps.extend(literal(&format!("/{method}/@connections/")));
    steps.extend(non_empty(ANY));
    steps
}

/// Whether some string matches both patterns: a search of the product of the two automata,
/// over an alphabet of every character the patterns name plus one they do not.
fn intersects(a: &[Step], b: &[Step]) -> bool {
    let mut alphabet: Vec<char> = a
        .iter()
        .chain(b)
        .flat_map(|step| match step {
            Step::One(chars) | Step::Many(chars) => match chars {
                Chars::Exactly(ch) => vec![*ch],
                Chars::AnyBut(excluded) => excluded.to_vec(),
            },
        })
        .collect();
    alphabet.push('\u{E000}');
    alphabet.sort_unstable();
    alphabet.dedup();
    let width = b.len() + 1;
    let mut seen = vec![false; (a.len() + 1) * width];
    let mut stack = vec![(0, 0)];
    while let Some((i, j)) = stack.pop() {
        if std::mem::replace(&mut seen[i * width + j], true) {
            continue;
        }
        if i == a.len() && j == b.len() {
            return true;
        }
        if let Some(Step::Many(_)) = a.get(i) {
            stack.push((i + 1, j));
        }
        if let Some(Step::Many(_)) = b.get(j) {
            stack.push((i, j + 1));
        }
        for &ch in &alphabet {
            if let (Some(next_a), Some(next_b)) = (consume(a, i, ch), consume(b, j, ch)) {
                stack.push((next_a, next_b));
            }
        }
    }
    false
}

/// The state after reading `ch` at step `index`, if the step accepts it.
fn consume(steps: &[Step], index: usize, ch: char) -> Option<usize> {
    match steps.get(index)? {
        Step::One(chars) if chars.accepts(ch) => Some(index + 1),
        Step::Many(chars) if chars.accepts(ch) => Some(index),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(resource: &str) -> bool {
        let steps = pattern_of_text(resource);
        METHODS.iter().any(|method| intersects(&steps, &connections_arn(method)))
    }

    fn pattern_of_text(text: &str) -> Vec<Step> {
        let template = apigw_syntax::parse(&apigw_syntax::Document::new("AWSTemplateFormatVersion: \"2010-09-09\"\n".into()), apigw_syntax::Format::Yaml);
        let root = template.root.unwrap();
        let model = Model::build(&root).unwrap();
        pattern(&model, &[Part::Text(text.to_string())])
    }

    #[test]
    fn connections_arns_and_their_prefixes() {
        for ok in [
            "*",
            "arn:aws:execute-api:*:*:*",
            "arn:aws:execute-api:us-east-1:123456789012:abc123/*",
            "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/POST/@connections/*",
            "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/DELETE/@connections/*",
            "arn:aws:execute-api:us-east-1:123456789012:abc123/*/*/@connections/*",
            "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/POST/@connections/${aws:username}",
            "arn:aws:execute-api:us-east-?:123456789012:abc123/prod/POST/@connections/*",
        ] {
            assert!(matches(ok), "{ok}");
        }
    }

    #[test]
    fn resources_that_match_no_connection() {
        for bad in [
            "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/@connections/*",
            "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/POST/connections/*",
            "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/POST/@connections",
            "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/PUT/@connections/*",
            "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/$connect",
            "arn:aws:dynamodb:us-east-1:123456789012:table/connections",
        ] {
            assert!(!matches(bad), "{bad}");
        }
    }

    #[test]
    fn hints_name_the_likely_mistake() {
        assert!(hint("arn:*:execute-api:*:*:*/*/@connections/*").unwrap().contains("method is missing"));
        assert!(hint("arn:aws:execute-api:r:a:api/prod/POST/connections/*").unwrap().contains("lacks its `@`"));
        assert!(hint("arn:aws:execute-api:r:a:api/prod/POST/@connections").unwrap().contains("connection id is missing"));
        assert_eq!(hint("arn:aws:dynamodb:r:a:table/connections"), None);
    }
}
