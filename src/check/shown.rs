//! Text from sources or the file system made safe to print on a terminal: used by the
//! diagnostics and by every command that prints a path or a message.

use std::borrow::Cow;

/// Should `c` be shown escaped on a terminal? Control characters (C0, DEL, C1), which
/// can move the cursor, recolour, set the window title or the clipboard; bidirectional
/// formatting characters, which reorder what is shown; and the line and paragraph
/// separators. Line feeds and tabs only when `keep_layout` is false.
fn escaped(c: char, keep_layout: bool) -> bool {
    match c {
        '\n' | '\t' => !keep_layout,
        '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}' => true,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        c => c.is_control(),
    }
}

fn escape(s: &str, keep_layout: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| escaped(c, keep_layout)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if escaped(c, keep_layout) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text from sources or the file system as it may be printed for people: every control
/// character but line feeds and tabs written as `\u{1b}`, so a file name or a value in a
/// source file cannot send escape sequences to the terminal.
pub fn shown(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

/// [`shown`] for text that must stay on one line (a file name, a source line): line
/// feeds and tabs are escaped too.
pub fn shown_inline(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// A path as it may be printed for people: see [`shown_inline`].
pub fn shown_path(p: &std::path::Path) -> String {
    shown_inline(&p.to_string_lossy()).into_owned()
}
