//! A searchable document: its title, link, kind and text pieces, each in a field with a
//! weight; built by `documents` and `listings`, read by `index`.

use super::plain::{collapse, plain_text};
use crate::edition::view::ChannelView;

/// Weight of a word in a title: a title hit outranks any amount of body text.
pub const W_TITLE: u32 = 12;
/// Weight of a word in an item's `search_terms`: the other names people know it by.
pub const W_TERMS: u32 = 8;
/// Weight of a word in a playbook's indicators, so symptoms find their playbook.
pub const W_INDICATOR: u32 = 6;
/// Weight of a word in a heading, section title, field label or level name.
pub const W_HEADING: u32 = 4;
/// Weight of a word in a page's or playbook's summary.
pub const W_SUMMARY: u32 = 2;
/// Weight of a word in body text.
pub const W_BODY: u32 = 1;

/// Characters of each document's plain text kept for snippets; the index covers all of it.
/// Enough for a snippet around an early match, while the excerpts of 10,000 pages stay
/// near 7 MB (most of the index file at that size).
pub const EXCERPT_CHARS: usize = 600;

/// Where a piece of a document's text counts, and how much.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Title,
    Terms,
    Indicator,
    Heading,
    Summary,
    Body,
}

/// How many fields there are.
pub(super) const FIELDS: usize = 6;

impl Field {
    pub(super) const ALL: [Field; FIELDS] = [
        Field::Title,
        Field::Terms,
        Field::Indicator,
        Field::Heading,
        Field::Summary,
        Field::Body,
    ];

    pub(super) fn weight(self) -> u32 {
        match self {
            Field::Title => W_TITLE,
            Field::Terms => W_TERMS,
            Field::Indicator => W_INDICATOR,
            Field::Heading => W_HEADING,
            Field::Summary => W_SUMMARY,
            Field::Body => W_BODY,
        }
    }
}

/// A searchable document: one page or one entry of the contact directory.
#[derive(Debug, Clone, Default)]
pub(super) struct Doc {
    pub(super) title: String,
    pub(super) href: String,
    pub(super) kind: &'static str,
    /// Text pieces, each with its field and whether it goes into the snippet text
    /// (headings do not: they are already part of the body).
    pub(super) parts: Vec<(Field, String, bool)>,
}

impl Doc {
    pub(super) fn new(title: &str, href: &str, kind: &'static str) -> Doc {
        Doc {
            title: collapse(title),
            href: href.to_owned(),
            kind,
            parts: Vec::new(),
        }
    }

    /// Adds plain text to a field, shown in snippets.
    pub(super) fn text(&mut self, field: Field, text: &str) -> &mut Doc {
        let t = collapse(text);
        if !t.is_empty() {
            self.parts.push((field, t, true));
        }
        self
    }

    /// Adds plain text to a field that is indexed but not shown in snippets.
    pub(super) fn hidden(&mut self, field: Field, text: &str) -> &mut Doc {
        let t = collapse(text);
        if !t.is_empty() {
            self.parts.push((field, t, false));
        }
        self
    }

    /// Adds the plain text of rendered HTML to a field, shown in snippets.
    pub(super) fn html(&mut self, field: Field, html: &str) -> &mut Doc {
        let t = plain_text(html);
        if !t.is_empty() {
            self.parts.push((field, t, true));
        }
        self
    }

    /// Adds an item's `search_terms`, each on its own, indexed but not shown.
    pub(super) fn terms(&mut self, terms: &[String]) -> &mut Doc {
        for t in terms {
            self.hidden(Field::Terms, t);
        }
        self
    }

    pub(super) fn excerpt(&self) -> String {
        let mut full = String::new();
        for (_, t, shown) in &self.parts {
            if !shown {
                continue;
            }
            // Pieces run on in the snippet: end each like a sentence so they read apart.
            if !full.is_empty() {
                if !full.ends_with(['.', '!', '?', ':', ';', '…']) {
                    full.push('.');
                }
                full.push(' ');
            }
            full.push_str(t);
            // Bytes are at least characters: once past the limit in bytes, count them.
            if full.len() > EXCERPT_CHARS && full.chars().count() > EXCERPT_CHARS {
                break;
            }
        }
        excerpt(&full, EXCERPT_CHARS)
    }
}

/// The first `max` characters of `s`, cut at a space where one is near, with an ellipsis.
fn excerpt(s: &str, max: usize) -> String {
    let Some((cut, _)) = s.char_indices().nth(max) else {
        return s.to_owned();
    };
    let head = &s[..cut];
    let head = match head.rfind(' ') {
        Some(sp) if sp * 5 > cut * 4 => &head[..sp],
        _ => head,
    };
    format!("{}…", head.trim_end())
}

/// Channels as text: kind, label, value and when to use each.
pub(super) fn channels(cs: &[ChannelView]) -> String {
    cs.iter()
        .map(|c| {
            let mut s = match &c.label {
                Some(l) => format!("{} ({l}): {}", c.kind_label, c.value),
                None => format!("{}: {}", c.kind_label, c.value),
            };
            if let Some(u) = &c.use_when {
                s.push_str(", ");
                s.push_str(u);
            }
            s
        })
        .collect::<Vec<_>>()
        .join("; ")
}
