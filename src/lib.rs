//! irbook compiles an information security incident management scheme (YAML and Markdown)
//! into a static intranet site, one edition per audience, and runs and scores its tabletop
//! exercises.
//!
//! The stages, one folder each, lower ones never importing higher ones: [`model`] holds
//! the typed scheme and its index; [`load`] reads and parses sources into it; [`exercise`]
//! scores runs; [`check`] holds every rule; [`edition`] filters the model per audience;
//! [`render`] turns a view into pages; [`write`] swaps the output in atomically;
//! [`pipeline`] runs them in order for a [`pipeline::Project`]; [`serve`] holds the local
//! servers; [`cmd`] the commands. ARCHITECTURE.md has the whole map.

pub mod check;
pub mod cmd;
pub mod edition;
pub(crate) mod exercise;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod render;
pub(crate) mod serve;
pub mod write;
