//! After-action reports: each run scored, with its timeline and the trend across runs.

use super::*;
use crate::exercise::clocks::{ClockScore, ClockStatus};
use crate::model::exercise::{Assessment, Unplanned};

impl Builder<'_> {
    /// The after-action report of one run: its score, actions, clocks and what was unplanned.
    pub(in crate::edition::view) fn report(
        &self,
        ex: &Exercise,
        rec: &Doc<Record>,
        mut score: Score,
        trend: Trend,
        deadlines: &Deadlines,
    ) -> ReportView {
        let r = &rec.data;
        let clocks = std::mem::take(&mut score.clocks)
            .iter()
            .map(|c| self.report_clock(ex, &score, c, deadlines))
            .collect();
        let actions = score
            .actions
            .iter()
            .map(|a| self.report_action(ex, a))
            .collect();
        ReportView {
            exercise: ex.id.value.clone(),
            title: ex.title.clone(),
            href: routes::report(&ex.id.value, &rec.file),
            guide_href: routes::guide(&ex.id.value),
            record: rec.file.clone(),
            date: r.date.value.to_string(),
            team: self.visible_refs(&r.team, Self::role),
            evaluators: r.evaluators.iter().map(|e| e.name.clone()).collect(),
            summary_html: r.summary.as_ref().map(|t| self.text(t, &rec.file)),
            unplanned: r
                .unplanned
                .iter()
                .map(|u| self.unplanned_view(ex, u))
                .collect(),
            plan_roles: score
                .plan
                .iter()
                .map(|p| self.role(&p.responsible))
                .collect(),
            plan_steps: score
                .plan
                .iter()
                .map(|p| p.step.as_ref().or(p.page.as_ref()).map(|s| self.source(s)))
                .collect(),
            actions,
            clocks,
            timezone: score.timezone.clone(),
            score,
            trend,
            duration_secs: u64::from(ex.duration.value.0) * 60,
        }
    }

    /// One scored action with where it sits in the exercise and the deadline it had.
    fn report_action(&self, ex: &Exercise, a: &ActionScore) -> ReportAction {
        let place = refs::action_place(ex, a.id.as_str());
        let spec = place.map(|(i, j)| &ex.injects[i].expected[j]);
        ReportAction {
            role: self.role(&a.role),
            source: spec.and_then(|s| self.action_source(s)),
            inject_number: place.map_or(0, |(i, _)| i + 1),
            inject_at_secs: place.map_or(0, |(i, _)| u64::from(ex.injects[i].at.value.0) * 60),
            elapsed: a.elapsed_secs.map(clock),
            target: a.target_words(),
            deadline: a
                .scheme_deadline
                .as_ref()
                .map(|d| format!("{}: {}", d.source, d.limit)),
            scenario_elapsed: a
                .scheme_deadline
                .as_ref()
                .and_then(|d| d.scenario_elapsed_secs)
                .map(clock),
            score: a.clone(),
        }
    }

    /// Something the team did that no inject expected, with the inject it came at.
    fn unplanned_view(&self, ex: &Exercise, u: &Unplanned) -> UnplannedView {
        UnplannedView {
            what: u.what.clone(),
            inject: u.inject.as_ref().and_then(|i| {
                ex.injects
                    .iter()
                    .position(|x| x.id.value == i.value)
                    .map(|k| format!("inject {}: {}", k + 1, ex.injects[k].title))
            }),
            by: u.by.as_ref().map(|b| self.role(&b.value)),
            assessment: u.assessment.map(|a| match a {
                Assessment::Strength => "strength",
                Assessment::Concern => "concern",
            }),
            note: u.note.clone(),
        }
    }
}

impl Builder<'_> {
    /// One clock of a run as this edition may see it: names of an obligation or party it
    /// may not see are withheld (`deadlines` already withholds them from the score's text).
    fn report_clock(
        &self,
        ex: &Exercise,
        score: &Score,
        c: &ClockScore,
        deadlines: &Deadlines,
    ) -> ReportClock {
        let seen = deadlines
            .clocks
            .obligations
            .iter()
            .find(|o| o.id == c.obligation && o.from_party == c.from_party)
            .is_some_and(|o| self.sees_clock(o));
        let party = self.party(&c.party);
        let href = match (seen, c.from_party) {
            (false, _) => None,
            (true, true) => party.href.clone(),
            (true, false) => Some(format!(
                "{}#{}",
                routes::OBLIGATIONS,
                routes::anchor::of("obligation-", &c.obligation)
            )),
        };
        let when = |secs: u64, wall: &Option<String>| match wall {
            Some(w) => format!("T+{} ({w})", clock(secs)),
            None => format!("T+{}", clock(secs)),
        };
        let action_what = c.done_by.as_ref().and_then(|id| {
            let (i, j) = refs::action_place(ex, id.as_str())?;
            Some(ex.injects[i].expected[j].what.value.clone())
        });
        let played = |id: &Id| score.actions.iter().any(|a| a.id == *id && a.played);
        let done = match (&c.done_by, c.outcome, c.done_secs) {
            (None, ..) => "no expected action carries out this stage".to_owned(),
            (Some(_), Some(Outcome::Met), Some(t)) => when(t, &c.done_wall),
            (Some(_), Some(Outcome::Met), None) => "met, but nobody recorded when".into(),
            (Some(_), Some(Outcome::NotMet), _) => "not met".into(),
            (Some(a), ..) if !played(a) => "not done: its inject was not played".into(),
            _ => "not observed".into(),
        };
        let margin = match (c.due_secs, c.done_secs) {
            (Some(d), Some(t)) if t <= d => Some(format!("{} to spare", clock(d - t))),
            (Some(d), Some(t)) => Some(format!("{} after the due time", clock(t - d))),
            _ => None,
        };
        ReportClock {
            title: c.title.clone(),
            href,
            party,
            stage: c.stage_title.clone(),
            deadline: c.deadline.clone(),
            from: c
                .anchor
                .as_ref()
                .zip(c.from_secs)
                .map(|(a, t)| format!("{a}, {}", when(t, &c.from_wall))),
            due: match c.due_secs {
                Some(t) => when(t, &c.due_wall),
                None => format!(
                    "not known: it needs {}",
                    c.needs
                        .as_deref()
                        .unwrap_or("a moment the story does not give")
                ),
            },
            action: c.done_by.clone(),
            action_what,
            done,
            status: c.status,
            status_text: match c.status {
                ClockStatus::OnTime => "on time",
                ClockStatus::Late => "late",
                ClockStatus::Missed => "missed",
                ClockStatus::NotReached => "not reached",
                ClockStatus::Unknown => "unknown",
            },
            margin,
        }
    }
}

/// The scheme deadline of an action, as text for the guide: the obligation stage it carries
/// out (from `stages`, [`score::stage_deadlines`]), else the response target of the level.
pub(super) fn deadline_text(
    ex: &Exercise,
    a: &crate::model::exercise::ExpectedAction,
    n: usize,
    level: Option<&Id>,
    d: &Deadlines,
    stages: &BTreeMap<Id, String>,
) -> Option<String> {
    if let Some(s) = stages.get(&a.id.value) {
        return Some(s.clone());
    }
    score::scheme_deadline(ex, a, n, level, d).map(|(source, m, from)| {
        let clock = if from == n {
            String::new()
        } else {
            format!(", counted from inject {}", from + 1)
        };
        format!("{source}: {}{clock}", Minutes(m))
    })
}

/// The trend of one exercise's runs, keyed to the steps its actions test.
pub(super) fn trend(b: &Builder, ex: &Exercise, runs: &[(&Doc<Record>, Score)]) -> Trend {
    if runs.len() < 2 {
        return Trend::default();
    }
    let mut rows: Vec<TrendRow> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for a in ex.injects.iter().flat_map(|i| &i.expected) {
        let Some(r) = a.step.as_ref().or(a.page.as_ref()) else {
            continue;
        };
        if keys.contains(&r.value) {
            continue;
        }
        keys.push(r.value.clone());
        let ids: Vec<&Id> = ex
            .injects
            .iter()
            .flat_map(|i| &i.expected)
            .filter(|x| {
                x.step
                    .as_ref()
                    .or(x.page.as_ref())
                    .is_some_and(|y| y.value == r.value)
            })
            .map(|x| &x.id.value)
            .collect();
        let cells = runs
            .iter()
            .map(|(_, sc)| {
                let mine: Vec<&ActionScore> =
                    sc.actions.iter().filter(|x| ids.contains(&&x.id)).collect();
                let worst = mine
                    .iter()
                    .map(|x| x.outcome)
                    .filter(|o| *o != Outcome::NotObserved)
                    .max();
                Some(TrendCell {
                    outcome: worst.unwrap_or(Outcome::NotObserved),
                    late: mine.iter().any(|x| x.timeliness == score::Timeliness::Late),
                })
            })
            .collect();
        rows.push(TrendRow {
            source: b.source(&r.value),
            cells,
        });
    }
    Trend {
        dates: runs.iter().map(|(_, sc)| sc.date.to_string()).collect(),
        rows,
    }
}
