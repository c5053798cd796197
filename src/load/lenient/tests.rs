use super::*;
use crate::model::{At, Id};
use serde::Deserialize;
use std::fmt::Debug;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Doc {
    name: String,
    #[serde(default)]
    roles: Vec<Role>,
    #[serde(default)]
    note: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // Read for their problems only.
struct Role {
    id: At<Id>,
    #[serde(default)]
    count: Option<u32>,
    #[serde(default)]
    label: Option<String>,
}

fn found(r: &Read<Doc>) -> Vec<(u32, u32, String)> {
    r.problems
        .iter()
        .map(|p| (p.line, p.column, p.message.clone()))
        .collect()
}

const MANY: &str = "\
name: x
roles:
  - id: a
    nmae: A
  - id: b
    count: many
    label: [x]
  - id: c
  - idd: d
  - id: e
    id: f
extra: 1
note: lots
";

#[test]
fn every_problem_of_a_file_is_found_in_one_read() {
    let r = parse_all::<Doc>("x.yaml", MANY);
    let at: Vec<(u32, u32)> = found(&r).iter().map(|(l, c, _)| (*l, *c)).collect();
    let mut want = vec![
        (4, 5),
        (6, 12),
        (7, 12),
        (9, 5),
        (9, 5),
        (11, 5),
        (12, 1),
        (13, 7),
    ];
    let mut got = at.clone();
    got.sort_unstable();
    want.sort_unstable();
    assert_eq!(got, want, "{:#?}", found(&r));
    let kinds: Vec<ProblemKind> = r.problems.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == ProblemKind::UnknownField)
            .count(),
        3,
        "{kinds:?}"
    );
    assert!(kinds.contains(&ProblemKind::MissingField), "{kinds:?}");
    assert!(kinds.contains(&ProblemKind::DuplicateKey), "{kinds:?}");
}

#[test]
fn items_with_problems_are_left_out_and_named() {
    let r = parse_all::<Doc>("x.yaml", MANY);
    let doc = r.value.expect("the top level can be read");
    let ids: Vec<&str> = doc.roles.iter().map(|r| r.id.value.as_str()).collect();
    assert_eq!(ids, ["c"], "only the role without a problem is kept");
    assert_eq!(doc.roles[0].id.pos, Pos { line: 8, col: 9 });
    // The top level keeps what it could read; its bad optional field is left empty.
    assert_eq!((doc.name.as_str(), doc.note), ("x", None));
    let failed: Vec<(&str, Option<&str>)> = r
        .failed
        .iter()
        .map(|f| (f.path.as_str(), f.id.as_deref()))
        .collect();
    assert_eq!(
        failed,
        [
            ("roles", Some("a")),
            ("roles", Some("b")),
            ("roles", None),
            ("roles", Some("e"))
        ]
    );
}

#[test]
fn a_top_level_that_cannot_be_read_is_left_out_with_every_problem() {
    let r = parse_all::<Doc>("x.yaml", "nmae: x\nroles:\n  - id: Bad Id\n");
    assert!(r.value.is_none());
    let kinds: Vec<ProblemKind> = r.problems.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        [
            ProblemKind::UnknownField,
            ProblemKind::InvalidValue,
            ProblemKind::MissingField
        ],
        "{:#?}",
        found(&r)
    );
    assert_eq!(r.failed.last().map(|f| f.path.as_str()), Some(""));
}

#[test]
fn a_good_file_takes_the_streaming_parse_alone() {
    let r = parse_all::<Doc>("x.yaml", "name: x\nroles:\n  - id: a\n");
    assert!(r.problems.is_empty() && r.failed.is_empty());
    assert_eq!(r.value.unwrap().roles.len(), 1);
}

#[test]
fn syntax_errors_and_merge_keys_stay_one_problem() {
    for text in [
        "name: [x\nroles: y: z\n",
        "base: &b {id: a}\nname: x\nroles:\n  - <<: *b\n    count: x\n",
    ] {
        let r = parse_all::<Doc>("x.yaml", text);
        assert_eq!(r.problems.len(), 1, "{text}: {:#?}", found(&r));
        assert!(r.value.is_none());
    }
}

#[test]
fn aliases_are_followed_but_not_without_end() {
    let r = parse_all::<Doc>(
        "x.yaml",
        "name: &n x\nroles:\n  - &r {id: a, count: 1}\n  - *r\n  - {id: *n, count: x}\n",
    );
    assert_eq!(r.problems.len(), 1, "{:#?}", found(&r));
    assert_eq!(r.value.unwrap().roles.len(), 2);
    // Twelve levels of nine aliases each: far more than the lenient read follows.
    let mut y = String::from("name: x\na0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1]\n");
    for i in 1..12 {
        let p = i - 1;
        y.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Wide {
        name: u32,
        #[serde(flatten)]
        rest: std::collections::BTreeMap<String, serde_json::Value>,
    }
    let start = std::time::Instant::now();
    let r = parse_all::<Wide>("x.yaml", &y);
    assert!(r.value.is_none() && !r.problems.is_empty());
    assert!(start.elapsed().as_secs() < 60);
}

/// Reads `text` both ways; a good file must give the same value, positions included.
fn same<T: DeserializeOwned + Debug>(file: &str, text: &str) -> Result<(), String> {
    let streamed = match crate::load::yaml::parse::<T>(file, text) {
        Ok(v) => v,
        Err(_) => return Ok(()),
    };
    let out = read::<T>(text).ok_or_else(|| format!("{file}: no lenient read"))?;
    if !out.faults.is_empty() {
        return Err(format!("{file}: problems in a good file: {:?}", out.faults));
    }
    let (a, b) = (
        format!("{:#?}", Some(streamed)),
        format!("{:#?}", out.value),
    );
    if a != b {
        let line = a.lines().zip(b.lines()).position(|(x, y)| x != y);
        return Err(format!(
            "{file}: values differ at line {line:?} of their Debug"
        ));
    }
    Ok(())
}

/// Reads one source file both ways, as the loader would read it.
fn both_ways(rel: &str, text: &str) -> Result<(), String> {
    use crate::model::{awareness, config, exercise, template};
    if rel.ends_with(".md") {
        let Ok(split) = crate::load::frontmatter::split(text) else {
            return Ok(());
        };
        let y = &split.yaml;
        return if rel.ends_with("content/policy.md") {
            same::<crate::model::PolicyMeta>(rel, y)
        } else if rel.contains("content/awareness/") {
            same::<awareness::AwarenessMeta>(rel, y)
        } else if rel.contains("content/templates/") {
            same::<template::TemplateMeta>(rel, y)
        } else {
            same::<crate::model::PageMeta>(rel, y)
        };
    }
    match rel {
        r if r.ends_with("irbook.yaml") => same::<config::Config>(rel, text),
        r if r.ends_with("content/severity.yaml") => same::<crate::model::SeverityScale>(rel, text),
        r if r.ends_with("content/contacts.yaml") => same::<crate::model::Contacts>(rel, text),
        r if r.ends_with("content/obligations.yaml") => {
            same::<crate::model::Obligations>(rel, text)
        }
        r if r.contains("content/playbooks/") => same::<crate::model::Playbook>(rel, text),
        r if r.contains("content/forms/") => same::<crate::model::Form>(rel, text),
        r if r.contains("content/awareness/") => same::<awareness::Quiz>(rel, text),
        r if r.contains("exercises/records/") || r.contains("record") => {
            same::<exercise::Record>(rel, text)
        }
        r if r.contains("exercises/") || r.contains("exercise") => {
            same::<exercise::Exercise>(rel, text)
        }
        _ => Ok(()),
    }
}

/// Every good source file of the example and the fixtures reads the same both ways: the
/// same values at the same positions (which also pins serde-saphyr's private way of
/// giving `Spanned` its position, which the lenient read copies).
#[test]
fn positions_match_the_streaming_parse() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    let mut failures = Vec::new();
    for dir in ["irbook.yaml", "content", "exercises", "tests/fixtures"] {
        for e in walkdir::WalkDir::new(root.join(dir))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
        {
            let rel = e.path().strip_prefix(root).unwrap().to_string_lossy();
            let Ok(text) = std::fs::read_to_string(e.path()) else {
                continue;
            };
            checked += 1;
            if let Err(why) = both_ways(&rel, &text) {
                failures.push(why);
            }
        }
    }
    assert!(checked > 50, "only {checked} files found");
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Reads a broken file both ways: the lenient read finds the streaming parse's problem
/// itself, at the same place (a missing field is placed at its mapping, not at the
/// mapping's last key as serde-saphyr places it).
fn first_found<T: DeserializeOwned>(file: &str, text: &str) -> Result<(), String> {
    let Err(first) = crate::load::yaml::parse::<T>(file, text) else {
        return Ok(());
    };
    let out = read::<T>(text).ok_or_else(|| format!("{file}: no lenient read"))?;
    let pos = Pos {
        line: first.line,
        col: first.column,
    };
    let found = out.faults.iter().any(|(at, raw)| {
        let p = crate::load::yaml::problem(file, *at, raw);
        p.message == first.message && (*at == pos || p.kind == ProblemKind::MissingField)
    });
    if found {
        Ok(())
    } else {
        Err(format!("{file}: {first:?} not in {:?}", out.faults))
    }
}

#[test]
fn the_lenient_read_finds_the_streaming_parses_problem() {
    use crate::model::{config, exercise};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let read = |rel: &str| std::fs::read_to_string(root.join(rel)).unwrap();
    let front = |rel: &str| {
        crate::load::frontmatter::split(&read(rel))
            .map(|s| s.yaml)
            .unwrap()
    };
    let results = [
        first_found::<config::Config>("irbook.yaml", &read("mistakes/irbook.yaml")),
        first_found::<crate::model::Contacts>("c", &read("mistakes/content/contacts.yaml")),
        first_found::<crate::model::Playbook>("p", &read("mistakes/content/playbooks/flood.yaml")),
        first_found::<crate::model::Playbook>(
            "p",
            &read("converted/content/playbooks/phishing.yaml"),
        ),
        first_found::<exercise::Exercise>("e", &read("mistakes/exercises/drill.yaml")),
        first_found::<crate::model::PageMeta>("g", &front("mistakes/content/scheme/guide.md")),
        first_found::<Doc>("x", MANY),
    ];
    let failures: Vec<String> = results.into_iter().filter_map(Result::err).collect();
    assert!(failures.is_empty(), "{failures:#?}");
}

/// A list judged as a whole (like `working_days`), refused once its failed item is left
/// out.
#[derive(Debug)]
struct NonEmpty(#[allow(dead_code)] Vec<u32>);

impl<'de> Deserialize<'de> for NonEmpty {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Vec::<u32>::deserialize(d)?;
        if v.is_empty() {
            return Err(serde::de::Error::custom("no days"));
        }
        Ok(NonEmpty(v))
    }
}

#[test]
fn what_only_follows_from_an_item_left_out_is_not_reported() {
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Cal {
        name: String,
        #[serde(default)]
        days: Option<NonEmpty>,
    }
    let r = parse_all::<Cal>("x.yaml", "name: x\ndays: [monday]\n");
    assert_eq!(r.problems.len(), 1, "{:#?}", r.problems);
    assert_eq!((r.problems[0].line, r.problems[0].column), (2, 8));
    let cal = r.value.expect("the rest of the file is read");
    assert_eq!(cal.name, "x");
    assert!(cal.days.is_none());
}

#[test]
fn a_list_judged_whole_is_read_whole_when_passing_its_items_by_fails_it() {
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Cal {
        #[allow(dead_code)]
        days: NonEmpty,
        roles: Vec<Role>,
    }
    let r = parse_all::<Cal>("x.yaml", "days: [1, 2]\nroles:\n  - id: a\n    count: x\n");
    assert_eq!(r.problems.len(), 1, "{:#?}", r.problems);
    assert_eq!((r.problems[0].line, r.problems[0].column), (4, 12));
    assert!(r.value.expect("the rest is read").roles.is_empty());
}

#[test]
fn many_problems_in_a_long_list_cost_little() {
    let mut y = String::from("name: x\nroles:\n");
    for i in 0..2000 {
        y.push_str(&format!(
            "  - id: r{i}\n    count: {}\n",
            if i % 4 == 0 { "x" } else { "1" }
        ));
    }
    let start = std::time::Instant::now();
    let r = parse_all::<Doc>("x.yaml", &y);
    assert_eq!(
        r.problems.len(),
        500,
        "one problem per read, up to the ceiling"
    );
    assert!(
        r.value.is_none(),
        "past the ceiling the file is left out whole"
    );
    // A hang guard: each read passes by the items read before.
    assert!(start.elapsed().as_secs() < 60, "{:?}", start.elapsed());
}
