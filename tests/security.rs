//! A template is untrusted input: nothing it names outside its project is read, and no secret
//! planted there reaches any output format. Run through the real binary.

use std::path::{Path, PathBuf};
use std::process::Command;

const SECRET: &str = "SECRET-TOKEN-42";

/// A project beside a folder holding a secret, with every way a file can name the secret.
struct Scene {
    root: PathBuf,
}

impl Scene {
    fn new(name: &str) -> Scene {
        let root = std::env::temp_dir().join(format!("apigw-lint-security-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let (project, outside) = (root.join("project"), root.join("outside"));
        std::fs::create_dir_all(project.join("api")).unwrap();
        std::fs::create_dir_all(project.join("cdk.out")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        // Not YAML: were it read, its failing line would be printed in a code frame.
        std::fs::write(outside.join("secret.yaml"), format!("token: {SECRET}: [\n")).unwrap();
        std::fs::write(outside.join("secret.template.json"), format!("{{\"Resources\": {SECRET}}}\n")).unwrap();
        std::os::unix::fs::symlink(outside.join("secret.yaml"), project.join("api/link.yaml")).unwrap();
        assert!(Command::new("mkfifo").arg(project.join("api/fifo.yaml")).status().unwrap().success());
        std::fs::write(project.join("api/openapi.yaml"), "openapi: 3.0.1\ninfo: {title: Orders, version: '1'}\npaths: {}\n").unwrap();
        let template = format!(
            "Transform: AWS::Serverless-2016-10-31
Resources:
  Climb:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionUri: ../../../../../../../../proc/self/environ
  Outside:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionUri: ../outside/secret.yaml
  Absolute:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionUri: {}
  Link:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionUri: api/link.yaml
  Fifo:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionUri: api/fifo.yaml
  Include:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionBody:
        Fn::Transform:
          Name: AWS::Include
          Parameters: {{Location: ../outside/secret.yaml}}
  Located:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: located
      ProtocolType: HTTP
      BodyS3Location: ../outside/secret.yaml
  Inside:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionUri: api/openapi.yaml
",
            outside.join("secret.yaml").display()
        );
        std::fs::write(project.join("template.yaml"), template).unwrap();
        let manifest = r#"{"version": "36.0.0", "artifacts": {"Orders": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "../../outside/secret.template.json"}}}}"#;
        std::fs::write(project.join("cdk.out/manifest.json"), manifest).unwrap();
        // Sparse: 60 MB on paper, nothing on disk.
        std::fs::File::create(project.join("big.yaml")).unwrap().set_len(60 * 1024 * 1024).unwrap();
        Scene { root }
    }

    fn project(&self) -> PathBuf {
        self.root.join("project")
    }

    /// The run, with the secret in the environment too (for `/proc/self/environ`).
    fn lint(&self, args: &[&str], path: &Path) -> (i32, String) {
        let output = Command::new(env!("CARGO_BIN_EXE_apigw-lint"))
            .args(args)
            .arg(path)
            .env("SECRET", SECRET)
            .current_dir(&self.root)
            .output()
            .unwrap();
        let everything = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        (output.status.code().unwrap(), everything)
    }
}

impl Drop for Scene {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

#[test]
fn no_output_format_shows_what_lies_outside_the_project() {
    let scene = Scene::new("formats");
    for format in ["text", "json", "sarif", "github", "junit", "parseable"] {
        let (code, output) = scene.lint(&["--format", format, "--color", "always"], Path::new("project"));
        assert_eq!(code, 1, "{format}: {output}");
        assert!(!output.contains(SECRET), "{format} shows the secret:\n{output}");
        assert!(output.contains("AGW011"), "{format}: {output}");
    }
}

#[test]
fn every_escape_is_refused_where_it_is_named() {
    let scene = Scene::new("escapes");
    let (code, output) = scene.lint(&["--format", "parseable"], Path::new("project"));
    let outside = scene.root.join("outside").canonicalize().unwrap();
    let secret = outside.join("secret.yaml").display().to_string();
    let refused = |path: &str, reason: String| format!("`{path}` was not read: {reason}");
    let out_of_project = |path: &str| format!("it is `{path}`, outside the project (templates may name only files of their project; `allow-read` in apigw-lint.toml adds folders)");
    let expected = [
        format!("project/big.yaml:1:1:1:1:AGW011:{}", refused("project/big.yaml", "it has 60 MB, over the 50 MB apigw-lint reads".into())),
        format!("project/template.yaml:6:22:6:63:AGW011:{}", refused("../../../../../../../../proc/self/environ", out_of_project("/proc/self/environ"))),
        format!("project/template.yaml:10:22:10:44:AGW011:{}", refused("../outside/secret.yaml", out_of_project(&secret))),
        format!("project/template.yaml:14:22:14:{}:AGW011:{}", 22 + secret.chars().count(), refused(&secret, out_of_project(&secret))),
        format!("project/template.yaml:18:22:18:35:AGW011:{}", refused("api/link.yaml", out_of_project(&secret))),
        format!("project/template.yaml:22:22:22:35:AGW011:{}", refused("api/fifo.yaml", "it is a FIFO, not a regular file".into())),
        format!("project/template.yaml:29:34:29:56:AGW011:{}", refused("../outside/secret.yaml", out_of_project(&secret))),
        format!("project/template.yaml:35:23:35:45:AGW011:{}", refused("../outside/secret.yaml", out_of_project(&secret))),
        // A manifest's report comes after the files linted.
        format!(
            "project/cdk.out/manifest.json:1:115:1:151:AGW011:{}",
            refused("../../outside/secret.template.json", out_of_project(&outside.join("secret.template.json").display().to_string()))
        ),
    ];
    let lines: Vec<&str> = output.lines().filter(|line| line.contains("AGW011")).collect();
    assert_eq!(lines, expected, "{output}");
    assert_eq!(code, 1);
}

/// `allow-read` in the project's apigw-lint.toml widens the boundary to a shared folder (a
/// monorepo's), and only to it.
#[test]
fn the_configuration_can_allow_a_shared_folder() {
    let scene = Scene::new("allow");
    let shared = scene.root.join("shared");
    std::fs::create_dir_all(&shared).unwrap();
    std::fs::write(shared.join("openapi.yaml"), "openapi: 3.0.1\ninfo: {title: Shared, version: '1'}\npaths: {}\n").unwrap();
    let template = "Transform: AWS::Serverless-2016-10-31\nResources:\n  Shared:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      DefinitionUri: ../shared/openapi.yaml\n";
    let monorepo = scene.project().join("service");
    std::fs::create_dir_all(&monorepo).unwrap();
    std::fs::write(monorepo.join("template.yaml"), template.replace("../shared", "../../shared")).unwrap();
    let (code, output) = scene.lint(&["--format", "parseable"], &monorepo.join("template.yaml"));
    assert_eq!(code, 1);
    assert!(output.contains("service/template.yaml:6:22:6:47:AGW011:`../../shared/openapi.yaml` was not read"), "{output}");
    std::fs::write(scene.project().join("apigw-lint.toml"), "allow-read = [\"../shared\"]\n").unwrap();
    let (code, output) = scene.lint(&["--format", "parseable"], &monorepo.join("template.yaml"));
    assert_eq!((code, output.as_str()), (0, ""));
}

/// Named on the command line, a FIFO, an oversized file and a binary file each get one finding,
/// without blocking and without a frame of their bytes.
#[test]
fn files_that_are_no_text_are_refused_on_the_command_line() {
    let scene = Scene::new("named");
    let binary = scene.project().join("image.yaml");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x1b[2J").unwrap();
    for (path, reason) in [
        ("project/api/fifo.yaml", "it is a FIFO, not a regular file"),
        ("project/big.yaml", "it has 60 MB, over the 50 MB apigw-lint reads"),
        ("project/image.yaml", "it is a binary file (a NUL byte at byte 8), not text"),
    ] {
        let (code, output) = scene.lint(&["--format", "parseable"], Path::new(path));
        assert_eq!((code, output), (1, format!("{path}:1:1:1:1:AGW011:`{path}` was not read: {reason}\n")));
    }
}

/// `--fix` writes only inside the project: a fixable template that a manifest names outside it
/// is neither read nor written.
#[test]
fn fix_writes_nothing_outside_the_project() {
    let scene = Scene::new("fix");
    let outside = scene.root.join("outside/fixable.template.yaml");
    let fixable = include_str!("fixtures/rules/AGW105/fail.yaml");
    std::fs::write(&outside, fixable).unwrap();
    let manifest = r#"{"version": "36.0.0", "artifacts": {"Orders": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "../../outside/fixable.template.yaml"}}}}"#;
    std::fs::write(scene.project().join("cdk.out/manifest.json"), manifest).unwrap();
    let (code, output) = scene.lint(&["--fix", "--format", "parseable"], Path::new("project"));
    assert_eq!(code, 1, "{output}");
    assert!(output.contains("`../../outside/fixable.template.yaml` was not read"), "{output}");
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), fixable);
    assert!(!output.contains(SECRET), "{output}");
}
