//! What apigw-lint reads from disk, and the limits on it. A template is untrusted input (a pull
//! request's, a cloned repository's): the files it names (OpenAPI definitions, `AWS::Include`
//! locations, a cloud assembly's templates) are read only inside the project, only when they are
//! regular files, and only up to a size limit, so that no template can make apigw-lint print a
//! file from elsewhere, block on a FIFO or fill the memory.

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The largest file apigw-lint reads: templates are limited to 1 MB by CloudFormation (and
/// OpenAPI imports to a few MB); anything larger is not a template.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// Folders of kernel file systems, whose files lie about their size and may block or change
/// on every read.
const VIRTUAL_FOLDERS: &[&str] = &["/proc", "/sys", "/dev"];

/// Why a file was not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// It does not exist.
    Missing,
    /// Its path, or its real path with symlinks resolved, lies outside every folder of the project.
    Outside { resolved: PathBuf },
    /// Not a regular file: a FIFO, a socket, a device or a folder.
    NotRegular { kind: &'static str },
    /// In `/proc`, `/sys` or `/dev`.
    Virtual { resolved: PathBuf },
    TooLarge { bytes: u64 },
    /// Not UTF-8 text.
    NotText,
    Unreadable(String),
}

impl Refusal {
    /// Why, as the end of a sentence: "… was not read: {reason}".
    pub fn reason(&self) -> String {
        match self {
            Refusal::Missing => "it does not exist".to_string(),
            Refusal::Outside { resolved } => format!(
                "it is `{}`, outside the project (templates may name only files of their project; `allow-read` in apigw-lint.toml adds folders)",
                resolved.display()
            ),
            Refusal::NotRegular { kind } => format!("it is {kind}, not a regular file"),
            Refusal::Virtual { resolved } => format!("it is `{}`, a file of the kernel, not of the project", resolved.display()),
            Refusal::TooLarge { bytes } => {
                format!("it has {} MB, over the {} MB apigw-lint reads", bytes.div_ceil(1024 * 1024), MAX_FILE_BYTES / (1024 * 1024))
            }
            Refusal::NotText => "it is not UTF-8 text".to_string(),
            Refusal::Unreadable(error) => error.clone(),
        }
    }
}

impl From<Refusal> for apigw_rules::FileError {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::Missing => apigw_rules::FileError::Missing,
            refusal => apigw_rules::FileError::Refused(refusal.reason()),
        }
    }
}

/// Reads a file named by the user or found in a folder they named: only a regular file, opened
/// without blocking (a FIFO swapped in after the check cannot hang the read), up to
/// [`MAX_FILE_BYTES`].
pub fn read_regular(path: &Path) -> Result<Vec<u8>, Refusal> {
    let metadata = std::fs::metadata(path).map_err(io_refusal)?;
    check_regular(&metadata)?;
    let mut file = open_nonblocking(path).map_err(io_refusal)?;
    // The file opened may not be the one checked.
    check_regular(&file.metadata().map_err(io_refusal)?)?;
    let mut bytes = Vec::new();
    (&mut file).take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(io_refusal)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Refusal::TooLarge { bytes: bytes.len() as u64 });
    }
    Ok(bytes)
}

fn check_regular(metadata: &Metadata) -> Result<(), Refusal> {
    if !metadata.is_file() {
        return Err(Refusal::NotRegular { kind: kind_of(metadata) });
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(Refusal::TooLarge { bytes: metadata.len() });
    }
    Ok(())
}

#[cfg(unix)]
fn kind_of(metadata: &Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let kind = metadata.file_type();
    match () {
        _ if kind.is_dir() => "a folder",
        _ if kind.is_fifo() => "a FIFO",
        _ if kind.is_socket() => "a socket",
        _ if kind.is_block_device() || kind.is_char_device() => "a device",
        _ => "a special file",
    }
}

#[cfg(not(unix))]
fn kind_of(metadata: &Metadata) -> &'static str {
    if metadata.is_dir() { "a folder" } else { "a special file" }
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

fn io_refusal(error: std::io::Error) -> Refusal {
    match error.kind() {
        std::io::ErrorKind::NotFound => Refusal::Missing,
        _ => Refusal::Unreadable(error.to_string()),
    }
}

/// The folders whose files templates may name: the project, and those `allow-read` adds.
#[derive(Clone, Debug, Default)]
pub struct Boundary {
    /// Absolute and lexically normal, as given.
    roots: Vec<PathBuf>,
    /// The same with symlinks resolved.
    real_roots: Vec<PathBuf>,
}

impl Boundary {
    pub fn new(roots: impl IntoIterator<Item = PathBuf>) -> Boundary {
        let mut boundary = Boundary::default();
        for root in roots {
            boundary.add(&root);
        }
        boundary
    }

    pub fn add(&mut self, root: &Path) {
        if let Some(absolute) = absolute(root) {
            self.roots.push(absolute);
        }
        if let Ok(real) = std::fs::canonicalize(root) {
            self.real_roots.push(real);
        }
    }

    /// The project a file belongs to, for a file named on its own: the nearest folder above it
    /// with an `apigw-lint.toml` or a `.git`, else its own folder.
    pub fn project_of(file: &Path) -> PathBuf {
        let folder = absolute(file).and_then(|file| file.parent().map(Path::to_path_buf)).unwrap_or_else(|| PathBuf::from("."));
        folder
            .ancestors()
            .find(|candidate| candidate.join(crate::FILE_NAME).is_file() || candidate.join(".git").exists())
            .map_or(folder.clone(), Path::to_path_buf)
    }

    /// Reads a file a template names, when it lies inside the boundary ([`Boundary::admit`]).
    pub fn read(&self, path: &Path) -> Result<Vec<u8>, Refusal> {
        read_regular(&self.admit(path)?)
    }

    /// The real path of a file inside the boundary: its path as written (no `..` climbing out)
    /// and its real path (no symlink pointing out) both lie inside, and not in `/proc`-like
    /// folders.
    pub fn admit(&self, path: &Path) -> Result<PathBuf, Refusal> {
        let lexical = absolute(path).ok_or_else(|| Refusal::Unreadable("its path cannot be resolved".into()))?;
        if !self.roots.iter().any(|root| lexical.starts_with(root)) {
            return Err(Refusal::Outside { resolved: lexical });
        }
        let real = std::fs::canonicalize(path).map_err(io_refusal)?;
        if !self.real_roots.iter().any(|root| real.starts_with(root)) {
            return Err(Refusal::Outside { resolved: real });
        }
        if VIRTUAL_FOLDERS.iter().any(|folder| real.starts_with(folder)) {
            return Err(Refusal::Virtual { resolved: real });
        }
        Ok(real)
    }

    /// [`Boundary::read`] for text.
    pub fn read_text(&self, path: &Path) -> Result<String, Refusal> {
        String::from_utf8(self.read(path)?).map_err(|_| Refusal::NotText)
    }
}

/// A path made absolute (against the working folder) and lexically normal: `.` dropped, `..`
/// taking away the folder before it, without asking the file system.
fn absolute(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let mut normal = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other.as_os_str()),
        }
    }
    Some(normal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_paths_climb_without_the_file_system() {
        assert_eq!(absolute(Path::new("/repo/api/../../etc/passwd")), Some(PathBuf::from("/etc/passwd")));
        assert_eq!(absolute(Path::new("/repo/./api/openapi.yaml")), Some(PathBuf::from("/repo/api/openapi.yaml")));
        assert_eq!(absolute(Path::new("/../../x")), Some(PathBuf::from("/x")));
    }

    #[test]
    fn reads_only_inside_the_boundary() {
        let boundary = Boundary::new([PathBuf::from("/nonexistent-project")]);
        assert_eq!(boundary.read(Path::new("/nonexistent-project/../etc/passwd")), Err(Refusal::Outside { resolved: "/etc/passwd".into() }));
        assert_eq!(boundary.read(Path::new("/nonexistent-project/openapi.yaml")), Err(Refusal::Missing));
        let everything = Boundary::new([PathBuf::from("/")]);
        assert!(matches!(everything.read(Path::new("/proc/self/environ")), Err(Refusal::Virtual { resolved }) if resolved.starts_with("/proc")));
        assert_eq!(read_regular(Path::new("/")), Err(Refusal::NotRegular { kind: "a folder" }));
    }
}
