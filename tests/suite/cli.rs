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

/// A reader that stops early (`irbook export | head`) is a normal end, not an error.
#[test]
fn export_into_a_closed_pipe_is_not_an_error() {
    let t = example();
    let mut child = Command::new(bin())
        .arg("export")
        .current_dir(t.path())
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
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}: {err}");
    assert!(!err.contains("Broken pipe"), "{err}");
}
