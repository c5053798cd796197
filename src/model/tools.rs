//! `content/tools.yaml`: the inventory of tools playbooks name (optional).

use super::{At, Id, Text};
use schemars::JsonSchema;
use serde::Deserialize;

/// The whole of `content/tools.yaml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tools {
    /// The tools, each with an id playbooks use in `tools:`.
    #[serde(default)]
    pub tools: Vec<Tool>,
}

/// A tool responders use: a console, a script, a kit.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    /// Tool id, used in playbooks' `tools:` lists.
    pub id: At<Id>,
    /// Its name, e.g. "Endpoint detection console".
    pub name: At<String>,
    /// What it is for (Markdown).
    #[serde(default)]
    pub purpose: Option<Text>,
    /// The role that looks after it.
    #[serde(default)]
    pub owner: Option<At<Id>>,
    /// Where to find it: an address, a cupboard, a share (Markdown). Team-only unless
    /// `location_audience` says otherwise.
    #[serde(default)]
    pub location: Option<Text>,
    /// Who may see `location` (default: the most trusted audience only).
    #[serde(default)]
    pub location_audience: Option<At<Id>>,
    /// Who may see the tool at all.
    #[serde(default)]
    pub audience: Option<At<Id>>,
}
