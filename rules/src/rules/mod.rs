//! The rule table: one row per rule, in catalog order.

crate::registry::rule_table! {
    "AGW001" => syntax_error::SyntaxError,
}
