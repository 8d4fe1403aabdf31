//! A resource schema's JSON turned once into an arena of [`Rule`]s, so that validation never
//! touches JSON again: `$ref`s become indices (cycles included), patterns are compiled on first use.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use regex::Regex;
use serde_json::{Map, Value as Json};

/// An index into [`Compiled::rules`].
pub(super) type Id = usize;

/// The JSON types a value may have, as a bit set; empty means unconstrained.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Types(u8);

impl Types {
    pub const OBJECT: Types = Types(1);
    pub const ARRAY: Types = Types(2);
    pub const STRING: Types = Types(4);
    pub const INTEGER: Types = Types(8);
    pub const NUMBER: Types = Types(16);
    pub const BOOLEAN: Types = Types(32);
    pub const NULL: Types = Types(64);
    /// In the order messages list them.
    const NAMES: [(Types, &'static str, &'static str); 7] = [
        (Types::OBJECT, "object", "an object"),
        (Types::ARRAY, "array", "an array"),
        (Types::STRING, "string", "a string"),
        (Types::INTEGER, "integer", "an integer"),
        (Types::NUMBER, "number", "a number"),
        (Types::BOOLEAN, "boolean", "a boolean"),
        (Types::NULL, "null", "null"),
    ];

    fn parse(name: &str) -> Option<Types> {
        Types::NAMES.iter().find(|(_, n, _)| *n == name).map(|(t, _, _)| *t)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn contains(self, other: Types) -> bool {
        self.0 & other.0 != 0
    }

    pub fn union(self, other: Types) -> Types {
        Types(self.0 | other.0)
    }

    /// Schema names: `["string", "object"]`.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        Types::NAMES.iter().filter(move |(t, _, _)| self.contains(*t)).map(|(_, name, _)| *name)
    }

    /// For messages: `a string or an object`.
    pub fn describe(self) -> String {
        let words: Vec<&str> =
            Types::NAMES.iter().filter(|(t, _, _)| self.contains(*t)).map(|(_, _, words)| *words).collect();
        match words.split_last() {
            None => "a value".to_owned(),
            Some((last, [])) => (*last).to_owned(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        }
    }
}

/// A `pattern` compiled on first use: most patterns of a schema never meet a value.
#[derive(Debug)]
pub(super) struct Pattern {
    pub source: String,
    compiled: OnceLock<Option<Regex>>,
}

impl Pattern {
    fn new(source: &str) -> Self {
        Pattern { source: source.to_owned(), compiled: OnceLock::new() }
    }

    /// `None` when the pattern does not compile in Rust's regex dialect; callers then skip it.
    pub fn regex(&self) -> Option<&Regex> {
        self.compiled.get_or_init(|| Regex::new(&translate_pattern(&self.source)).ok()).as_ref()
    }

    /// JSON Schema patterns are unanchored searches. `None`: the pattern cannot be checked.
    /// As in Python's and Java's regexes, `$` may also match before a final newline (a YAML
    /// block scalar ends with one).
    pub fn is_match(&self, text: &str) -> Option<bool> {
        let regex = self.regex()?;
        Some(regex.is_match(text) || text.strip_suffix('\n').is_some_and(|text| regex.is_match(text)))
    }
}

/// Rewrites the Python/ECMA-isms the schemas use that Rust's regex spells differently:
/// `\Z` (end of text) is `\z`. Anything else that Rust does not support fails to compile.
fn translate_pattern(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars();
    while let Some(ch) = chars.next() {
        if ch != '\\' {
            out.push(ch);
            continue;
        }
        match chars.next() {
            Some('Z') => out.push_str("\\z"),
            Some(next) => {
                out.push('\\');
                out.push(next);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// What `additionalProperties` says about keys that neither `properties` nor
/// `patternProperties` name.
#[derive(Debug, Default)]
pub(super) enum Additional {
    #[default]
    Allowed,
    Forbidden,
    Schema(Id),
}

/// One schema object. Keywords that are not listed are ignored (they never cause a report).
#[derive(Debug, Default)]
pub(super) struct Rule {
    pub types: Types,
    /// `format: json`: a JSON document, written as an object or as a string.
    pub json: bool,
    pub description: Option<String>,
    /// In schema order.
    pub properties: Vec<(String, Id)>,
    /// A pattern that does not compile accepts every key and validates nothing.
    pub pattern_properties: Vec<(Arc<Pattern>, Id)>,
    pub additional: Additional,
    pub required: Vec<String>,
    pub items: Option<Id>,
    /// `enum`, or `const` as an enum of one.
    pub allowed: Option<Vec<Json>>,
    pub pattern: Option<Arc<Pattern>>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub minimum: Option<Json>,
    pub maximum: Option<Json>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    /// `allOf` branches and the `$ref` target: the value must satisfy each.
    pub all_of: Vec<Id>,
    /// `anyOf` and `oneOf` groups: the value must satisfy a branch of each (oneOf is read as
    /// anyOf: the lenient reading never reports a valid value).
    pub any_of: Vec<Vec<Id>>,
}

impl Rule {
    /// `types`, widened for `format: json` (a document as an object or a string).
    pub fn accepted_types(&self) -> Types {
        if self.json { self.types.union(Types::OBJECT).union(Types::STRING) } else { self.types }
    }
}

/// The rules of one schema document; `rules[root]` is the document itself.
#[derive(Debug)]
pub(super) struct Compiled {
    pub rules: Vec<Rule>,
    pub root: Id,
}

impl Compiled {
    pub fn new(document: &Json) -> Compiled {
        let mut compiler = Compiler { document, rules: Vec::new(), refs: HashMap::new(), patterns: HashMap::new() };
        let root = compiler.compile(document);
        Compiled { rules: compiler.rules, root }
    }
}

struct Compiler<'a> {
    document: &'a Json,
    rules: Vec<Rule>,
    /// `$ref` pointers already compiled (or being compiled, for cycles).
    refs: HashMap<&'a str, Id>,
    /// One [`Pattern`] per distinct source, so each regex compiles at most once per schema.
    patterns: HashMap<&'a str, Arc<Pattern>>,
}

impl<'a> Compiler<'a> {
    fn compile(&mut self, schema: &'a Json) -> Id {
        let id = self.rules.len();
        self.rules.push(Rule::default());
        let rule = match schema {
            Json::Object(object) => self.rule(object),
            // `true`, `{}`-like booleans and anything malformed accept everything.
            _ => Rule::default(),
        };
        self.rules[id] = rule;
        id
    }

    fn rule(&mut self, object: &'a Map<String, Json>) -> Rule {
        let mut rule = Rule::default();
        for (keyword, value) in object {
            match (keyword.as_str(), value) {
                ("type", Json::String(name)) => rule.types = Types::parse(name).unwrap_or_default(),
                ("type", Json::Array(names)) => {
                    let parsed: Option<Vec<Types>> = names.iter().map(|n| n.as_str().and_then(Types::parse)).collect();
                    // An unknown type name makes the whole list unconstrained rather than wrong.
                    rule.types =
                        parsed.map_or(Types::default(), |ts| ts.into_iter().fold(Types::default(), Types::union));
                }
                ("format", Json::String(format)) => rule.json = format == "json",
                ("description", Json::String(text)) => rule.description = Some(text.clone()),
                ("properties", Json::Object(properties)) => {
                    rule.properties =
                        properties.iter().map(|(name, schema)| (name.clone(), self.compile(schema))).collect();
                }
                ("patternProperties", Json::Object(properties)) => {
                    rule.pattern_properties = properties
                        .iter()
                        .map(|(pattern, schema)| (self.pattern(pattern), self.compile(schema)))
                        .collect();
                }
                ("additionalProperties", Json::Bool(false)) => rule.additional = Additional::Forbidden,
                ("additionalProperties", schema @ Json::Object(_)) => {
                    rule.additional = Additional::Schema(self.compile(schema));
                }
                ("required", Json::Array(names)) => {
                    rule.required = names.iter().filter_map(|n| n.as_str().map(str::to_owned)).collect();
                }
                ("items", schema @ Json::Object(_)) => rule.items = Some(self.compile(schema)),
                ("enum", Json::Array(values)) => rule.allowed = Some(values.clone()),
                ("const", value) => rule.allowed = Some(vec![value.clone()]),
                ("pattern", Json::String(pattern)) => rule.pattern = Some(self.pattern(pattern)),
                ("minLength", n) => rule.min_length = n.as_u64(),
                ("maxLength", n) => rule.max_length = n.as_u64(),
                ("minimum", n @ Json::Number(_)) => rule.minimum = Some(n.clone()),
                ("maximum", n @ Json::Number(_)) => rule.maximum = Some(n.clone()),
                ("minItems", n) => rule.min_items = n.as_u64(),
                ("maxItems", n) => rule.max_items = n.as_u64(),
                ("$ref", Json::String(pointer)) => rule.all_of.extend(self.reference(pointer)),
                ("allOf", Json::Array(branches)) => rule.all_of.extend(branches.iter().map(|b| self.compile(b))),
                ("anyOf" | "oneOf", Json::Array(branches)) if !branches.is_empty() => {
                    let group = branches.iter().map(|b| self.compile(b)).collect();
                    rule.any_of.push(group);
                }
                _ => {}
            }
        }
        rule
    }

    /// A `$ref` within this document (`#/definitions/X`); other documents are not resolved and
    /// such a reference accepts everything.
    fn reference(&mut self, pointer: &'a str) -> Option<Id> {
        if let Some(&id) = self.refs.get(pointer) {
            return Some(id);
        }
        let target = self.document.pointer(pointer.strip_prefix('#')?)?;
        let id = self.rules.len();
        self.rules.push(Rule::default());
        // Registered before compiling the target, so a cycle comes back to `id`.
        self.refs.insert(pointer, id);
        let target_id = self.compile(target);
        self.rules[id].all_of.push(target_id);
        Some(id)
    }

    fn pattern(&mut self, source: &'a str) -> Arc<Pattern> {
        self.patterns.entry(source).or_insert_with(|| Arc::new(Pattern::new(source))).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_resolve_including_cycles() {
        let document: Json = serde_json::from_str(
            r##"{"properties": {"A": {"$ref": "#/definitions/Node"}, "B": {"$ref": "#/definitions/Missing"}},
                 "definitions": {"Node": {"type": "object", "properties": {"Next": {"$ref": "#/definitions/Node"}}}}}"##,
        )
        .unwrap();
        let compiled = Compiled::new(&document);
        let root = &compiled.rules[compiled.root];
        let a = root.properties[0].1;
        let node = compiled.rules[a].all_of[0];
        let next = compiled.rules[compiled.rules[node].all_of[0]].properties[0].1;
        assert_eq!(compiled.rules[next].all_of, vec![node], "the cycle comes back to the same rule");
        assert!(compiled.rules[root.properties[1].1].all_of.is_empty(), "an unresolved $ref accepts anything");
    }

    #[test]
    fn patterns_translate_or_fail_quietly() {
        assert_eq!(Pattern::new(r"^[a-z]+\Z").is_match("abc"), Some(true));
        assert_eq!(Pattern::new(r"^[a-z]+\Z").is_match("ab1"), Some(false));
        assert_eq!(Pattern::new(r"^[0-9A-Za-z\.\-_]*(?<!\.)$").is_match("a."), None, "look-behind is unsupported");
        assert_eq!(Pattern::new(r"^[\u0009\u000A\u000D\u0020-\u00FF]+$").is_match("{ }"), Some(true));
        assert_eq!(Pattern::new(r"sg-").is_match("my-sg-1"), Some(true), "unanchored");
        assert_eq!(Pattern::new(r"^a.b$").is_match("a.b\n"), Some(true), "$ before a final newline");
    }

    #[test]
    fn types_describe_themselves() {
        assert_eq!(Types::STRING.describe(), "a string");
        assert_eq!(Types::STRING.union(Types::OBJECT).describe(), "an object or a string");
        assert_eq!(
            Types::STRING.union(Types::OBJECT).union(Types::ARRAY).describe(),
            "an object, an array or a string"
        );
    }
}
