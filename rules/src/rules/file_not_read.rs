use apigw_model::Model;
use apigw_model::api::{Definition, DefinitionState};

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A file that apigw-lint would not read: a definition file a template names (`DefinitionUri`,
    /// `BodyS3Location` written as a path, an `AWS::Include` `Location`) or a stack template a
    /// cloud assembly's `manifest.json` names, whose path or real path (symlinks resolved) lies
    /// outside the project; and any file that is not a regular file (a FIFO, a device), lies in
    /// `/proc`, `/sys` or `/dev`, is over 50 MB, or is not UTF-8 text.
    ///
    /// ## Why
    /// Templates are untrusted input: a pull request's, a cloned repository's. A path such as
    /// `../../../proc/self/environ` would make a linter print the CI runner's environment, tokens
    /// included, in its report; a FIFO would hang it. apigw-lint reads only the project's own
    /// files: the folder given on the command line (for a file, the nearest folder above it with
    /// an `apigw-lint.toml` or a `.git`), or the editor's workspace folders, plus the folders
    /// `allow-read` in `apigw-lint.toml` adds. The file is not linted, and this says where it
    /// resolved to.
    ///
    /// ## Example
    /// ```yaml
    /// OrdersApi:
    ///   Type: AWS::Serverless::HttpApi
    ///   Properties:
    ///     DefinitionUri: ../../shared/openapi.yaml
    /// ```
    ///
    /// ## Fix
    /// Keep the file inside the project, or, for a monorepo whose templates share definitions,
    /// add the shared folder to `allow-read = ["../shared"]` in the project's `apigw-lint.toml`.
    pub struct FileNotRead {
        code: "AGW011",
        name: "file-not-read",
        severity: Error,
        fix: None,
    }
}

impl Rule for FileNotRead {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for api in &model.apis {
            let Some(Definition { file: Some(file), state: DefinitionState::Refused(reason), .. }) = api.definition else { continue };
            let path = file.as_str().unwrap_or_default();
            checker.push(checker.at(model, api.origin, file.span, FileNotRead::message(path, reason)));
        }
    }
}

impl FileNotRead {
    /// The message, here and for the files the caller reports itself.
    pub(crate) fn message(path: &str, reason: &str) -> String {
        format!("`{path}` was not read: {reason}")
    }
}
