//! `content/severity.yaml`: impact categories and the ordered severity levels.

use super::{At, Id, Minutes, Text};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The whole severity file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SeverityScale {
    /// Introduction shown above the matrix (Markdown).
    #[serde(default)]
    pub intro: Option<Text>,
    /// Consequence categories impact is judged in.
    pub categories: Vec<ImpactCategory>,
    /// Levels, most severe first.
    pub levels: Vec<SeverityLevel>,
}

/// A consequence category, e.g. personal information.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImpactCategory {
    /// Category id.
    pub id: At<Id>,
    /// Human name.
    pub name: String,
}

/// One severity level.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SeverityLevel {
    /// Level id, e.g. `sev1`.
    pub id: At<Id>,
    /// Human name, e.g. "Critical".
    pub name: String,
    /// One-line meaning.
    pub summary: String,
    /// What this level looks like in each impact category (key: category id).
    pub criteria: BTreeMap<Id, At<String>>,
    /// How fast the response must start.
    pub response_target: Option<At<Minutes>>,
    /// How often stakeholders get an update while the incident is open.
    #[serde(default)]
    pub update_every: Option<At<Minutes>>,
    /// Roles notified, in call order.
    #[serde(default)]
    pub notify: Vec<At<Id>>,
    /// External parties notified at this level.
    #[serde(default)]
    pub notify_parties: Vec<At<Id>>,
    /// When and how to escalate from this level (Markdown).
    #[serde(default)]
    pub escalation: Option<Text>,
}
