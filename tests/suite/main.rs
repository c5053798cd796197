//! irbook's end-to-end tests, in one test binary (one link, one place for the helpers).
//!
//! Each module was a test binary of its own; run one with its path as the filter, e.g.
//! `cargo test --test suite editions::` or `cargo test --test suite layering`. The browser
//! tests (`browser`) run only with IRBOOK_BROWSER=1, which `./test` sets.

mod common;

mod applies_js;
mod authoring;
mod awareness;
mod browser;
mod build;
mod check;
mod cli;
mod clock_format;
mod deadlines_js;
mod duty_cards;
mod duty_pages;
mod editions;
mod exercises;
mod filesystem;
mod home;
mod import;
mod incidents;
mod layering;
mod packages;
mod partial;
mod playbook_fields;
mod readme;
mod records;
mod robustness;
mod rota_js;
mod scaffold;
mod schema;
mod scoring;
mod search_js;
mod serve;
mod servers;
mod standalone;
mod theme;
mod watch_check;
