use crate::{Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A suppression that suppresses nothing: a code in `Metadata: {apigw-lint: {ignore: [...]}}`
    /// or in a `# apigw-lint: ignore[...]` comment whose rule ran and reported nothing there, a
    /// code that names no rule, or a bare `# apigw-lint: ignore` comment with nothing to ignore.
    ///
    /// ## Why
    /// Suppressions outlive the problems they silenced; a stale one hides the next real problem
    /// at that place. Codes of rules that did not run (`--select`) are not judged.
    ///
    /// ## Example
    /// ```yaml
    /// Stage:
    ///   Type: AWS::ApiGatewayV2::Stage
    ///   Properties:
    ///     ApiId: !Ref Api
    ///     StageName: prod # apigw-lint: ignore[AGW301]
    /// ```
    ///
    /// ## Fix
    /// Remove the code from the comment, or the comment when it was the only code (safe). Codes in
    /// `Metadata` are removed by hand.
    pub struct UnusedSuppression {
        code: "AGW010",
        name: "unused-suppression",
        severity: Warning,
        fix: Safe,
    }
}

/// Reported by the pipeline after all other rules ran (see `suppression.rs`): whether a
/// suppression was used is only known then.
impl Rule for UnusedSuppression {}
