use apigw_model::Model;
use apigw_model::api::{Dialect, Route};
use apigw_model::intrinsic::Part;
use apigw_model::openapi;
use apigw_syntax::{Entry, Node};

use crate::resource_types::{certain_type, type_span};
use crate::suggest::closest;
use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A Route's `Target` that is not `integrations/<IntegrationId>`: a known string without the
    /// `integrations/` prefix (a bare `!Ref Integration`, `integration/${Integration}`), or an id
    /// that names a resource of the template that is not an `AWS::ApiGatewayV2::Integration`
    /// (`integrations/${OrdersFunction}`).
    ///
    /// A literal id after `integrations/` may name an integration created outside the template and
    /// is not reported; a value from a parameter is not known and not reported either.
    ///
    /// In OpenAPI, an operation names a reusable integration with `x-amazon-apigateway-integration:
    /// {$ref: '#/components/x-amazon-apigateway-integrations/<name>'}`: a `$ref` that names none of
    /// them is reported.
    ///
    /// ## Why
    /// The service rejects the route ("Invalid integration target specified"): CloudFormation
    /// rolls back after creating the other resources.
    ///
    /// ## Example
    /// ```yaml
    /// Route:
    ///   Type: AWS::ApiGatewayV2::Route
    ///   Properties:
    ///     ApiId: !Ref HttpApi
    ///     RouteKey: GET /orders
    ///     Target: !Ref OrdersIntegration
    /// ```
    ///
    /// ## Fix
    /// Write `!Sub integrations/${OrdersIntegration}` (or
    /// `!Join ["", ["integrations/", !Ref OrdersIntegration]]`). The safe fix does so for a `Ref`
    /// of an integration (`{"Fn::Sub": "integrations/${OrdersIntegration}"}` in JSON).
    pub struct UnknownRouteTarget {
        code: "AGW102",
        name: "unknown-route-target",
        severity: Error,
        fix: Safe,
    }
}

const PREFIX: &str = "integrations/";
const INTEGRATION: &str = "AWS::ApiGatewayV2::Integration";

impl Rule for UnknownRouteTarget {
    fn check(&self, model: &Model, checker: &mut Checker) {
        let template = &model.template;
        for route in &model.routes {
            let Some(target) = route.target else { continue };
            if route.origin.dialect == Dialect::OpenApi {
                if route.integration.is_none() {
                    unresolved_reference(model, checker, route, target);
                }
                continue;
            }
            for node in template.branches(&target.value) {
                let Some(parts) = template.parts(node) else { continue };
                let (leading, rest) = match parts.split_first() {
                    Some((Part::Text(text), rest)) => (text.as_str(), rest),
                    _ => ("", parts.as_slice()),
                };
                // The resource (of a type whose values are known) named right after the text.
                let named = match rest.first() {
                    Some(Part::Ref(name)) => template.resource(name).map(|resource| (resource, None)),
                    Some(Part::GetAtt(name, attribute)) => template.resource(name).map(|resource| (resource, Some(*attribute))),
                    _ => None,
                }
                .filter(|(resource, _)| resource.type_name.is_some_and(certain_type));
                let Some(id) = leading.strip_prefix(PREFIX) else {
                    // A parameter or a function after a beginning of the prefix may complete it.
                    let may_complete = !rest.is_empty() && named.is_none() && PREFIX.starts_with(leading);
                    if !may_complete {
                        let found = match (leading, rest) {
                            (_, []) => format!("`{leading}`"),
                            ("", _) => "the id alone".to_string(),
                            _ => format!("`{leading}…`"),
                        };
                        let message = format!("`Target` must be `integrations/` followed by the integration id, not {found}");
                        // `!Ref Integration` alone: the id, to be written after the prefix.
                        let fix = match (leading, rest, named) {
                            ("", [Part::Ref(name)], Some((resource, None))) if resource.type_name == Some(INTEGRATION) => {
                                let target = format!("{PREFIX}${{{name}}}");
                                let edits = checker.editor.ref_to_sub(template.root, node, &target);
                                checker.fix(format!("Write `{target}` with `Fn::Sub`"), edits.into_iter().flatten().map(Some))
                            }
                            _ => None,
                        };
                        checker.push(checker.at(model, route.origin, node.span, message).with_fix(fix));
                    }
                    continue;
                };
                match (id, rest, named) {
                    ("", [], _) => {
                        let message = "`Target` names no integration after `integrations/`".to_string();
                        checker.push(checker.at(model, route.origin, node.span, message));
                    }
                    ("", [_], Some((resource, attribute))) => {
                        let type_name = resource.type_name.unwrap_or_default();
                        let what = if type_name != INTEGRATION {
                            format!("an `{type_name}`")
                        } else {
                            match attribute.filter(|attribute| !attribute.is_empty() && *attribute != "IntegrationId") {
                                Some(attribute) => format!("named by its `{attribute}` attribute instead of its id"),
                                None => continue,
                            }
                        };
                        let message = format!("`Target` must name an `{INTEGRATION}`, but `{}` is {what}", resource.id);
                        let diagnostic = checker
                            .at(model, route.origin, node.span, message)
                            .with_related(type_span(resource), format!("`{}` is declared here", resource.id));
                        checker.push(diagnostic);
                    }
                    _ => {}
                }
            }
        }
    }
}

/// An OpenAPI operation whose `x-amazon-apigateway-integration` is a `$ref` that names no
/// integration of `components.x-amazon-apigateway-integrations`.
fn unresolved_reference(model: &Model, checker: &mut Checker, route: &Route, reference: &Entry) {
    let written = reference.value.as_str().unwrap_or_default();
    let api = route.api.and_then(|link| link.target);
    let components = model
        .specs
        .iter()
        .find(|spec| Some(spec.api) == api)
        .and_then(|spec| openapi::component_integrations(spec.root))
        .and_then(Node::entries)
        .unwrap_or_default();
    let message = match written.strip_prefix(openapi::INTEGRATION_REF) {
        Some(name) => {
            let mut message = format!("`$ref` names no integration: `components.x-amazon-apigateway-integrations` has no `{name}`");
            if let Some(suggestion) = closest(name, components.iter().map(|entry| entry.key.text.as_str())) {
                message.push_str(&format!("; did you mean `{suggestion}`?"));
            }
            message
        }
        None => format!("`$ref` must name an integration as `{}<name>`, not `{written}`", openapi::INTEGRATION_REF),
    };
    checker.push(checker.at(model, route.origin, reference.value.span, message));
}
