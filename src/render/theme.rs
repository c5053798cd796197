//! The theme: Tera templates compiled once, and static files, with project overrides file by file.

use crate::check::diagnostic::Diagnostic;
use crate::check::{load::diagnostic, templates::template_error};
use crate::load::files::{self, rel_string};
use crate::load::problem::{Problem, ProblemKind};
use crate::model::{At, Id, Pos};
use std::collections::BTreeMap;
use std::path::Path;

/// The default theme, compiled into the binary by build.rs.
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_theme.rs"));
}

/// The default theme's files, paths relative to `themes/default/`.
pub fn default_files() -> &'static [(&'static str, &'static [u8])] {
    embedded::FILES
}

/// A compiled theme.
pub struct Theme {
    /// Templates compiled once, shared by every page and thread.
    pub tera: tera::Tera,
    /// Static files to copy: output path under `assets/` -> bytes.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// Scripts copied only into editions that use them (the deadline calculator's):
    /// output path under `assets/` -> bytes.
    pub scripts: BTreeMap<String, Vec<u8>>,
    /// Template name -> the file it came from, for diagnostics.
    pub sources: BTreeMap<String, String>,
}

/// Loads the theme named in the config: the embedded default, overridden by files under
/// `themes/<name>/` in the project. The theme's folders and files obey the rules of source
/// files: nothing is read from outside the project, whatever symbolic links say.
pub fn load(root: &Path, theme: &At<Id>) -> Result<Theme, Vec<Diagnostic>> {
    let mut problems: Vec<Problem> = Vec::new();
    let files = theme_files(root, theme, &mut problems)?;
    compile(files, problems)
}

/// The theme for one page read on its own (`irbook exercise report`): the theme of [`load`]
/// with its `standalone.html` standing in for `base.html`, so that the page keeps its own
/// template and loses the site's navigation, search and report strip.
pub fn load_standalone(root: &Path, theme: &At<Id>) -> Result<Theme, Vec<Diagnostic>> {
    let mut problems: Vec<Problem> = Vec::new();
    let mut files = theme_files(root, theme, &mut problems)?;
    if let Some(standalone) = files.get("templates/standalone.html").cloned() {
        files.insert("templates/base.html".into(), standalone);
    }
    compile(files, problems)
}

/// A theme's files: template or static path -> (the file shown in diagnostics, bytes).
type Files = BTreeMap<String, (String, Vec<u8>)>;

/// The embedded default theme's files, overridden by the project's `themes/<name>/`.
fn theme_files(
    root: &Path,
    theme: &At<Id>,
    problems: &mut Vec<Problem>,
) -> Result<Files, Vec<Diagnostic>> {
    let name = theme.as_str();
    let mut files = Files::new();
    for (path, bytes) in default_files() {
        files.insert(
            (*path).to_owned(),
            (format!("(built-in theme)/{path}"), bytes.to_vec()),
        );
    }
    let dir = Path::new("themes").join(name);
    match files::folder_inside(root, &dir) {
        Err(p) => return Err(vec![diagnostic(&p)]),
        Ok(false) if name != "default" => {
            let p = Problem::new(
                ProblemKind::MissingFile,
                "irbook.yaml",
                theme.pos,
                format!("theme `{name}` not found: there is no folder themes/{name}"),
            )
            .with_help("set `theme: default`, or create the folder with templates/ and static/");
            return Err(vec![diagnostic(&p)]);
        }
        Ok(false) => {}
        Ok(true) => {
            for sub in ["templates", "static", "scripts"] {
                let sub_dir = dir.join(sub);
                for rel in files::list_all(root, &sub_dir, problems) {
                    let Ok(inner) = rel.strip_prefix(&sub_dir) else {
                        continue;
                    };
                    let key = format!("{sub}/{}", rel_string(inner));
                    match files::read_bytes(root, &rel) {
                        Ok(b) => {
                            files.insert(key, (rel_string(&rel), b));
                        }
                        Err(p) => problems.push(p),
                    }
                }
            }
        }
    }
    Ok(files)
}

/// Compiles the templates among `files` and keeps the static files; the `problems` met
/// while reading them come first among the errors.
fn compile(files: Files, mut problems: Vec<Problem>) -> Result<Theme, Vec<Diagnostic>> {
    let mut errors: Vec<Diagnostic> = Vec::new();
    let mut tera = tera::Tera::new();
    tera.register_filter("prefix_ids", prefix_ids);
    tera.register_filter("css_string", css_string);
    tera.register_filter("dated", dated);
    let mut templates = Vec::new();
    let mut statics = BTreeMap::new();
    let mut scripts = BTreeMap::new();
    for (key, (shown, bytes)) in files {
        if let Some(t) = key.strip_prefix("templates/") {
            match String::from_utf8(bytes) {
                Ok(text) => templates.push((t.to_owned(), shown, text)),
                Err(_) => problems.push(Problem::new(
                    ProblemKind::Unreadable,
                    &shown,
                    Pos::default(),
                    "the template is not valid UTF-8",
                )),
            }
        } else if let Some(s) = key.strip_prefix("static/") {
            statics.insert(format!("assets/{s}"), bytes);
        } else if let Some(s) = key.strip_prefix("scripts/") {
            scripts.insert(format!("assets/{s}"), bytes);
        }
    }
    let shown_of: BTreeMap<String, String> = templates
        .iter()
        .map(|(t, s, _)| (t.clone(), s.clone()))
        .collect();
    if let Err(e) = tera.add_raw_templates(
        templates
            .iter()
            .map(|(t, _, text)| (t.as_str(), text.as_str())),
    ) {
        errors.push(template_error(&e, &shown_of));
    }
    errors.splice(0..0, problems.iter().map(diagnostic));
    if errors.is_empty() {
        Ok(Theme {
            tera,
            statics,
            scripts,
            sources: shown_of,
        })
    } else {
        Err(errors)
    }
}

/// Prefixes every `id` and same-page `#` link in irbook's own HTML, so several bodies can
/// share one page (the binder) without duplicate ids. Text in the HTML is already escaped,
/// so these patterns only match markup.
fn prefix_ids(html: &str, kwargs: tera::Kwargs, _: &tera::State) -> tera::TeraResult<String> {
    let p = kwargs.get::<&str>("p")?.unwrap_or("");
    if p.is_empty() {
        return Ok(html.to_owned());
    }
    Ok(with_prefixed_ids(html, p))
}

/// `html` with `p` put before every `id` value and every in-page link target, in one pass
/// (the binder runs every page's HTML through it). Attributes are found by their `=`,
/// which is rarer in HTML than the space before them.
fn with_prefixed_ids(html: &str, p: &str) -> String {
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len() + 64);
    let (mut copied, mut from) = (0, 0);
    while let Some(k) = html[from..].find('=') {
        let eq = from + k;
        let (head, tail) = (&b[..eq], &b[eq + 1..]);
        let cut = if head.ends_with(b" id") && tail.starts_with(b"\"") {
            Some(eq + 2)
        } else if head.ends_with(b" href") && tail.starts_with(b"\"#") {
            Some(eq + 3)
        } else {
            None
        };
        if let Some(c) = cut {
            out.push_str(&html[copied..c]);
            out.push_str(p);
            copied = c;
        }
        from = eq + 1;
    }
    out.push_str(&html[copied..]);
    out
}

/// Plain text escaped for HTML with its ISO dates kept on one line (use with `| safe`).
fn dated(s: &str, _: tera::Kwargs, _: &tera::State) -> String {
    crate::edition::markdown::text_with_dates(s)
}

/// Escapes text for a double-quoted CSS string inside a `<style>` element: quotes,
/// backslashes and line breaks are escaped, and `<` too, so the text cannot close the element.
fn css_string(s: &str, _: tera::Kwargs, _: &tera::State) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\22 "),
            '\\' => out.push_str("\\5C "),
            '<' => out.push_str("\\3C "),
            '\n' | '\r' => out.push_str("\\A "),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::with_prefixed_ids;

    /// What the filter did before it made one pass: two replacements.
    fn two_passes(html: &str, p: &str) -> String {
        html.replace(" id=\"", &format!(" id=\"{p}"))
            .replace(" href=\"#", &format!(" href=\"#{p}"))
    }

    #[test]
    fn prefixes_ids_and_in_page_links_as_two_replacements_did() {
        let cases = [
            "",
            "plain text = not an attribute",
            "<h2 id=\"a\">A</h2><a href=\"#a\">to A</a><a href=\"x.html#a\">away</a>",
            "<p id=\"x\" class=\"c\">é id=\"y\" href=\"#z\" =\"\" id= \" href=\"\" href=\"#</p>",
            "<span data-id=\"k\" id=\"\"></span>=== id=\"",
            "<a href=\"#\">top</a>ä= href=\"#ü\"",
        ];
        for html in cases {
            assert_eq!(
                with_prefixed_ids(html, "b-1-"),
                two_passes(html, "b-1-"),
                "{html}"
            );
        }
    }
}
