use std::collections::{HashMap, HashSet};

use apigw_model::Model;
use apigw_model::api::{Dialect, Origin, Permission};
use apigw_model::intrinsic::Part;
use apigw_syntax::Span;
use indexmap::IndexMap;
use serde_json::{Value as Json, json};

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// A Lambda integration or Lambda authorizer whose function has no `AWS::Lambda::Permission`
    /// that lets API Gateway invoke it.
    ///
    /// ## What it checks
    /// An `AWS_PROXY` (or WebSocket `AWS`) integration, or a `REQUEST` authorizer, whose function
    /// is defined in the template, when no `AWS::Lambda::Permission` on that function (or alias or
    /// version) grants `lambda:InvokeFunction` to `apigateway.amazonaws.com` for that Api. A
    /// permission counts when its `SourceArn` is absent or names the same Api; one whose
    /// `SourceArn` names another Api of the template does not. Values that are not known (a
    /// parameter, an import) count, so nothing is reported on a guess.
    ///
    /// The integrations of an OpenAPI definition (`Body`, SAM `DefinitionBody`) and its Lambda
    /// authorizers (`x-amazon-apigateway-authorizer`) count, and so do the Lambda authorizers of a
    /// SAM `HttpApi`'s `Auth`: SAM grants no permission for them unless
    /// `EnableFunctionDefaultPermissions: true`.
    ///
    /// Not checked: integrations and authorizers with credentials (`CredentialsArn`,
    /// `AuthorizerCredentialsArn`, SAM `FunctionInvokeRole`: API Gateway invokes the function with
    /// that role), AWS service integrations (`IntegrationSubtype`), what SAM grants itself (the
    /// function of an `HttpApi` event, on the event's Api, even where an OpenAPI integration
    /// invokes it; WebSocket routes and their authorizer).
    ///
    /// ## Why
    /// The stack deploys, and every request through the route returns 500 ("Execution failed due
    /// to configuration error: Invalid permissions on Lambda function").
    ///
    /// ## Example
    /// ```yaml
    /// Integration:
    ///   Type: AWS::ApiGatewayV2::Integration
    ///   Properties:
    ///     ApiId: !Ref Api
    ///     IntegrationType: AWS_PROXY
    ///     IntegrationUri: !GetAtt Handler.Arn
    ///     PayloadFormatVersion: "2.0"
    /// # and no AWS::Lambda::Permission for Handler
    /// ```
    ///
    /// ## Fix
    /// Add a permission (the unsafe fix inserts one after the last resource):
    /// ```yaml
    /// HandlerApiInvokePermission:
    ///   Type: AWS::Lambda::Permission
    ///   Properties:
    ///     Action: lambda:InvokeFunction
    ///     FunctionName: !GetAtt Handler.Arn
    ///     Principal: apigateway.amazonaws.com
    ///     SourceArn: !Sub arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*
    /// ```
    pub struct LambdaPermissionMissing {
        code: "AGW207",
        name: "lambda-permission-missing",
        severity: Warning,
        fix: Unsafe,
    }
}

const PRINCIPAL: &str = "apigateway.amazonaws.com";
/// Resource types whose ids a `SourceArn` names when it restricts the permission to one API.
const API_TYPES: &[&str] =
    &["AWS::ApiGatewayV2::Api", "AWS::ApiGateway::RestApi", "AWS::Serverless::Api", "AWS::Serverless::HttpApi"];

/// An integration or authorizer that invokes a function.
struct Invoker<'a> {
    origin: Origin<'a>,
    /// Where the function is named (the URI).
    span: Span,
    /// "integration" or "authorizer", for messages.
    kind: &'static str,
}

/// Whether a permission lets an Api invoke a function.
enum Grant {
    Allows,
    /// It would, but its `SourceArn` names another Api.
    OtherApi(Span),
    No,
}

impl Rule for LambdaPermissionMissing {
    fn check(&self, model: &Model, checker: &mut Checker) {
        // One diagnostic (and one fix) per function and Api, however many routes use them.
        let mut invokers: IndexMap<(usize, Option<usize>), Vec<Invoker>> = IndexMap::new();
        for integration in &model.integrations {
            let (Some(function), Some(uri)) = (integration.function, integration.integration_uri) else { continue };
            let lambda = matches!(model.integration_type(integration).as_deref(), Some("AWS_PROXY" | "AWS"));
            if lambda && integration.credentials_arn.is_none() && integration.integration_subtype.is_none() {
                let api = integration.api.and_then(|link| link.target);
                let invoker = Invoker { origin: integration.origin, span: uri.value.span, kind: "integration" };
                invokers.entry((function, api)).or_default().push(invoker);
            }
        }
        for authorizer in &model.authorizers {
            let (Some(function), Some(uri)) = (authorizer.function, authorizer.authorizer_uri) else { continue };
            if authorizer.credentials_arn.is_none() && model.authorizer_type(authorizer).as_deref() == Some("REQUEST") {
                let api = authorizer.api.and_then(|link| link.target);
                let invoker = Invoker { origin: authorizer.origin, span: uri.value.span, kind: "authorizer" };
                invokers.entry((function, api)).or_default().push(invoker);
            }
        }
        // Permissions by the function they resolve to; those that resolve to none may name any.
        let mut by_function: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut unresolved = Vec::new();
        for (index, permission) in model.permissions.iter().enumerate() {
            match permission.function {
                Some(function) => by_function.entry(function).or_default().push(index),
                None => unresolved.push(index),
            }
        }
        // SAM grants API Gateway the invoke permission for the function of each `HttpApi` event
        // (and WebSocket route) on its Api; an OpenAPI integration of the same function on that
        // Api may share it (its `SourceArn` names the event's route, which is not compared).
        let granted_by_sam: HashSet<(usize, Option<usize>)> = model
            .integrations
            .iter()
            .filter(|integration| integration.origin.dialect == Dialect::Sam)
            .filter_map(|integration| Some((integration.function?, integration.api.and_then(|link| link.target))))
            .collect();
        for ((function, api), invokers) in &invokers {
            let Some(function_id) = model.functions[*function].origin.resource else { continue };
            let function_resource = &model.template.resources[function_id];
            if granted_by_sam.contains(&(*function, *api)) {
                continue;
            }
            let api_resource = api.and_then(|api| model.apis[api].origin.resource);
            let mut other_apis = Vec::new();
            let mut granted = false;
            let mut candidates: Vec<usize> =
                by_function.get(function).into_iter().flatten().chain(&unresolved).copied().collect();
            candidates.sort_unstable();
            for permission in candidates.into_iter().map(|index| &model.permissions[index]) {
                match grant(model, permission, *function, api_resource) {
                    Grant::Allows => granted = true,
                    Grant::OtherApi(span) => other_apis.push((permission, span)),
                    Grant::No => {}
                }
            }
            if granted {
                continue;
            }
            let [first, others @ ..] = invokers.as_slice() else { continue };
            let name = function_resource.id;
            let effect = if first.kind == "authorizer" {
                "every request this authorizer checks fails with 500"
            } else {
                "every request through this integration fails with 500"
            };
            let message = if other_apis.is_empty() {
                format!("no `AWS::Lambda::Permission` lets API Gateway invoke `{name}`: {effect}")
            } else {
                format!("the permissions on `{name}` name another Api in `SourceArn`, none this one: {effect}")
            };
            let mut diagnostic = checker.at(model, first.origin, first.span, message);
            for other in others {
                let id = model.resource_id(other.origin).unwrap_or("another element");
                diagnostic = diagnostic.with_related(other.span, format!("`{id}` ({}) also invokes `{name}`", other.kind));
            }
            for (permission, span) in other_apis {
                let id = model.resource_id(permission.origin).unwrap_or("a permission");
                diagnostic = diagnostic.with_related(span, format!("`{id}` allows only another Api"));
            }
            let condition = first.origin.resource.and_then(|id| model.template.resources[id].condition);
            let api_id = api_resource.map(|id| model.template.resources[id].id);
            let fix = insert_permission(model, checker, name, function_resource.type_name, api_id, condition);
            checker.push(diagnostic.with_fix(fix));
        }
    }
}

/// Whether a permission lets the Api (a resource, when known) invoke the function.
fn grant(model: &Model, permission: &Permission, function: usize, api: Option<usize>) -> Grant {
    let names_function = match permission.function {
        Some(target) => target == function,
        // A literal name or ARN, or a value that is not known: it may be this function.
        None => permission.function_name.is_some_and(|entry| match model.template.text(&entry.value).known() {
            Some(name) => may_name(model, function, name),
            None => true,
        }),
    };
    let action_ok = model.known(permission.action).is_none_or(|action| {
        ["lambda:InvokeFunction", "lambda:*", "*"].iter().any(|allowed| allowed.eq_ignore_ascii_case(&action))
    });
    let principal_ok = model.known(permission.principal).is_none_or(|principal| principal == "*" || principal.contains(PRINCIPAL));
    if !(names_function && action_ok && principal_ok) {
        return Grant::No;
    }
    let Some(source_arn) = permission.source_arn else { return Grant::Allows };
    let Some(parts) = model.template.parts(&source_arn.value) else { return Grant::Allows };
    let named_api = parts.iter().find_map(|part| match part {
        Part::Ref(name) | Part::GetAtt(name, _) => model
            .template
            .resource_id(name)
            .filter(|&id| model.template.resources[id].type_name.is_some_and(|t| API_TYPES.contains(&t))),
        _ => None,
    });
    match (named_api, api) {
        (Some(named), Some(api)) if named != api => Grant::OtherApi(source_arn.value.span),
        _ => Grant::Allows,
    }
}

/// Whether a literal `FunctionName` (a name or an ARN) may name the function: it does not when
/// the function's own `FunctionName` is known and different.
fn may_name(model: &Model, function: usize, literal: &str) -> bool {
    let Some(id) = model.functions[function].origin.resource else { return true };
    let Some(name) = model.known(model.template.resources[id].property("FunctionName")) else { return true };
    literal == name || literal.ends_with(&format!(":function:{name}")) || literal.contains(&format!(":function:{name}:"))
}

/// The unsafe fix: a permission resource after the last resource, under the invoker's condition.
fn insert_permission(
    model: &Model,
    checker: &Checker,
    function: &str,
    function_type: Option<&str>,
    api: Option<&str>,
    condition: Option<&str>,
) -> Option<crate::Fix> {
    let resources = model.template.root.get("Resources")?;
    let base = format!("{function}{}InvokePermission", api.unwrap_or(""));
    let id = (1..)
        .map(|n| if n == 1 { base.clone() } else { format!("{base}{n}") })
        .find(|id| model.template.resource(id).is_none())?;
    // `Ref` of an alias or version is its ARN; a function's ARN is its `Arn` attribute.
    let function_name = if function_type == Some("AWS::Lambda::Function") {
        json!({"Fn::GetAtt": [function, "Arn"]})
    } else {
        json!({"Ref": function})
    };
    let mut properties = serde_json::Map::new();
    properties.insert("Action".into(), json!("lambda:InvokeFunction"));
    properties.insert("FunctionName".into(), function_name);
    properties.insert("Principal".into(), json!(PRINCIPAL));
    if let Some(api) = api {
        let arn = format!("arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{api}}}/*");
        properties.insert("SourceArn".into(), json!({"Fn::Sub": arn}));
    }
    let mut resource = serde_json::Map::new();
    resource.insert("Type".into(), json!("AWS::Lambda::Permission"));
    if let Some(condition) = condition {
        resource.insert("Condition".into(), json!(condition));
    }
    resource.insert("Properties".into(), Json::Object(properties));
    checker.fix(
        format!("Add `{id}` granting API Gateway `lambda:InvokeFunction` on `{function}`"),
        [checker.editor.insert_entry(resources, &id, &Json::Object(resource))],
    )
}
