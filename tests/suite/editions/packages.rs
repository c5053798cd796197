//! Learning-system packages hold only what their edition may see: a staff package of
//! the canary fixture holds no canary, though its path names a team-only page and the
//! team's own path is a canary.

use super::canaries::canary_list;
use super::scan::Edition;
use crate::common::*;

#[test]
fn staff_packages_hold_no_canary_and_team_packages_hold_the_team_path() {
    let f = fixture("canary");
    let list = canary_list(f.path());
    assert!(list.iter().any(|c| c == "CANARY-PATHTITLE-5b1e"));
    for args in [
        &["export", "scorm", "--out", "s12.zip"][..],
        &["export", "scorm", "--version", "2004", "--out", "s04.zip"],
        &["export", "xapi", "--edition", "staff", "--out", "sx.zip"],
    ] {
        let o = run(f.path(), args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let zip = std::fs::read(f.path().join(args[args.len() - 1])).unwrap();
        let t = TempDir::new("package");
        zip::extract(&zip, t.path());
        let scanned = Edition::read(t.path());
        let leaks: Vec<String> = list
            .iter()
            .filter_map(|c| scanned.find(c).map(|(_, how)| format!("  `{c}` ({how})")))
            .collect();
        assert!(leaks.is_empty(), "{args:?} leaked:\n{}", leaks.join("\n"));
        // The staff path's steps: its staff page and its quiz, not the team-only page
        // (SCORM: one launcher per step; xAPI: one for the path).
        let launch: String = [
            "irbook-launch.html",
            "irbook-item-1.html",
            "irbook-item-2.html",
            "irbook-item-3.html",
        ]
        .iter()
        .filter_map(|n| std::fs::read_to_string(t.path().join(n)).ok())
        .collect();
        assert!(launch.contains("awareness/path-everyone/step-1.html"));
        assert!(launch.contains("awareness/path-everyone/quiz.html"));
        assert!(
            !launch.contains("step-2.html"),
            "the team-only page is no step: {launch}"
        );
    }
    // A staff package of the team's path does not exist.
    let o = run(
        f.path(),
        &[
            "export",
            "scorm",
            "--learning-path",
            "team",
            "--out",
            "t.zip",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("has no learning path `team`"),
        "{}",
        stderr(&o)
    );
    assert!(!f.path().join("t.zip").exists());
    // The team's package of its path holds the team-only page and quiz, so the scans
    // above could have found them.
    let o = run(
        f.path(),
        &[
            "export",
            "scorm",
            "--edition",
            "isirt",
            "--learning-path",
            "team",
            "--out",
            "t.zip",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let zip = std::fs::read(f.path().join("t.zip")).unwrap();
    let t = TempDir::new("package");
    zip::extract(&zip, t.path());
    let scanned = Edition::read(t.path());
    for c in [
        "CANARY-PATHTITLE-5b1e",
        "CANARY-AWAREBODY-95c2",
        "CANARY-QUIZQUESTION-b7d2",
    ] {
        assert!(scanned.find(c).is_some(), "`{c}` not in the team package");
    }
}
