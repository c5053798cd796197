//! `content/rota.yaml` (E0141, W0330, W0331): every rotation names known roles and people
//! who hold the role, its dates make sense, and over the weeks the rota lists no role is
//! left without someone on duty and no one is on duty in two roles that escalate to each
//! other.

use super::diagnostic::{self as diag, Diagnostic};
use crate::model::rota::arith::{DAY, Plan, Wall};
use crate::model::rota::{Rota, Rotation};
use crate::model::{At, Date, Doc, Id, Index, Scheme};
use std::collections::BTreeMap;

/// The most weeks a printed rota may list.
pub const MAX_WEEKS: u32 = 104;

/// The rules on the rota's own content and references.
pub fn check(s: &Scheme, idx: &Index, out: &mut Vec<Diagnostic>) {
    let Some(doc) = &s.rota else { return };
    let file = doc.file.as_str();
    let weeks = &doc.data.weeks;
    if weeks.value == 0 || weeks.value > MAX_WEEKS {
        out.push(
            Diagnostic::error(
                diag::INVALID_VALUE,
                file,
                weeks.pos,
                format!("`weeks: {}` is out of range", weeks.value),
            )
            .with_help(format!(
                "the printed rota lists from 1 to {MAX_WEEKS} weeks"
            )),
        );
    }
    let mut seen: BTreeMap<&Id, &At<Id>> = BTreeMap::new();
    for r in &doc.data.rotations {
        if let Some(first) = seen.insert(&r.role.value, &r.role) {
            out.push(
                Diagnostic::error(
                    diag::DUPLICATE_ID,
                    file,
                    r.role.pos,
                    format!("the role `{}` has two rotations", r.role.value),
                )
                .with_help(format!(
                    "the first is at line {}; keep one rotation per role and cover leave with `overrides`",
                    first.pos.line
                )),
            );
        }
        rotation(s, idx, file, r, out);
    }
}

/// One rotation's references and dates.
fn rotation(s: &Scheme, idx: &Index, file: &str, r: &Rotation, out: &mut Vec<Diagnostic>) {
    let role_known = diag::unknown_ref(file, &idx.roles, &r.role, diag::UNKNOWN_ROLE, "role");
    let role_ok = role_known.is_none();
    out.extend(role_known);
    rotation_people(s, idx, file, r, role_ok, out);
    rotation_dates(file, r, out);
}

/// A rotation lists people, each of them known and (if the role is known) holding it;
/// so does every person covering in an override.
fn rotation_people(
    s: &Scheme,
    idx: &Index,
    file: &str,
    r: &Rotation,
    role_ok: bool,
    out: &mut Vec<Diagnostic>,
) {
    if r.people.is_empty() {
        out.push(
            Diagnostic::error(
                diag::INVALID_VALUE,
                file,
                r.role.pos,
                format!("the rotation for `{}` lists no people", r.role.value),
            )
            .with_help("list the people who take turns under `people:`, in order"),
        );
    }
    let people = r.people.iter().chain(r.overrides.iter().map(|o| &o.person));
    for p in people {
        if let Some(d) = diag::unknown_ref(file, &idx.people, p, diag::UNKNOWN_PERSON, "person") {
            out.push(d);
        } else if role_ok && !holds(s, idx, &p.value, &r.role.value) {
            out.push(
                Diagnostic::error(
                    diag::ROTA_NOT_HOLDER,
                    file,
                    p.pos,
                    format!("`{}` does not hold the role `{}`", p.value, r.role.value),
                )
                .with_help(format!(
                    "add `{}` to the person's `roles:` in contacts.yaml, or name someone who holds it",
                    r.role.value
                ))
                .refers_to(p.value.as_str()),
            );
        }
    }
}

/// A rotation starts on its handover day, ends after it starts, and each cover ends
/// after it begins.
fn rotation_dates(file: &str, r: &Rotation, out: &mut Vec<Diagnostic>) {
    let start = Wall::at(r.start.value, 0);
    if let Some(day) = &r.handover_day
        && start.weekday() + 1 != usize::from(day.value.number())
    {
        out.push(
            Diagnostic::error(
                diag::INVALID_VALUE,
                file,
                r.start.pos,
                format!(
                    "{} is not a {:?}, the rotation's handover day",
                    r.start.value, day.value
                ),
            )
            .with_help("make `start` the date of the first handover, on the handover day"),
        );
    }
    if let Some(end) = &r.end
        && end.value < r.start.value
    {
        out.push(
            Diagnostic::error(
                diag::INVALID_VALUE,
                file,
                end.pos,
                format!(
                    "the rotation ends ({}) before it starts ({})",
                    end.value, r.start.value
                ),
            )
            .with_help("`end` is the last day of the rotation, on or after `start`"),
        );
    }
    for o in &r.overrides {
        if o.to.value < o.from.value {
            out.push(
                Diagnostic::error(
                    diag::INVALID_VALUE,
                    file,
                    o.to.pos,
                    format!(
                        "the cover ends ({}) before it begins ({})",
                        o.to.value, o.from.value
                    ),
                )
                .with_help("`to` is the last duty day covered, on or after `from`"),
            );
        }
    }
}

/// Does person `p` hold role `role` in contacts.yaml?
fn holds(s: &Scheme, idx: &Index, p: &Id, role: &Id) -> bool {
    idx.people
        .get(p)
        .and_then(|i| s.contacts.data.people.get(*i))
        .is_some_and(|person| person.roles.iter().any(|r| r.value == *role))
}

/// A rotation whose every reference is sound, ready for arithmetic.
struct Sound<'a> {
    rotation: &'a Rotation,
    roster: Vec<&'a Id>,
    plan: Plan,
}

/// The rotations the lints can reason about: known role, known holders, sane dates.
fn sound<'a>(s: &Scheme, idx: &Index, doc: &'a Doc<Rota>) -> Vec<Sound<'a>> {
    doc.data
        .rotations
        .iter()
        .filter(|r| {
            idx.roles.contains_key(&r.role.value)
                && !r.people.is_empty()
                && r.people
                    .iter()
                    .chain(r.overrides.iter().map(|o| &o.person))
                    .all(|p| holds(s, idx, &p.value, &r.role.value))
        })
        .map(|r| {
            let (roster, plan) = r.plan();
            Sound {
                rotation: r,
                roster,
                plan,
            }
        })
        .collect()
}

/// The lints over the weeks the rota lists, from `today`: gaps and double duty.
pub fn lints(s: &Scheme, idx: &Index, today: Date, out: &mut Vec<Diagnostic>) {
    let Some(doc) = &s.rota else { return };
    let file = doc.file.as_str();
    let weeks = i64::from(doc.data.weeks.value.clamp(1, MAX_WEEKS));
    let from = Wall::at(today, 0);
    let to = Wall(from.0 + weeks * 7 * DAY);
    let rotations = sound(s, idx, doc);
    for r in &rotations {
        let gaps: Vec<_> = r
            .plan
            .shifts(from, to)
            .into_iter()
            .filter(|sh| sh.person.is_none())
            .collect();
        if let Some(first) = gaps.first() {
            let more = match gaps.len() {
                1 => String::new(),
                n => format!(" ({} gaps in all)", n),
            };
            out.push(
                Diagnostic::warning(
                    diag::ROTA_GAP,
                    file,
                    r.rotation.role.pos,
                    format!(
                        "no one is on duty as `{}` from {} to {}{more}",
                        r.rotation.role.value,
                        first.from.describe(),
                        first.to.describe()
                    ),
                )
                .with_help(
                    "move the rotation's `start` or `end`, or add an override that covers the gap",
                ),
            );
        }
    }
    let paths = escalation_paths(s);
    for (i, a) in rotations.iter().enumerate() {
        for b in &rotations[i + 1..] {
            let key = ordered(&a.rotation.role.value, &b.rotation.role.value);
            let Some(why) = paths.get(&key) else { continue };
            if let Some((t, who)) = same_person(a, b, from, to) {
                out.push(
                    Diagnostic::warning(
                        diag::ROTA_DOUBLE_DUTY,
                        file,
                        b.rotation.role.pos,
                        format!(
                            "`{who}` is on duty as `{}` and as `{}` from {}, and {why}",
                            a.rotation.role.value,
                            b.rotation.role.value,
                            t.describe()
                        ),
                    )
                    .with_help("shift one rotation's order or start, or add an override, so the two roles are held by different people"),
                );
            }
        }
    }
}

/// The two roles in a fixed order, as a key.
fn ordered<'a>(a: &'a Id, b: &'a Id) -> (&'a Id, &'a Id) {
    if a <= b { (a, b) } else { (b, a) }
}

/// Pairs of roles that escalate to each other, with why: called at the same severity
/// level, or a step owned by one escalating to the other.
fn escalation_paths(s: &Scheme) -> BTreeMap<(&Id, &Id), String> {
    let mut out = BTreeMap::new();
    for level in &s.severity.data.levels {
        for (i, a) in level.notify.iter().enumerate() {
            for b in &level.notify[i + 1..] {
                if a.value != b.value {
                    out.entry(ordered(&a.value, &b.value)).or_insert_with(|| {
                        format!("the call tree calls both at level `{}`", level.id.value)
                    });
                }
            }
        }
    }
    for pb in &s.playbooks {
        for step in pb.data.phases.iter().flat_map(|p| &p.steps) {
            let Some(owner) = &step.owner else { continue };
            for e in &step.escalate {
                if let Some(to) = &e.to_role
                    && to.value != owner.value
                {
                    out.entry(ordered(&owner.value, &to.value))
                        .or_insert_with(|| {
                            format!(
                                "step `{}/{}` escalates from one to the other",
                                pb.data.id.value, step.id.value
                            )
                        });
                }
            }
        }
    }
    out
}

/// The first moment from `from` to `to` at which the same person is on duty in both
/// rotations, and who.
fn same_person<'a>(a: &Sound<'a>, b: &Sound<'a>, from: Wall, to: Wall) -> Option<(Wall, &'a Id)> {
    let mut t = from;
    while t < to {
        if let (Some(x), Some(y)) = (a.plan.on_duty(t), b.plan.on_duty(t))
            && a.roster[x] == b.roster[y]
        {
            return Some((t, a.roster[x]));
        }
        let next = [a.plan.next_change(t), b.plan.next_change(t)]
            .into_iter()
            .flatten()
            .min()?;
        t = next;
    }
    None
}
