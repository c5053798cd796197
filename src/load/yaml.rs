//! YAML parsing through serde-saphyr, turning its errors into problems with positions.

use super::problem::{Problem, ProblemKind};
use crate::model::Pos;
use serde::de::DeserializeOwned;

/// Parser options: YAML 1.2 core schema, strict booleans, duplicate keys refused, budgets on.
pub(super) fn options() -> serde_saphyr::Options {
    let mut o = serde_saphyr::Options::default();
    o.strict_booleans = true;
    o.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    o.legacy_octal_numbers = false;
    o.with_snippet = false;
    // A scheme file has no use for more than a few thousand replayed alias events;
    // a low ceiling turns an alias bomb into an error in milliseconds.
    o.alias_limits.max_total_replayed_events = 100_000;
    o
}

/// Parses `text` (the YAML of `file`) into `T`.
///
/// `text` must keep the file's line numbering (front matter is padded by the caller),
/// so positions in diagnostics count from the top of the file.
pub fn parse<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, Problem> {
    serde_saphyr::from_str_with_options::<T>(text, options()).map_err(|e| to_problem(file, &e))
}

fn to_problem(file: &str, e: &serde_saphyr::Error) -> Problem {
    let inner = e.without_snippet();
    let pos = inner
        .location()
        .map(|l| Pos {
            line: l.line().try_into().unwrap_or(u32::MAX),
            col: l.column().try_into().unwrap_or(u32::MAX),
        })
        .unwrap_or_default();
    let raw = strip_location(&inner.to_string());
    let (code, message, help) = classify(&raw);
    Problem::new(code, file, pos, message).with_help_opt(help)
}

/// serde-saphyr appends " at line N, column M"; the diagnostic carries the position itself.
pub(super) fn strip_location(msg: &str) -> String {
    let msg = msg.trim();
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].trim_end_matches(',').to_owned(),
        None => msg.to_owned(),
    }
}

/// The problem for serde-saphyr's message `raw` (its position stripped) at `pos` of `file`.
pub(super) fn problem(file: &str, pos: Pos, raw: &str) -> Problem {
    let (code, message, help) = classify(raw);
    Problem::new(code, file, pos, message).with_help_opt(help)
}

/// Names the rule a parser message belongs to and suggests a fix.
fn classify(msg: &str) -> (ProblemKind, String, Option<String>) {
    let lower = msg.to_lowercase();
    if lower.contains("unknown field") {
        let help = expected_list(msg).map(|l| format!("the fields allowed here are: {l}"));
        return (ProblemKind::UnknownField, msg.to_owned(), help);
    }
    if lower.contains("missing field") {
        return (
            ProblemKind::MissingField,
            msg.to_owned(),
            Some("add the field; the README lists every field of this file".into()),
        );
    }
    if lower.contains("duplicate") && lower.contains("key") {
        return (
            ProblemKind::DuplicateKey,
            msg.to_owned(),
            Some("remove one of the two entries; YAML keeps only one".into()),
        );
    }
    if lower.contains("unknown variant") {
        let help = expected_list(msg).map(|l| format!("use one of: {l}"));
        return (ProblemKind::InvalidValue, msg.to_owned(), help);
    }
    if lower.contains("budget") || lower.contains("limit") || lower.contains("depth") {
        return (
            ProblemKind::YamlLimit,
            msg.to_owned(),
            Some(
                "the file nests too deeply or expands too many aliases to be a scheme file".into(),
            ),
        );
    }
    if lower.contains("invalid type")
        || lower.contains("invalid value")
        || lower.contains("not a valid id")
        || lower.contains("is not a date")
        || lower.contains("not a day")
        || lower.contains("not a duration")
        || lower.contains("not a deadline")
        || lower.contains("not a time zone")
        || lower.contains("not a working week")
        || lower.contains("invalid length")
        || lower.contains("expected")
    {
        return (
            ProblemKind::InvalidValue,
            msg.to_owned(),
            Some("check the value against this file's reference in the README (ids are lowercase-with-hyphens, dates YYYY-MM-DD, durations like 4h)".into()),
        );
    }
    (
        ProblemKind::YamlSyntax,
        msg.to_owned(),
        Some("fix the YAML here; quote values that contain `: ` or ` #` or start with a special character".into()),
    )
}

/// The list after "expected one of" / "expected" in a serde message.
fn expected_list(msg: &str) -> Option<String> {
    let i = msg.find("expected ")?;
    let rest = &msg[i + "expected ".len()..];
    Some(rest.trim_start_matches("one of ").trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct T {
        #[allow(dead_code)]
        name: String,
        #[allow(dead_code)]
        #[serde(default)]
        n: Option<u32>,
    }

    #[test]
    fn unknown_field_has_position_and_help() {
        let d = parse::<T>("x.yaml", "name: a\nnmae: b\n").unwrap_err();
        assert_eq!(d.kind, ProblemKind::UnknownField);
        assert_eq!((d.line, d.column), (2, 1));
        assert!(d.help.unwrap().contains("name"));
    }

    #[test]
    fn duplicate_key_is_an_error() {
        let d = parse::<T>("x.yaml", "name: a\nname: b\n").unwrap_err();
        assert_eq!(d.kind, ProblemKind::DuplicateKey, "{d:?}");
        assert_eq!(d.line, 2);
    }

    #[test]
    fn yaml_11_lookalikes_stay_strings() {
        #[derive(Deserialize)]
        struct S {
            a: String,
            b: String,
            c: String,
            d: String,
            e: String,
        }
        let s: S = parse(
            "x.yaml",
            "a: NO\nb: +4930123456\nc: 0123\nd: 1.10\ne: 12:30\n",
        )
        .unwrap();
        assert_eq!(
            [s.a, s.b, s.c, s.d, s.e],
            ["NO", "+4930123456", "0123", "1.10", "12:30"]
        );
    }

    #[test]
    fn alias_bomb_is_refused_quickly() {
        let mut y = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for c in 'b'..='k' {
            y.push_str(&format!("{c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
            prev = c;
        }
        let start = std::time::Instant::now();
        let r = parse::<std::collections::BTreeMap<String, serde_json::Value>>("x.yaml", &y);
        assert!(r.is_err());
        // A hang guard only: tests/suite/robustness.rs bounds the real cost in CPU time.
        assert!(start.elapsed().as_secs() < 5);
    }
}
