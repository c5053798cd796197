//! The phases of scoring before the totals: what was observed of each action, the severity
//! in force over the story, which actions carry out which obligation stages, and each
//! action's score.

use super::super::clocks::{ClockScore, ObligationRule, Story};
use super::{
    ActionScore, Evaluation, Outcome, SchemeDeadline, TargetFrom, Timeliness, dispute, evaluations,
};
use crate::model::Id;
use crate::model::exercise::{Exercise, ExpectedAction, Record};
use std::collections::BTreeMap;

/// What the record says of one expected action.
pub(super) struct Observed<'a> {
    /// Index of its inject.
    pub n: usize,
    /// The action.
    pub action: &'a ExpectedAction,
    /// Was its inject played?
    pub played: bool,
    /// The outcome used: the worst seen; Not observed when nobody saw it or its inject
    /// was not played.
    pub outcome: Outcome,
    /// Evaluators saw it differently, or some did not see it.
    pub disagreement: bool,
    /// Who saw what, when they disagree.
    pub dispute: Option<String>,
    /// Every evaluator's view.
    pub evaluations: Vec<Evaluation>,
    /// Seconds from its inject to the action (the slowest evaluated).
    pub elapsed_secs: Option<u64>,
    /// Story second it happened: its inject's story time plus the elapsed time.
    pub at: Option<u64>,
}

/// Every expected action of `ex` as the record `r` observed it.
pub(super) fn observe<'a>(
    ex: &'a Exercise,
    r: &Record,
    played_at: &dyn Fn(usize) -> bool,
) -> Vec<Observed<'a>> {
    let mut evals = evaluations(ex, r);
    let mut out = Vec::new();
    for (n, inj) in ex.injects.iter().enumerate() {
        let played = played_at(n);
        let story = u64::from(
            inj.scenario_time
                .as_ref()
                .map_or(inj.at.value, |t| t.value)
                .0,
        ) * 60;
        for a in &inj.expected {
            let evaluations = evals.remove(&a.id.value).unwrap_or_default();
            // What was noted of an action whose inject was not played is kept, but scores
            // nothing: its outcome is Not observed, so no total, finding, plan item,
            // timeline mark or trend cell counts it.
            let seen: Vec<&Evaluation> = evaluations
                .iter()
                .filter(|e| played && e.outcome != Outcome::NotObserved)
                .collect();
            let outcome = if seen.iter().any(|e| e.outcome == Outcome::NotMet) {
                Outcome::NotMet
            } else if seen.is_empty() {
                Outcome::NotObserved
            } else {
                Outcome::Met
            };
            // Not seen by some while others saw it is listed too, though the outcome is
            // what was seen: a reader should know not everyone saw it.
            let unseen = played
                && !seen.is_empty()
                && evaluations
                    .iter()
                    .any(|e| e.outcome == Outcome::NotObserved);
            let disagreement = unseen || seen.iter().any(|e| e.outcome != seen[0].outcome);
            let dispute = disagreement.then(|| dispute(r, &evaluations));
            let elapsed_secs = seen
                .iter()
                .filter(|e| e.outcome == outcome)
                .filter_map(|e| e.elapsed_secs)
                .max();
            out.push(Observed {
                n,
                action: a,
                played,
                outcome,
                disagreement,
                dispute,
                at: elapsed_secs.map(|e| story + e),
                evaluations,
                elapsed_secs,
            });
        }
    }
    out
}

/// The severity in force over the story: set by the script at injects that were played,
/// and by escalations the team actually made, whichever came last.
pub(super) struct LevelTimeline {
    /// (story second, level), in story order.
    changes: Vec<(u64, Id)>,
    start: Option<Id>,
}

impl LevelTimeline {
    /// The timeline of a run.
    pub(super) fn of(
        ex: &Exercise,
        seen: &[Observed],
        story: &Story,
        played_at: &dyn Fn(usize) -> bool,
    ) -> LevelTimeline {
        let mut changes: Vec<(u64, Id)> = ex
            .injects
            .iter()
            .enumerate()
            .filter(|(k, _)| played_at(*k))
            .filter_map(|(k, i)| Some((story.inject_secs[k], i.severity.as_ref()?.value.clone())))
            .collect();
        changes.extend(seen.iter().filter_map(|o| {
            let level = o.action.escalates_to.as_ref()?;
            (o.played && o.outcome == Outcome::Met).then_some(())?;
            Some((o.at?, level.value.clone()))
        }));
        // A stable sort keeps the script's change first when both fall on the same second.
        changes.sort_by_key(|(t, _)| *t);
        LevelTimeline {
            changes,
            start: ex.severity.as_ref().map(|l| l.value.clone()),
        }
    }

    /// The level in force at the moment inject `n` is given.
    pub(super) fn at(&self, n: usize, story: &Story) -> Option<&Id> {
        let t = story.inject_secs[n];
        self.changes
            .iter()
            .rev()
            .find(|(at, _)| *at <= t)
            .map(|(_, l)| l)
            .or(self.start.as_ref())
    }

    /// Position (0 = most severe) of the most severe level reached during the run.
    pub(super) fn worst(&self, positions: &BTreeMap<Id, usize>) -> Option<usize> {
        self.start
            .iter()
            .chain(self.changes.iter().map(|(_, l)| l))
            .filter_map(|l| positions.get(l).copied())
            .min()
    }
}

/// Which obligation stage each action carries out: the one its `stage:` names, or for an
/// action that notifies a party, the first stage of an applying obligation to that party
/// that no action names.
pub(super) fn stage_of_actions<'a>(
    ex: &'a Exercise,
    applying: &[&'a ObligationRule],
) -> BTreeMap<Id, (&'a Id, &'a Id)> {
    let mut out: BTreeMap<Id, (&Id, &Id)> = BTreeMap::new();
    let actions = || ex.injects.iter().flat_map(|i| &i.expected);
    for a in actions() {
        let Some((ob, st)) = a.stage.as_ref().and_then(|s| s.value.split_once('/')) else {
            continue;
        };
        let found = applying.iter().find(|o| o.id.as_str() == ob).and_then(|o| {
            let stage = o.stages.iter().find(|x| x.id.as_str() == st)?;
            Some((&o.id, &stage.id))
        });
        if let Some(found) = found {
            out.insert(a.id.value.clone(), found);
        }
    }
    for a in actions().filter(|a| a.stage.is_none()) {
        let Some(party) = &a.notifies else {
            continue;
        };
        let free = applying
            .iter()
            .filter(|o| o.party == party.value)
            .flat_map(|o| o.stages.iter().map(move |st| (&o.id, &st.id)))
            .find(|(o, st)| !out.values().any(|(xo, xs)| xo == o && xs == st));
        if let Some(found) = free {
            out.insert(a.id.value.clone(), found);
        }
    }
    out
}

/// An action's deadline from the stage clock it meets.
pub(super) fn clock_deadline(c: &ClockScore, at: Option<u64>) -> Option<SchemeDeadline> {
    let (due, from) = (c.due_secs?, c.from_secs?);
    Some(SchemeDeadline {
        source: if c.from_party {
            c.title.clone()
        } else {
            format!("{}, {}", c.title, c.stage_title.to_lowercase())
        },
        limit: c.deadline.clone(),
        minutes: u32::try_from(due.saturating_sub(from) / 60).unwrap_or(u32::MAX),
        scenario_elapsed_secs: at.map(|t| t.saturating_sub(from)),
    })
}

/// The score of one observed action, judged by its time `target` (minutes from its
/// inject, and where it comes from) and the scheme's deadline.
pub(super) fn action_score(
    ex: &Exercise,
    o: Observed,
    target: Option<(u32, TargetFrom)>,
    scheme_deadline: Option<SchemeDeadline>,
) -> ActionScore {
    let a = o.action;
    let target_minutes = target.map(|(m, _)| m);
    let timeliness = match (o.outcome, o.elapsed_secs) {
        (Outcome::Met, _) if target_minutes.is_none() && scheme_deadline.is_none() => {
            Timeliness::NoTarget
        }
        (Outcome::Met, None) => Timeliness::NotTimed,
        (Outcome::Met, Some(e)) => {
            let late_script = target_minutes.is_some_and(|t| e > u64::from(t) * 60);
            let late_scheme = scheme_deadline.as_ref().is_some_and(|d| {
                d.scenario_elapsed_secs
                    .is_some_and(|s| s > u64::from(d.minutes) * 60)
            });
            if late_script || late_scheme {
                Timeliness::Late
            } else {
                Timeliness::OnTime
            }
        }
        _ => Timeliness::NotApplicable,
    };
    ActionScore {
        id: a.id.value.clone(),
        what: a.what.value.clone(),
        inject: ex.injects[o.n].id.value.clone(),
        objective: a.objective.value.clone(),
        role: a.role.value.clone(),
        step: a.step.as_ref().map(|s| s.value.clone()),
        page: a.page.as_ref().map(|s| s.value.clone()),
        outcome: o.outcome,
        played: o.played,
        disagreement: o.disagreement,
        dispute: o.dispute,
        evaluations: o.evaluations,
        elapsed_secs: o.elapsed_secs,
        target_minutes,
        target_from: target.map(|(_, from)| from),
        scheme_deadline,
        timeliness,
        points: a.points,
        // An action of an inject not played earns nothing, whatever was noted.
        earned: if o.played && o.outcome == Outcome::Met {
            a.points
        } else {
            0
        },
    }
}
