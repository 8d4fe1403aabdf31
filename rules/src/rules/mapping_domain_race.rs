use apigw_model::api::Dialect;
use apigw_model::{DomainKey, Model};

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// An `AWS::ApiGatewayV2::ApiMapping` that names the custom domain of a domain resource of the
    /// same template (`AWS::ApiGatewayV2::DomainName`, or a v1 `AWS::ApiGateway::DomainName`) by
    /// its name, a literal or the same parameter the domain resource uses, rather than by `Ref`,
    /// and has no `DependsOn` on that resource.
    ///
    /// ## Why
    /// Only a `Ref` or `DependsOn` makes CloudFormation create the domain first. Without one it
    /// creates both at once, and the mapping fails with "Invalid domain name identifier
    /// specified" whenever it comes first; the next deployment may pass, so the mistake hides.
    ///
    /// ## Example
    /// ```yaml
    /// Domain:
    ///   Type: AWS::ApiGatewayV2::DomainName
    ///   Properties: {DomainName: !Ref DomainNameParameter, DomainNameConfigurations: [...]}
    /// Mapping:
    ///   Type: AWS::ApiGatewayV2::ApiMapping
    ///   Properties: {DomainName: !Ref DomainNameParameter, ApiId: !Ref Api, Stage: $default}
    /// ```
    ///
    /// ## Fix
    /// Write `DomainName: !Ref Domain` (a domain resource's `Ref` is its name), or add
    /// `DependsOn: Domain` (the safe fix).
    pub struct MappingDomainRace {
        code: "AGW107",
        name: "mapping-domain-race",
        severity: Warning,
        fix: Safe,
    }
}

impl Rule for MappingDomainRace {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for mapping in &model.api_mappings {
            // A `Ref` to the domain resource is a dependency already.
            let (Some(link), Some(mapping_resource)) = (mapping.domain.filter(|link| link.target.is_none()), mapping.origin.resource) else {
                continue;
            };
            let Some(DomainKey::Resource(domain)) = model.domain_of(link) else { continue };
            let domain = &model.domain_names[domain];
            // A domain SAM generates has a logical id of its own that `DependsOn` cannot name here.
            if domain.origin.dialect != Dialect::CloudFormation {
                continue;
            }
            let (Some(domain_resource), Some(name_entry)) = (domain.origin.resource, domain.domain_name) else { continue };
            let resource = &model.template.resources[mapping_resource];
            let domain_id = model.template.resources[domain_resource].id;
            if resource.depends_on(domain_id) || !model.coexist(mapping.origin, domain.origin) {
                continue;
            }
            let message = format!(
                "`DomainName` repeats the name of the domain `{domain_id}` creates instead of naming it by `Ref`, and nothing orders the mapping after `{domain_id}`: CloudFormation may create the mapping first (\"Invalid domain name identifier specified\"); write `DomainName: !Ref {domain_id}` or add `DependsOn: {domain_id}`"
            );
            let fix = checker.fix(format!("Add `DependsOn: {domain_id}`"), [checker.editor.add_depends_on(resource, domain_id)]);
            let diagnostic = checker
                .at(model, mapping.origin, link.entry.value.span, message)
                .with_related(name_entry.value.span, format!("`{domain_id}` creates this domain"))
                .with_fix(fix);
            checker.push(diagnostic);
        }
    }
}
