//! Which files a run lints: the files named, and below the folders named every YAML or JSON file
//! that `.gitignore` (with or without git) and the default excludes leave: dependencies, build
//! output and tool caches ([`EXCLUDED_FOLDERS`]), which hold other people's templates. A CDK
//! cloud assembly (`cdk.out`, a folder with a
//! `manifest.json` listing artifacts) is read through its manifest instead: the template of every
//! stack, of nested assemblies (CDK Pipelines stages) and of nested stacks, each with its stack's
//! name, and none of the assets.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use apigw_config::files::{Boundary, read_regular};
use serde_json::Value;

/// Extensions of files that may hold a template or an OpenAPI definition.
const EXTENSIONS: &[&str] = &["yaml", "yml", "json", "template"];

/// Folders a walk never enters unless `--no-ignore` says so, as ruff's default excludes: packages,
/// version control, virtual environments, build output and the copies SAM and the Serverless
/// Framework make of a project.
pub const EXCLUDED_FOLDERS: &[&str] =
    &["node_modules", ".git", ".hg", ".svn", ".aws-sam", ".serverless", ".venv", "venv", "__pycache__", ".tox", "target"];

/// Whether the walk leaves a folder out by default: a name of [`EXCLUDED_FOLDERS`], a CDK asset
/// folder (`cdk.out/asset.*`: bundled code and its dependencies), or a Python virtual
/// environment under any name.
fn excluded_by_default(folder: &Path) -> bool {
    let Some(name) = folder.file_name().and_then(|name| name.to_str()) else { return false };
    let in_assembly = folder.parent().and_then(Path::file_name).is_some_and(|parent| parent == "cdk.out");
    EXCLUDED_FOLDERS.contains(&name) || (in_assembly && name.starts_with("asset.")) || folder.join("pyvenv.cfg").is_file()
}

/// A file to lint, whether it was named on the command line (or in a cloud assembly's manifest),
/// the CDK stack it is the template of, the manifest that names it, and its project.
pub struct Candidate {
    pub path: PathBuf,
    pub explicit: bool,
    pub stack: Option<String>,
    /// A template that a manifest names may be missing (a committed `cdk.out` without its
    /// templates): that is a finding on the manifest, not a failed run.
    pub manifest: Option<PathBuf>,
    /// The folder whose files its templates may name: the folder named on the command line, or
    /// for a file named on its own the project above it ([`Boundary::project_of`]).
    pub project: PathBuf,
}

impl Candidate {
    /// A file named on its own, whose project is the one above it.
    pub fn named(path: &Path) -> Candidate {
        let project = Boundary::project_of(path);
        Candidate { path: path.to_path_buf(), explicit: true, stack: None, manifest: None, project }
    }

    /// Whether a manifest, not the user or a folder walk, named the file: then it is read only
    /// inside the project, like the files templates name.
    pub fn named_by_manifest(&self) -> bool {
        self.manifest.is_some() || self.stack.is_some()
    }
}

/// The files to lint below `paths`; with `no_ignore`, `.gitignore` and the default excludes do
/// not apply.
pub fn candidates(paths: &[PathBuf], no_ignore: bool) -> Result<Vec<Candidate>, String> {
    let mut found = Vec::new();
    for root in paths {
        let metadata = std::fs::metadata(root).map_err(|error| format!("{}: {error}", root.display()))?;
        if !metadata.is_dir() {
            match root.parent().filter(|_| root.file_name().is_some_and(|name| name == "manifest.json")) {
                Some(folder) if is_cloud_assembly(folder) => assembly(folder, &Boundary::project_of(root), &mut found, &mut HashSet::new())?,
                _ => found.push(Candidate::named(root)),
            }
            continue;
        }
        // A CDK project: its `cdk.out` is usually ignored by git, yet it is what the user means.
        let project_output = root.join("cdk.out");
        if is_cloud_assembly(&project_output) {
            assembly(&project_output, root, &mut found, &mut HashSet::new())?;
        }
        if is_cloud_assembly(root) {
            assembly(root, root, &mut found, &mut HashSet::new())?;
            continue;
        }
        let assemblies = Arc::new(Mutex::new(Vec::new()));
        let seen = assemblies.clone();
        let walk = ignore::WalkBuilder::new(root)
            // `.gitignore` says what the project is, whether or not it is a git checkout yet.
            .require_git(false)
            .standard_filters(!no_ignore)
            .filter_entry(move |entry| {
                let folder = entry.file_type().is_some_and(|kind| kind.is_dir());
                if folder && entry.depth() > 0 && !no_ignore && excluded_by_default(entry.path()) {
                    return false;
                }
                let assembly = folder && is_cloud_assembly(entry.path());
                if assembly && let Ok(mut seen) = seen.lock() {
                    seen.push(entry.path().to_path_buf());
                }
                !assembly
            })
            .build();
        for entry in walk {
            let entry = entry.map_err(|error| error.to_string())?;
            // Symlinks are not followed, and FIFOs and devices are no files to lint.
            if entry.file_type().is_some_and(|kind| kind.is_file()) && has_template_extension(entry.path()) {
                found.push(Candidate { path: entry.into_path(), explicit: false, stack: None, manifest: None, project: root.clone() });
            }
        }
        let assemblies = std::mem::take(&mut *assemblies.lock().map_err(|error| error.to_string())?);
        for folder in assemblies {
            assembly(&folder, root, &mut found, &mut HashSet::new())?;
        }
    }
    // A template found both ways keeps its stack.
    found.sort_by(|a, b| (&a.path, a.stack.is_none()).cmp(&(&b.path, b.stack.is_none())));
    found.dedup_by(|later, first| later.path == first.path);
    Ok(found)
}

fn has_template_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| EXTENSIONS.iter().any(|known| known.eq_ignore_ascii_case(ext)))
}

/// Whether a folder is a cloud assembly: its `manifest.json` lists `artifacts`.
fn is_cloud_assembly(folder: &Path) -> bool {
    let manifest = folder.join("manifest.json");
    manifest.is_file() && read_json(&manifest).is_ok_and(|manifest| manifest.get("artifacts").is_some_and(Value::is_object))
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = read_regular(path).map_err(|refusal| format!("{}: not read: {}", path.display(), refusal.reason()))?;
    serde_json::from_slice(&text).map_err(|error| format!("{}: {error}", path.display()))
}

/// The templates of a cloud assembly's stacks, of its nested assemblies and of their nested stacks.
fn assembly(folder: &Path, project: &Path, found: &mut Vec<Candidate>, visited: &mut HashSet<PathBuf>) -> Result<(), String> {
    if !visited.insert(std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf())) {
        return Ok(());
    }
    let manifest = read_json(&folder.join("manifest.json"))?;
    let Some(artifacts) = manifest.get("artifacts").and_then(Value::as_object) else { return Ok(()) };
    for (id, artifact) in artifacts {
        let property = |name: &str| artifact.get("properties").and_then(|properties| properties.get(name)).and_then(Value::as_str);
        match artifact.get("type").and_then(Value::as_str) {
            Some("aws:cloudformation:stack") => {
                let Some(file) = property("templateFile") else { continue };
                let stack = artifact.get("displayName").and_then(Value::as_str).unwrap_or(id);
                let template = folder.join(file);
                nested_stacks(folder, project, &template, found, 0);
                let manifest = Some(folder.join("manifest.json"));
                let project = project.to_path_buf();
                found.push(Candidate { path: template, explicit: true, stack: Some(stack.to_string()), manifest, project });
            }
            Some("cdk:cloud-assembly") => {
                if let Some(directory) = property("directoryName") {
                    let nested = folder.join(directory);
                    // A nested assembly outside the project is not read (its stacks would be).
                    if Boundary::new([project.to_path_buf()]).admit(&nested.join("manifest.json")).is_ok() {
                        assembly(&nested, project, found, visited)?;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The templates of the nested stacks a template deploys: each `AWS::CloudFormation::Stack` whose
/// `Metadata` names its template as a CDK asset (`aws:asset:path`). A template that cannot be read
/// here is reported when it is linted, so it is passed over quietly.
fn nested_stacks(folder: &Path, project: &Path, template: &Path, found: &mut Vec<Candidate>, depth: usize) {
    // CloudFormation allows five levels; a deeper chain is a cycle or a hand-made trap.
    const MAX_DEPTH: usize = 8;
    if depth > MAX_DEPTH {
        return;
    }
    let Ok(text) = Boundary::new([project.to_path_buf()]).read(template) else { return };
    let Ok(root) = serde_json::from_slice::<Value>(&text) else { return };
    let Some(resources) = root.get("Resources").and_then(Value::as_object) else { return };
    for resource in resources.values() {
        if resource.get("Type").and_then(Value::as_str) != Some("AWS::CloudFormation::Stack") {
            continue;
        }
        let metadata = |key: &str| resource.get("Metadata").and_then(|metadata| metadata.get(key)).and_then(Value::as_str);
        let Some(asset) = metadata("aws:asset:path").filter(|asset| asset.ends_with(".template.json")) else { continue };
        // `Orders/Network.NestedStack/Network.NestedStackResource` is the stack `Orders/Network`.
        let stack = metadata("aws:cdk:path").map(|path| path.split(".NestedStack/").next().unwrap_or(path).to_string());
        let path = folder.join(asset);
        nested_stacks(folder, project, &path, found, depth + 1);
        found.push(Candidate { path, explicit: true, stack, manifest: None, project: project.to_path_buf() });
    }
}
