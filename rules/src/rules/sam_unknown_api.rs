use apigw_model::Model;
use apigw_model::api::Dialect;
use apigw_model::intrinsic;
use apigw_model::sam::{self, HTTP_API};

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A SAM function event of `Type: HttpApi` whose `ApiId` names no `AWS::Serverless::HttpApi`
    /// of the template: a logical id that does not exist, a parameter, or a resource of another
    /// type (such as a plain `AWS::ApiGatewayV2::Api`). Likewise a REST `Type: Api` event whose
    /// `RestApiId` names an `AWS::Serverless::HttpApi`, a parameter, or no resource of the
    /// template.
    ///
    /// ## Why
    /// SAM attaches `HttpApi` events only to `AWS::Serverless::HttpApi` resources of the same
    /// template. It rejects the whole template ("ApiId must be a valid reference to an
    /// 'AWS::Serverless::HttpApi' resource in same template"), or the route never reaches the
    /// Api you meant. For `Api` events it rejects a `RestApiId` that is not the `Ref` (or the
    /// logical id) of a REST API resource of the template ("RestApiId must be a valid reference
    /// to an 'AWS::Serverless::Api' resource in same template"; samtranslator
    /// `implicit_api_plugin.py`).
    ///
    /// ## Example
    /// ```yaml
    /// Events:
    ///   List:
    ///     Type: HttpApi
    ///     Properties: {ApiId: !Ref OrdersHttpApi, Path: /orders, Method: get}
    /// ```
    /// where `OrdersHttpApi` is misspelled or is an `AWS::ApiGatewayV2::Api`.
    ///
    /// ## Fix
    /// Name the `AWS::Serverless::HttpApi` resource (`ApiId: !Ref OrdersApi`), or leave `ApiId`
    /// out to use the Api SAM creates for the template.
    pub struct SamUnknownApi {
        code: "AGW804",
        name: "sam-unknown-api",
        severity: Error,
        fix: None,
    }
}

impl Rule for SamUnknownApi {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for route in model.routes.iter().filter(|route| route.origin.dialect == Dialect::Sam) {
            let Some(link) = route.api.filter(|link| link.target.is_none()) else { continue };
            let value = &link.entry.value;
            let named = value.as_str().or_else(|| intrinsic::reference(value).map(|reference| reference.target));
            let message = match named {
                Some(name) => match model.template.resource(name) {
                    Some(resource) => format!(
                        "`{name}` is {}, not an `{HTTP_API}`: `HttpApi` events attach only to SAM HTTP APIs",
                        resource.type_name.map_or_else(|| "a resource without a type".to_string(), |t| format!("an `{t}`"))
                    ),
                    None if model.template.parameter(name).is_some() => {
                        format!("`{name}` is a parameter: `ApiId` must name an `{HTTP_API}` of this template")
                    }
                    // A `Ref` to nothing is AGW004's (which suggests the name meant).
                    None if value.as_str().is_none() => continue,
                    None => format!("no resource of this template is named `{name}`: `ApiId` must name an `{HTTP_API}`"),
                },
                None => continue,
            };
            checker.push(checker.at(model, route.origin, value.span, message));
        }
        for event in sam::function_events(&model.template, "Api") {
            let Some(entry) = event.property("RestApiId") else { continue };
            let value = &entry.value;
            // SAM reads a `Ref`'s target or the bare logical id; anything else it cannot follow.
            let named = value.as_str().or_else(|| intrinsic::reference(value).filter(|reference| reference.attribute.is_none()).map(|reference| reference.target));
            let message = match named {
                Some(name) => match model.template.resource(name) {
                    Some(resource) if resource.is_type(HTTP_API) => format!(
                        "`{name}` is an `{HTTP_API}`: `Api` events attach only to REST APIs; write `Type: HttpApi` with `ApiId: !Ref {name}`"
                    ),
                    Some(_) => continue,
                    None if model.template.parameter(name).is_some() => {
                        format!("`{name}` is a parameter: `RestApiId` must name an `{REST_API}` of this template")
                    }
                    None if value.as_str().is_none() => continue,
                    None => format!("no resource of this template is named `{name}`: `RestApiId` must name an `{REST_API}`"),
                },
                None if intrinsic::call(value).is_some() => {
                    format!("SAM follows only a `Ref` here: `RestApiId` must be `!Ref` of an `{REST_API}` of this template")
                }
                None => continue,
            };
            let resource = model.template.resources[event.function].id;
            checker.push(checker.diagnostic(value.span, message).for_resource(Some(resource)));
        }
    }
}

const REST_API: &str = "AWS::Serverless::Api";
