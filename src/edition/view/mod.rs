//! The edition view: the scheme as one audience sees it, with Markdown rendered.
//!
//! This is the only place that reads the full model for rendering. Every item,
//! channel, step, decision, section and field is checked against the edition
//! here; references to items the reader may not see become `Ref::restricted()`,
//! carrying neither their name nor their id. Templates and exports receive
//! nothing but this view, so no template can reach hidden material.

mod awareness;
mod cache;
mod contacts;
mod duty;
pub mod exercises;
mod home;
pub mod incidents;
mod links;
mod obligations;
mod pages;
mod paths;
mod playbook_fields;
mod playbooks;
mod quiz;
mod rota;
mod text;
mod types;

use super::{Edition, markers};
use crate::check::diagnostic::Diagnostic;
use crate::check::links::{BadLink, LinkFault};
use crate::edition::markdown::{self, LinkOutcome, Linker, MdOptions};
use crate::model::index::Target;
use crate::model::routes::{self, anchor};
use crate::model::slug::Slugger;
use crate::model::{At, Channel, ChannelKind, Id, Index, Pos, Scheme};
pub use awareness::path_minutes;
pub use cache::MdCache;
pub use duty::{
    DutyCall, DutyCardView, DutyDecision, DutyEscalation, DutyNotices, DutyParty, DutyPlaybook,
    DutyStep, first_phases,
};
pub use home::{OpenImprovement, RecentRun, TeamHome, team_home};
use links::*;
use obligations::notifying_steps;
pub use obligations::{
    ClockLink, FactView, NoticeView, NotifyingStep, ObligationView, ObligationsView, StageView,
    TemplateView,
};
pub use playbook_fields::*;
use rayon::prelude::*;
pub use rota::{RotaView, RotationView, ShiftView};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Mutex;
use text::Place;
pub use types::*;

/// Builds views; shares the scheme, index and edition across the whole edition.
pub(super) struct Builder<'a> {
    pub(super) s: &'a Scheme,
    pub(super) idx: &'a Index,
    pub(super) ed: &'a Edition,
    pub(super) cache: &'a MdCache,
    pub(super) diags: Mutex<Vec<Diagnostic>>,
}

impl Builder<'_> {
    pub(super) fn sees(&self, aud: &Option<At<Id>>) -> bool {
        self.ed.sees(self.idx, aud)
    }
}

/// A slugger with the anchors the page layout itself uses reserved.
fn page_slugger() -> Slugger {
    let mut s = Slugger::default();
    for reserved in ["main", "top", "content", "nav", "search"] {
        s.reserve(reserved);
    }
    s
}

/// Builds the view of `s` for edition `ed`, with the problems found in Markdown on the way.
pub fn build(
    s: &Scheme,
    idx: &Index,
    ed: &Edition,
    cache: &MdCache,
    date: Option<SiteDate>,
) -> (SiteView, Vec<Diagnostic>) {
    let b = Builder {
        s,
        idx,
        ed,
        cache,
        diags: Mutex::new(Vec::new()),
    };
    let mut pages: Vec<PageView> = (0..s.pages.len())
        .into_par_iter()
        .filter_map(|i| b.page(i))
        .collect();
    let mut playbooks: Vec<PlaybookView> = (0..s.playbooks.len())
        .into_par_iter()
        .filter_map(|i| b.playbook_view(i))
        .collect();
    playbooks.sort_by(|a, b| (a.title.to_lowercase(), &a.id).cmp(&(b.title.to_lowercase(), &b.id)));
    let forms: Vec<FormView> = (0..s.forms.len()).filter_map(|i| b.form(i)).collect();
    let (roles, people, parties) = b.directory();
    link_neighbours(&mut pages);
    let lifecycle = lifecycle(&pages);
    let taxonomy = taxonomy(s, &playbooks);
    let signs = awareness::signs(&s.config.data.awareness.signs, &playbooks);
    let tools = b.tools_view(&playbooks);
    let coverage = playbook_fields::coverage(&playbooks);
    let downloads = b.downloads();
    let mut view = SiteView {
        edition: edition_view(ed),
        organisation: s.config.data.organisation.clone(),
        title: s.config.data.title.clone(),
        version: s.config.data.version.clone(),
        build_date: built_date(date.as_ref()),
        sources_date: sources_date(date.as_ref()),
        reporting: b.reporting(),
        policy: b.policy(),
        pages,
        lifecycle,
        severity: b.severity(),
        roles,
        people,
        parties,
        playbooks,
        taxonomy,
        forms,
        call_tree: b.call_tree(),
        awareness: Vec::new(),
        quizzes: Vec::new(),
        new_starter: Vec::new(),
        paths: Vec::new(),
        signs,
        exercises: b.exercises(),
        incidents: incidents::IncidentsView::default(),
        obligations: b.obligations_view(),
        templates: b.templates_view(),
        synonyms: b.synonyms(),
        duty_cards: Vec::new(),
        rota: b.rota_view(date.as_ref().map(site_day)),
        tools,
        coverage,
        downloads,
    };
    let rota_roles = view.rota.as_ref().map(RotaView::roles).unwrap_or_default();
    view.duty_cards = b.duty_cards(&view.playbooks, &rota_roles);
    mark_on_duty(&mut view);
    view.incidents = b.incidents(&view.exercises, date.as_ref());
    b.new_starter(&mut view);
    view.paths = b.paths(&view);
    let diags = b.diags.into_inner().unwrap_or_default();
    (view, diags)
}

/// The build date, if the builder fixed it.
fn built_date(date: Option<&SiteDate>) -> Option<String> {
    match date {
        Some(SiteDate::Built(d)) => Some(d.clone()),
        _ => None,
    }
}

/// The sources' date, if the site's date is taken from them.
fn sources_date(date: Option<&SiteDate>) -> Option<String> {
    match date {
        Some(SiteDate::Sources(d)) => Some(d.clone()),
        _ => None,
    }
}

/// The site's day, whichever kind of date it is.
fn site_day(date: &SiteDate) -> &str {
    match date {
        SiteDate::Built(d) | SiteDate::Sources(d) => d,
    }
}

/// Who the edition is for, as its pages name it.
fn edition_view(ed: &Edition) -> EditionView {
    EditionView {
        id: ed.id.clone(),
        name: ed.name.clone(),
        description: ed.description.clone(),
        restricted: ed.rank > 0,
    }
}

/// Marks each call-tree step with the rota slot of the role it calls, if one is on duty.
fn mark_on_duty(view: &mut SiteView) {
    for level in &mut view.call_tree {
        for step in &mut level.steps {
            step.on_duty = view
                .rota
                .as_ref()
                .and_then(|r| {
                    r.rotations.iter().find(|x| {
                        Some(&x.role.href) == Some(&step.role.href) && step.role.href.is_some()
                    })
                })
                .map(|x| x.slot.clone());
        }
    }
}

/// A page's title and link.
fn nav_link(title: &str, href: &str) -> NavLink {
    NavLink {
        title: title.to_owned(),
        href: href.to_owned(),
    }
}

/// Links each scheme page to the one before and after it.
fn link_neighbours(pages: &mut [PageView]) {
    let links: Vec<NavLink> = pages.iter().map(|p| nav_link(&p.title, &p.href)).collect();
    for (i, p) in pages.iter_mut().enumerate() {
        p.prev = i.checked_sub(1).map(|j| links[j].clone());
        p.next = links.get(i + 1).cloned();
    }
}

/// The scheme pages by lifecycle phase, "Other procedures" last when it has any.
fn lifecycle(pages: &[PageView]) -> Vec<LifecycleView> {
    let groups = crate::model::Lifecycle::ALL
        .iter()
        .map(|l| (Some(*l), l.label(), l.anchor()))
        .chain(std::iter::once((
            None,
            "Other procedures",
            anchor::OTHER_PROCEDURES,
        )));
    groups
        .map(|(l, label, anchor)| {
            let all: Vec<NavLink> = pages
                .iter()
                .filter(|p| p.lifecycle == l)
                .map(|p| nav_link(&p.title, &p.href))
                .collect();
            let nav: Vec<NavLink> = all.iter().take(NAV_LIMIT).cloned().collect();
            LifecycleView {
                anchor,
                label,
                more: all.len() - nav.len(),
                pages: all,
                nav,
            }
        })
        .filter(|g| g.anchor != anchor::OTHER_PROCEDURES || !g.pages.is_empty())
        .collect()
}

/// The incident categories, each with the playbooks of the edition that handle it.
fn taxonomy(s: &Scheme, playbooks: &[PlaybookView]) -> Vec<TaxonomyView> {
    s.config
        .data
        .incident_categories
        .iter()
        .map(|c| TaxonomyView {
            id: c.id.value.clone(),
            name: c.name.clone(),
            playbooks: playbooks
                .iter()
                .filter(|p| p.category.id == c.id.value)
                .map(|p| nav_link(&p.title, &p.href))
                .collect(),
        })
        .collect()
}

impl Builder<'_> {
    /// The search synonyms of irbook.yaml this edition's audience may see.
    fn synonyms(&self) -> Vec<SynonymView> {
        let text = |v: &[At<String>]| v.iter().map(|t| t.value.clone()).collect();
        self.s
            .config
            .data
            .search
            .synonyms
            .iter()
            .filter(|s| self.sees(&s.audience))
            .map(|s| SynonymView {
                words: text(&s.words),
                means: text(&s.means),
            })
            .collect()
    }

    /// The new-starter path of `view`: its awareness pages and quizzes (generated questions
    /// written from the finished view), then the path through them by weight, quizzes
    /// defaulting to the end.
    fn new_starter(&self, view: &mut SiteView) {
        let s = self.s;
        view.awareness = (0..s.awareness.len())
            .filter_map(|i| self.awareness_page(i))
            .collect();
        let deadlines = self.quiz_deadlines(view.obligations.as_ref());
        let calendar = crate::model::clock::Calendar::from_config(&s.config.data);
        let src = quiz::Sources {
            reporting: &view.reporting,
            roles: &view.roles,
            people: &view.people,
            playbooks: &view.playbooks,
            severity: &view.severity,
            deadlines: &deadlines,
            targets: &calendar.targets,
        };
        let quizzes: Vec<QuizView> = (0..s.quizzes.len())
            .filter_map(|i| self.quiz(i, &src))
            .collect();
        view.quizzes = quizzes;
        let mut steps: Vec<(i32, NavLink)> = s
            .awareness
            .iter()
            .filter(|p| self.sees(&p.meta.audience))
            .zip(&view.awareness)
            .map(|(p, v)| (p.meta.weight, nav_link(&v.title, &v.href)))
            .collect();
        steps.extend(
            s.quizzes
                .iter()
                .filter(|q| self.sees(&q.data.audience))
                .zip(&view.quizzes)
                .map(|(q, v)| (q.data.weight, nav_link(&v.title, &v.href))),
        );
        steps.sort_by_key(|(w, _)| *w);
        view.new_starter = steps.into_iter().map(|(_, l)| l).collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_relative_links() {
        assert_eq!(
            join_relative("content/scheme/a.md", "../severity.yaml").as_deref(),
            Some("content/severity.yaml")
        );
        assert_eq!(
            join_relative("content/scheme/a.md", "./b.md").as_deref(),
            Some("content/scheme/b.md")
        );
        assert_eq!(join_relative("a.md", "../../x"), None);
    }

    #[test]
    fn decodes_percent_escapes() {
        // A `%` before a character of several bytes used to cut it in two and panic.
        assert_eq!(percent_decode("%aé"), "%aé");
        assert_eq!(percent_decode("a%20b.md"), "a b.md");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
