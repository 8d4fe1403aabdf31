//! The rule table: one row per rule, in catalog order.

crate::registry::rule_table! {
    "AGW001" => syntax_error::SyntaxError,
    "AGW002" => duplicate_key::DuplicateKey,
    "AGW105" => mapping_stage_race::MappingStageRace,
    "AGW301" => invalid_stage_name::InvalidStageName,
    "AGW302" => duplicate_stage::DuplicateStage,
    "AGW303" => autodeploy_with_deployment::AutodeployWithDeployment,
    "AGW304" => api_without_stage::ApiWithoutStage,
    "AGW305" => invalid_stage_variable::InvalidStageVariable,
    "AGW306" => throttling_range::ThrottlingRange,
    "AGW401" => multiple_unkeyed_mappings::MultipleUnkeyedMappings,
    "AGW402" => duplicate_mapping_key::DuplicateMappingKey,
    "AGW403" => invalid_mapping_key::InvalidMappingKey,
    "AGW404" => truststore_uri::TruststoreUri,
    "AGW405" => mtls_requires_tls12::MtlsRequiresTls12,
    "AGW406" => mtls_bypass_default_endpoint::MtlsBypassDefaultEndpoint,
    "AGW407" => truststore_version_unversioned::TruststoreVersionUnversioned,
    "AGW408" => domain_endpoint_type::DomainEndpointType,
}
