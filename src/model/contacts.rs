//! `content/contacts.yaml`: roles, people, external parties and how to report.

use super::{At, Date, Id, Minutes};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The whole contacts file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contacts {
    /// How anyone reports an event: the 24x7 point of contact and out-of-band routes.
    pub reporting: Reporting,
    /// Roles of the scheme (service desk, ISIRT lead, ...).
    pub roles: Vec<Role>,
    /// Named people filling the roles.
    pub people: Vec<Person>,
    /// Organisations outside: CERTs, regulators, police, suppliers, media...
    #[serde(default)]
    pub external_parties: Vec<Party>,
}

/// Where events are reported.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reporting {
    /// The role that receives event reports first (operations support / point of contact).
    pub point_of_contact: At<Id>,
    /// When the point of contact is staffed, e.g. "24 hours a day, every day".
    pub hours: String,
    /// Routes that do not depend on the organisation's own e-mail or network.
    #[serde(default)]
    pub out_of_band: Vec<Channel>,
}

/// A way to reach someone.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    /// What kind of channel this is.
    pub kind: ChannelKind,
    /// Number, address or description, exactly as written.
    pub value: At<String>,
    /// Short label, e.g. "Service desk hotline".
    #[serde(default)]
    pub label: Option<String>,
    /// When to use this channel, e.g. "if you suspect e-mail is compromised".
    #[serde(default)]
    pub use_when: Option<String>,
    /// Who may see this channel; default the lowest audience.
    #[serde(default)]
    pub audience: Option<At<Id>>,
    /// Answered outside office hours (nights, weekends): what a clock shorter than a day
    /// needs.
    #[serde(default)]
    pub out_of_hours: bool,
}

/// Kinds of contact channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ChannelKind {
    /// Desk or switchboard phone.
    Phone,
    /// Mobile phone.
    Mobile,
    /// E-mail address.
    Email,
    /// Pager or paging service.
    Pager,
    /// Text message number.
    Sms,
    /// Secure messenger handle.
    Messenger,
    /// Web form or portal address.
    Web,
    /// A place to go in person.
    InPerson,
    /// Radio channel.
    Radio,
}

impl ChannelKind {
    /// Human label for the kind.
    pub fn label(self) -> &'static str {
        match self {
            ChannelKind::Phone => "Phone",
            ChannelKind::Mobile => "Mobile",
            ChannelKind::Email => "E-mail",
            ChannelKind::Pager => "Pager",
            ChannelKind::Sms => "Text message",
            ChannelKind::Messenger => "Messenger",
            ChannelKind::Web => "Web",
            ChannelKind::InPerson => "In person",
            ChannelKind::Radio => "Radio",
        }
    }
}

/// A role in the scheme.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Role id, e.g. `isirt-lead`.
    pub id: At<Id>,
    /// Human name.
    pub name: String,
    /// What the role does (Markdown).
    #[serde(default)]
    pub duties: Option<At<String>>,
    /// Fewest people that must hold the role; below it is a single point of failure.
    #[serde(default = "two")]
    pub min_holders: u32,
    /// Shared channels of the role itself (a desk number, a team mailbox).
    #[serde(default)]
    pub channels: Vec<Channel>,
    /// Who may see this role.
    #[serde(default)]
    pub audience: Option<At<Id>>,
    /// Other words people use when they search for this, e.g. `hacked` or `CEO fraud`:
    /// search finds it by them; they are not shown.
    #[serde(default)]
    pub search_terms: Vec<At<String>>,
}

fn two() -> u32 {
    2
}

/// A named person.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Person id, e.g. `amara-okafor`.
    pub id: At<Id>,
    /// Full name.
    pub name: String,
    /// Job title.
    #[serde(default)]
    pub title: Option<String>,
    /// Roles the person holds.
    #[serde(default)]
    pub roles: Vec<At<Id>>,
    /// People who stand in when this person cannot be reached, in order.
    #[serde(default)]
    pub backups: Vec<At<Id>>,
    /// Ways to reach the person.
    #[serde(default)]
    pub channels: Vec<Channel>,
    /// When the details were last checked with the person.
    #[serde(default)]
    pub last_verified: Option<At<Date>>,
    /// Who may see this person.
    #[serde(default)]
    pub audience: Option<At<Id>>,
    /// Other words people use when they search for this, e.g. `hacked` or `CEO fraud`:
    /// search finds it by them; they are not shown.
    #[serde(default)]
    pub search_terms: Vec<At<String>>,
}

/// An organisation outside the scheme.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// Party id, e.g. `national-cert`.
    pub id: At<Id>,
    /// Organisation name.
    pub name: String,
    /// What kind of party this is.
    pub kind: PartyKind,
    /// When to contact them (Markdown).
    #[serde(default)]
    pub when: Option<At<String>>,
    /// Severity levels at which they are contacted.
    #[serde(default)]
    pub for_severity: Vec<At<Id>>,
    /// Playbooks that involve them.
    #[serde(default)]
    pub for_playbooks: Vec<At<Id>>,
    /// Their contractual or promised response time.
    #[serde(default)]
    pub response_time: Option<At<Minutes>>,
    /// How soon after awareness a report is due: a one-stage obligation from awareness for
    /// a party that has none in obligations.yaml. The unit is kept as written (`72h` shows
    /// as "72 hours", never "3 days").
    #[serde(default)]
    pub reporting_deadline: Option<At<super::clock::Period>>,
    /// Reference such as a contract or membership number.
    #[serde(default)]
    pub reference: Option<String>,
    /// Ways to reach them.
    #[serde(default)]
    pub channels: Vec<Channel>,
    /// When the details were last checked.
    #[serde(default)]
    pub last_verified: Option<At<Date>>,
    /// Who may see this party.
    #[serde(default)]
    pub audience: Option<At<Id>>,
    /// Other words people use when they search for this, e.g. `hacked` or `CEO fraud`:
    /// search finds it by them; they are not shown.
    #[serde(default)]
    pub search_terms: Vec<At<String>>,
}

/// Kinds of external party.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PartyKind {
    /// A national or sector CERT/CSIRT.
    Cert,
    /// Police or other law enforcement.
    LawEnforcement,
    /// A regulator or designated reporting body.
    Regulator,
    /// Cyber insurer.
    Insurer,
    /// A supplier or service provider.
    Supplier,
    /// Outside legal counsel.
    Legal,
    /// Media or PR agency.
    Media,
    /// Fire, ambulance, facilities emergency.
    Emergency,
    /// A business partner or customer.
    Partner,
    /// Contracted incident response or forensics.
    IncidentResponse,
    /// Anything else.
    Other,
}

impl PartyKind {
    /// Human label for the kind.
    pub fn label(self) -> &'static str {
        match self {
            PartyKind::Cert => "CERT / CSIRT",
            PartyKind::LawEnforcement => "Law enforcement",
            PartyKind::Regulator => "Regulator",
            PartyKind::Insurer => "Insurer",
            PartyKind::Supplier => "Supplier",
            PartyKind::Legal => "Legal counsel",
            PartyKind::Media => "Media and PR",
            PartyKind::Emergency => "Emergency services",
            PartyKind::Partner => "Partner",
            PartyKind::IncidentResponse => "Incident response retainer",
            PartyKind::Other => "Other",
        }
    }
}
