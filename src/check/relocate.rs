//! Diagnostics about something inside a field's value (a broken link on the fourth line
//! of `action: |`) are found on the parsed value, whose positions are not the file's:
//! YAML strips a block scalar's indentation and folds plain and `>` scalars. They are
//! placed at the value's start with an [`Inside`] and moved here, once every rule has
//! run, to the problem's own line and column, found in the source text.

use super::diagnostic::{Diagnostic, Inside};
use crate::load::files::SourceFile;
use std::collections::HashMap;

/// Moves every diagnostic that says where inside a value its problem lies to that place
/// in its file; one whose text cannot be found (an escape in a quoted value changed it)
/// stays at the value's start.
pub fn inside_values(diags: &mut [Diagnostic], sources: &[SourceFile]) {
    let inside = |d: &Diagnostic| d.about.as_ref().is_some_and(|a| a.inside.is_some());
    if !diags.iter().any(inside) {
        return;
    }
    let texts: HashMap<&str, &str> = sources
        .iter()
        .map(|s| (s.path.as_str(), &*s.text))
        .collect();
    for d in diags.iter_mut() {
        let Some(inside) = d.about.as_mut().and_then(|a| a.inside.take()) else {
            continue;
        };
        let Some(text) = texts.get(d.file.as_str()) else {
            continue;
        };
        if let Some((line, column)) = find(text, d.line, d.column, &inside) {
            d.line = line;
            d.column = column;
        }
    }
}

/// The 1-based line and character column of the problem `inside` describes, in `text`,
/// for a value starting at `line` and `column`.
fn find(text: &str, line: u32, column: u32, inside: &Inside) -> Option<(u32, u32)> {
    let start = offset(text, line, column)?;
    // The source holds the value plus its indentation and quoting: allow for a deep
    // indentation on every line, and no further, so that a needle the value does not
    // hold in the same form is not found in the fields after it.
    let lines = text[start..]
        .bytes()
        .take(inside.span)
        .filter(|&b| b == b'\n');
    let end = start + inside.span + (lines.count() + 1) * 64 + inside.needle.len();
    let region = &text[start..floor_char(text, end.min(text.len()))];
    let (at, _) = region.match_indices(&inside.needle).nth(inside.nth)?;
    Some(position(text, start + at))
}

/// The byte offset of 1-based `line` and character `column` in `text`.
fn offset(text: &str, line: u32, column: u32) -> Option<usize> {
    let line_start = match line {
        0 => return None,
        1 => 0,
        n => text.match_indices('\n').nth(n as usize - 2)?.0 + 1,
    };
    let rest = &text[line_start..];
    let skip = column.saturating_sub(1) as usize;
    let within = match rest.char_indices().nth(skip) {
        Some((i, _)) => i,
        None => rest.len(),
    };
    Some(line_start + within)
}

/// The 1-based line and character column of byte `at` of `text`.
fn position(text: &str, at: usize) -> (u32, u32) {
    let before = &text[..at];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
    (n(line), n(column))
}

/// `at`, or the nearest character boundary of `text` before it.
fn floor_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// What finds the problem at 0-based `line` and 1-based character `column` of the parsed
/// field value `value` in its source: the text there up to white space, and how often it
/// occurs before.
pub fn locate(value: &str, line: u32, column: u32) -> Option<Inside> {
    let at = offset(value, line + 1, column)?;
    let needle: String = value[at..]
        .split(char::is_whitespace)
        .next()?
        .chars()
        .take(60)
        .collect();
    if needle.is_empty() {
        return None;
    }
    Some(Inside {
        nth: value[..at].matches(needle.as_str()).count(),
        needle,
        span: value.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moved(source: &str, value_at: (u32, u32), value: &str, problem: (u32, u32)) -> (u32, u32) {
        let inside = locate(value, problem.0, problem.1).expect("a needle");
        find(source, value_at.0, value_at.1, &inside).expect("found")
    }

    #[test]
    fn a_link_in_a_literal_block_is_found_on_its_own_line() {
        let source = "steps:\n  - id: a\n    action: |\n      First line.\n      See [the guide](../gide.md) now.\n    owner: x\n";
        let value = "First line.\nSee [the guide](../gide.md) now.\n";
        // The parsed value's link starts on its line 1 (0-based), column 5.
        assert_eq!(moved(source, (3, 13), value, (1, 5)), (5, 11));
    }

    #[test]
    fn a_folded_value_is_followed_through_its_folds() {
        let source = "summary: >\n  One two\n  three [x](y.md) and\n  [x](y.md) again\n";
        let value = "One two three [x](y.md) and [x](y.md) again\n";
        // The second link: byte 28 of the value, on its only line, column 29.
        assert_eq!(moved(source, (1, 10), value, (0, 29)), (4, 3));
        assert_eq!(moved(source, (1, 10), value, (0, 15)), (3, 9));
    }

    #[test]
    fn a_needle_changed_by_an_escape_is_not_found_beyond_the_value() {
        let filler = format!("c: {}\n", "z".repeat(100)).repeat(3);
        let source = format!("a: \"see \\u005Bx](y.md)\"\n{filler}b: |\n  [x](y.md) elsewhere\n");
        let value = "see [x](y.md)";
        let inside = locate(value, 0, 5).expect("a needle");
        assert_eq!(find(&source, 1, 4, &inside), None);
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let source = "t: |\n  Café – [x](y.md)\n";
        let value = "Café – [x](y.md)\n";
        assert_eq!(moved(source, (1, 4), value, (0, 8)), (2, 10));
    }
}
