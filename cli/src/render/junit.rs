//! JUnit XML for CI systems that show test reports: one test suite per file, one failing test
//! case per diagnostic, and one passing case for a file without problems.

use apigw_syntax::Encoding;

use super::{Region, escape_controls};
use crate::FileReport;

pub fn render(reports: &[FileReport]) -> String {
    let tests: usize = reports.iter().map(|report| report.diagnostics.len().max(1)).sum();
    let failures: usize = reports.iter().map(|report| report.diagnostics.len()).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!("<testsuites name=\"apigw-lint\" tests=\"{tests}\" failures=\"{failures}\">\n"));
    for report in reports {
        let file = escape(&report.display_path());
        let count = report.diagnostics.len();
        out.push_str(&format!(
            "  <testsuite name=\"{file}\" tests=\"{}\" failures=\"{count}\">\n",
            count.max(1)
        ));
        if count == 0 {
            out.push_str(&format!("    <testcase name=\"apigw-lint\" classname=\"{file}\"/>\n"));
        }
        for diagnostic in &report.diagnostics {
            let region = Region::of(&report.document, diagnostic.span, Encoding::Characters);
            let location = format!("{}:{}:{}", report.display_path(), region.line, region.column);
            out.push_str(&format!(
                "    <testcase name=\"{} {} at {}\" classname=\"{file}\">\n      <failure type=\"{}\" message=\"{}\">{}: {}</failure>\n    </testcase>\n",
                diagnostic.code,
                diagnostic.name,
                escape(&location),
                diagnostic.severity.as_str(),
                escape(&diagnostic.message),
                escape(&location),
                escape(&diagnostic.message),
            ));
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Escapes markup, and control characters visibly: XML 1.0 allows none but tab, LF and CR, not
/// even as character references.
fn escape(text: &str) -> String {
    escape_controls(text).replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}
