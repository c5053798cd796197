//! The team's home page: the work that is open, drawn from the edition's view. The rest of
//! the team home (playbooks by severity, the call tree, the duty roles) is the view as is.

use super::Ref;
use super::exercises::ExercisesView;
use crate::model::exercise::Status;
use serde::Serialize;

/// How many recent exercise runs the team home lists.
const RECENT_RUNS: usize = 5;
/// How many open improvement items the team home lists; each report has them all.
const OPEN_ITEMS: usize = 10;

/// What the team home adds to the view: open improvement items and recent runs.
#[derive(Debug, Clone, Serialize)]
pub struct TeamHome {
    /// Improvement items not yet done, soonest due first, at most [`OPEN_ITEMS`].
    pub improvements: Vec<OpenImprovement>,
    /// How many more are open than are listed.
    pub more_improvements: usize,
    /// The latest exercise runs with reports, newest first.
    pub runs: Vec<RecentRun>,
}

/// An improvement item from an exercise run that is not done yet.
#[derive(Debug, Clone, Serialize)]
pub struct OpenImprovement {
    /// What will change.
    pub corrective_action: String,
    /// What went wrong.
    pub area_for_improvement: String,
    /// Who does it.
    pub responsible: Ref,
    /// Due date.
    pub due: String,
    /// Proposed, open or in progress.
    pub status: Status,
    /// Agreed in the record, or proposed by irbook from the score.
    pub agreed: bool,
    /// The exercise whose run found it.
    pub exercise: String,
    /// Day of that run.
    pub run: String,
    /// Root-relative href of the run's after-action report.
    pub report_href: String,
}

/// An exercise run with its report.
#[derive(Debug, Clone, Serialize)]
pub struct RecentRun {
    /// Exercise title.
    pub title: String,
    /// Day of the run.
    pub date: String,
    /// Root-relative href of its report.
    pub href: String,
    /// Objective ratings in order, e.g. `["P", "S"]`.
    pub ratings: Vec<String>,
    /// Evaluated actions met, in percent.
    pub performance: Option<f64>,
}

/// The team home's data from the exercises this edition shows.
pub fn team_home(ex: &ExercisesView) -> TeamHome {
    let mut improvements = open_improvements(ex);
    let more_improvements = improvements.len().saturating_sub(OPEN_ITEMS);
    improvements.truncate(OPEN_ITEMS);
    TeamHome {
        improvements,
        more_improvements,
        runs: recent_runs(ex),
    }
}

/// Every improvement item of every report that is not done, soonest due first (then by
/// report and row, so the order never depends on anything but the sources).
fn open_improvements(ex: &ExercisesView) -> Vec<OpenImprovement> {
    let mut out: Vec<(crate::model::Date, &str, usize, OpenImprovement)> = Vec::new();
    for r in &ex.reports {
        for (i, p) in r.score.plan.iter().enumerate() {
            if p.status == Status::Done {
                continue;
            }
            out.push((
                p.due,
                &r.href,
                i,
                OpenImprovement {
                    corrective_action: p.corrective_action.clone(),
                    area_for_improvement: p.area_for_improvement.clone(),
                    responsible: r.plan_roles.get(i).cloned().unwrap_or_else(Ref::restricted),
                    due: p.due.to_string(),
                    status: p.status,
                    agreed: p.agreed,
                    exercise: r.title.clone(),
                    run: r.date.clone(),
                    report_href: r.href.clone(),
                },
            ));
        }
    }
    out.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
    out.into_iter().map(|(.., item)| item).collect()
}

/// The newest runs across all exercises.
fn recent_runs(ex: &ExercisesView) -> Vec<RecentRun> {
    let mut runs: Vec<RecentRun> = ex
        .catalogue
        .iter()
        .flat_map(|e| {
            e.runs.iter().map(|r| RecentRun {
                title: e.title.clone(),
                date: r.date.clone(),
                href: r.href.clone(),
                ratings: r.ratings.split_whitespace().map(str::to_owned).collect(),
                performance: r.performance,
            })
        })
        .collect();
    // ISO dates sort as text; the href breaks ties between runs on one day.
    runs.sort_by(|a, b| (&b.date, &b.href).cmp(&(&a.date, &a.href)));
    runs.truncate(RECENT_RUNS);
    runs
}
