//! Every output path and anchor of an edition, in one place: the view's links, the page
//! jobs, reference links, the navigation and the path-collision rule all ask here.
//!
//! Paths are relative to the edition folder, `/`-separated.

use super::index::Target;
use super::{Id, Scheme};

/// The fixed pages of an edition by name, for templates (`site.routes.deadlines`), so that
/// a theme links to a page the way the navigation does rather than by a file name of its
/// own.
#[derive(Debug, serde::Serialize)]
pub struct Pages {
    /// [`HOME`].
    pub home: &'static str,
    /// [`POLICY`].
    pub policy: &'static str,
    /// [`SEVERITY`].
    pub severity: &'static str,
    /// [`CONTACTS`].
    pub contacts: &'static str,
    /// [`CALL_TREE`].
    pub call_tree: &'static str,
    /// [`SCHEME_INDEX`].
    pub scheme_index: &'static str,
    /// [`PLAYBOOKS_INDEX`].
    pub playbooks_index: &'static str,
    /// [`SEARCH`].
    pub search: &'static str,
    /// [`OBLIGATIONS`].
    pub obligations: &'static str,
    /// [`DEADLINES`].
    pub deadlines: &'static str,
    /// [`TEMPLATES_INDEX`].
    pub templates_index: &'static str,
    /// [`BINDER`].
    pub binder: &'static str,
    /// [`AWARENESS_INDEX`].
    pub awareness_index: &'static str,
    /// [`POCKET_CARD`].
    pub pocket_card: &'static str,
    /// [`POSTER`].
    pub poster: &'static str,
    /// [`EXERCISES_INDEX`].
    pub exercises_index: &'static str,
    /// [`EXERCISE_COVERAGE`].
    pub exercise_coverage: &'static str,
    /// [`DUTY_INDEX`].
    pub duty_index: &'static str,
    /// [`ROTA`].
    pub rota: &'static str,
    /// [`INCIDENTS_INDEX`].
    pub incidents_index: &'static str,
    /// [`IMPROVEMENTS`].
    pub improvements: &'static str,
}

/// Every fixed page, by name.
pub const PAGES: Pages = Pages {
    home: HOME,
    policy: POLICY,
    severity: SEVERITY,
    contacts: CONTACTS,
    call_tree: CALL_TREE,
    scheme_index: SCHEME_INDEX,
    playbooks_index: PLAYBOOKS_INDEX,
    search: SEARCH,
    obligations: OBLIGATIONS,
    deadlines: DEADLINES,
    templates_index: TEMPLATES_INDEX,
    binder: BINDER,
    awareness_index: AWARENESS_INDEX,
    pocket_card: POCKET_CARD,
    poster: POSTER,
    exercises_index: EXERCISES_INDEX,
    exercise_coverage: EXERCISE_COVERAGE,
    duty_index: DUTY_INDEX,
    rota: ROTA,
    incidents_index: INCIDENTS_INDEX,
    improvements: IMPROVEMENTS,
};

/// The home page.
pub const HOME: &str = "index.html";
/// The policy.
pub const POLICY: &str = "policy.html";
/// The severity scale.
pub const SEVERITY: &str = "severity.html";
/// The contact directory.
pub const CONTACTS: &str = "contacts.html";
/// The call tree per severity level.
pub const CALL_TREE: &str = "call-tree.html";
/// The index of scheme procedures.
pub const SCHEME_INDEX: &str = "scheme/index.html";
/// The index of playbooks.
pub const PLAYBOOKS_INDEX: &str = "playbooks/index.html";
/// The search page.
pub const SEARCH: &str = "search.html";
/// Every notification obligation, its stages and clocks.
pub const OBLIGATIONS: &str = "obligations.html";
/// The offline deadline calculator.
pub const DEADLINES: &str = "deadlines.html";
/// The index of communication templates.
pub const TEMPLATES_INDEX: &str = "templates/index.html";
/// The printable binder.
pub const BINDER: &str = "binder.html";
/// The new-starter path's overview.
pub const AWARENESS_INDEX: &str = "awareness/index.html";
/// The printable pocket card.
pub const POCKET_CARD: &str = "awareness/pocket-card.html";
/// The printable poster.
pub const POSTER: &str = "awareness/poster.html";
/// The exercise catalogue.
pub const EXERCISES_INDEX: &str = "exercises/index.html";
/// What no exercise has tested.
pub const EXERCISE_COVERAGE: &str = "exercises/coverage.html";
/// The index of duty cards, one per role.
pub const DUTY_INDEX: &str = "duty/index.html";
/// The rota for the coming weeks (when the scheme has `content/rota.yaml`).
pub const ROTA: &str = "rota.html";
/// The tools inventory, with the playbooks using each tool.
pub const TOOLS: &str = "tools.html";
/// Which framework tactics and functions the playbooks address, and the gaps.
pub const MAPPINGS: &str = "mappings.html";
/// Where attached files are published: their path under `content/files/`, below this.
pub const FILES: &str = "files";
/// The reviews of real incidents.
pub const INCIDENTS_INDEX: &str = "incidents/index.html";
/// The improvement register: items from exercise runs and real incidents.
pub const IMPROVEMENTS: &str = "improvements.html";
/// The improvement register as CSV.
pub const IMPROVEMENTS_CSV: &str = "improvements.csv";
/// The edition's whole model as data.
pub const SCHEME_JSON: &str = "scheme.json";
/// The contact directory as vCards.
pub const DIRECTORY_VCF: &str = "contacts/directory.vcf";
/// The contact directory as CSV.
pub const DIRECTORY_CSV: &str = "contacts/directory.csv";
/// The offline search index.
pub const SEARCH_INDEX: &str = "assets/search-index.js";
/// Where the theme's static files go.
pub const ASSETS: &str = "assets";

/// Output paths (without `.html`) of the built-in pages, which no source may take.
pub const RESERVED: &[&str] = &[
    "index",
    "policy",
    "severity",
    "contacts",
    "playbooks/index",
    "scheme/index",
    "search",
    "binder",
    "call-tree",
    "awareness/index",
    "awareness/pocket-card",
    "awareness/poster",
    "obligations",
    "deadlines",
    "templates/index",
    "duty/index",
    "rota",
    "tools",
    "mappings",
    "incidents/index",
    "improvements",
];

/// A page of a Markdown source, from its slug (`scheme/forensics`).
pub fn page(slug: &str) -> String {
    format!("{slug}.html")
}

/// The stem (path without `.html`) of a playbook's page.
pub fn playbook_stem(id: &Id) -> String {
    format!("playbooks/{id}")
}

/// The stem of a form's page.
pub fn form_stem(id: &Id) -> String {
    format!("forms/{id}")
}

/// The stem of a quiz's page.
pub fn quiz_stem(id: &Id) -> String {
    format!("awareness/{id}")
}

/// The folder of a learning path's pages: its overview, steps, quiz and completion page.
pub fn path_dir(id: &Id) -> String {
    format!("awareness/path-{id}")
}

/// The page a resolved source or id leads to.
pub fn target(s: &Scheme, t: Target) -> String {
    match t {
        Target::Home => HOME.into(),
        Target::Policy => POLICY.into(),
        Target::Page(i) => page(&s.pages[i].slug),
        Target::Severity => SEVERITY.into(),
        Target::Contacts => CONTACTS.into(),
        Target::Playbook(i) => page(&playbook_stem(&s.playbooks[i].data.id.value)),
        Target::Form(i) => page(&form_stem(&s.forms[i].data.id.value)),
        Target::Awareness(i) => page(&s.awareness[i].slug),
        Target::Quiz(i) => page(&quiz_stem(&s.quizzes[i].data.id.value)),
        Target::Obligations => OBLIGATIONS.into(),
        Target::Template(i) => page(&s.templates[i].slug),
        Target::Attachment(i) => attachment(&s.files[i].path),
    }
}

/// The title of the page a resolved source or id leads to, as the reader sees it.
pub fn target_title(s: &Scheme, t: Target) -> String {
    match t {
        Target::Home => "Home: how to report".into(),
        Target::Policy => s.policy.meta.title.clone(),
        Target::Page(i) => s.pages[i].meta.title.clone(),
        Target::Severity => "Severity scale".into(),
        Target::Contacts => "Contact directory".into(),
        Target::Playbook(i) => s.playbooks[i].data.title.clone(),
        Target::Form(i) => s.forms[i].data.title.clone(),
        Target::Awareness(i) => s.awareness[i].meta.title.clone(),
        Target::Quiz(i) => s.quizzes[i].data.title.clone(),
        Target::Obligations => "Notification duties".into(),
        Target::Template(i) => s.templates[i].meta.title.clone(),
        Target::Attachment(i) => s.files[i]
            .path
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .into(),
    }
}

/// A role's duty card.
pub fn duty_card(role: &Id) -> String {
    format!("duty/{role}.html")
}

/// The download of an attached file, from its project path (`content/files/a/b.sql`
/// becomes `files/a/b.sql`).
pub fn attachment(project_path: &str) -> String {
    let rest = project_path
        .strip_prefix("content/files/")
        .unwrap_or(project_path);
    format!("{FILES}/{rest}")
}

/// A tool on the tools page.
pub fn on_tools(id: &Id) -> String {
    format!("{TOOLS}#{}", anchor::of(anchor::TOOL, id))
}

/// A person's or party's vCard.
pub fn vcard(anchor: &str) -> String {
    format!("contacts/{anchor}.vcf")
}

/// An exercise's folder.
pub fn exercise_folder(id: &Id) -> String {
    format!("exercises/{id}")
}

/// An exercise's participant handout.
pub fn handout(id: &Id) -> String {
    format!("{}/handout.html", exercise_folder(id))
}

/// An exercise's printable inject cards.
pub fn inject_cards(id: &Id) -> String {
    format!("{}/cards.html", exercise_folder(id))
}

/// An exercise's facilitator guide.
pub fn guide(id: &Id) -> String {
    format!("{}/guide.html", exercise_folder(id))
}

/// An exercise's evaluator sheet.
pub fn evaluator_sheet(id: &Id) -> String {
    format!("{}/evaluator-sheet.html", exercise_folder(id))
}

/// The after-action report of the run recorded in `record_file`.
pub fn report(exercise: &Id, record_file: &str) -> String {
    let name = record_file.rsplit('/').next().unwrap_or(record_file);
    let stem = super::slug::slugify(name.strip_suffix(".yaml").unwrap_or(name));
    format!("{}/reports/{stem}.html", exercise_folder(exercise))
}

/// A real incident's review.
pub fn incident(id: &Id) -> String {
    format!("incidents/{id}.html")
}

/// A role, person or party on the contact directory: `anchor` is one of the `anchor`
/// prefixes.
pub fn on_contacts(prefix: &str, id: &Id) -> String {
    format!("{CONTACTS}#{}", anchor::of(prefix, id))
}

/// Anchors: where on its page an item is. Links in Markdown may name them
/// (`contacts.md#role-desk`), so they are part of the format.
pub mod anchor {
    use crate::model::Id;

    /// Prefix of a playbook step (`#step-confirm`).
    pub const STEP: &str = "step-";
    /// Prefix of a playbook phase, and of a lifecycle phase on the scheme index.
    pub const PHASE: &str = "phase-";
    /// Prefix of a role on the contact directory.
    pub const ROLE: &str = "role-";
    /// Prefix of a person on the contact directory.
    pub const PERSON: &str = "person-";
    /// Prefix of an external party on the contact directory.
    pub const PARTY: &str = "party-";
    /// Prefix of a severity level on the severity scale.
    pub const LEVEL: &str = "level-";
    /// Prefix of a form section.
    pub const SECTION: &str = "section-";
    /// Prefix of a form field.
    pub const FIELD: &str = "f-";
    /// The scheme index's group of pages that name no lifecycle phase.
    pub const OTHER_PROCEDURES: &str = "phase-other";
    /// Prefix of a level on the call tree.
    pub const CALL: &str = "call-";
    /// Prefix of a tool on the tools page.
    pub const TOOL: &str = "tool-";
    /// Prefix of an inject on an exercise's pages.
    pub const INJECT: &str = "inject-";

    /// `prefix` followed by `id`.
    pub fn of(prefix: &str, id: &Id) -> String {
        format!("{prefix}{id}")
    }
}

/// One entry of the main navigation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NavItem {
    /// Path from the edition root.
    pub href: &'static str,
    /// Link text.
    pub title: String,
}

/// The main navigation of an edition, in order: the pages every edition has, then the
/// deadline calculator and duties, the exercise catalogue and the new-starter path when
/// the edition has them.
pub fn nav(playbooks: usize, exercises: bool, new_starter: bool, clocks: bool) -> Vec<NavItem> {
    let item = |href, title: &str| NavItem {
        href,
        title: title.to_owned(),
    };
    let mut nav = vec![
        item(HOME, "Home: report an event"),
        item(POLICY, "Policy"),
        item(SEVERITY, "Severity scale"),
        item(CONTACTS, "Contact directory"),
        item(CALL_TREE, "Call tree"),
    ];
    if clocks {
        nav.push(item(DEADLINES, "Deadline calculator"));
        nav.push(item(OBLIGATIONS, "Notification duties"));
    }
    nav.extend([
        item(PLAYBOOKS_INDEX, &format!("Playbooks ({playbooks})")),
        item(SCHEME_INDEX, "All procedures"),
        item(BINDER, "Printable binder"),
    ]);
    if exercises {
        nav.push(item(EXERCISES_INDEX, "Exercises"));
    }
    if new_starter {
        nav.push(item(AWARENESS_INDEX, "New starter path"));
    }
    nav
}
