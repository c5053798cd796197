//! The optional parts of a playbook beyond its steps: provenance and lifecycle, marking,
//! links, framework mappings, detections, attachments; and a step's condition and roles.
//!
//! Two fields take either a plain value or a mapping (`related`, `applies_when`). They are
//! read by hand rather than as serde's untagged enums, whose error names no field and no
//! cause ("data did not match any variant"): a plain value is read as such, a mapping as
//! its struct, so a mistake inside the mapping is reported as that struct's own.

use super::{At, Id, Text};
use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, Visitor, value::MapAccessDeserializer};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// Where a playbook stands in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Being written; not yet approved for use.
    Draft,
    /// Approved for use.
    Approved,
    /// No longer in use; kept for the record.
    Retired,
}

impl Status {
    /// The status as written in sources.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Approved => "approved",
            Status::Retired => "retired",
        }
    }
}

/// A Traffic Light Protocol 2.0 label: how far the playbook may be shared.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
pub enum Tlp {
    /// TLP:CLEAR, no limit on disclosure.
    #[serde(rename = "CLEAR")]
    Clear,
    /// TLP:GREEN, the community but not the public.
    #[serde(rename = "GREEN")]
    Green,
    /// TLP:AMBER, the organisation and its clients on a need-to-know basis.
    #[serde(rename = "AMBER")]
    Amber,
    /// TLP:AMBER+STRICT, the organisation only.
    #[serde(rename = "AMBER+STRICT")]
    AmberStrict,
    /// TLP:RED, the named recipients only.
    #[serde(rename = "RED")]
    Red,
}

impl Tlp {
    /// Every label, least restricted first.
    pub const ALL: [Tlp; 5] = [
        Tlp::Clear,
        Tlp::Green,
        Tlp::Amber,
        Tlp::AmberStrict,
        Tlp::Red,
    ];

    /// The label as written, e.g. `AMBER+STRICT`.
    pub fn as_str(self) -> &'static str {
        match self {
            Tlp::Clear => "CLEAR",
            Tlp::Green => "GREEN",
            Tlp::Amber => "AMBER",
            Tlp::AmberStrict => "AMBER+STRICT",
            Tlp::Red => "RED",
        }
    }
}

/// Where a playbook came from, for the attribution its licence may require.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Title of the original work.
    pub title: At<String>,
    /// Who wrote it, when the licence asks for the author to be named.
    #[serde(default)]
    pub author: Option<At<String>>,
    /// Where the original can be found.
    #[serde(default)]
    pub url: Option<At<String>>,
    /// The licence it was used under, e.g. "CC BY 4.0".
    #[serde(default)]
    pub licence: Option<At<String>>,
}

/// A link from a playbook to a related playbook or an outside page: written as a plain
/// playbook id, or as a mapping with `playbook:` or `url:`, a `relation` and a `when`.
#[derive(Debug, Clone)]
pub struct Related {
    /// What it leads to.
    pub target: RelatedTarget,
    /// The kind of link, e.g. "pivot to" or "see also".
    pub relation: Option<String>,
    /// When to follow it, in words.
    pub when: Option<String>,
}

/// What a related link leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RelatedTarget {
    /// A playbook of the scheme.
    Playbook(Id),
    /// A page outside the scheme.
    Url(String),
}

impl Related {
    /// The playbook it leads to, if it leads to one.
    pub fn playbook(&self) -> Option<&Id> {
        match &self.target {
            RelatedTarget::Playbook(id) => Some(id),
            RelatedTarget::Url(_) => None,
        }
    }
}

/// The mapping form of a related link.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RelatedLink {
    /// A playbook of the scheme (give this or `url`).
    #[serde(default)]
    pub playbook: Option<Id>,
    /// A page outside the scheme (give this or `playbook`).
    #[serde(default)]
    pub url: Option<String>,
    /// The kind of link, e.g. "pivot to", "see also", "escalate to".
    #[serde(default)]
    pub relation: Option<String>,
    /// When to follow it, e.g. "if personal data was taken".
    #[serde(default)]
    pub when: Option<String>,
}

impl<'de> Deserialize<'de> for Related {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Related;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a playbook id, or a mapping with `playbook:` or `url:` (and optionally \
                     `relation:` and `when:`)",
                )
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Related, E> {
                Ok(Related {
                    target: RelatedTarget::Playbook(Id::parse(s).map_err(E::custom)?),
                    relation: None,
                    when: None,
                })
            }
            // An all-digit id is a number to YAML; the other fields read it as written.
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Related, E> {
                self.visit_str(&n.to_string())
            }
            fn visit_map<A: MapAccess<'de>>(self, m: A) -> Result<Related, A::Error> {
                let link = RelatedLink::deserialize(MapAccessDeserializer::new(m))?;
                let target = match (link.playbook, link.url) {
                    (Some(p), None) => RelatedTarget::Playbook(p),
                    (None, Some(u)) => RelatedTarget::Url(u),
                    (Some(_), Some(_)) => {
                        return Err(de::Error::custom(
                            "a related link has both `playbook` and `url`: give one of them",
                        ));
                    }
                    (None, None) => {
                        return Err(de::Error::custom(
                            "a related link needs `playbook:` (an id) or `url:` (an address)",
                        ));
                    }
                };
                Ok(Related {
                    target,
                    relation: link.relation,
                    when: link.when,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// The two written forms of a related link, for the JSON Schema.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum RelatedForms {
    /// A playbook id.
    Id(Id),
    /// A link with its relation.
    Link(RelatedLink),
}

impl JsonSchema for Related {
    fn schema_name() -> Cow<'static, str> {
        "Related".into()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        RelatedForms::json_schema(g)
    }
}

/// A document the playbook draws on or points readers to.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// Its title.
    pub title: At<String>,
    /// Its address.
    pub url: At<String>,
}

/// Identifiers of the frameworks a playbook answers to, checked against lists shipped
/// with irbook.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mappings {
    /// MITRE ATT&CK Enterprise tactic (`TA0040`) and technique (`T1486`, `T1566.001`) ids.
    #[serde(default)]
    pub attack: Vec<At<String>>,
    /// NIST CSF 2.0 function (`RS`), category (`RS.MA`) or subcategory (`PR.AA-01`) ids.
    #[serde(default)]
    pub csf: Vec<At<String>>,
    /// ISO/IEC 27035 clause numbers, e.g. "6.2" (numbers only).
    #[serde(default)]
    pub iso27035: Vec<At<String>>,
}

impl Mappings {
    /// No framework named.
    pub fn is_empty(&self) -> bool {
        self.attack.is_empty() && self.csf.is_empty() && self.iso27035.is_empty()
    }
}

/// How to spot this kind of incident in the organisation's monitoring. Team-only unless
/// it names an audience.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Detection {
    /// Where the signal shows, e.g. "EDR" or "mail gateway".
    pub source: At<String>,
    /// What to look for (Markdown).
    pub signal: Text,
    /// How serious the signal is, as the source grades it, e.g. "high".
    #[serde(default)]
    pub severity: Option<At<String>>,
    /// The query or rule that finds it, shown as code.
    #[serde(default)]
    pub query: Option<At<String>>,
    /// Who may see it (default: the most trusted audience only).
    #[serde(default)]
    pub audience: Option<At<Id>>,
}

/// A file shipped with a playbook, offered as a download; never run or rendered.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// Path from the project folder, under `content/files/`, e.g. `content/files/hunt.sql`.
    pub file: At<String>,
    /// What it is, shown as the link text (default: the file name).
    #[serde(default)]
    pub title: Option<At<String>>,
    /// Who may download it (default: whoever may see the playbook).
    #[serde(default)]
    pub audience: Option<At<Id>>,
}

/// When a step applies: a condition in words, written as plain text or as a mapping with
/// `text:` and the incident `facts:` (from `content/obligations.yaml`) it stands for.
#[derive(Debug, Clone)]
pub struct AppliesWhen {
    /// The condition, e.g. "if backups are encrypted too".
    pub text: String,
    /// Incident facts the condition stands for.
    pub facts: Vec<At<Id>>,
}

/// The mapping form of `applies_when`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppliesWhenFacts {
    /// The condition in words.
    pub text: String,
    /// Incident facts (ids from `content/obligations.yaml`) the condition stands for.
    #[serde(default)]
    pub facts: Vec<At<Id>>,
}

impl<'de> Deserialize<'de> for AppliesWhen {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AppliesWhen;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a condition in words, or a mapping with `text:` and `facts:`")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<AppliesWhen, E> {
                Ok(AppliesWhen {
                    text: s.to_owned(),
                    facts: Vec::new(),
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, m: A) -> Result<AppliesWhen, A::Error> {
                let f = AppliesWhenFacts::deserialize(MapAccessDeserializer::new(m))?;
                Ok(AppliesWhen {
                    text: f.text,
                    facts: f.facts,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// The two written forms of `applies_when`, for the JSON Schema.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum AppliesWhenForms {
    /// The condition in words.
    Text(String),
    /// The condition and the facts it stands for.
    Facts(AppliesWhenFacts),
}

impl JsonSchema for AppliesWhen {
    fn schema_name() -> Cow<'static, str> {
        "AppliesWhen".into()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        AppliesWhenForms::json_schema(g)
    }
}

/// The roles around a step besides its owner, who is the one responsible.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Raci {
    /// The role answerable for the step being done.
    #[serde(default)]
    pub accountable: Option<At<Id>>,
    /// Roles asked before or while it is done.
    #[serde(default)]
    pub consulted: Vec<At<Id>>,
    /// Roles told once it is done.
    #[serde(default)]
    pub informed: Vec<At<Id>>,
}
