//! Links in imported text: a link to a heading of the same Markdown file, or to another
//! Markdown playbook of its folder, is rewritten to the step or phase it became; a link by
//! reference is written inline (its definition is not imported); a relative link or image
//! the scheme cannot hold keeps its text only.

use super::shape::Draft;
use crate::model::routes::anchor;
use pulldown_cmark::{Event, LinkType, Parser, Tag};
use std::collections::BTreeMap;
use std::ops::Range;

/// A heading's text as a link fragment compares: letters and digits only, lower case, so
/// that `#11-confirm-the-report` (GitHub's anchor) finds "1.1 Confirm the report".
pub(super) fn norm(s: &str) -> String {
    deunicode::deunicode(s)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Where each heading of a draft's source leads on its playbook page: the title to the
/// page, a part to its phase, a step heading (or one inside a step) to the step.
pub(super) fn anchors(d: &Draft) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for ph in &d.phases {
        for st in &ph.steps {
            for h in &st.headings {
                out.entry(norm(h))
                    .or_insert_with(|| format!("{}{}", anchor::STEP, st.id));
            }
        }
        if let Some(p) = &ph.phase {
            for h in &ph.headings {
                out.entry(norm(h))
                    .or_insert_with(|| format!("{}{p}", anchor::PHASE));
            }
        }
    }
    out.entry(norm(&d.title)).or_default();
    out
}

/// What to do with one link.
pub(super) enum Fix {
    /// Leave it as written.
    Keep,
    /// Point it at this target.
    To(String),
    /// Keep its text only, for this reason.
    TextOnly(String),
}

/// `md` with its links fixed by `resolve` (given the target as written, and whether it is
/// an image); with a note for each link that lost its target.
pub(super) fn rewrite(
    md: &str,
    refs: &[(String, String)],
    resolve: &mut dyn FnMut(&str, bool) -> Fix,
) -> (String, Vec<String>) {
    let mut lookup = super::blocks::reference_lookup(refs);
    let parser =
        Parser::new_with_broken_link_callback(md, super::blocks::options(), Some(&mut lookup));
    let mut open: Vec<OpenLink> = Vec::new();
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut notes = Vec::new();
    for (ev, range) in parser.into_offset_iter() {
        match &ev {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            })
            | Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) => {
                let by_ref = !matches!(
                    link_type,
                    LinkType::Inline | LinkType::Autolink | LinkType::Email
                );
                let image = matches!(ev, Event::Start(Tag::Image { .. }));
                let inner_end = range.start + if image { 2 } else { 1 };
                open.push(OpenLink {
                    range,
                    dest: dest_url.to_string(),
                    by_ref,
                    image,
                    inner_end,
                });
                continue;
            }
            Event::End(pulldown_cmark::TagEnd::Link | pulldown_cmark::TagEnd::Image) => {
                let Some(link) = open.pop() else {
                    continue;
                };
                let r = link.range.clone();
                let (edit, note) = fixed_link(md, link, resolve);
                edits.extend(edit.map(|e| (r, e)));
                notes.extend(note);
            }
            _ => {}
        }
        for o in &mut open {
            o.inner_end = o.inner_end.max(range.end);
        }
    }
    (apply_edits(md, edits), notes)
}

/// A link whose end is not reached yet.
struct OpenLink {
    /// The whole link in the text.
    range: Range<usize>,
    /// Its target as written (or as its reference definition gives it).
    dest: String,
    /// Whether it is written by reference (`[text][ref]`) rather than inline.
    by_ref: bool,
    image: bool,
    /// The end of its inner text so far.
    inner_end: usize,
}

/// What a finished link becomes once `resolve` has looked at its target: the text to put
/// in its place (none to leave it as written), and a note if it loses its target.
fn fixed_link(
    md: &str,
    link: OpenLink,
    resolve: &mut dyn FnMut(&str, bool) -> Fix,
) -> (Option<String>, Option<String>) {
    let OpenLink {
        range: r,
        dest,
        by_ref,
        image,
        inner_end,
    } = link;
    let inner_start = r.start + if image { 2 } else { 1 };
    let inner = md[inner_start..inner_end.max(inner_start)].to_owned();
    let written = dest.clone();
    let fix = match resolve(&dest, image) {
        Fix::Keep if by_ref => Fix::To(dest),
        f => f,
    };
    match fix {
        Fix::Keep => (None, None),
        Fix::To(d) if d.contains(['<', '>', '\n']) => (None, None),
        Fix::To(d) => {
            let d = if d.contains([' ', '(', ')']) {
                format!("<{d}>")
            } else {
                d
            };
            let bang = if image { "!" } else { "" };
            (Some(format!("{bang}[{inner}]({d})")), None)
        }
        Fix::TextOnly(why) => (
            Some(inner),
            Some(format!("link to `{written}` {why}; its text is kept")),
        ),
    }
}

/// `md` with each edit's range replaced by its text (an edit overlapping an earlier one is
/// left out).
fn apply_edits(md: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::new();
    let mut at = 0;
    for (r, text) in edits {
        if r.start < at {
            continue;
        }
        out.push_str(&md[at..r.start]);
        out.push_str(&text);
        at = r.end;
    }
    out.push_str(&md[at..]);
    out
}

/// The step of the same playbook the first link of `md` leads to (`[text](#step-ID)`),
/// with `md` where that link is its text alone.
pub(super) fn step_link(md: &str) -> Option<(String, crate::model::Id)> {
    let mut to = None;
    let (text, _) = rewrite(md, &[], &mut |dest, image| {
        let id = dest
            .strip_prefix("#")
            .and_then(|d| d.strip_prefix(anchor::STEP));
        match id.and_then(|i| crate::model::Id::parse(i).ok()) {
            Some(i) if !image && to.is_none() => {
                to = Some(i);
                Fix::TextOnly(String::new())
            }
            _ => Fix::Keep,
        }
    });
    to.map(|t| (text, t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(md: &str) -> (String, Vec<String>) {
        let refs = vec![("Guide".to_owned(), "other.md#step-two".to_owned())];
        rewrite(md, &refs, &mut |dest, image| {
            if image {
                Fix::TextOnly("is an image".into())
            } else if dest.starts_with("https:") {
                Fix::Keep
            } else if dest == "gone.md" {
                Fix::TextOnly("leads nowhere".into())
            } else {
                Fix::To(format!("x.yaml#{}", dest.replace(".md#", "-")))
            }
        })
    }

    #[test]
    fn links_are_rewritten_inline() {
        let (t, n) =
            fixed("See [the **other**](other.md#a), [w](https://e.x) and [the guide][guide].");
        assert_eq!(
            t,
            "See [the **other**](x.yaml#other-a), [w](https://e.x) and [the guide](x.yaml#other-step-two)."
        );
        assert!(n.is_empty());
        let (t, n) = fixed("A ![pic](p.png) and [gone](gone.md) and [](other.md)");
        assert_eq!(t, "A pic and gone and [](x.yaml#other.md)");
        assert_eq!(n.len(), 2);
        assert!(n[1].contains("`gone.md` leads nowhere"));
    }

    #[test]
    fn an_option_linking_a_step_leads_there() {
        let (t, id) = step_link("Go to [the wipe](#step-wipe) now").unwrap();
        assert_eq!((t.as_str(), id.as_str()), ("Go to the wipe now", "wipe"));
        assert!(step_link("See [x](#phase-containment)").is_none());
    }

    #[test]
    fn fragments_compare_by_letters_and_digits() {
        assert_eq!(
            norm("1.1 Confirm the report"),
            norm("11-confirm-the-report")
        );
        assert_eq!(norm("Ça va"), "cava");
    }
}
