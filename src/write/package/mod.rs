//! Packages for learning systems: one learning path of an edition, as built, with a
//! launcher that reports to a SCORM 1.2 or 2004 runtime, or sends xAPI statements, in a
//! stored zip (`irbook export scorm|xapi`).
//!
//! A package holds the whole edition as `build` writes it (so every link of its pages
//! works and every asset is inside), the launchers with their script `irbook-lms.js`, and
//! the manifest: `imsmanifest.xml` for SCORM, `tincan.xml` for xAPI. A SCORM package has
//! one launcher per step, `irbook-item-N.html`, each one SCO of the manifest showing its
//! step's page; an xAPI package has one, `irbook-launch.html`, showing the whole path.
//! It is made from the edition's files alone, never from the model: what a package shows
//! is what the edition shows. The path is read back from the edition's `scheme.json`.

mod manifest;

use super::zip;
use crate::render::output::OutputFile;
use serde::Deserialize;

/// The launcher's script, shipped in every package.
const LMS_JS: &str = include_str!("lms.js");
/// The launcher page at the root of an xAPI package.
pub const LAUNCH: &str = "irbook-launch.html";
/// The start of the name of a SCORM package's launcher of one step.
const ITEM_LAUNCH: &str = "irbook-item-";
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
    /// The index of the step that is assessed (the path's quiz), if any.
    #[serde(skip)]
    pub assessed: Option<usize>,
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
        let mut paths = s.paths;
        for p in &mut paths {
            // A path's quiz is copied into its folder as `quiz.html` (render/paths.rs); its
            // pages are `step-N.html`.
            p.assessed = p
                .steps
                .iter()
                .rposition(|st| st.href.ends_with("/quiz.html"));
        }
        return Ok(paths);
    }
    if s.new_starter.is_empty() {
        return Ok(Vec::new());
    }
    let pass_mark = s
        .quizzes
        .iter()
        .find(|q| s.new_starter.iter().any(|st| st.href == q.href))
        .map_or(80, |q| q.pass_mark);
    let assessed = s
        .new_starter
        .iter()
        .rposition(|st| s.quizzes.iter().any(|q| q.href == st.href));
    Ok(vec![PackagePath {
        id: "new-starter".into(),
        title: "New starter path".into(),
        for_whom: String::new(),
        steps: s.new_starter,
        pass_mark,
        assessed,
    }])
}

/// The launcher of step `n` (from 0) in a SCORM package.
pub fn item_launch(n: usize) -> String {
    format!("{ITEM_LAUNCH}{}.html", n + 1)
}

/// Whether `name` is a file of irbook's launchers rather than of the edition.
fn is_launcher(name: &str) -> bool {
    name == LAUNCH
        || name == LAUNCH_JS
        || name
            .strip_prefix(ITEM_LAUNCH)
            .and_then(|n| n.strip_suffix(".html"))
            .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
}

/// The package of `path` for `standard`: the edition's `files`, the launchers and the
/// manifest, as a stored zip whose first entry is the manifest.
pub fn build(
    files: &[OutputFile],
    path: &PackagePath,
    standard: Standard,
    about: &About,
) -> Result<Vec<u8>, zip::ZipError> {
    let mut rest: Vec<&OutputFile> = files.iter().filter(|f| !is_launcher(&f.path)).collect();
    rest.sort_by(|a, b| a.path.cmp(&b.path));
    let launchers: Vec<(String, String)> = match standard {
        Standard::Xapi => vec![(LAUNCH.into(), launcher(path, standard, about, None))],
        Standard::Scorm12 | Standard::Scorm2004 => (0..path.steps.len())
            .map(|n| (item_launch(n), launcher(path, standard, about, Some(n))))
            .collect(),
    };
    let manifest = match standard {
        Standard::Xapi => ("tincan.xml", manifest::tincan(path, about)),
        Standard::Scorm12 | Standard::Scorm2004 => {
            let version = if standard == Standard::Scorm12 {
                manifest::Version::Scorm12
            } else {
                manifest::Version::Scorm2004
            };
            // The shared resource: the edition and the launchers' script.
            let mut shared: Vec<String> = rest.iter().map(|f| f.path.clone()).collect();
            shared.push(LAUNCH_JS.into());
            shared.sort();
            let names: Vec<String> = launchers.iter().map(|(n, _)| n.clone()).collect();
            let xml = manifest::scorm(version, path, about, &names, &shared);
            ("imsmanifest.xml", xml)
        }
    };
    let mut entries = vec![(manifest.0.to_owned(), manifest.1.into_bytes())];
    entries.extend(
        launchers
            .into_iter()
            .map(|(n, html)| (n, html.into_bytes())),
    );
    entries.push((LAUNCH_JS.into(), LMS_JS.as_bytes().to_vec()));
    entries.extend(rest.into_iter().map(|f| (f.path.clone(), f.bytes.to_vec())));
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

/// A launcher page: the page of step `item` (SCORM: one SCO per step), or the path from
/// its first step (xAPI: `None`), in a frame the size of the window, and the path's data
/// for `irbook-lms.js`.
fn launcher(path: &PackagePath, standard: Standard, about: &About, item: Option<usize>) -> String {
    let mut data = serde_json::json!({
        "standard": standard.code(),
        "path": path.id,
        "title": path.title,
        "steps": path.steps.iter().map(|s| &s.href).collect::<Vec<_>>(),
        "pass_mark": path.pass_mark,
        "activity": activity_id(path, about),
    });
    if let Some(n) = item {
        data["item"] = (n + 1).into();
        data["assessed"] = (path.assessed == Some(n)).into();
        data["items"] = (0..path.steps.len())
            .map(manifest::item_id)
            .collect::<Vec<_>>()
            .into();
    }
    // Inside <script>, `</` could end the element: JSON allows `<\/`.
    let data = data.to_string().replace("</", "<\\/");
    let (first, title) = match item.and_then(|n| path.steps.get(n)) {
        Some(step) => (
            step.href.as_str(),
            format!("{}: {}", path.title, step.title),
        ),
        None => (
            path.steps.first().map_or("index.html", |s| s.href.as_str()),
            path.title.clone(),
        ),
    };
    let title = manifest::escape(&title);
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
