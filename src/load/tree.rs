//! A YAML text as a tree of nodes with their positions: what the lenient loader
//! ([`super::lenient`]) walks to find every problem of a file, where the streaming parse
//! stops at the first.

use crate::model::Pos;
use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, Span};

/// A node's index in [`Tree::nodes`].
pub(super) type NodeId = usize;

/// What a node is.
#[derive(Debug)]
pub(super) enum Kind {
    /// A scalar: its text written as a one-item YAML sequence (`- value`), ready to be
    /// read by serde-saphyr alone, so that a scalar means exactly what it means in a
    /// whole file.
    Scalar {
        /// The value after YAML escapes and folding.
        value: String,
        /// Plain (unquoted), so `~`, `null` and empty read as nothing.
        plain: bool,
        /// `- value` as YAML.
        doc: String,
    },
    /// A sequence of nodes.
    Seq(Vec<NodeId>),
    /// A mapping: (key, value) pairs in source order.
    Map(Vec<(NodeId, NodeId)>),
    /// An alias (`*name`) of an earlier node.
    Alias(NodeId),
}

/// One node and where it starts.
#[derive(Debug)]
pub(super) struct Node {
    /// What it is.
    pub(super) kind: Kind,
    /// Where it starts (1-based line and column, as serde-saphyr counts them).
    pub(super) pos: Pos,
}

/// A parsed YAML document.
#[derive(Debug)]
pub(super) struct Tree {
    /// Every node; children come after their parent.
    pub(super) nodes: Vec<Node>,
    /// The document's top node.
    pub(super) root: NodeId,
}

/// Why a text has no tree: the streaming parse reports these itself.
#[derive(Debug)]
pub(super) struct NoTree;

/// A container being filled while events arrive.
enum Open {
    Seq(NodeId, Vec<NodeId>),
    Map(NodeId, Vec<(NodeId, NodeId)>, Option<NodeId>),
}

impl Tree {
    /// Parses `text` (one YAML document) into a tree; `NoTree` on a syntax error, several
    /// documents, an alias to no anchor, a key that is not a scalar or a tagged scalar
    /// (none of which the lenient loader reads past).
    pub(super) fn parse(text: &str) -> Result<Tree, NoTree> {
        let mut b = Builder::default();
        let mut documents = 0;
        for item in Parser::new_from_str(text) {
            let (event, span) = item.map_err(|_| NoTree)?;
            match event {
                Event::DocumentStart(..) => {
                    documents += 1;
                    if documents > 1 {
                        return Err(NoTree);
                    }
                }
                Event::Scalar(value, style, anchor, tag) => {
                    if tag.is_some() {
                        return Err(NoTree);
                    }
                    let id = b.scalar(&value, style, &span);
                    b.anchor(anchor, id);
                    b.add(id)?;
                }
                Event::SequenceStart(_, anchor, _) => {
                    let id = b.push(Kind::Seq(Vec::new()), &span);
                    b.anchor(anchor, id);
                    b.open.push(Open::Seq(id, Vec::new()));
                }
                Event::MappingStart(_, anchor, _) => {
                    let id = b.push(Kind::Map(Vec::new()), &span);
                    b.anchor(anchor, id);
                    b.open.push(Open::Map(id, Vec::new(), None));
                }
                Event::SequenceEnd | Event::MappingEnd => b.close()?,
                Event::Alias(anchor) => {
                    let target = *b.anchors.get(&anchor).ok_or(NoTree)?;
                    let id = b.push(Kind::Alias(target), &span);
                    b.add(id)?;
                }
                _ => {}
            }
        }
        let root = b.root.ok_or(NoTree)?;
        Ok(Tree {
            nodes: b.nodes,
            root,
        })
    }

    /// The node `id` is, aliases followed.
    pub(super) fn resolve(&self, mut id: NodeId) -> NodeId {
        // An alias always points at an earlier node, so this ends.
        while let Kind::Alias(target) = self.nodes[id].kind {
            id = target;
        }
        id
    }

    /// The text of a scalar node (aliases followed), if it is one.
    pub(super) fn scalar(&self, id: NodeId) -> Option<&str> {
        match &self.nodes[self.resolve(id)].kind {
            Kind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The value of key `key` in mapping node `id`, if it is a mapping with that key.
    pub(super) fn get(&self, id: NodeId, key: &str) -> Option<NodeId> {
        match &self.nodes[self.resolve(id)].kind {
            Kind::Map(entries) => entries
                .iter()
                .find(|(k, _)| self.scalar(*k) == Some(key))
                .map(|(_, v)| *v),
            _ => None,
        }
    }
}

#[derive(Default)]
struct Builder {
    nodes: Vec<Node>,
    open: Vec<Open>,
    anchors: std::collections::HashMap<usize, NodeId>,
    root: Option<NodeId>,
}

impl Builder {
    fn push(&mut self, kind: Kind, span: &Span) -> NodeId {
        let pos = Pos {
            line: u32::try_from(span.start.line()).unwrap_or(u32::MAX),
            col: u32::try_from(span.start.col() + 1).unwrap_or(u32::MAX),
        };
        self.nodes.push(Node { kind, pos });
        self.nodes.len() - 1
    }

    fn scalar(&mut self, value: &str, style: ScalarStyle, span: &Span) -> NodeId {
        let plain = matches!(style, ScalarStyle::Plain);
        // A plain scalar's text is valid plain text again (it was in the file), whatever
        // was quoted or a block is written double-quoted: the same string either way.
        let doc = if plain {
            format!("- {value}")
        } else {
            format!("- {}", quoted(value))
        };
        self.push(
            Kind::Scalar {
                value: value.to_owned(),
                plain,
                doc,
            },
            span,
        )
    }

    fn anchor(&mut self, anchor: usize, id: NodeId) {
        if anchor != 0 {
            self.anchors.insert(anchor, id);
        }
    }

    /// Adds a finished node to the open container, or makes it the root.
    fn add(&mut self, id: NodeId) -> Result<(), NoTree> {
        match self.open.last_mut() {
            None => self.root = Some(id),
            Some(Open::Seq(_, items)) => items.push(id),
            Some(Open::Map(_, entries, key)) => match key.take() {
                None => {
                    if !matches!(self.nodes[id].kind, Kind::Scalar { .. } | Kind::Alias(_)) {
                        return Err(NoTree);
                    }
                    *key = Some(id);
                }
                Some(k) => entries.push((k, id)),
            },
        }
        Ok(())
    }

    fn close(&mut self) -> Result<(), NoTree> {
        let id = match self.open.pop().ok_or(NoTree)? {
            Open::Seq(id, items) => {
                self.nodes[id].kind = Kind::Seq(items);
                id
            }
            Open::Map(id, entries, None) => {
                self.nodes[id].kind = Kind::Map(entries);
                id
            }
            Open::Map(_, _, Some(_)) => return Err(NoTree),
        };
        self.add(id)
    }
}

/// `value` as a double-quoted YAML scalar.
fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_have_positions_and_scalars_a_document() {
        let t = Tree::parse("a: 1\nb:\n  - 'x y'\n  - *z\n").err();
        assert!(t.is_some(), "an alias to no anchor has no tree");
        let t = Tree::parse("a: &z 1\nb:\n  - 'x \"y'\n  - *z\n").unwrap();
        let b = t.get(t.root, "b").unwrap();
        assert_eq!(t.nodes[b].pos, Pos { line: 3, col: 3 });
        let Kind::Seq(items) = &t.nodes[b].kind else {
            panic!("not a sequence")
        };
        let Kind::Scalar { doc, .. } = &t.nodes[items[0]].kind else {
            panic!("not a scalar")
        };
        assert_eq!(doc, "- \"x \\\"y\"");
        assert_eq!(t.scalar(items[1]), Some("1"));
        assert_eq!(t.nodes[items[1]].pos, Pos { line: 4, col: 5 });
    }

    #[test]
    fn syntax_errors_and_second_documents_have_no_tree() {
        assert!(Tree::parse("a: [1\n").is_err());
        assert!(Tree::parse("a: 1\n---\nb: 2\n").is_err());
    }
}
