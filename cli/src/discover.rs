//! Which files a run lints: the files named, and below the folders named every YAML or JSON file
//! that `.gitignore` does not exclude.

use std::path::{Path, PathBuf};

/// Extensions of files that may hold a template or an OpenAPI definition.
const EXTENSIONS: &[&str] = &["yaml", "yml", "json", "template"];

/// A file to lint, and whether it was named on the command line.
pub struct Candidate {
    pub path: PathBuf,
    pub explicit: bool,
}

pub fn candidates(paths: &[PathBuf]) -> Result<Vec<Candidate>, String> {
    let mut found = Vec::new();
    for root in paths {
        let metadata = std::fs::metadata(root).map_err(|error| format!("{}: {error}", root.display()))?;
        if metadata.is_file() {
            found.push(Candidate { path: root.clone(), explicit: true });
            continue;
        }
        for entry in ignore::WalkBuilder::new(root).build() {
            let entry = entry.map_err(|error| error.to_string())?;
            if entry.file_type().is_some_and(|kind| kind.is_file()) && has_template_extension(entry.path()) {
                found.push(Candidate { path: entry.into_path(), explicit: false });
            }
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found.dedup_by(|a, b| a.path == b.path);
    Ok(found)
}

fn has_template_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| EXTENSIONS.iter().any(|known| known.eq_ignore_ascii_case(ext)))
}
