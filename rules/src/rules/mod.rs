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
}
