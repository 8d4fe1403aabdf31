//! Schema patterns in words, for messages: the common shape `^[class]quantifier$` (one character
//! class or `\d`, repeated) reads as what it allows, so a user need not decode the expression.

use std::iter::Peekable;
use std::str::Chars;

/// What a pattern of the shape `^[class]+$`, `^[class]{m,n}$` (and the like) asks of a string:
/// "must be 1 to 512 characters and contain only letters, digits and `._-/#`". `None` for any
/// other shape.
pub(super) fn requirement(pattern: &str) -> Option<String> {
    let body = pattern.strip_prefix('^')?;
    let body = ["$", "\\Z", "\\z"].iter().find_map(|end| body.strip_suffix(end))?;
    // `^([class]*)$`: one group around the whole pattern changes nothing.
    let body = body.strip_prefix('(').and_then(|inner| inner.strip_suffix(')')).unwrap_or(body);
    let (class, quantifier) = match body.strip_prefix('[') {
        Some(rest) => {
            let end = class_end(rest)?;
            (&rest[..end], &rest[end + 1..])
        }
        // A lone escape such as `\d`, as if it were bracketed.
        None => body.split_at_checked(2).filter(|(escape, _)| escape.starts_with('\\'))?,
    };
    let (negated, class) = match class.strip_prefix('^') {
        Some(class) => (true, class),
        None => (false, class),
    };
    let characters = describe_class(class)?;
    let contain = if negated { format!("contain no {characters}") } else { format!("contain only {characters}") };
    let length = match repetition(quantifier)? {
        (0, None) => return Some(format!("must {contain}")),
        (1, None) => "be non-empty".to_string(),
        (min, None) => format!("be at least {min} characters"),
        (0, Some(max)) => format!("be at most {max} characters"),
        (1, Some(1)) => "be 1 character".to_string(),
        (min, Some(max)) if min == max => format!("be {min} characters"),
        (min, Some(max)) => format!("be {min} to {max} characters"),
    };
    Some(format!("must {length} and {contain}"))
}

/// Where a class (after its `[`) ends: the index of its closing `]`, skipping escapes.
fn class_end(class: &str) -> Option<usize> {
    let mut chars = class.char_indices();
    while let Some((at, ch)) = chars.next() {
        match ch {
            '\\' => {
                chars.next();
            }
            ']' => return Some(at),
            _ => {}
        }
    }
    None
}

/// A quantifier as (minimum, maximum): `+`, `*`, `{n}`, `{m,n}`, `{m,}`.
fn repetition(quantifier: &str) -> Option<(u64, Option<u64>)> {
    match quantifier {
        "+" => Some((1, None)),
        "*" => Some((0, None)),
        _ => {
            let bounds = quantifier.strip_prefix('{')?.strip_suffix('}')?;
            match bounds.split_once(',') {
                None => bounds.parse().ok().map(|n| (n, Some(n))),
                Some((min, "")) => Some((min.parse().ok()?, None)),
                Some((min, max)) => Some((min.parse().ok()?, Some(max.parse().ok()?))),
            }
        }
    }
}

/// The characters a class (between its brackets, without `^`) holds, as a list of names:
/// "letters, digits and `-._`". `None` when it has parts without a name here (`\u0020`, `\S`).
fn describe_class(class: &str) -> Option<String> {
    let mut found = Characters::default();
    let mut chars = class.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch == '\\' {
            match chars.next()? {
                'd' => found.digits = true,
                'w' => {
                    (found.lower, found.upper, found.digits) = (true, true, true);
                    found.literal('_')?;
                }
                's' => found.named.push("white space".to_string()),
                'p' => {
                    let name: String = chars.by_ref().skip(1).take_while(|&ch| ch != '}').collect();
                    found.named.push(unicode_class(&name)?.to_string());
                }
                // A range from an escaped character is too rare to name.
                escaped if escaped.is_ascii_punctuation() && range_end(&mut chars).is_none() => found.literal(escaped)?,
                _ => return None,
            }
            continue;
        }
        let Some(end) = range_end(&mut chars) else {
            found.literal(ch)?;
            continue;
        };
        match (ch, end) {
            ('a', 'z') => found.lower = true,
            ('A', 'Z') => found.upper = true,
            ('0', '9') => found.digits = true,
            _ if ch.is_ascii_alphanumeric() && end.is_ascii_alphanumeric() => found.named.push(format!("`{ch}` to `{end}`")),
            _ => return None,
        }
    }
    found.describe()
}

/// The end of a range whose start was just read (`z` of `a-z`), consuming `-z`. A `-` first, last
/// or after a range is the character itself.
fn range_end(chars: &mut Peekable<Chars>) -> Option<char> {
    let end = chars.clone().nth(1).filter(|_| chars.peek() == Some(&'-'))?;
    chars.nth(1);
    Some(end)
}

/// What a character class holds, gathered part by part.
#[derive(Default)]
struct Characters {
    lower: bool,
    upper: bool,
    digits: bool,
    spaces: bool,
    /// Ranges and categories, in their order.
    named: Vec<String>,
    /// Other single characters, each once.
    symbols: String,
}

impl Characters {
    /// `None` for a backtick, which the list could not quote.
    fn literal(&mut self, ch: char) -> Option<()> {
        match ch {
            '`' => return None,
            ' ' => self.spaces = true,
            _ if !self.symbols.contains(ch) => self.symbols.push(ch),
            _ => {}
        }
        Some(())
    }

    fn describe(self) -> Option<String> {
        let letters = match (self.lower, self.upper) {
            (true, true) => Some("letters"),
            (true, false) => Some("lowercase letters"),
            (false, true) => Some("uppercase letters"),
            (false, false) => None,
        };
        let mut names: Vec<String> = letters.into_iter().chain(self.digits.then_some("digits")).map(str::to_string).collect();
        names.extend(self.named);
        if self.spaces {
            names.push("spaces".to_string());
        }
        if !self.symbols.is_empty() {
            names.push(format!("`{}`", self.symbols));
        }
        let (last, rest) = names.split_last()?;
        Some(if rest.is_empty() { last.clone() } else { format!("{} and {last}", rest.join(", ")) })
    }
}

/// The Unicode general categories the schemas use.
fn unicode_class(name: &str) -> Option<&'static str> {
    match name {
        "L" => Some("letters of any script"),
        "N" => Some("numbers of any script"),
        "Z" => Some("spaces of any kind"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::requirement;

    #[test]
    fn common_shapes_read_as_words() {
        let cases = [
            ("^[a-zA-Z0-9-._~:/?#&=,]+$", "must be non-empty and contain only letters, digits and `-._~:/?#&=,`"),
            ("^[.\\-_/#A-Za-z0-9]{1,512}\\Z", "must be 1 to 512 characters and contain only letters, digits and `.-_/#`"),
            ("^\\d{12}$", "must be 12 characters and contain only digits"),
            ("^[a-z0-9]+$", "must be non-empty and contain only lowercase letters and digits"),
            ("^[\\w+=,.@-]+$", "must be non-empty and contain only letters, digits and `_+=,.@-`"),
            ("^[^\\s]+$", "must be non-empty and contain no white space"),
            (
                "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$",
                "must contain only letters of any script, spaces of any kind, numbers of any script and `_.:/=+-@`",
            ),
            ("^[a-f0-9 ]{2,}$", "must be at least 2 characters and contain only digits, `a` to `f` and spaces"),
        ];
        for (pattern, words) in cases {
            assert_eq!(requirement(pattern).as_deref(), Some(words), "{pattern}");
        }
    }

    #[test]
    fn other_shapes_are_left_to_the_pattern() {
        for pattern in [
            "[0-9]+",
            "^[^:]",
            "^o-[a-z0-9]{10,32}$",
            "^[0-9A-Za-z\\.\\-_]*(?<!\\.)$",
            "^[\\u0009\\u000A\\u0020-\\u00FF]+$",
            "^(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)$",
            "^[a-z]?$",
        ] {
            assert_eq!(requirement(pattern), None, "{pattern}");
        }
    }
}
