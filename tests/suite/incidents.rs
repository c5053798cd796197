//! Reviews of real incidents (issue 19, item 6): a fixture record reviewed by the real
//! binary against figures worked out by hand; who may read a record; the overdue lint;
//! the review pages and the improvement register of the team edition.

use crate::common::*;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

const RECORD: &str = include_str!("../fixtures/incident/record.yaml");
const RECORD_FILE: &str = "incidents/records/flood-2026-03.yaml";

/// The `minimal` fixture with the obligations fixture and the incident record.
fn project() -> TempDir {
    let f = fixture("minimal");
    let root = f.path();
    let obligations = repo().join("tests/fixtures/obligations");
    std::fs::copy(
        obligations.join("obligations.yaml"),
        root.join("content/obligations.yaml"),
    )
    .unwrap();
    std::fs::create_dir_all(root.join("content/templates")).unwrap();
    std::fs::copy(
        obligations.join("cert-warning.md"),
        root.join("content/templates/cert-warning.md"),
    )
    .unwrap();
    std::fs::create_dir_all(root.join("incidents/records")).unwrap();
    std::fs::write(root.join(RECORD_FILE), RECORD).unwrap();
    f
}

/// Runs irbook in `dir` with SOURCE_DATE_EPOCH set to `epoch`.
fn run_on(dir: &Path, epoch: &str, args: &[&str]) -> std::process::Output {
    Command::new(bin())
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", epoch)
        .output()
        .unwrap()
}

/// 2026-04-30, 2026-05-01 and 2026-05-10, 00:00 UTC.
const APRIL_30: &str = "1777507200";
const MAY_1: &str = "1777593600";
const MAY_10: &str = "1778371200";

fn review_json(dir: &Path) -> Value {
    let o = run(
        dir,
        &["incident", "review", "--format", "json", RECORD_FILE],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// The review of `tests/fixtures/incident/record.yaml`, worked out by hand.
///
/// The story's clock starts at detection, Mon 2 Mar 2026 10:00 UTC (minimal sets no zone).
/// Awareness is 10:20 (T+20m). The record follows playbook `flood`; its preparation step
/// `plan` is done before any incident and is not expected, so six steps are: confirm,
/// filter, secret-step, block, restore, review. Three timeline entries do what no step's
/// notices cover, so they are expected actions of their own (numbered by their place in
/// the timeline, the first entry being context): entry-3 raises the level to high,
/// entry-5 and entry-6 notify the CERT. Nine actions in all.
///
/// - confirm at 10:00 = T+0m, filter at 11:15 = T+1h 15m: met; playbook steps carry no
///   time target, so their timeliness is "no target".
/// - secret-step, restore, review: no entry carries them out: not met.
/// - block: listed as not applicable: not observed, counted nowhere.
/// - entry-3 (escalation to high at 10:40 = T+40m): high's response target is 1h from
///   detection; 40m <= 60m: on time.
/// - entry-5 (early warning, 3 Mar 09:00 = T+23h): the stage `cert-notice/early` is due 24h
///   after awareness, 3 Mar 10:20 = T+24h 20m; from awareness it took 23h - 20m = 22h 40m
///   <= 24h: on time, 1h 20m to spare.
/// - entry-6 (full notice, 5 Mar 11:00 = T+73h): `cert-notice/full` is due 72h after
///   awareness, 5 Mar 10:20 = T+72h 20m; it took 72h 40m > 72h: late, 40m after the due time.
/// - `cert-notice` applies because the fact `outage` holds and the level reached `high`
///   (its `min_severity`). Its `final` stage is due 1 month after the full notice was
///   sent: 5 Apr 11:00, after the incident closed (5 Mar 12:00): not reached.
///
/// So: 8 of 9 evaluated (88.9%), 5 of 8 met (62.5%), 5 of 9 points, 2 of 3 timed actions on
/// time (66.7%). Per phase (bands 80/66/50): identification 1 of 1, P; containment filter
/// met and secret-step not, 1 of 2 = 50%, M; eradication nothing evaluated; recovery and
/// lessons-learned 0 of 1, U; the escalation 1 of 1, P; the two notices 2 of 2, P.
///
/// The plan, in action order: secret-step (proposed), restore (the agreed item that names
/// `flood/restore`, open, due 30 Apr), review (proposed), entry-6 (late, proposed), then the
/// agreed item tied to no step (done, with its verification). Proposed items are due 90
/// days after the day of detection: 2 Mar + 29 = 31 Mar, + 30 = 30 Apr, + 31 = 31 May.
#[test]
fn the_fixture_review_matches_the_figures_worked_out_by_hand() {
    let t = project();
    let v = review_json(t.path());
    let s = &v["score"];
    let share = |k: &str| {
        (
            s[k]["count"].as_u64().unwrap(),
            s[k]["of"].as_u64().unwrap(),
        )
    };
    assert_eq!(share("coverage"), (8, 9));
    assert_eq!(share("performance"), (5, 8));
    assert_eq!(share("points"), (5, 9));
    assert_eq!(share("on_time"), (2, 3));
    let actions: Vec<(String, String, String, Option<u64>)> = s["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_owned(),
                a["outcome"].as_str().unwrap().to_owned(),
                a["timeliness"].as_str().unwrap().to_owned(),
                a["elapsed_secs"].as_u64(),
            )
        })
        .collect();
    let row = |id: &str, o: &str, t: &str, e: Option<u64>| (id.into(), o.into(), t.into(), e);
    assert_eq!(
        actions,
        vec![
            row("flood-confirm", "met", "no-target", Some(0)),
            row("flood-filter", "met", "no-target", Some(75 * 60)),
            row("flood-secret-step", "not-met", "not-applicable", None),
            row("flood-block", "not-observed", "not-applicable", None),
            row("flood-restore", "not-met", "not-applicable", None),
            row("flood-review", "not-met", "not-applicable", None),
            row("entry-3", "met", "on-time", Some(40 * 60)),
            row("entry-5", "met", "on-time", Some(23 * 3600)),
            row("entry-6", "met", "late", Some(73 * 3600)),
        ]
    );
    let deadline = |i: usize| {
        let d = &s["actions"][i]["scheme_deadline"];
        (
            d["minutes"].as_u64().unwrap(),
            d["scenario_elapsed_secs"].as_u64().unwrap(),
        )
    };
    assert_eq!(deadline(6), (60, 40 * 60));
    assert_eq!(deadline(7), (24 * 60, 22 * 3600 + 40 * 60));
    assert_eq!(deadline(8), (72 * 60, 72 * 3600 + 40 * 60));
    let clocks: Vec<(String, String, String, Value)> = s["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["stage"].as_str().unwrap().to_owned(),
                c["status"].as_str().unwrap().to_owned(),
                c["due_at"].as_str().unwrap().to_owned(),
                c["done_by"].clone(),
            )
        })
        .collect();
    assert_eq!(
        clocks,
        vec![
            (
                "early".into(),
                "on-time".into(),
                "2026-03-03T10:20+00:00".into(),
                "entry-5".into()
            ),
            (
                "full".into(),
                "late".into(),
                "2026-03-05T10:20+00:00".into(),
                "entry-6".into()
            ),
            (
                "final".into(),
                "not-reached".into(),
                "2026-04-05T11:00+00:00".into(),
                Value::Null
            ),
        ]
    );
    let ratings: Vec<(&str, Value)> = s["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["id"].as_str().unwrap(), o["rating"].clone()))
        .collect();
    assert_eq!(
        ratings,
        vec![
            ("identification", "P".into()),
            ("containment", "M".into()),
            ("eradication", Value::Null),
            ("recovery", "U".into()),
            ("lessons-learned", "U".into()),
            ("escalation", "P".into()),
            ("notices", "P".into()),
        ]
    );
    let plan: Vec<(&str, &str, Value)> = s["plan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["status"].as_str().unwrap(),
                p["due"].as_str().unwrap(),
                p["action"].clone(),
            )
        })
        .collect();
    assert_eq!(
        plan,
        vec![
            ("proposed", "2026-05-31", "flood-secret-step".into()),
            ("open", "2026-04-30", "flood-restore".into()),
            ("proposed", "2026-05-31", "flood-review".into()),
            ("proposed", "2026-05-31", "entry-6".into()),
            ("done", "2026-03-31", Value::Null),
        ]
    );
    assert_eq!(
        s["plan"][4]["verified"],
        "Used in the April drill; the notice went out in 20 minutes."
    );
    assert_eq!(
        v["root_cause"],
        "The provider's range was not in the upstream filter list."
    );
    // The text says the same, failures in capitals.
    let o = run(t.path(), &["incident", "review", RECORD_FILE]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("9 expected: 4 done on time or without a deadline, 1 done late, 3 not done, 1 did not apply"), "{text}");
    assert!(text.contains("(40m after the due time)"), "{text}");
    assert!(text.contains("(1h 20m to spare)"), "{text}");
}

/// The example's reviewed incident, by hand: awareness Tue 13 Oct 2026 09:40 BST, so the
/// regulator's 72-hour clock fell due Fri 16 Oct 09:40; the report went at 11:20, 1h 40m
/// late. The data protection officer was called at 14:40, 5h 28m after detection (09:12),
/// past the Significant level's 4-hour response target. The phishing playbook's
/// purge-and-block step has a target of its own (`within: 1h`, from detection at 09:12);
/// the purge was logged at 10:30, 1h 18m after detection, so it was late.
#[test]
fn the_example_incident_is_reviewed_against_its_clock() {
    let t = example();
    let o = run(
        t.path(),
        &[
            "incident",
            "review",
            "incidents/records/2026-031-payroll-mailbox.yaml",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("due                  T+72h 28m  Fri 16 Oct 2026 09:40 BST"),
        "{text}"
    );
    assert!(
        text.contains("T+74h 08m  Fri 16 Oct 2026 11:20 BST (1h 40m after the due time)"),
        "{text}"
    );
    assert!(
        text.contains("T+5h 28m / Significant (sev3) response target: 4 hours"),
        "{text}"
    );
    assert!(
        text.contains("3 done late, 1 not done, 3 did not apply"),
        "{text}"
    );
    assert!(
        text.contains("DONE LATE     phishing/purge-and-block\n  ")
            && text.contains("T+1h 18m / within 1 hour of detection (step target)"),
        "{text}"
    );
}

fn codes(dir: &Path, epoch: &str) -> Vec<Value> {
    let o = run_on(dir, epoch, &["check", "--format", "json"]);
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn check_refuses_a_staff_audience_on_a_record_unless_it_is_sanitised() {
    let t = project();
    let path = t.path().join(RECORD_FILE);
    assert!(
        !codes(t.path(), APRIL_30)
            .iter()
            .any(|d| d["code"] == "E0142")
    );
    std::fs::write(
        &path,
        RECORD.replace("severity: low", "audience: staff\nseverity: low"),
    )
    .unwrap();
    let d = codes(t.path(), APRIL_30);
    let e = d.iter().find(|d| d["code"] == "E0142").expect("E0142");
    assert_eq!(e["file"], RECORD_FILE);
    assert_eq!(e["line"], 7);
    assert!(e["help"].as_str().unwrap().contains("sanitised: true"));
    let o = run_on(t.path(), APRIL_30, &["build"]);
    assert!(!o.status.success(), "a staff record must stop the build");
    std::fs::write(
        &path,
        RECORD.replace(
            "severity: low",
            "audience: staff\nsanitised: true\nseverity: low",
        ),
    )
    .unwrap();
    assert!(
        !codes(t.path(), APRIL_30)
            .iter()
            .any(|d| d["code"] == "E0142")
    );
    // `sanitised: false` is no sanitising.
    std::fs::write(
        &path,
        RECORD.replace(
            "severity: low",
            "audience: staff\nsanitised: false\nseverity: low",
        ),
    )
    .unwrap();
    assert!(
        codes(t.path(), APRIL_30)
            .iter()
            .any(|d| d["code"] == "E0142")
    );
}

#[test]
fn an_incident_may_not_take_the_page_of_the_list_of_reviews() {
    let t = project();
    std::fs::write(
        t.path().join(RECORD_FILE),
        RECORD.replace("id: flood-2026-03", "id: index"),
    )
    .unwrap();
    let d = codes(t.path(), APRIL_30);
    let e = d.iter().find(|d| d["code"] == "E0113").expect("E0113");
    assert_eq!(
        (e["file"].as_str(), e["line"].as_u64()),
        (Some(RECORD_FILE), Some(4))
    );
}

#[test]
fn an_agreed_item_past_its_due_date_and_not_done_is_warned_about() {
    let t = project();
    let overdue = |epoch: &str| -> Vec<String> {
        codes(t.path(), epoch)
            .into_iter()
            .filter(|d| d["code"] == "W0332")
            .map(|d| {
                format!(
                    "{}:{} {}",
                    d["file"].as_str().unwrap(),
                    d["line"],
                    d["message"].as_str().unwrap()
                )
            })
            .collect()
    };
    // Due 2026-04-30: not overdue on its day; overdue the day after. The done item (due
    // 31 March) and the proposed ones never are.
    assert_eq!(overdue(APRIL_30), Vec::<String>::new());
    assert_eq!(
        overdue(MAY_1),
        vec![format!(
            "{RECORD_FILE}:50 the improvement item \"Write the filter-lifting checklist.\" (owner `lead`) was due on 2026-04-30 (1 days ago) and is still open"
        )]
    );
    assert!(overdue(MAY_10)[0].contains("(10 days ago)"));
    // In progress is not done either; done is.
    let path = t.path().join(RECORD_FILE);
    std::fs::write(
        &path,
        RECORD.replace(
            "    due: 2026-04-30\n",
            "    due: 2026-04-30\n    status: in-progress\n",
        ),
    )
    .unwrap();
    assert!(overdue(MAY_10)[0].contains("is still in progress"));
    std::fs::write(
        &path,
        RECORD.replace(
            "    due: 2026-04-30\n",
            "    due: 2026-04-30\n    status: done\n",
        ),
    )
    .unwrap();
    assert_eq!(overdue(MAY_10), Vec::<String>::new());
    // An exercise run's agreed items are judged the same way.
    let drill = repo().join("tests/fixtures/drill");
    std::fs::create_dir_all(t.path().join("exercises/records")).unwrap();
    std::fs::copy(
        drill.join("exercise.yaml"),
        t.path().join("exercises/drill.yaml"),
    )
    .unwrap();
    std::fs::copy(
        drill.join("record.yaml"),
        t.path().join("exercises/records/drill-2026-11-02.yaml"),
    )
    .unwrap();
    // The drill's item is due 2027-01-31.
    let after = "1801440000"; // 2027-02-01
    assert!(
        overdue(after)
            .iter()
            .any(|m| m.starts_with("exercises/records/drill-2026-11-02.yaml"))
    );
}

#[test]
fn the_team_edition_has_the_review_and_the_register_and_the_staff_edition_neither() {
    let t = project();
    let o = run_on(t.path(), MAY_10, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let team = t.path().join("public/isirt");
    let review = std::fs::read_to_string(team.join("incidents/flood-2026-03.html")).unwrap();
    for want in [
        "A flood that the filter stopped",
        "NOT DONE",
        "DONE LATE",
        "did not apply",
        "<svg",
        "<desc",
        "40m after the due time",
    ] {
        assert!(review.contains(want), "{want}");
    }
    // The incident ran 74 hours: the diagram's ticks fall every 12 hours (every 8 they
    // would crowd), and its rows carry no inject number, all following detection.
    assert!(review.contains(">12h 00m</text>"), "ticks");
    assert!(!review.contains(">8h 00m</text>"), "ticks");
    assert!(review.contains(">Confirm the flood.</text>"), "labels");
    let register = std::fs::read_to_string(team.join("improvements.html")).unwrap();
    assert!(register.contains("Write the filter-lifting checklist."));
    assert!(register.contains("OVERDUE"));
    assert!(register.contains("Used in the April drill"));
    let csv = std::fs::read_to_string(team.join("improvements.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 6, "{csv}");
    assert!(lines[0].starts_with("due,status,overdue,owner,corrective_action"));
    // Soonest due first: the done item (31 March), then the open one (30 April, overdue
    // on 10 May), then the three proposed (31 May).
    assert!(lines[1].starts_with("2026-03-31,done,no,"), "{csv}");
    assert!(lines[2].starts_with("2026-04-30,open,yes,"), "{csv}");
    let staff = t.path().join("public/staff");
    assert!(!staff.join("incidents").exists());
    assert!(!staff.join("improvements.html").exists());
    assert!(!staff.join("improvements.csv").exists());
    for (path, bytes) in tree(&staff) {
        let text = String::from_utf8_lossy(&bytes);
        for secret in [
            "flood-2026-03",
            "filter-lifting",
            "A flood that the filter stopped",
            "Incident reviews",
        ] {
            assert!(!text.contains(secret), "{path} holds {secret}");
        }
    }
}
