use apigw_model::Model;
use apigw_syntax::SyntaxError;

use crate::checker::Checker;
use crate::diagnostic::Severity;

/// Whether a rule offers a fix, and how safe it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixKind {
    None,
    Safe,
    Unsafe,
}

/// A rule's public identity and documentation, declared once with [`declare_rule!`].
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub fix: FixKind,
    /// Whether the rule runs without being selected. Best-practice checks that are no defect
    /// (access logs) are off by default: `extend-select` turns them on, as in ruff.
    pub default: bool,
    /// The rule's doc comment, as written (each line keeps the space after `///`).
    pub doc: &'static str,
}

impl RuleMeta {
    /// The documentation as Markdown.
    pub fn documentation(&self) -> String {
        let lines: Vec<&str> = self.doc.lines().map(|line| line.strip_prefix(' ').unwrap_or(line)).collect();
        lines.join("\n").trim().to_string()
    }

    /// The first paragraph of the documentation: one line for `apigw-lint rules`.
    pub fn summary(&self) -> String {
        let doc = self.documentation();
        let text: Vec<&str> = doc.lines().skip_while(|line| line.starts_with('#')).take_while(|line| !line.trim().is_empty()).collect();
        text.join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The rule's page: what `apigw-lint rule CODE` prints and `docs/rules/CODE.md` holds.
    pub fn page(&self) -> String {
        let fix = match self.fix {
            FixKind::None => "none",
            FixKind::Safe => "safe",
            FixKind::Unsafe => "unsafe (offered, applied only on request)",
        };
        let selection = if self.default {
            String::new()
        } else {
            format!(" Off by default: turn it on with `extend-select = [\"{}\"]` in `apigw-lint.toml` or `--extend-select {}`.", self.code, self.code)
        };
        format!(
            "# {} {}\n\nDefault severity: {}. Fix: {fix}.{selection}\n\n{}\n",
            self.code,
            self.name,
            self.severity.as_str(),
            self.documentation()
        )
    }

    /// Where the rule's page lives, for editors and SARIF.
    pub fn url(&self) -> String {
        format!("https://apigw-lint.dev/rules/{}", self.code)
    }
}

pub trait Rule: Sync {
    /// Runs on a document that does not parse (only AGW001 does).
    fn check_syntax(&self, _errors: &[SyntaxError], _checker: &mut Checker) {}

    /// Runs on a template.
    fn check(&self, _model: &Model, _checker: &mut Checker) {}
}

/// Declares a rule: a unit struct whose doc comment is its documentation and whose `META`
/// holds its code, name, default severity and fix availability.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            code: $code:literal,
            name: $rule_name:literal,
            severity: $severity:ident,
            fix: $fix:ident
            $(, default: $default:literal)? $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl $name {
            pub const META: $crate::RuleMeta = $crate::RuleMeta {
                code: $code,
                name: $rule_name,
                severity: $crate::Severity::$severity,
                fix: $crate::FixKind::$fix,
                default: true $(&& $default)?,
                doc: concat!($($doc, "\n"),*),
            };
        }
    };
}
