//! Parts of a Markdown playbook that are lists rather than phases: "Indicators" (or
//! "Signs", "Symptoms") become the playbook's `indicators`, "References" (or "Sources",
//! "Further reading") its `references`, "Related" (or "See also", "Related playbooks")
//! its `related` links.

use super::blocks::{Block, Kind, options, plain};
use super::phases::unnumbered;
use super::report::{Fate, Note};
use crate::model::slug::slugify;
use pulldown_cmark::{BrokenLink, CowStr, Event, Parser, Tag, TagEnd};

/// Which list field a part heading names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ListKind {
    /// `indicators`.
    Indicators,
    /// `references`.
    References,
    /// `related`.
    Related,
}

/// The list field a part heading names, if it names one.
pub(super) fn kind(heading: &str) -> Option<ListKind> {
    let s = slugify(unnumbered(heading));
    let is = |names: &[&str]| names.contains(&s.as_str());
    if is(&[
        "indicators",
        "signs",
        "symptoms",
        "warning-signs",
        "indicators-of-compromise",
        "how-to-recognise-it",
        "how-to-recognize-it",
    ]) {
        Some(ListKind::Indicators)
    } else if is(&["references", "sources", "further-reading", "bibliography"]) {
        Some(ListKind::References)
    } else if is(&["related", "related-playbooks", "see-also", "related-links"]) {
        Some(ListKind::Related)
    } else {
        None
    }
}

/// The list fields read from the special parts.
#[derive(Debug, Clone, Default)]
pub(super) struct Lists {
    /// Signs that the incident is happening, one line each.
    pub(super) indicators: Vec<String>,
    /// References: title and address.
    pub(super) references: Vec<(String, String)>,
    /// Related links as written (a Markdown file or an address), when to follow them (the
    /// item's words beside the link) and their line.
    pub(super) related: Vec<(String, String, u32)>,
}

/// The first link of `md`: its text and target, references resolved from `refs`.
pub(super) fn first_link(md: &str, refs: &[(String, String)]) -> Option<(String, String)> {
    let mut lookup = super::blocks::reference_lookup(refs);
    let mut text = String::new();
    let mut dest: Option<String> = None;
    let mut inside = false;
    for ev in Parser::new_with_broken_link_callback(md, options(), Some(&mut lookup)) {
        match ev {
            Event::Start(Tag::Link { dest_url, .. }) if dest.is_none() => {
                dest = Some(dest_url.to_string());
                inside = true;
            }
            Event::End(TagEnd::Link) if inside => break,
            Event::Text(t) | Event::Code(t) if inside => text.push_str(&t),
            _ => {}
        }
    }
    dest.map(|d| (text.trim().to_owned(), d))
}

/// The words of a list item beside its first link, punctuation around them dropped.
fn beside(md: &str) -> String {
    // Every `[text][label]` read as a link, so that the first one is left out whatever
    // its label; the words of the rest kept.
    let mut any = |_: BrokenLink| Some((CowStr::from(""), CowStr::from("")));
    let mut rest = String::new();
    let mut state = 0; // 0 before the first link, 1 inside it, 2 after it
    for ev in Parser::new_with_broken_link_callback(md, options(), Some(&mut any)) {
        match ev {
            Event::Start(Tag::Link { .. }) if state == 0 => state = 1,
            Event::End(TagEnd::Link) if state == 1 => state = 2,
            Event::Text(t) | Event::Code(t) if state != 1 => rest.push_str(&t),
            Event::SoftBreak | Event::HardBreak => rest.push(' '),
            _ => {}
        }
    }
    let rest = rest.split_whitespace().collect::<Vec<_>>().join(" ");
    rest.trim_matches(|c: char| c.is_whitespace() || ",.;:-\u{2013}\u{2014}()".contains(c))
        .to_owned()
}

/// Reads one special part's blocks into `out`, noting what does not fit.
pub(super) fn read(
    kind: ListKind,
    heading: &str,
    blocks: &[Block],
    refs: &[(String, String)],
    out: &mut Lists,
    notes: &mut Vec<Note>,
) {
    for b in blocks {
        let Kind::List(items) = &b.kind else {
            notes.push(Note {
                lines: b.lines,
                fate: Fate::Nowhere,
                what: format!("a block of part \"{heading}\" that is not a list, not imported"),
            });
            continue;
        };
        for it in items {
            match kind {
                ListKind::Indicators => out.indicators.push(plain(&it.text)),
                ListKind::References => match first_link(&it.text, refs) {
                    Some((t, url)) if url.starts_with("http://") || url.starts_with("https://") => {
                        let rest = beside(&it.text);
                        if !rest.is_empty() && !t.is_empty() {
                            notes.push(Note {
                                lines: (it.line, it.line),
                                fate: Fate::Nowhere,
                                what: format!(
                                    "the words beside a reference's link (\"{rest}\"), not imported"
                                ),
                            });
                        }
                        let title = if t.is_empty() { plain(&it.text) } else { t };
                        out.references.push((title, url));
                    }
                    _ => notes.push(Note {
                        lines: (it.line, it.line),
                        fate: Fate::Nowhere,
                        what: format!(
                            "a reference with no web address (\"{}\"), not imported",
                            plain(&it.text)
                        ),
                    }),
                },
                ListKind::Related => match first_link(&it.text, refs) {
                    Some((_, dest)) => {
                        let when = beside(&it.text);
                        let when = ["when ", "if ", "When ", "If "]
                            .iter()
                            .find_map(|p| when.strip_prefix(p))
                            .unwrap_or(&when)
                            .to_owned();
                        out.related.push((dest, when, it.line));
                    }
                    None => notes.push(Note {
                        lines: (it.line, it.line),
                        fate: Fate::Nowhere,
                        what: format!(
                            "a related item with no link (\"{}\"), not imported",
                            plain(&it.text)
                        ),
                    }),
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::blocks::{normalise, read as read_md};
    use super::*;

    #[test]
    fn special_parts_fill_lists() {
        assert_eq!(kind("5. See also"), Some(ListKind::Related));
        assert_eq!(kind("Signs"), Some(ListKind::Indicators));
        assert_eq!(kind("Containment"), None);
        let (s, n) = normalise(
            "Intro.\n\n- [Guide][g], the **basics**\n- A book\n- [Site](https://e.x/a)\n\n[g]: https://e.x/g\n",
        );
        let doc = read_md(&s, n);
        let (mut out, mut notes) = (Lists::default(), Vec::new());
        read(
            ListKind::References,
            "References",
            &doc.blocks,
            &doc.refs,
            &mut out,
            &mut notes,
        );
        assert_eq!(
            out.references,
            [
                ("Guide".into(), "https://e.x/g".into()),
                ("Site".into(), "https://e.x/a".into())
            ]
        );
        assert_eq!(notes.len(), 3);
        assert_eq!(notes[0].lines, (1, 1));
        assert!(
            notes[1].what.contains("(\"the basics\")"),
            "{}",
            notes[1].what
        );
        assert!(notes[2].what.contains("\"A book\""), "{}", notes[2].what);
        let (s, n) = normalise("- [Mail](mail.md), when mail was open\n");
        let doc = read_md(&s, n);
        read(
            ListKind::Related,
            "See also",
            &doc.blocks,
            &doc.refs,
            &mut out,
            &mut notes,
        );
        assert_eq!(out.related, [("mail.md".into(), "mail was open".into(), 1)]);
    }
}
