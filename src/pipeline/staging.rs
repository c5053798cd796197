//! The staging folder of a build: where each edition's files go as they are rendered,
//! before the whole folder is swapped in.

use crate::edition::Edition;
use crate::render::output::Output;
use crate::write::folder::Folder;
use crate::write::{self, Staging, WriteError};
use std::path::PathBuf;

/// What each edition folder of a build of all editions holds beside the pages.
const MARK: &[u8] = b"This folder was written by irbook and is replaced on every build.\n";

/// The staging folder of a build, made when the first edition is about to be written.
pub struct Stage {
    /// Where the output goes once complete.
    target: PathBuf,
    /// Each edition in a folder of its own (a build of every edition).
    nested: bool,
    staging: Option<Result<Staging, WriteError>>,
}

impl Stage {
    /// A stage for output that replaces `target`; `nested` when each edition gets a
    /// folder of its own. Nothing is made until the first edition is written.
    pub(super) fn new(target: PathBuf, nested: bool) -> Stage {
        Stage {
            target,
            nested,
            staging: None,
        }
    }

    /// The staging folder, if one was made (or the error making it).
    pub(super) fn into_staging(self) -> Option<Result<Staging, WriteError>> {
        self.staging
    }

    /// The output of edition `ed`, or `None` when the staging folder cannot be made (the
    /// error is returned by the build).
    pub(super) fn output(&mut self, ed: &Edition) -> Option<Folder> {
        let target = &self.target;
        match self.staging.get_or_insert_with(|| Staging::begin(target)) {
            Err(_) => None,
            Ok(st) if self.nested => {
                let out = Folder::new(&st.dir().join(ed.id.as_str()));
                out.put(write::MARKER, MARK.to_vec());
                Some(out)
            }
            Ok(st) => Some(Folder::new(st.dir())),
        }
    }
}
