//! The `apigw-lint` command: finds files, lints them in parallel, renders the diagnostics.

pub mod discover;
pub mod render;

use std::path::{Path, PathBuf};

use apigw_rules::{Applicability, Diagnostic, Kind, RuleSet, fix_all, invalid_utf8, lint_tree, looks_like_template, missing_stack_template};
use apigw_syntax::{Document, Format, parse};

/// One linted file: its text (renderers need it for positions and code frames) and findings.
pub struct FileReport {
    pub path: PathBuf,
    pub document: Document,
    pub diagnostics: Vec<Diagnostic>,
    /// For an OpenAPI definition file: the template that names it, which it was linted with.
    pub named_by: Option<PathBuf>,
    /// The CDK stack whose template this is, when the file was found through a cloud assembly.
    pub stack: Option<String>,
    /// For a template: the definition files it names for REST APIs, which a run does not lint on
    /// their own (whichever file it visits first).
    pub rest_definitions: Vec<PathBuf>,
    /// The configuration declares this file an HTTP API's definition (`openapi = "http"`): a
    /// template naming it for a REST API does not take its report away.
    pub declared_http: bool,
}

impl FileReport {
    /// The path as shown to people: relative paths stay as given, without a leading `./`.
    pub fn display_path(&self) -> String {
        let path = self.path.strip_prefix(".").unwrap_or(&self.path);
        path.display().to_string()
    }
}

/// Lints one file: its report, then one for each OpenAPI definition file it names (read from
/// beside it). A file that is neither a template nor a definition gives nothing, quietly,
/// unless it was named explicitly and does not parse (then its syntax error is reported), or
/// unless it does not parse and looks like a template.
pub fn lint_file(path: &Path, explicit: bool, rules: &RuleSet) -> std::io::Result<Vec<FileReport>> {
    let bytes = std::fs::read(path)?;
    let (document, bad_byte) = Document::from_bytes(bytes);
    if let Some(at) = bad_byte {
        let report = explicit || looks_like_template(document.text());
        let diagnostics = vec![invalid_utf8(at)];
        return Ok(report.then(|| FileReport { path: path.to_path_buf(), document, diagnostics, named_by: None, stack: None, rest_definitions: Vec::new(), declared_http: false }).into_iter().collect());
    }
    let format = Format::detect(Some(path), document.text());
    let folder = path.parent().unwrap_or(Path::new("."));
    let read = |relative: &str| std::fs::read_to_string(folder.join(relative)).ok();
    let result = lint_tree(&document, &parse(&document, format), rules, Some(&read));
    let keep = match result.kind {
        Kind::Template => true,
        Kind::Other => false,
        Kind::Unparsable => explicit || looks_like_template(document.text()),
    };
    if !keep {
        // Named on the command line, a file that gives nothing deserves a word on why.
        if let Some(why) = result.rest_definition.filter(|_| explicit) {
            let name = path.file_name().map_or_else(|| path.display().to_string(), |name| name.to_string_lossy().into_owned());
            let hint = match rules.definition_kind() {
                Some(apigw_rules::DefinitionKind::Rest) => String::new(),
                _ => format!(". To lint it as an HTTP API's, add `[[overrides]]` with `files = [\"{name}\"]` and `openapi = \"http\"` to apigw-lint.toml"),
            };
            eprintln!(
                "apigw-lint: note: {}: left alone as a REST API's OpenAPI definition ({why}): apigw-lint checks HTTP and WebSocket APIs{hint}",
                path.display()
            );
        }
        return Ok(Vec::new());
    }
    let rest_definitions = result.rest_definitions.iter().map(|relative| folder.join(relative)).collect();
    let declared_http = rules.definition_kind() == Some(apigw_rules::DefinitionKind::Http);
    let mut reports =
        vec![FileReport { path: path.to_path_buf(), document, diagnostics: result.diagnostics, named_by: None, stack: None, rest_definitions, declared_http }];
    for definition in result.definitions {
        // `./openapi.yaml` is shown as `openapi.yaml`.
        let relative = Path::new(&definition.path).components().filter(|part| *part != std::path::Component::CurDir);
        let path = folder.join(relative.collect::<PathBuf>());
        reports.push(FileReport {
            path,
            document: definition.document,
            diagnostics: definition.diagnostics,
            named_by: Some(reports[0].path.clone()),
            stack: None,
            rest_definitions: Vec::new(),
            declared_http: false,
        });
    }
    Ok(reports)
}

/// The report on a cloud assembly's manifest for the stack templates it names that are missing:
/// one warning at each `templateFile`.
pub fn missing_templates(manifest: &Path, templates: &[PathBuf]) -> std::io::Result<FileReport> {
    let document = Document::new(std::fs::read_to_string(manifest)?);
    let tree = parse(&document, Format::Json);
    let folder = manifest.parent().unwrap_or(Path::new("."));
    let mut diagnostics = Vec::new();
    for template in templates {
        let written = template.strip_prefix(folder).unwrap_or(template).to_string_lossy();
        let at = tree.root.iter().flat_map(|root| root.descendants()).find(|node| node.as_str() == Some(&*written));
        let span = at.map_or(apigw_syntax::Span::empty(0), |node| node.span);
        diagnostics.push(missing_stack_template(span, &written));
    }
    Ok(FileReport { path: manifest.to_path_buf(), document, diagnostics, named_by: None, stack: None, rest_definitions: Vec::new(), declared_http: false })
}

/// A file's text before and after its fixes, and how many fixes that took.
pub struct FileFix {
    pub path: PathBuf,
    pub before: String,
    pub after: String,
    pub applied: usize,
}

/// Computes the fixes of one file (without writing it): `None` when nothing applies or the file
/// is not a template.
pub fn fix_file(path: &Path, rules: &RuleSet, applicability: Applicability) -> std::io::Result<Option<FileFix>> {
    let Ok(before) = String::from_utf8(std::fs::read(path)?) else { return Ok(None) };
    let format = Format::detect(Some(path), &before);
    Ok(fix_all(&before, format, rules, applicability).map(|fixed| FileFix {
        path: path.to_path_buf(),
        before,
        after: fixed.text,
        applied: fixed.applied,
    }))
}
