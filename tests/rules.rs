//! Fixture tests, one folder per rule (`tests/fixtures/rules/AGW401/`): every `fail*` file must
//! get at least one diagnostic of the rule, every `pass*` file none, and no error of any rule.
//! The rule's diagnostics, code frames and fixes (as diffs) are snapshots. Every fix must leave a
//! file that still parses.

use std::path::Path;

use apigw_config::files::Boundary;
use apigw_lint::FileReport;
use apigw_lint::render::text;
use apigw_rules::{Applicability, FileError, RULES, RuleSet, Severity, apply_edits, lint_tree};
use apigw_syntax::{Document, Format, parse};

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/rules")
}

/// Every `pass*`/`fail*` file below `fixtures/rules/<CODE>/`, in order.
fn fixture_files() -> Vec<(String, String, std::path::PathBuf)> {
    let mut files = Vec::new();
    for rule_dir in std::fs::read_dir(fixtures()).unwrap().flatten() {
        let code = rule_dir.file_name().into_string().unwrap();
        for file in std::fs::read_dir(rule_dir.path()).unwrap().flatten() {
            let name = file.file_name().into_string().unwrap();
            if name.starts_with("pass") || name.starts_with("fail") {
                files.push((code.clone(), name, file.path()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn rule_fixtures() {
    for (code, stem, path) in fixture_files() {
        let (code, stem, path) = (code.as_str(), stem.as_str(), path.as_path());
        let text = std::fs::read_to_string(path).unwrap();
        let document = Document::new(text.clone());
        let format = Format::detect(Some(path), &text);
        // Definition files a fixture names sit beside it (named neither `pass*` nor `fail*`).
        let folder = path.parent().unwrap();
        // A fixture's project is its folder: a path out of it is refused (AGW011).
        let boundary = Boundary::new([folder.to_path_buf()]);
        let read = |relative: &str| boundary.read_text(&folder.join(relative)).map_err(FileError::from);
        let result = lint_tree(&document, &parse(&document, format), &RuleSet::all(), Some(&read));
        let definitions: Vec<FileReport> = result
            .definitions
            .into_iter()
            .map(|definition| FileReport {
                path: format!("{code}/{}", definition.path.trim_start_matches("./")).into(),
                diagnostics: definition.diagnostics.into_iter().filter(|d| d.code == code).collect(),
                document: definition.document,
                named_by: None,
                stack: None,
                rest_definitions: Vec::new(),
                declared_http: false,
            })
            .collect();
        let (mine, others): (Vec<_>, Vec<_>) = result.diagnostics.into_iter().partition(|d| d.code == code);
        let mine_anywhere = mine.len() + definitions.iter().map(|report| report.diagnostics.len()).sum::<usize>();
        if stem.starts_with("pass") {
            assert!(mine_anywhere == 0, "{code}/{stem} should pass: {mine:#?}");
            let errors: Vec<_> = others.iter().filter(|d| d.severity == Severity::Error).collect();
            assert!(errors.is_empty(), "{code}/{stem} is a passing fixture, yet has errors: {errors:#?}");
        } else {
            assert!(mine_anywhere > 0, "{code}/{stem} should fail with {code}");
        }
        let mut snapshot = String::new();
        for diagnostic in mine.iter().filter_map(|d| d.fix.as_ref().map(|fix| (d, fix))) {
            let (_, fix) = diagnostic;
            let fixed = apply_edits(&text, &fix.edits);
            let tree = parse(&Document::new(fixed.clone()), format);
            assert!(tree.errors.is_empty(), "fix `{}` in {code}/{stem} breaks the file: {:?}\n{fixed}", fix.title, tree.errors);
            let kind = if fix.applicability == Applicability::Safe { "safe" } else { "unsafe" };
            snapshot.push_str(&format!("--- fix ({kind}): {}\n", fix.title));
            let diff = similar::TextDiff::from_lines(&text, &fixed);
            snapshot.push_str(&diff.unified_diff().context_radius(1).to_string());
        }
        let report = FileReport { path: format!("{code}/{stem}").into(), document, diagnostics: mine, named_by: None, stack: None, rest_definitions: Vec::new(), declared_http: false };
        let mut frames = text::file(&report, false);
        for definition in &definitions {
            frames.push_str(&text::file(definition, false));
        }
        // Paths outside a fixture's folder are shown resolved, from wherever the checkout is.
        let repository = std::fs::canonicalize(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).unwrap();
        let shown = format!("{frames}{snapshot}").replace(&repository.display().to_string(), "[repository]");
        insta::with_settings!({snapshot_path => "snapshots/rules", prepend_module_to_snapshot => false, omit_expression => true}, {
            insta::assert_snapshot!(format!("{code}__{stem}"), shown);
        });
    }
}

#[test]
fn every_rule_has_a_failing_and_a_passing_fixture() {
    let mut missing = Vec::new();
    for rule in RULES {
        let dir = fixtures().join(rule.meta.code);
        let names: Vec<String> = std::fs::read_dir(&dir)
            .map(|entries| entries.filter_map(|e| e.ok()?.file_name().into_string().ok()).collect())
            .unwrap_or_default();
        for prefix in ["fail", "pass"] {
            if !names.iter().any(|name| name.starts_with(prefix)) {
                missing.push(format!("{}: no {prefix}* fixture", rule.meta.code));
            }
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn every_rule_is_documented() {
    for rule in RULES {
        let doc = rule.meta.documentation();
        for section in ["## What it checks", "## Why", "## Example"] {
            assert!(doc.contains(section), "{} lacks `{section}`", rule.meta.code);
        }
        assert!(!rule.meta.summary().is_empty(), "{} has no summary", rule.meta.code);
    }
}

/// `--fix` on every fixture: safe fixes converge (a second pass finds nothing to fix) and every
/// result, with unsafe fixes too, still parses.
#[test]
fn fixes_converge_on_every_fixture() {
    use apigw_rules::fix_all;
    for (code, stem, path) in fixture_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let format = Format::detect(Some(&path), &text);
        for applicability in [Applicability::Safe, Applicability::Unsafe] {
            let Some(fixed) = fix_all(&text, format, &RuleSet::all(), applicability) else { continue };
            let tree = parse(&Document::new(fixed.text.clone()), format);
            assert!(tree.errors.is_empty(), "{code}/{stem}: fixes break the file: {:?}", tree.errors);
            if applicability == Applicability::Safe {
                let again = fix_all(&fixed.text, format, &RuleSet::all(), applicability);
                assert!(again.is_none(), "{code}/{stem}: safe fixes did not converge:\n{}", fixed.text);
            }
        }
    }
}

