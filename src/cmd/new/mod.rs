//! `irbook new`: a commented skeleton of a source file that passes `check` as written.

mod skeletons;

use super::Error;
use crate::pipeline::Project;
use std::path::PathBuf;

pub use skeletons::Kind;

/// Arguments of `irbook new`.
#[derive(clap::Args)]
pub struct Args {
    /// What to create.
    pub kind: Kind,
    /// Its id (lowercase letters, digits, hyphens).
    pub id: String,
    /// Project folder holding irbook.yaml.
    #[arg(long, default_value = ".")]
    pub path: PathBuf,
}

impl clap::ValueEnum for Kind {
    fn value_variants<'a>() -> &'a [Self] {
        &Kind::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.name()).help(self.place()))
    }
}

/// Writes the skeleton and says where.
pub fn run(a: Args) -> Result<(), Error> {
    let project = Project::open(&a.path)?;
    let file = skeletons::new(&project, a.kind, &a.id)?;
    eprintln!(
        "Wrote {}. Fill it in, then run `irbook check`.",
        super::shown(&file)
    );
    Ok(())
}
