use apigw_model::Model;

use crate::{Checker, Rule, declare_rule, mtls};

declare_rule! {
    /// ## What it checks
    /// A custom domain with mutual TLS (a `MutualTlsAuthentication.TruststoreUri`) whose
    /// `SecurityPolicy` is not `TLS_1_2`: the legacy `TLS_1_0`, or an enhanced
    /// `SecurityPolicy_*` policy.
    ///
    /// The `Domain` of SAM Apis is checked alike.
    ///
    /// Each branch of an `Fn::If` is checked; a policy from a parameter is not, nor is a domain
    /// without `SecurityPolicy`.
    ///
    /// ## Why
    /// API Gateway requires "a Regional custom domain name for your API, with a minimum TLS
    /// version of 1.2" for mutual TLS, and "you can't enable mutual TLS on a domain name that uses
    /// an enhanced security policy". The domain fails at deploy time.
    ///
    /// A domain without `SecurityPolicy` is not reported: the API Gateway guide creates mutual
    /// TLS domains that way, and the service's default is not documented.
    ///
    /// ## Example
    /// ```yaml
    /// Domain:
    ///   Type: AWS::ApiGatewayV2::DomainName
    ///   Properties:
    ///     DomainName: api.example.com
    ///     DomainNameConfigurations:
    ///       - CertificateArn: !Ref Certificate
    ///         EndpointType: REGIONAL
    ///         SecurityPolicy: TLS_1_0
    ///     MutualTlsAuthentication:
    ///       TruststoreUri: s3://example-truststore/truststore.pem
    /// ```
    ///
    /// ## Fix
    /// Set `SecurityPolicy: TLS_1_2`. The safe fix replaces `TLS_1_0`, which only tightens the
    /// TLS versions accepted; an enhanced policy is left for you to decide, since `TLS_1_2`
    /// accepts older clients than it does.
    pub struct MtlsRequiresTls12 {
        code: "AGW405",
        name: "mtls-requires-tls12",
        severity: Error,
        fix: Safe,
    }
}

const TLS_1_2: &str = "TLS_1_2";

impl Rule for MtlsRequiresTls12 {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for domain in model.domain_names.iter().filter(|domain| mtls::enabled(model, domain)) {
            let (Some(policy), Some(mtls_entry)) = (domain.security_policy, domain.mutual_tls) else { continue };
            model.template.each_known(&policy.value, &mut |value, node| {
                if value.eq_ignore_ascii_case(TLS_1_2) {
                    return;
                }
                let enhanced = value.starts_with("SecurityPolicy_");
                let message = if enhanced {
                    format!("mutual TLS does not work with the enhanced security policy `{value}`: API Gateway requires `{TLS_1_2}`")
                } else {
                    format!("mutual TLS requires the `{TLS_1_2}` security policy, not `{value}`")
                };
                let fix = (!enhanced && node.as_str().is_some())
                    .then(|| checker.fix(format!("Set `SecurityPolicy: {TLS_1_2}`"), [Some(checker.editor.replace_scalar(node, TLS_1_2))]))
                    .flatten();
                let diagnostic = checker
                    .at(model, domain.origin, node.span, message)
                    .with_related(mtls_entry.key.span, "mutual TLS is turned on here")
                    .with_fix(fix);
                checker.push(diagnostic);
            });
        }
    }
}
