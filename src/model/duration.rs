//! Response times and deadlines written as `15m`, `4h`, `3d` or `72h`.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// A span of time in whole minutes, written in sources with a unit suffix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Minutes(pub u32);

impl Minutes {
    /// Parses `N` followed by `m`, `h` or `d` (minutes, hours, days).
    pub fn parse(s: &str) -> Result<Minutes, String> {
        let bad = || {
            format!("`{s}` is not a duration: write a whole number and a unit, e.g. 15m, 4h or 3d")
        };
        let s = s.trim();
        let (num, unit) = s.split_at(s.len().saturating_sub(1));
        let n: u32 = num.parse().map_err(|_| bad())?;
        let factor = match unit {
            "m" => 1,
            "h" => 60,
            "d" => 24 * 60,
            _ => return Err(bad()),
        };
        n.checked_mul(factor).map(Minutes).ok_or_else(bad)
    }
}

impl fmt::Display for Minutes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.0;
        let plural = |n: u32, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
        if m != 0 && m.is_multiple_of(24 * 60) && m / (24 * 60) < 14 {
            f.write_str(&plural(m / (24 * 60), "day"))
        } else if m != 0 && m.is_multiple_of(60) {
            f.write_str(&plural(m / 60, "hour"))
        } else {
            f.write_str(&plural(m, "minute"))
        }
    }
}

impl Serialize for Minutes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Minutes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Minutes::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Minutes {
    fn schema_name() -> Cow<'static, str> {
        "Duration".into()
    }

    fn schema_id() -> Cow<'static, str> {
        concat!(module_path!(), "::Minutes").into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A duration: a whole number and a unit, m (minutes), h (hours) or d (days), e.g. `15m`, `4h`, `3d`.",
            "type": "string",
            "pattern": "^[0-9]+[mhd]$",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units() {
        assert_eq!(Minutes::parse("15m").unwrap(), Minutes(15));
        assert_eq!(Minutes::parse("72h").unwrap().to_string(), "3 days");
        assert_eq!(Minutes::parse("1h").unwrap().to_string(), "1 hour");
        assert_eq!(Minutes::parse("90m").unwrap().to_string(), "90 minutes");
        for bad in ["", "h", "15", "1.5h", "-3d", "99999999d"] {
            assert!(Minutes::parse(bad).is_err(), "{bad} accepted");
        }
    }
}
