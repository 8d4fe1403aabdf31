//! Suppressions that users write in templates, honoured by the CLI and the language server alike:
//! - `Metadata: {apigw-lint: {ignore: [AGW401]}}` on a resource (its diagnostics) or at the top
//!   of the template (every diagnostic);
//! - a YAML comment `# apigw-lint: ignore[AGW401, AGW105]` at the end of the line a diagnostic
//!   starts on, or alone on the line above it (`# apigw-lint: ignore` without codes ignores all).
//!
//! A suppression that suppressed nothing of a rule that ran is reported (AGW010), as ruff reports
//! unused `noqa` comments, so that stale suppressions do not pile up.

use apigw_model::Template;
use apigw_syntax::{Comment, Document, Encoding, Node, Span};

use crate::diagnostic::{Diagnostic, Edit, Fix, Applicability};
use crate::lint::RuleSet;
use crate::rules::UnusedSuppression;
use crate::suggest::closest_rule;

const DIRECTIVE: &str = "apigw-lint:";

enum Scope {
    Template,
    /// The range of a resource's definition.
    Resource(Span),
    /// A zero-based line.
    Line(u32),
}

/// A code (or rule name) listed in a suppression, and where it is written.
struct Listed {
    code: String,
    span: Span,
    used: bool,
}

struct Suppression {
    scope: Scope,
    /// Empty for a bare `# apigw-lint: ignore` (all codes).
    codes: Vec<Listed>,
    /// A comment's range, for removing it whole.
    comment: Option<Span>,
    used: bool,
}

pub struct Suppressions {
    list: Vec<Suppression>,
}

impl Suppressions {
    pub fn collect(document: &Document, template: Option<&Template>, comments: &[Comment]) -> Suppressions {
        let mut list = Vec::new();
        if let Some(template) = template {
            if let Some(codes) = metadata_codes(template.root.get("Metadata")) {
                list.push(Suppression { scope: Scope::Template, codes, comment: None, used: false });
            }
            for resource in &template.resources {
                if let Some(codes) = metadata_codes(resource.metadata) {
                    let span = Span { start: resource.id_span.start, end: resource.node.span.end };
                    list.push(Suppression { scope: Scope::Resource(span), codes, comment: None, used: false });
                }
            }
        }
        for comment in comments {
            let Some(codes) = comment_codes(comment) else { continue };
            let position = document.position(comment.span.start as usize, Encoding::Utf8);
            let line_start = document.line_span(position.line).map_or(comment.span.start, |line| line.start);
            let alone = document.slice(Span { start: line_start, end: comment.span.start }).trim().is_empty();
            let line = if alone { position.line + 1 } else { position.line };
            list.push(Suppression { scope: Scope::Line(line), codes, comment: Some(comment.span), used: false });
        }
        Suppressions { list }
    }

    /// Drops the diagnostics that a suppression covers, marking what was used.
    pub fn apply(&mut self, document: &Document, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.retain(|diagnostic| {
            let line = document.position(diagnostic.span.start as usize, Encoding::Utf8).line;
            let mut suppressed = false;
            for suppression in &mut self.list {
                let in_scope = match suppression.scope {
                    Scope::Template => true,
                    Scope::Resource(span) => span.start <= diagnostic.span.start && diagnostic.span.end <= span.end,
                    Scope::Line(at) => at == line,
                };
                if !in_scope {
                    continue;
                }
                if suppression.codes.is_empty() {
                    suppression.used = true;
                    suppressed = true;
                }
                for listed in &mut suppression.codes {
                    if listed.code == diagnostic.code || listed.code == diagnostic.name {
                        listed.used = true;
                        suppressed = true;
                    }
                }
            }
            !suppressed
        });
    }

    /// AGW010 for each listed code of a rule that ran and suppressed nothing.
    pub fn unused(&self, rules: &RuleSet, document: &Document) -> Vec<Diagnostic> {
        let meta = &UnusedSuppression::META;
        if !rules.rules().any(|rule| rule.meta.code == meta.code) {
            return Vec::new();
        }
        let ran = |code: &str| rules.rules().any(|rule| rule.meta.code == code || rule.meta.name == code);
        let mut out = Vec::new();
        for suppression in &self.list {
            if suppression.codes.is_empty() && !suppression.used {
                if let Some(comment) = suppression.comment {
                    let message = "this `apigw-lint: ignore` comment suppresses nothing".to_string();
                    out.push(unused(comment, message, Some(comment_removal(document, comment)), rules));
                }
                continue;
            }
            for listed in &suppression.codes {
                let known = crate::registry::find(&listed.code).is_some();
                if listed.used || (known && !ran(&listed.code)) {
                    continue;
                }
                let message = if known {
                    format!("unused suppression of `{}`: nothing here is reported by it", listed.code)
                } else if let Some(rule) = closest_rule(&listed.code) {
                    format!("`{}` is no apigw-lint rule; did you mean `{rule}`?", listed.code)
                } else {
                    format!("`{}` is no apigw-lint rule", listed.code)
                };
                let fix = suppression.comment.and_then(|comment| {
                    let others = suppression.codes.iter().filter(|other| other.code != listed.code).count();
                    if others == 0 {
                        Some(comment_removal(document, comment))
                    } else {
                        code_removal(document, comment, listed)
                    }
                });
                out.push(unused(listed.span, message, fix, rules));
            }
        }
        out
    }
}

fn unused(span: Span, message: String, edit: Option<Edit>, rules: &RuleSet) -> Diagnostic {
    let meta = &UnusedSuppression::META;
    Diagnostic {
        code: meta.code,
        name: meta.name,
        severity: rules.severity(meta),
        message,
        span,
        related: Vec::new(),
        fix: edit.map(|edit| Fix { title: "Remove the unused suppression".into(), applicability: Applicability::Safe, edits: vec![edit] }),
        resource: None,
        construct: None,
    }
}

/// Removes a comment with the white space before it (and its line when it stands alone).
fn comment_removal(document: &Document, comment: Span) -> Edit {
    let text = document.text();
    let before = &text[..comment.start as usize];
    let trimmed = before.trim_end_matches([' ', '\t']);
    let start = trimmed.len();
    if trimmed.is_empty() || trimmed.ends_with('\n') {
        // Alone on its line: remove the line with its line break.
        let rest = &text[comment.end as usize..];
        let end = comment.end as usize + rest.find('\n').map_or(rest.len(), |at| at + 1);
        return Edit { span: Span::new(start, end), text: String::new() };
    }
    Edit { span: Span::new(start, comment.end as usize), text: String::new() }
}

/// Removes one code from `ignore[A, B]`, with its separating comma.
fn code_removal(document: &Document, comment: Span, listed: &Listed) -> Option<Edit> {
    let text = document.slice(comment);
    let (start, end) = ((listed.span.start - comment.start) as usize, (listed.span.end - comment.start) as usize);
    let after = &text[end..];
    let before = &text[..start];
    if let Some(comma) = after.find(',').filter(|at| after[..*at].trim().is_empty()) {
        let skip = after[comma + 1..].len() - after[comma + 1..].trim_start().len();
        return Some(Edit { span: Span::new(listed.span.start as usize, listed.span.end as usize + comma + 1 + skip), text: String::new() });
    }
    let comma = before.rfind(',')?;
    Some(Edit { span: Span::new(comment.start as usize + comma, listed.span.end as usize), text: String::new() })
}

/// `Metadata: {apigw-lint: {ignore: [codes]}}`.
fn metadata_codes(metadata: Option<&Node>) -> Option<Vec<Listed>> {
    let ignore = metadata?.get("apigw-lint")?.get("ignore")?;
    let items: Vec<&Node> = match ignore.items() {
        Some(items) => items.iter().collect(),
        None => vec![ignore],
    };
    Some(items.into_iter().filter_map(|item| Some(Listed { code: item.as_str()?.to_string(), span: item.span, used: false })).collect())
}

/// `# apigw-lint: ignore[AGW401, AGW105]` or `# apigw-lint: ignore`.
fn comment_codes(comment: &Comment) -> Option<Vec<Listed>> {
    // `comment.text` is what follows `#`; its offset in the source is one past the `#`.
    let body_start = comment.span.start as usize + 1;
    let text = &comment.text;
    let directive = text.find(DIRECTIVE)?;
    if !text[..directive].trim().is_empty() {
        return None;
    }
    let rest = text[directive + DIRECTIVE.len()..].trim_start();
    let rest_offset = text.len() - rest.len();
    let after_ignore = rest.strip_prefix("ignore")?;
    let Some(list) = after_ignore.trim_start().strip_prefix('[') else {
        return after_ignore.trim().is_empty().then(Vec::new);
    };
    let close = list.find(']')?;
    let list_offset = rest_offset + (rest.len() - list.len());
    let mut codes = Vec::new();
    let mut offset = 0;
    for part in list[..close].split(',') {
        let code = part.trim();
        if !code.is_empty() {
            let at = body_start + list_offset + offset + (part.len() - part.trim_start().len());
            codes.push(Listed { code: code.to_string(), span: Span::new(at, at + code.len()), used: false });
        }
        offset += part.len() + 1;
    }
    Some(codes)
}

#[cfg(test)]
mod tests {
    use apigw_syntax::{Document, Format};

    use crate::lint::{RuleSet, lint};

    /// A misspelt code in a comment or in `Metadata` suppresses nothing: AGW010 says so, with the
    /// rule it was probably meant to be.
    #[test]
    fn misspelt_codes_are_reported_with_a_suggestion() {
        let text = "Resources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Metadata:\n      apigw-lint:\n        ignore: [multiple-unkeyed-mapings]\n    Properties:\n      Name: orders # apigw-lint: ignore[AGW4O1]\n      ProtocolType: HTTP\n";
        let document = Document::new(text.to_string());
        let result = lint(&document, Format::Yaml, &RuleSet::defaults());
        let messages: Vec<(&str, &str)> =
            result.diagnostics.iter().map(|diagnostic| (document.slice(diagnostic.span), diagnostic.message.as_str())).collect();
        assert_eq!(
            messages,
            [
                (
                    "multiple-unkeyed-mapings",
                    "`multiple-unkeyed-mapings` is no apigw-lint rule; did you mean `multiple-unkeyed-mappings`?"
                ),
                ("AGW4O1", "`AGW4O1` is no apigw-lint rule; did you mean `AGW401`?"),
            ]
        );
    }
}
