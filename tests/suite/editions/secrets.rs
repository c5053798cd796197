//! The team-only strings of the bundled example, read from its sources without irbook's
//! code, for `example_scheme_team_only_items_stay_out`.

use super::scan::walk_all;
use std::path::Path;

fn indent(l: &str) -> usize {
    l.len() - l.trim_start().len()
}

/// Plain words at the start of a Markdown or YAML text, before any markup.
fn plain_start(s: &str) -> String {
    let s = s
        .trim()
        .trim_matches(['"', '\''])
        .trim_start_matches(['#', '-', '*', '>', ' ', '|']);
    let s = s.strip_prefix("[!").map_or(s, |_| "");
    s.chars()
        .take_while(|c| !"*_[]`<>|\\&#!~{}".contains(*c))
        .take(40)
        .collect::<String>()
        .trim()
        .trim_end_matches([',', '.', ':', ';', '(', '-'])
        .trim()
        .to_owned()
}

/// Keys of YAML items whose values are shown to readers.
const SHOWN_KEYS: &[&str] = &[
    "name",
    "title",
    "label",
    "value",
    "reference",
    "question",
    "option",
    "action",
    "evidence",
    "when",
    "help",
    "duties",
    "use_when",
    "summary",
    "intro",
];

/// The first line of the value of `key: value` at line `i`, following a `|` or `>` block.
fn value_at(lines: &[&str], i: usize) -> Option<String> {
    let (_, v) = lines[i].trim().trim_start_matches("- ").split_once(": ")?;
    let v = v.trim();
    if v.starts_with('|') || v.starts_with('>') {
        lines[i + 1..]
            .iter()
            .find(|l| !l.trim().is_empty())
            .map(|l| l.trim().to_owned())
    } else {
        Some(v.to_owned())
    }
}

/// Team-only strings of a project, read from its sources without irbook's code, and the
/// text of the sources with every team-only part cut out.
pub(super) struct Secrets {
    /// (where, string) pairs.
    pub(super) candidates: Vec<(String, String)>,
    /// Sources with the team-only parts cut out.
    pub(super) public_text: String,
    /// Output paths of team-only pages, e.g. `scheme/x.html`.
    pub(super) hidden_pages: Vec<String>,
}

pub(super) fn read_secrets(root: &Path) -> Secrets {
    let (_, files) = walk_all(&root.join("content"));
    let mut candidates: Vec<(String, String)> = Vec::new();
    let mut public_text = String::new();
    let mut hidden_pages = Vec::new();
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let lines: Vec<&str> = text.lines().collect();
        let mut hidden = vec![false; lines.len()];
        // Marker blocks, in Markdown files and YAML fields alike.
        let mut depth_start: Vec<usize> = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            match l.trim() {
                "<!-- audience: isirt -->" => depth_start.push(i),
                "<!-- end audience -->" => {
                    if let Some(s) = depth_start.pop() {
                        hidden[s..=i].iter_mut().for_each(|h| *h = true);
                        if let Some(first) = lines[s + 1..i].iter().find(|l| !l.trim().is_empty()) {
                            candidates
                                .push((format!("{path}:{} block", s + 1), plain_start(first)));
                        }
                    }
                }
                _ => {}
            }
        }
        if path.ends_with(".md") {
            // A page whose front matter says `audience: isirt` is hidden whole.
            let fm_end = lines.iter().skip(1).position(|l| l.trim() == "---");
            if let Some(end) = fm_end.map(|e| e + 1)
                && lines[1..end].iter().any(|l| l.trim() == "audience: isirt")
            {
                hidden.iter_mut().for_each(|h| *h = true);
                hidden_pages.push(path.replace(".md", ".html"));
                for l in &lines[1..end] {
                    for key in ["title: ", "summary: "] {
                        if let Some(v) = l.strip_prefix(key) {
                            candidates.push((format!("{path} {key}"), plain_start(v)));
                        }
                    }
                }
                // The first line of up to eight paragraphs of the body.
                let body = &lines[end + 1..];
                let starts = (0..body.len()).filter(|&k| {
                    let prev = if k == 0 { "" } else { body[k - 1].trim() };
                    !body[k].trim().is_empty()
                        && (prev.is_empty() || prev == ">" || prev.starts_with("> [!"))
                });
                for k in starts.take(8) {
                    candidates.push((format!("{path}:{} body", end + k + 2), plain_start(body[k])));
                }
            }
        } else if path.ends_with(".yaml") {
            for (i, l) in lines.iter().enumerate() {
                if l.trim() != "audience: isirt" {
                    continue;
                }
                let n = indent(l);
                // The item the key belongs to: from its `- ` line (or the whole file) to
                // the next line indented no deeper than that dash.
                let (start, end) = if n == 0 {
                    (0, lines.len())
                } else {
                    let start = (0..i)
                        .rev()
                        .find(|&j| indent(lines[j]) + 2 == n && lines[j].trim().starts_with("- "))
                        .unwrap_or_else(|| panic!("{path}:{}: no item for audience", i + 1));
                    let end = (start + 1..lines.len())
                        .find(|&j| !lines[j].trim().is_empty() && indent(lines[j]) + 2 <= n)
                        .unwrap_or(lines.len());
                    (start, end)
                };
                hidden[start..end].iter_mut().for_each(|h| *h = true);
                for j in start..end {
                    let t = lines[j].trim().trim_start_matches("- ");
                    let key = t.split(':').next().unwrap_or("");
                    if SHOWN_KEYS.contains(&key)
                        && let Some(v) = value_at(&lines, j)
                    {
                        candidates.push((format!("{path}:{} {key}", j + 1), plain_start(&v)));
                    }
                }
            }
        }
        for (l, h) in lines.iter().zip(&hidden) {
            if !h {
                public_text.push_str(l);
                public_text.push('\n');
            }
        }
    }
    Secrets {
        candidates,
        public_text,
        hidden_pages,
    }
}
