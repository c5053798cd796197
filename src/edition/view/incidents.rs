//! Reviews of real incidents and the improvement register, as one edition may see them.
//!
//! A review is shown only in editions whose audience may read its record (the team,
//! unless the record is sanitised for a wider one). The register merges the improvement
//! items of every after-action report and every review the edition shows; it exists only
//! in editions that see the exercises' answer key, where the reports are.

use super::exercises::{ExercisesView, ReportAction, ReportView, StepLink, Trend};
use super::{Builder, Html, Ref, SiteDate};
use crate::exercise::incident::{self, Origin};
use crate::exercise::score::{TargetFrom, Timeliness, clock};
use crate::model::clock::Calendar;
use crate::model::exercise::{Outcome, Status};
use crate::model::incident::{Entry, Incident};
use crate::model::{Date, Doc, Id, routes};
use serde::Serialize;
use std::collections::BTreeMap;

/// The incident part of an edition.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IncidentsView {
    /// Every review this edition may see, newest incident first.
    pub reviews: Vec<IncidentView>,
    /// The improvement register, in editions that see the exercises' answer key.
    pub register: Option<RegisterView>,
}

/// One real incident's review.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentView {
    /// Incident id.
    pub id: Id,
    /// Title.
    pub title: String,
    /// Root-relative href of its page.
    pub href: String,
    /// The record's source file.
    pub record: String,
    /// The record was rewritten for a wider audience.
    pub sanitised: bool,
    /// The severity assessed first.
    pub severity: Ref,
    /// The playbooks followed.
    pub playbooks: Vec<Ref>,
    /// When it was detected, became known, was classified and was closed, as written.
    pub detected: String,
    /// Awareness.
    pub aware: String,
    /// Classification.
    pub classified: Option<String>,
    /// Closure.
    pub closed: String,
    /// What happened (HTML).
    pub summary_html: Option<Html>,
    /// The root cause found (HTML).
    pub root_cause_html: Option<Html>,
    /// What made it possible or worse.
    pub contributing_factors: Vec<String>,
    /// The timeline as recorded.
    pub timeline: Vec<EntryView>,
    /// Each expected step and notice, and what became of it.
    pub steps: Vec<StepRow>,
    /// How many steps ended each way.
    pub counts: Counts,
    /// The score as a report: clocks, plan and the rows of the timeline diagram.
    pub report: ReportView,
}

/// How many expected steps and notices ended each way.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Counts {
    /// Done on time, or done where no deadline applied.
    pub done: usize,
    /// Done after a deadline.
    pub late: usize,
    /// Not done.
    pub not_done: usize,
    /// Did not apply to this incident.
    pub not_applicable: usize,
}

/// One timeline entry.
#[derive(Debug, Clone, Serialize)]
pub struct EntryView {
    /// When, as written (`2026-10-13 09:12`).
    pub at: String,
    /// Time since detection, `T+1h 05m`; absent before detection.
    pub since: Option<String>,
    /// Role that acted.
    pub by: Option<Ref>,
    /// What happened.
    pub what: String,
    /// The step or page it carried out.
    pub source: Option<StepLink>,
    /// Who it notified.
    pub notifies: Option<Ref>,
    /// The severity it raised the incident to.
    pub escalates_to: Option<Ref>,
}

/// One expected step (or notice) of a review.
#[derive(Debug, Clone, Serialize)]
pub struct StepRow {
    /// `done`, `done-late`, `not-done` or `not-applicable`.
    pub state: &'static str,
    /// The state in words, failures in capitals.
    pub state_text: &'static str,
    /// What the step asks.
    pub what: String,
    /// The step it comes from, linked.
    pub source: Option<StepLink>,
    /// Role expected to act.
    pub role: Ref,
    /// When it was done, since detection.
    pub done: Option<String>,
    /// The scheme deadline that applied, in words.
    pub deadline: Option<String>,
    /// The timeline's words, or why the step did not apply.
    pub note: Option<String>,
}

/// The improvement register.
#[derive(Debug, Clone, Serialize)]
pub struct RegisterView {
    /// Every item, soonest due first.
    pub items: Vec<RegisterItem>,
    /// The day items are judged overdue against: the build's date.
    pub as_of: Option<String>,
    /// Items open or in progress past their due date.
    pub overdue: usize,
}

/// One improvement item, from an exercise run or a real incident.
#[derive(Debug, Clone, Serialize)]
pub struct RegisterItem {
    /// `exercise` or `incident`.
    pub kind: &'static str,
    /// Exercise or incident title.
    pub source: String,
    /// Day of the run, or of the incident's detection.
    pub source_date: String,
    /// Root-relative href of the report or review.
    pub source_href: String,
    /// What went wrong.
    pub area_for_improvement: String,
    /// What will change.
    pub corrective_action: String,
    /// Who does it.
    pub responsible: Ref,
    /// Start date.
    pub start: String,
    /// Due date.
    pub due: String,
    /// Proposed, open, in progress or done.
    pub status: Status,
    /// Agreed in the record, or proposed by irbook from the score.
    pub agreed: bool,
    /// How completion was verified.
    pub verified: Option<String>,
    /// Not done and past its due date.
    pub overdue: bool,
    /// The step it links to.
    pub step: Option<StepLink>,
}

impl Builder<'_> {
    /// The reviews this edition may see, and the register when it sees the answer key.
    pub(super) fn incidents(&self, ex: &ExercisesView, date: Option<&SiteDate>) -> IncidentsView {
        let mut reviews: Vec<IncidentView> = self
            .s
            .incidents
            .iter()
            .filter(|d| self.ed.rank >= incident::rank(self.s, self.idx, &d.data))
            .map(|d| self.review(d))
            .collect();
        reviews.sort_by(|a, b| (&b.detected, &a.id).cmp(&(&a.detected, &b.id)));
        let register = (self.key() && (!ex.reports.is_empty() || !reviews.is_empty()))
            .then(|| register(ex, &reviews, date));
        IncidentsView { reviews, register }
    }

    /// The review of one incident: its record scored against the playbooks and clocks.
    fn review(&self, doc: &Doc<Incident>) -> IncidentView {
        let inc = &doc.data;
        let deadlines = self.deadlines();
        let incident::Review { adapted, score } =
            incident::review(self.s, self.idx, inc, &deadlines, self);
        let incident::Adapted {
            exercise,
            record,
            origins,
            ..
        } = adapted;
        let record = Doc {
            file: doc.file.clone(),
            data: record,
        };
        let mut report = self.report(&exercise, &record, score, Trend::default(), &deadlines);
        report.href = routes::incident(&inc.id.value);
        report.guide_href = routes::INCIDENTS_INDEX.into();
        let steps: Vec<StepRow> = report
            .actions
            .iter()
            .map(|a| self.step_row(a, &origins))
            .collect();
        let counts = counts(&steps);
        let calendar = Calendar::from_config(&self.s.config.data);
        let detected = incident::instant(&calendar, &inc.detected.value);
        IncidentView {
            id: inc.id.value.clone(),
            title: inc.title.clone(),
            href: report.href.clone(),
            record: doc.file.clone(),
            sanitised: inc.sanitised.as_ref().is_some_and(|s| s.value),
            severity: self.level(&inc.severity.value),
            playbooks: inc
                .playbooks
                .iter()
                .map(|p| self.playbook(&p.value))
                .collect(),
            detected: shown(&inc.detected.value),
            aware: shown(&inc.aware.value),
            classified: inc.classified.as_ref().map(|c| shown(&c.value)),
            closed: shown(&inc.closed.value),
            summary_html: inc.summary.as_ref().map(|t| self.text(t, &doc.file)),
            root_cause_html: inc.root_cause.as_ref().map(|t| self.text(t, &doc.file)),
            contributing_factors: inc
                .contributing_factors
                .iter()
                .map(|c| c.value.clone())
                .collect(),
            timeline: inc
                .timeline
                .iter()
                .map(|e| self.timeline_entry(e, &calendar, detected))
                .collect(),
            steps,
            counts,
            report,
        }
    }

    /// One expected action of the review as a row: whether and when it was done.
    fn step_row(&self, a: &ReportAction, origins: &BTreeMap<Id, Origin>) -> StepRow {
        let (state, state_text) = match (a.score.outcome, a.score.timeliness) {
            (Outcome::Met, Timeliness::Late) => ("done-late", "DONE LATE"),
            (Outcome::Met, _) => ("done", "done"),
            (Outcome::NotMet, _) => ("not-done", "NOT DONE"),
            (Outcome::NotObserved, _) => ("not-applicable", "did not apply"),
        };
        let source = match origins.get(&a.score.id) {
            Some(Origin::Step(r) | Origin::Notice(r, _)) => Some(seen(self.source(r))),
            _ => a.source.clone().map(seen),
        };
        StepRow {
            state,
            state_text,
            what: a.score.what.clone(),
            source,
            role: a.role.clone(),
            done: a.score.elapsed_secs.map(|e| format!("T+{}", clock(e))),
            deadline: row_deadline(a),
            note: a.score.evaluations.iter().find_map(|e| e.note.clone()),
        }
    }

    /// One timeline entry, timed from `detected` (seconds) when both times are known.
    fn timeline_entry(&self, e: &Entry, calendar: &Calendar, detected: Option<i64>) -> EntryView {
        EntryView {
            at: shown(&e.at.value),
            since: incident::instant(calendar, &e.at.value)
                .zip(detected)
                .and_then(|(t, d)| u64::try_from(t - d).ok())
                .map(|s| format!("T+{}", clock(s))),
            by: e.by.as_ref().map(|b| self.role(&b.value)),
            what: e.what.value.clone(),
            source: e
                .step
                .as_ref()
                .or(e.page.as_ref())
                .map(|r| seen(self.source(&r.value))),
            notifies: e.notifies.as_ref().map(|n| {
                if self.idx.roles.contains_key(&n.value) {
                    self.role(&n.value)
                } else {
                    self.party(&n.value)
                }
            }),
            escalates_to: e.escalates_to.as_ref().map(|l| self.level(&l.value)),
        }
    }
}

/// How many rows are in each state.
fn counts(steps: &[StepRow]) -> Counts {
    let count = |s: &str| steps.iter().filter(|r| r.state == s).count();
    Counts {
        done: count("done"),
        late: count("done-late"),
        not_done: count("not-done"),
        not_applicable: count("not-applicable"),
    }
}

/// A record's local time (`YYYY-MM-DDTHH:MM`) as shown: a space for the `T`.
fn shown(t: &str) -> String {
    t.replacen('T', " ", 1)
}

/// A link as the reader may see it: the reference of a step or page the reader may not
/// see is withheld with its name.
fn seen(mut link: StepLink) -> StepLink {
    if link.name.is_none() {
        link.reference = "restricted".into();
        link.phase = None;
    }
    link
}

impl incident::Seen for Builder<'_> {
    fn step(&self, playbook: &crate::model::Playbook, step: &crate::model::Step) -> bool {
        self.sees(&playbook.audience) && self.sees(&step.audience)
    }

    fn contact(&self, id: &Id) -> bool {
        if self.idx.roles.contains_key(id) {
            self.role(id).name.is_some()
        } else {
            self.party(id).name.is_some()
        }
    }
}

/// The register of every item of `ex`'s reports and of `reviews`, soonest due first (then
/// by source and row, so the order depends on the sources alone), judged overdue against
/// the build's date.
fn register(ex: &ExercisesView, reviews: &[IncidentView], date: Option<&SiteDate>) -> RegisterView {
    let as_of = date.map(|d| match d {
        SiteDate::Built(d) | SiteDate::Sources(d) => d.clone(),
    });
    let today = as_of.as_deref().and_then(|d| Date::parse(d).ok());
    let sources = ex
        .reports
        .iter()
        .map(|r| ("exercise", r, r.date.clone()))
        .chain(
            reviews
                .iter()
                .map(|v| ("incident", &v.report, v.detected.chars().take(10).collect())),
        );
    let mut rows: Vec<(Date, String, usize, RegisterItem)> = Vec::new();
    for (kind, r, source_date) in sources {
        for (i, p) in r.score.plan.iter().enumerate() {
            let overdue = matches!(p.status, Status::Open | Status::InProgress)
                && today.is_some_and(|t| p.due < t);
            rows.push((
                p.due,
                r.href.clone(),
                i,
                RegisterItem {
                    kind,
                    source: r.title.clone(),
                    source_date: source_date.clone(),
                    source_href: r.href.clone(),
                    area_for_improvement: p.area_for_improvement.clone(),
                    corrective_action: p.corrective_action.clone(),
                    responsible: r.plan_roles.get(i).cloned().unwrap_or_else(Ref::restricted),
                    start: p.start.to_string(),
                    due: p.due.to_string(),
                    status: p.status,
                    agreed: p.agreed,
                    verified: p.verified.clone(),
                    overdue,
                    step: r.plan_steps.get(i).cloned().flatten().map(seen),
                },
            ));
        }
    }
    rows.sort_by(|a, b| (a.0, &a.1, a.2).cmp(&(b.0, &b.1, b.2)));
    let items: Vec<RegisterItem> = rows.into_iter().map(|(.., item)| item).collect();
    RegisterView {
        overdue: items.iter().filter(|i| i.overdue).count(),
        items,
        as_of,
    }
}

/// A review row's targets in words: the step's own, counted from detection, then the
/// scheme's deadline.
fn row_deadline(a: &super::exercises::ReportAction) -> Option<String> {
    let step = a
        .score
        .target_minutes
        .filter(|_| a.score.target_from == Some(TargetFrom::Step))
        .map(|m| {
            format!(
                "within {} of detection (step target)",
                crate::model::Minutes(m)
            )
        });
    match (step, a.deadline.clone()) {
        (Some(t), Some(d)) => Some(format!("{t}; {d}")),
        (t, d) => t.or(d),
    }
}
