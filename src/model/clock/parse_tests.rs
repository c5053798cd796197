//! The deadline grammar: what it accepts, how it shows deadlines, and what its errors say.

use super::*;
use crate::model::Id;

fn p(s: &str) -> Deadline {
    Deadline::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn err(s: &str) -> String {
    match Deadline::parse(s) {
        Ok(d) => panic!("`{s}` accepted as {d:?}"),
        Err(e) => e,
    }
}

fn period(count: u32, unit: Unit) -> Delay {
    Delay::Period(Period { count, unit })
}

fn stage(id: &str) -> Anchor {
    Anchor::Stage(Id::parse(id).unwrap())
}

#[test]
fn every_anchor_and_unit_parses() {
    let cases = [
        (
            "72h after awareness",
            period(72, Unit::Hours),
            Anchor::Awareness,
        ),
        (
            "15m after detection",
            period(15, Unit::Minutes),
            Anchor::Detection,
        ),
        (
            "3d after classification",
            period(3, Unit::Days),
            Anchor::Classification,
        ),
        (
            "4 working days after decision",
            period(4, Unit::WorkingDays),
            Anchor::Decision,
        ),
        (
            "1 working day after decision",
            period(1, Unit::WorkingDays),
            Anchor::Decision,
        ),
        (
            "1 month after notification",
            period(1, Unit::Months),
            stage("notification"),
        ),
        (
            "6 months after early-warning",
            period(6, Unit::Months),
            stage("early-warning"),
        ),
        (
            "90 minutes after awareness",
            period(90, Unit::Minutes),
            Anchor::Awareness,
        ),
        (
            "24 hours after awareness",
            period(24, Unit::Hours),
            Anchor::Awareness,
        ),
        (
            "2 days after awareness",
            period(2, Unit::Days),
            Anchor::Awareness,
        ),
        (
            "72 h after awareness",
            period(72, Unit::Hours),
            Anchor::Awareness,
        ),
        (
            "without undue delay after awareness",
            Delay::Vague(Vague::WithoutUndueDelay),
            Anchor::Awareness,
        ),
        (
            "immediately after detection",
            Delay::Vague(Vague::Immediately),
            Anchor::Detection,
        ),
    ];
    for (s, delay, anchor) in cases {
        let d = p(s);
        assert_eq!(d.first, Term { delay, anchor }, "{s}");
        assert_eq!(d.at_latest, None, "{s}");
    }
}

#[test]
fn at_latest_pairs_parse_with_or_without_the_comma() {
    for s in [
        "4h after classification, at latest 24h after awareness",
        "4h after classification at latest 24h after awareness",
        "  4h   after classification ,at latest 24h after awareness ",
    ] {
        let d = p(s);
        assert_eq!(d.first.anchor, Anchor::Classification, "{s}");
        assert_eq!(
            d.at_latest,
            Some(Term {
                delay: period(24, Unit::Hours),
                anchor: Anchor::Awareness
            }),
            "{s}"
        );
        assert_eq!(d.terms().count(), 2);
    }
}

#[test]
fn canonical_form_round_trips() {
    for s in [
        "72h after awareness",
        "15m after detection",
        "3d after awareness",
        "4 working days after decision",
        "1 month after notification",
        "without undue delay after awareness, at latest 72h after awareness",
        "immediately after detection",
        "4h after classification, at latest 24h after awareness",
    ] {
        assert_eq!(p(s).to_string(), s);
        assert_eq!(p(&p(s).to_string()), p(s));
    }
    assert_eq!(
        p("72 hours after awareness").to_string(),
        "72h after awareness"
    );
}

#[test]
fn shown_text_keeps_the_unit_and_names_the_target() {
    let targets = ClockTargets::default();
    let ids = |id: &Id| id.to_string();
    let show = |s: &str| p(s).describe(&targets, &ids);
    assert_eq!(show("72h after awareness"), "72 hours after awareness");
    assert_eq!(show("1h after awareness"), "1 hour after awareness");
    assert_eq!(show("3d after awareness"), "3 days after awareness");
    assert_eq!(show("1d after awareness"), "1 day after awareness");
    assert_eq!(show("90m after detection"), "90 minutes after detection");
    assert_eq!(
        show("4 working days after decision"),
        "4 working days after decision"
    );
    assert_eq!(
        show("1 month after notification"),
        "1 month after notification"
    );
    assert_eq!(
        show("without undue delay after awareness"),
        "without undue delay after awareness (our target: 24 hours)"
    );
    assert_eq!(
        show("immediately after detection"),
        "immediately after detection (our target: 1 hour)"
    );
    assert_eq!(
        show("4h after classification, at latest 24h after awareness"),
        "4 hours after classification, at latest 24 hours after awareness"
    );
    let custom = ClockTargets {
        without_undue_delay: crate::model::At::unplaced(Period::parse("2 working days").unwrap()),
        ..ClockTargets::default()
    };
    assert_eq!(
        p("without undue delay after awareness").describe(&custom, &ids),
        "without undue delay after awareness (our target: 2 working days)"
    );
    let titled = |id: &Id| format!("the {id}");
    assert_eq!(
        p("1 month after notification").describe(&targets, &titled),
        "1 month after the notification"
    );
}

#[test]
fn errors_say_what_is_wrong_and_show_an_example() {
    let cases: [(&str, &str); 21] = [
        ("", "it is empty"),
        ("0m after awareness", "zero"),
        ("0 months after notification", "zero"),
        ("-3h after awareness", "negative"),
        ("1.5h after awareness", "`90m`"),
        ("72 after awareness", "no unit"),
        ("72x after awareness", "`x` is not a unit"),
        ("72h awareness", "expected `after`"),
        ("72h after", "anchor is missing"),
        ("72h after Awareness", "lowercase"),
        ("72h after the notification", "one word"),
        (
            "72h after awareness of the breach",
            "unexpected `of the breach`",
        ),
        ("4 business days after decision", "`working days`"),
        ("2 weeks after awareness", "`14d`"),
        ("1 year after notification", "`12 months`"),
        ("30s after awareness", "seconds"),
        ("10000h after awareness", "too large"),
        ("without delay after awareness", "`without undue delay`"),
        (
            "4h after classification, at latest 24h after awareness, at latest 48h after detection",
            "at most one `at latest`",
        ),
        ("72h after awareness_time", "not an anchor"),
        ("within 72h of awareness", "`72h after awareness` for"),
    ];
    for (s, says) in cases {
        let e = err(s);
        assert!(e.contains(says), "`{s}`: {e}");
        assert!(e.contains("is not a deadline"), "`{s}`: {e}");
        assert!(
            e.contains("e.g.") || e.contains("lowercase"),
            "no example for `{s}`: {e}"
        );
    }
}

#[test]
fn periods_parse_alone_for_targets() {
    assert_eq!(
        Period::parse("24h").unwrap(),
        Period {
            count: 24,
            unit: Unit::Hours
        }
    );
    assert_eq!(
        Period::parse("2 working days").unwrap().to_string(),
        "2 working days"
    );
    for bad in ["", "0h", "24", "24h after awareness", "soon"] {
        let e = Period::parse(bad).unwrap_err();
        assert!(
            e.contains("is not a duration") && e.contains("e.g."),
            "{bad}: {e}"
        );
    }
}

#[test]
fn time_zones_come_from_the_bundled_database() {
    assert_eq!(
        TimeZoneName::parse("Europe/London").unwrap().as_str(),
        "Europe/London"
    );
    // Lookup ignores case; the database's spelling is kept, which Intl accepts too.
    assert_eq!(
        TimeZoneName::parse("america/new_york").unwrap().as_str(),
        "America/New_York"
    );
    assert_eq!(TimeZoneName::parse("UTC").unwrap(), TimeZoneName::utc());
    for bad in [
        "Europe/Lodnon",
        "",
        " Europe/London",
        "GMT+1:00",
        "Etc/Unknown",
        "+01:00",
    ] {
        let e = TimeZoneName::parse(bad).unwrap_err();
        assert!(
            e.contains("is not a time zone") && e.contains("e.g."),
            "{bad}: {e}"
        );
    }
}

#[test]
fn a_working_week_is_never_empty_and_defaults_to_monday_to_friday() {
    assert!(
        WorkingDays::new([])
            .unwrap_err()
            .contains("not a working week")
    );
    let d = WorkingDays::default();
    assert_eq!(
        d.days().map(Weekday::number).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
    let w = WorkingDays::new([Weekday::Sunday, Weekday::Thursday, Weekday::Sunday]).unwrap();
    assert_eq!(
        w.days().collect::<Vec<_>>(),
        [Weekday::Thursday, Weekday::Sunday]
    );
}
