//! The exercise part of an edition: catalogue, participant handouts and inject cards (for
//! the exercise's audience), and the answer key — facilitator guides, evaluator sheets,
//! scored after-action reports and the coverage page — for the key audience only.
//!
//! Participant material is built into types that have no field for notes, expected
//! actions, points, questions or branches, so a template cannot show what it is not given.

mod coverage;
mod report;
mod types;

use super::{Builder, Ref};
use crate::exercise::refs::{self, find_step};
use crate::exercise::score::{self, ActionScore, Deadlines, Score, clock};
use crate::model::exercise::{Branch, Document, Exercise, ExpectedAction, Inject, Outcome, Record};
use crate::model::routes;
use crate::model::{Date, Doc, Id, Minutes};
use report::{deadline_text, trend};
use std::collections::BTreeMap;
pub use types::*;

/// What a withheld name shows as.
const RESTRICTED: &str = "restricted";

fn minutes(m: Minutes) -> String {
    m.to_string()
}

impl Builder<'_> {
    pub(super) fn key(&self) -> bool {
        self.ed.rank >= refs::key_rank(self.s, self.idx)
    }

    pub(super) fn participant(&self, ex: &Exercise) -> bool {
        self.ed.rank >= refs::participant_rank(self.s, self.idx, ex)
    }

    pub(super) fn text(&self, t: &crate::model::Text, file: &str) -> super::Html {
        self.md_field(t, file)
    }

    pub(super) fn card(&self, inj: &Inject, number: usize, file: &str) -> CardView {
        CardView {
            id: inj.id.value.clone(),
            number,
            title: inj.title.clone(),
            at: minutes(inj.at.value),
            scenario_time: inj
                .scenario_time
                .as_ref()
                .filter(|t| t.value != inj.at.value)
                .map(|t| format!("T+{}", clock(u64::from(t.value.0) * 60))),
            brief_html: self.text(&inj.brief, file),
            documents: inj
                .documents
                .iter()
                .map(|d: &Document| DocumentView {
                    kind: d.kind.label(),
                    class: format!("{:?}", d.kind).to_lowercase(),
                    title: d.title.clone(),
                    from: d.from.clone(),
                    body_html: self.text(&d.body, file),
                })
                .collect(),
        }
    }

    /// A step (`playbook/step`) or page (`content/...`) reference as a link, if visible.
    pub(super) fn source(&self, r: &str) -> StepLink {
        let mut link = StepLink {
            reference: r.to_owned(),
            name: None,
            phase: None,
            href: None,
        };
        if let Some(t) = refs::find_page(self.idx, r) {
            if self.target_visible(t) {
                link.href = Some(routes::target(self.s, t));
                link.name = Some(match t {
                    crate::model::index::Target::Page(i) => self.s.pages[i].meta.title.clone(),
                    _ => r.to_owned(),
                });
            }
            return link;
        }
        if let Ok(f) = find_step(self.s, self.idx, r) {
            let pb = &self.s.playbooks[f.playbook].data;
            if self.sees(&pb.audience) && self.sees(&f.step.audience) {
                link.name = Some(pb.title.clone());
                link.href = Some(format!(
                    "{}#step-{}",
                    routes::target(self.s, crate::model::index::Target::Playbook(f.playbook)),
                    f.step.id.value
                ));
                link.phase = self
                    .s
                    .config
                    .data
                    .phases
                    .iter()
                    .find(|p| p.id.value == *f.phase)
                    .map(|p| p.name.clone());
            }
        }
        link
    }

    pub(super) fn action_source(
        &self,
        a: &crate::model::exercise::ExpectedAction,
    ) -> Option<StepLink> {
        a.step
            .as_ref()
            .or(a.page.as_ref())
            .map(|r| self.source(&r.value))
    }

    /// The scheme's deadlines, with the names of the obligations and parties this edition may
    /// not see withheld: a clock still counts in the score (the figures are the same in
    /// every edition), but what it is and whom it tells stay out.
    pub(super) fn deadlines(&self) -> Deadlines {
        let mut d = Deadlines::of(self.s);
        for ob in &mut d.clocks.obligations {
            if self.sees_clock(ob) {
                continue;
            }
            ob.title = if ob.from_party {
                "An external party's reporting deadline".into()
            } else {
                "A restricted obligation".into()
            };
            ob.party_name = RESTRICTED.into();
            let targets = &d.clocks.calendar.targets;
            for st in ob.stages.iter_mut().filter(|_| !ob.from_party) {
                st.title = "A restricted stage".into();
                st.text = st
                    .deadline
                    .describe(targets, &|_| "an earlier stage".to_owned());
            }
        }
        d
    }

    /// May this edition see the obligation a clock comes from, and the party it tells?
    pub(super) fn sees_clock(&self, ob: &crate::exercise::clocks::ObligationRule) -> bool {
        let obligation_seen = ob.from_party
            || self
                .idx
                .obligations
                .get(&ob.id)
                .and_then(|&i| {
                    let o = self.s.obligations.as_ref()?;
                    Some(self.sees(&o.data.obligations.get(i)?.audience))
                })
                .unwrap_or(false);
        obligation_seen && self.party(&ob.party).name.is_some()
    }

    pub(super) fn handout(&self, doc: &Doc<Exercise>) -> HandoutView {
        let ex = &doc.data;
        HandoutView {
            id: ex.id.value.clone(),
            title: ex.title.clone(),
            href: routes::handout(&ex.id.value),
            cards_href: routes::inject_cards(&ex.id.value),
            summary: ex.summary.clone(),
            duration: minutes(ex.duration.value),
            scenario_html: self.text(&ex.scenario, &doc.file),
            participants: self.visible_refs(&ex.participants, Self::role),
            facilitator: self.role(&ex.facilitator.value),
            objectives: ex
                .objectives
                .iter()
                .map(|o| ObjectiveBrief {
                    text: o.text.clone(),
                    capability: o.capability.value.label(),
                })
                .collect(),
            cards: ex
                .injects
                .iter()
                .enumerate()
                .map(|(n, i)| self.card(i, n + 1, &doc.file))
                .collect(),
        }
    }

    /// The facilitator guide of one exercise, linking to its scored `runs`.
    pub(super) fn guide(&self, doc: &Doc<Exercise>, runs: Vec<RunLink>) -> GuideView {
        let ex = &doc.data;
        let deadlines = self.deadlines();
        let stages = score::stage_deadlines(ex, &deadlines);
        let mut level = ex.severity.as_ref().map(|l| l.value.clone());
        let injects = ex
            .injects
            .iter()
            .enumerate()
            .map(|(n, inj)| {
                if let Some(l) = &inj.severity {
                    level = Some(l.value.clone());
                }
                let clocks = GuideClocks {
                    level: level.as_ref(),
                    deadlines: &deadlines,
                    stages: &stages,
                };
                self.guide_inject(doc, n, inj, &clocks)
            })
            .collect();
        let all_actions: Vec<&ExpectedAction> =
            ex.injects.iter().flat_map(|i| &i.expected).collect();
        GuideView {
            id: ex.id.value.clone(),
            title: ex.title.clone(),
            href: routes::guide(&ex.id.value),
            sheet_href: routes::evaluator_sheet(&ex.id.value),
            handout_href: self.participant(ex).then(|| routes::handout(&ex.id.value)),
            audience: self
                .idx
                .audiences
                .get(refs::participant_rank(self.s, self.idx, ex))
                .cloned()
                .unwrap_or_else(|| self.ed.id.clone()),
            summary: ex.summary.clone(),
            duration: minutes(ex.duration.value),
            scenario_html: self.text(&ex.scenario, &doc.file),
            severity: ex.severity.as_ref().map(|l| self.level(&l.value)),
            participants: self.visible_refs(&ex.participants, Self::role),
            facilitator: self.role(&ex.facilitator.value),
            evaluators: self.visible_refs(&ex.evaluators, Self::role),
            objectives: self.objective_views(ex, &all_actions),
            injects,
            total_points: all_actions.iter().map(|a| a.points).sum(),
            bands: refs::bands(self.s, ex),
            runs,
        }
    }

    /// Inject `n` (from 0) as the facilitator sees it: card, notes, expected actions with
    /// their deadlines, questions and branches.
    fn guide_inject(
        &self,
        doc: &Doc<Exercise>,
        n: usize,
        inj: &Inject,
        clocks: &GuideClocks,
    ) -> GuideInject {
        let ex = &doc.data;
        GuideInject {
            card: self.card(inj, n + 1, &doc.file),
            severity: inj.severity.as_ref().map(|l| self.level(&l.value)),
            notes_html: inj.notes.as_ref().map(|t| self.text(t, &doc.file)),
            expected: inj
                .expected
                .iter()
                .map(|a| ActionView {
                    id: a.id.value.clone(),
                    what: a.what.value.clone(),
                    role: self.role(&a.role.value),
                    within: a.within.as_ref().map(|w| minutes(w.value)),
                    deadline: deadline_text(
                        ex,
                        a,
                        n,
                        clocks.level,
                        clocks.deadlines,
                        clocks.stages,
                    ),
                    points: a.points,
                    objective: a.objective.value.clone(),
                    source: self.action_source(a),
                })
                .collect(),
            questions: inj.questions.iter().map(|q| q.value.clone()).collect(),
            branches: inj.branches.iter().map(|b| branch_view(ex, b)).collect(),
        }
    }

    /// The exercise's objectives with what they test and how many actions score them.
    fn objective_views(
        &self,
        ex: &Exercise,
        all_actions: &[&ExpectedAction],
    ) -> Vec<ObjectiveView> {
        ex.objectives
            .iter()
            .map(|o| ObjectiveView {
                id: o.id.value.clone(),
                text: o.text.clone(),
                capability: o.capability.value.label(),
                tests: o.tests.iter().map(|t| self.source(&t.value)).collect(),
                actions: all_actions
                    .iter()
                    .filter(|a| a.objective.value == o.id.value)
                    .count(),
            })
            .collect()
    }

    /// The exercise part of this edition.
    pub(super) fn exercises(&self) -> ExercisesView {
        let s = self.s;
        let key = self.key();
        let deadlines = self.deadlines();
        let mut runs = if key {
            self.scored_runs(&deadlines)
        } else {
            BTreeMap::new()
        };
        let mut out = ExercisesView::default();
        for doc in &s.exercises {
            let ex = &doc.data;
            let participant = self.participant(ex);
            if !participant && !key {
                continue;
            }
            let mine = runs.remove(&ex.id.value).unwrap_or_default();
            let links = run_links(ex, &mine);
            out.catalogue
                .push(self.catalogue_entry(ex, participant, key, links.clone()));
            if participant {
                out.handouts.push(self.handout(doc));
            }
            if key {
                out.guides.push(self.guide(doc, links));
                let trend = trend(self, ex, &mine);
                for (rec, sc) in mine {
                    out.reports
                        .push(self.report(ex, rec, sc, trend.clone(), &deadlines));
                }
            }
        }
        if key && !s.exercises.is_empty() {
            out.coverage = Some(self.coverage());
        }
        out
    }

    /// Scores of every run, by exercise, oldest first (for the key audience only).
    fn scored_runs(&self, deadlines: &Deadlines) -> ScoredRuns<'_> {
        let s = self.s;
        let mut runs: ScoredRuns = BTreeMap::new();
        for rec in &s.records {
            if let Some(ex) = s
                .exercises
                .iter()
                .find(|e| e.data.id.value == rec.data.exercise.value)
            {
                let sc = score::score(&ex.data, &rec.data, deadlines, refs::bands(s, &ex.data));
                runs.entry(&ex.data.id.value).or_default().push((rec, sc));
            }
        }
        for v in runs.values_mut() {
            v.sort_by(|a, b| (a.1.date, &a.0.file).cmp(&(b.1.date, &b.0.file)));
        }
        runs
    }

    /// The exercise's line in the catalogue, linking to what this edition may open.
    fn catalogue_entry(
        &self,
        ex: &Exercise,
        participant: bool,
        key: bool,
        runs: Vec<RunLink>,
    ) -> CatalogueEntry {
        let mut capabilities: Vec<_> = ex.objectives.iter().map(|o| o.capability.value).collect();
        capabilities.sort();
        capabilities.dedup();
        CatalogueEntry {
            id: ex.id.value.clone(),
            title: ex.title.clone(),
            summary: ex.summary.clone(),
            duration: minutes(ex.duration.value),
            capabilities: capabilities.into_iter().map(|c| c.label()).collect(),
            playbooks: self.exercised_playbooks(ex),
            handout: participant.then(|| routes::handout(&ex.id.value)),
            cards: participant.then(|| routes::inject_cards(&ex.id.value)),
            guide: key.then(|| routes::guide(&ex.id.value)),
            sheet: key.then(|| routes::evaluator_sheet(&ex.id.value)),
            runs,
        }
    }

    /// The visible playbooks whose steps the exercise's expected actions name, once each.
    fn exercised_playbooks(&self, ex: &Exercise) -> Vec<Ref> {
        let mut playbooks: Vec<Ref> = Vec::new();
        for a in ex.injects.iter().flat_map(|i| &i.expected) {
            if let Some(st) = &a.step
                && let Ok(f) = find_step(self.s, self.idx, &st.value)
            {
                let r = self.playbook(&self.s.playbooks[f.playbook].data.id.value);
                if r.name.is_some() && !playbooks.contains(&r) {
                    playbooks.push(r);
                }
            }
        }
        playbooks
    }
}

/// Scored runs by exercise id: each record with its score.
type ScoredRuns<'s> = BTreeMap<&'s Id, Vec<(&'s Doc<Record>, Score)>>;

/// What a guide's deadline texts are worked out from at one inject.
struct GuideClocks<'a> {
    /// The severity level in force at the inject.
    level: Option<&'a Id>,
    deadlines: &'a Deadlines,
    /// Deadline texts of the actions that complete a notification stage.
    stages: &'a BTreeMap<Id, String>,
}

/// A branch of an inject, naming the inject it leads to.
fn branch_view(ex: &Exercise, b: &Branch) -> BranchView {
    let k = ex.injects.iter().position(|i| i.id.value == b.goto.value);
    BranchView {
        when: b.when.clone(),
        goto: k.map_or_else(
            || b.goto.value.to_string(),
            |k| format!("inject {}: {}", k + 1, ex.injects[k].title),
        ),
        anchor: routes::anchor::of(routes::anchor::INJECT, &b.goto.value),
    }
}

/// The links to an exercise's scored runs, with each run's ratings and performance.
fn run_links(ex: &Exercise, runs: &[(&Doc<Record>, Score)]) -> Vec<RunLink> {
    runs.iter()
        .map(|(rec, sc)| RunLink {
            date: sc.date.to_string(),
            href: routes::report(&ex.id.value, &rec.file),
            ratings: sc
                .objectives
                .iter()
                .map(|o| o.rating.map_or("–".to_owned(), |r| format!("{r:?}")))
                .collect::<Vec<_>>()
                .join(" "),
            performance: sc.performance.percent,
        })
        .collect()
}
