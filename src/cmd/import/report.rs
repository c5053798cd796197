//! The import report: where each block of the source went when it did not find its own
//! field, so an author knows what to look at.

use std::path::Path;

/// Where a block of the source went, for the import report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Fate {
    /// Into free text of a field it does not belong to by shape.
    FreeText,
    /// Nowhere: left out of the playbook.
    Nowhere,
    /// Placed, but an author should look at it.
    Check,
}

/// One line of the import report.
#[derive(Debug, Clone)]
pub(super) struct Note {
    /// Source lines, first and last (0 when the note is about the whole file).
    pub(super) lines: (u32, u32),
    /// What happened.
    pub(super) fate: Fate,
    /// What, and where it went.
    pub(super) what: String,
}

/// The import report: one line per block that went into free text or nowhere, or that
/// an author should look at, in source order.
pub(super) fn report(file: &Path, notes: &[Note], rel: &str) -> String {
    let name = super::super::shown(file);
    let mut notes = notes.to_vec();
    notes.sort_by_key(|n| n.lines);
    let mut out = format!("{name} -> {rel}\n");
    for n in &notes {
        let fate = match n.fate {
            Fate::FreeText => "free text",
            Fate::Nowhere => "nowhere",
            Fate::Check => "check",
        };
        let at = match n.lines {
            (0, _) => String::new(),
            (a, b) if b > a => format!(":{a}-{b}"),
            (a, _) => format!(":{a}"),
        };
        out.push_str(&format!("{name}{at}: {fate}: {}\n", n.what));
    }
    if notes.is_empty() {
        out.push_str("Every block found its field.\n");
    }
    out
}
