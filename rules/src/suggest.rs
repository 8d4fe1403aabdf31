//! "Did you mean …?": the defined name closest to a misspelt one.

use crate::registry::RULES;

/// The rule code or name closest to a misspelt one.
pub(crate) fn closest_rule(name: &str) -> Option<&'static str> {
    closest(name.trim(), RULES.iter().flat_map(|rule| [rule.meta.code, rule.meta.name]))
}

/// The candidate closest to `name` by edit distance (a swap of two neighbouring characters
/// counts as one edit, case is ignored), when it is close enough to be a likely typo: at most one
/// edit in three characters. `None` when nothing is that close, or when two candidates are equally
/// close (a suggestion must not be a coin toss).
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let folded = name.to_lowercase();
    let limit = (name.chars().count() / 3).max(1);
    let mut best: Option<(usize, usize, &'a str)> = None;
    let mut tie = false;
    for candidate in candidates {
        if candidate == name {
            continue;
        }
        let distance = edit_distance(&folded, &candidate.to_lowercase());
        if distance > limit {
            continue;
        }
        // Among names as far apart ignoring case, the one that also matches the case wins.
        let rank = (distance, edit_distance(name, candidate));
        match best {
            Some((d, c, best_name)) if (d, c) == rank && best_name != candidate => tie = true,
            Some((d, c, _)) if (d, c) <= rank => {}
            _ => {
                best = Some((rank.0, rank.1, candidate));
                tie = false;
            }
        }
    }
    if tie { None } else { best.map(|(_, _, candidate)| candidate) }
}

/// The optimal string alignment distance: insertions, deletions, substitutions and swaps of two
/// neighbouring characters, each one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let width = b.len() + 1;
    let mut table = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            table[i * width + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (table[(i - 1) * width + j] + 1)
                    .min(table[i * width + j - 1] + 1)
                    .min(table[(i - 1) * width + j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(table[(i - 2) * width + j - 2] + 1);
                }
                best
            };
        }
    }
    table[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_name() {
        let names = ["HttpApi", "ProdStage", "OrdersFunction", "AWS::Region"];
        assert_eq!(closest("HtpApi", names), Some("HttpApi"));
        assert_eq!(closest("OrdersFucntion", names), Some("OrdersFunction"));
        assert_eq!(closest("httpapi", names), Some("HttpApi"));
        assert_eq!(closest("AWS::Regoin", names), Some("AWS::Region"));
    }

    #[test]
    fn distant_names_get_no_suggestion() {
        assert_eq!(closest("Database", ["HttpApi", "ProdStage"]), None);
        // Three characters allow one edit, not two.
        assert_eq!(closest("Fun", ["Fn"]), Some("Fn"));
        assert_eq!(closest("Abc", ["Xyc"]), None);
    }

    #[test]
    fn ties_get_no_suggestion() {
        assert_eq!(closest("Stage1", ["Stage2", "Stage3"]), None);
        // Unless case breaks the tie.
        assert_eq!(closest("Routea", ["routeA", "RouteA"]), Some("RouteA"));
    }

    #[test]
    fn misspelt_rules_find_their_code_or_name() {
        assert_eq!(closest_rule("AGW4O1"), Some("AGW401"));
        assert_eq!(closest_rule("agw4o1"), Some("AGW401"));
        assert_eq!(closest_rule("mapping-stage-rcae"), Some("mapping-stage-race"));
        // AGW901 to AGW905 are all two edits away.
        assert_eq!(closest_rule("AGW999"), None);
    }

    #[test]
    fn swaps_count_once() {
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
