//! The build pipeline: load -> resolve -> editions -> render -> write, and `check` as the same minus write.

use crate::check::diagnostic::{self as diag, Diagnostic, Severity};
use crate::edition::{self, Edition};
use crate::load::{self, Loaded};
use crate::model::{Date, Pos};
use crate::render::pages;
use crate::render::theme;
use crate::write::{self, Staging, WriteError, sink::OutputFile, sink::Sink};
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
    load::files::read_source(root, Path::new("irbook.yaml"))
        .ok()
        .and_then(|t| {
            load::yaml::parse::<crate::model::config::Config>("irbook.yaml", &t.text).ok()
        })
        .and_then(|c| c.audiences.first().map(|a| a.id.value.to_string()))
        .unwrap_or_else(|| "staff".into())
}

/// The result of compiling a project in memory.
pub struct Compiled {
    /// Sources and load problems.
    pub loaded: Loaded,
    /// Every diagnostic, sorted, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// Rendered editions with their files (none when they were written or dropped as they
    /// were rendered, by `build` and `check`).
    pub editions: Vec<(Edition, Vec<OutputFile>)>,
    /// HTML pages rendered, over all editions.
    pub pages: usize,
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
        self.pages
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
    run(root, only, &mut None, None, &mut Out::Collect).0
}

/// Loads and checks every edition and renders every page, template errors and all, but
/// keeps no output: what `irbook check` does.
pub fn check(root: &Path) -> Compiled {
    run(root, None, &mut None, None, &mut Out::Discard).0
}

/// Where the rendered files of the editions go.
enum Out {
    /// Kept in memory, in [`Compiled::editions`].
    Collect,
    /// Rendered in full and dropped.
    Discard,
    /// Written as they are rendered into a staging folder that will replace `target`;
    /// each edition in a folder of its own when `nested`. Staging starts only when the
    /// sources are free of errors: a build that is going to fail renders into nothing.
    Stage {
        target: PathBuf,
        nested: bool,
        staging: Option<Result<Staging, WriteError>>,
    },
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
    run(root, only, theme, Some(cache), &mut Out::Collect).0
}

/// Compiles, sending every edition's files to `out`; also returns the first write error.
/// Markdown is cached in `cache` when given (to be reused by a later compile), else in a
/// cache that lives only until every edition's view is built.
fn run(
    root: &Path,
    only: Option<&str>,
    theme: &mut Option<theme::Theme>,
    cache: Option<&edition::view::MdCache>,
    out: &mut Out,
) -> (Compiled, Option<WriteError>) {
    let start = Instant::now();
    let mut pages = 0;
    let mut write_error = None;
    let mut loaded = load::load(root);
    let mut diags = crate::check::load::diagnostics(&std::mem::take(&mut loaded.problems));
    let mut editions = Vec::new();
    if let Some(scheme) = loaded.scheme.as_ref() {
        let idx = crate::model::index::index(scheme);
        let mut more = crate::check::scheme(scheme, &idx);
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
                // Every edition's view first: their rendered Markdown is shared (one copy
                // of each text's HTML, whichever editions show it), and the cache that
                // shares it, which holds a copy of every text, is dropped before the pages
                // render rather than kept through them.
                let local = edition::view::MdCache::default();
                let cache = cache.unwrap_or(&local);
                if let Out::Discard = out {
                    // check: nothing is kept, so there is no search index to share between
                    // editions; each edition's view is built, its pages rendered and dropped
                    // before the next, so only one is held at a time.
                    for ed in all {
                        let (view, mut d) =
                            edition::view::build(scheme, &idx, &ed, cache, date.clone());
                        diags.append(&mut d);
                        let capped = crate::render::search::capped(&view);
                        diags.extend(search_capped(scheme, &idx, capped));
                        let sink = Sink::discard();
                        match pages::render(&view, theme, &sink) {
                            Ok(()) => editions.push((ed, Vec::new())),
                            Err(mut e) => diags.append(&mut e),
                        }
                        pages += sink.pages();
                    }
                    all = Vec::new();
                }
                let views: Vec<_> = all
                    .into_iter()
                    .map(|ed| {
                        let (view, mut d) =
                            edition::view::build(scheme, &idx, &ed, cache, date.clone());
                        diags.append(&mut d);
                        (ed, view)
                    })
                    .collect();
                drop(local);
                let failing = diags.iter().any(|d| d.severity == Severity::Error);
                let sinks: Vec<Sink> = views
                    .iter()
                    .map(|(ed, _)| match &mut *out {
                        Out::Collect => Sink::collect(),
                        Out::Discard => Sink::discard(),
                        Out::Stage { .. } if failing => Sink::discard(),
                        Out::Stage {
                            target,
                            nested,
                            staging,
                        } => match staging.get_or_insert_with(|| Staging::begin(target)) {
                            Err(_) => Sink::discard(),
                            Ok(st) if *nested => {
                                let sink = Sink::dir(&st.dir().join(ed.id.as_str()));
                                sink.put(write::MARKER, MARK.to_vec());
                                sink
                            }
                            Ok(st) => Sink::dir(st.dir()),
                        },
                    })
                    .collect();
                // The search indexes of all editions together, sharing the work on pages
                // that read the same in several; like the other data files, nothing to do
                // when the output is not kept (see `pages::render`).
                let kept: Vec<(&edition::view::SiteView, &Sink)> = views
                    .iter()
                    .zip(&sinks)
                    .filter(|(_, s)| s.keeps())
                    .map(|((_, v), s)| (v, s))
                    .collect();
                let mut capped: Vec<_> = crate::render::search::write_indexes(&kept)
                    .into_iter()
                    .flatten()
                    .collect();
                drop(kept);
                // An edition whose output is not kept (a failing build) has no index to
                // build, but reports what its index would leave out, as `check` does.
                for ((_, view), sink) in views.iter().zip(&sinks) {
                    if !sink.keeps() {
                        capped.extend(crate::render::search::capped(view));
                    }
                }
                diags.extend(search_capped(scheme, &idx, capped));
                for ((ed, view), sink) in views.into_iter().zip(sinks) {
                    let rendered = pages::render(&view, theme, &sink);
                    drop(view);
                    pages += sink.pages();
                    if let Some(e) = sink.error() {
                        write_error.get_or_insert(e);
                    }
                    match rendered {
                        Ok(()) => editions.push((ed, sink.into_files())),
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
    let compiled = Compiled {
        loaded,
        diagnostics: cap_repeats(diags),
        editions,
        pages,
        elapsed: start.elapsed(),
    };
    (compiled, write_error)
}

/// A warning for each document whose search terms were capped, on its source file when
/// it comes from one (the same page of several editions gives one, after `dedup`).
fn search_capped(
    scheme: &crate::model::Scheme,
    idx: &crate::model::Index,
    capped: Vec<crate::render::search::Capped>,
) -> Vec<Diagnostic> {
    if capped.is_empty() {
        return Vec::new();
    }
    let sources: std::collections::HashMap<String, &str> = idx
        .files
        .iter()
        .map(|(file, t)| (edition::view::target_path(scheme, *t), file.as_str()))
        .collect();
    let max = crate::render::search::MAX_TERMS_PER_DOC;
    capped
        .into_iter()
        .map(|c| {
            let page = c.href.split('#').next().unwrap_or_default();
            let file = sources.get(page).copied().unwrap_or_default();
            Diagnostic::warning(
                diag::SEARCH_CAPPED,
                file,
                Pos::default(),
                format!(
                    "`{}` ({}) has more than {max} distinct words: only the first {max} are in the search index",
                    c.title, c.href
                ),
            )
            .with_help("the page shows every word, but search finds it by those only; split it into smaller pages, or move long generated lists (logs, hashes) out of it")
        })
        .collect()
}

/// What each edition folder of a build of all editions holds beside the pages.
const MARK: &[u8] = b"This folder was written by irbook and is replaced on every build.\n";

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

/// `p` as the file system will resolve it: absolute, every symbolic link in the part that
/// exists resolved, and the rest (folders a build would create) appended with `.` and `..`
/// applied.
fn resolved(p: &Path) -> PathBuf {
    use std::path::Component;
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
    let mut base = abs.as_path();
    let mut rest = Vec::new();
    let mut out = loop {
        if let Ok(c) = std::fs::canonicalize(base) {
            break c;
        }
        match (base.parent(), base.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                base = parent;
            }
            _ => break PathBuf::new(),
        }
    };
    for c in rest.into_iter().rev() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// Why `out` may not be used as the output folder, if it may not. Both paths are compared
/// resolved, so neither a symbolic link nor `..` can lead the output into the sources.
fn unsafe_out(root: &Path, out: &Path) -> Option<String> {
    let (root, out) = (resolved(root), resolved(out));
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

/// Compiles and, when there are no errors, writes the editions atomically: every file goes
/// into a staging folder as it is rendered, and the staging folder replaces the output
/// only when everything succeeded. Otherwise the previous output is left as it was.
pub fn build(opts: &BuildOptions) -> (Compiled, Result<(), String>) {
    let blocked = unsafe_out(&opts.root, &opts.out);
    let mut out = match (&blocked, &opts.edition) {
        // Still rendered, so that its errors are reported first, as for any build.
        (Some(_), _) => Out::Discard,
        (None, Some(ed)) => Out::Stage {
            target: opts.out.join(ed),
            nested: false,
            staging: None,
        },
        (None, None) => Out::Stage {
            target: opts.out.clone(),
            nested: true,
            staging: None,
        },
    };
    let (compiled, write_error) = run(
        &opts.root,
        opts.edition.as_deref(),
        &mut None,
        None,
        &mut out,
    );
    if compiled.failed() {
        return (
            compiled,
            Err("the build stopped on errors; the previous output is untouched".into()),
        );
    }
    if let Some(why) = blocked {
        return (compiled, Err(format!("{why}; choose another --out folder")));
    }
    let result = match out {
        Out::Stage {
            staging: Some(Ok(st)),
            ..
        } => match write_error {
            Some(e) => Err(e),
            None => st.commit(),
        },
        Out::Stage {
            staging: Some(Err(e)),
            ..
        } => Err(e),
        // No edition was rendered (none was asked for that exists): nothing to replace.
        _ => Ok(()),
    };
    (compiled, result.map_err(|e| e.to_string()))
}
