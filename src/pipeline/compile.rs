//! Running the stages for a command: which editions, where their files go.

use super::project::Project;
use super::stages;
use super::staging::Stage;
use crate::check::diagnostic::{Diagnostic, Severity};
use crate::check::partial::Partial;
use crate::edition::Edition;
use crate::edition::view::{MdCache, SiteView};
use crate::load::Loaded;
use crate::model::{Index, Scheme};
use crate::render::output::{Discard, Files, Memory, Output, OutputFile};
use crate::render::search::ScoreCache;
use crate::render::theme::{self, Theme};
use crate::write::WriteError;
use crate::write::folder::Folder;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Where the rendered files of the editions go.
pub enum Destination<'a> {
    /// Kept in memory, in [`Compiled::editions`]; a file that reads the same as in the
    /// previous build's files given here keeps their copy (`serve`).
    Memory(Option<Arc<Files>>),
    /// Rendered in full and dropped, one edition at a time (`check`).
    Discard,
    /// Written as they are rendered into a staging folder, which is made only when the
    /// sources are free of errors: a build that is going to fail renders into nothing.
    Staged(&'a mut Stage),
}

/// What to compile.
pub struct Request<'a> {
    /// Only this edition, when given.
    pub only: Option<&'a str>,
    /// Where the files go.
    pub destination: Destination<'a>,
    /// A compiled theme to reuse; the theme used is left there for the next compile.
    pub theme: Option<&'a mut Option<Theme>>,
    /// Rendered Markdown to reuse and extend; without it, a cache lives only until every
    /// edition's view is built.
    pub cache: Option<&'a MdCache>,
    /// Search scores of pages to reuse, and to keep for the next compile (`serve`).
    pub scores: Option<&'a ScoreCache>,
}

impl Request<'_> {
    /// Every edition, or `only`, into `destination`, with nothing reused.
    pub fn new<'a>(only: Option<&'a str>, destination: Destination<'a>) -> Request<'a> {
        Request {
            only,
            destination,
            theme: None,
            cache: None,
            scores: None,
        }
    }
}

/// The result of a compile.
pub struct Compiled {
    /// Sources and their text, for showing diagnostics.
    pub loaded: Loaded,
    /// Every diagnostic, sorted and capped, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// Editions rendered, with their files when kept in memory.
    pub editions: Vec<(Edition, Vec<OutputFile>)>,
    /// HTML pages rendered, over all editions.
    pub pages: usize,
    /// Time taken.
    pub elapsed: Duration,
    /// The first write that failed, when writing into a folder.
    pub write_error: Option<WriteError>,
    /// Warnings not shown because some file had problems: they judge what the scheme
    /// lacks, so they wait until every file loads.
    pub held_back: usize,
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

/// What rendering produced.
#[derive(Default)]
struct Rendered {
    editions: Vec<(Edition, Vec<OutputFile>)>,
    pages: usize,
    write_error: Option<WriteError>,
}

/// Loads, checks and renders `project` as `req` asks.
pub fn compile(project: &Project, req: Request) -> Compiled {
    let start = Instant::now();
    let mut loaded = project.load();
    let problems = std::mem::take(&mut loaded.problems);
    let partial = Partial::new(&problems, &loaded.broken);
    // A scheme with items left out is checked, never rendered into anything kept.
    let req = if partial.is_partial() {
        Request {
            destination: Destination::Discard,
            ..req
        }
    } else {
        req
    };
    let mut found = stages::source_text(&loaded);
    let rendered = match loaded.scheme.as_ref() {
        Some(s) => compile_scheme(project, &loaded, s, req, &mut found),
        None => Rendered::default(),
    };
    let (found, held_back) = partial.spare(found);
    let mut diags = crate::check::load::diagnostics(&problems);
    diags.extend(found);
    crate::check::relocate::inside_values(&mut diags, &loaded.sources);
    let diagnostics = stages::finish_diagnostics(loaded.scheme.as_ref(), diags);
    Compiled {
        loaded,
        diagnostics,
        editions: rendered.editions,
        pages: rendered.pages,
        elapsed: start.elapsed(),
        write_error: rendered.write_error,
        held_back,
    }
}

/// Everything after loading, for a scheme that loaded.
fn compile_scheme(
    project: &Project,
    loaded: &Loaded,
    s: &Scheme,
    req: Request,
    diags: &mut Vec<Diagnostic>,
) -> Rendered {
    let idx = stages::index(s);
    diags.extend(stages::check(s, &idx));
    let (editions, unknown) = stages::editions(s, &idx, req.only);
    diags.extend(unknown);
    let mut own_theme = None;
    let slot = req.theme.unwrap_or(&mut own_theme);
    let theme = match slot.take() {
        Some(t) => t,
        None => match theme::load(project.root(), &s.config.data.theme) {
            Ok(t) => t,
            Err(e) => {
                diags.extend(e);
                return Rendered::default();
            }
        },
    };
    let theme = slot.insert(theme);
    let date = project.site_date(loaded);
    let local = MdCache::default();
    let cache = req.cache.unwrap_or(&local);
    let ctx = Ctx {
        s,
        idx: &idx,
        theme,
        date,
        scores: req.scores,
    };
    let (views, stage, previous) = match req.destination {
        Destination::Discard => return ctx.one_at_a_time(editions, cache, diags),
        Destination::Memory(previous) => (ctx.views(editions, cache, diags), None, previous),
        Destination::Staged(stage) => (ctx.views(editions, cache, diags), Some(stage), None),
    };
    // The cache holds a copy of every text; dropped before the pages render.
    drop(local);
    ctx.render_all(views, stage, previous, diags)
}

/// What the rendering stages share.
struct Ctx<'a> {
    s: &'a Scheme,
    idx: &'a Index,
    theme: &'a Theme,
    date: Option<crate::edition::view::SiteDate>,
    scores: Option<&'a ScoreCache>,
}

/// One edition's output, as its kind.
enum Out {
    Memory(Memory),
    Discard(Discard),
    Folder(Folder),
}

impl Out {
    fn get(&self) -> &dyn Output {
        match self {
            Out::Memory(o) => o,
            Out::Discard(o) => o,
            Out::Folder(o) => o,
        }
    }

    fn into_files(self) -> Vec<OutputFile> {
        match self {
            Out::Memory(o) => o.into_files(),
            _ => Vec::new(),
        }
    }
}

impl Ctx<'_> {
    /// `check`: each edition's view is built, its pages rendered and dropped before the
    /// next, so only one is held at a time. Nothing is kept, so no search index is built;
    /// what one would leave out is still reported.
    fn one_at_a_time(
        &self,
        editions: Vec<Edition>,
        cache: &MdCache,
        diags: &mut Vec<Diagnostic>,
    ) -> Rendered {
        let mut out = Rendered::default();
        for ed in editions {
            let (view, d) = stages::view(self.s, self.idx, &ed, cache, self.date.clone());
            diags.extend(d);
            let capped = crate::render::search::capped(&view);
            diags.extend(stages::search_capped(self.s, self.idx, capped));
            let discard = Discard::default();
            match stages::render(&view, self.theme, &discard) {
                Ok(()) => out.editions.push((ed, Vec::new())),
                Err(e) => diags.extend(e),
            }
            out.pages += discard.pages();
        }
        out
    }

    /// Every edition's view: their rendered Markdown is shared (one copy of each text's
    /// HTML, whichever editions show it).
    fn views(
        &self,
        editions: Vec<Edition>,
        cache: &MdCache,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<(Edition, SiteView)> {
        editions
            .into_iter()
            .map(|ed| {
                let (view, d) = stages::view(self.s, self.idx, &ed, cache, self.date.clone());
                diags.extend(d);
                (ed, view)
            })
            .collect()
    }

    /// Renders every view into its output: memory (sharing the files that read the same
    /// as in `previous`), or the stage's folder.
    fn render_all(
        &self,
        views: Vec<(Edition, SiteView)>,
        mut stage: Option<&mut Stage>,
        previous: Option<Arc<Files>>,
        diags: &mut Vec<Diagnostic>,
    ) -> Rendered {
        let failing = diags.iter().any(|d| d.severity == Severity::Error);
        let outs: Vec<Out> = views
            .iter()
            .map(|(ed, _)| match stage.as_deref_mut() {
                None => Out::Memory(Memory::reusing(previous.clone())),
                Some(_) if failing => Out::Discard(Discard::default()),
                Some(st) => st
                    .output(ed)
                    .map_or_else(|| Out::Discard(Discard::default()), Out::Folder),
            })
            .collect();
        let pairs: Vec<(&SiteView, &dyn Output)> = views
            .iter()
            .zip(&outs)
            .map(|((_, v), o)| (v, o.get()))
            .collect();
        diags.extend(stages::search(self.s, self.idx, &pairs, self.scores));
        drop(pairs);
        let mut done = Rendered::default();
        for ((ed, view), out) in views.into_iter().zip(outs) {
            let rendered = stages::render(&view, self.theme, out.get());
            drop(view);
            done.pages += out.get().pages();
            if let Out::Folder(f) = &out
                && let Some(e) = f.error()
            {
                done.write_error.get_or_insert(e);
            }
            match rendered {
                Ok(()) => done.editions.push((ed, out.into_files())),
                Err(e) => diags.extend(e),
            }
        }
        done
    }
}

/// A scheme that loaded and breaks no rule of its sources (warnings allowed): what the
/// commands that work on the sources themselves need (scoring, the console, `new`).
pub struct Checked {
    /// The scheme.
    pub scheme: Scheme,
    /// Its index.
    pub idx: Index,
    /// The sources read (the scheme taken out), for dates and diagnostics.
    pub loaded: Loaded,
}

/// Why a scheme is not [`Checked`]: the sources and the errors to show.
pub struct Rejected {
    /// Sources, for showing the errors.
    pub loaded: Loaded,
    /// The errors.
    pub errors: Vec<Diagnostic>,
}

/// Loads `project` and runs every rule over its sources; `Err` holds the errors.
pub fn checked(project: &Project) -> Result<Checked, Box<Rejected>> {
    let mut loaded = project.load();
    let problems = std::mem::take(&mut loaded.problems);
    let partial = Partial::new(&problems, &loaded.broken);
    let mut diags = crate::check::load::diagnostics(&problems);
    let idx = loaded.scheme.as_ref().map(|s| {
        let idx = stages::index(s);
        diags.extend(partial.spare(crate::check::scheme(s, &idx)).0);
        idx
    });
    diags.retain(|d| d.severity == Severity::Error);
    match (loaded.scheme.take(), idx) {
        (Some(scheme), Some(idx)) if diags.is_empty() => Ok(Checked {
            scheme,
            idx,
            loaded,
        }),
        _ => Err(Box::new(Rejected {
            errors: stages::finish_diagnostics(None, diags),
            loaded,
        })),
    }
}

/// One exercise page (`path`) of the edition of audience rank `rank`, rendered alone in the
/// theme's standalone layout (no site navigation), and the theme's style sheet: for
/// `exercise report`. `Err` holds the errors that stop it.
pub fn exercise_page(
    project: &Project,
    c: &Checked,
    rank: usize,
    path: &str,
) -> Result<(Vec<u8>, Vec<u8>), Vec<Diagnostic>> {
    let (s, idx) = (&c.scheme, &c.idx);
    let theme = theme::load_standalone(project.root(), &s.config.data.theme)?;
    let Some(ed) = crate::edition::all(s, idx)
        .into_iter()
        .find(|e| e.rank == rank)
    else {
        return Err(Vec::new());
    };
    let date = project.site_date(&c.loaded);
    let (view, diags) = stages::view(s, idx, &ed, &MdCache::default(), date);
    let errors: Vec<Diagnostic> = diags
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if !errors.is_empty() {
        return Err(stages::finish_diagnostics(Some(s), errors));
    }
    let out = Memory::default();
    crate::render::pages::render_exercise_page(&view, &theme, path, &out).map_err(|e| vec![e])?;
    let page = out
        .into_files()
        .into_iter()
        .next()
        .map(|f| Arc::unwrap_or_clone(f.bytes));
    let css = theme
        .statics
        .get("assets/style.css")
        .cloned()
        .unwrap_or_default();
    page.map(|p| (p, css)).ok_or_else(Vec::new)
}
