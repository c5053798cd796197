//! The command line as a whole: exit codes mean the same for every command.

use crate::common::*;
use std::io::Read;
use std::process::{Command, Stdio};

/// 2: the command could not run. Every command that needs a project says so alike.
#[test]
fn not_a_project_is_exit_2_for_every_command() {
    let empty = TempDir::new("cli-empty");
    for args in [
        &["build"][..],
        &["check"],
        &["export"],
        &["new", "playbook", "flood"],
        &["exercise", "list"],
        &["serve", "--port", "0"],
    ] {
        let o = run(empty.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("is not an irbook project"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

/// 1: what was asked is refused. `init` and `new` refusing to overwrite agree (they
/// used to exit 2 and 1).
#[test]
fn refusing_to_overwrite_is_exit_1_for_init_and_new() {
    let t = TempDir::new("cli-init");
    let dir = t.path().join("scheme");
    assert!(
        run(t.path(), &["init", dir.to_str().unwrap()])
            .status
            .success()
    );
    let again = run(t.path(), &["init", dir.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1), "{}", stderr(&again));
    let first = run(&dir, &["new", "playbook", "flood"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let twice = run(&dir, &["new", "playbook", "flood"]);
    assert_eq!(twice.status.code(), Some(1), "{}", stderr(&twice));
}

/// Runs irbook in `dir` with `args`, reads a few bytes of its output and closes the pipe;
/// returns its exit code and what it said on stderr.
fn into_a_closed_pipe(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(bin())
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    out.read_exact(&mut first).unwrap();
    drop(out);
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (child.wait().unwrap().code(), err)
}

/// A reader that stops early (`irbook export | head`) is a normal end, not an error.
#[test]
fn export_into_a_closed_pipe_is_not_an_error() {
    let t = example();
    let (code, err) = into_a_closed_pipe(t.path(), &["export"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("Broken pipe"), "{err}");
}

/// `irbook check | head` on a scheme with hundreds of problems (more than a pipe holds)
/// stops printing quietly and keeps its exit code; it used to panic with exit 101.
#[test]
fn check_into_a_closed_pipe_keeps_its_exit_code() {
    let t = example();
    for i in 0..8 {
        let links: String = (0..50)
            .map(|j| format!("See [x](missing-{j}.md).\n"))
            .collect();
        std::fs::write(
            t.path().join(format!("content/scheme/broken-{i}.md")),
            format!("---\ntitle: Broken {i}\nweight: {i}\n---\n{links}"),
        )
        .unwrap();
    }
    for format in ["human", "json"] {
        let (code, err) = into_a_closed_pipe(t.path(), &["check", "--format", format]);
        assert_eq!(code, Some(1), "{format}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{format}: {err}"
        );
    }
}
