//! Documents: what is indexed for each page, playbook, form, contact, notification duty and
//! template, field by field, and how much each field weighs.

use super::doc::{Doc, Field, channels};
use super::listings::{extra_docs, home_doc, index_docs, pocket_card_doc};
use crate::edition::html::Html;
use crate::edition::view::{PageView, PlaybookView, Ref, SiteView};
use crate::model::routes;
use std::borrow::Cow;

fn names(refs: &[Ref]) -> String {
    refs.iter()
        .filter_map(|r| r.name.as_deref())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A document to index: built already, or a page or playbook whose document is built
/// when its turn comes, so the documents of a large scheme are never all held at once.
pub(super) enum Source<'a> {
    Ready(Doc),
    Page(&'a PageView),
    Playbook(&'a PlaybookView),
}

impl Source<'_> {
    pub(super) fn doc(&self) -> Cow<'_, Doc> {
        match self {
            Source::Ready(d) => Cow::Borrowed(d),
            Source::Page(p) => Cow::Owned(page_doc(p)),
            Source::Playbook(pb) => Cow::Owned(playbook_doc(pb)),
        }
    }
}

impl Source<'_> {
    /// At least the bytes of text its document will hold: for a page, an upper bound
    /// read off its HTML without stripping it (plain text is never longer than the HTML
    /// it comes from); for anything else, the document's own.
    pub(super) fn text_bytes(&self) -> usize {
        match self {
            Source::Page(p) => {
                p.title.len()
                    + p.summary.as_ref().map_or(0, String::len)
                    + p.search_terms.iter().map(String::len).sum::<usize>()
                    + p.headings.iter().map(|h| h.text.len()).sum::<usize>()
                    + p.html.len()
            }
            other => {
                let d = other.doc();
                d.title.len() + d.parts.iter().map(|(_, t, _)| t.len()).sum::<usize>()
            }
        }
    }
}

impl<'a> From<Doc> for Source<'a> {
    fn from(d: Doc) -> Source<'a> {
        Source::Ready(d)
    }
}

/// Everything [`page_doc`] reads of a page, borrowed: two pages whose parts are equal give
/// the same document. Kept beside `page_doc` so that the two never drift apart; the HTML
/// compares by pointer first.
pub(super) type PageParts<'a> = (
    &'a str,
    &'a str,
    Option<&'a str>,
    Vec<&'a str>,
    &'a Html,
    &'a [String],
);

/// The [`PageParts`] of `p`.
pub(super) fn page_parts(p: &PageView) -> PageParts<'_> {
    (
        &p.href,
        &p.title,
        p.summary.as_deref(),
        p.headings.iter().map(|h| h.text.as_str()).collect(),
        &p.html,
        &p.search_terms,
    )
}

fn page_doc(p: &PageView) -> Doc {
    let mut d = Doc::new(&p.title, &p.href, "Procedure");
    if let Some(s) = &p.summary {
        d.text(Field::Summary, s);
    }
    d.terms(&p.search_terms);
    for h in &p.headings {
        d.hidden(Field::Heading, &h.text);
    }
    d.html(Field::Body, &p.html);
    d
}

fn playbook_doc(pb: &PlaybookView) -> Doc {
    let mut d = Doc::new(&pb.title, &pb.href, "Playbook");
    d.terms(&pb.search_terms);
    d.html(Field::Summary, &pb.summary_html);
    if !pb.indicators.is_empty() {
        d.text(
            Field::Indicator,
            &format!("Signs: {}.", pb.indicators.join("; ")),
        );
    }
    d.hidden(Field::Heading, &pb.category.name);
    for ph in &pb.phases {
        for st in &ph.steps {
            d.html(Field::Body, &st.action_html);
            if let Some(h) = &st.evidence_html {
                d.html(Field::Body, h);
            }
            for dec in &st.decisions {
                d.text(Field::Body, &dec.question);
                for c in &dec.choices {
                    d.text(Field::Body, &c.option);
                    d.html(Field::Body, &c.when_html);
                }
            }
            for e in &st.escalate {
                d.text(Field::Body, &e.when);
            }
        }
    }
    d
}

/// Every searchable document of the view, in a fixed order.
pub(super) fn documents(view: &SiteView) -> Vec<Source<'_>> {
    let mut docs: Vec<Source<'_>> = vec![home_doc(view).into(), policy_doc(view).into()];
    // Pages and playbooks hold most of the text of a large scheme: their documents are
    // built only when they are indexed, a few at a time (see `index_of`).
    docs.extend(view.pages.iter().map(Source::Page));
    docs.push(severity_doc(view).into());
    docs.extend(contact_docs(view).into_iter().map(Source::from));
    docs.extend(view.playbooks.iter().map(Source::Playbook));
    docs.extend(form_docs(view).into_iter().map(Source::from));
    docs.extend(awareness_docs(view).into_iter().map(Source::from));
    docs.push(call_tree_doc(view).into());
    docs.extend(duty_docs(view).into_iter().map(Source::from));
    docs.push(pocket_card_doc(view).into());
    docs.extend(index_docs(view).into_iter().map(Source::from));
    docs.extend(extra_docs(view).into_iter().map(Source::from));
    docs
}

fn policy_doc(view: &SiteView) -> Doc {
    let p = &view.policy;
    let mut d = Doc::new(&p.title, "policy.html", "Policy");
    for h in &p.headings {
        d.hidden(Field::Heading, &h.text);
    }
    d.html(Field::Body, &p.html);
    d
}

fn severity_doc(view: &SiteView) -> Doc {
    let sv = &view.severity;
    let mut d = Doc::new("Severity scale", "severity.html", "Severity");
    if let Some(h) = &sv.intro_html {
        d.html(Field::Body, h);
    }
    for l in &sv.levels {
        d.hidden(Field::Heading, &l.name);
        d.text(Field::Body, &format!("{}: {}", l.name, l.summary));
        for c in &l.criteria {
            d.text(Field::Body, &format!("{}: {}", c.category, c.text));
        }
        if let Some(t) = &l.response_target {
            d.text(Field::Body, &format!("Response target: {t}."));
        }
        d.text(Field::Body, &names(&l.notify));
        d.text(Field::Body, &names(&l.notify_parties));
        if let Some(h) = &l.escalation_html {
            d.html(Field::Body, h);
        }
    }
    d
}

/// The directory page, then one document per entry so a name leads to its card.
fn contact_docs(view: &SiteView) -> Vec<Doc> {
    let r = &view.reporting;
    let mut d = Doc::new("Contact directory", routes::CONTACTS, "Contacts");
    if let Some(n) = &r.point_of_contact.name {
        d.text(Field::Body, &format!("Report to: {n} ({}).", r.hours));
    }
    d.text(Field::Body, &channels(&r.channels));
    d.text(Field::Body, &channels(&r.out_of_band));
    d.hidden(
        Field::Heading,
        &view
            .roles
            .iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    );
    let mut docs = vec![d];
    for r in &view.roles {
        let mut d = Doc::new(
            &r.name,
            &format!("{}#{}", routes::CONTACTS, r.anchor),
            "Contacts",
        );
        d.terms(&r.search_terms);
        if let Some(h) = &r.duties_html {
            d.html(Field::Body, h);
        }
        d.text(Field::Body, &names(&r.holders));
        d.text(Field::Body, &channels(&r.channels));
        docs.push(d);
    }
    docs.extend(people_docs(view));
    docs
}

/// One document per person and per external party of the directory.
fn people_docs(view: &SiteView) -> Vec<Doc> {
    let mut docs = Vec::new();
    for p in &view.people {
        let mut d = Doc::new(
            &p.name,
            &format!("{}#{}", routes::CONTACTS, p.anchor),
            "Contacts",
        );
        d.terms(&p.search_terms);
        if let Some(t) = &p.title {
            d.text(Field::Heading, t);
        }
        d.text(Field::Heading, &names(&p.roles));
        let backups = names(&p.backups);
        if !backups.is_empty() {
            d.text(Field::Body, &format!("Backup: {backups}."));
        }
        d.text(Field::Body, &channels(&p.channels));
        docs.push(d);
    }
    for p in &view.parties {
        let mut d = Doc::new(
            &p.name,
            &format!("{}#{}", routes::CONTACTS, p.anchor),
            "Contacts",
        );
        d.text(Field::Heading, p.kind);
        d.terms(&p.search_terms);
        if let Some(h) = &p.when_html {
            d.html(Field::Body, h);
        }
        if let Some(r) = &p.reference {
            d.text(Field::Body, r);
        }
        d.text(Field::Body, &names(&p.for_playbooks));
        d.text(Field::Body, &channels(&p.channels));
        docs.push(d);
    }
    docs
}

fn form_docs(view: &SiteView) -> Vec<Doc> {
    let mut docs = Vec::new();
    for f in &view.forms {
        let mut d = Doc::new(&f.title, &f.href, if f.record { "Record" } else { "Form" });
        if let Some(h) = &f.intro_html {
            d.html(Field::Body, h);
        }
        for s in &f.sections {
            d.hidden(Field::Heading, &s.title);
            if let Some(h) = &s.help_html {
                d.html(Field::Body, h);
            }
            for fl in &s.fields {
                d.text(Field::Heading, &fl.label);
                if let Some(h) = &fl.help_html {
                    d.html(Field::Body, h);
                }
                d.text(Field::Body, &fl.choices.join(", "));
            }
            // A table's columns; an obligation-stage column's choices are every stage,
            // already indexed with the duties.
            for c in &s.columns {
                d.text(Field::Heading, &c.label);
                if let Some(h) = &c.help_html {
                    d.html(Field::Body, h);
                }
            }
        }
        docs.push(d);
    }
    docs
}

/// Onboarding pages are searchable; quizzes are not, as their snippets would give answers away.
fn awareness_docs(view: &SiteView) -> Vec<Doc> {
    let mut docs = Vec::new();
    for p in &view.awareness {
        let mut d = Doc::new(&p.title, &p.href, "New starter");
        if let Some(s) = &p.summary {
            d.text(Field::Summary, s);
        }
        d.terms(&p.search_terms);
        d.html(Field::Body, &p.html);
        docs.push(d);
    }
    docs
}

fn call_tree_doc(view: &SiteView) -> Doc {
    let mut d = Doc::new("Call tree", "call-tree.html", "Contacts");
    for l in &view.call_tree {
        d.hidden(Field::Heading, &l.name);
        let mut who: Vec<String> = Vec::new();
        for s in &l.steps {
            who.extend(s.role.name.clone());
            who.extend(s.people.iter().filter_map(|p| p.person.name.clone()));
        }
        who.extend(l.parties.iter().filter_map(|p| p.name.clone()));
        d.text(Field::Body, &format!("{}: {}.", l.name, who.join(", ")));
    }
    d
}

/// Each notification duty (so "regulator" or "72 hours" finds who must be told, by when),
/// the calculator, and each communication template.
fn duty_docs(view: &SiteView) -> Vec<Doc> {
    let mut docs = Vec::new();
    if let Some(o) = &view.obligations {
        let mut calc = Doc::new(
            "Deadline calculator",
            "deadlines.html",
            "Notification duties",
        );
        calc.text(
            Field::Summary,
            "When each notice to an outside party falls due: enter when the organisation became aware and tick what is true.",
        );
        for f in &o.facts {
            calc.hidden(Field::Body, &f.question);
        }
        docs.push(calc);
        for ob in &o.obligations {
            let href = format!("obligations.html#{}", ob.anchor);
            let mut d = Doc::new(&ob.title, &href, "Notification duty");
            d.text(Field::Heading, &names(std::slice::from_ref(&ob.party)));
            for st in &ob.stages {
                d.text(Field::Heading, &format!("{}: {}", st.title, st.deadline));
                d.html(Field::Body, &st.what_html);
            }
            d.text(Field::Body, &format!("Applies: {}", ob.applies));
            d.html(Field::Body, &ob.basis_html);
            docs.push(d);
        }
    }
    for t in &view.templates {
        let mut d = Doc::new(&t.title, &t.href, "Template");
        // Responders ask for "the insurer template": the kind is a word of the page.
        d.text(Field::Body, "Communication template.");
        if let Some(s) = &t.summary {
            d.text(Field::Summary, s);
        }
        d.html(Field::Body, &t.html);
        docs.push(d);
    }
    docs
}
