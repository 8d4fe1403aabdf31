//! CDK construct paths. The CDK writes each synthesized resource's construct path into
//! `Metadata: aws:cdk:path`; CDK users think in those paths (`MyStack/HttpApi/DefaultStage/Resource`),
//! not in logical ids (`HttpApiDefaultStage3EEB07D6`). Each diagnostic inside such a resource
//! carries the path, and settings scoped to construct paths (`[[overrides]] constructs = […]` in
//! apigw-lint.toml) apply to it.

use std::collections::HashMap;

use apigw_model::Template;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::RuleSet;

/// Rule settings for the diagnostics whose construct path matches one of some globs.
#[derive(Clone)]
pub(crate) struct ConstructScope {
    globs: GlobSet,
    /// The codes that stay enabled for these constructs.
    enabled: Vec<&'static str>,
    severities: HashMap<&'static str, Severity>,
}

impl RuleSet {
    /// Narrows the rules for the constructs matching `globs` (`*` stays within one path segment,
    /// `**` spans several): only the rules `select` (all when empty) minus `ignore` report there,
    /// at the severities `severities` sets (a pattern, as in [`RuleSet::set_severity`]).
    pub fn scope_constructs(
        &mut self,
        globs: &[String],
        select: &[String],
        ignore: &[String],
        severities: &[(String, Severity)],
    ) -> Result<(), String> {
        let mut builder = GlobSetBuilder::new();
        for pattern in globs {
            let glob = GlobBuilder::new(pattern)
                .literal_separator(true)
                .build()
                .map_err(|error| format!("`{pattern}`: {error}"))?;
            builder.add(glob);
        }
        let globs = builder.build().map_err(|error| error.to_string())?;
        // A scope narrows the file's rules: without a `select` of its own it keeps them all.
        let all = ["ALL".to_string()];
        let mut scoped = RuleSet::select(if select.is_empty() { &all } else { select }, &[], ignore)?;
        for (pattern, severity) in severities {
            scoped.set_severity(pattern, *severity)?;
        }
        let enabled = scoped.rules().map(|rule| rule.meta.code).collect();
        self.constructs.push(ConstructScope { globs, enabled, severities: scoped.severities });
        Ok(())
    }
}

/// Names the construct of each diagnostic (from its resource, or else from the resource whose
/// definition holds it), then applies the construct-scoped settings of `rules`.
pub(crate) fn attach(template: &Template, rules: &RuleSet, diagnostics: &mut Vec<Diagnostic>) {
    if !template.resources.iter().any(|resource| resource.construct_path().is_some()) {
        return;
    }
    for diagnostic in diagnostics.iter_mut() {
        let resource = match &diagnostic.resource {
            Some(id) => template.resource(id),
            None => {
                // Resources are in document order: the last one starting before the diagnostic.
                let after = template.resources.partition_point(|resource| resource.id_span.start <= diagnostic.span.start);
                after
                    .checked_sub(1)
                    .map(|index| &template.resources[index])
                    .filter(|resource| diagnostic.span.end <= resource.node.span.end)
            }
        };
        diagnostic.construct = resource.and_then(|resource| resource.construct_path()).map(str::to_string);
    }
    if rules.constructs.is_empty() {
        return;
    }
    diagnostics.retain_mut(|diagnostic| {
        let Some(construct) = diagnostic.construct.as_deref() else { return true };
        let registered = crate::registry::RULES.iter().any(|rule| rule.meta.code == diagnostic.code);
        for scope in rules.constructs.iter().filter(|scope| scope.globs.is_match(construct)) {
            if registered && !scope.enabled.contains(&diagnostic.code) {
                return false;
            }
            if let Some(severity) = scope.severities.get(diagnostic.code) {
                diagnostic.severity = *severity;
            }
        }
        true
    });
}
