//! Code actions: each diagnostic's fix as a quick fix, and "fix all safe fixes" for the file,
//! both as minimal edits (the whole-file fix result is diffed back into edits per changed hunk).

use std::collections::HashMap;
use std::sync::LazyLock;

use apigw_rules::{Applicability, Edit, Editor, RuleSet, fix_all};
use apigw_syntax::Span;
use tower_lsp_server::ls_types::*;

use crate::convert::{self, Encoding};
use crate::store::Linted;

pub static FIX_ALL: LazyLock<CodeActionKind> = LazyLock::new(|| CodeActionKind::new("source.fixAll.apigw-lint"));

pub fn code_actions(params: &CodeActionParams, linted: &Linted, rules: &RuleSet, encoding: Encoding) -> CodeActionResponse {
    let format = linted.tree.format;
    let uri = &params.text_document.uri;
    let document = &linted.document;
    let wants = |kind: &CodeActionKind| {
        params.context.only.as_ref().is_none_or(|only| only.iter().any(|wanted| kind.as_str().starts_with(wanted.as_str())))
    };
    let mut actions = Vec::new();
    if wants(&CodeActionKind::QUICKFIX) {
        let (start, end) = requested(params, document, encoding);
        for diagnostic in &linted.diagnostics {
            let touches = diagnostic.span.start as usize <= end && start <= diagnostic.span.end as usize;
            let Some(fix) = diagnostic.fix.as_ref().filter(|_| touches) else { continue };
            let edits = fix.edits.iter().map(|edit| convert::text_edit(document, edit, encoding)).collect();
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![convert::diagnostic(uri, document, diagnostic, encoding)]),
                edit: Some(workspace_edit(uri, edits)),
                is_preferred: Some(fix.applicability == Applicability::Safe),
                ..CodeAction::default()
            }));
        }
    }
    if wants(&CodeActionKind::QUICKFIX) {
        actions.extend(suppressions(params, linted, encoding));
    }
    let has_safe_fix = linted.diagnostics.iter().any(|d| d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Safe));
    if wants(&FIX_ALL) && has_safe_fix {
        if let Some(fixed) = fix_all(document.text(), format, rules, Applicability::Safe) {
            let edits = minimal_edits(document.text(), &fixed.text)
                .iter()
                .map(|edit| convert::text_edit(document, edit, encoding))
                .collect();
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "Fix all safe apigw-lint problems".to_string(),
                kind: Some(FIX_ALL.clone()),
                edit: Some(workspace_edit(uri, edits)),
                ..CodeAction::default()
            }));
        }
    }
    actions
}

/// "Ignore CODE for resource X": a suppression in the resource's Metadata, for each diagnostic in
/// the range that is about a resource.
fn suppressions(params: &CodeActionParams, linted: &Linted, encoding: Encoding) -> Vec<CodeActionOrCommand> {
    let document = &linted.document;
    let Some(template) = linted.tree.root.as_ref().and_then(apigw_model::Template::read) else { return Vec::new() };
    let editor = Editor::new(document, linted.tree.format);
    let (start, end) = requested(params, document, encoding);
    let mut actions = Vec::new();
    for diagnostic in linted.diagnostics.iter().filter(|d| d.span.start as usize <= end && start <= d.span.end as usize) {
        let Some(resource) = diagnostic.resource.as_deref().and_then(|id| template.resource(id)) else { continue };
        let Some(edit) = editor.add_suppression(resource, diagnostic.code) else { continue };
        let uri = &params.text_document.uri;
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Ignore {} for `{}` (in its Metadata)", diagnostic.code, resource.id),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![convert::diagnostic(uri, document, diagnostic, encoding)]),
            edit: Some(workspace_edit(uri, vec![convert::text_edit(document, &edit, encoding)])),
            ..CodeAction::default()
        }));
    }
    actions
}

/// The byte range a code action request asks about.
fn requested(params: &CodeActionParams, document: &apigw_syntax::Document, encoding: Encoding) -> (usize, usize) {
    let start = convert::offset(document, params.range.start, encoding).unwrap_or(0);
    let end = convert::offset(document, params.range.end, encoding).unwrap_or(document.text().len());
    (start, end)
}

fn workspace_edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), edits)])), ..WorkspaceEdit::default() }
}

/// The changed line ranges between two texts, as edits of the first.
fn minimal_edits(before: &str, after: &str) -> Vec<Edit> {
    let diff = similar::TextDiff::from_lines(before, after);
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(before.match_indices('\n').map(|(at, _)| at + 1))
        .collect();
    let offset = |line: usize| line_starts.get(line).copied().unwrap_or(before.len());
    let new_lines: Vec<&str> = diff.new_slices().to_vec();
    let mut edits = Vec::new();
    for op in diff.ops() {
        let (old, new) = (op.old_range(), op.new_range());
        if matches!(op, similar::DiffOp::Equal { .. }) {
            continue;
        }
        let text: String = new_lines[new].concat();
        edits.push(Edit { span: Span::new(offset(old.start), offset(old.end)), text });
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_edits_touch_only_changed_lines() {
        let before = "a\nb\nc\nd\n";
        let after = "a\nB\nc\nd\ne\n";
        let edits = minimal_edits(before, after);
        assert_eq!(edits, [Edit { span: Span::new(2, 4), text: "B\n".into() }, Edit { span: Span::new(8, 8), text: "e\n".into() }]);
        assert_eq!(apigw_rules::apply_edits(before, &edits), after);
    }
}
