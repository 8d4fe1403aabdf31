//! Mistakes in what selects rules (apigw-lint.toml, the command line, suppressions) are reported
//! where they are, with what was probably meant; and `apigw-lint rules` spells severities as the
//! configuration does. The binary, run as users run it.

use std::path::{Path, PathBuf};
use std::process::Command;

const TEMPLATE: &str = "Resources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      Name: orders\n      ProtocolType: HTTP\n";

/// A new folder holding `files`, for one test of this run.
fn folder(test: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("apigw-lint-configuration-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir
}

/// The exit code, standard output and standard error of apigw-lint run in `dir`.
fn apigw_lint(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_apigw-lint")).args(args).current_dir(dir).output().expect("apigw-lint runs");
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    (output.status.code().unwrap_or(-1), text(output.stdout), text(output.stderr))
}

#[test]
fn a_misspelt_key_is_reported_at_its_line_and_column_with_a_suggestion() {
    let dir = folder("key", &[("template.yaml", TEMPLATE), ("apigw-lint.toml", "extend-select = [\"AGW901\"]\n  selct = []\n")]);
    let (code, stdout, stderr) = apigw_lint(&dir, &["template.yaml"]);
    std::fs::remove_dir_all(&dir).unwrap();
    let expected = format!(
        "apigw-lint: {}:2:3: unknown field `selct`, expected one of `select`, `extend-select`, `ignore`, `severity`, `allow-read`, `overrides`; did you mean `select`?\n",
        dir.join("apigw-lint.toml").display()
    );
    assert_eq!((code, stdout.as_str(), stderr), (2, "", expected));
}

/// Only the message and the position: the line itself, which a symlinked secret could be, is
/// not shown.
#[test]
fn a_syntax_error_is_reported_without_the_line() {
    let dir = folder("syntax", &[("template.yaml", TEMPLATE), ("apigw-lint.toml", "TOKEN=ghp_secret value\n")]);
    let (code, _, stderr) = apigw_lint(&dir, &["--config", "apigw-lint.toml", "template.yaml"]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!((code, stderr.as_str()), (2, "apigw-lint: apigw-lint.toml:1:7: string values must be quoted, expected literal string\n"));
}

#[test]
fn an_unknown_rule_on_the_command_line_gets_a_suggestion() {
    let dir = folder("command-line", &[("template.yaml", TEMPLATE)]);
    for option in ["--select", "--ignore", "--extend-select"] {
        let (code, stdout, stderr) = apigw_lint(&dir, &[option, "AGW4O1", "template.yaml"]);
        assert_eq!((code, stdout.as_str(), stderr.as_str()), (2, "", "apigw-lint: `AGW4O1` matches no rule; did you mean `AGW401`?\n"), "{option}");
    }
    let (_, _, stderr) = apigw_lint(&dir, &["--select", "stage-access", "template.yaml"]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(stderr, "apigw-lint: `stage-access` matches no rule (a name must be whole); did you mean `stage-access-logging`?\n");
}

#[test]
fn a_misspelt_suppression_is_reported_with_a_suggestion() {
    let template = "Resources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Metadata:\n      apigw-lint:\n        ignore: [AGW4O1]\n    Properties:\n      Name: orders # apigw-lint: ignore[mapping-stage-rcae]\n      ProtocolType: HTTP\n";
    let dir = folder("suppression", &[("template.yaml", template)]);
    let (code, stdout, _) = apigw_lint(&dir, &["--format", "parseable", "template.yaml"]);
    std::fs::remove_dir_all(&dir).unwrap();
    let expected = "\
template.yaml:6:18:6:24:AGW010:`AGW4O1` is no apigw-lint rule; did you mean `AGW401`?
template.yaml:8:41:8:59:AGW010:`mapping-stage-rcae` is no apigw-lint rule; did you mean `mapping-stage-race`?
";
    assert_eq!((code, stdout.as_str()), (0, expected));
}

/// `warning`, as apigw-lint.toml spells it (which also takes `warn`).
#[test]
fn rules_prints_severities_as_the_configuration_spells_them() {
    let (code, stdout, _) = apigw_lint(&std::env::temp_dir(), &["rules"]);
    let races: Vec<&str> = stdout.lines().filter(|line| line.starts_with("AGW105") || line.starts_with("AGW106")).collect();
    assert_eq!(
        (code, races),
        (
            0,
            vec![
                "AGW105  mapping-stage-race                     error    fix: safe",
                "AGW106  deployment-before-routes               warning  fix: safe",
            ]
        )
    );
}
