//! Which duties apply to an incident: one rule for `check`, the clocks on playbook pages and
//! in the call tree, and exercise scoring. The deadline calculator runs its twin,
//! `applies` in `themes/default/scripts/deadlines.js`; tests/suite/applies_js.rs holds the
//! two to the same answers.
//!
//! What is not known yet rules nothing out: a responder at the first minute, a playbook
//! page that cannot know the severity, an exercise that names no playbook: each sees every
//! duty that may apply, with its condition in words, rather than a short list that hides
//! one.

use crate::model::Id;
use crate::model::obligation::AppliesWhen;
use serde::Serialize;
use std::collections::BTreeMap;

/// When an obligation applies; every condition given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Condition {
    /// Facts of which at least one must hold (when any are listed).
    pub any: Vec<Id>,
    /// Facts that must all hold.
    pub all: Vec<Id>,
    /// Position of the least severe level it applies at (0 = most severe), if limited.
    pub min_level: Option<usize>,
    /// Incident category ids it is limited to (none: every category).
    pub categories: Vec<Id>,
}

/// What is known of an incident. `None` means not known yet.
#[derive(Debug, Clone, Copy, Default)]
pub struct Situation<'a> {
    /// The facts that hold; a fact not listed does not hold.
    pub facts: &'a [Id],
    /// Position of the severity level (0 = most severe), once assessed.
    pub level: Option<usize>,
    /// The incident's categories, once known.
    pub categories: Option<&'a [Id]>,
}

impl Condition {
    /// The condition `w` states, with severity ids turned into positions by `levels`; an
    /// unknown level id (an error `check` reports) limits nothing.
    pub fn of(w: &AppliesWhen, levels: &BTreeMap<Id, usize>) -> Self {
        Condition {
            any: w.any.iter().map(|f| f.value.clone()).collect(),
            all: w.all.iter().map(|f| f.value.clone()).collect(),
            min_level: w
                .min_severity
                .as_ref()
                .and_then(|l| levels.get(&l.value).copied()),
            categories: w.categories.iter().map(|c| c.value.clone()).collect(),
        }
    }

    /// Whether a duty with this condition may apply in `s`: true unless what is known
    /// rules it out.
    pub fn admits(&self, s: &Situation) -> bool {
        let holds = |f: &Id| s.facts.contains(f);
        let by_facts =
            (self.any.is_empty() || self.any.iter().any(holds)) && self.all.iter().all(holds);
        let by_level = match (self.min_level, s.level) {
            (Some(min), Some(at)) => at <= min,
            _ => true,
        };
        let by_category = match s.categories {
            Some(known) if !self.categories.is_empty() => {
                self.categories.iter().any(|c| known.contains(c))
            }
            _ => true,
        };
        by_facts && by_level && by_category
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[&str]) -> Vec<Id> {
        v.iter().map(|s| Id::parse(s).unwrap()).collect()
    }

    fn cond(any: &[&str], all: &[&str], min_level: Option<usize>, cats: &[&str]) -> Condition {
        Condition {
            any: ids(any),
            all: ids(all),
            min_level,
            categories: ids(cats),
        }
    }

    #[test]
    fn facts_any_and_all() {
        let c = cond(&["personal-data", "card-data"], &["high-risk"], None, &[]);
        let yes = ids(&["card-data", "high-risk"]);
        let no_all = ids(&["card-data"]);
        let no_any = ids(&["high-risk"]);
        let at = |f: &[Id]| {
            c.admits(&Situation {
                facts: f,
                ..Situation::default()
            })
        };
        assert!(at(&yes));
        assert!(!at(&no_all));
        assert!(!at(&no_any));
        assert!(cond(&[], &[], None, &[]).admits(&Situation::default()));
    }

    #[test]
    fn an_unknown_level_or_category_rules_nothing_out() {
        let c = cond(&[], &[], Some(1), &["ransomware"]);
        assert!(c.admits(&Situation::default()));
        fn sit(level: Option<usize>, categories: Option<&[Id]>) -> Situation<'_> {
            Situation {
                facts: &[],
                level,
                categories,
            }
        }
        assert!(c.admits(&sit(Some(0), None)));
        assert!(c.admits(&sit(Some(1), None)));
        assert!(
            !c.admits(&sit(Some(2), None)),
            "less severe than the minimum"
        );
        let ransomware = ids(&["ransomware"]);
        let phishing = ids(&["phishing"]);
        assert!(c.admits(&sit(None, Some(&ransomware))));
        assert!(!c.admits(&sit(None, Some(&phishing))));
        assert!(
            cond(&[], &[], None, &[]).admits(&sit(None, Some(&phishing))),
            "no category limit"
        );
    }
}
