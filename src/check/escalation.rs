//! The lint for one person on two tiers of an escalation path (W0323): the call tree of a
//! severity level rings the same person first for two of its roles.
//!
//! The call tree page says to call each role's holders in directory order, so the person
//! rung first for a role is its first holder in `people:`. When that is one person for
//! two roles of one level (a CISO who is also the ISIRT lead), the second call reaches
//! nobody new and escalating from one role to the other changes nothing: if that person
//! cannot be reached, both calls fail at once. W0303 does not see this, as each role can
//! have as many holders as it asks for.

use super::diagnostic::{self as diag, Diagnostic};
use crate::model::{Id, Index, Scheme};
use std::collections::BTreeMap;

/// One role a person is rung first for, at one level: (role, 1-based call position).
type Call<'a> = (&'a Id, usize);
/// Where one person is rung for two roles: (level name, level id, first call, second call).
type Twice<'a> = (&'a str, &'a Id, usize, usize);

/// Warns once per person and pair of roles the call tree rings them first for at the same
/// severity level, naming both roles, their call positions and the levels.
pub fn two_tiers(s: &Scheme, idx: &Index) -> Vec<Diagnostic> {
    let ct = &s.contacts.data;
    // (person index, first role, second role) -> [(level id, call of first, call of second)]
    let mut found: BTreeMap<(usize, &Id, &Id), Vec<Twice>> = BTreeMap::new();
    for lv in &s.severity.data.levels {
        let mut rung: BTreeMap<usize, Vec<Call>> = BTreeMap::new();
        let mut position = 0;
        for r in &lv.notify {
            // Unknown roles are reported by the reference rules; the call tree skips them.
            if !idx.roles.contains_key(&r.value) {
                continue;
            }
            position += 1;
            let first = ct
                .people
                .iter()
                .position(|p| p.roles.iter().any(|x| x.value == r.value));
            if let Some(p) = first {
                let calls = rung.entry(p).or_default();
                if !calls.iter().any(|(id, _)| **id == r.value) {
                    calls.push((&r.value, position));
                }
            }
        }
        for (p, calls) in rung {
            for (i, (a, ca)) in calls.iter().enumerate() {
                for (b, cb) in &calls[i + 1..] {
                    found
                        .entry((p, a, b))
                        .or_default()
                        .push((&lv.name, &lv.id.value, *ca, *cb));
                }
            }
        }
    }
    found
        .into_iter()
        .map(|((p, a, b), levels)| {
            let person = &ct.people[p];
            let at: Vec<String> = levels
                .iter()
                .map(|(name, lv, ca, cb)| format!("{name} (`{lv}`, calls {ca} and {cb})"))
                .collect();
            Diagnostic::warning(
                diag::TWO_TIERS,
                &s.contacts.file,
                person.id.pos,
                format!(
                    "`{}` is rung first as `{a}` and again as `{b}` at {}: one person on two tiers of the escalation path",
                    person.id.value,
                    at.join(", ")
                ),
            )
            .with_help(format!(
                "list another holder of `{a}` or `{b}` before `{}` in `people:` (a deputy), or take one of the roles off them, so that escalating reaches someone new",
                person.id.value
            ))
        })
        .collect()
}
