//! Notification clocks in a run: which obligations apply to the exercise's facts, when each
//! stage fell due on the story clock, and whether the team met it.
//!
//! The story clock counts seconds from the start of the scenario; it becomes calendar time
//! at the exercise's `starts_at` (or the run's day at 09:00 in the scheme's time zone), so
//! clocks in hours are exact and clocks in days, working days and months fall on the
//! calendar as they would in a real incident.

use crate::model::clock::{Anchor, Calendar, Deadline, Moments};
use crate::model::exercise::Exercise;
use crate::model::{Date, Id, Scheme};
use jiff::Timestamp;
use serde::Serialize;
use std::collections::BTreeMap;

/// One stage of an obligation, as scoring needs it.
#[derive(Debug, Clone)]
pub(crate) struct StageRule {
    /// Stage id.
    pub id: Id,
    /// Stage title.
    pub title: String,
    /// By when.
    pub deadline: Deadline,
    /// The deadline in words.
    pub text: String,
}

/// One obligation, as scoring needs it.
#[derive(Debug, Clone)]
pub(crate) struct ObligationRule {
    /// Obligation id.
    pub id: Id,
    /// Title.
    pub title: String,
    /// The party to tell.
    pub party: Id,
    /// Facts of which at least one must hold (when any are listed).
    pub any: Vec<Id>,
    /// Facts that must all hold.
    pub all: Vec<Id>,
    /// Position of the least severe level it applies at (0 = most severe), if limited.
    pub min_level: Option<usize>,
    /// Stages in order.
    pub stages: Vec<StageRule>,
}

/// The obligations of a scheme and its calendar.
#[derive(Debug, Clone, Default)]
pub(crate) struct ClockRules {
    /// The calendar deadlines fall on.
    pub calendar: Calendar,
    /// Every obligation of `content/obligations.yaml`.
    pub obligations: Vec<ObligationRule>,
    /// Severity level id -> position (0 = most severe).
    pub levels: BTreeMap<Id, usize>,
}

impl ClockRules {
    /// The clock rules of a scheme.
    pub(crate) fn of(s: &Scheme) -> ClockRules {
        let calendar = Calendar::from_config(&s.config.data);
        let levels: BTreeMap<Id, usize> = s
            .severity
            .data
            .levels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.id.value.clone(), i))
            .collect();
        let obligations = s
            .obligations
            .iter()
            .flat_map(|o| &o.data.obligations)
            .map(|ob| ObligationRule {
                id: ob.id.value.clone(),
                title: ob.title.value.clone(),
                party: ob.party.value.clone(),
                any: ob
                    .applies_when
                    .any
                    .iter()
                    .map(|f| f.value.clone())
                    .collect(),
                all: ob
                    .applies_when
                    .all
                    .iter()
                    .map(|f| f.value.clone())
                    .collect(),
                min_level: ob
                    .applies_when
                    .min_severity
                    .as_ref()
                    .and_then(|l| levels.get(&l.value).copied()),
                stages: ob
                    .stages
                    .iter()
                    .map(|st| StageRule {
                        id: st.id.value.clone(),
                        title: st.title.value.clone(),
                        text: st.deadline.value.describe(&calendar.targets, &|id| {
                            ob.stages
                                .iter()
                                .find(|x| x.id.value == *id)
                                .map_or_else(|| id.to_string(), |x| x.title.value.to_lowercase())
                        }),
                        deadline: st.deadline.value.clone(),
                    })
                    .collect(),
            })
            .collect();
        ClockRules {
            calendar,
            obligations,
            levels,
        }
    }

    /// The obligations that apply to a run with `facts` whose most severe level reached is
    /// at position `worst` (0 = most severe).
    pub(crate) fn applying<'a>(
        &'a self,
        facts: &[Id],
        worst: Option<usize>,
    ) -> impl Iterator<Item = &'a ObligationRule> + 'a {
        let facts = facts.to_vec();
        self.obligations.iter().filter(move |ob| {
            (ob.any.is_empty() || ob.any.iter().any(|f| facts.contains(f)))
                && ob.all.iter().all(|f| facts.contains(f))
                && ob
                    .min_level
                    .is_none_or(|min| worst.is_some_and(|w| w <= min))
        })
    }
}

/// How a stage's clock ended in a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClockStatus {
    /// Done by its due time.
    OnTime,
    /// Done after its due time.
    Late,
    /// Fell due during the story and was not done.
    Missed,
    /// Falls due after the story ended, and was not done in it.
    NotReached,
    /// Its due time could not be known (e.g. it counts from a decision nobody took).
    Unknown,
}

/// One stage's clock in a run.
#[derive(Debug, Clone, Serialize)]
pub struct ClockScore {
    /// Obligation id.
    pub obligation: Id,
    /// Obligation title.
    pub title: String,
    /// The party to tell.
    pub party: Id,
    /// Stage id.
    pub stage: Id,
    /// Stage title.
    pub stage_title: String,
    /// The deadline in words.
    pub deadline: String,
    /// Story time (seconds from the start of the scenario) it fell due.
    pub due_secs: Option<u64>,
    /// Story time the clock started (the anchor of the term that set the due time).
    pub from_secs: Option<u64>,
    /// What is missing to know the due time.
    pub needs: Option<String>,
    /// The expected action that met it.
    pub done_by: Option<Id>,
    /// Story time it was met.
    pub done_secs: Option<u64>,
    /// How it ended.
    pub status: ClockStatus,
}

/// What the clocks of a run start from.
pub(crate) struct Story {
    /// Calendar time of story second 0.
    pub start: Timestamp,
    /// Story seconds of each inject, by index.
    pub inject_secs: Vec<u64>,
    /// Story second of awareness, detection and classification.
    pub awareness: u64,
    /// Story second of detection (the first inject).
    pub detection: u64,
    /// Story second of classification.
    pub classification: u64,
    /// Story second the story ended (the last inject played).
    pub end: u64,
}

impl Story {
    /// The story of `ex` run on `date`, with `played` saying which injects were played.
    pub(crate) fn of(
        ex: &Exercise,
        date: Date,
        calendar: &Calendar,
        played: &dyn Fn(usize) -> bool,
    ) -> Story {
        let inject_secs: Vec<u64> = ex
            .injects
            .iter()
            .map(|i| u64::from(i.scenario_time.as_ref().map_or(i.at.value, |t| t.value).0) * 60)
            .collect();
        let at = |id: &Option<crate::model::At<Id>>, default: u64| {
            id.as_ref()
                .and_then(|id| ex.injects.iter().position(|i| i.id.value == id.value))
                .map_or(default, |k| inject_secs[k])
        };
        let detection = inject_secs.first().copied().unwrap_or(0);
        let awareness = at(&ex.awareness, detection);
        let classification = at(&ex.classification, awareness);
        let end = (0..inject_secs.len())
            .filter(|k| played(*k))
            .map(|k| inject_secs[k])
            .max()
            .unwrap_or(0);
        let local = ex
            .starts_at
            .as_ref()
            .and_then(|t| jiff::civil::DateTime::strptime("%Y-%m-%dT%H:%M", &t.value).ok())
            .unwrap_or_else(|| {
                jiff::civil::date(date.year as i16, date.month as i8, date.day as i8).at(9, 0, 0, 0)
            });
        let start = calendar.instant(local).unwrap_or(Timestamp::UNIX_EPOCH);
        Story {
            start,
            inject_secs,
            awareness,
            detection,
            classification,
            end,
        }
    }

    fn instant(&self, secs: u64) -> Timestamp {
        self.start
            .checked_add(jiff::SignedDuration::from_secs(secs as i64))
            .unwrap_or(self.start)
    }

    fn secs(&self, t: Timestamp) -> Option<u64> {
        u64::try_from(t.duration_since(self.start).as_secs()).ok()
    }
}

/// An action that carries out a stage: which stage, and the story second it was met.
pub(crate) struct Done<'a> {
    /// The action.
    pub action: &'a Id,
    /// Obligation id.
    pub obligation: &'a Id,
    /// Stage id.
    pub stage: &'a Id,
    /// Story second met, when it was met and timed.
    pub at: Option<u64>,
}

/// Every stage clock of the obligations that apply, in obligation and stage order.
pub(crate) fn clocks(
    rules: &ClockRules,
    story: &Story,
    applying: &[&ObligationRule],
    done: &[Done],
) -> Vec<ClockScore> {
    let moments = Moments {
        awareness: Some(story.instant(story.awareness)),
        detection: Some(story.instant(story.detection)),
        classification: Some(story.instant(story.classification)),
        decision: None,
    };
    let mut out = Vec::new();
    for ob in applying {
        let mut finished: BTreeMap<Id, Timestamp> = BTreeMap::new();
        for st in &ob.stages {
            let met = done
                .iter()
                .find(|d| *d.obligation == ob.id && *d.stage == st.id);
            let due = rules.calendar.stage_due(&st.deadline, &moments, &finished);
            let due_secs = due.due.at().and_then(|t| story.secs(t));
            let from_secs = deciding_anchor(&st.deadline, &due)
                .and_then(|a| crate::model::clock::anchor_time(a, &moments, &finished))
                .and_then(|t| story.secs(t));
            let done_secs = met.and_then(|d| d.at);
            if let Some(at) = done_secs {
                finished.insert(st.id.clone(), story.instant(at));
            }
            let status = match (due_secs, done_secs) {
                (None, _) => ClockStatus::Unknown,
                (Some(d), Some(at)) if at <= d => ClockStatus::OnTime,
                (Some(_), Some(_)) => ClockStatus::Late,
                (Some(d), None) if d <= story.end => ClockStatus::Missed,
                (Some(_), None) => ClockStatus::NotReached,
            };
            out.push(ClockScore {
                obligation: ob.id.clone(),
                title: ob.title.clone(),
                party: ob.party.clone(),
                stage: st.id.clone(),
                stage_title: st.title.clone(),
                deadline: st.text.clone(),
                due_secs,
                from_secs,
                needs: (due_secs.is_none()).then(|| {
                    due.needs()
                        .first()
                        .map_or_else(String::new, |a| crate::model::clock::describe_need(a))
                }),
                done_by: met.map(|d| d.action.clone()),
                done_secs,
                status,
            });
        }
    }
    out
}

/// The anchor of the term that set a stage's due time.
fn deciding_anchor<'a>(
    deadline: &'a Deadline,
    due: &crate::model::clock::StageDue,
) -> Option<&'a Anchor> {
    use crate::model::clock::Due;
    let term = match due.due {
        Due::Exact { term, .. } | Due::NoLaterThan { term, .. } => term,
        Due::Unknown => return None,
    };
    deadline.terms().nth(term).map(|t| &t.anchor)
}
