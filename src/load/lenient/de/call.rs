//! Reading one scalar with serde-saphyr: the `- value` document of a node, read as the
//! caller asked.

use serde::de::{self, DeserializeSeed, Deserializer, SeqAccess, Visitor};
use std::fmt;

/// How a scalar is asked to be read.
#[derive(Clone, Copy)]
pub(super) enum Call {
    Any,
    Bool,
    I8,
    I16,
    I32,
    I64,
    I128,
    U8,
    U16,
    U32,
    U64,
    U128,
    F32,
    F64,
    Char,
    Str,
    String,
    Bytes,
    ByteBuf,
    Unit,
    UnitStruct(&'static str),
    Seq,
    Tuple(usize),
    TupleStruct(&'static str, usize),
    Map,
    Struct(&'static str, &'static [&'static str]),
    Enum(&'static str, &'static [&'static str]),
    Identifier,
}

/// Reads the one item of a `- value` document as `call` asks.
pub(super) struct One<V> {
    call: Call,
    visitor: V,
}

impl<V> One<V> {
    /// Reads with `visitor` as `call` asks.
    pub(super) fn new(call: Call, visitor: V) -> One<V> {
        One { call, visitor }
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for One<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<V::Value, A::Error> {
        let called = Called {
            call: self.call,
            visitor: self.visitor,
        };
        seq.next_element_seed(called)?
            .ok_or_else(|| de::Error::custom("a value is missing"))
    }
}

pub(super) struct Called<V> {
    call: Call,
    visitor: V,
}

impl<'de, V: Visitor<'de>> DeserializeSeed<'de> for Called<V> {
    type Value = V::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        let v = self.visitor;
        match self.call {
            Call::Any => d.deserialize_any(v),
            Call::Bool => d.deserialize_bool(v),
            Call::I8 => d.deserialize_i8(v),
            Call::I16 => d.deserialize_i16(v),
            Call::I32 => d.deserialize_i32(v),
            Call::I64 => d.deserialize_i64(v),
            Call::I128 => d.deserialize_i128(v),
            Call::U8 => d.deserialize_u8(v),
            Call::U16 => d.deserialize_u16(v),
            Call::U32 => d.deserialize_u32(v),
            Call::U64 => d.deserialize_u64(v),
            Call::U128 => d.deserialize_u128(v),
            Call::F32 => d.deserialize_f32(v),
            Call::F64 => d.deserialize_f64(v),
            Call::Char => d.deserialize_char(v),
            Call::Str => d.deserialize_str(v),
            Call::String => d.deserialize_string(v),
            Call::Bytes => d.deserialize_bytes(v),
            Call::ByteBuf => d.deserialize_byte_buf(v),
            Call::Unit => d.deserialize_unit(v),
            Call::UnitStruct(name) => d.deserialize_unit_struct(name, v),
            Call::Seq => d.deserialize_seq(v),
            Call::Tuple(len) => d.deserialize_tuple(len, v),
            Call::TupleStruct(name, len) => d.deserialize_tuple_struct(name, len, v),
            Call::Map => d.deserialize_map(v),
            Call::Struct(name, fields) => d.deserialize_struct(name, fields, v),
            Call::Enum(name, variants) => d.deserialize_enum(name, variants, v),
            Call::Identifier => d.deserialize_identifier(v),
        }
    }
}
