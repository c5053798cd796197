//! Every problem in one run: a scheme with mistakes in many files is checked as far as
//! it can be, each mistake reported once at its place, and nothing that only follows
//! from a part left out.

use crate::check::position;
use crate::common::*;
use std::path::Path;
use std::process::{Command, Output};

/// The day the date-based rules are judged on, as in `check`.
const TODAY: &str = "1795478400";

fn check(dir: &Path, format: &str) -> Output {
    Command::new(bin())
        .args(["check", "--format", format])
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", TODAY)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// The planted mistakes of `tests/fixtures/mistakes`: rule, file, and the text the
/// diagnostic must point at (its first occurrence in the file).
const MISTAKES: &[(&str, &str, &str)] = &[
    // irbook.yaml: a field the format does not have, in an incident category.
    ("E0004", "irbook.yaml", "colour"),
    // contacts: a kind of channel that does not exist, a word for a number, a day that
    // is no day, a key written twice.
    ("E0003", "content/contacts.yaml", "phonee"),
    ("E0003", "content/contacts.yaml", "two"),
    ("E0003", "content/contacts.yaml", "2026-13-01"),
    ("E0006", "content/contacts.yaml", "name: CERT"),
    // playbook: a text where a list goes (top level), a misspelt field in a step, an
    // unknown role, an unknown phase.
    ("E0003", "content/playbooks/flood.yaml", "Slow site"),
    ("E0004", "content/playbooks/flood.yaml", "ownr"),
    ("E0102", "content/playbooks/flood.yaml", "leed"),
    ("E0110", "content/playbooks/flood.yaml", "recovry"),
    // exercise: an objective without its text, a time that is no duration, an unknown
    // role.
    ("E0005", "exercises/drill.yaml", "id: detect"),
    ("E0003", "exercises/drill.yaml", "20 minutes"),
    ("E0102", "exercises/drill.yaml", "leed"),
    // page: a misspelt front matter field, a broken link.
    ("E0004", "content/scheme/guide.md", "wieght"),
    ("E0112", "content/scheme/guide.md", "[playbook]"),
];

/// One run of `check` reports every planted mistake at its line and column, and nothing
/// else: not the references to the role, person, party, category, step and objective
/// that were left out for their own mistakes, not the warnings about what the partial
/// scheme lacks.
#[test]
fn every_planted_mistake_is_reported_in_one_run_and_nothing_else() {
    let dir = repo().join("tests/fixtures/mistakes");
    let o = check(&dir, "json");
    assert_eq!(o.status.code(), Some(1));
    let mut got: Vec<(String, String, u64, u64)> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| {
            let d: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                d["code"].as_str().unwrap().to_owned(),
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut want: Vec<(String, String, u64, u64)> = MISTAKES
        .iter()
        .map(|(code, file, needle)| {
            let text = std::fs::read_to_string(dir.join(file)).unwrap();
            let (line, col) = position(&text, needle, 0);
            ((*code).to_owned(), (*file).to_owned(), line, col)
        })
        .collect();
    got.sort();
    want.sort();
    assert_eq!(got, want);
    let files: std::collections::BTreeSet<&str> = MISTAKES.iter().map(|m| m.1).collect();
    assert_eq!(files.len(), 5);
}

/// The same sources with the mistakes fixed give no problem at all: none of the items
/// left out hid a problem of its own.
#[test]
fn the_mistakes_fixture_is_the_minimal_one_plus_its_mistakes() {
    let f = fixture("minimal");
    std::fs::create_dir_all(f.path().join("exercises")).unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/drill/exercise.yaml"),
        f.path().join("exercises/drill.yaml"),
    )
    .unwrap();
    let o = check(f.path(), "json");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}

/// A playbook with a syntax error is left out whole, named by its `id:`: the exercise's
/// steps in it, the other playbook's `related` and the page's link to it are not
/// reported as leading nowhere.
#[test]
fn a_file_that_does_not_parse_is_left_out_without_a_cascade() {
    let f = fixture("minimal");
    std::fs::create_dir_all(f.path().join("exercises")).unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/drill/exercise.yaml"),
        f.path().join("exercises/drill.yaml"),
    )
    .unwrap();
    let flood = f.path().join("content/playbooks/flood.yaml");
    let text = std::fs::read_to_string(&flood).unwrap();
    std::fs::write(&flood, text.replace("title: Flooding", "title: [Flooding")).unwrap();
    let o = check(f.path(), "json");
    // The syntax error itself, whatever its rule, and nothing else.
    let files: Vec<String> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| {
            let d: serde_json::Value = serde_json::from_str(l).unwrap();
            d["file"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(files, ["content/playbooks/flood.yaml"]);
}

/// A scheme with items left out is never built: the output folder is not made.
#[test]
fn build_writes_nothing_while_any_file_has_a_problem() {
    let f = fixture("mistakes");
    let out = f.path().join("site");
    let o = run(f.path(), &["build", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!out.exists(), "a partial scheme was written");
    assert!(stderr(&o).contains("E0112"), "{}", stderr(&o));
}

/// Compares `got` with the expected text in `tests/fixtures/<name>`; with
/// IRBOOK_BLESS=1 the file is rewritten instead.
fn snapshot(name: &str, got: &str) {
    let path = repo().join("tests/fixtures").join(name);
    if std::env::var_os("IRBOOK_BLESS").is_some() {
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        got == want,
        "the output differs from {name} (IRBOOK_BLESS=1 rewrites it):\n{got}"
    );
}

#[test]
fn human_output_of_mistakes_in_five_files() {
    let o = check(&repo().join("tests/fixtures/mistakes"), "human");
    snapshot("mistakes.check.txt", &String::from_utf8_lossy(&o.stdout));
    let err = stderr(&o);
    assert!(err.contains("14 errors, 0 warnings"), "{err}");
    assert!(
        err.contains("warnings are checked once every file loads"),
        "{err}"
    );
}

/// The case that started it: a playbook converted from another format with its mistakes
/// (a name for an id, a step without its action, an unknown phase, role and severity, a
/// misspelt choice, a broken link), all reported in one run.
#[test]
fn human_output_of_a_converted_playbook() {
    let o = check(&repo().join("tests/fixtures/converted"), "human");
    snapshot("converted.check.txt", &String::from_utf8_lossy(&o.stdout));
}
