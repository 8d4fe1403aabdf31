//! The `apigw-lint` command: finds files, lints them in parallel, renders the diagnostics.

pub mod discover;
pub mod render;

use discover::Candidate;

use std::path::{Path, PathBuf};

use apigw_config::files::{Boundary, Refusal, read_regular};
use apigw_rules::{
    Applicability, Diagnostic, FileError, Kind, RuleSet, file_not_read, fix_all, invalid_utf8, lint_tree, looks_like_template,
    missing_stack_template,
};
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
    /// The report of a file on its own: no template names it, no stack, no REST definitions.
    pub fn of(path: &Path, document: Document, diagnostics: Vec<Diagnostic>) -> FileReport {
        FileReport { path: path.to_path_buf(), document, diagnostics, named_by: None, stack: None, rest_definitions: Vec::new(), declared_http: false }
    }

    /// The report of a file that was not read: its one finding, on an empty text (no frame).
    pub fn not_read(path: &Path, reason: &str) -> FileReport {
        let diagnostic = file_not_read(apigw_syntax::Span::empty(0), &path.display().to_string(), reason);
        FileReport::of(path, Document::new(String::new()), vec![diagnostic])
    }

    /// The path as shown to people: relative paths stay as given, without a leading `./`.
    pub fn display_path(&self) -> String {
        let path = self.path.strip_prefix(".").unwrap_or(&self.path);
        path.display().to_string()
    }
}

/// A file to lint or fix: one a manifest names only inside `boundary`, any other (named by the
/// user, found in a folder walk) anywhere, but always a regular file of sane size.
fn read_candidate(candidate: &Candidate, boundary: &Boundary) -> Result<Vec<u8>, NotLinted> {
    let read = if candidate.named_by_manifest() { boundary.read(&candidate.path) } else { read_regular(&candidate.path) };
    read.map_err(|refusal| match refusal {
        Refusal::Missing => NotLinted::Missing,
        Refusal::Unreadable(error) => NotLinted::Io(std::io::Error::other(error)),
        refusal => NotLinted::Refused(refusal.reason()),
    })
}

/// Why a file gives no report.
pub enum NotLinted {
    Missing,
    /// Not read on purpose (outside the project, not a regular file, too large, not text): why.
    Refused(String),
    Io(std::io::Error),
}

/// Lints one file: its report, then one for each OpenAPI definition file it names (read from
/// beside it, inside `boundary`). A file that is neither a template nor a definition gives
/// nothing, quietly, unless it was named explicitly and does not parse (then its syntax error is
/// reported), or unless it does not parse and looks like a template. A file a manifest names is
/// itself read only inside `boundary`.
pub fn lint_file(candidate: &Candidate, rules: &RuleSet, boundary: &Boundary) -> Result<Vec<FileReport>, NotLinted> {
    let (path, explicit) = (candidate.path.as_path(), candidate.explicit);
    let bytes = read_candidate(candidate, boundary)?;
    // A binary file is no template; named on the command line it gets one line, no frame of its
    // bytes. (A template with a stray NUL is a syntax error at the NUL, shown escaped.)
    if let Some(at) = bytes.iter().position(|&byte| byte == 0)
        && !looks_like_template(&String::from_utf8_lossy(&bytes))
    {
        return match explicit {
            true => Err(NotLinted::Refused(format!("it is a binary file (a NUL byte at byte {at}), not text"))),
            false => Ok(Vec::new()),
        };
    }
    let (document, bad_byte) = Document::from_bytes(bytes);
    if let Some(at) = bad_byte {
        let report = explicit || looks_like_template(document.text());
        let diagnostics = vec![invalid_utf8(at)];
        return Ok(report.then(|| FileReport::of(path, document, diagnostics)).into_iter().collect());
    }
    let format = Format::detect(Some(path), document.text());
    let folder = path.parent().unwrap_or(Path::new("."));
    let read = |relative: &str| boundary.read_text(&folder.join(relative)).map_err(FileError::from);
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

/// The report on a cloud assembly's manifest for the stack templates it names that were not
/// linted, at each `templateFile`: a warning for one that is missing, an error (AGW011) for one
/// not read on purpose (`Some(why)`).
pub fn unread_templates(manifest: &Path, templates: &[(PathBuf, Option<String>)]) -> std::io::Result<FileReport> {
    let text = read_regular(manifest).map_err(|refusal| std::io::Error::other(refusal.reason()))?;
    let document = Document::new(String::from_utf8_lossy(&text).into_owned());
    let tree = parse(&document, Format::Json);
    let folder = manifest.parent().unwrap_or(Path::new("."));
    let mut diagnostics = Vec::new();
    for (template, refused) in templates {
        let written = template.strip_prefix(folder).unwrap_or(template).to_string_lossy();
        let at = tree.root.iter().flat_map(|root| root.descendants()).find(|node| node.as_str() == Some(&*written));
        let span = at.map_or(apigw_syntax::Span::empty(0), |node| node.span);
        diagnostics.push(match refused {
            Some(reason) => file_not_read(span, &written, reason),
            None => missing_stack_template(span, &written),
        });
    }
    Ok(FileReport::of(manifest, document, diagnostics))
}

/// A file's text before and after its fixes, and how many fixes that took.
pub struct FileFix {
    pub path: PathBuf,
    /// The text as read and fixed: [`write_fix`] writes only while the file still holds it.
    pub before: String,
    pub after: String,
    pub applied: usize,
}

/// Computes the fixes of one file (without writing it): `None` when nothing applies or the file
/// is not a template.
pub fn fix_file(candidate: &Candidate, rules: &RuleSet, applicability: Applicability, boundary: &Boundary) -> std::io::Result<Option<FileFix>> {
    let path = candidate.path.as_path();
    let bytes = match read_candidate(candidate, boundary) {
        Ok(bytes) => bytes,
        Err(NotLinted::Missing) => return Err(std::io::Error::from(std::io::ErrorKind::NotFound)),
        Err(NotLinted::Io(error)) => return Err(std::io::Error::other(format!("{}: {error}", path.display()))),
        // Not read on purpose: the lint that follows reports it (AGW011).
        Err(NotLinted::Refused(_)) => return Ok(None),
    };
    let Ok(before) = String::from_utf8(bytes) else { return Ok(None) };
    if before.contains('\0') {
        return Ok(None);
    }
    let format = Format::detect(Some(path), &before);
    Ok(fix_all(&before, format, rules, applicability).map(|fixed| FileFix {
        path: path.to_path_buf(),
        before,
        after: fixed.text,
        applied: fixed.applied,
    }))
}

/// What [`write_fix`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    Written,
    /// Not written: the file no longer holds the text that was fixed (an editor saved it since).
    Changed,
}

/// Writes a fixed file whole or not at all: into a temporary file beside it, then renamed over
/// it, so a crash, a full disk or a kill leaves the old text, never a truncated one. A symlink
/// is followed and its target replaced, so the link stays a link. The error is why the file was
/// left unchanged.
pub fn write_fix(fix: &FileFix) -> Result<Written, String> {
    let target = std::fs::canonicalize(&fix.path).map_err(|error| error.to_string())?;
    let permissions = std::fs::metadata(&target).map_err(|error| error.to_string())?.permissions();
    // Checked here, not left to the OS: root may write a read-only file, yet it says "keep out".
    if permissions.readonly() {
        return Err("it is read-only".to_string());
    }
    let current = read_regular(&target).map_err(|refusal| refusal.reason())?;
    if current != fix.before.as_bytes() {
        return Ok(Written::Changed);
    }
    let temporary = temporary_path(&target);
    // `create_new`: whatever already has that name (another run's file, a planted link) is never
    // written through or over.
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&temporary).map_err(|error| match error.kind() {
        std::io::ErrorKind::AlreadyExists => format!("`{}` is in the way (left by an interrupted run? remove it)", temporary.display()),
        _ => format!("cannot create `{}`: {error}", temporary.display()),
    })?;
    use std::io::Write;
    let written = file.write_all(fix.after.as_bytes()).and_then(|()| file.set_permissions(permissions)).and_then(|()| file.sync_all());
    drop(file);
    written.and_then(|()| std::fs::rename(&temporary, &target)).map(|()| Written::Written).map_err(|error| {
        // Ours to remove: `create_new` made it.
        let _ = std::fs::remove_file(&temporary);
        error.to_string()
    })
}

/// `.<name>.apigw-lint.tmp` beside the file: in its folder, so the rename stays on one file
/// system (and is atomic), and always the same name, so a leftover one is found, not multiplied.
fn temporary_path(target: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(target.file_name().unwrap_or_default());
    name.push(".apigw-lint.tmp");
    target.with_file_name(name)
}
