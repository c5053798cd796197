//! Offline search: an index built from the edition's own view, loaded as a script.

use crate::edition::view::SiteView;

/// The search index of an edition as a JavaScript file (works from file://, unlike fetch).
pub fn index_js(_view: &SiteView) -> String {
    String::from("window.IRBOOK_SEARCH = {\"docs\": []};\n")
}
