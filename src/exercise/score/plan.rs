//! What the score concludes: strengths, areas for improvement and the improvement plan.

use super::{ActionScore, ObjectiveScore, PlanItem, Timeliness, clock};
use crate::model::exercise::{Assessment, Exercise, Outcome, Rating, Record, Status};
use crate::model::{Date, Id};

/// Strengths and areas for improvement, from the objectives, actions and unplanned actions.
pub(super) fn findings(
    r: &Record,
    actions: &[ActionScore],
    objectives: &[ObjectiveScore],
) -> (Vec<String>, Vec<String>) {
    let mut strengths = Vec::new();
    let mut areas = Vec::new();
    for o in objectives {
        if o.rating == Some(Rating::P) {
            strengths.push(format!("{}: performed without challenges", o.text));
        }
    }
    for a in actions {
        match (a.outcome, a.timeliness) {
            (Outcome::Met, Timeliness::OnTime) => strengths.push(format!("{} (on time)", a.what)),
            (Outcome::Met, Timeliness::Late) => areas.push(format!("{}: done, but late", a.what)),
            (Outcome::NotMet, _) => areas.push(format!("{}: not met", a.what)),
            _ => {}
        }
    }
    for u in &r.unplanned {
        match u.assessment {
            Some(Assessment::Strength) => strengths.push(format!("{} (not in the script)", u.what)),
            Some(Assessment::Concern) => areas.push(format!("{} (not in the script)", u.what)),
            None => {}
        }
    }
    (strengths, areas)
}

/// The improvement plan: agreed items, and one proposed for each other missed or late
/// action.
pub(super) fn plan(
    ex: &Exercise,
    r: &Record,
    actions: &[ActionScore],
    d: &super::Deadlines,
) -> Vec<PlanItem> {
    let start = r.date.value;
    let due = Date::from_days_since_epoch(start.days_since_epoch() + i64::from(d.improvement_days));
    let mut out = Vec::new();
    for a in actions {
        let Some(why) = shortfall(a) else {
            continue;
        };
        let agreed = r
            .improvements
            .iter()
            .find(|m| m.action.as_ref().is_some_and(|x| x.value == a.id));
        out.push(match agreed {
            Some(m) => agreed_item(m, start, Some(a.objective.clone()), why, Some(a), ex),
            None => proposed(ex, a, why, start, due),
        });
    }
    // Agreed items not tied to a missed or late action (e.g. objective-level ones).
    for m in &r.improvements {
        let tied = m
            .action
            .as_ref()
            .is_some_and(|x| out.iter().any(|p| p.action.as_ref() == Some(&x.value)));
        if !tied {
            out.push(untied(ex, m, actions, start));
        }
    }
    out
}

/// The label of the capability objective `obj` of `ex` exercises ("" when unknown).
fn capability(ex: &Exercise, obj: &Id) -> &'static str {
    ex.objectives
        .iter()
        .find(|o| o.id.value == *obj)
        .map_or("", |o| o.capability.value.label())
}

/// What fell short in action `a`, as the plan's area for improvement: not met (with the
/// evidence), or late (with the limits it missed); `None` when it went well.
fn shortfall(a: &ActionScore) -> Option<String> {
    match (a.outcome, a.timeliness) {
        (Outcome::NotMet, _) => {
            let note = a.evaluations.iter().find_map(|e| {
                (e.outcome == Outcome::NotMet)
                    .then_some(e.note.as_deref())
                    .flatten()
            });
            Some(match note {
                Some(n) => format!("{}: not met. {n}", a.what),
                None => format!("{}: not met", a.what),
            })
        }
        (Outcome::Met, Timeliness::Late) => {
            let took = a.elapsed_secs.map(clock).unwrap_or_default();
            let mut limits = Vec::new();
            if let Some(t) = a.target_words() {
                limits.push(format!("target {t}"));
            }
            if let Some(sd) = &a.scheme_deadline {
                limits.push(format!("{}: {}", sd.source, sd.limit));
            }
            Some(format!(
                "{}: late, took {took} ({})",
                a.what,
                limits.join("; ")
            ))
        }
        _ => None,
    }
}

/// The item proposed for action `a` that fell short (`why`) and has no agreed item:
/// training for its role on the step or page it carries out, from `start` to `due`.
fn proposed(ex: &Exercise, a: &ActionScore, why: String, start: Date, due: Date) -> PlanItem {
    PlanItem {
        capability: capability(ex, &a.objective),
        objective: Some(a.objective.clone()),
        area_for_improvement: why,
        corrective_action: match (&a.step, &a.page) {
            (Some(s), _) => format!(
                "Walk `{}` through playbook step `{s}` and rehearse it in the next exercise",
                a.role
            ),
            (None, Some(p)) => format!(
                "Walk `{}` through scheme page `{p}` and rehearse it in the next exercise",
                a.role
            ),
            (None, None) => {
                format!("Walk `{}` through the procedure and rehearse it", a.role)
            }
        },
        element: crate::model::exercise::Element::Training,
        responsible: a.role.clone(),
        start,
        due,
        status: Status::Proposed,
        action: Some(a.id.clone()),
        step: a.step.clone(),
        page: a.page.clone(),
        agreed: false,
        verified: None,
    }
}

/// The agreed item `m` that is tied to no missed or late action: about an objective, or
/// about an action that went well.
fn untied(
    ex: &Exercise,
    m: &crate::model::exercise::Improvement,
    actions: &[ActionScore],
    start: Date,
) -> PlanItem {
    let action = m
        .action
        .as_ref()
        .and_then(|x| actions.iter().find(|a| a.id == x.value));
    let objective = m
        .objective
        .as_ref()
        .map(|o| o.value.clone())
        .or_else(|| action.map(|a| a.objective.clone()));
    let area = action.map_or_else(
        || {
            objective.as_ref().map_or(String::new(), |o| {
                ex.objectives
                    .iter()
                    .find(|x| x.id.value == *o)
                    .map_or(String::new(), |x| x.text.clone())
            })
        },
        |a| a.what.clone(),
    );
    agreed_item(m, start, objective, area, action, ex)
}

/// The plan item for agreed improvement `m`: about `objective`, for `area`, tied to
/// `action` when it is about one; undated starts take the run's date, `start`.
fn agreed_item(
    m: &crate::model::exercise::Improvement,
    start: Date,
    objective: Option<Id>,
    area: String,
    action: Option<&ActionScore>,
    ex: &Exercise,
) -> PlanItem {
    PlanItem {
        capability: objective.as_ref().map_or("", |o| capability(ex, o)),
        objective,
        area_for_improvement: area,
        corrective_action: m.corrective_action.clone(),
        element: m.element,
        responsible: m.owner.value.clone(),
        start: m.start.as_ref().map_or(start, |s| s.value),
        due: m.due.value,
        status: m.status,
        action: action.map(|a| a.id.clone()),
        step: action.and_then(|a| a.step.clone()),
        page: action.and_then(|a| a.page.clone()),
        agreed: true,
        verified: m.verified.clone(),
    }
}
