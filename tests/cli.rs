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
    let skipped = "No problems found in 0 files. 2 files skipped: not CloudFormation templates or HTTP APIs' OpenAPI definitions.\n";
    assert_eq!((code, stdout.as_str()), (0, skipped));
}

/// An empty folder says so, rather than that nothing was wrong in it.
#[test]
fn an_empty_folder_says_nothing_was_found() {
    let dir = std::env::temp_dir().join(format!("apigw-lint-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (code, stdout, _) = apigw_lint(&["--color", "never", dir.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!((code, stdout.as_str()), (0, "No problems found in 0 files. No YAML, JSON or .template file was found.\n"));
}

/// Dependencies, virtual environments, build output and SAM's copies are left out of a folder
/// walk, and `.gitignore` is honoured outside a git checkout too; `--no-ignore` lints them all.
#[test]
fn default_excludes_and_gitignore_apply_without_git() {
    let dir = std::env::temp_dir().join(format!("apigw-lint-excludes-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let template = "Resources:\n  Stage:\n    Type: AWS::ApiGatewayV2::Stage\n    Properties: {ApiId: a1b2c3, StageName: prod v1}\n";
    for folder in ["node_modules/pkg", ".aws-sam/build", "env-with-any-name", "cdk.out/asset.1234", "generated", "src"] {
        std::fs::create_dir_all(dir.join(folder)).unwrap();
        std::fs::write(dir.join(folder).join("template.yaml"), template).unwrap();
    }
    std::fs::write(dir.join("env-with-any-name/pyvenv.cfg"), "home = /usr/bin\n").unwrap();
    std::fs::write(dir.join(".gitignore"), "generated/\n").unwrap();
    let (_, stdout, _) = apigw_lint(&["--format", "parseable", dir.to_str().unwrap()]);
    let linted = |stdout: &str| {
        let mut files: Vec<String> =
            stdout.lines().map(|line| line.split(':').next().unwrap().strip_prefix(dir.to_str().unwrap()).unwrap().to_string()).collect();
        files.dedup();
        files
    };
    assert_eq!(linted(&stdout), ["/src/template.yaml"]);
    let (_, stdout, _) = apigw_lint(&["--format", "parseable", "--no-ignore", dir.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).unwrap();
    let mut all = linted(&stdout);
    all.sort();
    assert_eq!(
        all,
        [
            "/.aws-sam/build/template.yaml",
            "/cdk.out/asset.1234/template.yaml",
            "/env-with-any-name/template.yaml",
            "/generated/template.yaml",
            "/node_modules/pkg/template.yaml",
            "/src/template.yaml"
        ]
    );
}

/// An OpenAPI definition that does not parse is reported when its folder is linted, whether a
/// template names it (then it exists, and is not reported missing) or not.
#[test]
fn folders_report_openapi_definitions_that_do_not_parse() {
    let dir = std::env::temp_dir().join(format!("apigw-lint-cli-openapi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let template = "Transform: AWS::Serverless-2016-10-31\nResources:\n  OrdersApi:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      DefinitionUri: orders.json\n";
    std::fs::write(dir.join("template.yaml"), template).unwrap();
    std::fs::write(dir.join("orders.json"), "{\n  \"openapi\": \"3.0.1\",\n  \"paths\": {}\n").unwrap();
    std::fs::write(dir.join("users.yaml"), "openapi: 3.0.1\npaths: [/users\n").unwrap();
    let (code, stdout, _) = apigw_lint(&["--format", "parseable", "--select", "AGW0,AGW8", dir.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).unwrap();
    let dir = dir.display();
    let expected = format!("{dir}/orders.json:1:1:4:1:AGW001:Unterminated object\n{dir}/users.yaml:2:8:2:8:AGW001:unclosed bracket '['\n");
    assert_eq!((code, stdout), (1, expected));
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

/// The official SARIF 2.1.0 schema (tests/data), with its one `language` pattern that is not a
/// valid regular expression (an unbalanced `]`) replaced by the pattern it means.
fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/data/sarif-schema-2.1.0.json")).unwrap();
    let text = text.replace(r#"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$"#, r#"^[a-zA-Z]{2}(-[a-zA-Z]{2})?$"#);
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let (code, stdout, _) = apigw_lint(&["--format", "sarif", "--select", "AGW1,AGW4,AGW005", "rules/AGW105/fail.yaml", "rules/AGW401/fail.yaml", "rules/AGW005/fail.yaml"]);
    assert_eq!(code, 1);
    let log: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let validator = sarif_validator();
    assert!(!validator.is_valid(&serde_json::json!({"version": "2.1.0", "runs": [{"results": []}]})), "a run needs a tool");
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = log["runs"][0]["results"].as_array().unwrap();
    let race = results.iter().find(|r| r["ruleId"] == "AGW105").unwrap();
    assert_eq!(race["locations"][0]["physicalLocation"]["region"], serde_json::json!({"startLine": 27, "startColumn": 14, "endLine": 27, "endColumn": 18}));
    assert_eq!(race["locations"][0]["logicalLocations"][0]["name"], "Mapping");
    assert_eq!(race["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"], "\n    DependsOn: ProdStage");
    let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules[race["ruleIndex"].as_u64().unwrap() as usize]["id"], "AGW105");
}

#[test]
fn github_annotations() {
    let (code, stdout, _) = apigw_lint(&["--format", "github", "--select", "AGW401,AGW005", "rules/AGW401/fail.yaml", "rules/AGW005/fail.json"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(stdout);
}

#[test]
fn parseable_lines() {
    let (_, stdout, _) = apigw_lint(&["--format", "parseable", "--select", "AGW007", "rules/AGW007/fail.yaml"]);
    insta::assert_snapshot!(stdout);
}

/// SAM's schemas require what AGW701 and AGW806 explain: those errors stand alone, without the
/// schema's AGW006/AGW007 at the same place.
#[test]
fn schema_findings_yield_to_the_rule_that_explains_them() {
    let (_, stdout, _) = apigw_lint(&["--format", "parseable", "rules/AGW806/fail_websocket_schema.yaml"]);
    let codes: Vec<&str> = stdout.lines().map(|line| line.split(':').nth(5).unwrap()).collect();
    assert_eq!(codes, ["AGW701", "AGW806", "AGW806"], "{stdout}");
}

/// A REST API alarm copied whole onto an HTTP API (REST metric name and `ApiName`) is one
/// mistake: AGW903 reports it once, with a fix of both, and AGW904 stays silent.
#[test]
fn a_rest_alarm_on_an_http_api_is_one_finding() {
    let (_, stdout, _) = apigw_lint(&["--format", "parseable", "rules/AGW903/fail_rest_alarm.yaml"]);
    let codes: Vec<&str> = stdout.lines().map(|line| line.split(':').nth(5).unwrap()).collect();
    assert_eq!(codes, ["AGW903"], "{stdout}");
}

/// A route whose scheme is misspelt has an unknown authorization, not none: AGW803 reports the
/// name, and AGW608 does not call the route unprotected.
#[test]
fn an_unknown_security_scheme_is_not_missing_authorization() {
    let (_, stdout, _) = apigw_lint(&["--format", "parseable", "rules/AGW803/fail_openapi_typo.yaml"]);
    let codes: Vec<&str> = stdout.lines().map(|line| line.split(':').nth(5).unwrap()).collect();
    assert_eq!(codes, ["AGW803"], "{stdout}");
}

#[test]
fn junit_report_is_well_formed() {
    let (_, stdout, _) = apigw_lint(&["--format", "junit", "--select", "AGW007", "rules/AGW007/fail.yaml", "rules/AGW001/pass.yaml"]);
    let xml = roxmltree::Document::parse(&stdout).unwrap();
    let root = xml.root_element();
    assert_eq!((root.tag_name().name(), root.attribute("tests"), root.attribute("failures")), ("testsuites", Some("5"), Some("4")));
    let failures: Vec<_> = xml.descendants().filter(|n| n.has_tag_name("failure")).map(|n| n.attribute("message").unwrap()).collect();
    assert_eq!(failures[0], "`REST` is not one of HTTP, WEBSOCKET");
}

#[test]
fn output_to_a_file() {
    let path = std::env::temp_dir().join(format!("apigw-lint-out-{}.json", std::process::id()));
    let (code, stdout, _) = apigw_lint(&["--format", "json", "--output", path.to_str().unwrap(), "rules/AGW401/fail.yaml"]);
    let written = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert!(written.contains("\"code\": \"AGW401\""));
}

#[test]
fn fix_and_diff() {
    let dir = std::env::temp_dir().join(format!("apigw-lint-fix-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("template.yaml");
    let original = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/rules/AGW105/fail.yaml")).unwrap();
    std::fs::write(&file, &original).unwrap();
    let path = file.to_str().unwrap();

    let (code, stdout, _) = apigw_lint(&["--diff", "--select", "AGW105", path]);
    assert_eq!(code, 1);
    assert!(stdout.contains("+    DependsOn: ProdStage\n") && stdout.ends_with("Would apply 1 fix in 1 file.\n"), "{stdout}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original, "--diff writes nothing");

    let (code, stdout, stderr) = apigw_lint(&["--fix", "--color", "never", "--select", "AGW105", path]);
    let fixed = std::fs::read_to_string(&file).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (0, "No problems found in 1 file.\n", "Applied 1 fix in 1 file.\n"));
    assert_eq!(fixed, original.replace("does\n", "does\n    DependsOn: ProdStage\n"));
}

#[test]
fn configuration_files_apply_per_folder() {
    let dir = std::env::temp_dir().join(format!("apigw-lint-config-{}", std::process::id()));
    let legacy = dir.join("legacy");
    std::fs::create_dir_all(&legacy).unwrap();
    let template = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/rules/AGW401/fail.yaml")).unwrap();
    std::fs::write(dir.join("new.yaml"), &template).unwrap();
    std::fs::write(legacy.join("old.yaml"), &template).unwrap();
    std::fs::write(dir.join("apigw-lint.toml"), "select = [\"AGW4\"]\n[severity]\nAGW401 = \"warning\"\n[[overrides]]\nfiles = [\"legacy/**\"]\nignore = [\"AGW4\"]\n").unwrap();
    let (code, stdout, _) = apigw_lint(&["--format", "parseable", dir.to_str().unwrap()]);
    std::fs::write(dir.join("apigw-lint.toml"), "ignore = [\"AGW4000\"]\n").unwrap();
    let (bad_code, _, stderr) = apigw_lint(&[dir.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(code, 0, "AGW401 is a warning here: {stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    assert!(lines[0].ends_with("new.yaml:41:19:41:34:AGW401:2 API mappings on this domain have no `ApiMappingKey`; a domain has only one empty path"), "{stdout}");
    assert_eq!(bad_code, 2);
    assert!(stderr.ends_with("apigw-lint.toml: `AGW4000` matches no rule (see `apigw-lint rules`)\n"), "{stderr}");
}

/// A SAM project: the template and the OpenAPI file it names each get their findings at their
/// own positions, and linting the folder (which finds the OpenAPI file too) reports it once,
/// linted with its template.
#[test]
fn sam_project_reports_the_template_and_its_definition_file() {
    let expected = "\
../../examples/sam-orders/template.yaml:24:25:24:33:AGW004:`OrderApi` names no resource, parameter or pseudo parameter of this template; did you mean `OrdersApi`?
../../examples/sam-orders/openapi.yaml:6:18:6:21:AGW501:the origin `*` cannot be combined with `allowCredentials: true`: API Gateway rejects it (\"allow-credentials is not supported if 'allow-origin' is *\")
../../examples/sam-orders/openapi.yaml:12:11:12:21:AGW803:no security scheme is named `ordersAuth` in `components.securitySchemes`
";
    for target in ["../../examples/sam-orders", "../../examples/sam-orders/template.yaml"] {
        let (code, stdout, _) = apigw_lint(&["--format", "parseable", target]);
        assert_eq!((code, stdout.as_str()), (1, expected), "apigw-lint {target}");
    }
    // On its own, the definition file is still linted (without the template's context).
    let (_, stdout, _) = apigw_lint(&["--format", "parseable", "../../examples/sam-orders/openapi.yaml"]);
    assert_eq!(stdout.lines().filter(|line| line.contains("openapi.yaml:")).count(), 2, "{stdout}");
}

/// `apigw-lint .` on a repository: REST API definitions (named by a REST API, or REST by their
/// content), Serverless Framework fragments and a manifest without its templates give one warning,
/// on the manifest, and the run goes on.
#[test]
fn a_whole_repository_lints_only_what_it_should() {
    let (code, stdout, stderr) = apigw_lint(&["--format", "parseable", "whole-repository"]);
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (
            0,
            "whole-repository/cdk-without-templates/manifest.json:8:25:8:47:AGW805:the stack template `Orders.template.json` \
             that this manifest names does not exist, so it was not linted (run `cdk synth`)\n",
            ""
        )
    );
}

/// Named on the command line, a REST API definition is still no HTTP API's, and a note says why.
#[test]
fn a_rest_definition_named_explicitly_is_left_alone() {
    let (code, stdout, stderr) = apigw_lint(&["--color", "never", "whole-repository/rest-by-content/openapi.yaml"]);
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (
            0,
            "No problems found in 0 files. 1 file skipped: not a CloudFormation template or an HTTP API's OpenAPI definition.\n",
            "apigw-lint: note: whole-repository/rest-by-content/openapi.yaml: left alone as a REST API's OpenAPI definition \
             (it has `x-amazon-apigateway-request-validators`): apigw-lint checks HTTP and WebSocket APIs. To lint it as an \
             HTTP API's, add `[[overrides]]` with `files = [\"openapi.yaml\"]` and `openapi = \"http\"` to apigw-lint.toml\n"
        )
    );
}

/// `openapi = "http"` in apigw-lint.toml lints a definition as an HTTP API's although it has a
/// REST-only part and a template names it for a REST API; `openapi = "rest"` leaves a plain one
/// alone.
#[test]
fn the_configuration_says_what_an_openapi_file_is() {
    let (code, stdout, stderr) = apigw_lint(&["--format", "parseable", "openapi-declared"]);
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (
            1,
            "openapi-declared/legacy-http.yaml:3:1:3:39:AGW801:`x-amazon-apigateway-binary-media-types` is a REST API feature: \
             HTTP APIs do not support it, and import ignores it or warns\n\
             openapi-declared/legacy-http.yaml:9:21:9:24:AGW802:Lambda functions are invoked with `POST`, not `GET`: the route \
             would fail on every call\n",
            ""
        )
    );
    let (code, stdout, stderr) = apigw_lint(&["--format", "parseable", "openapi-declared/internal.yaml"]);
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (
            0,
            "",
            "apigw-lint: note: openapi-declared/internal.yaml: left alone as a REST API's OpenAPI definition (apigw-lint.toml \
             declares it one, with `openapi = \"rest\"`): apigw-lint checks HTTP and WebSocket APIs\n"
        )
    );
}
