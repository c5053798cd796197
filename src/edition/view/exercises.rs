//! The exercise part of an edition: catalogue, participant handouts and inject cards (for
//! the exercise's audience), and the answer key — facilitator guides, evaluator sheets,
//! scored after-action reports and the coverage page — for the key audience only.
//!
//! Participant material is built into types that have no field for notes, expected
//! actions, points, questions or branches, so a template cannot show what it is not given.

use super::{Builder, Ref};
use crate::exercise::refs::{self, find_step};
use crate::exercise::score::{self, ActionScore, Deadlines, Score, clock};
use crate::model::exercise::{Document, Exercise, Inject, Outcome, Record};
use crate::model::routes;
use crate::model::{Date, Doc, Id, Minutes};
use serde::Serialize;
use std::collections::BTreeMap;

/// Everything about exercises one edition shows.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ExercisesView {
    /// One entry per exercise the edition shows anything of.
    pub catalogue: Vec<CatalogueEntry>,
    /// Participant handouts with their inject cards.
    pub handouts: Vec<HandoutView>,
    /// Facilitator guides (key audience only).
    pub guides: Vec<GuideView>,
    /// After-action reports (key audience only).
    pub reports: Vec<ReportView>,
    /// What no exercise has tested (key audience only).
    pub coverage: Option<CoverageView>,
}

/// A link to a run's report.
#[derive(Debug, Clone, Serialize)]
pub struct RunLink {
    /// Day of the run.
    pub date: String,
    /// Root-relative href of its report.
    pub href: String,
    /// Ratings per objective, e.g. "P S M".
    pub ratings: String,
    /// Coverage and performance in percent.
    pub performance: Option<f64>,
}

/// An exercise in the catalogue, with links to what this edition has of it.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogueEntry {
    /// Id.
    pub id: Id,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Planned length.
    pub duration: String,
    /// Capabilities exercised.
    pub capabilities: Vec<&'static str>,
    /// Playbooks it draws on.
    pub playbooks: Vec<Ref>,
    /// Handout href, when this edition has it.
    pub handout: Option<String>,
    /// Inject cards href.
    pub cards: Option<String>,
    /// Facilitator guide href (key audience).
    pub guide: Option<String>,
    /// Evaluator sheet href (key audience).
    pub sheet: Option<String>,
    /// Runs with reports (key audience).
    pub runs: Vec<RunLink>,
}

/// A prop given with an inject.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    /// Kind label.
    pub kind: &'static str,
    /// Kind as a CSS class suffix.
    pub class: String,
    /// Heading.
    pub title: String,
    /// Sender.
    pub from: Option<String>,
    /// Body HTML.
    pub body_html: String,
}

/// What participants are given with an inject: no notes, actions, points or questions.
#[derive(Debug, Clone, Serialize)]
pub struct CardView {
    /// Inject id, the anchor on guide pages.
    pub id: Id,
    /// 1-based number.
    pub number: usize,
    /// Title.
    pub title: String,
    /// Exercise clock when given, e.g. "20 minutes".
    pub at: String,
    /// Story time, when it differs from the exercise clock.
    pub scenario_time: Option<String>,
    /// Brief HTML.
    pub brief_html: String,
    /// Props.
    pub documents: Vec<DocumentView>,
}

/// An objective as participants see it.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveBrief {
    /// Text.
    pub text: String,
    /// Capability name.
    pub capability: &'static str,
}

/// The participant handout.
#[derive(Debug, Clone, Serialize)]
pub struct HandoutView {
    /// Exercise id.
    pub id: Id,
    /// Title.
    pub title: String,
    /// Root-relative href.
    pub href: String,
    /// Inject cards href.
    pub cards_href: String,
    /// Summary.
    pub summary: String,
    /// Planned length.
    pub duration: String,
    /// Scenario HTML.
    pub scenario_html: String,
    /// Roles taking part.
    pub participants: Vec<Ref>,
    /// Who runs it.
    pub facilitator: Ref,
    /// Objectives (text and capability only).
    pub objectives: Vec<ObjectiveBrief>,
    /// Inject cards, printed one per page.
    pub cards: Vec<CardView>,
}

/// A playbook step or scheme page an action or objective points at.
#[derive(Debug, Clone, Serialize)]
pub struct StepLink {
    /// The reference as written, e.g. `ransomware/first-report`.
    pub reference: String,
    /// Playbook title, or page title.
    pub name: Option<String>,
    /// Phase name, for steps.
    pub phase: Option<String>,
    /// Root-relative href (with the step anchor).
    pub href: Option<String>,
}

/// An expected action in the guide.
#[derive(Debug, Clone, Serialize)]
pub struct ActionView {
    /// Id.
    pub id: Id,
    /// What to do.
    pub what: String,
    /// Role expected to act.
    pub role: Ref,
    /// Time target, e.g. "15 minutes".
    pub within: Option<String>,
    /// The deadline the scheme sets, e.g. "Critical (sev1) response target: 15 minutes".
    pub deadline: Option<String>,
    /// Points.
    pub points: u32,
    /// Objective id.
    pub objective: Id,
    /// Where it comes from.
    pub source: Option<StepLink>,
}

/// A branch.
#[derive(Debug, Clone, Serialize)]
pub struct BranchView {
    /// Condition.
    pub when: String,
    /// Target inject number and title.
    pub goto: String,
    /// Anchor of the target inject.
    pub anchor: String,
}

/// An inject in the guide.
#[derive(Debug, Clone, Serialize)]
pub struct GuideInject {
    /// What participants get.
    pub card: CardView,
    /// Severity in force from here.
    pub severity: Option<Ref>,
    /// Facilitator notes HTML.
    pub notes_html: Option<String>,
    /// Expected actions.
    pub expected: Vec<ActionView>,
    /// Questions.
    pub questions: Vec<String>,
    /// Branches.
    pub branches: Vec<BranchView>,
}

/// An objective in the guide.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveView {
    /// Id.
    pub id: Id,
    /// Text.
    pub text: String,
    /// Capability name.
    pub capability: &'static str,
    /// Steps and pages it tests.
    pub tests: Vec<StepLink>,
    /// Expected actions counting towards it.
    pub actions: usize,
}

/// The facilitator guide: the whole script with its answer key.
#[derive(Debug, Clone, Serialize)]
pub struct GuideView {
    /// Exercise id.
    pub id: Id,
    /// Title.
    pub title: String,
    /// Root-relative href.
    pub href: String,
    /// Evaluator sheet href.
    pub sheet_href: String,
    /// Handout href, when this edition has it.
    pub handout_href: Option<String>,
    /// Audience of the participant material.
    pub audience: Id,
    /// Summary.
    pub summary: String,
    /// Planned length.
    pub duration: String,
    /// Scenario HTML.
    pub scenario_html: String,
    /// Starting severity.
    pub severity: Option<Ref>,
    /// Roles taking part.
    pub participants: Vec<Ref>,
    /// Facilitator.
    pub facilitator: Ref,
    /// Evaluator roles.
    pub evaluators: Vec<Ref>,
    /// Objectives.
    pub objectives: Vec<ObjectiveView>,
    /// Injects with the answer key.
    pub injects: Vec<GuideInject>,
    /// Points possible.
    pub total_points: u32,
    /// Rating bands in force.
    pub bands: crate::model::exercise::Bands,
    /// Runs with reports.
    pub runs: Vec<RunLink>,
}

/// An action's score with its links and times as text.
#[derive(Debug, Clone, Serialize)]
pub struct ReportAction {
    /// The score.
    pub score: ActionScore,
    /// Role expected to act.
    pub role: Ref,
    /// Where it comes from.
    pub source: Option<StepLink>,
    /// Inject number.
    pub inject_number: usize,
    /// When the inject is given on the exercise clock, in seconds.
    pub inject_at_secs: u64,
    /// Elapsed time as text.
    pub elapsed: Option<String>,
    /// Target as text.
    pub target: Option<String>,
    /// Scheme deadline as text.
    pub deadline: Option<String>,
    /// Story time from the clock's start, as text.
    pub scenario_elapsed: Option<String>,
}

/// One row of a trend: a step across runs.
#[derive(Debug, Clone, Serialize)]
pub struct TrendRow {
    /// The step or page.
    pub source: StepLink,
    /// Per run (oldest first): outcome and timeliness, or `None` when the run did not test it.
    pub cells: Vec<Option<TrendCell>>,
}

/// One step in one run.
#[derive(Debug, Clone, Serialize)]
pub struct TrendCell {
    /// Met, not met, not observed.
    pub outcome: Outcome,
    /// Late?
    pub late: bool,
}

/// A trend table across runs of one exercise.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Trend {
    /// Run dates, oldest first.
    pub dates: Vec<String>,
    /// Rows by step.
    pub rows: Vec<TrendRow>,
}

/// An after-action report for one record.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    /// Exercise id.
    pub exercise: Id,
    /// Exercise title.
    pub title: String,
    /// Root-relative href.
    pub href: String,
    /// Guide href.
    pub guide_href: String,
    /// Record source file.
    pub record: String,
    /// Day of the run.
    pub date: String,
    /// Roles present.
    pub team: Vec<Ref>,
    /// Evaluators (names).
    pub evaluators: Vec<String>,
    /// Summary HTML.
    pub summary_html: Option<String>,
    /// The score.
    pub score: Score,
    /// Actions with links.
    pub actions: Vec<ReportAction>,
    /// Unplanned actions.
    pub unplanned: Vec<UnplannedView>,
    /// Improvement plan responsible roles, by row.
    pub plan_roles: Vec<Ref>,
    /// Improvement plan links to the playbook step (else the scheme page), by row.
    pub plan_steps: Vec<Option<StepLink>>,
    /// Trend across all runs of this exercise.
    pub trend: Trend,
    /// Planned length in seconds, for the timeline's scale.
    pub duration_secs: u64,
}

/// An unplanned action.
#[derive(Debug, Clone, Serialize)]
pub struct UnplannedView {
    /// What.
    pub what: String,
    /// After which inject (title).
    pub inject: Option<String>,
    /// Who.
    pub by: Option<Ref>,
    /// Strength or concern.
    pub assessment: Option<&'static str>,
    /// Note.
    pub note: Option<String>,
}

/// Coverage of one playbook step by exercises.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageRow {
    /// The step, role or level.
    pub item: StepLink,
    /// Exercises testing it.
    pub exercises: Vec<Ref>,
    /// Day of the last run that tested it.
    pub last: Option<String>,
}

/// A playbook's steps and their coverage.
#[derive(Debug, Clone, Serialize)]
pub struct CoveragePlaybook {
    /// The playbook.
    pub playbook: Ref,
    /// Steps.
    pub steps: Vec<CoverageRow>,
    /// Steps no exercise tests.
    pub untested: usize,
}

/// The scheme-wide coverage page.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageView {
    /// Playbooks and their steps.
    pub playbooks: Vec<CoveragePlaybook>,
    /// Roles.
    pub roles: Vec<CoverageRow>,
    /// Severity levels.
    pub levels: Vec<CoverageRow>,
    /// Steps tested of steps defined.
    pub steps_tested: usize,
    /// Steps defined.
    pub steps_total: usize,
}

fn minutes(m: Minutes) -> String {
    m.to_string()
}

impl Builder<'_> {
    fn key(&self) -> bool {
        self.ed.rank >= refs::key_rank(self.s, self.idx)
    }

    fn participant(&self, ex: &Exercise) -> bool {
        self.ed.rank >= refs::participant_rank(self.s, self.idx, ex)
    }

    fn text(&self, t: &crate::model::Text, file: &str) -> String {
        self.md_field(t, file)
    }

    fn card(&self, inj: &Inject, number: usize, file: &str) -> CardView {
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
    fn source(&self, r: &str) -> StepLink {
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

    fn action_source(&self, a: &crate::model::exercise::ExpectedAction) -> Option<StepLink> {
        a.step
            .as_ref()
            .or(a.page.as_ref())
            .map(|r| self.source(&r.value))
    }

    /// The scheme's deadlines, with the names of parties this edition may not see withheld.
    fn deadlines(&self) -> Deadlines {
        let mut d = Deadlines::of(self.s);
        for (id, (name, _)) in d.parties.iter_mut() {
            if self.party(id).name.is_none() {
                *name = "An external party's".into();
            }
        }
        d
    }

    fn handout(&self, doc: &Doc<Exercise>) -> HandoutView {
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

    fn guide(&self, doc: &Doc<Exercise>, runs: Vec<RunLink>) -> GuideView {
        let ex = &doc.data;
        let deadlines = self.deadlines();
        let mut level = ex.severity.as_ref().map(|l| l.value.clone());
        let injects = ex
            .injects
            .iter()
            .enumerate()
            .map(|(n, inj)| {
                if let Some(l) = &inj.severity {
                    level = Some(l.value.clone());
                }
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
                            deadline: deadline_text(ex, a, n, level.as_ref(), &deadlines),
                            points: a.points,
                            objective: a.objective.value.clone(),
                            source: self.action_source(a),
                        })
                        .collect(),
                    questions: inj.questions.iter().map(|q| q.value.clone()).collect(),
                    branches: inj
                        .branches
                        .iter()
                        .map(|b| {
                            let k = ex.injects.iter().position(|i| i.id.value == b.goto.value);
                            BranchView {
                                when: b.when.clone(),
                                goto: k.map_or_else(
                                    || b.goto.value.to_string(),
                                    |k| format!("inject {}: {}", k + 1, ex.injects[k].title),
                                ),
                                anchor: routes::anchor::of(routes::anchor::INJECT, &b.goto.value),
                            }
                        })
                        .collect(),
                }
            })
            .collect();
        let all_actions: Vec<&crate::model::exercise::ExpectedAction> =
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
            objectives: ex
                .objectives
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
                .collect(),
            injects,
            total_points: all_actions.iter().map(|a| a.points).sum(),
            bands: refs::bands(self.s, ex),
            runs,
        }
    }

    fn report(&self, ex: &Exercise, rec: &Doc<Record>, score: Score, trend: Trend) -> ReportView {
        let r = &rec.data;
        let actions = score
            .actions
            .iter()
            .map(|a| {
                let place = refs::action_place(ex, a.id.as_str());
                let spec = place.map(|(i, j)| &ex.injects[i].expected[j]);
                ReportAction {
                    role: self.role(&a.role),
                    source: spec.and_then(|s| self.action_source(s)),
                    inject_number: place.map_or(0, |(i, _)| i + 1),
                    inject_at_secs: place
                        .map_or(0, |(i, _)| u64::from(ex.injects[i].at.value.0) * 60),
                    elapsed: a.elapsed_secs.map(clock),
                    target: a.target_minutes.map(|m| minutes(Minutes(m))),
                    deadline: a
                        .scheme_deadline
                        .as_ref()
                        .map(|d| format!("{}: {}", d.source, Minutes(d.minutes))),
                    scenario_elapsed: a
                        .scheme_deadline
                        .as_ref()
                        .and_then(|d| d.scenario_elapsed_secs)
                        .map(clock),
                    score: a.clone(),
                }
            })
            .collect();
        ReportView {
            exercise: ex.id.value.clone(),
            title: ex.title.clone(),
            href: routes::report(&ex.id.value, &rec.file),
            guide_href: routes::guide(&ex.id.value),
            record: rec.file.clone(),
            date: r.date.value.to_string(),
            team: self.visible_refs(&r.team, Self::role),
            evaluators: r.evaluators.iter().map(|e| e.name.clone()).collect(),
            summary_html: r.summary.as_ref().map(|t| self.text(t, &rec.file)),
            unplanned: r
                .unplanned
                .iter()
                .map(|u| UnplannedView {
                    what: u.what.clone(),
                    inject: u.inject.as_ref().and_then(|i| {
                        ex.injects
                            .iter()
                            .position(|x| x.id.value == i.value)
                            .map(|k| format!("inject {}: {}", k + 1, ex.injects[k].title))
                    }),
                    by: u.by.as_ref().map(|b| self.role(&b.value)),
                    assessment: u.assessment.map(|a| match a {
                        crate::model::exercise::Assessment::Strength => "strength",
                        crate::model::exercise::Assessment::Concern => "concern",
                    }),
                    note: u.note.clone(),
                })
                .collect(),
            plan_roles: score
                .plan
                .iter()
                .map(|p| self.role(&p.responsible))
                .collect(),
            plan_steps: score
                .plan
                .iter()
                .map(|p| p.step.as_ref().or(p.page.as_ref()).map(|s| self.source(s)))
                .collect(),
            actions,
            score,
            trend,
            duration_secs: u64::from(ex.duration.value.0) * 60,
        }
    }

    /// The exercise part of this edition.
    pub(super) fn exercises(&self) -> ExercisesView {
        let s = self.s;
        let key = self.key();
        let deadlines = self.deadlines();
        // Scores of every run, by exercise, oldest first (key audience only).
        let mut runs: BTreeMap<&Id, Vec<(&Doc<Record>, Score)>> = BTreeMap::new();
        if key {
            for rec in &s.records {
                if let Some(ex) = s
                    .exercises
                    .iter()
                    .find(|e| e.data.id.value == rec.data.exercise.value)
                {
                    let sc =
                        score::score(&ex.data, &rec.data, &deadlines, refs::bands(s, &ex.data));
                    runs.entry(&ex.data.id.value).or_default().push((rec, sc));
                }
            }
            for v in runs.values_mut() {
                v.sort_by(|a, b| (a.1.date, &a.0.file).cmp(&(b.1.date, &b.0.file)));
            }
        }
        let mut out = ExercisesView::default();
        for doc in &s.exercises {
            let ex = &doc.data;
            let participant = self.participant(ex);
            if !participant && !key {
                continue;
            }
            let mine = runs.remove(&ex.id.value).unwrap_or_default();
            let links: Vec<RunLink> = mine
                .iter()
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
                .collect();
            let mut playbooks: Vec<Ref> = Vec::new();
            for a in ex.injects.iter().flat_map(|i| &i.expected) {
                if let Some(st) = &a.step
                    && let Ok(f) = find_step(s, self.idx, &st.value)
                {
                    let r = self.playbook(&s.playbooks[f.playbook].data.id.value);
                    if r.name.is_some() && !playbooks.contains(&r) {
                        playbooks.push(r);
                    }
                }
            }
            let mut capabilities: Vec<_> =
                ex.objectives.iter().map(|o| o.capability.value).collect();
            capabilities.sort();
            capabilities.dedup();
            out.catalogue.push(CatalogueEntry {
                id: ex.id.value.clone(),
                title: ex.title.clone(),
                summary: ex.summary.clone(),
                duration: minutes(ex.duration.value),
                capabilities: capabilities.into_iter().map(|c| c.label()).collect(),
                playbooks,
                handout: participant.then(|| routes::handout(&ex.id.value)),
                cards: participant.then(|| routes::inject_cards(&ex.id.value)),
                guide: key.then(|| routes::guide(&ex.id.value)),
                sheet: key.then(|| routes::evaluator_sheet(&ex.id.value)),
                runs: links.clone(),
            });
            if participant {
                out.handouts.push(self.handout(doc));
            }
            if key {
                out.guides.push(self.guide(doc, links));
                let trend = trend(self, ex, &mine);
                for (rec, sc) in mine {
                    out.reports.push(self.report(ex, rec, sc, trend.clone()));
                }
            }
        }
        if key && !s.exercises.is_empty() {
            out.coverage = Some(self.coverage());
        }
        out
    }

    fn coverage(&self) -> CoverageView {
        let s = self.s;
        // Last run date per exercise.
        let mut last_run: BTreeMap<&Id, Date> = BTreeMap::new();
        for r in &s.records {
            let d = last_run
                .entry(&r.data.exercise.value)
                .or_insert(r.data.date.value);
            *d = (*d).max(r.data.date.value);
        }
        let mut step_ex: BTreeMap<(usize, &Id), Vec<&Id>> = BTreeMap::new();
        let mut role_ex: BTreeMap<&Id, Vec<&Id>> = BTreeMap::new();
        let mut level_ex: BTreeMap<&Id, Vec<&Id>> = BTreeMap::new();
        for doc in &s.exercises {
            let ex = &doc.data;
            let id = &ex.id.value;
            fn add<'x>(m: &mut Vec<&'x Id>, id: &'x Id) {
                if !m.contains(&id) {
                    m.push(id);
                }
            }
            let step_refs = ex.objectives.iter().flat_map(|o| &o.tests).chain(
                ex.injects
                    .iter()
                    .flat_map(|i| &i.expected)
                    .filter_map(|a| a.step.as_ref()),
            );
            for r in step_refs {
                if let Ok(f) = find_step(s, self.idx, &r.value) {
                    add(
                        step_ex.entry((f.playbook, &f.step.id.value)).or_default(),
                        id,
                    );
                }
            }
            for r in ex
                .participants
                .iter()
                .chain(ex.injects.iter().flat_map(|i| &i.expected).map(|a| &a.role))
            {
                add(role_ex.entry(&r.value).or_default(), id);
            }
            for l in ex
                .severity
                .iter()
                .chain(ex.injects.iter().filter_map(|i| i.severity.as_ref()))
                .chain(
                    ex.injects
                        .iter()
                        .flat_map(|i| &i.expected)
                        .filter_map(|a| a.escalates_to.as_ref()),
                )
            {
                add(level_ex.entry(&l.value).or_default(), id);
            }
        }
        let row = |item: StepLink, exs: Option<&Vec<&Id>>| {
            let exs: Vec<&Id> = exs.cloned().unwrap_or_default();
            CoverageRow {
                item,
                last: exs
                    .iter()
                    .filter_map(|e| last_run.get(e))
                    .max()
                    .map(|d| d.to_string()),
                exercises: exs
                    .iter()
                    .map(|e| Ref {
                        name: s
                            .exercises
                            .iter()
                            .find(|x| x.data.id.value == **e)
                            .map(|x| x.data.title.clone()),
                        href: Some(routes::guide(e)),
                    })
                    .collect(),
            }
        };
        let mut playbooks = Vec::new();
        let (mut tested, mut total) = (0, 0);
        for (i, pb) in s.playbooks.iter().enumerate() {
            if !self.sees(&pb.data.audience) {
                continue;
            }
            let steps: Vec<CoverageRow> = pb
                .data
                .phases
                .iter()
                .flat_map(|p| &p.steps)
                .filter(|st| self.sees(&st.audience))
                .map(|st| {
                    row(
                        self.source(&format!("{}/{}", pb.data.id.value, st.id.value)),
                        step_ex.get(&(i, &st.id.value)),
                    )
                })
                .collect();
            let untested = steps.iter().filter(|r| r.exercises.is_empty()).count();
            tested += steps.len() - untested;
            total += steps.len();
            playbooks.push(CoveragePlaybook {
                playbook: self.playbook(&pb.data.id.value),
                steps,
                untested,
            });
        }
        playbooks.sort_by(|a, b| a.playbook.name.cmp(&b.playbook.name));
        let roles = s
            .contacts
            .data
            .roles
            .iter()
            .filter(|r| self.sees(&r.audience))
            .map(|r| {
                let rf = self.role(&r.id.value);
                row(
                    StepLink {
                        reference: r.id.value.to_string(),
                        name: rf.name,
                        phase: None,
                        href: rf.href,
                    },
                    role_ex.get(&r.id.value),
                )
            })
            .collect();
        let levels = s
            .severity
            .data
            .levels
            .iter()
            .map(|l| {
                let rf = self.level(&l.id.value);
                row(
                    StepLink {
                        reference: l.id.value.to_string(),
                        name: rf.name,
                        phase: None,
                        href: rf.href,
                    },
                    level_ex.get(&l.id.value),
                )
            })
            .collect();
        CoverageView {
            playbooks,
            roles,
            levels,
            steps_tested: tested,
            steps_total: total,
        }
    }
}

/// The scheme deadline of an action, as text for the guide.
fn deadline_text(
    ex: &Exercise,
    a: &crate::model::exercise::ExpectedAction,
    n: usize,
    level: Option<&Id>,
    d: &Deadlines,
) -> Option<String> {
    score::scheme_deadline(ex, a, n, level, d).map(|(source, m, from)| {
        let clock = if from == n {
            String::new()
        } else {
            format!(", counted from inject {}", from + 1)
        };
        format!("{source}: {}{clock}", Minutes(m))
    })
}

/// The trend of one exercise's runs, keyed to the steps its actions test.
fn trend(b: &Builder, ex: &Exercise, runs: &[(&Doc<Record>, Score)]) -> Trend {
    if runs.len() < 2 {
        return Trend::default();
    }
    let mut rows: Vec<TrendRow> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for a in ex.injects.iter().flat_map(|i| &i.expected) {
        let Some(r) = a.step.as_ref().or(a.page.as_ref()) else {
            continue;
        };
        if keys.contains(&r.value) {
            continue;
        }
        keys.push(r.value.clone());
        let ids: Vec<&Id> = ex
            .injects
            .iter()
            .flat_map(|i| &i.expected)
            .filter(|x| {
                x.step
                    .as_ref()
                    .or(x.page.as_ref())
                    .is_some_and(|y| y.value == r.value)
            })
            .map(|x| &x.id.value)
            .collect();
        let cells = runs
            .iter()
            .map(|(_, sc)| {
                let mine: Vec<&ActionScore> =
                    sc.actions.iter().filter(|x| ids.contains(&&x.id)).collect();
                let worst = mine
                    .iter()
                    .map(|x| x.outcome)
                    .filter(|o| *o != Outcome::NotObserved)
                    .max();
                Some(TrendCell {
                    outcome: worst.unwrap_or(Outcome::NotObserved),
                    late: mine.iter().any(|x| x.timeliness == score::Timeliness::Late),
                })
            })
            .collect();
        rows.push(TrendRow {
            source: b.source(&r.value),
            cells,
        });
    }
    Trend {
        dates: runs.iter().map(|(_, sc)| sc.date.to_string()).collect(),
        rows,
    }
}
