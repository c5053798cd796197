//! Tests of the YAML explanations, one mistake each.

use super::*;
use crate::load::yaml::parse;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Item {
    id: String,
    #[serde(default)]
    n: Option<u32>,
    #[serde(default)]
    tags: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Doc {
    title: String,
    items: Vec<Item>,
    #[serde(default)]
    meta: Option<Meta>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Meta {
    title: String,
}

fn problem(text: &str) -> Problem {
    parse::<Doc>("x.yaml", text).unwrap_err()
}

#[test]
fn mistakes_that_are_not_yaml_slips_keep_their_code() {
    let p = problem("title: A\nitems:\n  - id: a\n    n: many\n");
    assert_eq!((p.kind, p.line), (ProblemKind::InvalidValue, 4), "{p:?}");
    let p = problem("titel: A\nitems: []\n");
    assert_eq!(p.kind, ProblemKind::UnknownField);
    assert_eq!(
        p.help.as_deref(),
        Some("did you mean `title`? the fields allowed here are: title, items, meta")
    );
    let p = problem("title: A\nitems: [{id: a, tags: [x, y], m: 1}]\n");
    assert_eq!(p.kind, ProblemKind::UnknownField, "{p:?}");
}

#[test]
fn a_field_in_line_with_the_level_above_gets_a_hint() {
    let p = problem("title: A\nitems:\n  - id: a\n    n: 1\nn: 2\n");
    assert_eq!(p.kind, ProblemKind::UnknownField);
    let help = p.help.unwrap();
    assert!(
        help.starts_with("if `n` belongs with `id` and `n` above, indent it to column 5"),
        "{help}"
    );
}

#[test]
fn a_missing_field_is_not_found_in_a_nested_mapping() {
    let p = problem("meta:\n  title: x\nitems: []\n");
    assert_eq!(p.kind, ProblemKind::MissingField, "{p:?}");
}

#[test]
fn reads_only_so_far_past_the_problem() {
    let text = "a\n".repeat(2000);
    assert_eq!(upto(&text, 10).len(), 2 * (10 + LINES_AFTER + 1));
    assert_eq!(upto(&text, 0).len(), text.len());
    assert_eq!(upto(&text, 1999).len(), text.len());
}

#[test]
fn quotes_what_needs_quoting() {
    assert_eq!(quoted("Note: x"), "\"Note: x\"");
    assert_eq!(quoted("say \"hi\" it's"), "'say \"hi\" it''s'");
    assert_eq!(quoted("C:\\temp"), "'C:\\temp'");
}

#[test]
fn a_tab_after_the_problem_is_not_blamed() {
    let p = problem("title: [\nitems:\n\t- id: a\n");
    assert!(!p.message.contains("tab") || p.line == 3, "{p:?}");
}
