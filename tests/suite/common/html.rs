//! Reading built pages in tests: parse a page, select, and take an element's text.

use scraper::{ElementRef, Html, Selector};
use std::path::Path;

/// A CSS selector; the tests' selectors are literals, so a bad one is a test bug.
pub(crate) fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The page `path` of the built `edition`, parsed.
pub(crate) fn doc(edition: &Path, path: &str) -> Html {
    let text =
        std::fs::read_to_string(edition.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    Html::parse_document(&text)
}

/// The text of an element, its pieces run together and whitespace folded.
pub(crate) fn text(e: ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of an element with a space between its pieces (for `dt`/`dd` lists, cells).
pub(crate) fn spaced(e: ElementRef) -> String {
    e.text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The one element `s` selects first; fails the test when none does.
pub(crate) fn one<'a>(d: &'a Html, s: &str) -> ElementRef<'a> {
    d.select(&sel(s))
        .next()
        .unwrap_or_else(|| panic!("nothing matches `{s}`"))
}
