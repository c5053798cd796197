//! Audience markers inside Markdown: `<!-- audience: isirt -->` ... `<!-- end audience -->`.
//!
//! Markers are HTML comments on lines of their own, so other Markdown viewers
//! show the content and hide the markers. Blocks may nest.
//!
//! Markers are found with the same CommonMark parser that renders the page, so code
//! fences, block quotes and lists are understood exactly as the reader will see them.
//! A marker may stand inside a list item or a quote: everything between the opening and
//! the closing marker is blanked byte for byte, whatever the structure around it.
//! Detection fails closed: a comment that looks like a marker but is not alone in its
//! HTML block (mid-line, joined onto a line, or misspelt) is an error, never silently
//! shown to everyone. So is a marker line inside a code block or a code span: a fence
//! left open (or closed by a shorter one) turns the rest of the file into code, where a
//! marker would be inert and the passage it guards shown to everyone.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::ops::Range;

/// A marker problem, with its position within the text.
#[derive(Debug, PartialEq, Eq)]
pub struct MarkerError {
    /// 0-based line within the Markdown text.
    pub line: u32,
    /// 1-based column (in characters) within that line.
    pub col: u32,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

/// What one HTML comment is.
enum Comment<'a> {
    Open(&'a str),
    Close,
    /// Looks like a marker but is not a well-formed one.
    Malformed,
    Other,
}

fn classify_comment(inner: &str) -> Comment<'_> {
    let inner = inner.trim();
    if let Some(aud) = inner.strip_prefix("audience:") {
        let aud = aud.trim();
        if aud.is_empty() || aud.contains(char::is_whitespace) {
            return Comment::Malformed;
        }
        return Comment::Open(aud);
    }
    if inner == "end audience" {
        return Comment::Close;
    }
    // A misspelt marker would otherwise be dropped as a comment and its block shown to everyone.
    let lower = inner.to_lowercase();
    if lower.contains("aud") || lower.starts_with("end") {
        return Comment::Malformed;
    }
    Comment::Other
}

/// Every HTML comment in `html` that looks like a marker, as (comment text, kind).
fn comments(html: &str) -> impl Iterator<Item = (&str, Comment<'_>)> {
    let mut rest = html;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find("<!--")?;
            let after = &rest[start + 4..];
            let (inner, next) = match after.find("-->") {
                Some(end) => (&after[..end], &after[end + 3..]),
                None => (after, ""),
            };
            let whole = &rest[start..rest.len() - next.len()];
            rest = next;
            match classify_comment(inner) {
                Comment::Other => continue,
                kind => return Some((whole.trim(), kind)),
            }
        }
    })
}

const HELP: &str = "write `<!-- audience: ID -->` and `<!-- end audience -->` each on a line of its own, with a blank line or a block boundary before it";

const CODE_HELP: &str = "close the code block before the marker (a fence is closed only by a fence of the same character, at least as long); to show a marker as an example, write it as inline code in a sentence, or escape its first character (`\\<!-- ... -->`)";

/// 0-based line and 1-based column (in characters) of a byte offset. Called once per
/// error, so the scan from the start is paid at most once per text.
fn position(text: &str, offset: usize) -> (u32, u32) {
    let head = &text.as_bytes()[..offset.min(text.len())];
    let line = head.iter().filter(|b| **b == b'\n').count() as u32;
    let start = head.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let col = head[start..].iter().filter(|b| *b & 0xC0 != 0x80).count() as u32;
    (line, col + 1)
}

/// The marker (or marker lookalike) a line of text starts with, if any, with its byte
/// offset in the line: what would be a marker line outside code.
fn marker_line(line: &str) -> Option<(usize, &str)> {
    let t = line.trim_start();
    if !t.starts_with("<!--") {
        return None;
    }
    let (whole, _) = comments(t).next()?;
    Some((line.len() - t.len(), whole))
}

/// The error for a marker line at `offset` that sits inside code.
fn in_code(text: &str, offset: usize, whole: &str, what: &str) -> MarkerError {
    let (line, col) = position(text, offset);
    MarkerError {
        line,
        col,
        message: format!(
            "the audience marker `{whole}` is inside {what}, where it hides nothing: the passage it guards would be shown to everyone"
        ),
        help: CODE_HELP.into(),
    }
}

/// Keeps what a reader may see; `can_see(audience)` is `None` for an unknown audience.
///
/// Every input line gives one output line (hidden and marker lines become blank), so
/// positions in the result are positions in the input. Text without markers is borrowed.
pub fn filter<'t>(
    text: &'t str,
    can_see: &dyn Fn(&str) -> Option<bool>,
) -> Result<Cow<'t, str>, MarkerError> {
    filter_counting(text, can_see, &mut 0)
}

/// [`filter`], adding to `blanked` the bytes it blanked (for tests that the work stays
/// linear in the text).
fn filter_counting<'t>(
    text: &'t str,
    can_see: &dyn Fn(&str) -> Option<bool>,
    blanked: &mut usize,
) -> Result<Cow<'t, str>, MarkerError> {
    if !text.contains("<!--") {
        return Ok(Cow::Borrowed(text));
    }
    let markers = find_markers(text)?;
    let out = blank_hidden(text, &markers, can_see, blanked)?;
    // Blanking replaced whole lines' bytes with spaces; trim them so no stray indentation remains.
    let blanked = String::from_utf8_lossy(&out).into_owned();
    let cleaned: String = blanked
        .split_inclusive('\n')
        .map(|l| {
            if l.trim().is_empty() {
                if l.ends_with('\n') { "\n" } else { "" }
            } else {
                l
            }
        })
        .collect();
    Ok(Cow::Owned(cleaned))
}

/// A marker found: the byte range of its line(s), and the audience it opens (`None` for
/// `<!-- end audience -->`).
type Marker = (Range<usize>, Option<String>);

/// The error for a malformed or misplaced marker at byte `offset`.
fn marker_error(text: &str, offset: usize, message: String) -> MarkerError {
    let (line, col) = position(text, offset);
    MarkerError {
        line,
        col,
        message,
        help: HELP.into(),
    }
}

/// Every marker of `text`, in order, read with the parser that renders the page; an error
/// for a marker that is not alone in its HTML block, or that sits in code.
fn find_markers(text: &str) -> Result<Vec<Marker>, MarkerError> {
    // Inside a code block: every line of its text is checked for a marker, each line
    // once (`checked` is where the next unchecked line starts).
    let mut code_block = false;
    let mut checked = 0;
    let mut markers: Vec<Marker> = Vec::new();
    // The HTML block being read (they do not nest): its range and text so far.
    let mut block: Option<(Range<usize>, String)> = None;
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM;
    for (ev, range) in Parser::new_ext(text, opts).into_offset_iter() {
        match ev {
            Event::Start(Tag::HtmlBlock) => block = Some((range, String::new())),
            Event::End(TagEnd::HtmlBlock) => {
                let Some((range, html)) = block.take() else {
                    continue;
                };
                markers.extend(block_marker(text, range, &html)?);
            }
            Event::Start(Tag::CodeBlock(_)) => code_block = true,
            Event::End(TagEnd::CodeBlock) => code_block = false,
            // A code block's text comes without the quote or list prefixes of its lines, one
            // event per line or run of lines; a marker line there is one an unclosed or
            // mismatched fence (or an indentation) turned into code.
            Event::Text(_) if code_block => {
                let mut at = range.start.max(checked);
                while at < range.end {
                    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
                    if let Some((off, whole)) = marker_line(&text[at..end]) {
                        return Err(in_code(text, at + off, whole, "a code block"));
                    }
                    at = end + 1;
                }
                checked = checked.max(at);
            }
            // A code span cannot start a line's marker, but its later lines can be marker
            // lines (indented, so they continue the paragraph): inert, so refused too.
            Event::Code(_) => code_span(text, range)?,
            Event::Html(h) if block.is_some() => {
                if let Some((_, b)) = block.as_mut() {
                    b.push_str(&h);
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                if let Some((whole, _)) = comments(&h).next() {
                    return Err(marker_error(
                        text,
                        range.start,
                        format!(
                            "the audience marker `{whole}` is in the middle of a line, where it cannot hide anything safely"
                        ),
                    ));
                }
            }
            _ => {}
        }
    }
    Ok(markers)
}

/// The marker an HTML block at `range` holding `html` is, if any: one comment alone in
/// the block, or an error.
fn block_marker(
    text: &str,
    range: Range<usize>,
    html: &str,
) -> Result<Option<Marker>, MarkerError> {
    let found: Vec<(&str, Comment)> = comments(html).collect();
    if found.is_empty() {
        return Ok(None);
    }
    let trimmed = html.trim();
    match found.as_slice() {
        [(whole, Comment::Open(aud))] if *whole == trimmed => {
            Ok(Some((range, Some((*aud).to_owned()))))
        }
        [(whole, Comment::Close)] if *whole == trimmed => Ok(Some((range, None))),
        [(whole, Comment::Malformed)] => Err(marker_error(
            text,
            range.start,
            format!("`{whole}` looks like an audience marker but is not one"),
        )),
        _ => Err(marker_error(
            text,
            range.start,
            "an audience marker must be alone on its line".into(),
        )),
    }
}

/// Refuses a marker line inside the code span at `range`.
fn code_span(text: &str, range: Range<usize>) -> Result<(), MarkerError> {
    let span = &text[range.clone()];
    for (i, _) in span.match_indices('\n') {
        let rest = &span[i + 1..];
        let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
        let bare = line.trim_start_matches(|c: char| c.is_whitespace() || c == '>');
        if let Some((off, whole)) = marker_line(bare) {
            let at = range.start + i + 1 + (line.len() - bare.len()) + off;
            return Err(in_code(text, at, whole, "a code span"));
        }
    }
    Ok(())
}

/// `text` with every block the reader may not see, and every marker, blanked byte for
/// byte (line breaks kept); an error for an unknown audience or an unbalanced marker.
fn blank_hidden(
    text: &str,
    markers: &[Marker],
    can_see: &dyn Fn(&str) -> Option<bool>,
    blanked: &mut usize,
) -> Result<Vec<u8>, MarkerError> {
    let mut out = text.as_bytes().to_vec();
    let mut blank = |r: Range<usize>| {
        *blanked += r.len();
        for b in &mut out[r] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    };
    let mut stack: Vec<(usize, bool)> = Vec::new();
    // Open blocks the reader may not see. Only the outermost hidden range is blanked, at
    // its close, with everything in it: blanking each nested block again made 80,000
    // nested blocks cost quadratic time.
    let mut hidden = 0usize;
    for (range, kind) in markers {
        match kind {
            Some(aud) => match can_see(aud) {
                None => {
                    let (line, col) = position(text, range.start);
                    return Err(MarkerError {
                        line,
                        col,
                        message: format!("unknown audience `{aud}` in marker"),
                        help: "use an audience id listed in irbook.yaml".into(),
                    });
                }
                Some(v) => {
                    stack.push((range.start, v));
                    hidden += usize::from(!v);
                }
            },
            None => {
                let Some((start, visible)) = stack.pop() else {
                    let (line, col) = position(text, range.start);
                    return Err(MarkerError {
                        line,
                        col,
                        message: "`<!-- end audience -->` without an opening marker".into(),
                        help: "remove it, or add `<!-- audience: ID -->` before the block".into(),
                    });
                };
                if !visible {
                    hidden -= 1;
                    if hidden == 0 {
                        blank(start..range.end);
                    }
                    continue;
                }
            }
        }
        // A marker inside a hidden range goes with it.
        if hidden == 0 {
            blank(range.clone());
        }
    }
    if let Some((open, _)) = stack.pop() {
        let (line, col) = position(text, open);
        return Err(MarkerError {
            line,
            col,
            message: "this audience block is never closed".into(),
            help: "add `<!-- end audience -->` on its own line after the block".into(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staff(a: &str) -> Option<bool> {
        match a {
            "staff" => Some(true),
            "isirt" => Some(false),
            _ => None,
        }
    }

    #[test]
    fn hides_blocks_and_markers() {
        let t = "a\n\n<!-- audience: isirt -->\nsecret\n<!-- end audience -->\n\nb\n";
        let f = filter(t, &staff).unwrap();
        assert!(!f.contains("secret") && !f.contains("audience"));
        assert!(f.contains('a') && f.contains('b'));
        let all = filter(t, &|a| staff(a).map(|_| true)).unwrap();
        assert!(all.contains("secret") && !all.contains("<!--"));
    }

    #[test]
    fn reports_bad_markers_with_lines() {
        assert_eq!(
            filter("x\n<!-- audience: isirt -->\ny\n", &staff)
                .unwrap_err()
                .line,
            1
        );
        assert_eq!(
            filter("<!-- end audience -->\n", &staff).unwrap_err().line,
            0
        );
        assert_eq!(
            filter("<!-- audience: nobody -->\n<!-- end audience -->", &staff)
                .unwrap_err()
                .line,
            0
        );
        assert_eq!(
            filter("ok\n<!-- audiance: isirt -->\n", &staff)
                .unwrap_err()
                .line,
            1
        );
    }

    #[test]
    fn nested_blocks_cost_linear_work() {
        // 2,000 nested blocks, hidden and visible mixed: every byte is blanked at most once.
        let n = 2000;
        let mut t = String::from("Intro.\n\n");
        for i in 0..n {
            let aud = if i % 3 == 0 { "staff" } else { "isirt" };
            t.push_str(&format!("<!-- audience: {aud} -->\n\nsecret {i}\n\n"));
        }
        for _ in 0..n {
            t.push_str("<!-- end audience -->\n\n");
        }
        t.push_str("Outro.\n");
        let mut blanked = 0;
        let f = filter_counting(&t, &staff, &mut blanked).unwrap();
        assert!(blanked <= t.len(), "{blanked} bytes blanked in {}", t.len());
        // Block 0 is visible; block 1 is hidden, with every block inside it.
        assert!(f.contains("secret 0\n") && !f.contains("secret 1"));
        assert!(f.contains("Intro.") && f.contains("Outro.") && !f.contains("<!--"));
        assert_eq!(f.lines().count(), t.lines().count());
        // Visible blocks alone: only their markers are blanked.
        let t = "<!-- audience: staff -->\n<!-- audience: staff -->\nx\n<!-- end audience -->\n<!-- end audience -->\n";
        let mut blanked = 0;
        let f = filter_counting(t, &staff, &mut blanked).unwrap();
        assert_eq!(f, "\n\nx\n\n\n");
        assert_eq!(blanked, t.len() - "x\n".len());
    }

    #[test]
    fn keeps_line_numbers() {
        let t = "a\n<!-- audience: isirt -->\nb\n<!-- end audience -->\nc\n";
        let f = filter(t, &staff).unwrap();
        assert_eq!(f.lines().count(), t.lines().count());
        assert_eq!(f.lines().nth(4), Some("c"));
    }

    #[test]
    fn fails_closed_on_markers_it_cannot_place() {
        for t in [
            "Call us. <!-- audience: isirt --> secret <!-- end audience --> Thanks.\n",
            "```whoami``` is inline code.\n\n<!-- audiance: isirt -->\nsecret\n<!-- end audience -->\n",
            "<div>\n<!-- audience: isirt -->\nsecret\n<!-- end audience -->\n</div>\n",
        ] {
            assert!(filter(t, &staff).is_err(), "accepted: {t}");
        }
    }

    #[test]
    fn hides_markers_in_quotes_lists_and_after_fence_lookalikes() {
        for t in [
            "> [!WARNING]\n> Calm.\n> <!-- audience: isirt -->\n> secret\n> <!-- end audience -->\n",
            "- One\n  <!-- audience: isirt -->\n  secret\n  <!-- end audience -->\n- Two\n",
            "```\n```text\n```\n\n<!-- audience: isirt -->\nsecret\n<!-- end audience -->\n",
            "````\n```\n````\n\n<!-- audience: isirt -->\nsecret\n<!-- end audience -->\n",
            "<!-- audience: isirt -->\r\nsecret\r\n<!-- end audience -->\r\n",
        ] {
            let f = filter(t, &staff).unwrap_or_else(|e| panic!("{t}: {e:?}"));
            assert!(!f.contains("secret"), "{t} -> {f}");
        }
    }

    /// Layouts that put marker lines inside code, each with where the first one is
    /// (0-based line, 1-based column). Every one must be refused: a marker in code hides
    /// nothing, so accepting it would show the passage to everyone.
    const MARKERS_IN_CODE: &[(&str, &str, (u32, u32))] = &[
        (
            "unclosed backtick fence",
            "Intro.\n\n```sh\nls\n\n<!-- audience: isirt -->\nsecret\n<!-- end audience -->\n\nOutro.\n",
            (5, 1),
        ),
        (
            "unclosed tilde fence",
            "~~~\nls\n<!-- audience: isirt -->\nsecret\n<!-- end audience -->\n",
            (2, 1),
        ),
        (
            "four backticks closed by three",
            "````\nls\n```\n\n<!-- audience: isirt -->\nsecret\n<!-- end audience -->\n",
            (4, 1),
        ),
        (
            "tildes closed by backticks",
            "~~~\nls\n```\n<!-- audience: isirt -->\nsecret\n<!-- end audience -->\n",
            (3, 1),
        ),
        (
            "only the closing marker in code",
            "<!-- audience: isirt -->\nsecret\n```\n<!-- end audience -->\n",
            (3, 1),
        ),
        (
            "unclosed fence in a list item",
            "- Step one:\n\n  ```\n  ls\n\n  <!-- audience: isirt -->\n  secret\n  <!-- end audience -->\n",
            (5, 3),
        ),
        (
            "longer fence closed by a shorter one in a list item",
            "1. Run:\n   ````\n   ls\n   ```\n\n   <!-- audience: isirt -->\n   secret\n   <!-- end audience -->\n",
            (5, 4),
        ),
        (
            "unclosed fence in a block quote",
            "> [!NOTE]\n> ```\n> ls\n> <!-- audience: isirt -->\n> secret\n> <!-- end audience -->\n",
            (3, 3),
        ),
        (
            "unclosed fence in a list in a block quote",
            "> - item\n>   ```\n>   <!-- audience: isirt -->\n>   secret\n>   <!-- end audience -->\n",
            (2, 5),
        ),
        (
            "indented code block",
            "Intro.\n\n    <!-- audience: isirt -->\n    secret\n    <!-- end audience -->\n",
            (2, 5),
        ),
        (
            "indented code block by a tab",
            "Intro.\n\n\t<!-- audience: isirt -->\n\tsecret\n\t<!-- end audience -->\n",
            (2, 2),
        ),
        (
            "unclosed fence with Windows line endings",
            "```\r\nls\r\n<!-- audience: isirt -->\r\nsecret\r\n<!-- end audience -->\r\n",
            (2, 1),
        ),
        (
            "indented code block with Windows line endings",
            "Intro.\r\n\r\n    <!-- audience: isirt -->\r\n    secret\r\n    <!-- end audience -->\r\n",
            (2, 5),
        ),
        (
            "misspelt marker in code",
            "```\n<!-- audiance: isirt -->\nsecret\n<!-- end audience -->\n",
            (1, 1),
        ),
        (
            "marker lines inside a code span",
            "`ls\n    <!-- audience: isirt -->\n    secret\n    <!-- end audience -->\n`\n",
            (1, 5),
        ),
    ];

    #[test]
    fn refuses_markers_in_code_in_every_layout() {
        for (what, t, (line, col)) in MARKERS_IN_CODE {
            // Fails closed: no output at all, so the passage cannot reach any edition.
            let e = match filter(t, &staff) {
                Ok(f) => panic!("{what}: accepted, giving {f:?}"),
                Err(e) => e,
            };
            assert_eq!((e.line, e.col), (*line, *col), "{what}: {e:?}");
            assert!(
                e.message.contains("inside a code") && e.help.contains("inline code"),
                "{what}: {e:?}"
            );
        }
    }

    #[test]
    fn allows_code_that_only_mentions_markers() {
        for t in [
            "```html\n<!-- a plain comment -->\n```\n",
            "Write `<!-- audience: isirt -->` on a line of its own.\n",
            "\\<!-- audience: isirt --> shows the marker as text.\n",
            "```\necho '<!-- audience: isirt -->'\n```\n",
            "`a\nb` and <!-- a comment -->\n",
        ] {
            assert!(filter(t, &staff).is_ok(), "refused: {t}");
        }
    }
}
