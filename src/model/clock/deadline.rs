//! The deadline of a notification stage, written in one string: `72h after awareness`,
//! `4h after classification, at latest 24h after awareness`, `1 month after notification`.
//!
//! Grammar (lowercase, words separated by spaces):
//! ```text
//! deadline := term [ [","] "at latest" term ]
//! term     := delay "after" anchor
//! delay    := period | "without undue delay" | "immediately"
//! period   := N unit            (N a whole number 1..=9999; `72h` or `72 h` or `72 hours`)
//! unit     := m | min(s) | minute(s) | h | hr(s) | hour(s) | d | day(s) | working day(s) | month(s)
//! anchor   := awareness | detection | classification | decision | <id of an earlier stage>
//! ```

use super::super::Id;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// The largest count a period may have: enough for any real clock, small enough that
/// working-day arithmetic stays quick and every result stays within the calendar.
pub const MAX_COUNT: u32 = 9999;

/// The unit of a [`Period`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    /// Elapsed minutes (`m`).
    Minutes,
    /// Elapsed hours (`h`): "72 hours" stays 72 hours, whatever the clocks do.
    Hours,
    /// Calendar days (`d`) in the scheme's time zone: the same wall-clock time N days later.
    Days,
    /// Working days: weekends and holidays skipped, the wall-clock time kept.
    WorkingDays,
    /// Calendar months, the day clamped to the last day of a shorter month.
    Months,
}

impl Unit {
    /// The unit's name in the singular and plural, for display.
    fn words(self) -> (&'static str, &'static str) {
        match self {
            Unit::Minutes => ("minute", "minutes"),
            Unit::Hours => ("hour", "hours"),
            Unit::Days => ("day", "days"),
            Unit::WorkingDays => ("working day", "working days"),
            Unit::Months => ("month", "months"),
        }
    }

    /// Is this an elapsed-time unit (exact instants), rather than a calendar one?
    pub fn is_elapsed(self) -> bool {
        matches!(self, Unit::Minutes | Unit::Hours)
    }
}

/// A positive whole number of one unit, e.g. 72 hours or 1 month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    /// How many units, 1 to [`MAX_COUNT`].
    pub count: u32,
    /// Which unit; kept as written, so 72 hours is never shown as 3 days.
    pub unit: Unit,
}

impl Period {
    /// Parses a whole string as a period: `24h`, `90 minutes`, `1 month`, `4 working days`.
    pub fn parse(s: &str) -> Result<Period, String> {
        let tokens = tokenize(s);
        let mut p = Parser {
            tokens: &tokens,
            i: 0,
        };
        let period = p.period().map_err(|why| {
            format!("`{s}` is not a duration: {why}; write e.g. `24h`, `90m`, `3d`, `4 working days` or `1 month`")
        })?;
        if let Some(extra) = p.peek() {
            return Err(format!(
                "`{s}` is not a duration: unexpected `{extra}` after `{period}`; write e.g. `24h` or `1 month`"
            ));
        }
        Ok(period)
    }
}

impl fmt::Display for Period {
    /// The canonical source form: `72h`, `15m`, `3d`, `4 working days`, `1 month`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.unit {
            Unit::Minutes => write!(f, "{}m", self.count),
            Unit::Hours => write!(f, "{}h", self.count),
            Unit::Days => write!(f, "{}d", self.count),
            Unit::WorkingDays | Unit::Months => f.write_str(&self.describe()),
        }
    }
}

impl Period {
    /// Human text that keeps the unit: "72 hours", "1 month", "4 working days".
    pub fn describe(&self) -> String {
        let (one, many) = self.unit.words();
        format!(
            "{} {}",
            self.count,
            if self.count == 1 { one } else { many }
        )
    }
}

/// A vague legal term that stands for the scheme's own target (see `clock_targets`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Vague {
    /// "without undue delay".
    WithoutUndueDelay,
    /// "immediately".
    Immediately,
}

impl Vague {
    /// The term as written and shown.
    pub fn words(self) -> &'static str {
        match self {
            Vague::WithoutUndueDelay => "without undue delay",
            Vague::Immediately => "immediately",
        }
    }
}

/// How long after its anchor a term falls due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Delay {
    /// A stated period, e.g. 72 hours.
    Period(Period),
    /// A vague term, resolved through the scheme's clock targets.
    Vague(Vague),
}

/// The moment a clock runs from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Anchor {
    /// When the organisation became aware of the incident.
    Awareness,
    /// When the event was first detected.
    Detection,
    /// When the incident was classified (e.g. as major or significant).
    Classification,
    /// When a decision was taken (e.g. that the incident is material).
    Decision,
    /// When an earlier stage of the same obligation was completed (its id).
    Stage(Id),
}

impl Anchor {
    /// The four anchors that are moments of the incident itself, in their usual order.
    pub const MOMENTS: [Anchor; 4] = [
        Anchor::Awareness,
        Anchor::Detection,
        Anchor::Classification,
        Anchor::Decision,
    ];

    /// The anchor as written: `awareness`, or a stage id.
    pub fn as_str(&self) -> &str {
        match self {
            Anchor::Awareness => "awareness",
            Anchor::Detection => "detection",
            Anchor::Classification => "classification",
            Anchor::Decision => "decision",
            Anchor::Stage(id) => id.as_str(),
        }
    }
}

impl fmt::Display for Anchor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One `<delay> after <anchor>`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Term {
    /// How long after the anchor.
    pub delay: Delay,
    /// What the clock runs from.
    pub anchor: Anchor,
}

impl fmt::Display for Term {
    /// The canonical source form, e.g. `72h after awareness`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.delay {
            Delay::Period(p) => write!(f, "{p} after {}", self.anchor),
            Delay::Vague(v) => write!(f, "{} after {}", v.words(), self.anchor),
        }
    }
}

/// A stage's deadline: one term, or a term and an `at latest` term, the earlier of which counts.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Deadline {
    /// The term written first, e.g. `4h after classification`.
    pub first: Term,
    /// The `at latest` term, e.g. `24h after awareness`.
    pub at_latest: Option<Term>,
}

impl Deadline {
    /// The terms in written order: one or two.
    pub fn terms(&self) -> impl Iterator<Item = &Term> {
        std::iter::once(&self.first).chain(self.at_latest.as_ref())
    }

    /// Parses a deadline string; the error says what is wrong and shows an example.
    pub fn parse(s: &str) -> Result<Deadline, String> {
        match parse_deadline(s) {
            Ok(d) => Ok(d),
            Err(e) => {
                let lower = s.to_lowercase();
                if lower != s && parse_deadline(&lower).is_ok() {
                    Err(format!(
                        "`{s}` is not a deadline: write it in lowercase, `{lower}`"
                    ))
                } else {
                    Err(e)
                }
            }
        }
    }

    /// Human text: "72 hours after awareness", "without undue delay after awareness (our
    /// target: 24 hours)", "4 hours after classification, at latest 24 hours after awareness".
    ///
    /// `targets` gives the vague terms' targets; `stage_name` names a stage anchor (its id or title).
    pub fn describe(
        &self,
        targets: &super::ClockTargets,
        stage_name: &dyn Fn(&Id) -> String,
    ) -> String {
        let term = |t: &Term| {
            let anchor = match &t.anchor {
                Anchor::Stage(id) => stage_name(id),
                a => a.as_str().to_owned(),
            };
            match t.delay {
                Delay::Period(p) => format!("{} after {anchor}", p.describe()),
                Delay::Vague(v) => format!(
                    "{} after {anchor} (our target: {})",
                    v.words(),
                    targets.target(v).describe()
                ),
            }
        };
        match &self.at_latest {
            None => term(&self.first),
            Some(latest) => format!("{}, at latest {}", term(&self.first), term(latest)),
        }
    }
}

impl fmt::Display for Deadline {
    /// The canonical source form, which [`Deadline::parse`] reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.first)?;
        if let Some(t) = &self.at_latest {
            write!(f, ", at latest {t}")?;
        }
        Ok(())
    }
}

const EXAMPLE: &str =
    "`72h after awareness` or `4h after classification, at latest 24h after awareness`";

fn parse_deadline(s: &str) -> Result<Deadline, String> {
    let fail = |why: String| format!("`{s}` is not a deadline: {why}");
    let tokens = tokenize(s);
    if tokens.is_empty() {
        return Err(fail(format!(
            "it is empty; write a duration, `after` and an anchor, e.g. {EXAMPLE}"
        )));
    }
    let mut p = Parser {
        tokens: &tokens,
        i: 0,
    };
    let first = p.term().map_err(fail)?;
    let at_latest = match p.peek() {
        None => None,
        Some(_) => {
            let rest = p.rest();
            p.eat(",");
            if !(p.eat("at") && p.eat("latest")) {
                return Err(fail(format!(
                    "unexpected `{rest}` after `{first}`; a deadline ends with its anchor, or goes on with `, at latest` and a second term, e.g. {EXAMPLE}"
                )));
            }
            let latest = p.term().map_err(fail)?;
            if p.peek().is_some() {
                let rest = p.rest();
                let why = if rest.contains("at latest") {
                    "a deadline has at most one `at latest` part".to_owned()
                } else {
                    format!("unexpected `{rest}` after `{latest}`")
                };
                return Err(fail(format!("{why}, e.g. {EXAMPLE}")));
            }
            Some(latest)
        }
    };
    Ok(Deadline { first, at_latest })
}

/// Words of the input, with commas as words of their own.
fn tokenize(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for word in s.split_whitespace() {
        let mut rest = word;
        while let Some(i) = rest.find(',') {
            if i > 0 {
                out.push(&rest[..i]);
            }
            out.push(",");
            rest = &rest[i + 1..];
        }
        if !rest.is_empty() {
            out.push(rest);
        }
    }
    out
}

struct Parser<'a> {
    tokens: &'a [&'a str],
    i: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<&'a str> {
        self.tokens.get(self.i).copied()
    }

    fn next(&mut self) -> Option<&'a str> {
        let t = self.peek();
        self.i += usize::from(t.is_some());
        t
    }

    fn eat(&mut self, word: &str) -> bool {
        let hit = self.peek() == Some(word);
        self.i += usize::from(hit);
        hit
    }

    fn rest(&self) -> String {
        self.tokens[self.i..].join(" ").replace(" ,", ",")
    }

    fn term(&mut self) -> Result<Term, String> {
        let delay = self.delay()?;
        if !self.eat("after") {
            let got = match self.peek() {
                None => "nothing".to_owned(),
                Some(t) => format!("`{t}`"),
            };
            return Err(format!(
                "expected `after` and an anchor after the duration, found {got}; e.g. {EXAMPLE}"
            ));
        }
        let anchor = self.anchor()?;
        Ok(Term { delay, anchor })
    }

    fn delay(&mut self) -> Result<Delay, String> {
        match self.peek() {
            Some("immediately") => {
                self.i += 1;
                Ok(Delay::Vague(Vague::Immediately))
            }
            Some("within") => Err(
                "write the duration first and the anchor after `after`, e.g. `72h after awareness` for \"within 72 hours of awareness\"".into(),
            ),
            Some("without") => {
                self.i += 1;
                if self.eat("undue") && self.eat("delay") {
                    Ok(Delay::Vague(Vague::WithoutUndueDelay))
                } else {
                    Err("the vague term is written `without undue delay`, e.g. `without undue delay after awareness`".into())
                }
            }
            _ => self.period().map(Delay::Period),
        }
    }

    fn period(&mut self) -> Result<Period, String> {
        let Some(tok) = self.next() else {
            return Err(format!(
                "a duration is missing; write a whole number and a unit, e.g. {EXAMPLE}"
            ));
        };
        let (num, count, glued) = period_count(tok)?;
        let word = match (glued, self.peek()) {
            ("", None | Some("after")) => "",
            ("", Some(w)) => {
                self.i += 1;
                w
            }
            (g, _) => g,
        };
        let unit = self.unit(word, num, count)?;
        Ok(Period { count, unit })
    }

    /// The unit named by `word` (after the number `num`, worth `count`); a unit written
    /// as two words (`working days`) takes the next token too.
    fn unit(&mut self, word: &str, num: &str, count: u32) -> Result<Unit, String> {
        Ok(match word {
            "m" | "min" | "mins" | "minute" | "minutes" => Unit::Minutes,
            "h" | "hr" | "hrs" | "hour" | "hours" => Unit::Hours,
            "d" | "day" | "days" => Unit::Days,
            "month" | "months" => Unit::Months,
            "working" => match self.next() {
                Some("day" | "days") => Unit::WorkingDays,
                _ => {
                    return Err("write `working days`, e.g. `4 working days after decision`".into());
                }
            },
            _ => return Err(not_a_unit(word, num, count)),
        })
    }

    fn anchor(&mut self) -> Result<Anchor, String> {
        let anchors =
            "awareness, detection, classification, decision or the id of an earlier stage";
        let Some(tok) = self.next() else {
            return Err(format!(
                "the anchor is missing after `after`; write {anchors}, e.g. `1 month after notification`"
            ));
        };
        Ok(match tok {
            "awareness" => Anchor::Awareness,
            "detection" => Anchor::Detection,
            "classification" => Anchor::Classification,
            "decision" => Anchor::Decision,
            "the" | "of" | "from" => {
                return Err(format!(
                    "write the anchor as one word after `after`: {anchors}, e.g. `72h after awareness`"
                ));
            }
            other => Anchor::Stage(Id::parse(other).map_err(|e| {
                format!("`{other}` is not an anchor ({e}); write {anchors}, e.g. `1 month after notification`")
            })?),
        })
    }
}

/// The leading whole number of a duration token: its digits, its value and what is glued
/// after it (`72h` gives `("72", 72, "h")`); refuses negative, fractional, zero and too
/// large numbers.
fn period_count(tok: &str) -> Result<(&str, u32, &str), String> {
    if tok.starts_with('-') {
        return Err(format!(
            "`{tok}` is negative; a deadline falls after its anchor, so write a positive duration, e.g. `72h after awareness`"
        ));
    }
    let digits = tok.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return Err(format!(
            "`{tok}` is not a duration; start with a whole number and a unit (m, h, d, working days, months), or use `without undue delay` or `immediately`, e.g. {EXAMPLE}"
        ));
    }
    let (num, glued) = tok.split_at(digits);
    if glued.starts_with(['.', ',']) {
        return Err(format!(
            "`{tok}` is not a whole number; use a smaller unit instead, e.g. `90m` rather than `1.5h`"
        ));
    }
    let count: u32 = num.parse().unwrap_or(u32::MAX);
    if count == 0 {
        return Err(
            "a duration must be more than zero; for \"at once\" write `immediately`, which stands for the scheme's own target, e.g. `immediately after detection`"
                .to_owned(),
        );
    }
    if count > MAX_COUNT {
        return Err(format!(
            "`{num}` is too large: at most {MAX_COUNT} of a unit; use a larger unit, e.g. `7d` rather than `10080m`"
        ));
    }
    Ok((num, count, glued))
}

/// Why `word` is not a unit, with the unit to write instead.
fn not_a_unit(word: &str, num: &str, count: u32) -> String {
    match word {
        "business" | "workdays" | "workday" | "bd" => format!(
            "`{word}` is not a unit here; write `working days` (weekends and the holidays in irbook.yaml are skipped), e.g. `4 working days after decision`"
        ),
        "w" | "week" | "weeks" => format!(
            "weeks are not a unit; write days, e.g. `{}d`",
            count.saturating_mul(7)
        ),
        "y" | "year" | "years" => format!(
            "years are not a unit; write months, e.g. `{} months`",
            count.saturating_mul(12)
        ),
        "s" | "sec" | "secs" | "second" | "seconds" => {
            "seconds are too fine for a deadline; write minutes, e.g. `1m`".into()
        }
        "" => format!(
            "`{num}` has no unit; write m (minutes), h (hours), d (days), working days or months, e.g. `{num}h`"
        ),
        other => format!(
            "`{other}` is not a unit; write m (minutes), h (hours), d (days), working days or months, e.g. `{num}h`"
        ),
    }
}

impl Serialize for Deadline {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Deadline {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Deadline::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Deadline {
    fn schema_name() -> Cow<'static, str> {
        "Deadline".into()
    }

    fn schema_id() -> Cow<'static, str> {
        concat!(module_path!(), "::Deadline").into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A deadline: a duration (m, h, d, working days, months, or `without undue delay`, `immediately`), `after` and an anchor (awareness, detection, classification, decision or an earlier stage id), optionally `, at latest` a second one; e.g. `72h after awareness`, `4h after classification, at latest 24h after awareness`, `1 month after notification`.",
            "type": "string",
            "pattern": " after ",
        })
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Period::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Period {
    fn schema_name() -> Cow<'static, str> {
        "ClockPeriod".into()
    }

    fn schema_id() -> Cow<'static, str> {
        concat!(module_path!(), "::Period").into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A duration: a whole number and a unit, m (minutes), h (hours), d (calendar days), working days or months, e.g. `24h`, `1 working day`, `1 month`.",
            "type": "string",
        })
    }
}
