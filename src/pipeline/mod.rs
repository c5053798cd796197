//! The stages in order, and the project that runs them:
//!
//! 1. [`Project::open`] reads `irbook.yaml`; [`Project::load`] reads and parses every
//!    source (`load`).
//! 2. [`stages::index`] looks up every id once (`model::index`).
//! 3. [`stages::check`] runs every rule over the sources (`check`).
//! 4. [`stages::view`] builds one edition's filtered view (`edition`), reporting the
//!    rules about rendered text.
//! 5. [`stages::render`] renders a view's pages with the theme into an
//!    [`Output`](crate::render::output::Output) (`render`).
//! 6. [`build`] stages the files into a folder and swaps it in (`write`).
//! 7. [`stages::finish_diagnostics`] applies lint levels, sorts, and caps repeats once.
//!
//! [`compile`] runs them for the commands: in memory (`serve`, `export`), into nothing
//! (`check`) or into a staging folder (`build`).

mod build;
mod compile;
mod project;
pub mod stages;
mod staging;

pub use build::{BuildError, BuildOptions, build};
pub use compile::{
    Checked, Compiled, Destination, Rejected, Request, checked, compile, exercise_page,
};
pub use project::{NotAProject, Project};
