use std::collections::HashSet;

use apigw_model::api::Dialect;
use apigw_model::{DomainKey, Model};
use apigw_syntax::Span;
use serde_json::json;

use crate::{Checker, Edit, Rule, declare_rule, mtls};

declare_rule! {
    /// ## What it checks
    /// An `AWS::ApiGatewayV2::Api` mapped (by an `ApiMapping`) to a custom domain with mutual
    /// TLS, whose `DisableExecuteApiEndpoint` is not `true`.
    ///
    /// SAM `HttpApi`s count likewise, with such a `Domain` or mapped by an `ApiMapping`. The
    /// setting is read from the Api's properties, or else from its OpenAPI definition
    /// (`disableExecuteApiEndpoint` in the `x-amazon-apigateway-endpoint-configuration` of a
    /// `servers` item).
    ///
    /// A value from a parameter is not reported.
    ///
    /// ## Why
    /// Mutual TLS is checked only on the custom domain. "By default, clients can invoke your API
    /// by using the `execute-api` endpoint that API Gateway generates for your API": a client
    /// without a certificate calls `https://{api-id}.execute-api.{region}.amazonaws.com` and
    /// skips the check. The API Gateway guide says to disable the default endpoint.
    ///
    /// ## Example
    /// ```yaml
    /// Api:
    ///   Type: AWS::ApiGatewayV2::Api
    ///   Properties: {Name: payments, ProtocolType: HTTP}
    /// Mapping:
    ///   Type: AWS::ApiGatewayV2::ApiMapping
    ///   Properties: {DomainName: !Ref MtlsDomain, ApiId: !Ref Api, Stage: !Ref ProdStage}
    /// ```
    ///
    /// ## Fix
    /// Set `DisableExecuteApiEndpoint: true` on the Api (the safe fix), and call it only through
    /// the custom domain. The fix adds the property to an Api without an OpenAPI definition, or
    /// to a SAM Api without a `DefinitionUri`, and sets a value written `false` to `true`.
    pub struct MtlsBypassDefaultEndpoint {
        code: "AGW406",
        name: "mtls-bypass-default-endpoint",
        severity: Warning,
        fix: Safe,
    }
}

impl Rule for MtlsBypassDefaultEndpoint {
    fn check(&self, model: &Model, checker: &mut Checker) {
        let mut reported = HashSet::new();
        for mapping in &model.api_mappings {
            let Some(DomainKey::Resource(domain_index)) = mapping.domain.and_then(|link| model.domain_of(link)) else {
                continue;
            };
            let domain = &model.domain_names[domain_index];
            let Some(api_index) = mapping.api.and_then(|link| link.target) else { continue };
            if !mtls::enabled(model, domain) || reported.contains(&api_index) {
                continue;
            }
            let api = &model.apis[api_index];
            let (span, key, fix) = match api.disable_execute_api_endpoint {
                None => {
                    // SAM writes the property into the definition, which it cannot do to a
                    // `DefinitionUri` file; whether CloudFormation applies it on top of an
                    // imported definition is not documented.
                    let insertable = match api.origin.dialect {
                        Dialect::Sam => api.body_s3_location.is_none(),
                        _ => api.definition.is_none(),
                    };
                    let edit = api.origin.fields.filter(|_| insertable).and_then(|fields| {
                        checker.editor.insert_entry(fields, "DisableExecuteApiEndpoint", &json!(true))
                    });
                    (api.origin.span, "DisableExecuteApiEndpoint", edit)
                }
                Some(entry) => match model.known(Some(entry)) {
                    Some(value) if !value.eq_ignore_ascii_case("true") => {
                        (entry.value.span, entry.key.text.as_str(), Some(Edit { span: entry.value.span, text: "true".to_string() }))
                    }
                    _ => continue,
                },
            };
            reported.insert(api_index);
            // A SAM domain is named by its domain name: its resource is the Api's.
            let domain_id = match domain.origin.dialect {
                Dialect::Sam => model.known(domain.domain_name),
                _ => model.resource_id(domain.origin).map(str::to_string),
            };
            let domain_id = domain_id.as_deref().unwrap_or("the domain");
            let mapping_span: Span = mapping.domain.map_or(mapping.origin.span, |link| link.entry.value.span);
            let diagnostic = checker
                .at(model, api.origin, span, "the default `execute-api` endpoint is on: clients can call this Api without the client certificate that its mutual TLS domain requires")
                .with_related(mapping_span, format!("mapped to `{domain_id}`, which requires mutual TLS"))
                .with_fix(checker.fix(format!("Set `{key}: true`"), [fix]));
            checker.push(diagnostic);
        }
    }
}
