//! The serde deserializer over a [`Tree`], and what one read of the tree keeps track of.

mod access;
mod call;
mod span;

use super::{Failed, describe, parents};
use crate::load::tree::{Kind, NodeId, Tree};
use crate::model::Pos;
use access::{Entries, Fields, Items};
use call::{Call, One};
use serde::de::{self, Deserializer, Unexpected, Visitor};
use span::{SPANNED, SpanDe};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, HashSet};
use std::fmt;

/// Nodes reached through aliases, over all reads of a file, beyond which the lenient read
/// gives up (the streaming parse reports alias bombs itself).
const MAX_ALIASED: usize = 10_000;

/// The state of the reads of one file.
pub(super) struct Ctx<'t> {
    tree: &'t Tree,
    /// Entries (by their key) and list items left out of every read from now on.
    excluded: RefCell<HashSet<NodeId>>,
    /// List items and entries of mappings read as maps that had a problem.
    failed: RefCell<BTreeSet<NodeId>>,
    /// This is the last read: failed items are left out.
    last: Cell<bool>,
    /// The list items being read, innermost last.
    items: RefCell<Vec<NodeId>>,
    /// Sequences and mappings this read left items out of.
    shortened: RefCell<HashSet<NodeId>>,
    /// List items read without a problem: the reads that find problems pass them by.
    done: RefCell<HashSet<NodeId>>,
    /// Sequences this read passed items of by; and those to be read whole, because their
    /// type judges them as a whole.
    trimmed: RefCell<HashSet<NodeId>>,
    whole: RefCell<HashSet<NodeId>>,
    /// The problems found, in order, each once.
    faults: RefCell<Vec<(Pos, String)>>,
    seen: RefCell<HashSet<(Pos, String)>>,
    /// The number of nodes under each node, itself included (an alias counts one).
    sizes: Vec<usize>,
    /// Nodes reached through aliases so far.
    aliased: Cell<usize>,
    gave_up: Cell<bool>,
}

impl<'t> Ctx<'t> {
    pub(super) fn new(tree: &'t Tree) -> Ctx<'t> {
        Ctx {
            tree,
            excluded: RefCell::default(),
            failed: RefCell::default(),
            last: Cell::new(false),
            items: RefCell::default(),
            shortened: RefCell::default(),
            done: RefCell::default(),
            trimmed: RefCell::default(),
            whole: RefCell::default(),
            faults: RefCell::default(),
            seen: RefCell::default(),
            sizes: sizes(tree),
            aliased: Cell::new(0),
            gave_up: Cell::new(false),
        }
    }

    /// Starts a read; the last one leaves out the items that failed.
    pub(super) fn begin(&self, last: bool) {
        self.last.set(last);
        self.items.borrow_mut().clear();
        self.shortened.borrow_mut().clear();
        self.trimmed.borrow_mut().clear();
    }

    /// The read met something it cannot read past (merge keys, too many aliases).
    pub(super) fn gave_up(&self) -> bool {
        self.gave_up.get()
    }

    /// Takes in the fault a read ended on: notes it (unless `quiet`) and leaves its
    /// culprit out of the next read. False when it has no culprit: the file's top level
    /// cannot be read.
    pub(super) fn caught(&self, f: Fault, quiet: bool) -> bool {
        if let Some(seq) = f.artifact
            && self.whole.borrow_mut().insert(seq)
        {
            // Only passing items by made this fault: the sequence is read whole next time.
            return true;
        }
        // A quiet fault follows from something left out already: nothing new is wrong.
        if !f.quiet {
            if !quiet {
                self.record(f.pos.unwrap_or_default(), f.message);
            }
            if let Some(item) = f.item {
                self.failed.borrow_mut().insert(item);
            }
        }
        match f.culprit {
            Some(c) => self.excluded.borrow_mut().insert(c),
            None => false,
        }
    }

    /// The items that were left out, and the file itself when `whole` failed.
    pub(super) fn failed_items(&self, whole: bool) -> Vec<Failed> {
        let parents = parents(self.tree);
        let mut out: Vec<Failed> = self
            .failed
            .borrow()
            .iter()
            .map(|&id| describe(self.tree, &parents, id))
            .collect();
        if whole {
            out.push(describe(self.tree, &parents, self.tree.root));
        }
        out
    }

    /// The problems found, in the order found.
    pub(super) fn into_faults(self) -> Vec<(Pos, String)> {
        self.faults.into_inner()
    }

    fn record(&self, pos: Pos, message: String) {
        if self.seen.borrow_mut().insert((pos, message.clone())) {
            self.faults.borrow_mut().push((pos, message));
        }
    }

    /// Notes a problem the read goes on past, failing the item it is in.
    fn note(&self, pos: Pos, message: String, item: Option<NodeId>) {
        self.record(pos, message);
        if let Some(item) = item.or_else(|| self.current_item()) {
            self.failed.borrow_mut().insert(item);
        }
    }

    /// Where node `id` is written. A value's own problems found after it was read (a
    /// date that is no day) are placed there, as serde-saphyr places them.
    fn pos(&self, id: NodeId) -> Pos {
        self.tree.nodes[id].pos
    }

    /// Places a fault that came out of reading node `written` (as written), unless a node
    /// inside placed it. A fault raised by the node's own type after reading a list or
    /// mapping that items were left out of (a list judged as a whole) follows from those
    /// items: it is not reported.
    fn placed(&self, mut f: Fault, written: NodeId) -> Fault {
        if f.pos.is_none() {
            let node = self.tree.resolve(written);
            if self.trimmed.borrow().contains(&node) {
                f.artifact = Some(node);
            } else if self.shortened.borrow().contains(&node) {
                f.quiet = true;
            }
        }
        f.at(self.pos(written))
    }

    /// Passes list item `item` of sequence `seq` by: read without a problem before, in a
    /// read that finds problems, in a sequence not read whole.
    fn passes(&self, seq: NodeId, item: NodeId) -> bool {
        let by = !self.last.get()
            && self.done.borrow().contains(&item)
            && !self.whole.borrow().contains(&seq);
        if by {
            self.trimmed.borrow_mut().insert(seq);
        }
        by
    }

    fn current_item(&self) -> Option<NodeId> {
        self.items.borrow().last().copied()
    }

    fn skips(&self, id: NodeId) -> bool {
        self.excluded.borrow().contains(&id)
            || (self.last.get() && self.failed.borrow().contains(&id))
    }

    fn give_up(&self) -> Fault {
        self.gave_up.set(true);
        Fault::new("the lenient read gave up".into())
    }
}

/// The number of nodes under each node of `tree`, itself included.
fn sizes(tree: &Tree) -> Vec<usize> {
    let mut sizes = vec![1; tree.nodes.len()];
    // Children come after their parent: adding from the end sums whole subtrees.
    for id in (0..tree.nodes.len()).rev() {
        let below: usize = match &tree.nodes[id].kind {
            Kind::Seq(items) => items.iter().map(|&i| sizes[i]).sum(),
            Kind::Map(entries) => entries.iter().map(|&(k, v)| sizes[k] + sizes[v]).sum(),
            _ => 0,
        };
        sizes[id] += below;
    }
    sizes
}

/// A problem met while reading, and where it leads.
#[derive(Debug)]
pub(super) struct Fault {
    /// serde-saphyr's wording.
    message: String,
    /// Where it is; set by the innermost node the fault comes out of.
    pos: Option<Pos>,
    /// What to leave out of the next read: the entry (by its key) or the list item the
    /// fault first came out of.
    culprit: Option<NodeId>,
    /// The list item the culprit is in; `None` at the top level of the file.
    item: Option<NodeId>,
    /// The field a struct missed, for a missing-field fault.
    missing: Option<&'static str>,
    /// It only follows from something already left out: not reported.
    quiet: bool,
    /// It only follows from passing by items of this sequence read before.
    artifact: Option<NodeId>,
}

impl Fault {
    fn new(message: String) -> Fault {
        Fault {
            message,
            pos: None,
            culprit: None,
            item: None,
            missing: None,
            quiet: false,
            artifact: None,
        }
    }

    fn saphyr(e: &serde_saphyr::Error) -> Fault {
        Fault::new(crate::load::yaml::strip_location(
            &e.without_snippet().to_string(),
        ))
    }

    /// Places the fault at `pos` unless a node inside placed it already.
    fn at(mut self, pos: Pos) -> Fault {
        self.pos.get_or_insert(pos);
        self
    }

    /// Names the culprit (an entry's key or a list item) unless one inside was named.
    fn blame(mut self, culprit: NodeId, item: Option<NodeId>) -> Fault {
        if self.culprit.is_none() {
            self.culprit = Some(culprit);
            self.item = item;
        }
        self
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Fault {}

/// Serde's errors, worded as serde-saphyr words them.
impl de::Error for Fault {
    fn custom<T: fmt::Display>(msg: T) -> Fault {
        Fault::new(msg.to_string())
    }

    fn invalid_type(unexp: Unexpected, exp: &dyn de::Expected) -> Fault {
        Fault::saphyr(&serde_saphyr::Error::invalid_type(unexp, exp))
    }

    fn invalid_value(unexp: Unexpected, exp: &dyn de::Expected) -> Fault {
        Fault::saphyr(&serde_saphyr::Error::invalid_value(unexp, exp))
    }

    fn invalid_length(len: usize, exp: &dyn de::Expected) -> Fault {
        Fault::saphyr(&serde_saphyr::Error::invalid_length(len, exp))
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Fault {
        Fault::saphyr(&serde_saphyr::Error::unknown_variant(variant, expected))
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Fault {
        Fault::saphyr(&serde_saphyr::Error::unknown_field(field, expected))
    }

    fn missing_field(field: &'static str) -> Fault {
        let mut f = Fault::saphyr(&serde_saphyr::Error::missing_field(field));
        f.missing = Some(field);
        f
    }
}

/// A node of the tree as a serde deserializer.
#[derive(Clone, Copy)]
pub(super) struct NodeDe<'c, 't> {
    ctx: &'c Ctx<'t>,
    /// The node as written: an alias where an alias was written.
    written: NodeId,
    /// The node it stands for, aliases followed.
    id: NodeId,
}

impl<'c, 't> NodeDe<'c, 't> {
    /// The top of the file.
    pub(super) fn root(ctx: &'c Ctx<'t>) -> NodeDe<'c, 't> {
        NodeDe::new(ctx, ctx.tree.root)
    }

    fn new(ctx: &'c Ctx<'t>, written: NodeId) -> NodeDe<'c, 't> {
        NodeDe {
            ctx,
            written,
            id: ctx.tree.resolve(written),
        }
    }

    fn kind(&self) -> &'t Kind {
        &self.ctx.tree.nodes[self.id].kind
    }

    /// Where the node is used (an alias's own place).
    fn pos(&self) -> Pos {
        self.ctx.tree.nodes[self.written].pos
    }

    /// Where the node is defined.
    fn defined(&self) -> Pos {
        self.ctx.tree.nodes[self.id].pos
    }

    /// Counts the nodes an alias leads to, giving up past the ceiling.
    fn enter(&self) -> Result<(), Fault> {
        if self.written != self.id {
            let n = self.ctx.aliased.get() + self.ctx.sizes[self.id];
            self.ctx.aliased.set(n);
            if n > MAX_ALIASED {
                return Err(self.ctx.give_up());
            }
        }
        Ok(())
    }

    /// A scalar read by serde-saphyr as `call` asks; a collection where a scalar is
    /// wanted is the wrong type.
    fn leaf<'de, V: Visitor<'de>>(self, call: Call, visitor: V) -> Result<V::Value, Fault>
    where
        't: 'de,
    {
        self.enter()?;
        let res = match self.kind() {
            // A scalar that is not null read as a string is its text, as serde-saphyr reads
            // it; the one case common enough to be worth not asking it.
            Kind::Scalar { value, plain, .. }
                if matches!(call, Call::Str | Call::String | Call::Identifier)
                    && !(*plain && nullish(value)) =>
            {
                visitor.visit_borrowed_str(value)
            }
            Kind::Scalar { doc, .. } => {
                let doc: &'t str = doc;
                serde_saphyr::with_deserializer_from_str_with_options(
                    doc,
                    crate::load::yaml::options(),
                    |de| de.deserialize_seq(One::new(call, visitor)),
                )
                .map_err(|e| Fault::saphyr(&e))
            }
            Kind::Seq(_) => Err(de::Error::invalid_type(Unexpected::Seq, &visitor)),
            Kind::Map(_) | Kind::Alias(_) => {
                Err(de::Error::invalid_type(Unexpected::Map, &visitor))
            }
        };
        res.map_err(|f| f.at(self.pos()))
    }

    /// Was the entry `field` of this mapping left out of the read?
    fn left_out(&self, entries: &[(NodeId, NodeId)], field: &str) -> bool {
        let excluded = self.ctx.excluded.borrow();
        entries
            .iter()
            .any(|(k, _)| excluded.contains(k) && self.ctx.tree.scalar(*k) == Some(field))
    }
}

macro_rules! leaves {
    ($($method:ident => $call:expr;)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
                self.leaf($call, visitor)
            }
        )*
    };
}

impl<'de, 'c, 't: 'de> Deserializer<'de> for NodeDe<'c, 't> {
    type Error = Fault;

    leaves! {
        deserialize_bool => Call::Bool;
        deserialize_i8 => Call::I8;
        deserialize_i16 => Call::I16;
        deserialize_i32 => Call::I32;
        deserialize_i64 => Call::I64;
        deserialize_i128 => Call::I128;
        deserialize_u8 => Call::U8;
        deserialize_u16 => Call::U16;
        deserialize_u32 => Call::U32;
        deserialize_u64 => Call::U64;
        deserialize_u128 => Call::U128;
        deserialize_f32 => Call::F32;
        deserialize_f64 => Call::F64;
        deserialize_char => Call::Char;
        deserialize_str => Call::Str;
        deserialize_string => Call::String;
        deserialize_bytes => Call::Bytes;
        deserialize_byte_buf => Call::ByteBuf;
        deserialize_unit => Call::Unit;
        deserialize_identifier => Call::Identifier;
    }

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        match self.kind() {
            Kind::Seq(items) => self.items(items, visitor),
            Kind::Map(entries) => self.entries(entries, visitor),
            _ => self.leaf(Call::Any, visitor),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        visitor.visit_unit()
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        match self.kind() {
            Kind::Scalar { value, plain, .. } if *plain && nullish(value) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Fault> {
        self.leaf(Call::UnitStruct(name), visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Fault> {
        if name == SPANNED {
            return visitor.visit_newtype_struct(SpanDe(self));
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        match self.kind() {
            Kind::Seq(items) => self.items(items, visitor),
            _ => self.leaf(Call::Seq, visitor),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Fault> {
        match self.kind() {
            Kind::Seq(items) => self.items(items, visitor),
            _ => self.leaf(Call::Tuple(len), visitor),
        }
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Fault> {
        match self.kind() {
            Kind::Seq(items) => self.items(items, visitor),
            _ => self.leaf(Call::TupleStruct(name, len), visitor),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        match self.kind() {
            Kind::Map(entries) => self.entries(entries, visitor),
            _ => self.leaf(Call::Map, visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Fault> {
        let Kind::Map(entries) = self.kind() else {
            return self.leaf(Call::Struct(name, fields), visitor);
        };
        self.enter()?;
        visitor
            .visit_map(Fields::new(self, entries, fields))
            .map_err(|mut f| {
                // A field of this struct that a read left out is missing because of that.
                if f.pos.is_none()
                    && let Some(field) = f.missing
                    && self.left_out(entries, field)
                {
                    f.quiet = true;
                }
                f.at(self.pos())
            })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Fault> {
        self.leaf(Call::Enum(name, variants), visitor)
    }
}

impl<'de, 'c, 't: 'de> NodeDe<'c, 't> {
    /// A sequence's items for `visitor`.
    fn items<V: Visitor<'de>>(self, items: &'t [NodeId], visitor: V) -> Result<V::Value, Fault> {
        self.enter()?;
        visitor
            .visit_seq(Items::new(self.ctx, self.id, items))
            .map_err(|f| self.ctx.placed(f, self.written))
    }

    /// A mapping's entries for a visitor that reads a map, not a struct.
    fn entries<V: Visitor<'de>>(
        self,
        entries: &'t [(NodeId, NodeId)],
        visitor: V,
    ) -> Result<V::Value, Fault> {
        self.enter()?;
        visitor
            .visit_map(Entries::new(self.ctx, self.id, entries))
            .map_err(|f| self.ctx.placed(f, self.written))
    }
}

/// What serde-saphyr reads as nothing when plain: `~`, `null` or empty.
fn nullish(value: &str) -> bool {
    matches!(value, "" | "~" | "null" | "Null" | "NULL")
}
