//! The two fields of a playbook written either plainly or as a mapping (`related`,
//! `applies_when`), read by both loaders: every mistake in either form is named.

use super::parse_all;
use crate::model::playbook_fields::RelatedTarget;
use crate::model::{Id, Playbook};

const HEAD: &str = "\
id: pb
title: T
category: malware
default_severity: high
summary: S
";

fn playbook(rest: &str) -> String {
    format!("{HEAD}{rest}")
}

#[test]
fn both_forms_of_related_and_applies_when_read_with_positions() {
    let text = playbook(
        "related:
  - phishing
  - playbook: data-breach
    relation: pivot to
    when: personal data was taken
  - url: https://example.org/guide
    relation: see also
phases:
  - phase: containment
    objective: Stop the spread.
    steps:
      - id: a
        action: Do it.
        applies_when: backups are encrypted too
      - id: b
        title: Memory
        action: Do it.
        within: 15m
        requires: [a]
        applies_when:
          text: customer data involved
          facts: [personal-data]
        raci: {accountable: lead, consulted: [legal], informed: [comms]}
        decisions:
          - question: Again?
            choices:
              - option: yes
                when: more found
                then: a
",
    );
    let r = parse_all::<Playbook>("content/playbooks/pb.yaml", &text);
    assert!(r.problems.is_empty(), "{:#?}", r.problems);
    let pb = r.value.unwrap();
    let rel: Vec<_> = pb
        .related
        .iter()
        .map(|r| (r.pos.line, &r.value.target))
        .collect();
    assert_eq!(
        rel[0],
        (7, &RelatedTarget::Playbook(Id::parse("phishing").unwrap()))
    );
    assert_eq!(rel[1].0, 8);
    assert_eq!(pb.related[1].value.relation.as_deref(), Some("pivot to"));
    assert_eq!(
        rel[2].1,
        &RelatedTarget::Url("https://example.org/guide".into())
    );
    let steps = &pb.phases[0].steps;
    assert_eq!(
        steps[0].applies_when.as_ref().unwrap().value.text,
        "backups are encrypted too"
    );
    let aw = &steps[1].applies_when.as_ref().unwrap().value;
    assert_eq!(aw.facts[0].value.as_str(), "personal-data");
    assert_eq!(aw.facts[0].pos.line, 27);
    assert_eq!(steps[1].within.as_ref().unwrap().value.0, 15);
    assert_eq!(
        steps[1].decisions[0].choices[0]
            .then
            .as_ref()
            .unwrap()
            .value
            .as_str(),
        "a"
    );
}

#[test]
fn mistakes_in_either_form_are_named_every_one_in_one_run() {
    let text = playbook(
        "related:
  - [a, b]
  - Not An Id
  - {playbook: a, url: https://x.org}
  - {playbok: a}
  - {relation: see also}
phases:
  - phase: containment
    steps:
      - id: a
        action: Do it.
        applies_when: [x]
      - id: b
        action: Do it.
        applies_when: {text: t, fact: [x]}
",
    );
    let r = parse_all::<Playbook>("content/playbooks/pb.yaml", &text);
    let got: Vec<(u32, String)> = r
        .problems
        .iter()
        .map(|p| (p.line, p.message.clone()))
        .collect();
    let has = |line: u32, words: &str| {
        assert!(
            got.iter().any(|(l, m)| *l == line && m.contains(words)),
            "no problem at line {line} with `{words}` in {got:#?}"
        )
    };
    has(7, "a playbook id, or a mapping");
    has(8, "not a valid id");
    has(9, "both `playbook` and `url`");
    has(10, "playbok");
    has(11, "needs `playbook:`");
    has(17, "a condition in words");
    has(20, "fact");
    assert_eq!(got.len(), 7, "{got:#?}");
    // The streaming parse stops on the first of them, as the lenient read found it.
    let first =
        crate::load::yaml::parse::<Playbook>("content/playbooks/pb.yaml", &text).unwrap_err();
    assert_eq!(first.line, 7, "{first:?}");
}
