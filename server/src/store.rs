//! Open documents: text (a rope, for cheap incremental edits), version and the last lint result.
//! Edits are applied synchronously when they arrive, before any `.await`, so that concurrent
//! handlers cannot reorder them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use apigw_rules::Diagnostic;
use apigw_syntax::{Document, Format, SyntaxTree};
use ropey::Rope;
use tower_lsp_server::ls_types::{Position, TextDocumentContentChangeEvent, Uri};

use crate::convert::Encoding;

pub struct OpenDocument {
    pub version: i32,
    pub text: Rope,
    pub format: Format,
    /// The diagnostics of the newest version linted, with the text they were computed on.
    pub linted: Option<Arc<Linted>>,
}

/// One lint run: the text, its syntax tree (reused by hover, navigation and code actions, so an
/// unchanged document is never parsed twice) and the diagnostics.
pub struct Linted {
    pub version: i32,
    pub document: Document,
    pub tree: SyntaxTree,
    pub diagnostics: Vec<Diagnostic>,
    /// The definition files the document names, read from disk, with their findings.
    pub definitions: Vec<Definition>,
}

/// A definition file an open template names.
pub struct Definition {
    pub uri: Uri,
    pub document: Document,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Default)]
pub struct Store {
    documents: Mutex<HashMap<Uri, OpenDocument>>,
}

/// Why an edit was not applied.
#[derive(Debug, PartialEq, Eq)]
pub enum EditError {
    NotOpen,
}

impl Store {
    pub fn open(&self, uri: Uri, version: i32, text: String, format: Format) {
        let document = OpenDocument { version, text: Rope::from_str(&text), format, linted: None };
        self.lock().insert(uri, document);
    }

    pub fn close(&self, uri: &Uri) {
        self.lock().remove(uri);
    }

    /// Applies changes in order; positions outside the document are clamped to it.
    pub fn change(
        &self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) -> Result<(), EditError> {
        let mut documents = self.lock();
        let document = documents.get_mut(uri).ok_or(EditError::NotOpen)?;
        for change in changes {
            match change.range {
                None => document.text = Rope::from_str(&change.text),
                Some(range) => {
                    let start = char_index(&document.text, range.start, encoding);
                    let end = char_index(&document.text, range.end, encoding).max(start);
                    document.text.remove(start..end);
                    document.text.insert(start, &change.text);
                }
            }
        }
        document.version = version;
        Ok(())
    }

    /// The text and version to lint now.
    pub fn snapshot(&self, uri: &Uri) -> Option<(i32, String, Format)> {
        let documents = self.lock();
        let document = documents.get(uri)?;
        Some((document.version, document.text.to_string(), document.format))
    }

    pub fn version(&self, uri: &Uri) -> Option<i32> {
        self.lock().get(uri).map(|document| document.version)
    }

    /// Records a lint result unless the document moved on meanwhile, and returns it as stored.
    pub fn store_result(&self, uri: &Uri, linted: Linted) -> Option<Arc<Linted>> {
        let mut documents = self.lock();
        let document = documents.get_mut(uri)?;
        if document.version != linted.version {
            return None;
        }
        let linted = Arc::new(linted);
        document.linted = Some(linted.clone());
        Some(linted)
    }

    pub fn is_open(&self, uri: &Uri) -> bool {
        self.lock().contains_key(uri)
    }

    /// The open documents whose last lint read a definition file.
    pub fn naming(&self, definition: &Uri) -> Vec<Uri> {
        let documents = self.lock();
        let names = |document: &OpenDocument| {
            document.linted.as_ref().is_some_and(|linted| linted.definitions.iter().any(|file| &file.uri == definition))
        };
        documents.iter().filter(|(_, document)| names(document)).map(|(uri, _)| uri.clone()).collect()
    }

    pub fn uris(&self) -> Vec<Uri> {
        self.lock().keys().cloned().collect()
    }

    pub fn linted(&self, uri: &Uri) -> Option<Arc<Linted>> {
        self.lock().get(uri).and_then(|document| document.linted.clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Uri, OpenDocument>> {
        // A panic while holding the lock leaves consistent data (edits are applied whole).
        self.documents.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The char index of an LSP position; a line past the end is the end, a column past the end of
/// its line is the end of the line (before its line break).
fn char_index(text: &Rope, position: Position, encoding: Encoding) -> usize {
    let line = position.line as usize;
    if line >= text.len_lines() {
        return text.len_chars();
    }
    let line_start = text.line_to_char(line);
    let line_text = text.line(line);
    let mut units = 0u32;
    for (index, ch) in line_text.chars().enumerate() {
        if units >= position.character || ch == '\n' || ch == '\r' {
            return line_start + index;
        }
        units += match encoding {
            Encoding::Utf8 => ch.len_utf8() as u32,
            Encoding::Utf16 => ch.len_utf16() as u32,
        };
    }
    line_start + line_text.len_chars()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::Range;

    fn change(range: Option<((u32, u32), (u32, u32))>, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range.map(|((a, b), (c, d))| Range::new(Position::new(a, b), Position::new(c, d))),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn incremental_edits_in_utf16_and_out_of_range() {
        let store = Store::default();
        let uri: Uri = "file:///t.yaml".parse().unwrap();
        store.open(uri.clone(), 1, "a: \"𝄞x\"\nb: 2\n".into(), Format::Yaml);
        // After the surrogate pair (2 UTF-16 units), before `x`.
        store.change(&uri, 2, vec![change(Some(((0, 6), (0, 6))), "y")], Encoding::Utf16).unwrap();
        store.change(&uri, 3, vec![change(Some(((1, 3), (1, 99))), "3")], Encoding::Utf16).unwrap();
        store.change(&uri, 4, vec![change(Some(((9, 0), (9, 0))), "c: 4\n")], Encoding::Utf16).unwrap();
        assert_eq!(store.snapshot(&uri).unwrap(), (4, "a: \"𝄞yx\"\nb: 3\nc: 4\n".to_string(), Format::Yaml));
        let unknown: Uri = "file:///nope.yaml".parse().unwrap();
        assert_eq!(store.change(&unknown, 1, vec![change(None, "x")], Encoding::Utf16), Err(EditError::NotOpen));
    }
}
