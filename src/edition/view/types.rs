//! The view types: what templates, exports and the search index receive.

use super::exercises;
pub use crate::edition::html::Html;
use crate::edition::markdown;
use crate::model::{ChannelKind, Id};
use serde::Serialize;

/// A reference to another item: its name and page, or restricted for this reader.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Ref {
    /// Display name; `None` when the reader may not see the item.
    pub name: Option<String>,
    /// Root-relative href; `None` when restricted or not linkable.
    pub href: Option<String>,
}

impl Ref {
    pub(super) fn restricted() -> Ref {
        Ref {
            name: None,
            href: None,
        }
    }
}

/// A contact channel as shown.
#[derive(Debug, Clone, Serialize)]
pub struct ChannelView {
    /// Kind id, e.g. `mobile`.
    pub kind: ChannelKind,
    /// Kind label, e.g. "Mobile".
    pub kind_label: &'static str,
    /// The number or address exactly as written.
    pub value: String,
    /// Optional label.
    pub label: Option<String>,
    /// When to use it.
    pub use_when: Option<String>,
    /// `tel:` or `mailto:` link, when the kind has one.
    pub href: Option<String>,
}

/// The edition being shown.
#[derive(Debug, Clone, Serialize)]
pub struct EditionView {
    /// Audience id.
    pub id: Id,
    /// Audience name.
    pub name: String,
    /// Who it is for.
    pub description: Option<String>,
    /// Is this a restricted edition (not the lowest audience)?
    pub restricted: bool,
}

/// A sign to look out for, on the poster and the pocket card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignView {
    /// The sign, in words.
    pub sign: String,
    /// Title of the playbook it belongs to.
    pub playbook: String,
}

/// A page of the scheme in navigation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NavLink {
    /// Title.
    pub title: String,
    /// Root-relative href.
    pub href: String,
}

/// A lifecycle phase with its pages, for navigation and the lifecycle diagram.
#[derive(Debug, Clone, Serialize)]
pub struct LifecycleView {
    /// Anchor on the scheme index, e.g. `phase-use`.
    pub anchor: &'static str,
    /// Phase label.
    pub label: &'static str,
    /// Every page in the phase, for the scheme index.
    pub pages: Vec<NavLink>,
    /// The first [`NAV_LIMIT`] pages, for the navigation on every page.
    pub nav: Vec<NavLink>,
    /// How many pages the navigation leaves out.
    pub more: usize,
}

/// Most pages of one lifecycle phase listed in the navigation of every page. Listing every
/// page on every page would make the site grow with the square of its size.
pub const NAV_LIMIT: usize = 12;

/// How to report an event.
#[derive(Debug, Clone, Serialize)]
pub struct ReportingView {
    /// The point of contact role.
    pub point_of_contact: Ref,
    /// When it is staffed.
    pub hours: String,
    /// The point of contact's channels.
    pub channels: Vec<ChannelView>,
    /// Out-of-band routes.
    pub out_of_band: Vec<ChannelView>,
}

/// The policy page.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyView {
    /// Title.
    pub title: String,
    /// Owning role.
    pub owner: Ref,
    /// Approver (a role title).
    pub approved_by: String,
    /// Approval date.
    pub approved_on: String,
    /// Version.
    pub version: String,
    /// Next review.
    pub review_by: String,
    /// Body HTML.
    pub html: Html,
    /// Headings.
    pub headings: Vec<markdown::Heading>,
}

/// A scheme procedure page.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    /// Output path without extension.
    pub slug: String,
    /// Root-relative href.
    pub href: String,
    /// Title.
    pub title: String,
    /// One-line summary.
    pub summary: Option<String>,
    /// Lifecycle phase.
    pub lifecycle: Option<crate::model::Lifecycle>,
    /// Owning role.
    pub owner: Option<Ref>,
    /// Next review.
    pub review_by: Option<String>,
    /// Body HTML.
    pub html: Html,
    /// Headings.
    pub headings: Vec<markdown::Heading>,
    /// The page before this one in reading order.
    pub prev: Option<NavLink>,
    /// The page after this one in reading order.
    pub next: Option<NavLink>,
    /// Other words people search for it by (its `search_terms`), not shown.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub search_terms: Vec<String>,
}

/// An impact category.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryView {
    /// Id.
    pub id: Id,
    /// Name.
    pub name: String,
}

/// One criterion of a level.
#[derive(Debug, Clone, Serialize)]
pub struct Criterion {
    /// Impact category name.
    pub category: String,
    /// What the level means in it.
    pub text: String,
}

/// A severity level.
#[derive(Debug, Clone, Serialize)]
pub struct LevelView {
    /// Id.
    pub id: Id,
    /// Anchor on the severity page.
    pub anchor: String,
    /// Name.
    pub name: String,
    /// 1 = most severe.
    pub rank: usize,
    /// Meaning.
    pub summary: String,
    /// Criteria in category order.
    pub criteria: Vec<Criterion>,
    /// Response target.
    pub response_target: Option<String>,
    /// Update interval.
    pub update_every: Option<String>,
    /// Roles notified, in order.
    pub notify: Vec<Ref>,
    /// Parties notified.
    pub notify_parties: Vec<Ref>,
    /// Escalation HTML.
    pub escalation_html: Option<Html>,
}

/// The severity scale.
#[derive(Debug, Clone, Serialize)]
pub struct SeverityView {
    /// Introduction HTML.
    pub intro_html: Option<Html>,
    /// Impact categories.
    pub categories: Vec<CategoryView>,
    /// Levels, most severe first.
    pub levels: Vec<LevelView>,
}

/// A role in the directory.
#[derive(Debug, Clone, Serialize)]
pub struct RoleView {
    /// Id.
    pub id: Id,
    /// Anchor on the contacts page.
    pub anchor: String,
    /// Name.
    pub name: String,
    /// Duties HTML.
    pub duties_html: Option<Html>,
    /// Shared channels.
    pub channels: Vec<ChannelView>,
    /// People holding the role (as visible).
    pub holders: Vec<Ref>,
    /// Other words people search for it by (its `search_terms`), not shown.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub search_terms: Vec<String>,
}

/// A person in the directory.
#[derive(Debug, Clone, Serialize)]
pub struct PersonView {
    /// Id.
    pub id: Id,
    /// Anchor on the contacts page.
    pub anchor: String,
    /// Name.
    pub name: String,
    /// Job title.
    pub title: Option<String>,
    /// Roles.
    pub roles: Vec<Ref>,
    /// Backups in order.
    pub backups: Vec<Ref>,
    /// Channels visible to the reader.
    pub channels: Vec<ChannelView>,
    /// Last verification date.
    pub last_verified: Option<String>,
    /// Other words people search for it by (its `search_terms`), not shown.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub search_terms: Vec<String>,
}

/// An external party.
#[derive(Debug, Clone, Serialize)]
pub struct PartyView {
    /// Id.
    pub id: Id,
    /// Anchor on the contacts page.
    pub anchor: String,
    /// Name.
    pub name: String,
    /// Kind label.
    pub kind: &'static str,
    /// When to contact HTML.
    pub when_html: Option<Html>,
    /// Levels at which they are contacted.
    pub for_severity: Vec<Ref>,
    /// Playbooks that involve them.
    pub for_playbooks: Vec<Ref>,
    /// Response time.
    pub response_time: Option<String>,
    /// Reporting deadline.
    pub reporting_deadline: Option<String>,
    /// Contract or membership reference.
    pub reference: Option<String>,
    /// Channels.
    pub channels: Vec<ChannelView>,
    /// Last verification date.
    pub last_verified: Option<String>,
    /// Other words people search for it by (its `search_terms`), not shown.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub search_terms: Vec<String>,
}

/// A pre-agreed choice.
#[derive(Debug, Clone, Serialize)]
pub struct ChoiceView {
    /// The option.
    pub option: String,
    /// When HTML.
    pub when_html: Html,
    /// Role with delegated authority.
    pub authorised_by: Option<Ref>,
    /// The step to go to next.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub then: Option<super::playbook_fields::StepLink>,
}

/// A decision point.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionView {
    /// Question.
    pub question: String,
    /// Choices.
    pub choices: Vec<ChoiceView>,
}

/// An escalation trigger.
#[derive(Debug, Clone, Serialize)]
pub struct EscalationView {
    /// Condition.
    pub when: String,
    /// Severity to raise to.
    pub to_severity: Option<Ref>,
    /// Role to call in.
    pub to_role: Option<Ref>,
    /// Tell this outside party.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_party: Option<Ref>,
}

/// A playbook step.
#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    /// Step id.
    pub id: Id,
    /// Anchor on the playbook page.
    pub anchor: String,
    /// Number within the playbook, counting visible steps.
    pub number: usize,
    /// Action HTML.
    pub action_html: Html,
    /// Owner.
    pub owner: Option<Ref>,
    /// Evidence HTML.
    pub evidence_html: Option<Html>,
    /// Decisions.
    pub decisions: Vec<DecisionView>,
    /// Escalation triggers.
    pub escalate: Vec<EscalationView>,
    /// Notices to outside parties this step sends.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<super::NoticeView>,
    /// Title, time target, condition, gates and RACI roles.
    #[serde(flatten)]
    pub extra: super::playbook_fields::StepExtra,
}

/// A playbook phase.
#[derive(Debug, Clone, Serialize)]
pub struct PhaseView {
    /// Phase id.
    pub id: Id,
    /// Phase name.
    pub name: String,
    /// What the phase is for, from the phase model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description_html: Option<Html>,
    /// What the phase must achieve in this playbook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objective_html: Option<Html>,
    /// Visible steps.
    pub steps: Vec<StepView>,
}

/// A playbook.
#[derive(Debug, Clone, Serialize)]
pub struct PlaybookView {
    /// Id.
    pub id: Id,
    /// Root-relative href.
    pub href: String,
    /// Title.
    pub title: String,
    /// Incident category.
    pub category: CategoryView,
    /// Default severity.
    pub default_severity: Ref,
    /// Rank of the default severity (1 = most severe), for sorting.
    pub severity_rank: usize,
    /// Owner.
    pub owner: Option<Ref>,
    /// Summary HTML.
    pub summary_html: Html,
    /// Indicators.
    pub indicators: Vec<String>,
    /// Phases with visible steps (phases with none visible are kept, empty).
    pub phases: Vec<PhaseView>,
    /// Related playbooks.
    pub related: Vec<Ref>,
    /// External parties that take part.
    pub parties: Vec<Ref>,
    /// Visible step count.
    pub step_count: usize,
    /// Visible decision count.
    pub decision_count: usize,
    /// Notification clocks that may apply to this type of incident (its `facts`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub clocks: Vec<super::ClockLink>,
    /// The deadline calculator with this playbook's facts ticked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calculator_href: Option<String>,
    /// The steps that tell someone outside, for the clocks panel.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notifying: Vec<super::NotifyingStep>,
    /// Other words people search for it by (its `search_terms`), not shown.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub search_terms: Vec<String>,
    /// The records its responders keep (forms this edition may see).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<Ref>,
    /// Provenance, marking, links, mappings, detections, tools and attachments.
    #[serde(flatten)]
    pub extra: super::playbook_fields::PlaybookExtra,
}

/// A category of the taxonomy with its playbooks.
#[derive(Debug, Clone, Serialize)]
pub struct TaxonomyView {
    /// Id.
    pub id: Id,
    /// Name.
    pub name: String,
    /// Playbooks filed under it (visible ones).
    pub playbooks: Vec<NavLink>,
}

/// A form field.
#[derive(Debug, Clone, Serialize)]
pub struct FieldView {
    /// Id, also the input name.
    pub id: Id,
    /// Label.
    pub label: String,
    /// Input kind.
    pub kind: crate::model::FieldKind,
    /// Required?
    pub required: bool,
    /// Help HTML.
    pub help_html: Option<Html>,
    /// Choices.
    pub choices: Vec<String>,
}

/// A form section.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    /// Id.
    pub id: Id,
    /// Heading.
    pub title: String,
    /// Help HTML.
    pub help_html: Option<Html>,
    /// Visible fields.
    pub fields: Vec<FieldView>,
    /// Columns, when the section is a table of rows.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<ColumnView>,
    /// Blank rows the table prints with (0 when not a table).
    #[serde(skip_serializing_if = "is_zero")]
    pub rows: u32,
    /// Does a column have help or choices, for the key under the table?
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub keyed: bool,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// How a filled-in form reaches the point of contact: buttons the reporter presses.
#[derive(Debug, Clone, Serialize)]
pub struct SendView {
    /// The point of contact.
    pub point_of_contact: Ref,
    /// When it is staffed.
    pub hours: String,
    /// The address "Send by e-mail" writes to.
    pub email: Option<String>,
    /// The service desk's `https://` address that takes the form as a post.
    pub service_desk_url: Option<String>,
    /// What happens next (HTML).
    pub next_html: Option<Html>,
    /// Routes that do not depend on e-mail or the network.
    pub out_of_band: Vec<ChannelView>,
}

/// A column of a table section.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnView {
    /// Id, the stem of its cells' input names.
    pub id: Id,
    /// Heading.
    pub label: String,
    /// Input kind of its cells.
    pub kind: crate::model::FieldKind,
    /// Help HTML, for the key under the table.
    pub help_html: Option<Html>,
    /// Choices.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
}

/// A form.
#[derive(Debug, Clone, Serialize)]
pub struct FormView {
    /// Id.
    pub id: Id,
    /// Root-relative href.
    pub href: String,
    /// Title.
    pub title: String,
    /// Intro HTML.
    pub intro_html: Option<Html>,
    /// A record kept during an incident, printed with a sheet header on every page.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub record: bool,
    /// How the filled-in form is sent, when it is the scheme's `intake:` form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub send: Option<SendView>,
    /// Visible sections.
    pub sections: Vec<SectionView>,
}

/// A person to call in a call tree, with who stands in for them.
#[derive(Debug, Clone, Serialize)]
pub struct CallPerson {
    /// Name and directory link.
    pub person: Ref,
    /// Channels visible to the reader.
    pub channels: Vec<ChannelView>,
    /// Backups in order.
    pub backups: Vec<Ref>,
}

/// One role to notify, in call order.
#[derive(Debug, Clone, Serialize)]
pub struct CallStep {
    /// 1-based call order.
    pub order: usize,
    /// The role.
    pub role: Ref,
    /// The role's own channels (desk number, team mailbox).
    pub channels: Vec<ChannelView>,
    /// People holding the role.
    pub people: Vec<CallPerson>,
    /// The rota slot of the role (its anchor), when a rotation says who is on duty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_duty: Option<String>,
}

/// Who is notified at one severity level.
#[derive(Debug, Clone, Serialize)]
pub struct CallTreeLevel {
    /// Level id.
    pub id: Id,
    /// Anchor on the call tree page.
    pub anchor: String,
    /// Level name.
    pub name: String,
    /// 1 = most severe.
    pub rank: usize,
    /// Response target.
    pub response_target: Option<String>,
    /// Roles in call order.
    pub steps: Vec<CallStep>,
    /// External parties notified.
    pub parties: Vec<Ref>,
    /// Notification clocks that may apply at this level, with their first deadline.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub clocks: Vec<super::ClockLink>,
}

/// An onboarding page of the new-starter path.
#[derive(Debug, Clone, Serialize)]
pub struct AwarenessPageView {
    /// Root-relative href.
    pub href: String,
    /// Title.
    pub title: String,
    /// One-line summary.
    pub summary: Option<String>,
    /// Body HTML.
    pub html: Html,
    /// Other words people search for it by (its `search_terms`), not shown.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub search_terms: Vec<String>,
}

/// One choice of a quiz question.
#[derive(Debug, Clone, Serialize)]
pub struct QuizChoiceView {
    /// The choice as shown.
    pub text: String,
    /// Is it right?
    pub correct: bool,
}

/// A quiz question, written or generated.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionView {
    /// Question id.
    pub id: Id,
    /// 1-based number.
    pub number: usize,
    /// The question.
    pub text: String,
    /// Choices in display order.
    pub choices: Vec<QuizChoiceView>,
    /// More than one right answer?
    pub multiple: bool,
    /// Why, as HTML.
    pub explanation_html: Html,
    /// The page that teaches it.
    pub learn_more: Option<NavLink>,
    /// Generated from the scheme rather than written?
    pub generated: bool,
    /// Its topic in a pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<Id>,
}

/// A quiz.
#[derive(Debug, Clone, Serialize)]
pub struct QuizView {
    /// Id.
    pub id: Id,
    /// Root-relative href.
    pub href: String,
    /// Title.
    pub title: String,
    /// Intro HTML.
    pub intro_html: Option<Html>,
    /// Pass mark in percent.
    pub pass_mark: u8,
    /// Questions drawn per attempt from the pool, when the quiz draws.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draw: Option<u16>,
    /// Questions.
    pub questions: Vec<QuestionView>,
}

/// A learning path for one audience of learners, as this edition shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PathView {
    /// Id.
    pub id: Id,
    /// Title.
    pub title: String,
    /// Who it is for.
    #[serde(rename = "for")]
    pub for_whom: String,
    /// Root-relative href of its overview.
    pub href: String,
    /// Its steps: pages, then the quiz, each at its own href inside the path's folder.
    pub steps: Vec<PathStep>,
    /// The pass mark in percent.
    pub pass_mark: u8,
    /// Questions drawn per attempt (all, when the quiz does not draw).
    pub draw: usize,
    /// The completion page.
    pub complete_href: String,
    /// Laid out for a phone.
    pub phone: bool,
    /// About how long it takes, in minutes.
    pub minutes: u32,
    /// Where the completion summary is e-mailed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completion_email: Option<String>,
}

/// One step of a learning path: an awareness page or the path's quiz.
#[derive(Debug, Clone, Serialize)]
pub struct PathStep {
    /// Title.
    pub title: String,
    /// Root-relative href of the step inside the path's folder.
    pub href: String,
    /// The page shown, an index into the view's `awareness` (none: the quiz).
    #[serde(skip)]
    pub page: Option<usize>,
    /// The quiz shown, an index into the view's `quizzes`.
    #[serde(skip)]
    pub quiz: Option<usize>,
}

/// The date a site carries on every page, labelled for what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiteDate {
    /// The day SOURCE_DATE_EPOCH names: the builder fixed the build date.
    Built(String),
    /// The day the newest source file was changed (its modification time).
    Sources(String),
}

/// Everything one edition shows.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// The edition.
    pub edition: EditionView,
    /// Organisation name.
    pub organisation: String,
    /// Site title.
    pub title: String,
    /// Scheme version.
    pub version: Option<String>,
    /// The build date: SOURCE_DATE_EPOCH's day, when it is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub build_date: Option<String>,
    /// Without SOURCE_DATE_EPOCH: the day the newest source file was changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sources_date: Option<String>,
    /// How to report.
    pub reporting: ReportingView,
    /// The policy.
    pub policy: PolicyView,
    /// Scheme pages in reading order.
    pub pages: Vec<PageView>,
    /// Lifecycle navigation.
    pub lifecycle: Vec<LifecycleView>,
    /// The severity scale.
    pub severity: SeverityView,
    /// Roles.
    pub roles: Vec<RoleView>,
    /// People.
    pub people: Vec<PersonView>,
    /// External parties.
    pub parties: Vec<PartyView>,
    /// Playbooks by title.
    pub playbooks: Vec<PlaybookView>,
    /// The taxonomy with playbooks.
    pub taxonomy: Vec<TaxonomyView>,
    /// Forms.
    pub forms: Vec<FormView>,
    /// Who is called at each severity level, in order, with backups.
    pub call_tree: Vec<CallTreeLevel>,
    /// Onboarding pages in path order.
    pub awareness: Vec<AwarenessPageView>,
    /// Quizzes.
    pub quizzes: Vec<QuizView>,
    /// The new-starter path: pages and quizzes in order.
    pub new_starter: Vec<NavLink>,
    /// Learning paths per audience of learners, when irbook.yaml declares them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<PathView>,
    /// Signs to look out for, for the poster and the pocket card. Not part of the JSON
    /// export, which has every playbook's indicators already.
    #[serde(skip)]
    pub signs: Vec<SignView>,
    /// Tabletop exercises: participant material, and the answer key for the key audience.
    /// Not part of the JSON export of the scheme.
    #[serde(skip)]
    pub exercises: exercises::ExercisesView,
    /// Reviews of real incidents and the improvement register; like the exercises, not part
    /// of the JSON export.
    #[serde(skip)]
    pub incidents: super::incidents::IncidentsView,
    /// Notification obligations, when the scheme has them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub obligations: Option<super::ObligationsView>,
    /// Communication templates, values filled in.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub templates: Vec<super::TemplateView>,
    /// The tools inventory, when the scheme has one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tools: Vec<super::ToolView>,
    /// Which framework tactics and functions the playbooks address; a page, not data.
    #[serde(skip)]
    pub coverage: Option<super::CoverageView>,
    /// The attached files this edition publishes: download path and bytes, written as
    /// they are, never rendered.
    #[serde(skip)]
    pub downloads: Vec<(String, std::sync::Arc<[u8]>)>,
    /// One duty card per role the edition may see.
    pub duty_cards: Vec<super::DutyCardView>,
    /// The rota of the coming weeks, when the scheme has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rota: Option<super::RotaView>,
    /// The search synonyms this edition's audience may see; only the search index reads them.
    #[serde(skip)]
    pub synonyms: Vec<SynonymView>,
}

/// A search synonym: a page holding one of `means` is also found by any of `words`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SynonymView {
    /// What people type.
    pub words: Vec<String>,
    /// The scheme's own words or phrases for it.
    pub means: Vec<String>,
}
