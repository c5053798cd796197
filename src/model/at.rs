//! Source positions attached to values read from YAML.

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::ops::Deref;

/// A 1-based line and column in a source file; line 0 means "position unknown".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// 1-based line, counted from the top of the file.
    pub line: u32,
    /// 1-based column, in characters.
    pub col: u32,
}

/// A value and where in its file it was written.
#[derive(Clone, Debug)]
pub struct At<T> {
    /// The value itself.
    pub value: T,
    /// Where the value starts in its source file.
    pub pos: Pos,
}

impl<T> At<T> {
    /// A value with no known position (built-in defaults).
    pub fn unplaced(value: T) -> At<T> {
        At {
            value,
            pos: Pos::default(),
        }
    }
}

impl<T> Deref for At<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: PartialEq> PartialEq for At<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for At<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = serde_saphyr::Spanned::<T>::deserialize(d)?;
        let pos = Pos {
            line: s.referenced.line().try_into().unwrap_or(u32::MAX),
            col: s.referenced.column().try_into().unwrap_or(u32::MAX),
        };
        Ok(At {
            value: s.value,
            pos,
        })
    }
}

impl<T: Serialize> Serialize for At<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

/// The schema of a positioned value is that of the value: the position is not written.
impl<T: JsonSchema> JsonSchema for At<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}
