use apigw_model::Model;
use apigw_model::api::{Dialect, Integration, Protocol};
use apigw_model::intrinsic::Part;
use apigw_syntax::{Node, Span};

use crate::api_protocol::protocol_of;
use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// A private (VPC link) integration that is set up halfway: `ConnectionType` and
    /// `ConnectionId` disagree, or the target is not what an HTTP API private integration takes.
    ///
    /// ## What it checks
    /// - `ConnectionType: VPC_LINK` without `ConnectionId`;
    /// - `ConnectionId` with `ConnectionType` `INTERNET` or not set (it defaults to `INTERNET`);
    /// - on an HTTP Api with `ConnectionType: VPC_LINK`: an `IntegrationUri` that is not the ARN of
    ///   an Application or Network Load Balancer listener
    ///   (`arn:aws:elasticloadbalancing:region:account:listener/app|net/…`) or of a Cloud Map
    ///   service (`arn:aws:servicediscovery:region:account:service/srv-…`). A `Ref`/`Fn::GetAtt`
    ///   of a load balancer or target group is reported; of a listener or Cloud Map service it is
    ///   fine; other values that are not known are not reported.
    ///
    /// The same holds for `connectionType`, `connectionId` and `uri` of an OpenAPI
    /// `x-amazon-apigateway-integration` (where AGW802 reports a `VPC_LINK` without
    /// `connectionId`). WebSocket private integrations use a URL as `IntegrationUri`, so their
    /// URI is not checked.
    ///
    /// ## Why
    /// The service rejects the integration, or, with a `ConnectionId` and no `VPC_LINK`, calls
    /// the URI over the internet instead of through the VPC link.
    ///
    /// ## Example
    /// ```yaml
    /// Integration:
    ///   Type: AWS::ApiGatewayV2::Integration
    ///   Properties:
    ///     ApiId: !Ref HttpApi
    ///     IntegrationType: HTTP_PROXY
    ///     IntegrationMethod: ANY
    ///     ConnectionType: VPC_LINK
    ///     ConnectionId: !Ref VpcLink
    ///     IntegrationUri: !Ref LoadBalancer
    ///     PayloadFormatVersion: "1.0"
    /// ```
    ///
    /// ## Fix
    /// Set both `ConnectionType: VPC_LINK` and `ConnectionId`, and point `IntegrationUri` at a
    /// listener (`!Ref Listener`) or a Cloud Map service (`!GetAtt Service.Arn`).
    pub struct VpcLinkIntegration {
        code: "AGW206",
        name: "vpc-link-integration",
        severity: Error,
        fix: None,
    }
}

impl Rule for VpcLinkIntegration {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for integration in &model.integrations {
            let connection_type = model.known(integration.connection_type);
            let connection_id = integration.connection_id.map(|link| link.entry);
            let dialect = integration.origin.dialect;
            let (type_key, id_key) = (dialect.spelling("ConnectionType"), dialect.spelling("ConnectionId"));
            let mut found: Vec<(Span, String)> = Vec::new();
            match (connection_type.as_deref(), connection_id) {
                // In OpenAPI, AGW802 reports the missing `connectionId`.
                (Some("VPC_LINK"), None) if dialect != Dialect::OpenApi => {
                    let span = integration.connection_type.map_or(integration.origin.span, |entry| entry.value.span);
                    found.push((span, format!("`{type_key}: VPC_LINK` needs a `{id_key}` naming the VPC link")));
                }
                (Some("INTERNET"), Some(id)) => {
                    found.push((id.key.span, format!("`{id_key}` is set but `{type_key}` is `INTERNET`: the VPC link is not used")));
                }
                (None, Some(id)) if integration.connection_type.is_none() && unconditional(model, &id.value) => {
                    let message = format!(
                        "`{id_key}` is set without `{type_key}: VPC_LINK`: the connection type defaults to `INTERNET` and the VPC link is not used"
                    );
                    found.push((id.key.span, message));
                }
                _ => {}
            }
            if connection_type.as_deref() == Some("VPC_LINK") && protocol_of(model, integration.api) == Protocol::Http {
                found.extend(uri_problems(model, integration));
            }
            for (span, message) in found {
                let diagnostic = checker.at(model, integration.origin, span, message);
                checker.push(diagnostic);
            }
        }
    }
}

/// Whether a value is set in every case (no `Fn::If` that may leave it out).
fn unconditional<'a>(model: &Model<'a>, node: &'a Node) -> bool {
    matches!(model.template.branches(node).as_slice(), [only] if std::ptr::eq(*only, node))
}

/// What is wrong with the `IntegrationUri` of an HTTP API private integration, per branch.
fn uri_problems(model: &Model, integration: &Integration) -> Vec<(Span, String)> {
    let Some(entry) = integration.integration_uri else { return Vec::new() };
    let mut problems = Vec::new();
    for node in model.template.branches(&entry.value) {
        if let Some((id, _)) = model.template.referenced(node) {
            let resource = &model.template.resources[id];
            let what = match resource.type_name {
                Some("AWS::ElasticLoadBalancingV2::LoadBalancer") => "a load balancer",
                Some("AWS::ElasticLoadBalancingV2::TargetGroup") => "a target group",
                _ => continue,
            };
            let message = format!(
                "`{}` is {what}: a private integration of an HTTP API takes the ARN of a load balancer listener or a Cloud Map service",
                resource.id
            );
            problems.push((node.span, message));
        } else if let Some(uri) = known_start(model, node)
            && !is_private_target(&uri)
        {
            let message = format!(
                "`{uri}` is not the ARN of a load balancer listener or a Cloud Map service, which a private integration of an HTTP API takes"
            );
            problems.push((node.span, message));
        }
    }
    problems
}

/// The value when it is known, or its known beginning with `…` when that already shows it is no
/// ARN (`http://${LoadBalancer.DNSName}/pets`).
fn known_start(model: &Model, node: &Node) -> Option<String> {
    let parts = model.template.parts(node)?;
    let [Part::Text(start), rest @ ..] = parts.as_slice() else { return None };
    match rest {
        [] => Some(start.clone()),
        _ if !start.starts_with("arn:") && !"arn:".starts_with(start.as_str()) => Some(format!("{start}…")),
        _ => None,
    }
}

/// An ALB/NLB listener ARN or a Cloud Map service ARN.
fn is_private_target(arn: &str) -> bool {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let ["arn", partition, service, region, account, resource] = parts.as_slice() else { return false };
    partition.starts_with("aws")
        && !region.is_empty()
        && !account.is_empty()
        && match *service {
            "elasticloadbalancing" => resource.starts_with("listener/app/") || resource.starts_with("listener/net/"),
            "servicediscovery" => resource.starts_with("service/"),
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::is_private_target;

    #[test]
    fn private_targets() {
        assert!(is_private_target("arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2"));
        assert!(is_private_target("arn:aws-cn:elasticloadbalancing:cn-north-1:123456789012:listener/net/nlb/50dc6c495c0c9188/f2f7dc8efc522ab2"));
        assert!(is_private_target("arn:aws:servicediscovery:us-east-1:123456789012:service/srv-e4anhexample0004"));
        assert!(!is_private_target("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188"));
        assert!(!is_private_target("http://internal-web.us-east-1.elb.amazonaws.com/"));
    }
}
