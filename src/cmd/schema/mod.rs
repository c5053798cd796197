//! `irbook schema`: print one JSON Schema, write them into a folder, or list the kinds.

pub mod formats;

use super::Error;
use formats::Kind;
use std::path::PathBuf;

/// Arguments of `irbook schema`.
#[derive(clap::Args)]
pub struct Args {
    /// The kind of source file; without it and without --out, list the kinds.
    pub kind: Option<Kind>,
    /// Write the schema (every kind unless one is named) into this folder as <kind>.schema.json.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

impl clap::ValueEnum for Kind {
    fn value_variants<'a>() -> &'a [Self] {
        &Kind::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.name()).help(self.sources()))
    }
}

/// Prints, writes or lists.
pub fn run(a: Args) -> Result<(), Error> {
    match (a.kind, a.out) {
        (Some(kind), None) => super::print(formats::to_json(kind))?,
        (None, None) => {
            let list: String = Kind::ALL
                .iter()
                .map(|k| format!("{:<10} {:<26} {}\n", k.name(), k.file_name(), k.sources()))
                .collect();
            super::print(list)?;
            eprintln!(
                "Print one with `irbook schema KIND`, write all with `irbook schema --out schemas`."
            );
        }
        (kind, Some(dir)) => {
            let kinds = kind.map_or(Kind::ALL.to_vec(), |k| vec![k]);
            let files = formats::write(&dir, &kinds)?;
            eprintln!(
                "Wrote {} schema(s) into {}.",
                files.len(),
                super::shown(&dir)
            );
        }
    }
    Ok(())
}
