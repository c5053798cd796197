//! `irbook.yaml`: the organisation, its editions, theme, phase model and review rules.

use super::clock::{ClockTargets, TimeZoneName, WorkingDays};
use super::{At, Date, Id, Text};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The whole of `irbook.yaml`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The organisation whose scheme this is, e.g. "Harbourline Logistics".
    pub organisation: String,
    /// Site title shown in every page header.
    pub title: String,
    /// Where the built site is published: the address of the folder holding one folder per
    /// edition, so edition E is at `<base_url>E/`. Standalone reports (`irbook exercise
    /// report`) link there; the site's own pages never do.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Scheme version printed on every page, e.g. "4.2".
    #[serde(default)]
    pub version: Option<String>,
    /// Ordered audiences, least privileged first.
    #[serde(default = "default_audiences")]
    pub audiences: Vec<AudienceDef>,
    /// Theme folder name under `themes/` (an id, so it cannot name a path), or the bundled
    /// `default`.
    #[serde(default = "default_theme")]
    pub theme: At<Id>,
    /// Rules for how old reviews and verifications may get.
    #[serde(default)]
    pub review: ReviewRules,
    /// The phases every playbook is organised into, in order.
    #[serde(default = "default_phases")]
    pub phases: Vec<PhaseDef>,
    /// The incident taxonomy playbooks are filed under.
    #[serde(default = "default_categories")]
    pub incident_categories: Vec<CategoryDef>,
    /// Markdown options.
    #[serde(default)]
    pub markdown: MarkdownOptions,
    /// Lint levels by rule name or code, e.g. `stale-contact: error`.
    #[serde(default)]
    pub lints: std::collections::BTreeMap<String, At<LintLevel>>,
    /// Defaults for tabletop exercises.
    #[serde(default)]
    pub exercises: ExerciseRules,
    /// Time zone notification clocks count in: an IANA name such as `Europe/London` (default
    /// UTC). The rota's handover times are wall-clock times in it; without it, in the local
    /// time of whoever reads the page.
    #[serde(default)]
    pub timezone: Option<At<TimeZoneName>>,
    /// Public holidays, which working-day deadlines skip.
    #[serde(default)]
    pub holidays: Vec<At<Date>>,
    /// The days of the week that are working days (default Monday to Friday).
    #[serde(default)]
    pub working_days: Option<At<WorkingDays>>,
    /// The scheme's own targets for "without undue delay" and "immediately".
    #[serde(default)]
    pub clock_targets: ClockTargets,
    /// Offline search: the words people type that the scheme does not use.
    #[serde(default)]
    pub search: SearchRules,
    /// Awareness material: which signs the poster and the pocket card show.
    #[serde(default)]
    pub awareness: AwarenessRules,
    /// How a filled-in event report reaches the point of contact from an offline page.
    #[serde(default)]
    pub intake: Option<Intake>,
    /// Which audiences may see a playbook of each Traffic Light Protocol label.
    #[serde(default)]
    pub classification: ClassificationRules,
}

/// `intake:` in irbook.yaml: the form staff send to report an event, and where it goes.
/// Nothing is sent unless the reporter presses a button; the page loads nothing.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Intake {
    /// The form that can be sent, e.g. `event-report`.
    pub form: At<Id>,
    /// The address the "Send by e-mail" button writes to (default: the point of contact's
    /// first e-mail channel the reader may see).
    #[serde(default)]
    pub email: Option<At<String>>,
    /// The organisation's own service desk address that takes the form as an ordinary
    /// HTML form post (`https://` only); without it there is no such button.
    #[serde(default)]
    pub service_desk_url: Option<At<String>>,
    /// What happens after the report is sent (Markdown), shown under the buttons.
    #[serde(default)]
    pub next: Option<super::Text>,
}

/// The audiences allowed to see playbooks of each TLP 2.0 label, `classification:` in
/// irbook.yaml. A label not listed allows every audience, except RED, which by default
/// allows only the last, most trusted audience.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassificationRules {
    /// Audiences that may see TLP:CLEAR playbooks.
    #[serde(default, rename = "CLEAR")]
    pub clear: Option<Vec<At<Id>>>,
    /// Audiences that may see TLP:GREEN playbooks.
    #[serde(default, rename = "GREEN")]
    pub green: Option<Vec<At<Id>>>,
    /// Audiences that may see TLP:AMBER playbooks.
    #[serde(default, rename = "AMBER")]
    pub amber: Option<Vec<At<Id>>>,
    /// Audiences that may see TLP:AMBER+STRICT playbooks.
    #[serde(default, rename = "AMBER+STRICT")]
    pub amber_strict: Option<Vec<At<Id>>>,
    /// Audiences that may see TLP:RED playbooks (default: the most trusted audience only).
    #[serde(default, rename = "RED")]
    pub red: Option<Vec<At<Id>>>,
}

impl ClassificationRules {
    /// The audiences `irbook.yaml` lists for `label`, if it lists any.
    pub fn listed(&self, label: super::playbook_fields::Tlp) -> Option<&[At<Id>]> {
        use super::playbook_fields::Tlp;
        match label {
            Tlp::Clear => self.clear.as_deref(),
            Tlp::Green => self.green.as_deref(),
            Tlp::Amber => self.amber.as_deref(),
            Tlp::AmberStrict => self.amber_strict.as_deref(),
            Tlp::Red => self.red.as_deref(),
        }
    }

    /// Every audience named under any label.
    pub fn lists(&self) -> impl Iterator<Item = &At<Id>> {
        [
            &self.clear,
            &self.green,
            &self.amber,
            &self.amber_strict,
            &self.red,
        ]
        .into_iter()
        .flatten()
        .flatten()
    }
}

/// Awareness material, `awareness:` in irbook.yaml.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AwarenessRules {
    /// The signs to look out for, in order: the poster shows them all (six fit on the
    /// page), the pocket card the first four. Default: the first indicator of each of the
    /// first six playbooks by title.
    #[serde(default)]
    pub signs: Vec<SignChoice>,
    /// The pass mark (percent) of every learning path that sets none of its own, when its
    /// quiz sets none either; default 80.
    #[serde(default)]
    pub pass_mark: Option<At<u8>>,
    /// Where a learner's completion summary is e-mailed from the completion page (a
    /// `mailto:` the learner presses), so training is evidenced without a learning system.
    #[serde(default)]
    pub completion_email: Option<At<String>>,
    /// Learning paths, one per audience of learners (new starters, depot staff, managers):
    /// each a list of awareness pages and a quiz. None: the one new-starter path of every
    /// awareness page and quiz, by weight.
    #[serde(default)]
    pub paths: Vec<crate::model::awareness::LearningPath>,
}

/// One sign chosen for the poster and the pocket card.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignChoice {
    /// The playbook this sign belongs to; an edition that may not see the playbook does not
    /// show the sign.
    pub playbook: At<Id>,
    /// The sign in words everyone understands (default: the playbook's first indicator).
    #[serde(default)]
    pub sign: Option<At<String>>,
}

/// `search:` in irbook.yaml.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchRules {
    /// Words people search for that the scheme does not use, each with the scheme's own
    /// words for it: a page holding one of `means` is found by any of `words`.
    #[serde(default)]
    pub synonyms: Vec<Synonym>,
}

/// One synonym of `search.synonyms`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Synonym {
    /// What people type, a word or a few: `hacked`, `bitcoin`, `building pass`.
    pub words: Vec<At<String>>,
    /// The scheme's own words or phrases for it: `compromised`, `denial of service`.
    pub means: Vec<At<String>>,
    /// Which editions' search knows it (default every edition), for a team-only word.
    #[serde(default)]
    pub audience: Option<At<Id>>,
}

/// Defaults for tabletop exercises, `exercises:` in irbook.yaml.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExerciseRules {
    /// Audience of participant material when an exercise names none (default: the last,
    /// most trusted audience).
    #[serde(default)]
    pub audience: Option<At<Id>>,
    /// Audience of the answer key: facilitator guides, evaluator sheets, scores and reports
    /// (default: the last, most trusted audience).
    #[serde(default)]
    pub key_audience: Option<At<Id>>,
    /// Rating bands used when an exercise sets none (default P 80, S 66, M 50).
    #[serde(default)]
    pub bands: Option<At<crate::model::exercise::Bands>>,
    /// Days from a run to the due date of a proposed improvement item (default 90).
    #[serde(default)]
    pub improvement_days: Option<u32>,
}

/// How a lint rule is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LintLevel {
    /// Fail the check and the build.
    Error,
    /// Report, but go on.
    Warn,
    /// Do not report.
    Off,
}

/// One audience: who may read an edition.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AudienceDef {
    /// Id used in `audience:` fields and as the edition's folder name.
    pub id: At<Id>,
    /// Human name, e.g. "All staff".
    pub name: String,
    /// Who this edition is for, shown in the edition banner.
    #[serde(default)]
    pub description: Option<String>,
}

/// Age limits for reviews and contact verification.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewRules {
    /// A contact whose `last_verified` is older than this many days is stale.
    #[serde(default = "default_contact_age")]
    pub contact_max_age_days: u32,
}

impl Default for ReviewRules {
    fn default() -> Self {
        ReviewRules {
            contact_max_age_days: default_contact_age(),
        }
    }
}

/// A playbook phase, e.g. containment.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PhaseDef {
    /// Id used in playbooks' `phase:` fields.
    pub id: At<Id>,
    /// Human name.
    pub name: String,
    /// What the phase is for (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
}

/// An incident category of the taxonomy, e.g. malware.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryDef {
    /// Id used in playbooks' `category:` field.
    pub id: At<Id>,
    /// Human name.
    pub name: String,
    /// What falls in this category.
    #[serde(default)]
    pub description: Option<Text>,
}

/// Markdown rendering switches.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkdownOptions {
    /// Pass raw HTML in Markdown through instead of escaping it. Off by default.
    #[serde(default)]
    pub allow_raw_html: bool,
}

/// The theme used when irbook.yaml names none: the bundled `default`.
pub fn default_theme() -> At<Id> {
    id("default")
}

fn default_contact_age() -> u32 {
    180
}

fn id(s: &str) -> At<Id> {
    At::unplaced(Id::parse(s).expect("built-in ids are valid"))
}

fn default_audiences() -> Vec<AudienceDef> {
    vec![
        AudienceDef {
            id: id("staff"),
            name: "All staff".into(),
            description: Some("Everyone with access to the intranet".into()),
        },
        AudienceDef {
            id: id("isirt"),
            name: "Incident response team".into(),
            description: Some("ISIRT members only; closely held".into()),
        },
    ]
}

fn default_phases() -> Vec<PhaseDef> {
    [
        ("preparation", "Preparation"),
        ("identification", "Identification"),
        ("containment", "Containment"),
        ("eradication", "Eradication"),
        ("recovery", "Recovery"),
        ("lessons-learned", "Lessons learned"),
    ]
    .into_iter()
    .map(|(i, n)| PhaseDef {
        id: id(i),
        name: n.into(),
        description: None,
    })
    .collect()
}

fn default_categories() -> Vec<CategoryDef> {
    [
        ("denial-of-service", "Denial of service"),
        ("information-gathering", "Information gathering"),
        ("unauthorised-access", "Unauthorised access"),
        ("malware", "Malware"),
        ("social-engineering", "Phishing and social engineering"),
        ("data-breach", "Personal data breach"),
        ("physical-loss", "Loss or theft of equipment"),
        ("misuse", "Insider misuse"),
        ("defacement", "Web defacement"),
        ("supplier", "Third-party compromise"),
        ("unknown", "Events of no known type"),
    ]
    .into_iter()
    .map(|(i, n)| CategoryDef {
        id: id(i),
        name: n.into(),
        description: None,
    })
    .collect()
}
