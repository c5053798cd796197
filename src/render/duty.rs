//! The duty cards, their index and the rota page; the on-duty script goes inline into the
//! pages that show who is on duty, so they work opened from a file with nothing beside them.

use super::job::{Job, val};
use super::theme::Theme;
use crate::edition::view::SiteView;
use crate::model::routes;

/// The on-duty script in the theme.
const SCRIPT: &str = "assets/rota.js";

/// Page jobs for the duty cards, their index and the rota.
pub(super) fn jobs(view: &SiteView) -> Vec<Job> {
    let mut jobs = Vec::new();
    if view.duty_cards.is_empty() {
        return jobs;
    }
    jobs.push(Job {
        path: routes::DUTY_INDEX.into(),
        template: "duty-cards.html",
        title: "Duty cards".into(),
        section: "contacts",
        data: vec![("cards", val(&view.duty_cards))],
    });
    for card in &view.duty_cards {
        let rotation = view.rota.as_ref().and_then(|r| r.of(&card.id));
        jobs.push(Job {
            path: card.href.clone(),
            template: "duty-card.html",
            title: format!("Duty card: {}", card.name),
            section: "contacts",
            data: vec![("card", val(card)), ("rotation", val(&rotation))],
        });
    }
    if let Some(rota) = &view.rota {
        jobs.push(Job {
            path: routes::ROTA.into(),
            template: "rota.html",
            title: "Rota".into(),
            section: "contacts",
            data: vec![("rota", val(rota))],
        });
    }
    jobs
}

/// The duty cards of the roles with a step or a decision in the first phases of the
/// playbook whose page is at `path`: their names and links.
fn cards_for(view: &SiteView, path: &str) -> Vec<crate::edition::view::NavLink> {
    view.duty_cards
        .iter()
        .filter(|c| c.playbooks.iter().any(|p| p.href == path))
        .map(|c| crate::edition::view::NavLink {
            title: c.name.clone(),
            href: c.href.clone(),
        })
        .collect()
}

/// Gives each playbook page the duty cards of its roles, and the pages that show who is on
/// duty the rota's data and the script, inline.
pub(super) fn attach(view: &SiteView, theme: &Theme, jobs: &mut [Job]) {
    for job in jobs.iter_mut().filter(|j| j.template == "playbook.html") {
        let cards = cards_for(view, &job.path);
        job.data.push(("duty", val(&cards)));
    }
    let script = match &view.rota {
        Some(_) => theme
            .scripts
            .get(SCRIPT)
            .map(|b| String::from_utf8_lossy(b).replace("</", "<\\/")),
        None => None,
    };
    let json = view.rota.as_ref().map(|r| r.json.as_str());
    let from = view.rota.as_ref().map(|r| r.from.as_str());
    for job in jobs.iter_mut() {
        if job.template == "contacts.html" {
            job.data.push(("site_has_rota", val(&view.rota.is_some())));
        }
        if matches!(
            job.template,
            "call-tree.html" | "duty-card.html" | "duty-cards.html" | "rota.html"
        ) {
            job.data.push(("rota_json", val(&json)));
            job.data.push(("rota_js", val(&script)));
            job.data.push(("rota_from", val(&from)));
        }
    }
}
