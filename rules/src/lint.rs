use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use apigw_model::Model;
use apigw_syntax::{Document, Format, Span, SyntaxTree, parse};

use crate::checker::Checker;
use crate::construct::{self, ConstructScope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::registry::{RULES, Registered};
use crate::rule::RuleMeta;
use crate::suppression::Suppressions;

/// The rules a run enables, and the severity of each when configured otherwise than its default.
#[derive(Clone)]
pub struct RuleSet {
    rules: Vec<&'static Registered>,
    pub(crate) severities: HashMap<&'static str, Severity>,
    /// Settings for the diagnostics of some CDK constructs.
    pub(crate) constructs: Vec<ConstructScope>,
}

impl RuleSet {
    pub fn all() -> Self {
        RuleSet { rules: RULES.iter().collect(), severities: HashMap::new(), constructs: Vec::new() }
    }

    /// Sets the severity of the rules a pattern (code, prefix or name) matches.
    pub fn set_severity(&mut self, pattern: &str, severity: Severity) -> Result<(), String> {
        let matched: Vec<&'static str> =
            RULES.iter().filter(|rule| matches(pattern, rule)).map(|rule| rule.meta.code).collect();
        if matched.is_empty() {
            return Err(format!("`{pattern}` matches no rule (see `apigw-lint rules`)"));
        }
        for code in matched {
            self.severities.insert(code, severity);
        }
        Ok(())
    }

    /// The severity a rule's diagnostics get in this run.
    pub fn severity(&self, meta: &RuleMeta) -> Severity {
        self.severities.get(meta.code).copied().unwrap_or(meta.severity)
    }

    /// Rules whose code or name starts with an entry of `select` (all when empty), minus those
    /// matched by `ignore`: `AGW4` selects every AGW4xx rule, as in ruff. An entry that matches
    /// no rule is an error, so that a typo in a configuration does not silently do nothing.
    pub fn select(select: &[String], ignore: &[String]) -> Result<Self, String> {
        for pattern in select.iter().chain(ignore) {
            if !RULES.iter().any(|rule| matches(pattern, rule)) {
                return Err(format!("`{pattern}` matches no rule (see `apigw-lint rules`)"));
            }
        }
        let rules = RULES
            .iter()
            .filter(|rule| select.is_empty() || select.iter().any(|pattern| matches(pattern, rule)))
            .filter(|rule| !ignore.iter().any(|pattern| matches(pattern, rule)))
            .collect();
        Ok(RuleSet { rules, severities: HashMap::new(), constructs: Vec::new() })
    }

    pub fn rules(&self) -> impl Iterator<Item = &'static Registered> + '_ {
        self.rules.iter().copied()
    }
}

/// Whether a selection pattern names a rule: `ALL`, a code prefix (`AGW4`) or a rule name.
fn matches(pattern: &str, rule: &Registered) -> bool {
    let pattern = pattern.trim();
    pattern.eq_ignore_ascii_case("ALL") || rule.meta.code.starts_with(&pattern.to_ascii_uppercase()) || rule.meta.name == pattern
}

/// What a document turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Template,
    /// Parsed, but neither a template nor anything else we lint: ignored quietly.
    Other,
    /// Did not parse. Whether that is worth reporting depends on whether the file was meant for
    /// us: see [`looks_like_template`].
    Unparsable,
}

pub struct LintResult {
    pub kind: Kind,
    pub diagnostics: Vec<Diagnostic>,
}

/// Runs the whole pipeline on one document: parse, model, rules.
pub fn lint(document: &Document, format: Format, rules: &RuleSet) -> LintResult {
    lint_tree(document, &parse(document, format), rules)
}

/// The pipeline after parsing, for callers that keep the tree (the language server reuses it
/// for hover and navigation instead of parsing the document again).
pub fn lint_tree(document: &Document, tree: &SyntaxTree, rules: &RuleSet) -> LintResult {
    let format = tree.format;
    let mut diagnostics = Vec::new();
    let kind = if !tree.errors.is_empty() {
        for registered in rules.rules() {
            run(registered, rules, document, format, &mut diagnostics, |rule, checker| {
                rule.check_syntax(&tree.errors, checker)
            });
        }
        Kind::Unparsable
    } else {
        match tree.root.as_ref().and_then(Model::build) {
            Some(model) => {
                for registered in rules.rules() {
                    run(registered, rules, document, format, &mut diagnostics, |rule, checker| rule.check(&model, checker));
                }
                let mut suppressions = Suppressions::collect(document, Some(&model.template), &tree.comments);
                suppressions.apply(document, &mut diagnostics);
                diagnostics.extend(suppressions.unused(rules, document));
                construct::attach(&model.template, rules, &mut diagnostics);
                Kind::Template
            }
            None => Kind::Other,
        }
    };
    diagnostics.sort_by(|a, b| (a.span.start, a.code, a.span.end).cmp(&(b.span.start, b.code, b.span.end)));
    diagnostics.dedup();
    LintResult { kind, diagnostics }
}

/// Invalid UTF-8 is reported like a syntax error, at the first bad byte.
pub fn invalid_utf8(at: usize) -> Diagnostic {
    let meta = &crate::rules::SyntaxError::META;
    Diagnostic {
        code: meta.code,
        name: meta.name,
        severity: meta.severity,
        message: format!("the file is not valid UTF-8 (first invalid byte at offset {at})"),
        span: Span::new(at, at + 1),
        related: Vec::new(),
        fix: None,
        resource: None,
        construct: None,
    }
}

/// Whether an unparsable file was probably meant to be a template (so its syntax error is
/// worth reporting when a folder is linted).
pub fn looks_like_template(text: &str) -> bool {
    text.contains("AWSTemplateFormatVersion") || (text.contains("Resources") && text.contains("AWS::"))
}

/// Runs one rule; a panic becomes an internal diagnostic instead of taking the run down.
fn run(
    registered: &'static Registered,
    rules: &RuleSet,
    document: &Document,
    format: Format,
    out: &mut Vec<Diagnostic>,
    check: impl FnOnce(&dyn crate::Rule, &mut Checker),
) {
    let mut checker = Checker::new(registered.meta, rules.severity(registered.meta), document, format);
    let outcome = catch_unwind(AssertUnwindSafe(|| check(registered.rule, &mut checker)));
    match outcome {
        Ok(()) => out.append(&mut checker.diagnostics),
        Err(panic) => {
            let reason = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            out.push(Diagnostic {
                code: "AGW000",
                name: "internal-error",
                severity: Severity::Warning,
                message: format!("rule {} failed on this file ({reason}); please report it", registered.meta.code),
                span: Span::empty(0),
                related: Vec::new(),
                fix: None,
                resource: None,
                construct: None,
            });
        }
    }
}
