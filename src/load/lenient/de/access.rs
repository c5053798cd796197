//! The accesses serde's visitors read a mapping or a sequence of the tree through.

use super::{Ctx, Fault, NodeDe};
use crate::load::tree::{Kind, NodeId, Tree};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Unexpected};
use std::collections::HashSet;

/// The text of key node `k` and whether it is a plain `<<` (a merge key).
pub(super) fn key_text(tree: &Tree, k: NodeId) -> (Option<&str>, bool) {
    match &tree.nodes[tree.resolve(k)].kind {
        Kind::Scalar { value, plain, .. } => (Some(value), *plain && value == "<<"),
        _ => (None, false),
    }
}

pub(super) fn duplicate(key: &str) -> String {
    format!("duplicate mapping key: {key}, set DuplicateKeyPolicy in Options if acceptable")
}

/// A mapping read as a struct: unknown and repeated keys are noted and skipped.
pub(super) struct Fields<'c, 't> {
    de: NodeDe<'c, 't>,
    entries: &'t [(NodeId, NodeId)],
    fields: &'static [&'static str],
    next: usize,
    seen: HashSet<&'t str>,
    /// The entry whose key was given and whose value is asked for next.
    value: Option<(NodeId, NodeId)>,
}

impl<'c, 't> Fields<'c, 't> {
    /// The fields of mapping `de` (its `entries`) for a struct with `fields`.
    pub(super) fn new(
        de: NodeDe<'c, 't>,
        entries: &'t [(NodeId, NodeId)],
        fields: &'static [&'static str],
    ) -> Fields<'c, 't> {
        Fields {
            de,
            entries,
            fields,
            next: 0,
            seen: HashSet::new(),
            value: None,
        }
    }
}

impl<'de, 't: 'de> MapAccess<'de> for Fields<'_, 't> {
    type Error = Fault;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Fault> {
        let ctx = self.de.ctx;
        while let Some(&(k, v)) = self.entries.get(self.next) {
            self.next += 1;
            if ctx.skips(k) {
                continue;
            }
            let pos = ctx.tree.nodes[k].pos;
            let (key, merge) = key_text(ctx.tree, k);
            if merge {
                return Err(ctx.give_up());
            }
            let Some(key) = key else {
                let f: Fault = de::Error::invalid_type(Unexpected::Map, &"a field name");
                ctx.note(pos, f.message, None);
                continue;
            };
            if !self.seen.insert(key) {
                ctx.note(pos, duplicate(key), None);
                continue;
            }
            if !self.fields.contains(&key) {
                let f: Fault = de::Error::unknown_field(key, self.fields);
                ctx.note(pos, f.message, None);
                continue;
            }
            self.value = Some((k, v));
            return seed
                .deserialize(de::value::BorrowedStrDeserializer::new(key))
                .map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Fault> {
        let Some((k, v)) = self.value.take() else {
            return Err(de::Error::custom("a value was asked for before its key"));
        };
        let ctx = self.de.ctx;
        seed.deserialize(NodeDe::new(ctx, v))
            .map_err(|f| ctx.placed(f, v).blame(k, ctx.current_item()))
    }
}

/// A mapping read as a map: each entry is an item of its own.
pub(super) struct Entries<'c, 't> {
    ctx: &'c Ctx<'t>,
    /// The mapping.
    node: NodeId,
    entries: &'t [(NodeId, NodeId)],
    next: usize,
    seen: HashSet<&'t str>,
    value: Option<(NodeId, NodeId)>,
}

impl<'c, 't> Entries<'c, 't> {
    /// The `entries` of mapping `node`.
    pub(super) fn new(
        ctx: &'c Ctx<'t>,
        node: NodeId,
        entries: &'t [(NodeId, NodeId)],
    ) -> Entries<'c, 't> {
        Entries {
            ctx,
            node,
            entries,
            next: 0,
            seen: HashSet::new(),
            value: None,
        }
    }
}

impl<'de, 't: 'de> MapAccess<'de> for Entries<'_, 't> {
    type Error = Fault;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Fault> {
        let ctx = self.ctx;
        while let Some(&(k, v)) = self.entries.get(self.next) {
            self.next += 1;
            if ctx.skips(k) {
                ctx.shortened.borrow_mut().insert(self.node);
                continue;
            }
            let (key, merge) = key_text(ctx.tree, k);
            if merge {
                return Err(ctx.give_up());
            }
            if let Some(key) = key
                && !self.seen.insert(key)
            {
                ctx.note(ctx.tree.nodes[k].pos, duplicate(key), Some(k));
                ctx.shortened.borrow_mut().insert(self.node);
                continue;
            }
            ctx.items.borrow_mut().push(k);
            let res = seed.deserialize(NodeDe::new(ctx, k));
            ctx.items.borrow_mut().pop();
            self.value = Some((k, v));
            return res
                .map(Some)
                .map_err(|f| f.at(ctx.pos(k)).blame(k, Some(k)));
        }
        Ok(None)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Fault> {
        let Some((k, v)) = self.value.take() else {
            return Err(de::Error::custom("a value was asked for before its key"));
        };
        let ctx = self.ctx;
        ctx.items.borrow_mut().push(k);
        let res = seed.deserialize(NodeDe::new(ctx, v));
        ctx.items.borrow_mut().pop();
        res.map_err(|f| ctx.placed(f, v).blame(k, Some(k)))
    }
}

/// A sequence's items: each an item of its own.
pub(super) struct Items<'c, 't> {
    ctx: &'c Ctx<'t>,
    /// The sequence.
    node: NodeId,
    items: &'t [NodeId],
    next: usize,
}

impl<'c, 't> Items<'c, 't> {
    /// The `items` of sequence `node`.
    pub(super) fn new(ctx: &'c Ctx<'t>, node: NodeId, items: &'t [NodeId]) -> Items<'c, 't> {
        Items {
            ctx,
            node,
            items,
            next: 0,
        }
    }
}

impl<'de, 't: 'de> SeqAccess<'de> for Items<'_, 't> {
    type Error = Fault;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Fault> {
        let ctx = self.ctx;
        while let Some(&item) = self.items.get(self.next) {
            self.next += 1;
            if ctx.skips(item) {
                ctx.shortened.borrow_mut().insert(self.node);
                continue;
            }
            if ctx.passes(self.node, item) {
                continue;
            }
            ctx.items.borrow_mut().push(item);
            let res = seed.deserialize(NodeDe::new(ctx, item));
            ctx.items.borrow_mut().pop();
            if res.is_ok() {
                ctx.done.borrow_mut().insert(item);
            }
            return res
                .map(Some)
                .map_err(|f| ctx.placed(f, item).blame(item, Some(item)));
        }
        Ok(None)
    }
}
