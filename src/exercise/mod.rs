//! Tabletop exercises: references into the scheme, scoring a run, and the run record the
//! live console appends to.

pub mod record;
pub mod refs;
pub mod score;
