//! Between our diagnostics (byte spans) and LSP's (line and column in the negotiated encoding).

use apigw_rules::{Diagnostic, Edit, Severity};
use apigw_syntax::{Document, Encoding as Columns, Span};
use tower_lsp_server::ls_types::{
    self as lsp, CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Position,
    Range, TextEdit, Uri,
};

/// The position encoding negotiated with the client: UTF-16 unless it offers UTF-8.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    fn columns(self) -> Columns {
        match self {
            Encoding::Utf8 => Columns::Utf8,
            Encoding::Utf16 => Columns::Utf16,
        }
    }
}

pub fn range(document: &Document, span: Span, encoding: Encoding) -> Range {
    let position = |offset: u32| {
        let at = document.position(offset as usize, encoding.columns());
        Position::new(at.line, at.column)
    };
    Range::new(position(span.start), position(span.end))
}

pub fn offset(document: &Document, position: Position, encoding: Encoding) -> Option<usize> {
    document.offset(apigw_syntax::Position { line: position.line, column: position.character }, encoding.columns())
}

pub fn diagnostic(uri: &Uri, document: &Document, diagnostic: &Diagnostic, encoding: Encoding) -> lsp::Diagnostic {
    let severity = match diagnostic.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    };
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .related
        .iter()
        .map(|related| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), range(document, related.span, encoding)),
            message: related.message.clone(),
        })
        .collect();
    let code_description = apigw_rules::find(diagnostic.code)
        .and_then(|rule| rule.meta.url().parse().ok())
        .map(|href| CodeDescription { href });
    lsp::Diagnostic {
        range: range(document, diagnostic.span, encoding),
        severity: Some(severity),
        code: Some(NumberOrString::String(diagnostic.code.to_string())),
        code_description,
        source: Some("apigw-lint".to_string()),
        message: message(diagnostic),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// The message the editor shows: with the CDK construct and the fix, when there are.
pub fn message(diagnostic: &Diagnostic) -> String {
    let mut message = diagnostic.message.clone();
    if let Some(construct) = &diagnostic.construct {
        message.push_str(&format!(" (construct {construct})"));
    }
    if let Some(fix) = &diagnostic.fix {
        message.push_str(&format!(" (fix: {})", fix.title));
    }
    message
}

pub fn text_edit(document: &Document, edit: &Edit, encoding: Encoding) -> TextEdit {
    TextEdit { range: range(document, edit.span, encoding), new_text: edit.text.clone() }
}
