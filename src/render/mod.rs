//! Rendering: Markdown, slugs, the theme, and the pages of one edition.

pub mod diagrams;
pub mod exercises;
pub mod exports;
pub mod markdown;
pub mod pages;
pub mod search;
pub mod slug;
pub mod theme;
