//! The pages of notification duties: the obligations page, the deadline calculator, and the
//! communication templates; and the scripts they need, copied only where they are used.

use super::job::{Job, val};
use super::theme::Theme;
use crate::edition::view::SiteView;
use crate::model::routes;
use crate::render::output::Output;

/// The calculator's scripts, under `assets/`.
const SCRIPTS: &[&str] = &["assets/deadlines.js", "assets/calculator.js"];

/// Page jobs for the obligations, the calculator and the templates the edition shows.
pub(super) fn jobs(view: &SiteView) -> Vec<Job> {
    let mut jobs = Vec::new();
    if let Some(o) = &view.obligations {
        jobs.push(Job {
            path: routes::OBLIGATIONS.into(),
            template: "obligations.html",
            title: "Notification duties".into(),
            section: "obligations",
            data: vec![("obligations", val(o))],
        });
        jobs.push(Job {
            path: routes::DEADLINES.into(),
            template: "deadlines.html",
            title: "Deadline calculator".into(),
            section: "obligations",
            // Not part of the view's serialised form (the export), so given on its own.
            data: vec![
                ("obligations", val(o)),
                ("calculator_json", val(&o.calculator_json)),
            ],
        });
    }
    if !view.templates.is_empty() {
        jobs.push(Job {
            path: routes::TEMPLATES_INDEX.into(),
            template: "templates.html",
            title: "Communication templates".into(),
            section: "obligations",
            data: vec![("templates", val(&view.templates))],
        });
    }
    for t in &view.templates {
        jobs.push(Job {
            path: t.href.clone(),
            template: "template.html",
            title: t.title.clone(),
            section: "obligations",
            data: vec![("template", val(t))],
        });
    }
    jobs
}

/// The calculator's scripts, when the edition has its pages or a template (whose copy
/// button they give).
pub(super) fn scripts(view: &SiteView, theme: &Theme, out: &dyn Output) {
    if view.obligations.is_none() && view.templates.is_empty() {
        return;
    }
    for path in SCRIPTS {
        if let Some(bytes) = theme.scripts.get(*path) {
            out.put(path, bytes.clone());
        }
    }
}
