//! Hostile and broken input through the real binary: each gets a clear diagnostic with a
//! position, or is recognised as no template, and never a crash. (Bounded time and memory are the
//! design: aliases are never expanded, nesting is capped; a hang here would fail CI's time limit.)

use std::process::Command;

/// Lints `text` written to a file named `name`; returns the exit code and the JSON diagnostics.
fn lint(name: &str, text: &[u8]) -> (i32, Vec<serde_json::Value>) {
    let dir = std::env::temp_dir().join(format!("apigw-lint-adversarial-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_apigw-lint")).args(["--format", "json"]).arg(&path).output().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let code = output.status.code().expect("exited, not killed by a signal");
    let diagnostics = serde_json::from_slice(&output.stdout).unwrap_or_else(|_| panic!("JSON output: {}", String::from_utf8_lossy(&output.stderr)));
    (code, diagnostics)
}

fn summary(diagnostics: &[serde_json::Value]) -> Vec<String> {
    diagnostics.iter().map(|d| format!("{}@{}:{} {}", d["code"].as_str().unwrap(), d["line"], d["column"], d["message"].as_str().unwrap())).collect()
}

#[test]
fn billion_laughs_is_not_expanded() {
    let mut text = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for level in b'b'..=b'z' {
        let previous = (level - 1) as char;
        let level = level as char;
        text.push_str(&format!("{level}: &{level} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n"));
    }
    text.push_str("Resources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties: {Name: *z, ProtocolType: HTTP}\n");
    let (code, diagnostics) = lint("bomb.yaml", text.as_bytes());
    assert_eq!(code, 0, "{:?}", summary(&diagnostics));
}

#[test]
fn deep_nesting_is_a_syntax_error_with_a_position() {
    let flow = format!("Resources: {}", "[".repeat(100_000));
    let (code, diagnostics) = lint("flow.yaml", flow.as_bytes());
    assert_eq!(code, 1);
    assert_eq!(diagnostics[0]["code"], "AGW001", "{:?}", summary(&diagnostics));
    let block: String = std::iter::once("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n".to_string())
        .chain((1..10_000).map(|depth| format!("{}k:\n", " ".repeat(depth))))
        .collect();
    let (code, diagnostics) = lint("block.yaml", block.as_bytes());
    assert_eq!(code, 1);
    assert_eq!(diagnostics[0]["code"], "AGW001");
    let json = format!("{{\"Resources\": {}{}}}", "[".repeat(10_000), "]".repeat(10_000));
    let (code, diagnostics) = lint("deep.json", json.as_bytes());
    assert_eq!((code, diagnostics[0]["code"].as_str()), (1, Some("AGW001")), "{:?}", summary(&diagnostics));
}

#[test]
fn invalid_utf8_is_reported_at_the_first_bad_byte() {
    let (code, diagnostics) = lint("latin1.yaml", b"AWSTemplateFormatVersion: '2010-09-09'\nDescription: caf\xe9\n");
    assert_eq!(code, 1);
    assert_eq!(summary(&diagnostics), ["AGW001@2:17 the file is not valid UTF-8 (first invalid byte at offset 55)"]);
}

#[test]
fn byte_order_mark_and_crlf_keep_positions_right() {
    let text = "\u{feff}Resources:\r\n  Stage:\r\n    Type: AWS::ApiGatewayV2::Stage\r\n    Properties:\r\n      ApiId: a1b2c3\r\n      StageName: prod v1\r\n";
    let (_, diagnostics) = lint("crlf.yaml", text.as_bytes());
    let stage = diagnostics.iter().find(|d| d["code"] == "AGW301").unwrap();
    assert_eq!((stage["line"].as_u64(), stage["column"].as_u64(), stage["end_column"].as_u64()), (Some(6), Some(18), Some(25)));
    let json = "\u{feff}{\"Resources\": {\"Stage\": {\"Type\": \"AWS::ApiGatewayV2::Stage\", \"Properties\": {\"ApiId\": \"a\", \"StageName\": \"a b\"}}}}";
    let (_, diagnostics) = lint("bom.json", json.as_bytes());
    let stage = diagnostics.iter().find(|d| d["code"] == "AGW301").unwrap();
    assert_eq!(stage["column"].as_u64(), Some(105), "the byte order mark counts as a character");
}

#[test]
fn tabs_and_nul_bytes_are_syntax_errors() {
    let (code, diagnostics) = lint("tab.yaml", b"AWSTemplateFormatVersion: '2010-09-09'\nResources:\n\tApi: {}\n");
    assert_eq!((code, diagnostics[0]["code"].as_str(), diagnostics[0]["line"].as_u64()), (1, Some("AGW001"), Some(3)));
    let (code, diagnostics) = lint("nul.yaml", b"AWSTemplateFormatVersion: '2010-09-09'\nResources: {Api: \0}\n");
    assert_eq!((code, diagnostics[0]["code"].as_str()), (1, Some("AGW001")), "{:?}", summary(&diagnostics));
}

#[test]
fn a_very_long_line_and_thousands_of_duplicate_keys() {
    let long = format!(
        "Resources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties: {{Name: orders, ProtocolType: HTTP, Description: {}}}\n",
        "x".repeat(1_000_000)
    );
    let (code, diagnostics) = lint("long.yaml", long.as_bytes());
    assert_eq!(code, 0, "{:?}", summary(&diagnostics));
    let mut text = String::from("Resources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      Name: orders\n      ProtocolType: HTTP\n      Tags:\n");
    for _ in 0..5_000 {
        text.push_str("        team: payments\n");
    }
    let (code, diagnostics) = lint("duplicates.yaml", text.as_bytes());
    assert_eq!(code, 1);
    let duplicates = diagnostics.iter().filter(|d| d["code"] == "AGW002").count();
    assert_eq!(duplicates, 4_999);
}

#[test]
fn a_50_mb_file_keeps_its_findings_and_positions() {
    let text = format!(
        "Resources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      Name: orders\n      ProtocolType: HTTP\n      Description: {}\n  Stage:\n    Type: AWS::ApiGatewayV2::Stage\n    Properties: {{ApiId: !Ref Api, StageName: prod v1, AutoDeploy: true, AccessLogSettings: {{DestinationArn: arn:aws:logs:us-east-1:123456789012:log-group:a, Format: $context.requestId}}}}\n",
        "x".repeat(50_000_000)
    );
    let (code, diagnostics) = lint("big.yaml", text.as_bytes());
    assert_eq!(code, 1);
    assert_eq!(
        summary(&diagnostics),
        ["AGW301@10:46 stage name `prod v1` contains a space: a stage name is `$default` or up to 128 letters, digits, `-` and `_`"]
    );
}
