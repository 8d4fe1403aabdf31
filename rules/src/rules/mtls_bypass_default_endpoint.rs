use std::collections::HashSet;

use apigw_model::{DomainKey, Model};
use apigw_syntax::Span;
use serde_json::json;

use crate::{Checker, Edit, Rule, declare_rule, mtls};

declare_rule! {
    /// ## What it checks
    /// An `AWS::ApiGatewayV2::Api` mapped (by an `ApiMapping`) to a custom domain with mutual
    /// TLS, whose `DisableExecuteApiEndpoint` is not `true`.
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
    /// the custom domain.
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
            let (span, fix) = match api.disable_execute_api_endpoint {
                None => {
                    let edit = api.origin.fields.and_then(|fields| {
                        checker.editor.insert_entry(fields, "DisableExecuteApiEndpoint", &json!(true))
                    });
                    (api.origin.span, edit)
                }
                Some(entry) => match model.known(Some(entry)) {
                    Some(value) if !value.eq_ignore_ascii_case("true") => {
                        (entry.value.span, Some(Edit { span: entry.value.span, text: "true".to_string() }))
                    }
                    _ => continue,
                },
            };
            reported.insert(api_index);
            let domain_id = model.resource_id(domain.origin).unwrap_or("the domain");
            let mapping_span: Span = mapping.domain.map_or(mapping.origin.span, |link| link.entry.value.span);
            let diagnostic = checker
                .at(model, api.origin, span, "the default `execute-api` endpoint is on: clients can call this Api without the client certificate that its mutual TLS domain requires")
                .with_related(mapping_span, format!("mapped to `{domain_id}`, which requires mutual TLS"))
                .with_fix(checker.fix("Set `DisableExecuteApiEndpoint: true`", [fix]));
            checker.push(diagnostic);
        }
    }
}
