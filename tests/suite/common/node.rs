//! Running our JavaScript twins in node, for the tests that compare them with Rust.

use std::path::Path;
use std::process::Command;

/// Is node there? Fails the test when it is not, unless IRBOOK_SKIP_NODE=1, in which case
/// it says that `what` was not compared and returns false.
pub(crate) fn available(what: &str) -> bool {
    let found = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return true;
    }
    if std::env::var("IRBOOK_SKIP_NODE").as_deref() == Ok("1") {
        eprintln!(
            "SKIPPED: node is not on PATH and IRBOOK_SKIP_NODE=1; {what} was not compared with Rust"
        );
        return false;
    }
    panic!(
        "node (Node.js 20 or newer) is not on PATH: this test runs {what} in node to compare it \
         with Rust. Install Node.js, or set IRBOOK_SKIP_NODE=1 to skip the comparison"
    );
}

/// Runs `node SCRIPT ARGS...` with the extra environment `env`, fails the test with node's
/// error output when it does not succeed, and returns what it printed.
pub(crate) fn run(script: &Path, args: &[&Path], env: &[(&str, &str)]) -> Vec<u8> {
    let out = Command::new("node")
        .arg(script)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}
