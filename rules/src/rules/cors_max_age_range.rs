use apigw_model::Model;

use crate::{Checker, Rule, cors, declare_rule};

/// The longest preflight caching a browser honours: Firefox's cap (Chromium's is 7200).
const FIREFOX_CAP: i64 = 86_400;

declare_rule! {
    /// ## What it checks
    /// A `CorsConfiguration` `MaxAge` below -1, or above 86400 seconds.
    ///
    /// SAM's `CorsConfiguration` and OpenAPI's `x-amazon-apigateway-cors` (`maxAge`) are checked
    /// alike.
    ///
    /// ## Why
    /// `MaxAge` becomes `Access-Control-Max-Age`: how long a browser may reuse a preflight
    /// result. The service documents no maximum, but browsers have one: Firefox caches a preflight
    /// for at most 86400 seconds (a day), Chromium for at most 7200 (two hours). A longer value,
    /// such as the ten days of the CDK README's `Duration.days(10)`, silently becomes a day or two
    /// hours.
    ///
    /// The API reference names the value's type `IntegerWithLengthBetweenMinus1And86400`, and -1
    /// already turns preflight caching off, so a value below -1 is a mistake (whether the service
    /// rejects it is not documented, hence a warning).
    ///
    /// ## Example
    /// ```yaml
    /// CorsConfiguration:
    ///   AllowOrigins: [https://app.example.com]
    ///   MaxAge: 864000
    /// ```
    ///
    /// ## Fix
    /// Use a value from -1 to 86400, and expect Chromium to refresh after 7200 seconds anyway.
    pub struct CorsMaxAgeRange {
        code: "AGW502",
        name: "cors-max-age-range",
        severity: Warning,
        fix: None,
    }
}

impl Rule for CorsMaxAgeRange {
    fn check(&self, model: &Model, checker: &mut Checker) {
        for api in &model.apis {
            let Some(cors) = cors::checked(api) else { continue };
            let Some(max_age) = cors.max_age else { continue };
            let key = cors.dialect.spelling("MaxAge");
            let mut found = Vec::new();
            model.template.each_known(&max_age.value, &mut |text, node| {
                if let Ok(seconds) = text.trim().parse::<i64>() {
                    found.push((seconds, node.span));
                }
            });
            for (seconds, span) in found {
                let message = if seconds < -1 {
                    format!("`{key}` {seconds} is below -1, the smallest value the API reference allows (-1 turns preflight caching off)")
                } else if seconds > FIREFOX_CAP {
                    format!("`{key}` {seconds} is longer than browsers cache a preflight: Firefox keeps it at most 86400 seconds, Chromium at most 7200")
                } else {
                    continue;
                };
                checker.push(checker.at(model, api.origin, span, message));
            }
        }
    }
}
