use apigw_model::Model;
use apigw_model::intrinsic::Part;

use crate::access_logs::formats;
use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// An access log format that the service rejects.
    ///
    /// ## What it checks
    /// `AccessLogSettings.Format` of an `AWS::ApiGatewayV2::Stage`, or of a SAM
    /// `AWS::Serverless::HttpApi`/`WebSocketApi` (or its `Globals`):
    /// - it must contain `$context.requestId` or `$context.extendedRequestId`;
    /// - it must be one line (a line break is allowed only at the very end). This catches JSON
    ///   formats written as a YAML `|` block over several lines.
    ///
    /// Formats assembled with `Fn::Sub`/`Fn::Join` are checked on their literal text; a part the
    /// template cannot know (a parameter, an import) might hold the request id, so then only the
    /// line breaks are checked.
    ///
    /// ## Why
    /// API Gateway refuses the stage ("Access Log format must be single line, new line character
    /// is allowed only at end of the format"; a format without a request id is refused too),
    /// and the stack rolls back.
    ///
    /// ## Example
    /// ```yaml
    /// AccessLogSettings:
    ///   DestinationArn: !GetAtt AccessLogs.Arn
    ///   Format: |
    ///     {"requestId": "$context.requestId",
    ///      "status": "$context.status"}
    /// ```
    ///
    /// ## Fix
    /// Write the format on one line (a YAML `>-` folded block joins the lines with spaces) and
    /// include `$context.requestId`.
    pub struct AccessLogFormat {
        code: "AGW902",
        name: "access-log-format",
        severity: Error,
        fix: None,
    }
}

const REQUEST_IDS: &[&str] = &["$context.requestId", "$context.extendedRequestId"];

impl Rule for AccessLogFormat {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for format in formats(model) {
            for message in problems(&format.parts) {
                let diagnostic = checker.at(model, format.stage.origin, format.node.span, message);
                checker.push(diagnostic);
            }
        }
    }
}

/// What is wrong with a format made of these parts.
fn problems(parts: &[Part]) -> Vec<String> {
    // Unknown parts (a parameter, an import) stand for text that may hold anything, except a
    // certain line break; a pseudo parameter (`${AWS::StackName}`) holds neither.
    const UNKNOWN: char = '\u{E000}';
    const OPAQUE: char = '\u{E001}';
    let text: String = parts
        .iter()
        .map(|part| match part {
            Part::Text(text) => text.clone(),
            Part::Ref(name) if name.starts_with("AWS::") => OPAQUE.to_string(),
            _ => UNKNOWN.to_string(),
        })
        .collect();
    let mut problems = Vec::new();
    let known = !text.contains(UNKNOWN);
    if known && !REQUEST_IDS.iter().any(|id| text.contains(id)) {
        problems.push("access log format has neither `$context.requestId` nor `$context.extendedRequestId`: the service requires one of them".to_string());
    }
    if text.trim_end_matches(['\n', '\r', UNKNOWN]).contains(['\n', '\r']) {
        problems.push(
            "access log format spans several lines: the service accepts one line (a line break only at the end)".to_string(),
        );
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Vec<String> {
        problems(&[Part::Text(text.to_string())])
    }

    #[test]
    fn formats() {
        assert!(check("$context.requestId").is_empty());
        assert!(check("{\"id\":\"$context.extendedRequestId\"}\n").is_empty());
        assert!(check("$context.identity.sourceIp $context.requestTime").len() == 1);
        assert!(check("$context.integration.requestId").len() == 1);
        assert!(check("{\"id\": \"$context.requestId\",\n \"status\": \"$context.status\"}\n").len() == 1);
        let sub = [Part::Text("{\"stack\":\"".into()), Part::Ref("AWS::StackName"), Part::Text("\"}".into())];
        assert!(problems(&sub).len() == 1, "a pseudo parameter cannot hold the request id");
        let param = [Part::Ref("LogFormat")];
        assert!(problems(&param).is_empty());
    }
}
