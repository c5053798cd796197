//! References between sources (rules E0101-E0111, E0115): every id named is defined once,
//! every reference leads to an id of the right kind, and playbooks list their phases in order.

use super::diagnostic::{self as diag, Code, Diagnostic, unknown_help};
use crate::model::index::{Duplicate, FirstUse};
use crate::model::{At, Id, Index, Pos, Scheme};
use std::collections::{BTreeMap, BTreeSet};

/// Collects diagnostics for one file.
pub(super) struct Ctx<'a> {
    pub(super) file: &'a str,
    pub(super) out: &'a mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    pub(super) fn err(&mut self, code: Code, pos: Pos, msg: String, help: Option<String>) {
        self.out
            .push(Diagnostic::error(code, self.file, pos, msg).with_help_opt(help));
    }

    /// Checks that `r` names a key of `map`.
    pub(super) fn known(&mut self, map: &BTreeMap<Id, usize>, r: &At<Id>, code: Code, kind: &str) {
        self.out
            .extend(diag::unknown_ref(self.file, map, r, code, kind));
    }

    pub(super) fn audience(&mut self, idx: &Index, a: &Option<At<Id>>) {
        if let Some(a) = a
            && !idx.audiences.contains(&a.value)
        {
            let known: Vec<&str> = idx.audiences.iter().map(Id::as_str).collect();
            self.out.push(
                Diagnostic::error(
                    diag::UNKNOWN_AUDIENCE,
                    self.file,
                    a.pos,
                    format!("unknown audience `{}`", a.value),
                )
                .with_help(unknown_help(a.value.as_str(), "audience", &known))
                .refers_to(a.value.as_str()),
            );
        }
    }
}

/// The E0101 diagnostic for an id used twice.
pub fn duplicate(d: &Duplicate) -> Diagnostic {
    let help = match &d.first {
        FirstUse::Line(line) => format!(
            "the first `{}` is at line {line}; give one of them another id",
            d.id.value
        ),
        FirstUse::File(f) => format!("`{f}` uses it too; give one of them another id"),
    };
    Diagnostic::error(
        diag::DUPLICATE_ID,
        &d.file,
        d.id.pos,
        format!("the {} id `{}` is used twice", d.kind, d.id.value),
    )
    .with_help(help)
}

/// Checks every reference of the scheme's own sources (exercises aside).
pub fn check(s: &Scheme, idx: &Index, out: &mut Vec<Diagnostic>) {
    out.extend(idx.duplicates.iter().map(duplicate));
    if idx.audiences.is_empty() {
        out.push(
            Diagnostic::error(
                diag::MISSING_FIELD,
                &s.config.file,
                Pos::default(),
                "`audiences` lists no audience",
            )
            .with_help("list at least one audience, e.g. `- id: staff` with a `name`"),
        );
    }
    check_pages(s, idx, out);
    check_signs(s, idx, out);
    check_intake(s, idx, out);
    check_severity(s, idx, out);
    check_contacts(s, idx, out);
    for pb in &s.playbooks {
        check_playbook(pb, idx, out);
    }
    for p in &s.awareness {
        let mut c = Ctx {
            file: &p.file,
            out: &mut *out,
        };
        c.audience(idx, &p.meta.audience);
    }
    let mut c = Ctx {
        file: &s.config.file,
        out,
    };
    for syn in &s.config.data.search.synonyms {
        c.audience(idx, &syn.audience);
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

/// `intake:` in irbook.yaml: a known form, an e-mail address that is one, and a service
/// desk address that is `https://`, so a report is never posted in the clear.
fn check_intake(s: &Scheme, idx: &Index, out: &mut Vec<Diagnostic>) {
    let Some(intake) = &s.config.data.intake else {
        return;
    };
    let mut c = Ctx {
        file: &s.config.file,
        out,
    };
    c.known(&idx.forms, &intake.form, diag::UNKNOWN_FORM, "form");
    if let Some(e) = &intake.email {
        let v = e.value.trim();
        let ok = v.split_once('@').is_some_and(|(a, b)| {
            !a.is_empty()
                && b.contains('.')
                && !v.contains(|ch: char| ch.is_whitespace() || "?&<>\"".contains(ch))
        });
        if !ok {
            c.err(
                diag::INVALID_VALUE,
                e.pos,
                format!("`{v}` is not an e-mail address"),
                Some("write one address such as `servicedesk@example.org`, with no name or `mailto:`".into()),
            );
        }
    }
    if let Some(u) = &intake.service_desk_url {
        let v = u.value.trim();
        let host = v
            .strip_prefix("https://")
            .map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
        if !host.is_some_and(|h| {
            !h.is_empty() && !h.contains(|ch: char| ch.is_whitespace() || ch == '"')
        }) {
            c.err(
                diag::INVALID_VALUE,
                u.pos,
                format!("`{v}` is not an `https://` address"),
                Some("give the service desk's own `https://` address that takes a form post; a report must never travel in the clear".into()),
            );
        }
    }
}

/// The signs irbook.yaml chooses for the poster and the pocket card: each names a known
/// playbook, and has words to show (its own, or the playbook's first indicator).
fn check_signs(s: &Scheme, idx: &Index, out: &mut Vec<Diagnostic>) {
    let mut c = Ctx {
        file: &s.config.file,
        out,
    };
    for choice in &s.config.data.awareness.signs {
        let Some(&i) = idx.playbooks.get(&choice.playbook.value) else {
            c.known(
                &idx.playbooks,
                &choice.playbook,
                diag::UNKNOWN_PLAYBOOK,
                "playbook",
            );
            continue;
        };
        let pb = &s.playbooks[i].data;
        if choice.sign.is_none() && pb.indicators.is_empty() {
            c.err(
                diag::MISSING_FIELD,
                choice.playbook.pos,
                format!(
                    "playbook `{}` lists no indicators, so this sign has no words to show",
                    choice.playbook.value
                ),
                Some(
                    "add `sign:` with the words for the poster, or `indicators:` to the playbook"
                        .into(),
                ),
            );
        }
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
                c.out.push(
                    Diagnostic::error(
                        diag::UNKNOWN_IMPACT,
                        c.file,
                        pos,
                        format!("unknown impact category `{cat}`"),
                    )
                    .with_help(unknown_help(cat.as_str(), "impact category", &known))
                    .refers_to(cat.as_str()),
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

fn check_channels(c: &mut Ctx, idx: &Index, chans: &[crate::model::Channel]) {
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

fn check_playbook(
    doc: &crate::model::Doc<crate::model::Playbook>,
    idx: &Index,
    out: &mut Vec<Diagnostic>,
) {
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
    for r in &pb.related_playbooks() {
        c.known(&idx.playbooks, r, diag::UNKNOWN_PLAYBOOK, "playbook");
    }
    for r in &pb.records {
        c.known(&idx.forms, r, diag::UNKNOWN_FORM, "form");
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
            check_step(&mut c, idx, st, &mut step_ids);
        }
    }
}

/// One step of a playbook: its id unique in the playbook (`step_ids` holds those before
/// it), its owner, audiences, deciders and escalation targets known.
fn check_step<'s>(
    c: &mut Ctx,
    idx: &Index,
    st: &'s crate::model::Step,
    step_ids: &mut BTreeSet<&'s Id>,
) {
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

/// The E0109 diagnostic for an edition asked for on the command line that the scheme does
/// not define.
pub fn unknown_edition(config_file: &str, want: &str, idx: &Index) -> Diagnostic {
    let known: Vec<&str> = idx.audiences.iter().map(|a| a.as_str()).collect();
    Diagnostic::error(
        diag::UNKNOWN_AUDIENCE,
        config_file,
        Pos::default(),
        format!("there is no edition `{want}`"),
    )
    .with_help(unknown_help(want, "audience", &known))
}
