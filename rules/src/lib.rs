//! The rules stage of apigw-lint: rules are pure functions of the model that produce
//! diagnostics with ranges and fixes. One file per rule under `rules/`, one table row each in
//! `rules/mod.rs`; a rule's doc comment is its documentation.

mod access_logs;
mod alarms;
mod api_keys;
mod api_protocol;
mod authorization;
mod characters;
mod checker;
mod construct;
mod cors;
mod diagnostic;
mod fix;
mod fix_all;
mod lint;
mod mtls;
mod registry;
mod resource_types;
mod rule;
pub mod rules;
mod schema_violations;
mod suggest;
mod suppression;
mod values;

pub use apigw_model::DefinitionKind;
pub use checker::Checker;
pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Related, Severity, apply_edits};
pub use fix::Editor;
pub use fix_all::{FixedText, fix_all};
pub use lint::{
    DefinitionReport, FileError, Kind, LintResult, ReadFile, RuleSet, file_not_read, invalid_utf8, lint, lint_tree, looks_like_template,
    missing_stack_template,
};
pub use registry::{RULES, Registered, find};
pub use rule::{FixKind, Rule, RuleMeta};
pub use suggest::closest;
