//! A scheme project: its folder and its `irbook.yaml`, read once.

use crate::edition::view::SiteDate;
use crate::load::{self, ConfigFile, Loaded};
use crate::model::Date;
use std::path::{Path, PathBuf};

/// A folder that is not an irbook project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAProject(pub PathBuf);

impl std::fmt::Display for NotAProject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}` is not an irbook project: it has no irbook.yaml (run `irbook init DIR` to start one)",
            crate::check::report::shown_path(&self.0)
        )
    }
}

impl std::error::Error for NotAProject {}

/// A project folder with its configuration read.
#[derive(Debug, Clone)]
pub struct Project {
    root: PathBuf,
    config: ConfigFile,
}

impl Project {
    /// Opens the project at `root`, reading `irbook.yaml` (its problems, if any, are
    /// reported by [`Project::load`] with everything else).
    pub fn open(root: &Path) -> Result<Project, NotAProject> {
        if !root.join("irbook.yaml").is_file() {
            return Err(NotAProject(root.to_owned()));
        }
        Ok(Project {
            root: root.to_owned(),
            config: load::config(root),
        })
    }

    /// The project folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The edition commands use when none is named: the first (least privileged) audience,
    /// or `staff` when irbook.yaml cannot be read (the compile reports why).
    pub fn default_edition(&self) -> String {
        self.config
            .value
            .as_ref()
            .and_then(|c| c.data.audiences.first().map(|a| a.id.value.to_string()))
            .unwrap_or_else(|| "staff".into())
    }

    /// Stage 1: reads and parses every source.
    pub fn load(&self) -> Loaded {
        load::load_with(&self.root, Some(self.config.clone()))
    }

    /// The date printed on pages: the build date SOURCE_DATE_EPOCH fixes, when it is set,
    /// else the day the newest source file was changed. Never the clock, so two builds of
    /// the same sources are identical.
    pub fn site_date(&self, loaded: &Loaded) -> Option<SiteDate> {
        if let Some(secs) = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
        {
            return Some(SiteDate::Built(Date::from_unix(secs).to_string()));
        }
        let newest = loaded
            .sources
            .iter()
            .filter_map(|s| {
                std::fs::metadata(self.root.join(&s.path))
                    .and_then(|m| m.modified())
                    .ok()
            })
            .max()?;
        let secs = newest.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
        Some(SiteDate::Sources(
            Date::from_unix(i64::try_from(secs).ok()?).to_string(),
        ))
    }
}
