//! `content/forms/*.yaml`: event and incident report forms, and the records kept during
//! an incident (log sheets, custody forms), whose sections may be tables of rows.

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
    /// A record kept while an incident runs (a log sheet, a custody form): printed with
    /// the incident reference, severity and edition at the top of every sheet, and listed
    /// under Records in the binder.
    #[serde(default)]
    pub record: bool,
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
    /// Fields in order; none when the section is a table (`columns`).
    #[serde(default)]
    pub fields: Vec<Field>,
    /// Makes the section a table of repeating rows with these columns, in order.
    #[serde(default)]
    pub columns: Vec<Column>,
    /// Blank rows a table prints with (default 12); on screen, rows can be added.
    #[serde(default)]
    pub rows: Option<At<u32>>,
}

/// Blank rows a table section prints with when it sets no `rows`.
pub const DEFAULT_ROWS: u32 = 12;
/// Most blank rows a table section may ask for.
pub const MAX_ROWS: u32 = 200;

/// A column of a table section: every row has one cell of it.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// Column id, unique within the form.
    pub id: At<Id>,
    /// Heading.
    pub label: String,
    /// Input kind of its cells.
    #[serde(default, rename = "type")]
    pub kind: FieldKind,
    /// What to write in it (Markdown), shown in the key under the table.
    #[serde(default)]
    pub help: Option<Text>,
    /// Choices for `choice` and `multi` columns.
    #[serde(default)]
    pub choices: Vec<String>,
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
    /// A stage of a notification obligation in `content/obligations.yaml` (its choices are
    /// the stages the reader may see), or none.
    ObligationStage,
}
