//! Tabletop exercises: references into the scheme, scoring a run, and the run record the
//! live console appends to; reviews of real incidents, scored as runs.

pub(crate) mod clocks;
pub(crate) mod incident;
pub(crate) mod record;
pub(crate) mod refs;
pub(crate) mod score;
