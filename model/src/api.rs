//! The API Gateway v2 model: one shape for every source format. CloudFormation resources, SAM
//! resources and OpenAPI extensions all become these elements; rules are written against them.
//!
//! Fields are the source entries (`key: value`), so a rule can point at the value, or at the key
//! when the value is the problem; `None` means the source does not set it. Links between elements
//! are resolved once here, through `Ref`, `Fn::GetAtt`, `Fn::Sub` and `Fn::Join`.

use apigw_syntax::{Entry, Node, Span};

use crate::template::ResourceId;

/// A source entry, when set.
pub type Field<'a> = Option<&'a Entry>;

/// The language an element is written in: its keys are CloudFormation's, SAM's or OpenAPI's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    CloudFormation,
    Sam,
    OpenApi,
}

impl Dialect {
    /// How this dialect spells a CloudFormation property, so a message names the key the user
    /// wrote (or would write): OpenAPI's `x-amazon-apigateway-*` objects use camel case and a few
    /// other names; SAM renames the Lambda authorizer's function and lower-cases JWT settings.
    pub fn spelling(self, property: &str) -> &str {
        let renamed = match self {
            Dialect::CloudFormation => None,
            Dialect::Sam => match property {
                "AuthorizerUri" => Some("FunctionArn"),
                "AuthorizerCredentialsArn" => Some("FunctionInvokeRole"),
                "AuthorizerResultTtlInSeconds" => Some("ReauthorizeEvery"),
                "Issuer" => Some("issuer"),
                "Audience" => Some("audience"),
                "ApiMappingKey" => Some("BasePath"),
                _ => None,
            },
            Dialect::OpenApi => OPENAPI_SPELLINGS.iter().find(|(cloudformation, _)| *cloudformation == property).map(|(_, openapi)| *openapi),
        };
        renamed.unwrap_or(property)
    }
}

/// CloudFormation property names and their OpenAPI extension field names.
const OPENAPI_SPELLINGS: &[(&str, &str)] = &[
    ("IntegrationType", "type"),
    ("IntegrationUri", "uri"),
    ("IntegrationMethod", "httpMethod"),
    ("IntegrationSubtype", "integrationSubtype"),
    ("PayloadFormatVersion", "payloadFormatVersion"),
    ("ConnectionType", "connectionType"),
    ("ConnectionId", "connectionId"),
    ("TimeoutInMillis", "timeoutInMillis"),
    ("RequestParameters", "requestParameters"),
    ("ResponseParameters", "responseParameters"),
    ("CredentialsArn", "credentials"),
    ("TlsConfig", "tlsConfig"),
    ("CorsConfiguration", "x-amazon-apigateway-cors"),
    ("AllowOrigins", "allowOrigins"),
    ("AllowMethods", "allowMethods"),
    ("AllowHeaders", "allowHeaders"),
    ("ExposeHeaders", "exposeHeaders"),
    ("AllowCredentials", "allowCredentials"),
    ("MaxAge", "maxAge"),
    ("AuthorizerType", "type"),
    ("AuthorizerUri", "authorizerUri"),
    ("AuthorizerCredentialsArn", "authorizerCredentials"),
    ("IdentitySource", "identitySource"),
    ("JwtConfiguration", "jwtConfiguration"),
    ("Issuer", "issuer"),
    ("Audience", "audience"),
    ("AuthorizerPayloadFormatVersion", "authorizerPayloadFormatVersion"),
    ("EnableSimpleResponses", "enableSimpleResponses"),
    ("AuthorizerResultTtlInSeconds", "authorizerResultTtlInSeconds"),
    ("AuthorizationScopes", "security"),
    ("DisableExecuteApiEndpoint", "disableExecuteApiEndpoint"),
];

/// Where an element comes from.
#[derive(Clone, Copy, Debug)]
pub struct Origin<'a> {
    pub dialect: Dialect,
    /// The template resource that defines it (for OpenAPI bodies: the Api resource).
    pub resource: Option<ResourceId>,
    /// Where a diagnostic about the element as a whole points: the logical id, the path key.
    pub span: Span,
    /// The mapping that holds the element's fields, where fixes insert new ones: only set where
    /// the keys are those of the CloudFormation resource, so a fix never writes a key the source
    /// language does not have.
    pub fields: Option<&'a Node>,
}

/// A field that names another element, with the element it resolves to, if any in the template.
#[derive(Clone, Copy, Debug)]
pub struct Link<'a> {
    pub entry: &'a Entry,
    /// An index into the model's list of that element kind.
    pub target: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    Http,
    WebSocket,
    /// Set by a parameter or condition.
    Unknown,
}

pub struct Api<'a> {
    pub origin: Origin<'a>,
    pub protocol: Protocol,
    pub protocol_type: Field<'a>,
    pub name: Field<'a>,
    pub body: Field<'a>,
    pub body_s3_location: Field<'a>,
    pub cors: Option<Cors<'a>>,
    pub route_selection_expression: Field<'a>,
    pub api_key_selection_expression: Field<'a>,
    pub disable_execute_api_endpoint: Field<'a>,
    /// Quick create: `Target` makes a default route, integration and `$default` stage.
    pub target: Field<'a>,
    pub route_key: Field<'a>,
    /// Where its OpenAPI definition comes from, when it has one.
    pub definition: Option<Definition<'a>>,
}

/// An Api's OpenAPI definition: inline (`Body`, `DefinitionBody`) or a file next to the template
/// (`DefinitionUri`, `BodyS3Location`, `AWS::Include`).
#[derive(Clone, Copy, Debug)]
pub struct Definition<'a> {
    /// The property that gives it.
    pub entry: &'a Entry,
    /// The local path, for a definition in a file.
    pub file: Option<&'a Node>,
    pub state: DefinitionState<'a>,
}

#[derive(Clone, Copy, Debug)]
pub enum DefinitionState<'a> {
    /// Read: the definition's root.
    Read(&'a Node),
    /// A local file that does not exist.
    Missing,
    /// A local file the caller would not read, with why (outside the project, not a regular
    /// file, too large).
    Refused(&'a str),
    /// Not read: in S3, or the caller has no file system to read it from.
    Unread,
}

/// A SAM `HttpApi` event for a route the Api's definition already integrates: SAM keeps the
/// definition's integration and never invokes the event's function.
#[derive(Clone, Copy, Debug)]
pub struct ShadowedEvent<'a> {
    pub origin: Origin<'a>,
    /// The definition's route.
    pub route: usize,
}

/// An OpenAPI document the model read routes from, with the Api it defines.
#[derive(Clone, Debug)]
pub struct Spec<'a> {
    pub root: &'a Node,
    pub api: usize,
    /// Security scheme names SAM adds to the definition: its `Auth.Authorizers`, and `AWS_IAM`
    /// with `EnableIamAuthorizer`.
    pub sam_schemes: Vec<&'a str>,
}

/// `CorsConfiguration` (`x-amazon-apigateway-cors`, SAM `CorsConfiguration`).
pub struct Cors<'a> {
    /// The language its keys are written in, for messages.
    pub dialect: Dialect,
    /// `CorsConfiguration`, or SAM's `CorsConfiguration: true`, which allows every origin.
    pub entry: &'a Entry,
    pub allow_origins: Field<'a>,
    pub allow_methods: Field<'a>,
    pub allow_headers: Field<'a>,
    pub expose_headers: Field<'a>,
    pub allow_credentials: Field<'a>,
    pub max_age: Field<'a>,
}

/// A route key: written as one value (`RouteKey: GET /pets`) or assembled (SAM `Method` + `Path`,
/// an OpenAPI path and method).
pub struct RouteKey<'a> {
    /// The key when it is known.
    pub text: Option<String>,
    pub span: Span,
    /// The node the key was written as, when it is one.
    pub node: Option<&'a Node>,
}

pub struct Route<'a> {
    pub origin: Origin<'a>,
    pub api: Option<Link<'a>>,
    pub route_key: Option<RouteKey<'a>>,
    /// `Target`; for an OpenAPI operation, the `$ref` of its `x-amazon-apigateway-integration`.
    pub target: Field<'a>,
    /// The integration `Target` names (`integrations/<id>`, the `$ref`'s component), when it
    /// resolves; the one written in place otherwise.
    pub integration: Option<usize>,
    pub authorization_type: Field<'a>,
    pub authorizer: Option<Link<'a>>,
    pub authorization_scopes: Field<'a>,
    pub api_key_required: Field<'a>,
    pub route_response_selection_expression: Field<'a>,
    pub request_models: Field<'a>,
    pub request_parameters: Field<'a>,
    pub model_selection_expression: Field<'a>,
    /// The authorization the source implies where it writes none (SAM's `Auth.Authorizer`,
    /// OpenAPI `security`).
    pub implied_authorization: Option<&'static str>,
    /// Settings written with the route (a SAM event's `RouteSettings`, which SAM adds to its
    /// Api's stage); those of other routes are in their stage's `RouteSettings`.
    pub route_settings: Field<'a>,
}

impl<'a> Route<'a> {
    /// A route a SAM event or an OpenAPI operation implies: it writes no `Target`, authorization
    /// or WebSocket setting; callers set the ones their source has.
    pub fn implied(origin: Origin<'a>, api: Option<Link<'a>>, route_key: RouteKey<'a>, integration: Option<usize>) -> Self {
        Route {
            origin,
            api,
            route_key: Some(route_key),
            target: None,
            integration,
            authorization_type: None,
            authorizer: None,
            authorization_scopes: None,
            api_key_required: None,
            route_response_selection_expression: None,
            request_models: None,
            request_parameters: None,
            model_selection_expression: None,
            implied_authorization: None,
            route_settings: None,
        }
    }
}

pub struct Integration<'a> {
    pub origin: Origin<'a>,
    pub api: Option<Link<'a>>,
    pub integration_type: Field<'a>,
    pub integration_uri: Field<'a>,
    pub integration_subtype: Field<'a>,
    pub integration_method: Field<'a>,
    pub payload_format_version: Field<'a>,
    pub connection_type: Field<'a>,
    pub connection_id: Option<Link<'a>>,
    pub timeout_in_millis: Field<'a>,
    pub request_parameters: Field<'a>,
    pub response_parameters: Field<'a>,
    pub request_templates: Field<'a>,
    pub template_selection_expression: Field<'a>,
    pub passthrough_behavior: Field<'a>,
    pub content_handling_strategy: Field<'a>,
    pub credentials_arn: Field<'a>,
    /// The Lambda function in the template that the URI invokes.
    pub function: Option<usize>,
    /// The `IntegrationType` the source implies where it writes none (SAM events are Lambda
    /// proxy integrations).
    pub implied_type: Option<&'static str>,
    /// The payload format the source implies where it writes none (SAM's default is 2.0).
    pub implied_payload_format_version: Option<&'static str>,
}

pub struct Authorizer<'a> {
    pub origin: Origin<'a>,
    pub api: Option<Link<'a>>,
    pub name: Field<'a>,
    pub authorizer_type: Field<'a>,
    pub authorizer_uri: Field<'a>,
    pub identity_source: Field<'a>,
    pub jwt_configuration: Field<'a>,
    pub payload_format_version: Field<'a>,
    pub enable_simple_responses: Field<'a>,
    pub result_ttl_in_seconds: Field<'a>,
    /// The Lambda function in the template that a `REQUEST` authorizer invokes.
    pub function: Option<usize>,
    /// `AuthorizerCredentialsArn`: a role API Gateway assumes to invoke the function.
    pub credentials_arn: Field<'a>,
    /// The `AuthorizerType` the source implies (SAM: `JwtConfiguration` or `FunctionArn`).
    pub implied_type: Option<&'static str>,
}

pub struct Stage<'a> {
    pub origin: Origin<'a>,
    pub api: Option<Link<'a>>,
    pub stage_name: Field<'a>,
    pub deployment: Option<Link<'a>>,
    pub auto_deploy: Field<'a>,
    pub access_log_settings: Field<'a>,
    pub default_route_settings: Field<'a>,
    pub route_settings: Field<'a>,
    pub stage_variables: Field<'a>,
    /// The `StageName` the source implies where it writes none (SAM names an HTTP Api's stage
    /// `$default` and a WebSocket Api's `default`).
    pub implied_name: Option<&'static str>,
}

pub struct Deployment<'a> {
    pub origin: Origin<'a>,
    pub api: Option<Link<'a>>,
    pub stage_name: Field<'a>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DomainKind {
    /// `AWS::ApiGatewayV2::DomainName`.
    V2,
    /// `AWS::ApiGateway::DomainName`, which v2 mappings may also use.
    V1,
}

pub struct DomainName<'a> {
    pub origin: Origin<'a>,
    pub kind: DomainKind,
    pub domain_name: Field<'a>,
    pub endpoint_type: Field<'a>,
    pub security_policy: Field<'a>,
    pub certificate_arn: Field<'a>,
    pub mutual_tls: Field<'a>,
    pub truststore_uri: Field<'a>,
    pub truststore_version: Field<'a>,
}

pub struct ApiMapping<'a> {
    pub origin: Origin<'a>,
    pub api: Option<Link<'a>>,
    pub domain: Option<Link<'a>>,
    pub stage: Field<'a>,
    /// The `ApiMappingKey` value (SAM: a `BasePath`); `None` for the empty path.
    pub api_mapping_key: Option<&'a Node>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VpcLinkKind {
    /// `AWS::ApiGatewayV2::VpcLink`, for HTTP APIs.
    V2,
    /// `AWS::ApiGateway::VpcLink`, for REST APIs and WebSocket APIs.
    V1,
}

pub struct VpcLink<'a> {
    pub origin: Origin<'a>,
    pub kind: VpcLinkKind,
}

pub struct RouteResponse<'a> {
    pub origin: Origin<'a>,
    pub api: Option<Link<'a>>,
    pub route: Option<Link<'a>>,
}

pub struct Function<'a> {
    pub origin: Origin<'a>,
}

/// `AWS::Lambda::Permission`.
pub struct Permission<'a> {
    pub origin: Origin<'a>,
    pub function_name: Field<'a>,
    pub function: Option<usize>,
    pub action: Field<'a>,
    pub principal: Field<'a>,
    pub source_arn: Field<'a>,
}

pub struct Bucket<'a> {
    pub origin: Origin<'a>,
    pub bucket_name: Field<'a>,
    /// `VersioningConfiguration.Status`.
    pub versioning_status: Field<'a>,
    /// `VersioningConfiguration` itself: set while its status is not known (an `Fn::If`).
    pub versioning: Field<'a>,
}

pub struct Alarm<'a> {
    pub origin: Origin<'a>,
    pub namespace: Field<'a>,
    pub metric_name: Field<'a>,
    pub dimensions: Field<'a>,
    /// `Metrics` (metric math): each `MetricStat.Metric` is checked like a single metric.
    pub metrics: Field<'a>,
}

/// An IAM policy document: from `AWS::IAM::Policy`, `AWS::IAM::ManagedPolicy`, a role's
/// inline `Policies` or a SAM function's `Policies`.
pub struct PolicyDocument<'a> {
    pub origin: Origin<'a>,
    pub document: &'a Node,
}
