use std::sync::LazyLock;

use apigw_model::Model;
use apigw_model::api::Origin;
use apigw_model::intrinsic;
use apigw_syntax::Node;
use regex::Regex;

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// `ThrottlingBurstLimit` and `ThrottlingRateLimit` in a stage's `DefaultRouteSettings` or
    /// in any route's `RouteSettings` that are not numbers, or negative (below `-1`, which
    /// Terraform and the Serverless Framework send to mean "not set"). In SAM: the same settings
    /// of an `AWS::Serverless::HttpApi` or `WebSocketApi` (or of `Globals`), and the
    /// `RouteSettings` of a function's `HttpApi` event.
    ///
    /// Values behind `Fn::If` are checked branch by branch; values from parameters are not.
    ///
    /// ## Why
    /// The burst limit is a number of requests and the rate limit a number of requests per
    /// second. CloudFormation rejects values that are not numbers (`"100/s"`, `"unlimited"`),
    /// failing the stage at deploy time, and a negative limit means nothing: only `-1` is in
    /// use, for "not set". To leave a route unthrottled at the stage level, leave the limits
    /// out; the account limits still apply.
    ///
    /// A burst limit without a rate limit is not reported: the service accepts it, and SAM
    /// writes such stages.
    ///
    /// ## Example
    /// ```yaml
    /// ProdStage:
    ///   Type: AWS::ApiGatewayV2::Stage
    ///   Properties:
    ///     ApiId: !Ref Api
    ///     StageName: prod
    ///     DefaultRouteSettings:
    ///       ThrottlingBurstLimit: -5
    ///       ThrottlingRateLimit: 100/s
    /// ```
    ///
    /// ## Fix
    /// Write plain non-negative numbers: `ThrottlingBurstLimit: 200`, `ThrottlingRateLimit: 100`.
    pub struct ThrottlingRange {
        code: "AGW306",
        name: "throttling-range",
        severity: Error,
        fix: None,
    }
}

/// A decimal number as CloudFormation reads one (no `inf`, `NaN` or hexadecimal).
static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$").unwrap());

/// The value tools write to mean "no stage-level limit".
const UNSET: f64 = -1.0;

const LIMITS: [(&str, &str); 2] =
    [("ThrottlingBurstLimit", "a number of requests"), ("ThrottlingRateLimit", "a number of requests per second")];

impl Rule for ThrottlingRange {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for stage in &model.stages {
            if let Some(defaults) = stage.default_route_settings {
                check_settings(model, checker, stage.origin, &defaults.value);
            }
            // `RouteSettings` maps route keys to settings (or is a JSON string, not read here).
            let Some(routes) = stage.route_settings else { continue };
            for map in model.template.branches(&routes.value).into_iter().filter(|map| !intrinsic::is_call(map)) {
                for route in map.entries().unwrap_or_default() {
                    check_settings(model, checker, stage.origin, &route.value);
                }
            }
        }
        for route in &model.routes {
            if let Some(settings) = route.route_settings {
                check_settings(model, checker, route.origin, &settings.value);
            }
        }
    }
}

fn check_settings<'a>(model: &Model<'a>, checker: &mut Checker, origin: Origin<'a>, settings: &'a Node) {
    for settings in model.template.branches(settings) {
        for (name, meaning) in LIMITS {
            let Some(entry) = settings.entry(name) else { continue };
            model.template.each_known(&entry.value, &mut |value, node| {
                let problem = if !NUMBER.is_match(value.trim()) {
                    "is not a number"
                } else if value.trim().parse::<f64>().is_ok_and(|number| number < UNSET) {
                    "is negative"
                } else {
                    return;
                };
                let message = format!("`{name}` `{value}` {problem}: the limit is {meaning}, 0 or more");
                checker.push(checker.at(model, origin, node.span, message));
            });
        }
    }
}
