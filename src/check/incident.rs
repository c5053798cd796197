//! Checks of real incident records (`incidents/records/*.yaml`): their references into
//! the scheme, their times, and who may read them (E0142: team-only unless sanitised).

use super::diagnostic::{self as diag, Diagnostic};
use super::exercise::Ctx;
use crate::exercise::refs;
use crate::model::incident::Incident;
use crate::model::{At, Doc, Id, Index, Scheme};

/// Checks every incident record; `check` and `build` share it.
pub fn check(s: &Scheme, idx: &Index) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut dups = Vec::new();
    crate::model::index::table_across_files(
        s.incidents.iter().map(|d| (&d.data.id, d.file.as_str())),
        "incident",
        &mut dups,
    );
    out.extend(dups.iter().map(super::refs::duplicate));
    for doc in &s.incidents {
        incident(s, idx, doc, &mut out);
    }
    out
}

fn incident(s: &Scheme, idx: &Index, doc: &Doc<Incident>, out: &mut Vec<Diagnostic>) {
    let inc = &doc.data;
    let mut c = Ctx {
        s,
        idx,
        file: &doc.file,
        out,
    };
    audience(&mut c, inc);
    if inc.id.value.as_str() == "index" {
        c.err(
            diag::PATH_COLLISION,
            inc.id.pos,
            "the incident id `index` would take the page that lists the reviews (incidents/index.html)".into(),
            "give the incident another id, e.g. its reference number",
        );
    }
    for pb in &inc.playbooks {
        c.known(&idx.playbooks, pb, diag::UNKNOWN_PLAYBOOK, "playbook");
    }
    c.known(
        &idx.levels,
        &inc.severity,
        diag::UNKNOWN_SEVERITY,
        "severity level",
    );
    for f in &inc.facts {
        c.known(&idx.facts, f, diag::UNKNOWN_FACT, "incident fact");
    }
    times(&mut c, inc);
    let who = format!("incident `{}`", inc.id.value);
    for e in &inc.timeline {
        if let Some(r) = &e.by {
            c.role(r);
        }
        if let Some(st) = &e.step {
            step(&mut c, inc, st, &who);
        }
        if let Some(p) = &e.page {
            c.page(p);
        }
        if let Some(n) = &e.notifies
            && !idx.parties.contains_key(&n.value)
            && !idx.roles.contains_key(&n.value)
        {
            c.known(
                &idx.parties,
                n,
                diag::UNKNOWN_PARTY,
                "external party or role",
            );
        }
        if let Some(st) = &e.stage
            && let Err(d) = super::obligations::find_stage(s, idx, &doc.file, st)
        {
            c.out.push(d);
        }
        if let Some(l) = &e.escalates_to {
            c.known(&idx.levels, l, diag::UNKNOWN_SEVERITY, "severity level");
        }
    }
    for n in &inc.not_applicable {
        step(&mut c, inc, &n.step, &who);
    }
    for m in &inc.improvements {
        c.role(&m.owner);
        if let Some(st) = &m.step {
            step(&mut c, inc, st, &who);
        }
    }
}

/// A step the record names: it must exist, in one of the playbooks the record follows.
fn step(c: &mut Ctx, inc: &Incident, r: &At<String>, who: &str) {
    let before = c.out.len();
    c.step_of(r, who, "this record");
    if c.out.len() > before {
        return;
    }
    let pb = r.value.split_once('/').map_or("", |(p, _)| p);
    if !inc.playbooks.iter().any(|p| p.value.as_str() == pb) {
        c.err(
            diag::UNKNOWN_STEP,
            r.pos,
            format!(
                "step `{}` is not in a playbook this record follows, so the review cannot count it",
                r.value
            ),
            format!("add `{pb}` to the record's `playbooks:`, or name a step of one listed there"),
        );
    }
}

/// E0142: a real incident's record is for the team unless it has been sanitised.
fn audience(c: &mut Ctx, inc: &Incident) {
    let Some(a) = &inc.audience else {
        return;
    };
    let audiences = c
        .idx
        .audiences
        .iter()
        .enumerate()
        .map(|(i, a)| (a.clone(), i))
        .collect();
    let before = c.out.len();
    c.known(&audiences, a, diag::UNKNOWN_AUDIENCE, "audience");
    if c.out.len() > before {
        return;
    }
    let key = refs::key_rank(c.s, c.idx);
    let sanitised = inc.sanitised.as_ref().is_some_and(|s| s.value);
    if c.idx.rank(&inc.audience) < key && !sanitised {
        let team = c.idx.audiences.get(key).map_or("", Id::as_str).to_owned();
        c.err(
            diag::INCIDENT_AUDIENCE,
            a.pos,
            format!(
                "the record of incident `{}` is given audience `{}`, but a real incident's record is for `{team}` unless it has been sanitised",
                inc.id.value, a.value
            ),
            format!(
                "remove `audience:` to keep it for `{team}`; or rewrite it without names, personal data or details an attacker could use, and add `sanitised: true`"
            ),
        );
    }
}

/// Times are `YYYY-MM-DDTHH:MM`, and detection, awareness, classification and closure come
/// in that order.
fn times(c: &mut Ctx, inc: &Incident) {
    let calendar = crate::model::clock::Calendar::from_config(&c.s.config.data);
    let mut parsed = |t: &At<String>| {
        let v = crate::exercise::incident::instant(&calendar, &t.value);
        if v.is_none() {
            c.err(
                diag::INVALID_VALUE,
                t.pos,
                format!("`{}` is not a date and time", t.value),
                "write it as YYYY-MM-DDTHH:MM in the scheme's time zone, e.g. 2026-10-13T09:12",
            );
        }
        v
    };
    let detected = parsed(&inc.detected);
    let aware = parsed(&inc.aware);
    let classified = inc.classified.as_ref().map(&mut parsed);
    let closed = parsed(&inc.closed);
    for e in &inc.timeline {
        parsed(&e.at);
    }
    let order = [
        ("detected", Some(&inc.detected), detected),
        ("aware", Some(&inc.aware), aware),
        ("classified", inc.classified.as_ref(), classified.flatten()),
        ("closed", Some(&inc.closed), closed),
    ];
    let mut last: Option<(&str, i64)> = None;
    for (name, at, t) in order {
        let (Some(at), Some(t)) = (at, t) else {
            continue;
        };
        if let Some((prev, p)) = last
            && t < p
        {
            c.err(
                diag::INVALID_VALUE,
                at.pos,
                format!("`{name}` ({}) comes before `{prev}`", at.value),
                "an incident is detected, then known to be an incident (aware), then classified, then closed: fix the time",
            );
        }
        last = Some((name, t));
    }
}
