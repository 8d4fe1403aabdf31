use apigw_model::Model;
use apigw_model::api::{Dialect, Protocol};
use apigw_model::sam::IMPLICIT_HTTP_API;

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A SAM function's `HttpApi` event without `ApiId` in a template that declares an
    /// `AWS::Serverless::HttpApi`.
    ///
    /// ## Why
    /// SAM attaches an event without `ApiId` to the Api it creates for such events,
    /// `ServerlessHttpApi`, not to the one the template declares. The template deploys, with a
    /// second API and its own URL; the route is missing from the declared one (and from its
    /// authorizers, CORS and custom domain), which shows only when a client gets a 404.
    ///
    /// ## Example
    /// ```yaml
    /// OrdersApi:
    ///   Type: AWS::Serverless::HttpApi
    ///   Properties: {StageName: prod}
    /// OrdersFunction:
    ///   Type: AWS::Serverless::Function
    ///   Properties:
    ///     Events:
    ///       List: {Type: HttpApi, Properties: {Path: /orders, Method: get}}
    /// ```
    ///
    /// ## Fix
    /// Name the Api: `ApiId: !Ref OrdersApi` in the event's `Properties`. If a second API is
    /// what you want, declare it too, so that each event says which one it belongs to.
    pub struct SamEventImplicitApi {
        code: "AGW808",
        name: "sam-event-implicit-api",
        severity: Warning,
        fix: None,
    }
}

impl Rule for SamEventImplicitApi {
    fn check(&self, model: &Model, checker: &mut Checker) {
        let declared: Vec<&str> = model
            .apis
            .iter()
            .filter(|api| api.origin.dialect == Dialect::Sam && api.protocol == Protocol::Http)
            .filter_map(|api| model.resource_id(api.origin))
            .collect();
        let Some(first) = declared.first() else { return };
        let named = match declared.as_slice() {
            [only] => format!("`{only}`"),
            _ => format!("one of {}", declared.iter().map(|id| format!("`{id}`")).collect::<Vec<_>>().join(", ")),
        };
        for route in model.routes.iter().filter(|route| route.origin.dialect == Dialect::Sam) {
            let implicit = model.api_of(route.api).is_some_and(|api| api.origin.dialect == Dialect::Sam && api.origin.resource.is_none());
            if !implicit {
                continue;
            }
            let message = format!(
                "this `HttpApi` event has no `ApiId`, so SAM adds its route to `{IMPLICIT_HTTP_API}`, a second API it creates, not to {named} that this template declares; add `ApiId: !Ref {first}`"
            );
            checker.push(checker.at(model, route.origin, route.origin.span, message));
        }
    }
}
