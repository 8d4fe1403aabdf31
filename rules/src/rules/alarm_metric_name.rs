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
    /// The same alarm with an `ApiName` dimension referencing the v2 Api (a REST API alarm
    /// copied whole) is one finding here, not also one of AGW904, and its fix mends both.
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
    /// Use the v2 name: `5xx` instead of `5XXError` for an HTTP Api (the unsafe fix, which also
    /// renames an `ApiName` dimension to `ApiId`: its value, the Api's `Ref`, is the id). WebSocket
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
            let Some(api) = metric.v2_api(model) else { continue };
            for (name, node) in metric.unpublished_names(model, &api) {
                let replacement = replacement(api.protocol, &name);
                let mut message = match (api.protocol, replacement) {
                    (Protocol::Unknown, _) => format!(
                        "no HTTP or WebSocket Api publishes metric `{name}`: HTTP Apis publish {}; WebSocket Apis {}",
                        list(HTTP_METRICS),
                        list(WEBSOCKET_METRICS)
                    ),
                    (_, Some(replacement)) => {
                        format!("{} publishes no metric `{name}`: use `{replacement}`", api.describe())
                    }
                    (_, None) => format!("{} publishes no metric `{name}`: its metrics are {}", api.describe(), list(&api.published_metrics())),
                };
                // A REST API alarm copied whole: its `ApiName` dimension is the same mistake, and
                // one fix must mend both, or the alarm still never fires.
                let dimension = api.named_as_rest().then(|| api.name_by_id(&checker.editor));
                if dimension.is_some() {
                    message.push_str(", and name the Api by `ApiId`, not the REST API dimension `ApiName`");
                }
                let fix = replacement.and_then(|replacement| {
                    let title = match dimension {
                        Some(_) => format!("Use metric `{replacement}` and dimension `ApiId`"),
                        None => format!("Use metric `{replacement}`"),
                    };
                    let edits = std::iter::once(checker.editor.replace_scalar(node, replacement)).chain(dimension.clone());
                    checker.fix(title, edits.map(Some))
                });
                let (related_span, related_message) = api.related();
                let mut diagnostic = checker.at(model, metric.origin, node.span, message).with_related(related_span, related_message);
                if api.named_as_rest() {
                    diagnostic = diagnostic.with_related(api.dimension.name_node.span, "the REST API dimension");
                }
                checker.push(diagnostic.with_fix(fix));
            }
        }
    }
}

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
