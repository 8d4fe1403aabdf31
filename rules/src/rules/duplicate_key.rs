use std::collections::HashMap;

use apigw_model::Model;

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A key written twice in one mapping or JSON object, at any depth of the template.
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
        for node in model.template.root.descendants() {
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
