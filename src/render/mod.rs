//! Rendering: Markdown, slugs, the theme, and the pages of one edition.

pub mod markdown;
pub mod pages;
pub mod slug;
pub mod theme;
