//! What the template's resource types tell about the values they return.

use apigw_model::Resource;
use apigw_syntax::Span;

/// Whether what a type's `Ref` and attributes return is fixed by its type: custom resources,
/// nested stacks, SAM applications and third-party types may return anything.
pub fn certain_type(type_name: &str) -> bool {
    type_name.starts_with("AWS::")
        && !matches!(type_name, "AWS::CloudFormation::Stack" | "AWS::CloudFormation::CustomResource" | "AWS::Serverless::Application")
}

/// Where a resource's type is written (its logical id when it has none): related information
/// for messages about the type.
pub fn type_span(resource: &Resource) -> Span {
    resource.type_entry.map_or(resource.id_span, |entry| entry.value.span)
}
