//! The one pass over resources that AGW005–AGW007 share: each resource of a vendored type is
//! validated against its schema, and each rule keeps the violations of its kind.

use apigw_model::Model;
use apigw_model::intrinsic::is_call;
use apigw_model::schema::{SchemaViolation, ViolationKind, resource_schema};

use crate::{Checker, Fix};

/// Reports every violation of `kind` as a diagnostic of the running rule, on its resource, with
/// the fix `fix` builds (if any).
pub fn report(model: &Model, checker: &mut Checker, kind: ViolationKind, fix: &dyn Fn(&Checker, &SchemaViolation) -> Option<Fix>) {
    each(model, kind, &mut |index, violation| {
        let fix = fix(checker, &violation);
        let resource = Some(model.template.resources[index].id);
        let diagnostic = checker.diagnostic(violation.span, violation.message).for_resource(resource).with_fix(fix);
        checker.push(diagnostic);
    });
}

/// Calls `report` with every violation of `kind`, with the index of its resource.
fn each(model: &Model, kind: ViolationKind, report: &mut dyn FnMut(usize, SchemaViolation)) {
    for (index, resource) in model.template.resources.iter().enumerate() {
        let Some(schema) = resource.type_name.and_then(resource_schema) else { continue };
        // SAM's `Globals` section can supply any property of a serverless resource.
        let sam_globals = kind == ViolationKind::MissingRequired && resource.type_name.is_some_and(|t| t.starts_with("AWS::Serverless::"));
        if sam_globals {
            continue;
        }
        schema.validate(resource.properties, resource.id_span, &is_call, &mut |violation| {
            if violation.kind == kind {
                report(index, violation);
            }
        });
    }
}
