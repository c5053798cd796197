//! Live reload: a version number bumped by each rebuild, long-polled by open pages,
//! and the error overlay shown while the sources do not build.

use std::time::Duration;
use tokio::sync::watch;

/// What the browser learns from a poll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Status {
    /// Bumped after every rebuild, successful or not.
    pub version: u64,
    /// Diagnostics of a failed rebuild, as plain text; `None` when the site is current.
    pub error: Option<String>,
}

/// Shared between the rebuild loop (a plain thread) and the poll handlers (async).
pub(crate) struct Live {
    status: watch::Sender<Status>,
}

impl Default for Live {
    fn default() -> Self {
        Live {
            status: watch::Sender::new(Status {
                version: 1,
                error: None,
            }),
        }
    }
}

impl Live {
    /// The current status.
    pub(crate) fn now(&self) -> Status {
        self.status.borrow().clone()
    }

    /// Records a rebuild and wakes every waiting poll.
    pub(crate) fn publish(&self, error: Option<String>) {
        self.status.send_modify(|s| {
            s.version += 1;
            s.error = error;
        });
    }

    /// Waits until the version differs from `seen`, or `timeout` passes.
    pub(crate) async fn wait(&self, seen: u64, timeout: Duration) -> Status {
        let mut rx = self.status.subscribe();
        let _ = tokio::time::timeout(timeout, rx.wait_for(|s| s.version != seen)).await;
        self.now()
    }
}

/// The poll answer as JSON.
pub(crate) fn to_json(s: &Status) -> String {
    serde_json::json!({ "version": s.version, "error": s.error }).to_string()
}

/// The script added to served pages only; `irbook build` output never contains it.
pub(crate) const SCRIPT: &str = r#"(function () {
  var me = document.currentScript;
  var seen = Number(me.getAttribute('data-version'));
  function overlay(text) {
    var o = document.getElementById('irbook-error-overlay');
    if (!o) {
      o = document.createElement('div');
      o.id = 'irbook-error-overlay';
      o.setAttribute('role', 'alert');
      o.style.cssText = 'position:fixed;inset:0;z-index:99999;overflow:auto;background:rgba(20,0,0,.93);color:#fff;padding:2rem;font:14px/1.45 ui-monospace,Menlo,Consolas,monospace';
      document.body.appendChild(o);
    }
    o.textContent = '';
    var h = document.createElement('h2');
    h.textContent = 'irbook: the sources do not build. The last good site is still served underneath.';
    h.style.cssText = 'font:bold 18px system-ui,sans-serif;margin:0 0 1rem';
    var pre = document.createElement('pre');
    pre.textContent = text;
    pre.style.whiteSpace = 'pre-wrap';
    o.appendChild(h);
    o.appendChild(pre);
  }
  function poll() {
    fetch('/__irbook/poll?since=' + seen, { cache: 'no-store' })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.error) { seen = s.version; overlay(s.error); poll(); return; }
        if (s.version !== seen) { location.reload(); return; }
        poll();
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  fetch('/__irbook/poll?since=0', { cache: 'no-store' }).then(function (r) { return r.json(); }).then(function (s) {
    if (s.error) overlay(s.error);
    if (s.version !== seen && !s.error) { location.reload(); return; }
    seen = s.version;
    poll();
  }).catch(function () { setTimeout(poll, 1000); });
})();
"#;

/// Adds the live-reload script to an HTML page, before `</body>`.
pub(crate) fn inject(html: &[u8], version: u64) -> Vec<u8> {
    let tag = format!("<script src=\"/__irbook/live.js\" data-version=\"{version}\"></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn waiting_polls_wake_on_publish() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let live = Arc::new(Live::default());
        let l2 = live.clone();
        // Published from a plain thread, as the rebuild loop does.
        let t = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            l2.publish(Some("boom".into()));
        });
        let s = rt.block_on(live.wait(1, Duration::from_secs(10)));
        t.join().unwrap();
        assert_eq!(s.version, 2);
        assert_eq!(s.error.as_deref(), Some("boom"));
        let same = rt.block_on(live.wait(2, Duration::from_millis(10)));
        assert_eq!(same.version, 2);
    }

    #[test]
    fn injects_before_body_end() {
        let out = String::from_utf8(inject(b"<html><body>x</body></html>", 7)).unwrap();
        assert!(
            out.contains("x<script src=\"/__irbook/live.js\" data-version=\"7\"></script></body>")
        );
    }
}
