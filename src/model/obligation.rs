//! `content/obligations.yaml` (optional): the incident facts that decide which notification
//! obligations apply, and the obligations with their staged deadlines.

use super::clock::Deadline;
use super::{At, Id, Text};
use schemars::JsonSchema;
use serde::Deserialize;

/// The whole obligations file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Obligations {
    /// Yes/no questions about an incident that decide which obligations apply.
    #[serde(default)]
    pub facts: Vec<Fact>,
    /// Who outside must be told, by when, and what to send.
    #[serde(default)]
    pub obligations: Vec<Obligation>,
}

/// An incident fact, e.g. "Is personal data involved?".
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// Fact id, e.g. `personal-data`.
    pub id: At<Id>,
    /// The yes/no question as responders see it.
    pub question: At<String>,
    /// How to decide the answer (Markdown).
    #[serde(default)]
    pub help: Option<Text>,
    /// The fact says personal data is involved: a playbook that assumes it should meet an
    /// obligation that applies to it.
    #[serde(default)]
    pub personal_data: bool,
    /// Who may see this question (default: everyone). An edition that may not see it
    /// neither asks it nor shows the conditions that use it.
    #[serde(default)]
    pub audience: Option<At<Id>>,
}

/// A duty to tell a party outside about an incident.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Obligation {
    /// Obligation id, e.g. `regulator-breach-notice`.
    pub id: At<Id>,
    /// Title, e.g. "Personal data breach notice to the regulator".
    pub title: At<String>,
    /// The external party to tell (an id from contacts.yaml).
    pub party: At<Id>,
    /// The law, regulation or contract clause the duty comes from.
    pub basis: Basis,
    /// When the obligation applies (default: always).
    #[serde(default)]
    pub applies_when: AppliesWhen,
    /// Who may see this obligation.
    #[serde(default)]
    pub audience: Option<At<Id>>,
    /// What must be sent and by when, in order.
    pub stages: Vec<Stage>,
}

/// Where an obligation comes from.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Basis {
    /// The clause in words (Markdown), e.g. "UK GDPR Article 33".
    pub text: Text,
    /// Where to read it.
    #[serde(default)]
    pub url: Option<At<String>>,
}

/// The conditions under which an obligation applies; every condition given must hold.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppliesWhen {
    /// At least one of these facts holds (if any are listed).
    #[serde(default)]
    pub any: Vec<At<Id>>,
    /// Every one of these facts holds.
    #[serde(default)]
    pub all: Vec<At<Id>>,
    /// The incident is at least this severe (a severity level id).
    #[serde(default)]
    pub min_severity: Option<At<Id>>,
    /// The incident falls in one of these categories (ids from irbook.yaml), if any are listed.
    #[serde(default)]
    pub categories: Vec<At<Id>>,
}

/// One notice of an obligation, e.g. an early warning, a notification, a final report.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// Stage id, unique within the obligation; later stages may count from it.
    pub id: At<Id>,
    /// Title, e.g. "Early warning".
    pub title: At<String>,
    /// What must be sent (Markdown).
    pub what: Text,
    /// By when, e.g. `72h after awareness` or `1 month after notification`.
    pub deadline: At<Deadline>,
    /// The communication template to start from (an id under content/templates/).
    #[serde(default)]
    pub template: Option<At<Id>>,
}
