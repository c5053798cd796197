//! The on-duty script (themes/default/scripts/rota.js) must agree with the Rust rota
//! arithmetic (src/model/rota/arith.rs): for the same plans and the same instants, both
//! give the same wall-clock time in the zone, the same person on duty, the same next change
//! and the same words for it. The instants cross handovers, covers, the rotation's end and
//! the changes to and from summer time, and a deterministic sweep over two years.
//!
//! Needs `node` on PATH. Without it the test fails, unless IRBOOK_SKIP_NODE=1 is set.

use irbook::model::rota::Rota;
use irbook::model::rota::arith::{Plan, Wall};
use serde_json::{Value, json};
use std::path::PathBuf;

/// Plans of several shapes: weekly with a cover and an end, fortnightly, daily, two-day.
const ROTA: &str = r#"
rotations:
  - role: a
    people: [ann, bob, cat]
    period: 1w
    handover_day: monday
    handover_time: "09:00"
    start: 2026-03-02
    end: 2027-06-30
    overrides:
      - {from: 2026-03-23, to: 2026-03-31, person: dan}
      - {from: 2026-10-24, to: 2026-10-26, person: bob}
      - {from: 2026-10-25, to: 2026-10-25, person: eve}
  - role: b
    people: [ann, bob]
    period: 2w
    handover_time: "01:30"
    start: 2026-01-04
  - role: c
    people: [ann, bob, cat, dan]
    period: 1d
    handover_time: "23:45"
    start: 2026-06-01
  - role: d
    people: [ann]
    period: 2d
    handover_time: "00:00"
    start: 2027-01-01
    end: 2027-01-10
"#;

const ZONES: &[Option<&str>] = &[
    Some("Europe/London"),
    Some("America/New_York"),
    Some("Asia/Kolkata"),
    Some("Australia/Lord_Howe"),
    Some("UTC"),
];

fn ms(s: &str) -> i64 {
    s.parse::<jiff::Timestamp>().unwrap().as_millisecond()
}

/// The instants: hand-picked edges, then a deterministic sweep.
fn instants() -> Vec<i64> {
    let mut out: Vec<i64> = [
        "2026-03-02T08:59:59Z",
        "2026-03-02T09:00:00Z",
        "2026-03-23T09:00:00Z",
        "2026-03-29T00:59:59Z",
        "2026-03-29T01:00:00Z",
        "2026-03-29T01:30:00Z",
        "2026-03-31T08:00:00Z",
        "2026-04-01T08:00:00Z",
        "2026-10-25T00:30:00Z",
        "2026-10-25T01:30:00Z",
        "2026-10-25T09:00:00Z",
        "2026-10-27T09:00:00Z",
        "2026-11-01T06:30:00Z",
        "2027-01-09T23:59:59.999Z",
        "2027-01-11T00:00:00Z",
        "2027-06-30T08:00:00Z",
        "2027-07-05T08:00:00Z",
        "2025-12-31T23:59:59Z",
    ]
    .iter()
    .map(|s| ms(s))
    .collect();
    let (from, span) = (ms("2026-01-01T00:00:00Z"), 2 * 366 * 86_400_000i64);
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..400 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.push(from + (x % span as u64) as i64);
    }
    out
}

/// What Rust answers for one plan, zone and instant.
fn rust(plan: &Plan, zone: Option<&str>, at: i64) -> Value {
    let tz = zone.map(|z| jiff::tz::db().get(z).unwrap());
    let wall = match &tz {
        Some(tz) => Wall::of_instant(at, tz).unwrap(),
        // No zone: the reader's local time, which is UTC for node as the test runs it.
        None => Wall::of_instant(at, &jiff::tz::TimeZone::UTC).unwrap(),
    };
    let next = plan.next_change(wall);
    json!([
        wall.0,
        plan.on_duty(wall),
        next.map(|n| n.0),
        next.map(Wall::describe)
    ])
}

#[test]
fn rota_js_agrees_with_rust_on_every_instant() {
    if !crate::common::node::available("themes/default/scripts/rota.js") {
        return;
    }
    let rota: Rota = serde_saphyr::from_str(ROTA).unwrap();
    let plans: Vec<Plan> = rota.rotations.iter().map(|r| r.plan().1).collect();
    let instants = instants();
    let mut zones: Vec<Option<&str>> = ZONES.to_vec();
    zones.push(None);
    let mut cases = Vec::new();
    let mut want = Vec::new();
    for plan in &plans {
        for zone in &zones {
            for at in &instants {
                cases.push(json!({"plan": plan, "zone": zone, "at": at}));
                want.push(rust(plan, *zone, *at));
            }
        }
    }
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("irbook-rota-js-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        repo.join("themes/default/scripts/rota.js"),
        dir.join("rota.cjs"),
    )
    .unwrap();
    std::fs::write(dir.join("cases.json"), serde_json::to_vec(&cases).unwrap()).unwrap();
    std::fs::write(
        dir.join("run.cjs"),
        r#"
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const asModule = require('./rota.cjs');
const context = vm.createContext({ Intl: Intl, Date: Date, Math: Math, JSON: JSON });
vm.runInContext(fs.readFileSync(path.join(__dirname, 'rota.cjs'), 'utf8'), context);
const asScript = context.IrbookRota;
if (!asScript || typeof asScript.onDuty !== 'function') {
  throw new Error('as a plain script, rota.js did not define IrbookRota');
}
const cases = JSON.parse(fs.readFileSync(path.join(__dirname, 'cases.json'), 'utf8'));
const out = cases.map(function (c) {
  const answer = function (api) {
    const w = api.wall(c.at, c.zone);
    const next = api.nextChange(c.plan, w);
    return [w, api.onDuty(c.plan, w), next, next === null ? null : api.describe(next)];
  };
  const a = answer(asModule);
  const b = answer(asScript);
  if (JSON.stringify(a) !== JSON.stringify(b)) {
    throw new Error('the module and the plain script disagree: ' + JSON.stringify(c));
  }
  return a;
});
process.stdout.write(JSON.stringify(out));
"#,
    )
    .unwrap();
    // No zone means the reader's local time: UTC here, as the Rust side assumes.
    let out = crate::common::node::run(&dir.join("run.cjs"), &[], &[("TZ", "UTC")]);
    let _ = std::fs::remove_dir_all(&dir);
    let got: Vec<Value> = serde_json::from_slice(&out).expect("node prints JSON");
    assert_eq!(got.len(), want.len());
    let diffs: Vec<String> = cases
        .iter()
        .zip(want.iter().zip(&got))
        .filter(|(_, (w, g))| w != g)
        .take(8)
        .map(|(c, (w, g))| format!("{c}\n  rust: {w}\n  js:   {g}"))
        .collect();
    assert!(
        diffs.is_empty(),
        "rota.js and Rust differ:\n{}",
        diffs.join("\n")
    );
    // The sweep reaches every state: on duty, a gap, a cover.
    let people: std::collections::BTreeSet<String> =
        want.iter().map(|w| w[1].to_string()).collect();
    assert!(
        people.contains("null") && people.contains("3"),
        "{people:?}"
    );
    eprintln!("{} cases agree", want.len());
}
