//! After-action reports: each run scored, with its timeline and the trend across runs.

use super::*;

impl Builder<'_> {
    pub(super) fn report(
        &self,
        ex: &Exercise,
        rec: &Doc<Record>,
        score: Score,
        trend: Trend,
    ) -> ReportView {
        let r = &rec.data;
        let actions = score
            .actions
            .iter()
            .map(|a| {
                let place = refs::action_place(ex, a.id.as_str());
                let spec = place.map(|(i, j)| &ex.injects[i].expected[j]);
                ReportAction {
                    role: self.role(&a.role),
                    source: spec.and_then(|s| self.action_source(s)),
                    inject_number: place.map_or(0, |(i, _)| i + 1),
                    inject_at_secs: place
                        .map_or(0, |(i, _)| u64::from(ex.injects[i].at.value.0) * 60),
                    elapsed: a.elapsed_secs.map(clock),
                    target: a.target_minutes.map(|m| minutes(Minutes(m))),
                    deadline: a
                        .scheme_deadline
                        .as_ref()
                        .map(|d| format!("{}: {}", d.source, Minutes(d.minutes))),
                    scenario_elapsed: a
                        .scheme_deadline
                        .as_ref()
                        .and_then(|d| d.scenario_elapsed_secs)
                        .map(clock),
                    score: a.clone(),
                }
            })
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
                .map(|u| UnplannedView {
                    what: u.what.clone(),
                    inject: u.inject.as_ref().and_then(|i| {
                        ex.injects
                            .iter()
                            .position(|x| x.id.value == i.value)
                            .map(|k| format!("inject {}: {}", k + 1, ex.injects[k].title))
                    }),
                    by: u.by.as_ref().map(|b| self.role(&b.value)),
                    assessment: u.assessment.map(|a| match a {
                        crate::model::exercise::Assessment::Strength => "strength",
                        crate::model::exercise::Assessment::Concern => "concern",
                    }),
                    note: u.note.clone(),
                })
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
            score,
            trend,
            duration_secs: u64::from(ex.duration.value.0) * 60,
        }
    }
}

/// The scheme deadline of an action, as text for the guide.
pub(super) fn deadline_text(
    ex: &Exercise,
    a: &crate::model::exercise::ExpectedAction,
    n: usize,
    level: Option<&Id>,
    d: &Deadlines,
) -> Option<String> {
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
