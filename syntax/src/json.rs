//! JSON to [`Node`] through jsonc-parser's AST, in strict mode: CloudFormation reads plain JSON,
//! so comments, trailing commas and other JSON5 leniencies are syntax errors.

use jsonc_parser::ast::{ObjectPropName, Value as Json};
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions, parse_to_ast};

use crate::parse::{Format, SyntaxError, SyntaxTree};
use crate::{Entry, Key, Node, Scalar, ScalarKind, Span, Value};

const BOM: &str = "\u{feff}";

pub(crate) fn parse(text: &str) -> SyntaxTree {
    // jsonc-parser rejects a byte order mark: parse after it and shift the ranges back.
    let shift = if text.starts_with(BOM) { BOM.len() } else { 0 };
    let collect = CollectOptions { comments: CommentCollectionStrategy::Off, tokens: false };
    let strict = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let (root, errors) = match parse_to_ast(&text[shift..], &collect, &strict) {
        Ok(result) => (result.value.map(|value| convert(value, shift)), Vec::new()),
        Err(error) => {
            let range = error.range();
            let span = Span::new(range.start + shift, range.end + shift);
            (None, vec![SyntaxError { span, message: error.kind().to_string() }])
        }
    };
    SyntaxTree { format: Format::Json, root, errors, comments: Vec::new() }
}

/// Recursion is bounded by the parser's own nesting cap of 512.
fn convert(value: Json<'_>, shift: usize) -> Node {
    let span = |range: jsonc_parser::common::Range| Span::new(range.start + shift, range.end + shift);
    let scalar = |text: String, kind| Value::Scalar(Scalar { text, kind });
    let (value, range) = match value {
        Json::StringLit(lit) => (scalar(lit.value.into_owned(), ScalarKind::String), lit.range),
        Json::NumberLit(lit) => (scalar(lit.value.to_string(), ScalarKind::Number), lit.range),
        Json::BooleanLit(lit) => (scalar(lit.value.to_string(), ScalarKind::Bool(lit.value)), lit.range),
        Json::NullKeyword(lit) => (scalar("null".to_string(), ScalarKind::Null), lit.range),
        Json::Array(array) => {
            (Value::Sequence(array.elements.into_iter().map(|item| convert(item, shift)).collect()), array.range)
        }
        Json::Object(object) => {
            let entries = object
                .properties
                .into_iter()
                .map(|property| {
                    let key = match property.name {
                        ObjectPropName::String(lit) => Key { text: lit.value.into_owned(), span: span(lit.range) },
                        ObjectPropName::Word(word) => Key { text: word.value.to_string(), span: span(word.range) },
                    };
                    Entry { key, value: convert(property.value, shift) }
                })
                .collect();
            (Value::Mapping(entries), object.range)
        }
    };
    Node { value, span: span(range), tag: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_duplicates() {
        let text = "{\"a\": {\"b\": [1, true, null]}, \"a\": \"x\"}";
        let tree = parse(text);
        let root = tree.root.unwrap();
        assert_eq!(root.entries().unwrap().len(), 2);
        let b = root.get("a").unwrap().get("b").unwrap();
        assert_eq!(&text[b.span.range()], "[1, true, null]");
        assert_eq!(&text[root.entries().unwrap()[1].key.span.range()], "\"a\"");
    }

    #[test]
    fn strict_json_and_bom() {
        assert_eq!(parse("{\"a\": 1,}").errors.len(), 1);
        assert_eq!(parse("{// c\n}").errors.len(), 1);
        let tree = parse("\u{feff}{\"a\": 1}");
        let a = tree.root.unwrap();
        assert_eq!(a.get("a").unwrap().span, Span::new(9, 10));
    }

    #[test]
    fn error_position() {
        let tree = parse("{\n  \"a\": [1 2]\n}");
        assert!(tree.root.is_none());
        assert_eq!(tree.errors[0].span.start, 11);
    }
}
