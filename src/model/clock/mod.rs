//! Notification clocks: the deadline grammar of obligation stages and the scheme's calendar
//! settings.

mod calendar;
mod deadline;

#[cfg(test)]
mod parse_tests;

pub use calendar::{ClockTargets, TimeZoneName, Weekday, WorkingDays};
pub use deadline::{Anchor, Deadline, Delay, MAX_COUNT, Period, Term, Unit, Vague};
