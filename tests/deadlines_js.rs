//! The JavaScript deadline engine (themes/default/static/deadlines.js) must give the same due
//! instants as the Rust one (src/model/clock): both run on the same cases, given to the
//! JavaScript as the JSON of `model::clock::wire`, and every stage's result is compared.
//!
//! Needs `node` on PATH. Without it the test fails, unless IRBOOK_SKIP_NODE=1 is set.

use irbook::model::clock::wire::{WireCalendar, WireDue, WireMoments, WireStage, wire_done};
use irbook::model::clock::{Calendar, ClockTargets, Deadline, Moments, Period, TimeZoneName};
use irbook::model::{At, Date, Id};
use jiff::Timestamp;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

/// One computation: its input as the JavaScript reads it and the Rust engine's answer.
struct Case {
    label: String,
    input: Value,
    rust: Value,
}

/// Computes a case in Rust and records its input for node.
fn case(
    label: impl Into<String>,
    cal: &Calendar,
    stages: &[(&str, &str)],
    moments: Moments,
    done: &BTreeMap<Id, Timestamp>,
) -> Case {
    let parsed: Vec<(Id, Deadline)> = stages
        .iter()
        .map(|(id, d)| {
            let d = Deadline::parse(d).unwrap_or_else(|e| panic!("{e}"));
            (Id::parse(id).unwrap(), d)
        })
        .collect();
    let name = |id: &Id| id.to_string();
    let wire: Vec<WireStage> = parsed
        .iter()
        .map(|(id, d)| WireStage::new(id, d, &cal.targets, &name))
        .collect();
    let rust: Vec<WireDue> = parsed
        .iter()
        .map(|(id, d)| WireDue::new(id, &cal.stage_due(d, &moments, done)))
        .collect();
    Case {
        label: label.into(),
        input: json!({
            "calendar": WireCalendar::new(cal),
            "stages": wire,
            "moments": WireMoments::new(&moments),
            "done": wire_done(done),
        }),
        rust: serde_json::to_value(rust).unwrap(),
    }
}

/// Is node there? Fails the test when it is not, unless IRBOOK_SKIP_NODE=1.
fn node_available() -> bool {
    let found = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return true;
    }
    if std::env::var("IRBOOK_SKIP_NODE").as_deref() == Ok("1") {
        eprintln!(
            "SKIPPED: node is not on PATH and IRBOOK_SKIP_NODE=1; deadlines.js was not compared with Rust"
        );
        return false;
    }
    panic!(
        "node (Node.js 20 or newer) is not on PATH: this test runs themes/default/static/deadlines.js \
         in node to compare it with the Rust deadline engine. Install Node.js, or set \
         IRBOOK_SKIP_NODE=1 to skip the comparison"
    );
}

/// Runs node on the cases' inputs and returns its answers, one per case.
///
/// The script is loaded twice: as a CommonJS module through its `module.exports`, and as a
/// plain script in a fresh context, the way a browser's <script> tag from file:// runs it,
/// where it must define `IrbookDeadlines`. Both must give the same answers.
fn run_node(cases: &[Case]) -> Vec<Value> {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("irbook-deadlines-js-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // .cjs: the repository's package.json makes .js files ES modules, which this is not.
    std::fs::copy(
        repo.join("themes/default/static/deadlines.js"),
        dir.join("deadlines.cjs"),
    )
    .unwrap();
    let inputs: Vec<&Value> = cases.iter().map(|c| &c.input).collect();
    std::fs::write(dir.join("cases.json"), serde_json::to_vec(&inputs).unwrap()).unwrap();
    std::fs::write(
        dir.join("run.cjs"),
        r#"
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const asModule = require('./deadlines.cjs');
const context = vm.createContext({});
vm.runInContext(fs.readFileSync(path.join(__dirname, 'deadlines.cjs'), 'utf8'), context);
const asScript = context.IrbookDeadlines;
if (!asScript || typeof asScript.compute !== 'function') {
  throw new Error('as a plain script, deadlines.js did not define IrbookDeadlines.compute');
}
const cases = JSON.parse(fs.readFileSync(path.join(__dirname, 'cases.json'), 'utf8'));
const out = cases.map(function (c, i) {
  const a = asModule.compute(c);
  const b = JSON.parse(JSON.stringify(asScript.compute(JSON.parse(JSON.stringify(c)))));
  if (JSON.stringify(a) !== JSON.stringify(b)) {
    throw new Error('case ' + i + ': the module and the plain script disagree');
  }
  return a;
});
process.stdout.write(JSON.stringify(out));
"#,
    )
    .unwrap();
    let out = Command::new("node")
        .arg(dir.join("run.cjs"))
        .output()
        .expect("node runs");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answers: Vec<Value> = serde_json::from_slice(&out.stdout).expect("node prints JSON");
    assert_eq!(answers.len(), cases.len());
    answers
}

/// Runs the cases in node and fails with the first differences, shown in full.
fn compare(cases: &[Case]) {
    if !node_available() {
        return;
    }
    let answers = run_node(cases);
    let mut report = Vec::new();
    for (c, js) in cases.iter().zip(&answers) {
        if &c.rust != js {
            report.push(format!(
                "{}\n  input: {}\n  rust:  {}\n  js:    {}",
                c.label, c.input, c.rust, js
            ));
        }
    }
    assert!(
        report.is_empty(),
        "{} of {} cases differ between Rust and deadlines.js:\n{}",
        report.len(),
        cases.len(),
        report
            .iter()
            .take(8)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    eprintln!("{} cases agree", cases.len());
}

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn calendar(zone: &str) -> Calendar {
    Calendar {
        zone: TimeZoneName::parse(zone).unwrap(),
        ..Calendar::default()
    }
}

fn aware(at: &str) -> Moments {
    Moments {
        awareness: Some(ts(at)),
        ..Moments::default()
    }
}

/// The cases of the Rust unit tests, whose answers were computed by hand.
#[test]
fn hand_computed_cases_agree() {
    let none = BTreeMap::new();
    let mut cases = Vec::new();
    let one = |label: &str, zone: &str, at: &str, d: &str| {
        case(
            label,
            &calendar(zone),
            &[("s", d)],
            aware(at),
            &BTreeMap::new(),
        )
    };
    for (zone, at, d) in [
        (
            "Europe/London",
            "2026-03-28T12:00:00Z",
            "24h after awareness",
        ),
        (
            "Europe/London",
            "2026-03-28T12:00:00Z",
            "1d after awareness",
        ),
        (
            "Europe/London",
            "2026-10-24T12:00:00+01:00",
            "1d after awareness",
        ),
        (
            "Europe/London",
            "2026-03-28T01:30:00Z",
            "1d after awareness",
        ),
        (
            "Europe/London",
            "2026-10-24T01:30:00+01:00",
            "1d after awareness",
        ),
        (
            "Europe/London",
            "2026-09-25T01:30:00+01:00",
            "1 month after awareness",
        ),
        (
            "America/New_York",
            "2026-03-07T02:30:00-05:00",
            "1d after awareness",
        ),
        (
            "America/New_York",
            "2026-02-08T02:30:00-05:00",
            "1 month after awareness",
        ),
        (
            "America/New_York",
            "2026-10-31T01:30:00-04:00",
            "1d after awareness",
        ),
        (
            "America/New_York",
            "2026-10-30T01:30:00-04:00",
            "1 working day after awareness",
        ),
        (
            "Australia/Lord_Howe",
            "2026-10-03T02:15:00+10:30",
            "1d after awareness",
        ),
        (
            "Asia/Kolkata",
            "2026-01-31T20:00:00Z",
            "1 month after awareness",
        ),
        ("UTC", "2024-01-31T10:00:00Z", "1 month after awareness"),
        ("UTC", "2024-02-29T10:00:00Z", "12 months after awareness"),
        ("UTC", "2100-01-31T08:00:00Z", "1 month after awareness"),
        (
            "UTC",
            "2026-03-06T17:00:00Z",
            "without undue delay after awareness",
        ),
        ("UTC", "2026-03-06T17:00:00Z", "immediately after awareness"),
        ("UTC", "9999-12-01T00:00:00Z", "1 month after awareness"),
        (
            "UTC",
            "9999-12-01T00:00:00Z",
            "9999 working days after awareness",
        ),
    ] {
        cases.push(one(&format!("{zone} {at} + {d}"), zone, at, d));
    }

    let mut london = calendar("Europe/London");
    london.holidays = [
        Date::parse("2026-12-25").unwrap(),
        Date::parse("2026-12-28").unwrap(),
    ]
    .into();
    cases.push(case(
        "working days across Christmas",
        &london,
        &[("s", "4 working days after decision")],
        Moments {
            decision: Some(ts("2026-12-23T15:00:00Z")),
            ..Moments::default()
        },
        &none,
    ));

    let full = Moments {
        awareness: Some(ts("2026-03-06T09:00:00Z")),
        detection: Some(ts("2026-03-05T08:10:00Z")),
        classification: Some(ts("2026-03-07T08:00:00Z")),
        decision: None,
    };
    let stages = [
        (
            "warning",
            "4h after classification, at latest 24h after awareness",
        ),
        ("notification", "72h after awareness"),
        ("final", "1 month after notification"),
        ("material", "4 working days after decision"),
        ("detected", "15m after detection"),
    ];
    let mut done = BTreeMap::new();
    cases.push(case(
        "a regime, nothing done",
        &calendar("Europe/Berlin"),
        &stages,
        full,
        &done,
    ));
    done.insert(
        Id::parse("notification").unwrap(),
        ts("2026-03-08T10:00:00Z"),
    );
    cases.push(case(
        "a regime, notification sent",
        &calendar("Europe/Berlin"),
        &stages,
        full,
        &done,
    ));
    let partial = Moments {
        classification: None,
        ..full
    };
    cases.push(case(
        "classification unknown",
        &calendar("Europe/Berlin"),
        &stages,
        partial,
        &done,
    ));
    cases.push(case(
        "nothing known",
        &calendar("Europe/Berlin"),
        &stages,
        Moments::default(),
        &none,
    ));

    let mut custom = calendar("America/St_Johns");
    custom.targets = ClockTargets {
        without_undue_delay: At::unplaced(Period::parse("2 working days").unwrap()),
        immediately: At::unplaced(Period::parse("30m").unwrap()),
    };
    cases.push(case(
        "custom targets",
        &custom,
        &[
            (
                "a",
                "without undue delay after awareness, at latest 72h after awareness",
            ),
            ("b", "immediately after awareness"),
        ],
        aware("2026-03-06T17:00:00Z"),
        &none,
    ));
    compare(&cases);
}
