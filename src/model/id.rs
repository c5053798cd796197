//! Validated identifiers used for every cross-reference in a scheme.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize};
use std::borrow::Cow;
use std::fmt;

/// An identifier: lowercase ASCII letters, digits and single hyphens, starting with a letter or digit.
///
/// Ids become file names and URL fragments, so the alphabet is kept small enough
/// to be safe on every file system and in every URL without escaping.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Id(String);

/// Why a string is not a valid [`Id`].
pub fn id_problem(s: &str) -> Option<&'static str> {
    if s.is_empty() {
        return Some("an id may not be empty");
    }
    if s.len() > 64 {
        return Some("an id may be at most 64 characters long");
    }
    if !s
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Some("an id may hold only lowercase letters a-z, digits and hyphens");
    }
    if s.starts_with('-') || s.ends_with('-') || s.contains("--") {
        return Some("an id may not start or end with a hyphen or hold two in a row");
    }
    None
}

impl Id {
    /// Makes an id, or says why the text is not one.
    pub fn parse(s: &str) -> Result<Id, String> {
        match id_problem(s) {
            None => Ok(Id(s.to_owned())),
            Some(why) => Err(format!("`{s}` is not a valid id: {why}")),
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::borrow::Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Id::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Matches exactly the strings [`id_problem`] accepts, up to the length limit.
const ID_PATTERN: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";

impl JsonSchema for Id {
    fn schema_name() -> Cow<'static, str> {
        "Id".into()
    }

    fn schema_id() -> Cow<'static, str> {
        concat!(module_path!(), "::Id").into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An id: lowercase letters a-z, digits and single hyphens, e.g. `isirt-lead`.",
            "type": "string",
            "pattern": ID_PATTERN,
            "minLength": 1,
            "maxLength": 64,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_slugs_and_rejects_the_rest() {
        assert!(Id::parse("sev1").is_ok());
        assert!(Id::parse("isirt-lead").is_ok());
        for bad in ["", "Sev1", "a_b", "-a", "a-", "a--b", "a b", "ä", "../x"] {
            assert!(Id::parse(bad).is_err(), "{bad} accepted");
        }
    }
}
