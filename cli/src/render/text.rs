//! Human output: a code frame per diagnostic (codespan-reporting) and a summary line.

use apigw_rules::{Applicability, Diagnostic, Severity};
use codespan_reporting::diagnostic::{Diagnostic as Frame, Label, Severity as FrameSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::termcolor::Buffer;
use codespan_reporting::term::{self, Config};

use super::Totals;
use crate::FileReport;

/// The code frames of one file's diagnostics.
pub fn file(report: &FileReport, color: bool) -> String {
    let file = SimpleFile::new(report.display_path(), report.document.text());
    let config = Config::default();
    let mut buffer = if color { Buffer::ansi() } else { Buffer::no_color() };
    for diagnostic in &report.diagnostics {
        let frame = frame(diagnostic, report.stack.as_deref());
        // A diagnostic whose range no longer fits its file cannot be drawn; nothing else fails here.
        let _ = term::emit_to_write_style(&mut buffer, &config, &file, &frame);
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

fn frame(diagnostic: &Diagnostic, stack: Option<&str>) -> Frame<()> {
    let severity = match diagnostic.severity {
        Severity::Error => FrameSeverity::Error,
        Severity::Warning => FrameSeverity::Warning,
        Severity::Info => FrameSeverity::Note,
    };
    let mut labels = vec![Label::primary((), diagnostic.span.range())];
    labels.extend(diagnostic.related.iter().map(|related| Label::secondary((), related.span.range()).with_message(&related.message)));
    let mut notes = Vec::new();
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
        .with_message(&diagnostic.message)
        .with_labels(labels)
        .with_notes(notes)
}

/// The closing line of a run.
pub fn summary(totals: &Totals) -> String {
    let files = plural(totals.files, "file");
    if totals.errors + totals.warnings + totals.infos == 0 {
        return format!("No problems found in {files}.");
    }
    let mut counts = vec![plural(totals.errors, "error"), plural(totals.warnings, "warning")];
    if totals.infos > 0 {
        counts.push(plural(totals.infos, "info"));
    }
    format!("Found {} in {} of {files}.", counts.join(", "), totals.files_with_problems)
}

fn plural(count: usize, noun: &str) -> String {
    match (count, noun) {
        (1, _) | (_, "info") => format!("{count} {noun}"),
        _ => format!("{count} {noun}s"),
    }
}
