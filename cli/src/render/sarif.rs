//! SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, IDE viewers): the enabled rules with
//! their help, one result per diagnostic with its region, the resource as a logical location,
//! related locations and fixes as replacements. Columns count UTF-16 code units (SARIF's default).

use apigw_rules::{Applicability, Diagnostic, Registered, Severity};
use apigw_syntax::{Document, Encoding, Span};
use serde_json::{Value, json};

use super::Region;
use crate::FileReport;

pub fn render(reports: &[FileReport], rules: &[&'static Registered]) -> String {
    let rule_index = |code: &str| rules.iter().position(|rule| rule.meta.code == code);
    let descriptors: Vec<Value> = rules
        .iter()
        .map(|rule| {
            let meta = rule.meta;
            json!({
                "id": meta.code,
                "name": meta.name,
                "shortDescription": {"text": meta.summary()},
                "helpUri": meta.url(),
                "help": {"text": meta.documentation(), "markdown": meta.documentation()},
                "defaultConfiguration": {"level": level(meta.severity)},
            })
        })
        .collect();
    let results: Vec<Value> = reports
        .iter()
        .flat_map(|report| {
            report.diagnostics.iter().map(move |diagnostic| result(report, diagnostic, rule_index(diagnostic.code)))
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "apigw-lint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": descriptors,
            }},
            "columnKind": "utf16CodeUnits",
            "originalUriBaseIds": {"%SRCROOT%": {"uri": "./"}},
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).map(super::json_escape_controls).unwrap_or_default();
    out.push('\n');
    out
}

fn result(report: &FileReport, diagnostic: &Diagnostic, rule_index: Option<usize>) -> Value {
    let uri = artifact_uri(&report.display_path());
    let document = &report.document;
    let mut location = json!({"physicalLocation": physical(&uri, document, diagnostic.span)});
    // The resource's logical id is its name; its CDK construct path, where known, is its fully
    // qualified name (a construct path also names a resource that has no logical id here).
    let name = diagnostic.resource.as_deref().or(diagnostic.construct.as_deref());
    if let Some(name) = name {
        let mut logical = json!({"name": name, "kind": "resource"});
        if let Some(construct) = &diagnostic.construct {
            logical["fullyQualifiedName"] = json!(construct);
        }
        location["logicalLocations"] = json!([logical]);
    }
    let mut result = json!({
        "ruleId": diagnostic.code,
        "level": level(diagnostic.severity),
        "message": {"text": diagnostic.message},
        "locations": [location],
    });
    if let Some(index) = rule_index {
        result["ruleIndex"] = json!(index);
    }
    if let Some(stack) = &report.stack {
        result["properties"] = json!({"stack": stack});
    }
    if !diagnostic.related.is_empty() {
        let related: Vec<Value> = diagnostic
            .related
            .iter()
            .enumerate()
            .map(|(id, related)| {
                json!({"id": id, "physicalLocation": physical(&uri, document, related.span), "message": {"text": related.message}})
            })
            .collect();
        result["relatedLocations"] = json!(related);
    }
    if let Some(fix) = &diagnostic.fix {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|edit| json!({"deletedRegion": region(document, edit.span), "insertedContent": {"text": edit.text}}))
            .collect();
        let kind = if fix.applicability == Applicability::Safe { "" } else { " (unsafe)" };
        result["fixes"] = json!([{
            "description": {"text": format!("{}{kind}", fix.title)},
            "artifactChanges": [{"artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"}, "replacements": replacements}],
        }]);
    }
    result
}

fn physical(uri: &str, document: &Document, span: Span) -> Value {
    json!({"artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"}, "region": region(document, span)})
}

fn region(document: &Document, span: Span) -> Value {
    let region = Region::of(document, span, Encoding::Utf16);
    json!({
        "startLine": region.line,
        "startColumn": region.column,
        "endLine": region.end_line,
        "endColumn": region.end_column,
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI reference: forward slashes, with the characters URIs reserve escaped.
fn artifact_uri(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.replace('\\', "/").bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => uri.push(byte as char),
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri
}
