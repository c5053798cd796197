//! Scoring against notification clocks: a three-stage obligation and an escalation the
//! team made mid-exercise, with figures worked out by hand in the comments.

use super::*;
use crate::exercise::clocks::{ClockRules, ClockStatus, ObligationRule, StageRule};
use crate::load::yaml::parse;
use crate::model::clock::{Calendar, Deadline};

const EXERCISE: &str = r#"
id: breach
title: Breach
duration: 1h
summary: A breach.
scenario: Something leaks.
severity: sev2
facts: [personal-data]
awareness: two
participants: [dpo]
facilitator: lead
objectives:
  - id: notify
    text: Notify
    capability: communications
injects:
  - id: one
    at: 0m
    title: Odd traffic
    brief: Odd traffic.
    expected:
      - id: look
        what: Look at it
        page: content/scheme/x.md
        role: desk
        objective: notify
  - id: two
    at: 10m
    scenario_time: 2h
    title: Confirmed
    brief: Customer records were copied.
    expected:
      - id: tell-regulator
        what: Send the initial notice
        page: content/scheme/x.md
        role: dpo
        notifies: regulator
        objective: notify
      - id: escalate
        what: Raise to critical
        page: content/scheme/x.md
        role: lead
        escalates_to: sev1
        objective: notify
  - id: three
    at: 30m
    scenario_time: 70h
    title: Three days on
    brief: The press calls.
    expected:
      - id: final-report
        what: Send the final report
        page: content/scheme/x.md
        role: dpo
        stage: regulator-notice/final
        objective: notify
      - id: tell-lead
        what: Page the lead
        page: content/scheme/x.md
        role: desk
        notifies: lead
        objective: notify
"#;

const RECORD: &str = r#"
exercise: breach
date: 2026-03-02
team: [dpo]
observations:
  - {action: look, outcome: met, elapsed: 5m}
  - {action: tell-regulator, outcome: met, elapsed: 60m}
  - {action: escalate, outcome: met, elapsed: 10m}
  - {action: tell-lead, outcome: met, elapsed: 20m}
"#;

fn stage(id: &str, title: &str, deadline: &str) -> StageRule {
    StageRule {
        id: Id::parse(id).unwrap(),
        title: title.into(),
        deadline: Deadline::parse(deadline).unwrap(),
        text: deadline.into(),
    }
}

fn deadlines() -> Deadlines {
    let id = |s: &str| Id::parse(s).unwrap();
    let levels = [(id("sev1"), 0), (id("sev2"), 1)].into_iter().collect();
    Deadlines {
        levels: [
            (id("sev1"), ("Critical".into(), Some(Minutes(15)))),
            (id("sev2"), ("High".into(), Some(Minutes(60)))),
        ]
        .into_iter()
        .collect(),
        parties: Default::default(),
        improvement_days: 30,
        clocks: ClockRules {
            calendar: Calendar::default(),
            obligations: vec![
                ObligationRule {
                    id: id("regulator-notice"),
                    title: "Breach notice".into(),
                    party: id("regulator"),
                    any: vec![id("personal-data")],
                    all: vec![],
                    min_level: None,
                    stages: vec![
                        stage("initial", "Initial notice", "72h after awareness"),
                        stage("update", "Update", "4h after initial"),
                        stage("final", "Final report", "1 month after initial"),
                    ],
                },
                // Does not apply: the scenario has no ransom demand.
                ObligationRule {
                    id: id("insurer-notice"),
                    title: "Insurer".into(),
                    party: id("insurer"),
                    any: vec![],
                    all: vec![id("ransom")],
                    min_level: None,
                    stages: vec![stage("notice", "Notice", "48h after awareness")],
                },
            ],
            levels,
        },
    }
}

fn scored() -> Score {
    let ex: Exercise = parse("exercises/breach.yaml", EXERCISE).unwrap();
    let r: Record = parse("exercises/records/r.yaml", RECORD).unwrap();
    score(&ex, &r, &deadlines(), Bands::default())
}

#[test]
fn a_three_stage_obligation_is_scored_on_the_story_clock() {
    let s = scored();
    // Awareness is inject `two`, story 2h = 7,200 s; the story ends at inject `three`,
    // 70h = 252,000 s. The run starts 2026-03-02 09:00 UTC.
    let c: Vec<(&str, Option<u64>, Option<u64>, ClockStatus)> = s
        .clocks
        .iter()
        .map(|c| (c.stage.as_str(), c.due_secs, c.done_secs, c.status))
        .collect();
    assert_eq!(
        c,
        [
            // 72h after awareness: 7,200 + 259,200 = 266,400. Sent at 2h + 60m = 10,800.
            ("initial", Some(266_400), Some(10_800), ClockStatus::OnTime),
            // 4h after the initial notice was sent: 10,800 + 14,400 = 25,200, inside the
            // story (ended 252,000) and never sent.
            ("update", Some(25_200), None, ClockStatus::Missed),
            // One calendar month after 12:00 on 2 March: 2 April 12:00, 31 days + 3h after
            // the start = 2,678,400 + 10,800 = 2,689,200; after the story ended.
            ("final", Some(2_689_200), None, ClockStatus::NotReached),
        ],
        "{:#?}",
        s.clocks
    );
    assert!(
        s.clocks
            .iter()
            .all(|c| c.obligation.as_str() == "regulator-notice")
    );
    // The action that notified the regulator is scored against the initial stage:
    // 72h = 4,320 minutes from awareness; it came 3,600 s after awareness.
    let a = s
        .actions
        .iter()
        .find(|a| a.id.as_str() == "tell-regulator")
        .unwrap();
    let d = a.scheme_deadline.as_ref().unwrap();
    assert_eq!((d.minutes, d.scenario_elapsed_secs), (4_320, Some(3_600)));
    assert_eq!(a.timeliness, Timeliness::OnTime);
}

#[test]
fn the_level_in_force_follows_the_escalation_the_team_made() {
    let s = scored();
    // The team escalated to sev1 at 2h + 10m; `tell-lead` (inject `three`, 70h) is judged
    // against Critical's 15 minutes, not the script's High (60 minutes): 20 minutes is late.
    let a = s
        .actions
        .iter()
        .find(|a| a.id.as_str() == "tell-lead")
        .unwrap();
    let d = a.scheme_deadline.as_ref().unwrap();
    assert_eq!(d.minutes, 15, "{d:?}");
    assert!(d.source.contains("Critical"), "{d:?}");
    assert_eq!(a.timeliness, Timeliness::Late);
}
