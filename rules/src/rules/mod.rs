//! The rule table: one row per rule, in catalog order.

crate::registry::rule_table! {
    "AGW001" => syntax_error::SyntaxError,
    "AGW002" => duplicate_key::DuplicateKey,
    "AGW003" => invalid_intrinsic::InvalidIntrinsic,
    "AGW004" => unresolved_reference::UnresolvedReference,
    "AGW101" => wrong_resource_type::WrongResourceType,
    "AGW102" => unknown_route_target::UnknownRouteTarget,
    "AGW103" => cross_api_reference::CrossApiReference,
    "AGW104" => mapping_stage_not_found::MappingStageNotFound,
    "AGW105" => mapping_stage_race::MappingStageRace,
    "AGW106" => deployment_before_routes::DeploymentBeforeRoutes,
    "AGW401" => multiple_unkeyed_mappings::MultipleUnkeyedMappings,
}
