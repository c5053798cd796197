//! `irbook serve`: the live preview on 127.0.0.1, rebuilt on change, safe by default.
//!
//! The served site is held in memory and replaced whole after each successful rebuild,
//! so a request never sees a half-built site and no request path reaches the file
//! system. Each rebuild is also written to a temporary folder (never `public/`).

use super::http::{self, Method, Request, Response, host_allowed};
use super::{Error, guard, live, watch};
use crate::check::report::{self, Format};
use crate::edition::view::MdCache;
use crate::pipeline::{self, Destination, Project};
use crate::render::search::ScoreCache;
use crate::render::theme::Theme;
use live::Live;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};
use watch::Change;

/// What `irbook serve` was asked for.
#[derive(Debug, Clone)]
pub(crate) struct ServeOptions {
    /// The project folder.
    pub root: PathBuf,
    /// Address to bind; 127.0.0.1 unless told otherwise.
    pub bind: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Edition to serve; the first audience when absent.
    pub edition: Option<String>,
}

/// One built edition: file path -> bytes.
type Site = crate::render::output::Files;

/// Everything the request handlers and the rebuild loop share.
struct State {
    root: PathBuf,
    edition: String,
    addr: SocketAddr,
    site: RwLock<Arc<Site>>,
    live: Live,
    /// Templates compiled once and kept until a template or irbook.yaml changes.
    theme: Mutex<Option<Theme>>,
    /// Rendered Markdown kept across rebuilds; replaced when irbook.yaml or a template changes.
    markdown: Mutex<Arc<MdCache>>,
    /// Search scores of the pages of the last rebuild; a page that reads the same reuses
    /// its own, whatever else changed.
    scores: ScoreCache,
    /// The latest site waiting to be written to the temporary folder.
    to_write: Mutex<Option<Arc<Site>>>,
    write_wanted: std::sync::Condvar,
    /// Held while a site is written to the temporary folder; true once the server stops,
    /// after which nothing is written there.
    writing: Mutex<bool>,
    out: PathBuf,
}

/// Runs the preview server until Ctrl-C.
pub(crate) fn serve(opts: &ServeOptions) -> Result<(), Error> {
    // The watcher reports absolute paths; an absolute root lets them be classified.
    let project = Project::open(&opts.root)?;
    let root = std::fs::canonicalize(&opts.root).map_err(|e| {
        Error::Setup(format!(
            "cannot open `{}`: {e}",
            report::shown_path(&opts.root)
        ))
    })?;
    let listen = |source| Error::Listen {
        addr: format!("{}:{}", opts.bind, opts.port),
        source,
    };
    let listener = http::bind(opts.bind, opts.port).map_err(listen)?;
    let addr = listener.local_addr().map_err(listen)?;
    if !opts.bind.is_loopback() {
        eprintln!(
            "WARNING: serving on {} makes the preview, including any team-only material of the edition, reachable from other machines. Use --bind 127.0.0.1 unless you mean it.",
            opts.bind
        );
    }
    let edition = opts
        .edition
        .clone()
        .unwrap_or_else(|| project.default_edition());
    let out = private_temp_dir()?;
    // From here on the folder exists: Ctrl-C, SIGTERM and SIGHUP stop the server and
    // remove it, even during the first build, before the address is printed.
    let stop = Arc::new(tokio::sync::Notify::new());
    {
        let stop = stop.clone();
        ctrlc::set_handler(move || stop.notify_one()).map_err(|e| {
            let _ = std::fs::remove_dir_all(&out);
            Error::Setup(format!("cannot handle Ctrl-C: {e}"))
        })?;
    }
    let state = Arc::new(State {
        root: root.clone(),
        edition,
        addr,
        site: RwLock::new(Arc::new(Site::new())),
        live: Live::default(),
        theme: Mutex::new(None),
        markdown: Mutex::new(Arc::new(MdCache::default())),
        scores: ScoreCache::default(),
        to_write: Mutex::new(None),
        write_wanted: std::sync::Condvar::new(),
        writing: Mutex::new(false),
        out: out.clone(),
    });
    // From here on the copy holds an edition: however serving ends, an error setting up
    // the watcher included, it is removed.
    let copy = RemoveCopy(&state);
    spawn_writer(state.clone());
    rebuild(&state, None);
    // Paths are shown with their control characters escaped, as diagnostics show them.
    eprintln!(
        "A copy of each rebuild, readable by you only: {}",
        report::shown_path(&out)
    );
    eprintln!(
        "Serving the `{}` edition of {} at http://{}/ (Ctrl-C to stop)",
        state.edition,
        report::shown_path(&opts.root),
        display_addr(addr)
    );
    let (_watcher, changes) = watch::start(&root).map_err(Error::Setup)?;
    spawn_watcher(state.clone(), changes);
    let served = http::run(listener, site(state.clone()), stop);
    drop(copy);
    eprintln!("Stopped; removed {}.", report::shown_path(&out));
    served.map_err(Error::Stopped)
}

/// Removes the temporary copy when dropped, once any write in progress has ended (it
/// would leave files behind the removal), and lets no other write start.
struct RemoveCopy<'a>(&'a State);

impl Drop for RemoveCopy<'_> {
    fn drop(&mut self) {
        let stopped = self.0.writing.lock();
        if let Ok(mut stopped) = stopped {
            *stopped = true;
        }
        let _ = std::fs::remove_dir_all(&self.0.out);
    }
}

/// Starts the thread that writes each rebuild to the temporary folder, off the rebuild
/// path; only the latest site is written when rebuilds come faster than the disk.
fn spawn_writer(state: Arc<State>) {
    std::thread::spawn(move || {
        // What the copy was last written from, to write only what changed since.
        let mut written: Option<crate::write::Written> = None;
        loop {
            let Ok(mut slot) = state.to_write.lock() else {
                return;
            };
            while slot.is_none() {
                slot = match state.write_wanted.wait(slot) {
                    Ok(s) => s,
                    Err(_) => return,
                };
            }
            let site = slot.take();
            drop(slot);
            if let Some(site) = site {
                let Ok(stopped) = state.writing.lock() else {
                    return;
                };
                if *stopped {
                    return;
                }
                let ok = write_copy(&state.out.join(&state.edition), written.as_ref(), &site);
                written = ok.then(|| crate::write::written(&site));
            }
        }
    });
}

/// Writes `site` into `dir`: only the files that changed since it was `written` when
/// most are the same, else the whole folder, replaced at once. False when it failed.
fn write_copy(dir: &Path, written: Option<&crate::write::Written>, site: &Site) -> bool {
    if let Some(old) = written {
        let same = site
            .iter()
            .filter(|(path, bytes)| crate::write::unchanged(old, path, bytes))
            .count();
        if same * 2 > site.len() && crate::write::update_dir(dir, old, site).is_ok() {
            return true;
        }
    }
    let files: Vec<(String, &[u8])> = site
        .iter()
        .map(|(k, v)| (k.clone(), v.as_slice()))
        .collect();
    crate::write::replace_dir(dir, &crate::write::Tree { files }).is_ok()
}

/// Starts the thread that rebuilds on each change the watcher reports.
fn spawn_watcher(state: Arc<State>, changes: std::sync::mpsc::Receiver<PathBuf>) {
    std::thread::spawn(move || {
        while let Some(change) = watch::next(&state.root, &changes, Duration::from_millis(30)) {
            rebuild(&state, Some(change));
        }
    });
}

/// The preview as the HTTP layer serves it: requests answered from `state`'s site.
fn site(state: Arc<State>) -> http::Site {
    http::Site {
        limits: LIMITS,
        csp: CSP,
        handler: Arc::new(move |req| {
            let state = state.clone();
            Box::pin(async move { handle(&state, req).await })
        }),
    }
}

/// What the preview accepts: it answers GET and HEAD only, so it reads no body at all.
const LIMITS: http::Limits = http::Limits::local(0);

/// A new folder under the system's temporary folder with a random name, readable by this
/// user only: another local user can neither guess it in advance nor read the edition.
fn private_temp_dir() -> Result<PathBuf, Error> {
    let base = std::env::temp_dir();
    for _ in 0..16 {
        let mut bytes = [0u8; 12];
        getrandom::fill(&mut bytes)
            .map_err(|e| Error::Setup(format!("no randomness for a folder name: {e}")))?;
        let name: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let dir = base.join(format!("irbook-serve-{name}"));
        match create_private_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(Error::Setup(format!(
                    "cannot create a temporary folder in {}: {e}",
                    base.display()
                )));
            }
        }
    }
    Err(Error::Setup(format!(
        "cannot create a temporary folder in {}: every name tried exists",
        base.display()
    )))
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    // create, not create_all: an existing folder or symlink of that name is an error.
    std::fs::DirBuilder::new().mode(0o700).create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::DirBuilder::new().create(dir)
}

fn display_addr(addr: SocketAddr) -> String {
    if addr.ip().is_unspecified() {
        format!("127.0.0.1:{}", addr.port())
    } else {
        addr.to_string()
    }
}

/// Rebuilds after a change of kind `change` (`None`: the first build, at start) and
/// publishes the result to open pages.
fn rebuild(state: &State, cause: Option<Change>) {
    let start = Instant::now();
    // The first build starts from nothing, like a change of irbook.yaml.
    let change = cause.unwrap_or(Change::Config);
    let Ok(mut theme) = state.theme.lock() else {
        return;
    };
    if change == Change::Static && theme.is_some() && swap_statics(state, &mut theme, start) {
        return;
    }
    if change >= Change::Template {
        *theme = None;
        if let Ok(mut m) = state.markdown.lock() {
            *m = Arc::new(MdCache::default());
        }
    }
    let cache = state.markdown.lock().map(|m| m.clone()).unwrap_or_default();
    let compiled = match Project::open(&state.root) {
        Ok(project) => pipeline::compile(
            &project,
            pipeline::Request {
                only: Some(&state.edition),
                destination: Destination::Memory(state.site.read().ok().map(|s| s.clone())),
                theme: Some(&mut theme),
                cache: Some(&cache),
                scores: Some(&state.scores),
            },
        ),
        Err(e) => {
            eprintln!("{e}");
            state.live.publish(Some(e.to_string()));
            return;
        }
    };
    drop(theme);
    if compiled.failed() {
        report_failure(state, &compiled, start, cause.is_none());
        return;
    }
    let Some((_, files)) = compiled.editions.into_iter().next() else {
        return;
    };
    let site: Site = files.into_iter().map(|f| (f.path, f.bytes)).collect();
    let what = match cause {
        None => format!("Built the `{}` edition", state.edition),
        Some(Change::Static) => "Rebuilt (static file changed)".into(),
        Some(Change::Content) => "Rebuilt (content changed)".into(),
        Some(Change::Template) => "Rebuilt (template changed)".into(),
        Some(Change::Config) => "Rebuilt (configuration changed)".into(),
    };
    publish(state, site, &what, start);
}

/// After a static file changed: copies the theme's static files into the served site, no
/// page re-rendered. False when the theme cannot be loaded, so that a full rebuild reports
/// why.
fn swap_statics(state: &State, theme: &mut Option<Theme>, start: Instant) -> bool {
    let config = crate::load::files::read_source(&state.root, Path::new("irbook.yaml"))
        .map(|f| f.text.to_string())
        .unwrap_or_default();
    let name = crate::load::yaml::parse::<crate::model::config::Config>("irbook.yaml", &config)
        .map(|c| c.theme)
        .unwrap_or_else(|_| crate::model::config::default_theme());
    let Ok(t) = crate::render::theme::load(&state.root, &name) else {
        return false;
    };
    let mut site: Site = state.site.read().map(|s| (**s).clone()).unwrap_or_default();
    // Replace the old theme's static files with the new ones; generated files stay.
    for old in theme.iter().flat_map(|old| old.statics.keys()) {
        site.remove(old);
    }
    for (path, bytes) in &t.statics {
        site.insert(path.clone(), Arc::new(bytes.clone()));
    }
    *theme = Some(t);
    publish(state, site, "Rebuilt (static file changed)", start);
    true
}

/// Prints why a rebuild failed and shows it over the open pages.
fn report_failure(state: &State, compiled: &pipeline::Compiled, start: Instant, first: bool) {
    let text = report::render_all(
        &compiled.diagnostics,
        &compiled.loaded,
        Format::Human,
        false,
    );
    eprint!("{text}");
    let overlay = overlay_text(&compiled.diagnostics, &compiled.loaded);
    let ms = start.elapsed().as_millis();
    if first {
        eprintln!("Build failed ({ms} ms); open pages show the errors until they are fixed.");
    } else {
        eprintln!("Rebuild failed ({ms} ms); the last good site is still served.");
    }
    state.live.publish(Some(overlay));
}

/// Serves `site` from now on; `what` says what was built, for the terminal.
fn publish(state: &State, site: Site, what: &str, start: Instant) {
    let site = Arc::new(site);
    if let Ok(mut s) = state.site.write() {
        *s = site.clone();
    }
    state.live.publish(None);
    eprintln!("{what} in {} ms", start.elapsed().as_millis());
    // A copy on disk for inspection, written by the writer thread off the rebuild path.
    if let Ok(mut slot) = state.to_write.lock() {
        *slot = Some(site);
    }
    state.write_wanted.notify_one();
}

/// What the browser overlay shows of a failed rebuild: the errors that stop the build and
/// nothing else. Warnings may name or quote items the previewed edition's audience may not
/// see (the checks run over every edition), so they stay in the terminal.
fn overlay_text(
    diags: &[crate::check::diagnostic::Diagnostic],
    loaded: &crate::load::Loaded,
) -> String {
    use crate::check::diagnostic::Severity;
    let errors: Vec<_> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    let mut text = report::render_all(&errors, loaded, Format::Human, false);
    let warnings = diags.len() - errors.len();
    if warnings > 0 {
        text.push_str(&format!(
            "({warnings} warning{} printed in the terminal only.)\n",
            if warnings == 1 { " is" } else { "s are" }
        ));
    }
    text
}

/// The preview's pages carry inline styles (the error overlay).
const CSP: &str = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

fn text(status: u16, body: &str) -> Response {
    let r = Response::text(status, body);
    if status == 405 {
        r.with("Allow", "GET, HEAD")
    } else {
        r
    }
}

async fn handle(state: &Arc<State>, req: Request) -> Response {
    let host_ok = req
        .header("Host")
        .is_some_and(|h| host_allowed(state.addr, h.trim()));
    if !host_ok {
        return text(
            403,
            "Forbidden: unknown Host (irbook serve answers only to localhost)\n",
        );
    }
    if !matches!(req.method, Method::GET | Method::HEAD) {
        return text(405, "Method not allowed: the preview is read-only\n");
    }
    if let Some(rest) = req.target.strip_prefix("/__irbook/") {
        return internal(state, &req, rest).await;
    }
    let path = match guard::resolve(&req.target) {
        Ok(p) => p,
        Err(guard::Refusal::Traversal) => return text(403, "Forbidden\n"),
        Err(guard::Refusal::Malformed) => return text(400, "Bad request\n"),
    };
    let site = state.site.read().map(|s| s.clone()).unwrap_or_default();
    match site.get(&path) {
        Some(bytes) => {
            let ct = guard::content_type(&path);
            let body = if ct.starts_with("text/html") {
                live::inject(bytes, state.live.now().version)
            } else {
                bytes.to_vec()
            };
            Response::new(200, ct, body)
        }
        None => {
            let page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><main><h1>Not found</h1><p>This preview has no page at this address. <a href=\"/index.html\">Go to the home page</a>.</p></main></body></html>";
            Response::new(
                404,
                "text/html; charset=utf-8",
                live::inject(page.as_bytes(), state.live.now().version),
            )
        }
    }
}

/// The live-reload endpoints, which a foreign web page must not reach.
async fn internal(state: &Arc<State>, req: &Request, rest: &str) -> Response {
    let origin_ok = req.header("Origin").is_none_or(|o| {
        o.strip_prefix("http://")
            .is_some_and(|h| host_allowed(state.addr, h))
    });
    let site_ok = req
        .header("Sec-Fetch-Site")
        .is_none_or(|s| matches!(s, "same-origin" | "none"));
    if !origin_ok || !site_ok {
        return text(
            403,
            "Forbidden: the live-reload endpoint answers only to the preview itself\n",
        );
    }
    if rest == "live.js" {
        return Response::new(200, "text/javascript; charset=utf-8", live::SCRIPT);
    }
    if let Some(q) = rest.strip_prefix("poll") {
        let since: u64 = q
            .split("since=")
            .nth(1)
            .and_then(|v| v.split('&').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        // A long poll waits without holding anything: other requests go on being answered.
        let status = if since == 0 {
            state.live.now()
        } else {
            state.live.wait(since, Duration::from_secs(25)).await
        };
        return Response::json(200, live::to_json(&status));
    }
    text(404, "Not found\n")
}
