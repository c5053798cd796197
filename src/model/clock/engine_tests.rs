//! Deadline arithmetic against hand-computed instants. Expected values are written with the
//! offset in force locally, so each can be checked against a calendar by eye.

use super::*;
use crate::model::{At, Date, Id};
use jiff::Timestamp;
use std::collections::BTreeMap;

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn cal(zone: &str) -> Calendar {
    Calendar {
        zone: TimeZoneName::parse(zone).unwrap(),
        ..Calendar::default()
    }
}

fn deadline(s: &str) -> Deadline {
    Deadline::parse(s).unwrap()
}

fn aware(at: &str) -> Moments {
    Moments {
        awareness: Some(ts(at)),
        ..Moments::default()
    }
}

fn no_done() -> BTreeMap<Id, Timestamp> {
    BTreeMap::new()
}

/// The due instant of a one-deadline stage that must be exact.
fn due(c: &Calendar, d: &str, m: &Moments) -> Timestamp {
    match c.stage_due(&deadline(d), m, &no_done()).due {
        Due::Exact { at, .. } => at,
        other => panic!("{d}: {other:?}"),
    }
}

/// `period` after `from`, which must be in range.
fn add(c: &Calendar, from: &str, period: &str) -> Timestamp {
    c.add(ts(from), Period::parse(period).unwrap()).unwrap()
}

fn id(s: &str) -> Id {
    Id::parse(s).unwrap()
}

#[test]
fn every_anchor_counts_from_its_own_moment() {
    let c = cal("UTC");
    let m = Moments {
        awareness: Some(ts("2026-03-06T17:00:00Z")),
        detection: Some(ts("2026-03-05T08:10:00Z")),
        classification: Some(ts("2026-03-06T21:00:00Z")),
        decision: Some(ts("2026-03-10T16:00:00Z")),
    };
    let mut done = BTreeMap::new();
    done.insert(id("notification"), ts("2026-03-08T12:00:00Z"));
    let cases = [
        ("72h after awareness", "2026-03-09T17:00:00Z"),
        ("15m after detection", "2026-03-05T08:25:00Z"),
        ("4h after classification", "2026-03-07T01:00:00Z"),
        // Tuesday 10 March: Wednesday, Thursday, Friday, Monday.
        ("4 working days after decision", "2026-03-16T16:00:00Z"),
        ("1 month after notification", "2026-04-08T12:00:00Z"),
    ];
    for (d, want) in cases {
        let got = c.stage_due(&deadline(d), &m, &done);
        assert_eq!(
            got.due,
            Due::Exact {
                at: ts(want),
                term: 0
            },
            "{d}"
        );
        assert_eq!(got.terms, [TermDue::At(ts(want))], "{d}");
        assert!(got.needs().is_empty());
    }
}

#[test]
fn the_earlier_of_an_at_latest_pair_counts() {
    let c = cal("UTC");
    let d = deadline("4h after classification, at latest 24h after awareness");
    let mut m = aware("2026-03-06T09:00:00Z");
    // Classified late in the evening: the 4 hours end first.
    m.classification = Some(ts("2026-03-06T22:00:00Z"));
    let got = c.stage_due(&d, &m, &no_done());
    assert_eq!(
        got.due,
        Due::Exact {
            at: ts("2026-03-07T02:00:00Z"),
            term: 0
        }
    );
    // Classified the next morning: the 24 hours from awareness end first.
    m.classification = Some(ts("2026-03-07T08:00:00Z"));
    let got = c.stage_due(&d, &m, &no_done());
    assert_eq!(
        got.due,
        Due::Exact {
            at: ts("2026-03-07T09:00:00Z"),
            term: 1
        }
    );
    assert_eq!(
        got.terms,
        [
            TermDue::At(ts("2026-03-07T12:00:00Z")),
            TermDue::At(ts("2026-03-07T09:00:00Z"))
        ]
    );
    // Both at once: the first written wins the tie.
    m.classification = Some(ts("2026-03-07T05:00:00Z"));
    assert_eq!(
        c.stage_due(&d, &m, &no_done()).due,
        Due::Exact {
            at: ts("2026-03-07T09:00:00Z"),
            term: 0
        }
    );
}

#[test]
fn unknown_anchors_leave_a_bound_or_nothing() {
    let c = cal("UTC");
    let d = deadline("4h after classification, at latest 24h after awareness");
    let got = c.stage_due(&d, &aware("2026-03-06T09:00:00Z"), &no_done());
    assert_eq!(
        got.due,
        Due::NoLaterThan {
            at: ts("2026-03-07T09:00:00Z"),
            term: 1
        }
    );
    assert_eq!(got.needs(), [&Anchor::Classification]);
    assert_eq!(got.due.at(), Some(ts("2026-03-07T09:00:00Z")));

    let got = c.stage_due(&d, &Moments::default(), &no_done());
    assert_eq!(got.due, Due::Unknown);
    assert_eq!(got.due.at(), None);
    assert_eq!(got.needs(), [&Anchor::Classification, &Anchor::Awareness]);
    assert_eq!(describe_need(got.needs()[0]), "the classification time");

    for (d, need) in [
        ("1h after detection", Anchor::Detection),
        ("4 working days after decision", Anchor::Decision),
        (
            "1 month after notification",
            Anchor::Stage(id("notification")),
        ),
    ] {
        let got = c.stage_due(&deadline(d), &aware("2026-03-06T09:00:00Z"), &no_done());
        assert_eq!(got.due, Due::Unknown, "{d}");
        assert_eq!(got.terms, [TermDue::Needs(need)], "{d}");
    }
    assert_eq!(
        describe_need(&Anchor::Stage(id("notification"))),
        "the time stage `notification` was completed"
    );
}

#[test]
fn working_days_skip_weekends_and_holidays_and_keep_the_time() {
    let mut c = cal("Europe/London");
    // Friday 6 March 2026 10:00 GMT: the next working day is Monday.
    assert_eq!(
        add(&c, "2026-03-06T10:00:00Z", "1 working day"),
        ts("2026-03-09T10:00:00Z")
    );
    // From a Saturday too: Monday is the first working day after it.
    assert_eq!(
        add(&c, "2026-03-07T10:00:00Z", "1 working day"),
        ts("2026-03-09T10:00:00Z")
    );
    // Wednesday 23 December 2026 15:00 GMT, with Christmas (Fri 25th) and the Monday 28th off:
    // Thu 24 (1), Tue 29 (2), Wed 30 (3), Thu 31 (4).
    c.holidays = [
        Date::parse("2026-12-25").unwrap(),
        Date::parse("2026-12-28").unwrap(),
    ]
    .into();
    assert_eq!(
        add(&c, "2026-12-23T15:00:00Z", "4 working days"),
        ts("2026-12-31T15:00:00Z")
    );
    // Without the holidays: Thu 24, Fri 25, Mon 28, Tue 29.
    c.holidays.clear();
    assert_eq!(
        add(&c, "2026-12-23T15:00:00Z", "4 working days"),
        ts("2026-12-29T15:00:00Z")
    );
    // A Sunday-to-Thursday week: Thursday 5 March plus one working day is Sunday 8 March.
    c.working_days = WorkingDays::new([
        Weekday::Sunday,
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
    ])
    .unwrap();
    assert_eq!(
        add(&c, "2026-03-05T10:00:00Z", "1 working day"),
        ts("2026-03-08T10:00:00Z")
    );
}

#[test]
fn months_clamp_to_the_end_of_a_shorter_month() {
    let c = cal("UTC");
    let cases = [
        ("2026-01-31T10:00:00Z", "1 month", "2026-02-28T10:00:00Z"),
        ("2024-01-31T10:00:00Z", "1 month", "2024-02-29T10:00:00Z"),
        ("2024-02-29T10:00:00Z", "12 months", "2025-02-28T10:00:00Z"),
        ("2028-02-29T10:00:00Z", "48 months", "2032-02-29T10:00:00Z"),
        ("2026-03-31T23:59:00Z", "1 month", "2026-04-30T23:59:00Z"),
        ("2026-11-30T08:00:00Z", "3 months", "2027-02-28T08:00:00Z"),
        ("2026-12-15T08:00:00Z", "1 month", "2027-01-15T08:00:00Z"),
        ("2100-01-31T08:00:00Z", "1 month", "2100-02-28T08:00:00Z"),
        ("2000-01-31T08:00:00Z", "1 month", "2000-02-29T08:00:00Z"),
        ("2026-01-30T08:00:00Z", "1 month", "2026-02-28T08:00:00Z"),
    ];
    for (from, period, want) in cases {
        assert_eq!(add(&c, from, period), ts(want), "{from} + {period}");
    }
    // The month is the local month: 1 February 01:30 in Kolkata (UTC+05:30) is still 31
    // January in UTC; a month later is 1 March 01:30 local, 28 February in UTC.
    assert_eq!(
        add(&cal("Asia/Kolkata"), "2026-01-31T20:00:00Z", "1 month"),
        ts("2026-03-01T01:30:00+05:30")
    );
}

#[test]
fn hours_are_elapsed_and_days_keep_the_wall_clock_across_a_change() {
    let london = cal("Europe/London");
    // Clocks go forward at 01:00 GMT on Sunday 29 March 2026.
    assert_eq!(
        add(&london, "2026-03-28T12:00:00Z", "24h"),
        ts("2026-03-29T13:00:00+01:00")
    );
    assert_eq!(
        add(&london, "2026-03-28T12:00:00Z", "1d"),
        ts("2026-03-29T12:00:00+01:00")
    );
    // And back at 02:00 BST on Sunday 25 October 2026.
    assert_eq!(
        add(&london, "2026-10-24T12:00:00+01:00", "24h"),
        ts("2026-10-25T11:00:00+00:00")
    );
    assert_eq!(
        add(&london, "2026-10-24T12:00:00+01:00", "1d"),
        ts("2026-10-25T12:00:00+00:00")
    );
    assert_eq!(
        add(&london, "2026-03-28T12:00:00Z", "1440m"),
        ts("2026-03-29T12:00:00Z")
    );

    let ny = cal("America/New_York");
    // Forward at 02:00 EST on Sunday 8 March 2026, back at 02:00 EDT on Sunday 1 November.
    assert_eq!(
        add(&ny, "2026-03-07T12:00:00-05:00", "24h"),
        ts("2026-03-08T13:00:00-04:00")
    );
    assert_eq!(
        add(&ny, "2026-03-07T12:00:00-05:00", "1d"),
        ts("2026-03-08T12:00:00-04:00")
    );
    // Friday 30 October 01:30 EDT: 72 elapsed hours end at 00:30 EST on Monday, one working
    // day later is Monday 01:30 EST.
    assert_eq!(
        add(&ny, "2026-10-30T01:30:00-04:00", "72h"),
        ts("2026-11-02T00:30:00-05:00")
    );
    assert_eq!(
        add(&ny, "2026-10-30T01:30:00-04:00", "1 working day"),
        ts("2026-11-02T01:30:00-05:00")
    );
}

#[test]
fn a_wall_clock_time_in_the_gap_moves_forward_and_in_the_fold_takes_the_earlier() {
    let london = cal("Europe/London");
    // 01:30 on 29 March 2026 does not exist in London: it becomes 02:30 BST.
    assert_eq!(
        add(&london, "2026-03-28T01:30:00Z", "1d"),
        ts("2026-03-29T02:30:00+01:00")
    );
    // 01:30 on 25 October 2026 happens twice: the first, still BST, counts.
    assert_eq!(
        add(&london, "2026-10-24T01:30:00+01:00", "1d"),
        ts("2026-10-25T01:30:00+01:00")
    );
    assert_eq!(
        add(&london, "2026-09-25T01:30:00+01:00", "1 month"),
        ts("2026-10-25T01:30:00+01:00")
    );

    let ny = cal("America/New_York");
    // 02:30 on 8 March 2026 does not exist in New York: it becomes 03:30 EDT.
    assert_eq!(
        add(&ny, "2026-03-07T02:30:00-05:00", "1d"),
        ts("2026-03-08T03:30:00-04:00")
    );
    assert_eq!(
        add(&ny, "2026-02-08T02:30:00-05:00", "1 month"),
        ts("2026-03-08T03:30:00-04:00")
    );
    // 01:30 on 1 November 2026 happens twice: the first, EDT, counts.
    assert_eq!(
        add(&ny, "2026-10-31T01:30:00-04:00", "1d"),
        ts("2026-11-01T01:30:00-04:00")
    );

    // Lord Howe Island moves by half an hour, 02:00 to 02:30 on 4 October 2026.
    assert_eq!(
        add(
            &cal("Australia/Lord_Howe"),
            "2026-10-03T02:15:00+10:30",
            "1d"
        ),
        ts("2026-10-04T02:45:00+11:00")
    );
    // The gap and fold rules apply to the anchor's wall-clock time being kept, never to
    // elapsed units: 24h from the same instant is exact.
    assert_eq!(
        add(&london, "2026-03-28T01:30:00Z", "24h"),
        ts("2026-03-29T01:30:00Z")
    );
}

#[test]
fn vague_terms_use_the_schemes_targets() {
    let mut c = cal("UTC");
    let m = aware("2026-03-06T17:00:00Z");
    assert_eq!(
        due(&c, "without undue delay after awareness", &m),
        ts("2026-03-07T17:00:00Z")
    );
    assert_eq!(
        due(&c, "immediately after awareness", &m),
        ts("2026-03-06T18:00:00Z")
    );
    c.targets = ClockTargets {
        without_undue_delay: At::unplaced(Period::parse("2 working days").unwrap()),
        immediately: At::unplaced(Period::parse("30m").unwrap()),
    };
    assert_eq!(
        due(&c, "immediately after awareness", &m),
        ts("2026-03-06T17:30:00Z")
    );
    // Friday 17:00 plus two working days is Tuesday 17:00; the 72 hours end on Monday 17:00,
    // which comes first.
    let d = "without undue delay after awareness, at latest 72h after awareness";
    let got = c.stage_due(&deadline(d), &m, &no_done());
    assert_eq!(
        got.terms,
        [
            TermDue::At(ts("2026-03-10T17:00:00Z")),
            TermDue::At(ts("2026-03-09T17:00:00Z"))
        ]
    );
    assert_eq!(got.due.at(), Some(ts("2026-03-09T17:00:00Z")));
}

#[test]
fn results_beyond_the_calendar_are_out_of_range_not_a_panic() {
    let c = cal("Europe/London");
    let m = aware("9999-12-01T00:00:00Z");
    let got = c.stage_due(&deadline("1 month after awareness"), &m, &no_done());
    assert_eq!(got.terms, [TermDue::OutOfRange]);
    assert_eq!(got.due, Due::Unknown);
    for p in ["9999h", "9999d", "9999 working days", "9999 months"] {
        assert_eq!(
            c.add(ts("9999-12-01T00:00:00Z"), Period::parse(p).unwrap()),
            None,
            "{p}"
        );
    }
    // The other term still counts, and exactly: an out-of-range term is later than any.
    let got = c.stage_due(
        &deadline("9999 months after awareness, at latest 1h after awareness"),
        &aware("9990-01-01T00:00:00Z"),
        &no_done(),
    );
    assert_eq!(got.terms[0], TermDue::OutOfRange);
    assert_eq!(
        got.due,
        Due::Exact {
            at: ts("9990-01-01T01:00:00Z"),
            term: 1
        }
    );
}
