//! Helpers shared by the end-to-end tests: temp projects, running the binary, reading output trees.
#![allow(dead_code)]

pub(crate) mod html;
pub(crate) mod http;
pub(crate) mod node;
pub(crate) mod zip;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};

/// The irbook binary under test.
pub(crate) fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_irbook")
}

/// The repository root (holding the example scheme).
pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh empty folder under the system temp dir, removed on drop.
pub(crate) struct TempDir(pub PathBuf);

impl TempDir {
    pub(crate) fn new(tag: &str) -> TempDir {
        static N: AtomicU32 = AtomicU32::new(0);
        let p = std::env::temp_dir().join(format!(
            "irbook-test-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    pub(crate) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copies a folder recursively.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let t = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &t);
        } else {
            std::fs::copy(e.path(), t).unwrap();
        }
    }
}

/// A temp copy of a fixture under tests/fixtures/.
pub(crate) fn fixture(name: &str) -> TempDir {
    let t = TempDir::new(name);
    copy_dir(&repo().join("tests/fixtures").join(name), t.path());
    t
}

/// A temp copy of the bundled example scheme (irbook.yaml, content/, exercises/ and
/// incidents/).
pub(crate) fn example() -> TempDir {
    let t = TempDir::new("example");
    std::fs::copy(repo().join("irbook.yaml"), t.path().join("irbook.yaml")).unwrap();
    copy_dir(&repo().join("content"), &t.path().join("content"));
    copy_dir(&repo().join("exercises"), &t.path().join("exercises"));
    copy_dir(&repo().join("incidents"), &t.path().join("incidents"));
    t
}

/// Runs irbook with arguments in `dir`.
pub(crate) fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// Runs `irbook build` in `dir` and asserts success.
pub(crate) fn build_ok(dir: &Path) -> Output {
    let o = run(dir, &["build"]);
    assert!(
        o.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// Every file under `root`: relative path -> bytes.
pub(crate) fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    fn go(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if e.file_type().unwrap().is_dir() {
                go(base, &p, out);
            } else {
                let rel = p
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    go(root, root, &mut out);
    out
}

/// Stderr as text.
pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
