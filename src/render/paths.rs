//! The pages of the learning paths: each path's overview, its steps (the awareness pages
//! and the quiz, each copied into the path's folder with the path's own progress and pager),
//! and its completion page; and the scripts they need, copied only where they are used.

use super::job::{Job, val};
use super::theme::Theme;
use crate::edition::view::{NavLink, PathView, SiteView};
use crate::render::output::Output;

/// The learning paths' assets under `assets/`: the pool draw, the completion page and
/// the messages to a learning system's launcher; the phone layout.
const SCRIPTS: &[&str] = &["assets/path.js", "assets/path.css"];

/// Page jobs for every learning path of the edition.
pub(super) fn jobs(view: &SiteView) -> Vec<Job> {
    let mut jobs = Vec::new();
    for p in &view.paths {
        path_jobs(view, p, &mut jobs);
    }
    jobs
}

fn path_jobs(view: &SiteView, p: &PathView, jobs: &mut Vec<Job>) {
    let total = p.steps.len();
    let complete = NavLink {
        title: "Record your completion".into(),
        href: p.complete_href.clone(),
    };
    let links: Vec<NavLink> = p
        .steps
        .iter()
        .map(|s| NavLink {
            title: s.title.clone(),
            href: s.href.clone(),
        })
        .collect();
    jobs.push(Job {
        path: p.href.clone(),
        template: "path.html",
        title: p.title.clone(),
        section: "awareness",
        data: vec![("path", val(p))],
    });
    for (i, step) in p.steps.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|j| links.get(j));
        // The quiz leads to the completion page; a path without a quiz ends there too.
        let next = links.get(i + 1).or(Some(&complete));
        let mut data = vec![
            ("path", val(p)),
            ("step", val(&(i + 1))),
            ("total", val(&total)),
            ("prev", val(&prev)),
            ("next", val(&next)),
        ];
        let template = if let Some(v) = step.page {
            data.push(("page", val(&view.awareness[v])));
            "awareness-page.html"
        } else if let Some(v) = step.quiz {
            // The path's own pass mark and draw.
            let mut quiz = view.quizzes[v].clone();
            quiz.pass_mark = p.pass_mark;
            quiz.draw = u16::try_from(p.draw)
                .ok()
                .filter(|&d| usize::from(d) < quiz.questions.len());
            data.push(("quiz", val(&quiz)));
            "quiz.html"
        } else {
            continue;
        };
        jobs.push(Job {
            path: step.href.clone(),
            template,
            title: step.title.clone(),
            section: "awareness",
            data,
        });
    }
    jobs.push(Job {
        path: p.complete_href.clone(),
        template: "path-complete.html",
        title: format!("{}: completion", p.title),
        section: "awareness",
        data: vec![("path", val(p))],
    });
}

/// The paths' assets, when the edition has a path or a quiz that draws from a pool.
pub(super) fn scripts(view: &SiteView, theme: &Theme, out: &dyn Output) {
    if view.paths.is_empty() && view.quizzes.iter().all(|q| q.draw.is_none()) {
        return;
    }
    for path in SCRIPTS {
        if let Some(bytes) = theme.scripts.get(*path) {
            out.put(path, bytes.clone());
        }
    }
}
