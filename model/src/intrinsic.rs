//! Intrinsic functions, in both spellings: the long form `{"Fn::GetAtt": [..]}` and the YAML
//! short tags `!GetAtt ..`. They are read into references and string parts, never evaluated by
//! guessing: what depends on a parameter, a condition or the deployment is unknown.

use apigw_syntax::{Node, Span, Value};

/// Every intrinsic function CloudFormation knows, in the long form.
pub const FUNCTIONS: &[&str] = &[
    "Ref",
    "Condition",
    "Fn::Base64",
    "Fn::Cidr",
    "Fn::FindInMap",
    "Fn::GetAtt",
    "Fn::GetAZs",
    "Fn::ImportValue",
    "Fn::Join",
    "Fn::Select",
    "Fn::Split",
    "Fn::Sub",
    "Fn::Transform",
    "Fn::If",
    "Fn::Equals",
    "Fn::And",
    "Fn::Or",
    "Fn::Not",
    "Fn::ToJsonString",
    "Fn::Length",
    "Fn::ForEach",
];

/// A call of an intrinsic function: its long name, the range of the name (`!Ref` or `"Ref"`) and
/// the argument node. For the short form the argument is the tagged node itself: read it with
/// [`arg_str`], which ignores the tag.
#[derive(Clone, Copy, Debug)]
pub struct Call<'a> {
    pub name: &'a str,
    pub name_span: Span,
    pub arg: &'a Node,
    pub node: &'a Node,
}

/// The intrinsic function a node calls, if any. `Condition` counts only in condition contexts,
/// where [`condition_call`] reads it.
pub fn call(node: &Node) -> Option<Call<'_>> {
    if let Some(tag) = &node.tag {
        let name = long_name(&tag.name)?;
        return Some(Call { name, name_span: tag.span, arg: node, node });
    }
    let [entry] = node.entries()? else { return None };
    let name = entry.key.text.as_str();
    (name == "Ref" || name.starts_with("Fn::")).then_some(Call { name, name_span: entry.key.span, arg: &entry.value, node })
}

/// Like [`call`], also reading `{"Condition": name}` (inside `Conditions` and `Fn::If`/`And`/...).
pub fn condition_call(node: &Node) -> Option<Call<'_>> {
    call(node).or_else(|| {
        let [entry] = node.entries()? else { return None };
        (entry.key.text == "Condition").then_some(Call {
            name: "Condition",
            name_span: entry.key.span,
            arg: &entry.value,
            node,
        })
    })
}

/// Whether the node's value comes from a function, so its literal shape says nothing.
pub fn is_call(node: &Node) -> bool {
    node.tag.is_some() || call(node).is_some()
}

/// The long name of a short tag (`GetAtt` → `Fn::GetAtt`), or the tag as written when it names
/// no function (AGW003 reports it).
fn long_name(tag: &str) -> Option<&'static str> {
    FUNCTIONS.iter().copied().find(|name| name.strip_prefix("Fn::").unwrap_or(name) == tag)
}

/// The short tag of a YAML node that names no intrinsic function (`!Reff X`).
pub fn unknown_tag(node: &Node) -> Option<&str> {
    let tag = node.tag.as_ref()?;
    long_name(&tag.name).is_none().then_some(tag.name.as_str())
}

/// A string argument, whether written as a tagged scalar (`!Ref X`) or plain (`{Ref: X}`).
pub fn arg_str(node: &Node) -> Option<&str> {
    match &node.value {
        Value::Scalar(scalar) if !node.is_null() || node.tag.is_some() => {
            (!scalar.text.is_empty() || !node.is_null()).then_some(scalar.text.as_str())
        }
        _ => None,
    }
}

/// The items of a list argument (`!Join [..]`, `{"Fn::Join": [..]}`).
pub fn arg_items(node: &Node) -> Option<&[Node]> {
    node.items()
}

/// What a `Ref` or `Fn::GetAtt` names: a resource (with an attribute for `GetAtt`), a
/// parameter or a pseudo parameter. `span` is the range of the name itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reference<'a> {
    pub target: &'a str,
    pub attribute: Option<&'a str>,
    pub span: Span,
}

/// Reads `Fn::GetAtt`'s two spellings: `Resource.Attr` (split at the first dot; attributes may
/// contain dots themselves) and `[Resource, Attr]`. `None` when malformed (AGW003's business).
pub fn get_att(arg: &Node) -> Option<Reference<'_>> {
    if let Some(text) = arg_str(arg) {
        let (target, attribute) = text.split_once('.')?;
        let at = arg.span.end as usize - text.len().min(arg.span.len());
        let span = if arg.span.len() >= text.len() { Span::new(at, at + target.len()) } else { arg.span };
        return (!target.is_empty() && !attribute.is_empty()).then_some(Reference {
            target,
            attribute: Some(attribute),
            span,
        });
    }
    let [target, attribute] = arg.items()? else { return None };
    let target_name = target.as_str()?;
    // The attribute may itself be a `Ref` to a parameter: then it is unknown but well formed.
    let attribute_name = attribute.as_str().or_else(|| call(attribute).map(|_| ""))?;
    Some(Reference { target: target_name, attribute: Some(attribute_name), span: target.span })
}

/// A `Ref` or `Fn::GetAtt` node read as a reference.
pub fn reference(node: &Node) -> Option<Reference<'_>> {
    let call = call(node)?;
    match call.name {
        "Ref" => {
            let target = arg_str(call.arg)?;
            let span = if call.arg.tag.is_some() { scalar_span(call.arg) } else { call.arg.span };
            Some(Reference { target, attribute: None, span })
        }
        "Fn::GetAtt" => get_att(call.arg),
        _ => None,
    }
}

/// The range of a tagged scalar's value without its tag.
fn scalar_span(node: &Node) -> Span {
    match &node.tag {
        Some(tag) if node.span.end > tag.span.end => {
            let len = node.scalar().map_or(0, |scalar| scalar.text.len()) as u32;
            Span { start: node.span.end.saturating_sub(len).max(tag.span.end), end: node.span.end }
        }
        _ => node.span,
    }
}

/// One piece of a string built by `Fn::Sub` or `Fn::Join`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part<'a> {
    Text(String),
    /// `${Name}` or `Ref`: a resource, parameter or pseudo parameter.
    Ref(&'a str),
    /// `${Res.Attr}` or `Fn::GetAtt`.
    GetAtt(&'a str, &'a str),
    /// Anything else: another function, a `Fn::Sub` variable of its own.
    Unknown,
}

/// A `${...}` of a `Fn::Sub` template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placeholder<'a> {
    /// The byte range from `$` to `}` in the template.
    pub start: usize,
    pub end: usize,
    /// The name inside, trimmed: `Name`, `Res.Attr`, or the text after `!` of a literal.
    pub name: &'a str,
    /// The byte offset of `name` in the template.
    pub name_at: usize,
    /// `${!Literal}`: written out as `${Literal}`, names nothing.
    pub literal: bool,
}

/// The `${...}` placeholders of a `Fn::Sub` template, in order; `Err` with the offset of a `${`
/// that is never closed (AGW003).
pub fn sub_placeholders(template: &str) -> Result<Vec<Placeholder<'_>>, usize> {
    let mut placeholders = Vec::new();
    let mut from = 0;
    while let Some(open) = template[from..].find("${").map(|at| from + at) {
        let inner_at = open + 2;
        let close = template[inner_at..].find('}').map(|at| inner_at + at).ok_or(open)?;
        let inner = &template[inner_at..close];
        let (literal, inner, inner_at) = match inner.strip_prefix('!') {
            Some(rest) => (true, rest, inner_at + 1),
            None => (false, inner, inner_at),
        };
        let name = inner.trim();
        let name_at = inner_at + (inner.len() - inner.trim_start().len());
        placeholders.push(Placeholder { start: open, end: close + 1, name, name_at, literal });
        from = close + 1;
    }
    Ok(placeholders)
}

/// The pieces of a `${...}` template: text, `${Name}`, `${Res.Attr}`; `${!Literal}` stays text.
/// `None` when a `${` is not closed (AGW003).
pub fn sub_parts(template: &str) -> Option<Vec<Part<'_>>> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut at = 0;
    for placeholder in sub_placeholders(template).ok()? {
        text.push_str(&template[at..placeholder.start]);
        at = placeholder.end;
        if placeholder.literal {
            // `${!Literal}` is written out without its `!`, spaces kept.
            text.push_str("${");
            text.push_str(&template[placeholder.start + 3..placeholder.end]);
            continue;
        }
        if !text.is_empty() {
            parts.push(Part::Text(std::mem::take(&mut text)));
        }
        parts.push(match placeholder.name.split_once('.') {
            Some((resource, attribute)) => Part::GetAtt(resource, attribute),
            None => Part::Ref(placeholder.name),
        });
    }
    text.push_str(&template[at..]);
    if !text.is_empty() {
        parts.push(Part::Text(text));
    }
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use apigw_syntax::{Document, Format, parse};

    fn node(yaml: &str) -> Node {
        parse(&Document::new(yaml.to_string()), Format::Yaml).root.unwrap()
    }

    #[test]
    fn references_in_both_spellings() {
        let text = "a: !Ref Api\nb: {Ref: Api}\nc: !GetAtt Fn.Arn\nd: {\"Fn::GetAtt\": [Fn, Arn]}\ne: !GetAtt Db.Endpoint.Address\n";
        let root = node(text);
        let at = |key| reference(root.get(key).unwrap()).unwrap();
        assert_eq!(&text[at("a").span.range()], "Api");
        assert_eq!(at("b").target, "Api");
        assert_eq!((at("c").target, at("c").attribute), ("Fn", Some("Arn")));
        assert_eq!(&text[at("c").span.range()], "Fn");
        assert_eq!((at("d").target, at("d").attribute), ("Fn", Some("Arn")));
        assert_eq!(at("e").attribute, Some("Endpoint.Address"));
    }

    #[test]
    fn sub_templates() {
        assert_eq!(
            sub_parts("integrations/${Integ}-${!Lit}${Fn.Arn}").unwrap(),
            [Part::Text("integrations/".into()), Part::Ref("Integ"), Part::Text("-${Lit}".into()), Part::GetAtt("Fn", "Arn")]
        );
        assert_eq!(sub_parts("abc ${oops"), None);
    }

    #[test]
    fn sub_placeholder_offsets() {
        let template = "a${ Api }b${!Lit}${Fn.Arn}${x";
        assert_eq!(sub_placeholders(template), Err(26));
        let placeholders = sub_placeholders("a${ Api }b${!Lit}${Fn.Arn}").unwrap();
        let names: Vec<_> = placeholders.iter().map(|p| (p.name, p.name_at, p.literal)).collect();
        assert_eq!(names, [("Api", 4, false), ("Lit", 13, true), ("Fn.Arn", 19, false)]);
    }

    #[test]
    fn unknown_tags() {
        let root = node("a: !Reff X\nb: !Sub x\n");
        assert_eq!(unknown_tag(root.get("a").unwrap()), Some("Reff"));
        assert_eq!(unknown_tag(root.get("b").unwrap()), None);
        assert_eq!(call(root.get("b").unwrap()).unwrap().name, "Fn::Sub");
    }
}
