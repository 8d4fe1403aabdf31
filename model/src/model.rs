use std::collections::HashMap;

use apigw_syntax::{Entry, Node};

use crate::api::*;
use crate::intrinsic::Part;
use crate::template::{ResourceId, Template};

/// Resource types that are Lambda functions as far as invoke permissions go.
pub const FUNCTION_TYPES: &[&str] =
    &["AWS::Lambda::Function", "AWS::Serverless::Function", "AWS::Lambda::Alias", "AWS::Lambda::Version"];

/// Everything rules read: the template as CloudFormation sees it, and the API model (its
/// elements are reached through the model: `model.routes`).
pub struct Model<'a> {
    pub template: Template<'a>,
    elements: Elements<'a>,
}

impl<'a> std::ops::Deref for Model<'a> {
    type Target = Elements<'a>;

    fn deref(&self) -> &Elements<'a> {
        &self.elements
    }
}

/// What an OpenAPI file is for, as the configuration declares it (`openapi = "http"` or
/// `"rest"` in `apigw-lint.toml`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefinitionKind {
    /// Linted as an HTTP API's definition, whatever REST-only parts it has (AGW801 reports them).
    Http,
    /// Left alone, as REST APIs are.
    Rest,
}

/// The definition files a template names, as read by the caller (the model reads no files):
/// a path as written in the template, with the file's root, or why there is none. A path the map
/// does not hold was not read.
#[derive(Default)]
pub struct Definitions<'a> {
    files: HashMap<String, DefinitionState<'a>>,
}

impl<'a> Definitions<'a> {
    pub fn insert(&mut self, path: String, root: &'a Node) {
        self.files.insert(path, DefinitionState::Read(root));
    }

    /// A file that does not exist.
    pub fn missing(&mut self, path: String) {
        self.files.insert(path, DefinitionState::Missing);
    }

    /// A file the caller would not read (outside the project, not a regular file, too large),
    /// with why.
    pub fn refused(&mut self, path: String, reason: &'a str) {
        self.files.insert(path, DefinitionState::Refused(reason));
    }

    pub(crate) fn state(&self, path: &str) -> DefinitionState<'a> {
        self.files.get(path).copied().unwrap_or(DefinitionState::Unread)
    }
}

impl<'a> Model<'a> {
    /// Reads a document's root into the model: a template, or a standalone OpenAPI definition of
    /// an HTTP API; `None` when it is neither (a REST API's definition, a Serverless Framework
    /// file). Definition files the template names are not read.
    pub fn build(root: &'a Node) -> Option<Model<'a>> {
        Model::build_with(root, &Definitions::default(), None)
    }

    /// Like [`Model::build`], with the definition files the template names already read, and
    /// what the configuration declares a standalone definition to be (over what its content
    /// suggests).
    pub fn build_with(root: &'a Node, definitions: &Definitions<'a>, declared: Option<DefinitionKind>) -> Option<Model<'a>> {
        let http_definition = |root| match declared {
            Some(DefinitionKind::Http) => crate::openapi::is_definition(root),
            Some(DefinitionKind::Rest) => false,
            // A definition that only a REST API could have builds no model of an HTTP API.
            None => crate::openapi::is_openapi(root) && crate::openapi::rest_evidence(root).is_none(),
        };
        match Template::read(root) {
            Some(_) if is_serverless_framework(root) => None,
            Some(template) => {
                let elements = Builder::new(&template, definitions).build();
                Some(elements.into_model(template))
            }
            None if http_definition(root) => {
                let template = Template::empty(root);
                let mut builder = Builder::new(&template, definitions);
                builder.standalone_spec(root);
                Some(builder.elements.into_model(template))
            }
            None => None,
        }
    }

    /// Where an element is written, for messages: "`Id`", or "the OpenAPI definition of `Id`".
    pub fn describe(&self, origin: Origin<'a>) -> String {
        match (origin.dialect, self.resource_id(origin)) {
            (Dialect::OpenApi, Some(id)) => format!("the OpenAPI definition of `{id}`"),
            (Dialect::OpenApi, None) => "the OpenAPI definition".to_string(),
            (_, Some(id)) => format!("`{id}`"),
            (_, None) => format!("`{}`", crate::sam::IMPLICIT_HTTP_API),
        }
    }

    /// How a route is named to people: its resource's logical id, or where a definition or SAM
    /// event implies it, its route key.
    pub fn route_name(&self, route: &Route<'a>) -> String {
        match (route.origin.dialect, self.resource_id(route.origin)) {
            (Dialect::CloudFormation, Some(id)) => id.to_string(),
            _ => route.route_key.as_ref().and_then(|key| key.text.clone()).unwrap_or_else(|| "a route".to_string()),
        }
    }

    /// A mapping's key when certainly known, as the service gets it (SAM strips `/` from base paths).
    pub fn mapping_key(&self, mapping: &ApiMapping<'a>) -> Option<String> {
        let text = self.template.text(mapping.api_mapping_key?).known()?.to_string();
        Some(if mapping.origin.dialect == Dialect::Sam { crate::sam::base_path_key(&text).to_string() } else { text })
    }

    /// The `IntegrationType` when certainly known, written (in any case) or implied.
    pub fn integration_type(&self, integration: &Integration<'a>) -> Option<String> {
        match integration.integration_type {
            Some(entry) => self.template.text(&entry.value).known().map(str::to_ascii_uppercase),
            None => integration.implied_type.map(str::to_string),
        }
    }

    /// The `AuthorizerType` when certainly known, written (in any case) or implied.
    pub fn authorizer_type(&self, authorizer: &Authorizer<'a>) -> Option<String> {
        match authorizer.authorizer_type {
            Some(entry) => self.template.text(&entry.value).known().map(str::to_ascii_uppercase),
            None => authorizer.implied_type.map(str::to_string),
        }
    }

    /// The `StageName` when certainly known, written or implied.
    pub fn stage_name(&self, stage: &Stage<'a>) -> Option<String> {
        match stage.stage_name {
            Some(entry) => self.template.text(&entry.value).known().map(str::to_string),
            None => stage.implied_name.map(str::to_string),
        }
    }

    /// The Api an element's `ApiId` resolves to.
    pub fn api_of(&self, link: Option<Link<'a>>) -> Option<&Api<'a>> {
        link.and_then(|link| link.target).map(|index| &self.apis[index])
    }

    /// Which custom domain a mapping's `DomainName` names, so that mappings can be grouped by
    /// domain whether they reference the domain resource or repeat its name.
    pub fn domain_of(&self, link: Link<'a>) -> Option<DomainKey> {
        if let Some(index) = link.target {
            return Some(DomainKey::Resource(index));
        }
        let value = &link.entry.value;
        if let Some(name) = self.template.text(value).known() {
            let declared = self.domain_names.iter().position(|domain| {
                domain.domain_name.and_then(|entry| self.template.text(&entry.value).known().map(str::to_string)).as_deref()
                    == Some(name)
            });
            return Some(declared.map_or_else(|| DomainKey::Name(name.to_string()), DomainKey::Resource));
        }
        let reference = crate::intrinsic::reference(value)?;
        self.template.parameter(reference.target)?;
        // A domain resource whose name is the same parameter is the same domain.
        let declared = self.domain_names.iter().position(|domain| {
            domain.domain_name.and_then(|entry| crate::intrinsic::reference(&entry.value)).is_some_and(|named| named.target == reference.target)
        });
        Some(declared.map_or_else(|| DomainKey::Parameter(reference.target.to_string()), DomainKey::Resource))
    }

    /// The stages whose `ApiId` names this Api.
    pub fn stages_of(&self, api: usize) -> impl Iterator<Item = &Stage<'a>> {
        self.stages.iter().filter(move |stage| stage.api.and_then(|link| link.target) == Some(api))
    }

    /// The routes whose `ApiId` names this Api.
    pub fn routes_of(&self, api: usize) -> impl Iterator<Item = &Route<'a>> {
        self.routes.iter().filter(move |route| route.api.and_then(|link| link.target) == Some(api))
    }

    /// Whether two elements certainly exist together (see [`Template::coexist`]).
    pub fn coexist(&self, a: Origin<'a>, b: Origin<'a>) -> bool {
        match (a.resource, b.resource) {
            (Some(a), Some(b)) => self.template.coexist(a, b),
            _ => true,
        }
    }

    /// The text of a field when it is certainly known.
    pub fn known(&self, field: Field<'a>) -> Option<String> {
        self.template.text(&field?.value).known().map(str::to_string)
    }

    /// The logical id of the resource an element comes from.
    pub fn resource_id(&self, origin: Origin<'a>) -> Option<&'a str> {
        origin.resource.map(|id| self.template.resources[id].id)
    }

    /// The `Condition` of the resource an element comes from: elements certainly exist together
    /// when they share it (or both have none).
    pub fn condition(&self, origin: Origin<'a>) -> Option<&'a str> {
        origin.resource.and_then(|id| self.template.resources[id].condition)
    }
}

/// The variable sources of the Serverless Framework (`${opt:stage}`, `${self:custom.x}`,
/// `${file(./x.yml)}`): CloudFormation's `${Name}` never has a `:` or `(` there.
const SERVERLESS_VARIABLES: &[&str] =
    &["${opt:", "${self:", "${sls:", "${file(", "${env:", "${cf:", "${s3:", "${ssm:", "${param:", "${aws:", "${strToBool("];

/// Whether a document is a Serverless Framework file (`serverless.yml`'s `resources`, or a
/// fragment it pulls in with `${file(...)}`): the Framework resolves its variables and merges its
/// fragments before CloudFormation sees them, so it is no template of ours.
fn is_serverless_framework(root: &Node) -> bool {
    root.descendants().any(|node| node.as_str().is_some_and(|text| SERVERLESS_VARIABLES.iter().any(|variable| text.contains(variable))))
}

/// The identity of a custom domain, as far as the template tells.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum DomainKey {
    /// A domain resource of the template (an index into `domain_names`).
    Resource(usize),
    /// A literal domain name that no resource of the template declares.
    Name(String),
    /// A parameter: the same parameter is the same domain.
    Parameter(String),
}

/// The elements of the API model, in the order the builders add them.
#[derive(Default)]
pub struct Elements<'a> {
    pub apis: Vec<Api<'a>>,
    pub routes: Vec<Route<'a>>,
    pub integrations: Vec<Integration<'a>>,
    pub authorizers: Vec<Authorizer<'a>>,
    pub stages: Vec<Stage<'a>>,
    pub deployments: Vec<Deployment<'a>>,
    pub domain_names: Vec<DomainName<'a>>,
    pub api_mappings: Vec<ApiMapping<'a>>,
    pub vpc_links: Vec<VpcLink<'a>>,
    pub route_responses: Vec<RouteResponse<'a>>,
    pub functions: Vec<Function<'a>>,
    pub permissions: Vec<Permission<'a>>,
    pub buckets: Vec<Bucket<'a>>,
    pub alarms: Vec<Alarm<'a>>,
    pub policies: Vec<PolicyDocument<'a>>,
    /// The OpenAPI documents routes were read from.
    pub specs: Vec<Spec<'a>>,
    pub shadowed_events: Vec<ShadowedEvent<'a>>,
    pub rest_stages: Vec<crate::rest::RestStage<'a>>,
    pub rest_mappings: Vec<crate::rest::RestMapping<'a>>,
}

impl<'a> Elements<'a> {
    fn into_model(self, template: Template<'a>) -> Model<'a> {
        Model { template, elements: self }
    }
}

/// Reads the template's resources into elements. Each element kind is indexed by the resource
/// that defines it, so links resolve in one pass; the SAM and OpenAPI readers (`sam.rs`,
/// `openapi.rs`) add the elements those sources imply.
pub(crate) struct Builder<'t, 'a> {
    pub template: &'t Template<'a>,
    pub definitions: &'t Definitions<'a>,
    index: HashMap<&'static str, HashMap<ResourceId, usize>>,
    pub elements: Elements<'a>,
}

pub(crate) const API: &[&str] = &["AWS::ApiGatewayV2::Api", "AWS::Serverless::HttpApi", "AWS::Serverless::WebSocketApi"];
const ROUTE: &[&str] = &["AWS::ApiGatewayV2::Route"];
const INTEGRATION: &[&str] = &["AWS::ApiGatewayV2::Integration"];
pub(crate) const AUTHORIZER: &[&str] = &["AWS::ApiGatewayV2::Authorizer"];
const STAGE: &[&str] = &["AWS::ApiGatewayV2::Stage"];
const DEPLOYMENT: &[&str] = &["AWS::ApiGatewayV2::Deployment"];
pub(crate) const DOMAIN_NAME: &[&str] = &["AWS::ApiGatewayV2::DomainName", "AWS::ApiGateway::DomainName"];
pub(crate) const VPC_LINK: &[&str] = &["AWS::ApiGatewayV2::VpcLink", "AWS::ApiGateway::VpcLink"];

impl<'t, 'a> Builder<'t, 'a> {
    fn new(template: &'t Template<'a>, definitions: &'t Definitions<'a>) -> Self {
        let mut index: HashMap<&'static str, HashMap<ResourceId, usize>> = HashMap::new();
        for kind in [API, ROUTE, INTEGRATION, AUTHORIZER, STAGE, DEPLOYMENT, DOMAIN_NAME, VPC_LINK, FUNCTION_TYPES] {
            let ids = template
                .resources
                .iter()
                .enumerate()
                .filter(|(_, resource)| resource.type_name.is_some_and(|t| kind.contains(&t)))
                .enumerate()
                .map(|(index, (id, _))| (id, index))
                .collect();
            index.insert(kind[0], ids);
        }
        Builder { template, definitions, index, elements: Elements::default() }
    }

    pub(crate) fn of_types(&self, types: &[&str]) -> Vec<ResourceId> {
        let template = self.template;
        (0..template.resources.len())
            .filter(|&id| template.resources[id].type_name.is_some_and(|t| types.contains(&t)))
            .collect()
    }

    pub(crate) fn origin(&self, id: ResourceId) -> Origin<'a> {
        let resource = &self.template.resources[id];
        Origin { dialect: Dialect::CloudFormation, resource: Some(id), span: resource.id_span, fields: resource.properties }
    }

    pub(crate) fn field(&self, id: ResourceId, name: &str) -> Field<'a> {
        self.template.resources[id].property(name)
    }

    /// The element index of a resource of a kind.
    pub(crate) fn element(&self, kind: &[&str], id: ResourceId) -> Option<usize> {
        self.index[kind[0]].get(&id).copied()
    }

    /// The element of a kind that a `Ref`/`GetAtt` (or a `Sub`/`Join` around one) names.
    pub(crate) fn resolve(&self, kind: &[&str], node: &'a Node) -> Option<usize> {
        let map = &self.index[kind[0]];
        let parts = self.template.parts(node)?;
        parts.iter().find_map(|part| match part {
            Part::Ref(name) | Part::GetAtt(name, _) => map.get(&self.template.resource_id(name)?).copied(),
            _ => None,
        })
    }

    pub(crate) fn link(&self, kind: &[&str], entry: Option<&'a Entry>) -> Option<Link<'a>> {
        let entry = entry?;
        let target = self.resolve(kind, &entry.value);
        Some(Link { entry, target })
    }

    fn link_field(&self, kind: &[&str], id: ResourceId, name: &str) -> Option<Link<'a>> {
        self.link(kind, self.field(id, name))
    }

    fn build(mut self) -> Elements<'a> {
        // Elements indexed by resource come first, in resource order, so that the indexes
        // computed in `new` hold; the SAM and OpenAPI readers append after them.
        let mut apis = Vec::new();
        for id in self.of_types(API) {
            let api = match self.template.resources[id].type_name {
                Some("AWS::ApiGatewayV2::Api") => self.api(id),
                _ => self.sam_api(id),
            };
            apis.push(api);
        }
        self.elements.apis = apis;
        self.elements.routes = self.of_types(ROUTE).into_iter().map(|id| self.route(id)).collect();
        self.elements.integrations = self.of_types(INTEGRATION).into_iter().map(|id| self.integration(id)).collect();
        self.elements.authorizers = self.of_types(AUTHORIZER).into_iter().map(|id| self.authorizer(id)).collect();
        self.elements.stages = self
            .of_types(STAGE)
            .into_iter()
            .map(|id| Stage {
                origin: self.origin(id),
                api: self.link_field(API, id, "ApiId"),
                stage_name: self.field(id, "StageName"),
                deployment: self.link_field(DEPLOYMENT, id, "DeploymentId"),
                auto_deploy: self.field(id, "AutoDeploy"),
                access_log_settings: self.field(id, "AccessLogSettings"),
                default_route_settings: self.field(id, "DefaultRouteSettings"),
                route_settings: self.field(id, "RouteSettings"),
                stage_variables: self.field(id, "StageVariables"),
                implied_name: None,
            })
            .collect();
        self.elements.deployments = self
            .of_types(DEPLOYMENT)
            .into_iter()
            .map(|id| Deployment {
                origin: self.origin(id),
                api: self.link_field(API, id, "ApiId"),
                stage_name: self.field(id, "StageName"),
            })
            .collect();
        self.elements.domain_names = self.of_types(DOMAIN_NAME).into_iter().map(|id| self.domain_name(id)).collect();
        self.elements.api_mappings = self
            .of_types(&["AWS::ApiGatewayV2::ApiMapping"])
            .into_iter()
            .map(|id| ApiMapping {
                origin: self.origin(id),
                api: self.link_field(API, id, "ApiId"),
                domain: self.link_field(DOMAIN_NAME, id, "DomainName"),
                stage: self.field(id, "Stage"),
                api_mapping_key: self.field(id, "ApiMappingKey").map(|entry| &entry.value),
            })
            .collect();
        self.elements.vpc_links = self
            .of_types(VPC_LINK)
            .into_iter()
            .map(|id| VpcLink {
                origin: self.origin(id),
                kind: if self.template.resources[id].is_type(VPC_LINK[0]) { VpcLinkKind::V2 } else { VpcLinkKind::V1 },
            })
            .collect();
        self.elements.route_responses = self
            .of_types(&["AWS::ApiGatewayV2::RouteResponse"])
            .into_iter()
            .map(|id| RouteResponse {
                origin: self.origin(id),
                api: self.link_field(API, id, "ApiId"),
                route: self.link_field(ROUTE, id, "RouteId"),
            })
            .collect();
        self.elements.functions =
            self.of_types(FUNCTION_TYPES).into_iter().map(|id| Function { origin: self.origin(id) }).collect();
        self.elements.permissions = self
            .of_types(&["AWS::Lambda::Permission"])
            .into_iter()
            .map(|id| {
                let function_name = self.field(id, "FunctionName");
                Permission {
                    origin: self.origin(id),
                    function_name,
                    function: function_name.and_then(|entry| self.resolve(FUNCTION_TYPES, &entry.value)),
                    action: self.field(id, "Action"),
                    principal: self.field(id, "Principal"),
                    source_arn: self.field(id, "SourceArn"),
                }
            })
            .collect();
        self.elements.buckets = self
            .of_types(&["AWS::S3::Bucket"])
            .into_iter()
            .map(|id| {
                let versioning = self.field(id, "VersioningConfiguration");
                Bucket {
                    origin: self.origin(id),
                    bucket_name: self.field(id, "BucketName"),
                    versioning_status: versioning.and_then(|entry| entry.value.entry("Status")),
                    versioning,
                }
            })
            .collect();
        self.elements.alarms = self
            .of_types(&["AWS::CloudWatch::Alarm"])
            .into_iter()
            .map(|id| Alarm {
                origin: self.origin(id),
                namespace: self.field(id, "Namespace"),
                metric_name: self.field(id, "MetricName"),
                dimensions: self.field(id, "Dimensions"),
                metrics: self.field(id, "Metrics"),
            })
            .collect();
        self.elements.policies = self.policies();
        self.elements.rest_stages = self.rest_stages();
        self.elements.rest_mappings = self.rest_mappings();
        self.definition_routes();
        self.sam_elements();
        self.elements
    }

    fn api(&self, id: ResourceId) -> Api<'a> {
        let protocol_type = self.field(id, "ProtocolType");
        let protocol = match protocol_type.and_then(|entry| self.template.text(&entry.value).known().map(str::to_string)) {
            Some(text) if text == "HTTP" => Protocol::Http,
            Some(text) if text == "WEBSOCKET" => Protocol::WebSocket,
            _ => Protocol::Unknown,
        };
        Api {
            origin: self.origin(id),
            protocol,
            protocol_type,
            name: self.field(id, "Name"),
            body: self.field(id, "Body"),
            body_s3_location: self.field(id, "BodyS3Location"),
            cors: self.field(id, "CorsConfiguration").map(cors),
            route_selection_expression: self.field(id, "RouteSelectionExpression"),
            api_key_selection_expression: self.field(id, "ApiKeySelectionExpression"),
            disable_execute_api_endpoint: self.field(id, "DisableExecuteApiEndpoint"),
            target: self.field(id, "Target"),
            route_key: self.field(id, "RouteKey"),
            definition: self.definition(self.field(id, "Body"), self.field(id, "BodyS3Location")),
        }
    }

    /// Where an Api's OpenAPI definition is: an inline mapping, an `AWS::Include` of a local
    /// file, or a local path (`DefinitionUri`, or `BodyS3Location` as `aws cloudformation
    /// package` takes it).
    pub(crate) fn definition(&self, body: Field<'a>, location: Field<'a>) -> Option<Definition<'a>> {
        if let Some(entry) = body {
            return Some(match crate::openapi::include_location(&entry.value) {
                Some(file) => Definition { entry, file: Some(file), state: self.file_state(file) },
                None => Definition { entry, file: None, state: DefinitionState::Read(&entry.value) },
            });
        }
        let entry = location?;
        let file = Some(&entry.value).filter(|node| node.as_str().is_some_and(crate::openapi::is_local_path));
        Some(Definition { entry, file, state: file.map_or(DefinitionState::Unread, |file| self.file_state(file)) })
    }

    fn file_state(&self, file: &'a Node) -> DefinitionState<'a> {
        file.as_str().map_or(DefinitionState::Unread, |path| self.definitions.state(path))
    }

    fn route(&self, id: ResourceId) -> Route<'a> {
        let target = self.field(id, "Target");
        Route {
            origin: self.origin(id),
            api: self.link_field(API, id, "ApiId"),
            route_key: self.field(id, "RouteKey").map(|entry| RouteKey {
                text: self.template.text(&entry.value).known().map(str::to_string),
                span: entry.value.span,
                node: Some(&entry.value),
            }),
            target,
            integration: target.and_then(|entry| self.resolve(INTEGRATION, &entry.value)),
            authorization_type: self.field(id, "AuthorizationType"),
            authorizer: self.link_field(AUTHORIZER, id, "AuthorizerId"),
            authorization_scopes: self.field(id, "AuthorizationScopes"),
            api_key_required: self.field(id, "ApiKeyRequired"),
            route_response_selection_expression: self.field(id, "RouteResponseSelectionExpression"),
            request_models: self.field(id, "RequestModels"),
            request_parameters: self.field(id, "RequestParameters"),
            model_selection_expression: self.field(id, "ModelSelectionExpression"),
            implied_authorization: None,
            route_settings: None,
        }
    }

    fn integration(&self, id: ResourceId) -> Integration<'a> {
        let integration_uri = self.field(id, "IntegrationUri");
        Integration {
            origin: self.origin(id),
            api: self.link_field(API, id, "ApiId"),
            integration_type: self.field(id, "IntegrationType"),
            integration_uri,
            integration_subtype: self.field(id, "IntegrationSubtype"),
            integration_method: self.field(id, "IntegrationMethod"),
            payload_format_version: self.field(id, "PayloadFormatVersion"),
            connection_type: self.field(id, "ConnectionType"),
            connection_id: self.link_field(VPC_LINK, id, "ConnectionId"),
            timeout_in_millis: self.field(id, "TimeoutInMillis"),
            request_parameters: self.field(id, "RequestParameters"),
            response_parameters: self.field(id, "ResponseParameters"),
            request_templates: self.field(id, "RequestTemplates"),
            template_selection_expression: self.field(id, "TemplateSelectionExpression"),
            passthrough_behavior: self.field(id, "PassthroughBehavior"),
            content_handling_strategy: self.field(id, "ContentHandlingStrategy"),
            credentials_arn: self.field(id, "CredentialsArn"),
            function: integration_uri.and_then(|entry| self.resolve(FUNCTION_TYPES, &entry.value)),
            implied_type: None,
            implied_payload_format_version: None,
        }
    }

    fn authorizer(&self, id: ResourceId) -> Authorizer<'a> {
        let authorizer_uri = self.field(id, "AuthorizerUri");
        Authorizer {
            origin: self.origin(id),
            api: self.link_field(API, id, "ApiId"),
            name: self.field(id, "Name"),
            authorizer_type: self.field(id, "AuthorizerType"),
            authorizer_uri,
            identity_source: self.field(id, "IdentitySource"),
            jwt_configuration: self.field(id, "JwtConfiguration"),
            payload_format_version: self.field(id, "AuthorizerPayloadFormatVersion"),
            enable_simple_responses: self.field(id, "EnableSimpleResponses"),
            result_ttl_in_seconds: self.field(id, "AuthorizerResultTtlInSeconds"),
            function: authorizer_uri.and_then(|entry| self.resolve(FUNCTION_TYPES, &entry.value)),
            credentials_arn: self.field(id, "AuthorizerCredentialsArn"),
            implied_type: None,
        }
    }

    fn domain_name(&self, id: ResourceId) -> DomainName<'a> {
        let resource = &self.template.resources[id];
        let mutual_tls = self.field(id, "MutualTlsAuthentication");
        let in_mtls = |name| mutual_tls.and_then(|entry| entry.value.entry(name));
        if resource.is_type(DOMAIN_NAME[0]) {
            let configuration = self
                .field(id, "DomainNameConfigurations")
                .and_then(|entry| entry.value.items())
                .and_then(<[Node]>::first);
            let in_configuration = |name| configuration.and_then(|node| node.entry(name));
            DomainName {
                origin: self.origin(id),
                kind: DomainKind::V2,
                domain_name: self.field(id, "DomainName"),
                endpoint_type: in_configuration("EndpointType"),
                security_policy: in_configuration("SecurityPolicy"),
                certificate_arn: in_configuration("CertificateArn"),
                mutual_tls,
                truststore_uri: in_mtls("TruststoreUri"),
                truststore_version: in_mtls("TruststoreVersion"),
            }
        } else {
            DomainName {
                origin: self.origin(id),
                kind: DomainKind::V1,
                domain_name: self.field(id, "DomainName"),
                endpoint_type: None,
                security_policy: self.field(id, "SecurityPolicy"),
                certificate_arn: self.field(id, "RegionalCertificateArn").or_else(|| self.field(id, "CertificateArn")),
                mutual_tls,
                truststore_uri: in_mtls("TruststoreUri"),
                truststore_version: in_mtls("TruststoreVersion"),
            }
        }
    }

    fn policies(&self) -> Vec<PolicyDocument<'a>> {
        let mut policies = Vec::new();
        for id in self.of_types(&["AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::Role"]) {
            let origin = self.origin(id);
            if let Some(document) = self.field(id, "PolicyDocument") {
                policies.push(PolicyDocument { origin, document: &document.value });
            }
            let inline = self.field(id, "Policies").and_then(|entry| entry.value.items()).unwrap_or_default();
            for policy in inline {
                if let Some(document) = policy.get("PolicyDocument") {
                    policies.push(PolicyDocument { origin, document });
                }
            }
        }
        policies
    }
}

/// Reads a `CorsConfiguration` entry (the same keys in CloudFormation and SAM).
pub fn cors(entry: &Entry) -> Cors<'_> {
    let field = |name| entry.value.entry(name);
    Cors {
        dialect: Dialect::CloudFormation,
        entry,
        allow_origins: field("AllowOrigins"),
        allow_methods: field("AllowMethods"),
        allow_headers: field("AllowHeaders"),
        expose_headers: field("ExposeHeaders"),
        allow_credentials: field("AllowCredentials"),
        max_age: field("MaxAge"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use apigw_syntax::{Document, Format, parse};

    #[test]
    fn links_resolve_through_every_spelling() {
        let text = r#"
Resources:
  Api: {Type: AWS::ApiGatewayV2::Api, Properties: {Name: a, ProtocolType: HTTP}}
  Fn: {Type: AWS::Lambda::Function, Properties: {}}
  Integ:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Api
      IntegrationType: AWS_PROXY
      IntegrationUri: !Sub arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: {"Fn::GetAtt": [Api, ApiId]}
      RouteKey: GET /pets
      Target: !Join ["", ["integrations/", !Ref Integ]]
"#;
        let root = parse(&Document::new(text.to_string()), Format::Yaml).root.unwrap();
        let model = Model::build(&root).unwrap();
        assert_eq!(model.apis[0].protocol, Protocol::Http);
        assert_eq!(model.routes[0].api.unwrap().target, Some(0));
        assert_eq!(model.routes[0].integration, Some(0));
        assert_eq!(model.routes[0].route_key.as_ref().unwrap().text.as_deref(), Some("GET /pets"));
        assert_eq!(model.integrations[0].function, Some(0));
        assert_eq!(model.integrations[0].api.unwrap().target, Some(0));
    }
}
