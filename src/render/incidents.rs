//! The incident pages of an edition: the index of reviews, each review with its timeline
//! diagram, and the improvement register (a page and a CSV file).

use super::diagrams;
use super::job::{Job, val};
use crate::edition::view::incidents::IncidentsView;
use crate::model::routes;

/// Page jobs for everything `v` holds; none when the edition has no review and no register.
pub(super) fn jobs(v: &IncidentsView) -> Vec<Job> {
    let mut jobs = Vec::new();
    if v.reviews.is_empty() && v.register.is_none() {
        return jobs;
    }
    jobs.push(Job {
        path: routes::INCIDENTS_INDEX.into(),
        template: "incidents.html",
        title: "Incident reviews".into(),
        section: "incidents",
        data: vec![
            ("reviews", val(&v.reviews)),
            ("has_register", val(&v.register.is_some())),
        ],
    });
    for r in &v.reviews {
        jobs.push(Job {
            path: r.href.clone(),
            template: "incident-review.html",
            title: format!("{}: incident review", r.title),
            section: "incidents",
            data: vec![
                ("review", val(r)),
                ("timeline", val(&diagrams::incident_timeline(&r.report))),
            ],
        });
    }
    if let Some(reg) = &v.register {
        jobs.push(Job {
            path: routes::IMPROVEMENTS.into(),
            template: "improvements.html",
            title: "Improvement register".into(),
            section: "incidents",
            data: vec![("register", val(reg))],
        });
    }
    jobs
}
