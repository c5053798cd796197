//! `irbook new`: every kind writes a skeleton where the loader finds it, marks what it
//! cannot know so that `check` names every placeholder left (a warning, an error under
//! `--deny warnings`), takes decisions only from the command line, and never overwrites.

use crate::common::*;
use std::path::Path;
use std::process::{Command, Output};

/// The day the date rules are judged on, fixed so the tests do not age (2026-11-24).
const TODAY: &str = "1795478400";

/// Each kind, an id, the file it writes and the choices it is given when filled in.
const KINDS: &[(&str, &str, &str, &[&str])] = &[
    (
        "playbook",
        "bomb-threat",
        "content/playbooks/bomb-threat.yaml",
        &["--category", "unknown", "--severity", "high"],
    ),
    ("page", "night-shift", "content/scheme/night-shift.md", &[]),
    ("person", "new-starter", "content/contacts.yaml", &[]),
    (
        "exercise",
        "night-drill",
        "exercises/night-drill.yaml",
        &["--severity", "low"],
    ),
];

fn irbook(dir: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", TODAY)
        .output()
        .unwrap()
}

/// `check --format json` of `dir`: its exit code and diagnostics.
fn check(dir: &Path) -> (Option<i32>, Vec<serde_json::Value>) {
    let o = irbook(dir, &["check", "--format", "json"]);
    let diags = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (o.status.code(), diags)
}

/// The lines of a file that hold a placeholder: `FILL IN` outside a comment line, or a
/// value `fill-in`.
fn placeholder_lines(text: &str) -> Vec<u64> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim_start();
            !t.starts_with('#') && (t.contains("FILL IN") || t.ends_with(": fill-in"))
        })
        .map(|(i, _)| i as u64 + 1)
        .collect()
}

#[test]
fn every_placeholder_left_is_named_and_fails_deny_warnings() {
    for (kind, id, file, _) in KINDS {
        let f = fixture("minimal");
        let o = irbook(f.path(), &["new", kind, id]);
        assert!(o.status.success(), "new {kind}: {}", stderr(&o));
        assert!(stderr(&o).contains(file), "{}", stderr(&o));
        let text = std::fs::read_to_string(f.path().join(file)).unwrap();
        let want = placeholder_lines(&text);
        assert!(want.len() >= 3, "{kind}: too few placeholders:\n{text}");
        let (_, diags) = check(f.path());
        let mut named: Vec<u64> = diags
            .iter()
            .filter(|d| d["code"] == "W0322" && d["file"] == *file)
            .map(|d| d["line"].as_u64().unwrap())
            .collect();
        named.sort_unstable();
        assert_eq!(named, want, "{kind}: placeholders named vs. written");
        let denied = irbook(f.path(), &["check", "--deny", "warnings"]);
        assert_eq!(
            denied.status.code(),
            Some(1),
            "{kind} passes --deny warnings"
        );
    }
}

/// No default pretends to be a decision: without `--category` and `--severity` the
/// skeleton holds the placeholder `fill-in`, which `check` refuses and names.
#[test]
fn severity_and_category_are_asked_for_not_assumed() {
    let f = fixture("minimal");
    assert!(
        irbook(f.path(), &["new", "playbook", "flood-two"])
            .status
            .success()
    );
    assert!(
        irbook(f.path(), &["new", "exercise", "drill-two"])
            .status
            .success()
    );
    let pb = std::fs::read_to_string(f.path().join("content/playbooks/flood-two.yaml")).unwrap();
    assert!(pb.contains("\ncategory: fill-in\n"), "{pb}");
    assert!(pb.contains("\ndefault_severity: fill-in\n"), "{pb}");
    assert!(
        pb.contains("# denial-of-service, unknown."),
        "the choices are listed:\n{pb}"
    );
    let (code, diags) = check(f.path());
    assert_eq!(code, Some(1));
    let errors: Vec<(&str, &str)> = diags
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| (d["code"].as_str().unwrap(), d["file"].as_str().unwrap()))
        .collect();
    assert_eq!(
        errors,
        [
            ("E0107", "content/playbooks/flood-two.yaml"),
            ("E0105", "content/playbooks/flood-two.yaml"),
            ("E0105", "exercises/drill-two.yaml"),
        ]
    );
    // Given on the command line, the choices are checked against the scheme.
    let f = fixture("minimal");
    let o = irbook(
        f.path(),
        &[
            "new",
            "playbook",
            "x",
            "--category",
            "unknown",
            "--severity",
            "hgh",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("did you mean `high`?"),
        "{}",
        stderr(&o)
    );
    assert!(!f.path().join("content/playbooks/x.yaml").exists());
    let o = irbook(f.path(), &["new", "page", "x", "--category", "unknown"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no use for --category"),
        "{}",
        stderr(&o)
    );
    let o = irbook(
        f.path(),
        &[
            "new",
            "playbook",
            "x",
            "--category",
            "unknown",
            "--severity",
            "high",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let pb = std::fs::read_to_string(f.path().join("content/playbooks/x.yaml")).unwrap();
    assert!(pb.contains("\ncategory: unknown\n") && pb.contains("\ndefault_severity: high\n"));
}

/// `text` as an author leaves it: every FILL IN written, every value confirmed.
fn filled_in(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line = match line.find("  # FILL IN") {
            Some(i) => &line[..i],
            None => line,
        };
        out.push_str(&line.replace("FILL IN", "Written"));
        out.push('\n');
        // The new person is verified after they are written in.
        if line.ends_with("name: FILL IN their full name") {
            let indent = &line[..line.len() - line.trim_start().len()];
            out.push_str(&format!("{indent}last_verified: 2026-11-20\n"));
        }
    }
    out
}

#[test]
fn a_skeleton_filled_in_passes_deny_warnings_and_never_is_overwritten() {
    for (kind, id, file, choices) in KINDS {
        let f = fixture("minimal");
        let mut args = vec!["new", kind, id];
        args.extend(*choices);
        let o = irbook(f.path(), &args);
        assert!(o.status.success(), "new {kind}: {}", stderr(&o));
        let path = f.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let title = id.replace('-', " ");
        assert!(
            text.contains(id) || text.to_lowercase().contains(&title),
            "{file} lacks {id}"
        );
        std::fs::write(&path, filled_in(&text)).unwrap();
        let c = irbook(f.path(), &["check", "--deny", "warnings"]);
        assert!(
            c.status.success(),
            "new {kind}, filled in, fails check:\n{}",
            String::from_utf8_lossy(&c.stdout)
        );
        let text = std::fs::read_to_string(&path).unwrap();
        let again = irbook(f.path(), &args);
        assert_eq!(again.status.code(), Some(1), "new {kind} twice");
        assert!(
            stderr(&again).contains(file),
            "the refusal names the file: {}",
            stderr(&again)
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
        if *kind == "exercise" {
            build_ok(f.path());
            assert!(
                f.path()
                    .join("public/isirt/exercises/night-drill/guide.html")
                    .is_file()
            );
        }
    }
}

#[test]
fn help_lists_every_kind() {
    let f = fixture("minimal");
    for flag in ["--help", "-h"] {
        let o = irbook(f.path(), &["new", flag]);
        let out = String::from_utf8_lossy(&o.stdout);
        for (kind, ..) in KINDS {
            assert!(out.contains(kind), "`new {flag}` lacks {kind}:\n{out}");
        }
    }
}
