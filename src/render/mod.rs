//! Rendering: the theme and the pages, data files, search index and diagrams of one edition.

pub mod diagrams;
pub mod exercises;
pub mod exports;
pub mod output;
pub mod pages;
pub mod replace;
pub mod search;
pub mod theme;
