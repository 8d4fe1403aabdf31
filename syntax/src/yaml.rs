//! YAML to [`Node`] through granit-parser events. The builder keeps an explicit stack (no
//! recursion), keeps repeated keys, never expands aliases, and gives every node the range of its
//! source text: block collections get the range of their children, tagged nodes start at the tag.

use granit_parser::{Event, Options, Parser, ScalarStyle, Span as EventSpan, StructureStyle, Tag as EventTag};

use crate::parse::{Format, SyntaxError, SyntaxTree};
use crate::{Comment, Entry, Key, MAX_DEPTH, Node, Scalar, ScalarKind, Span, Tag, Value};

const CORE_SCHEMA: &str = "tag:yaml.org,2002:";

pub(crate) fn parse(text: &str) -> SyntaxTree {
    let mut options = Options::default();
    options.block_nesting_limit = MAX_DEPTH;
    options.flow_nesting_limit = MAX_DEPTH;
    let mut builder = Builder { text, stack: Vec::new(), root: None, comments: Vec::new(), documents: 0 };
    let mut errors = Vec::new();
    for next in Parser::new_from_str_with_options(text, options) {
        match next {
            Ok((event, span)) => {
                if let Err(error) = builder.event(event, span) {
                    errors.push(error);
                    break;
                }
            }
            Err(error) => {
                let at = error.marker().byte_offset().unwrap_or(text.len()).min(text.len());
                let message = error.info().lines().next().unwrap_or("invalid YAML").to_string();
                errors.push(SyntaxError { span: Span::empty(at), message });
                break;
            }
        }
    }
    let root = if errors.is_empty() { builder.root } else { None };
    SyntaxTree { format: Format::Yaml, root, errors, comments: builder.comments }
}

struct Builder<'a> {
    text: &'a str,
    stack: Vec<Open>,
    root: Option<Node>,
    comments: Vec<Comment>,
    documents: usize,
}

/// A collection whose end event has not come yet.
struct Open {
    start: usize,
    /// A flow collection's brackets give its range; a block one takes its children's.
    flow: bool,
    tag: Option<Tag>,
    content: OpenContent,
}

enum OpenContent {
    Mapping { entries: Vec<Entry>, key: Option<Key> },
    Sequence(Vec<Node>),
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, span: EventSpan) -> Result<(), SyntaxError> {
        let start = span.start.byte_offset().unwrap_or(0).min(self.text.len());
        let end = span.end.byte_offset().unwrap_or(start).clamp(start, self.text.len());
        // Only the first document is a template; later ones are read for errors but not kept.
        let keep = self.documents <= 1;
        match event {
            Event::DocumentStart(..) => self.documents += 1,
            Event::Comment(text, _) => {
                self.comments.push(Comment { text: text.into_owned(), span: Span::new(start, end) })
            }
            Event::Scalar(text, style, _, tag) => {
                let (tag, core) = self.tag(tag.as_deref(), start);
                let kind = match core {
                    Some("str") => ScalarKind::String,
                    Some(_) => resolve_plain(&text),
                    None if style == ScalarStyle::Plain => resolve_plain(&text),
                    None => ScalarKind::String,
                };
                let node_start = tag.as_ref().map_or(start, |tag| tag.span.start as usize);
                let scalar = Scalar { text: text.into_owned(), kind };
                if keep {
                    self.add(Node { value: Value::Scalar(scalar), span: Span::new(node_start, end), tag })?;
                }
            }
            Event::Alias(_) => {
                let name = self.text[start..end].trim_start_matches('*').to_string();
                if keep {
                    self.add(Node { value: Value::Alias(name), span: Span::new(start, end), tag: None })?;
                }
            }
            Event::MappingStart(style, _, tag) => {
                self.open(style, tag.as_deref(), start, OpenContent::Mapping { entries: Vec::new(), key: None })
            }
            Event::SequenceStart(style, _, tag) => {
                self.open(style, tag.as_deref(), start, OpenContent::Sequence(Vec::new()))
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let Some(open) = self.stack.pop() else { return Ok(()) };
                let (value, last) = match open.content {
                    OpenContent::Mapping { entries, .. } => {
                        let last = entries.last().map(|entry| entry.value.span.end as usize);
                        (Value::Mapping(entries), last)
                    }
                    OpenContent::Sequence(items) => {
                        let last = items.last().map(|item| item.span.end as usize);
                        (Value::Sequence(items), last)
                    }
                };
                let node_start = open.tag.as_ref().map_or(open.start, |tag| tag.span.start as usize);
                let node_end = if open.flow { end } else { last.unwrap_or(open.start) };
                if keep {
                    self.add(Node { value, span: Span::new(node_start, node_end.max(node_start)), tag: open.tag })?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn open(&mut self, style: StructureStyle, tag: Option<&EventTag>, start: usize, content: OpenContent) {
        let (tag, _) = self.tag(tag, start);
        self.stack.push(Open { start, flow: style == StructureStyle::Flow, tag, content });
    }

    /// Places a finished node: as the root, as a sequence item, as a mapping key or as its value.
    fn add(&mut self, node: Node) -> Result<(), SyntaxError> {
        let Some(open) = self.stack.last_mut() else {
            if self.root.is_none() {
                self.root = Some(node);
            }
            return Ok(());
        };
        match &mut open.content {
            OpenContent::Sequence(items) => items.push(node),
            OpenContent::Mapping { entries, key } => match key.take() {
                Some(key) => entries.push(Entry { key, value: node }),
                None => match node.value {
                    Value::Scalar(scalar) => *key = Some(Key { text: scalar.text, span: node.span }),
                    _ => {
                        return Err(SyntaxError {
                            span: node.span,
                            message: "a mapping key must be a plain value, not a collection or alias".to_string(),
                        });
                    }
                },
            },
        }
        Ok(())
    }

    /// Splits a parser tag into a CloudFormation tag (with the range of its `!Name` token, found
    /// just before the node) or a YAML core-schema tag such as `!!str`.
    fn tag(&self, tag: Option<&EventTag>, node_start: usize) -> (Option<Tag>, Option<&'static str>) {
        let Some(tag) = tag else { return (None, None) };
        if tag.handle() == CORE_SCHEMA {
            let core = ["str", "int", "float", "bool", "null", "map", "seq"].into_iter().find(|name| *name == tag.suffix());
            return (None, core.or(Some("str")));
        }
        let written = format!("{}{}", tag.original_handle(), tag.suffix());
        let before = self.text[..node_start].trim_end();
        let span = if before.ends_with(&written) {
            Span::new(before.len() - written.len(), before.len())
        } else {
            Span::empty(node_start)
        };
        let name = if tag.handle() == "!" { tag.suffix().to_string() } else { written };
        (Some(Tag { name, span }), None)
    }
}

/// The type a plain (unquoted) YAML scalar resolves to under the YAML 1.2 core schema.
pub fn resolve_plain(text: &str) -> ScalarKind {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => ScalarKind::Null,
        "true" | "True" | "TRUE" => ScalarKind::Bool(true),
        "false" | "False" | "FALSE" => ScalarKind::Bool(false),
        _ if is_number(text) => ScalarKind::Number,
        _ => ScalarKind::String,
    }
}

fn is_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if let Some(octal) = text.strip_prefix("0o") {
        return !octal.is_empty() && octal.bytes().all(|b| (b'0'..=b'7').contains(&b));
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit());
    }
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => (!whole.is_empty() || !fraction.is_empty()) && digits(whole) && digits(fraction),
        None => !mantissa.is_empty() && digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(text: &str) -> Node {
        let tree = parse(text);
        assert!(tree.errors.is_empty(), "{:?}", tree.errors);
        tree.root.unwrap()
    }

    fn slice<'t>(text: &'t str, span: Span) -> &'t str {
        &text[span.range()]
    }

    #[test]
    fn tags_and_ranges() {
        let text = "A:\n  B: !Ref X\n  C: !GetAtt [R, Arn]\n  D: !Join\n    - ''\n    - - a\n      - !Ref Y\n";
        let root = root(text);
        let a = root.get("A").unwrap();
        assert_eq!(slice(text, a.span), &text[5..text.len() - 1]);
        let b = a.get("B").unwrap();
        assert_eq!(slice(text, b.span), "!Ref X");
        assert_eq!(b.tag.as_ref().unwrap().name, "Ref");
        assert_eq!(slice(text, a.get("C").unwrap().span), "!GetAtt [R, Arn]");
        let d = a.get("D").unwrap();
        assert_eq!(slice(text, d.span), "!Join\n    - ''\n    - - a\n      - !Ref Y");
        assert_eq!(slice(text, a.entry("D").unwrap().key.span), "D");
    }

    #[test]
    fn scalars_resolve_by_core_schema() {
        let root = root("a: 1\nb: '1'\nc: true\nd: -1.5e3\ne:\nf: yes\ng: !!str 2\n");
        let kinds: Vec<_> = root.entries().unwrap().iter().map(|e| e.value.scalar().unwrap().kind).collect();
        use ScalarKind::*;
        assert_eq!(kinds, [Number, String, Bool(true), Number, Null, String, String]);
    }

    #[test]
    fn duplicate_keys_are_kept() {
        let root = root("a: 1\na: 2\n");
        assert_eq!(root.entries().unwrap().len(), 2);
    }

    #[test]
    fn errors_have_a_position_and_no_tree() {
        let tree = parse("a: [1, 2\nb: c");
        assert!(tree.root.is_none());
        assert_eq!(tree.errors.len(), 1);
        assert!(tree.errors[0].span.start > 0);
    }

    #[test]
    fn aliases_are_not_expanded() {
        let root = root("a: &x [1, 2]\nb: *x\n");
        assert_eq!(root.get("b").unwrap().value, Value::Alias("x".into()));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000);
        assert!(parse(&text).root.is_none());
        let block: String = (0..10_000).map(|depth| format!("{}k:\n", " ".repeat(depth))).collect();
        assert!(!parse(&block).errors.is_empty());
    }

    #[test]
    fn every_intrinsic_short_tag_is_kept() {
        let tags = [
            "Ref", "GetAtt", "Sub", "Join", "If", "Select", "Split", "FindInMap", "ImportValue", "GetAZs", "Base64",
            "Cidr", "Equals", "And", "Or", "Not", "Condition", "Transform",
        ];
        let text: String = tags.iter().map(|tag| format!("{tag}: !{tag} [x]\n")).collect();
        let root = root(&text);
        for (tag, entry) in tags.iter().zip(root.entries().unwrap()) {
            assert_eq!(entry.value.tag.as_ref().map(|t| t.name.as_str()), Some(*tag));
            assert_eq!(slice(&text, entry.value.span), format!("!{tag} [x]"));
        }
    }

    #[test]
    fn byte_order_mark_and_crlf() {
        let text = "\u{feff}A:\r\n  B: !Ref X\r\n";
        let root = root(text);
        let b = root.get("A").unwrap().get("B").unwrap();
        assert_eq!(slice(text, b.span), "!Ref X");
    }

    #[test]
    fn comments_are_collected() {
        let tree = parse("# top\na: 1 # right\n");
        let texts: Vec<_> = tree.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, [" top", " right"]);
    }
}
