//! Notification clocks in editions: a scheme whose answer key is for all staff, with a
//! team-only obligation and a team-only party with its own reporting deadline, both of which
//! apply to the staff exercise. The staff edition's report scores them with their names
//! withheld, and its generated deadline questions never name or hint at them.

use super::scan::{Edition, assert_separated};
use crate::common::*;
use std::path::Path;

const OBLIGATIONS: &str = "facts:
  - id: leak
    question: Has data left the company?
obligations:
  - id: cert-notice
    title: Notice to the CERT
    party: cert
    basis:
      text: Membership terms
    applies_when:
      any: [leak]
    stages:
      - id: first
        title: First notice
        what: What happened.
        deadline: 24h after awareness
      - id: full
        title: Full notice
        what: Everything known.
        deadline: 72h after awareness
      - id: final
        title: Final report
        what: The review.
        deadline: 1 month after full
  - id: canary-obligation-4a1f
    title: CANARY-OBLTITLE-8d2e
    party: cert
    audience: isirt
    basis:
      text: CANARY-OBLBASIS-1c9b
    applies_when:
      any: [leak]
    stages:
      - id: canary-stage-5e3a
        title: CANARY-STAGETITLE-b7f0
        what: CANARY-STAGEWHAT-2a4d
        deadline: 37h after awareness
      - id: follow-up
        title: CANARY-STAGETITLETWO-9e61
        what: More.
        deadline: 1 month after canary-stage-5e3a
";

/// A team-only party with its own deadline and no obligation: a one-stage clock.
const PARTY: &str = "  - id: canary-partyb-7c2d
    name: CANARY-PARTYNAMEB-3f8a
    kind: regulator
    audience: isirt
    reporting_deadline: 37h
    last_verified: 2026-10-01
    channels:
      - kind: phone
        value: \"+49 30 1111\"
";

/// The drill fixture with the `leak` fact, awareness at its first inject, and actions that
/// carry out the team-only stage and tell the team-only party.
fn exercise() -> String {
    std::fs::read_to_string(repo().join("tests/fixtures/drill/exercise.yaml"))
        .unwrap()
        .replace(
            "severity: high\n",
            "severity: high\nfacts: [leak]\nawareness: slow-site\n",
        )
        .replace(
            "        notifies: cert\n        objective: contain\n",
            "        notifies: cert\n        objective: contain\n      - id: send-first\n        what: Send the first notice\n        step: flood/block\n        role: lead\n        stage: cert-notice/first\n        objective: contain\n      - id: send-secret\n        what: Send the other notice\n        step: flood/block\n        role: lead\n        stage: canary-obligation-4a1f/canary-stage-5e3a\n        objective: contain\n      - id: tell-secret\n        what: Tell the other party\n        step: flood/block\n        role: lead\n        notifies: canary-partyb-7c2d\n        objective: contain\n",
        )
}

const RECORD_EXTRA: &str = "  - {action: send-first, outcome: met, elapsed: 5m, evaluator: ann}
  - {action: send-secret, outcome: met, elapsed: 6m, evaluator: ann}
  - {action: tell-secret, outcome: not-met, evaluator: ann, note: nobody rang}
";

/// Staff may read the quiz: every deadline question is generated from staff's view.
const STAFF_QUIZ: &str = "id: clocks
title: Clocks
questions:
  - id: first
    generate: deadline
    stage: cert-notice/first
  - id: any-a
    generate: deadline
  - id: any-b
    generate: deadline
  - id: any-c
    generate: deadline
  - id: any-d
    generate: deadline
";

/// The team's own quiz asks about the team-only obligation.
const TEAM_QUIZ: &str = "id: team-clocks
title: Team clocks
audience: isirt
questions:
  - id: secret
    generate: deadline
    stage: canary-obligation-4a1f/canary-stage-5e3a
";

/// The minimal fixture with the obligations, the party, the exercise, its record and the
/// quizzes, and the answer key for all staff.
fn scheme() -> TempDir {
    let f = fixture("minimal");
    let p = f.path();
    let append = |file: &str, text: &str| {
        let old = std::fs::read_to_string(p.join(file)).unwrap();
        std::fs::write(p.join(file), format!("{old}{text}")).unwrap();
    };
    append("irbook.yaml", "exercises:\n  key_audience: staff\n");
    append("content/contacts.yaml", PARTY);
    std::fs::write(p.join("content/obligations.yaml"), OBLIGATIONS).unwrap();
    std::fs::create_dir_all(p.join("exercises/records")).unwrap();
    std::fs::create_dir_all(p.join("content/awareness")).unwrap();
    std::fs::write(p.join("exercises/drill.yaml"), exercise()).unwrap();
    let record = std::fs::read_to_string(repo().join("tests/fixtures/drill/record.yaml"))
        .unwrap()
        .replace("ratings:\n", &format!("{RECORD_EXTRA}ratings:\n"));
    std::fs::write(p.join("exercises/records/drill-2026-11-02.yaml"), record).unwrap();
    std::fs::write(p.join("content/awareness/clocks.yaml"), STAFF_QUIZ).unwrap();
    std::fs::write(p.join("content/awareness/team-clocks.yaml"), TEAM_QUIZ).unwrap();
    f
}

/// Every team-only string of the scheme above.
const SECRETS: &[&str] = &[
    "canary-obligation-4a1f",
    "CANARY-OBLTITLE-8d2e",
    "CANARY-OBLBASIS-1c9b",
    "canary-stage-5e3a",
    "CANARY-STAGETITLE-b7f0",
    "CANARY-STAGEWHAT-2a4d",
    "CANARY-STAGETITLETWO-9e61",
    "canary-partyb-7c2d",
    "CANARY-PARTYNAMEB-3f8a",
];

fn built(dir: &Path) -> (Edition, Edition) {
    let o = run(dir, &["build"]);
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        stderr(&o)
    );
    (
        Edition::read(&dir.join("public/staff")),
        Edition::read(&dir.join("public/isirt")),
    )
}

#[test]
fn a_staff_report_scores_team_only_clocks_with_their_names_withheld() {
    let f = scheme();
    let (staff, isirt) = built(f.path());
    let secrets: Vec<String> = SECRETS.iter().map(|s| (*s).to_owned()).collect();
    assert_separated(&staff, &isirt, &secrets, "clock scheme");
    let report = "exercises/drill/reports/drill-2026-11-02.html";
    let page = |ed: &Edition| {
        let html = String::from_utf8_lossy(&ed.files[report]).into_owned();
        let i = html.find("<h2 id=\"clocks\">").expect("no clocks table");
        html[i..].split("</table>").next().unwrap().to_owned()
    };
    let (mine, theirs) = (page(&staff), page(&isirt));
    // Awareness at T+0m. The CERT notice's first stage (24h): sent at 5m, on time; its other
    // stages fall due after the 40-minute story. The team-only obligation (37h): sent at
    // 6m, on time. The team-only party (37h from awareness): not met, not reached.
    for (row, words) in [
        ("Notice to the CERT", "✓ on time"),
        ("A restricted obligation", "✓ on time"),
        (
            "reporting deadline<br>Report, to <span class=\"restricted-ref\">restricted</span>",
            "not reached",
        ),
    ] {
        let at = mine
            .find(row)
            .unwrap_or_else(|| panic!("no {row} in {mine}"));
        let rest = &mine[at..];
        let end = rest.find("</tr>").unwrap();
        assert!(rest[..end].contains(words), "{row}: {}", &rest[..end]);
    }
    assert!(mine.contains("37 hours after awareness"), "{mine}");
    assert!(mine.contains("1 month after an earlier stage"), "{mine}");
    // The team's report names them.
    assert!(
        theirs.contains("CANARY-OBLTITLE-8d2e") && theirs.contains("CANARY-PARTYNAMEB-3f8a"),
        "{theirs}"
    );

    // A theme that dumps its whole context finds no id of them either: the report's data
    // holds the clocks only as the edition may see them.
    copy_dir(&repo().join("tests/fixtures/hostile-theme"), f.path());
    let cfg = f.path().join("irbook.yaml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(&cfg, format!("{text}theme: evil\n")).unwrap();
    let (staff, isirt) = built(f.path());
    let dump = String::from_utf8_lossy(&staff.files[report]).into_owned();
    assert!(dump.contains("EVIL-DUMP-BEGIN") && dump.contains("\"clocks\""));
    assert_separated(&staff, &isirt, &secrets, "clock scheme, hostile theme");
}

#[test]
fn staff_deadline_questions_never_name_a_team_only_obligation() {
    let f = scheme();
    let (staff, isirt) = built(f.path());
    let quiz = String::from_utf8_lossy(&staff.files["awareness/clocks.html"]).into_owned();
    // The named question: 24 hours, with the other staff deadlines' periods as wrong answers.
    assert!(
        quiz.contains("Notice to the CERT: by when must the first notice go out?"),
        "{quiz}"
    );
    for want in [
        "24 hours after awareness",
        "72 hours after awareness",
        "1 month after awareness",
    ] {
        assert!(quiz.contains(want), "no {want:?} in the staff quiz");
    }
    // Neither the team-only obligation nor its 37 hours, as a question or a wrong answer.
    for secret in SECRETS.iter().copied().chain(["37 hours", "37 h"]) {
        assert!(!quiz.contains(secret), "the staff quiz shows {secret:?}");
    }
    assert!(staff.find("CANARY-OBLTITLE-8d2e").is_none());
    // The team's quiz asks about it, so the scan above could have failed.
    let team = String::from_utf8_lossy(&isirt.files["awareness/team-clocks.html"]).into_owned();
    assert!(
        team.contains("CANARY-OBLTITLE-8d2e") && team.contains("37 hours after awareness"),
        "{team}"
    );

    // A staff question about the team-only stage cannot be generated: an error, not a leak.
    let q = f.path().join("content/awareness/clocks.yaml");
    std::fs::write(
        &q,
        STAFF_QUIZ.replace(
            "stage: cert-notice/first",
            "stage: canary-obligation-4a1f/canary-stage-5e3a",
        ),
    )
    .unwrap();
    let o = run(f.path(), &["check"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("E0121") && out.contains("`staff` edition") && out.contains("not visible"),
        "{out}"
    );
    // A misspelt stage is an unknown reference at its position, with a suggestion.
    std::fs::write(
        &q,
        STAFF_QUIZ.replace("cert-notice/first", "cert-notice/frist"),
    )
    .unwrap();
    let o = run(f.path(), &["check"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("E0129")
            && out.contains("content/awareness/clocks.yaml:6:12")
            && out.contains("`first`"),
        "{out}"
    );
}
