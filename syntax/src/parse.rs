use std::path::Path;

use crate::{Comment, Document, Node, Span, Value, json, yaml};

/// The notation of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
}

impl Format {
    /// `.json` files are JSON, `.yaml`/`.yml` files YAML; anything else is JSON when its first
    /// character (after a byte order mark and white space) opens an object or array.
    pub fn detect(path: Option<&Path>, text: &str) -> Format {
        match path.and_then(Path::extension).and_then(|ext| ext.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("json") => Format::Json,
            Some(ext) if ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml") => Format::Yaml,
            _ => match text.trim_start_matches('\u{feff}').trim_start().chars().next() {
                Some('{' | '[') => Format::Json,
                _ => Format::Yaml,
            },
        }
    }

    /// A string literal that both notations read back as `value`.
    pub fn quote(self, value: &str) -> String {
        let mut quoted = String::with_capacity(value.len() + 2);
        quoted.push('"');
        for ch in value.chars() {
            match ch {
                '"' => quoted.push_str("\\\""),
                '\\' => quoted.push_str("\\\\"),
                '\n' => quoted.push_str("\\n"),
                '\t' => quoted.push_str("\\t"),
                ch if (ch as u32) < 0x20 => quoted.push_str(&format!("\\u{:04x}", ch as u32)),
                ch => quoted.push(ch),
            }
        }
        quoted.push('"');
        quoted
    }
}

/// Why a document does not parse, at the parser's position.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
}

/// The result of parsing one document: a tree when it parsed, the errors when it did not.
#[derive(Debug)]
pub struct SyntaxTree {
    pub format: Format,
    /// `None` when the document is empty or does not parse.
    pub root: Option<Node>,
    pub errors: Vec<SyntaxError>,
    pub comments: Vec<Comment>,
}

impl SyntaxTree {
    /// Moves every range `base` bytes later: a document read together with others (a template and
    /// the definition files it names) gets ranges no other document has, so a range alone says
    /// which document it is in.
    pub fn shift(&mut self, base: u32) {
        let mut stack: Vec<&mut Node> = self.root.iter_mut().collect();
        while let Some(node) = stack.pop() {
            node.span = node.span.shifted(base);
            if let Some(tag) = &mut node.tag {
                tag.span = tag.span.shifted(base);
            }
            match &mut node.value {
                Value::Mapping(entries) => {
                    for entry in entries {
                        entry.key.span = entry.key.span.shifted(base);
                        stack.push(&mut entry.value);
                    }
                }
                Value::Sequence(items) => stack.extend(items.iter_mut()),
                Value::Scalar(_) | Value::Alias(_) => {}
            }
        }
        for error in &mut self.errors {
            error.span = error.span.shifted(base);
        }
        for comment in &mut self.comments {
            comment.span = comment.span.shifted(base);
        }
    }
}

pub fn parse(document: &Document, format: Format) -> SyntaxTree {
    match format {
        Format::Yaml => yaml::parse(document.text()),
        Format::Json => json::parse(document.text()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_extension_then_content() {
        assert_eq!(Format::detect(Some(Path::new("a.JSON")), "x: 1"), Format::Json);
        assert_eq!(Format::detect(Some(Path::new("a.yml")), "{}"), Format::Yaml);
        assert_eq!(Format::detect(Some(Path::new("a.template")), "\u{feff}\n {\"a\": 1}"), Format::Json);
        assert_eq!(Format::detect(None, "Resources: {}"), Format::Yaml);
    }

    #[test]
    fn quotes_for_both_notations() {
        assert_eq!(Format::Yaml.quote("a\"b\\c\n"), r#""a\"b\\c\n""#);
    }
}
