//! Scoring a run: each expected action Met / Not met / Not observed, timeliness against the
//! script's targets and the scheme's own deadlines, coverage and performance, HSEEP
//! ratings per objective with evaluator overrides, and the improvement plan.
//!
//! The score is a pure function of the record, the exercise and the scheme: the same
//! sources always give the same score.

use super::clocks::{ClockScore, Done, ObligationRule, Story};
use crate::model::exercise::{Bands, Exercise, Outcome, Rating, Record};
use crate::model::{Id, Minutes, Scheme};
use observe::{LevelTimeline, Observed, action_score, clock_deadline, observe, stage_of_actions};
use std::collections::{BTreeMap, BTreeSet};
pub(crate) use types::*;

/// What scoring needs from the scheme: the deadlines it sets.
#[derive(Debug, Default)]
pub(crate) struct Deadlines {
    /// Severity level id -> (name, response target).
    pub levels: BTreeMap<Id, (String, Option<Minutes>)>,
    /// Days from a run to the due date of a proposed improvement.
    pub improvement_days: u32,
    /// The notification obligations (parties' reporting deadlines included) and the
    /// calendar their clocks run on.
    pub clocks: super::clocks::ClockRules,
    /// The playbook steps' own time targets (`within:`), by `playbook/step`: an action
    /// that carries out a step and sets no target of its own is judged by the step's.
    pub steps: BTreeMap<String, Minutes>,
    /// Step targets given by expected action id instead: a review sets them, so that a
    /// step its reader may not see (and whose reference it withholds) keeps its target.
    pub step_targets: BTreeMap<Id, Minutes>,
}

impl Deadlines {
    /// The deadlines of a scheme.
    pub(crate) fn of(s: &Scheme) -> Deadlines {
        Deadlines {
            levels: s
                .severity
                .data
                .levels
                .iter()
                .map(|l| {
                    (
                        l.id.value.clone(),
                        (l.name.clone(), l.response_target.as_ref().map(|t| t.value)),
                    )
                })
                .collect(),
            improvement_days: s.config.data.exercises.improvement_days.unwrap_or(90),
            clocks: super::clocks::ClockRules::of(s),
            steps: s
                .playbooks
                .iter()
                .flat_map(|pb| {
                    let pb = &pb.data;
                    pb.phases.iter().flat_map(|ph| &ph.steps).filter_map(|st| {
                        let w = st.within.as_ref()?;
                        Some((format!("{}/{}", pb.id.value, st.id.value), w.value))
                    })
                })
                .collect(),
            step_targets: BTreeMap::new(),
        }
    }
}

/// Suggests a rating from `met` of `evaluated` actions; none when nothing was evaluated.
///
/// A band is reached when `100 * met >= band * evaluated`, in integers: the rounded
/// percentage would put 31 of 47 (65.96%) in the 66% band.
pub(crate) fn suggest(met: usize, evaluated: usize, b: Bands) -> Option<Rating> {
    if evaluated == 0 {
        return None;
    }
    let reaches = |band: u8| 100 * met as u64 >= u64::from(band) * evaluated as u64;
    Some(if reaches(b.performed) {
        Rating::P
    } else if reaches(b.some_challenges) {
        Rating::S
    } else if reaches(b.major_challenges) {
        Rating::M
    } else {
        Rating::U
    })
}

/// The share met as the basis of a suggested rating states it: the percentage to one
/// decimal, or "just under N%" when rounding would reach a band the exact share misses,
/// so that "66.0%" never stands beside an M.
fn met_text(met: usize, evaluated: usize, b: Bands) -> String {
    let share = Share::new(met, evaluated);
    let p = share.percent.unwrap_or(0.0);
    [b.performed, b.some_challenges, b.major_challenges]
        .into_iter()
        .find(|&band| {
            p >= f64::from(band) && 100 * (met as u64) < u64::from(band) * evaluated as u64
        })
        .map_or_else(|| format!("{p}%"), |band| format!("just under {band}%"))
}

/// `12m 5s`-style text for seconds.
pub(crate) fn clock(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    match (h, s) {
        (0, 0) => format!("{m}m"),
        (0, _) => format!("{m}m {s:02}s"),
        (_, 0) => format!("{h}h {m:02}m"),
        _ => format!("{h}h {m:02}m {s:02}s"),
    }
}

/// When each inject was (last) given, on the exercise clock, from the live log.
fn given_at(r: &Record) -> BTreeMap<&Id, Vec<u64>> {
    let mut out: BTreeMap<&Id, Vec<u64>> = BTreeMap::new();
    for e in &r.events {
        if let (crate::model::exercise::EventKind::Inject, Some(i)) = (e.kind, &e.inject) {
            out.entry(&i.value).or_default().push(e.t);
        }
    }
    out
}

/// The injects not played in a run: those listed in `skipped`, and, once a live run has
/// ended, those its log never gave.
pub(crate) fn not_played<'a>(ex: &'a Exercise, r: &Record) -> BTreeSet<&'a Id> {
    let given = given_at(r);
    let ended = r
        .events
        .iter()
        .any(|e| e.kind == crate::model::exercise::EventKind::End);
    ex.injects
        .iter()
        .map(|i| &i.id.value)
        .filter(|i| r.skipped.iter().any(|s| s.value == **i) || (ended && !given.contains_key(i)))
        .collect()
}

/// Every evaluation per action: each hand-written observation, then the live log's last
/// mark by each evaluator.
///
/// Hand-written observations are deliberate statements, so all of them count (the worst
/// wins and a difference is listed as a disagreement); `check` warns when one evaluator, or
/// nobody named, wrote two for one action. The live log is a stream of clicks in which a
/// later mark by the same evaluator corrects an earlier one.
fn evaluations(ex: &Exercise, r: &Record) -> BTreeMap<Id, Vec<Evaluation>> {
    let who = |e: &Option<crate::model::At<Id>>| {
        e.as_ref().map_or(String::new(), |e| e.value.to_string())
    };
    let mut map: BTreeMap<Id, Vec<Evaluation>> = BTreeMap::new();
    for o in &r.observations {
        map.entry(o.action.value.clone())
            .or_default()
            .push(Evaluation {
                evaluator: who(&o.evaluator),
                outcome: o.outcome.value,
                elapsed_secs: o.elapsed.as_ref().map(|m| u64::from(m.value.0) * 60),
                by: o.by.as_ref().map(|b| b.value.clone()),
                note: o.note.as_ref().map(|n| n.value.clone()),
            });
    }
    let given = given_at(r);
    let mut marks: BTreeMap<(Id, String), Evaluation> = BTreeMap::new();
    for e in &r.events {
        let (crate::model::exercise::EventKind::Mark, Some(a), Some(outcome)) =
            (e.kind, &e.action, e.outcome)
        else {
            continue;
        };
        // Elapsed from the latest giving of the action's inject before the mark.
        let inject =
            super::refs::action_place(ex, a.value.as_str()).map(|(i, _)| &ex.injects[i].id.value);
        let since = inject
            .and_then(|i| given.get(i))
            .and_then(|ts| ts.iter().copied().filter(|t| *t <= e.t).max());
        let evaluator = who(&e.evaluator);
        marks.insert(
            (a.value.clone(), evaluator.clone()),
            Evaluation {
                evaluator,
                outcome,
                elapsed_secs: since.map(|s| e.t - s),
                by: e.by.as_ref().map(|b| b.value.clone()),
                note: e.note.clone(),
            },
        );
    }
    for ((action, _), e) in marks {
        map.entry(action).or_default().push(e);
    }
    map
}

/// Who saw what of one action: "met by Ann; not met by Bob; not seen by Carol", each
/// evaluator by name when the record gives one, once per outcome.
fn dispute(r: &Record, evaluations: &[Evaluation]) -> String {
    let name = |id: &str| {
        if id.is_empty() {
            return "an unnamed evaluator".to_owned();
        }
        r.evaluators
            .iter()
            .find(|e| e.id.value.as_str() == id)
            .map_or_else(|| id.to_owned(), |e| e.name.clone())
    };
    [
        (Outcome::Met, "met by"),
        (Outcome::NotMet, "not met by"),
        (Outcome::NotObserved, "not seen by"),
    ]
    .into_iter()
    .filter_map(|(outcome, words)| {
        let mut who: Vec<String> = Vec::new();
        for e in evaluations.iter().filter(|e| e.outcome == outcome) {
            let n = name(&e.evaluator);
            if !who.contains(&n) {
                who.push(n);
            }
        }
        (!who.is_empty()).then(|| format!("{words} {}", who.join(", ")))
    })
    .collect::<Vec<_>>()
    .join("; ")
}

/// Scores a run of `ex` recorded in `r`, against the scheme's `deadlines`, with `bands`.
pub(crate) fn score(ex: &Exercise, r: &Record, deadlines: &Deadlines, bands: Bands) -> Score {
    let not_played = not_played(ex, r);
    let played_at = |n: usize| !not_played.contains(&ex.injects[n].id.value);
    let seen = observe(ex, r, &played_at);
    let story = Story::of(ex, r.date.value, &deadlines.clocks.calendar, &played_at);
    let levels = LevelTimeline::of(ex, &seen, &story, &played_at);
    let applying = applying(
        ex,
        &deadlines.clocks,
        levels.worst(&deadlines.clocks.levels),
    );
    let stages = stage_of_actions(ex, &applying);
    let done = done(&seen, &stages, &story);
    let clocks = super::clocks::clocks(&deadlines.clocks, &story, &applying, &done);
    let judge = Judge {
        ex,
        deadlines,
        story: &story,
        levels: &levels,
        stages: &stages,
        clocks: &clocks,
    };
    let actions: Vec<ActionScore> = seen.into_iter().map(|o| judge.action(o)).collect();
    let count =
        |f: &dyn Fn(&ActionScore) -> bool| actions.iter().filter(|a| a.played && f(a)).count();
    let defined = count(&|_| true);
    let evaluated = count(&|a| a.outcome != Outcome::NotObserved);
    let met = count(&|a| a.outcome == Outcome::Met);
    let timed = count(&|a| matches!(a.timeliness, Timeliness::OnTime | Timeliness::Late));
    let on_time = count(&|a| a.timeliness == Timeliness::OnTime);
    let objectives = objectives(ex, r, &actions, bands);
    let agreement = agreement(&objectives, &actions);
    let (strengths, areas) = plan::findings(r, &actions, &objectives);
    let plan = plan::plan(ex, r, &actions, deadlines);
    Score {
        exercise: ex.id.value.clone(),
        title: ex.title.clone(),
        date: r.date.value,
        bands,
        coverage: Share::new(evaluated, defined),
        performance: Share::new(met, evaluated),
        points: points(&actions),
        on_time: Share::new(on_time, timed),
        not_observed: actions
            .iter()
            .filter(|a| a.played && a.outcome == Outcome::NotObserved)
            .map(|a| a.id.clone())
            .collect(),
        not_played: actions
            .iter()
            .filter(|a| !a.played)
            .map(|a| a.id.clone())
            .collect(),
        injects_without_actions: ex
            .injects
            .iter()
            .filter(|i| i.expected.is_empty() && !not_played.contains(&i.id.value))
            .map(|i| i.id.value.clone())
            .collect(),
        actions,
        objectives,
        agreement,
        strengths,
        areas_for_improvement: areas,
        plan,
        clocks,
        timezone: deadlines.clocks.calendar.zone.as_str().to_owned(),
        logged: logged(r),
    }
}

/// The observed actions that carry out an obligation stage, for the clocks: met ones at
/// the moment they were done, when their inject was played.
fn done<'a>(
    seen: &[Observed<'a>],
    stages: &BTreeMap<Id, (&'a Id, &'a Id)>,
    story: &Story,
) -> Vec<Done<'a>> {
    seen.iter()
        .filter_map(|o| {
            let (ob, st) = stages.get(&o.action.id.value)?;
            Some(Done {
                action: &o.action.id.value,
                obligation: ob,
                stage: st,
                outcome: o.outcome,
                earliest: story.inject_secs[o.n],
                at: o.at.filter(|_| o.played && o.outcome == Outcome::Met),
            })
        })
        .collect()
}

/// What each action is judged against: its own or its step's target, and the scheme's
/// deadline (an obligation's clock, or the level in force at its inject).
struct Judge<'a> {
    ex: &'a Exercise,
    deadlines: &'a Deadlines,
    story: &'a Story,
    levels: &'a LevelTimeline,
    stages: &'a BTreeMap<Id, (&'a Id, &'a Id)>,
    clocks: &'a [ClockScore],
}

impl Judge<'_> {
    /// The score of observed action `o`.
    fn action(&self, o: Observed) -> ActionScore {
        let (ex, story) = (self.ex, self.story);
        let from_clock = self.stages.get(&o.action.id.value).and_then(|(ob, st)| {
            self.clocks
                .iter()
                .find(|c| c.obligation == **ob && c.stage == **st)
        });
        let scheme_deadline = match from_clock {
            Some(c) => clock_deadline(c, o.at),
            None => {
                let level = self.levels.at(o.n, story);
                scheme_deadline(ex, o.action, o.n, level, self.deadlines).map(
                    |(source, minutes, from)| SchemeDeadline {
                        source,
                        limit: Minutes(minutes).to_string(),
                        minutes,
                        scenario_elapsed_secs: o
                            .elapsed_secs
                            .map(|e| story.inject_secs[o.n] - story.inject_secs[from] + e),
                    },
                )
            }
        };
        // The action's own target wins; without one, its step's applies.
        let a = o.action;
        let target = match &a.within {
            Some(w) => Some((w.value.0, TargetFrom::Action)),
            None => self
                .deadlines
                .step_targets
                .get(&a.id.value)
                .or_else(|| self.deadlines.steps.get(a.step.as_ref()?.value.as_str()))
                .map(|m| (m.0, TargetFrom::Step)),
        };
        action_score(ex, o, target, scheme_deadline)
    }
}

/// How far the evaluators agree: objectives rated by several and agreeing, disputed
/// actions.
fn agreement(objectives: &[ObjectiveScore], actions: &[ActionScore]) -> Agreement {
    Agreement {
        objectives_rated_by_several: objectives.iter().filter(|o| o.agreement.is_some()).count(),
        agreeing: objectives
            .iter()
            .filter(|o| o.agreement == Some(true))
            .count(),
        actions_disputed: actions
            .iter()
            .filter(|a| a.disagreement)
            .map(|a| a.id.clone())
            .collect(),
    }
}

/// Points earned of points possible, over the actions of played injects only.
fn points(actions: &[ActionScore]) -> Share {
    let played = || actions.iter().filter(|a| a.played);
    Share::new(
        played().map(|a| a.earned as usize).sum(),
        played().map(|a| a.points as usize).sum(),
    )
}

/// The notes logged during a live run, in order.
fn logged(r: &Record) -> Vec<Logged> {
    r.events
        .iter()
        .filter(|e| e.kind == crate::model::exercise::EventKind::Note)
        .filter_map(|e| {
            Some(Logged {
                t: e.t,
                inject: e.inject.as_ref().map(|i| i.value.clone()),
                evaluator: e.evaluator.as_ref().map(|i| i.value.clone()),
                note: e.note.clone()?,
            })
        })
        .collect()
}

/// The deadline the scheme sets for a notifying or escalating action: (source, minutes,
/// index of the inject whose moment starts the clock).
pub(crate) fn scheme_deadline(
    ex: &Exercise,
    a: &crate::model::exercise::ExpectedAction,
    n: usize,
    level: Option<&Id>,
    d: &Deadlines,
) -> Option<(String, u32, usize)> {
    let from = a
        .clock_from
        .as_ref()
        .and_then(|f| ex.injects.iter().position(|i| i.id.value == f.value))
        .filter(|&k| k <= n)
        .unwrap_or(n);
    let level_target = |l: &Id| {
        d.levels
            .get(l)
            .and_then(|(name, t)| t.map(|t| (format!("{name} ({l}) response target"), t.0, from)))
    };
    if let Some(l) = &a.escalates_to {
        return level_target(&l.value);
    }
    // A party's own deadline is a clock (`clocks::ClockRules`); without one that applies, a
    // notice is due within the response target of the level in force.
    a.notifies.as_ref()?;
    level.and_then(level_target)
}

/// The obligation stage each action of `ex` carries out, as the facilitator guide states it
/// (action id -> "obligation, stage: deadline"), for a run that follows the script's levels.
pub(crate) fn stage_deadlines(ex: &Exercise, d: &Deadlines) -> BTreeMap<Id, String> {
    let worst = ex
        .severity
        .iter()
        .chain(ex.injects.iter().filter_map(|i| i.severity.as_ref()))
        .filter_map(|l| d.clocks.levels.get(&l.value).copied())
        .min();
    let applying = applying(ex, &d.clocks, worst);
    stage_of_actions(ex, &applying)
        .into_iter()
        .filter_map(|(action, (ob, st))| {
            let o = applying.iter().find(|o| o.id == *ob)?;
            let stage = o.stages.iter().find(|s| s.id == *st)?;
            let what = if o.from_party {
                o.title.clone()
            } else {
                format!("{}, {}", o.title, stage.title.to_lowercase())
            };
            Some((action, format!("{what}: {}", stage.text)))
        })
        .collect()
}

/// The obligations that apply to a run of `ex` whose most severe level reached is at
/// position `worst`: by the exercise's facts, the categories of the playbooks its expected
/// actions carry out, and for parties' own reporting deadlines, by the exercise expecting
/// an action that notifies the party.
pub(crate) fn applying<'a>(
    ex: &Exercise,
    rules: &'a super::clocks::ClockRules,
    worst: Option<usize>,
) -> Vec<&'a ObligationRule> {
    let facts: Vec<Id> = ex.facts.iter().map(|f| f.value.clone()).collect();
    let notified: Vec<Id> = ex
        .injects
        .iter()
        .flat_map(|i| &i.expected)
        .filter_map(|a| a.notifies.as_ref().map(|n| n.value.clone()))
        .collect();
    let categories = rules.categories_of(
        ex.injects
            .iter()
            .flat_map(|i| &i.expected)
            .filter_map(|a| a.step.as_ref().map(|s| s.value.as_str())),
    );
    rules
        .applying(&facts, worst, &categories, &notified)
        .collect()
}

fn objectives(
    ex: &Exercise,
    r: &Record,
    actions: &[ActionScore],
    bands: Bands,
) -> Vec<ObjectiveScore> {
    ex.objectives
        .iter()
        .map(|o| {
            let mine: Vec<&ActionScore> = actions
                .iter()
                .filter(|a| a.played && a.objective == o.id.value)
                .collect();
            let evaluated = mine
                .iter()
                .filter(|a| a.outcome != Outcome::NotObserved)
                .count();
            let met = mine.iter().filter(|a| a.outcome == Outcome::Met).count();
            let share = Share::new(met, evaluated);
            let suggested = suggest(met, evaluated, bands);
            // One rating per evaluator: a later one by the same evaluator replaces the
            // earlier, like a correction, in the earlier's place.
            let mut given: Vec<GivenRating> = Vec::new();
            for g in r
                .ratings
                .iter()
                .filter(|g| g.objective.value == o.id.value)
                .map(|g| GivenRating {
                    evaluator: g.evaluator.value.clone(),
                    name: r
                        .evaluators
                        .iter()
                        .find(|e| e.id.value == g.evaluator.value)
                        .map_or_else(|| g.evaluator.value.to_string(), |e| e.name.clone()),
                    rating: g.rating.value,
                    justification: g.justification.value.clone(),
                })
            {
                match given.iter_mut().find(|x| x.evaluator == g.evaluator) {
                    Some(x) => *x = g,
                    None => given.push(g),
                }
            }
            let worst = given.iter().map(|g| g.rating).max();
            let basis = match (given.len(), suggested) {
                (0, Some(_)) => format!(
                    "suggested from {met} of {evaluated} evaluated actions met ({})",
                    met_text(met, evaluated, bands)
                ),
                (0, None) => "not evaluated: none of its actions was observed".into(),
                (1, _) => format!("rated by {} (overrides the suggestion)", given[0].name),
                (n, _) => format!("worst of {n} evaluators' ratings"),
            };
            ObjectiveScore {
                id: o.id.value.clone(),
                text: o.text.clone(),
                capability: o.capability.value,
                capability_label: o.capability.value.label(),
                met: share,
                evaluated: Share::new(evaluated, mine.len()),
                not_observed: mine.len() - evaluated,
                suggested,
                agreement: (given.len() >= 2)
                    .then(|| given.iter().all(|g| g.rating == given[0].rating)),
                rating: worst.or(suggested),
                given,
                basis,
            }
        })
        .collect()
}

#[cfg(test)]
mod clock_tests;
mod observe;
mod plan;
#[cfg(test)]
mod regression_tests;
#[cfg(test)]
mod step_target_tests;
#[cfg(test)]
mod tests;
mod types;
