//! A Markdown file read as its top-level blocks, each with its source text and lines:
//! what the importer sorts into a playbook's fields.

use pulldown_cmark::{BlockQuoteKind, BrokenLink, CowStr, Event, Options, Parser, Tag, TagEnd};

/// What a top-level block is.
#[derive(Debug, Clone)]
pub(super) enum Kind {
    /// A heading of this level (1-6); the block's `plain` is its text.
    Heading(u8),
    /// A paragraph.
    Paragraph,
    /// A bullet or numbered list, with its items.
    List(Vec<Item>),
    /// A block quote; a GitHub alert (`> [!WARNING]`) carries its kind.
    Quote(Option<BlockQuoteKind>),
    /// An HTML block or comment.
    Html,
    /// YAML or TOML front matter.
    FrontMatter,
    /// A thematic break (`---`).
    Rule,
    /// A code block, table, footnote or anything else kept as written.
    Other,
}

/// One item of a list.
#[derive(Debug, Clone)]
pub(super) struct Item {
    /// A task-list item (`- [ ] ...`).
    pub(super) task: bool,
    /// Its Markdown, marker and task box removed, continuation lines un-indented.
    pub(super) text: String,
    /// Its first source line.
    pub(super) line: u32,
}

/// One top-level block.
#[derive(Debug, Clone)]
pub(super) struct Block {
    /// What it is.
    pub(super) kind: Kind,
    /// Its Markdown, as written.
    pub(super) text: String,
    /// Its text without markup (a heading's title).
    pub(super) plain: String,
    /// Its first and last source lines, from 1.
    pub(super) lines: (u32, u32),
}

/// A Markdown file as blocks.
pub(super) struct Doc {
    /// The top-level blocks in order.
    pub(super) blocks: Vec<Block>,
    /// Link reference definitions (`[label]: dest`), for links written by reference.
    pub(super) refs: Vec<(String, String)>,
    /// How many characters YAML cannot hold were replaced.
    pub(super) replaced: usize,
}

/// The Markdown switches the importer reads with: those irbook renders with, and front matter.
pub(super) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
}

/// Resolves `[text][label]` links from the source's reference definitions `refs` (label,
/// target), matching labels as CommonMark does: case and runs of spaces aside.
pub(super) fn reference_lookup<'r>(
    refs: &'r [(String, String)],
) -> impl for<'i> FnMut(BrokenLink<'i>) -> Option<(CowStr<'i>, CowStr<'i>)> + 'r {
    fn key(s: &str) -> String {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    }
    move |b: BrokenLink| {
        let k = key(&b.reference);
        refs.iter()
            .find(|(l, _)| key(l) == k)
            .map(|(_, d)| (CowStr::from(d.clone()), CowStr::from("")))
    }
}

/// Line endings made `\n`, a byte-order mark dropped, and characters YAML may not hold
/// (control characters other than tab and newline) replaced by U+FFFD; with their count.
pub(super) fn normalise(src: &str) -> (String, usize) {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let src = src.replace("\r\n", "\n").replace('\r', "\n");
    let mut replaced = 0;
    let out = src
        .chars()
        .map(|c| {
            let printable = matches!(c, '\t' | '\n' | '\u{20}'..='\u{7e}' | '\u{85}')
                || ('\u{a0}'..='\u{fffd}').contains(&c) && !matches!(c, '\u{fffe}' | '\u{ffff}')
                || c >= '\u{10000}';
            if printable {
                c
            } else {
                replaced += 1;
                '\u{fffd}'
            }
        })
        .collect();
    (out, replaced)
}

/// Reads `src` (already [`normalise`]d) into blocks.
pub(super) fn read(src: &str, replaced: usize) -> Doc {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(src.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line = |at: usize| u32::try_from(starts.partition_point(|&s| s <= at)).unwrap_or(u32::MAX);
    let mut iter = Parser::new_ext(src, options()).into_offset_iter();
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    let mut cur: Option<(Kind, std::ops::Range<usize>, String)> = None;
    // The item being read: its task flag, where its content starts, its un-indent width.
    let mut item: Option<(bool, Option<usize>, usize, usize)> = None;
    for (ev, range) in iter.by_ref() {
        match &ev {
            Event::Start(tag) => {
                if depth == 0 {
                    cur = Some((block_kind(tag), range.clone(), String::new()));
                } else if depth == 1 && matches!(tag, Tag::Item) {
                    item = Some((false, None, range.start, 0));
                } else if let Some(it) = item.as_mut().filter(|it| it.1.is_none()) {
                    first_in_item(it, src, &starts, range.start);
                }
                depth += 1;
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                if depth == 1 && matches!(end, TagEnd::Item) {
                    if let (Some((task, from, start, width)), Some((Kind::List(items), ..))) =
                        (item.take(), cur.as_mut())
                    {
                        let from = from.unwrap_or(range.end);
                        items.push(Item {
                            task,
                            text: unindent(&src[from.min(range.end)..range.end], width),
                            line: line(start),
                        });
                    }
                } else if depth == 0
                    && let Some((kind, r, plain)) = cur.take()
                {
                    let last = line(r.end.saturating_sub(1).max(r.start));
                    blocks.push(Block {
                        kind,
                        text: src[r.clone()].trim_end().to_owned(),
                        plain: plain.trim().to_owned(),
                        lines: (line(r.start), last),
                    });
                }
            }
            Event::Rule if depth == 0 => blocks.push(rule(line(range.start))),
            Event::TaskListMarker(_) => {
                if let Some(it) = item.as_mut() {
                    it.0 = true;
                    // The content starts after the box, continuation lines under the box.
                    if it.1.is_none() {
                        first_in_item(it, src, &starts, range.start);
                    }
                    it.1 = Some(skip_spaces(src, range.end));
                }
            }
            other => {
                if let Some(it) = item.as_mut().filter(|it| it.1.is_none()) {
                    first_in_item(it, src, &starts, range.start);
                }
                if let Some((_, _, plain)) = cur.as_mut() {
                    add_plain(plain, other);
                }
            }
        }
    }
    let refs = iter
        .reference_definitions()
        .iter()
        .map(|(label, def)| (label.to_owned(), def.dest.to_string()))
        .collect();
    Doc {
        blocks,
        refs,
        replaced,
    }
}

/// A horizontal rule on line `line`.
fn rule(line: u32) -> Block {
    Block {
        kind: Kind::Rule,
        text: String::new(),
        plain: String::new(),
        lines: (line, line),
    }
}

/// The kind of the top-level block a tag opens.
fn block_kind(tag: &Tag) -> Kind {
    match tag {
        Tag::Heading { level, .. } => Kind::Heading(*level as u8),
        Tag::Paragraph => Kind::Paragraph,
        Tag::List(_) => Kind::List(Vec::new()),
        Tag::BlockQuote(k) => Kind::Quote(*k),
        Tag::HtmlBlock => Kind::Html,
        Tag::MetadataBlock(_) => Kind::FrontMatter,
        _ => Kind::Other,
    }
}

/// Adds to a block's plain text what an event inside it reads as: its text, a space for a
/// line break, nothing for the rest.
fn add_plain(plain: &mut String, ev: &Event) {
    match ev {
        Event::Text(t) | Event::Code(t) => plain.push_str(t),
        Event::SoftBreak | Event::HardBreak => plain.push(' '),
        _ => {}
    }
}

/// Notes where an item's content starts (at `at`) and how far its continuation lines are
/// indented: to the column of its first content.
fn first_in_item(
    it: &mut (bool, Option<usize>, usize, usize),
    src: &str,
    starts: &[usize],
    at: usize,
) {
    let line_start = starts[starts.partition_point(|&s| s <= at).saturating_sub(1)];
    it.1 = Some(at);
    it.3 = src[line_start..at].chars().count();
}

fn skip_spaces(src: &str, mut at: usize) -> usize {
    while src.as_bytes().get(at) == Some(&b' ') {
        at += 1;
    }
    at
}

/// `text` with up to `width` leading spaces taken off every line after the first.
fn unindent(text: &str, width: usize) -> String {
    let mut out = String::new();
    for (i, l) in text.trim_end().split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            let spaces = l.len() - l.trim_start_matches(' ').len();
            out.push_str(&l[spaces.min(width)..]);
        } else {
            out.push_str(l);
        }
    }
    out
}

/// The text of a piece of Markdown without its markup, line breaks as spaces.
pub(super) fn plain(md: &str) -> String {
    let mut out = String::new();
    for ev in Parser::new_ext(md, options()) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(s: &str) -> Doc {
        let (s, n) = normalise(s);
        read(&s, n)
    }

    #[test]
    fn blocks_lines_and_task_items() {
        let d = doc(
            "---\na: b\n---\n# Title\n\nSome *text*\nmore.\n\n- [ ] First **one**\n  still first\n  - nested\n- [x] Second\n\n<!-- c -->\n",
        );
        let kinds: Vec<String> = d
            .blocks
            .iter()
            .map(|b| format!("{:?}", b.kind).chars().take(6).collect())
            .collect();
        assert_eq!(kinds, ["FrontM", "Headin", "Paragr", "List([", "Html"]);
        assert_eq!(d.blocks[1].plain, "Title");
        assert_eq!(d.blocks[2].lines, (6, 7));
        let Kind::List(items) = &d.blocks[3].kind else {
            panic!()
        };
        assert!(items[0].task && items[1].task);
        assert_eq!(items[0].text, "First **one**\nstill first\n- nested");
        assert_eq!(items[1].text, "Second");
        assert_eq!((items[0].line, items[1].line), (9, 12));
        assert_eq!(d.blocks[4].lines, (14, 14));
    }

    #[test]
    fn plain_items_and_control_characters() {
        let d = doc("1. One\n2. Two\n   more\n\nA\u{7}b\r\nc");
        let Kind::List(items) = &d.blocks[0].kind else {
            panic!()
        };
        assert!(!items[0].task);
        assert_eq!(items[1].text, "Two\nmore");
        assert_eq!(d.replaced, 1);
        assert_eq!(d.blocks[1].text, "A\u{fffd}b\nc");
        assert_eq!(
            plain("**If** the [host](x.md) is `on`,\nact"),
            "If the host is on, act"
        );
    }
}
