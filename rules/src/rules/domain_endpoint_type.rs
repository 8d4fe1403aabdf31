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
    /// (`arn:aws:acm:region:account:certificate/id`, in any partition); the message names the
    /// part that is wrong (the service, the region, the 12-digit account, the `certificate/` id).
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

static PARTITION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^aws(-[a-z]+)*$").unwrap());
static REGION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[a-z]{2,4}(-[a-z]+)+-\d+$").unwrap());
static ACCOUNT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{12}$").unwrap());
static CERTIFICATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^certificate/[A-Za-z0-9-]+$").unwrap());

/// What is wrong with a certificate ARN, part by part (`arn:partition:acm:region:account:
/// certificate/id`), or `None` when it is an ACM certificate's.
fn certificate_arn_problem(value: &str) -> Option<String> {
    let parts: Vec<&str> = value.splitn(6, ':').collect();
    let [arn, partition, service, region, account, resource] = parts.as_slice() else {
        return Some("it does not have the six parts of an ARN".to_string());
    };
    let problem = if *arn != "arn" {
        "it does not start with `arn:`".to_string()
    } else if !PARTITION.is_match(partition) {
        format!("the partition `{partition}` is not `aws`, `aws-cn` or `aws-us-gov`")
    } else if *service != "acm" {
        format!("the service is `{service}`, not `acm`: custom domains take certificates from AWS Certificate Manager")
    } else if !REGION.is_match(region) {
        format!("the region `{region}` is not a region such as `us-east-1`")
    } else if !ACCOUNT.is_match(account) {
        format!("the account `{account}` is not a 12-digit account id")
    } else if !CERTIFICATE.is_match(resource) {
        format!("the resource `{resource}` is not `certificate/<id>`")
    } else {
        return None;
    };
    Some(problem)
}

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
                if let Some(problem) = certificate_arn_problem(&value) {
                    let message = format!(
                        "`{value}` is not an ACM certificate ARN: {problem} (the form is `arn:aws:acm:region:account:certificate/id`)"
                    );
                    checker.push(checker.at(model, domain.origin, node.span, message));
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::certificate_arn_problem;

    #[test]
    fn each_part_of_a_certificate_arn_is_named() {
        let problem = |value| certificate_arn_problem(value).unwrap_or_default();
        assert_eq!(certificate_arn_problem("arn:aws:acm:us-east-1:123456789012:certificate/8f1f3a6e-1111-2222"), None);
        assert_eq!(certificate_arn_problem("arn:aws-us-gov:acm:us-gov-west-1:123456789012:certificate/abc"), None);
        assert_eq!(certificate_arn_problem("arn:aws-eusc:acm:eusc-de-east-1:123456789012:certificate/abc"), None);
        assert_eq!(problem("8f1f3a6e-1111-2222"), "it does not have the six parts of an ARN");
        assert_eq!(problem("urn:aws:acm:us-east-1:123456789012:certificate/abc"), "it does not start with `arn:`");
        assert_eq!(problem("arn:amazon:acm:us-east-1:123456789012:certificate/abc"), "the partition `amazon` is not `aws`, `aws-cn` or `aws-us-gov`");
        assert!(problem("arn:aws:iam::123456789012:server-certificate/api").starts_with("the service is `iam`, not `acm`"));
        assert_eq!(problem("arn:aws:acm:useast1:123456789012:certificate/abc"), "the region `useast1` is not a region such as `us-east-1`");
        assert_eq!(problem("arn:aws:acm:us-east-1:12345678901:certificate/abc"), "the account `12345678901` is not a 12-digit account id");
        assert_eq!(problem("arn:aws:acm:us-east-1:123456789012:cert/abc"), "the resource `cert/abc` is not `certificate/<id>`");
    }
}
