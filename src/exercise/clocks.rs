//! Notification clocks in a run: which obligations apply to the exercise's facts, when each
//! stage fell due on the story clock, and whether the team met it.
//!
//! The story clock counts seconds from the start of the scenario; it becomes calendar time
//! at the exercise's `starts_at` (or the run's day at 09:00 in the scheme's time zone), so
//! clocks in hours are exact and clocks in days, working days and months fall on the
//! calendar as they would in a real incident.

use crate::model::clock::{Anchor, Calendar, Condition, Deadline, Delay, Moments, Situation, Term};
use crate::model::exercise::{Exercise, Outcome};
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
    /// The party's name.
    pub party_name: String,
    /// When it applies.
    pub condition: Condition,
    /// Stages in order.
    pub stages: Vec<StageRule>,
    /// A party's `reporting_deadline` read as a one-stage obligation from awareness: it
    /// applies to a run whose exercise expects an action that notifies the party.
    pub from_party: bool,
}

/// The obligations of a scheme and its calendar.
#[derive(Debug, Clone, Default)]
pub(crate) struct ClockRules {
    /// The calendar deadlines fall on.
    pub calendar: Calendar,
    /// Every obligation of `content/obligations.yaml`, then the reporting deadline of each
    /// party that has no obligation there.
    pub obligations: Vec<ObligationRule>,
    /// Severity level id -> position (0 = most severe).
    pub levels: BTreeMap<Id, usize>,
    /// Playbook id -> its incident category: an exercise's categories are those of the
    /// playbooks its expected actions carry out.
    pub playbook_categories: BTreeMap<Id, Id>,
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
        let party_name = |id: &Id| {
            s.contacts
                .data
                .external_parties
                .iter()
                .find(|p| p.id.value == *id)
                .map_or_else(|| id.to_string(), |p| p.name.clone())
        };
        let mut obligations: Vec<ObligationRule> = s
            .obligations
            .iter()
            .flat_map(|o| &o.data.obligations)
            .map(|ob| ObligationRule {
                id: ob.id.value.clone(),
                title: ob.title.value.clone(),
                party: ob.party.value.clone(),
                party_name: party_name(&ob.party.value),
                from_party: false,
                condition: Condition::of(&ob.applies_when, &levels),
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
        let own: Vec<Id> = obligations.iter().map(|o| o.party.clone()).collect();
        obligations.extend(
            s.contacts
                .data
                .external_parties
                .iter()
                .filter(|p| !own.contains(&p.id.value))
                .filter_map(|p| {
                    let period = p.reporting_deadline.as_ref()?.value;
                    Some(party_rule(&p.id.value, &p.name, period))
                }),
        );
        let playbook_categories = s
            .playbooks
            .iter()
            .map(|p| (p.data.id.value.clone(), p.data.category.value.clone()))
            .collect();
        ClockRules {
            calendar,
            obligations,
            levels,
            playbook_categories,
        }
    }

    /// The obligations that apply to a run with `facts` whose most severe level reached is
    /// at position `worst` (0 = most severe), in the incident `categories`, and whose
    /// exercise expects actions that notify the parties `notified`. A run whose category is
    /// not known (no expected action carries out a playbook step), or whose severity is not
    /// (no inject sets one), is held to every obligation those could limit, as a responder
    /// who cannot tell yet would be (`Condition::admits`).
    pub(crate) fn applying<'a>(
        &'a self,
        facts: &[Id],
        worst: Option<usize>,
        categories: &[Id],
        notified: &[Id],
    ) -> impl Iterator<Item = &'a ObligationRule> + 'a {
        let facts = facts.to_vec();
        let categories = categories.to_vec();
        let notified = notified.to_vec();
        self.obligations.iter().filter(move |ob| {
            let known = Situation {
                facts: &facts,
                level: worst,
                categories: (!categories.is_empty()).then_some(categories.as_slice()),
            };
            (!ob.from_party || notified.contains(&ob.party)) && ob.condition.admits(&known)
        })
    }

    /// The incident categories of the playbooks whose steps `steps` (`playbook/step`)
    /// name, each once.
    pub(crate) fn categories_of<'s>(&self, steps: impl Iterator<Item = &'s str>) -> Vec<Id> {
        let mut out: Vec<Id> = Vec::new();
        for step in steps {
            let playbook = step.split('/').next().unwrap_or(step);
            let found = self
                .playbook_categories
                .iter()
                .find(|(p, _)| p.as_str() == playbook);
            if let Some((_, c)) = found
                && !out.contains(c)
            {
                out.push(c.clone());
            }
        }
        out
    }
}

/// A party's `reporting_deadline` as the one-stage obligation it stands for: a report to the
/// party within `period` of awareness.
pub(crate) fn party_rule(
    party: &Id,
    name: &str,
    period: crate::model::clock::Period,
) -> ObligationRule {
    let deadline = Deadline {
        first: Term {
            delay: Delay::Period(period),
            anchor: Anchor::Awareness,
        },
        at_latest: None,
    };
    ObligationRule {
        id: party.clone(),
        title: format!("{name} reporting deadline"),
        party: party.clone(),
        party_name: name.to_owned(),
        condition: Condition::default(),
        stages: vec![StageRule {
            id: Id::parse("report").unwrap_or_else(|_| party.clone()),
            title: "Report".into(),
            text: format!("{} after awareness", period.describe()),
            deadline,
        }],
        from_party: true,
    }
}

/// How a stage's clock ended in a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClockStatus {
    /// Done by its due time.
    OnTime,
    /// Done after its due time (or done at an inject that came after it, time not recorded).
    Late,
    /// Fell due during the story and was not done.
    Missed,
    /// Falls due after the story ended, and was not done in it.
    NotReached,
    /// Its due time could not be known (e.g. it counts from a decision nobody took), or
    /// whether it was met in time: done with no time recorded, or not observed, before it
    /// fell due.
    Unknown,
}

impl ClockStatus {
    /// The status in words, failures in capitals so they stand out without colour.
    pub fn label(self) -> &'static str {
        match self {
            ClockStatus::OnTime => "on time",
            ClockStatus::Late => "LATE",
            ClockStatus::Missed => "MISSED",
            ClockStatus::NotReached => "not reached",
            ClockStatus::Unknown => "unknown",
        }
    }
}

/// One stage's clock in a run.
#[derive(Debug, Clone, Serialize)]
pub struct ClockScore {
    /// Obligation id (the party id for a party's reporting deadline).
    pub obligation: Id,
    /// Obligation title.
    pub title: String,
    /// The clock is a party's `reporting_deadline` (contacts.yaml), not an obligation.
    pub from_party: bool,
    /// The party to tell.
    pub party: Id,
    /// The party's name.
    pub party_name: String,
    /// Stage id.
    pub stage: Id,
    /// Stage title.
    pub stage_title: String,
    /// The deadline in words, units kept ("72 hours after awareness").
    pub deadline: String,
    /// What the clock ran from, in words ("awareness", "incident notification"): the anchor
    /// of the term that set the due time.
    pub anchor: Option<String>,
    /// Story time (seconds from the start of the scenario) the clock started.
    pub from_secs: Option<u64>,
    /// Wall-clock time the clock started, in the scheme's time zone.
    pub from_wall: Option<String>,
    /// Story time it fell due.
    pub due_secs: Option<u64>,
    /// When it fell due, RFC 3339 with the scheme's offset (`2026-09-10T16:20+01:00`).
    pub due_at: Option<String>,
    /// Wall-clock time it fell due, in the scheme's time zone (`Thu 10 Sep 2026 16:20 BST`).
    pub due_wall: Option<String>,
    /// What is missing to know the due time.
    pub needs: Option<String>,
    /// The expected action that carries out this stage, whatever its outcome.
    pub done_by: Option<Id>,
    /// That action's outcome in the run (not observed when its inject was not played).
    pub outcome: Option<Outcome>,
    /// Story time it was met, when met and timed.
    pub done_secs: Option<u64>,
    /// Wall-clock time it was met.
    pub done_wall: Option<String>,
    /// How it ended.
    pub status: ClockStatus,
}

/// What the clocks of a run start from.
pub(crate) struct Story {
    /// Calendar time of story second 0.
    pub start: Timestamp,
    /// Story seconds of each inject, by index.
    pub inject_secs: Vec<u64>,
    /// Story second of awareness.
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

/// An expected action that carries out a stage, and what the run made of it.
pub(crate) struct Done<'a> {
    /// The action.
    pub action: &'a Id,
    /// Obligation id.
    pub obligation: &'a Id,
    /// Stage id.
    pub stage: &'a Id,
    /// Its outcome; not observed when its inject was not played.
    pub outcome: Outcome,
    /// Story second of its inject: the earliest it can have been done.
    pub earliest: u64,
    /// Story second it was met, when met and timed.
    pub at: Option<u64>,
}

/// `t` on the wall clock of the scheme's zone: `Thu 10 Sep 2026 16:20 BST`.
pub(crate) fn wall(calendar: &Calendar, t: Timestamp) -> String {
    t.to_zoned_datetime(calendar.zone.zone().clone())
        .strftime("%a %-d %b %Y %H:%M %Z")
        .to_string()
}

/// `t` as RFC 3339 with the scheme zone's offset, to the minute: `2026-09-10T16:20+01:00`.
fn rfc3339(calendar: &Calendar, t: Timestamp) -> String {
    t.to_zoned_datetime(calendar.zone.zone().clone())
        .strftime("%Y-%m-%dT%H:%M%:z")
        .to_string()
}

/// How a stage's clock ended: from its due time, the action that carries it out, and the
/// story's end.
fn status(due: Option<u64>, met: Option<&Done>, end: u64) -> ClockStatus {
    let Some(due) = due else {
        return ClockStatus::Unknown;
    };
    match met {
        Some(d) if d.outcome == Outcome::Met => match d.at {
            Some(at) if at <= due => ClockStatus::OnTime,
            Some(_) => ClockStatus::Late,
            // Met, time not recorded: late for certain only when its inject came after the
            // due time.
            None if d.earliest > due => ClockStatus::Late,
            None => ClockStatus::Unknown,
        },
        // Nobody saw whether it was done: never a fail while it could have been done in time.
        Some(d) if d.outcome == Outcome::NotObserved && d.earliest <= due && due <= end => {
            ClockStatus::Unknown
        }
        _ if due <= end => ClockStatus::Missed,
        _ => ClockStatus::NotReached,
    }
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
    let cal = &rules.calendar;
    let mut out = Vec::new();
    for ob in applying {
        let mut finished: BTreeMap<Id, Timestamp> = BTreeMap::new();
        for st in &ob.stages {
            let met = best(
                done.iter()
                    .filter(|d| *d.obligation == ob.id && *d.stage == st.id),
            );
            let due = cal.stage_due(&st.deadline, &moments, &finished);
            let due_at = due.due.at();
            let due_secs = due_at.and_then(|t| story.secs(t));
            let anchor = deciding_anchor(&st.deadline, &due);
            let from =
                anchor.and_then(|a| crate::model::clock::anchor_time(a, &moments, &finished));
            let done_secs = met.and_then(|d| d.at);
            if let Some(at) = done_secs {
                finished.insert(st.id.clone(), story.instant(at));
            }
            out.push(ClockScore {
                obligation: ob.id.clone(),
                title: ob.title.clone(),
                from_party: ob.from_party,
                party: ob.party.clone(),
                party_name: ob.party_name.clone(),
                stage: st.id.clone(),
                stage_title: st.title.clone(),
                deadline: st.text.clone(),
                anchor: anchor.map(|a| anchor_words(a, ob)),
                from_secs: from.and_then(|t| story.secs(t)),
                from_wall: from.map(|t| wall(cal, t)),
                due_secs,
                due_at: due_at.map(|t| rfc3339(cal, t)),
                due_wall: due_at.map(|t| wall(cal, t)),
                needs: (due_secs.is_none()).then(|| {
                    due.needs()
                        .first()
                        .map_or_else(String::new, |a| crate::model::clock::describe_need(a))
                }),
                done_by: met.map(|d| d.action.clone()),
                outcome: met.map(|d| d.outcome),
                done_secs,
                done_wall: done_secs.map(|s| wall(cal, story.instant(s))),
                status: status(due_secs, met, story.end),
            });
        }
    }
    out
}

/// Of the actions that carry out one stage, the one that tells how its clock ended: the
/// first met at a known time, else one met at an unknown time (the earliest inject), else
/// one not observed, else the first. A stage missed at one inject and made good at a
/// later one was done, late: not missed.
fn best<'d, 'a>(candidates: impl Iterator<Item = &'d Done<'a>>) -> Option<&'d Done<'a>> {
    candidates.min_by_key(|d| match (d.outcome, d.at) {
        (Outcome::Met, Some(at)) => (0, at),
        (Outcome::Met, None) => (1, d.earliest),
        (Outcome::NotObserved, _) => (2, 0),
        _ => (3, 0),
    })
}

/// An anchor in words: the moment's name, or the title of the earlier stage it counts from.
fn anchor_words(a: &Anchor, ob: &ObligationRule) -> String {
    match a {
        Anchor::Stage(id) => ob
            .stages
            .iter()
            .find(|s| s.id == *id)
            .map_or_else(|| id.to_string(), |s| s.title.to_lowercase()),
        a => a.as_str().to_owned(),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stage_missed_once_and_made_good_later_was_done_late_not_missed() {
        let id = |s: &str| Id::parse(s).unwrap();
        let (ob, st) = (id("customer"), id("notice"));
        let (first, second) = (id("customer-notice"), id("late-notice"));
        let done = |action, outcome, earliest, at| Done {
            action,
            obligation: &ob,
            stage: &st,
            outcome,
            earliest,
            at,
        };
        // Not met at the inject that asked for it; met at a later one, after the due time.
        let runs = [
            done(&first, Outcome::NotMet, 7_380, None),
            done(&second, Outcome::Met, 222_480, Some(223_380)),
        ];
        let chosen = best(runs.iter()).unwrap();
        assert_eq!(chosen.action, &second);
        assert_eq!(
            status(Some(87_720), Some(chosen), 223_380),
            ClockStatus::Late
        );
        // A known time wins over an unknown one, the earlier of two known times wins, and
        // a not-observed action counts only when nothing was met.
        let runs = [
            done(&first, Outcome::Met, 0, None),
            done(&second, Outcome::Met, 60, Some(900)),
            done(&first, Outcome::Met, 60, Some(600)),
        ];
        assert_eq!(best(runs.iter()).unwrap().at, Some(600));
        let runs = [
            done(&first, Outcome::NotMet, 0, None),
            done(&second, Outcome::NotObserved, 60, None),
        ];
        assert_eq!(best(runs.iter()).unwrap().action, &second);
    }
}
