//! What scoring a run gives: per action, per objective, the plan, and the totals.

use crate::model::exercise::{Bands, Capability, Element, Outcome, Rating, Status};
use crate::model::{Date, Id, Minutes};
use serde::Serialize;

/// A share: part of a whole, with the percentage when the whole is not zero.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Share {
    /// The part.
    pub count: usize,
    /// The whole.
    pub of: usize,
    /// 100 * count / of, to one decimal; absent when `of` is 0.
    pub percent: Option<f64>,
}

impl Share {
    pub(crate) fn new(count: usize, of: usize) -> Share {
        Share {
            count,
            of,
            percent: (of > 0).then(|| (1000.0 * count as f64 / of as f64).round() / 10.0),
        }
    }
}

/// One evaluator's view of one action.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    /// Evaluator id (empty when the record names none).
    pub evaluator: String,
    /// What they saw.
    pub outcome: Outcome,
    /// Seconds from the inject to the action, if timed.
    pub elapsed_secs: Option<u64>,
    /// Role that acted.
    pub by: Option<Id>,
    /// Evidence note.
    pub note: Option<String>,
}

/// Was the action on time?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Timeliness {
    /// Within every target that applies.
    OnTime,
    /// Past at least one target.
    Late,
    /// Met, but nobody recorded when.
    NotTimed,
    /// No target applies.
    NoTarget,
    /// Not met or not observed: timeliness does not apply.
    NotApplicable,
}

/// Where an action's time target comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TargetFrom {
    /// The action's own `within:`, in the exercise.
    Action,
    /// The `within:` of the playbook step the action carries out.
    Step,
}

/// A deadline the scheme itself sets for an action.
#[derive(Debug, Clone, Serialize)]
pub struct SchemeDeadline {
    /// Where it comes from, e.g. "Critical (sev1) response target" or "Breach report to the
    /// regulator, breach report".
    pub source: String,
    /// The deadline in words, units kept: "15 minutes", "72 hours after awareness".
    pub limit: String,
    /// The deadline in minutes from the clock's start.
    pub minutes: u32,
    /// Story time from the clock's start to the action, when timed.
    pub scenario_elapsed_secs: Option<u64>,
}

/// The score of one expected action.
#[derive(Debug, Clone, Serialize)]
pub struct ActionScore {
    /// Action id.
    pub id: Id,
    /// What the team should do.
    pub what: String,
    /// Inject id.
    pub inject: Id,
    /// Objective id.
    pub objective: Id,
    /// Role expected to act.
    pub role: Id,
    /// `playbook/step`, if it comes from a playbook step.
    pub step: Option<String>,
    /// Scheme page source path, if it comes from a page.
    pub page: Option<String>,
    /// The outcome used: the worst evaluated one; Not observed when nobody evaluated it or
    /// when its inject was not played (what was noted stays in `evaluations`).
    pub outcome: Outcome,
    /// Was its inject played in this run? Actions of skipped injects are left out of
    /// coverage, performance and points.
    pub played: bool,
    /// Every evaluator's view.
    pub evaluations: Vec<Evaluation>,
    /// Evaluators saw it differently, or some saw it and others did not.
    pub disagreement: bool,
    /// Who saw what, when they disagree: "met by Ann; not met by Bob; not seen by Carol".
    pub dispute: Option<String>,
    /// Seconds from the inject to the action (the slowest evaluated), if timed.
    pub elapsed_secs: Option<u64>,
    /// The time target in minutes: the action's own, else its step's.
    pub target_minutes: Option<u32>,
    /// Where the time target comes from.
    pub target_from: Option<TargetFrom>,
    /// The scheme's deadline, for notifications and escalations.
    pub scheme_deadline: Option<SchemeDeadline>,
    /// On time, late, ...
    pub timeliness: Timeliness,
    /// Points possible.
    pub points: u32,
    /// Points earned: 0 unless met in an inject that was played.
    pub earned: u32,
}

impl ActionScore {
    /// The time target in words, saying so when it is the step's: "15 minutes" or
    /// "15 minutes, set by the step".
    pub fn target_words(&self) -> Option<String> {
        let m = Minutes(self.target_minutes?);
        Some(match self.target_from {
            Some(TargetFrom::Step) => format!("{m}, set by the step"),
            _ => m.to_string(),
        })
    }
}

/// A rating given by an evaluator, with its author and justification.
#[derive(Debug, Clone, Serialize)]
pub struct GivenRating {
    /// Evaluator id.
    pub evaluator: Id,
    /// Evaluator name.
    pub name: String,
    /// The rating.
    pub rating: Rating,
    /// Why.
    pub justification: String,
}

/// The score of one objective.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveScore {
    /// Objective id.
    pub id: Id,
    /// Objective text.
    pub text: String,
    /// Capability.
    pub capability: Capability,
    /// Capability name.
    pub capability_label: &'static str,
    /// Its actions: met of evaluated.
    pub met: Share,
    /// Its actions evaluated of defined.
    pub evaluated: Share,
    /// Its actions not observed.
    pub not_observed: usize,
    /// Rating suggested by the bands from the share met; absent when nothing was evaluated.
    pub suggested: Option<Rating>,
    /// Ratings evaluators gave, one per evaluator (the last they wrote).
    pub given: Vec<GivenRating>,
    /// The rating used: the worst given, else the suggested.
    pub rating: Option<Rating>,
    /// How the rating was reached.
    pub basis: String,
    /// Do the evaluators who rated it agree (absent with fewer than two)?
    pub agreement: Option<bool>,
}

/// A row of the improvement plan, with the HSEEP columns.
#[derive(Debug, Clone, Serialize)]
pub struct PlanItem {
    /// Capability.
    pub capability: &'static str,
    /// Objective id.
    pub objective: Option<Id>,
    /// What went wrong.
    pub area_for_improvement: String,
    /// What will change.
    pub corrective_action: String,
    /// Capability element (planning, organisation, equipment, training, exercise).
    pub element: Element,
    /// Responsible role.
    pub responsible: Id,
    /// Start date.
    pub start: Date,
    /// Due date.
    pub due: Date,
    /// Status.
    pub status: Status,
    /// The expected action it comes from.
    pub action: Option<Id>,
    /// The playbook step it links to, `playbook/step`.
    pub step: Option<String>,
    /// The scheme page it links to, when its action carries out a page.
    pub page: Option<String>,
    /// Agreed in the record, or proposed from a missed or late action.
    pub agreed: bool,
    /// How completion was verified, as the record says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified: Option<String>,
}

/// Agreement between evaluators over all objectives rated by two or more.
#[derive(Debug, Clone, Serialize)]
pub struct Agreement {
    /// Objectives rated by at least two evaluators (evaluators, not ratings, are counted).
    pub objectives_rated_by_several: usize,
    /// Of those, how many had identical ratings.
    pub agreeing: usize,
    /// Actions evaluated by several evaluators with different outcomes.
    pub actions_disputed: Vec<Id>,
}

/// The whole score of a run.
#[derive(Debug, Clone, Serialize)]
pub struct Score {
    /// Exercise id.
    pub exercise: Id,
    /// Exercise title.
    pub title: String,
    /// Day of the run.
    pub date: Date,
    /// Bands used.
    pub bands: Bands,
    /// Actions evaluated (met or not met) of actions defined.
    pub coverage: Share,
    /// Actions met of actions evaluated.
    pub performance: Share,
    /// Points earned of points possible in the injects played. Actions nobody observed
    /// count in the points possible, so "not observed" can never raise the share.
    pub points: Share,
    /// Met actions on time of met actions with a target.
    pub on_time: Share,
    /// Actions nobody observed (not a fail).
    pub not_observed: Vec<Id>,
    /// Actions of injects not played in this run.
    pub not_played: Vec<Id>,
    /// Injects played that expect no action, so nothing after them is scored.
    pub injects_without_actions: Vec<Id>,
    /// Every action.
    pub actions: Vec<ActionScore>,
    /// Every objective.
    pub objectives: Vec<ObjectiveScore>,
    /// Evaluator agreement.
    pub agreement: Agreement,
    /// Things done well.
    pub strengths: Vec<String>,
    /// Things to improve.
    pub areas_for_improvement: Vec<String>,
    /// The improvement plan.
    pub plan: Vec<PlanItem>,
    /// Free observations logged live (`irbook exercise run`), in order.
    pub logged: Vec<Logged>,
    /// The notification clocks of the obligations that apply to the scenario's facts.
    pub clocks: Vec<crate::exercise::clocks::ClockScore>,
    /// The time zone the clocks' wall times are in (`timezone:` in irbook.yaml).
    pub timezone: String,
}

/// A free observation logged during a live run.
#[derive(Debug, Clone, Serialize)]
pub struct Logged {
    /// Exercise clock, seconds.
    pub t: u64,
    /// Inject current at the time.
    pub inject: Option<Id>,
    /// Who logged it.
    pub evaluator: Option<Id>,
    /// The text.
    pub note: String,
}
