use crate::Span;

/// A node of a YAML or JSON document with the byte range it was written at (including its tag,
/// quotes and brackets).
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
    /// A YAML local tag such as `!Ref` or `!GetAtt`; never set for JSON.
    pub tag: Option<Tag>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Scalar(Scalar),
    /// Entries in source order; a repeated key is kept as a second entry.
    Mapping(Vec<Entry>),
    Sequence(Vec<Node>),
    /// A YAML alias (`*name`). Aliases are never expanded, so an alias bomb stays small.
    Alias(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    /// The value after unescaping, as written for numbers and booleans.
    pub text: String,
    pub kind: ScalarKind,
}

/// The type a scalar resolves to: JSON types, or the YAML 1.2 core schema for plain YAML scalars.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarKind {
    Null,
    Bool(bool),
    Number,
    String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Key,
    pub value: Node,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub text: String,
    pub span: Span,
}

/// A YAML tag, `name` without the leading `!` (`Ref`, `GetAtt`, …).
#[derive(Clone, Debug, PartialEq)]
pub struct Tag {
    pub name: String,
    pub span: Span,
}

/// A comment with the span of its `#` and text.
#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    pub text: String,
    pub span: Span,
}

impl Node {
    pub fn entries(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Mapping(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn items(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Sequence(items) => Some(items),
            _ => None,
        }
    }

    pub fn scalar(&self) -> Option<&Scalar> {
        match &self.value {
            Value::Scalar(scalar) => Some(scalar),
            _ => None,
        }
    }

    /// The first entry with this key (a repeated key is AGW002's business).
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries()?.iter().find(|entry| entry.key.text == key)
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|entry| &entry.value)
    }

    /// The text of an untagged string, number or boolean scalar: CloudFormation reads all of
    /// them as strings.
    pub fn as_str(&self) -> Option<&str> {
        match (&self.value, &self.tag) {
            (Value::Scalar(scalar), None) if scalar.kind != ScalarKind::Null => Some(&scalar.text),
            _ => None,
        }
    }

    /// A boolean as CloudFormation accepts it: `true`/`false`, also quoted.
    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            Value::Scalar(Scalar { kind: ScalarKind::Bool(value), .. }) if self.tag.is_none() => Some(*value),
            _ => match self.as_str()?.to_ascii_lowercase().as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
        }
    }

    pub fn is_null(&self) -> bool {
        self.tag.is_none() && matches!(&self.value, Value::Scalar(Scalar { kind: ScalarKind::Null, .. }))
    }

    /// A short name of the node's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            Value::Scalar(scalar) => match scalar.kind {
                ScalarKind::Null => "null",
                ScalarKind::Bool(_) => "boolean",
                ScalarKind::Number => "number",
                ScalarKind::String => "string",
            },
            Value::Mapping(_) => "object",
            Value::Sequence(_) => "array",
            Value::Alias(_) => "alias",
        }
    }

    /// Every node of this subtree, parents before children, without recursion.
    pub fn descendants(&self) -> impl Iterator<Item = &Node> {
        let mut stack = vec![self];
        std::iter::from_fn(move || {
            let node = stack.pop()?;
            match &node.value {
                Value::Mapping(entries) => stack.extend(entries.iter().rev().map(|entry| &entry.value)),
                Value::Sequence(items) => stack.extend(items.iter().rev()),
                _ => {}
            }
            Some(node)
        })
    }
}
