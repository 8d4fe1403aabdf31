use std::collections::HashMap;

use apigw_model::Model;
use apigw_syntax::Node;

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A key written twice in one mapping or JSON object, at any depth of the template, of a
    /// standalone OpenAPI definition, or of a definition file the template names.
    ///
    /// ## Why
    /// CloudFormation does not reject a repeated key: it keeps the last value and silently drops
    /// the others, in YAML and JSON alike (aws/aws-cli#2404,
    /// aws-cloudformation/cfn-language-discussion#96). Whoever reads the template top-down sees
    /// a value that is not deployed; cfn-lint rejects the template (E0000).
    ///
    /// ## Example
    /// ```yaml
    /// Properties:
    ///   StageName: prod
    ///   AutoDeploy: true
    ///   StageName: dev
    /// ```
    ///
    /// ## Fix
    /// Keep one of the entries.
    pub struct DuplicateKey {
        code: "AGW002",
        name: "duplicate-key",
        severity: Error,
        fix: None,
    }
}

impl Rule for DuplicateKey {
    fn check(&self, model: &Model, checker: &mut Checker) {
        let root = model.template.root;
        // The OpenAPI files the template names (`DefinitionUri`, `BodyS3Location`, `AWS::Include`)
        // are documents of their own; inline definitions are in the template already.
        let files = model.specs.iter().map(|spec| spec.root).filter(|spec| !root.span.contains(spec.span.start as usize));
        for node in std::iter::once(root).chain(files).flat_map(Node::descendants) {
            let Some(entries) = node.entries() else { continue };
            let mut first = HashMap::with_capacity(entries.len());
            for entry in entries {
                let key = entry.key.text.as_str();
                match first.get(key) {
                    None => {
                        first.insert(key, entry.key.span);
                    }
                    Some(&first_span) => {
                        let last = entries.iter().rev().find(|other| other.key.text == key).expect("this entry at least");
                        let diagnostic = if std::ptr::eq(last, entry) {
                            checker
                                .diagnostic(entry.key.span, format!("duplicate key `{key}`: CloudFormation keeps this last value and ignores every earlier one"))
                                .with_related(first_span, format!("`{key}` is first set here, to a value CloudFormation ignores"))
                        } else {
                            checker
                                .diagnostic(entry.key.span, format!("duplicate key `{key}`: CloudFormation ignores this value and keeps the last one"))
                                .with_related(first_span, format!("`{key}` is first set here"))
                                .with_related(last.key.span, "the value CloudFormation keeps")
                        };
                        checker.push(diagnostic);
                    }
                }
            }
        }
    }
}
