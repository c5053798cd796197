//! The build pipeline: load -> resolve -> editions -> render -> write, and `check` as the same minus write.

use crate::check::diagnostic::{self as diag, Diagnostic, Severity};
use crate::edition::{self, Edition};
use crate::load::{self, Loaded};
use crate::model::{Date, Pos};
use crate::render::pages::{self, OutputFile};
use crate::render::theme;
use crate::write::{self, Tree};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The project folder (holding irbook.yaml).
    pub root: PathBuf,
    /// Output folder; editions go in `<out>/<audience>/`.
    pub out: PathBuf,
    /// Build only this edition.
    pub edition: Option<String>,
}

/// The edition commands use when none is named: the first (least privileged) audience in
/// irbook.yaml, read without loading the rest, or `staff` when it cannot be read (the
/// compile that follows reports why).
pub fn default_edition(root: &Path) -> String {
    std::fs::read_to_string(root.join("irbook.yaml"))
        .ok()
        .and_then(|t| load::yaml::parse::<crate::config::Config>("irbook.yaml", &t).ok())
        .and_then(|c| c.audiences.first().map(|a| a.id.value.to_string()))
        .unwrap_or_else(|| "staff".into())
}

/// The result of compiling a project in memory.
pub struct Compiled {
    /// Sources and load problems.
    pub loaded: Loaded,
    /// Every diagnostic, sorted, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// Rendered editions with their files.
    pub editions: Vec<(Edition, Vec<OutputFile>)>,
    /// Time taken.
    pub elapsed: Duration,
}

impl Compiled {
    /// Are there errors?
    pub fn failed(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// Number of HTML pages over all editions.
    pub fn page_count(&self) -> usize {
        self.editions
            .iter()
            .flat_map(|(_, f)| f)
            .filter(|f| f.path.ends_with(".html"))
            .count()
    }
}

/// The build date printed on pages: SOURCE_DATE_EPOCH when set, else the day the newest
/// source file was changed. Never the clock, so two builds of the same sources are identical.
pub fn build_date(root: &Path, loaded: &Loaded) -> Option<String> {
    if let Some(secs) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
    {
        return Some(Date::from_unix(secs).to_string());
    }
    let newest = loaded
        .sources
        .iter()
        .filter_map(|s| {
            std::fs::metadata(root.join(&s.path))
                .and_then(|m| m.modified())
                .ok()
        })
        .max()?;
    let secs = newest.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    Some(Date::from_unix(i64::try_from(secs).ok()?).to_string())
}

/// Loads, checks and renders every requested edition in memory, writing nothing.
pub fn compile(root: &Path, only: Option<&str>) -> Compiled {
    compile_using(root, only, &mut None, &edition::view::MdCache::default())
}

/// Like [`compile`], reusing the compiled theme in `theme` if there is one (and leaving the
/// theme used there) and rendered Markdown in `cache`, so a caller that rebuilds often
/// (`serve`) compiles templates once and re-renders only the texts that changed.
pub fn compile_using(
    root: &Path,
    only: Option<&str>,
    theme: &mut Option<theme::Theme>,
    cache: &edition::view::MdCache,
) -> Compiled {
    let start = Instant::now();
    let mut loaded = load::load(root);
    let mut diags = std::mem::take(&mut loaded.diagnostics);
    let mut editions = Vec::new();
    if let Some(scheme) = loaded.scheme.as_ref() {
        let (idx, mut more) = crate::model::resolve::resolve(scheme);
        diags.append(&mut more);
        diags.extend(crate::check::lints::run(
            scheme,
            &idx,
            crate::check::lints::today(),
        ));
        let mut all = edition::all(scheme, &idx);
        if let Some(want) = only {
            all.retain(|e| e.id.as_str() == want);
            if all.is_empty() {
                let known: Vec<&str> = idx.audiences.iter().map(|a| a.as_str()).collect();
                diags.push(
                    Diagnostic::error(
                        diag::UNKNOWN_AUDIENCE,
                        &scheme.config.file,
                        Pos::default(),
                        format!("there is no edition `{want}`"),
                    )
                    .with_help(diag::unknown_help(want, "audience", &known)),
                );
            }
        }
        let loaded_theme = match theme.take() {
            Some(t) => Ok(t),
            None => theme::load(root, &scheme.config.data.theme),
        };
        match loaded_theme {
            Err(mut e) => diags.append(&mut e),
            Ok(t) => {
                let theme = theme.insert(t);
                let date = build_date(root, &loaded);
                for ed in all {
                    let (view, mut d) =
                        edition::view::build(scheme, &idx, &ed, cache, date.clone());
                    diags.append(&mut d);
                    match pages::render(&view, theme) {
                        Ok(files) => editions.push((ed, files)),
                        Err(mut e) => diags.append(&mut e),
                    }
                }
            }
        }
    }
    if let Some(scheme) = loaded.scheme.as_ref() {
        diags = crate::check::lints::apply_levels(scheme, diags);
    }
    let diags = cap_repeats(diags);
    let mut diags = diags;
    diags.sort_by(|a, b| {
        (a.severity, &a.file, a.line, a.column, a.code, &a.message)
            .cmp(&(b.severity, &b.file, b.line, b.column, b.code, &b.message))
    });
    diags.dedup();
    Compiled {
        loaded,
        diagnostics: cap_repeats(diags),
        editions,
        elapsed: start.elapsed(),
    }
}

/// Most diagnostics of one rule shown per file; the rest are counted in one closing note.
pub const MAX_PER_FILE_AND_RULE: usize = 50;

/// Keeps the first [`MAX_PER_FILE_AND_RULE`] diagnostics of each rule in each file and adds
/// one saying how many more there were, so a generated or broken file cannot flood the output.
fn cap_repeats(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut counts: std::collections::BTreeMap<(String, &'static str), usize> = Default::default();
    let mut out = Vec::with_capacity(diags.len().min(4096));
    for d in &diags {
        let n = counts.entry((d.file.clone(), d.code.code)).or_insert(0);
        *n += 1;
        if *n <= MAX_PER_FILE_AND_RULE {
            out.push(d.clone());
        }
    }
    for ((file, code), n) in counts {
        if n > MAX_PER_FILE_AND_RULE {
            let Some(first) = diags.iter().find(|d| d.file == file && d.code.code == code) else {
                continue;
            };
            let more = Diagnostic {
                line: 0,
                column: 0,
                help: None,
                message: format!(
                    "... and {} more `{}` in this file",
                    n - MAX_PER_FILE_AND_RULE,
                    first.code.name
                ),
                ..first.clone()
            };
            out.push(more.with_help("fix the ones shown and run again to see the rest"));
        }
    }
    out
}

/// Why `out` may not be used as the output folder, if it may not.
fn unsafe_out(root: &Path, out: &Path) -> Option<String> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
    let (root, out) = (abs(root), abs(out));
    if root.starts_with(&out) {
        return Some(format!(
            "the output folder `{}` holds the project itself",
            out.display()
        ));
    }
    for src in ["content", "themes", "exercises"] {
        if out.starts_with(root.join(src)) {
            return Some(format!(
                "the output folder `{}` is inside the project's {src}/ folder",
                out.display()
            ));
        }
    }
    None
}

/// Compiles and, when there are no errors, writes the editions atomically.
pub fn build(opts: &BuildOptions) -> (Compiled, Result<(), String>) {
    let compiled = compile(&opts.root, opts.edition.as_deref());
    if compiled.failed() {
        return (
            compiled,
            Err("the build stopped on errors; the previous output is untouched".into()),
        );
    }
    if let Some(why) = unsafe_out(&opts.root, &opts.out) {
        return (compiled, Err(format!("{why}; choose another --out folder")));
    }
    const MARK: &[u8] = b"This folder was written by irbook and is replaced on every build.\n";
    let result = match (&opts.edition, compiled.editions.first()) {
        (Some(_), Some((ed, files))) => {
            let files = files
                .iter()
                .map(|f| (f.path.clone(), f.bytes.as_slice()))
                .collect();
            write::replace_dir(&opts.out.join(ed.id.as_str()), &Tree { files })
        }
        _ => {
            let mut files = Vec::new();
            for (ed, fs) in &compiled.editions {
                files.push((format!("{}/{}", ed.id, write::MARKER), MARK));
                files.extend(
                    fs.iter()
                        .map(|f| (format!("{}/{}", ed.id, f.path), f.bytes.as_slice())),
                );
            }
            write::replace_dir(&opts.out, &Tree { files })
        }
    };
    (compiled, result.map_err(|e| e.to_string()))
}
