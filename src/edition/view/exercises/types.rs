//! The exercise view types: participant material (with no field for the answer key) and
//! the answer key's guides, reports and coverage.

use super::super::{Html, Ref};
use crate::exercise::score::{ActionScore, Score};
use crate::model::Id;
use crate::model::exercise::Outcome;
use serde::Serialize;

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
    pub body_html: Html,
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
    pub brief_html: Html,
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
    pub scenario_html: Html,
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
    pub notes_html: Option<Html>,
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
    pub scenario_html: Html,
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
    pub summary_html: Option<Html>,
    /// The score.
    pub score: Score,
    /// Actions with links.
    pub actions: Vec<ReportAction>,
    /// Every notification clock of the obligations that apply, as this edition may see it
    /// (the score's own `clocks` are emptied: they hold ids the edition may not see).
    pub clocks: Vec<ReportClock>,
    /// The time zone the clocks' wall times are in.
    pub timezone: String,
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

/// One stage's notification clock in an after-action report.
#[derive(Debug, Clone, Serialize)]
pub struct ReportClock {
    /// Obligation title ("A restricted obligation" when the edition may not see it).
    pub title: String,
    /// Link to the obligation (or to the party, for a party's own reporting deadline).
    pub href: Option<String>,
    /// The party to tell.
    pub party: Ref,
    /// Stage title.
    pub stage: String,
    /// The deadline in words, units kept.
    pub deadline: String,
    /// What the clock ran from, with its story and wall time.
    pub from: Option<String>,
    /// When it fell due (story and wall time), or what is missing to know.
    pub due: String,
    /// The expected action that carries it out.
    pub action: Option<Id>,
    /// What that action is.
    pub action_what: Option<String>,
    /// When it was done (story and wall time), or why it was not.
    pub done: String,
    /// How it ended: on-time, late, missed, not-reached, unknown.
    pub status: crate::exercise::clocks::ClockStatus,
    /// The status in words.
    pub status_text: &'static str,
    /// Time to spare, or how late.
    pub margin: Option<String>,
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
