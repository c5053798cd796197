//! Reviews of real incidents, scored by the exercise scoring itself.
//!
//! A real incident is read as a run of an exercise that the scheme writes for it: the
//! expected actions are the steps of the playbooks the response followed (and the notices
//! those steps send), the story starts when the event was detected, awareness and
//! classification are the record's own moments, and each timeline entry that carries out
//! a step is the observation that it was done, at that time. [`score::score`] then judges
//! steps and clocks exactly as it judges a run, so a review and an exercise can never
//! disagree about what "late" means.

use super::score::{self, Deadlines, Score};
use crate::model::clock::Calendar;
use crate::model::exercise::{
    Capability, Exercise, ExpectedAction, Improvement, Inject, Objective, Observation, Outcome,
    Record,
};
use crate::model::incident::{Entry, Incident};
use crate::model::{At, Date, Id, Index, Minutes, Scheme};
use std::collections::BTreeMap;

/// Phases whose steps are done before any incident, so a review does not expect them.
const BEFORE_INCIDENTS: &[&str] = &["preparation"];

/// Where an expected action of a review comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A playbook step, `playbook/step`.
    Step(String),
    /// A notice a playbook step sends: the step and the party.
    Notice(String, Id),
    /// A timeline entry (its index) that notified or escalated outside any step.
    Entry(usize),
}

/// An incident read as a run of an exercise written for it.
pub(crate) struct Adapted {
    /// The exercise: one inject per moment (detected, aware, classified, closed), the
    /// playbooks' steps as the first inject's expected actions, the phases as objectives.
    pub exercise: Exercise,
    /// The run: one observation per expected action, the agreed improvements.
    pub record: Record,
    /// Expected action id -> where it comes from.
    pub origins: BTreeMap<Id, Origin>,
    /// Expected action id -> the time target of the step it is, from detection.
    pub step_targets: BTreeMap<Id, Minutes>,
}

/// The review of an incident: its reading as a run, and the score of that run.
pub(crate) struct Review {
    /// The incident as a run.
    pub adapted: Adapted,
    /// The score.
    pub score: Score,
}

/// The audience rank an incident record is read at: its own, else the exercises' key
/// audience (the team).
pub(crate) fn rank(s: &Scheme, idx: &Index, inc: &Incident) -> usize {
    match &inc.audience {
        Some(_) => idx.rank(&inc.audience),
        None => super::refs::key_rank(s, idx),
    }
}

/// A time of a record (`2026-10-06T09:12`, the scheme's zone) in seconds since 1970.
pub(crate) fn instant(calendar: &Calendar, t: &str) -> Option<i64> {
    let local = jiff::civil::DateTime::strptime("%Y-%m-%dT%H:%M", t).ok()?;
    Some(calendar.instant(local)?.as_second())
}

/// The step's action in a few words: the first sentence of its first paragraph, at most
/// 140 characters.
fn short(markdown: &str) -> String {
    let paragraph: Vec<&str> = markdown
        .lines()
        .map(str::trim)
        .skip_while(|l| l.is_empty())
        .take_while(|l| !l.is_empty())
        .collect();
    let text = paragraph
        .join(" ")
        .trim_start_matches(['#', '-', '*', '>', ' '])
        .replace(['*', '`'], "");
    // A Markdown link keeps its words: `[words](target)` -> `words`.
    let mut plain = String::new();
    let mut rest = text.as_str();
    while let Some(open) = rest.find('[') {
        let Some(mid) = rest[open..].find("](").map(|m| open + m) else {
            break;
        };
        let Some(close) = rest[mid..].find(')').map(|c| mid + c) else {
            break;
        };
        plain.push_str(&rest[..open]);
        plain.push_str(&rest[open + 1..mid]);
        rest = &rest[close + 1..];
    }
    plain.push_str(rest);
    let sentence = match plain.find(". ") {
        Some(i) => &plain[..=i],
        None => plain.as_str(),
    };
    if sentence.chars().count() <= 140 {
        return sentence.to_owned();
    }
    let cut: String = sentence.chars().take(139).collect();
    format!("{}…", cut.trim_end())
}

/// The capability a phase exercises, from its id.
fn capability(phase: &str) -> Capability {
    let has = |w: &str| phase.contains(w);
    if has("report") || has("detect") {
        Capability::DetectionAndReporting
    } else if has("ident") || has("assess") || has("triage") {
        Capability::Assessment
    } else if has("contain") {
        Capability::Containment
    } else if has("eradic") {
        Capability::Eradication
    } else if has("recover") {
        Capability::Recovery
    } else if has("notif") || has("commun") {
        Capability::Communications
    } else {
        Capability::Coordination
    }
}

fn id(s: &str) -> Id {
    Id::parse(s).unwrap_or_else(|_| Id::parse("action").expect("a valid id"))
}

/// A fresh action id from `base`, numbered when `base` is taken or not an id.
fn fresh(base: &str, taken: &BTreeMap<Id, Origin>) -> Id {
    let slug = crate::model::slug::slugify(base);
    let mut candidate = Id::parse(&slug).ok();
    let mut n = 2;
    while candidate.as_ref().is_none_or(|c| taken.contains_key(c)) {
        candidate = Id::parse(&format!("action-{}", taken.len() + n)).ok();
        n += 1;
    }
    candidate.unwrap_or_else(|| id("action"))
}

fn action(id: Id, what: String, step: Option<String>, role: Id, objective: Id) -> ExpectedAction {
    ExpectedAction {
        id: At::unplaced(id),
        what: At::unplaced(what),
        step: step.map(At::unplaced),
        page: None,
        role: At::unplaced(role),
        // A step's own target is given through `Adapted::step_targets`; notices and
        // timeline entries are judged by the scheme's deadlines (response targets,
        // obligation stages).
        within: None,
        points: 1,
        objective: At::unplaced(objective),
        notifies: None,
        escalates_to: None,
        clock_from: None,
        stage: None,
    }
}

/// What the reader of a review may see: a step, or an external party, by id. A review for
/// the whole team sees everything ([`ALL`]); an edition passes its own judgement, and a
/// step it may not see keeps its place in the score with its words and ids withheld.
pub(crate) trait Seen {
    /// May the reader see `step` of `playbook`?
    fn step(&self, playbook: &crate::model::Playbook, step: &crate::model::Step) -> bool;
    /// May the reader see the external party or role `id`?
    fn contact(&self, id: &Id) -> bool;
}

/// The reader who sees everything: the team, on the command line.
pub(crate) struct All;

impl Seen for All {
    fn step(&self, _: &crate::model::Playbook, _: &crate::model::Step) -> bool {
        true
    }
    fn contact(&self, _: &Id) -> bool {
        true
    }
}

/// See everything.
pub(crate) const ALL: All = All;

/// Words for a step the reader may not see.
const RESTRICTED_STEP: &str = "A step this edition may not see";

/// Reads `inc` as a run of an exercise written for it, as `seen` lets its reader see it.
pub(crate) fn adapt(s: &Scheme, idx: &Index, inc: &Incident, seen: &dyn Seen) -> Adapted {
    let mut reading = Reading::new(s, inc, seen);
    reading.steps(idx);
    reading.timeline();
    reading.finish()
}

/// What [`adapt`] gathers while it reads an incident: the expected actions, where each
/// comes from, the steps' time targets and the objectives (one per phase, one per kind
/// of timeline entry).
struct Reading<'a> {
    s: &'a Scheme,
    inc: &'a Incident,
    seen: &'a dyn Seen,
    calendar: Calendar,
    /// When the event was detected, in seconds since 1970: the story's start.
    detected: i64,
    origins: BTreeMap<Id, Origin>,
    step_targets: BTreeMap<Id, Minutes>,
    expected: Vec<ExpectedAction>,
    objectives: Vec<Objective>,
}

impl<'a> Reading<'a> {
    fn new(s: &'a Scheme, inc: &'a Incident, seen: &'a dyn Seen) -> Self {
        let calendar = Calendar::from_config(&s.config.data);
        let detected = instant(&calendar, &inc.detected.value).unwrap_or(0);
        Reading {
            s,
            inc,
            seen,
            calendar,
            detected,
            origins: BTreeMap::new(),
            step_targets: BTreeMap::new(),
            expected: Vec::new(),
            objectives: Vec::new(),
        }
    }

    /// Minutes after detection; anything earlier counts as done at detection.
    fn after(&self, t: &At<String>) -> Minutes {
        let secs = instant(&self.calendar, &t.value).map_or(0, |x| (x - self.detected).max(0));
        Minutes(u32::try_from(secs / 60).unwrap_or(u32::MAX))
    }

    /// `r`, or `restricted`: a role the reader may not see is named nowhere, not even by
    /// its id.
    fn role_seen(&self, r: &Id) -> Id {
        if self.seen.contact(r) {
            r.clone()
        } else {
            id("restricted")
        }
    }

    /// Adds objective `oid` unless it is there already.
    fn objective(&mut self, oid: &Id, text: &str, cap: Capability) {
        if !self.objectives.iter().any(|o| o.id.value == *oid) {
            self.objectives.push(Objective {
                id: At::unplaced(oid.clone()),
                text: text.to_owned(),
                capability: At::unplaced(cap),
                tests: Vec::new(),
            });
        }
    }

    /// The steps of the playbooks the response followed, and the notices they send.
    fn steps(&mut self, idx: &Index) {
        let (s, inc) = (self.s, self.inc);
        for pb_id in &inc.playbooks {
            let Some(&i) = idx.playbooks.get(&pb_id.value) else {
                continue;
            };
            let pb = &s.playbooks[i].data;
            for ph in &pb.phases {
                if BEFORE_INCIDENTS.contains(&ph.phase.value.as_str()) {
                    continue;
                }
                let phase = &ph.phase.value;
                let name = s
                    .config
                    .data
                    .phases
                    .iter()
                    .find(|x| x.id.value == *phase)
                    .map_or_else(|| phase.to_string(), |x| x.name.clone());
                for st in &ph.steps {
                    self.objective(phase, &name, capability(phase.as_str()));
                    self.step(pb, phase, st);
                }
            }
        }
    }

    /// Step `st` of `pb`, in `phase`, as an expected action, then its notices.
    fn step(&mut self, pb: &crate::model::Playbook, phase: &Id, st: &crate::model::Step) {
        let reference = format!("{}/{}", pb.id.value, st.id.value);
        let visible = self.seen.step(pb, st);
        let role = st
            .owner
            .as_ref()
            .or(pb.owner.as_ref())
            .filter(|_| visible)
            .map_or_else(|| id("unassigned"), |r| self.role_seen(&r.value));
        let base = if visible {
            format!("{}-{}", pb.id.value, st.id.value)
        } else {
            "restricted-step".to_owned()
        };
        let aid = fresh(&base, &self.origins);
        self.origins
            .insert(aid.clone(), Origin::Step(reference.clone()));
        let (what, shown_ref) = if visible {
            (short(&st.action.value), Some(reference.clone()))
        } else {
            (RESTRICTED_STEP.to_owned(), None)
        };
        let parent = action(aid.clone(), what, shown_ref, role, phase.clone());
        // The step's time target counts from detection, where the review's clock starts.
        // It goes by action id, not by the step's reference, so that a step the reader
        // may not see keeps its target and the figures stay the same.
        if let Some(w) = &st.within {
            self.step_targets.insert(aid, w.value);
        }
        let notices: Vec<ExpectedAction> = st
            .notify
            .iter()
            .map(|n| self.notice(&parent, &reference, visible, n))
            .collect();
        self.expected.push(parent);
        self.expected.extend(notices);
    }

    /// The notice `n` that step `reference` (expected as `parent`) sends.
    fn notice(
        &mut self,
        parent: &ExpectedAction,
        reference: &str,
        visible: bool,
        n: &crate::model::playbook::Notify,
    ) -> ExpectedAction {
        let party_seen = visible && self.seen.contact(&n.party.value);
        let aid = &parent.id.value;
        let nid = fresh(
            &if party_seen {
                format!("{aid}-{}", n.party.value)
            } else {
                format!("{aid}-notice")
            },
            &self.origins,
        );
        self.origins.insert(
            nid.clone(),
            Origin::Notice(reference.to_owned(), n.party.value.clone()),
        );
        let mut a = action(
            nid,
            if party_seen {
                format!("Notify {}", party_name(self.s, &n.party.value))
            } else {
                "Send a notice this edition may not see".to_owned()
            },
            parent.step.as_ref().map(|r| r.value.clone()),
            parent.role.value.clone(),
            parent.objective.value.clone(),
        );
        a.notifies = Some(n.party.clone());
        a.stage = n.stage.clone();
        a
    }

    /// Notices and severity changes the timeline records outside any step's own notices.
    fn timeline(&mut self) {
        let inc = self.inc;
        for (k, e) in inc.timeline.iter().enumerate() {
            let by_step = e.notifies.as_ref().is_some_and(|p| {
                self.origins.values().any(|o| {
                    matches!(o, Origin::Notice(r, q) if q == &p.value
                    && e.step.as_ref().is_none_or(|s| s.value == *r))
                })
            });
            if (e.notifies.is_none() || by_step) && e.escalates_to.is_none() {
                continue;
            }
            let (oid, text, cap) = if e.escalates_to.is_some() {
                (
                    "escalation",
                    "Escalation recorded in the timeline",
                    Capability::Escalation,
                )
            } else {
                (
                    "notices",
                    "Notices recorded in the timeline",
                    Capability::Communications,
                )
            };
            self.objective(&id(oid), text, cap);
            let aid = fresh(&format!("entry-{}", k + 1), &self.origins);
            self.origins.insert(aid.clone(), Origin::Entry(k));
            let mut a = action(
                aid,
                e.what.value.trim_end_matches('.').to_owned(),
                e.step.as_ref().map(|s| s.value.clone()),
                e.by.as_ref()
                    .map_or_else(|| id("unassigned"), |b| b.value.clone()),
                id(oid),
            );
            a.page = e.page.clone();
            if !by_step {
                a.notifies = e.notifies.clone();
                a.stage = e.stage.clone();
            }
            a.escalates_to = e.escalates_to.clone();
            self.expected.push(a);
        }
    }

    /// The moment `name` at time `t`, as an inject expecting `expected`.
    fn moment(&self, name: &str, t: &At<String>, expected: Vec<ExpectedAction>) -> Inject {
        Inject {
            id: At::unplaced(id(name)),
            at: At::unplaced(self.after(t)),
            scenario_time: Some(At::unplaced(self.after(t))),
            title: name.to_owned(),
            severity: None,
            brief: At::unplaced(String::new()),
            documents: Vec::new(),
            notes: None,
            expected,
            questions: Vec::new(),
            branches: Vec::new(),
        }
    }

    /// The exercise and its run, from what was gathered.
    fn finish(mut self) -> Adapted {
        let inc = self.inc;
        let observations = self
            .expected
            .iter()
            .map(|a| {
                let mut o = observe(inc, a, &self.origins[&a.id.value], &|t| self.after(t));
                o.by = o.by.map(|b| At::unplaced(self.role_seen(&b.value)));
                o
            })
            .collect();
        let expected = std::mem::take(&mut self.expected);
        let mut first = self.moment("detected", &inc.detected, expected);
        first.severity = Some(inc.severity.clone());
        let mut injects = vec![first, self.moment("aware", &inc.aware, Vec::new())];
        if let Some(c) = &inc.classified {
            injects.push(self.moment("classified", c, Vec::new()));
        }
        injects.push(self.moment("closed", &inc.closed, Vec::new()));
        let exercise = Exercise {
            id: inc.id.clone(),
            title: inc.title.clone(),
            audience: None,
            duration: At::unplaced(self.after(&inc.closed)),
            summary: String::new(),
            scenario: At::unplaced(String::new()),
            severity: Some(inc.severity.clone()),
            participants: Vec::new(),
            facilitator: At::unplaced(id("unassigned")),
            evaluators: Vec::new(),
            objectives: std::mem::take(&mut self.objectives),
            injects,
            scoring: None,
            facts: inc.facts.clone(),
            awareness: Some(At::unplaced(id("aware"))),
            classification: inc
                .classified
                .as_ref()
                .map(|_| At::unplaced(id("classified"))),
            starts_at: Some(inc.detected.clone()),
        };
        let record = self.record(observations);
        Adapted {
            exercise,
            record,
            origins: self.origins,
            step_targets: self.step_targets,
        }
    }

    /// The run: `observations`, and the improvements the review agreed.
    fn record(&self, observations: Vec<Observation>) -> Record {
        let inc = self.inc;
        let step_action = |r: &str| {
            self.origins
                .iter()
                .find(|(_, o)| matches!(o, Origin::Step(x) if x == r))
                .map(|(k, _)| At::unplaced(k.clone()))
        };
        Record {
            exercise: inc.id.clone(),
            date: At::unplaced(date_of(&inc.detected.value)),
            team: Vec::new(),
            evaluators: Vec::new(),
            summary: None,
            skipped: Vec::new(),
            observations,
            unplanned: Vec::new(),
            ratings: Vec::new(),
            improvements: inc
                .improvements
                .iter()
                .map(|m| Improvement {
                    action: m.step.as_ref().and_then(|r| step_action(&r.value)),
                    objective: None,
                    corrective_action: m.corrective_action.clone(),
                    element: m.element,
                    owner: At::unplaced(self.role_seen(&m.owner.value)),
                    start: m.start.clone(),
                    due: m.due.clone(),
                    status: m.status,
                    verified: m.verified.clone(),
                })
                .collect(),
            events: Vec::new(),
        }
    }
}

/// The day of a record's time; 1970-01-01 when it is not one (`check` reports it).
fn date_of(t: &str) -> Date {
    t.get(..10)
        .and_then(|d| Date::parse(d).ok())
        .unwrap_or_else(|| Date::from_days_since_epoch(0))
}

fn party_name(s: &Scheme, p: &Id) -> String {
    s.contacts
        .data
        .external_parties
        .iter()
        .find(|x| x.id.value == *p)
        .map(|x| x.name.clone())
        .or_else(|| {
            s.contacts
                .data
                .roles
                .iter()
                .find(|x| x.id.value == *p)
                .map(|x| x.name.clone())
        })
        .unwrap_or_else(|| p.to_string())
}

/// What the timeline says of one expected action: met at the first entry that carries it
/// out; not observed when its step did not apply; else not met.
fn observe(
    inc: &Incident,
    a: &ExpectedAction,
    origin: &Origin,
    after: &dyn Fn(&At<String>) -> Minutes,
) -> Observation {
    let carries = |e: &Entry| match origin {
        Origin::Step(r) => e.step.as_ref().is_some_and(|s| s.value == *r),
        Origin::Notice(r, p) => {
            e.notifies.as_ref().is_some_and(|n| n.value == *p)
                && e.step.as_ref().is_none_or(|s| s.value == *r)
        }
        Origin::Entry(_) => false,
    };
    let found = match origin {
        Origin::Entry(k) => inc.timeline.get(*k),
        _ => inc.timeline.iter().find(|e| carries(e)),
    };
    let step = match origin {
        Origin::Step(r) | Origin::Notice(r, _) => Some(r.as_str()),
        Origin::Entry(_) => None,
    };
    let skipped = step.and_then(|r| inc.not_applicable.iter().find(|n| n.step.value == r));
    let (outcome, note) = match (found, skipped) {
        (Some(e), _) => (Outcome::Met, Some(e.what.value.clone())),
        (None, Some(n)) => (
            Outcome::NotObserved,
            Some(format!("did not apply: {}", n.why)),
        ),
        (None, None) => (
            Outcome::NotMet,
            Some("no timeline entry carries it out".to_owned()),
        ),
    };
    Observation {
        action: a.id.clone(),
        outcome: At::unplaced(outcome),
        elapsed: found.map(|e| At::unplaced(after(&e.at))),
        by: found.and_then(|e| e.by.clone()),
        evaluator: None,
        note: note.map(At::unplaced),
    }
}

/// Reviews `inc` against the scheme's playbooks and clocks, with `deadlines`, as `seen`
/// lets its reader see it (the figures are the same for every reader).
pub(crate) fn review(
    s: &Scheme,
    idx: &Index,
    inc: &Incident,
    deadlines: &Deadlines,
    seen: &dyn Seen,
) -> Review {
    let adapted = adapt(s, idx, inc, seen);
    let bands = super::refs::bands(s, &adapted.exercise);
    // Each step's target goes to its own row only: a notice a step sends is judged by its
    // obligation's deadline, not by the target of the step that sends it.
    let deadlines = Deadlines {
        levels: deadlines.levels.clone(),
        improvement_days: deadlines.improvement_days,
        clocks: deadlines.clocks.clone(),
        steps: BTreeMap::new(),
        step_targets: adapted.step_targets.clone(),
    };
    let score = score::score(&adapted.exercise, &adapted.record, &deadlines, bands);
    Review { adapted, score }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercise::score::{ActionScore, TargetFrom, Timeliness};

    /// A reader who may not see the phishing playbook's purge-and-block step.
    struct NoPurge;

    impl Seen for NoPurge {
        fn step(&self, _: &crate::model::Playbook, st: &crate::model::Step) -> bool {
            st.id.value.as_str() != "purge-and-block"
        }
        fn contact(&self, _: &Id) -> bool {
            true
        }
    }

    /// The example's payroll-mailbox incident reviewed as `seen` lets its reader see it:
    /// the row of step `reference`, with the review.
    fn row(seen: &dyn Seen, reference: &str) -> ActionScore {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let s = crate::load::load(root).scheme.expect("the example loads");
        let idx = crate::model::index::index(&s);
        let inc = &s
            .incidents
            .iter()
            .find(|d| d.data.id.value.as_str() == "2026-031-payroll-mailbox")
            .expect("the example incident")
            .data;
        let r = review(&s, &idx, inc, &Deadlines::of(&s), seen);
        let (id, _) = r
            .adapted
            .origins
            .iter()
            .find(|(_, o)| **o == Origin::Step(reference.into()))
            .expect(reference);
        r.score.actions.into_iter().find(|a| a.id == *id).unwrap()
    }

    /// The phishing playbook's purge-and-block step says `within: 1h`; the incident's
    /// purge was logged 1h 18m after detection.
    #[test]
    fn a_review_row_gets_its_steps_target_from_detection() {
        let a = row(&ALL, "phishing/purge-and-block");
        assert_eq!(a.elapsed_secs, Some(78 * 60));
        assert_eq!(
            (a.target_minutes, a.target_from),
            (Some(60), Some(TargetFrom::Step))
        );
        assert_eq!(a.timeliness, Timeliness::Late);
        // A step without a target of its own gets none.
        let b = row(&ALL, "phishing/analyse-campaign");
        assert_eq!(
            (b.target_minutes, b.timeliness),
            (None, Timeliness::NoTarget)
        );
    }

    #[test]
    fn a_step_the_reader_may_not_see_keeps_its_target() {
        let a = row(&NoPurge, "phishing/purge-and-block");
        assert_eq!(a.step, None, "the reference is withheld");
        assert_eq!(a.what, RESTRICTED_STEP);
        assert_eq!(
            (a.target_minutes, a.timeliness),
            (Some(60), Timeliness::Late)
        );
    }

    #[test]
    fn a_notice_naming_a_step_is_not_judged_by_its_target() {
        // The call to the data protection officer, recorded as part of the investigation
        // step, whose target is made 1 minute: the step's row is late, the call is judged
        // by the response target alone.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut s = crate::load::load(root).scheme.unwrap();
        let step = "account-compromise/investigate-activity";
        for pb in &mut s.playbooks {
            for st in pb.data.phases.iter_mut().flat_map(|p| &mut p.steps) {
                if format!("{}/{}", pb.data.id.value, st.id.value) == step {
                    st.within = Some(At::unplaced(Minutes(1)));
                }
            }
        }
        let k = s
            .incidents
            .iter()
            .position(|d| d.data.id.value.as_str() == "2026-031-payroll-mailbox")
            .unwrap();
        let call = s.incidents[k]
            .data
            .timeline
            .iter_mut()
            .find(|e| {
                e.notifies
                    .as_ref()
                    .is_some_and(|p| p.value.as_str() == "data-protection-officer")
            })
            .unwrap();
        call.step = Some(At::unplaced(step.to_owned()));
        let idx = crate::model::index::index(&s);
        let r = review(&s, &idx, &s.incidents[k].data, &Deadlines::of(&s), &ALL);
        let mut entries = 0;
        for a in &r.score.actions {
            match r.adapted.origins.get(&a.id) {
                Some(Origin::Step(x)) if x == step => assert_eq!(a.target_minutes, Some(1)),
                Some(Origin::Step(_)) => {}
                _ => {
                    entries += usize::from(a.step.as_deref() == Some(step));
                    assert_eq!(a.target_minutes, None, "{}", a.what);
                }
            }
        }
        assert_eq!(entries, 1, "the call names the step");
    }
}
