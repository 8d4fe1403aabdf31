//! The `apigw-lint` command: finds files, lints them in parallel, renders the diagnostics.

pub mod discover;
pub mod render;

use std::path::{Path, PathBuf};

use apigw_rules::{Applicability, Diagnostic, Kind, RuleSet, fix_all, invalid_utf8, lint, looks_like_template};
use apigw_syntax::{Document, Format};

/// One linted file: its text (renderers need it for positions and code frames) and findings.
pub struct FileReport {
    pub path: PathBuf,
    pub document: Document,
    pub diagnostics: Vec<Diagnostic>,
    /// The CDK stack whose template this is, when the file was found through a cloud assembly.
    pub stack: Option<String>,
}

impl FileReport {
    /// The path as shown to people: relative paths stay as given, without a leading `./`.
    pub fn display_path(&self) -> String {
        let path = self.path.strip_prefix(".").unwrap_or(&self.path);
        path.display().to_string()
    }
}

/// Lints one file. A file that is not a template is `None`, quietly, unless it was named
/// explicitly and does not parse (then its syntax error is reported), or unless it does not parse
/// and looks like a template.
pub fn lint_file(path: &Path, explicit: bool, rules: &RuleSet) -> std::io::Result<Option<FileReport>> {
    let bytes = std::fs::read(path)?;
    let (document, bad_byte) = Document::from_bytes(bytes);
    if let Some(at) = bad_byte {
        let report = explicit || looks_like_template(document.text());
        let diagnostics = vec![invalid_utf8(at)];
        return Ok(report.then(|| FileReport { path: path.to_path_buf(), document, diagnostics, stack: None }));
    }
    let format = Format::detect(Some(path), document.text());
    let result = lint(&document, format, rules);
    let keep = match result.kind {
        Kind::Template => true,
        Kind::Other => false,
        Kind::Unparsable => explicit || looks_like_template(document.text()),
    };
    Ok(keep.then(|| FileReport { path: path.to_path_buf(), document, diagnostics: result.diagnostics, stack: None }))
}

/// A file's text before and after its fixes, and how many fixes that took.
pub struct FileFix {
    pub path: PathBuf,
    pub before: String,
    pub after: String,
    pub applied: usize,
}

/// Computes the fixes of one file (without writing it): `None` when nothing applies or the file
/// is not a template.
pub fn fix_file(path: &Path, rules: &RuleSet, applicability: Applicability) -> std::io::Result<Option<FileFix>> {
    let Ok(before) = String::from_utf8(std::fs::read(path)?) else { return Ok(None) };
    let format = Format::detect(Some(path), &before);
    Ok(fix_all(&before, format, rules, applicability).map(|fixed| FileFix {
        path: path.to_path_buf(),
        before,
        after: fixed.text,
        applied: fixed.applied,
    }))
}
