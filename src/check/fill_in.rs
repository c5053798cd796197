//! W0322 fill-in-left: a placeholder that `irbook new` wrote and nobody replaced. The
//! skeletons mark what they cannot know with `FILL IN` (in text, or in a comment after a
//! value to confirm) and the id `fill-in` (for a choice such as the category, which then
//! also fails its reference check). Read from the source text, loaded or not, so that
//! every one left is named in one run.

use super::diagnostic::{self as diag, Diagnostic};
use crate::load::files::SourceFile;
use crate::load::frontmatter;
use crate::load::yaml_lines as yl;
use crate::model::Pos;
use rayon::prelude::*;

/// The mark of placeholder text.
pub const TEXT: &str = "FILL IN";
/// The placeholder of an id the author must choose.
pub const ID: &str = "fill-in";

/// The warnings for every source file.
pub fn check(sources: &[SourceFile]) -> Vec<Diagnostic> {
    sources.par_iter().flat_map_iter(file).collect()
}

/// The warnings for one file: every line of a YAML file or of a page, its comment lines
/// (which explain) aside.
fn file(src: &SourceFile) -> Vec<Diagnostic> {
    let text: &str = &src.text;
    let mut out = Vec::new();
    if !text.contains(TEXT) && !text.contains(ID) {
        return out;
    }
    let yaml_file = src.path.ends_with(".yaml");
    if !yaml_file && !src.path.ends_with(".md") {
        return out;
    }
    // Lines of YAML: the whole file, or a page's front matter (lines 2 to the closing `---`).
    let body_line = if yaml_file {
        u32::MAX
    } else {
        frontmatter::split(text).map_or(1, |s| s.body_line)
    };
    for (i, line) in text.lines().enumerate() {
        let no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let yaml = no < body_line.saturating_sub(1) && (yaml_file || no > 1);
        if yaml && line.trim_start().starts_with('#') {
            continue;
        }
        let at = |b: usize| Pos {
            line: no,
            col: u32::try_from(yl::char_col(line, b) + 1).unwrap_or(u32::MAX),
        };
        if let Some(b) = line.find(TEXT) {
            let in_comment = yaml && line[..b].trim_end().ends_with('#');
            let what = line[b..].trim_end();
            let what: String = what.chars().take(70).collect();
            let help = if in_comment {
                "confirm or change the value before it, then delete the `# FILL IN` comment"
            } else {
                "write the real text in its place"
            };
            out.push(
                Diagnostic::warning(
                    diag::FILL_IN_LEFT,
                    &src.path,
                    at(b),
                    format!("a placeholder is left here: `{what}`"),
                )
                .with_help(format!(
                    "{help}; `irbook new` marks what it cannot know with FILL IN"
                )),
            );
        } else if yaml && let Some(b) = id_placeholder(line) {
            let key = yl::find_colon(line)
                .map(|c| line[..c].trim().trim_start_matches("- "))
                .unwrap_or("value");
            out.push(
                Diagnostic::warning(
                    diag::FILL_IN_LEFT,
                    &src.path,
                    at(b),
                    format!("`{ID}` is a placeholder for the `{key}` to choose"),
                )
                .with_help("replace it with one of the ids the comment above it names"),
            );
        }
    }
    out
}

/// Where `fill-in` stands as a whole value on a YAML line (`key: fill-in`, `- fill-in`,
/// `[a, fill-in]`), not inside a comment.
fn id_placeholder(line: &str) -> Option<usize> {
    let code = yl::without_comment(line);
    let mut from = 0;
    while let Some(i) = code[from..].find(ID).map(|i| i + from) {
        let before = code[..i].trim_end();
        let after = code[i + ID.len()..].trim_start();
        let starts = before.is_empty() || before.ends_with([':', '-', '[', ',']);
        let ends = after.is_empty() || after.starts_with([',', ']']);
        if starts && ends {
            return Some(offset(line, code) + i);
        }
        from = i + ID.len();
    }
    None
}

/// The byte offset of `sub`, a slice of `text`, in `text`.
fn offset(text: &str, sub: &str) -> usize {
    (sub.as_ptr() as usize)
        .saturating_sub(text.as_ptr() as usize)
        .min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(path: &str, text: &str) -> Vec<(u32, u32)> {
        let src = SourceFile {
            path: path.into(),
            text: text.into(),
        };
        file(&src).into_iter().map(|d| (d.line, d.column)).collect()
    }

    #[test]
    fn names_every_placeholder_and_skips_comment_lines() {
        let yaml = "# Replace every FILL IN.\nid: x\ncategory: fill-in\nowner: desk  # FILL IN: confirm\nsummary: |\n  FILL IN what it covers.\nrelated: [a, fill-in]\nnote: a fill-in form\n";
        assert_eq!(
            found("content/playbooks/x.yaml", yaml),
            [(3, 11), (4, 16), (6, 3), (7, 14)]
        );
    }

    #[test]
    fn reads_a_page_body_and_its_front_matter() {
        let md = "---\n# FILL IN explained\nsummary: FILL IN a line\n---\n# FILL IN the heading\n\nText.\n";
        assert_eq!(found("content/scheme/a.md", md), [(3, 10), (5, 3)]);
        assert!(
            found(
                "content/scheme/b.md",
                "---\ntitle: A\n---\nFill in the form.\n"
            )
            .is_empty()
        );
    }
}
