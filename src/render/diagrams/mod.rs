//! Diagrams as inline SVG, generated at build time from the edition's view.
//!
//! Shapes and text only: no script, font or image, so the site stays self-contained.
//! Everything is drawn in `currentColor`, so the diagrams follow the page's light, dark
//! and print colours, and meaning is carried by words, line styles and shapes, never by
//! colour alone, so a black-and-white print reads the same. There are no font metrics at
//! build time: text widths are estimated per character, generously, so labels wrap
//! before they would overflow their boxes. Every box and row is sized to its content.

mod escalation;
mod layout;
mod lifecycle;
mod playbook;
mod svg;
mod text;
mod timeline;

pub(crate) use escalation::escalation;
pub(crate) use lifecycle::lifecycle;
pub(crate) use playbook::playbook;
pub(crate) use timeline::{exercise_timeline, incident_timeline};

#[cfg(test)]
mod tests;
