use apigw_syntax::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Whether a fix may be applied without a person looking at it (ruff's applicability).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Applicability {
    /// Cannot change meaning beyond the obvious repair: `--fix` applies it.
    Safe,
    /// A likely repair that needs a look: offered as a code action, `--fix --unsafe-fixes`.
    Unsafe,
}

/// Replace `span` with `text` (an insertion when the span is empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    /// Non-overlapping edits, in order.
    pub edits: Vec<Edit>,
}

/// Another place that explains a diagnostic: the other mapping, the first route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The smallest range that is wrong.
    pub span: Span,
    pub related: Vec<Related>,
    pub fix: Option<Fix>,
    /// The logical id of the resource the diagnostic is about, when there is one.
    pub resource: Option<String>,
    /// The CDK construct path of that resource (`MyStack/HttpApi/DefaultStage/Resource`), when the
    /// template is CDK output.
    pub construct: Option<String>,
}

impl Diagnostic {
    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related { span, message: message.into() });
        self
    }

    pub fn with_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }

    pub fn for_resource(mut self, resource: Option<&str>) -> Self {
        self.resource = resource.map(str::to_string);
        self
    }
}

/// Applies edits to a text. Edits must not overlap; they are applied from the end backwards.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|edit| (edit.span.start, edit.span.end));
    let mut out = text.to_string();
    for edit in sorted.into_iter().rev() {
        let range = edit.span.range();
        if range.end <= out.len() && out.is_char_boundary(range.start) && out.is_char_boundary(range.end) {
            out.replace_range(range, &edit.text);
        }
    }
    out
}
