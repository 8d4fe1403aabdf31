//! The rule table: one row per rule, in catalog order.

crate::registry::rule_table! {
    "AGW001" => syntax_error::SyntaxError,
    "AGW002" => duplicate_key::DuplicateKey,
    "AGW105" => mapping_stage_race::MappingStageRace,
    "AGW401" => multiple_unkeyed_mappings::MultipleUnkeyedMappings,
    "AGW501" => cors_credentials_wildcard_origin::CorsCredentialsWildcardOrigin,
    "AGW502" => cors_max_age_range::CorsMaxAgeRange,
    "AGW503" => cors_invalid_method::CorsInvalidMethod,
    "AGW504" => cors_invalid_origin::CorsInvalidOrigin,
    "AGW505" => cors_backend_headers_ignored::CorsBackendHeadersIgnored,
    "AGW506" => cors_preflight_authorized::CorsPreflightAuthorized,
    "AGW507" => cors_credentials_wildcard_headers::CorsCredentialsWildcardHeaders,
    "AGW601" => route_authorizer_missing::RouteAuthorizerMissing,
    "AGW602" => authorizer_type_mismatch::AuthorizerTypeMismatch,
    "AGW603" => jwt_authorizer_config::JwtAuthorizerConfig,
    "AGW604" => scopes_without_jwt::ScopesWithoutJwt,
    "AGW605" => simple_responses_need_v2::SimpleResponsesNeedV2,
    "AGW606" => authorizer_ttl_range::AuthorizerTtlRange,
    "AGW607" => invalid_identity_source::InvalidIdentitySource,
    "AGW608" => route_without_authorization::RouteWithoutAuthorization,
}
