use apigw_model::Model;
use apigw_model::api::Origin;
use apigw_syntax::{Document, Format, Span};

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::fix::Editor;
use crate::rule::RuleMeta;

/// What a rule reports through: it stamps each diagnostic with the running rule's code, name and
/// severity, and offers the edit builders for fixes.
pub struct Checker<'d> {
    rule: &'static RuleMeta,
    severity: Severity,
    pub editor: Editor<'d>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl<'d> Checker<'d> {
    pub(crate) fn new(rule: &'static RuleMeta, severity: Severity, document: &'d Document, format: Format) -> Self {
        Checker { rule, severity, editor: Editor::new(document, format), diagnostics: Vec::new() }
    }

    /// A diagnostic of the running rule at `span`; add related places and a fix, then [`Self::push`].
    pub fn diagnostic(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code: self.rule.code,
            name: self.rule.name,
            severity: self.severity,
            message: message.into(),
            span,
            related: Vec::new(),
            fix: None,
            resource: None,
            construct: None,
        }
    }

    /// A diagnostic about an element of the model: it names the element's resource.
    pub fn at(&self, model: &Model, origin: Origin, span: Span, message: impl Into<String>) -> Diagnostic {
        self.diagnostic(span, message).for_resource(model.resource_id(origin))
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// A fix with the rule's declared applicability; `None` when there are no edits to make.
    pub fn fix(&self, title: impl Into<String>, edits: impl IntoIterator<Item = Option<Edit>>) -> Option<Fix> {
        let applicability = match self.rule.fix {
            crate::FixKind::Safe => Applicability::Safe,
            _ => Applicability::Unsafe,
        };
        let edits: Option<Vec<Edit>> = edits.into_iter().collect();
        edits.filter(|edits| !edits.is_empty()).map(|edits| Fix { title: title.into(), applicability, edits })
    }
}
