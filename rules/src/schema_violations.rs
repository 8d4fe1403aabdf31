//! The one pass over resources that AGW005–AGW007 share: each resource of a vendored type is
//! validated against its schema, and each rule keeps the violations of its kind.

use apigw_model::{Model, Resource};
use apigw_syntax::Node;
use apigw_model::intrinsic::is_call;
use apigw_model::schema::{SchemaViolation, ViolationKind, resource_schema};

use crate::{Checker, Fix};

/// Reports every violation of `kind` as a diagnostic of the running rule, on its resource, with
/// the fix `fix` builds (if any).
pub fn report(model: &Model, checker: &mut Checker, kind: ViolationKind, fix: &dyn Fn(&Checker, &SchemaViolation) -> Option<Fix>) {
    each(model, kind, &mut |index, violation| {
        let fix = fix(checker, &violation);
        let resource = index.map(|index| model.template.resources[index].id);
        let diagnostic = checker.diagnostic(violation.span, violation.message).for_resource(resource).with_fix(fix);
        checker.push(diagnostic);
    });
}

/// Calls `report` with every violation of `kind`, with the index of its resource (`None` in
/// SAM's `Globals`).
fn each(model: &Model, kind: ViolationKind, report: &mut dyn FnMut(Option<usize>, SchemaViolation)) {
    for (index, resource) in model.template.resources.iter().enumerate() {
        let Some(schema) = resource.type_name.and_then(resource_schema) else { continue };
        let sam_section = resource.type_name.and_then(|t| t.strip_prefix("AWS::Serverless::"));
        schema.validate(resource.properties, resource.id_span, &is_call, &mut |violation| {
            if violation.kind == kind && !sam_section.is_some_and(|section| may_come_from_globals(model, resource, section, &violation)) {
                report(Some(index), violation);
            }
        });
    }
    // A `Globals` section holds properties of its resource type, and may leave any out.
    if kind == ViolationKind::MissingRequired || !model.template.is_sam() {
        return;
    }
    for section in model.template.globals.and_then(Node::entries).unwrap_or_default() {
        let Some(schema) = resource_schema(&format!("AWS::Serverless::{}", section.key.text)) else { continue };
        schema.validate(Some(&section.value), section.key.span, &is_call, &mut |violation| {
            if violation.kind == kind {
                report(None, violation);
            }
        });
    }
}

/// Whether SAM's `Globals` may supply a required property a serverless resource lacks: any
/// property at the top level, and within a property the `Globals` section also sets (SAM merges
/// the two mappings).
fn may_come_from_globals(model: &Model, resource: &Resource, section: &str, violation: &SchemaViolation) -> bool {
    if violation.kind != ViolationKind::MissingRequired || model.template.globals.and_then(|globals| globals.get(section)).is_none() {
        return false;
    }
    let entries = resource.properties.and_then(Node::entries).unwrap_or_default();
    let at = violation.span.start;
    match entries.iter().find(|entry| entry.key.span.start <= at && at < entry.value.span.end) {
        Some(entry) => model.template.global(section, &entry.key.text).is_some(),
        None => true,
    }
}
