//! A node read as serde-saphyr's `Spanned` (what `At<T>` is read through): its value and
//! where it is.

use super::{Fault, NodeDe};
use crate::model::Pos;
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, Visitor};

/// What serde-saphyr's `Spanned` asks the deserializer for, and the key that marks the
/// position fields it is given (a private name of serde-saphyr's, pinned by the test
/// `lenient::tests::positions_match_the_streaming_parse`).
pub(super) const SPANNED: &str = "__yaml_spanned";
const SPANNED_MARKER: &str = "__serde_saphyr_private_spanned";

/// A node read as serde-saphyr's `Spanned`: its value and where it is.
pub(super) struct SpanDe<'c, 't>(pub(super) NodeDe<'c, 't>);

impl<'de, 't: 'de> Deserializer<'de> for SpanDe<'_, 't> {
    type Error = Fault;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        visitor.visit_map(SpanFields {
            de: self.0,
            next: 0,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// The fields serde-saphyr gives a `Spanned`: a marker, the value, where it is used and
/// where it is defined.
pub(super) struct SpanFields<'c, 't> {
    de: NodeDe<'c, 't>,
    next: u8,
}

impl<'de, 't: 'de> MapAccess<'de> for SpanFields<'_, 't> {
    type Error = Fault;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Fault> {
        let key = match self.next {
            0 => SPANNED_MARKER,
            1 => "value",
            2 => "referenced",
            3 => "defined",
            _ => return Ok(None),
        };
        self.next += 1;
        seed.deserialize(de::value::BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Fault> {
        match self.next {
            1 => seed.deserialize(IntoDeserializer::<Fault>::into_deserializer(true)),
            2 => seed
                .deserialize(self.de)
                .map_err(|f| self.de.ctx.placed(f, self.de.written)),
            3 => seed.deserialize(Place(self.de.pos())),
            _ => seed.deserialize(Place(self.de.defined())),
        }
    }
}

/// A position read as serde-saphyr's `Location`.
pub(super) struct Place(Pos);

impl<'de> Deserializer<'de> for Place {
    type Error = Fault;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        let fields = [("line", self.0.line), ("column", self.0.col)];
        visitor.visit_map(de::value::MapDeserializer::<_, Fault>::new(
            fields.into_iter(),
        ))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}
