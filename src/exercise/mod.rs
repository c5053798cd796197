//! Tabletop exercises: references into the scheme, scoring, the live console and
//! the run record it appends to.

pub mod commands;
pub mod console;
pub mod record;
pub mod refs;
pub mod score;
