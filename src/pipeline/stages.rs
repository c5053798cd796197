//! The stage functions after loading, each a thin call into its stage's folder.

use crate::check::diagnostic::Diagnostic;
use crate::edition::view::{MdCache, SiteView};
use crate::edition::{self, Edition};
use crate::model::{Index, Scheme};
use crate::render::output::Output;
use crate::render::search::Capped;
use crate::render::theme::Theme;

/// Stage 2: every id looked up once, and where each source file leads.
pub fn index(s: &Scheme) -> Index {
    crate::model::index::index(s)
}

/// The rules over the source text itself, run whether or not every file loaded.
pub fn source_text(loaded: &crate::load::Loaded) -> Vec<Diagnostic> {
    let mut d = crate::check::swallowed::check(&loaded.sources);
    d.extend(crate::check::fill_in::check(&loaded.sources));
    d
}

/// Stage 3: every rule over the sources and their references, lints included.
pub fn check(s: &Scheme, idx: &Index) -> Vec<Diagnostic> {
    let mut d = crate::check::scheme(s, idx);
    d.extend(crate::check::lints::run(
        s,
        idx,
        crate::check::lints::today(),
    ));
    d
}

/// The editions asked for: every one, or only `only` (naming no edition is an error).
pub fn editions(s: &Scheme, idx: &Index, only: Option<&str>) -> (Vec<Edition>, Vec<Diagnostic>) {
    let mut all = edition::all(s, idx);
    let Some(want) = only else {
        return (all, Vec::new());
    };
    all.retain(|e| e.id.as_str() == want);
    if all.is_empty() {
        let d = crate::check::refs::unknown_edition(&s.config.file, want, idx);
        return (all, vec![d]);
    }
    (all, Vec::new())
}

/// Stage 4: one edition's view, with the diagnostics about its rendered texts.
pub fn view(
    s: &Scheme,
    idx: &Index,
    ed: &Edition,
    cache: &MdCache,
    date: Option<edition::view::SiteDate>,
) -> (SiteView, Vec<Diagnostic>) {
    edition::view::build(s, idx, ed, cache, date)
}

/// Stage 5: a view's pages, data files and the theme's static files into `out`; template
/// errors come back as diagnostics.
pub fn render(view: &SiteView, theme: &Theme, out: &dyn Output) -> Result<(), Vec<Diagnostic>> {
    crate::render::pages::render(view, theme, out)
}

/// The search indexes of several editions at once, sharing the work on pages that read
/// the same in several, and reusing the scores `cache` kept of pages that read the same
/// as in the last build; an edition whose output keeps nothing only reports what its
/// index would leave out.
pub fn search(
    s: &Scheme,
    idx: &Index,
    editions: &[(&SiteView, &dyn Output)],
    cache: Option<&crate::render::search::ScoreCache>,
) -> Vec<Diagnostic> {
    let kept: Vec<(&SiteView, &dyn Output)> = editions
        .iter()
        .filter(|(_, o)| o.keeps())
        .copied()
        .collect();
    let mut capped: Vec<Capped> = crate::render::search::write_indexes(&kept, cache)
        .into_iter()
        .flatten()
        .collect();
    for (view, out) in editions {
        if !out.keeps() {
            capped.extend(crate::render::search::capped(view));
        }
    }
    search_capped(s, idx, capped)
}

/// A W0401 warning for each page whose search terms were capped, on its source file when
/// it comes from one (the same page of several editions gives one, after dedup).
pub fn search_capped(s: &Scheme, idx: &Index, capped: Vec<Capped>) -> Vec<Diagnostic> {
    if capped.is_empty() {
        return Vec::new();
    }
    let sources: std::collections::HashMap<String, &str> = idx
        .files
        .iter()
        .map(|(file, t)| (crate::model::routes::target(s, *t), file.as_str()))
        .collect();
    let max = crate::render::search::MAX_TERMS_PER_DOC;
    capped
        .into_iter()
        .map(|c| {
            let page = c.href.split('#').next().unwrap_or_default();
            let file = sources.get(page).copied().unwrap_or_default();
            crate::check::search::capped(file, &c.title, &c.href, max)
        })
        .collect()
}

/// Last: lint levels applied, sorted, duplicates dropped, repeats capped once.
pub fn finish_diagnostics(s: Option<&Scheme>, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut diags = match s {
        Some(s) => crate::check::lints::apply_levels(s, diags),
        None => diags,
    };
    diags.sort_by(|a, b| {
        (a.severity, &a.file, a.line, a.column, a.code, &a.message)
            .cmp(&(b.severity, &b.file, b.line, b.column, b.code, &b.message))
    });
    diags.dedup();
    crate::check::report::cap_repeats(diags)
}
