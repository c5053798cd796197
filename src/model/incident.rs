//! `incidents/records/*.yaml`: the timeline of a real incident, for its review against the
//! playbooks and the scheme's clocks, with what the review concluded and the improvement
//! items it agreed.

use super::exercise::{Element, Status};
use super::{At, Date, Id, Text};
use schemars::JsonSchema;
use serde::Deserialize;

/// A real incident's record: what happened when, and what its review found.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    /// Incident id (your reference, e.g. `2026-014-mailbox`); also its page name.
    pub id: At<Id>,
    /// Title, e.g. "Phishing e-mail led to one compromised mailbox".
    pub title: String,
    /// Who may see the record and its review. Default: the key audience of exercises (the
    /// team); a lower audience needs `sanitised: true`.
    #[serde(default)]
    pub audience: Option<At<Id>>,
    /// The record has been rewritten for a wider audience: no names, no personal data, no
    /// details an attacker could use. Only a sanitised record may have a lower audience.
    #[serde(default)]
    pub sanitised: Option<At<bool>>,
    /// The playbooks the response followed: their steps are what the review expects.
    pub playbooks: Vec<At<Id>>,
    /// The severity level assessed first; later changes are timeline entries' `escalates_to`.
    pub severity: At<Id>,
    /// The incident facts (from `content/obligations.yaml`) that held: they decide which
    /// notification clocks applied.
    #[serde(default)]
    pub facts: Vec<At<Id>>,
    /// When the event was first noticed, in the scheme's time zone: `2026-10-06T09:12`.
    pub detected: At<String>,
    /// When the organisation became aware that it was an incident (clocks start here).
    pub aware: At<String>,
    /// When the incident was classified (clocks counted from classification); default: `aware`.
    #[serde(default)]
    pub classified: Option<At<String>>,
    /// When the incident was closed: the end of the timeline the review judges.
    pub closed: At<String>,
    /// A few sentences on what happened (Markdown).
    #[serde(default)]
    pub summary: Option<Text>,
    /// The root cause the review found (Markdown).
    #[serde(default)]
    pub root_cause: Option<Text>,
    /// What made it possible or worse.
    #[serde(default)]
    pub contributing_factors: Vec<At<String>>,
    /// What happened and what was done, in time order.
    #[serde(default)]
    pub timeline: Vec<Entry>,
    /// Playbook steps that did not apply to this incident, each with the reason: they
    /// count neither as done nor as missed.
    #[serde(default)]
    pub not_applicable: Vec<NotApplicable>,
    /// Improvement items the review agreed.
    #[serde(default)]
    pub improvements: Vec<Improvement>,
}

/// One line of an incident's timeline.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// When, in the scheme's time zone: `2026-10-06T09:40`.
    pub at: At<String>,
    /// Role that acted.
    #[serde(default)]
    pub by: Option<At<Id>>,
    /// What happened or was done.
    pub what: At<String>,
    /// The playbook step it carries out, `playbook/step`.
    #[serde(default)]
    pub step: Option<At<String>>,
    /// Or the scheme page it carries out, `content/scheme/x.md`.
    #[serde(default)]
    pub page: Option<At<String>>,
    /// The external party or role this entry notified.
    #[serde(default)]
    pub notifies: Option<At<Id>>,
    /// The obligation stage the notice met, `obligation/stage`.
    #[serde(default)]
    pub stage: Option<At<String>>,
    /// The severity level the incident was raised (or lowered) to.
    #[serde(default)]
    pub escalates_to: Option<At<Id>>,
}

/// A playbook step that did not apply.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotApplicable {
    /// The step, `playbook/step`.
    pub step: At<String>,
    /// Why it did not apply.
    pub why: String,
}

/// An improvement item agreed in an incident's review.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Improvement {
    /// The playbook step it answers, `playbook/step`, if any.
    #[serde(default)]
    pub step: Option<At<String>>,
    /// What will change.
    pub corrective_action: String,
    /// Which capability element it strengthens.
    pub element: Element,
    /// Role responsible.
    pub owner: At<Id>,
    /// Start date (default: the day the incident was detected).
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
