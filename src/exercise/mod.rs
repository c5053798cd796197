//! Tabletop exercises: references into the scheme, scoring a run, and the run record the
//! live console appends to.

pub(crate) mod clocks;
pub(crate) mod record;
pub(crate) mod refs;
pub(crate) mod score;
