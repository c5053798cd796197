//! Rendering: the theme and the pages, data files, search index and diagrams of one edition.

pub(crate) mod diagrams;
pub(crate) mod duty;
pub(crate) mod exercises;
pub(crate) mod exports;
pub(crate) mod incidents;
pub(crate) mod job;
pub(crate) mod obligations;
pub mod output;
pub(crate) mod pages;
pub(crate) mod paths;
pub(crate) mod replace;
pub mod search;
pub mod standalone;
pub mod theme;
