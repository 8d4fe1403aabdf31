//! Renderers: diagnostics to text for people and to stable machine formats. They know
//! diagnostics and documents, never rules.

pub mod github;
pub mod json;
pub mod junit;
pub mod parseable;
pub mod sarif;
pub mod text;

use std::borrow::Cow;

use apigw_rules::Severity;
use apigw_syntax::{Document, Encoding, Span};

use crate::FileReport;

/// Counts of diagnostics by severity over a run.
#[derive(Default, Debug, Clone, Copy)]
pub struct Totals {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub files_with_problems: usize,
    pub files: usize,
    /// Files read and left alone: neither templates nor definitions of HTTP APIs.
    pub skipped: usize,
}

impl Totals {
    pub fn of(reports: &[FileReport]) -> Totals {
        let mut totals = Totals { files: reports.len(), ..Totals::default() };
        for report in reports {
            totals.files_with_problems += usize::from(!report.diagnostics.is_empty());
            for diagnostic in &report.diagnostics {
                match diagnostic.severity {
                    Severity::Error => totals.errors += 1,
                    Severity::Warning => totals.warnings += 1,
                    Severity::Info => totals.infos += 1,
                }
            }
        }
        totals
    }
}

/// A span as 1-based lines and columns (columns counted in `encoding`), end exclusive: how every
/// machine format states a range.
pub(crate) struct Region {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

impl Region {
    pub(crate) fn of(document: &Document, span: Span, encoding: Encoding) -> Region {
        let start = document.position(span.start as usize, encoding);
        let end = document.position(span.end as usize, encoding);
        Region { line: start.line + 1, column: start.column + 1, end_line: end.line + 1, end_column: end.column + 1 }
    }
}

/// The control characters (C0, DEL, C1) of `text` that must not reach a terminal or a CI log
/// raw, where an ESC sequence could rewrite the screen, with their offsets: all but tab, LF, and
/// CR before LF.
pub(crate) fn hidden_controls(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    text.char_indices().filter(|&(at, c)| c.is_control() && c != '\t' && c != '\n' && !(c == '\r' && text[at + 1..].starts_with('\n')))
}

/// `text` with its [`hidden_controls`] shown as Rust writes their code points (`\u{1b}`).
pub(crate) fn escape_controls(text: &str) -> Cow<'_, str> {
    let mut escaped = String::new();
    let mut copied = 0;
    for (at, control) in hidden_controls(text) {
        escaped.push_str(&text[copied..at]);
        escaped.extend(control.escape_unicode());
        copied = at + control.len_utf8();
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    escaped.push_str(&text[copied..]);
    Cow::Owned(escaped)
}

/// JSON as serde_json writes it, with DEL and the C1 controls (which it leaves raw, and some
/// terminals obey) written as `\u` escapes too. They can only be inside strings, where the
/// escape means the same character.
pub(crate) fn json_escape_controls(json: String) -> String {
    // serde_json escapes the C0 controls itself.
    let raw = |c: char| ('\u{7f}'..='\u{9f}').contains(&c);
    if !json.chars().any(raw) {
        return json;
    }
    json.chars().fold(String::with_capacity(json.len()), |mut out, c| {
        match c {
            c if raw(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            _ => out.push(c),
        }
        out
    })
}
