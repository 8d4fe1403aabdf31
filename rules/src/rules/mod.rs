//! The rule table: one row per rule, in catalog order.

crate::registry::rule_table! {
    "AGW001" => syntax_error::SyntaxError,
    "AGW002" => duplicate_key::DuplicateKey,
    "AGW005" => unknown_property::UnknownProperty,
    "AGW006" => missing_required_property::MissingRequiredProperty,
    "AGW007" => invalid_value::InvalidValue,
    "AGW010" => unused_suppression::UnusedSuppression,
    "AGW105" => mapping_stage_race::MappingStageRace,
    "AGW401" => multiple_unkeyed_mappings::MultipleUnkeyedMappings,
    "AGW701" => websocket_route_selection::WebsocketRouteSelection,
    "AGW702" => websocket_authorizer_not_connect::WebsocketAuthorizerNotConnect,
    "AGW703" => api_key_selection_expression::ApiKeySelectionExpression,
    "AGW704" => api_key_required_without_selection::ApiKeyRequiredWithoutSelection,
    "AGW705" => manage_connections_arn::ManageConnectionsArn,
    "AGW901" => stage_access_logging::StageAccessLogging,
    "AGW902" => access_log_format::AccessLogFormat,
    "AGW903" => alarm_metric_name::AlarmMetricName,
    "AGW904" => alarm_dimension::AlarmDimension,
}
