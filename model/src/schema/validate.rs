//! Checks a spanned tree against compiled rules the way CloudFormation reads values: scalars are
//! coerced (`"true"` is a boolean, `"30"` an integer, `30` a string), intrinsic functions and
//! YAML aliases are values of unknown content and are never judged. Whenever the outcome is
//! uncertain (a pattern Rust cannot compile, an unresolvable `$ref`, a YAML merge key) nothing is
//! reported: a false error costs more than a missed one.

use apigw_syntax::{Entry, Node, Scalar, ScalarKind, Span, Value};
use serde_json::Value as Json;

use super::compile::{Additional, Id, Rule, Types};
use super::{SchemaViolation, ViolationKind, closest, describe};

/// Schema indirections (`$ref`, `allOf`, `anyOf`) followed without descending into the value;
/// only a `$ref` cycle gets near it, and then validation of that value just stops.
const MAX_HOPS: u32 = 32;

enum Segment<'n> {
    Key(&'n str),
    Index(usize),
}

pub(super) struct Validator<'a, 'n> {
    rules: &'a [Rule],
    type_name: &'a str,
    /// Top-level properties that are read-only: known, but never suggested.
    read_only: &'a [String],
    is_intrinsic: &'a dyn Fn(&Node) -> bool,
    path: Vec<Segment<'n>>,
    /// While probing `anyOf` branches only the kinds and count of violations matter: messages
    /// (and closest-name searches) are left empty, and made for the one branch reported.
    quiet: bool,
    /// CloudFormation rejects `null` values, but the SAM transform runs first and ignores
    /// some; for SAM types a null is not judged.
    sam: bool,
}

impl<'a, 'n> Validator<'a, 'n> {
    pub fn new(
        rules: &'a [Rule],
        type_name: &'a str,
        read_only: &'a [String],
        is_intrinsic: &'a dyn Fn(&Node) -> bool,
    ) -> Self {
        let sam = type_name.starts_with("AWS::Serverless::");
        Validator { rules, type_name, read_only, is_intrinsic, path: Vec::new(), quiet: false, sam }
    }

    /// A value whose content is unknown until deployment, or unknown to us.
    pub fn is_opaque(&self, node: &Node) -> bool {
        node.tag.is_some() || matches!(node.value, Value::Alias(_)) || (self.is_intrinsic)(node)
    }

    /// Records a violation; `describe` gives its message and suggestion unless probing.
    fn emit(
        &self,
        out: &mut Vec<SchemaViolation>,
        kind: ViolationKind,
        span: Span,
        describe: impl FnOnce() -> (String, Option<String>),
    ) {
        let (message, suggestion) = if self.quiet { (String::new(), None) } else { describe() };
        out.push(SchemaViolation { kind, span, message, suggestion });
    }

    fn invalid(&self, out: &mut Vec<SchemaViolation>, node: &Node, message: impl FnOnce() -> String) {
        self.emit(out, ViolationKind::InvalidValue, node.span, || (message(), None));
    }

    /// Checks `node` against rule `id`. `anchor` is where a missing property of this object is
    /// reported: the key the object is the value of, or the object itself.
    pub fn check(&mut self, node: &'n Node, id: Id, anchor: Span, hops: u32, out: &mut Vec<SchemaViolation>) {
        if hops > MAX_HOPS || self.is_opaque(node) || (self.sam && node.is_null()) {
            return;
        }
        let rules = self.rules;
        let rule = &rules[id];
        let types = rule.accepted_types();
        if !types.is_empty() && !accepts(types, node) {
            self.invalid(out, node, || format!("expected {}, found {}", types.describe(), found(node)));
            return;
        }
        match &node.value {
            // A JSON document written as a string is opaque text.
            Value::Scalar(_) if rule.json => return,
            Value::Scalar(scalar) => {
                if !self.check_scalar(node, scalar, rule, out) {
                    return;
                }
            }
            Value::Mapping(entries) => self.check_object(entries, rule, anchor, out),
            Value::Sequence(items) => self.check_array(node, items, rule, out),
            Value::Alias(_) => return,
        }
        for &sub in &rule.all_of {
            self.check(node, sub, anchor, hops + 1, out);
        }
        for group in &rule.any_of {
            self.check_any_of(node, group, anchor, hops + 1, out);
        }
    }

    /// `false` when the value is already reported: one problem per value (a value outside an
    /// enum need not also hear about its length).
    fn check_scalar(&self, node: &Node, scalar: &Scalar, rule: &Rule, out: &mut Vec<SchemaViolation>) -> bool {
        if scalar.kind == ScalarKind::Null {
            return true;
        }
        if let Some(allowed) = &rule.allowed
            && !allowed.iter().any(|value| enum_matches(value, scalar))
        {
            self.emit(out, ViolationKind::InvalidValue, node.span, || {
                let names: Vec<String> = allowed.iter().map(display_json).collect();
                let suggestion = closest(&scalar.text, allowed.iter().filter_map(Json::as_str)).map(str::to_owned);
                let mut message = format!("{} is not one of {}", display(scalar), names.join(", "));
                if let Some(suggestion) = &suggestion {
                    message.push_str(&format!("; did you mean `{suggestion}`?"));
                }
                (message, suggestion)
            });
            return false;
        }
        let as_string = match scalar.kind {
            ScalarKind::String => true,
            ScalarKind::Number => {
                rule.types.contains(Types::STRING) && !rule.types.contains(Types::NUMBER.union(Types::INTEGER))
            }
            ScalarKind::Bool(_) => rule.types.contains(Types::STRING) && !rule.types.contains(Types::BOOLEAN),
            ScalarKind::Null => false,
        };
        if as_string {
            let length = || scalar.text.chars().count() as u64;
            if let Some(min) = rule.min_length.filter(|min| length() < *min) {
                self.invalid(out, node, || format!("{} is shorter than the minimum length {min}", display(scalar)));
                return false;
            }
            if let Some(max) = rule.max_length.filter(|max| length() > *max) {
                self.invalid(out, node, || {
                    format!("{} is longer than the maximum length {max} ({} characters)", display(scalar), length())
                });
                return false;
            }
            if let Some(pattern) = &rule.pattern
                && pattern.is_match(&scalar.text) == Some(false)
            {
                self.invalid(out, node, || match describe::requirement(&pattern.source) {
                    Some(requirement) => format!("{} {requirement} (pattern `{}`)", display(scalar), pattern.source),
                    None => format!("{} must match the pattern `{}`", display(scalar), pattern.source),
                });
                return false;
            }
        }
        let numeric = scalar.kind == ScalarKind::Number
            || (scalar.kind == ScalarKind::String && rule.types.contains(Types::NUMBER.union(Types::INTEGER)));
        if numeric && let Some(value) = parse_number(&scalar.text) {
            let text = scalar.text.trim();
            if let Some(min) = rule.minimum.as_ref().filter(|min| min.as_f64().is_some_and(|min| value < min)) {
                self.invalid(out, node, || format!("{text} is below the minimum {min}"));
                return false;
            }
            if let Some(max) = rule.maximum.as_ref().filter(|max| max.as_f64().is_some_and(|max| value > max)) {
                self.invalid(out, node, || format!("{text} is above the maximum {max}"));
                return false;
            }
        }
        true
    }

    fn check_object(&mut self, entries: &'n [Entry], rule: &Rule, anchor: Span, out: &mut Vec<SchemaViolation>) {
        // `<<: *base` merges keys we cannot see.
        let merges = entries.iter().any(|entry| entry.key.text == "<<");
        for entry in entries {
            let key = entry.key.text.as_str();
            // `Fn::Transform` and friends may sit among properties.
            if key == "<<" || key.starts_with("Fn::") {
                continue;
            }
            self.path.push(Segment::Key(key));
            let mut known = false;
            if let Some((_, sub)) = rule.properties.iter().find(|(name, _)| name == key) {
                known = true;
                self.check(&entry.value, *sub, entry.key.span, 0, out);
            }
            for (pattern, sub) in &rule.pattern_properties {
                match pattern.is_match(key) {
                    Some(true) => {
                        known = true;
                        self.check(&entry.value, *sub, entry.key.span, 0, out);
                    }
                    None => known = true,
                    Some(false) => {}
                }
            }
            if !known {
                match rule.additional {
                    Additional::Allowed => {}
                    Additional::Forbidden => {
                        self.path.pop();
                        self.unknown_property(entry, rule, out);
                        continue;
                    }
                    Additional::Schema(sub) => self.check(&entry.value, sub, entry.key.span, 0, out),
                }
            }
            self.path.pop();
        }
        if merges {
            return;
        }
        for name in &rule.required {
            if !entries.iter().any(|entry| entry.key.text == *name) {
                self.emit(out, ViolationKind::MissingRequired, anchor, || {
                    (format!("missing required property `{name}`{}", self.location()), None)
                });
            }
        }
    }

    fn unknown_property(&self, entry: &Entry, rule: &Rule, out: &mut Vec<SchemaViolation>) {
        self.emit(out, ViolationKind::UnknownProperty, entry.key.span, || {
            let top = self.path.is_empty();
            let candidates = rule
                .properties
                .iter()
                .map(|(name, _)| name.as_str())
                .filter(|name| !(top && self.read_only.iter().any(|r| r == name)));
            let suggestion = closest(&entry.key.text, candidates).map(str::to_owned);
            let mut message = format!("unknown property `{}`{}", entry.key.text, self.location());
            if let Some(suggestion) = &suggestion {
                message.push_str(&format!("; did you mean `{suggestion}`?"));
            }
            (message, suggestion)
        });
    }

    fn check_array(&mut self, node: &'n Node, items: &'n [Node], rule: &Rule, out: &mut Vec<SchemaViolation>) {
        if let Some(min) = rule.min_items
            && (items.len() as u64) < min
        {
            self.invalid(out, node, || {
                format!("expected at least {min} {}, found {}", plural(min, "item"), items.len())
            });
        }
        // An intrinsic item may turn out to be `AWS::NoValue` and vanish, never to add items.
        let at_least = items.iter().filter(|item| !self.is_opaque(item)).count();
        if let Some(max) = rule.max_items
            && at_least as u64 > max
        {
            self.invalid(out, node, || format!("expected at most {max} {}, found {at_least}", plural(max, "item")));
        }
        if let Some(sub) = rule.items {
            for (index, item) in items.iter().enumerate() {
                self.path.push(Segment::Index(index));
                self.check(item, sub, item.span, 0, out);
                self.path.pop();
            }
        }
    }

    /// Valid when a branch is; otherwise reports the errors of the one branch the value was
    /// evidently meant for (by shape, then by a matching discriminator such as `Type: Api`,
    /// then by fewest errors), or one summary when no branch stands out.
    fn check_any_of(&mut self, node: &'n Node, group: &[Id], anchor: Span, hops: u32, out: &mut Vec<SchemaViolation>) {
        // A branch whose discriminator has another value (`Type: S3` for the SNS event) fails
        // for sure: it is not probed (SAM events have twenty-odd branches).
        let verdicts: Vec<Option<bool>> = group.iter().map(|&branch| self.discriminate(node, branch)).collect();
        let pinned_out = |i: usize| verdicts[i] == Some(false) && verdicts.iter().any(|v| *v != Some(false));
        let quiet = std::mem::replace(&mut self.quiet, true);
        let mut failures: Vec<(usize, Vec<SchemaViolation>)> = Vec::new();
        for (i, &branch) in group.iter().enumerate() {
            if pinned_out(i) {
                continue;
            }
            let mut errors = Vec::new();
            self.check(node, branch, anchor, hops, &mut errors);
            if errors.is_empty() {
                self.quiet = quiet;
                return;
            }
            failures.push((i, errors));
        }
        self.quiet = quiet;
        let mut candidates: Vec<(usize, Vec<SchemaViolation>)> =
            failures.into_iter().filter(|(i, _)| self.takes_shape(node, group[*i], 0)).collect();
        if candidates.is_empty() {
            let types = group.iter().fold(Types::default(), |types, &branch| types.union(self.types_of(branch, 0)));
            if !types.is_empty() {
                self.invalid(out, node, || format!("expected {}, found {}", types.describe(), found(node)));
            }
            return;
        }
        if candidates.iter().any(|(i, _)| verdicts[*i] == Some(true)) {
            candidates.retain(|(i, _)| verdicts[*i] == Some(true));
        }
        let fewest = candidates.iter().map(|(_, errors)| errors.len()).min().unwrap_or(0);
        candidates.retain(|(_, errors)| errors.len() == fewest);
        if let [(only, errors)] = &mut candidates[..] {
            if self.quiet {
                out.append(errors);
            } else {
                self.check(node, group[*only], anchor, hops, out);
            }
            return;
        }
        // Several branches are equally close: one summary at the value.
        if candidates.iter().all(|(_, errors)| errors.iter().all(|e| e.kind == ViolationKind::MissingRequired)) {
            let options: Vec<String> = candidates
                .iter()
                .map(|(i, _)| {
                    let names = self.missing_in(node, group[*i]);
                    names.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(" and ")
                })
                .filter(|option| !option.is_empty())
                .collect();
            if !options.is_empty() {
                self.emit(out, ViolationKind::MissingRequired, anchor, || {
                    (format!("missing required property {}{}", join_or(&options), self.location()), None)
                });
                return;
            }
        }
        self.invalid(out, node, || {
            let what = match &node.value {
                Value::Mapping(_) => "the object".to_owned(),
                Value::Sequence(_) => "the array".to_owned(),
                Value::Scalar(scalar) => display(scalar),
                Value::Alias(_) => "the alias".to_owned(),
            };
            format!("{what} does not match any of the {} allowed forms{}", group.len(), self.location())
        });
    }

    /// Whether the value has a type the branch (with what it includes) can take at all.
    fn takes_shape(&self, node: &Node, id: Id, hops: u32) -> bool {
        if hops > MAX_HOPS {
            return true;
        }
        let rule = &self.rules[id];
        let types = rule.accepted_types();
        (types.is_empty() || accepts(types, node))
            && rule.all_of.iter().all(|&sub| self.takes_shape(node, sub, hops + 1))
            && rule.any_of.iter().all(|group| group.iter().any(|&sub| self.takes_shape(node, sub, hops + 1)))
    }

    /// The types a branch names, for a message.
    fn types_of(&self, id: Id, hops: u32) -> Types {
        let rule = &self.rules[id];
        let types = rule.accepted_types();
        if !types.is_empty() || hops > MAX_HOPS {
            return types;
        }
        let all = rule.all_of.iter().map(|&sub| self.types_of(sub, hops + 1));
        let any = rule.any_of.iter().flatten().map(|&sub| self.types_of(sub, hops + 1));
        all.chain(any).fold(Types::default(), Types::union)
    }

    /// The rules a branch includes through `$ref` and `allOf`, itself first.
    fn included(&self, id: Id) -> Vec<Id> {
        let mut seen = vec![id];
        let mut next = 0;
        while next < seen.len() && seen.len() < 64 {
            for &sub in &self.rules[seen[next]].all_of {
                if !seen.contains(&sub) {
                    seen.push(sub);
                }
            }
            next += 1;
        }
        seen
    }

    /// `Some(true)` when a property the branch pins to an enum or const (`Type: Api`) has a
    /// matching value, `Some(false)` when one has another value (so the branch cannot match),
    /// `None` when the branch pins nothing the value says.
    fn discriminate(&self, node: &Node, branch: Id) -> Option<bool> {
        let entries = node.entries()?;
        let mut verdict = None;
        for id in self.included(branch) {
            for (name, sub) in &self.rules[id].properties {
                let Some(entry) = entries.iter().find(|entry| entry.key.text == *name) else { continue };
                if self.is_opaque(&entry.value) {
                    continue;
                }
                let Some(scalar) = entry.value.scalar() else { continue };
                for pinned in self.included(*sub) {
                    if let Some(allowed) = &self.rules[pinned].allowed {
                        if !allowed.iter().any(|v| enum_matches(v, scalar)) {
                            return Some(false);
                        }
                        verdict = Some(true);
                    }
                }
            }
        }
        verdict
    }

    /// The properties a branch requires that the object lacks.
    fn missing_in(&self, node: &Node, branch: Id) -> Vec<&'a str> {
        let rules = self.rules;
        let mut missing: Vec<&'a str> = Vec::new();
        for id in self.included(branch) {
            for name in &rules[id].required {
                if node.entry(name).is_none() && !missing.contains(&name.as_str()) {
                    missing.push(name);
                }
            }
        }
        missing
    }

    /// ` in CorsConfiguration of AWS::ApiGatewayV2::Api`, or ` of …` at the top level.
    fn location(&self) -> String {
        let mut path = String::new();
        for segment in &self.path {
            match segment {
                Segment::Key(key) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                }
                Segment::Index(index) => path.push_str(&format!("[{index}]")),
            }
        }
        if path.is_empty() { format!(" of `{}`", self.type_name) } else { format!(" in `{path}` of `{}`", self.type_name) }
    }
}

/// Whether CloudFormation takes the value as one of `types`, with its coercions.
fn accepts(types: Types, node: &Node) -> bool {
    match &node.value {
        Value::Mapping(_) => types.contains(Types::OBJECT),
        Value::Sequence(_) => types.contains(Types::ARRAY),
        Value::Alias(_) => true,
        Value::Scalar(scalar) => match scalar.kind {
            ScalarKind::Null => types.contains(Types::NULL),
            ScalarKind::Bool(_) => types.contains(Types::BOOLEAN.union(Types::STRING)),
            ScalarKind::Number => {
                types.contains(Types::NUMBER.union(Types::STRING))
                    || (types.contains(Types::INTEGER)
                        && parse_number(&scalar.text).is_none_or(|value| value.fract() == 0.0))
            }
            ScalarKind::String => {
                let number = || parse_number(&scalar.text);
                types.contains(Types::STRING)
                    || (types.contains(Types::BOOLEAN) && is_boolean_word(&scalar.text))
                    || (types.contains(Types::NUMBER) && number().is_some())
                    || (types.contains(Types::INTEGER) && number().is_some_and(|value| value.fract() == 0.0))
            }
        },
    }
}

/// `true`/`false` in any case, and the YAML 1.1 words some CloudFormation parsers still read as
/// booleans (accepting them only avoids false reports).
fn is_boolean_word(text: &str) -> bool {
    matches!(text.trim().to_ascii_lowercase().as_str(), "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n")
}

/// A number as written in YAML or JSON, or in a numeric string; `None` when it is not one.
fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, text.strip_prefix('+').unwrap_or(text)),
    };
    let radix = |prefix: &str, radix: u32| {
        digits.strip_prefix(prefix).and_then(|rest| i64::from_str_radix(rest, radix).ok()).map(|v| sign * v as f64)
    };
    if let Some(value) = radix("0x", 16).or_else(|| radix("0o", 8)) {
        return Some(value);
    }
    let value = if text.contains('_') { text.replace('_', "").parse::<f64>() } else { text.parse::<f64>() };
    // Rust also parses `inf` and `NaN`, which are no numbers here.
    value.ok().filter(|value| value.is_finite())
}

fn enum_matches(value: &Json, scalar: &Scalar) -> bool {
    match value {
        Json::String(text) => scalar.kind != ScalarKind::Null && scalar.text == *text,
        Json::Number(number) => {
            scalar.kind != ScalarKind::Null
                && number.as_f64().zip(parse_number(&scalar.text)).is_some_and(|(a, b)| a == b)
        }
        Json::Bool(expected) => match scalar.kind {
            ScalarKind::Bool(actual) => actual == *expected,
            ScalarKind::String => scalar.text.eq_ignore_ascii_case(if *expected { "true" } else { "false" }),
            _ => false,
        },
        Json::Null => scalar.kind == ScalarKind::Null,
        // A scalar never equals an object or array; but no template means that, so don't judge.
        _ => true,
    }
}

/// `an array`, `null`, `"abc"`, `1.5`: what was found, for a type message.
pub(super) fn found(node: &Node) -> String {
    match &node.value {
        Value::Mapping(_) => "an object".to_owned(),
        Value::Sequence(_) => "an array".to_owned(),
        Value::Alias(_) => "an alias".to_owned(),
        Value::Scalar(scalar) if scalar.kind == ScalarKind::Null => "null".to_owned(),
        Value::Scalar(scalar) => display(scalar),
    }
}

/// A scalar for a message: strings quoted (and shortened), numbers and booleans as written.
fn display(scalar: &Scalar) -> String {
    match scalar.kind {
        ScalarKind::String => {
            const MAX: usize = 60;
            let mut shown: String = scalar.text.chars().take(MAX).collect();
            if scalar.text.chars().count() > MAX {
                shown.push('…');
            }
            format!("`{}`", shown.escape_debug())
        }
        ScalarKind::Null => "null".to_owned(),
        _ => scalar.text.trim().to_owned(),
    }
}

fn display_json(value: &Json) -> String {
    match value {
        Json::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn plural(count: u64, word: &str) -> String {
    if count == 1 { word.to_owned() } else { format!("{word}s") }
}

/// `a`, `a or b`, `a, b or c`.
fn join_or(options: &[String]) -> String {
    match options.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}
