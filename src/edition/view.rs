//! The edition view: the scheme as one audience sees it, with Markdown rendered.
//!
//! This is the only place that reads the full model for rendering. Every item,
//! channel, step, decision, section and field is checked against the edition
//! here; references to items the reader may not see become `Ref::restricted()`,
//! carrying neither their name nor their id. Templates and exports receive
//! nothing but this view, so no template can reach hidden material.

use super::{Edition, markers};
use crate::check::diagnostic::Diagnostic;
use crate::check::links::{BadLink, LinkFault};
use crate::edition::markdown::{self, LinkOutcome, Linker, MdOptions};
use crate::model::index::Target;
use crate::model::routes::{self, anchor};
use crate::model::slug::Slugger;
use crate::model::{At, Channel, ChannelKind, Id, Index, Pos, Scheme};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Mutex;

pub mod exercises;

/// Marks the site root inside rendered Markdown; replaced per page by its relative root.
/// NUL cannot come from Markdown (CommonMark replaces it), so authors cannot forge it.
pub const ROOT_MARK: char = '\0';

/// Rendered HTML, held once and shared: by the Markdown cache, by every edition that shows
/// it, and by the template data of its page and of the binder. Cloning copies no text. It
/// serialises as a plain string; into Tera data (whose serialiser passes its own values
/// through) it goes without copying the text either.
#[derive(Clone, Serialize)]
#[serde(transparent)]
pub struct Html(tera::Value);

impl Html {
    /// Holds `html`.
    pub fn new(html: &str) -> Html {
        Html(tera::Value::from(html))
    }
}

impl std::ops::Deref for Html {
    type Target = str;

    fn deref(&self) -> &str {
        self.0.as_str().unwrap_or_default()
    }
}

impl std::fmt::Debug for Html {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl PartialEq for Html {
    fn eq(&self, other: &Html) -> bool {
        **self == **other
    }
}

/// A reference to another item: its name and page, or restricted for this reader.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Ref {
    /// Display name; `None` when the reader may not see the item.
    pub name: Option<String>,
    /// Root-relative href; `None` when restricted or not linkable.
    pub href: Option<String>,
}

impl Ref {
    fn restricted() -> Ref {
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
    pub escalation_html: Option<String>,
}

/// The severity scale.
#[derive(Debug, Clone, Serialize)]
pub struct SeverityView {
    /// Introduction HTML.
    pub intro_html: Option<String>,
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
    pub duties_html: Option<String>,
    /// Shared channels.
    pub channels: Vec<ChannelView>,
    /// People holding the role (as visible).
    pub holders: Vec<Ref>,
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
    pub when_html: Option<String>,
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
}

/// A pre-agreed choice.
#[derive(Debug, Clone, Serialize)]
pub struct ChoiceView {
    /// The option.
    pub option: String,
    /// When HTML.
    pub when_html: String,
    /// Role with delegated authority.
    pub authorised_by: Option<Ref>,
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
    pub action_html: String,
    /// Owner.
    pub owner: Option<Ref>,
    /// Evidence HTML.
    pub evidence_html: Option<String>,
    /// Decisions.
    pub decisions: Vec<DecisionView>,
    /// Escalation triggers.
    pub escalate: Vec<EscalationView>,
}

/// A playbook phase.
#[derive(Debug, Clone, Serialize)]
pub struct PhaseView {
    /// Phase id.
    pub id: Id,
    /// Phase name.
    pub name: String,
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
    pub summary_html: String,
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
    pub help_html: Option<String>,
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
    pub help_html: Option<String>,
    /// Visible fields.
    pub fields: Vec<FieldView>,
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
    pub intro_html: Option<String>,
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
    pub html: String,
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
    pub explanation_html: String,
    /// The page that teaches it.
    pub learn_more: Option<NavLink>,
    /// Generated from the scheme rather than written?
    pub generated: bool,
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
    pub intro_html: Option<String>,
    /// Pass mark in percent.
    pub pass_mark: u8,
    /// Questions.
    pub questions: Vec<QuestionView>,
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
    /// Build date (from SOURCE_DATE_EPOCH), if set.
    pub build_date: Option<String>,
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
    /// Tabletop exercises: participant material, and the answer key for the key audience.
    /// Not part of the JSON export of the scheme.
    #[serde(skip)]
    pub exercises: exercises::ExercisesView,
}

/// Joins a relative link onto the folder of `from` (a `/`-separated project path), resolving `.` and `..`.
fn join_relative(from: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Builds views; shares the scheme, index and edition across the whole edition.
struct Builder<'a> {
    s: &'a Scheme,
    idx: &'a Index,
    ed: &'a Edition,
    cache: &'a MdCache,
    diags: Mutex<Vec<Diagnostic>>,
}

/// Where a Markdown text stands (file, line, column), its heading shift, and whether it
/// renders with a page's anchor allocator.
type TextKey = (String, u32, u32, u8, bool);

/// The text a cached rendering was made from, to compare in full with a later one: a
/// Markdown body is its source file's slice itself (no copy), anything else a copy.
enum CachedText {
    Copy(String),
    Source(crate::model::SourceSlice),
}

impl CachedText {
    fn as_str(&self) -> &str {
        match self {
            CachedText::Copy(s) => s,
            CachedText::Source(s) => s,
        }
    }
}

/// One rendering of a text, with the text itself and the links it resolved and how.
struct CachedHtml {
    text: CachedText,
    html: Html,
    headings: Vec<markdown::Heading>,
    problems: Vec<markdown::LinkProblem>,
    links: Vec<(String, String, LinkOutcome)>,
}

/// Markdown rendered once, reused by the other editions and, in `serve`, by later rebuilds.
///
/// A hit needs the same place, exactly the same text (compared in full, never by hash),
/// and every link resolving as it did before, so a reuse can never show one edition
/// what only another may see, nor stale text.
#[derive(Default)]
pub struct MdCache {
    map: Mutex<HashMap<TextKey, CachedHtml>>,
}

impl MdCache {
    fn get(
        &self,
        key: &TextKey,
        text: &str,
        linker: &dyn Linker,
    ) -> Option<(Html, Vec<markdown::Heading>, Vec<markdown::LinkProblem>)> {
        let map = self.map.lock().ok()?;
        let hit = map.get(key).filter(|h| h.text.as_str() == text)?;
        let same = hit
            .links
            .iter()
            .all(|(path, frag, outcome)| linker.resolve(path, frag) == *outcome);
        same.then(|| (hit.html.clone(), hit.headings.clone(), hit.problems.clone()))
    }

    fn put(
        &self,
        key: TextKey,
        text: &str,
        source: Option<&crate::model::SourceSlice>,
        html: &Html,
        out: &markdown::Html,
        links: Vec<(String, String, LinkOutcome)>,
    ) {
        if let Ok(mut map) = self.map.lock() {
            map.insert(
                key,
                CachedHtml {
                    text: match source.filter(|s| ***s == *text) {
                        Some(s) => CachedText::Source(s.clone()),
                        None => CachedText::Copy(text.to_owned()),
                    },
                    html: html.clone(),
                    headings: out.headings.clone(),
                    problems: out.problems.clone(),
                    links,
                },
            );
        }
    }
}

/// Passes link resolution through, noting each question and answer for the cache.
struct Recorder<'a> {
    inner: &'a dyn Linker,
    seen: RefCell<Vec<(String, String, LinkOutcome)>>,
}

impl Linker for Recorder<'_> {
    fn resolve(&self, path: &str, fragment: &str) -> LinkOutcome {
        let outcome = self.inner.resolve(path, fragment);
        self.seen
            .borrow_mut()
            .push((path.to_owned(), fragment.to_owned(), outcome.clone()));
        outcome
    }
}

struct FileLinker<'a> {
    b: &'a Builder<'a>,
    file: &'a str,
}

impl Linker for FileLinker<'_> {
    fn resolve(&self, path: &str, fragment: &str) -> LinkOutcome {
        let decoded = percent_decode(path);
        let Some(full) = join_relative(self.file, &decoded) else {
            return LinkOutcome::Broken;
        };
        match self.b.idx.files.get(&full) {
            None => LinkOutcome::Broken,
            Some(t) if !self.b.target_visible(*t) => LinkOutcome::Hidden,
            Some(t) => match self.b.anchor(*t, &percent_decode(fragment)) {
                Some(false) => LinkOutcome::BrokenAnchor,
                Some(true) if !self.b.anchor_visible(*t, &percent_decode(fragment)) => {
                    LinkOutcome::Hidden
                }
                _ => LinkOutcome::Href(format!("{ROOT_MARK}{}", routes::target(self.b.s, *t))),
            },
        }
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Where a Markdown text sits, for positions in diagnostics.
#[derive(Clone, Copy)]
struct Place<'a> {
    file: &'a str,
    pos: Pos,
    /// Text is a whole Markdown body (exact positions) rather than a YAML field.
    body: bool,
}

impl<'a> Builder<'a> {
    fn sees(&self, aud: &Option<At<Id>>) -> bool {
        self.ed.sees(self.idx, aud)
    }

    fn target_visible(&self, t: Target) -> bool {
        match t {
            Target::Page(i) => self.sees(&self.s.pages[i].meta.audience),
            Target::Playbook(i) => self.sees(&self.s.playbooks[i].data.audience),
            Target::Form(i) => self.sees(&self.s.forms[i].data.audience),
            Target::Awareness(i) => self.sees(&self.s.awareness[i].meta.audience),
            Target::Quiz(i) => self.sees(&self.s.quizzes[i].data.audience),
            Target::Home | Target::Policy | Target::Severity | Target::Contacts => true,
        }
    }

    /// Does page `t` have anchor `frag`? `None` where irbook does not know a page's anchors
    /// in advance (Markdown pages, whose heading anchors come from rendering).
    fn anchor(&self, t: Target, frag: &str) -> Option<bool> {
        if frag.is_empty() {
            return None;
        }
        let s = self.s;
        let ct = &s.contacts.data;
        let has = |prefix: &str, ids: &mut dyn Iterator<Item = &Id>| {
            frag.strip_prefix(prefix)
                .is_some_and(|rest| std::iter::from_fn(|| ids.next()).any(|i| i.as_str() == rest))
        };
        Some(match t {
            Target::Contacts => {
                ["roles", "people", "parties"].contains(&frag)
                    || has(anchor::ROLE, &mut ct.roles.iter().map(|r| &r.id.value))
                    || has(anchor::PERSON, &mut ct.people.iter().map(|p| &p.id.value))
                    || has(
                        anchor::PARTY,
                        &mut ct.external_parties.iter().map(|p| &p.id.value),
                    )
            }
            Target::Severity => has(
                anchor::LEVEL,
                &mut s.severity.data.levels.iter().map(|l| &l.id.value),
            ),
            Target::Playbook(i) => {
                let pb = &s.playbooks[i].data;
                ["indicators", "parties", "related"].contains(&frag)
                    || has(
                        anchor::PHASE,
                        &mut s.config.data.phases.iter().map(|p| &p.id.value),
                    )
                    || has(
                        anchor::STEP,
                        &mut pb
                            .phases
                            .iter()
                            .flat_map(|p| &p.steps)
                            .map(|st| &st.id.value),
                    )
            }
            Target::Form(i) => {
                let f = &s.forms[i].data;
                has(anchor::SECTION, &mut f.sections.iter().map(|x| &x.id.value))
                    || has(
                        anchor::FIELD,
                        &mut f
                            .sections
                            .iter()
                            .flat_map(|x| &x.fields)
                            .map(|x| &x.id.value),
                    )
            }
            Target::Home
            | Target::Policy
            | Target::Page(_)
            | Target::Awareness(_)
            | Target::Quiz(_) => return None,
        })
    }

    /// Is the item an existing anchor names visible in this edition?
    fn anchor_visible(&self, t: Target, frag: &str) -> bool {
        let s = self.s;
        let ct = &s.contacts.data;
        let sees_where = |prefix: &str, items: &mut dyn Iterator<Item = (&Id, &Option<At<Id>>)>| {
            frag.strip_prefix(prefix)
                .and_then(|rest| {
                    std::iter::from_fn(|| items.next()).find(|(i, _)| i.as_str() == rest)
                })
                .is_none_or(|(_, a)| self.sees(a))
        };
        match t {
            Target::Contacts => {
                sees_where(
                    anchor::ROLE,
                    &mut ct.roles.iter().map(|r| (&r.id.value, &r.audience)),
                ) && sees_where(
                    anchor::PERSON,
                    &mut ct.people.iter().map(|p| (&p.id.value, &p.audience)),
                ) && sees_where(
                    anchor::PARTY,
                    &mut ct
                        .external_parties
                        .iter()
                        .map(|p| (&p.id.value, &p.audience)),
                )
            }
            Target::Playbook(i) => sees_where(
                anchor::STEP,
                &mut s.playbooks[i]
                    .data
                    .phases
                    .iter()
                    .flat_map(|p| &p.steps)
                    .map(|st| (&st.id.value, &st.audience)),
            ),
            Target::Form(i) => {
                let f = &s.forms[i].data;
                sees_where(
                    anchor::SECTION,
                    &mut f.sections.iter().map(|x| (&x.id.value, &x.audience)),
                ) && f.sections.iter().all(|sec| {
                    frag.strip_prefix(anchor::FIELD).is_none_or(|rest| {
                        sec.fields
                            .iter()
                            .find(|x| x.id.value.as_str() == rest)
                            .is_none_or(|x| self.sees(&sec.audience) && self.sees(&x.audience))
                    })
                })
            }
            _ => true,
        }
    }

    fn push(&self, d: Diagnostic) {
        if let Ok(mut v) = self.diags.lock() {
            v.push(d);
        }
    }

    fn at(place: Place, line: u32, col: u32) -> Pos {
        if place.body {
            Pos {
                line: place.pos.line + line,
                col: if line == 0 {
                    place.pos.col + col - 1
                } else {
                    col
                },
            }
        } else {
            place.pos
        }
    }

    /// Filters audience blocks and renders Markdown, reporting problems.
    fn md(&self, text: &str, place: Place, slugger: Option<&mut Slugger>, shift: u8) -> String {
        self.md_with_headings(text, None, place, slugger, shift)
            .0
            .to_string()
    }

    /// Filters audience blocks and renders Markdown, with the headings it rendered.
    /// `source` is the text itself when it is a whole Markdown body, which the cache then
    /// keeps without copying it.
    fn md_with_headings(
        &self,
        text: &str,
        source: Option<&crate::model::SourceSlice>,
        place: Place,
        slugger: Option<&mut Slugger>,
        shift: u8,
    ) -> (Html, Vec<markdown::Heading>) {
        let idx = self.idx;
        let rank = self.ed.rank;
        let can_see = |a: &str| {
            idx.audiences
                .iter()
                .position(|x| x.as_str() == a)
                .map(|r| r <= rank)
        };
        let filtered = match markers::filter(text, &can_see) {
            Ok(f) => f,
            Err(e) => {
                self.push(crate::check::markers::misplaced(
                    place.file,
                    Self::at(place, e.line, e.col),
                    e.message,
                    e.help,
                ));
                return (Html::new(""), Vec::new());
            }
        };
        let linker = FileLinker {
            b: self,
            file: place.file,
        };
        // Text without markers reads the same in every edition: reuse the HTML another
        // edition rendered, if every link in it resolves the same way here.
        let key = matches!(filtered, Cow::Borrowed(_)).then(|| {
            (
                place.file.to_owned(),
                place.pos.line,
                place.pos.col,
                shift,
                slugger.is_some(),
            )
        });
        let cached = key.as_ref().and_then(|k| self.cache.get(k, text, &linker));
        let (html, headings, problems) = match cached {
            Some(hit) => hit,
            None => {
                let recorder = Recorder {
                    inner: &linker,
                    seen: RefCell::new(Vec::new()),
                };
                let out = markdown::render(
                    &filtered,
                    MdOptions {
                        allow_raw_html: self.s.config.data.markdown.allow_raw_html,
                        linker: &recorder,
                        slugger,
                        heading_shift: shift,
                    },
                );
                let html = Html::new(&out.html);
                if let Some(k) = key {
                    self.cache
                        .put(k, text, source, &html, &out, recorder.seen.into_inner());
                }
                (html, out.headings, out.problems)
            }
        };
        for p in problems {
            let fault = match p.kind {
                _ if p.unsafe_scheme => LinkFault::Unsafe,
                LinkOutcome::Hidden => LinkFault::Hidden,
                LinkOutcome::BrokenAnchor => LinkFault::BrokenAnchor,
                _ => LinkFault::Broken,
            };
            self.push(crate::check::links::in_text(BadLink {
                file: place.file,
                pos: Self::at(place, p.line, p.col),
                target: &p.target,
                fault,
                edition: &self.ed.id,
            }));
        }
        (html, headings)
    }

    fn md_field(&self, text: &At<String>, file: &str) -> String {
        self.md(
            text,
            Place {
                file,
                pos: text.pos,
                body: false,
            },
            None,
            2,
        )
    }

    fn channel(&self, c: &Channel) -> Option<ChannelView> {
        if !self.sees(&c.audience) {
            return None;
        }
        let v = c.value.value.trim();
        let href = match c.kind {
            ChannelKind::Phone | ChannelKind::Mobile | ChannelKind::Sms | ChannelKind::Pager => {
                let digits: String = v
                    .chars()
                    .filter(|c| c.is_ascii_digit() || *c == '+')
                    .collect();
                (digits.len() >= 3).then(|| format!("tel:{digits}"))
            }
            ChannelKind::Email if v.contains('@') && !v.contains(char::is_whitespace) => {
                Some(format!("mailto:{v}"))
            }
            ChannelKind::Web if v.starts_with("https://") || v.starts_with("http://") => {
                Some(v.to_owned())
            }
            _ => None,
        };
        Some(ChannelView {
            kind: c.kind,
            kind_label: c.kind.label(),
            value: c.value.value.clone(),
            label: c.label.clone(),
            use_when: c.use_when.clone(),
            href,
        })
    }

    fn channels(&self, cs: &[Channel]) -> Vec<ChannelView> {
        cs.iter().filter_map(|c| self.channel(c)).collect()
    }

    fn role(&self, id: &Id) -> Ref {
        let ct = &self.s.contacts.data;
        match self.idx.roles.get(id).map(|i| &ct.roles[*i]) {
            Some(r) if self.sees(&r.audience) => Ref {
                name: Some(r.name.clone()),
                href: Some(format!("contacts.html#role-{id}")),
            },
            _ => Ref::restricted(),
        }
    }

    fn person(&self, id: &Id) -> Ref {
        let ct = &self.s.contacts.data;
        match self.idx.people.get(id).map(|i| &ct.people[*i]) {
            Some(p) if self.sees(&p.audience) => Ref {
                name: Some(p.name.clone()),
                href: Some(format!("contacts.html#person-{id}")),
            },
            _ => Ref::restricted(),
        }
    }

    fn party(&self, id: &Id) -> Ref {
        let ct = &self.s.contacts.data;
        match self.idx.parties.get(id).map(|i| &ct.external_parties[*i]) {
            Some(p) if self.sees(&p.audience) => Ref {
                name: Some(p.name.clone()),
                href: Some(format!("contacts.html#party-{id}")),
            },
            _ => Ref::restricted(),
        }
    }

    fn level(&self, id: &Id) -> Ref {
        match self
            .idx
            .levels
            .get(id)
            .map(|i| &self.s.severity.data.levels[*i])
        {
            Some(l) => Ref {
                name: Some(l.name.clone()),
                href: Some(format!("severity.html#level-{id}")),
            },
            None => Ref::restricted(),
        }
    }

    fn playbook(&self, id: &Id) -> Ref {
        match self.idx.playbooks.get(id) {
            Some(i) if self.target_visible(Target::Playbook(*i)) => Ref {
                name: Some(self.s.playbooks[*i].data.title.clone()),
                href: Some(routes::target(self.s, Target::Playbook(*i))),
            },
            _ => Ref::restricted(),
        }
    }

    /// Visible references only: restricted ones are dropped from lists.
    fn visible_refs(&self, ids: &[At<Id>], f: impl Fn(&Self, &Id) -> Ref) -> Vec<Ref> {
        ids.iter()
            .map(|i| f(self, &i.value))
            .filter(|r| r.name.is_some())
            .collect()
    }

    fn reporting(&self) -> ReportingView {
        let r = &self.s.contacts.data.reporting;
        let poc = &r.point_of_contact.value;
        let role = self
            .idx
            .roles
            .get(poc)
            .map(|i| &self.s.contacts.data.roles[*i]);
        ReportingView {
            point_of_contact: self.role(poc),
            hours: r.hours.clone(),
            channels: role
                .filter(|r| self.sees(&r.audience))
                .map(|r| self.channels(&r.channels))
                .unwrap_or_default(),
            out_of_band: self.channels(&r.out_of_band),
        }
    }

    fn call_tree(&self) -> Vec<CallTreeLevel> {
        let ct = &self.s.contacts.data;
        self.s
            .severity
            .data
            .levels
            .iter()
            .enumerate()
            .map(|(n, l)| {
                let roles = l
                    .notify
                    .iter()
                    .filter_map(|r| self.idx.roles.get(&r.value).map(|i| &ct.roles[*i]))
                    .filter(|r| self.sees(&r.audience));
                CallTreeLevel {
                    id: l.id.value.clone(),
                    anchor: anchor::of(anchor::CALL, &l.id.value),
                    name: l.name.clone(),
                    rank: n + 1,
                    response_target: l.response_target.as_ref().map(|m| m.value.to_string()),
                    steps: roles
                        .enumerate()
                        .map(|(k, r)| CallStep {
                            order: k + 1,
                            role: self.role(&r.id.value),
                            channels: self.channels(&r.channels),
                            people: ct
                                .people
                                .iter()
                                .filter(|p| {
                                    self.sees(&p.audience)
                                        && p.roles.iter().any(|x| x.value == r.id.value)
                                })
                                .map(|p| CallPerson {
                                    person: self.person(&p.id.value),
                                    channels: self.channels(&p.channels),
                                    backups: self.visible_refs(&p.backups, Self::person),
                                })
                                .collect(),
                        })
                        .collect(),
                    parties: self.visible_refs(&l.notify_parties, Self::party),
                }
            })
            .collect()
    }

    fn awareness_page(&self, i: usize) -> Option<AwarenessPageView> {
        let p = &self.s.awareness[i];
        if !self.sees(&p.meta.audience) {
            return None;
        }
        let mut slugger = page_slugger();
        let html = self.md(
            &p.body,
            Place {
                file: &p.file,
                pos: Pos {
                    line: p.body_line,
                    col: 1,
                },
                body: true,
            },
            Some(&mut slugger),
            0,
        );
        Some(AwarenessPageView {
            href: routes::target(self.s, Target::Awareness(i)),
            title: p.meta.title.clone(),
            summary: p.meta.summary.clone(),
            html,
        })
    }

    /// A `learn_more` path as a link, or a diagnostic when it leads nowhere visible.
    fn learn_more(&self, file: &str, path: &At<String>) -> Option<NavLink> {
        let linker = FileLinker { b: self, file };
        match linker.resolve(&path.value, "") {
            LinkOutcome::Href(h) => {
                let href = h.trim_start_matches(ROOT_MARK).to_owned();
                let title = self
                    .idx
                    .files
                    .iter()
                    .find(|(_, t)| routes::target(self.s, **t) == href)
                    .map(|(f, _)| f.rsplit('/').next().unwrap_or(f).to_owned())
                    .unwrap_or_default();
                Some(NavLink { title, href })
            }
            outcome => {
                let fault = if outcome == LinkOutcome::Hidden {
                    LinkFault::Hidden
                } else {
                    LinkFault::Broken
                };
                self.push(crate::check::links::learn_more(BadLink {
                    file,
                    pos: path.pos,
                    target: &path.value,
                    fault,
                    edition: &self.ed.id,
                }));
                None
            }
        }
    }

    fn quiz(&self, i: usize, src: &super::quiz::Sources) -> Option<QuizView> {
        let doc = &self.s.quizzes[i];
        let q = &doc.data;
        if !self.sees(&q.audience) {
            return None;
        }
        let f = doc.file.as_str();
        let mut questions = Vec::new();
        for (n, qu) in q.questions.iter().enumerate() {
            let learn_more = qu.learn_more.as_ref().and_then(|l| self.learn_more(f, l));
            let view = match &qu.generate {
                Some(g) => {
                    let not_events: Vec<String> =
                        qu.not_events.iter().map(|s| s.value.clone()).collect();
                    let params = super::quiz::Params {
                        playbook: qu.playbook.as_ref().map(|p| p.value.as_str()),
                        level: qu.level.as_ref().map(|l| l.value.as_str()),
                        not_events: &not_events,
                        seed: super::quiz::seed(q.id.value.as_str(), qu.id.value.as_str()),
                    };
                    match super::quiz::generate(g.value, src, &params) {
                        Ok(made) => QuestionView {
                            id: qu.id.value.clone(),
                            number: n + 1,
                            text: made.text,
                            multiple: false,
                            choices: made
                                .choices
                                .into_iter()
                                .map(|(text, correct)| QuizChoiceView { text, correct })
                                .collect(),
                            explanation_html: format!(
                                "<p>{}</p>",
                                crate::edition::markdown::escape_attr(&made.explanation)
                            ),
                            learn_more: learn_more.or(made.learn_more),
                            generated: true,
                        },
                        Err(why) => {
                            self.push(crate::check::quiz::not_generated(
                                f,
                                g.pos,
                                &qu.id.value,
                                &self.ed.id,
                                &why,
                            ));
                            continue;
                        }
                    }
                }
                None => QuestionView {
                    id: qu.id.value.clone(),
                    number: n + 1,
                    text: qu
                        .question
                        .as_ref()
                        .map(|t| t.value.clone())
                        .unwrap_or_default(),
                    multiple: qu.choices.iter().filter(|c| c.correct).count() > 1,
                    choices: qu
                        .choices
                        .iter()
                        .map(|c| QuizChoiceView {
                            text: c.text.clone(),
                            correct: c.correct,
                        })
                        .collect(),
                    explanation_html: qu
                        .explanation
                        .as_ref()
                        .map(|t| self.md_field(t, f))
                        .unwrap_or_default(),
                    learn_more,
                    generated: false,
                },
            };
            questions.push(view);
        }
        Some(QuizView {
            id: q.id.value.clone(),
            href: routes::target(self.s, Target::Quiz(i)),
            title: q.title.clone(),
            intro_html: q.intro.as_ref().map(|t| self.md_field(t, f)),
            pass_mark: q.pass_mark.as_ref().map_or(80, |m| m.value),
            questions,
        })
    }

    fn policy(&self) -> PolicyView {
        let p = &self.s.policy;
        let mut slugger = page_slugger();
        let (html, headings) = self.md_with_headings(
            &p.body,
            Some(&p.body),
            Place {
                file: &p.file,
                pos: Pos {
                    line: p.body_line,
                    col: 1,
                },
                body: true,
            },
            Some(&mut slugger),
            0,
        );
        PolicyView {
            title: p.meta.title.clone(),
            owner: self.role(&p.meta.owner.value),
            approved_by: p.meta.approved_by.clone(),
            approved_on: p.meta.approved_on.value.to_string(),
            version: p.meta.version.clone(),
            review_by: p.meta.review_by.value.to_string(),
            html,
            headings,
        }
    }

    fn page(&self, i: usize) -> Option<PageView> {
        let p = &self.s.pages[i];
        if !self.sees(&p.meta.audience) {
            return None;
        }
        let mut slugger = page_slugger();
        let (html, headings) = self.md_with_headings(
            &p.body,
            Some(&p.body),
            Place {
                file: &p.file,
                pos: Pos {
                    line: p.body_line,
                    col: 1,
                },
                body: true,
            },
            Some(&mut slugger),
            0,
        );
        Some(PageView {
            slug: p.slug.clone(),
            href: routes::target(self.s, Target::Page(i)),
            title: p.meta.title.clone(),
            summary: p.meta.summary.clone(),
            lifecycle: p.meta.lifecycle,
            owner: p.meta.owner.as_ref().map(|o| self.role(&o.value)),
            review_by: p.meta.review_by.as_ref().map(|d| d.value.to_string()),
            prev: None,
            next: None,
            headings,
            html,
        })
    }

    fn severity(&self) -> SeverityView {
        let sv = &self.s.severity;
        let f = sv.file.as_str();
        let categories: Vec<CategoryView> = sv
            .data
            .categories
            .iter()
            .map(|c| CategoryView {
                id: c.id.value.clone(),
                name: c.name.clone(),
            })
            .collect();
        let levels = sv
            .data
            .levels
            .iter()
            .enumerate()
            .map(|(n, l)| LevelView {
                id: l.id.value.clone(),
                anchor: anchor::of(anchor::LEVEL, &l.id.value),
                name: l.name.clone(),
                rank: n + 1,
                summary: l.summary.clone(),
                criteria: sv
                    .data
                    .categories
                    .iter()
                    .map(|c| Criterion {
                        category: c.name.clone(),
                        text: l
                            .criteria
                            .get(&c.id.value)
                            .map(|t| t.value.clone())
                            .unwrap_or_default(),
                    })
                    .collect(),
                response_target: l.response_target.as_ref().map(|m| m.value.to_string()),
                update_every: l.update_every.as_ref().map(|m| m.value.to_string()),
                notify: self.visible_refs(&l.notify, Self::role),
                notify_parties: self.visible_refs(&l.notify_parties, Self::party),
                escalation_html: l.escalation.as_ref().map(|t| self.md_field(t, f)),
            })
            .collect();
        SeverityView {
            intro_html: sv.data.intro.as_ref().map(|t| self.md_field(t, f)),
            categories,
            levels,
        }
    }

    fn directory(&self) -> (Vec<RoleView>, Vec<PersonView>, Vec<PartyView>) {
        let ct = &self.s.contacts.data;
        let f = self.s.contacts.file.as_str();
        let people: Vec<PersonView> = ct
            .people
            .iter()
            .filter(|p| self.sees(&p.audience))
            .map(|p| PersonView {
                id: p.id.value.clone(),
                anchor: anchor::of(anchor::PERSON, &p.id.value),
                name: p.name.clone(),
                title: p.title.clone(),
                roles: self.visible_refs(&p.roles, Self::role),
                backups: self.visible_refs(&p.backups, Self::person),
                channels: self.channels(&p.channels),
                last_verified: p.last_verified.as_ref().map(|d| d.value.to_string()),
            })
            .collect();
        let roles = ct
            .roles
            .iter()
            .filter(|r| self.sees(&r.audience))
            .map(|r| RoleView {
                id: r.id.value.clone(),
                anchor: anchor::of(anchor::ROLE, &r.id.value),
                name: r.name.clone(),
                duties_html: r.duties.as_ref().map(|t| self.md_field(t, f)),
                channels: self.channels(&r.channels),
                holders: ct
                    .people
                    .iter()
                    .filter(|p| {
                        self.sees(&p.audience) && p.roles.iter().any(|x| x.value == r.id.value)
                    })
                    .map(|p| self.person(&p.id.value))
                    .collect(),
            })
            .collect();
        let parties = ct
            .external_parties
            .iter()
            .filter(|p| self.sees(&p.audience))
            .map(|p| PartyView {
                id: p.id.value.clone(),
                anchor: anchor::of(anchor::PARTY, &p.id.value),
                name: p.name.clone(),
                kind: p.kind.label(),
                when_html: p.when.as_ref().map(|t| self.md_field(t, f)),
                for_severity: self.visible_refs(&p.for_severity, Self::level),
                for_playbooks: self.visible_refs(&p.for_playbooks, Self::playbook),
                response_time: p.response_time.as_ref().map(|m| m.value.to_string()),
                reporting_deadline: p.reporting_deadline.as_ref().map(|m| m.value.to_string()),
                reference: p.reference.clone(),
                channels: self.channels(&p.channels),
                last_verified: p.last_verified.as_ref().map(|d| d.value.to_string()),
            })
            .collect();
        (roles, people, parties)
    }

    fn playbook_view(&self, i: usize) -> Option<PlaybookView> {
        let doc = &self.s.playbooks[i];
        let pb = &doc.data;
        if !self.target_visible(Target::Playbook(i)) {
            return None;
        }
        let f = doc.file.as_str();
        let cfg = &self.s.config.data;
        let mut number = 0;
        let mut decision_count = 0;
        // Every phase of the model is shown, in model order, so a missing phase is visible.
        let phases: Vec<PhaseView> = cfg
            .phases
            .iter()
            .map(|ph| {
                let steps = pb
                    .phases
                    .iter()
                    .filter(|p| p.phase.value == ph.id.value)
                    .flat_map(|p| p.steps.iter())
                    .filter(|st| self.sees(&st.audience))
                    .map(|st| {
                        number += 1;
                        let decisions: Vec<DecisionView> = st
                            .decisions
                            .iter()
                            .filter(|d| self.sees(&d.audience))
                            .map(|d| DecisionView {
                                question: d.question.value.clone(),
                                choices: d
                                    .choices
                                    .iter()
                                    .map(|c| ChoiceView {
                                        option: c.option.clone(),
                                        when_html: self.md_field(&c.when, f),
                                        authorised_by: c
                                            .authorised_by
                                            .as_ref()
                                            .map(|r| self.role(&r.value)),
                                    })
                                    .collect(),
                            })
                            .collect();
                        decision_count += decisions.len();
                        StepView {
                            id: st.id.value.clone(),
                            anchor: anchor::of(anchor::STEP, &st.id.value),
                            number,
                            action_html: self.md_field(&st.action, f),
                            owner: st.owner.as_ref().map(|o| self.role(&o.value)),
                            evidence_html: st.evidence.as_ref().map(|t| self.md_field(t, f)),
                            decisions,
                            escalate: st
                                .escalate
                                .iter()
                                .map(|e| EscalationView {
                                    when: e.when.value.clone(),
                                    to_severity: e
                                        .to_severity
                                        .as_ref()
                                        .map(|l| self.level(&l.value)),
                                    to_role: e.to_role.as_ref().map(|r| self.role(&r.value)),
                                })
                                .collect(),
                        }
                    })
                    .collect();
                PhaseView {
                    id: ph.id.value.clone(),
                    name: ph.name.clone(),
                    steps,
                }
            })
            .collect();
        let category = self
            .idx
            .categories
            .get(&pb.category.value)
            .map(|c| &cfg.incident_categories[*c]);
        let ct = &self.s.contacts.data;
        Some(PlaybookView {
            id: pb.id.value.clone(),
            href: routes::target(self.s, Target::Playbook(i)),
            title: pb.title.clone(),
            category: CategoryView {
                id: pb.category.value.clone(),
                name: category.map(|c| c.name.clone()).unwrap_or_default(),
            },
            default_severity: self.level(&pb.default_severity.value),
            severity_rank: self
                .idx
                .levels
                .get(&pb.default_severity.value)
                .map_or(usize::MAX, |r| r + 1),
            owner: pb.owner.as_ref().map(|o| self.role(&o.value)),
            summary_html: self.md_field(&pb.summary, f),
            indicators: pb.indicators.iter().map(|s| s.value.clone()).collect(),
            step_count: number,
            decision_count,
            phases,
            related: self.visible_refs(&pb.related, Self::playbook),
            parties: ct
                .external_parties
                .iter()
                .filter(|p| p.for_playbooks.iter().any(|x| x.value == pb.id.value))
                .map(|p| self.party(&p.id.value))
                .filter(|r| r.name.is_some())
                .collect(),
        })
    }

    fn form(&self, i: usize) -> Option<FormView> {
        let doc = &self.s.forms[i];
        let fm = &doc.data;
        if !self.target_visible(Target::Form(i)) {
            return None;
        }
        let f = doc.file.as_str();
        Some(FormView {
            id: fm.id.value.clone(),
            href: routes::target(self.s, Target::Form(i)),
            title: fm.title.clone(),
            intro_html: fm.intro.as_ref().map(|t| self.md_field(t, f)),
            sections: fm
                .sections
                .iter()
                .filter(|s| self.sees(&s.audience))
                .map(|s| SectionView {
                    id: s.id.value.clone(),
                    title: s.title.clone(),
                    help_html: s.help.as_ref().map(|t| self.md_field(t, f)),
                    fields: s
                        .fields
                        .iter()
                        .filter(|fl| self.sees(&fl.audience))
                        .map(|fl| FieldView {
                            id: fl.id.value.clone(),
                            label: fl.label.clone(),
                            kind: fl.kind,
                            required: fl.required,
                            help_html: fl.help.as_ref().map(|t| self.md_field(t, f)),
                            choices: fl.choices.clone(),
                        })
                        .collect(),
                })
                .collect(),
        })
    }
}

/// A slugger with the anchors the page layout itself uses reserved.
fn page_slugger() -> Slugger {
    let mut s = Slugger::default();
    for reserved in ["main", "top", "content", "nav", "search"] {
        s.reserve(reserved);
    }
    s
}

/// Builds the view of `s` for edition `ed`, with the problems found in Markdown on the way.
pub fn build(
    s: &Scheme,
    idx: &Index,
    ed: &Edition,
    cache: &MdCache,
    build_date: Option<String>,
) -> (SiteView, Vec<Diagnostic>) {
    let b = Builder {
        s,
        idx,
        ed,
        cache,
        diags: Mutex::new(Vec::new()),
    };
    let pages: Vec<PageView> = (0..s.pages.len())
        .into_par_iter()
        .filter_map(|i| b.page(i))
        .collect();
    let mut playbooks: Vec<PlaybookView> = (0..s.playbooks.len())
        .into_par_iter()
        .filter_map(|i| b.playbook_view(i))
        .collect();
    playbooks.sort_by(|a, b| (a.title.to_lowercase(), &a.id).cmp(&(b.title.to_lowercase(), &b.id)));
    let forms: Vec<FormView> = (0..s.forms.len()).filter_map(|i| b.form(i)).collect();
    let (roles, people, parties) = b.directory();
    let mut pages = pages;
    let links: Vec<NavLink> = pages
        .iter()
        .map(|p| NavLink {
            title: p.title.clone(),
            href: p.href.clone(),
        })
        .collect();
    for (i, p) in pages.iter_mut().enumerate() {
        p.prev = i.checked_sub(1).map(|j| links[j].clone());
        p.next = links.get(i + 1).cloned();
    }
    let groups = crate::model::Lifecycle::ALL
        .iter()
        .map(|l| (Some(*l), l.label(), l.anchor()))
        .chain(std::iter::once((
            None,
            "Other procedures",
            anchor::OTHER_PROCEDURES,
        )));
    let lifecycle = groups
        .map(|(l, label, anchor)| {
            let all: Vec<NavLink> = pages
                .iter()
                .filter(|p| p.lifecycle == l)
                .map(|p| NavLink {
                    title: p.title.clone(),
                    href: p.href.clone(),
                })
                .collect();
            let nav: Vec<NavLink> = all.iter().take(NAV_LIMIT).cloned().collect();
            LifecycleView {
                anchor,
                label,
                more: all.len() - nav.len(),
                pages: all,
                nav,
            }
        })
        .filter(|g| g.anchor != anchor::OTHER_PROCEDURES || !g.pages.is_empty())
        .collect();
    let taxonomy = s
        .config
        .data
        .incident_categories
        .iter()
        .map(|c| TaxonomyView {
            id: c.id.value.clone(),
            name: c.name.clone(),
            playbooks: playbooks
                .iter()
                .filter(|p| p.category.id == c.id.value)
                .map(|p| NavLink {
                    title: p.title.clone(),
                    href: p.href.clone(),
                })
                .collect(),
        })
        .collect();
    let view = SiteView {
        edition: EditionView {
            id: ed.id.clone(),
            name: ed.name.clone(),
            description: ed.description.clone(),
            restricted: ed.rank > 0,
        },
        organisation: s.config.data.organisation.clone(),
        title: s.config.data.title.clone(),
        version: s.config.data.version.clone(),
        build_date,
        reporting: b.reporting(),
        policy: b.policy(),
        pages,
        lifecycle,
        severity: b.severity(),
        roles,
        people,
        parties,
        playbooks,
        taxonomy,
        forms,
        call_tree: b.call_tree(),
        awareness: Vec::new(),
        quizzes: Vec::new(),
        new_starter: Vec::new(),
        exercises: b.exercises(),
    };
    let mut view = view;
    view.awareness = (0..s.awareness.len())
        .filter_map(|i| b.awareness_page(i))
        .collect();
    let src = super::quiz::Sources {
        reporting: &view.reporting,
        roles: &view.roles,
        people: &view.people,
        playbooks: &view.playbooks,
        severity: &view.severity,
    };
    let quizzes: Vec<QuizView> = (0..s.quizzes.len())
        .filter_map(|i| b.quiz(i, &src))
        .collect();
    view.quizzes = quizzes;
    // The path: pages and quizzes by weight (quizzes default to the end).
    let mut steps: Vec<(i32, NavLink)> = s
        .awareness
        .iter()
        .filter(|p| b.sees(&p.meta.audience))
        .zip(&view.awareness)
        .map(|(p, v)| {
            (
                p.meta.weight,
                NavLink {
                    title: v.title.clone(),
                    href: v.href.clone(),
                },
            )
        })
        .collect();
    steps.extend(
        s.quizzes
            .iter()
            .filter(|q| b.sees(&q.data.audience))
            .zip(&view.quizzes)
            .map(|(q, v)| {
                (
                    q.data.weight,
                    NavLink {
                        title: v.title.clone(),
                        href: v.href.clone(),
                    },
                )
            }),
    );
    steps.sort_by_key(|(w, _)| *w);
    view.new_starter = steps.into_iter().map(|(_, l)| l).collect();
    let diags = b.diags.into_inner().unwrap_or_default();
    (view, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_relative_links() {
        assert_eq!(
            join_relative("content/scheme/a.md", "../severity.yaml").as_deref(),
            Some("content/severity.yaml")
        );
        assert_eq!(
            join_relative("content/scheme/a.md", "./b.md").as_deref(),
            Some("content/scheme/b.md")
        );
        assert_eq!(join_relative("a.md", "../../x"), None);
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("a%20b.md"), "a b.md");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
