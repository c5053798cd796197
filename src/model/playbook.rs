//! `content/playbooks/*.yaml`: one containment playbook per incident type.

use super::playbook_fields::{
    AppliesWhen, Attachment, Detection, Mappings, Raci, Reference, Related, Source, Status, Tlp,
};
use super::{At, Date, Id, Minutes, Text};
use schemars::JsonSchema;
use serde::Deserialize;

/// A playbook for one incident type.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Playbook {
    /// Playbook id; also its page name.
    pub id: At<Id>,
    /// Title, e.g. "Ransomware".
    pub title: String,
    /// Incident category from the taxonomy in irbook.yaml.
    pub category: At<Id>,
    /// Severity level to assume until assessed.
    pub default_severity: At<Id>,
    /// Role that owns and maintains the playbook.
    #[serde(default)]
    pub owner: Option<At<Id>>,
    /// Who may see the playbook.
    #[serde(default)]
    pub audience: Option<At<Id>>,
    /// What this playbook covers (Markdown).
    pub summary: Text,
    /// Signs that this kind of incident is happening.
    #[serde(default)]
    pub indicators: Vec<At<String>>,
    /// Phases with their steps, in the order of the phase model.
    pub phases: Vec<Phase>,
    /// Related playbooks and pages: a playbook id, or a mapping with `playbook:` or `url:`,
    /// a `relation` ("pivot to", "see also") and a `when`.
    #[serde(default)]
    pub related: Vec<At<Related>>,
    /// Incident facts (from `content/obligations.yaml`) that usually hold for this type of
    /// incident: the notification clocks its page shows, as defaults responders can change.
    #[serde(default)]
    pub facts: Vec<At<Id>>,
    /// Other words people use when they search for this, e.g. `hacked` or `CEO fraud`:
    /// search finds it by them; they are not shown.
    #[serde(default)]
    pub search_terms: Vec<At<String>>,
    /// The records its responders keep (form ids, e.g. the incident log), shown on its page.
    #[serde(default)]
    pub records: Vec<At<Id>>,
    /// The playbook's own version, e.g. "2.1".
    #[serde(default)]
    pub version: Option<At<String>>,
    /// Draft, approved or retired.
    #[serde(default)]
    pub status: Option<At<Status>>,
    /// The role that approved this version.
    #[serde(default)]
    pub approved_by: Option<At<Id>>,
    /// When this version was approved, `YYYY-MM-DD`.
    #[serde(default)]
    pub approved_on: Option<At<Date>>,
    /// When the playbook is next due for review, `YYYY-MM-DD`.
    #[serde(default)]
    pub review_by: Option<At<Date>>,
    /// The work this playbook was adapted from, for attribution.
    #[serde(default)]
    pub source: Option<Source>,
    /// Traffic Light Protocol 2.0 label: CLEAR, GREEN, AMBER, AMBER+STRICT or RED.
    #[serde(default)]
    pub classification: Option<At<Tlp>>,
    /// Documents the playbook draws on.
    #[serde(default)]
    pub references: Vec<Reference>,
    /// ATT&CK, NIST CSF 2.0 and ISO/IEC 27035 identifiers the playbook answers to.
    #[serde(default)]
    pub mappings: Mappings,
    /// How the organisation's monitoring spots this kind of incident (team-only by default).
    #[serde(default)]
    pub detections: Vec<Detection>,
    /// Tools the playbook uses: ids from `content/tools.yaml`.
    #[serde(default)]
    pub tools: Vec<At<Id>>,
    /// Files under `content/files/` offered for download with the playbook.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

/// The steps of one phase of a playbook.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// Phase id from the phase model.
    pub phase: At<Id>,
    /// What this phase must achieve for this kind of incident (Markdown).
    #[serde(default)]
    pub objective: Option<Text>,
    /// Ordered steps.
    #[serde(default)]
    pub steps: Vec<Step>,
}

/// One step of a playbook.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Step id, unique within the playbook.
    pub id: At<Id>,
    /// A short title, e.g. "Memory analysis".
    #[serde(default)]
    pub title: Option<At<String>>,
    /// What to do (Markdown).
    pub action: Text,
    /// Role that does it.
    #[serde(default)]
    pub owner: Option<At<Id>>,
    /// Who may see this step.
    #[serde(default)]
    pub audience: Option<At<Id>>,
    /// How to preserve evidence while doing it (Markdown).
    #[serde(default)]
    pub evidence: Option<Text>,
    /// Decisions taken at this step, with pre-authorised choices.
    #[serde(default)]
    pub decisions: Vec<Decision>,
    /// Conditions that raise the incident's severity or call in a role.
    #[serde(default)]
    pub escalate: Vec<Escalation>,
    /// Outside parties this step tells, and under which obligation.
    #[serde(default)]
    pub notify: Vec<Notify>,
    /// Time target for the step, e.g. `15m`, counted from the start of the incident.
    #[serde(default)]
    pub within: Option<At<Minutes>>,
    /// The condition under which the step applies: words, or `{text, facts}`.
    #[serde(default)]
    pub applies_when: Option<At<AppliesWhen>>,
    /// Steps of this playbook that must be done first.
    #[serde(default)]
    pub requires: Vec<At<Id>>,
    /// The roles accountable, consulted and informed (the owner is the one responsible).
    #[serde(default)]
    pub raci: Option<Raci>,
}

/// A notice a step sends to a party outside the organisation.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Notify {
    /// The external party (an id from contacts.yaml).
    pub party: At<Id>,
    /// The obligation stage this notice meets, `obligation/stage` (from obligations.yaml).
    #[serde(default)]
    pub stage: Option<At<String>>,
    /// When to send it, in words (Markdown), e.g. "if customer data may be involved".
    #[serde(default)]
    pub when: Option<Text>,
}

/// A decision point with choices decided in advance.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// The question, e.g. "Isolate the server?".
    pub question: At<String>,
    /// Who may see this decision.
    #[serde(default)]
    pub audience: Option<At<Id>>,
    /// The choices.
    pub choices: Vec<Choice>,
}

/// One pre-agreed choice at a decision point.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The choice, e.g. "Isolate now".
    pub option: String,
    /// When to take it (Markdown).
    pub when: Text,
    /// Role whose authority is delegated in advance for this choice.
    #[serde(default)]
    pub authorised_by: Option<At<Id>>,
    /// The step of this playbook to go to next (an earlier step makes a loop).
    #[serde(default)]
    pub then: Option<At<Id>>,
}

/// An escalation trigger.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    /// The condition, e.g. "more than 20 hosts encrypted".
    pub when: At<String>,
    /// Raise the incident to this severity level.
    #[serde(default)]
    pub to_severity: Option<At<Id>>,
    /// Call in this role.
    #[serde(default)]
    pub to_role: Option<At<Id>>,
    /// Tell this external party.
    #[serde(default)]
    pub to_party: Option<At<Id>>,
}

impl Playbook {
    /// The playbooks `related` names, each placed where its link is written.
    pub fn related_playbooks(&self) -> Vec<At<Id>> {
        self.related
            .iter()
            .filter_map(|r| {
                r.value.playbook().map(|id| At {
                    value: id.clone(),
                    pos: r.pos,
                })
            })
            .collect()
    }
}
