//! The rule table: one row per rule, in catalog order.

crate::registry::rule_table! {
    "AGW001" => syntax_error::SyntaxError,
    "AGW002" => duplicate_key::DuplicateKey,
    "AGW105" => mapping_stage_race::MappingStageRace,
    "AGW201" => invalid_route_key::InvalidRouteKey,
    "AGW202" => duplicate_route::DuplicateRoute,
    "AGW203" => protocol_mismatch::ProtocolMismatch,
    "AGW204" => missing_payload_format_version::MissingPayloadFormatVersion,
    "AGW205" => integration_timeout_range::IntegrationTimeoutRange,
    "AGW206" => vpc_link_integration::VpcLinkIntegration,
    "AGW207" => lambda_permission_missing::LambdaPermissionMissing,
    "AGW208" => invalid_parameter_mapping::InvalidParameterMapping,
    "AGW209" => http_proxy_method_missing::HttpProxyMethodMissing,
    "AGW401" => multiple_unkeyed_mappings::MultipleUnkeyedMappings,
}
