use apigw_syntax::SyntaxError as ParseError;

use crate::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it checks
    /// YAML or JSON that does not parse: the position where the parser stopped and its reason.
    /// Invalid UTF-8 is reported here too, at the first bad byte.
    ///
    /// ## Why
    /// CloudFormation rejects the whole template, and nothing else can be checked until it parses.
    /// JSON templates are read strictly, as CloudFormation reads them: no comments, no trailing
    /// commas.
    ///
    /// ## Example
    /// ```yaml
    /// Resources:
    ///   Api:
    ///     Type: AWS::ApiGatewayV2::Api
    ///     Properties: {Name: api, ProtocolType: HTTP
    /// ```
    ///
    /// ## Fix
    /// Close the flow mapping with `}`.
    pub struct SyntaxError {
        code: "AGW001",
        name: "syntax-error",
        severity: Error,
        fix: None,
    }
}

impl Rule for SyntaxError {
    fn check_syntax(&self, errors: &[ParseError], checker: &mut Checker) {
        for error in errors {
            let diagnostic = checker.diagnostic(error.span, error.message.clone());
            checker.push(diagnostic);
        }
    }
}
