//! cfn-lint's `parseable` format, for tools that already read it: one line per diagnostic,
//! `file:line:column:end_line:end_column:code:message`.

use apigw_syntax::Encoding;

use crate::FileReport;

pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for report in reports {
        for diagnostic in &report.diagnostics {
            let start = report.document.position(diagnostic.span.start as usize, Encoding::Characters);
            let end = report.document.position(diagnostic.span.end as usize, Encoding::Characters);
            out.push_str(&format!(
                "{}:{}:{}:{}:{}:{}:{}\n",
                report.display_path(),
                start.line + 1,
                start.column + 1,
                end.line + 1,
                end.column + 1,
                diagnostic.code,
                diagnostic.message.replace('\n', " "),
            ));
        }
    }
    out
}
