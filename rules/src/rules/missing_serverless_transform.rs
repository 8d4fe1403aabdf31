use apigw_model::Model;

use crate::{Checker, Rule, declare_rule};

/// The transform that turns SAM's resource types and `Globals` into CloudFormation.
const SERVERLESS_TRANSFORM: &str = "AWS::Serverless-2016-10-31";

declare_rule! {
    /// ## What it checks
    /// A template with `AWS::Serverless::*` resources or a `Globals` section whose `Transform`
    /// does not name `AWS::Serverless-2016-10-31`.
    ///
    /// ## Why
    /// Only the SAM transform knows these types and `Globals`. Without it CloudFormation rejects
    /// the template before creating anything: "Unrecognized resource types:
    /// [AWS::Serverless::Function]" or "Invalid template property or properties [Globals]".
    ///
    /// It is a warning, not an error: a fragment that another template pulls in (`Fn::Transform`
    /// `AWS::Include`) is translated with that template's `Transform`, and from the file alone
    /// the two cannot be told apart.
    ///
    /// ## Example
    /// ```yaml
    /// AWSTemplateFormatVersion: "2010-09-09"
    /// Globals:
    ///   Function: {Runtime: nodejs22.x}
    /// Resources:
    ///   Handler:
    ///     Type: AWS::Serverless::Function
    ///     Properties: {Handler: app.handler, CodeUri: src/}
    /// ```
    ///
    /// ## Fix
    /// Add `Transform: AWS::Serverless-2016-10-31` at the top level (the safe fix), or, with other
    /// transforms, add it to the `Transform` list.
    pub struct MissingServerlessTransform {
        code: "AGW008",
        name: "missing-serverless-transform",
        severity: Warning,
        fix: Safe,
    }
}

impl Rule for MissingServerlessTransform {
    fn check(&self, model: &Model, checker: &mut Checker) {
        let template = &model.template;
        if template.is_sam() {
            return;
        }
        // Everything SAM would have to translate, in document order: one mistake, one finding.
        let globals = template.root.entry("Globals").map(|entry| (entry.key.span, "`Globals`".to_string()));
        let resources = template.resources.iter().filter_map(|resource| {
            let (entry, type_name) = (resource.type_entry?, resource.type_name?);
            type_name.starts_with("AWS::Serverless::").then(|| (entry.value.span, format!("`{}` (an `{type_name}`)", resource.id)))
        });
        let mut found: Vec<_> = globals.into_iter().chain(resources).collect();
        found.sort_by_key(|(span, _)| span.start);
        let Some(((span, first), rest)) = found.split_first() else { return };
        let message = format!(
            "{first} needs `Transform: {SERVERLESS_TRANSFORM}`, which this template does not have: CloudFormation rejects SAM's resource types and `Globals` without it"
        );
        let edit = checker.editor.add_to_list(template.root, "Transform", &[SERVERLESS_TRANSFORM], true);
        let fix = checker.fix(format!("Add `Transform: {SERVERLESS_TRANSFORM}`"), [edit]);
        let diagnostic = rest
            .iter()
            .fold(checker.diagnostic(*span, message), |diagnostic, (span, what)| diagnostic.with_related(*span, format!("{what} needs it too")))
            .with_fix(fix);
        checker.push(diagnostic);
    }
}
