//! GitHub Actions workflow commands: each diagnostic becomes an annotation on the file and line
//! in the pull request (`::error file=…,line=…::message`).

use apigw_rules::Severity;
use apigw_syntax::Encoding;

use super::{Region, escape_controls};
use crate::FileReport;

pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for report in reports {
        let file = report.display_path();
        for diagnostic in &report.diagnostics {
            let command = match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let region = Region::of(&report.document, diagnostic.span, Encoding::Characters);
            let title = format!("{} {}", diagnostic.code, diagnostic.name);
            let mut message = diagnostic.message.clone();
            let names: Vec<String> = [("construct", &diagnostic.construct), ("resource", &diagnostic.resource)]
                .into_iter()
                .filter_map(|(kind, name)| Some(format!("{kind} {}", name.as_ref()?)))
                .collect();
            if !names.is_empty() {
                message.push_str(&format!(" ({})", names.join(", ")));
            }
            out.push_str(&format!(
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                property(&file),
                region.line,
                region.column,
                region.end_line,
                region.end_column,
                property(&title),
                data(&message),
            ));
        }
    }
    out
}

/// Escapes a message as the workflow command syntax requires, and the other control characters
/// visibly: the runner writes the message to the log as it is.
fn data(text: &str) -> String {
    escape_controls(text).replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value, which also may not hold `:` or `,`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}
