//! Resolution: every id indexed once and every reference checked, with positions.

use super::{At, Id, Pos, Scheme};
use crate::check::diagnostic::{self as diag, Code, Diagnostic, unknown_help};
use std::collections::{BTreeMap, BTreeSet};

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

/// Collects diagnostics for one file.
struct Ctx<'a> {
    file: &'a str,
    out: &'a mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn err(&mut self, code: Code, pos: Pos, msg: String, help: Option<String>) {
        self.out
            .push(Diagnostic::error(code, self.file, pos, msg).with_help_opt(help));
    }

    /// Checks that `r` names a key of `map`.
    fn known(&mut self, map: &BTreeMap<Id, usize>, r: &At<Id>, code: Code, kind: &str) {
        self.out
            .extend(diag::unknown_ref(self.file, map, r, code, kind));
    }

    fn audience(&mut self, idx: &Index, a: &Option<At<Id>>) {
        if let Some(a) = a
            && !idx.audiences.contains(&a.value)
        {
            let known: Vec<&str> = idx.audiences.iter().map(Id::as_str).collect();
            self.err(
                diag::UNKNOWN_AUDIENCE,
                a.pos,
                format!("unknown audience `{}`", a.value),
                Some(unknown_help(a.value.as_str(), "audience", &known)),
            );
        }
    }
}

/// Builds an id table for items that each come from their own file, reporting a
/// duplicate in the later file with the first file that uses the id.
pub(crate) fn table_across_files<'a>(
    items: impl IntoIterator<Item = (&'a At<Id>, &'a str)>,
    kind: &str,
    out: &mut Vec<Diagnostic>,
) -> BTreeMap<Id, usize> {
    let mut map: BTreeMap<Id, usize> = BTreeMap::new();
    let mut first: BTreeMap<&Id, &str> = BTreeMap::new();
    for (i, (id, file)) in items.into_iter().enumerate() {
        if let Some(prev) = first.get(&id.value) {
            out.push(
                Diagnostic::error(
                    diag::DUPLICATE_ID,
                    file,
                    id.pos,
                    format!("the {kind} id `{}` is used twice", id.value),
                )
                .with_help(format!("`{prev}` uses it too; give one of them another id")),
            );
        } else {
            first.insert(&id.value, file);
            map.insert(id.value.clone(), i);
        }
    }
    map
}

/// Builds an id table, reporting duplicates.
fn table<'a>(
    items: impl IntoIterator<Item = &'a At<Id>>,
    file: &str,
    kind: &str,
    out: &mut Vec<Diagnostic>,
) -> BTreeMap<Id, usize> {
    let mut map: BTreeMap<Id, usize> = BTreeMap::new();
    let mut first: BTreeMap<Id, Pos> = BTreeMap::new();
    for (i, id) in items.into_iter().enumerate() {
        if let Some(prev) = first.get(&id.value) {
            out.push(
                Diagnostic::error(
                    diag::DUPLICATE_ID,
                    file,
                    id.pos,
                    format!("the {kind} id `{}` is used twice", id.value),
                )
                .with_help(format!(
                    "the first `{}` is at line {}; give one of them another id",
                    id.value, prev.line
                )),
            );
        } else {
            first.insert(id.value.clone(), id.pos);
            map.insert(id.value.clone(), i);
        }
    }
    map
}

/// Indexes the scheme and checks every reference; the index is usable even with errors.
pub fn resolve(s: &Scheme) -> (Index, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let cfg = &s.config.data;
    let cf = s.config.file.as_str();
    let audience_table = table(
        cfg.audiences.iter().map(|a| &a.id),
        cf,
        "audience",
        &mut out,
    );
    let mut audiences: Vec<(usize, Id)> = audience_table.into_iter().map(|(k, v)| (v, k)).collect();
    audiences.sort();
    let ct = &s.contacts.data;
    let cfile = s.contacts.file.as_str();
    let sfile = s.severity.file.as_str();
    let mut idx = Index {
        audiences: audiences.into_iter().map(|(_, id)| id).collect(),
        phases: table(cfg.phases.iter().map(|p| &p.id), cf, "phase", &mut out),
        categories: table(
            cfg.incident_categories.iter().map(|c| &c.id),
            cf,
            "incident category",
            &mut out,
        ),
        roles: table(ct.roles.iter().map(|r| &r.id), cfile, "role", &mut out),
        people: table(ct.people.iter().map(|p| &p.id), cfile, "person", &mut out),
        parties: table(
            ct.external_parties.iter().map(|p| &p.id),
            cfile,
            "external party",
            &mut out,
        ),
        levels: table(
            s.severity.data.levels.iter().map(|l| &l.id),
            sfile,
            "severity level",
            &mut out,
        ),
        impacts: table(
            s.severity.data.categories.iter().map(|c| &c.id),
            sfile,
            "impact category",
            &mut out,
        ),
        ..Index::default()
    };
    if idx.audiences.is_empty() {
        out.push(
            Diagnostic::error(
                diag::MISSING_FIELD,
                cf,
                Pos::default(),
                "`audiences` lists no audience",
            )
            .with_help("list at least one audience, e.g. `- id: staff` with a `name`"),
        );
    }
    // Playbooks and forms come from many files: duplicates are reported in the later file.
    idx.playbooks = table_across_files(
        s.playbooks.iter().map(|pb| (&pb.data.id, pb.file.as_str())),
        "playbook",
        &mut out,
    );
    idx.forms = table_across_files(
        s.forms.iter().map(|f| (&f.data.id, f.file.as_str())),
        "form",
        &mut out,
    );
    index_files(s, &idx.playbooks, &idx.forms, &mut idx.files);
    check_paths(s, &mut out);

    check_pages(s, &idx, &mut out);
    check_severity(s, &idx, &mut out);
    check_contacts(s, &idx, &mut out);
    for pb in &s.playbooks {
        check_playbook(pb, &idx, &mut out);
    }
    for f in &s.forms {
        check_form(f, &idx, &mut out);
    }
    for p in &s.awareness {
        let mut c = Ctx {
            file: &p.file,
            out: &mut out,
        };
        c.audience(&idx, &p.meta.audience);
    }
    table_across_files(
        s.quizzes.iter().map(|q| (&q.data.id, q.file.as_str())),
        "quiz",
        &mut out,
    );
    for q in &s.quizzes {
        check_quiz(q, &idx, &mut out);
    }
    out.extend(crate::exercise::check::check(s, &idx));
    (idx, out)
}

fn index_files(
    s: &Scheme,
    playbooks: &BTreeMap<Id, usize>,
    forms: &BTreeMap<Id, usize>,
    files: &mut BTreeMap<String, Target>,
) {
    files.insert(s.policy.file.clone(), Target::Policy);
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

/// Two sources must not become the same output file, also on case-insensitive file systems.
fn check_paths(s: &Scheme, out: &mut Vec<Diagnostic>) {
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    for fixed in [
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
    ] {
        taken.insert(fixed.into(), "a built-in page".into());
    }
    let mut claim = |path: String, file: &str, pos: Pos, out: &mut Vec<Diagnostic>| {
        let key = path.to_lowercase();
        if let Some(prev) = taken.get(&key) {
            out.push(Diagnostic::error(diag::PATH_COLLISION, file, pos,
                format!("this becomes `{path}.html`, which {prev} becomes too"))
                .with_help("rename the file (or change the id) so each page has its own path; names differing only in case collide on Windows and macOS"));
        } else {
            taken.insert(key, format!("`{file}`"));
        }
    };
    for p in &s.pages {
        claim(p.slug.clone(), &p.file, Pos::default(), out);
    }
    for pb in &s.playbooks {
        claim(
            format!("playbooks/{}", pb.data.id.value),
            &pb.file,
            pb.data.id.pos,
            out,
        );
    }
    for p in &s.awareness {
        claim(p.slug.clone(), &p.file, Pos::default(), out);
    }
    for q in &s.quizzes {
        claim(
            format!("awareness/{}", q.data.id.value),
            &q.file,
            q.data.id.pos,
            out,
        );
    }
    for f in &s.forms {
        claim(
            format!("forms/{}", f.data.id.value),
            &f.file,
            f.data.id.pos,
            out,
        );
    }
}

fn check_pages(s: &Scheme, idx: &Index, out: &mut Vec<Diagnostic>) {
    let mut c = Ctx {
        file: &s.policy.file,
        out,
    };
    c.known(&idx.roles, &s.policy.meta.owner, diag::UNKNOWN_ROLE, "role");
    for p in &s.pages {
        let mut c = Ctx { file: &p.file, out };
        if let Some(o) = &p.meta.owner {
            c.known(&idx.roles, o, diag::UNKNOWN_ROLE, "role");
        }
        c.audience(idx, &p.meta.audience);
    }
}

fn check_severity(s: &Scheme, idx: &Index, out: &mut Vec<Diagnostic>) {
    let mut c = Ctx {
        file: &s.severity.file,
        out,
    };
    for l in &s.severity.data.levels {
        for (cat, text) in &l.criteria {
            if !idx.impacts.contains_key(cat) {
                let known: Vec<&str> = idx.impacts.keys().map(Id::as_str).collect();
                // The key has no position of its own; in `key: value` it ends two columns before the value.
                let col = (text.pos.col as usize)
                    .saturating_sub(cat.as_str().len() + 2)
                    .max(1) as u32;
                let pos = Pos {
                    line: text.pos.line,
                    col,
                };
                c.err(
                    diag::UNKNOWN_IMPACT,
                    pos,
                    format!("unknown impact category `{cat}`"),
                    Some(unknown_help(cat.as_str(), "impact category", &known)),
                );
            }
        }
        for r in &l.notify {
            c.known(&idx.roles, r, diag::UNKNOWN_ROLE, "role");
        }
        for p in &l.notify_parties {
            c.known(&idx.parties, p, diag::UNKNOWN_PARTY, "external party");
        }
    }
}

fn check_channels(c: &mut Ctx, idx: &Index, chans: &[super::Channel]) {
    for ch in chans {
        c.audience(idx, &ch.audience);
    }
}

fn check_contacts(s: &Scheme, idx: &Index, out: &mut Vec<Diagnostic>) {
    let ct = &s.contacts.data;
    let mut c = Ctx {
        file: &s.contacts.file,
        out,
    };
    c.known(
        &idx.roles,
        &ct.reporting.point_of_contact,
        diag::UNKNOWN_ROLE,
        "role",
    );
    check_channels(&mut c, idx, &ct.reporting.out_of_band);
    for r in &ct.roles {
        c.audience(idx, &r.audience);
        check_channels(&mut c, idx, &r.channels);
    }
    for p in &ct.people {
        c.audience(idx, &p.audience);
        check_channels(&mut c, idx, &p.channels);
        for r in &p.roles {
            c.known(&idx.roles, r, diag::UNKNOWN_ROLE, "role");
        }
        for b in &p.backups {
            if b.value == p.id.value {
                c.err(
                    diag::SELF_BACKUP,
                    b.pos,
                    format!("`{}` is named as their own backup", b.value),
                    Some("name another person who holds the same role".into()),
                );
            } else {
                c.known(&idx.people, b, diag::UNKNOWN_PERSON, "person");
            }
        }
    }
    for p in &ct.external_parties {
        c.audience(idx, &p.audience);
        check_channels(&mut c, idx, &p.channels);
        for l in &p.for_severity {
            c.known(&idx.levels, l, diag::UNKNOWN_SEVERITY, "severity level");
        }
        for pb in &p.for_playbooks {
            c.known(&idx.playbooks, pb, diag::UNKNOWN_PLAYBOOK, "playbook");
        }
    }
}

fn check_playbook(doc: &super::Doc<super::Playbook>, idx: &Index, out: &mut Vec<Diagnostic>) {
    let pb = &doc.data;
    let mut c = Ctx {
        file: &doc.file,
        out,
    };
    c.known(
        &idx.categories,
        &pb.category,
        diag::UNKNOWN_CATEGORY,
        "incident category",
    );
    c.known(
        &idx.levels,
        &pb.default_severity,
        diag::UNKNOWN_SEVERITY,
        "severity level",
    );
    if let Some(o) = &pb.owner {
        c.known(&idx.roles, o, diag::UNKNOWN_ROLE, "role");
    }
    c.audience(idx, &pb.audience);
    for r in &pb.related {
        c.known(&idx.playbooks, r, diag::UNKNOWN_PLAYBOOK, "playbook");
    }
    let mut last_phase: Option<usize> = None;
    let mut step_ids: BTreeSet<&Id> = BTreeSet::new();
    for ph in &pb.phases {
        match idx.phases.get(&ph.phase.value) {
            None => c.known(&idx.phases, &ph.phase, diag::UNKNOWN_PHASE, "phase"),
            Some(&n) => {
                if last_phase.is_some_and(|l| l >= n) {
                    c.err(
                        diag::PHASE_ORDER,
                        ph.phase.pos,
                        format!("phase `{}` is out of order or listed twice", ph.phase.value),
                        Some(
                            "list each phase once, in the order of `phases` in irbook.yaml".into(),
                        ),
                    );
                }
                last_phase = Some(n);
            }
        }
        for st in &ph.steps {
            if !step_ids.insert(&st.id.value) {
                c.err(
                    diag::DUPLICATE_ID,
                    st.id.pos,
                    format!(
                        "the step id `{}` is used twice in this playbook",
                        st.id.value
                    ),
                    Some("step ids must be unique within a playbook".into()),
                );
            }
            if let Some(o) = &st.owner {
                c.known(&idx.roles, o, diag::UNKNOWN_ROLE, "role");
            }
            c.audience(idx, &st.audience);
            for d in &st.decisions {
                c.audience(idx, &d.audience);
                for ch in &d.choices {
                    if let Some(a) = &ch.authorised_by {
                        c.known(&idx.roles, a, diag::UNKNOWN_ROLE, "role");
                    }
                }
            }
            for e in &st.escalate {
                if let Some(l) = &e.to_severity {
                    c.known(&idx.levels, l, diag::UNKNOWN_SEVERITY, "severity level");
                }
                if let Some(r) = &e.to_role {
                    c.known(&idx.roles, r, diag::UNKNOWN_ROLE, "role");
                }
            }
        }
    }
}

fn check_form(doc: &super::Doc<super::Form>, idx: &Index, out: &mut Vec<Diagnostic>) {
    let f = &doc.data;
    let mut c = Ctx {
        file: &doc.file,
        out,
    };
    c.audience(idx, &f.audience);
    let mut ids: BTreeSet<&Id> = BTreeSet::new();
    for s in &f.sections {
        c.audience(idx, &s.audience);
        if !ids.insert(&s.id.value) {
            c.err(
                diag::DUPLICATE_ID,
                s.id.pos,
                format!("the id `{}` is used twice in this form", s.id.value),
                Some("section and field ids must be unique within a form".into()),
            );
        }
        for fl in &s.fields {
            c.audience(idx, &fl.audience);
            if !ids.insert(&fl.id.value) {
                c.err(
                    diag::DUPLICATE_ID,
                    fl.id.pos,
                    format!("the id `{}` is used twice in this form", fl.id.value),
                    Some("section and field ids must be unique within a form".into()),
                );
            }
            let wants = matches!(fl.kind, super::FieldKind::Choice | super::FieldKind::Multi);
            if wants && fl.choices.is_empty() {
                c.err(
                    diag::CHOICES,
                    fl.id.pos,
                    format!("field `{}` is a choice but lists no `choices`", fl.id.value),
                    Some("add `choices:` with the options, or change `type`".into()),
                );
            }
            if !wants && !fl.choices.is_empty() {
                c.err(
                    diag::CHOICES,
                    fl.id.pos,
                    format!(
                        "field `{}` lists `choices` but its type does not use them",
                        fl.id.value
                    ),
                    Some("set `type: choice` (one answer) or `type: multi` (several)".into()),
                );
            }
        }
    }
}

fn check_quiz(doc: &super::Doc<super::awareness::Quiz>, idx: &Index, out: &mut Vec<Diagnostic>) {
    use super::awareness::Generator;
    let q = &doc.data;
    let mut c = Ctx {
        file: &doc.file,
        out,
    };
    c.audience(idx, &q.audience);
    if let Some(m) = &q.pass_mark
        && (m.value == 0 || m.value > 100)
    {
        c.err(
            diag::QUIZ_QUESTION,
            m.pos,
            format!("pass mark {} is not a percentage from 1 to 100", m.value),
            Some("write e.g. `pass_mark: 80`".into()),
        );
    }
    if q.questions.is_empty() {
        c.err(
            diag::QUIZ_QUESTION,
            q.id.pos,
            "the quiz has no questions".into(),
            Some("add `questions:`".into()),
        );
    }
    let mut ids: BTreeSet<&Id> = BTreeSet::new();
    for qu in &q.questions {
        if !ids.insert(&qu.id.value) {
            c.err(
                diag::DUPLICATE_ID,
                qu.id.pos,
                format!(
                    "the question id `{}` is used twice in this quiz",
                    qu.id.value
                ),
                Some("question ids must be unique within a quiz".into()),
            );
        }
        let pos = qu.id.pos;
        match &qu.generate {
            None => {
                if qu.question.is_none() {
                    c.err(diag::QUIZ_QUESTION, pos, format!("question `{}` has neither `question` nor `generate`", qu.id.value),
                        Some("write the question with `question:` and `choices:`, or let irbook write it with `generate:`".into()));
                } else if qu.choices.len() < 2 {
                    c.err(
                        diag::QUIZ_QUESTION,
                        pos,
                        format!("question `{}` has fewer than two choices", qu.id.value),
                        Some("give at least two `choices`".into()),
                    );
                } else if !qu.choices.iter().any(|ch| ch.correct) {
                    c.err(
                        diag::QUIZ_QUESTION,
                        pos,
                        format!(
                            "question `{}` has no correct choice among its choices",
                            qu.id.value
                        ),
                        Some("mark the right answer with `correct: true`".into()),
                    );
                }
                if qu.playbook.is_some() || qu.level.is_some() || !qu.not_events.is_empty() {
                    c.err(
                        diag::QUIZ_QUESTION,
                        pos,
                        format!(
                            "question `{}` sets generator options without `generate`",
                            qu.id.value
                        ),
                        Some(
                            "`playbook`, `level` and `not_events` only go with `generate:`".into(),
                        ),
                    );
                }
            }
            Some(g) => {
                if qu.question.is_some() || !qu.choices.is_empty() || qu.explanation.is_some() {
                    c.err(diag::QUIZ_QUESTION, g.pos, format!("question `{}` is generated but also written out", qu.id.value),
                        Some("remove `question`, `choices` and `explanation`: a generated question takes them from the scheme".into()));
                }
                if let Some(pb) = &qu.playbook {
                    c.known(&idx.playbooks, pb, diag::UNKNOWN_PLAYBOOK, "playbook");
                }
                if let Some(l) = &qu.level {
                    c.known(&idx.levels, l, diag::UNKNOWN_SEVERITY, "severity level");
                }
                let needs = match g.value {
                    Generator::WhichPlaybook if qu.playbook.is_none() => {
                        Some("`playbook:` (the playbook whose signs the question shows)")
                    }
                    Generator::ResponseTime if qu.level.is_none() => {
                        Some("`level:` (the severity level the question asks about)")
                    }
                    Generator::SpotTheEvent if qu.not_events.len() < 3 => Some(
                        "`not_events:` with at least three ordinary happenings that are not security events",
                    ),
                    _ => None,
                };
                if let Some(what) = needs {
                    c.err(
                        diag::QUIZ_GENERATOR,
                        g.pos,
                        format!("this generator needs {what}"),
                        Some("add it to the question".into()),
                    );
                }
            }
        }
    }
}
