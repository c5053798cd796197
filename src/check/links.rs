//! Rules about links in rendered text: E0112 broken-link, E0119 broken-anchor, W0201
//! unsafe-link and W0202 link-to-hidden. The edition views find the links while they
//! render each text; the rules here judge what they found.

use super::diagnostic::{self as diag, Diagnostic};
use crate::model::{Id, Pos};

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
}

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
            .with_help("link to a source file by its path relative to this file, e.g. `../playbooks/ransomware.yaml`")
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
            .with_help("give the path of a scheme file relative to the quiz, e.g. `../scheme/detection-and-reporting.md`"),
    }
}
