//! The rules stage of apigw-lint: rules are pure functions of the model that produce
//! diagnostics with ranges and fixes. One file per rule under `rules/`, one table row each in
//! `rules/mod.rs`; a rule's doc comment is its documentation.

mod checker;
mod diagnostic;
mod fix;
mod lint;
mod references;
mod registry;
mod resource_types;
mod rule;
pub mod rules;
mod suggest;

pub use checker::Checker;
pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Related, Severity, apply_edits};
pub use fix::Editor;
pub use lint::{Kind, LintResult, RuleSet, invalid_utf8, lint, looks_like_template};
pub use registry::{RULES, Registered, find};
pub use rule::{FixKind, Rule, RuleMeta};
