//! `irbook check --watch`: a save checks the scheme again and prints only what changed.

use crate::common::*;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

/// The running watcher; killed when dropped, so a failing test leaves no process.
struct Watcher {
    child: Child,
    lines: Receiver<String>,
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Watcher {
    fn start(dir: &std::path::Path) -> Watcher {
        let mut child = Command::new(bin())
            .args(["check", "--watch", "--format", "json"])
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("irbook runs");
        let out = child.stdout.take().expect("stdout");
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Watcher { child, lines }
    }

    /// The objects of one run, up to and including its summary.
    fn next_run(&self) -> (Vec<serde_json::Value>, serde_json::Value) {
        let mut found = Vec::new();
        loop {
            let line = self
                .lines
                .recv_timeout(Duration::from_secs(60))
                .expect("a run within a minute");
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(&line).expect("one JSON object");
            if v.get("run").is_some() {
                return (found, v);
            }
            found.push(v);
        }
    }
}

#[test]
fn a_save_prints_the_new_problem_and_then_that_it_was_fixed() {
    let f = fixture("minimal");
    let file = f.path().join("content/playbooks/flood.yaml");
    let good = std::fs::read_to_string(&file).unwrap();
    let w = Watcher::start(f.path());
    let (first, summary) = w.next_run();
    assert!(first.is_empty(), "{first:?}");
    assert_eq!(
        (summary["run"].as_u64(), summary["errors"].as_u64()),
        (Some(1), Some(0))
    );

    // Give the watcher a moment to be watching before the first save.
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(&file, good.replacen("owner: desk", "owner: dsek", 1)).unwrap();
    let (changed, summary) = w.next_run();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(changed[0]["change"], "new");
    assert_eq!(changed[0]["code"], "E0102");
    assert_eq!(changed[0]["file"], "content/playbooks/flood.yaml");
    assert_eq!(
        (summary["new"].as_u64(), summary["errors"].as_u64()),
        (Some(1), Some(1))
    );

    std::fs::write(&file, &good).unwrap();
    let (changed, summary) = w.next_run();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(changed[0]["change"], "fixed");
    assert_eq!(changed[0]["code"], "E0102");
    assert_eq!(
        (summary["fixed"].as_u64(), summary["errors"].as_u64()),
        (Some(1), Some(0))
    );
    assert!(summary["elapsed_ms"].as_u64().is_some());
}
