use apigw_model::{DomainKey, Model};
use indexmap::IndexMap;

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// More than one `AWS::ApiGatewayV2::ApiMapping` without an `ApiMappingKey` on one custom
    /// domain.
    ///
    /// SAM Apis count with the mappings SAM generates for their `Domain`: one per `BasePath`, the
    /// empty path when there is none (or `/`); SAM Apis whose `Domain` has the same `DomainName`
    /// share one domain.
    ///
    /// ## Why
    /// A domain has one empty path. The second mapping fails at deploy time with
    /// "BadRequestException: Only one API mapping with an empty key is allowed", after the stack
    /// has already created other resources and must roll back.
    ///
    /// Mappings under different conditions are not compared: they may never exist together.
    ///
    /// ## Example
    /// ```yaml
    /// OrdersMapping:
    ///   Type: AWS::ApiGatewayV2::ApiMapping
    ///   Properties: {DomainName: !Ref Domain, ApiId: !Ref OrdersApi, Stage: prod}
    /// UsersMapping:
    ///   Type: AWS::ApiGatewayV2::ApiMapping
    ///   Properties: {DomainName: !Ref Domain, ApiId: !Ref UsersApi, Stage: prod}
    /// ```
    ///
    /// ## Fix
    /// Give all but one of the mappings an `ApiMappingKey` (`orders`, `users`).
    pub struct MultipleUnkeyedMappings {
        code: "AGW401",
        name: "multiple-unkeyed-mappings",
        severity: Error,
        fix: None,
    }
}

impl Rule for MultipleUnkeyedMappings {
    fn check(&self, model: &Model, checker: &mut Checker) {
        // Mappings certainly exist together when they share a condition (or have none).
        let mut groups: IndexMap<(DomainKey, Option<&str>), Vec<usize>> = IndexMap::new();
        for (index, mapping) in model.api_mappings.iter().enumerate() {
            let unkeyed = mapping.api_mapping_key.is_none() || model.mapping_key(mapping).as_deref() == Some("");
            let Some(domain) = mapping.domain.and_then(|link| model.domain_of(link)) else { continue };
            if unkeyed {
                let condition = mapping.origin.resource.and_then(|id| model.template.resources[id].condition);
                groups.entry((domain, condition)).or_default().push(index);
            }
        }
        for mappings in groups.values().filter(|mappings| mappings.len() > 1) {
            // The first mapping of a domain is fine on its own; each later one is the mistake.
            for &index in &mappings[1..] {
                let mapping = &model.api_mappings[index];
                let Some(domain_entry) = mapping.domain.map(|link| link.entry) else { continue };
                let message = format!(
                    "{} API mappings on this domain have no `{}`; a domain has only one empty path",
                    mappings.len(),
                    mapping.origin.dialect.spelling("ApiMappingKey")
                );
                let mut diagnostic = checker.at(model, mapping.origin, domain_entry.value.span, message);
                for &other in mappings.iter().filter(|&&other| other != index) {
                    let other = &model.api_mappings[other];
                    let id = model.resource_id(other.origin).unwrap_or("another mapping");
                    diagnostic = diagnostic.with_related(other.origin.span, format!("`{id}` also maps the empty path"));
                }
                checker.push(diagnostic);
            }
        }
    }
}
