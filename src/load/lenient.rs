//! The lenient loader: reads a YAML file that the streaming parse stopped on, to report
//! every problem in it rather than the first, and to keep what can be kept.
//!
//! The file is parsed to a [`Tree`] and read into the typed model by a serde
//! [`Deserializer`](serde::Deserializer) over the tree ([`NodeDe`]). Each scalar is read
//! by serde-saphyr itself (from a one-line document holding just that scalar), so a value
//! means what it means in the streaming parse. Unknown and repeated keys are reported and
//! skipped as they are met. A value of the wrong type stops the read of the mapping it is
//! in (serde's derived code stops at the first error), so the file is read again with
//! that entry left out, until a read meets no new problem: each read finds the next
//! problem of every mapping. A last read leaves out every list item that had a problem.
//! What remains is the file as it can be trusted: whole items only.

mod de;
#[cfg(test)]
mod either_tests;

use super::problem::{Problem, ProblemKind};
use super::tree::{Kind, NodeId, Tree};
use crate::model::Pos;
use de::{Ctx, NodeDe};
use serde::de::DeserializeOwned;

/// A file read in full: its content without the items that had problems, every problem
/// in it, and what was left out.
#[derive(Debug)]
pub struct Read<T> {
    /// The content; `None` when the file as a whole could not be read.
    pub value: Option<T>,
    /// Every problem found, in the order found.
    pub problems: Vec<Problem>,
    /// The list items left out (and the file itself, when `value` is `None` and the file
    /// could be parsed as YAML).
    pub failed: Vec<Failed>,
}

/// Parses `text` (the YAML of `file`, numbered from the top of the file) into `T`,
/// reporting every problem. A good file takes the streaming parse alone; when that stops
/// on a problem, a file that is valid YAML is read again leniently ([`read`]).
pub fn parse_all<T: DeserializeOwned>(file: &str, text: &str) -> Read<T> {
    let first = match super::yaml::parse::<T>(file, text) {
        Ok(value) => {
            return Read {
                value: Some(value),
                problems: Vec::new(),
                failed: Vec::new(),
            };
        }
        Err(p) => p,
    };
    let alone = |first: Problem| Read {
        value: None,
        problems: vec![first],
        failed: Vec::new(),
    };
    // Whatever the streaming parse stopped on, a file that parses as YAML can be read
    // leniently (a syntax error has no tree); past a budget it is not read again.
    let readable = first.kind != ProblemKind::YamlLimit;
    let Some(out) = readable.then(|| read::<T>(text)).flatten() else {
        return alone(first);
    };
    if out.faults.is_empty() {
        // The two reads disagree; the streaming parse is the reference.
        return alone(first);
    }
    let raw = out.faults.iter();
    let raw = raw.map(|(pos, raw)| super::yaml::problem(file, *pos, raw));
    let mut problems = super::yaml_help::explain_all(text, raw.collect());
    let same = |p: &Problem| {
        p.message == first.message || (p.line, p.column) == (first.line, first.column)
    };
    if !problems.iter().any(same) {
        problems.insert(0, first);
    }
    Read {
        value: out.value,
        problems,
        failed: out.failed,
    }
}

/// A list item (or an entry of a mapping read as a map) that was left out because it
/// had a problem, or the whole file when it could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failed {
    /// The keys leading to its list from the top of the file, joined with `.`, e.g.
    /// `roles` or `phases.steps`; empty for the file itself.
    pub path: String,
    /// Its `id:` (for an entry of a mapping, its key), when that could be read.
    pub id: Option<String>,
}

/// What reading a file leniently found.
struct Outcome<T> {
    /// The file's content without the items that had problems; `None` when the file
    /// as a whole could not be read (a required field of its top level is wrong).
    value: Option<T>,
    /// Every problem: position and serde-saphyr's wording, in the order found.
    faults: Vec<(Pos, String)>,
    /// What was left out.
    failed: Vec<Failed>,
}

/// The `id:` at the top level of a YAML text (or a page's front matter), read line by
/// line: what names a file that cannot be parsed, so that references to it are known.
pub fn top_level_id(text: &str) -> Option<String> {
    for (n, line) in text.lines().enumerate() {
        if n > 0 && line.trim_end() == "---" {
            break;
        }
        if let Some(rest) = line.strip_prefix("id:") {
            let value = rest.split(" #").next().unwrap_or_default().trim();
            let value = value.trim_matches(|c| c == '"' || c == '\'');
            return (!value.is_empty()).then(|| value.to_owned());
        }
    }
    None
}

/// Reads at most this many times. Each read but the last finds one problem that stops a
/// mapping (problems of unknown or repeated keys come all at once), and passes by the
/// list items read without a problem before, so a read costs little.
const MAX_READS: usize = 500;

/// Reads `text` into `T` leniently, collecting every problem. `None` when the file cannot
/// be read this way (a syntax error, several documents, merge keys, tags, or more aliases
/// followed than a scheme file needs): the streaming parse's problem stands alone then.
fn read<T: DeserializeOwned>(text: &str) -> Option<Outcome<T>> {
    let tree = Tree::parse(text).ok()?;
    let ctx = Ctx::new(&tree);
    let mut reads = 0;
    // Reads that find problems, then the last reads, which leave out the failed items.
    let mut last = false;
    let value = loop {
        reads += 1;
        if reads > MAX_READS {
            // More problems than are worth finding one by one: the file is left out whole.
            break None;
        }
        ctx.begin(last);
        let res = T::deserialize(NodeDe::root(&ctx));
        if ctx.gave_up() {
            return None;
        }
        match res {
            Ok(value) if last => break Some(value),
            // A read that meets no problem but those it goes past has found them all.
            Ok(_) => last = true,
            Err(f) => {
                // A problem of a last read only follows from an item left out (a list that
                // is judged as a whole, now shorter): it is left out with its culprit.
                if !ctx.caught(f, last) {
                    // The top of the file itself cannot be read: nothing more to learn.
                    break None;
                }
            }
        }
    };
    let failed = ctx.failed_items(value.is_none());
    Some(Outcome {
        value,
        faults: ctx.into_faults(),
        failed,
    })
}

/// How a node hangs from its parent.
#[derive(Clone, Copy)]
enum Link {
    /// An item of a sequence.
    Item,
    /// The key of a mapping's entry.
    Key,
    /// A mapping's value, under this key.
    Value(NodeId),
}

/// Describes item `id` of `tree`: the keys on its way from the top, and its id.
fn describe(tree: &Tree, parents: &[Option<(NodeId, Link)>], id: NodeId) -> Failed {
    let own_key = match parents.get(id).copied().flatten() {
        // `id` is the key of an entry read as a map: its text is the item's id.
        Some((_, Link::Key)) => tree.scalar(id).map(str::to_owned),
        _ => None,
    };
    let mut keys = Vec::new();
    let mut at = id;
    while let Some(Some((parent, link))) = parents.get(at).copied() {
        if let Link::Value(k) = link
            && let Some(k) = tree.scalar(k)
        {
            keys.push(k.to_owned());
        }
        at = parent;
    }
    keys.reverse();
    let id_text = own_key.or_else(|| {
        tree.get(id, "id")
            .and_then(|n| tree.scalar(n))
            .map(str::to_owned)
    });
    Failed {
        path: keys.join("."),
        id: id_text,
    }
}

/// For every node, its parent container and how it hangs from it (the first parent of a
/// node that aliases share).
fn parents(tree: &Tree) -> Vec<Option<(NodeId, Link)>> {
    let mut out = vec![None; tree.nodes.len()];
    for (id, node) in tree.nodes.iter().enumerate() {
        match &node.kind {
            Kind::Seq(items) => {
                for &i in items {
                    out[i].get_or_insert((id, Link::Item));
                }
            }
            Kind::Map(entries) => {
                for &(k, v) in entries {
                    out[k].get_or_insert((id, Link::Key));
                    out[v].get_or_insert((id, Link::Value(k)));
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests;
