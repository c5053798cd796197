//! The JavaScript deadline engine (themes/default/scripts/deadlines.js) must give the same due
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

/// Runs node on the cases' inputs and returns its answers, one per case.
///
/// The script is loaded twice: as a CommonJS module through its `module.exports`, and as a
/// plain script in a fresh context, the way a browser's <script> tag from file:// runs it,
/// where it must define `IrbookDeadlines`. Both must give the same answers.
fn run_node(cases: &[Case]) -> Vec<Value> {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    // One folder per call: the tests of this file run in parallel.
    static CALLS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir =
        std::env::temp_dir().join(format!("irbook-deadlines-js-{}-{call}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // .cjs: the repository's package.json makes .js files ES modules, which this is not.
    std::fs::copy(
        repo.join("themes/default/scripts/deadlines.js"),
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
    let out = crate::common::node::run(&dir.join("run.cjs"), &[], &[]);
    let _ = std::fs::remove_dir_all(&dir);
    let answers: Vec<Value> = serde_json::from_slice(&out).expect("node prints JSON");
    assert_eq!(answers.len(), cases.len());
    answers
}

/// Runs the cases in node and fails with the first differences, shown in full.
fn compare(cases: &[Case]) {
    if !crate::common::node::available("themes/default/scripts/deadlines.js") {
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
    let stages: usize = cases
        .iter()
        .map(|c| c.rust.as_array().map_or(0, Vec::len))
        .sum();
    eprintln!("{} cases ({stages} stage results) agree", cases.len());
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

/// A small fixed-seed generator (splitmix64), so every run tests the same cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[(self.next() % xs.len() as u64) as usize]
    }
}

/// Zones with daylight saving (north and south, whole- and half-hour shifts), with half- and
/// quarter-hour offsets, and one that dropped daylight saving in 2019.
const ZONES: [&str; 11] = [
    "UTC",
    "Europe/London",
    "America/New_York",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Adelaide",
    "Australia/Lord_Howe",
    "America/St_Johns",
    "Pacific/Auckland",
    "America/Sao_Paulo",
];

const TARGETS: [&str; 6] = ["24h", "1h", "30m", "2 working days", "1d", "1 month"];

/// What a generated case aims at.
#[derive(Clone, Copy)]
enum Aim {
    /// Results near a daylight-saving change, many inside the gap or the fold.
    Change,
    /// Anchors on the last days of a month, counted in months.
    MonthEnd,
    /// Anywhere in 2020-2035.
    Anywhere,
}

fn civil(cal: &Calendar, t: Timestamp) -> jiff::civil::DateTime {
    cal.zone.zone().to_datetime(t)
}

fn instant(cal: &Calendar, dt: jiff::civil::DateTime) -> Timestamp {
    cal.zone
        .zone()
        .to_ambiguous_timestamp(dt)
        .compatible()
        .unwrap()
}

/// The changes of offset in the zone between 2020 and 2036.
fn changes(cal: &Calendar) -> Vec<Timestamp> {
    let end = ts("2036-01-01T00:00:00Z");
    cal.zone
        .zone()
        .following(ts("2020-01-01T00:00:00Z"))
        .map(|t| t.timestamp())
        .take_while(|t| *t < end)
        .collect()
}

/// A period in a unit chosen for the aim, as written in a deadline.
fn period_text(rng: &mut Rng, aim: Aim) -> String {
    match aim {
        Aim::MonthEnd if rng.chance(80) => format!("{} months", rng.range(1, 14)),
        _ => match rng.range(0, 5) {
            0 => format!("{}m", rng.range(1, 9999)),
            1 => format!("{}h", rng.range(1, 200)),
            2 => format!("{}d", rng.range(1, 40)),
            3 => format!("{} working days", rng.range(1, 15)),
            4 => format!("{} months", rng.range(1, 14)),
            _ => (*rng.pick(&["without undue delay", "immediately"])).to_owned(),
        },
    }
}

/// The anchor instant a case starts from and, when aiming at a change, the period that
/// counts from it to (near) the change.
fn base_instant(
    rng: &mut Rng,
    cal: &Calendar,
    aim: Aim,
    changes: &[Timestamp],
) -> (Timestamp, Option<String>) {
    let jitter = jiff::Span::new().minutes(15 * rng.range(-5, 5));
    match aim {
        Aim::Change if !changes.is_empty() => {
            // Back from the wall-clock time of a change by the lead period, then a little
            // either side, so that counting forward lands in, or next to, the gap or fold.
            let change = *rng.pick(changes);
            let at = civil(cal, change);
            let n = rng.range(1, 12);
            let (back, lead) = match rng.range(0, 2) {
                0 => (jiff::Span::new().days(n), format!("{n}d")),
                1 => (jiff::Span::new().months(n), format!("{n} months")),
                _ => {
                    // Elapsed hours across the change, from just before it.
                    let t = change
                        .checked_sub(jiff::SignedDuration::from_hours(n))
                        .unwrap()
                        .checked_add(jiff::SignedDuration::from_mins(15 * rng.range(-8, 8)))
                        .unwrap();
                    return (t, Some(format!("{n}h")));
                }
            };
            let dt = at.checked_sub(back).unwrap().checked_add(jitter).unwrap();
            (instant(cal, dt), Some(lead))
        }
        Aim::MonthEnd => {
            let month_start =
                jiff::civil::date(rng.range(2020, 2034) as i16, rng.range(1, 12) as i8, 1);
            let last = month_start.days_in_month();
            let day = month_start
                .with()
                .day(last - rng.range(0, 3) as i8)
                .build()
                .unwrap();
            let time = jiff::civil::time(rng.range(0, 23) as i8, rng.range(0, 59) as i8, 0, 0);
            (instant(cal, day.to_datetime(time)), None)
        }
        _ => (
            Timestamp::from_second(rng.range(1_577_836_800, 2_082_758_400)).unwrap(),
            None,
        ),
    }
}

/// A generated case and what it was made from.
struct Generated {
    case: Case,
    cal: Calendar,
    stages: Vec<(Id, Deadline)>,
    moments: Moments,
    done: BTreeMap<Id, Timestamp>,
}

/// One generated case: a calendar, up to four stages, the moments and some completions.
fn generated(rng: &mut Rng, n: usize) -> Generated {
    let zone = ZONES[n % ZONES.len()];
    let mut cal = calendar(zone);
    let aim = match rng.range(0, 9) {
        0..=4 => Aim::Change,
        5..=7 => Aim::MonthEnd,
        _ => Aim::Anywhere,
    };
    let changes = changes(&cal);
    let (base, mut lead) = base_instant(rng, &cal, aim, &changes);
    let seconds = |rng: &mut Rng| {
        if rng.chance(20) {
            jiff::SignedDuration::from_secs(rng.range(1, 59))
        } else {
            jiff::SignedDuration::ZERO
        }
    };
    let around = |rng: &mut Rng, lo_min: i64, hi_min: i64| {
        let s = seconds(rng);
        base.checked_add(jiff::SignedDuration::from_mins(rng.range(lo_min, hi_min)))
            .unwrap()
            .checked_add(s)
            .unwrap()
    };
    let moments = Moments {
        awareness: (lead.is_some() || !rng.chance(10)).then_some(base),
        detection: rng.chance(80).then(|| around(rng, -48 * 60, 0)),
        classification: rng.chance(70).then(|| around(rng, 0, 72 * 60)),
        decision: rng.chance(60).then(|| around(rng, 0, 10 * 24 * 60)),
    };

    // Holidays in the weeks after the anchor; sometimes another working week.
    let first = civil(&cal, base).date();
    for _ in 0..rng.range(0, 4) {
        let d = first
            .checked_add(jiff::Span::new().days(rng.range(0, 25)))
            .unwrap();
        cal.holidays.insert(Date::parse(&d.to_string()).unwrap());
    }
    use irbook::model::clock::{Weekday::*, WorkingDays};
    cal.working_days = match rng.range(0, 9) {
        0 => WorkingDays::new([Sunday, Monday, Tuesday, Wednesday, Thursday]).unwrap(),
        1 => WorkingDays::new([Monday, Tuesday, Wednesday, Thursday, Friday, Saturday]).unwrap(),
        _ => WorkingDays::default(),
    };
    cal.targets = ClockTargets {
        without_undue_delay: At::unplaced(Period::parse(rng.pick::<&str>(&TARGETS)).unwrap()),
        immediately: At::unplaced(Period::parse(rng.pick::<&str>(&TARGETS)).unwrap()),
    };

    let moments_names = [
        "awareness",
        "awareness",
        "detection",
        "classification",
        "decision",
    ];
    let count = rng.range(1, 4) as usize;
    let mut stages: Vec<(String, String)> = Vec::new();
    let mut done = BTreeMap::new();
    for i in 0..count {
        let id = format!("s{}", i + 1);
        let anchor = |rng: &mut Rng| {
            if i > 0 && rng.chance(30) {
                format!("s{}", rng.range(1, i as i64))
            } else {
                (*rng.pick(&moments_names)).to_owned()
            }
        };
        let mut text = match lead.take() {
            Some(lead) => format!("{lead} after awareness"),
            None => {
                let first = period_text(rng, aim);
                format!("{first} after {}", anchor(rng))
            }
        };
        if rng.chance(30) {
            let latest = period_text(rng, aim);
            text = format!("{text}, at latest {latest} after {}", anchor(rng));
        }
        if i + 1 < count && rng.chance(50) {
            done.insert(Id::parse(&id).unwrap(), around(rng, 0, 30 * 24 * 60));
        }
        stages.push((id, text));
    }
    let refs: Vec<(&str, &str)> = stages
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let label = format!("case {n} in {zone}: {refs:?}");
    let c = case(label, &cal, &refs, moments, &done);
    let parsed = stages
        .iter()
        .map(|(id, d)| (Id::parse(id).unwrap(), Deadline::parse(d).unwrap()))
        .collect();
    Generated {
        case: c,
        cal,
        stages: parsed,
        moments,
        done,
    }
}

/// What the generated cases reached, so a change to the generator cannot quietly stop
/// testing the hard parts.
#[derive(Debug, Default)]
struct Reach {
    gaps: usize,
    folds: usize,
    clamped_month_ends: usize,
    holidays_skipped: usize,
    unknown: usize,
    zones: std::collections::BTreeSet<String>,
}

fn note_reach(
    reach: &mut Reach,
    cal: &Calendar,
    stages: &[(Id, Deadline)],
    m: &Moments,
    done: &BTreeMap<Id, Timestamp>,
) {
    use irbook::model::clock::{Delay, TermDue, Unit, anchor_time};
    use jiff::tz::AmbiguousOffset;
    reach.zones.insert(cal.zone.as_str().to_owned());
    for (_, d) in stages {
        for term in d.terms() {
            let period = match term.delay {
                Delay::Period(p) => p,
                Delay::Vague(v) => cal.targets.target(v),
            };
            let Some(from) = anchor_time(&term.anchor, m, done) else {
                reach.unknown += 1;
                continue;
            };
            let TermDue::At(at) = cal.term_due(term, m, done) else {
                continue;
            };
            if period.unit.is_elapsed() {
                continue;
            }
            let (a, b) = (civil(cal, from), civil(cal, at));
            if a.time() != b.time() {
                reach.gaps += 1;
            }
            if matches!(
                cal.zone.zone().to_ambiguous_timestamp(b).offset(),
                AmbiguousOffset::Fold { .. }
            ) {
                reach.folds += 1;
            }
            if period.unit == Unit::Months && b.day() < a.day() {
                reach.clamped_month_ends += 1;
            }
            if period.unit == Unit::WorkingDays
                && cal.holidays.iter().any(|h| {
                    let h = jiff::civil::date(h.year as i16, h.month as i8, h.day as i8);
                    a.date() < h && h < b.date()
                })
            {
                reach.holidays_skipped += 1;
            }
        }
    }
}

#[test]
fn four_hundred_generated_cases_agree() {
    let mut rng = Rng(0x1B00_C10C);
    let mut cases = Vec::new();
    let mut reach = Reach::default();
    for n in 0..400 {
        let g = generated(&mut rng, n);
        note_reach(&mut reach, &g.cal, &g.stages, &g.moments, &g.done);
        cases.push(g.case);
    }
    eprintln!("generated cases reach: {reach:?}");
    assert_eq!(reach.zones.len(), ZONES.len());
    assert!(reach.gaps >= 10, "{reach:?}");
    assert!(reach.folds >= 10, "{reach:?}");
    assert!(reach.clamped_month_ends >= 10, "{reach:?}");
    assert!(reach.holidays_skipped >= 10, "{reach:?}");
    assert!(reach.unknown >= 20, "{reach:?}");
    compare(&cases);
}
