//! REST APIs (API Gateway v1) as far as v2 resources reach them: an `AWS::ApiGatewayV2::ApiMapping`
//! can map a REST API's stage, as the v1 `AWS::ApiGateway::BasePathMapping` and
//! `BasePathMappingV2` (for private domains) do. So the stages a template creates for its REST
//! APIs, and the mappings that name them, are read here; a REST API's own routes and
//! integrations are not modelled.

use apigw_syntax::{Entry, Node};

use crate::api::{Dialect, Field, Origin};
use crate::intrinsic::Part;
use crate::model::Builder;
use crate::template::ResourceId;

/// The resource types that are REST APIs.
pub const REST_API: &[&str] = &["AWS::ApiGateway::RestApi", "AWS::Serverless::Api"];

/// A stage the template creates for one of its REST APIs.
pub struct RestStage<'a> {
    pub origin: Origin<'a>,
    /// The REST API resource (one of [`REST_API`]).
    pub rest_api: ResourceId,
    pub stage_name: &'a Entry,
    /// The logical id of the resource that creates the stage, which a `DependsOn` names: the
    /// `AWS::ApiGateway::Stage`, the `AWS::ApiGateway::Deployment` whose `StageName` creates it,
    /// or the stage SAM generates (`None` where SAM's id carries a hash).
    pub created_by: Option<String>,
}

/// A mapping of a custom domain to a REST API of the template: a v2 `ApiMapping` whose `ApiId`,
/// or a v1 `BasePathMapping`/`BasePathMappingV2` whose `RestApiId`, names it.
pub struct RestMapping<'a> {
    pub origin: Origin<'a>,
    pub rest_api: ResourceId,
    pub stage: Field<'a>,
}

impl<'t, 'a> Builder<'t, 'a> {
    /// The REST API resource a `RestApiId`/`ApiId` value names by `Ref`.
    fn rest_api(&self, node: &'a Node) -> Option<ResourceId> {
        self.template.parts(node)?.iter().find_map(|part| match part {
            Part::Ref(name) => {
                let id = self.template.resource_id(name)?;
                self.template.resources[id].type_name.is_some_and(|t| REST_API.contains(&t)).then_some(id)
            }
            _ => None,
        })
    }

    pub(crate) fn rest_stages(&self) -> Vec<RestStage<'a>> {
        let mut stages = Vec::new();
        for id in self.of_types(&["AWS::ApiGateway::Stage", "AWS::ApiGateway::Deployment", "AWS::Serverless::Api"]) {
            let resource = &self.template.resources[id];
            let Some(stage_name) = resource.property("StageName") else { continue };
            let stage = if resource.is_type("AWS::Serverless::Api") {
                RestStage {
                    origin: Origin { dialect: Dialect::Sam, ..self.origin(id) },
                    rest_api: id,
                    stage_name,
                    created_by: stage_name.value.as_str().and_then(|name| crate::sam::rest_stage_logical_id(resource.id, name)),
                }
            } else {
                let Some(rest_api) = resource.property("RestApiId").and_then(|entry| self.rest_api(&entry.value)) else { continue };
                RestStage { origin: self.origin(id), rest_api, stage_name, created_by: Some(resource.id.to_string()) }
            };
            stages.push(stage);
        }
        stages
    }

    pub(crate) fn rest_mappings(&self) -> Vec<RestMapping<'a>> {
        let mappings = [
            ("AWS::ApiGatewayV2::ApiMapping", "ApiId"),
            ("AWS::ApiGateway::BasePathMapping", "RestApiId"),
            ("AWS::ApiGateway::BasePathMappingV2", "RestApiId"),
        ];
        mappings
            .into_iter()
            .flat_map(|(type_name, api_property)| {
                self.of_types(&[type_name]).into_iter().filter_map(move |id| {
                    let rest_api = self.field(id, api_property).and_then(|entry| self.rest_api(&entry.value))?;
                    Some(RestMapping { origin: self.origin(id), rest_api, stage: self.field(id, "Stage") })
                })
            })
            .collect()
    }
}
