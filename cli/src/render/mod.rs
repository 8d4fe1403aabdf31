//! Renderers: diagnostics to text for people and to stable machine formats. They know
//! diagnostics and documents, never rules.

pub mod github;
pub mod json;
pub mod junit;
pub mod parseable;
pub mod sarif;
pub mod text;

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
