//! Deadline arithmetic: when each stage of an obligation falls due, given the moments known.
//!
//! Elapsed units (minutes, hours) add exact time to an instant. Calendar units (days,
//! working days, months) work on the local wall-clock time in the scheme's zone and keep it;
//! a local time that does not exist (the spring-forward gap) moves forward by the gap, and
//! one that happens twice (the fall-back fold) takes the earlier instant: jiff's and
//! Temporal's "compatible" disambiguation. `deadlines.js` implements the same rules.

use super::calendar::Calendar;
use super::deadline::{Anchor, Deadline, Delay, Period, Term, Unit};
use crate::model::Id;
use jiff::civil::{Date, DateTime};
use jiff::{SignedDuration, Timestamp};
use std::collections::BTreeMap;

/// The moments of an incident that clocks run from; any may be unknown yet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Moments {
    /// When the organisation became aware.
    pub awareness: Option<Timestamp>,
    /// When the event was detected.
    pub detection: Option<Timestamp>,
    /// When the incident was classified.
    pub classification: Option<Timestamp>,
    /// When the decision a clock runs from was taken.
    pub decision: Option<Timestamp>,
}

/// When an anchor happened: a moment of the incident, or when an earlier stage was completed.
pub fn anchor_time(
    anchor: &Anchor,
    moments: &Moments,
    done: &BTreeMap<Id, Timestamp>,
) -> Option<Timestamp> {
    match anchor {
        Anchor::Awareness => moments.awareness,
        Anchor::Detection => moments.detection,
        Anchor::Classification => moments.classification,
        Anchor::Decision => moments.decision,
        Anchor::Stage(id) => done.get(id).copied(),
    }
}

/// The result of one term of a deadline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TermDue {
    /// The term falls due at this instant.
    At(Timestamp),
    /// Its anchor is not known yet: a moment not entered, or a stage not completed.
    Needs(Anchor),
    /// The result lies beyond the calendar irbook can count in (after the year 9999).
    OutOfRange,
}

/// When a stage falls due, from its terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    /// Every term is known (or beyond the calendar): due at `at`, set by term `term` (0-based).
    Exact {
        /// The due instant.
        at: Timestamp,
        /// Index of the term that sets it, in written order.
        term: usize,
    },
    /// The `at latest` term is known but the other is not: due at `at` at the latest, and
    /// possibly earlier once the missing anchor is known.
    NoLaterThan {
        /// The latest the stage can be due.
        at: Timestamp,
        /// Index of the term that sets it.
        term: usize,
    },
    /// No term can be computed yet.
    Unknown,
}

impl Due {
    /// The due instant, exact or at latest, if any.
    pub fn at(self) -> Option<Timestamp> {
        match self {
            Due::Exact { at, .. } | Due::NoLaterThan { at, .. } => Some(at),
            Due::Unknown => None,
        }
    }
}

/// A stage's deadline worked out: each term, and the stage's due instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageDue {
    /// One result per term of the deadline, in written order.
    pub terms: Vec<TermDue>,
    /// The earliest of the known terms.
    pub due: Due,
}

impl StageDue {
    /// The anchors still needed to know the due instant exactly, in term order.
    pub fn needs(&self) -> Vec<&Anchor> {
        self.terms
            .iter()
            .filter_map(|t| match t {
                TermDue::Needs(a) => Some(a),
                _ => None,
            })
            .collect()
    }
}

/// What an anchor still needed is called in a sentence: "the classification time",
/// "the time stage `notification` was completed".
pub fn describe_need(anchor: &Anchor) -> String {
    match anchor {
        Anchor::Stage(id) => format!("the time stage `{id}` was completed"),
        a => format!("the {a} time"),
    }
}

impl Calendar {
    /// The instant `period` after `from`; `None` beyond the calendar (after the year 9999).
    pub fn add(&self, from: Timestamp, period: Period) -> Option<Timestamp> {
        let n = i64::from(period.count);
        match period.unit {
            Unit::Minutes => from.checked_add(SignedDuration::from_mins(n)).ok(),
            Unit::Hours => from.checked_add(SignedDuration::from_hours(n)).ok(),
            Unit::Days | Unit::WorkingDays | Unit::Months => {
                let local = self.zone.zone().to_datetime(from);
                let date = match period.unit {
                    Unit::Days => local.date().checked_add(jiff::Span::new().days(n)).ok()?,
                    Unit::WorkingDays => self.add_working_days(local.date(), n)?,
                    _ => add_months(local.date(), n)?,
                };
                self.instant(date.to_datetime(local.time()))
            }
        }
    }

    /// The instant of a local wall-clock time: a time in a gap moves forward by the gap, a time
    /// in a fold takes the earlier instant.
    pub fn instant(&self, local: DateTime) -> Option<Timestamp> {
        self.zone
            .zone()
            .to_ambiguous_timestamp(local)
            .compatible()
            .ok()
    }

    /// The `n`th working day after `day` (a working day of the week that is not a holiday).
    fn add_working_days(&self, mut day: Date, n: i64) -> Option<Date> {
        let mut left = n;
        while left > 0 {
            day = day.tomorrow().ok()?;
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        Some(day)
    }

    /// When one term falls due.
    pub fn term_due(
        &self,
        term: &Term,
        moments: &Moments,
        done: &BTreeMap<Id, Timestamp>,
    ) -> TermDue {
        let Some(from) = anchor_time(&term.anchor, moments, done) else {
            return TermDue::Needs(term.anchor.clone());
        };
        let period = match term.delay {
            Delay::Period(p) => p,
            Delay::Vague(v) => self.targets.target(v),
        };
        match self.add(from, period) {
            Some(at) => TermDue::At(at),
            None => TermDue::OutOfRange,
        }
    }

    /// When a stage with `deadline` falls due: the earliest of its terms.
    ///
    /// `done` holds the completion instants of the obligation's stages known so far; a term
    /// anchored on a stage not in it is unknown.
    pub fn stage_due(
        &self,
        deadline: &Deadline,
        moments: &Moments,
        done: &BTreeMap<Id, Timestamp>,
    ) -> StageDue {
        let terms: Vec<TermDue> = deadline
            .terms()
            .map(|t| self.term_due(t, moments, done))
            .collect();
        let earliest = terms
            .iter()
            .enumerate()
            .filter_map(|(i, t)| match t {
                TermDue::At(at) => Some((*at, i)),
                _ => None,
            })
            .min();
        let missing = terms.iter().any(|t| matches!(t, TermDue::Needs(_)));
        let due = match earliest {
            None => Due::Unknown,
            Some((at, term)) if missing => Due::NoLaterThan { at, term },
            Some((at, term)) => Due::Exact { at, term },
        };
        StageDue { terms, due }
    }
}

/// `date` plus `n` calendar months, the day clamped to the last day of a shorter month.
fn add_months(date: Date, n: i64) -> Option<Date> {
    let index = i64::from(date.year()) * 12 + i64::from(date.month() - 1) + n;
    let year = i16::try_from(index.div_euclid(12)).ok()?;
    let month = (index.rem_euclid(12) + 1) as i8;
    let first = Date::new(year, month, 1).ok()?;
    Date::new(year, month, date.day().min(first.days_in_month())).ok()
}
