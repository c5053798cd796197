//! Packages for learning systems: one learning path of an edition, as built, with a
//! launcher that reports to a SCORM 1.2 or 2004 runtime, or sends xAPI statements, in a
//! stored zip (`irbook export scorm|xapi`).
//!
//! A package holds the whole edition as `build` writes it (so every link of its pages
//! works and every asset is inside), the launcher `irbook-launch.html` with
//! `irbook-lms.js`, and the manifest: `imsmanifest.xml` for SCORM, `tincan.xml` for xAPI.
//! It is made from the edition's files alone, never from the model: what a package shows
//! is what the edition shows. The path is read back from the edition's `scheme.json`.

mod manifest;

use super::zip;
use crate::render::output::OutputFile;
use serde::Deserialize;

/// The launcher's script, shipped in every package.
const LMS_JS: &str = include_str!("lms.js");
/// The launcher page at the root of a package.
pub const LAUNCH: &str = "irbook-launch.html";
/// The launcher's script at the root of a package.
pub const LAUNCH_JS: &str = "irbook-lms.js";

/// The learning standard a package speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standard {
    /// SCORM 1.2.
    Scorm12,
    /// SCORM 2004 4th edition.
    Scorm2004,
    /// xAPI (Experience API 1.0.3) with the launch parameters of a `tincan.xml` package.
    Xapi,
}

impl Standard {
    fn code(self) -> &'static str {
        match self {
            Standard::Scorm12 => "scorm12",
            Standard::Scorm2004 => "scorm2004",
            Standard::Xapi => "xapi",
        }
    }
}

/// A learning path as the edition's `scheme.json` lists it.
#[derive(Debug, Clone, Deserialize)]
pub struct PackagePath {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Who it is for.
    #[serde(rename = "for", default)]
    pub for_whom: String,
    /// Its steps.
    pub steps: Vec<PackageStep>,
    /// The pass mark in percent.
    pub pass_mark: u8,
}

/// One step of a [`PackagePath`].
#[derive(Debug, Clone, Deserialize)]
pub struct PackageStep {
    /// Title.
    pub title: String,
    /// Edition-relative href.
    pub href: String,
}

/// What a package says about where it comes from.
pub struct About<'a> {
    /// The organisation.
    pub organisation: &'a str,
    /// The edition's id.
    pub edition: &'a str,
    /// The scheme version.
    pub version: Option<&'a str>,
}

#[derive(Deserialize)]
struct SchemeJson {
    #[serde(default)]
    paths: Vec<PackagePath>,
    #[serde(default)]
    new_starter: Vec<PackageStep>,
    #[serde(default)]
    quizzes: Vec<QuizJson>,
}

#[derive(Deserialize)]
struct QuizJson {
    href: String,
    pass_mark: u8,
}

/// The learning paths of an edition, from its `scheme.json`: those irbook.yaml declares,
/// or, when it declares none, the one new-starter path (every awareness page and quiz).
pub fn paths(scheme_json: &[u8]) -> Result<Vec<PackagePath>, String> {
    let s: SchemeJson = serde_json::from_slice(scheme_json).map_err(|e| e.to_string())?;
    if !s.paths.is_empty() {
        return Ok(s.paths);
    }
    if s.new_starter.is_empty() {
        return Ok(Vec::new());
    }
    let pass_mark = s
        .quizzes
        .iter()
        .find(|q| s.new_starter.iter().any(|st| st.href == q.href))
        .map_or(80, |q| q.pass_mark);
    Ok(vec![PackagePath {
        id: "new-starter".into(),
        title: "New starter path".into(),
        for_whom: String::new(),
        steps: s.new_starter,
        pass_mark,
    }])
}

/// The package of `path` for `standard`: the edition's `files`, the launcher and the
/// manifest, as a stored zip whose first entry is the manifest.
pub fn build(
    files: &[OutputFile],
    path: &PackagePath,
    standard: Standard,
    about: &About,
) -> Result<Vec<u8>, zip::ZipError> {
    let mut names: Vec<String> = files
        .iter()
        .filter(|f| f.path != LAUNCH && f.path != LAUNCH_JS)
        .map(|f| f.path.clone())
        .collect();
    names.push(LAUNCH.into());
    names.push(LAUNCH_JS.into());
    names.sort();
    let manifest = match standard {
        Standard::Scorm12 => ("imsmanifest.xml", manifest::scorm12(path, about, &names)),
        Standard::Scorm2004 => ("imsmanifest.xml", manifest::scorm2004(path, about, &names)),
        Standard::Xapi => ("tincan.xml", manifest::tincan(path, about)),
    };
    let mut entries = vec![(manifest.0.to_owned(), manifest.1.into_bytes())];
    entries.push((LAUNCH.into(), launcher(path, standard, about).into_bytes()));
    entries.push((LAUNCH_JS.into(), LMS_JS.as_bytes().to_vec()));
    let mut rest: Vec<&OutputFile> = files
        .iter()
        .filter(|f| f.path != LAUNCH && f.path != LAUNCH_JS)
        .collect();
    rest.sort_by(|a, b| a.path.cmp(&b.path));
    entries.extend(rest.into_iter().map(|f| (f.path.clone(), f.bytes.clone())));
    zip::stored(&entries)
}

/// The activity id of a path's xAPI package: a URI of irbook's own, stable across exports.
pub fn activity_id(path: &PackagePath, about: &About) -> String {
    format!(
        "urn:irbook:{}:{}:{}",
        manifest::slug(about.organisation),
        about.edition,
        path.id
    )
}

/// The launcher page: the path's first step in a frame the size of the window, and the
/// path's data for `irbook-lms.js`.
fn launcher(path: &PackagePath, standard: Standard, about: &About) -> String {
    let data = serde_json::json!({
        "standard": standard.code(),
        "path": path.id,
        "title": path.title,
        "steps": path.steps.iter().map(|s| &s.href).collect::<Vec<_>>(),
        "pass_mark": path.pass_mark,
        "activity": activity_id(path, about),
    });
    // Inside <script>, `</` could end the element: JSON allows `<\/`.
    let data = data.to_string().replace("</", "<\\/");
    let first = path.steps.first().map_or("index.html", |s| s.href.as_str());
    let title = manifest::escape(&path.title);
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{title}</title>\n\
<style>html, body {{ margin: 0; height: 100%; }} iframe {{ display: block; border: 0; width: 100%; height: 100%; }}</style>\n\
<script id=\"irbook-package\" type=\"application/json\">{data}</script>\n\
<script src=\"{LAUNCH_JS}\" defer></script>\n\
</head>\n<body>\n<iframe id=\"irbook-content\" title=\"{title}\" src=\"{}\"></iframe>\n</body>\n</html>\n",
        manifest::escape(first)
    )
}

#[cfg(test)]
mod tests;
