use apigw_model::Model;
use apigw_model::api::Protocol;

use crate::alarms::{HTTP_METRICS, WEBSOCKET_METRICS, metrics};
use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// A CloudWatch alarm on a metric that HTTP or WebSocket Apis never publish.
    ///
    /// ## What it checks
    /// `AWS::CloudWatch::Alarm`s (and each `MetricStat` of their metric math) on namespace
    /// `AWS/ApiGateway` with an `ApiId` dimension, which only HTTP and WebSocket Apis have:
    /// - for an HTTP Api the metric must be `4xx`, `5xx`, `Count`, `IntegrationLatency`,
    ///   `Latency` or `DataProcessed`;
    /// - for a WebSocket Api `ConnectCount`, `MessageCount`, `IntegrationError`, `ClientError`,
    ///   `ExecutionError` or `IntegrationLatency`;
    /// - when the id does not name an Api of the template, a name valid for neither.
    ///
    /// The Api may be an `AWS::Serverless::HttpApi` or `WebSocketApi`, or the `ServerlessHttpApi`
    /// that SAM creates for `HttpApi` events without `ApiId`.
    ///
    /// ## Why
    /// The REST API names (`4XXError`, `5XXError`, `CacheHitCount`) do not exist for v2 Apis.
    /// CloudWatch accepts the alarm, which then never receives data: it stays in
    /// `INSUFFICIENT_DATA` while the API fails, and nobody is paged.
    ///
    /// ## Example
    /// ```yaml
    /// ServerErrorsAlarm:
    ///   Type: AWS::CloudWatch::Alarm
    ///   Properties:
    ///     Namespace: AWS/ApiGateway
    ///     MetricName: 5XXError
    ///     Dimensions:
    ///       - {Name: ApiId, Value: !Ref HttpApi}
    ///     Statistic: Sum
    ///     Period: 60
    ///     EvaluationPeriods: 1
    ///     Threshold: 1
    ///     ComparisonOperator: GreaterThanOrEqualToThreshold
    /// ```
    ///
    /// ## Fix
    /// Use the v2 name: `5xx` instead of `5XXError` for an HTTP Api (the unsafe fix). WebSocket
    /// Apis count errors differently (`IntegrationError`, `ClientError`, `ExecutionError`), so
    /// no name is guessed for them.
    pub struct AlarmMetricName {
        code: "AGW903",
        name: "alarm-metric-name",
        severity: Error,
        fix: Unsafe,
    }
}

impl Rule for AlarmMetricName {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for metric in metrics(model) {
            let (Some(api), Some(metric_name)) = (metric.v2_api(model), metric.metric_name) else { continue };
            let valid: Vec<&str> = match api.protocol {
                Protocol::Http => HTTP_METRICS.to_vec(),
                Protocol::WebSocket => WEBSOCKET_METRICS.to_vec(),
                Protocol::Unknown => HTTP_METRICS.iter().chain(WEBSOCKET_METRICS).copied().collect(),
            };
            let mut wrong = Vec::new();
            model.template.each_known(&metric_name.value, &mut |name, node| {
                if !valid.contains(&name.as_ref()) {
                    wrong.push((name.into_owned(), node));
                }
            });
            for (name, node) in wrong {
                let replacement = replacement(api.protocol, &name);
                let message = match (api.protocol, replacement) {
                    (Protocol::Unknown, _) => format!(
                        "no HTTP or WebSocket Api publishes metric `{name}`: HTTP Apis publish {}; WebSocket Apis {}",
                        list(HTTP_METRICS),
                        list(WEBSOCKET_METRICS)
                    ),
                    (_, Some(replacement)) => {
                        format!("{} publishes no metric `{name}`: use `{replacement}`", api.describe())
                    }
                    (_, None) => format!("{} publishes no metric `{name}`: its metrics are {}", api.describe(), list(&valid)),
                };
                let fix = replacement.and_then(|replacement| {
                    checker.fix(format!("Use metric `{replacement}`"), [Some(checker.editor.replace_scalar(node, replacement))])
                });
                let (related_span, related_message) = api.related();
                let diagnostic = checker
                    .at(model, metric.origin, node.span, message)
                    .with_related(related_span, related_message)
                    .with_fix(fix);
                checker.push(diagnostic);
            }
        }
    }
}

/// The metric an HTTP Api publishes for a REST name or a miscapitalised one; WebSocket Apis
/// only get the capitalisation corrected.
fn replacement(protocol: Protocol, name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    match protocol {
        Protocol::Http => match lower.as_str() {
            "4xxerror" => Some("4xx"),
            "5xxerror" => Some("5xx"),
            _ => HTTP_METRICS.iter().copied().find(|metric| metric.eq_ignore_ascii_case(name)),
        },
        Protocol::WebSocket => WEBSOCKET_METRICS.iter().copied().find(|metric| metric.eq_ignore_ascii_case(name)),
        Protocol::Unknown => None,
    }
}

fn list(names: &[&str]) -> String {
    names.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacements() {
        assert_eq!(replacement(Protocol::Http, "4XXError"), Some("4xx"));
        assert_eq!(replacement(Protocol::Http, "5XX"), Some("5xx"));
        assert_eq!(replacement(Protocol::Http, "latency"), Some("Latency"));
        assert_eq!(replacement(Protocol::Http, "CacheHitCount"), None);
        assert_eq!(replacement(Protocol::WebSocket, "5XXError"), None);
        assert_eq!(replacement(Protocol::WebSocket, "messagecount"), Some("MessageCount"));
    }
}
