//! Text: how it is set (styles and their estimated widths), wrapped to a width, and
//! cleaned and escaped for XML.

use crate::edition::view::Ref;

/// How a line of text is set.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    /// A box heading: larger, bold.
    Head,
    /// A short heading in a narrow box: bold.
    Strong,
    /// Ordinary text.
    Body,
    /// Secondary text: smaller.
    Note,
    /// Something absent ("no steps", "restricted"): italic, so it reads as a remark.
    Gap,
}

impl Style {
    pub(super) fn size(self) -> i32 {
        match self {
            Style::Head => 15,
            Style::Strong | Style::Body | Style::Gap => 14,
            Style::Note => 12,
        }
    }

    pub(super) fn bold(self) -> bool {
        matches!(self, Style::Head | Style::Strong)
    }

    pub(super) fn line_height(self) -> i32 {
        match self {
            Style::Head => 20,
            Style::Strong | Style::Body | Style::Gap => 19,
            Style::Note => 16,
        }
    }

    /// Estimated width of `s` set in this style.
    pub(super) fn width(self, s: &str) -> i32 {
        let em: f64 = s.chars().map(char_em).sum();
        let bold = if self.bold() { 1.1 } else { 1.0 };
        (em * bold * f64::from(self.size())).ceil() as i32
    }
}

/// Estimated advance of `c` in ems. Without font metrics at build time, characters are
/// sorted into a few width classes, set a little wider than DejaVu Sans (a common
/// fallback for `system-ui`) so text errs on wrapping early rather than overflowing.
fn char_em(c: char) -> f64 {
    match c {
        'i' | 'l' | 'j' | 'I' | '.' | ',' | ';' | ':' | '\'' | '!' | '|' | ' ' => 0.34,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '/' => 0.45,
        'm' | 'w' | 'M' | 'W' | '@' | '%' | '&' | '…' => 0.95,
        'A'..='Z' => 0.74,
        '0'..='9' | 'a'..='z' => 0.62,
        c if c.is_ascii() => 0.7,
        // East Asian scripts and most symbols outside ASCII are about an em wide.
        c if c >= '\u{1100}' => 1.0,
        _ => 0.7,
    }
}

/// Text cleaned of characters XML cannot hold; control characters (the root marker among
/// them) become spaces, so no label can forge a link to the page root.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// Escapes text for XML content and double- or single-quoted attributes.
pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in clean(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Wraps `text` into lines at most `width` wide in `style`, breaking words longer than a
/// line; beyond `max_lines` the last line ends in an ellipsis (the `<desc>` keeps it whole).
pub(super) fn wrap(text: &str, style: Style, width: i32, max_lines: usize) -> Vec<String> {
    let fits = |s: &str| style.width(s) <= width;
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in clean(text).split_whitespace() {
        let joined = if cur.is_empty() {
            word.to_owned()
        } else {
            format!("{cur} {word}")
        };
        if fits(&joined) {
            cur = joined;
            continue;
        }
        if !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
        }
        // A word wider than a line is cut wherever it overflows.
        for c in word.chars() {
            cur.push(c);
            if !fits(&cur) && cur.chars().count() > 1 {
                cur.pop();
                lines.push(std::mem::replace(&mut cur, c.to_string()));
            }
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    let max_lines = max_lines.max(1);
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && !fits(&format!("{last}…")) {
                last.pop();
            }
            *last = format!("{}…", last.trim_end());
        }
    }
    lines
}

/// Estimated width of the widest word of `text`.
pub(super) fn longest_word(text: &str, style: Style) -> i32 {
    clean(text)
        .split_whitespace()
        .map(|w| style.width(w))
        .max()
        .unwrap_or(0)
}

/// "1 step", "2 steps".
pub(super) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A reference's name, or "restricted" when the reader may not see it.
pub(super) fn ref_name(r: &Ref) -> &str {
    r.name.as_deref().unwrap_or("restricted")
}

/// The style for a reference: italic when restricted, so it does not read as a name.
pub(super) fn ref_style(r: &Ref) -> Style {
    if r.name.is_some() {
        Style::Body
    } else {
        Style::Gap
    }
}
