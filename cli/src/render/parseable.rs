//! cfn-lint's `parseable` format, for tools that already read it: one line per diagnostic,
//! `file:line:column:end_line:end_column:code:message`.

use apigw_syntax::Encoding;

use super::{Region, escape_controls};
use crate::FileReport;

pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for report in reports {
        for diagnostic in &report.diagnostics {
            let region = Region::of(&report.document, diagnostic.span, Encoding::Characters);
            out.push_str(&format!(
                "{}:{}:{}:{}:{}:{}:{}\n",
                one_line(&report.display_path()),
                region.line,
                region.column,
                region.end_line,
                region.end_column,
                diagnostic.code,
                one_line(&diagnostic.message),
            ));
        }
    }
    out
}

/// `text` with its control characters escaped, line breaks too: one diagnostic is one line.
fn one_line(text: &str) -> String {
    escape_controls(text).replace('\r', "\\u{d}").replace('\n', "\\u{a}")
}
