//! Builders of fixes as minimal text edits: they touch only the entry or value being repaired,
//! keep comments, quoting style, indentation and line endings, and never rewrite a file.

use std::ops::Range;

use apigw_model::Resource;
use apigw_syntax::{Document, Entry, Format, Node, Span, Value};
use serde_json::Value as Json;

use crate::diagnostic::Edit;

/// The edit builders for one document.
pub struct Editor<'d> {
    document: &'d Document,
    format: Format,
}

impl<'d> Editor<'d> {
    pub fn new(document: &'d Document, format: Format) -> Self {
        Editor { document, format }
    }

    fn text(&self) -> &'d str {
        self.document.text()
    }

    /// A string value written as the notation prefers: plain in YAML when it reads back as the
    /// same string, quoted otherwise.
    pub fn string(&self, value: &str) -> String {
        if self.format == Format::Yaml && is_plain_safe(value) { value.to_string() } else { self.format.quote(value) }
    }

    /// Replaces a scalar's value, keeping its quoting style where the new value allows it.
    pub fn replace_scalar(&self, node: &Node, value: &str) -> Edit {
        let source = self.document.slice(node.span);
        let text = match source.chars().next() {
            Some('\'') if self.format == Format::Yaml => format!("'{}'", value.replace('\'', "''")),
            Some('"') => self.format.quote(value),
            _ => self.string(value),
        };
        Edit { span: node.span, text }
    }

    /// Renames a mapping key (given by its range), keeping its quotes.
    pub fn rename_key(&self, key: Span, name: &str) -> Edit {
        let text = match self.document.slice(key).chars().next() {
            Some('"') => self.format.quote(name),
            Some('\'') => format!("'{}'", name.replace('\'', "''")),
            _ => self.key(name),
        };
        Edit { span: key, text }
    }

    /// Replaces a value with a JSON value written in flow style: a boolean or number stays
    /// unquoted, where [`Self::replace_scalar`] writes strings.
    pub fn replace_value(&self, node: &Node, value: &Json) -> Edit {
        Edit { span: node.span, text: self.flow_value(value) }
    }

    /// Inserts text at the start of a string scalar's content: after its tag (`!Sub`) and opening
    /// quote. `None` for block scalars and for a plain scalar that the prefix would make read
    /// differently. The prefix must need no escaping in any quoting style.
    pub fn prefix_string(&self, node: &Node, prefix: &str) -> Option<Edit> {
        let plain_safe = prefix.chars().all(|ch| ch.is_ascii_alphanumeric() || "_-./:".contains(ch));
        if node.scalar().is_none() || !plain_safe || prefix.is_empty() {
            return None;
        }
        let text = self.text();
        let start = node.tag.as_ref().map_or(node.span.start, |tag| tag.span.end) as usize;
        let value = &text[start..node.span.end as usize];
        let at = start + (value.len() - value.trim_start().len());
        // A block scalar's range starts at its content, after the `|`/`>` header.
        let header = text[..at].trim_end().rsplit([' ', '\t', '\n']).next().unwrap_or("");
        if header.starts_with(['|', '>']) {
            return None;
        }
        let at = match text[at..].chars().next()? {
            '"' | '\'' => at + 1,
            // A plain scalar keeps its meaning only if the new start cannot open another token.
            _ if self.format == Format::Yaml && !is_plain_safe(prefix) => return None,
            _ => at,
        };
        Some(Edit { span: Span::empty(at), text: prefix.to_string() })
    }

    /// Rewrites a `Ref` (`!Ref X`, `Ref: X`, `{"Ref": "X"}`) as an `Fn::Sub` of `template` in the
    /// same form; `None` for any other node. In YAML the template is plain where `${…}` may be
    /// (`!Sub integrations/${X}`), outside the flow collections of the tree under `root`.
    pub fn ref_to_sub(&self, root: &Node, node: &Node, template: &str) -> Option<Vec<Edit>> {
        let call = apigw_model::intrinsic::call(node).filter(|call| call.name == "Ref")?;
        let plain = self.format == Format::Yaml && is_block_plain_safe(template) && !self.in_flow(root, node);
        let text = if plain { template.to_string() } else { self.format.quote(template) };
        Some(match node.tag {
            Some(_) => vec![Edit { span: node.span, text: format!("!Sub {text}") }],
            None => vec![self.rename_key(call.name_span, "Fn::Sub"), Edit { span: call.arg.span, text }],
        })
    }

    /// Adds `key: value` at the end of a mapping, indented like its other keys.
    pub fn insert_entry(&self, mapping: &Node, key: &str, value: &Json) -> Option<Edit> {
        let entries = mapping.entries()?;
        let flow = self.is_flow(mapping);
        let Some(last) = entries.last() else {
            // An empty flow mapping: `{}` becomes `{key: value}`.
            let inner = format!("{}: {}", self.key(key), self.flow_value(value));
            return Some(Edit { span: mapping.span, text: format!("{{{inner}}}") });
        };
        let indent = self.indent_of(last.key.span.start as usize);
        if flow {
            let multi_line = self.line_of(last.key.span.start) != self.line_of(mapping.span.start);
            let value = if self.format == Format::Json && multi_line {
                self.block_json(value, &indent)
            } else {
                self.flow_value(value)
            };
            let separator = if multi_line { format!(",{}{indent}", self.newline()) } else { ", ".to_string() };
            let text = format!("{separator}{}: {value}", self.key(key));
            return Some(Edit { span: Span::empty(last.value.span.end as usize), text });
        }
        let at = self.line_end(last.value.span.end as usize);
        let text = format!("{}{indent}{}", self.newline(), self.yaml_entry(key, value, &indent));
        Some(Edit { span: Span::empty(at), text })
    }

    /// Removes one entry of a mapping with its line (YAML blocks) or its separating comma.
    /// `None` when it is the mapping's only entry: an empty `Properties` would change meaning.
    pub fn remove_entry(&self, mapping: &Node, entry: &Entry) -> Option<Edit> {
        let entries = mapping.entries()?;
        let index = entries.iter().position(|candidate| std::ptr::eq(candidate, entry))?;
        if entries.len() < 2 {
            return None;
        }
        if !self.is_flow(mapping) {
            let start = self.line_start(entry.key.span.start as usize);
            if !self.text()[start..entry.key.span.start as usize].trim().is_empty() {
                return None;
            }
            let end = self.line_end(entry.value.span.end as usize);
            let end = (end + self.newline().len()).min(self.text().len());
            return Some(Edit { span: Span::new(start, end), text: String::new() });
        }
        let span = if index == 0 {
            Span::new(entry.key.span.start as usize, entries[1].key.span.start as usize)
        } else {
            Span::new(entries[index - 1].value.span.end as usize, entry.value.span.end as usize)
        };
        Some(Edit { span, text: String::new() })
    }

    /// Adds a name to a resource's `DependsOn`: a new entry, a list from a single name, or a new
    /// item of the list.
    pub fn add_depends_on(&self, resource: &Resource, id: &str) -> Option<Edit> {
        self.add_depends_on_all(resource, &[id])
    }

    /// Adds names to a resource's `DependsOn` in one edit: a new entry (a list when there are
    /// several names), a list from a single name, or new items of the list.
    pub fn add_depends_on_all(&self, resource: &Resource, ids: &[&str]) -> Option<Edit> {
        self.add_to_list(resource.node, "DependsOn", ids, true)
    }

    /// Adds a code to a resource's `Metadata: {apigw-lint: {ignore: [...]}}`, creating what is
    /// missing of it.
    pub fn add_suppression(&self, resource: &Resource, code: &str) -> Option<Edit> {
        let ignore = serde_json::json!({"ignore": [code]});
        let Some(metadata) = resource.metadata else {
            return self.insert_entry(resource.node, "Metadata", &serde_json::json!({"apigw-lint": ignore}));
        };
        match metadata.get("apigw-lint") {
            None => self.insert_entry(metadata, "apigw-lint", &ignore),
            Some(ours) => self.add_to_list(ours, "ignore", &[code], false),
        }
    }

    /// Adds strings to the list under `key` of a mapping in one edit: a new entry (a single value
    /// stays a scalar when `single_as_scalar`), a list made from a scalar, or new list items in the
    /// list's own style.
    pub fn add_to_list(&self, mapping: &Node, key: &str, values: &[&str], single_as_scalar: bool) -> Option<Edit> {
        let names: Vec<String> = values.iter().map(|value| self.string(value)).collect();
        let Some(entry) = mapping.entry(key) else {
            let value = match values {
                [] => return None,
                [value] if single_as_scalar => Json::String(value.to_string()),
                _ => Json::Array(values.iter().map(|value| Json::String(value.to_string())).collect()),
            };
            return self.insert_entry(mapping, key, &value);
        };
        if names.is_empty() {
            return None;
        }
        let value = &entry.value;
        if let Some(items) = value.items() {
            let Some(last) = items.last() else {
                return Some(Edit { span: value.span, text: format!("[{}]", names.join(", ")) });
            };
            if self.is_flow(value) {
                let text = names.iter().map(|name| format!(", {name}")).collect();
                return Some(Edit { span: Span::empty(last.span.end as usize), text });
            }
            let item_start = self.text()[..last.span.start as usize].rfind('-').unwrap_or(last.span.start as usize);
            let indent = self.indent_of(item_start);
            let at = self.line_end(last.span.end as usize);
            let text = names.iter().map(|name| format!("{}{indent}- {name}", self.newline())).collect();
            return Some(Edit { span: Span::empty(at), text });
        }
        let old = value.as_str()?;
        Some(Edit { span: value.span, text: format!("[{}, {}]", self.string(old), names.join(", ")) })
    }

    /// The source range of the bytes `range` of a scalar's value, when the scalar is written as
    /// its value (plain on one line, or quoted without escapes), so that offsets in the value map
    /// one to one onto the source; `None` otherwise (escapes, folded lines, block scalars).
    pub fn scalar_range(&self, node: &Node, range: Range<usize>) -> Option<Span> {
        let value = node.scalar()?.text.as_str();
        let start = node.tag.as_ref().map_or(node.span.start, |tag| tag.span.end.max(node.span.start)) as usize;
        let source = self.text().get(start..node.span.end as usize)?;
        let written = source.trim_start();
        let at = start + source.len() - written.len();
        let (body, at) = match written.chars().next() {
            Some(quote @ ('"' | '\'')) if written.len() >= 2 && written.ends_with(quote) => (&written[1..written.len() - 1], at + 1),
            _ => (written, at),
        };
        (body == value && range.start <= range.end && range.end <= value.len())
            .then(|| Span::new(at + range.start, at + range.end))
    }

    fn is_flow(&self, node: &Node) -> bool {
        matches!(self.text()[node.span.range()].chars().next(), Some('{' | '['))
    }

    /// Whether `node` lies inside a flow collection (`{...}`, `[...]`, tagged or not) of the tree
    /// under `root`, where `,`, `]` and `}` end a plain scalar.
    fn in_flow(&self, root: &Node, node: &Node) -> bool {
        let contains = |child: &&Node| child.span.start <= node.span.start && node.span.end <= child.span.end;
        let mut ancestor = root;
        while !std::ptr::eq(ancestor, node) {
            let start = ancestor.tag.as_ref().map_or(ancestor.span.start, |tag| tag.span.end) as usize;
            if self.text()[start..ancestor.span.end as usize].trim_start().starts_with(['{', '[']) {
                return true;
            }
            let child = match &ancestor.value {
                Value::Mapping(entries) => entries.iter().map(|entry| &entry.value).find(contains),
                Value::Sequence(items) => items.iter().find(contains),
                _ => None,
            };
            let Some(child) = child else { return false };
            ancestor = child;
        }
        false
    }

    fn key(&self, key: &str) -> String {
        match self.format {
            Format::Json => self.format.quote(key),
            Format::Yaml => self.string(key),
        }
    }

    fn newline(&self) -> &'static str {
        if self.text().contains("\r\n") { "\r\n" } else { "\n" }
    }

    fn line_of(&self, offset: u32) -> usize {
        self.text()[..offset as usize].matches('\n').count()
    }

    fn line_start(&self, offset: usize) -> usize {
        self.text()[..offset].rfind('\n').map_or(0, |at| at + 1)
    }

    /// The end of the line holding `offset`, before its line break (after a trailing comment).
    fn line_end(&self, offset: usize) -> usize {
        let text = self.text();
        match text[offset..].find('\n') {
            Some(at) if text[..offset + at].ends_with('\r') => offset + at - 1,
            Some(at) => offset + at,
            None => text.len(),
        }
    }

    /// The indentation a key at `offset` has, as spaces (a `- ` before it counts as indentation).
    fn indent_of(&self, offset: usize) -> String {
        let start = self.line_start(offset);
        self.text()[start..offset].chars().map(|ch| if ch == '\t' { '\t' } else { ' ' }).collect()
    }

    fn flow_value(&self, value: &Json) -> String {
        match value {
            Json::String(text) => self.string(text),
            Json::Array(items) => format!("[{}]", items.iter().map(|item| self.flow_value(item)).collect::<Vec<_>>().join(", ")),
            Json::Object(entries) => format!(
                "{{{}}}",
                entries.iter().map(|(key, value)| format!("{}: {}", self.key(key), self.flow_value(value))).collect::<Vec<_>>().join(", ")
            ),
            other => other.to_string(),
        }
    }

    /// A JSON value laid out on lines below a key indented by `indent`.
    fn block_json(&self, value: &Json, indent: &str) -> String {
        let pretty = serde_json::to_string_pretty(value).unwrap_or_default();
        pretty.replace('\n', &format!("{}{indent}", self.newline()))
    }

    /// `key: value` in YAML block style, nested mappings and lists of mappings on lines below.
    fn yaml_entry(&self, key: &str, value: &Json, indent: &str) -> String {
        let newline = self.newline();
        let inner = format!("{indent}  ");
        match value {
            Json::Object(entries) if !entries.is_empty() => {
                let body: Vec<String> =
                    entries.iter().map(|(k, v)| format!("{inner}{}", self.yaml_entry(k, v, &inner))).collect();
                format!("{}:{newline}{}", self.key(key), body.join(newline))
            }
            Json::Array(items) if items.iter().any(Json::is_object) => {
                let body: Vec<String> = items
                    .iter()
                    .map(|item| match item {
                        Json::Object(entries) => {
                            let item_indent = format!("{inner}  ");
                            let lines: Vec<String> =
                                entries.iter().map(|(k, v)| self.yaml_entry(k, v, &item_indent)).collect();
                            format!("{inner}- {}", lines.join(&format!("{newline}{item_indent}")))
                        }
                        other => format!("{inner}- {}", self.flow_value(other)),
                    })
                    .collect();
                format!("{}:{newline}{}", self.key(key), body.join(newline))
            }
            other => format!("{}: {}", self.key(key), self.flow_value(other)),
        }
    }
}

/// Whether a string can be written as a plain YAML scalar and read back as the same string: only
/// characters that cannot start or end a token, and no resolution to null, a boolean or a number.
fn is_plain_safe(value: &str) -> bool {
    let Some(first) = value.chars().next() else { return false };
    let reserved_start = "-?:,[]{}#&*!|>'\"%@`~ ".contains(first);
    let all_safe = value.chars().all(|ch| ch.is_alphanumeric() || "_-./:$ ".contains(ch));
    !reserved_start
        && all_safe
        && !value.ends_with([' ', ':'])
        && !value.contains(": ")
        && !value.contains(" #")
        && apigw_syntax::resolve_plain(value) == apigw_syntax::ScalarKind::String
}

/// Like [`is_plain_safe`], outside flow collections, where `{` and `}` after the first character
/// are text (`integrations/${Integration}`).
fn is_block_plain_safe(value: &str) -> bool {
    !value.starts_with(['{', '}']) && is_plain_safe(&value.replace(['{', '}'], "_"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::apply_edits;
    use serde_json::json;

    fn edit(text: &str, format: Format, build: impl Fn(&Editor, &Node) -> Option<Edit>) -> String {
        let document = Document::new(text.to_string());
        let root = apigw_syntax::parse(&document, format).root.unwrap();
        let editor = Editor::new(&document, format);
        let edit = build(&editor, &root).expect("an edit");
        apply_edits(text, &[edit])
    }

    #[test]
    fn insert_into_a_yaml_block_keeps_comments() {
        let text = "P:\n  A: 1 # keep\n  B:\n    - x\n";
        let out = edit(text, Format::Yaml, |e, root| e.insert_entry(root.get("P").unwrap(), "Version", &json!("2.0")));
        assert_eq!(out, "P:\n  A: 1 # keep\n  B:\n    - x\n  Version: \"2.0\"\n");
    }

    #[test]
    fn insert_nested_yaml() {
        let text = "R:\n  A: 1\n";
        let value = json!({"Type": "AWS::Lambda::Permission", "Properties": {"Action": "lambda:InvokeFunction", "FunctionName": {"Fn::GetAtt": ["Fn", "Arn"]}}});
        let out = edit(text, Format::Yaml, |e, root| e.insert_entry(root.get("R").unwrap(), "Perm", &value));
        assert_eq!(
            out,
            "R:\n  A: 1\n  Perm:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Action: lambda:InvokeFunction\n      FunctionName:\n        Fn::GetAtt: [Fn, Arn]\n"
        );
        assert!(apigw_syntax::parse(&Document::new(out), Format::Yaml).errors.is_empty());
    }

    #[test]
    fn insert_into_pretty_json() {
        let text = "{\n  \"P\": {\n    \"A\": 1\n  }\n}";
        let out = edit(text, Format::Json, |e, root| e.insert_entry(root.get("P").unwrap(), "B", &json!(true)));
        assert_eq!(out, "{\n  \"P\": {\n    \"A\": 1,\n    \"B\": true\n  }\n}");
    }

    #[test]
    fn suppressions_are_added_to_metadata_of_any_shape() {
        let suppress = |text: &str| {
            let document = Document::new(text.to_string());
            let root = apigw_syntax::parse(&document, Format::Yaml).root.unwrap();
            let template = apigw_model::Template::read(&root).unwrap();
            let edit = Editor::new(&document, Format::Yaml).add_suppression(&template.resources[0], "AGW401").unwrap();
            apply_edits(text, &[edit])
        };
        let resource = "Resources:\n  M:\n    Type: AWS::ApiGatewayV2::ApiMapping\n";
        assert_eq!(
            suppress(resource),
            "Resources:\n  M:\n    Type: AWS::ApiGatewayV2::ApiMapping\n    Metadata:\n      apigw-lint:\n        ignore: [AGW401]\n"
        );
        let other = format!("{resource}    Metadata:\n      owner: team\n");
        assert!(suppress(&other).ends_with("      owner: team\n      apigw-lint:\n        ignore: [AGW401]\n"));
        let listed = format!("{resource}    Metadata:\n      apigw-lint:\n        ignore:\n          - AGW105\n");
        assert!(suppress(&listed).ends_with("          - AGW105\n          - AGW401\n"));
    }

    #[test]
    fn remove_entries() {
        let text = "P:\n  A: 1\n  B: 2 # gone\n  C: 3\n";
        let out = edit(text, Format::Yaml, |e, root| {
            let p = root.get("P").unwrap();
            e.remove_entry(p, p.entry("B").unwrap())
        });
        assert_eq!(out, "P:\n  A: 1\n  C: 3\n");
        let json = "{\"P\": {\"A\": 1, \"B\": 2}}";
        let out = edit(json, Format::Json, |e, root| {
            let p = root.get("P").unwrap();
            e.remove_entry(p, p.entry("B").unwrap())
        });
        assert_eq!(out, "{\"P\": {\"A\": 1}}");
    }

    #[test]
    fn values_replace_unquoted() {
        let text = "a: true\nb: \"true\"\n";
        let out = edit(text, Format::Yaml, |e, root| Some(e.replace_value(root.get("b").unwrap(), &json!(false))));
        assert_eq!(out, "a: true\nb: false\n");
        let out = edit("{\"a\": true}", Format::Json, |e, root| Some(e.replace_value(root.get("a").unwrap(), &json!(false))));
        assert_eq!(out, "{\"a\": false}");
    }

    #[test]
    fn prefix_strings_after_tags_and_quotes() {
        let text = "a: b/k\nc: !Sub '${B}/k'\nd: \"x\"\ne: |\n  x\n";
        let prefix = |key| edit(text, Format::Yaml, |e, root| e.prefix_string(root.get(key).unwrap(), "s3://"));
        assert!(prefix("a").starts_with("a: s3://b/k\n"));
        assert!(prefix("c").contains("c: !Sub 's3://${B}/k'\n"));
        assert!(prefix("d").contains("d: \"s3://x\"\n"));
        let document = Document::new(text.to_string());
        let root = apigw_syntax::parse(&document, Format::Yaml).root.unwrap();
        assert_eq!(Editor::new(&document, Format::Yaml).prefix_string(root.get("e").unwrap(), "s3://"), None);
        let json = "{\"a\": {\"Fn::Sub\": \"${B}/k\"}}";
        let out = edit(json, Format::Json, |e, root| e.prefix_string(root.get("a").unwrap().get("Fn::Sub").unwrap(), "s3://"));
        assert_eq!(out, "{\"a\": {\"Fn::Sub\": \"s3://${B}/k\"}}");
    }

    #[test]
    fn refs_become_subs_in_their_own_form() {
        let text = "a: !Ref I\nb: {c: !Ref I}\nd: [!If [C, !Ref I, x]]\ne:\n  Ref: I # keep\n";
        let document = Document::new(text.to_string());
        let root = apigw_syntax::parse(&document, Format::Yaml).root.unwrap();
        let editor = Editor::new(&document, Format::Yaml);
        let rewrite = |node: &Node| apply_edits(text, &editor.ref_to_sub(&root, node, "integrations/${I}").unwrap());
        assert!(rewrite(root.get("a").unwrap()).starts_with("a: !Sub integrations/${I}\n"));
        assert!(rewrite(root.get("b").unwrap().get("c").unwrap()).contains("b: {c: !Sub \"integrations/${I}\"}\n"));
        let branch = &root.get("d").unwrap().items().unwrap()[0].items().unwrap()[1];
        assert!(rewrite(branch).contains("d: [!If [C, !Sub \"integrations/${I}\", x]]\n"));
        assert!(rewrite(root.get("e").unwrap()).ends_with("e:\n  Fn::Sub: integrations/${I} # keep\n"));
        assert_eq!(editor.ref_to_sub(&root, root.get("d").unwrap(), "x"), None);
        let json = "{\"a\": {\"Ref\": \"I\"}}";
        let document = Document::new(json.to_string());
        let root = apigw_syntax::parse(&document, Format::Json).root.unwrap();
        let edits = Editor::new(&document, Format::Json).ref_to_sub(&root, root.get("a").unwrap(), "integrations/${I}").unwrap();
        assert_eq!(apply_edits(json, &edits), "{\"a\": {\"Fn::Sub\": \"integrations/${I}\"}}");
    }

    #[test]
    fn scalars_keep_their_style() {
        let text = "a: 'x'\nb: \"y\"\nc: z\nd: w\n";
        let out = edit(text, Format::Yaml, |e, root| Some(e.replace_scalar(root.get("a").unwrap(), "it's")));
        assert!(out.starts_with("a: 'it''s'\n"));
        let out = edit(text, Format::Yaml, |e, root| Some(e.replace_scalar(root.get("c").unwrap(), "2.0")));
        assert!(out.contains("c: \"2.0\"\n"));
        let out = edit(text, Format::Yaml, |e, root| Some(e.replace_scalar(root.get("d").unwrap(), "GET /a")));
        assert!(out.contains("d: GET /a\n"));
    }

    fn resource_edit(text: &str, format: Format, ids: &[&str]) -> String {
        let document = Document::new(text.to_string());
        let root = apigw_syntax::parse(&document, format).root.unwrap();
        let template = apigw_model::Template::read(&root).unwrap();
        let editor = Editor::new(&document, format);
        let edit = editor.add_depends_on_all(&template.resources[0], ids).expect("an edit");
        apply_edits(text, &[edit])
    }

    #[test]
    fn depends_on_several_names_in_one_edit() {
        let head = "Resources:\n  Dep:\n    Type: AWS::ApiGatewayV2::Deployment\n";
        let out = resource_edit(&format!("{head}    Properties: {{ApiId: x}}\n"), Format::Yaml, &["A", "B"]);
        assert_eq!(out, format!("{head}    Properties: {{ApiId: x}}\n    DependsOn: [A, B]\n"));
        let out = resource_edit(&format!("{head}    DependsOn: Stage\n"), Format::Yaml, &["A", "B"]);
        assert_eq!(out, format!("{head}    DependsOn: [Stage, A, B]\n"));
        let out = resource_edit(&format!("{head}    DependsOn:\n      - Stage # first\n"), Format::Yaml, &["A", "B"]);
        assert_eq!(out, format!("{head}    DependsOn:\n      - Stage # first\n      - A\n      - B\n"));
        let json = "{\"Resources\": {\"Dep\": {\"Type\": \"AWS::ApiGatewayV2::Deployment\", \"DependsOn\": [\"S\"]}}}";
        let out = resource_edit(json, Format::Json, &["A", "B"]);
        assert!(out.contains("\"DependsOn\": [\"S\", \"A\", \"B\"]"), "{out}");
    }

    #[test]
    fn scalar_ranges_map_only_when_exact() {
        let text = "a: !Sub 'x-${Api}'\nb: \"${Api}\"\nc: \"\\u0041${Api}\"\nd: !Ref   Api\ne: |\n  ${Api}\nf: >\n  x\n  ${Api}\n";
        let document = Document::new(text.to_string());
        let root = apigw_syntax::parse(&document, Format::Yaml).root.unwrap();
        let editor = Editor::new(&document, Format::Yaml);
        let range = |key: &str, at: usize| editor.scalar_range(root.get(key).unwrap(), at..at + 3).map(|span| &text[span.range()]);
        assert_eq!(range("a", 4), Some("Api"));
        assert_eq!(range("b", 2), Some("Api"));
        assert_eq!(range("c", 3), None);
        assert_eq!(range("d", 0), Some("Api"));
        // A one-line block scalar maps exactly; indented lines do not.
        assert_eq!(range("e", 2), Some("Api"));
        assert_eq!(range("f", 2), None);
    }
}
