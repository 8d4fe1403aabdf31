use std::sync::LazyLock;

use apigw_model::Model;
use apigw_model::intrinsic::Part;
use regex::Regex;

use crate::access_logs::formats;
use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// An access log `Format` (of an `AWS::ApiGatewayV2::Stage`, or of a SAM
    /// `AWS::Serverless::HttpApi`/`WebSocketApi` or its `Globals`) that starts with `{`, so is
    /// meant as JSON, but is not JSON once API Gateway has put values in its `$context`
    /// variables: a missing comma or quote, a trailing comma, single quotes.
    ///
    /// Variables (and pseudo parameters such as `${AWS::StackName}`) are read as a value that fits
    /// both inside a string (`"$context.requestId"`) and bare (`"status": $context.status`).
    /// Formats assembled with `Fn::Sub`/`Fn::Join` are checked when all their text is known.
    ///
    /// ## Why
    /// The service accepts any one-line format, so the stage deploys, and then every log line is
    /// text that CloudWatch Logs Insights, Athena and log shippers cannot parse as JSON: the
    /// fields are there but no query can reach them.
    ///
    /// ## Example
    /// ```yaml
    /// AccessLogSettings:
    ///   DestinationArn: !GetAtt AccessLogs.Arn
    ///   Format: '{"requestId": "$context.requestId" "status": $context.status}'
    /// ```
    ///
    /// ## Fix
    /// Make it JSON: `{"requestId":"$context.requestId","status":"$context.status"}`.
    pub struct AccessLogFormatJson {
        code: "AGW905",
        name: "access-log-format-json",
        severity: Warning,
        fix: None,
    }
}

/// The variables an access log format may hold (`$context.identity.sourceIp`,
/// `$context.authorizer.claims.sub`, `$stageVariables.name`).
static VARIABLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\$(context|stageVariables)(\.[A-Za-z0-9_-]+)+").unwrap());

impl Rule for AccessLogFormatJson {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for format in formats(model) {
            let Some(problem) = json_problem(&format.parts) else { continue };
            let message = format!("access log format starts with `{{` but is not JSON: {problem}; log queries cannot read its fields");
            checker.push(checker.at(model, format.stage.origin, format.node.span, message));
        }
    }
}

/// Why a format meant as JSON is not JSON, when all its text is known.
fn json_problem(parts: &[Part]) -> Option<String> {
    let mut text = String::new();
    for part in parts {
        match part {
            Part::Text(literal) => text.push_str(literal),
            // A pseudo parameter (`${AWS::StackName}`) holds plain text, or an account's digits.
            Part::Ref(name) if name.starts_with("AWS::") => text.push('0'),
            _ => return None,
        }
    }
    if !text.trim_start().starts_with('{') {
        return None;
    }
    // `0` is valid inside a JSON string and as a bare value.
    let filled = VARIABLE.replace_all(&text, "0");
    let error = serde_json::from_str::<serde_json::Value>(&filled).err()?;
    let reason = error.to_string();
    // serde's position is in the filled-in text, not the template: keep only the reason.
    Some(reason.split(" at line ").next().unwrap_or(&reason).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> Option<String> {
        json_problem(&[Part::Text(text.to_string())])
    }

    #[test]
    fn formats_meant_as_json() {
        assert_eq!(problem(r#"{"requestId":"$context.requestId","status":$context.status,"ip":"$context.identity.sourceIp"}"#), None);
        assert_eq!(problem("$context.requestId $context.status"), None, "not meant as JSON");
        assert_eq!(problem(r#"{"requestId": "$context.requestId" "status": "$context.status"}"#).as_deref(), Some("expected `,` or `}`"));
        assert_eq!(problem(r#"{"requestId": "$context.requestId",}"#).as_deref(), Some("trailing comma"));
        assert_eq!(problem(r#"{'requestId': '$context.requestId'}"#).as_deref(), Some("key must be a string"));
        let pseudo = [Part::Text("{\"stack\":\"".into()), Part::Ref("AWS::StackName"), Part::Text("\",}".into())];
        assert_eq!(json_problem(&pseudo).as_deref(), Some("trailing comma"));
        let unknown = [Part::Text("{\"stage\":".into()), Part::Ref("StageName")];
        assert_eq!(json_problem(&unknown), None, "a part the template cannot know is not judged");
    }
}
