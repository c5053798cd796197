//! The JSON shape `deadlines.js` computes on, and the shape of its results.
//!
//! Rust writes the calendar and the parsed deadlines (vague terms already resolved to the
//! scheme's targets, display text already made), so the JavaScript needs no parser; both
//! engines give their results in [`WireDue`], which is what the agreement test compares.
//! Instants are milliseconds since 1970-01-01T00:00:00Z.

use super::calendar::{Calendar, ClockTargets};
use super::deadline::{Anchor, Deadline, Delay, Unit, Vague};
use super::engine::{Due, Moments, StageDue, TermDue};
use crate::model::Id;
use jiff::Timestamp;
use serde::Serialize;
use std::collections::BTreeMap;

/// The calendar: `timezone` (IANA), `working_days` (ISO numbers, Monday 1 to Sunday 7) and
/// `holidays` (`YYYY-MM-DD`).
#[derive(Clone, Debug, Serialize)]
pub struct WireCalendar {
    /// IANA time zone name.
    pub timezone: String,
    /// ISO weekday numbers of the working days.
    pub working_days: Vec<u8>,
    /// Holidays as `YYYY-MM-DD`, in order.
    pub holidays: Vec<String>,
}

impl WireCalendar {
    /// The calendar as `deadlines.js` reads it.
    pub fn new(cal: &Calendar) -> WireCalendar {
        WireCalendar {
            timezone: cal.zone.as_str().to_owned(),
            working_days: cal.working_days.days().map(|d| d.number()).collect(),
            holidays: cal.holidays.iter().map(ToString::to_string).collect(),
        }
    }
}

/// What a term counts from: `{"moment": "awareness"}` or `{"stage": "notification"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WireAnchor {
    /// awareness, detection, classification or decision.
    Moment(String),
    /// The completion of a stage of the same obligation.
    Stage(String),
}

impl WireAnchor {
    fn new(a: &Anchor) -> WireAnchor {
        match a {
            Anchor::Stage(id) => WireAnchor::Stage(id.to_string()),
            m => WireAnchor::Moment(m.as_str().to_owned()),
        }
    }
}

/// One term: `count` `unit` after `anchor`; `vague` names the legal term a target stands for.
#[derive(Clone, Debug, Serialize)]
pub struct WireTerm {
    /// How many units.
    pub count: u32,
    /// `minutes`, `hours`, `days`, `working-days` or `months`.
    pub unit: Unit,
    /// `without-undue-delay` or `immediately` when the period is the scheme's target for it.
    pub vague: Option<Vague>,
    /// What the term counts from.
    pub anchor: WireAnchor,
}

/// A stage and its deadline.
#[derive(Clone, Debug, Serialize)]
pub struct WireStage {
    /// Stage id.
    pub id: String,
    /// One or two terms; the earliest counts.
    pub terms: Vec<WireTerm>,
    /// The deadline in words, e.g. "72 hours after awareness".
    pub text: String,
}

impl WireStage {
    /// A stage for `deadlines.js`; `stage_name` names stage anchors in the text.
    pub fn new(
        id: &Id,
        deadline: &Deadline,
        targets: &ClockTargets,
        stage_name: &dyn Fn(&Id) -> String,
    ) -> WireStage {
        let terms = deadline
            .terms()
            .map(|t| {
                let (period, vague) = match t.delay {
                    Delay::Period(p) => (p, None),
                    Delay::Vague(v) => (targets.target(v), Some(v)),
                };
                WireTerm {
                    count: period.count,
                    unit: period.unit,
                    vague,
                    anchor: WireAnchor::new(&t.anchor),
                }
            })
            .collect();
        WireStage {
            id: id.to_string(),
            terms,
            text: deadline.describe(targets, stage_name),
        }
    }
}

/// The moments known, in milliseconds (`null` when unknown).
#[derive(Clone, Copy, Debug, Serialize)]
pub struct WireMoments {
    /// When the organisation became aware.
    pub awareness: Option<i64>,
    /// When the event was detected.
    pub detection: Option<i64>,
    /// When the incident was classified.
    pub classification: Option<i64>,
    /// When the decision was taken.
    pub decision: Option<i64>,
}

impl WireMoments {
    /// The moments in milliseconds.
    pub fn new(m: &Moments) -> WireMoments {
        let ms = |t: Option<Timestamp>| t.map(|t| t.as_millisecond());
        WireMoments {
            awareness: ms(m.awareness),
            detection: ms(m.detection),
            classification: ms(m.classification),
            decision: ms(m.decision),
        }
    }
}

/// The completion instants of stages, by stage id, in milliseconds.
pub fn wire_done(done: &BTreeMap<Id, Timestamp>) -> BTreeMap<String, i64> {
    done.iter()
        .map(|(id, t)| (id.to_string(), t.as_millisecond()))
        .collect()
}

/// One term's result: `at` when known, else `needs` (the anchor missing) or `out_of_range`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WireTermDue {
    /// Due instant in milliseconds.
    pub at: Option<i64>,
    /// The anchor whose time is missing.
    pub needs: Option<WireAnchor>,
    /// The result lies beyond the year 9999.
    pub out_of_range: bool,
}

/// A stage's result, as both engines give it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WireDue {
    /// Stage id.
    pub id: String,
    /// Due instant in milliseconds, exact or at latest; `null` when unknown.
    pub due: Option<i64>,
    /// Is `due` exact (rather than an upper bound while an anchor is missing)?
    pub exact: bool,
    /// Index of the term that sets `due`.
    pub term: Option<usize>,
    /// Each term's result, in written order.
    pub terms: Vec<WireTermDue>,
}

impl WireDue {
    /// The JSON form of a stage's result.
    pub fn new(id: &Id, d: &StageDue) -> WireDue {
        let terms = d
            .terms
            .iter()
            .map(|t| match t {
                TermDue::At(at) => WireTermDue {
                    at: Some(at.as_millisecond()),
                    needs: None,
                    out_of_range: false,
                },
                TermDue::Needs(a) => WireTermDue {
                    at: None,
                    needs: Some(WireAnchor::new(a)),
                    out_of_range: false,
                },
                TermDue::OutOfRange => WireTermDue {
                    at: None,
                    needs: None,
                    out_of_range: true,
                },
            })
            .collect();
        let (due, exact, term) = match d.due {
            Due::Exact { at, term } => (Some(at.as_millisecond()), true, Some(term)),
            Due::NoLaterThan { at, term } => (Some(at.as_millisecond()), false, Some(term)),
            Due::Unknown => (None, false, None),
        };
        WireDue {
            id: id.to_string(),
            due,
            exact,
            term,
            terms,
        }
    }
}
