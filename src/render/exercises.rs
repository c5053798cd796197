//! The exercise pages of an edition: catalogue, handouts, inject cards, facilitator guides,
//! evaluator sheets, after-action reports and the coverage page.

use super::diagrams;
use super::job::{Job, val};
use crate::edition::view::exercises::ExercisesView;

/// Page jobs for everything `v` holds; none when the edition has no exercise.
pub(super) fn jobs(v: &ExercisesView) -> Vec<Job> {
    let mut jobs = Vec::new();
    if v.catalogue.is_empty() {
        return jobs;
    }
    jobs.push(Job {
        path: crate::model::routes::EXERCISES_INDEX.into(),
        template: "exercises.html",
        title: "Tabletop exercises".into(),
        section: "exercises",
        data: vec![
            ("exercises", val(&v.catalogue)),
            ("has_coverage", val(&v.coverage.is_some())),
        ],
    });
    for h in &v.handouts {
        jobs.push(Job {
            path: h.href.clone(),
            template: "exercise-handout.html",
            title: format!("{}: participant handout", h.title),
            section: "exercises",
            data: vec![("handout", val(h))],
        });
        jobs.push(Job {
            path: h.cards_href.clone(),
            template: "exercise-cards.html",
            title: format!("{}: inject cards", h.title),
            section: "exercises",
            data: vec![("handout", val(h))],
        });
    }
    for g in &v.guides {
        jobs.push(Job {
            path: g.href.clone(),
            template: "exercise-guide.html",
            title: format!("{}: facilitator guide", g.title),
            section: "exercises",
            data: vec![("guide", val(g))],
        });
        jobs.push(Job {
            path: g.sheet_href.clone(),
            template: "exercise-sheet.html",
            title: format!("{}: evaluator sheet", g.title),
            section: "exercises",
            data: vec![("guide", val(g))],
        });
    }
    for r in &v.reports {
        jobs.push(report_job(r));
    }
    if let Some(c) = &v.coverage {
        jobs.push(Job {
            path: crate::model::routes::EXERCISE_COVERAGE.into(),
            template: "exercise-coverage.html",
            title: "Exercise coverage".into(),
            section: "exercises",
            data: vec![("coverage", val(c))],
        });
    }
    jobs
}

/// The job for one after-action report, also used by `irbook exercise report`.
pub(super) fn report_job(r: &crate::edition::view::exercises::ReportView) -> Job {
    Job {
        path: r.href.clone(),
        template: "exercise-report.html",
        title: format!("{}: after-action report, {}", r.title, r.date),
        section: "exercises",
        data: vec![
            ("report", val(r)),
            ("timeline", val(&diagrams::exercise_timeline(r))),
        ],
    }
}
