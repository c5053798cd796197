//! Rules for notification obligations, their facts and stages, the playbook steps and
//! exercise actions that meet them, the quiz questions that ask about them, and
//! communication templates (E0127-E0132, W0319,
//! W0320).

use super::diagnostic::{self as diag, Diagnostic, unknown_help};
use super::refs::Ctx;
use crate::model::clock::{Anchor, Calendar, Condition, Moments, Situation};
use crate::model::index::template_id;
use crate::model::obligation::{Obligation, Obligations};
use crate::model::template::{self, Placeholder, StageContext};
use crate::model::{At, Doc, Id, Index, Pos, Scheme};
use std::collections::BTreeMap;

/// Every rule of this family.
pub(crate) fn check(s: &Scheme, idx: &Index, out: &mut Vec<Diagnostic>) {
    if let Some(o) = &s.obligations {
        check_file(s, idx, o, out);
    }
    for pb in &s.playbooks {
        playbook(s, idx, pb, out);
    }
    for ex in &s.exercises {
        exercise(s, idx, ex, out);
    }
    for t in &s.templates {
        templates(s, idx, t, out);
    }
    for q in &s.quizzes {
        for st in q.data.questions.iter().filter_map(|qu| qu.stage.as_ref()) {
            if let Err(d) = find_stage(s, idx, &q.file, st) {
                out.push(d);
            }
        }
    }
}

/// `obligation/stage` resolved, or the diagnostic saying what is wrong.
pub(crate) fn find_stage<'a>(
    s: &'a Scheme,
    idx: &Index,
    file: &str,
    r: &At<String>,
) -> Result<(&'a Obligation, usize), Diagnostic> {
    let err = |msg: String, help: String| {
        Diagnostic::error(diag::UNKNOWN_OBLIGATION, file, r.pos, msg).with_help(help)
    };
    let Some((ob, st)) = r.value.split_once('/') else {
        return Err(err(
            format!("`{}` is not `obligation/stage`", r.value),
            "write the obligation id and the stage id, e.g. `regulator-notice/initial`".into(),
        ));
    };
    let Some(o) = s.obligations.as_ref() else {
        return Err(err(
            format!(
                "`{}` names an obligation, but there is no content/obligations.yaml",
                r.value
            ),
            "write the obligations in content/obligations.yaml (see the README)".into(),
        ));
    };
    let known: Vec<&str> = idx.obligations.keys().map(Id::as_str).collect();
    let Some(&i) = Id::parse(ob)
        .ok()
        .as_ref()
        .and_then(|id| idx.obligations.get(id))
    else {
        return Err(err(
            format!("unknown obligation `{ob}`"),
            unknown_help(ob, "obligation", &known),
        )
        .refers_to(ob));
    };
    let obligation = &o.data.obligations[i];
    let stages: Vec<&str> = obligation
        .stages
        .iter()
        .map(|x| x.id.value.as_str())
        .collect();
    match stages.iter().position(|x| *x == st) {
        Some(k) => Ok((obligation, k)),
        None => Err(err(
            format!("obligation `{ob}` has no stage `{st}`"),
            unknown_help(st, "stage", &stages),
        )),
    }
}

fn fact_refs(c: &mut Ctx, idx: &Index, facts: &[At<Id>]) {
    for f in facts {
        c.known(&idx.facts, f, diag::UNKNOWN_FACT, "incident fact");
    }
}

/// W0203: a reference to an item fewer readers may see (audience rank `to`) than the item
/// making it (rank `from`); `effect` says what the edition that may not see it shows.
fn hidden_ref(
    c: &mut Ctx,
    idx: &Index,
    from: usize,
    r: &At<Id>,
    kind: &str,
    to: usize,
    effect: &str,
) {
    if to <= from {
        return;
    }
    let ed = idx.audiences.get(from).map_or("lower", |a| a.as_str());
    c.out.push(
        Diagnostic::warning(
            diag::HIDDEN_REF,
            c.file,
            r.pos,
            format!(
                "{kind} `{}` is not visible in the `{ed}` edition, {effect}",
                r.value
            ),
        )
        .with_help("refer to an item its readers may see, or give this item the same audience"),
    );
}

/// W0203 for facts: an edition that may not see a fact leaves the condition out, so the
/// item shows there whether or not the fact holds.
fn hidden_facts(c: &mut Ctx, s: &Scheme, idx: &Index, from: usize, facts: &[At<Id>]) {
    let Some(o) = &s.obligations else {
        return;
    };
    for f in facts {
        if let Some(&i) = idx.facts.get(&f.value) {
            let to = idx.rank(&o.data.facts[i].audience);
            hidden_ref(
                c,
                idx,
                from,
                f,
                "incident fact",
                to,
                "which leaves this condition out",
            );
        }
    }
}

fn party_rank(s: &Scheme, idx: &Index, id: &Id) -> usize {
    idx.parties.get(id).map_or(0, |&i| {
        idx.rank(&s.contacts.data.external_parties[i].audience)
    })
}

/// W0203 for an obligation's facts and party. (A staff duty whose stage names a team-only
/// template is usual: the team keeps the wording, everyone knows the duty.)
fn hidden_in_obligation(c: &mut Ctx, s: &Scheme, idx: &Index, ob: &Obligation) {
    let from = idx.rank(&ob.audience);
    hidden_facts(c, s, idx, from, &ob.applies_when.any);
    hidden_facts(c, s, idx, from, &ob.applies_when.all);
    let to = party_rank(s, idx, &ob.party.value);
    hidden_ref(
        c,
        idx,
        from,
        &ob.party,
        "external party",
        to,
        "where this shows as \"restricted\"",
    );
}

fn check_file(s: &Scheme, idx: &Index, o: &Doc<Obligations>, out: &mut Vec<Diagnostic>) {
    let mut c = Ctx {
        file: &o.file,
        out: &mut *out,
    };
    for f in &o.data.facts {
        c.audience(idx, &f.audience);
    }
    for ob in &o.data.obligations {
        hidden_in_obligation(&mut c, s, idx, ob);
        c.known(
            &idx.parties,
            &ob.party,
            diag::UNKNOWN_PARTY,
            "external party",
        );
        c.audience(idx, &ob.audience);
        fact_refs(&mut c, idx, &ob.applies_when.any);
        fact_refs(&mut c, idx, &ob.applies_when.all);
        if let Some(l) = &ob.applies_when.min_severity {
            c.known(&idx.levels, l, diag::UNKNOWN_SEVERITY, "severity level");
        }
        for cat in &ob.applies_when.categories {
            c.known(
                &idx.categories,
                cat,
                diag::UNKNOWN_CATEGORY,
                "incident category",
            );
        }
        stages(&mut c, idx, ob);
    }
    let calendar = Calendar::from_config(&s.config.data);
    for ob in &o.data.obligations {
        stage_order(&mut c, &calendar, ob);
        out_of_hours(s, idx, &o.file, ob, &calendar, c.out);
    }
}

/// Each stage's template exists; a stage counts only from an earlier stage.
fn stages(c: &mut Ctx, idx: &Index, ob: &Obligation) {
    let mut earlier: Vec<&Id> = Vec::new();
    for st in &ob.stages {
        if earlier.contains(&&st.id.value) {
            c.err(
                diag::DUPLICATE_ID,
                st.id.pos,
                format!(
                    "the stage id `{}` is used twice in this obligation",
                    st.id.value
                ),
                Some("stage ids must be unique within an obligation".into()),
            );
        }
        if let Some(t) = &st.template {
            c.known(&idx.templates, t, diag::UNKNOWN_TEMPLATE, "template");
        }
        for term in st.deadline.value.terms() {
            if let Anchor::Stage(from) = &term.anchor
                && !earlier.contains(&from)
            {
                let later = ob.stages.iter().any(|x| x.id.value == *from);
                let names: Vec<&str> = earlier.iter().map(|x| x.as_str()).collect();
                c.err(
                    diag::STAGE_ORDER,
                    st.deadline.pos,
                    if later {
                        format!("stage `{}` counts from `{from}`, which comes after it", st.id.value)
                    } else {
                        format!("stage `{}` counts from `{from}`, which is no stage of this obligation", st.id.value)
                    },
                    Some(if names.is_empty() {
                        "the first stage counts from awareness, detection, classification or a decision".into()
                    } else {
                        format!("count from an earlier stage ({}), or from awareness, detection, classification or a decision", names.join(", "))
                    }),
                );
            }
        }
        earlier.push(&st.id.value);
    }
}

/// With every moment at the same instant and each stage done when due, a later stage may
/// not fall due before an earlier one.
fn stage_order(c: &mut Ctx, calendar: &Calendar, ob: &Obligation) {
    let t0 = jiff::Timestamp::from_second(1_767_225_600).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let moments = Moments {
        awareness: Some(t0),
        detection: Some(t0),
        classification: Some(t0),
        decision: Some(t0),
    };
    let mut done: BTreeMap<Id, jiff::Timestamp> = BTreeMap::new();
    let mut last: Option<(jiff::Timestamp, &Id)> = None;
    for st in &ob.stages {
        let Some(at) = calendar
            .stage_due(&st.deadline.value, &moments, &done)
            .due
            .at()
        else {
            continue;
        };
        if let Some((before, prev)) = last
            && at < before
        {
            c.err(
                diag::STAGE_ORDER,
                st.deadline.pos,
                format!(
                    "stage `{}` falls due before stage `{prev}`, which comes before it",
                    st.id.value
                ),
                Some("list the stages in the order they fall due, or correct the deadline".into()),
            );
        }
        done.insert(st.id.value.clone(), at);
        last = Some((at, &st.id.value));
    }
}

/// W0319: a clock shorter than a day needs a way to reach the party out of hours.
fn out_of_hours(
    s: &Scheme,
    idx: &Index,
    file: &str,
    ob: &Obligation,
    calendar: &Calendar,
    out: &mut Vec<Diagnostic>,
) {
    let Some(&p) = idx.parties.get(&ob.party.value) else {
        return;
    };
    let party = &s.contacts.data.external_parties[p];
    if party.channels.iter().any(|ch| ch.out_of_hours) {
        return;
    }
    let t0 = jiff::Timestamp::from_second(1_767_225_600).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let moments = Moments {
        awareness: Some(t0),
        detection: Some(t0),
        classification: Some(t0),
        decision: Some(t0),
    };
    let day = jiff::SignedDuration::from_hours(24);
    let Some(first) = ob.stages.first() else {
        return;
    };
    let short = calendar
        .stage_due(&first.deadline.value, &moments, &BTreeMap::new())
        .due
        .at()
        .is_some_and(|at| at.duration_since(t0) < day);
    if short {
        out.push(
            Diagnostic::warning(
                diag::NO_OUT_OF_HOURS,
                file,
                first.deadline.pos,
                format!(
                    "`{}` must be told within a day, but none of {}'s channels is marked `out_of_hours: true`",
                    ob.title.value, party.name
                ),
            )
            .with_help("add the party's out-of-hours number in contacts.yaml with `out_of_hours: true`"),
        );
    }
}

fn playbook(s: &Scheme, idx: &Index, pb: &Doc<crate::model::Playbook>, out: &mut Vec<Diagnostic>) {
    let mut c = Ctx {
        file: &pb.file,
        out: &mut *out,
    };
    fact_refs(&mut c, idx, &pb.data.facts);
    let from = idx.rank(&pb.data.audience);
    hidden_facts(&mut c, s, idx, from, &pb.data.facts);
    for st in pb.data.phases.iter().flat_map(|p| &p.steps) {
        let from = from.max(idx.rank(&st.audience));
        for n in &st.notify {
            let to = party_rank(s, idx, &n.party.value);
            hidden_ref(
                &mut c,
                idx,
                from,
                &n.party,
                "external party",
                to,
                "where this shows as \"restricted\"",
            );
            c.known(
                &idx.parties,
                &n.party,
                diag::UNKNOWN_PARTY,
                "external party",
            );
            if let Some(r) = &n.stage
                && let Err(d) = find_stage(s, idx, &pb.file, r)
            {
                c.out.push(d);
            }
        }
        for e in &st.escalate {
            if let Some(p) = &e.to_party {
                c.known(&idx.parties, p, diag::UNKNOWN_PARTY, "external party");
            }
        }
    }
    personal_data(s, idx, pb, out);
}

/// W0320: a playbook that assumes personal data, with no obligation that may apply to an
/// incident of its category with its facts (severity not known yet) and names one of them.
fn personal_data(
    s: &Scheme,
    idx: &Index,
    pb: &Doc<crate::model::Playbook>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(o) = &s.obligations else {
        return;
    };
    let facts: Vec<Id> = pb.data.facts.iter().map(|f| f.value.clone()).collect();
    let category = [pb.data.category.value.clone()];
    let known = Situation {
        facts: &facts,
        level: None,
        categories: Some(&category),
    };
    let personal: Vec<&At<Id>> = pb
        .data
        .facts
        .iter()
        .filter(|f| {
            o.data
                .facts
                .iter()
                .any(|x| x.id.value == f.value && x.personal_data)
        })
        .collect();
    let Some(first) = personal.first() else {
        return;
    };
    let met = o.data.obligations.iter().any(|ob| {
        Condition::of(&ob.applies_when, &idx.levels).admits(&known)
            && (ob.applies_when.any.iter().chain(&ob.applies_when.all))
                .any(|f| personal.iter().any(|p| p.value == f.value))
    });
    if !met {
        out.push(
            Diagnostic::warning(
                diag::PERSONAL_DATA_UNMET,
                &pb.file,
                first.pos,
                format!(
                    "this playbook assumes personal data (`{}`), but no obligation applies to it",
                    first.value
                ),
            )
            .with_help("add the data protection notice to content/obligations.yaml with `applies_when: {any: [ID]}`, or remove the fact"),
        );
    }
}

fn exercise(
    s: &Scheme,
    idx: &Index,
    ex: &Doc<crate::model::exercise::Exercise>,
    out: &mut Vec<Diagnostic>,
) {
    let e = &ex.data;
    let mut c = Ctx {
        file: &ex.file,
        out: &mut *out,
    };
    fact_refs(&mut c, idx, &e.facts);
    let injects: BTreeMap<Id, usize> = e
        .injects
        .iter()
        .enumerate()
        .map(|(i, x)| (x.id.value.clone(), i))
        .collect();
    for moment in [&e.awareness, &e.classification].into_iter().flatten() {
        c.known(&injects, moment, diag::UNKNOWN_EXERCISE_ITEM, "inject");
    }
    if let Some(t) = &e.starts_at
        && jiff::civil::DateTime::strptime("%Y-%m-%dT%H:%M", &t.value).is_err()
    {
        c.err(
            diag::INVALID_VALUE,
            t.pos,
            format!("`{}` is not a date and time", t.value),
            Some("write it as YYYY-MM-DDTHH:MM, e.g. 2026-03-06T17:00".into()),
        );
    }
    for a in e.injects.iter().flat_map(|i| &i.expected) {
        if let Some(r) = &a.stage
            && let Err(d) = find_stage(s, idx, &ex.file, r)
        {
            c.out.push(d);
        }
    }
}

/// E0131/E0132 and references of a communication template.
fn templates(
    s: &Scheme,
    idx: &Index,
    t: &crate::model::MdDoc<template::TemplateMeta>,
    out: &mut Vec<Diagnostic>,
) {
    let mut c = Ctx {
        file: &t.file,
        out: &mut *out,
    };
    c.audience(idx, &t.meta.audience);
    if let Some(r) = &t.meta.approved_by {
        c.known(&idx.roles, r, diag::UNKNOWN_ROLE, "role");
    }
    let mut context = None;
    for r in &t.meta.stages {
        match find_stage(s, idx, &t.file, r) {
            Err(d) => c.out.push(d),
            Ok((ob, k)) if context.is_none() => context = Some((ob, k)),
            Ok(_) => {}
        }
    }
    if template_id(t).is_none() {
        c.err(
            diag::INVALID_VALUE,
            Pos::default(),
            "the file name does not make a template id".into(),
            Some("name the file with lowercase letters, digits and hyphens".into()),
        );
    }
    let calendar = Calendar::from_config(&s.config.data);
    let stage = context.map(|(ob, k)| StageContext {
        obligation: ob,
        stage: &ob.stages[k],
        deadline: ob.stages[k]
            .deadline
            .value
            .describe(&calendar.targets, &|id| id.to_string()),
    });
    let rank = idx.rank(&t.meta.audience);
    let (found, bad) = template::scan(&t.body);
    let at = |p: Pos| Pos {
        line: t.body_line + p.line,
        col: p.col,
    };
    for m in bad {
        placeholder_error(
            c.out,
            &t.file,
            at(m.pos),
            format!("`{}` is not a placeholder: {}", m.written, m.why),
            "write `[[party.ID.phone]]`-style values or `[[blank: LABEL]]`".into(),
        );
    }
    for f in found {
        let Placeholder::Value(path) = &f.what else {
            continue;
        };
        match template::value(s, idx, path, stage.as_ref()) {
            Err(e) => placeholder_error(c.out, &t.file, at(f.pos), e.message, e.help),
            Ok(v) if v.rank > rank => c.out.push(
                Diagnostic::error(
                    diag::HIDDEN_PLACEHOLDER,
                    &t.file,
                    at(f.pos),
                    format!(
                        "`{}` fills in a value the template's readers may not see",
                        f.written
                    ),
                )
                .with_help("give the template the same audience as the value, or use a channel its readers may see"),
            ),
            Ok(_) => {}
        }
    }
}

fn placeholder_error(out: &mut Vec<Diagnostic>, file: &str, pos: Pos, msg: String, help: String) {
    out.push(Diagnostic::error(diag::UNKNOWN_PLACEHOLDER, file, pos, msg).with_help(help));
}
