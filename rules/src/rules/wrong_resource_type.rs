use apigw_model::api::{Dialect, Protocol};
use apigw_model::{Model, Resource};
use apigw_syntax::Entry;

use crate::resource_types::{certain_type, type_span};
use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A reference between API Gateway v2 resources that names a resource of the wrong type:
    /// `ApiId` naming anything but an `AWS::ApiGatewayV2::Api` (or a SAM `HttpApi`/`WebSocketApi`),
    /// such as a REST `AWS::ApiGateway::RestApi` (an ApiMapping may also map a REST API); an
    /// ApiMapping's `DomainName` naming anything but a v2 or v1 domain name; an integration's `ConnectionId` naming anything but a VPC link, or
    /// a REST/WebSocket `AWS::ApiGateway::VpcLink` on an HTTP API; a Stage's `DeploymentId`, a
    /// Route's `AuthorizerId`, a RouteResponse's `RouteId` or an IntegrationResponse's
    /// `IntegrationId` naming another type. `Fn::GetAtt` of the right type with an attribute that
    /// is not the id (`!GetAtt HttpApi.ApiEndpoint`) is reported too. In an OpenAPI definition
    /// written inline (`Body`, SAM's `DefinitionBody`), an `x-amazon-apigateway-integration`'s
    /// `connectionId` is checked like `ConnectionId`.
    ///
    /// Custom resources, nested stacks and types outside AWS may return anything and are not
    /// reported.
    ///
    /// ## Why
    /// CloudFormation passes the other resource's id along and the service rejects it
    /// ("Invalid API identifier specified") after the stack has started creating resources.
    ///
    /// ## Example
    /// ```yaml
    /// OrdersApi:
    ///   Type: AWS::ApiGateway::RestApi
    ///   Properties: {Name: orders}
    /// Route:
    ///   Type: AWS::ApiGatewayV2::Route
    ///   Properties:
    ///     ApiId: !Ref OrdersApi
    ///     RouteKey: GET /orders
    /// ```
    ///
    /// ## Fix
    /// Name a resource of the expected type, with `!Ref` (or `Fn::GetAtt` of its id attribute).
    pub struct WrongResourceType {
        code: "AGW101",
        name: "wrong-resource-type",
        severity: Error,
        fix: None,
    }
}

/// A property that names another resource: the types it accepts (the first one is named in
/// messages) and the attributes of those types that return what it needs.
struct Reference {
    property: &'static str,
    /// The types that have the property.
    owners: &'static [&'static str],
    accepts: &'static [&'static str],
    id_attributes: &'static [&'static str],
}

const V2_API: &str = "AWS::ApiGatewayV2::Api";
const V1_VPC_LINK: &str = "AWS::ApiGateway::VpcLink";

const REFERENCES: &[Reference] = &[
    Reference {
        property: "ApiId",
        owners: &[
            "AWS::ApiGatewayV2::ApiGatewayManagedOverrides",
            "AWS::ApiGatewayV2::Authorizer",
            "AWS::ApiGatewayV2::Deployment",
            "AWS::ApiGatewayV2::Integration",
            "AWS::ApiGatewayV2::IntegrationResponse",
            "AWS::ApiGatewayV2::Model",
            "AWS::ApiGatewayV2::Route",
            "AWS::ApiGatewayV2::RouteResponse",
            "AWS::ApiGatewayV2::Stage",
        ],
        accepts: &[V2_API, "AWS::Serverless::HttpApi", "AWS::Serverless::WebSocketApi"],
        id_attributes: &["ApiId"],
    },
    // A v2 API mapping maps REST APIs too (multi-level mappings need it).
    Reference {
        property: "ApiId",
        owners: &["AWS::ApiGatewayV2::ApiMapping"],
        accepts: &[V2_API, "AWS::Serverless::HttpApi", "AWS::Serverless::WebSocketApi", "AWS::ApiGateway::RestApi", "AWS::Serverless::Api"],
        id_attributes: &["ApiId", "RestApiId"],
    },
    Reference {
        property: "DomainName",
        owners: &["AWS::ApiGatewayV2::ApiMapping"],
        accepts: &["AWS::ApiGatewayV2::DomainName", "AWS::ApiGateway::DomainName"],
        // No attribute of a domain returns its name; an ARN is not certainly rejected.
        id_attributes: &["DomainNameArn"],
    },
    Reference {
        property: "ConnectionId",
        owners: &["AWS::ApiGatewayV2::Integration"],
        accepts: &["AWS::ApiGatewayV2::VpcLink", V1_VPC_LINK],
        id_attributes: &["VpcLinkId"],
    },
    Reference {
        property: "DeploymentId",
        owners: &["AWS::ApiGatewayV2::Stage"],
        accepts: &["AWS::ApiGatewayV2::Deployment"],
        id_attributes: &["DeploymentId"],
    },
    Reference {
        property: "AuthorizerId",
        owners: &["AWS::ApiGatewayV2::Route"],
        accepts: &["AWS::ApiGatewayV2::Authorizer"],
        id_attributes: &["AuthorizerId"],
    },
    Reference {
        property: "RouteId",
        owners: &["AWS::ApiGatewayV2::RouteResponse"],
        accepts: &["AWS::ApiGatewayV2::Route"],
        id_attributes: &["RouteId"],
    },
    Reference {
        property: "IntegrationId",
        owners: &["AWS::ApiGatewayV2::IntegrationResponse"],
        accepts: &["AWS::ApiGatewayV2::Integration"],
        id_attributes: &["IntegrationId"],
    },
];

impl Rule for WrongResourceType {
    fn check(&self, model: &Model, checker: &mut Checker) {
        let template = &model.template;
        for (id, resource) in template.resources.iter().enumerate() {
            let Some(type_name) = resource.type_name.filter(|t| t.starts_with("AWS::ApiGatewayV2::")) else { continue };
            for reference in REFERENCES {
                if !reference.owners.contains(&type_name) {
                    continue;
                }
                let Some(entry) = resource.property(reference.property) else { continue };
                let protocol = || protocol_of(model, id);
                check_reference(model, checker, Some(resource.id), entry, reference, Dialect::CloudFormation, &protocol);
            }
        }
        // An OpenAPI definition's integrations belong to an HTTP Api.
        let connection = REFERENCES.iter().find(|reference| reference.property == "ConnectionId");
        for integration in model.integrations.iter().filter(|integration| integration.origin.dialect == Dialect::OpenApi) {
            if let (Some(link), Some(reference)) = (integration.connection_id, connection) {
                let resource = model.resource_id(integration.origin);
                check_reference(model, checker, resource, link.entry, reference, Dialect::OpenApi, &|| Protocol::Http);
            }
        }
    }
}

/// Reports each resource that a reference's value (each branch of it) names when it is of the
/// wrong type.
fn check_reference(
    model: &Model,
    checker: &mut Checker,
    resource: Option<&str>,
    entry: &Entry,
    reference: &Reference,
    dialect: Dialect,
    protocol: &dyn Fn() -> Protocol,
) {
    let template = &model.template;
    for node in template.branches(&entry.value) {
        let Some((target_id, target)) = template.referenced(node) else { continue };
        let named = &template.resources[target_id];
        let Some(message) = mismatch(reference, dialect.spelling(reference.property), named, target.attribute, protocol) else { continue };
        let diagnostic = checker
            .diagnostic(node.span, message)
            .for_resource(resource)
            .with_related(type_span(named), format!("`{}` is declared here", named.id));
        checker.push(diagnostic);
    }
}

/// What is wrong with a reference (its property spelled `property`) to `named`, if anything
/// certainly is; `protocol` is that of the referring element's Api.
fn mismatch(
    reference: &Reference,
    property: &str,
    named: &Resource,
    attribute: Option<&str>,
    protocol: &dyn Fn() -> Protocol,
) -> Option<String> {
    let type_name = named.type_name?;
    let (id, expected) = (named.id, reference.accepts[0]);
    if !reference.accepts.contains(&type_name) {
        if !certain_type(type_name) {
            return None;
        }
        return Some(format!("`{property}` must name an `{expected}`, but `{id}` is an `{type_name}`"));
    }
    // The attributes of SAM types are SAM's business; those of API Gateway's own types are known.
    if let Some(attribute) = attribute.filter(|attribute| !attribute.is_empty())
        && type_name.starts_with("AWS::ApiGateway")
        && !reference.id_attributes.contains(&attribute)
    {
        return Some(format!("`{property}` needs the `Ref` of `{id}`, not its `{attribute}` attribute"));
    }
    if reference.property == "ConnectionId" && type_name == V1_VPC_LINK && protocol() == Protocol::Http {
        return Some(format!(
            "`{id}` is an `{V1_VPC_LINK}` (for REST and WebSocket APIs); an HTTP API's private integration needs an `AWS::ApiGatewayV2::VpcLink`"
        ));
    }
    None
}

/// The protocol of the Api that an integration resource belongs to.
fn protocol_of(model: &Model, resource: usize) -> Protocol {
    model
        .integrations
        .iter()
        .find(|integration| integration.origin.resource == Some(resource))
        .and_then(|integration| model.api_of(integration.api))
        .map_or(Protocol::Unknown, |api| api.protocol)
}
