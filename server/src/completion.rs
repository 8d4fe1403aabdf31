//! Completion in YAML templates. A template is rarely valid while it is being typed, so the
//! context comes from the lines around the cursor (the keys above it by indentation), not from a
//! syntax tree: resource types after `Type:`, property names of the resource's type (nested ones
//! too), allowed values of a property, names after `!Ref`, `${` and `!GetAtt`, attributes after
//! `!GetAtt Resource.`, and `integrations/` targets for a route's `Target`. Items carry a short
//! `detail`; the description of a resource type or property, often hundreds of characters, comes
//! on `completionItem/resolve`, found again from the item's `data`.

use std::sync::LazyLock;

use apigw_model::schema::{resource_schema, resource_schemas};
use apigw_model::template::PSEUDO_PARAMETERS;
use regex::Regex;
use serde_json::{Value, json};
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, MarkupContent, MarkupKind, Range, TextEdit,
};

use crate::hover::property_type;

/// Keys a resource may have besides its properties.
const RESOURCE_KEYS: &[&str] =
    &["Type", "Properties", "DependsOn", "Condition", "Metadata", "DeletionPolicy", "UpdateReplacePolicy", "UpdatePolicy", "CreationPolicy"];

static NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(?:!Ref\s+|\bRef:\s*["']?|\$\{)([\w:]*)$"#).unwrap());
static GET_ATT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"!GetAtt\s+([\w]*)(?:\.([\w.]*))?$").unwrap());
static TYPE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"^\s*(?:-\s+)?Type:\s*["']?([\w:]*)$"#).unwrap());
static KEY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\s*)(?:-\s+)?(\w*)$").unwrap());
static VALUE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"^(\s*)(?:-\s+)?(\w+):\s*["']?([\w.\-/$]*)$"#).unwrap());
static LINE_KEY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"^(\s*)(-\s+)?["']?([\w:.\-]+)["']?\s*:"#).unwrap());

/// A key of a line with its indentation (a `- ` before the key counts as indentation).
fn line_key(line: &str) -> Option<(usize, &str)> {
    let captures = LINE_KEY.captures(line)?;
    let indent = captures[1].len() + captures.get(2).map_or(0, |dash| dash.len());
    Some((indent, captures.get(3)?.as_str()))
}

/// The keys that enclose a line at `indent`, outermost first, found upwards by indentation.
fn enclosing_keys<'t>(lines: &[&'t str], line: usize, indent: usize) -> Vec<&'t str> {
    let mut path = Vec::new();
    let mut limit = indent;
    for text in lines[..line].iter().rev() {
        if limit == 0 {
            break;
        }
        let Some((key_indent, key)) = line_key(text) else { continue };
        if key_indent < limit {
            path.push(key);
            limit = key_indent;
        }
    }
    path.reverse();
    path
}

/// The logical ids of the template with their types, and its parameters, read from the lines so
/// that a template that does not parse still has them.
struct Names<'t> {
    resources: Vec<(&'t str, Option<&'t str>)>,
    parameters: Vec<&'t str>,
}

fn names<'t>(lines: &[&'t str]) -> Names<'t> {
    let mut names = Names { resources: Vec::new(), parameters: Vec::new() };
    let mut section = "";
    let mut entry_indent = None;
    for text in lines {
        let Some((indent, key)) = line_key(text) else { continue };
        if indent == 0 {
            section = key;
            entry_indent = None;
            continue;
        }
        let first = *entry_indent.get_or_insert(indent);
        match section {
            "Resources" if indent == first => names.resources.push((key, None)),
            "Resources" if key == "Type" => {
                if let Some(last) = names.resources.last_mut() {
                    let value = text.split_once(':').map(|(_, value)| value.trim().trim_matches(['"', '\'']));
                    last.1 = value.filter(|value| !value.is_empty());
                }
            }
            "Parameters" if indent == first => names.parameters.push(key),
            _ => {}
        }
    }
    names
}

/// Completion items at a byte offset; `range` is the range of the word being typed, in the
/// client's encoding, computed by the caller from the word's byte length.
pub fn complete(text: &str, offset: usize, word_range: impl Fn(usize) -> Range) -> Vec<CompletionItem> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
    let prefix = &text[line_start..offset];
    let lines: Vec<&str> = text.lines().collect();
    let line = text[..line_start].matches('\n').count();
    let item = |label: &str, kind: CompletionItemKind, detail: Option<&str>, typed: &str| CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail: detail.map(str::to_string),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit { range: word_range(typed.len()), new_text: label.to_string() })),
        ..CompletionItem::default()
    };

    if let Some(captures) = GET_ATT.captures(prefix) {
        let names = names(&lines);
        return match captures.get(2) {
            Some(attribute) => {
                let type_name = names.resources.iter().find(|(id, _)| *id == &captures[1]).and_then(|(_, t)| *t);
                let attributes = type_name.and_then(resource_schema).map(|schema| schema.attributes()).unwrap_or_default();
                attributes.iter().map(|name| item(name, CompletionItemKind::FIELD, type_name, attribute.as_str())).collect()
            }
            None => names.resources.iter().map(|(id, t)| item(id, CompletionItemKind::REFERENCE, *t, &captures[1])).collect(),
        };
    }
    if let Some(captures) = NAME.captures(prefix) {
        let typed = &captures[1];
        let names = names(&lines);
        let resources = names.resources.iter().map(|(id, t)| item(id, CompletionItemKind::REFERENCE, *t, typed));
        let parameters = names.parameters.iter().map(|name| item(name, CompletionItemKind::VARIABLE, Some("parameter"), typed));
        let pseudo = PSEUDO_PARAMETERS.iter().map(|name| item(name, CompletionItemKind::CONSTANT, Some("pseudo parameter"), typed));
        return resources.chain(parameters).chain(pseudo).collect();
    }
    if let Some(captures) = TYPE.captures(prefix) {
        let path = enclosing_keys(&lines, line, prefix.len() - prefix.trim_start().len());
        if path.len() == 2 && path[0] == "Resources" {
            let typed = &captures[1];
            return resource_schemas()
                .map(|schema| CompletionItem {
                    data: schema.description().map(|_| json!({"type": schema.type_name()})),
                    ..item(schema.type_name(), CompletionItemKind::CLASS, Some("resource type"), typed)
                })
                .collect();
        }
    }
    if let Some(captures) = KEY.captures(prefix) {
        let indent = prefix.len() - captures[2].len();
        let path = enclosing_keys(&lines, line, indent);
        return match path.as_slice() {
            ["Resources", _] => RESOURCE_KEYS.iter().map(|key| item(key, CompletionItemKind::KEYWORD, None, &captures[2])).collect(),
            ["Resources", id, "Properties", nested @ ..] => {
                let names = names(&lines);
                let type_name = names.resources.iter().find(|(resource, _)| resource == id).and_then(|(_, t)| *t);
                let Some(schema) = type_name.and_then(resource_schema) else { return Vec::new() };
                schema
                    .property_names_at(nested)
                    .into_iter()
                    .map(|name| {
                        let mut path = nested.to_vec();
                        path.push(name);
                        let info = schema.property_at(&path);
                        let detail = info.as_ref().map(property_type);
                        let data = info.and_then(|info| info.description).map(|_| json!({"type": schema.type_name(), "property": path}));
                        CompletionItem {
                            data,
                            ..item(name, CompletionItemKind::PROPERTY, detail.as_deref(), &captures[2])
                        }
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
    }
    if let Some(captures) = VALUE.captures(prefix) {
        let indent = captures[1].len() + (prefix.len() - prefix.trim_start().len()).saturating_sub(captures[1].len());
        let path = enclosing_keys(&lines, line, indent);
        let ["Resources", id, "Properties", nested @ ..] = path.as_slice() else { return Vec::new() };
        let names = names(&lines);
        let type_name = names.resources.iter().find(|(resource, _)| resource == id).and_then(|(_, t)| *t);
        let typed = &captures[3];
        if type_name == Some("AWS::ApiGatewayV2::Route") && &captures[2] == "Target" && nested.is_empty() {
            return names
                .resources
                .iter()
                .filter(|(_, t)| *t == Some("AWS::ApiGatewayV2::Integration"))
                .map(|(integration, _)| {
                    let mut target = item(&format!("!Sub integrations/${{{integration}}}"), CompletionItemKind::REFERENCE, None, typed);
                    target.filter_text = Some(format!("integrations/{integration}"));
                    target
                })
                .collect();
        }
        let Some(schema) = type_name.and_then(resource_schema) else { return Vec::new() };
        let mut property = nested.to_vec();
        property.push(&captures[2]);
        let Some(info) = schema.property_at(&property) else { return Vec::new() };
        let mut values = info.allowed_values.clone();
        if values.is_empty() && info.types == ["boolean"] {
            values = vec!["true".to_string(), "false".to_string()];
        }
        return values.iter().map(|value| item(value, CompletionItemKind::ENUM_MEMBER, None, typed)).collect();
    }
    Vec::new()
}

/// The documentation of an item from its `data`: the description of a resource type
/// (`{"type": …}`) or of one of its properties (`{"type": …, "property": [key, …]}`).
pub fn documentation(data: &Value) -> Option<Documentation> {
    let schema = resource_schema(data.get("type")?.as_str()?)?;
    let description = match data.get("property").and_then(Value::as_array) {
        Some(path) => {
            let path: Vec<&str> = path.iter().filter_map(Value::as_str).collect();
            schema.property_at(&path)?.description?
        }
        None => schema.description()?,
    };
    Some(Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value: description.to_string() }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::Position;

    const TEMPLATE: &str = "Parameters:\n  Stage:\n    Type: String\nResources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      Name: orders\n      \n  Integration:\n    Type: AWS::ApiGatewayV2::Integration\n  Route:\n    Type: AWS::ApiGatewayV2::Route\n    Properties:\n      Target: \n";

    /// The labels offered when `typed` is inserted at the end of line `line`.
    fn labels(line: usize, typed: &str) -> Vec<String> {
        let mut lines: Vec<String> = TEMPLATE.lines().map(str::to_string).collect();
        lines[line].push_str(typed);
        let offset: usize = lines[..=line].iter().map(|l| l.len() + 1).sum::<usize>() - 1;
        let text = lines.join("\n") + "\n";
        let range = |_| Range::new(Position::new(0, 0), Position::new(0, 0));
        complete(&text, offset, range).into_iter().map(|item| item.label).collect()
    }

    #[test]
    fn contexts() {
        assert!(labels(8, "Prot").contains(&"ProtocolType".to_string()));
        assert_eq!(labels(8, "ProtocolType: "), ["HTTP", "WEBSOCKET"]);
        assert_eq!(labels(8, "DisableExecuteApiEndpoint: "), ["true", "false"]);
        assert_eq!(labels(8, "Name: !Ref "), ["Api", "Integration", "Route", "Stage"].into_iter().map(String::from).chain(PSEUDO_PARAMETERS.iter().map(|p| p.to_string())).collect::<Vec<_>>());
        assert!(labels(8, "Name: !GetAtt Api.").contains(&"ApiEndpoint".to_string()));
        assert_eq!(labels(14, ""), ["!Sub integrations/${Integration}"]);
        assert!(labels(10, "").contains(&"AWS::ApiGatewayV2::Integration".to_string()), "types while the type is typed");
        assert_eq!(labels(8, "").len(), resource_schema("AWS::ApiGatewayV2::Api").unwrap().property_names().count());
    }

    #[test]
    fn nested_properties_and_types() {
        let text = "Resources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      CorsConfiguration:\n        Allow";
        let range = |_| Range::new(Position::new(0, 0), Position::new(0, 0));
        let labels: Vec<String> = complete(text, text.len(), range).into_iter().map(|item| item.label).collect();
        assert!(labels.contains(&"AllowOrigins".to_string()) && labels.contains(&"MaxAge".to_string()), "{labels:?}");
        let text = "Resources:\n  Api:\n    Type: AWS::ApiGatewayV2::";
        let labels: Vec<String> = complete(text, text.len(), range).into_iter().map(|item| item.label).collect();
        assert!(labels.contains(&"AWS::ApiGatewayV2::Stage".to_string()), "{labels:?}");
    }
}
