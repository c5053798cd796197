//! Watching the project for changes: notify, with a fallback to polling, debounced,
//! and each change classified so a rebuild skips work it cannot affect.

use notify::event::{MetadataKind, ModifyKind};
use notify::{Config, Event, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

/// What kind of source changed, from cheapest to dearest to rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Change {
    /// A theme static file: copied, nothing re-rendered.
    Static,
    /// Scheme content or exercises: re-rendered with the compiled templates kept.
    Content,
    /// A template: templates recompiled, everything re-rendered.
    Template,
    /// irbook.yaml: everything from scratch.
    Config,
}

/// Which change a path is, or `None` when it cannot affect the site.
pub(crate) fn classify(root: &Path, path: &Path) -> Option<Change> {
    let rel = path.strip_prefix(root).ok()?;
    let name = rel.file_name()?.to_string_lossy();
    // Editor temporaries and hidden files never build into the site.
    if name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
    {
        return None;
    }
    let first = rel
        .components()
        .next()?
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    match first.as_str() {
        "irbook.yaml" => Some(Change::Config),
        "content" | "exercises" | "incidents" => Some(Change::Content),
        "themes" => {
            let s = rel.to_string_lossy();
            if s.contains("/static/") {
                Some(Change::Static)
            } else {
                Some(Change::Template)
            }
        }
        _ => None,
    }
}

/// A running watcher; dropping it stops watching, which is all it is kept for.
pub(crate) enum Handle {
    /// Kernel notifications.
    Native(#[allow(dead_code)] RecommendedWatcher),
    /// Polling, when the kernel's watch limit is reached.
    Poll(#[allow(dead_code)] PollWatcher),
}

/// Starts watching `root`; changed paths arrive on the returned channel.
pub(crate) fn start(root: &Path) -> Result<(Handle, Receiver<PathBuf>), String> {
    let (tx, rx) = channel::<PathBuf>();
    let forward = |tx: Sender<PathBuf>| {
        move |res: notify::Result<Event>| {
            // Reading a file is an event too on Linux; a rebuild reads every source, so
            // reacting to reads would rebuild for ever.
            if let Ok(ev) = res.as_ref()
                && matches!(
                    ev.kind,
                    EventKind::Access(_)
                        | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
                )
            {
                return;
            }
            if let Ok(ev) = res {
                for p in ev.paths {
                    let _ = tx.send(p);
                }
            }
        }
    };
    let native = RecommendedWatcher::new(forward(tx.clone()), Config::default())
        .and_then(|mut w| w.watch(root, RecursiveMode::Recursive).map(|()| w));
    match native {
        Ok(w) => Ok((Handle::Native(w), rx)),
        Err(e) => {
            let why = match e.kind {
                notify::ErrorKind::MaxFilesWatch => "the system's limit on watched files is reached (raise fs.inotify.max_user_watches)".to_owned(),
                _ => e.to_string(),
            };
            eprintln!(
                "warning: cannot watch for changes ({why}); falling back to polling every 500 ms"
            );
            let cfg = Config::default()
                .with_poll_interval(Duration::from_millis(500))
                .with_compare_contents(false);
            let mut w = PollWatcher::new(forward(tx), cfg)
                .map_err(|e| format!("cannot watch the project: {e}"))?;
            w.watch(root, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch the project: {e}"))?;
            Ok((Handle::Poll(w), rx))
        }
    }
}

/// Waits for the next relevant change, then collects the burst that follows (an editor
/// saving writes several events) and returns the dearest kind in it.
pub(crate) fn next(root: &Path, rx: &Receiver<PathBuf>, quiet: Duration) -> Option<Change> {
    let mut kind = None;
    while kind.is_none() {
        let p = rx.recv().ok()?;
        kind = classify(root, &p);
    }
    while let Ok(p) = rx.recv_timeout(quiet) {
        kind = kind.max(classify(root, &p));
    }
    kind
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_place() {
        let r = Path::new("/p");
        assert_eq!(
            classify(r, Path::new("/p/irbook.yaml")),
            Some(Change::Config)
        );
        assert_eq!(
            classify(r, Path::new("/p/content/scheme/a.md")),
            Some(Change::Content)
        );
        assert_eq!(
            classify(r, Path::new("/p/themes/x/templates/base.html")),
            Some(Change::Template)
        );
        assert_eq!(
            classify(r, Path::new("/p/themes/x/static/style.css")),
            Some(Change::Static)
        );
        assert_eq!(classify(r, Path::new("/p/public/staff/index.html")), None);
        assert_eq!(classify(r, Path::new("/p/content/scheme/.a.md.swp")), None);
        assert_eq!(classify(r, Path::new("/p/target/debug/x")), None);
    }
}
