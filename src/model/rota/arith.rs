//! Rota arithmetic on wall-clock time: who is on duty at a moment, when that next changes,
//! and the turns over a stretch of time.
//!
//! `themes/default/scripts/rota.js` computes the same (`onDuty`, `nextChange`) from the JSON
//! of [`wire`]; tests/suite/rota_js.rs runs both on the same instants.

use crate::model::Date;
use serde::Serialize;

/// Minutes in a day.
pub const DAY: i64 = 1440;

/// A wall-clock time: minutes since 1970-01-01 00:00 on the calendar, in no zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Wall(pub i64);

impl Wall {
    /// `minutes` after midnight of `date`.
    pub fn at(date: Date, minutes: i64) -> Wall {
        Wall(date.days_since_epoch() * DAY + minutes)
    }

    /// The wall-clock time in `zone` of the instant `ms` (milliseconds since
    /// 1970-01-01T00:00:00Z), to the minute, rounded down.
    pub fn of_instant(ms: i64, zone: &jiff::tz::TimeZone) -> Option<Wall> {
        let ts = jiff::Timestamp::from_millisecond(ms).ok()?;
        let offset = zone.to_offset(ts).seconds();
        let local_secs = ts.as_second() + i64::from(offset);
        Some(Wall(local_secs.div_euclid(60)))
    }

    /// The calendar day.
    pub fn date(self) -> Date {
        Date::from_days_since_epoch(self.0.div_euclid(DAY))
    }

    /// Minutes after midnight.
    pub fn minute_of_day(self) -> i64 {
        self.0.rem_euclid(DAY)
    }

    /// The day of the week, Monday 0 to Sunday 6 (1970-01-01 was a Thursday).
    pub fn weekday(self) -> usize {
        (self.0.div_euclid(DAY) + 3).rem_euclid(7) as usize
    }

    /// As a reader sees it: `Mon 7 Dec 2026, 09:00`.
    pub fn describe(self) -> String {
        const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let d = self.date();
        let m = self.minute_of_day();
        format!(
            "{} {} {} {}, {:02}:{:02}",
            DAYS[self.weekday()],
            d.day,
            MONTHS[(d.month - 1) as usize],
            d.year,
            m / 60,
            m % 60
        )
    }
}

/// Someone covering a stretch: on duty from `from` (inclusive) to `to` (exclusive).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cover {
    /// When the cover begins.
    pub from: Wall,
    /// When it ends.
    pub to: Wall,
    /// Who covers: a place in the rotation's roster.
    pub person: usize,
}

/// One rotation as arithmetic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// The first handover: turn 0 begins.
    pub start: Wall,
    /// The length of a turn in minutes (a whole number of days).
    pub period: i64,
    /// Who takes each turn, in order, as places in the roster; turn k is
    /// `people[k % people.len()]`.
    pub people: Vec<usize>,
    /// When the rotation stops, if it does.
    pub end: Option<Wall>,
    /// Cover for leave; where two overlap, the later one listed wins.
    pub covers: Vec<Cover>,
}

/// A stretch of time with one person on duty (or no one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Shift {
    /// When it begins.
    pub from: Wall,
    /// When it ends.
    pub to: Wall,
    /// Who is on duty, as a place in the roster; `None` for a gap.
    pub person: Option<usize>,
    /// Is this someone covering (an override) rather than the rotation's turn?
    pub cover: bool,
}

impl Plan {
    /// The cover in force at `t`, if any: the last listed that holds `t`.
    fn cover_at(&self, t: Wall) -> Option<&Cover> {
        self.covers.iter().rev().find(|c| c.from <= t && t < c.to)
    }

    /// The rotation's own turn at `t` (covers aside): its person, or `None` outside the
    /// rotation's time or when it has no one.
    fn turn_at(&self, t: Wall) -> Option<usize> {
        if t < self.start || self.end.is_some_and(|e| t >= e) || self.people.is_empty() {
            return None;
        }
        let k = (t.0 - self.start.0).div_euclid(self.period.max(1));
        let n = self.people.len() as i64;
        self.people.get(k.rem_euclid(n) as usize).copied()
    }

    /// Who is on duty at `t`: a place in the roster, or `None` when no one is.
    pub fn on_duty(&self, t: Wall) -> Option<usize> {
        match self.cover_at(t) {
            Some(c) => Some(c.person),
            None => self.turn_at(t),
        }
    }

    /// Is `t` covered by an override?
    pub fn covered(&self, t: Wall) -> bool {
        self.cover_at(t).is_some()
    }

    /// The first moment after `t` at which a turn changes hands or a cover begins or
    /// ends; `None` when nothing changes after `t` any more.
    pub fn next_change(&self, t: Wall) -> Option<Wall> {
        let mut best: Option<Wall> = None;
        let mut consider = |w: Wall| {
            if w > t && best.is_none_or(|b| w < b) {
                best = Some(w);
            }
        };
        if !self.people.is_empty() {
            if t < self.start {
                consider(self.start);
            } else {
                let p = self.period.max(1);
                let k = (t.0 - self.start.0).div_euclid(p);
                let next = Wall(self.start.0 + (k + 1) * p);
                if self.end.is_none_or(|e| next < e) {
                    consider(next);
                }
            }
            if let Some(e) = self.end {
                consider(e);
            }
        }
        for c in &self.covers {
            consider(c.from);
            consider(c.to);
        }
        best
    }

    /// The turns from `from` to `to`, each handover and each cover's edge a boundary;
    /// stretches with no one on duty are shifts with no person.
    pub fn shifts(&self, from: Wall, to: Wall) -> Vec<Shift> {
        let mut out = Vec::new();
        let mut t = from;
        while t < to {
            let next = self.next_change(t).map_or(to, |n| n.min(to));
            out.push(Shift {
                from: t,
                to: next,
                person: self.on_duty(t),
                cover: self.covered(t),
            });
            t = next;
        }
        out
    }
}

/// The JSON `rota.js` computes on: the same plan, times as wall-clock minutes.
pub mod wire {
    use super::Plan;
    use serde::Serialize;

    /// A rotation for the browser: its role, its roster's names and its plan.
    #[derive(Clone, Debug, Serialize)]
    pub struct WireRotation {
        /// The role's anchor on the contacts page, `role-ID`: the key the page's slots use.
        pub role: String,
        /// The roster's names as the edition may show them.
        pub names: Vec<String>,
        /// The arithmetic.
        pub plan: Plan,
    }

    /// Everything the on-duty script needs.
    #[derive(Clone, Debug, Serialize)]
    pub struct WireRota {
        /// The IANA zone handover times are in; `None`: the reader's local time.
        pub zone: Option<String>,
        /// The rotations the edition shows.
        pub rotations: Vec<WireRotation>,
    }
}
