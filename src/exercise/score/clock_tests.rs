//! Scoring against notification clocks: a three-stage obligation and an escalation the
//! team made mid-exercise, with figures worked out by hand in the comments.

use super::*;
use crate::exercise::clocks::{ClockRules, ClockStatus, ObligationRule, StageRule, party_rule};
use crate::load::yaml::parse;
use crate::model::clock::{Calendar, Condition, Deadline, Period};

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
      - id: tell-press
        what: Tell the press office
        page: content/scheme/x.md
        role: lead
        notifies: press
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
      - id: tell-police
        what: Report to the police
        page: content/scheme/x.md
        role: lead
        notifies: police
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
        improvement_days: 30,
        clocks: ClockRules {
            calendar: Calendar::default(),
            obligations: vec![
                ObligationRule {
                    id: id("regulator-notice"),
                    title: "Breach notice".into(),
                    party: id("regulator"),
                    party_name: "The regulator".into(),
                    from_party: false,
                    condition: Condition {
                        any: vec![id("personal-data")],
                        ..Condition::default()
                    },
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
                    party_name: "The insurer".into(),
                    from_party: false,
                    condition: Condition {
                        all: vec![id("ransom")],
                        ..Condition::default()
                    },
                    stages: vec![stage("notice", "Notice", "48h after awareness")],
                },
            ],
            levels,
            playbook_categories: Default::default(),
        },
        steps: Default::default(),
        step_targets: Default::default(),
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

/// The rules with three parties' own reporting deadlines (`reporting_deadline:` in
/// contacts.yaml) besides the obligations: the police (24h) and the press office (1h), whom
/// the exercise's actions notify, and a supplier (1h), whom none does.
fn with_parties() -> Deadlines {
    let mut d = deadlines();
    let id = |s: &str| Id::parse(s).unwrap();
    for (party, name, period) in [
        ("police", "The police", "24h"),
        ("press", "The press office", "1h"),
        ("supplier", "The supplier", "1h"),
    ] {
        let rule = party_rule(&id(party), name, Period::parse(period).unwrap());
        d.clocks.obligations.push(rule);
    }
    d
}

fn scored_with_parties(record: &str) -> Score {
    let ex: Exercise = parse("exercises/breach.yaml", EXERCISE).unwrap();
    let r: Record = parse("exercises/records/r.yaml", record).unwrap();
    score(&ex, &r, &with_parties(), Bands::default())
}

/// One clock as the tests compare it: obligation, stage, due, done, status.
type Row = (String, String, Option<u64>, Option<u64>, ClockStatus);

/// Every clock of a score as rows.
fn table(s: &Score) -> Vec<Row> {
    s.clocks
        .iter()
        .map(|c| {
            (
                c.obligation.to_string(),
                c.stage.to_string(),
                c.due_secs,
                c.done_secs,
                c.status,
            )
        })
        .collect()
}

fn row(ob: &str, st: &str, due: Option<u64>, done: Option<u64>, status: ClockStatus) -> Row {
    (ob.into(), st.into(), due, done, status)
}

#[test]
fn a_party_reporting_deadline_is_a_one_stage_clock_from_awareness() {
    let s = scored_with_parties(&format!(
        "{RECORD}  - {{action: tell-press, outcome: met, elapsed: 20m}}\n  - {{action: tell-police, outcome: met, elapsed: 30m}}\n"
    ));
    // Awareness is story 2h = 7,200 s. The press office: 1h after awareness = 10,800; told
    // at 2h + 20m = 8,400: on time. The police: 24h after awareness = 93,600; told at
    // inject `three` (70h = 252,000) + 30m = 253,800: late. The supplier is told by no
    // action, so its deadline does not apply to this exercise.
    let t = table(&s);
    assert_eq!(
        t[3..],
        [
            row(
                "police",
                "report",
                Some(93_600),
                Some(253_800),
                ClockStatus::Late
            ),
            row(
                "press",
                "report",
                Some(10_800),
                Some(8_400),
                ClockStatus::OnTime
            ),
        ],
        "{t:#?}"
    );
    let c = &s.clocks[3];
    assert!(
        c.from_party && c.deadline == "24 hours after awareness",
        "{c:#?}"
    );
    assert_eq!(c.anchor.as_deref(), Some("awareness"));
    // The action is scored against it, from awareness, in its own unit.
    let a = s
        .actions
        .iter()
        .find(|a| a.id.as_str() == "tell-police")
        .unwrap();
    let d = a.scheme_deadline.as_ref().unwrap();
    assert_eq!(d.source, "The police reporting deadline");
    assert_eq!(d.limit, "24 hours after awareness");
    assert_eq!(
        (d.minutes, d.scenario_elapsed_secs),
        (1_440, Some(253_800 - 7_200))
    );
    assert_eq!(a.timeliness, Timeliness::Late);
}

#[test]
fn a_clock_the_record_cannot_time_is_unknown_unless_it_was_surely_late_or_missed() {
    // Met with no time recorded: the regulator's initial notice (inject `two`, 7,200 s,
    // before its due time 266,400) cannot be judged, and the stages counting from it have
    // no due time; the police report (inject `three`, 252,000 s, after its due time 93,600)
    // was late whenever it was sent. Not met: the press office's notice (due 10,800, inside
    // the story) was missed.
    let s = scored_with_parties(
        "exercise: breach\ndate: 2026-03-02\nobservations:\n  - {action: tell-regulator, outcome: met}\n  - {action: tell-press, outcome: not-met, note: forgot}\n  - {action: tell-police, outcome: met}\n",
    );
    assert_eq!(
        table(&s),
        [
            row(
                "regulator-notice",
                "initial",
                Some(266_400),
                None,
                ClockStatus::Unknown
            ),
            row(
                "regulator-notice",
                "update",
                None,
                None,
                ClockStatus::Unknown
            ),
            row(
                "regulator-notice",
                "final",
                None,
                None,
                ClockStatus::Unknown
            ),
            row("police", "report", Some(93_600), None, ClockStatus::Late),
            row("press", "report", Some(10_800), None, ClockStatus::Missed),
        ]
    );
    assert_eq!(
        s.clocks[1].needs.as_deref(),
        Some("the time stage `initial` was completed")
    );
    // Not observed is never a fail while the action could have been in time: the press
    // office's inject (7,200) came before its due time. The police's inject came after its
    // due time, so that report was missed whether or not anyone saw it.
    let s = scored_with_parties(
        "exercise: breach\ndate: 2026-03-02\nobservations:\n  - {action: tell-press, outcome: not-observed}\n  - {action: tell-police, outcome: not-observed}\n",
    );
    let t = table(&s);
    assert_eq!(
        t[3..],
        [
            row("police", "report", Some(93_600), None, ClockStatus::Missed),
            row("press", "report", Some(10_800), None, ClockStatus::Unknown),
        ]
    );
}

#[test]
fn clock_times_are_on_the_wall_clock_of_the_scheme() {
    // The run starts 2026-03-02 09:00 UTC (no `starts_at`, the default calendar); awareness
    // at story 2h is 11:00; the initial notice is due 72h later, Thursday 5 March 11:00.
    let s = scored();
    let c = &s.clocks[0];
    assert_eq!(c.from_wall.as_deref(), Some("Mon 2 Mar 2026 11:00 UTC"));
    assert_eq!(c.due_wall.as_deref(), Some("Thu 5 Mar 2026 11:00 UTC"));
    assert_eq!(c.due_at.as_deref(), Some("2026-03-05T11:00+00:00"));
    assert_eq!(c.done_wall.as_deref(), Some("Mon 2 Mar 2026 12:00 UTC"));
    assert_eq!(s.timezone, "UTC");
}

#[test]
fn an_obligation_limited_to_categories_applies_only_to_runs_in_them() {
    let id = |s: &str| Id::parse(s).unwrap();
    let mut rules = deadlines().clocks;
    rules.obligations[0].condition.categories = vec![id("data-breach")];
    rules.playbook_categories = [
        (id("phishing"), id("social-engineering")),
        (id("lost-laptop"), id("data-breach")),
    ]
    .into_iter()
    .collect();
    let facts = [id("personal-data")];
    let applies = |steps: &[&str]| {
        let categories = rules.categories_of(steps.iter().copied());
        rules
            .applying(&facts, Some(0), &categories, &[])
            .any(|o| o.id == id("regulator-notice"))
    };
    assert!(!applies(&["phishing/report", "phishing/block"]));
    assert!(applies(&["phishing/report", "lost-laptop/wipe"]));
    // No step names a playbook: the category is not known, and the duty is kept.
    assert!(applies(&[]));
}

#[test]
fn a_severity_limit_rules_a_duty_out_only_once_the_severity_is_known() {
    let id = |s: &str| Id::parse(s).unwrap();
    let mut rules = deadlines().clocks;
    // Applies at the most severe level (position 0) only.
    rules.obligations[0].condition.min_level = Some(0);
    let facts = [id("personal-data")];
    let applies = |worst: Option<usize>| {
        rules
            .applying(&facts, worst, &[], &[])
            .any(|o| o.id == id("regulator-notice"))
    };
    assert!(applies(Some(0)));
    assert!(!applies(Some(1)), "the run never reached the level");
    // No inject set a severity: as for an unknown category, the duty is kept.
    assert!(applies(None));
}
