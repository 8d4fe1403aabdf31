use std::sync::LazyLock;

use apigw_model::Model;
use apigw_model::api::{Dialect, DomainKind};
use regex::Regex;

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// An `AWS::ApiGatewayV2::DomainName` whose `EndpointType` is not `REGIONAL`, and a custom
    /// domain (v2, or the v1 `AWS::ApiGateway::DomainName` that v2 mappings may use) whose
    /// certificate ARN is a literal that is not an ACM certificate ARN
    /// (`arn:aws:acm:region:account:certificate/id`, in any partition).
    ///
    /// The `CertificateArn` of a SAM Api's `Domain` is checked too; its `EndpointConfiguration`
    /// SAM checks itself (AGW806).
    ///
    /// Each branch of an `Fn::If` is checked; values from parameters and `!Ref Certificate` are
    /// not.
    ///
    /// ## Why
    /// "Only REGIONAL domain names can be managed through the API Gateway V2 API. For EDGE
    /// domain names, please use the API Gateway V1 API", the service answers; private custom
    /// domain names are a REST API feature (`AWS::ApiGateway::DomainNameV2`). And "AWS
    /// Certificate Manager is the only supported source" of certificates: an IAM server
    /// certificate ARN, a certificate id or a domain name fails the domain at deploy time.
    ///
    /// ## Example
    /// ```yaml
    /// Domain:
    ///   Type: AWS::ApiGatewayV2::DomainName
    ///   Properties:
    ///     DomainName: api.example.com
    ///     DomainNameConfigurations:
    ///       - CertificateArn: arn:aws:iam::123456789012:server-certificate/api
    ///         EndpointType: EDGE
    /// ```
    ///
    /// ## Fix
    /// Use `EndpointType: REGIONAL` (for an edge-optimized REST API domain, use
    /// `AWS::ApiGateway::DomainName`) and an ACM certificate of the API's region, ideally
    /// `!Ref` to an `AWS::CertificateManager::Certificate`.
    pub struct DomainEndpointType {
        code: "AGW408",
        name: "domain-endpoint-type",
        severity: Error,
        fix: None,
    }
}

static ACM_CERTIFICATE_ARN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^arn:aws(-[a-z]+)*:acm:[a-z0-9-]+:\d{12}:certificate/[A-Za-z0-9-]+$").unwrap());

impl Rule for DomainEndpointType {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for domain in &model.domain_names {
            // SAM rejects a `Domain.EndpointConfiguration` other than `REGIONAL` itself (AGW806).
            if domain.kind == DomainKind::V2
                && domain.origin.dialect != Dialect::Sam
                && let Some(entry) = domain.endpoint_type
            {
                model.template.each_known(&entry.value, &mut |value, node| {
                    // Whether the service reads the enum case-insensitively is not documented.
                    if !value.eq_ignore_ascii_case("REGIONAL") {
                        let message = format!(
                            "endpoint type `{value}` on an `AWS::ApiGatewayV2::DomainName`: v2 custom domains are `REGIONAL` only"
                        );
                        checker.push(checker.at(model, domain.origin, node.span, message));
                    }
                });
            }
            let Some(entry) = domain.certificate_arn else { continue };
            model.template.each_known(&entry.value, &mut |value, node| {
                if !ACM_CERTIFICATE_ARN.is_match(&value) {
                    let message = format!(
                        "`{value}` is not an ACM certificate ARN: custom domains take certificates from AWS Certificate Manager (`arn:aws:acm:region:account:certificate/id`)"
                    );
                    checker.push(checker.at(model, domain.origin, node.span, message));
                }
            });
        }
    }
}
