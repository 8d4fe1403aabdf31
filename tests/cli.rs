//! The binary, run as users run it.

use std::process::Command;

fn apigw_lint(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_apigw-lint"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures"))
        .output()
        .expect("apigw-lint runs");
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    (output.status.code().unwrap_or(-1), text(output.stdout), text(output.stderr))
}

#[test]
fn json_output_of_a_syntax_error() {
    let (code, stdout, _) = apigw_lint(&["--format", "json", "rules/AGW001/fail_trailing_comma.json"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(stdout);
}

#[test]
fn a_clean_file_exits_zero() {
    let (code, stdout, _) = apigw_lint(&["--color", "never", "rules/AGW001/pass.yaml"]);
    assert_eq!((code, stdout.as_str()), (0, "No problems found in 1 file.\n"));
}

#[test]
fn unknown_rule_selection_is_a_usage_error() {
    let (code, _, stderr) = apigw_lint(&["--select", "AGW9999", "rules"]);
    assert_eq!(code, 2);
    assert_eq!(stderr, "apigw-lint: `AGW9999` matches no rule (see `apigw-lint rules`)\n");
}

#[test]
fn missing_path_is_an_io_error() {
    let (code, _, stderr) = apigw_lint(&["no/such/file.yaml"]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("apigw-lint: no/such/file.yaml: "), "{stderr}");
}

#[test]
fn folders_skip_files_that_are_not_templates() {
    let dir = std::env::temp_dir().join(format!("apigw-lint-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("docker-compose.yaml"), "services:\n  web: {image: nginx}\n").unwrap();
    std::fs::write(dir.join("broken.yaml"), "key: [unclosed\n").unwrap();
    let (code, stdout, _) = apigw_lint(&["--color", "never", dir.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!((code, stdout.as_str()), (0, "No problems found in 0 files.\n"));
}

#[test]
fn rule_documentation() {
    let (code, stdout, _) = apigw_lint(&["rule", "syntax-error"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("# AGW001 syntax-error\n\nDefault severity: error. Fix: none.\n\n## What it checks\n"), "{stdout}");
}

#[test]
fn json_output_with_related_locations_and_a_fix() {
    let (code, stdout, _) = apigw_lint(&["--format", "json", "--select", "AGW105", "rules/AGW105/fail.yaml"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(stdout);
}

#[test]
fn text_output_of_a_folder() {
    let (code, stdout, _) = apigw_lint(&["--color", "never", "--select", "AGW401", "rules/AGW401"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(stdout);
}
