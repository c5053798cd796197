//! Lint rules: what makes a scheme weak rather than wrong. Warnings by default,
//! each configurable to error, warn or off under `lints:` in irbook.yaml.

use super::diagnostic::{self as diag, Code, Diagnostic, Severity};
use crate::model::config::LintLevel;
use crate::model::{At, Date, Id, Index, PartyKind, Pos, Scheme};
use std::collections::BTreeSet;

/// The policy checklist: topics a policy must address (ISO/IEC 27035), by id.
pub const POLICY_TOPICS: &[(&str, &str)] = &[
    (
        "importance-and-commitment",
        "why incident management matters and management's commitment",
    ),
    (
        "events-to-report",
        "what events to report, including new kinds",
    ),
    ("how-to-report", "how, where and to whom to report"),
    ("assessment-and-escalation", "who assesses and escalates"),
    (
        "response-activities",
        "what follows confirmation: response, forensics, communications, crisis",
    ),
    (
        "logging-and-evidence",
        "logging of actions and evidence preservation",
    ),
    (
        "post-incident-learning",
        "post-incident review and learning",
    ),
    ("document-locations", "where the scheme documents live"),
    (
        "isirt-charter",
        "the ISIRT: structure, key roles, mission, scope, sponsor and authority",
    ),
    ("awareness-and-training", "awareness and training"),
    ("legal-and-regulatory", "legal and regulatory aspects"),
];

/// Today's date for review and verification rules: SOURCE_DATE_EPOCH if set, else the clock.
pub fn today() -> Date {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    Date::from_unix(secs)
}

struct Lints<'a> {
    s: &'a Scheme,
    idx: &'a Index,
    out: Vec<Diagnostic>,
}

impl Lints<'_> {
    fn warn(&mut self, code: Code, file: &str, pos: Pos, msg: String, help: String) {
        self.out
            .push(Diagnostic::warning(code, file, pos, msg).with_help(help));
    }

    fn rank(&self, a: &Option<At<Id>>) -> usize {
        self.idx.rank(a)
    }
}

/// Runs every lint rule; levels are applied later, with the other stages' warnings.
pub fn run(s: &Scheme, idx: &Index, today: Date) -> Vec<Diagnostic> {
    let mut l = Lints {
        s,
        idx,
        out: Vec::new(),
    };
    contacts(&mut l, today);
    reviews(&mut l, today);
    improvements(&mut l, today);
    policy(&mut l);
    playbooks(&mut l);
    severity(&mut l);
    taxonomy(&mut l);
    hidden_references(&mut l);
    l.out.extend(super::escalation::two_tiers(s, idx));
    super::rota::lints(s, idx, today, &mut l.out);
    l.out
}

/// Maps each diagnostic through the configured level of its rule; reports unknown rule names.
pub fn apply_levels(s: &Scheme, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let cfg = &s.config.data.lints;
    let mut out = Vec::with_capacity(diags.len());
    for (key, level) in cfg {
        if !diag::ALL_CODES
            .iter()
            .any(|c| (c.name == key || c.code == key) && c.code.starts_with('W'))
        {
            let names: Vec<&str> = diag::ALL_CODES
                .iter()
                .filter(|c| c.code.starts_with('W'))
                .map(|c| c.name)
                .collect();
            out.push(
                Diagnostic::error(
                    diag::UNKNOWN_LINT,
                    &s.config.file,
                    level.pos,
                    format!("unknown lint `{key}`"),
                )
                .with_help(diag::unknown_help(key, "lint", &names)),
            );
        }
    }
    for mut d in diags {
        if d.severity == Severity::Error {
            out.push(d);
            continue;
        }
        let level = cfg
            .get(d.code.name)
            .or_else(|| cfg.get(d.code.code))
            .map(|l| l.value);
        match level {
            Some(LintLevel::Off) => continue,
            Some(LintLevel::Error) => d.severity = Severity::Error,
            Some(LintLevel::Warn) | None => {}
        }
        out.push(d);
    }
    out
}

fn contacts(l: &mut Lints, today: Date) {
    let ct = &l.s.contacts.data;
    let f = l.s.contacts.file.clone();
    for p in &ct.people {
        verified(
            l,
            today,
            format!("the contact details of `{}`", p.id.value),
            p.id.pos,
            &p.last_verified,
        );
        if p.backups.is_empty() {
            l.warn(
                diag::NO_BACKUP,
                &f,
                p.id.pos,
                format!("`{}` has no backup", p.id.value),
                "add `backups:` naming someone who can act when this person cannot be reached"
                    .into(),
            );
        }
    }
    for p in &ct.external_parties {
        verified(
            l,
            today,
            format!("the contact details of `{}`", p.id.value),
            p.id.pos,
            &p.last_verified,
        );
        if p.kind == PartyKind::Regulator && p.reporting_deadline.is_none() {
            l.warn(
                diag::REGULATOR_DEADLINE,
                &f,
                p.id.pos,
                format!("regulator `{}` has no reporting deadline", p.id.value),
                "add `reporting_deadline:` (e.g. `72h`) so the clock is known before an incident"
                    .into(),
            );
        }
    }
    role_holders(l);
    // The out-of-band route must be visible to everyone who reports events.
    if !ct
        .reporting
        .out_of_band
        .iter()
        .any(|c| l.rank(&c.audience) == 0)
    {
        l.warn(diag::NO_OUT_OF_BAND, &f, ct.reporting.point_of_contact.pos,
            "staff have no out-of-band route to report an event when e-mail or the network cannot be trusted".into(),
            "add `reporting.out_of_band:` with a phone number or place that does not depend on the organisation's own systems".into());
    }
}

/// Contact details (`what`, at `pos`) verified on `verified`: never, or longer ago than
/// `review.contact_max_age_days`.
fn verified(l: &mut Lints, today: Date, what: String, pos: Pos, verified: &Option<At<Date>>) {
    let f = l.s.contacts.file.clone();
    let max_age = i64::from(l.s.config.data.review.contact_max_age_days);
    match verified {
        None => l.warn(
            diag::UNVERIFIED_CONTACT,
            &f,
            pos,
            format!("{what} have no `last_verified` date"),
            "add `last_verified: YYYY-MM-DD` after checking the details with them".into(),
        ),
        Some(d) => {
            let age = today.days_since_epoch() - d.value.days_since_epoch();
            if age > max_age {
                let stale_on =
                    Date::from_days_since_epoch(d.value.days_since_epoch() + max_age + 1);
                l.warn(diag::STALE_CONTACT, &f, d.pos,
                format!("{what} were last verified {age} days ago, on {}", d.value),
                format!("stale since {stale_on} (limit {max_age} days, `review.contact_max_age_days`); check the details and update `last_verified`"));
            }
        }
    }
}

/// Roles held by fewer people than their `min_holders`.
fn role_holders(l: &mut Lints) {
    let ct = &l.s.contacts.data;
    let f = l.s.contacts.file.clone();
    for r in &ct.roles {
        let holders = ct
            .people
            .iter()
            .filter(|p| p.roles.iter().any(|x| x.value == r.id.value))
            .count();
        if (holders as u32) < r.min_holders {
            let who = if holders == 1 {
                "one person".to_owned()
            } else {
                format!("{holders} people")
            };
            l.warn(diag::SINGLE_POINT, &f, r.id.pos,
                format!("role `{}` is held by {who} but needs at least {}", r.id.value, r.min_holders),
                "add `roles: [...]` to another person, or lower `min_holders` if one holder is truly enough".into());
        }
    }
}

fn reviews(l: &mut Lints, today: Date) {
    let p = &l.s.policy;
    let (file, due) = (p.file.clone(), p.meta.review_by.clone());
    overdue(l, &file, &due, today, "the policy");
    for i in 0..l.s.pages.len() {
        let page = &l.s.pages[i];
        if let Some(due) = page.meta.review_by.clone() {
            let file = page.file.clone();
            overdue(l, &file, &due, today, "this page");
        }
    }
    for i in 0..l.s.playbooks.len() {
        let doc = &l.s.playbooks[i];
        let retired = doc.data.status.as_ref().map(|s| s.value)
            == Some(crate::model::playbook_fields::Status::Retired);
        if let Some(due) = doc.data.review_by.clone()
            && !retired
        {
            let file = doc.file.clone();
            overdue(l, &file, &due, today, "this playbook");
        }
    }
}

fn overdue(l: &mut Lints, file: &str, due: &At<Date>, today: Date, what: &str) {
    if due.value < today {
        let days = today.days_since_epoch() - due.value.days_since_epoch();
        l.warn(
            diag::REVIEW_OVERDUE,
            file,
            due.pos,
            format!(
                "{what} was due for review on {} ({days} days ago)",
                due.value
            ),
            "review it, then move `review_by` to the next review date".into(),
        );
    }
}

/// W0332: an agreed improvement item, from an exercise run or a real incident's review,
/// that is not done and whose due date has passed.
fn improvements(l: &mut Lints, today: Date) {
    use crate::model::exercise::Status;
    let exercise_items = l.s.records.iter().flat_map(|r| {
        r.data
            .improvements
            .iter()
            .map(move |m| (&r.file, &m.corrective_action, &m.owner, &m.due, m.status))
    });
    let incident_items = l.s.incidents.iter().flat_map(|r| {
        r.data
            .improvements
            .iter()
            .map(move |m| (&r.file, &m.corrective_action, &m.owner, &m.due, m.status))
    });
    let late: Vec<Diagnostic> = exercise_items
        .chain(incident_items)
        .filter(|(.., due, status)| {
            matches!(status, Status::Open | Status::InProgress) && due.value < today
        })
        .map(|(file, what, owner, due, status)| {
            let days = today.days_since_epoch() - due.value.days_since_epoch();
            let state = if status == Status::Open {
                "open"
            } else {
                "in progress"
            };
            Diagnostic::warning(
                diag::IMPROVEMENT_OVERDUE,
                file,
                due.pos,
                format!(
                    "the improvement item \"{}\" (owner `{}`) was due on {} ({days} days ago) and is still {state}",
                    short(what),
                    owner.value,
                    due.value
                ),
            )
            .with_help("finish it and set `status: done` with `verified:` saying how completion was checked, or agree a new `due:` date")
        })
        .collect();
    l.out.extend(late);
}

/// The first words of a long text, for a message.
fn short(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= 12 {
        return words.join(" ");
    }
    format!("{}…", words[..12].join(" "))
}

fn policy(l: &mut Lints) {
    let p = &l.s.policy;
    let file = p.file.clone();
    let mut covered = BTreeSet::new();
    let ids: Vec<&str> = POLICY_TOPICS.iter().map(|(i, _)| *i).collect();
    let mut unknown = Vec::new();
    for c in &p.meta.covers {
        if ids.contains(&c.value.as_str()) {
            covered.insert(c.value.as_str().to_owned());
        } else {
            unknown.push(
                Diagnostic::error(
                    diag::UNKNOWN_TOPIC,
                    &file,
                    c.pos,
                    format!("unknown policy topic `{}`", c.value),
                )
                .with_help(diag::unknown_help(
                    c.value.as_str(),
                    "policy topic",
                    &ids,
                )),
            );
        }
    }
    l.out.extend(unknown);
    let missing: Vec<String> = POLICY_TOPICS
        .iter()
        .filter(|(id, _)| !covered.contains(*id))
        .map(|(id, what)| format!("`{id}` ({what})"))
        .collect();
    if !missing.is_empty() {
        l.warn(
            diag::POLICY_TOPIC,
            &file,
            Pos { line: 1, col: 1 },
            format!(
                "the policy does not declare that it covers {} of the {} checklist topics: {}",
                missing.len(),
                POLICY_TOPICS.len(),
                missing.join("; ")
            ),
            "address each topic in the policy and list its id under `covers:` in the front matter"
                .into(),
        );
    }
}

fn playbooks(l: &mut Lints) {
    let phases = &l.s.config.data.phases;
    for doc in &l.s.playbooks {
        let pb = &doc.data;
        let mut absent = Vec::new();
        for ph in phases {
            match pb.phases.iter().find(|p| p.phase.value == ph.id.value) {
                None => absent.push(format!("`{}`", ph.id.value)),
                Some(p) if p.steps.is_empty() => l.out.push(
                    Diagnostic::warning(
                        diag::EMPTY_PHASE,
                        &doc.file,
                        p.phase.pos,
                        format!(
                            "phase `{}` of playbook `{}` has no steps",
                            ph.id.value, pb.id.value
                        ),
                    )
                    .with_help("add at least one step saying what to do and who does it"),
                ),
                Some(_) => {}
            }
        }
        if !absent.is_empty() {
            l.out.push(Diagnostic::warning(diag::MISSING_PHASE, &doc.file, pb.id.pos,
                format!("playbook `{}` has no {} phase{}", pb.id.value, absent.join(", "), if absent.len() == 1 { "" } else { "s" }))
                .with_help("add each as `- phase: ID` with its steps under `phases:`, in the order of the phase model"));
        }
        for st in pb.phases.iter().flat_map(|p| &p.steps) {
            if st.owner.is_none() {
                l.out.push(
                    Diagnostic::warning(
                        diag::STEP_OWNER,
                        &doc.file,
                        st.id.pos,
                        format!("step `{}` has no owner", st.id.value),
                    )
                    .with_help("add `owner:` with the role that does this step"),
                );
            }
        }
    }
}

fn severity(l: &mut Lints) {
    let f = l.s.severity.file.clone();
    for lv in &l.s.severity.data.levels {
        let mut missing = Vec::new();
        if lv.notify.is_empty() {
            missing.push("`notify`");
        }
        if lv.response_target.is_none() {
            missing.push("`response_target`");
        }
        if !missing.is_empty() {
            l.warn(
                diag::LEVEL_INCOMPLETE,
                &f,
                lv.id.pos,
                format!(
                    "severity level `{}` has no {}",
                    lv.id.value,
                    missing.join(" and ")
                ),
                "every level must say who is notified and how fast the response starts".into(),
            );
        }
    }
}

fn taxonomy(l: &mut Lints) {
    let cfg = &l.s.config.data;
    let file = l.s.config.file.clone();
    let used: BTreeSet<&Id> =
        l.s.playbooks
            .iter()
            .map(|p| &p.data.category.value)
            .collect();
    for c in &cfg.incident_categories {
        if !used.contains(&c.id.value) {
            let code = if c.id.value.as_str() == "unknown" {
                diag::NO_UNKNOWN_PROCEDURE
            } else {
                diag::CATEGORY_UNCOVERED
            };
            let msg = if code == diag::NO_UNKNOWN_PROCEDURE {
                "there is no procedure for events of no known type".to_owned()
            } else {
                format!("incident category `{}` has no playbook", c.id.value)
            };
            l.warn(code, &file, c.id.pos, msg,
                format!("write a playbook with `category: {}` (`irbook new playbook ID` writes a skeleton), or remove the category", c.id.value));
        }
    }
}

/// A visible item naming something its readers may not see shows "restricted" instead.
fn hidden_references(l: &mut Lints) {
    let mut h = Hidden {
        s: l.s,
        idx: l.idx,
        found: Vec::new(),
    };
    h.contacts();
    h.severity();
    h.pages();
    h.playbooks();
    for (file, pos, what, from) in h.found {
        let ed = l.idx.audiences.get(from).map_or("lower", |a| a.as_str());
        l.out.push(Diagnostic::warning(diag::HIDDEN_REF, &file, pos,
            format!("{what} is not visible in the `{ed}` edition, where this shows as \"restricted\""))
            .with_help("refer to an item its readers may see, or give this item the same audience"));
    }
}

/// References to items less visible than the item that makes them.
struct Hidden<'a> {
    s: &'a Scheme,
    idx: &'a Index,
    /// (file, position, what is named, rank of the audience that sees the reference).
    found: Vec<(String, Pos, String, usize)>,
}

impl Hidden<'_> {
    /// Notes the reference `r` (to a `kind` seen from rank `to`) made in `file` by an item
    /// seen from rank `from`, when its target is less visible.
    fn refr(&mut self, file: &str, from: usize, r: &At<Id>, kind: &str, to: usize) {
        if to > from {
            self.found.push((
                file.to_owned(),
                r.pos,
                format!("{kind} `{}`", r.value),
                from,
            ));
        }
    }

    fn role(&self, id: &Id) -> usize {
        let ct = &self.s.contacts.data;
        self.idx
            .roles
            .get(id)
            .map_or(0, |i| self.idx.rank(&ct.roles[*i].audience))
    }

    fn person(&self, id: &Id) -> usize {
        let ct = &self.s.contacts.data;
        self.idx
            .people
            .get(id)
            .map_or(0, |i| self.idx.rank(&ct.people[*i].audience))
    }

    fn party(&self, id: &Id) -> usize {
        let ct = &self.s.contacts.data;
        self.idx
            .parties
            .get(id)
            .map_or(0, |i| self.idx.rank(&ct.external_parties[*i].audience))
    }

    fn playbook(&self, id: &Id) -> usize {
        self.idx
            .playbooks
            .get(id)
            .map_or(0, |i| self.idx.rank(&self.s.playbooks[*i].data.audience))
    }

    /// The reporting point, people's roles and backups, parties' playbooks.
    fn contacts(&mut self) {
        let (s, idx) = (self.s, self.idx);
        let ct = &s.contacts.data;
        let cf = s.contacts.file.as_str();
        let poc = &ct.reporting.point_of_contact;
        self.refr(cf, 0, poc, "role", self.role(&poc.value));
        for p in &ct.people {
            let a = idx.rank(&p.audience);
            for r in &p.roles {
                self.refr(cf, a, r, "role", self.role(&r.value));
            }
            for b in &p.backups {
                self.refr(cf, a, b, "person", self.person(&b.value));
            }
        }
        for p in &ct.external_parties {
            let a = idx.rank(&p.audience);
            for pb in &p.for_playbooks {
                self.refr(cf, a, pb, "playbook", self.playbook(&pb.value));
            }
        }
    }

    /// Whom each severity level notifies.
    fn severity(&mut self) {
        let s = self.s;
        let sf = s.severity.file.as_str();
        for lv in &s.severity.data.levels {
            for r in &lv.notify {
                self.refr(sf, 0, r, "role", self.role(&r.value));
            }
            for p in &lv.notify_parties {
                self.refr(sf, 0, p, "external party", self.party(&p.value));
            }
        }
    }

    /// The owners of the policy and of the scheme pages.
    fn pages(&mut self) {
        let (s, idx) = (self.s, self.idx);
        let owner = &s.policy.meta.owner;
        self.refr(&s.policy.file, 0, owner, "role", self.role(&owner.value));
        for pg in &s.pages {
            if let Some(o) = &pg.meta.owner {
                let a = idx.rank(&pg.meta.audience);
                self.refr(&pg.file, a, o, "role", self.role(&o.value));
            }
        }
    }

    /// Playbooks' owners and related playbooks, and their steps' owners, deciders and
    /// escalation roles.
    fn playbooks(&mut self) {
        let (s, idx) = (self.s, self.idx);
        for doc in &s.playbooks {
            let pb = &doc.data;
            let a = idx.rank(&pb.audience);
            if let Some(o) = &pb.owner {
                self.refr(&doc.file, a, o, "role", self.role(&o.value));
            }
            for r in &pb.related_playbooks() {
                self.refr(&doc.file, a, r, "playbook", self.playbook(&r.value));
            }
            for st in pb.phases.iter().flat_map(|p| &p.steps) {
                let sa = a.max(idx.rank(&st.audience));
                if let Some(o) = &st.owner {
                    self.refr(&doc.file, sa, o, "role", self.role(&o.value));
                }
                for d in &st.decisions {
                    let da = sa.max(idx.rank(&d.audience));
                    for c in &d.choices {
                        if let Some(r) = &c.authorised_by {
                            self.refr(&doc.file, da, r, "role", self.role(&r.value));
                        }
                    }
                }
                for e in &st.escalate {
                    if let Some(r) = &e.to_role {
                        self.refr(&doc.file, sa, r, "role", self.role(&r.value));
                    }
                }
            }
        }
    }
}
