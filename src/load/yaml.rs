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
    // A scheme has no use for tags: `!important` is a value that needs quotes, not a tag.
    o.reject_unsupported_tags = true;
    // A scheme file has no use for more than a few thousand replayed alias events;
    // a low ceiling turns an alias bomb into an error in milliseconds.
    o.alias_limits.max_total_replayed_events = 100_000;
    o
}

/// Parses `text` (the YAML of `file`) into `T`.
///
/// `text` must keep the file's line numbering (front matter is padded by the caller),
/// so positions in diagnostics count from the top of the file. A problem is explained
/// from the text when it shows the YAML mistake behind it (see [`super::yaml_help`]).
pub fn parse<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, Problem> {
    serde_saphyr::from_str_with_options::<T>(text, options())
        .map_err(|e| super::yaml_help::explain(text, to_problem(file, &e)))
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
    problem(file, pos, &strip_location(&inner.to_string()))
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

/// Whether serde's message is about a number read from text that is no number
/// ("invalid u32", "invalid i64", "invalid f64").
fn is_number_type(lower: &str) -> bool {
    lower
        .split_whitespace()
        .collect::<Vec<_>>()
        .windows(2)
        .any(|w| {
            (w[0] == "invalid" || w[0] == "expected")
                && matches!(
                    w[1].trim_end_matches([',', ':']),
                    "u8" | "u16"
                        | "u32"
                        | "u64"
                        | "usize"
                        | "i8"
                        | "i16"
                        | "i32"
                        | "i64"
                        | "f32"
                        | "f64"
                )
        })
}

/// The parser's words for a mistake in the YAML itself rather than in a value.
const SYNTAX: &[&str] = &[
    "while parsing",
    "while scanning",
    "did not find expected",
    "unexpected character",
    "found a tab",
    "mapping values are not allowed",
    "trailing content",
    "unsupported tag",
    "unknown anchor",
];

/// The words of a problem with a value (serde's and irbook's own types').
const VALUE: &[&str] = &[
    "invalid type",
    "invalid value",
    "invalid length",
    "not a valid id",
    "is not a date",
    "not a day",
    "not a duration",
    "not a deadline",
    "not a time zone",
    "not a working week",
    "expected",
];

/// What `classify` makes of a message: the kind, the message shown and a help line.
type Classified = (ProblemKind, String, Option<String>);

/// Names the rule a parser message belongs to and suggests a fix. Messages meant for
/// developers (serde's and the parser's options) are reworded; the parser's syntax
/// messages are kept, `yaml_help` reads them.
fn classify(msg: &str) -> Classified {
    let lower = msg.to_lowercase();
    if let Some(c) = unknown_name(msg, &lower).or_else(|| reworded(msg, &lower)) {
        return c;
    }
    if SYNTAX.iter().any(|s| lower.contains(s)) {
        return syntax(msg);
    }
    if lower.starts_with("invalid ") || VALUE.iter().any(|s| lower.contains(s)) {
        return (
            ProblemKind::InvalidValue,
            msg.to_owned(),
            Some("check the value against this file's reference in the README (ids are lowercase-with-hyphens, dates YYYY-MM-DD, durations like 4h)".into()),
        );
    }
    syntax(msg)
}

/// An unknown field or enum value: the name alone in the message, the nearest known one
/// and the allowed ones (once) in the help.
fn unknown_name(msg: &str, lower: &str) -> Option<Classified> {
    if lower.starts_with("unknown field") {
        let (name, allowed) = named_and_allowed(msg);
        let help = match allowed.as_slice() {
            [] => "this mapping has no fields; remove it".to_owned(),
            list => format!(
                "{}the fields allowed here are: {}",
                did_you_mean(&name, list),
                list.join(", ")
            ),
        };
        return Some((
            ProblemKind::UnknownField,
            format!("unknown field `{name}`"),
            Some(help),
        ));
    }
    if lower.contains("unknown variant") {
        let (name, allowed) = named_and_allowed(msg);
        let help = format!(
            "{}use one of: {}",
            did_you_mean(&name, &allowed),
            allowed.join(", ")
        );
        return Some((
            ProblemKind::InvalidValue,
            format!("`{name}` is not one of the values allowed here"),
            Some(help),
        ));
    }
    None
}

/// The problems whose kind the message names, in words for a scheme author.
fn reworded(msg: &str, lower: &str) -> Option<Classified> {
    let (kind, message, help): (ProblemKind, String, &str) = if lower.contains("missing field") {
        (
            ProblemKind::MissingField,
            msg.to_owned(),
            "add the field; the README lists every field of this file",
        )
    } else if lower.contains("duplicate") && lower.contains("key") {
        let message = match msg.split_once("key: ") {
            Some((_, k)) => format!(
                "the key `{}` appears twice in this mapping",
                k.split(", set ").next().unwrap_or(k).trim()
            ),
            None => "a key appears twice in this mapping".to_owned(),
        };
        (
            ProblemKind::DuplicateKey,
            message,
            "remove one of the two entries; YAML keeps only one",
        )
    } else if lower.contains("multiple yaml documents") {
        (
            ProblemKind::YamlSyntax,
            "a second YAML document starts here; irbook reads one document per file".into(),
            "delete the `---` line above: a scheme file is a single YAML document",
        )
    } else if lower.contains("budget") || lower.contains("limit") || lower.contains("depth") {
        (
            ProblemKind::YamlLimit,
            msg.to_owned(),
            "the file nests too deeply or expands too many aliases to be a scheme file",
        )
    } else if is_number_type(lower) {
        let what = if lower.contains("invalid f") {
            "number"
        } else {
            "whole number"
        };
        (
            ProblemKind::InvalidValue,
            format!("this value must be a {what}"),
            "write the number in digits, e.g. `2`, not in words",
        )
    } else if lower.contains("expected sequence") || lower.contains("expected a sequence") {
        (
            ProblemKind::InvalidValue,
            "a list is expected here".into(),
            "write each item on a line of its own under the field, starting with `- `; a single item is a list of one",
        )
    } else if lower.contains("expected mapping") || lower.contains("expected struct") {
        (
            ProblemKind::InvalidValue,
            "fields (`name: value` lines) are expected here".into(),
            "write the fields on lines of their own under this one, indented further; the README lists the fields of this file",
        )
    } else if lower.contains("null into string") {
        (
            ProblemKind::InvalidValue,
            "this field has no value".into(),
            "write the value after the `:`, or remove the field",
        )
    } else {
        return None;
    };
    Some((kind, message, Some(help.to_owned())))
}

fn syntax(msg: &str) -> Classified {
    (
        ProblemKind::YamlSyntax,
        msg.to_owned(),
        Some("fix the YAML here; quote values that contain `: ` or ` #` or start with a special character".into()),
    )
}

/// The name in backticks and the list after "expected one of" in a serde message:
/// "unknown field `nmae`, expected one of name, n" -> (`nmae`, [name, n]).
fn named_and_allowed(msg: &str) -> (String, Vec<String>) {
    let name = msg.split('`').nth(1).unwrap_or_default().to_owned();
    let allowed = msg
        .split_once("expected ")
        .map(|(_, rest)| {
            rest.trim_start_matches("one of ")
                .split([','])
                .flat_map(|p| p.split(" or "))
                .map(|p| p.trim().trim_matches('`').to_owned())
                .filter(|p| !p.is_empty())
                .collect()
        })
        .unwrap_or_default();
    (name, allowed)
}

/// "did you mean `x`? " when one of `known` is close to `wanted`, else nothing.
fn did_you_mean(wanted: &str, known: &[String]) -> String {
    let limit = (wanted.chars().count() / 3).max(2);
    known
        .iter()
        .map(|k| (strsim::levenshtein(wanted, k), k))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, k)| format!("did you mean `{k}`? "))
        .unwrap_or_default()
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
        assert_eq!(d.message, "unknown field `nmae`");
        assert_eq!(
            d.help.as_deref(),
            Some("did you mean `name`? the fields allowed here are: name, n")
        );
    }

    #[test]
    fn words_for_numbers_and_lists_are_explained() {
        let c = classify("invalid u32");
        assert_eq!(c.1, "this value must be a whole number");
        let c = classify("invalid type: string \"two\", expected u8");
        assert_eq!(c.1, "this value must be a whole number");
        let c = classify("expected sequence start");
        assert_eq!(c.1, "a list is expected here");
        let c = classify("invalid type: string \"x\", expected struct Step");
        assert_eq!(c.0, ProblemKind::InvalidValue);
        assert!(c.1.starts_with("fields"), "{}", c.1);
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
        // Generous: a machine busy with other builds must not fail it; a blow-up takes hours.
        assert!(start.elapsed().as_secs() < 60);
    }
}
