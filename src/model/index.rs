//! The index: every id of the scheme looked up once, and where each source file leads.
//! Building it notes ids used twice as facts; `check` reports them with every other rule.

use super::{At, Id, Scheme};
use std::collections::BTreeMap;

/// Where an id or a source file leads, once resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The home page.
    Home,
    /// The policy page.
    Policy,
    /// A scheme page, by index in `Scheme::pages`.
    Page(usize),
    /// The severity page.
    Severity,
    /// The contact directory.
    Contacts,
    /// A playbook, by index in `Scheme::playbooks`.
    Playbook(usize),
    /// A form, by index in `Scheme::forms`.
    Form(usize),
    /// An onboarding page, by index in `Scheme::awareness`.
    Awareness(usize),
    /// A quiz, by index in `Scheme::quizzes`.
    Quiz(usize),
    /// The page of notification obligations.
    Obligations,
    /// A communication template, by index in `Scheme::templates`.
    Template(usize),
    /// A file a playbook attaches, by index in `Scheme::files`: a download.
    Attachment(usize),
}

/// Lookup tables from ids to positions in the scheme's lists, built once.
#[derive(Debug, Default)]
pub struct Index {
    /// Audience ids in order; an audience's rank is its position.
    pub audiences: Vec<Id>,
    /// Role id -> index in `contacts.roles`.
    pub roles: BTreeMap<Id, usize>,
    /// Person id -> index in `contacts.people`.
    pub people: BTreeMap<Id, usize>,
    /// Party id -> index in `contacts.external_parties`.
    pub parties: BTreeMap<Id, usize>,
    /// Severity level id -> index in `severity.levels`.
    pub levels: BTreeMap<Id, usize>,
    /// Impact category id -> index in `severity.categories`.
    pub impacts: BTreeMap<Id, usize>,
    /// Incident category id -> index in the config's taxonomy.
    pub categories: BTreeMap<Id, usize>,
    /// Phase id -> index in the config's phase model.
    pub phases: BTreeMap<Id, usize>,
    /// Playbook id -> index in `playbooks`.
    pub playbooks: BTreeMap<Id, usize>,
    /// Form id -> index in `forms`.
    pub forms: BTreeMap<Id, usize>,
    /// Source path (relative to the project) -> the page it becomes, for Markdown links.
    pub files: BTreeMap<String, Target>,
    /// Incident fact id -> index in `obligations.facts`.
    pub facts: BTreeMap<Id, usize>,
    /// Obligation id -> index in `obligations.obligations`.
    pub obligations: BTreeMap<Id, usize>,
    /// Template id (its file name) -> index in `templates`.
    pub templates: BTreeMap<Id, usize>,
    /// Tool id -> index in `tools.tools`.
    pub tools: BTreeMap<Id, usize>,
    /// Ids used twice; the later use is left out of its table.
    pub duplicates: Vec<Duplicate>,
}

impl Index {
    /// Rank of an item's audience (0 = everyone); unknown or absent audiences rank lowest.
    pub fn rank(&self, audience: &Option<At<Id>>) -> usize {
        audience
            .as_ref()
            .and_then(|a| self.audiences.iter().position(|x| *x == a.value))
            .unwrap_or(0)
    }
}

/// An id used a second time: the later use, and where the first one is.
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate {
    /// What kind of item: "role", "playbook", ...
    pub kind: &'static str,
    /// The later use.
    pub id: At<Id>,
    /// The file of the later use.
    pub file: String,
    /// Where the first use is.
    pub first: FirstUse,
}

/// Where the first use of a duplicated id is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FirstUse {
    /// A line of the same file.
    Line(u32),
    /// Another file.
    File(String),
}

/// Builds an id table for items that each come from their own file; a duplicate is noted
/// in the later file, with the first file that uses the id.
pub fn table_across_files<'a>(
    items: impl IntoIterator<Item = (&'a At<Id>, &'a str)>,
    kind: &'static str,
    dups: &mut Vec<Duplicate>,
) -> BTreeMap<Id, usize> {
    let mut map: BTreeMap<Id, usize> = BTreeMap::new();
    let mut first: BTreeMap<&Id, &str> = BTreeMap::new();
    for (i, (id, file)) in items.into_iter().enumerate() {
        if let Some(prev) = first.get(&id.value) {
            dups.push(Duplicate {
                kind,
                id: id.clone(),
                file: file.to_owned(),
                first: FirstUse::File((*prev).to_owned()),
            });
        } else {
            first.insert(&id.value, file);
            map.insert(id.value.clone(), i);
        }
    }
    map
}

/// Builds an id table for items of one file, noting duplicates.
pub fn table<'a>(
    items: impl IntoIterator<Item = &'a At<Id>>,
    file: &str,
    kind: &'static str,
    dups: &mut Vec<Duplicate>,
) -> BTreeMap<Id, usize> {
    let mut map: BTreeMap<Id, usize> = BTreeMap::new();
    let mut first: BTreeMap<&Id, u32> = BTreeMap::new();
    for (i, id) in items.into_iter().enumerate() {
        if let Some(prev) = first.get(&id.value) {
            dups.push(Duplicate {
                kind,
                id: id.clone(),
                file: file.to_owned(),
                first: FirstUse::Line(*prev),
            });
        } else {
            first.insert(&id.value, id.pos.line);
            map.insert(id.value.clone(), i);
        }
    }
    map
}

/// Indexes the scheme; usable whatever errors the scheme has.
pub fn index(s: &Scheme) -> Index {
    let mut dups = Vec::new();
    let cfg = &s.config.data;
    let cf = s.config.file.as_str();
    let audience_table = table(
        cfg.audiences.iter().map(|a| &a.id),
        cf,
        "audience",
        &mut dups,
    );
    let mut audiences: Vec<(usize, Id)> = audience_table.into_iter().map(|(k, v)| (v, k)).collect();
    audiences.sort();
    let ct = &s.contacts.data;
    let cfile = s.contacts.file.as_str();
    let sfile = s.severity.file.as_str();
    let mut idx = Index {
        audiences: audiences.into_iter().map(|(_, id)| id).collect(),
        phases: table(cfg.phases.iter().map(|p| &p.id), cf, "phase", &mut dups),
        categories: table(
            cfg.incident_categories.iter().map(|c| &c.id),
            cf,
            "incident category",
            &mut dups,
        ),
        roles: table(ct.roles.iter().map(|r| &r.id), cfile, "role", &mut dups),
        people: table(ct.people.iter().map(|p| &p.id), cfile, "person", &mut dups),
        parties: table(
            ct.external_parties.iter().map(|p| &p.id),
            cfile,
            "external party",
            &mut dups,
        ),
        levels: table(
            s.severity.data.levels.iter().map(|l| &l.id),
            sfile,
            "severity level",
            &mut dups,
        ),
        impacts: table(
            s.severity.data.categories.iter().map(|c| &c.id),
            sfile,
            "impact category",
            &mut dups,
        ),
        ..Index::default()
    };
    index_documents(s, &mut idx, &mut dups);
    index_files(s, &idx.playbooks, &idx.forms, &mut idx.files);
    idx.duplicates = dups;
    idx
}

/// The ids of the documents that come in numbers (playbooks, forms, quizzes, templates) and
/// of the facts and obligations.
fn index_documents(s: &Scheme, idx: &mut Index, dups: &mut Vec<Duplicate>) {
    // Playbooks and forms come from many files: duplicates are noted in the later file.
    idx.playbooks = table_across_files(
        s.playbooks.iter().map(|pb| (&pb.data.id, pb.file.as_str())),
        "playbook",
        dups,
    );
    idx.forms = table_across_files(
        s.forms.iter().map(|f| (&f.data.id, f.file.as_str())),
        "form",
        dups,
    );
    table_across_files(
        s.quizzes.iter().map(|q| (&q.data.id, q.file.as_str())),
        "quiz",
        dups,
    );
    if let Some(o) = &s.obligations {
        idx.facts = table(o.data.facts.iter().map(|f| &f.id), &o.file, "fact", dups);
        idx.obligations = table(
            o.data.obligations.iter().map(|x| &x.id),
            &o.file,
            "obligation",
            dups,
        );
    }
    if let Some(t) = &s.tools {
        idx.tools = table(t.data.tools.iter().map(|x| &x.id), &t.file, "tool", dups);
    }
    idx.templates = s
        .templates
        .iter()
        .enumerate()
        .filter_map(|(i, t)| Some((template_id(t)?, i)))
        .collect();
}

/// A template's id: its file name, which the loader has made a valid slug.
pub fn template_id(t: &super::MdDoc<super::template::TemplateMeta>) -> Option<Id> {
    Id::parse(t.slug.rsplit('/').next()?).ok()
}

fn index_files(
    s: &Scheme,
    playbooks: &BTreeMap<Id, usize>,
    forms: &BTreeMap<Id, usize>,
    files: &mut BTreeMap<String, Target>,
) {
    files.insert(s.policy.file.clone(), Target::Policy);
    // Only attached files are published, so only they can be linked to.
    for (i, f) in s.files.iter().enumerate() {
        let attached = s
            .playbooks
            .iter()
            .flat_map(|pb| &pb.data.attachments)
            .any(|a| a.file.value == f.path);
        if attached {
            files.insert(f.path.clone(), Target::Attachment(i));
        }
    }
    if let Some(o) = &s.obligations {
        files.insert(o.file.clone(), Target::Obligations);
    }
    for (i, t) in s.templates.iter().enumerate() {
        files.insert(t.file.clone(), Target::Template(i));
    }
    files.insert(s.severity.file.clone(), Target::Severity);
    files.insert(s.contacts.file.clone(), Target::Contacts);
    for (i, p) in s.pages.iter().enumerate() {
        files.insert(p.file.clone(), Target::Page(i));
    }
    for (i, p) in s.awareness.iter().enumerate() {
        files.insert(p.file.clone(), Target::Awareness(i));
    }
    for (i, q) in s.quizzes.iter().enumerate() {
        files.insert(q.file.clone(), Target::Quiz(i));
    }
    for pb in &s.playbooks {
        if let Some(i) = playbooks.get(&pb.data.id.value) {
            files.insert(pb.file.clone(), Target::Playbook(*i));
        }
    }
    for f in &s.forms {
        if let Some(i) = forms.get(&f.data.id.value) {
            files.insert(f.file.clone(), Target::Form(*i));
        }
    }
}
