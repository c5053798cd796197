//! The scheme's calendar for notification clocks, from `irbook.yaml`: time zone, working
//! week, holidays and the targets that stand for vague legal terms.

use super::deadline::{Period, Unit, Vague};
use crate::model::{At, Date};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt;

/// An IANA time zone name, checked against irbook's bundled time zone database.
///
/// The database is compiled in (jiff's bundled tzdb), never read from the machine, so the
/// same scheme gives the same deadlines on every machine, with or without /usr/share/zoneinfo.
#[derive(Clone)]
pub struct TimeZoneName {
    name: String,
    zone: jiff::tz::TimeZone,
}

impl TimeZoneName {
    /// Looks `s` up in the bundled database, e.g. `Europe/London`, `UTC`.
    pub fn parse(s: &str) -> Result<TimeZoneName, String> {
        let bad = || {
            format!(
                "`{s}` is not a time zone irbook knows: write an IANA time zone name, e.g. `Europe/London`, `America/New_York` or `UTC`"
            )
        };
        if s.trim() != s || s.is_empty() {
            return Err(bad());
        }
        let zone = jiff::tz::db().get(s).map_err(|_| bad())?;
        // The database answers this name with a zone of no rules; it is no place's time.
        if zone.is_unknown() {
            return Err(bad());
        }
        // The database's own spelling, which browsers' Intl accepts too.
        let name = zone.iana_name().unwrap_or(s).to_owned();
        Ok(TimeZoneName { name, zone })
    }

    /// Coordinated Universal Time, the default.
    pub fn utc() -> TimeZoneName {
        TimeZoneName {
            name: "UTC".into(),
            zone: jiff::tz::TimeZone::UTC,
        }
    }

    /// The name as the database spells it.
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// The zone's rules.
    pub fn zone(&self) -> &jiff::tz::TimeZone {
        &self.zone
    }
}

impl fmt::Debug for TimeZoneName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TimeZoneName({:?})", self.name)
    }
}

impl PartialEq for TimeZoneName {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Serialize for TimeZoneName {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name)
    }
}

impl<'de> Deserialize<'de> for TimeZoneName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        TimeZoneName::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for TimeZoneName {
    fn schema_name() -> Cow<'static, str> {
        "TimeZoneName".into()
    }

    fn schema_id() -> Cow<'static, str> {
        concat!(module_path!(), "::TimeZoneName").into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An IANA time zone name, e.g. `Europe/London`, `America/New_York` or `UTC`.",
            "type": "string",
        })
    }
}

/// A day of the week.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    /// Monday.
    Monday,
    /// Tuesday.
    Tuesday,
    /// Wednesday.
    Wednesday,
    /// Thursday.
    Thursday,
    /// Friday.
    Friday,
    /// Saturday.
    Saturday,
    /// Sunday.
    Sunday,
}

impl Weekday {
    /// ISO 8601 number: Monday 1 to Sunday 7.
    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    /// The day of the week of a date.
    pub fn of(d: jiff::civil::Date) -> Weekday {
        use jiff::civil::Weekday as W;
        match d.weekday() {
            W::Monday => Weekday::Monday,
            W::Tuesday => Weekday::Tuesday,
            W::Wednesday => Weekday::Wednesday,
            W::Thursday => Weekday::Thursday,
            W::Friday => Weekday::Friday,
            W::Saturday => Weekday::Saturday,
            W::Sunday => Weekday::Sunday,
        }
    }
}

/// The days of the week that count as working days; never empty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct WorkingDays(#[schemars(length(min = 1))] BTreeSet<Weekday>);

impl WorkingDays {
    /// Makes a working week, refusing an empty one (working-day deadlines would never fall due).
    pub fn new(days: impl IntoIterator<Item = Weekday>) -> Result<WorkingDays, String> {
        let set: BTreeSet<Weekday> = days.into_iter().collect();
        if set.is_empty() {
            return Err("an empty list is not a working week: list at least one day, e.g. [monday, tuesday, wednesday, thursday, friday]".into());
        }
        Ok(WorkingDays(set))
    }

    /// Is `day` a working day of the week (holidays aside)?
    pub fn contains(&self, day: Weekday) -> bool {
        self.0.contains(&day)
    }

    /// The days, Monday first.
    pub fn days(&self) -> impl Iterator<Item = Weekday> + '_ {
        self.0.iter().copied()
    }
}

impl Default for WorkingDays {
    /// Monday to Friday.
    fn default() -> Self {
        use Weekday::*;
        WorkingDays([Monday, Tuesday, Wednesday, Thursday, Friday].into())
    }
}

impl<'de> Deserialize<'de> for WorkingDays {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let days = Vec::<Weekday>::deserialize(d)?;
        WorkingDays::new(days).map_err(serde::de::Error::custom)
    }
}

/// The scheme's own targets for the vague legal terms, `clock_targets:` in irbook.yaml.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClockTargets {
    /// What "without undue delay" means here (default 24h).
    #[serde(default = "default_undue")]
    pub without_undue_delay: At<Period>,
    /// What "immediately" means here (default 1h).
    #[serde(default = "default_immediately")]
    pub immediately: At<Period>,
}

fn default_undue() -> At<Period> {
    At::unplaced(Period {
        count: 24,
        unit: Unit::Hours,
    })
}

fn default_immediately() -> At<Period> {
    At::unplaced(Period {
        count: 1,
        unit: Unit::Hours,
    })
}

impl Default for ClockTargets {
    fn default() -> Self {
        ClockTargets {
            without_undue_delay: default_undue(),
            immediately: default_immediately(),
        }
    }
}

impl ClockTargets {
    /// The period a vague term stands for.
    pub fn target(&self, v: Vague) -> Period {
        match v {
            Vague::WithoutUndueDelay => self.without_undue_delay.value,
            Vague::Immediately => self.immediately.value,
        }
    }
}

/// Everything deadline arithmetic needs to know about the scheme's calendar.
#[derive(Clone, Debug)]
pub struct Calendar {
    /// The time zone calendar units count in.
    pub zone: TimeZoneName,
    /// Days of the week that are working days.
    pub working_days: WorkingDays,
    /// Days that are never working days.
    pub holidays: BTreeSet<Date>,
    /// What the vague terms mean.
    pub targets: ClockTargets,
}

impl Default for Calendar {
    /// UTC, Monday to Friday, no holidays, the default targets.
    fn default() -> Self {
        Calendar {
            zone: TimeZoneName::utc(),
            working_days: WorkingDays::default(),
            holidays: BTreeSet::new(),
            targets: ClockTargets::default(),
        }
    }
}

impl Calendar {
    /// The calendar `irbook.yaml` sets, with defaults for what it leaves out.
    pub fn from_config(config: &crate::model::config::Config) -> Calendar {
        Calendar {
            zone: config
                .timezone
                .as_ref()
                .map_or_else(TimeZoneName::utc, |z| z.value.clone()),
            working_days: config
                .working_days
                .as_ref()
                .map(|w| w.value.clone())
                .unwrap_or_default(),
            holidays: config.holidays.iter().map(|d| d.value).collect(),
            targets: config.clock_targets.clone(),
        }
    }

    /// Does `day` count as a working day: a working day of the week and not a holiday?
    pub fn is_working_day(&self, day: jiff::civil::Date) -> bool {
        self.working_days.contains(Weekday::of(day))
            && !self.holidays.contains(&Date {
                year: i32::from(day.year()),
                month: day.month() as u32,
                day: day.day() as u32,
            })
    }
}
