//! The model stage of apigw-lint: a parsed template read as CloudFormation (parameters,
//! conditions, resources, intrinsic functions) and as one API Gateway v2 model shared by every
//! source format. Rules read only this.

pub mod api;
pub mod intrinsic;
mod model;
pub mod openapi;
pub mod sam;
pub mod schema;
pub mod references;
pub mod rest;
pub mod template;

pub use model::{DefinitionKind, Definitions, DomainKey, Elements, FUNCTION_TYPES, Model, cors};
pub use template::{Resource, ResourceId, Template, Text};
