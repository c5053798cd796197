//! Rule E0114 audience-marker: a marker that cannot be placed safely. The marker filter
//! (`edition::markers`) fails closed and says why; the rule here reports it.

use super::diagnostic::{self as diag, Diagnostic};
use crate::model::Pos;

/// The diagnostic for a marker the filter refused, at `pos` in `file`.
pub fn misplaced(file: &str, pos: Pos, message: String, help: String) -> Diagnostic {
    Diagnostic::error(diag::AUDIENCE_MARKER, file, pos, message).with_help(help)
}
