//! irbook compiles an information security incident management scheme (YAML and Markdown)
//! into a static intranet site, one edition per audience.
//!
//! The pipeline, one folder per stage: [`load`] reads and parses sources into the
//! [`model`], which resolves references; [`check`] holds diagnostics and rules;
//! [`edition`] filters the model per audience; [`render`] turns a view into pages;
//! [`write`] swaps the output in atomically. [`pipeline`] runs them in order.

pub mod check;
pub mod edition;
pub mod exercise;
pub mod init;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod write;
