//! Tabletop exercises: references into the scheme, checks, scoring, the live console and
//! the run record it appends to.

pub mod check;
pub mod commands;
pub mod console;
pub mod record;
pub mod refs;
pub mod score;
