use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};

use apigw_model::{DefinitionKind, Definitions, Model};
use apigw_syntax::{Document, Format, Span, SyntaxTree, parse};

use crate::checker::Checker;
use crate::construct::{self, ConstructScope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::registry::{RULES, Registered};
use crate::rule::RuleMeta;
use crate::suggest::closest_rule;
use crate::suppression::Suppressions;

/// The rules a run enables for a file, the severity of each when configured otherwise than its
/// default, and what the configuration says the file is when it is an OpenAPI definition.
#[derive(Clone)]
pub struct RuleSet {
    rules: Vec<&'static Registered>,
    pub(crate) severities: HashMap<&'static str, Severity>,
    /// Settings for the diagnostics of some CDK constructs.
    pub(crate) constructs: Vec<ConstructScope>,
    /// `openapi = "http"` or `"rest"` of the file's configuration.
    definition_kind: Option<DefinitionKind>,
}

impl RuleSet {
    /// Every rule, those off by default included.
    pub fn all() -> Self {
        RuleSet { rules: RULES.iter().collect(), severities: HashMap::new(), constructs: Vec::new(), definition_kind: None }
    }

    /// The rules that run when nothing selects others.
    pub fn defaults() -> Self {
        RuleSet::select(&[], &[], &[]).expect("an empty selection names no rule to mistake")
    }

    /// Sets the severity of the rules a pattern (code, prefix or name) matches.
    pub fn set_severity(&mut self, pattern: &str, severity: Severity) -> Result<(), String> {
        let matched: Vec<&'static str> =
            RULES.iter().filter(|rule| matches(pattern, rule)).map(|rule| rule.meta.code).collect();
        if matched.is_empty() {
            return Err(matches_no_rule(pattern));
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

    /// Rules whose code or name starts with an entry of `select` (the default rules when
    /// empty), plus those `extend` matches, minus those `ignore` matches: `AGW4` selects every
    /// AGW4xx rule, as in ruff, and a rule that is off by default runs when a pattern names it.
    /// An entry that matches no rule is an error, so that a typo in a configuration does not
    /// silently do nothing.
    pub fn select(select: &[String], extend: &[String], ignore: &[String]) -> Result<Self, String> {
        for pattern in select.iter().chain(extend).chain(ignore) {
            if !RULES.iter().any(|rule| matches(pattern, rule)) {
                return Err(matches_no_rule(pattern));
            }
        }
        let named = |patterns: &[String], rule: &Registered| patterns.iter().any(|pattern| matches(pattern, rule));
        let rules = RULES
            .iter()
            .filter(|rule| if select.is_empty() { rule.meta.default } else { named(select, rule) } || named(extend, rule))
            .filter(|rule| !named(ignore, rule))
            .collect();
        Ok(RuleSet { rules, severities: HashMap::new(), constructs: Vec::new(), definition_kind: None })
    }

    pub fn rules(&self) -> impl Iterator<Item = &'static Registered> + '_ {
        self.rules.iter().copied()
    }

    /// Declares what the file is when it is an OpenAPI definition, over what its content says.
    pub fn set_definition_kind(&mut self, kind: DefinitionKind) {
        self.definition_kind = Some(kind);
    }

    pub fn definition_kind(&self) -> Option<DefinitionKind> {
        self.definition_kind
    }
}

/// Whether a selection pattern names a rule: `ALL`, a code prefix (`AGW4`) or a rule name.
fn matches(pattern: &str, rule: &Registered) -> bool {
    let pattern = pattern.trim();
    pattern.eq_ignore_ascii_case("ALL") || rule.meta.code.starts_with(&pattern.to_ascii_uppercase()) || rule.meta.name == pattern
}

/// The error for a pattern that matches no rule, with what it probably meant: the closest code or
/// name, else the names it starts (a name is matched whole, unlike a code).
fn matches_no_rule(pattern: &str) -> String {
    if let Some(rule) = closest_rule(pattern) {
        return format!("`{pattern}` matches no rule; did you mean `{rule}`?");
    }
    let started: Vec<String> =
        RULES.iter().filter(|rule| rule.meta.name.starts_with(pattern.trim())).map(|rule| format!("`{}`", rule.meta.name)).collect();
    match started.as_slice() {
        [] => format!("`{pattern}` matches no rule (see `apigw-lint rules`)"),
        [name] => format!("`{pattern}` matches no rule (a name must be whole); did you mean {name}?"),
        names => format!("`{pattern}` matches no rule (a name must be whole); did you mean one of {}?", names.join(", ")),
    }
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
    /// The definition files the template names that were read, with their own findings.
    pub definitions: Vec<DefinitionReport>,
    /// The local definition files the template names for REST APIs (paths as written): a folder
    /// run leaves them alone, whatever their content says.
    pub rest_definitions: Vec<String>,
    /// For an OpenAPI file left alone as a REST API's definition: why, for people.
    pub rest_definition: Option<String>,
}

/// A definition file a template names, with the findings in it (ranges in its own text).
pub struct DefinitionReport {
    /// The path as the template writes it, relative to the template's folder.
    pub path: String,
    pub document: Document,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads a file a template names (a path relative to the template's folder): its text, or why not.
pub type ReadFile<'r> = &'r dyn Fn(&str) -> Result<String, FileError>;

/// Why a file a template names gives no text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileError {
    Missing,
    /// The caller would not read it (outside the project, not a regular file, too large): why,
    /// as the end of a sentence.
    Refused(String),
}

/// Runs the whole pipeline on one document: parse, model, rules.
pub fn lint(document: &Document, format: Format, rules: &RuleSet) -> LintResult {
    lint_tree(document, &parse(document, format), rules, None)
}

/// The pipeline after parsing, for callers that keep the tree (the language server reuses it
/// for hover and navigation instead of parsing the document again). With `read`, the OpenAPI
/// definition files the template names are read and linted with it.
pub fn lint_tree(document: &Document, tree: &SyntaxTree, rules: &RuleSet, read: Option<ReadFile>) -> LintResult {
    let format = tree.format;
    let mut diagnostics = Vec::new();
    if !tree.errors.is_empty() {
        for registered in rules.rules() {
            run(registered, rules, document, format, &mut diagnostics, |rule, checker| rule.check_syntax(&tree.errors, checker));
        }
        return LintResult { kind: Kind::Unparsable, diagnostics: sorted(diagnostics), definitions: Vec::new(), rest_definitions: Vec::new(), rest_definition: None };
    }
    let Some(root) = tree.root.as_ref() else {
        return LintResult { kind: Kind::Other, diagnostics, definitions: Vec::new(), rest_definitions: Vec::new(), rest_definition: None };
    };
    let files = match read {
        Some(read) => DefinitionFiles::read(document, root, read),
        None => DefinitionFiles::default(),
    };
    let mut definitions = Definitions::default();
    for (file, tree) in files.files.iter().zip(&files.trees) {
        // A file that does not parse exists but cannot be read (its syntax errors are reported).
        if let Some(root) = tree.root.as_ref().filter(|_| tree.errors.is_empty()) {
            definitions.insert(file.path.clone(), root);
        }
    }
    for (path, error) in &files.unread {
        match error {
            FileError::Missing => definitions.missing(path.clone()),
            FileError::Refused(reason) => definitions.refused(path.clone(), reason),
        }
    }
    let Some(model) = Model::build_with(root, &definitions, rules.definition_kind()) else {
        let rest_definition = match rules.definition_kind() {
            _ if !apigw_model::openapi::is_definition(root) => None,
            Some(DefinitionKind::Rest) => Some("apigw-lint.toml declares it one, with `openapi = \"rest\"`".to_string()),
            Some(DefinitionKind::Http) => None,
            None => apigw_model::openapi::rest_evidence(root),
        };
        return LintResult { kind: Kind::Other, diagnostics, definitions: Vec::new(), rest_definitions: Vec::new(), rest_definition };
    };
    // Rules see the template and its definition files as one text, each file at its own offset.
    let combined = files.combined(document);
    let all = combined.as_ref().unwrap_or(document);
    for registered in rules.rules() {
        run(registered, rules, all, format, &mut diagnostics, |rule, checker| rule.check(&model, checker));
        for tree in files.trees.iter().filter(|tree| !tree.errors.is_empty()) {
            run(registered, rules, all, format, &mut diagnostics, |rule, checker| rule.check_syntax(&tree.errors, checker));
        }
    }
    let comments: Vec<_> = tree.comments.iter().chain(files.trees.iter().flat_map(|tree| &tree.comments)).cloned().collect();
    let mut suppressions = Suppressions::collect(all, Some(&model.template), &comments);
    suppressions.apply(all, &mut diagnostics);
    diagnostics.extend(suppressions.unused(rules, all));
    construct::attach(&model.template, rules, &mut diagnostics);
    let rest_definitions = apigw_model::openapi::rest_definition_files(&model.template);
    let (diagnostics, definitions) = files.split(diagnostics);
    LintResult { kind: Kind::Template, diagnostics, definitions, rest_definitions, rest_definition: None }
}

/// The definition files of a template, read and parsed, each shifted past the template and the
/// files before it.
#[derive(Default)]
struct DefinitionFiles {
    files: Vec<DefinitionReport>,
    trees: Vec<SyntaxTree>,
    /// Where each file starts in the combined text.
    bases: Vec<u32>,
    /// Paths that gave no text, with why.
    unread: Vec<(String, FileError)>,
}

impl DefinitionFiles {
    fn read(document: &Document, root: &apigw_syntax::Node, read: ReadFile) -> DefinitionFiles {
        let mut files = DefinitionFiles::default();
        // One newline between files keeps every file's lines its own.
        let mut base = document.text().len() + 1;
        for path in apigw_model::openapi::definition_files(root) {
            let text = match read(&path) {
                Ok(text) => text,
                Err(error) => {
                    files.unread.push((path, error));
                    continue;
                }
            };
            let Ok(shift) = u32::try_from(base) else { break };
            let file = Document::new(text);
            let mut tree = parse(&file, Format::detect(Some(std::path::Path::new(&path)), file.text()));
            tree.shift(shift);
            base += file.text().len() + 1;
            files.bases.push(shift);
            files.trees.push(tree);
            files.files.push(DefinitionReport { path, document: file, diagnostics: Vec::new() });
        }
        files
    }

    fn combined(&self, document: &Document) -> Option<Document> {
        if self.files.is_empty() {
            return None;
        }
        let mut text = document.text().to_string();
        for file in &self.files {
            text.push('\n');
            text.push_str(file.document.text());
        }
        Some(Document::new(text))
    }

    /// Gives each diagnostic to the file it is in, with ranges in that file's text. A related
    /// place or a fix that reaches into another file is left out.
    fn split(mut self, diagnostics: Vec<Diagnostic>) -> (Vec<Diagnostic>, Vec<DefinitionReport>) {
        let mut own = Vec::new();
        for diagnostic in diagnostics {
            let file = self.bases.iter().rposition(|&base| diagnostic.span.start >= base);
            let base = file.map_or(0, |file| self.bases[file]);
            let next = match file {
                Some(file) => self.bases.get(file + 1),
                None => self.bases.first(),
            };
            let end = next.copied().unwrap_or(u32::MAX);
            let inside = |span: apigw_syntax::Span| span.start >= base && span.end <= end;
            let mut diagnostic = diagnostic;
            diagnostic.span = diagnostic.span.unshifted(base);
            diagnostic.related.retain(|related| inside(related.span));
            for related in &mut diagnostic.related {
                related.span = related.span.unshifted(base);
            }
            diagnostic.fix = diagnostic.fix.filter(|fix| fix.edits.iter().all(|edit| inside(edit.span)));
            if let Some(fix) = &mut diagnostic.fix {
                for edit in &mut fix.edits {
                    edit.span = edit.span.unshifted(base);
                }
            }
            match file {
                Some(file) => self.files[file].diagnostics.push(diagnostic),
                None => own.push(diagnostic),
            }
        }
        for file in &mut self.files {
            file.diagnostics = sorted(std::mem::take(&mut file.diagnostics));
        }
        (sorted(own), self.files)
    }
}

fn sorted(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort_by(|a, b| (a.span.start, a.code, a.span.end).cmp(&(b.span.start, b.code, b.span.end)));
    // One finding in a place that several resources share (SAM's `Globals`) is reported once,
    // naming none of them.
    diagnostics.dedup_by(|later, earlier| {
        let same = later.code == earlier.code && later.span == earlier.span && later.message == earlier.message;
        if same && later.resource != earlier.resource {
            earlier.resource = None;
            earlier.construct = None;
        }
        same
    });
    // A schema finding yields to another rule's error at the same place, which says why (SAM's
    // schemas require what AGW701 and AGW806 already explain).
    let explained: HashSet<Span> =
        diagnostics.iter().filter(|d| d.severity == Severity::Error && !is_schema_finding(d)).map(|d| d.span).collect();
    diagnostics.retain(|d| !is_schema_finding(d) || !explained.contains(&d.span));
    diagnostics
}

fn is_schema_finding(diagnostic: &Diagnostic) -> bool {
    use crate::rules::{InvalidValue, MissingRequiredProperty, UnknownProperty};
    [UnknownProperty::META.code, MissingRequiredProperty::META.code, InvalidValue::META.code].contains(&diagnostic.code)
}

/// Invalid UTF-8 is reported like a syntax error, at the first bad byte.
pub fn invalid_utf8(at: usize) -> Diagnostic {
    let meta = &crate::rules::SyntaxError::META;
    reported_by_caller(meta, meta.severity, Span::new(at, at + 1), format!("the file is not valid UTF-8 (first invalid byte at offset {at})"))
}

/// A file that was not read, with why: one named on the command line or found in a folder
/// (at the start of its empty report, `span` 0..0), or a stack template a manifest names (at
/// its `templateFile`).
pub fn file_not_read(span: Span, path: &str, reason: &str) -> Diagnostic {
    let meta = &crate::rules::FileNotRead::META;
    reported_by_caller(meta, meta.severity, span, crate::rules::FileNotRead::message(path, reason))
}

/// A stack template that a cloud assembly's manifest names and that is not there, reported at the
/// manifest's `templateFile` (`span`). A warning: the other stacks are still linted, and a
/// committed `cdk.out` without its templates deploys nothing by itself.
pub fn missing_stack_template(span: Span, template: &str) -> Diagnostic {
    let message = format!("the stack template `{template}` that this manifest names does not exist, so it was not linted (run `cdk synth`)");
    reported_by_caller(&crate::rules::DefinitionFileMissing::META, Severity::Warning, span, message)
}

/// A diagnostic of a rule that the caller reports itself, about a file no rule saw.
fn reported_by_caller(meta: &RuleMeta, severity: Severity, span: Span, message: String) -> Diagnostic {
    Diagnostic { code: meta.code, name: meta.name, severity, message, span, related: Vec::new(), fix: None, resource: None, construct: None }
}

/// Whether an unparsable file was probably meant to be a template or an OpenAPI definition (so
/// its syntax error is worth reporting when a folder is linted).
pub fn looks_like_template(text: &str) -> bool {
    let openapi = text.lines().any(|line| {
        let line = line.trim_start().trim_start_matches('{').trim_start();
        line.starts_with("openapi:") || line.starts_with("\"openapi\"")
    });
    openapi || text.contains("AWSTemplateFormatVersion") || (text.contains("Resources") && text.contains("AWS::"))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_patterns_say_what_they_probably_meant() {
        let select = |pattern: &str| RuleSet::select(&[pattern.to_string()], &[], &[]).err();
        assert_eq!(select("AGW4O1").unwrap(), "`AGW4O1` matches no rule; did you mean `AGW401`?");
        assert_eq!(select("mapping-stage-rcae").unwrap(), "`mapping-stage-rcae` matches no rule; did you mean `mapping-stage-race`?");
        assert_eq!(
            select("stage-access").unwrap(),
            "`stage-access` matches no rule (a name must be whole); did you mean `stage-access-logging`?"
        );
        assert_eq!(
            select("mtls").unwrap(),
            "`mtls` matches no rule (a name must be whole); did you mean one of `mtls-requires-tls12`, `mtls-bypass-default-endpoint`?"
        );
        assert_eq!(select("AGW999").unwrap(), "`AGW999` matches no rule (see `apigw-lint rules`)");
        // A code prefix still selects.
        assert_eq!(select("AGW4"), None);
        let ignore = RuleSet::select(&[], &[], &["AGW4O1".to_string()]).err();
        assert_eq!(ignore.unwrap(), "`AGW4O1` matches no rule; did you mean `AGW401`?");
        let severity = RuleSet::defaults().set_severity("AGW4O1", Severity::Info).unwrap_err();
        assert_eq!(severity, "`AGW4O1` matches no rule; did you mean `AGW401`?");
    }
}
