//! `content/rota.yaml` (optional): who holds each role on duty, by rotation, with cover for
//! leave.
//!
//! Every time in a rota is a wall-clock time: a handover at Monday 09:00 stays at 09:00
//! across a change to summer time. The zone it is read in is irbook.yaml's `timezone`, or,
//! when the scheme sets none, the local time of whoever reads the page. [`arith`] holds the
//! arithmetic; `themes/default/scripts/rota.js` is its twin in JavaScript, and
//! tests/suite/rota_js.rs keeps the two equal.

pub mod arith;
#[cfg(test)]
mod tests;

use super::clock::Weekday;
use super::{At, Date, Id};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// The whole rota file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rota {
    /// How many weeks the printed rota lists, from the day the site was built (default 8).
    #[serde(default = "default_weeks")]
    pub weeks: At<u32>,
    /// One rotation per role.
    #[serde(default)]
    pub rotations: Vec<Rotation>,
}

fn default_weeks() -> At<u32> {
    At::unplaced(DEFAULT_WEEKS)
}

/// How many weeks the printed rota lists when rota.yaml does not say.
pub const DEFAULT_WEEKS: u32 = 8;

/// Who holds one role on duty, in turn.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rotation {
    /// The role (an id from contacts.yaml).
    pub role: At<Id>,
    /// The people who take turns, in order; each must hold the role. After the last, the
    /// first again.
    pub people: Vec<At<Id>>,
    /// How long each turn lasts: whole days or weeks, e.g. `1w`, `2w`, `1d`.
    pub period: At<RotaPeriod>,
    /// The day of the week turns change on; `start` must fall on it. Optional: a
    /// rotation of whole days hands over every day.
    #[serde(default)]
    pub handover_day: Option<At<Weekday>>,
    /// The wall-clock time turns change at, `HH:MM`, in irbook.yaml's `timezone` (the
    /// reader's local time when it sets none).
    pub handover_time: At<TimeOfDay>,
    /// The day the first turn (the first person's) begins, at the handover time.
    pub start: At<Date>,
    /// The last day of the rotation: it ends at the handover time of the day after.
    /// Optional; without it the rotation goes on.
    #[serde(default)]
    pub end: Option<At<Date>>,
    /// Cover for leave: who is on duty instead, over a range of days.
    #[serde(default)]
    pub overrides: Vec<Override>,
}

/// Someone covering a stretch of a rotation.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// The first duty day covered; a duty day begins at the handover time.
    pub from: At<Date>,
    /// The last duty day covered (inclusive): the cover ends at the handover time of the
    /// day after.
    pub to: At<Date>,
    /// Who covers (a person id from contacts.yaml, holding the role).
    pub person: At<Id>,
}

/// The length of a turn: a whole number of days or weeks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RotaPeriod {
    /// The number as written.
    pub count: u32,
    /// Weeks (`w`) rather than days (`d`).
    pub weeks: bool,
}

impl RotaPeriod {
    /// Parses `1w`, `2w`, `7d`, `1d`.
    pub fn parse(s: &str) -> Result<RotaPeriod, String> {
        let bad = || {
            format!(
                "`{s}` is not a duration for a rota turn: write whole days or weeks, e.g. `1w`, `2w` or `1d`"
            )
        };
        let (num, unit) = s.split_at(s.len().saturating_sub(1));
        let weeks = match unit {
            "w" => true,
            "d" => false,
            _ => return Err(bad()),
        };
        if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let count: u32 = num.parse().map_err(|_| bad())?;
        // A turn longer than ten years is a mistake, and keeps the arithmetic small.
        if count == 0 || (if weeks { count > 520 } else { count > 3650 }) {
            return Err(bad());
        }
        Ok(RotaPeriod { count, weeks })
    }

    /// The length in days.
    pub fn days(self) -> i64 {
        i64::from(self.count) * if self.weeks { 7 } else { 1 }
    }
}

impl fmt::Display for RotaPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.count, if self.weeks { "w" } else { "d" })
    }
}

/// A wall-clock time of day, `HH:MM` (24-hour).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeOfDay {
    /// Minutes after midnight, 0 to 1439.
    pub minutes: u32,
}

impl TimeOfDay {
    /// Parses `HH:MM`, e.g. `09:00`, `17:30`.
    pub fn parse(s: &str) -> Result<TimeOfDay, String> {
        let bad = || format!("`{s}` is not a time of day: expected HH:MM (24-hour), e.g. `09:00`");
        let b = s.as_bytes();
        if b.len() != 5
            || b[2] != b':'
            || !s[..2]
                .bytes()
                .chain(s[3..].bytes())
                .all(|c| c.is_ascii_digit())
        {
            return Err(bad());
        }
        let (h, m): (u32, u32) = (
            s[..2].parse().map_err(|_| bad())?,
            s[3..].parse().map_err(|_| bad())?,
        );
        if h > 23 || m > 59 {
            return Err(bad());
        }
        Ok(TimeOfDay {
            minutes: h * 60 + m,
        })
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.minutes / 60, self.minutes % 60)
    }
}

macro_rules! string_type {
    ($t:ty, $name:literal, $pattern:literal, $desc:literal) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                <$t>::parse(&s).map_err(serde::de::Error::custom)
            }
        }

        impl JsonSchema for $t {
            fn schema_name() -> Cow<'static, str> {
                $name.into()
            }

            fn schema_id() -> Cow<'static, str> {
                concat!(module_path!(), "::", $name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "type": "string",
                    "pattern": $pattern,
                    "description": $desc,
                })
            }
        }
    };
}

string_type!(
    RotaPeriod,
    "RotaPeriod",
    "^[0-9]+[dw]$",
    "A whole number of days or weeks, e.g. `1w`, `2w`, `1d`."
);
string_type!(
    TimeOfDay,
    "TimeOfDay",
    "^([01][0-9]|2[0-3]):[0-5][0-9]$",
    "A wall-clock time of day, HH:MM (24-hour), e.g. `09:00`."
);

impl Rotation {
    /// The rotation as arithmetic, and its roster: everyone it names, each once, in order
    /// (the people taking turns, then those who only cover); the plan names people by
    /// their place in the roster.
    pub fn plan(&self) -> (Vec<&Id>, arith::Plan) {
        let mut roster: Vec<&Id> = Vec::new();
        let people: Vec<usize> = self
            .people
            .iter()
            .map(|p| place_in(&mut roster, &p.value))
            .collect();
        let time = i64::from(self.handover_time.value.minutes);
        let at = |d: Date| arith::Wall::at(d, time);
        let after = |d: Date| at(Date::from_days_since_epoch(d.days_since_epoch() + 1));
        let covers = self
            .overrides
            .iter()
            .map(|o| arith::Cover {
                from: at(o.from.value),
                to: after(o.to.value),
                person: place_in(&mut roster, &o.person.value),
            })
            .collect();
        let plan = arith::Plan {
            start: at(self.start.value),
            period: self.period.value.days() * arith::DAY,
            people,
            end: self.end.as_ref().map(|e| after(e.value)),
            covers,
        };
        (roster, plan)
    }
}

/// The place of `id` in `roster`, added at the end when it is not there yet.
fn place_in<'a>(roster: &mut Vec<&'a Id>, id: &'a Id) -> usize {
    match roster.iter().position(|r| *r == id) {
        Some(i) => i,
        None => {
            roster.push(id);
            roster.len() - 1
        }
    }
}
