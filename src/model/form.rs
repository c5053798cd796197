//! `content/forms/*.yaml`: event and incident report forms.

use super::{At, Id, Text};
use schemars::JsonSchema;
use serde::Deserialize;

/// A report form.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Form {
    /// Form id; also its page name.
    pub id: At<Id>,
    /// Title, e.g. "Information security event report".
    pub title: String,
    /// Who fills it in and when (Markdown).
    #[serde(default)]
    pub intro: Option<Text>,
    /// Who may see the form.
    #[serde(default)]
    pub audience: Option<At<Id>>,
    /// Sections in order.
    pub sections: Vec<Section>,
}

/// A section of a form.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Section id, unique within the form.
    pub id: At<Id>,
    /// Heading.
    pub title: String,
    /// Guidance for the section (Markdown).
    #[serde(default)]
    pub help: Option<Text>,
    /// Who may see this section.
    #[serde(default)]
    pub audience: Option<At<Id>>,
    /// Fields in order.
    pub fields: Vec<Field>,
}

/// A field of a form.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Field id, unique within the form.
    pub id: At<Id>,
    /// Label.
    pub label: String,
    /// Input kind.
    #[serde(default, rename = "type")]
    pub kind: FieldKind,
    /// Must it be filled in?
    #[serde(default)]
    pub required: bool,
    /// Help text (Markdown).
    #[serde(default)]
    pub help: Option<Text>,
    /// Choices for `choice` and `multi` fields.
    #[serde(default)]
    pub choices: Vec<String>,
    /// Who may see this field.
    #[serde(default)]
    pub audience: Option<At<Id>>,
}

/// Input kinds of a form field.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum FieldKind {
    /// One line of text.
    #[default]
    Text,
    /// Several lines of text.
    Textarea,
    /// A date.
    Date,
    /// A date and time.
    Datetime,
    /// An e-mail address.
    Email,
    /// A phone number.
    Phone,
    /// A number or amount.
    Number,
    /// One of `choices`.
    Choice,
    /// Any of `choices`.
    Multi,
    /// Yes or no.
    Checkbox,
    /// A signature line on paper.
    Signature,
}
