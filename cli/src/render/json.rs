//! The stable JSON output: one array of diagnostics over all files. Lines and columns are
//! 1-based, columns count characters; ranges are end-exclusive.

use apigw_rules::{Applicability, Diagnostic};
use apigw_syntax::{Document, Encoding, Span};
use serde_json::{Value, json};

use super::Region;
use crate::FileReport;

pub fn render(reports: &[FileReport]) -> String {
    let items: Vec<Value> = reports
        .iter()
        .flat_map(|report| report.diagnostics.iter().map(move |diagnostic| item(report, diagnostic)))
        .collect();
    let mut out = serde_json::to_string_pretty(&Value::Array(items)).map_or_else(|_| "[]".to_string(), super::json_escape_controls);
    out.push('\n');
    out
}

fn item(report: &FileReport, diagnostic: &Diagnostic) -> Value {
    let document = &report.document;
    let mut value = json!({
        "file": report.display_path(),
        "code": diagnostic.code,
        "name": diagnostic.name,
        "severity": diagnostic.severity.as_str(),
        "message": diagnostic.message,
    });
    let object = value.as_object_mut().expect("an object");
    object.extend(range(document, diagnostic.span).as_object().cloned().unwrap_or_default());
    if let Some(resource) = &diagnostic.resource {
        object.insert("resource".into(), json!(resource));
    }
    if let Some(construct) = &diagnostic.construct {
        object.insert("construct".into(), json!(construct));
    }
    if let Some(stack) = &report.stack {
        object.insert("stack".into(), json!(stack));
    }
    if !diagnostic.related.is_empty() {
        let related: Vec<Value> = diagnostic
            .related
            .iter()
            .map(|related| {
                let mut item = range(document, related.span);
                item["message"] = json!(related.message);
                item
            })
            .collect();
        object.insert("related".into(), json!(related));
    }
    if let Some(fix) = &diagnostic.fix {
        let edits: Vec<Value> = fix
            .edits
            .iter()
            .map(|edit| {
                let mut item = range(document, edit.span);
                item["text"] = json!(edit.text);
                item
            })
            .collect();
        let applicability = match fix.applicability {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        };
        object.insert("fix".into(), json!({"title": fix.title, "applicability": applicability, "edits": edits}));
    }
    value
}

fn range(document: &Document, span: Span) -> Value {
    let region = Region::of(document, span, Encoding::Characters);
    json!({"line": region.line, "column": region.column, "end_line": region.end_line, "end_column": region.end_column})
}
