use apigw_model::{DomainKey, Model};
use indexmap::IndexMap;

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Two `AWS::ApiGatewayV2::ApiMapping`s with the same `ApiMappingKey` on one custom domain,
    /// whether they name the domain by its resource or by its name.
    ///
    /// SAM Apis count with the mappings SAM generates, one per distinct `BasePath` (without its
    /// leading and trailing `/`); SAM Apis whose `Domain` has the same `DomainName` share one
    /// domain.
    ///
    /// Mappings without a key are AGW401's business.
    ///
    /// ## Why
    /// A path of a domain leads to one API stage: CloudFormation creates the first mapping and
    /// the second fails with a conflict, after the stack has created other resources and must
    /// roll back.
    ///
    /// Mappings under different conditions are not compared: they may never exist together.
    ///
    /// ## Example
    /// ```yaml
    /// OrdersMapping:
    ///   Type: AWS::ApiGatewayV2::ApiMapping
    ///   Properties: {DomainName: !Ref Domain, ApiId: !Ref OrdersApi, Stage: prod, ApiMappingKey: orders}
    /// OrdersV2Mapping:
    ///   Type: AWS::ApiGatewayV2::ApiMapping
    ///   Properties: {DomainName: !Ref Domain, ApiId: !Ref OrdersV2Api, Stage: prod, ApiMappingKey: orders}
    /// ```
    ///
    /// ## Fix
    /// Give each mapping its own key (`orders`, `orders/v2`), or remove the stale mapping.
    pub struct DuplicateMappingKey {
        code: "AGW402",
        name: "duplicate-mapping-key",
        severity: Error,
        fix: None,
    }
}

impl Rule for DuplicateMappingKey {
    fn check(&self, model: &Model, checker: &mut Checker) {
        let mut groups: IndexMap<(DomainKey, Option<&str>, String), Vec<usize>> = IndexMap::new();
        for (index, mapping) in model.api_mappings.iter().enumerate() {
            let Some(key) = model.mapping_key(mapping).filter(|key| !key.is_empty()) else { continue };
            let Some(domain) = mapping.domain.and_then(|link| model.domain_of(link)) else { continue };
            groups.entry((domain, model.condition(mapping.origin), key)).or_default().push(index);
        }
        for ((_, _, key), mappings) in groups.iter().filter(|(_, mappings)| mappings.len() > 1) {
            let first = &model.api_mappings[mappings[0]];
            let first_id = model.resource_id(first.origin).unwrap_or("another mapping");
            for &index in &mappings[1..] {
                let mapping = &model.api_mappings[index];
                let Some(key_node) = mapping.api_mapping_key else { continue };
                let diagnostic = checker
                    .at(
                        model,
                        mapping.origin,
                        key_node.span,
                        format!("path `{key}` of this domain is already mapped: a mapping key leads to one API stage"),
                    )
                    .with_related(first.origin.span, format!("`{first_id}` maps `{key}` first"));
                checker.push(diagnostic);
            }
        }
    }
}
