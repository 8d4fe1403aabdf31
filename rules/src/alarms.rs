//! CloudWatch alarms on API Gateway v2 metrics: every metric an alarm watches (its own, or a
//! `MetricStat` of its metric math), and the HTTP or WebSocket Api that the dimensions name.

use apigw_model::Model;
use apigw_model::api::{Dialect, Origin, Protocol};
use apigw_model::sam::IMPLICIT_HTTP_API;
use apigw_model::intrinsic::Part;
use apigw_syntax::{Entry, Node, Span};

use crate::fix::Editor;
use crate::Edit;

pub(crate) const NAMESPACE: &str = "AWS/ApiGateway";

/// The metrics of HTTP Apis ("Working with metrics for HTTP APIs").
pub(crate) const HTTP_METRICS: &[&str] = &["4xx", "5xx", "Count", "IntegrationLatency", "Latency", "DataProcessed"];
/// The metrics of WebSocket Apis ("Monitor WebSocket API execution with CloudWatch metrics").
pub(crate) const WEBSOCKET_METRICS: &[&str] =
    &["ConnectCount", "MessageCount", "IntegrationError", "ClientError", "ExecutionError", "IntegrationLatency"];

/// One metric an alarm watches.
pub(crate) struct Metric<'a> {
    pub origin: Origin<'a>,
    pub namespace: Option<&'a Entry>,
    pub metric_name: Option<&'a Entry>,
    pub dimensions: Vec<Dimension<'a>>,
}

/// A dimension whose `Name` is known.
pub(crate) struct Dimension<'a> {
    pub name: String,
    /// The `Name` value, where a wrong dimension is reported.
    pub name_node: &'a Node,
    pub value: &'a Node,
}

/// The v2 Api a metric is about.
pub(crate) struct V2Api<'a> {
    pub protocol: Protocol,
    /// The Api's logical id and its range, when the template defines it.
    pub resource: Option<(&'a str, Span)>,
    /// The dimension that names the Api: `ApiId`, or (wrongly) `ApiName` with a reference to it.
    pub dimension: &'a Dimension<'a>,
}

impl<'a> V2Api<'a> {
    fn kind(&self) -> (&'static str, &'static str) {
        match self.protocol {
            Protocol::Http => ("an", "HTTP Api"),
            Protocol::WebSocket => ("a", "WebSocket Api"),
            Protocol::Unknown => ("a", "v2 Api"),
        }
    }

    /// "HTTP Api `HttpApi`", "this v2 Api" and the like, for messages.
    pub fn describe(&self) -> String {
        let (_, kind) = self.kind();
        match self.resource {
            Some((id, _)) => format!("{kind} `{id}`"),
            None => format!("this {kind}"),
        }
    }

    /// The metrics the Api publishes: of either protocol when it is not known.
    pub fn published_metrics(&self) -> Vec<&'static str> {
        match self.protocol {
            Protocol::Http => HTTP_METRICS.to_vec(),
            Protocol::WebSocket => WEBSOCKET_METRICS.to_vec(),
            Protocol::Unknown => HTTP_METRICS.iter().chain(WEBSOCKET_METRICS).copied().collect(),
        }
    }

    /// Whether the Api is named by `ApiName`, as REST API alarms do. Its value references the v2
    /// Api, whose `Ref` is its id: naming the dimension `ApiId` is the whole fix.
    pub fn named_as_rest(&self) -> bool {
        self.dimension.name == "ApiName"
    }

    /// The edit that names the dimension `ApiId`.
    pub fn name_by_id(&self, editor: &Editor) -> Edit {
        editor.replace_scalar(self.dimension.name_node, "ApiId")
    }

    /// Where the Api is defined, or else the dimension that names it.
    pub fn related(&self) -> (Span, String) {
        let (article, kind) = self.kind();
        match self.resource {
            Some((id, span)) => (span, format!("`{id}` is {article} {kind}")),
            None => (self.dimension.value.span, "an `ApiId` dimension names an HTTP or WebSocket Api".to_string()),
        }
    }
}

/// Every metric of every `AWS::CloudWatch::Alarm`: the alarm's own and each `MetricStat.Metric`.
pub(crate) fn metrics<'a>(model: &Model<'a>) -> Vec<Metric<'a>> {
    let mut metrics = Vec::new();
    for alarm in &model.alarms {
        if alarm.metric_name.is_some() {
            metrics.push(Metric {
                origin: alarm.origin,
                namespace: alarm.namespace,
                metric_name: alarm.metric_name,
                dimensions: dimensions(model, alarm.dimensions),
            });
        }
        let queries = alarm.metrics.and_then(|entry| entry.value.items()).unwrap_or_default();
        for metric in queries.iter().filter_map(|query| query.get("MetricStat")?.get("Metric")) {
            metrics.push(Metric {
                origin: alarm.origin,
                namespace: metric.entry("Namespace"),
                metric_name: metric.entry("MetricName"),
                dimensions: dimensions(model, metric.entry("Dimensions")),
            });
        }
    }
    metrics
}

fn dimensions<'a>(model: &Model<'a>, entry: Option<&'a Entry>) -> Vec<Dimension<'a>> {
    let items = entry.and_then(|entry| entry.value.items()).unwrap_or_default();
    items
        .iter()
        .filter_map(|item| {
            let name = item.entry("Name")?;
            Some(Dimension {
                name: model.template.text(&name.value).known()?.to_string(),
                name_node: &name.value,
                value: item.get("Value")?,
            })
        })
        .collect()
}

impl<'a> Metric<'a> {
    pub fn dimension(&self, name: &str) -> Option<&Dimension<'a>> {
        self.dimensions.iter().find(|dimension| dimension.name == name)
    }

    /// The metric names (each known value of `MetricName`, with its node) that the Api does not
    /// publish.
    pub fn unpublished_names(&self, model: &Model<'a>, api: &V2Api) -> Vec<(String, &'a Node)> {
        let valid = api.published_metrics();
        let mut wrong = Vec::new();
        if let Some(metric_name) = self.metric_name {
            model.template.each_known(&metric_name.value, &mut |name, node| {
                if !valid.contains(&name.as_ref()) {
                    wrong.push((name.into_owned(), node));
                }
            });
        }
        wrong
    }

    /// The v2 Api this metric is about: an `AWS/ApiGateway` metric with an `ApiId` dimension
    /// (only v2 Apis publish one, so a literal id is a v2 Api too, of unknown protocol), or with
    /// an `ApiName` dimension that references a v2 Api of the template.
    pub fn v2_api(&self, model: &Model<'a>) -> Option<V2Api<'_>> {
        if model.known(self.namespace).as_deref() != Some(NAMESPACE) {
            return None;
        }
        if let Some(dimension) = self.dimension("ApiId") {
            let (protocol, resource) = api_named(model, dimension.value).unwrap_or((Protocol::Unknown, None));
            return Some(V2Api { protocol, resource, dimension });
        }
        let dimension = self.dimension("ApiName")?;
        let (protocol, resource) = api_named(model, dimension.value)?;
        Some(V2Api { protocol, resource, dimension })
    }
}

/// The v2 Api a dimension value references (`!Ref HttpApi`, `!GetAtt HttpApi.ApiId`, SAM's
/// implicit `!Ref ServerlessHttpApi`), with its protocol.
fn api_named<'a>(model: &Model<'a>, value: &'a Node) -> Option<(Protocol, Option<(&'a str, Span)>)> {
    let parts = model.template.parts(value)?;
    let name = match parts.as_slice() {
        [Part::Ref(name)] | [Part::GetAtt(name, "ApiId")] => *name,
        _ => return None,
    };
    // The Api SAM creates for `HttpApi` events that name none.
    if name == IMPLICIT_HTTP_API && model.template.resource_id(name).is_none() {
        let api = model.apis.iter().find(|api| api.origin.dialect == Dialect::Sam && api.origin.resource.is_none())?;
        return Some((Protocol::Http, Some((IMPLICIT_HTTP_API, api.origin.span))));
    }
    let id = model.template.resource_id(name)?;
    let resource = &model.template.resources[id];
    let protocol = match resource.type_name? {
        "AWS::ApiGatewayV2::Api" => model.apis.iter().find(|api| api.origin.resource == Some(id))?.protocol,
        "AWS::Serverless::HttpApi" => Protocol::Http,
        "AWS::Serverless::WebSocketApi" => Protocol::WebSocket,
        _ => return None,
    };
    Some((protocol, Some((resource.id, resource.id_span))))
}
