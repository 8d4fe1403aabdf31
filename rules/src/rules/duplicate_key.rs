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
    /// CloudFormation rejects templates with duplicate keys, but YAML and JSON parsers keep only
    /// one of the values silently, so editors and other tools show a template that is not the one
    /// that fails to deploy.
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
                        let diagnostic = checker
                            .diagnostic(entry.key.span, format!("duplicate key `{key}`: only one value would be kept"))
                            .with_related(first_span, format!("`{key}` is first set here"));
                        checker.push(diagnostic);
                    }
                }
            }
        }
    }
}
