//! Human output: a code frame per diagnostic (codespan-reporting) and a summary line.

use std::ops::Range;

use apigw_rules::{Applicability, Diagnostic, Severity};
use codespan_reporting::diagnostic::{Diagnostic as Frame, Label, Severity as FrameSeverity};
use codespan_reporting::files::{Error, Files, SimpleFile, column_index};
use codespan_reporting::term::termcolor::Buffer;
use codespan_reporting::term::{self, Config};

use super::{Totals, escape_controls, hidden_controls};
use crate::FileReport;

/// The code frames of one file's diagnostics.
pub fn file(report: &FileReport, color: bool) -> String {
    let path = escape_controls(&report.display_path()).into_owned();
    let source = EscapedSource::new(path, report.document.text());
    let config = Config::default();
    let mut buffer = if color { Buffer::ansi() } else { Buffer::no_color() };
    for diagnostic in &report.diagnostics {
        let frame = frame(diagnostic, report.stack.as_deref(), &source);
        // A diagnostic whose range no longer fits its file cannot be drawn; nothing else fails here.
        let _ = term::emit_to_write_style(&mut buffer, &config, &source, &frame);
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

fn frame(diagnostic: &Diagnostic, stack: Option<&str>, source: &EscapedSource) -> Frame<()> {
    let severity = match diagnostic.severity {
        Severity::Error => FrameSeverity::Error,
        Severity::Warning => FrameSeverity::Warning,
        Severity::Info => FrameSeverity::Note,
    };
    let mut labels = Vec::new();
    let mut notes = Vec::new();
    // An empty text is a file that was not read: codespan would draw an empty line 1 for it.
    if source.original.is_empty() {
        notes.push(format!("file: {}", source.file.name()));
    } else {
        labels.push(Label::primary((), source.escaped_range(diagnostic.span.range())));
        labels.extend(diagnostic.related.iter().map(|related| {
            Label::secondary((), source.escaped_range(related.span.range())).with_message(escape_controls(&related.message))
        }));
    }
    if let Some(construct) = &diagnostic.construct {
        notes.push(format!("construct: {construct}"));
    }
    if let Some(resource) = &diagnostic.resource {
        notes.push(format!("resource: {resource}"));
    }
    if let Some(stack) = stack {
        notes.push(format!("stack: {stack}"));
    }
    if let Some(fix) = &diagnostic.fix {
        let kind = match fix.applicability {
            Applicability::Safe => "fix",
            Applicability::Unsafe => "suggested fix (unsafe)",
        };
        notes.push(format!("{kind}: {}", fix.title));
    }
    Frame::new(severity)
        .with_code(format!("{}/{}", diagnostic.code, diagnostic.name))
        .with_message(escape_controls(&diagnostic.message))
        .with_labels(labels)
        .with_notes(notes.iter().map(|note| escape_controls(note).into_owned()).collect())
}

/// A file as its code frames show it: with control characters escaped, so that a template
/// cannot drive the terminal. Label ranges are moved onto the escaped text; columns are still
/// counted in the original text, as every other format counts them.
struct EscapedSource<'a> {
    /// The path and the escaped text.
    file: SimpleFile<String, String>,
    original: &'a str,
    /// The offsets just after each escaped character, in the original and in the escaped text.
    ends: Vec<(usize, usize)>,
}

impl<'a> EscapedSource<'a> {
    fn new(path: String, original: &'a str) -> Self {
        let mut added = 0;
        let ends = hidden_controls(original)
            .map(|(at, control)| {
                added += control.escape_unicode().len() - control.len_utf8();
                let end = at + control.len_utf8();
                (end, end + added)
            })
            .collect();
        EscapedSource { file: SimpleFile::new(path, escape_controls(original).into_owned()), original, ends }
    }

    fn escaped_range(&self, range: Range<usize>) -> Range<usize> {
        self.escaped(range.start)..self.escaped(range.end)
    }

    /// An offset of the original text in the escaped one: moved by what the escapes before it added.
    fn escaped(&self, offset: usize) -> usize {
        let before = self.ends.partition_point(|&(original, _)| original <= offset);
        self.ends[..before].last().map_or(offset, |&(original, escaped)| offset - original + escaped)
    }

    /// An offset of the escaped text (outside escapes) in the original one.
    fn original(&self, offset: usize) -> usize {
        let before = self.ends.partition_point(|&(_, escaped)| escaped <= offset);
        self.ends[..before].last().map_or(offset, |&(original, escaped)| offset - escaped + original)
    }
}

impl<'a> Files<'a> for EscapedSource<'_> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(self.file.name())
    }

    fn source(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(self.file.source())
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, Error> {
        self.file.line_index((), byte_index)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, Error> {
        self.file.line_range((), line_index)
    }

    fn column_number(&'a self, (): (), line_index: usize, byte_index: usize) -> Result<usize, Error> {
        let line = self.file.line_range((), line_index)?;
        let original_line = self.original(line.start)..self.original(line.end);
        Ok(column_index(self.original, original_line, self.original(byte_index)) + 1)
    }
}

/// The closing line of a run, and what it left alone.
pub fn summary(totals: &Totals) -> String {
    let files = plural(totals.files, "file");
    let mut line = if totals.errors + totals.warnings + totals.infos == 0 {
        format!("No problems found in {files}.")
    } else {
        let mut counts = vec![plural(totals.errors, "error"), plural(totals.warnings, "warning")];
        if totals.infos > 0 {
            counts.push(plural(totals.infos, "info"));
        }
        format!("Found {} in {} of {files}.", counts.join(", "), totals.files_with_problems)
    };
    match totals.skipped {
        0 if totals.files == 0 => line.push_str(" No YAML, JSON or .template file was found."),
        0 => {}
        1 => line.push_str(" 1 file skipped: not a CloudFormation template or an HTTP API's OpenAPI definition."),
        skipped => line.push_str(&format!(" {skipped} files skipped: not CloudFormation templates or HTTP APIs' OpenAPI definitions.")),
    }
    line
}

fn plural(count: usize, noun: &str) -> String {
    match (count, noun) {
        (1, _) | (_, "info") => format!("{count} {noun}"),
        _ => format!("{count} {noun}s"),
    }
}
