//! The first stages of the apigw-lint pipeline: text becomes a [`Document`] (source and line
//! index), then a [`SyntaxTree`] in which every node keeps its byte range, its key's range and its
//! YAML tag. YAML and JSON produce the same tree, so nothing downstream knows which it came from.

mod document;
mod json;
mod parse;
mod span;
mod tree;
mod yaml;

pub use document::{Document, Encoding, Position};
pub use parse::{Format, SyntaxError, SyntaxTree, parse};
pub use span::Span;
pub use tree::{Comment, Entry, Key, Node, Scalar, ScalarKind, Tag, Value};
pub use yaml::resolve_plain;

/// The deepest nesting a template may have. CloudFormation templates stay far below it; the cap
/// keeps every recursive walk over the tree bounded (the JSON parser caps at 512 on its own).
pub const MAX_DEPTH: usize = 256;
