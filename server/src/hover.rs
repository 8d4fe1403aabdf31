//! Hover: on a diagnostic, its message, why its rule matters and a link to the rule's page;
//! elsewhere, what a resource type and a property are (from the schemas: the description, the
//! type, allowed values, whether it is required), what a `Ref`/`Fn::GetAtt`/`${X}` points at, and
//! for a route the chain route → integration → function and its authorizer.

use apigw_model::references::Expect;
use apigw_model::schema::{PropertyInfo, resource_schema};
use apigw_model::{Model, Template};
use apigw_rules::Diagnostic;
use apigw_syntax::{Entry, Node, Span};

use crate::convert;
use crate::navigation::use_at;
use crate::store::Linted;

/// Markdown for the diagnostics under the cursor: for each, its message, the first paragraph of
/// its rule's `## Why` and a link to the rule's page (the whole page is too long for a hover).
pub fn diagnostics(under: &[&Diagnostic]) -> String {
    let mut blocks: Vec<String> = under
        .iter()
        .map(|diagnostic| {
            let mut text = convert::message(diagnostic);
            if let Some(rule) = apigw_rules::find(diagnostic.code) {
                if let Some(why) = why(&rule.meta.documentation()) {
                    text.push_str(&format!("\n\n**Why:** {why}"));
                }
                text.push_str(&format!("\n\n[{} {}]({})", rule.meta.code, rule.meta.name, rule.meta.url()));
            }
            text
        })
        .collect();
    blocks.dedup();
    blocks.join("\n\n---\n\n")
}

/// The first paragraph of a rule documentation's `## Why` section, on one line.
fn why(documentation: &str) -> Option<String> {
    let mut lines = documentation.lines().skip_while(|line| line.trim() != "## Why");
    lines.next()?;
    let paragraph: Vec<&str> = lines.take_while(|line| !line.trim().is_empty() && !line.starts_with('#')).map(str::trim).collect();
    (!paragraph.is_empty()).then(|| paragraph.join(" "))
}

/// Away from diagnostics: markdown and the range it is about.
pub fn hover(linted: &Linted, offset: usize) -> Option<(String, Span)> {
    let (document, tree) = (&linted.document, &linted.tree);
    let root = tree.root.as_ref()?;
    let model = Model::build(root)?;
    let template = &model.template;
    if let Some((name_use, span)) = use_at(document, tree.format, template, offset) {
        return Some((referenced(template, name_use.name, name_use.expects)?, span));
    }
    let path = path_at(root, offset);
    let [resources, resource_entry, rest @ ..] = path.as_slice() else { return None };
    if resources.key.text != "Resources" {
        return None;
    }
    let index = template.resource_id(&resource_entry.key.text)?;
    let resource = &template.resources[index];
    let type_name = resource.type_name?;
    match rest {
        [] if resource_entry.key.span.contains(offset) => {
            let mut text = type_text(type_name);
            if let Some(chain) = route_chain(&model, index) {
                text = format!("{chain}\n\n{text}");
            }
            if let Some(construct) = resource.construct_path() {
                text = format!("CDK construct `{construct}`\n\n{text}");
            }
            Some((text, resource_entry.key.span))
        }
        [entry] if entry.key.text == "Type" => Some((type_text(type_name), entry.value.span)),
        [properties, nested @ ..] if properties.key.text == "Properties" && !nested.is_empty() => {
            let keys: Vec<&str> = nested.iter().map(|entry| entry.key.text.as_str()).collect();
            let last = nested.last()?;
            let info = resource_schema(type_name)?.property_at(&keys)?;
            let mut text = format!("**{}** ({})", info.name, property_type(&info));
            if info.required {
                text.push_str(", required");
            }
            if let Some(description) = info.description {
                text.push_str(&format!("\n\n{description}"));
            }
            if !info.allowed_values.is_empty() {
                text.push_str(&format!("\n\nAllowed values: {}", info.allowed_values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")));
            }
            let span = if last.key.span.contains(offset) { last.key.span } else { last.value.span };
            Some((text, span))
        }
        _ => None,
    }
}

/// The JSON types a property takes: `string`, `string or object`, `any`.
pub fn property_type(info: &PropertyInfo) -> String {
    if info.types.is_empty() { "any".to_string() } else { info.types.join(" or ") }
}

fn type_text(type_name: &str) -> String {
    let description = resource_schema(type_name).and_then(|schema| schema.description()).unwrap_or("");
    format!("**{type_name}**\n\n{description}").trim_end().to_string()
}

/// What a name points at: a resource with its type, a parameter with its type and description, a
/// pseudo parameter, a condition.
fn referenced(template: &Template, name: &str, expects: Expect) -> Option<String> {
    if expects == Expect::Condition {
        return template.has_condition(name).then(|| format!("condition `{name}`"));
    }
    if let Some(resource) = template.resource(name) {
        let mut text = format!("`{name}`: resource of type `{}`", resource.type_name.unwrap_or("?"));
        if let Some(construct) = resource.construct_path() {
            text.push_str(&format!(", CDK construct `{construct}`"));
        }
        return Some(text);
    }
    if let Some(parameter) = template.parameter(name) {
        let field = |key: &str| parameter.value.get(key).and_then(Node::as_str);
        let mut text = format!("`{name}`: parameter of type `{}`", field("Type").unwrap_or("?"));
        if let Some(default) = field("Default") {
            text.push_str(&format!(", default `{default}`"));
        }
        if let Some(description) = field("Description") {
            text.push_str(&format!("\n\n{description}"));
        }
        return Some(text);
    }
    apigw_model::template::PSEUDO_PARAMETERS.contains(&name).then(|| format!("`{name}`: pseudo parameter"))
}

/// `GET /pets` → integration `Backend` (`AWS_PROXY`) → function `Orders`; authorizer `Jwt` (`JWT`).
fn route_chain(model: &Model, resource: usize) -> Option<String> {
    let route = model.routes.iter().find(|route| route.origin.resource == Some(resource))?;
    let id = |resource: Option<usize>| resource.map_or("?", |resource| model.template.resources[resource].id);
    let key = route.route_key.as_ref().and_then(|key| key.text.clone()).unwrap_or_else(|| "?".to_string());
    let mut chain = format!("route `{key}`");
    match route.integration {
        Some(index) => {
            let integration = &model.integrations[index];
            let kind = model.known(integration.integration_type).unwrap_or_else(|| "?".to_string());
            chain.push_str(&format!(" → integration `{}` (`{kind}`)", id(integration.origin.resource)));
            if let Some(function) = integration.function {
                chain.push_str(&format!(" → function `{}`", id(model.functions[function].origin.resource)));
            } else if let Some(uri) = model.known(integration.integration_uri) {
                chain.push_str(&format!(" → `{uri}`"));
            }
        }
        None => chain.push_str(" → no integration in this template"),
    }
    if let Some(index) = route.authorizer.and_then(|link| link.target) {
        let authorizer = &model.authorizers[index];
        let kind = model.known(authorizer.authorizer_type).unwrap_or_else(|| "?".to_string());
        chain.push_str(&format!("; authorizer `{}` (`{kind}`)", id(authorizer.origin.resource)));
    } else if let Some(kind) = model.known(route.authorization_type) {
        chain.push_str(&format!("; authorization `{kind}`"));
    }
    Some(chain)
}

/// The entries from the root down to the deepest one whose key or value holds `offset`
/// (sequences are stepped through).
fn path_at(root: &Node, offset: usize) -> Vec<&Entry> {
    let mut path = Vec::new();
    let mut node = root;
    loop {
        if let Some(items) = node.items() {
            match items.iter().find(|item| item.span.contains(offset)) {
                Some(item) => {
                    node = item;
                    continue;
                }
                None => return path,
            }
        }
        let Some(entry) = node.entries().and_then(|entries| {
            entries.iter().find(|entry| entry.key.span.contains(offset) || entry.value.span.contains(offset))
        }) else {
            return path;
        };
        path.push(entry);
        if entry.key.span.contains(offset) {
            return path;
        }
        node = &entry.value;
    }
}
