//! `exercises/*.yaml` (tabletop exercise scripts) and `exercises/records/*.yaml` (what
//! happened in a run, for scoring).

use super::{At, Date, Id, Minutes, Text};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A tabletop exercise script, checked against the scheme it exercises.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    /// Exercise id; also its folder name in the site.
    pub id: At<Id>,
    /// Title, e.g. "Friday evening ransomware".
    pub title: String,
    /// Who may see the exercise's participant material (handout, inject cards); the answer
    /// key (facilitator guide, evaluator sheet, reports) is always for the key audience of
    /// `irbook.yaml` (`exercises.key_audience`). Default: `exercises.audience`.
    #[serde(default)]
    pub audience: Option<At<Id>>,
    /// Planned length of the session, e.g. `2h`.
    pub duration: At<Minutes>,
    /// One paragraph: what the exercise is about.
    pub summary: String,
    /// The starting situation read out to participants (Markdown).
    pub scenario: Text,
    /// Severity level the scenario starts at, for deadlines taken from the severity scale.
    #[serde(default)]
    pub severity: Option<At<Id>>,
    /// Roles that take part.
    pub participants: Vec<At<Id>>,
    /// Role that runs the session.
    pub facilitator: At<Id>,
    /// Roles that observe and score.
    #[serde(default)]
    pub evaluators: Vec<At<Id>>,
    /// What the exercise tests.
    pub objectives: Vec<Objective>,
    /// The injects, in the order they are given.
    pub injects: Vec<Inject>,
    /// Scoring rule; defaults come from `irbook.yaml`.
    #[serde(default)]
    pub scoring: Option<Scoring>,
    /// The incident facts (from `content/obligations.yaml`) that hold in the scenario: they
    /// decide which notification obligations the run is scored against.
    #[serde(default)]
    pub facts: Vec<At<Id>>,
    /// The inject at which the organisation becomes aware of the incident, where the
    /// notification clocks start (default: the first inject).
    #[serde(default)]
    pub awareness: Option<At<Id>>,
    /// The inject at which the incident is classified (for clocks counted from
    /// classification); default: the awareness inject.
    #[serde(default)]
    pub classification: Option<At<Id>>,
    /// When the story starts, in the scheme's time zone (`2026-03-06T17:00`), for clocks in
    /// days, working days or months; default: the run's date at 09:00.
    #[serde(default)]
    pub starts_at: Option<At<String>>,
}

/// One objective of an exercise.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    /// Objective id, unique within the exercise.
    pub id: At<Id>,
    /// What the team must show, e.g. "Isolate affected systems within the target time".
    pub text: String,
    /// The capability exercised.
    pub capability: At<Capability>,
    /// Playbook steps (`playbook/step`) or scheme pages (`content/scheme/x.md`) it tests.
    #[serde(default)]
    pub tests: Vec<At<String>>,
}

/// A core capability an objective exercises.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Capability {
    /// Noticing an event and reporting it.
    DetectionAndReporting,
    /// Assessing and classifying.
    Assessment,
    /// Raising severity or calling in roles.
    Escalation,
    /// Stopping the spread.
    Containment,
    /// Removing the cause.
    Eradication,
    /// Informing staff, customers, regulators and the media.
    Communications,
    /// Preserving evidence.
    Evidence,
    /// Restoring service.
    Recovery,
    /// Running the response: roles, decisions, logs.
    Coordination,
}

impl Capability {
    /// Human name.
    pub fn label(self) -> &'static str {
        match self {
            Capability::DetectionAndReporting => "Detection and reporting",
            Capability::Assessment => "Assessment",
            Capability::Escalation => "Escalation",
            Capability::Containment => "Containment",
            Capability::Eradication => "Eradication",
            Capability::Communications => "Communications",
            Capability::Evidence => "Evidence",
            Capability::Recovery => "Recovery",
            Capability::Coordination => "Coordination",
        }
    }
}

/// One inject: a piece of the scenario given to participants at a time.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Inject {
    /// Inject id, unique within the exercise.
    pub id: At<Id>,
    /// When it is given, on the exercise clock, e.g. `20m`.
    pub at: At<Minutes>,
    /// Time in the story when it is given, counted from the start of the scenario, e.g.
    /// `40h` for "Monday morning"; used for deadlines of days. Default: `at`.
    #[serde(default)]
    pub scenario_time: Option<At<Minutes>>,
    /// Short title, e.g. "Ransom note on a depot PC".
    pub title: String,
    /// The severity level in force from this inject on.
    #[serde(default)]
    pub severity: Option<At<Id>>,
    /// What participants are told (Markdown).
    pub brief: Text,
    /// Props handed to participants: a fake alert, e-mail, chat or call transcript.
    #[serde(default)]
    pub documents: Vec<Document>,
    /// For the facilitator only: what to watch for, how to play the inject (Markdown).
    #[serde(default)]
    pub notes: Option<Text>,
    /// What the team should do, the answer key.
    #[serde(default)]
    pub expected: Vec<ExpectedAction>,
    /// Questions the facilitator asks.
    #[serde(default)]
    pub questions: Vec<At<String>>,
    /// Where to go next depending on what the team did.
    #[serde(default)]
    pub branches: Vec<Branch>,
}

/// A prop given to participants with an inject.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// What kind of prop it is.
    pub kind: DocumentKind,
    /// Heading, e.g. the e-mail subject.
    pub title: String,
    /// Sender or source, e.g. "Endpoint protection console".
    #[serde(default)]
    pub from: Option<String>,
    /// The prop's text (Markdown).
    pub body: Text,
}

/// Kinds of props.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentKind {
    /// An e-mail.
    Email,
    /// A monitoring or security tool alert.
    Alert,
    /// A chat message.
    Chat,
    /// What a caller says.
    PhoneCall,
    /// A news item or social media post.
    News,
    /// A letter or formal notice.
    Letter,
    /// A log extract.
    Log,
    /// Anything else.
    Note,
}

impl DocumentKind {
    /// Human name.
    pub fn label(self) -> &'static str {
        match self {
            DocumentKind::Email => "E-mail",
            DocumentKind::Alert => "Alert",
            DocumentKind::Chat => "Chat message",
            DocumentKind::PhoneCall => "Phone call",
            DocumentKind::News => "News",
            DocumentKind::Letter => "Letter",
            DocumentKind::Log => "Log extract",
            DocumentKind::Note => "Note",
        }
    }
}

/// An action the team is expected to take after an inject.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExpectedAction {
    /// Action id, unique within the exercise.
    pub id: At<Id>,
    /// What the team should do.
    pub what: At<String>,
    /// The playbook step it comes from, `playbook/step`.
    #[serde(default)]
    pub step: Option<At<String>>,
    /// Or the scheme page it comes from, `content/scheme/x.md`.
    #[serde(default)]
    pub page: Option<At<String>>,
    /// Role expected to act.
    pub role: At<Id>,
    /// Time target from the inject, on the exercise clock.
    #[serde(default)]
    pub within: Option<At<Minutes>>,
    /// Points for doing it.
    #[serde(default = "one")]
    pub points: u32,
    /// The objective it counts towards.
    pub objective: At<Id>,
    /// The role or external party this action notifies: its deadline then comes from the
    /// scheme (the party's reporting deadline, or the severity level's response target).
    #[serde(default)]
    pub notifies: Option<At<Id>>,
    /// The severity level this action escalates to: its deadline is that level's response target.
    #[serde(default)]
    pub escalates_to: Option<At<Id>>,
    /// The inject whose moment starts the scheme deadline's clock (default: this action's inject).
    #[serde(default)]
    pub clock_from: Option<At<Id>>,
    /// The obligation stage this action carries out, `obligation/stage`: it is scored
    /// against that stage's deadline, and later stages counting from it start when it is done.
    #[serde(default)]
    pub stage: Option<At<String>>,
}

fn one() -> u32 {
    1
}

/// A branch: if the team did something, the facilitator continues at another inject.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    /// The condition, e.g. "the team isolated the file server".
    pub when: String,
    /// Inject to continue at.
    pub goto: At<Id>,
}

/// How an exercise's results become HSEEP ratings.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    /// Lowest share of actions met (percent) for each rating.
    #[serde(default)]
    pub bands: Option<At<Bands>>,
}

/// Rating thresholds: the lowest percentage of an objective's evaluated actions met for P, S and M.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bands {
    /// P, performed without challenges: at least this share met (default 80).
    pub performed: u8,
    /// S, performed with some challenges (default 66).
    pub some_challenges: u8,
    /// M, performed with major challenges (default 50); below it, U.
    pub major_challenges: u8,
}

impl Default for Bands {
    fn default() -> Self {
        Bands {
            performed: 80,
            some_challenges: 66,
            major_challenges: 50,
        }
    }
}

/// An HSEEP performance rating.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
pub enum Rating {
    /// Performed without challenges.
    P,
    /// Performed with some challenges.
    S,
    /// Performed with major challenges.
    M,
    /// Unable to be performed.
    U,
}

impl Rating {
    /// The HSEEP wording.
    pub fn label(self) -> &'static str {
        match self {
            Rating::P => "Performed without challenges",
            Rating::S => "Performed with some challenges",
            Rating::M => "Performed with major challenges",
            Rating::U => "Unable to be performed",
        }
    }
}

/// The record of one run of an exercise, written by hand or by `irbook exercise run`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// The exercise run.
    pub exercise: At<Id>,
    /// Day of the run.
    pub date: At<Date>,
    /// Roles present.
    #[serde(default)]
    pub team: Vec<At<Id>>,
    /// Who observed and scored.
    #[serde(default)]
    pub evaluators: Vec<Evaluator>,
    /// A few sentences on how it went (Markdown).
    #[serde(default)]
    pub summary: Option<Text>,
    /// Injects not played in this run (a branch went elsewhere, or time ran out): their
    /// actions count neither as evaluated nor as defined. A live run's log adds the injects
    /// never given before it ended.
    #[serde(default)]
    pub skipped: Vec<At<Id>>,
    /// What evaluators saw, per expected action.
    #[serde(default)]
    pub observations: Vec<Observation>,
    /// Things the team did that the script did not expect.
    #[serde(default)]
    pub unplanned: Vec<Unplanned>,
    /// Evaluators' ratings of objectives, each with its justification.
    #[serde(default)]
    pub ratings: Vec<RatingGiven>,
    /// Improvement items agreed after the run.
    #[serde(default)]
    pub improvements: Vec<Improvement>,
    /// What `irbook exercise run` logged, one line per event, appended as it happened.
    #[serde(default)]
    pub events: Vec<Event>,
}

/// An evaluator of a run.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evaluator {
    /// Short id used in observations and ratings.
    pub id: At<Id>,
    /// Name.
    pub name: String,
    /// Role they hold in the scheme, if any.
    #[serde(default)]
    pub role: Option<At<Id>>,
}

/// The outcome of an expected action.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Done.
    Met,
    /// Not done, or done wrongly: needs an evidence note.
    NotMet,
    /// Nobody saw whether it was done: never a fail, reported apart.
    NotObserved,
}

/// What an evaluator saw of one expected action.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Observation {
    /// Expected action id.
    pub action: At<Id>,
    /// Met, not met or not observed.
    pub outcome: At<Outcome>,
    /// Time from the inject to the action, e.g. `12m`.
    #[serde(default)]
    pub elapsed: Option<At<Minutes>>,
    /// Role that acted.
    #[serde(default)]
    pub by: Option<At<Id>>,
    /// Evaluator id from `evaluators`.
    #[serde(default)]
    pub evaluator: Option<At<Id>>,
    /// Evidence: what was seen or said (required when not met).
    #[serde(default)]
    pub note: Option<At<String>>,
}

/// Something the team did that no expected action covers.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unplanned {
    /// What they did.
    pub what: String,
    /// The inject it followed.
    #[serde(default)]
    pub inject: Option<At<Id>>,
    /// Role that did it.
    #[serde(default)]
    pub by: Option<At<Id>>,
    /// Was it a strength or a concern?
    #[serde(default)]
    pub assessment: Option<Assessment>,
    /// Evaluator's note.
    #[serde(default)]
    pub note: Option<String>,
}

/// How an unplanned action is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Assessment {
    /// Helped the response.
    Strength,
    /// Hindered it or broke the scheme.
    Concern,
}

/// An evaluator's rating of an objective, overriding the suggested one.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RatingGiven {
    /// Objective id.
    pub objective: At<Id>,
    /// Evaluator id.
    pub evaluator: At<Id>,
    /// P, S, M or U.
    pub rating: At<Rating>,
    /// Why: required and kept in the report.
    pub justification: At<String>,
}

/// HSEEP capability elements (POETE).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Element {
    /// Plans, procedures, playbooks.
    Planning,
    /// Roles, staffing, structure.
    Organisation,
    /// Tools and systems.
    Equipment,
    /// Training.
    Training,
    /// Further exercising.
    Exercise,
}

/// Status of an improvement item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Proposed, not yet agreed.
    Proposed,
    /// Agreed, not started.
    Open,
    /// Being worked on.
    InProgress,
    /// Done.
    Done,
}

/// An improvement item agreed after a run.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Improvement {
    /// The expected action it answers, if any.
    #[serde(default)]
    pub action: Option<At<Id>>,
    /// The objective it answers, if no single action.
    #[serde(default)]
    pub objective: Option<At<Id>>,
    /// What will change.
    pub corrective_action: String,
    /// Which capability element it strengthens.
    pub element: Element,
    /// Role responsible.
    pub owner: At<Id>,
    /// Start date (default: the run's date).
    #[serde(default)]
    pub start: Option<At<Date>>,
    /// Due date.
    pub due: At<Date>,
    /// Where it stands.
    #[serde(default = "open")]
    pub status: Status,
    /// How completion was verified (for a done item): what was checked, by whom, when.
    #[serde(default)]
    pub verified: Option<String>,
}

fn open() -> Status {
    Status::Open
}

/// One line of a live run's log.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Seconds on the exercise clock.
    pub t: u64,
    /// Wall-clock time, seconds since 1970 (UTC), so a restarted console resumes the clock.
    pub wall: i64,
    /// What happened.
    pub kind: EventKind,
    /// The inject given (`inject`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inject: Option<At<Id>>,
    /// The expected action marked (`mark`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<At<Id>>,
    /// Its outcome (`mark`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// Role that acted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<At<Id>>,
    /// Evaluator who logged it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluator: Option<At<Id>>,
    /// Free text: evidence for a mark, or an observation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Kinds of log events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    /// The clock started.
    Start,
    /// An inject was given.
    Inject,
    /// An expected action was marked.
    Mark,
    /// A free observation (an unplanned action or a remark).
    Note,
    /// The clock was paused.
    Pause,
    /// The clock was resumed.
    Resume,
    /// The run ended.
    End,
}
