//! CDK output: the test app of tests/cdk-app, synthesized by scripts/synth-cdk-app into
//! tests/fixtures/cdk (clean, and one folder per planted defect of tests/cdk-app/defects.json).

use std::path::Path;
use std::process::Command;

use apigw_lint::discover::candidates;
use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures");

fn apigw_lint(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_apigw-lint")).args(args).current_dir(FIXTURES).output().expect("apigw-lint runs");
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
    (output.status.code().unwrap_or(-1), String::from_utf8(output.stdout).unwrap())
}

fn json(args: &[&str]) -> Vec<Value> {
    let mut args = args.to_vec();
    args.extend(["--format", "json"]);
    serde_json::from_str::<Value>(&apigw_lint(&args).1).unwrap().as_array().unwrap().clone()
}

/// Each planted defect, the code it must produce and the construct it must name.
fn defects() -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cdk-app/defects.json")).unwrap();
    let defects: serde_json::Map<String, Value> = serde_json::from_str(&text).unwrap();
    defects
        .into_iter()
        .map(|(name, expected)| (name, expected["code"].as_str().unwrap().into(), expected["construct"].as_str().unwrap().into()))
        .collect()
}

#[test]
fn the_manifest_lists_every_stack_nested_assembly_and_nested_stack_and_no_asset() {
    let found = candidates(&[Path::new(FIXTURES).join("cdk/clean")], false).unwrap();
    let listed: Vec<(String, Option<&str>)> = found
        .iter()
        .map(|candidate| {
            let path = candidate.path.strip_prefix(Path::new(FIXTURES).join("cdk/clean")).unwrap();
            (path.display().to_string(), candidate.stack.as_deref())
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("Orders.template.json".to_string(), Some("Orders")),
            ("OrdersNetwork1ED6F4B0.nested.template.json".to_string(), Some("Orders/Network")),
            ("assembly-Realtime/RealtimeWebSocket947884D2.template.json".to_string(), Some("Realtime/WebSocket")),
        ]
    );
    // The manifest itself, and a project folder holding cdk.out, lead to the same templates.
    let through_manifest = candidates(&[Path::new(FIXTURES).join("cdk/clean/manifest.json")], false).unwrap();
    assert_eq!(through_manifest.len(), 3);
    let project = std::env::temp_dir().join(format!("apigw-lint-cdk-project-{}", std::process::id()));
    copy_folder(&Path::new(FIXTURES).join("cdk/clean"), &project.join("cdk.out"));
    std::fs::write(project.join("cdk.json"), "{\"app\": \"node app.js\"}\n").unwrap();
    let in_project = candidates(std::slice::from_ref(&project), false).unwrap();
    std::fs::remove_dir_all(&project).unwrap();
    let stacks: Vec<_> = in_project.iter().map(|candidate| candidate.stack.as_deref()).collect();
    // cdk.json is a candidate like any JSON file; linting finds it is no template and skips it.
    assert_eq!(stacks, [None, Some("Orders"), Some("Orders/Network"), Some("Realtime/WebSocket")]);
    assert!(in_project[0].path.ends_with("cdk.json"));
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_folder(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

#[test]
fn the_clean_app_has_no_errors() {
    let (code, text) = apigw_lint(&["--color", "never", "cdk/clean"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.ends_with(" of 3 files.\n"), "{text}");
    let diagnostics = json(&["cdk/clean"]);
    let errors: Vec<_> = diagnostics.iter().filter(|diagnostic| diagnostic["severity"] == "error").collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // Every finding on CDK output names its construct and stack.
    for diagnostic in &diagnostics {
        assert!(diagnostic["construct"].is_string() && diagnostic["stack"].is_string(), "{diagnostic:#}");
    }
}

#[test]
fn each_planted_defect_is_reported_at_its_construct_in_every_format() {
    let mut annotations = String::new();
    for (defect, code, construct) in defects() {
        let folder = format!("cdk/{defect}");
        let found: Vec<Value> = json(&[&folder]).into_iter().filter(|diagnostic| diagnostic["code"] == code).collect();
        assert_eq!(found.len(), 1, "{defect}: {found:#?}");
        let diagnostic = &found[0];
        assert_eq!((diagnostic["severity"].as_str(), diagnostic["construct"].as_str()), (Some("error"), Some(construct.as_str())), "{defect}");
        let resource = diagnostic["resource"].as_str().unwrap();
        let stack = diagnostic["stack"].as_str().unwrap();
        assert!(construct.starts_with(&format!("{stack}/")), "{defect}: {stack} {construct}");

        let (exit, text) = apigw_lint(&["--color", "never", "--select", &code, &folder]);
        assert_eq!(exit, 1, "{defect}");
        let notes: Vec<&str> = text.lines().map(str::trim).filter(|line| line.starts_with("= ")).collect();
        let expected = [format!("= construct: {construct}"), format!("= resource: {resource}"), format!("= stack: {stack}")];
        assert!(text.starts_with(&format!("error[{code}/")) && notes.starts_with(&expected.each_ref().map(String::as_str)), "{defect}:\n{text}");

        let (_, sarif) = apigw_lint(&["--format", "sarif", "--select", &code, &folder]);
        let sarif: Value = serde_json::from_str(&sarif).unwrap();
        let result = &sarif["runs"][0]["results"][0];
        assert_eq!(result["ruleId"], code.as_str());
        assert_eq!(
            result["locations"][0]["logicalLocations"],
            serde_json::json!([{"name": resource, "fullyQualifiedName": construct, "kind": "resource"}])
        );
        assert_eq!(result["properties"]["stack"], stack);

        let (_, github) = apigw_lint(&["--format", "github", "--select", &code, &folder]);
        assert!(github.contains(&format!("(construct {construct}, resource {resource})\n")), "{defect}: {github}");
        annotations.push_str(&github);
    }
    insta::assert_snapshot!(annotations);
}

#[test]
fn construct_globs_in_the_configuration_scope_rules() {
    let dir = std::env::temp_dir().join(format!("apigw-lint-cdk-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("apigw-lint.toml");
    std::fs::write(
        &config,
        "[[overrides]]\nconstructs = [\"Orders/HttpApi/**\"]\nignore = [\"AGW506\"]\n\n[[overrides]]\nconstructs = [\"Realtime/*/InternalStage/*\"]\nseverity = { AGW901 = \"error\" }\n",
    )
    .unwrap();
    let config = config.to_str().unwrap();
    let before = json(&["--extend-select", "AGW901", "cdk/clean"]);
    let after = json(&["--extend-select", "AGW901", "--config", config, "cdk/clean"]);
    std::fs::remove_dir_all(&dir).unwrap();
    let summary = |diagnostics: &[Value]| -> Vec<String> {
        diagnostics.iter().map(|d| format!("{} {} {}", d["code"], d["severity"], d["construct"])).collect()
    };
    let expected: Vec<String> = summary(&before)
        .into_iter()
        .filter(|line| !(line.starts_with("\"AGW506\"") && line.contains("\"Orders/HttpApi/")))
        .map(|line| line.replace("\"AGW901\" \"warning\" \"Realtime/WebSocket/InternalStage/Resource\"", "\"AGW901\" \"error\" \"Realtime/WebSocket/InternalStage/Resource\""))
        .collect();
    assert_ne!(expected, summary(&before), "the configuration must change something");
    assert_eq!(summary(&after), expected);
}
