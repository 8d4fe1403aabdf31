use apigw_model::api::{ApiMapping, Dialect, DomainKind, DomainName};
use apigw_model::sam::base_path_key;
use apigw_model::{DomainKey, Model};
use apigw_syntax::Span;

use crate::characters::first_invalid;
use crate::rules::sam_property_invalid::is_base_path_char;
use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// An `ApiMappingKey` that starts or ends with `/`, has an empty segment (`orders//v1`), is
    /// longer than 300 characters or holds characters other than letters, digits and
    /// `$-_.+!*'()/`; and a multi-level key (`orders/v1`) on a domain of the template whose
    /// security policy is not `TLS_1_2` or whose endpoint type is not `REGIONAL`.
    ///
    /// SAM `BasePath` values are checked as the keys SAM makes of them, without the `/` around
    /// them; characters SAM itself rejects are AGW806's.
    ///
    /// Each branch of an `Fn::If` is checked; keys and domain settings from parameters are not.
    ///
    /// ## Why
    /// API Gateway documents these restrictions for API mappings ("API mappings must contain only
    /// letters, numbers, and the following characters: `$-_.+!*'()/`", at most 300 characters)
    /// and supports multi-level mappings only on Regional custom domain names with the TLS 1.2
    /// security policy. The mapping fails at deploy time.
    ///
    /// ## Example
    /// ```yaml
    /// OrdersMapping:
    ///   Type: AWS::ApiGatewayV2::ApiMapping
    ///   Properties:
    ///     DomainName: !Ref Domain
    ///     ApiId: !Ref Api
    ///     Stage: !Ref ProdStage
    ///     ApiMappingKey: /orders/
    /// ```
    ///
    /// ## Fix
    /// Write the key without the slashes around it (`orders`), and set the domain's
    /// `SecurityPolicy` to `TLS_1_2` for multi-level keys.
    pub struct InvalidMappingKey {
        code: "AGW403",
        name: "invalid-mapping-key",
        severity: Error,
        fix: None,
    }
}

const MAX_LENGTH: usize = 300;

fn is_allowed(ch: char) -> bool {
    ch.is_ascii_alphanumeric() || "$-_.+!*'()/".contains(ch)
}

/// What is wrong with a key by itself.
fn key_problem(key: &str) -> Option<String> {
    let length = key.chars().count();
    if key.starts_with('/') {
        Some("starts with `/`".to_string())
    } else if key.ends_with('/') {
        Some("ends with `/`".to_string())
    } else if key.contains("//") {
        Some("has an empty segment".to_string())
    } else if length > MAX_LENGTH {
        Some(format!("has {length} characters, more than {MAX_LENGTH}"))
    } else {
        first_invalid(key, is_allowed)
    }
}

/// Why a domain certainly cannot take multi-level keys: the setting that rules them out.
fn single_level_only<'m, 'a>(model: &'m Model<'a>, domain: &'m DomainName<'a>) -> Option<(Span, String)> {
    if domain.kind == DomainKind::V2
        && let Some(entry) = domain.endpoint_type
        && let Some(endpoint_type) = model.known(Some(entry)).filter(|value| !value.eq_ignore_ascii_case("REGIONAL"))
    {
        return Some((entry.value.span, format!("the domain's endpoint type is `{endpoint_type}`")));
    }
    let entry = domain.security_policy?;
    let policy = model.known(Some(entry))?;
    // Enhanced `SecurityPolicy_*` policies are for REST APIs, which may use multi-level keys.
    (!policy.eq_ignore_ascii_case("TLS_1_2") && !policy.starts_with("SecurityPolicy_"))
        .then(|| (entry.value.span, format!("the domain's security policy is `{policy}`")))
}

impl Rule for InvalidMappingKey {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for mapping in &model.api_mappings {
            let Some(key_node) = mapping.api_mapping_key else { continue };
            let sam = mapping.origin.dialect == Dialect::Sam;
            let what = if sam { "base path" } else { "mapping key" };
            let domain = domain_of(model, mapping);
            model.template.each_known(key_node, &mut |key, node| {
                // SAM removes the `/` around a base path, and rejects characters of its own (AGW806).
                let key = if sam { base_path_key(&key) } else { &key[..] };
                if key.is_empty() || sam && !key.chars().all(is_base_path_char) {
                    return;
                }
                if let Some(problem) = key_problem(key) {
                    let message = format!(
                        "{what} `{key}` {problem}: a key is path segments of letters, digits and `$-_.+!*'()` joined by `/`"
                    );
                    checker.push(checker.at(model, mapping.origin, node.span, message));
                    return;
                }
                let Some((setting, reason)) = key.contains('/').then_some(domain).flatten().and_then(|d| single_level_only(model, d))
                else {
                    return;
                };
                let message = format!(
                    "multi-level {what} `{key}` needs a REGIONAL domain with the `TLS_1_2` security policy, but {reason}"
                );
                checker.push(checker.at(model, mapping.origin, node.span, message).with_related(setting, "the domain's setting"));
            });
        }
    }
}

fn domain_of<'m, 'a>(model: &'m Model<'a>, mapping: &ApiMapping<'a>) -> Option<&'m DomainName<'a>> {
    match model.domain_of(mapping.domain?)? {
        DomainKey::Resource(index) => Some(&model.domain_names[index]),
        _ => None,
    }
}
