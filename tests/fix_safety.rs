//! `--fix` writes a file whole or not at all, only the file it linted, and never over a newer one.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use apigw_config::files::Boundary;
use apigw_lint::discover::Candidate;
use apigw_lint::{Written, fix_file, write_fix};
use apigw_rules::{Applicability, RuleSet};

/// A template with one safe fix: AGW105 adds `DependsOn: ProdStage` to the mapping.
const TEMPLATE: &str = include_str!("fixtures/rules/AGW105/fail.yaml");
const FIX: &str = "    DependsOn: ProdStage\n";

/// A fresh folder of its own for each test, removed when the test ends, passed or failed.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Scratch {
        let folder = std::env::temp_dir().join(format!("apigw-lint-fix-safety-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).unwrap();
        Scratch(folder)
    }

    fn template(&self, name: &str, mode: u32) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, TEMPLATE).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        path
    }

    fn names(&self) -> Vec<String> {
        let mut names: Vec<_> = std::fs::read_dir(&self.0).unwrap().map(|entry| entry.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        names
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn fix(paths: &[&Path]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_apigw-lint")).args(["--fix", "--select", "AGW105"]).args(paths).output().expect("apigw-lint runs");
    (output.status.code().unwrap_or(-1), String::from_utf8(output.stderr).unwrap())
}

fn text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_fix_keeps_the_permissions_and_leaves_no_temporary_file() {
    let scratch = Scratch::new("permissions");
    let template = scratch.template("template.yaml", 0o640);
    let (code, stderr) = fix(&[&template]);
    assert_eq!(code, 0, "{stderr}");
    assert!(text(&template).contains(FIX));
    assert_eq!(mode(&template), 0o640);
    assert_eq!(scratch.names(), ["template.yaml"]);
}

/// Refused by us: the tests run as root, whom the OS lets write anything.
#[test]
fn a_read_only_file_is_refused_and_left_unchanged() {
    let scratch = Scratch::new("read-only");
    let template = scratch.template("template.yaml", 0o444);
    let (code, stderr) = fix(&[&template]);
    assert_eq!(code, 2);
    assert!(stderr.contains(&format!("apigw-lint: {}: it is read-only; the file is unchanged\n", template.display())), "{stderr}");
    assert_eq!(text(&template), TEMPLATE);
    assert_eq!(scratch.names(), ["template.yaml"]);
}

#[test]
fn a_symlinked_template_is_fixed_through_the_link() {
    let scratch = Scratch::new("symlink");
    let target = scratch.template("real.yaml", 0o644);
    let link = scratch.0.join("link.yaml");
    std::os::unix::fs::symlink("real.yaml", &link).unwrap();
    let (code, stderr) = fix(&[&link]);
    assert_eq!(code, 0, "{stderr}");
    assert!(text(&target).contains(FIX));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_link(&link).unwrap(), Path::new("real.yaml"));
    assert_eq!(scratch.names(), ["link.yaml", "real.yaml"]);
}

/// Whatever has the temporary file's name is not ours: it is neither written through nor removed.
#[test]
fn a_file_in_the_way_of_the_temporary_file_fails_the_write() {
    let scratch = Scratch::new("planted-file");
    let template = scratch.template("template.yaml", 0o644);
    let planted = scratch.0.join(".template.yaml.apigw-lint.tmp");
    std::fs::write(&planted, "not apigw-lint's").unwrap();
    let (code, stderr) = fix(&[&template]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is in the way") && stderr.contains("the file is unchanged"), "{stderr}");
    assert_eq!(std::fs::read(&template).unwrap(), TEMPLATE.as_bytes());
    assert_eq!(text(&planted), "not apigw-lint's");
}

/// A failed write stops neither the others nor the failure: they are fixed, the run exits 2.
#[test]
fn a_folder_in_the_way_fails_that_file_only() {
    let scratch = Scratch::new("planted-folder");
    let blocked = scratch.template("blocked.yaml", 0o644);
    let other = scratch.template("other.yaml", 0o644);
    let planted = scratch.0.join(".blocked.yaml.apigw-lint.tmp");
    std::fs::create_dir(&planted).unwrap();
    let (code, stderr) = fix(&[&blocked, &other]);
    assert_eq!(code, 2);
    assert!(stderr.contains(&format!("apigw-lint: {}: `{}` is in the way", blocked.display(), planted.display())), "{stderr}");
    assert_eq!(std::fs::read(&blocked).unwrap(), TEMPLATE.as_bytes());
    assert!(planted.is_dir());
    assert!(text(&other).contains(FIX));
    assert!(stderr.contains("Applied 1 fix in 1 file."), "{stderr}");
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(status.success());
}

/// Named with `--fix`, a FIFO is neither fixed nor read: the run reports it (AGW011) and ends.
#[test]
fn a_fifo_named_with_fix_does_not_hang() {
    let scratch = Scratch::new("fifo");
    let fifo = scratch.0.join("template.yaml");
    mkfifo(&fifo);
    let mut child = Command::new(env!("CARGO_BIN_EXE_apigw-lint"))
        .args(["--fix", "--format", "parseable"])
        .arg(&fifo)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("apigw-lint runs");
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("apigw-lint --fix still reads the FIFO after 10 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    let path = fifo.display();
    let expected = format!("{path}:1:1:1:1:AGW011:`{path}` was not read: it is a FIFO, not a regular file\n");
    assert_eq!((output.status.code(), String::from_utf8_lossy(&output.stdout).into_owned()), (Some(1), expected));
}

/// However a FIFO reaches `fix_file` (named, or through a cloud assembly's manifest), it is
/// refused without a blocking read, and left to the lint to report.
#[test]
fn fix_file_refuses_a_fifo_without_blocking() {
    let scratch = Scratch::new("fifo-library");
    let fifo = scratch.0.join("template.yaml");
    mkfifo(&fifo);
    let (sender, receiver) = std::sync::mpsc::channel();
    let path = fifo.clone();
    std::thread::spawn(move || {
        let fixed = fix_file(&Candidate::named(&path), &RuleSet::defaults(), Applicability::Safe, &Boundary::default());
        sender.send(fixed.map(|fix| fix.is_none()).map_err(|error| error.to_string()))
    });
    let outcome = receiver.recv_timeout(Duration::from_secs(10)).expect("fix_file returns within 10 s");
    assert_eq!(outcome, Ok(true));
}

#[test]
fn a_file_changed_since_it_was_linted_is_not_written() {
    let scratch = Scratch::new("changed");
    let template = scratch.template("template.yaml", 0o644);
    let fix = fix_file(&Candidate::named(&template), &RuleSet::defaults(), Applicability::Safe, &Boundary::default()).unwrap().expect("AGW105 has a safe fix");
    assert!(fix.after.contains(FIX));
    let saved = format!("# saved by an editor\n{TEMPLATE}");
    std::fs::write(&template, &saved).unwrap();
    assert_eq!(write_fix(&fix), Ok(Written::Changed));
    assert_eq!(text(&template), saved);
    assert_eq!(scratch.names(), ["template.yaml"]);
}
