//! Validation and lint rules, and how their diagnostics are shown.

pub mod diagnostic;
pub mod lints;
pub mod load;
pub mod report;
pub mod templates;
