//! `irbook check`: one fixture per rule, asserting code, file, line, column and a help line.

mod cases;
mod warning_cases;

use crate::common::*;
use cases::*;
use std::path::Path;
use std::process::Command;
use warning_cases::WARNING_CASES;

/// The day the date-based rules are judged on, fixed so the tests do not age.
const TODAY: &str = "1795478400"; // 2026-11-24

fn check_json(dir: &Path) -> Vec<serde_json::Value> {
    let o = Command::new(bin())
        .args(["check", "--format", "json"])
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", TODAY)
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l}: {e}")))
        .collect()
}

fn apply(root: &Path, e: &Edit) {
    match e {
        Replace(f, old, new) => {
            let p = root.join(f);
            let text = std::fs::read_to_string(&p).unwrap();
            assert!(text.contains(old), "{f} lacks {old:?}");
            std::fs::write(&p, text.replacen(old, new, 1)).unwrap();
        }
        Write(f, bytes) => {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
        Delete(f) => std::fs::remove_file(root.join(f)).unwrap(),
        Symlink(f, target) => std::os::unix::fs::symlink(target, root.join(f)).unwrap(),
        Generate(f, make) => std::fs::write(root.join(f), make()).unwrap(),
    }
}

/// Line and column (1-based, in characters) of the `n`th occurrence of `needle`.
pub(crate) fn position(text: &str, needle: &str, n: usize) -> (u64, u64) {
    let mut from = 0;
    let mut found = None;
    for _ in 0..=n {
        let i = text[from..]
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not found {n} times"))
            + from;
        found = Some(i);
        from = i + needle.len();
    }
    let i = found.unwrap();
    let before = &text[..i];
    let line = before.matches('\n').count() as u64 + 1;
    let col = before.rsplit('\n').next().unwrap().chars().count() as u64 + 1;
    (line, col)
}

#[test]
fn the_clean_fixture_and_the_example_pass_deny_warnings() {
    for dir in [repo().join("tests/fixtures/minimal"), repo()] {
        let o = Command::new(bin())
            .args(["check", "--deny", "warnings"])
            .arg(&dir)
            .env("SOURCE_DATE_EPOCH", TODAY)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{}:\n{}",
            dir.display(),
            String::from_utf8_lossy(&o.stdout)
        );
    }
}

#[test]
fn every_rule_fires_on_its_fixture_with_position_and_help() {
    let mut failures = Vec::new();
    for case in CASES.iter().chain(WARNING_CASES) {
        let f = fixture("minimal");
        for e in case.edits {
            apply(f.path(), e);
        }
        let diags = check_json(f.path());
        let Some(d) = diags
            .iter()
            .find(|d| d["code"] == case.code && d["file"] == case.file)
        else {
            failures.push(format!(
                "{}: not reported for {}; got {diags:?}",
                case.code, case.file
            ));
            continue;
        };
        let (line, col) = (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap());
        let want = match case.at {
            Text(needle, n) => {
                let bytes = std::fs::read(f.path().join(case.file)).unwrap();
                Some(position(&String::from_utf8_lossy(&bytes), needle, n))
            }
            File => Some((0, 0)),
            AnyLine => None,
        };
        match want {
            Some(w) if (line, col) != w => failures.push(format!(
                "{}: at {line}:{col}, expected {}:{}: {}",
                case.code, w.0, w.1, d["message"]
            )),
            None if line == 0 => {
                failures.push(format!("{}: no line given: {}", case.code, d["message"]))
            }
            _ => {}
        }
        if d["help"].as_str().is_none_or(str::is_empty) {
            failures.push(format!("{}: no help line", case.code));
        }
        assert!(d["rule"].as_str().is_some_and(|r| !r.is_empty()));
        let expected_severity = if case.code.starts_with('E') {
            "error"
        } else {
            "warning"
        };
        if d["severity"] != expected_severity {
            failures.push(format!("{}: severity {}", case.code, d["severity"]));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_code_has_a_fixture() {
    for c in irbook::check::diagnostic::ALL_CODES {
        assert!(
            CASES.iter().chain(WARNING_CASES).any(|k| k.code == c.code),
            "no fixture for {} {}",
            c.code,
            c.name
        );
    }
}

#[test]
fn lint_levels_turn_warnings_into_errors_or_silence_them() {
    let f = fixture("minimal");
    apply(
        f.path(),
        &Replace(
            "content/contacts.yaml",
            "last_verified: 2026-10-01",
            "last_verified: 2020-01-01",
        ),
    );
    let o = Command::new(bin())
        .arg("check")
        .current_dir(f.path())
        .env("SOURCE_DATE_EPOCH", TODAY)
        .output()
        .unwrap();
    assert!(o.status.success(), "a warning alone must not fail check");
    let o = Command::new(bin())
        .args(["check", "--deny", "warnings"])
        .current_dir(f.path())
        .env("SOURCE_DATE_EPOCH", TODAY)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    apply(
        f.path(),
        &Replace(
            "irbook.yaml",
            "version: 1.10\n",
            "version: 1.10\nlints:\n  stale-contact: error\n",
        ),
    );
    let o = Command::new(bin())
        .arg("build")
        .current_dir(f.path())
        .env("SOURCE_DATE_EPOCH", TODAY)
        .output()
        .unwrap();
    assert!(
        !o.status.success(),
        "an error-level lint must stop the build"
    );
    apply(
        f.path(),
        &Replace("irbook.yaml", "stale-contact: error", "W0301: off"),
    );
    let diags = check_json(f.path());
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn exit_codes_and_summary() {
    let t = TempDir::new("noproject");
    let o = run(t.path(), &["check"]);
    assert_eq!(o.status.code(), Some(2));
    let f = fixture("minimal");
    let o = run(f.path(), &["check"]);
    assert_eq!(o.status.code(), Some(0));
    let err = stderr(&o);
    assert!(err.contains("0 errors, 0 warnings in 9 files"), "{err}");
    apply(
        f.path(),
        &Replace("content/playbooks/flood.yaml", "owner: desk", "owner: dsek"),
    );
    apply(
        f.path(),
        &Replace("content/contacts.yaml", "backups: [bob]", "backups: [bobb]"),
    );
    let o = run(f.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("2 errors, 0 warnings"),
        "errors are collected, not stopped at the first: {}",
        stderr(&o)
    );
}

#[test]
fn human_output_snapshot() {
    let f = fixture("minimal");
    apply(
        f.path(),
        &Replace("content/playbooks/flood.yaml", "owner: desk", "owner: dsek"),
    );
    apply(
        f.path(),
        &Replace(
            "content/contacts.yaml",
            "last_verified: 2026-10-01",
            "last_verified: 2020-01-01",
        ),
    );
    let o = Command::new(bin())
        .arg("check")
        .current_dir(f.path())
        .env("SOURCE_DATE_EPOCH", TODAY)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    let expected = "\
error[E0102]: unknown role `dsek` (unknown-role)
  --> content/playbooks/flood.yaml:19:16
   |
19 |         owner: dsek
   |                ^^^^
   = help: did you mean `desk`?

warning[W0301]: the contact details of `ann` were last verified 2519 days ago, on 2020-01-01 (stale-contact)
  --> content/contacts.yaml:21:20
   |
21 |     last_verified: 2020-01-01
   |                    ^^^^^^^^^^
   = help: stale since 2020-06-30 (limit 180 days, `review.contact_max_age_days`); check the details and update `last_verified`

";
    assert_eq!(out, expected);
    assert!(!out.contains('\x1b'), "no colour when not on a terminal");
}

#[test]
fn an_id_used_in_two_files_is_reported_in_the_later_file_naming_the_first() {
    for (first, copy, kind) in [
        (
            "content/playbooks/flood.yaml",
            "content/playbooks/zz-flood-again.yaml",
            "playbook",
        ),
        (
            "content/forms/event.yaml",
            "content/forms/zz-event-again.yaml",
            "form",
        ),
    ] {
        let f = fixture("minimal");
        std::fs::copy(f.path().join(first), f.path().join(copy)).unwrap();
        let diags = check_json(f.path());
        let dups: Vec<_> = diags.iter().filter(|d| d["code"] == "E0101").collect();
        assert_eq!(dups.len(), 1, "{kind}: {diags:?}");
        let d = dups[0];
        assert_eq!(d["file"], copy, "{kind}");
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(1), Some(5))
        );
        assert!(
            d["message"]
                .as_str()
                .unwrap()
                .contains(&format!("the {kind} id")),
            "{d}"
        );
        assert!(d["help"].as_str().unwrap().contains(first), "{d}");
    }
}

#[test]
fn a_marker_left_inside_code_stops_check_and_build_at_its_position() {
    // An unclosed fence in a list item makes the indented marker lines code. `check`
    // reports it where the marker is; `build` stops, so the passage reaches no edition.
    let f = fixture("minimal");
    let guide = "content/scheme/guide.md";
    apply(
        f.path(),
        &Replace(
            guide,
            "<!-- audience: isirt -->\nTeam secret passage about the lock box.\n<!-- end audience -->\n",
            "- Run:\n\n  ```sh\n  ls\n\n  <!-- audience: isirt -->\n  Team secret passage about the lock box.\n  <!-- end audience -->\n",
        ),
    );
    let text = std::fs::read_to_string(f.path().join(guide)).unwrap();
    let (line, col) = position(&text, "<!-- audience: isirt -->", 0);
    assert_eq!(col, 3);
    let diags = check_json(f.path());
    let found: Vec<_> = diags.iter().filter(|d| d["code"] == "E0114").collect();
    assert_eq!(found.len(), 1, "{diags:?}");
    let d = found[0];
    assert_eq!(d["file"], guide);
    assert_eq!(d["severity"], "error");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(line), Some(col)),
        "{d}"
    );
    let message = d["message"].as_str().unwrap();
    assert!(message.contains("inside a code block"), "{message}");
    assert!(d["help"].as_str().unwrap().contains("inline code"), "{d}");

    let o = Command::new(bin())
        .arg("check")
        .current_dir(f.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let human = String::from_utf8_lossy(&o.stdout);
    assert!(
        human.contains("error[E0114]")
            && human.contains(&format!("--> {guide}:{line}:{col}"))
            && human.contains("^^^^"),
        "{human}"
    );

    let o = run(f.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    for (path, bytes) in tree(f.path()) {
        if !path.starts_with("content/") {
            assert!(
                !String::from_utf8_lossy(&bytes).contains("lock box"),
                "{path} holds the team-only passage"
            );
        }
    }
}

#[test]
fn file_names_and_values_reach_the_terminal_with_control_characters_escaped() {
    // A file name and source text holding escape sequences (set the window title, clear
    // the screen, write the clipboard, C1 CSI): `check` and `build` show them escaped.
    let f = fixture("minimal");
    let name = "content/scheme/a\u{1b}]0;PWNED\u{7}b.md";
    apply(
        f.path(),
        &Write(
            name,
            "---\ntitle: Esc\nweight: 5\nlifecycle: use\nowner: lead\n---\nSee [x](nope.md) \u{1b}[2Jred\u{9b}0m here.\n"
                .as_bytes(),
        ),
    );
    let human = |args: &[&str]| {
        let o = Command::new(bin())
            .args(args)
            .current_dir(f.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let mut all = o.stdout.clone();
        all.extend_from_slice(&o.stderr);
        (o.status.code(), String::from_utf8_lossy(&all).into_owned())
    };
    let raw = |t: &str| t.contains(|c: char| c.is_control() && c != '\n');
    for args in [&["check"][..], &["build"][..]] {
        let (code, out) = human(args);
        assert_eq!(code, Some(1), "{args:?}: {out}");
        assert!(!raw(&out), "{args:?} printed a control character: {out:?}");
        assert!(
            out.contains("a\\u{1b}]0;PWNED\\u{7}b.md:7:5")
                && out.contains("[x](nope.md) \\u{1b}[2Jred\\u{9b}0m here."),
            "{args:?}: {out}"
        );
    }
    // JSON keeps the exact text, escaped as JSON.
    let diags = check_json(f.path());
    assert!(diags.iter().any(|d| d["file"] == name), "{diags:?}");

    // A value from YAML, in the message and in the source line shown under it.
    std::fs::remove_file(f.path().join(name)).unwrap();
    apply(
        f.path(),
        &Replace(
            "content/playbooks/flood.yaml",
            "        owner: desk",
            "        owner: \"\\e]52;c;aGk=\\a\\e[2Jdesk\"",
        ),
    );
    apply(
        f.path(),
        &Replace(
            "content/contacts.yaml",
            "backups: [bob]",
            "backups: [b\u{1b}[8mob]",
        ),
    );
    for args in [&["check"][..], &["build"][..]] {
        let (code, out) = human(args);
        assert_eq!(code, Some(1), "{args:?}: {out}");
        assert!(!raw(&out), "{args:?} printed a control character: {out:?}");
        assert!(
            out.contains("\\u{1b}]52;c;aGk=\\u{7}\\u{1b}[2Jdesk"),
            "{args:?}: {out}"
        );
        assert!(out.contains("backups: [b\\u{1b}[8mob]"), "{args:?}: {out}");
    }
}

#[test]
fn build_says_which_page_the_search_index_capped_once() {
    let f = fixture("minimal");
    apply(
        f.path(),
        &Generate("content/scheme/words.md", many_distinct_words),
    );
    let o = run(f.path(), &["build"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    // The page is in both editions; the warning is given once.
    assert_eq!(err.matches("warning[W0401]").count(), 1, "{err}");
    assert!(
        err.contains("--> content/scheme/words.md")
            && err.contains("`Words` (scheme/words.html) has more than 20000 distinct words"),
        "{err}"
    );
    for ed in ["staff", "isirt"] {
        let index = std::fs::read_to_string(
            f.path()
                .join("public")
                .join(ed)
                .join("assets/search-index.js"),
        )
        .unwrap();
        assert!(index.contains("\"w100x\""), "{ed}: early words are indexed");
        assert!(
            !index.contains("\"w24000x\""),
            "{ed}: words past the cap are not"
        );
        let page =
            std::fs::read_to_string(f.path().join("public").join(ed).join("scheme/words.html"))
                .unwrap();
        assert!(page.contains("w24000x"), "{ed}: the page shows every word");
    }
}

/// 60 unknown roles in one file: the first 50 are shown, then one note counts the other
/// 10. (The cap used to run twice: 49 errors, "... and 10 more" and "... and 1 more".)
#[test]
fn repeats_are_capped_once_per_file_and_rule() {
    let f = fixture("minimal");
    let pb = f.path().join("content/playbooks/flood.yaml");
    let text = std::fs::read_to_string(&pb).unwrap();
    let steps: String = (0..60)
        .map(|i| {
            format!("      - id: ghost-{i}\n        action: Step {i}.\n        owner: ghost\n")
        })
        .collect();
    let text = text.replacen(
        "  - phase: identification\n    steps:\n",
        &format!("  - phase: identification\n    steps:\n{steps}"),
        1,
    );
    std::fs::write(&pb, text).unwrap();
    let diags = check_json(f.path());
    let roles: Vec<&serde_json::Value> = diags
        .iter()
        .filter(|d| d["code"] == "E0102" && d["file"] == "content/playbooks/flood.yaml")
        .collect();
    assert_eq!(roles.len(), 51, "{roles:#?}");
    let notes: Vec<&str> = roles
        .iter()
        .filter_map(|d| d["message"].as_str())
        .filter(|m| m.starts_with("... and"))
        .collect();
    assert_eq!(notes, ["... and 10 more `unknown-role` in this file"]);
    // The note comes after the 50 it follows, not before them.
    assert_eq!(roles[50]["message"], notes[0]);
    let lines: Vec<u64> = roles[..50]
        .iter()
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    assert!(lines.windows(2).all(|w| w[0] < w[1]), "{lines:?}");
}

#[test]
fn a_synonym_for_an_unknown_audience_is_an_error() {
    // A synonym whose audience is misspelt would otherwise count as everyone's (rank 0)
    // and reach the staff search index.
    let f = fixture("minimal");
    let cfg = f.path().join("irbook.yaml");
    let mut text = std::fs::read_to_string(&cfg).unwrap();
    text.push_str("search:\n  synonyms:\n    - words: [codename]\n      means: [lead]\n      audience: isrit\n");
    std::fs::write(&cfg, &text).unwrap();
    let diags = check_json(f.path());
    let d = diags
        .iter()
        .find(|d| d["code"] == "E0109" && d["file"] == "irbook.yaml")
        .unwrap_or_else(|| panic!("no E0109 on irbook.yaml: {diags:?}"));
    let (line, col) = position(&text, "isrit", 0);
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(line), Some(col))
    );
}

/// W0323 on the example as it stood before Nadia Karim became ISIRT lead: the CISO also
/// held `isirt-lead` and, listed first for both, was rung at calls 1 and 3 of Critical and
/// Major. The example as it is now is clean (the test above).
#[test]
fn the_example_with_the_ciso_as_isirt_lead_rings_one_person_on_two_tiers() {
    let t = example();
    let contacts = t.path().join("content/contacts.yaml");
    let text = std::fs::read_to_string(&contacts).unwrap();
    let before = text.replacen("    roles: [ciso]\n", "    roles: [ciso, isirt-lead]\n", 1);
    assert_ne!(
        before, text,
        "the example no longer lists the CISO as `roles: [ciso]`"
    );
    std::fs::write(&contacts, before).unwrap();
    let found: Vec<_> = check_json(t.path())
        .into_iter()
        .filter(|d| d["code"] == "W0323")
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    let msg = found[0]["message"].as_str().unwrap();
    for part in [
        "`priya-raman`",
        "`isirt-lead`",
        "`ciso`",
        "Critical (`sev1`, calls 1 and 3)",
        "Major (`sev2`, calls 1 and 3)",
    ] {
        assert!(msg.contains(part), "{msg} lacks {part}");
    }
}
