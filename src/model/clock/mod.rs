//! Notification clocks: the deadline grammar of obligation stages, the scheme's calendar, and
//! the arithmetic that turns both into due instants.
//!
//! It sits in `model` because it is pure computation over the model's own types, with no
//! files, checks or rendering: every stage above (check rules, pages, exercise scoring, the
//! offline calculator's data) can use it, as the layering allows.
//! `themes/default/scripts/deadlines.js` (published with the deadline calculator) is its twin in JavaScript, fed by [`wire`], and
//! tests/suite/deadlines_js.rs keeps the two equal.

mod applies;
mod calendar;
mod deadline;
mod engine;
pub mod wire;

#[cfg(test)]
mod engine_tests;
#[cfg(test)]
mod parse_tests;

pub use applies::{Condition, Situation};
pub use calendar::{Calendar, ClockTargets, TimeZoneName, Weekday, WorkingDays};
pub use deadline::{Anchor, Deadline, Delay, MAX_COUNT, Period, Term, Unit, Vague};
pub use engine::{Due, Moments, StageDue, TermDue, anchor_time, describe_need};
