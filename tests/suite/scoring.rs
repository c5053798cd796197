//! Scoring end to end (issue #23): an adversarial record, with a skipped, observed,
//! severity-raising branch, scored and reported by the real binary; and the `check`
//! warnings that catch such records.

use crate::common::*;
use std::path::Path;

const DRILL: &str = include_str!("../fixtures/drill/exercise.yaml");
const RECORD: &str = include_str!("../fixtures/drill/record.yaml");
const BRANCH_DRILL: &str = include_str!("../fixtures/branch-drill/exercise.yaml");
const BRANCH_RECORD: &str = include_str!("../fixtures/branch-drill/record.yaml");
const BRANCH_RECORD_FILE: &str = "exercises/records/branch-drill-2026-11-02.yaml";

/// The minimal fixture with one exercise and its record.
fn project(exercise: (&str, &str), record: (&str, &str)) -> TempDir {
    let f = fixture("minimal");
    std::fs::create_dir_all(f.path().join("exercises/records")).unwrap();
    std::fs::write(f.path().join(exercise.0), exercise.1).unwrap();
    std::fs::write(f.path().join(record.0), record.1).unwrap();
    f
}

/// `text` with the entities the templates produce decoded, for substring checks.
fn decoded(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The figures of the branch-drill record, worked out by hand. Injects `outage` (which
/// raises the level from low, 1 day, to high, 1 hour) and `calm` were skipped. Played:
/// confirm-flood (2 points) observed not met and met with no evaluator named: not met;
/// call-lead (1) met by Ann, not seen by Bob: met; brief-lead (2) met after 90m against
/// the low level's day: on time; restore-site (3) met at 20m of 30m: on time. So 3 of 4
/// evaluated met (75%), 6 of 8 points, 3 of 3 timed on time, one plan item (confirm-flood,
/// a page action). Before the fixes of #23: 4 of 4 met, 13 of 8 points, 3 of 4 on time
/// (brief-lead late against the skipped branch's hour), `calm` listed as expecting no
/// action, the skipped `filter-now` a strength and the skipped `log-decision` in the plan.
fn assert_corrected_report(what: &str, html: &str) {
    let html = decoded(html);
    for want in [
        "<strong>Coverage</strong>: 4 of 4 expected actions evaluated (100.0%)",
        "<strong>Performance</strong>: 3 of 4 evaluated actions met (75.0%)",
        "<strong>Points</strong>: 6 of 8",
        "<strong>On time</strong>: 3 of 3 timed actions (100.0%)",
        "<code>filter-now</code>, <code>log-decision</code>",
        "<li>Call the lead: met by Ann; not seen by Bob</li>",
        "<li>Brief the lead on the return (on time)</li>",
        "Low (low) response target: 1 day",
        "<li>Confirm the flood with the guide's checks: not met</li>",
        "Confirm the flood with the guide's checks: not met. confirmed from one customer's call only",
        "Walk `desk` through scheme page `content/scheme/guide.md` and rehearse it in the next exercise",
    ] {
        assert!(html.contains(want), "{what} lacks {want:?}");
    }
    for gone in [
        "13 of 8",
        "Injects that expect no action",
        "Ask the provider to filter upstream (on time)",
        "Log the decision to filter: not met",
        "Brief the lead on the return: done, but late",
        "High (high) response target",
        "The evaluators disagree.",
    ] {
        assert!(!html.contains(gone), "{what} still shows {gone:?}");
    }
}

#[test]
fn a_skipped_observed_severity_raising_branch_scores_and_reports_right() {
    let f = project(
        ("exercises/branch-drill.yaml", BRANCH_DRILL),
        (BRANCH_RECORD_FILE, BRANCH_RECORD),
    );
    let o = run(
        f.path(),
        &["exercise", "score", BRANCH_RECORD_FILE, "--format", "json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let share = |k: &str| (v[k]["count"].clone(), v[k]["of"].clone());
    assert_eq!(share("coverage"), (4.into(), 4.into()));
    assert_eq!(share("performance"), (3.into(), 4.into()));
    assert_eq!(share("points"), (6.into(), 8.into()));
    assert_eq!(share("on_time"), (3.into(), 3.into()));
    assert_eq!(
        v["not_played"],
        serde_json::json!(["filter-now", "log-decision"])
    );
    assert_eq!(v["injects_without_actions"], serde_json::json!([]));
    assert_eq!(
        v["agreement"]["actions_disputed"],
        serde_json::json!(["confirm-flood", "call-lead"])
    );
    let action = |id: &str| {
        v["actions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(action("confirm-flood")["outcome"], "not-met");
    assert_eq!(action("filter-now")["earned"], 0);
    assert_eq!(action("brief-lead")["timeliness"], "on-time");
    assert_eq!(action("brief-lead")["scheme_deadline"]["minutes"], 1440);
    let detect = &v["objectives"][0];
    assert_eq!(
        detect["given"].as_array().unwrap().len(),
        2,
        "one per evaluator"
    );
    assert_eq!(detect["agreement"], true);
    assert_eq!(detect["rating"], "M");
    assert_eq!(v["agreement"]["agreeing"], 1);
    let plan = v["plan"].as_array().unwrap();
    assert_eq!(plan.len(), 1);
    assert_eq!(plan[0]["page"], "content/scheme/guide.md");

    // The after-action report, alone and in the built site, shows the same figures.
    let out = f.path().join("aar.html");
    let o = run(
        f.path(),
        &[
            "exercise",
            "report",
            BRANCH_RECORD_FILE,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_corrected_report("exercise report", &std::fs::read_to_string(&out).unwrap());
    let site = f.path().join("public");
    let o = run(f.path(), &["build", ".", "--out", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = site.join("isirt/exercises/branch-drill/reports/branch-drill-2026-11-02.html");
    assert_corrected_report("the built site", &std::fs::read_to_string(&page).unwrap());
}

/// The W0317 and W0318 warnings `check` gives on a record of the drill.
fn observation_warnings(dir: &Path) -> Vec<(String, u64)> {
    let o = run(dir, &["check", "--format", "json"]);
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|d| d["code"] == "W0317" || d["code"] == "W0318")
        .map(|d| {
            assert!(d["help"].as_str().is_some_and(|h| !h.is_empty()));
            (
                d["code"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_adversarial_record_is_warned_about() {
    let f = project(
        ("exercises/branch-drill.yaml", BRANCH_DRILL),
        (BRANCH_RECORD_FILE, BRANCH_RECORD),
    );
    // The second unnamed observation of confirm-flood, and the two actions of `outage`.
    assert_eq!(
        observation_warnings(f.path()),
        vec![
            ("W0317".to_owned(), 13),
            ("W0318".to_owned(), 16),
            ("W0318".to_owned(), 17)
        ]
    );
}

#[test]
fn check_warns_on_repeated_observations_and_observations_of_unplayed_injects() {
    const REC: &str = "exercises/records/drill-2026-11-02.yaml";
    const HEAD: &str = "exercise: drill\ndate: 2026-11-02\nevaluators:\n  - {id: ann, name: Ann}\n  - {id: bob, name: Bob}\n";
    // (the rest of the record, the W0317/W0318 warnings expected as (code, line))
    let cases: [(&str, &[(&str, u64)]); 10] = [
        // Twice by the same evaluator: the second is flagged.
        (
            "observations:\n  - {action: confirm-flood, outcome: met, evaluator: ann}\n  - {action: confirm-flood, outcome: met, evaluator: ann}\n",
            &[("W0317", 8)],
        ),
        // Twice with nobody named, as in the README's example.
        (
            "observations:\n  - {action: confirm-flood, outcome: met}\n  - {action: confirm-flood, outcome: not-observed}\n",
            &[("W0317", 8)],
        ),
        // One named, one not: they may be the same person.
        (
            "observations:\n  - {action: confirm-flood, outcome: met, evaluator: bob}\n  - {action: confirm-flood, outcome: met}\n",
            &[("W0317", 8)],
        ),
        // Two evaluators each saw it: their views are meant to stand side by side.
        (
            "observations:\n  - {action: confirm-flood, outcome: met, evaluator: ann}\n  - {action: confirm-flood, outcome: met, evaluator: bob}\n",
            &[],
        ),
        // Written by hand and clicked live by the same evaluator: both count.
        (
            "observations:\n  - {action: confirm-flood, outcome: met, evaluator: ann}\nevents:\n  - {t: 0, wall: 0, kind: inject, inject: slow-site}\n  - {t: 60, wall: 60, kind: mark, action: confirm-flood, outcome: met, evaluator: ann}\n",
            &[("W0317", 7)],
        ),
        // Written by hand with nobody named and clicked live by Ann: it may be Ann twice.
        (
            "observations:\n  - {action: confirm-flood, outcome: met}\nevents:\n  - {t: 0, wall: 0, kind: inject, inject: slow-site}\n  - {t: 60, wall: 60, kind: mark, action: confirm-flood, outcome: met, evaluator: ann}\n",
            &[("W0317", 7)],
        ),
        // Clicked twice live: the second corrects the first, nothing to warn about.
        (
            "events:\n  - {t: 0, wall: 0, kind: inject, inject: slow-site}\n  - {t: 60, wall: 60, kind: mark, action: confirm-flood, outcome: met, evaluator: ann}\n  - {t: 90, wall: 90, kind: mark, action: confirm-flood, outcome: met, evaluator: ann}\n",
            &[],
        ),
        // An action of a skipped inject observed: it counts nowhere.
        (
            "skipped: [worse]\nobservations:\n  - {action: filter-now, outcome: met, evaluator: ann}\n",
            &[("W0318", 8)],
        ),
        // Saying it was not observed is true, and harmless.
        (
            "skipped: [worse]\nobservations:\n  - {action: filter-now, outcome: not-observed, evaluator: ann}\n",
            &[],
        ),
        // A live run that ended without giving `worse`, with a mark for its action.
        (
            "events:\n  - {t: 0, wall: 0, kind: start}\n  - {t: 0, wall: 0, kind: inject, inject: slow-site}\n  - {t: 60, wall: 60, kind: mark, action: filter-now, outcome: met, evaluator: ann}\n  - {t: 90, wall: 90, kind: end}\n",
            &[("W0318", 9)],
        ),
    ];
    let f = project(("exercises/drill.yaml", DRILL), (REC, RECORD));
    let mut failures = Vec::new();
    for (body, want) in cases {
        std::fs::write(f.path().join(REC), format!("{HEAD}{body}")).unwrap();
        let got = observation_warnings(f.path());
        let want: Vec<(String, u64)> = want.iter().map(|(c, l)| ((*c).to_owned(), *l)).collect();
        if got != want {
            failures.push(format!("{body}: got {got:?}, want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------
// The example's notification clocks, worked out by hand
// ---------------------------------------------------------------------------------------

/// The Clocks section of `irbook exercise score RECORD` in the example: its header and
/// tally lines, then one string per clock with its lines joined by ` / ` (a wrapped line
/// by a space) and each run of spaces collapsed, so the test reads the values, not the
/// column widths.
fn example_clocks(dir: &Path, record: &str) -> (Vec<String>, Vec<String>) {
    let o = run(dir, &["exercise", "score", record]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    let section: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("Clocks ("))
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(section.len() > 2, "no Clocks section:\n{text}");
    for l in &section {
        assert!(l.chars().count() <= 100, "longer than 100 columns: {l}");
    }
    let squash = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut clocks: Vec<String> = Vec::new();
    for l in &section[2..] {
        if l.starts_with("   ") {
            let last = clocks.last_mut().expect("a clock line before its details");
            // Detail lines start at column 16; a long one wraps on to column 26.
            last.push_str(if l.starts_with(&" ".repeat(25)) {
                " "
            } else {
                " / "
            });
            last.push_str(&squash(l));
        } else {
            clocks.push(squash(l));
        }
    }
    (section[..2].iter().map(|l| squash(l)).collect(), clocks)
}

/// Every clock of the three example runs, worked out by hand from the exercise files and
/// content/obligations.yaml (London time: BST, UTC+1, until 25 October 2026, then GMT).
///
/// Personal data breach (facts personal-data, high-risk, insurance-claim; the story starts
/// Monday 7 September 2026 16:20 BST; awareness is inject `planner-call` at T+0h;
/// classification is inject `whatsapp` at T+44h; the story ends at `deadline-morning`,
/// T+66h). Applying: the regulator report (personal-data), the notice to the people
/// affected (high-risk) and the insurer notice (insurance-claim); not the customer, NIS2,
/// card or customs duties (their facts do not hold).
/// - Regulator, 72h after awareness: due T+72h, Thursday 10 September 16:20. Sent by
///   `report-regulator` at inject `deadline-morning` T+66h + 18m = T+66h 18m, Thursday
///   10:38: on time, 5h 42m to spare.
/// - People affected, without undue delay (the scheme's target, 24h) after classification
///   T+44h (Wednesday 9 September 12:20): due T+68h, Thursday 12:20. Sent by `notify-people`
///   at T+44h + 24m, Wednesday 12:44: on time, 23h 36m to spare.
/// - Insurer, 48h after awareness: due T+48h, Wednesday 16:20, inside the story (it ends at
///   T+66h). `notify-insurer` belongs to inject `deadline-morning` (T+66h, after the due
///   time) and was not observed: missed whether or not it was done.
///
/// Ransomware (facts ransom-demand, personal-data, customer-data, insurance-claim; starts
/// Friday 16 October 2026 18:42 BST; awareness is inject `ransom-note` at story time 22m (its
/// `scenario_time`), 19:04; the last inject, `monday-morning`, jumps the story to
/// 3708m = T+61h 48m, Monday 19 October 08:30). Applying: regulator, customer, insurer.
/// - Regulator, 72h: due T+72h 22m, Monday 19 October 19:04. `report-regulator` at
///   T+61h 48m + 40m = T+62h 28m, Monday 09:10: on time, 9h 54m to spare.
/// - Customer (Calder & Rowe), 24h: due T+24h 22m, Saturday 17 October 19:04.
///   `customer-notice` (inject `saturday-shift`) was not met; `customer-late-notice` was
///   met at T+61h 48m + 15m = T+62h 03m, Monday 08:45: late, 37h 41m after the due time
///   (the stage was done, late, not missed).
/// - Insurer, 48h: due T+48h 22m, Sunday 18 October 19:04. `activate-retainer` (stage
///   insurer-notice/notice) at inject `backup-console` 55m + 35m = T+1h 30m, Friday 20:12:
///   on time, 48h 22m - 1h 30m = 46h 52m to spare.
///
/// Lost laptop (facts personal-data, customer-data, insurance-claim; starts Thursday
/// 5 November 2026 08:55 GMT; awareness is inject `asset-record` at story time 11m, 09:06; the story
/// ends at `lost-property`, 50m). Applying: regulator, customer, insurer.
/// - Regulator, 72h: due T+72h 11m, Sunday 8 November 09:06; no action: not reached.
/// - Customer, 24h: due T+24h 11m, Friday 6 November 09:06; `customer-notice` not
///   observed: not reached.
/// - Insurer, 48h: due T+48h 11m, Saturday 7 November 09:06; no action: not reached.
#[test]
fn the_example_runs_are_scored_against_their_clocks_as_worked_out_by_hand() {
    let t = example();
    let regulator = "Personal data breach report to the data protection regulator / tell Office of the Data Protection Commissioner: Breach report (stage `initial`) / deadline 72 hours after awareness";
    let customer = "Incident notice to Calder & Rowe, as owner of its data / tell Calder & Rowe Retail plc: First notice to the customer (stage `notice`) / deadline 24 hours after awareness";
    let insurer = "Incident notice to the cyber insurer / tell Anchorage Mutual Cyber Insurance: Notice to the claims line (stage `notice`) / deadline 48 hours after awareness";
    let cases: [(&str, &str, Vec<String>); 3] = [
        (
            "exercises/records/personal-data-breach-clock-2026-09-08.yaml",
            "3 stage deadlines: 2 on time, 1 MISSED",
            vec![
                format!("on time {regulator} / from awareness T+0m Mon 7 Sep 2026 16:20 BST / due T+72h 00m Thu 10 Sep 2026 16:20 BST / done report-regulator T+66h 18m Thu 10 Sep 2026 10:38 BST (5h 42m to spare)"),
                "on time Notice to the people whose data it is / tell People whose personal data is affected: Notice to each person affected (stage `notice`) / deadline without undue delay after classification (our target: 24 hours) / from classification T+44h 00m Wed 9 Sep 2026 12:20 BST / due T+68h 00m Thu 10 Sep 2026 12:20 BST / done notify-people T+44h 24m Wed 9 Sep 2026 12:44 BST (23h 36m to spare)".into(),
                format!("MISSED {insurer} / from awareness T+0m Mon 7 Sep 2026 16:20 BST / due T+48h 00m Wed 9 Sep 2026 16:20 BST / done not seen: notify-insurer was not observed"),
            ],
        ),
        (
            "exercises/records/ransomware-friday-evening-2026-10-16.yaml",
            "3 stage deadlines: 2 on time, 1 LATE",
            vec![
                format!("on time {regulator} / from awareness T+22m Fri 16 Oct 2026 19:04 BST / due T+72h 22m Mon 19 Oct 2026 19:04 BST / done report-regulator T+62h 28m Mon 19 Oct 2026 09:10 BST (9h 54m to spare)"),
                format!("LATE {customer} / from awareness T+22m Fri 16 Oct 2026 19:04 BST / due T+24h 22m Sat 17 Oct 2026 19:04 BST / done customer-late-notice T+62h 03m Mon 19 Oct 2026 08:45 BST (37h 41m after the due time)"),
                format!("on time {insurer} / from awareness T+22m Fri 16 Oct 2026 19:04 BST / due T+48h 22m Sun 18 Oct 2026 19:04 BST / done activate-retainer T+1h 30m Fri 16 Oct 2026 20:12 BST (46h 52m to spare)"),
            ],
        ),
        (
            "exercises/records/lost-laptop-new-starter-2026-11-05.yaml",
            "3 stage deadlines: 3 not reached",
            vec![
                format!("not reached {regulator} / from awareness T+11m Thu 5 Nov 2026 09:06 GMT / due T+72h 11m Sun 8 Nov 2026 09:06 GMT / done not done: no expected action carries out this stage"),
                format!("not reached {customer} / from awareness T+11m Thu 5 Nov 2026 09:06 GMT / due T+24h 11m Fri 6 Nov 2026 09:06 GMT / done not seen: customer-notice was not observed"),
                format!("not reached {insurer} / from awareness T+11m Thu 5 Nov 2026 09:06 GMT / due T+48h 11m Sat 7 Nov 2026 09:06 GMT / done not done: no expected action carries out this stage"),
            ],
        ),
    ];
    for (record, tally, want) in cases {
        let (head, clocks) = example_clocks(t.path(), record);
        assert_eq!(
            head,
            [
                "Clocks (wall times in Europe/London; T+ is story time from the start of the scenario)",
                tally
            ],
            "{record}"
        );
        assert_eq!(clocks, want, "{record}");
    }
    // The JSON format carries the same clocks, in seconds of story time.
    let o = run(
        t.path(),
        &[
            "exercise",
            "score",
            "exercises/records/personal-data-breach-clock-2026-09-08.yaml",
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let got: Vec<(&str, u64, Option<u64>, &str)> = v["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["obligation"].as_str().unwrap(),
                c["due_secs"].as_u64().unwrap(),
                c["done_secs"].as_u64(),
                c["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "regulator-breach-notice",
                72 * 3600,
                Some(66 * 3600 + 18 * 60),
                "on-time"
            ),
            (
                "people-affected-notice",
                68 * 3600,
                Some(44 * 3600 + 24 * 60),
                "on-time"
            ),
            ("insurer-notice", 48 * 3600, None, "missed"),
        ]
    );
    assert_eq!(v["clocks"][0]["due_at"], "2026-09-10T16:20+01:00");
    assert_eq!(v["timezone"], "Europe/London");
}

/// The row of the after-action report's clocks table that starts with `title`, tags removed.
fn clock_row(html: &str, title: &str) -> String {
    let table = &html[html.find("<h2 id=\"clocks\">").expect("no clocks table")..];
    let table = table.split("</table>").next().unwrap();
    let row = table
        .split("<tr")
        .find(|r| r.contains(&format!(">{title}</a>")))
        .unwrap_or_else(|| panic!("no row {title} in {table}"));
    let mut text = String::new();
    let mut in_tag = false;
    for c in row.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    decoded(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[test]
fn the_example_report_shows_each_clock_with_due_done_and_status() {
    // The same clocks as worked out by hand above, in the report `irbook exercise report`
    // writes (the site's page for the key audience).
    let t = example();
    let o = run(
        t.path(),
        &[
            "exercise",
            "report",
            "exercises/records/personal-data-breach-clock-2026-09-08.yaml",
            "--out",
            "report.html",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(t.path().join("report.html")).unwrap();
    assert_eq!(
        clock_row(
            &html,
            "Personal data breach report to the data protection regulator"
        ),
        "class=\"clock-on-time\" Personal data breach report to the data protection regulator Breach report, to Office of the Data Protection Commissioner 72 hours after awareness awareness, T+0m (Mon 7 Sep 2026 16:20 BST) T+72h 00m (Thu 10 Sep 2026 16:20 BST) report-regulator : T+66h 18m (Thu 10 Sep 2026 10:38 BST) ✓ on time 5h 42m to spare"
    );
    assert_eq!(
        clock_row(&html, "Notice to the people whose data it is"),
        "class=\"clock-on-time\" Notice to the people whose data it is Notice to each person affected, to People whose personal data is affected without undue delay after classification (our target: 24 hours) classification, T+44h 00m (Wed 9 Sep 2026 12:20 BST) T+68h 00m (Thu 10 Sep 2026 12:20 BST) notify-people : T+44h 24m (Wed 9 Sep 2026 12:44 BST) ✓ on time 23h 36m to spare"
    );
    // Missed is said in words and marked, not shown by colour alone.
    assert_eq!(
        clock_row(&html, "Incident notice to the cyber insurer"),
        "class=\"clock-missed\" Incident notice to the cyber insurer Notice to the claims line, to Anchorage Mutual Cyber Insurance 48 hours after awareness awareness, T+0m (Mon 7 Sep 2026 16:20 BST) T+48h 00m (Wed 9 Sep 2026 16:20 BST) notify-insurer : not observed ✗ missed"
    );
    assert!(html.contains("the wall clock in Europe/London"));
    // The action it scores shows the deadline in its own unit.
    assert!(
        decoded(&html).contains("Personal data breach report to the data protection regulator, breach report: 72 hours after awareness; story time taken 66h 18m"),
        "no stage deadline on the action"
    );
    assert!(!html.contains("3 days"), "a deadline shown as 3 days");
}
