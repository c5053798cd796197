//! Block YAML read line by line: which lines hold a key, start a list item, or belong to
//! the text of a block scalar (`key: |`). It is not a parser: it reads files that may not
//! parse, to explain what the parser stumbled on and to find text that took in a field.

/// What a line of block YAML holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Nothing but spaces.
    Blank,
    /// A comment alone on its line.
    Comment,
    /// `key: value` or `key:`, perhaps after list dashes (`- key: value`).
    Key,
    /// A list item that is not a mapping: `- value`.
    Item,
    /// A line of a block scalar's text.
    Text,
    /// `---` or `...`: a document starts or ends.
    Marker,
    /// Anything else: the continuation of a value, a flow collection's next line.
    Other,
}

/// One line, classified; columns are 0-based character offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based line number in the text.
    pub no: u32,
    /// The line without its line break.
    pub text: &'a str,
    /// What it holds.
    pub kind: Kind,
    /// Leading spaces.
    pub indent: usize,
    /// Column of the last list dash, when the line starts a list item.
    pub dash: Option<usize>,
    /// Column and name of the key, on `Key` lines.
    pub key: Option<(usize, &'a str)>,
    /// What follows the key's `:` or the dash, trimmed (a trailing comment included).
    pub value: &'a str,
    /// On `Text` lines: the index of the line that opened the block scalar.
    pub block: Option<usize>,
}

impl Line<'_> {
    /// The column where the line's content starts: its first dash, or its first character.
    pub fn start(&self) -> usize {
        self.indent
    }

    /// Does the line carry structure (a key, an item), as opposed to text or comments?
    pub fn structural(&self) -> bool {
        matches!(self.kind, Kind::Key | Kind::Item)
    }

    /// The key's column, on `Key` lines.
    pub fn key_col(&self) -> Option<usize> {
        self.key.map(|(c, _)| c)
    }

    /// Does the value open a block scalar (`|`, `>`, with chomping and indentation indicators)?
    pub fn opens_block(&self) -> bool {
        is_block_header(self.value)
    }

    /// Is the value empty (a nested mapping or list follows), ignoring a comment?
    pub fn nests(&self) -> bool {
        self.kind == Kind::Key && without_comment(self.value).is_empty()
    }
}

/// Every line of `text`, classified.
pub fn read(text: &str) -> Vec<Line<'_>> {
    let mut out: Vec<Line> = Vec::new();
    // The open block scalar: its header's index and the column its text must go beyond.
    let mut block: Option<(usize, usize)> = None;
    for (i, raw) in text.split('\n').enumerate() {
        let text = raw.strip_suffix('\r').unwrap_or(raw);
        let no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let indent = text.len() - text.trim_start_matches(' ').len();
        if let Some((header, parent)) = block {
            if text.trim().is_empty() || indent > parent {
                out.push(Line {
                    kind: if text.trim().is_empty() {
                        Kind::Blank
                    } else {
                        Kind::Text
                    },
                    block: Some(header),
                    ..plain(no, text, indent)
                });
                continue;
            }
            block = None;
        }
        let line = classify(no, text, indent);
        if line.value.contains(['|', '>']) && line.opens_block() {
            // The text goes beyond the column of the mapping (or list) holding the value.
            block = Some((out.len(), line.key_col().or(line.dash).unwrap_or(0)));
        }
        out.push(line);
    }
    // A trailing line break leaves an empty last piece, which is no line of the file.
    if text.ends_with('\n') {
        out.pop();
    }
    out
}

fn plain(no: u32, text: &str, indent: usize) -> Line<'_> {
    Line {
        no,
        text,
        kind: Kind::Other,
        indent,
        dash: None,
        key: None,
        value: "",
        block: None,
    }
}

/// Classifies one line outside block scalar text.
fn classify(no: u32, text: &str, indent: usize) -> Line<'_> {
    let mut line = plain(no, text, indent);
    let trimmed = text.trim();
    if trimmed.is_empty() {
        line.kind = Kind::Blank;
        return line;
    }
    if trimmed.starts_with('#') {
        line.kind = Kind::Comment;
        return line;
    }
    if indent == 0 && (is_marker(text, "---") || is_marker(text, "...")) {
        line.kind = Kind::Marker;
        return line;
    }
    // List dashes: `- `, possibly nested (`- - x`).
    let mut at = indent;
    while let Some(rest) = text.get(at..) {
        if rest == "-" || rest.starts_with("- ") {
            line.dash = Some(at);
            at += 1 + rest[1..].len() - rest[1..].trim_start_matches(' ').len();
        } else {
            break;
        }
    }
    let rest = &text[at.min(text.len())..];
    match key_end(rest) {
        Some((key, after)) => {
            line.kind = Kind::Key;
            line.key = Some((char_col(text, at), key));
            line.value = rest[after..].trim();
        }
        None if line.dash.is_some() => {
            line.kind = Kind::Item;
            line.value = rest.trim();
        }
        None => {}
    }
    line
}

fn is_marker(text: &str, marker: &str) -> bool {
    text.strip_prefix(marker)
        .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']))
}

/// The key at the start of `rest` and the byte offset just after its `:`, when `rest` is
/// `key: ...` or `key:` with a plain or quoted key.
fn key_end(rest: &str) -> Option<(&str, usize)> {
    let first = rest.chars().next()?;
    let (key, colon) = if first == '"' || first == '\'' {
        let close = rest[1..].find(first)? + 1;
        (&rest[1..close], close + 1)
    } else {
        if "[]{}#&*!|>%@`,?".contains(first) {
            return None;
        }
        let colon = find_colon(rest)?;
        (rest[..colon].trim_end(), colon)
    };
    let after = rest.get(colon..)?;
    let tail = after.strip_prefix(':')?;
    (tail.is_empty() || tail.starts_with([' ', '\t'])).then_some((key, colon + 1))
}

/// The first `:` followed by a space or the end of the line, before any ` #` comment.
pub fn find_colon(s: &str) -> Option<usize> {
    let comment = s.find(" #").or_else(|| s.find("\t#")).unwrap_or(s.len());
    s[..comment]
        .match_indices(':')
        .map(|(i, _)| i)
        .find(|&i| matches!(s.as_bytes().get(i + 1), None | Some(b' ' | b'\t')))
}

/// Does a value open a block scalar: `|` or `>`, with optional indicators and comment?
pub fn is_block_header(value: &str) -> bool {
    let v = without_comment(value);
    let mut chars = v.chars();
    matches!(chars.next(), Some('|' | '>')) && chars.all(|c| matches!(c, '+' | '-' | '1'..='9'))
}

/// A value without its trailing ` # comment`, trimmed; quotes are respected.
pub fn without_comment(value: &str) -> &str {
    if !value.contains('#') {
        return value.trim();
    }
    let mut quote = None;
    let mut prev = ' ';
    for (i, c) in value.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') if prev == ' ' || i == 0 => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if prev == ' ' || prev == '\t' || i == 0 => return value[..i].trim(),
            _ => {}
        }
        prev = c;
    }
    value.trim()
}

/// The 0-based character column of byte offset `at` in `text`.
pub fn char_col(text: &str, at: usize) -> usize {
    text.get(..at).map_or(at, |s| s.chars().count())
}

/// The byte offset of 0-based character column `col` in `text` (its length if beyond).
pub fn byte_at(text: &str, col: usize) -> usize {
    text.char_indices().nth(col).map_or(text.len(), |(i, _)| i)
}

/// A step on the way from the top of a file to a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg<'a> {
    /// The value of a key.
    Key(&'a str),
    /// An item of a list.
    Item,
}

/// The keys (and list items) leading to the mapping that holds the key on line `i`,
/// outermost first: `[phases, Item, steps, Item]` for a step's `action`.
pub fn path_names<'a>(lines: &[Line<'a>], i: usize) -> Vec<Seg<'a>> {
    let Some(line) = lines.get(i) else {
        return Vec::new();
    };
    let Some(mut col) = line.key_col() else {
        return Vec::new();
    };
    let mut segs = Vec::new();
    // Set when the node at `col` is a list item, whose list may sit at its key's column.
    let mut item = false;
    if let Some(d) = line.dash {
        segs.push(Seg::Item);
        col = d;
        item = true;
    }
    for l in lines[..i].iter().rev().filter(|l| l.structural()) {
        let kc = l.key_col();
        if l.kind == Kind::Key && kc == Some(col) && !item {
            if let Some(d) = l.dash {
                segs.push(Seg::Item);
                col = d;
                item = true;
            }
            continue;
        }
        if l.dash == Some(col) && item {
            continue; // an earlier item of the same list
        }
        let parent = match kc {
            Some(k) if k < col || (k == col && item) => l.nests(),
            _ => false,
        };
        if parent {
            segs.push(Seg::Key(l.key.map_or("", |(_, k)| k)));
            col = kc.unwrap_or(0);
            item = false;
            if let Some(d) = l.dash {
                segs.push(Seg::Item);
                col = d;
                item = true;
            }
        } else if l.start() < col {
            break; // a line out of place: the path is unknown beyond it
        }
        if col == 0 && !item {
            break;
        }
    }
    segs.reverse();
    segs
}

/// The key lines of the mapping that holds the key on line `i` (itself included), in order.
pub fn siblings(lines: &[Line<'_>], i: usize) -> Vec<usize> {
    let Some(col) = lines.get(i).and_then(Line::key_col) else {
        return Vec::new();
    };
    let mut out = vec![i];
    // Upwards, to the line that starts the mapping.
    if lines[i].dash.is_none() {
        for (j, l) in lines[..i].iter().enumerate().rev() {
            if !l.structural() {
                continue;
            }
            if l.key_col() == Some(col) {
                out.push(j);
                if l.dash.is_some() {
                    break;
                }
            } else if l.start() < col {
                break;
            }
        }
    }
    // Downwards, to the first line that leaves it.
    for (j, l) in lines.iter().enumerate().skip(i + 1) {
        if l.kind == Kind::Marker {
            break;
        }
        if !l.structural() {
            continue;
        }
        if l.start() < col {
            break;
        }
        if l.key_col() == Some(col) && l.dash.is_none() {
            out.push(j);
        }
    }
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const STEP: &str = "\
id: flood
phases:
  - phase: preparation
    steps:
      - id: plan
        action: |
          Agree filtering.
          owner: lead

      - id: other
        action: >-
          Text
# note
related: [a, b]
";

    #[test]
    fn classifies_keys_items_and_block_text() {
        let l = read(STEP);
        assert_eq!(l.len(), 14);
        assert_eq!(l[0].key, Some((0, "id")));
        assert_eq!((l[2].dash, l[2].key), (Some(2), Some((4, "phase"))));
        assert!(l[5].opens_block());
        assert_eq!((l[6].kind, l[6].block), (Kind::Text, Some(5)));
        assert_eq!((l[7].kind, l[7].block), (Kind::Text, Some(5)));
        assert_eq!(l[8].kind, Kind::Blank);
        assert_eq!(l[9].key, Some((8, "id")));
        assert_eq!(l[11].kind, Kind::Text);
        assert_eq!(l[12].kind, Kind::Comment);
        assert_eq!(l[13].value, "[a, b]");
    }

    #[test]
    fn finds_the_path_and_the_siblings() {
        let l = read(STEP);
        let names = |p: Vec<Seg>| {
            p.iter()
                .map(|s| match s {
                    Seg::Key(k) => k.to_string(),
                    Seg::Item => "[]".into(),
                })
                .collect::<Vec<_>>()
                .join(".")
        };
        assert_eq!(names(path_names(&l, 5)), "phases.[].steps.[]");
        assert_eq!(names(path_names(&l, 3)), "phases.[]");
        assert_eq!(names(path_names(&l, 13)), "");
        assert_eq!(siblings(&l, 5), vec![4, 5]);
        assert_eq!(siblings(&l, 3), vec![2, 3]);
        assert_eq!(siblings(&l, 1), vec![0, 1, 13]);
    }

    #[test]
    fn lists_at_their_key_column_and_quoted_keys() {
        let l = read("steps:\n- id: a\n  \"to do\": x\n");
        assert_eq!(l[2].key, Some((2, "to do")));
        let p = path_names(&l, 2);
        assert_eq!(p, vec![Seg::Key("steps"), Seg::Item]);
    }

    #[test]
    fn colons_and_comments() {
        assert_eq!(find_colon("a: b"), Some(1));
        assert_eq!(find_colon("12:30"), None);
        assert_eq!(find_colon("x # a: b"), None);
        assert_eq!(without_comment("desk # who"), "desk");
        assert_eq!(without_comment("\"a # b\" # c"), "\"a # b\"");
        assert!(is_block_header("|"));
        assert!(is_block_header(">-  # folded"));
        assert!(!is_block_header("|x"));
    }
}
