//! WebSocket API key selection expressions: the two key sources the service supports.

pub(crate) const HEADER_KEY: &str = "$request.header.x-api-key";
pub(crate) const AUTHORIZER_KEY: &str = "$context.authorizer.usageIdentifierKey";

/// Where an API key selection expression reads the key from, when the service supports it.
/// Braces around the variable (`${request.header.x-api-key}`) and the case of the header name
/// do not change what it names.
pub(crate) fn key_source(expression: &str) -> Option<&'static str> {
    let expression = expression.trim();
    let unbraced = match expression.strip_prefix("${").and_then(|inner| inner.strip_suffix('}')) {
        Some(inner) => format!("${inner}"),
        None => expression.to_string(),
    };
    if unbraced.eq_ignore_ascii_case(HEADER_KEY) && unbraced.starts_with("$request.header.") {
        Some(HEADER_KEY)
    } else if unbraced == AUTHORIZER_KEY {
        Some(AUTHORIZER_KEY)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_supported_sources() {
        assert_eq!(key_source("$request.header.x-api-key"), Some(HEADER_KEY));
        assert_eq!(key_source("$request.header.X-API-Key"), Some(HEADER_KEY));
        assert_eq!(key_source("${request.header.x-api-key}"), Some(HEADER_KEY));
        assert_eq!(key_source("$context.authorizer.usageIdentifierKey"), Some(AUTHORIZER_KEY));
        assert_eq!(key_source("$request.header.Authorization"), None);
        assert_eq!(key_source("$context.authorizer.usageidentifierkey"), None);
        assert_eq!(key_source("x-api-key"), None);
    }
}
