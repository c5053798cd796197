//! Diagrams as inline SVG, generated at build time from the edition's view.

use crate::edition::view::{CallTreeLevel, LifecycleView, PlaybookView};

/// The incident management lifecycle with the scheme's pages placed on it.
pub fn lifecycle(_phases: &[LifecycleView]) -> String {
    String::new()
}

/// The escalation path of one severity level: who is notified, in order.
pub fn escalation(_level: &CallTreeLevel) -> String {
    String::new()
}

/// A playbook's phases with step counts and decision points.
pub fn playbook(_pb: &PlaybookView) -> String {
    String::new()
}
