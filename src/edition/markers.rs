//! Audience markers inside Markdown: `<!-- audience: isirt -->` ... `<!-- end audience -->`.
//!
//! Markers are HTML comments on lines of their own, so other Markdown viewers
//! show the content and hide the markers. Blocks may nest; code fences are skipped.

use std::borrow::Cow;

/// A marker problem, with the 0-based line within the text.
#[derive(Debug, PartialEq, Eq)]
pub struct MarkerError {
    /// 0-based line within the Markdown text.
    pub line: u32,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

enum Line<'a> {
    Open(&'a str),
    Close,
    Other,
}

fn classify(line: &str) -> Result<Line<'_>, String> {
    let t = line.trim();
    let Some(inner) = t.strip_prefix("<!--").and_then(|r| r.strip_suffix("-->")) else {
        return Ok(Line::Other);
    };
    let inner = inner.trim();
    if let Some(aud) = inner.strip_prefix("audience:") {
        let aud = aud.trim();
        if aud.is_empty() || aud.contains(char::is_whitespace) {
            return Err(format!("`{t}` names no single audience"));
        }
        return Ok(Line::Open(aud));
    }
    if inner == "end audience" {
        return Ok(Line::Close);
    }
    // A misspelt marker would otherwise be dropped as a comment and its block shown to everyone.
    let lower = inner.to_lowercase();
    if lower.contains("aud") || lower.starts_with("end") {
        return Err(format!(
            "`{t}` looks like an audience marker but is not one"
        ));
    }
    Ok(Line::Other)
}

fn fence(line: &str) -> Option<&str> {
    let t = line.trim_start();
    if t.starts_with("```") {
        Some("```")
    } else if t.starts_with("~~~") {
        Some("~~~")
    } else {
        None
    }
}

/// Keeps the lines visible to a reader; `can_see(audience)` is `None` for an unknown audience.
///
/// Marker lines are always removed. Text without markers is returned borrowed.
pub fn filter<'t>(
    text: &'t str,
    can_see: &dyn Fn(&str) -> Option<bool>,
) -> Result<Cow<'t, str>, MarkerError> {
    if !text.contains("<!--") {
        return Ok(Cow::Borrowed(text));
    }
    let mut out = String::with_capacity(text.len());
    // Each open block: its line and whether it is visible.
    let mut stack: Vec<(u32, bool)> = Vec::new();
    let mut in_fence: Option<&str> = None;
    // Every input line gives exactly one output line, hidden and marker lines a blank one,
    // so positions in the filtered text are positions in the file.
    let keep = |out: &mut String, line: &str, shown: bool| {
        if shown {
            out.push_str(line);
        } else if line.ends_with('\n') {
            out.push('\n');
        }
    };
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let n = n as u32;
        let shown = stack.iter().all(|(_, v)| *v);
        if let Some(f) = in_fence {
            if line.trim_start().starts_with(f) {
                in_fence = None;
            }
            keep(&mut out, line, shown);
            continue;
        }
        if let Some(f) = fence(line) {
            in_fence = Some(f);
            keep(&mut out, line, shown);
            continue;
        }
        let kind = classify(line).map_err(|message| MarkerError {
            line: n,
            message,
            help: "write `<!-- audience: ID -->` and `<!-- end audience -->`, each on a line of its own".into(),
        })?;
        match kind {
            Line::Open(aud) => match can_see(aud) {
                None => {
                    return Err(MarkerError {
                        line: n,
                        message: format!("unknown audience `{aud}` in marker"),
                        help: "use an audience id listed in irbook.yaml".into(),
                    });
                }
                Some(v) => {
                    stack.push((n, v));
                    keep(&mut out, line, false);
                }
            },
            Line::Close => {
                if stack.pop().is_none() {
                    return Err(MarkerError {
                        line: n,
                        message: "`<!-- end audience -->` without an opening marker".into(),
                        help: "remove it, or add `<!-- audience: ID -->` before the block".into(),
                    });
                }
                keep(&mut out, line, false);
            }
            Line::Other => keep(&mut out, line, shown),
        }
    }
    if let Some((open, _)) = stack.pop() {
        return Err(MarkerError {
            line: open,
            message: "this audience block is never closed".into(),
            help: "add `<!-- end audience -->` on its own line after the block".into(),
        });
    }
    Ok(Cow::Owned(out))
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
    fn keeps_line_numbers() {
        let t = "a\n<!-- audience: isirt -->\nb\n<!-- end audience -->\nc\n";
        let f = filter(t, &staff).unwrap();
        assert_eq!(f.lines().count(), t.lines().count());
        assert_eq!(f.lines().nth(4), Some("c"));
    }

    #[test]
    fn ignores_markers_in_code() {
        let t = "```\n<!-- audience: isirt -->\n```\n";
        assert_eq!(filter(t, &staff).unwrap(), t);
    }
}
