//! Rules about links in rendered text: E0112 broken-link, E0119 broken-anchor, W0201
//! unsafe-link and W0202 link-to-hidden. The edition views find the links while they
//! render each text; the rules here judge what they found.

use super::diagnostic::{self as diag, Diagnostic};
use crate::model::index::Target;
use crate::model::{Id, Pos};
use std::collections::BTreeMap;

/// What a link in a text led to, when it did not lead to a page the reader may open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkFault {
    /// No scheme file at that path.
    Broken,
    /// The file exists, the anchor does not.
    BrokenAnchor,
    /// The page exists but the edition's readers may not see it.
    Hidden,
    /// A scheme other than http, https, mailto or tel, or an image from outside.
    Unsafe,
}

/// One link that could not be rendered as a link.
#[derive(Debug, Clone, Copy)]
pub struct BadLink<'a> {
    /// The text's file.
    pub file: &'a str,
    /// Where the link is.
    pub pos: Pos,
    /// The link as written.
    pub target: &'a str,
    /// What is wrong with it.
    pub fault: LinkFault,
    /// The edition being built.
    pub edition: &'a Id,
    /// Every scheme source file, by path: where a broken link may have meant to go.
    /// `None` when no suggestion is sought: past the first broken links of a text, of
    /// which no more are shown (`report::MAX_PER_FILE_AND_RULE`) than the search costs.
    pub sources: Option<&'a BTreeMap<String, Target>>,
}

/// What the help of a broken link adds for outside material.
const FULL_URL: &str = "for material outside the scheme, write the full address (`https://...`)";

/// The diagnostic for a link in a Markdown text.
pub fn in_text(l: BadLink) -> Diagnostic {
    let (file, pos, target) = (l.file, l.pos, l.target);
    match l.fault {
        LinkFault::Unsafe => Diagnostic::warning(diag::UNSAFE_LINK, file, pos,
            format!("the link `{target}` is not allowed and renders as plain text"))
            .with_help("links may use http, https, mailto or tel, or point at another scheme file; images may not load from outside the site"),
        LinkFault::Hidden => Diagnostic::warning(diag::HIDDEN_LINK, file, pos,
            format!("the link `{target}` points at something the `{}` edition may not see; it renders as plain text there", l.edition))
            .with_help("link only to pages the readers of this text may see, or mark the passage with the same audience"),
        LinkFault::BrokenAnchor => Diagnostic::error(diag::BROKEN_ANCHOR, file, pos,
            format!("the link `{target}` names an anchor its page does not have"))
            .with_help("link to `#role-ID`, `#person-ID` or `#party-ID` on contacts, `#level-ID` on severity, `#step-ID` or `#phase-ID` on a playbook, `#section-ID` on a form")
            .refers_to(target),
        LinkFault::Broken => Diagnostic::error(diag::BROKEN_LINK, file, pos,
            format!("the link `{target}` points at no scheme file"))
            .with_help(match l.sources.and_then(|s| nearest_source(file, target, s)) {
                Some(near) => format!("did you mean `{near}`? Link to the source file, by its path relative to this file; {FULL_URL}"),
                None => format!("link to a source file by its path relative to this file, e.g. `../playbooks/ransomware.yaml`; {FULL_URL}"),
            })
            .refers_to(target),
    }
}

/// The diagnostic for a quiz question's `learn_more` path that leads nowhere the readers
/// of the edition may go.
pub fn learn_more(l: BadLink) -> Diagnostic {
    let (file, pos, target) = (l.file, l.pos, l.target);
    match l.fault {
        LinkFault::Hidden => Diagnostic::warning(diag::HIDDEN_LINK, file, pos,
            format!("`{target}` is not visible in the `{}` edition; the question shows no link there", l.edition))
            .with_help("point learn_more at a page the quiz's readers may see"),
        _ => Diagnostic::error(diag::BROKEN_LINK, file, pos, format!("`{target}` points at no scheme file"))
            .with_help(match l.sources.and_then(|s| nearest_source(file, target, s)) {
                Some(near) => format!("did you mean `{near}`? Give the path of a scheme file relative to the quiz"),
                None => "give the path of a scheme file relative to the quiz, e.g. `../scheme/detection-and-reporting.md`".to_owned(),
            }),
    }
}

/// The scheme source a broken link from `file` most likely meant, written as a link from
/// `file` (its `#fragment` kept): the same name with the extension of a source
/// (`crisis.html` -> `crisis.md`, `severity.yml` -> `severity.yaml`), else the nearest
/// path by spelling.
pub fn nearest_source(
    file: &str,
    target: &str,
    sources: &BTreeMap<String, Target>,
) -> Option<String> {
    let (path, fragment) = match target.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (target, None),
    };
    if path.is_empty() || path.contains("://") {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let wanted = join(file, &decoded)?;
    let stem = |p: &str| -> String {
        let name_at = p.rfind('/').map_or(0, |i| i + 1);
        match p[name_at..].rfind('.') {
            Some(dot) if dot > 0 => p[..name_at + dot].to_lowercase(),
            _ => p.to_lowercase(),
        }
    };
    let by_stem = sources
        .keys()
        .find(|s| stem(s) == stem(&wanted))
        .map(String::as_str);
    let near = by_stem.or_else(|| {
        let limit = (wanted.chars().count() / 5).clamp(2, 6);
        sources
            .keys()
            .map(|s| (strsim::levenshtein(&wanted, s), s))
            .filter(|(d, _)| *d <= limit)
            .min()
            .map(|(_, s)| s.as_str())
    })?;
    let mut link = relative(file, near);
    if let Some(f) = fragment {
        link.push('#');
        link.push_str(f);
    }
    Some(link)
}

/// `link` (relative, `/`-separated) from the file `from`, as a project path; `None` when it
/// climbs out of the project.
fn join(from: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The project path `to` as a link from the file `from`: `../severity.yaml`.
fn relative(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect();
    let from_dir = &from_dir[..from_dir.len().saturating_sub(1)];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: Vec<&str> = vec![".."; from_dir.len() - common];
    out.extend(&to_parts[common..]);
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources() -> BTreeMap<String, Target> {
        [
            "content/scheme/crisis.md",
            "content/scheme/guide.md",
            "content/severity.yaml",
            "content/playbooks/ransomware.yaml",
        ]
        .into_iter()
        .map(|s| (s.to_owned(), Target::Home))
        .collect()
    }

    #[test]
    fn suggests_the_source_a_broken_link_meant() {
        let s = sources();
        let from = "content/scheme/guide.md";
        let near = |t: &str| nearest_source(from, t, &s);
        assert_eq!(near("crisis.html").as_deref(), Some("crisis.md"));
        assert_eq!(near("../severity.yml").as_deref(), Some("../severity.yaml"));
        assert_eq!(
            near("./Crisis.MD#roles").as_deref(),
            Some("crisis.md#roles")
        );
        assert_eq!(
            near("../playbooks/ransomwere.yaml").as_deref(),
            Some("../playbooks/ransomware.yaml")
        );
        assert_eq!(near("../../../etc/passwd"), None);
        assert_eq!(near("www.example.org/page"), None);
        assert_eq!(
            nearest_source(
                "content/playbooks/ransomware.yaml",
                "../scheme/crisis.htm",
                &s
            )
            .as_deref(),
            Some("../scheme/crisis.md")
        );
    }
}
