//! End to end in a real Neovim 0.11 (installed from PyPI by scripts/install-neovim): the editor
//! starts `apigw-lint server`, shows our diagnostics, applies a quick fix, and the diagnostic
//! clears. The editor side is tests/editors/neovim.lua.

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The path of nvim, installed once per test process (the tests run in parallel threads).
fn neovim() -> &'static str {
    static NVIM: OnceLock<String> = OnceLock::new();
    NVIM.get_or_init(|| {
        let output = Command::new(root().join("scripts/install-neovim")).output().expect("scripts/install-neovim runs");
        assert!(output.status.success(), "installing Neovim failed: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap().trim().to_string()
    })
}

fn run(template: &str, code: &str) -> (bool, String, String) {
    let output = Command::new(neovim())
        .args(["--headless", "--clean", "-l"])
        .arg(root().join("tests/editors/neovim.lua"))
        .arg(env!("CARGO_BIN_EXE_apigw-lint"))
        .arg(root().join(template))
        .arg(code)
        .output()
        .expect("nvim runs");
    let text = |bytes: Vec<u8>| String::from_utf8_lossy(&bytes).replace('\r', "");
    (output.status.success(), text(output.stdout), text(output.stderr))
}

#[test]
fn neovim_shows_diagnostics_and_applies_a_quick_fix() {
    let (ok, stdout, stderr) = run("tests/fixtures/rules/AGW105/fail.yaml", "AGW105");
    assert!(ok, "{stdout}{stderr}");
    assert_eq!(
        stdout,
        "diagnostics: AGW105@27:14\napplying: Add `DependsOn: ProdStage`\ncleared: AGW105\n",
        "{stderr}"
    );
}

#[test]
fn neovim_json_template_and_a_fix_that_inserts_a_property() {
    let (ok, stdout, stderr) = run("tests/fixtures/rules/AGW204/fail.json", "AGW204");
    assert!(ok, "{stdout}{stderr}");
    assert!(stdout.contains("applying: Add `PayloadFormatVersion: \"2.0\"`\ncleared: AGW204\n"), "{stdout}{stderr}");
}
