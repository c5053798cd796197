//! Rule W0401 search-index-capped: a page with more distinct words than the offline search
//! index takes from one page. The index builder reports which pages it capped.

use super::diagnostic::{self as diag, Diagnostic};
use crate::model::Pos;

/// The warning for one capped page: `title` at `href` (from the source `file`, when it
/// comes from one), whose first `max` distinct words were indexed.
pub fn capped(file: &str, title: &str, href: &str, max: usize) -> Diagnostic {
    Diagnostic::warning(
        diag::SEARCH_CAPPED,
        file,
        Pos::default(),
        format!(
            "`{title}` ({href}) has more than {max} distinct words: only the first {max} are in the search index"
        ),
    )
    .with_help("the page shows every word, but search finds it by those only; split it into smaller pages, or move long generated lists (logs, hashes) out of it")
}
