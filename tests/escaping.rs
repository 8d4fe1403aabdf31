//! Control characters of a template never reach the terminal or a CI log raw, in any format.

use std::path::{Path, PathBuf};
use std::process::Command;

use apigw_lint::FileReport;

/// The start of a template, up to the line under `Properties:` of an `AWS::ApiGatewayV2::Api`.
const API: &str = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      Name: orders\n      ProtocolType: HTTP\n";

/// A plain scalar with raw controls, which YAML rejects (AGW001): the code frame shows the line.
const ESCAPE_SEQUENCE: &str = "      Description: clear \x1b[2J\x07\x7f\u{9b} screen\n";

/// A key with an ESC sequence, a lone CR, a BEL and a NUL, written as YAML escapes:
/// AGW005 puts the key itself, raw, in its message.
const CONTROL_KEY: &str = "      \"Tag\\e[2J\\r\\a\\0\": 1\n";

/// Lone CRs, which YAML reads as line breaks but the code frame shows in the middle of a line:
/// after a comment and between the two `Name`s of a duplicate key (AGW002: a primary and a
/// secondary label); CRLF everywhere else.
const LONE_CR: &str = "AWSTemplateFormatVersion: \"2010-09-09\"\r\nResources:\r\n  Api:\r\n    Type: AWS::ApiGatewayV2::Api\r\n    Properties:\r\n      # mind the gap\r      Name: x\r      Name: y\r\n      ProtocolType: HTTP\r\n";

/// Every output format, as arguments.
const FORMATS: [&[&str]; 7] = [
    &["--color", "never"],
    &["--color", "always"],
    &["--format", "json"],
    &["--format", "sarif"],
    &["--format", "github"],
    &["--format", "junit"],
    &["--format", "parseable"],
];

/// A folder of its own in the temporary folder, with `files` (name, text) written in it.
fn folder(test: &str, files: &[(&str, String)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("apigw-lint-escaping-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir
}

/// The binary's standard output, run in `dir`.
fn apigw_lint(dir: &Path, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_apigw-lint")).args(args).current_dir(dir).output().expect("apigw-lint runs");
    String::from_utf8(output.stdout).unwrap()
}

/// The control characters that `output` holds raw: C0 controls but tab, LF and CR before LF
/// (bytes 0x00..=0x08, 0x0B, 0x0C, 0x0E..=0x1F, a lone 0x0D), DEL, and C1 controls.
fn raw_controls(output: &str) -> Vec<char> {
    let mut chars = output.chars().peekable();
    let mut found = Vec::new();
    while let Some(c) = chars.next() {
        if c.is_control() && c != '\t' && c != '\n' && !(c == '\r' && chars.peek() == Some(&'\n')) {
            found.push(c);
        }
    }
    found
}

/// `output` without the colour sequences (ESC `[` digits and `;` then `m`) that `--color always`
/// writes itself.
fn without_colours(output: &str) -> String {
    let mut rest = output;
    let mut kept = String::new();
    while let Some(at) = rest.find('\x1b') {
        kept.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let parameters = after.strip_prefix('[').map(|colour| colour.trim_start_matches(|c: char| c.is_ascii_digit() || c == ';'));
        match parameters.and_then(|parameters| parameters.strip_prefix('m')) {
            Some(next) => rest = next,
            None => {
                kept.push('\x1b');
                rest = after;
            }
        }
    }
    kept.push_str(rest);
    kept
}

#[test]
fn no_format_writes_control_characters_of_a_template() {
    let nul = format!("{API}      Description: a\x00b\n");
    let files = [
        ("escape-sequence.yaml", format!("{API}{ESCAPE_SEQUENCE}")),
        ("control-key.yaml", format!("{API}{CONTROL_KEY}")),
        ("lone-cr.yaml", LONE_CR.to_string()),
        ("nul.yaml", nul),
        ("bel.yaml", format!("{API}      Description: a\x07b # \x1b]0;title\x07\n")),
    ];
    let dir = folder("formats", &files);
    for format in FORMATS {
        let mut args = format.to_vec();
        args.extend(files.iter().map(|(name, _)| *name));
        let stdout = apigw_lint(&dir, &args);
        assert!(stdout.contains("AGW005"), "{format:?}: {stdout}");
        let shown = if format == ["--color", "always"] { without_colours(&stdout) } else { stdout.clone() };
        assert_eq!(raw_controls(&shown), [], "{format:?}: {stdout}");
        if format[0] == "--color" {
            assert!(!stdout.contains("\x1b[2J") && stdout.contains("\\u{1b}[2J"), "{format:?}: {stdout}");
        }
        if format == ["--format", "junit"] {
            roxmltree::Document::parse(&stdout).expect("JUnit output is XML 1.0");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// serde_json escapes control characters itself (`\u001b`): the message still holds the key as
/// written, for whoever reads the JSON.
#[test]
fn json_and_sarif_keep_control_characters_as_json_escapes() {
    let dir = folder("json", &[("control-key.yaml", format!("{API}{CONTROL_KEY}"))]);
    let json: serde_json::Value = serde_json::from_str(&apigw_lint(&dir, &["--format", "json", "control-key.yaml"])).unwrap();
    let sarif: serde_json::Value = serde_json::from_str(&apigw_lint(&dir, &["--format", "sarif", "control-key.yaml"])).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let expected = "unknown property `Tag\x1b[2J\r\x07\0` of `AWS::ApiGatewayV2::Api`";
    assert_eq!(json[0]["message"], expected);
    assert_eq!(sarif["runs"][0]["results"][0]["message"]["text"], expected);
}

#[test]
fn code_frame_escapes_the_line_it_shows() {
    let dir = folder("frame", &[("escape-sequence.yaml", format!("{API}{ESCAPE_SEQUENCE}"))]);
    let stdout = apigw_lint(&dir, &["--color", "never", "escape-sequence.yaml"]);
    std::fs::remove_dir_all(&dir).unwrap();
    let expected = "\
error[AGW001/syntax-error]: unexpected character: `\\u{1b}'
  ┌─ escape-sequence.yaml:8:20
  │
8 │       Description: clear \\u{1b}[2J\\u{7}\\u{7f}\\u{9b} screen
  │                    ^

Found 1 error, 0 warnings in 1 of 1 file.
";
    assert_eq!(stdout, expected);
}

/// The labels stand after one and two escaped lone CRs: each is moved by the bytes the escapes
/// before it add, and the column stays the one of the original line (42, as in every other
/// format).
#[test]
fn code_frame_labels_move_past_an_escaped_lone_cr() {
    let dir = folder("lone-cr", &[("lone-cr.yaml", LONE_CR.to_string())]);
    let stdout = apigw_lint(&dir, &["--color", "never", "lone-cr.yaml"]);
    std::fs::remove_dir_all(&dir).unwrap();
    let expected = "\
error[AGW002/duplicate-key]: duplicate key `Name`: CloudFormation keeps this last value and ignores every earlier one
  ┌─ lone-cr.yaml:6:42
  │
6 │       # mind the gap\\u{d}      Name: x\\u{d}      Name: y
  │                                ----              ^^^^
  │                                │                  
  │                                `Name` is first set here, to a value CloudFormation ignores

Found 1 error, 0 warnings in 1 of 1 file.
";
    assert_eq!(stdout, expected);
}

/// A file refused unread is reported on an empty text: the diagnostic's line and a note with
/// the path, no empty line 1.
#[test]
fn file_without_text_gets_no_code_frame() {
    let report = FileReport::not_read(Path::new("dump\x1b[2J.bin"), "it is a binary file, not text");
    let expected = "\
error[AGW011/file-not-read]: `dump\\u{1b}[2J.bin` was not read: it is a binary file, not text
 = file: dump\\u{1b}[2J.bin

";
    assert_eq!(apigw_lint::render::text::file(&report, false), expected);
}
