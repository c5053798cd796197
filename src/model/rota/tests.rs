//! Rota arithmetic by hand: a weekly rotation of three, handing over on Mondays at 09:00,
//! with a week of leave covered.

use super::arith::{DAY, Plan, Shift, Wall};
use super::{Rota, RotaPeriod, TimeOfDay};
use crate::model::Date;

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// `YYYY-MM-DD HH:MM` as a wall-clock time.
fn w(s: &str) -> Wall {
    let (day, time) = s.split_once(' ').unwrap();
    Wall::at(d(day), i64::from(TimeOfDay::parse(time).unwrap().minutes))
}

const YAML: &str = "
rotations:
  - role: isirt-lead
    people: [ann, bob, cat]
    period: 1w
    handover_day: monday
    handover_time: \"09:00\"
    start: 2026-11-02
    overrides:
      - from: 2026-11-23
        to: 2026-11-29
        person: dan
";

fn plan() -> (Vec<String>, Plan) {
    let rota: Rota = serde_saphyr::from_str(YAML).unwrap();
    let (roster, plan) = rota.rotations[0].plan();
    (roster.iter().map(|i| i.to_string()).collect(), plan)
}

fn who(t: &str) -> Option<String> {
    let (roster, plan) = plan();
    plan.on_duty(w(t)).map(|i| roster[i].clone())
}

#[test]
fn parses_periods_and_times() {
    assert_eq!(RotaPeriod::parse("1w").unwrap().days(), 7);
    assert_eq!(RotaPeriod::parse("2w").unwrap().days(), 14);
    assert_eq!(RotaPeriod::parse("3d").unwrap().days(), 3);
    for bad in ["", "w", "0w", "1h", "1.5w", "-1d", "1 w", "9999w"] {
        assert!(RotaPeriod::parse(bad).is_err(), "{bad}");
    }
    assert_eq!(TimeOfDay::parse("09:30").unwrap().minutes, 570);
    assert_eq!(TimeOfDay::parse("23:59").unwrap().minutes, 1439);
    for bad in ["9:00", "24:00", "09:60", "0900", "09:00 "] {
        assert!(TimeOfDay::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn wall_times_know_their_day() {
    // 2026-11-02 is a Monday; 1970-01-01 a Thursday.
    assert_eq!(w("2026-11-02 09:00").weekday(), 0);
    assert_eq!(Wall(0).weekday(), 3);
    assert_eq!(w("2026-11-02 09:00").describe(), "Mon 2 Nov 2026, 09:00");
    assert_eq!(w("2026-11-02 09:00").0 % DAY, 540);
}

#[test]
fn turns_change_hands_at_the_handover() {
    // Before the first handover no one is on duty.
    assert_eq!(who("2026-11-02 08:59"), None);
    // Ann's week: Mon 2 Nov 09:00 to Mon 9 Nov 09:00.
    assert_eq!(who("2026-11-02 09:00").as_deref(), Some("ann"));
    assert_eq!(who("2026-11-09 08:59").as_deref(), Some("ann"));
    // Bob takes over at 09:00 on the Monday, not at midnight.
    assert_eq!(who("2026-11-09 00:00").as_deref(), Some("ann"));
    assert_eq!(who("2026-11-09 09:00").as_deref(), Some("bob"));
    assert_eq!(who("2026-11-16 09:00").as_deref(), Some("cat"));
    // Week 4 would be Ann's again (23 Nov): the override gives it to Dan.
    // Week 5 (30 Nov) is Bob's: the rotation counts on through the cover.
    assert_eq!(who("2026-11-30 09:00").as_deref(), Some("bob"));
    // A year on: (2027-11-01 - 2026-11-02) = 364 days = 52 weeks; 52 % 3 = 1, Bob.
    assert_eq!(who("2027-11-01 09:00").as_deref(), Some("bob"));
    assert_eq!(who("2027-11-01 08:59").as_deref(), Some("ann"));
}

#[test]
fn an_override_covers_whole_duty_days() {
    // The cover runs from the handover time of its first day to the handover time of
    // the day after its last: Mon 23 Nov 09:00 to Mon 30 Nov 09:00.
    assert_eq!(who("2026-11-23 08:59").as_deref(), Some("cat"));
    assert_eq!(who("2026-11-23 09:00").as_deref(), Some("dan"));
    assert_eq!(who("2026-11-29 23:59").as_deref(), Some("dan"));
    assert_eq!(who("2026-11-30 08:59").as_deref(), Some("dan"));
    assert_eq!(who("2026-11-30 09:00").as_deref(), Some("bob"));
}

#[test]
fn next_change_and_shifts() {
    let (roster, plan) = plan();
    assert_eq!(
        plan.next_change(w("2026-10-01 00:00")),
        Some(w("2026-11-02 09:00"))
    );
    assert_eq!(
        plan.next_change(w("2026-11-02 09:00")),
        Some(w("2026-11-09 09:00"))
    );
    assert_eq!(
        plan.next_change(w("2026-11-20 12:00")),
        Some(w("2026-11-23 09:00"))
    );
    let shifts = plan.shifts(w("2026-11-16 00:00"), w("2026-12-01 00:00"));
    let named: Vec<(Wall, Wall, Option<&str>, bool)> = shifts
        .iter()
        .map(
            |Shift {
                 from,
                 to,
                 person,
                 cover,
             }| { (*from, *to, person.map(|p| roster[p].as_str()), *cover) },
        )
        .collect();
    assert_eq!(
        named,
        vec![
            (
                w("2026-11-16 00:00"),
                w("2026-11-16 09:00"),
                Some("bob"),
                false
            ),
            (
                w("2026-11-16 09:00"),
                w("2026-11-23 09:00"),
                Some("cat"),
                false
            ),
            (
                w("2026-11-23 09:00"),
                w("2026-11-30 09:00"),
                Some("dan"),
                true
            ),
            (
                w("2026-11-30 09:00"),
                w("2026-12-01 00:00"),
                Some("bob"),
                false
            ),
        ]
    );
}

#[test]
fn an_end_leaves_a_gap_and_a_later_cover_wins() {
    let (_, mut plan) = plan();
    plan.end = Some(w("2026-11-16 09:00"));
    assert_eq!(plan.on_duty(w("2026-11-16 08:59")), Some(1));
    assert_eq!(plan.on_duty(w("2026-11-16 09:00")), None);
    assert_eq!(
        plan.next_change(w("2026-11-10 00:00")),
        Some(w("2026-11-16 09:00"))
    );
    // The cover still holds after the end: Dan is on duty for his week.
    assert_eq!(plan.on_duty(w("2026-11-24 09:00")), Some(3));
    plan.covers.push(super::arith::Cover {
        from: w("2026-11-25 09:00"),
        to: w("2026-11-26 09:00"),
        person: 0,
    });
    assert_eq!(plan.on_duty(w("2026-11-25 10:00")), Some(0));
    assert_eq!(plan.on_duty(w("2026-11-26 10:00")), Some(3));
}

#[test]
fn instants_become_wall_clock_time_in_the_zone() {
    let london = jiff::tz::db().get("Europe/London").unwrap();
    // 2026-07-01T08:00Z is 09:00 in London (summer time); 2026-12-01T09:00Z is 09:00 too.
    let summer = jiff::Timestamp::from_second(1_782_892_800).unwrap();
    assert_eq!(summer.to_string(), "2026-07-01T08:00:00Z");
    assert_eq!(
        Wall::of_instant(summer.as_millisecond(), &london),
        Some(w("2026-07-01 09:00"))
    );
    let winter: jiff::Timestamp = "2026-12-01T09:00:30Z".parse().unwrap();
    assert_eq!(
        Wall::of_instant(winter.as_millisecond(), &london),
        Some(w("2026-12-01 09:00"))
    );
}
