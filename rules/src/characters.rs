//! Character-set checks of names and keys, with messages that show the offending character.

/// `contains `.``, or `contains a space` (a space in backticks is easy to miss), for the first
/// character of `text` that `allowed` rejects.
pub fn first_invalid(text: &str, allowed: impl Fn(char) -> bool) -> Option<String> {
    let bad = text.chars().find(|&ch| !allowed(ch))?;
    Some(match bad {
        ' ' => "contains a space".to_string(),
        '\t' => "contains a tab".to_string(),
        '`' => "contains a backtick".to_string(),
        _ => format!("contains `{bad}`"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_the_first_invalid_character() {
        let word = |ch: char| ch.is_ascii_alphanumeric();
        assert_eq!(first_invalid("ok", word), None);
        assert_eq!(first_invalid("a.b c", word).as_deref(), Some("contains `.`"));
        assert_eq!(first_invalid("a b", word).as_deref(), Some("contains a space"));
    }
}
