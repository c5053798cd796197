//! Markdown pages with front matter: the policy and the scheme procedures.

use super::{At, Date, Id};
use schemars::JsonSchema;
use serde::Deserialize;

/// Front matter of `content/policy.md`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyMeta {
    /// Title of the policy.
    pub title: String,
    /// Role that owns the policy.
    pub owner: At<Id>,
    /// Who approved it (a role title, not a person's contact details).
    pub approved_by: String,
    /// When it was approved.
    pub approved_on: At<Date>,
    /// Policy version, e.g. "3.1".
    pub version: String,
    /// When it must next be reviewed.
    pub review_by: At<Date>,
    /// Checklist topics this policy covers (see the README for the ids).
    #[serde(default)]
    pub covers: Vec<At<Id>>,
}

/// Front matter of a scheme procedure page, `content/scheme/*.md`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    /// Page title.
    pub title: String,
    /// Sort order within the scheme; lower first.
    #[serde(default)]
    pub weight: i32,
    /// Lifecycle phase the page belongs to.
    #[serde(default)]
    pub lifecycle: Option<Lifecycle>,
    /// One-line summary shown in lists.
    #[serde(default)]
    pub summary: Option<String>,
    /// Who may see this page.
    #[serde(default)]
    pub audience: Option<At<Id>>,
    /// Role that owns the page.
    #[serde(default)]
    pub owner: Option<At<Id>>,
    /// When it must next be reviewed.
    #[serde(default)]
    pub review_by: Option<At<Date>>,
    /// Other words people use when they search for this, e.g. `hacked` or `CEO fraud`:
    /// search finds it by them; they are not shown.
    #[serde(default)]
    pub search_terms: Vec<At<String>>,
}

/// The four phases of incident management (plan-do-check-act).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Lifecycle {
    /// Plan and prepare.
    Plan,
    /// Use: detect, report, assess, respond.
    Use,
    /// Review: lessons learnt.
    Review,
    /// Improve the scheme and safeguards.
    Improve,
}

impl Lifecycle {
    /// All phases in order.
    pub const ALL: [Lifecycle; 4] = [
        Lifecycle::Plan,
        Lifecycle::Use,
        Lifecycle::Review,
        Lifecycle::Improve,
    ];

    /// Anchor of the phase on the scheme index.
    pub fn anchor(self) -> &'static str {
        match self {
            Lifecycle::Plan => "phase-plan",
            Lifecycle::Use => "phase-use",
            Lifecycle::Review => "phase-review",
            Lifecycle::Improve => "phase-improve",
        }
    }

    /// Human name.
    pub fn label(self) -> &'static str {
        match self {
            Lifecycle::Plan => "Plan and prepare",
            Lifecycle::Use => "Detect, report and respond",
            Lifecycle::Review => "Review",
            Lifecycle::Improve => "Improve",
        }
    }
}
