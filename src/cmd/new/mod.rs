//! `irbook new`: a commented skeleton of a source file. It loads as written; what it
//! cannot know is marked `FILL IN` (or the id `fill-in`), and `check` names each one left
//! (W0322 fill-in-left), so a skeleton is not published by accident.

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
    /// The severity level: a playbook's default severity, an exercise's starting level.
    /// Without it the skeleton holds a placeholder that `check` refuses.
    #[arg(long, value_name = "LEVEL")]
    pub severity: Option<String>,
    /// A playbook's incident category. Without it the skeleton holds a placeholder that
    /// `check` refuses.
    #[arg(long, value_name = "CATEGORY")]
    pub category: Option<String>,
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
    let choices = skeletons::Choices {
        severity: a.severity.as_deref(),
        category: a.category.as_deref(),
    };
    let file = skeletons::new(&project, a.kind, &a.id, choices)?;
    eprintln!(
        "Wrote {}. Replace every FILL IN; `irbook check` names each one left.",
        super::shown(&file)
    );
    Ok(())
}
