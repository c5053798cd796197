//! Checks of exercise scripts and run records against the scheme they exercise.

use super::diagnostic::{self as diag, Code, Diagnostic, unknown_help};
use crate::exercise::refs::{self, StepProblem};
use crate::model::exercise::{Exercise, ExpectedAction, Inject, Outcome, Record};
use crate::model::{At, Doc, Id, Index, Pos, Scheme};
use std::collections::{BTreeMap, BTreeSet};

/// Collects diagnostics for one file.
pub(super) struct Ctx<'a> {
    pub(super) s: &'a Scheme,
    pub(super) idx: &'a Index,
    pub(super) file: &'a str,
    pub(super) out: &'a mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    pub(super) fn err(&mut self, code: Code, pos: Pos, msg: String, help: impl Into<String>) {
        self.out
            .push(Diagnostic::error(code, self.file, pos, msg).with_help(help));
    }

    fn warn(&mut self, code: Code, pos: Pos, msg: String, help: impl Into<String>) {
        self.out
            .push(Diagnostic::warning(code, self.file, pos, msg).with_help(help));
    }

    pub(super) fn known(&mut self, map: &BTreeMap<Id, usize>, r: &At<Id>, code: Code, kind: &str) {
        self.out
            .extend(diag::unknown_ref(self.file, map, r, code, kind));
    }

    pub(super) fn role(&mut self, r: &At<Id>) {
        let roles = &self.idx.roles;
        self.known(roles, r, diag::UNKNOWN_ROLE, "role");
    }

    /// An id local to the exercise (objective, inject, action) or record (evaluator).
    fn local(&mut self, set: &BTreeSet<&Id>, r: &At<Id>, kind: &str, owner: &str) {
        if !set.contains(&r.value) {
            let known: Vec<&str> = set.iter().map(|i| i.as_str()).collect();
            self.out.push(
                Diagnostic::error(
                    diag::UNKNOWN_EXERCISE_ITEM,
                    self.file,
                    r.pos,
                    format!("unknown {kind} `{}` in {owner}", r.value),
                )
                .with_help(unknown_help(r.value.as_str(), kind, &known))
                .refers_to(r.value.as_str()),
            );
        }
    }

    fn unique<'i>(&mut self, seen: &mut BTreeMap<&'i Id, Pos>, id: &'i At<Id>, kind: &str) {
        if let Some(prev) = seen.get(&id.value) {
            let line = prev.line;
            self.err(
                diag::DUPLICATE_ID,
                id.pos,
                format!("the {kind} id `{}` is used twice", id.value),
                format!("the first is at line {line}; give one of them another id"),
            );
        } else {
            seen.insert(&id.value, id.pos);
        }
    }

    /// A `playbook/step` reference; a missing step names the playbook's file too.
    fn step(&mut self, r: &At<String>, exercise: &str) {
        self.step_of(r, &format!("exercise `{exercise}`"), "this exercise");
    }

    /// A `playbook/step` reference made by `who` ("exercise `x`"), which is `this` ("this
    /// exercise") in the help.
    pub(super) fn step_of(&mut self, r: &At<String>, who: &str, this: &str) {
        match refs::find_step(self.s, self.idx, &r.value) {
            Ok(_) => {}
            Err(StepProblem::Malformed) => self.err(
                diag::UNKNOWN_STEP,
                r.pos,
                format!("`{}` is not a playbook step reference", r.value),
                "write `playbook-id/step-id`, e.g. `ransomware/first-report`",
            ),
            Err(StepProblem::NoPlaybook(pb)) => {
                let known: Vec<&str> = self.idx.playbooks.keys().map(Id::as_str).collect();
                self.out.push(
                    Diagnostic::error(
                        diag::UNKNOWN_PLAYBOOK,
                        self.file,
                        r.pos,
                        format!("unknown playbook `{pb}` in step reference `{}`", r.value),
                    )
                    .with_help(unknown_help(&pb, "playbook", &known))
                    .refers_to(pb),
                );
            }
            Err(StepProblem::NoStep(i, st)) => {
                let pb = &self.s.playbooks[i];
                let steps: Vec<&str> = pb
                    .data
                    .phases
                    .iter()
                    .flat_map(|p| &p.steps)
                    .map(|s| s.id.value.as_str())
                    .collect();
                let msg = format!(
                    "{who} relies on step `{st}` of playbook `{}`, which {} does not have",
                    pb.data.id.value, pb.file
                );
                let help = format!(
                    "{} (if the step was removed or renamed in {}, update {this} to match)",
                    unknown_help(&st, "step", &steps),
                    pb.file
                );
                self.out.push(
                    Diagnostic::error(diag::UNKNOWN_STEP, self.file, r.pos, msg)
                        .with_help(help)
                        .refers_to(format!("{}/{st}", pb.data.id.value)),
                );
            }
        }
    }

    pub(super) fn page(&mut self, r: &At<String>) {
        if refs::find_page(self.idx, &r.value).is_none() {
            let known: Vec<&str> = self.idx.files.keys().map(String::as_str).collect();
            self.err(
                diag::BROKEN_LINK,
                r.pos,
                format!("no scheme page `{}`", r.value),
                format!(
                    "name a source file from the project root; {}",
                    unknown_help(&r.value, "page", &known)
                ),
            );
        }
    }

    /// A step or page reference written in an objective's `tests:` list.
    fn test_ref(&mut self, r: &At<String>, exercise: &str) {
        if r.value.ends_with(".md") || r.value.ends_with(".yaml") {
            self.page(r);
        } else {
            self.step(r, exercise);
        }
    }
}

/// Checks every exercise and record; `check` and `build` share it.
pub fn check(s: &Scheme, idx: &Index) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut dups = Vec::new();
    crate::model::index::table_across_files(
        s.exercises.iter().map(|ex| (&ex.data.id, ex.file.as_str())),
        "exercise",
        &mut dups,
    );
    out.extend(dups.iter().map(super::refs::duplicate));
    for ex in &s.exercises {
        exercise(s, idx, ex, &mut out);
    }
    for r in &s.records {
        record(s, idx, r, &mut out);
    }
    check_key_audience(s, idx, &mut out);
    out
}

fn check_key_audience(s: &Scheme, idx: &Index, out: &mut Vec<Diagnostic>) {
    let cfg = &s.config.data.exercises;
    let mut c = Ctx {
        s,
        idx,
        file: &s.config.file,
        out,
    };
    for a in [&cfg.audience, &cfg.key_audience].into_iter().flatten() {
        c.known(
            &idx.audiences
                .iter()
                .enumerate()
                .map(|(i, a)| (a.clone(), i))
                .collect(),
            a,
            diag::UNKNOWN_AUDIENCE,
            "audience",
        );
    }
    if let Some(b) = &cfg.bands {
        bands(&mut c, b);
    }
}

fn bands(c: &mut Ctx, b: &At<crate::model::exercise::Bands>) {
    let v = b.value;
    if !(v.performed <= 100
        && v.performed > v.some_challenges
        && v.some_challenges > v.major_challenges)
    {
        c.err(
            diag::EXERCISE_STRUCTURE,
            b.pos,
            format!(
                "rating bands must fall from P to M: performed {} > some_challenges {} > major_challenges {}, all at most 100",
                v.performed, v.some_challenges, v.major_challenges
            ),
            "the HSEEP defaults are performed: 80, some_challenges: 66, major_challenges: 50",
        );
    }
}

fn exercise(s: &Scheme, idx: &Index, doc: &Doc<Exercise>, out: &mut Vec<Diagnostic>) {
    let ex = &doc.data;
    let mut c = Ctx {
        s,
        idx,
        file: &doc.file,
        out,
    };
    exercise_header(&mut c, ex);
    let mut seen = BTreeMap::new();
    for o in &ex.objectives {
        c.unique(&mut seen, &o.id, "objective");
        for t in &o.tests {
            c.test_ref(t, ex.id.value.as_str());
        }
    }
    let tested = injects(&mut c, ex);
    for o in &ex.objectives {
        if !tested.contains(&o.id.value) {
            c.err(
                diag::EXERCISE_STRUCTURE,
                o.id.pos,
                format!("objective `{}` is tested by no expected action", o.id.value),
                "add an expected action with `objective: ...` to an inject, or remove the objective",
            );
        }
    }
}

/// The exercise's own fields: audience (no more trusted than the answer key's), severity,
/// roles and rating bands.
fn exercise_header(c: &mut Ctx, ex: &Exercise) {
    let (s, idx) = (c.s, c.idx);
    let audiences: BTreeMap<Id, usize> = idx
        .audiences
        .iter()
        .enumerate()
        .map(|(i, a)| (a.clone(), i))
        .collect();
    if let Some(a) = &ex.audience {
        c.known(&audiences, a, diag::UNKNOWN_AUDIENCE, "audience");
        let key = refs::key_rank(s, idx);
        if idx.rank(&ex.audience) > key {
            c.err(
                diag::EXERCISE_STRUCTURE,
                a.pos,
                format!(
                    "the exercise is for `{}`, but its answer key is for a less trusted audience",
                    a.value
                ),
                "raise `exercises.key_audience` in irbook.yaml or lower this audience",
            );
        }
    }
    if let Some(l) = &ex.severity {
        c.known(&idx.levels, l, diag::UNKNOWN_SEVERITY, "severity level");
    }
    for r in ex.participants.iter().chain(&ex.evaluators) {
        c.role(r);
    }
    c.role(&ex.facilitator);
    if let Some(b) = ex.scoring.as_ref().and_then(|s| s.bands.as_ref()) {
        bands(c, b);
    }
}

/// Every inject and its expected actions; returns the objectives the actions test.
fn injects<'e>(c: &mut Ctx, ex: &'e Exercise) -> BTreeSet<&'e Id> {
    let objectives: BTreeSet<&Id> = ex.objectives.iter().map(|o| &o.id.value).collect();
    let injects: BTreeSet<&Id> = ex.injects.iter().map(|i| &i.id.value).collect();
    let mut seen_inject = BTreeMap::new();
    let mut seen_action = BTreeMap::new();
    let mut tested: BTreeSet<&Id> = BTreeSet::new();
    let mut prev: Option<&Inject> = None;
    for (n, inj) in ex.injects.iter().enumerate() {
        c.unique(&mut seen_inject, &inj.id, "inject");
        if let Some(p) = prev {
            inject_order(c, p, inj);
        }
        prev = Some(inj);
        if let Some(l) = &inj.severity {
            c.known(&c.idx.levels, l, diag::UNKNOWN_SEVERITY, "severity level");
        }
        for b in &inj.branches {
            c.local(&injects, &b.goto, "inject", "this exercise");
            if b.goto.value == inj.id.value {
                c.err(
                    diag::EXERCISE_STRUCTURE,
                    b.goto.pos,
                    format!("inject `{}` branches to itself", inj.id.value),
                    "branch to a later or earlier inject",
                );
            }
        }
        if inj.expected.is_empty() {
            c.warn(
                diag::INJECT_WITHOUT_ACTION,
                inj.id.pos,
                format!("inject `{}` expects no action, so nothing it causes can be scored", inj.id.value),
                "add `expected:` actions, or set `inject-without-action: off` under `lints:` for scene-setting injects",
            );
        }
        for a in &inj.expected {
            c.unique(&mut seen_action, &a.id, "expected action");
            expected_action(c, ex, n, a, &objectives, &injects);
            tested.insert(&a.objective.value);
        }
    }
    tested
}

/// `inj` after `p`: later on the exercise clock, and not earlier in the story.
fn inject_order(c: &mut Ctx, p: &Inject, inj: &Inject) {
    if inj.at.value <= p.at.value {
        c.err(
            diag::EXERCISE_STRUCTURE,
            inj.at.pos,
            format!(
                "inject `{}` is at {}, not after the inject before it (`{}` at {})",
                inj.id.value, inj.at.value, p.id.value, p.at.value
            ),
            "time offsets must increase from one inject to the next; reorder the injects or change `at`",
        );
    }
    let story = |i: &Inject| i.scenario_time.as_ref().map_or(i.at.value, |t| t.value);
    if story(inj) < story(p)
        && let Some(t) = &inj.scenario_time
    {
        c.err(
            diag::EXERCISE_STRUCTURE,
            t.pos,
            format!(
                "scenario time {} is earlier than the inject before it ({})",
                t.value,
                story(p)
            ),
            "the story's clock may jump forward between injects, not back",
        );
    }
}

fn record(s: &Scheme, idx: &Index, doc: &Doc<Record>, out: &mut Vec<Diagnostic>) {
    let r = &doc.data;
    let mut c = Ctx {
        s,
        idx,
        file: &doc.file,
        out,
    };
    let Some(ex) = record_exercise(&mut c, r) else {
        return;
    };
    for t in &r.team {
        c.role(t);
    }
    let mut seen = BTreeMap::new();
    for e in &r.evaluators {
        c.unique(&mut seen, &e.id, "evaluator");
        if let Some(role) = &e.role {
            c.role(role);
        }
    }
    let k = Known::of(ex, r);
    observations(&mut c, &k, r);
    for i in &r.skipped {
        c.local(&k.injects, i, "inject", &k.owner);
    }
    repeated_observations(&mut c, r);
    observations_not_played(&mut c, ex, r);
    for u in &r.unplanned {
        if let Some(i) = &u.inject {
            c.local(&k.injects, i, "inject", &k.owner);
        }
        if let Some(b) = &u.by {
            c.role(b);
        }
    }
    ratings(&mut c, &k, r);
    for m in &r.improvements {
        if let Some(a) = &m.action {
            c.local(&k.actions, a, "expected action", &k.owner);
        }
        if let Some(o) = &m.objective {
            c.local(&k.objectives, o, "objective", &k.owner);
        }
        c.role(&m.owner);
    }
    events(&mut c, &k, r);
}

/// The exercise the record `r` is a run of, or an error naming the known ones.
fn record_exercise<'s>(c: &mut Ctx<'s>, r: &Record) -> Option<&'s Exercise> {
    let s = c.s;
    let found = s
        .exercises
        .iter()
        .find(|e| e.data.id.value == r.exercise.value);
    if found.is_none() {
        let known: Vec<&str> = s
            .exercises
            .iter()
            .map(|e| e.data.id.value.as_str())
            .collect();
        c.out.push(
            Diagnostic::error(
                diag::UNKNOWN_EXERCISE,
                c.file,
                r.exercise.pos,
                format!("unknown exercise `{}`", r.exercise.value),
            )
            .with_help(unknown_help(r.exercise.value.as_str(), "exercise", &known))
            .refers_to(r.exercise.value.as_str()),
        );
    }
    found.map(|e| &e.data)
}

/// The ids a record may name: its exercise's actions, objectives and injects, and the
/// record's own evaluators.
struct Known<'x> {
    /// The exercise as messages name it.
    owner: String,
    evaluators: BTreeSet<&'x Id>,
    actions: BTreeSet<&'x Id>,
    objectives: BTreeSet<&'x Id>,
    injects: BTreeSet<&'x Id>,
}

impl<'x> Known<'x> {
    fn of(ex: &'x Exercise, r: &'x Record) -> Known<'x> {
        Known {
            owner: format!("exercise `{}`", ex.id.value),
            evaluators: r.evaluators.iter().map(|e| &e.id.value).collect(),
            actions: ex
                .injects
                .iter()
                .flat_map(|i| &i.expected)
                .map(|a| &a.id.value)
                .collect(),
            objectives: ex.objectives.iter().map(|o| &o.id.value).collect(),
            injects: ex.injects.iter().map(|i| &i.id.value).collect(),
        }
    }

    /// An evaluator named, if any, must be one of the record's `evaluators`.
    fn evaluator(&self, c: &mut Ctx, e: &Option<At<Id>>) {
        if let Some(e) = e {
            c.local(
                &self.evaluators,
                e,
                "evaluator",
                "this record's `evaluators`",
            );
        }
    }
}

/// Hand-written observations: known action, evaluator and role, and a note for a miss.
fn observations(c: &mut Ctx, k: &Known, r: &Record) {
    for o in &r.observations {
        c.local(&k.actions, &o.action, "expected action", &k.owner);
        k.evaluator(c, &o.evaluator);
        if let Some(b) = &o.by {
            c.role(b);
        }
        let no_note = o.note.as_ref().is_none_or(|n| n.value.trim().is_empty());
        if o.outcome.value == Outcome::NotMet && no_note {
            c.warn(
                diag::NOT_MET_WITHOUT_EVIDENCE,
                o.outcome.pos,
                format!(
                    "`{}` is marked not met without an evidence note",
                    o.action.value
                ),
                "add `note:` saying what was seen or said, so the score can be audited",
            );
        }
    }
}

/// Evaluators' ratings: known objective and evaluator, and a written justification.
fn ratings(c: &mut Ctx, k: &Known, r: &Record) {
    for g in &r.ratings {
        c.local(&k.objectives, &g.objective, "objective", &k.owner);
        k.evaluator(c, &Some(g.evaluator.clone()));
        if g.justification.value.trim().is_empty() {
            c.err(
                diag::MISSING_JUSTIFICATION,
                g.justification.pos,
                format!(
                    "the rating of `{}` has no written justification",
                    g.objective.value
                ),
                "say why the evaluator rates it so; the justification is kept in the report",
            );
        }
    }
}

/// The live log's events: known inject, action, role and evaluator, and a note for a miss.
fn events(c: &mut Ctx, k: &Known, r: &Record) {
    for e in &r.events {
        if let Some(i) = &e.inject {
            c.local(&k.injects, i, "inject", &k.owner);
        }
        if let Some(a) = &e.action {
            c.local(&k.actions, a, "expected action", &k.owner);
            let no_note = e.note.as_ref().is_none_or(|n| n.trim().is_empty());
            if e.outcome == Some(Outcome::NotMet) && no_note {
                c.warn(
                    diag::NOT_MET_WITHOUT_EVIDENCE,
                    a.pos,
                    format!("`{}` is marked not met without an evidence note", a.value),
                    "add `note:` to that event (or an observation with a note), so the score can be audited",
                );
            }
        }
        if let Some(b) = &e.by {
            c.role(b);
        }
        k.evaluator(c, &e.evaluator);
    }
}

/// Expected action `a` of the `n`th inject: what it tests, who does it, whom it notifies,
/// and where its clock starts, against the exercise's `objectives` and `injects` ids.
fn expected_action(
    c: &mut Ctx,
    ex: &Exercise,
    n: usize,
    a: &ExpectedAction,
    objectives: &BTreeSet<&Id>,
    injects: &BTreeSet<&Id>,
) {
    let name = ex.id.value.as_str();
    match (&a.step, &a.page) {
        (None, None) => c.err(
            diag::EXERCISE_STRUCTURE,
            a.id.pos,
            format!("expected action `{}` names no playbook step or scheme page", a.id.value),
            "add `step: playbook-id/step-id` (or `page: content/scheme/x.md`) so the score links to the procedure it tests",
        ),
        (step, page) => {
            if let Some(st) = step {
                c.step(st, name);
            }
            if let Some(p) = page {
                c.page(p);
            }
        }
    }
    c.role(&a.role);
    c.local(objectives, &a.objective, "objective", "this exercise");
    if let Some(n) = &a.notifies
        && !c.idx.roles.contains_key(&n.value)
        && !c.idx.parties.contains_key(&n.value)
    {
        let known: Vec<&str> = c
            .idx
            .roles
            .keys()
            .chain(c.idx.parties.keys())
            .map(Id::as_str)
            .collect();
        c.out.push(
            Diagnostic::error(
                diag::UNKNOWN_ROLE,
                c.file,
                n.pos,
                format!("`{}` is neither a role nor an external party", n.value),
            )
            .with_help(unknown_help(n.value.as_str(), "role or party", &known))
            .refers_to(n.value.as_str()),
        );
    }
    if let Some(l) = &a.escalates_to {
        c.known(&c.idx.levels, l, diag::UNKNOWN_SEVERITY, "severity level");
    }
    if let Some(from) = &a.clock_from {
        match ex.injects.iter().position(|i| i.id.value == from.value) {
            None => c.local(injects, from, "inject", "this exercise"),
            Some(k) if k > n => c.err(
                diag::EXERCISE_STRUCTURE,
                from.pos,
                format!(
                    "the clock of `{}` starts at a later inject, `{}`",
                    a.id.value, from.value
                ),
                "a deadline's clock starts at this action's inject or an earlier one",
            ),
            Some(_) => {}
        }
    }
}

/// An evaluator as a record names them: the id, or nobody.
fn evaluator_of(e: &Option<At<Id>>) -> Option<&Id> {
    e.as_ref().map(|e| &e.value)
}

/// Two hand-written observations of one action by the same evaluator, or with nobody named
/// on one or both, both count (the worst wins), which is rarely what the writer meant: a
/// correction belongs in place of the first. A hand-written observation beside a live
/// console mark by the same evaluator counts twice the same way. Console marks among
/// themselves are corrections and never warned about.
fn repeated_observations(c: &mut Ctx, r: &Record) {
    let same = |a: Option<&Id>, b: Option<&Id>| a.is_none() || b.is_none() || a == b;
    let describe = |e: Option<&Id>| {
        e.map_or("with no evaluator named".to_owned(), |e| {
            format!("by `{e}`")
        })
    };
    for (k, o) in r.observations.iter().enumerate() {
        let me = evaluator_of(&o.evaluator);
        let earlier = r.observations[..k]
            .iter()
            .find(|p| p.action.value == o.action.value && same(evaluator_of(&p.evaluator), me));
        if let Some(p) = earlier {
            let line = p.action.pos.line;
            let who = match (me, evaluator_of(&p.evaluator)) {
                (Some(_), None) | (None, Some(_)) => {
                    "with no evaluator named on one of the two".to_owned()
                }
                _ => describe(me),
            };
            c.warn(
                diag::REPEATED_OBSERVATION,
                o.action.pos,
                format!(
                    "`{}` is observed a second time {who} (the first is at line {line}); both count and the worse outcome is used",
                    o.action.value
                ),
                "if this corrects the first, delete the first; if two evaluators saw it, name each with `evaluator:`",
            );
            continue;
        }
        let marked = r.events.iter().any(|e| {
            e.kind == crate::model::exercise::EventKind::Mark
                && e.action.as_ref().is_some_and(|a| a.value == o.action.value)
                && same(evaluator_of(&e.evaluator), me)
        });
        if marked {
            c.warn(
                diag::REPEATED_OBSERVATION,
                o.action.pos,
                format!(
                    "`{}` is observed here {} and also marked in the live log; both count and the worse outcome is used",
                    o.action.value,
                    describe(me)
                ),
                "to correct a live mark, change that event's outcome instead; if another evaluator saw it, name them with `evaluator:`",
            );
        }
    }
}

/// An observation (written or marked live) of an action whose inject was not played counts
/// nowhere: either the inject was played after all, or the note belongs under `unplanned:`.
fn observations_not_played(c: &mut Ctx, ex: &Exercise, r: &Record) {
    let not_played = crate::exercise::score::not_played(ex, r);
    let inject_of = |a: &Id| {
        refs::action_place(ex, a.as_str())
            .map(|(i, _)| &ex.injects[i].id.value)
            .filter(|i| not_played.contains(i))
    };
    let marks = r
        .events
        .iter()
        .filter(|e| {
            e.kind == crate::model::exercise::EventKind::Mark
                && e.outcome != Some(Outcome::NotObserved)
        })
        .filter_map(|e| e.action.as_ref());
    // Noting "not observed" of an action never played is true, and harmless.
    let written = r
        .observations
        .iter()
        .filter(|o| o.outcome.value != Outcome::NotObserved)
        .map(|o| &o.action);
    for a in written.chain(marks) {
        let Some(inject) = inject_of(&a.value) else {
            continue;
        };
        let why = if r.skipped.iter().any(|s| s.value == *inject) {
            "is listed in `skipped`"
        } else {
            "was never given before the live run ended"
        };
        c.warn(
            diag::OBSERVATION_NOT_PLAYED,
            a.pos,
            format!(
                "`{}` is observed, but its inject `{inject}` {why}, so the observation counts nowhere",
                a.value
            ),
            "if the inject was played, take it out of `skipped`; if the team did this early, record it under `unplanned:` instead",
        );
    }
}
