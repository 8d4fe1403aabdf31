//! Applying fixes to a whole document, as `--fix` and the editor's "fix all" do: non-overlapping
//! fixes are applied together, the document is linted again, and this repeats until no fix
//! applies. A round whose result no longer parses is undone fix by fix, so a file is never left
//! unparsable.

use apigw_syntax::{Document, Format, parse};

use crate::diagnostic::{Applicability, Edit, Fix, apply_edits};
use crate::lint::{RuleSet, lint};

/// Enough rounds for fixes that enable other fixes; a pair of fixes undoing each other stops here.
const MAX_ROUNDS: usize = 10;

pub struct FixedText {
    pub text: String,
    /// How many fixes were applied.
    pub applied: usize,
}

/// Applies every fix of `applicability` or safer; `None` when nothing applies.
pub fn fix_all(text: &str, format: Format, rules: &RuleSet, applicability: Applicability) -> Option<FixedText> {
    let mut current = text.to_string();
    let mut applied = 0;
    for _ in 0..MAX_ROUNDS {
        let document = Document::new(current.clone());
        let fixes: Vec<Fix> = lint(&document, format, rules)
            .diagnostics
            .into_iter()
            .filter_map(|diagnostic| diagnostic.fix)
            .filter(|fix| fix.applicability <= applicability)
            .collect();
        let (next, count) = apply_round(&current, format, &fixes);
        if count == 0 {
            break;
        }
        current = next;
        applied += count;
    }
    (applied > 0).then_some(FixedText { text: current, applied })
}

/// Applies the fixes that do not overlap an earlier one; falls back to one at a time when the
/// combination breaks the syntax.
fn apply_round(text: &str, format: Format, fixes: &[Fix]) -> (String, usize) {
    let mut chosen: Vec<&Fix> = Vec::new();
    let mut taken: Vec<&Edit> = Vec::new();
    for fix in fixes {
        let overlaps = fix.edits.iter().any(|edit| taken.iter().any(|other| overlap(edit, other)));
        if !overlaps {
            taken.extend(&fix.edits);
            chosen.push(fix);
        }
    }
    let edits: Vec<Edit> = chosen.iter().flat_map(|fix| fix.edits.iter().cloned()).collect();
    let combined = apply_edits(text, &edits);
    if parses(&combined, format) {
        return (combined, chosen.len());
    }
    let mut current = text.to_string();
    let mut count = 0;
    // Edits of later fixes shift when an earlier one applies: apply from the end backwards.
    for fix in chosen.iter().rev() {
        let candidate = apply_edits(&current, &fix.edits);
        if parses(&candidate, format) {
            current = candidate;
            count += 1;
        }
    }
    (current, count)
}

/// Two edits touch the same text (or insert at the same place, whose order would be arbitrary).
fn overlap(a: &Edit, b: &Edit) -> bool {
    a.span.start < b.span.end && b.span.start < a.span.end || a.span.start == b.span.start
}

fn parses(text: &str, format: Format) -> bool {
    parse(&Document::new(text.to_string()), format).errors.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixes_converge_and_keep_comments() {
        let text = "Resources:\n  Api: {Type: AWS::ApiGatewayV2::Api, Properties: {Name: a, ProtocolType: HTTP}}\n  Stage:\n    Type: AWS::ApiGatewayV2::Stage\n    Properties: {ApiId: !Ref Api, StageName: prod}\n  Mapping: # the mapping\n    Type: AWS::ApiGatewayV2::ApiMapping\n    Properties:\n      DomainName: api.example.com\n      ApiId: !Ref Api\n      Stage: prod\n";
        let rules = RuleSet::select(&["AGW105".to_string()], &[], &[]).unwrap();
        let fixed = fix_all(text, Format::Yaml, &rules, Applicability::Safe).unwrap();
        assert_eq!(fixed.applied, 1);
        assert!(fixed.text.contains("  Mapping: # the mapping\n") && fixed.text.ends_with("      Stage: prod\n    DependsOn: Stage\n"));
        assert!(fix_all(&fixed.text, Format::Yaml, &rules, Applicability::Safe).is_none());
    }
}
