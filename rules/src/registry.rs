use crate::rule::{Rule, RuleMeta};

/// A rule in the table: its metadata and its checks.
pub struct Registered {
    pub meta: &'static RuleMeta,
    pub rule: &'static dyn Rule,
}

pub use crate::rules::RULES;

/// The rule with this code or name.
pub fn find(code_or_name: &str) -> Option<&'static Registered> {
    RULES.iter().find(|rule| rule.meta.code.eq_ignore_ascii_case(code_or_name) || rule.meta.name == code_or_name)
}

/// Declares the rule table: `"AGW001" => module::Rule,` per row. Each row also declares the rule's
/// module, and the code in the row is checked against the rule's own at compile time.
macro_rules! rule_table {
    ($($code:literal => $module:ident :: $rule:ident,)*) => {
        $(mod $module; pub use $module::$rule;)*

        pub static RULES: &[$crate::registry::Registered] = &[
            $($crate::registry::Registered { meta: &$rule::META, rule: &$rule },)*
        ];

        const _: () = { $(assert!($crate::registry::same($code, $rule::META.code), $code);)* };
    };
}
pub(crate) use rule_table;

pub(crate) const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}
