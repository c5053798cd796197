//! Documents for the site's own pages: the home page's report card, the pocket card, the
//! index pages, and the templates, notification deadlines and exercise handouts the
//! edition shows. Each holds only what its page shows, read from the edition's view.
//!
//! An index page's document holds its own name and a line on what it lists, and the
//! names of what it lists as body text only, so it ranks below the pages it lists for
//! their own words and first for "list of playbooks".

use super::doc::{Doc, Field, channels};
use crate::edition::view::SiteView;
use crate::model::routes;

/// The home page's "report it now" card: who to call, when, and the out-of-band routes.
pub(super) fn home_doc(view: &SiteView) -> Doc {
    let r = &view.reporting;
    let mut d = Doc::new("Report a security event now", routes::HOME, "Home");
    d.text(
        Field::Summary,
        "Seen something that might be a security event? Report it now, without waiting to be sure.",
    );
    let poc = r
        .point_of_contact
        .name
        .as_deref()
        .unwrap_or("point of contact");
    d.text(
        Field::Body,
        &format!(
            "Call or contact the {poc}, {}: {}.",
            r.hours,
            channels(&r.channels)
        ),
    );
    if !r.out_of_band.is_empty() {
        d.text(
            Field::Body,
            &format!(
                "If e-mail, chat or the network may be compromised, use a route that does not depend on our own systems: {}.",
                channels(&r.out_of_band)
            ),
        );
    }
    d.text(
        Field::Body,
        "Do not investigate yourself, do not delete anything, and do not warn anyone you suspect.",
    );
    d
}

/// The pocket card: the same routes, the first signs of a few playbooks, what not to do.
pub(super) fn pocket_card_doc(view: &SiteView) -> Doc {
    let r = &view.reporting;
    let mut d = Doc::new("Pocket card", routes::POCKET_CARD, "Print");
    d.text(
        Field::Summary,
        "A card to print and carry: how to report a security event, and to whom.",
    );
    let poc = r
        .point_of_contact
        .name
        .as_deref()
        .unwrap_or("point of contact");
    d.text(
        Field::Body,
        &format!(
            "Report to the {poc}, {}: {}.",
            r.hours,
            channels(&r.channels)
        ),
    );
    if !r.out_of_band.is_empty() {
        d.text(
            Field::Body,
            &format!(
                "If e-mail or the network may be compromised: {}.",
                channels(&r.out_of_band)
            ),
        );
    }
    // The signs the card shows: the first indicator of the first playbooks.
    let signs: Vec<&str> = view
        .playbooks
        .iter()
        .filter_map(|p| p.indicators.first().map(String::as_str))
        .take(4)
        .collect();
    if !signs.is_empty() {
        d.text(
            Field::Body,
            &format!("Signs to report: {}.", signs.join("; ")),
        );
    }
    d.text(
        Field::Body,
        "Do not investigate or test it yourself, delete anything, or warn anyone you suspect.",
    );
    d
}

/// A listing page: its name, a line on what it lists, and the names listed.
fn listing(title: &str, href: &str, kind: &'static str, about: &str, names: &[&str]) -> Doc {
    let mut d = Doc::new(title, href, kind);
    d.text(Field::Summary, about);
    d.text(Field::Body, &names.join(", "));
    d
}

/// The index pages of the edition: procedures, playbooks, the new-starter path,
/// templates and exercises, each when the edition has the page.
pub(super) fn index_docs(view: &SiteView) -> Vec<Doc> {
    let mut docs = vec![
        listing(
            "Scheme procedures",
            routes::SCHEME_INDEX,
            "Index",
            "The list of every procedure of the scheme, by phase of incident management.",
            &view
                .pages
                .iter()
                .map(|p| p.title.as_str())
                .collect::<Vec<_>>(),
        ),
        listing(
            "Playbooks",
            routes::PLAYBOOKS_INDEX,
            "Index",
            "The list of every playbook, one per type of incident, with its category and default severity.",
            &view
                .playbooks
                .iter()
                .map(|p| p.title.as_str())
                .collect::<Vec<_>>(),
        ),
    ];
    if !view.new_starter.is_empty() {
        docs.push(listing(
            "New starter path",
            routes::AWARENESS_INDEX,
            "Index",
            "Security awareness for new starters: what to report and how, in short steps with a quiz at the end.",
            &view
                .new_starter
                .iter()
                .map(|s| s.title.as_str())
                .collect::<Vec<_>>(),
        ));
    }
    if !view.templates.is_empty() {
        docs.push(listing(
            "Communication templates",
            routes::TEMPLATES_INDEX,
            "Index",
            "The list of approved wording to start from when telling people about an incident.",
            &view
                .templates
                .iter()
                .map(|t| t.title.as_str())
                .collect::<Vec<_>>(),
        ));
    }
    let ex = &view.exercises.catalogue;
    if !ex.is_empty() {
        let mut d = listing(
            "Tabletop exercises",
            routes::EXERCISES_INDEX,
            "Index",
            "The list of tabletop exercises that test the scheme.",
            &[],
        );
        for e in ex {
            d.text(Field::Body, &format!("{}: {}", e.title, e.summary));
        }
        docs.push(d);
    }
    docs
}

/// One document per communication template, per notification obligation and per exercise
/// handout the edition shows.
pub(super) fn extra_docs(view: &SiteView) -> Vec<Doc> {
    let mut docs = Vec::new();
    for t in &view.templates {
        let mut d = Doc::new(&t.title, &t.href, "Template");
        if let Some(s) = &t.summary {
            d.text(Field::Summary, s);
        }
        d.html(Field::Body, &t.html);
        docs.push(d);
    }
    if let Some(o) = &view.obligations {
        for ob in &o.obligations {
            let mut d = Doc::new(
                &ob.title,
                &format!("{}#{}", routes::OBLIGATIONS, ob.anchor),
                "Deadline",
            );
            d.text(Field::Summary, &ob.applies);
            if let Some(p) = &ob.party.name {
                d.text(Field::Heading, p);
            }
            for st in &ob.stages {
                d.text(Field::Body, &format!("{}: {}.", st.title, st.deadline));
                d.html(Field::Body, &st.what_html);
            }
            d.html(Field::Body, &ob.basis_html);
            docs.push(d);
        }
    }
    for h in &view.exercises.handouts {
        let mut d = Doc::new(&h.title, &h.href, "Exercise");
        d.text(Field::Summary, &h.summary);
        d.html(Field::Body, &h.scenario_html);
        for o in &h.objectives {
            d.text(Field::Body, &o.text);
        }
        docs.push(d);
    }
    docs
}
