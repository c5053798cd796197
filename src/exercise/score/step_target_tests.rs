//! Tests of a step's own time target (`within:` on a playbook step): an action that
//! carries out the step and sets no target of its own is judged by it.

use super::*;
use crate::load::yaml::parse;

const EXERCISE: &str = r#"
id: drill
title: Drill
duration: 1h
summary: A drill.
scenario: Something happens.
severity: sev2
participants: [desk]
facilitator: lead
objectives:
  - id: report
    text: Report it
    capability: detection-and-reporting
injects:
  - id: one
    at: 0m
    title: First
    brief: An alert.
    expected:
      - id: triage
        what: Triage the report
        step: pb/triage
        role: desk
        objective: report
      - id: triage-own
        what: Triage the second report
        step: pb/triage
        role: desk
        within: 30m
        objective: report
      - id: untargeted
        what: Write it down
        step: pb/log
        role: desk
        objective: report
"#;

/// The scheme's deadlines with one step target: `pb/triage` within 15 minutes.
fn deadlines() -> Deadlines {
    Deadlines {
        steps: [("pb/triage".to_owned(), Minutes(15))]
            .into_iter()
            .collect(),
        ..Deadlines::default()
    }
}

/// Scores a run where every action was done `minutes` after its inject.
fn run_at(minutes: u32) -> Score {
    let ex: Exercise = parse("exercises/drill.yaml", EXERCISE).unwrap();
    let record = format!(
        "exercise: drill\ndate: 2026-11-02\nobservations:\n\
         \x20 - {{action: triage, outcome: met, elapsed: {minutes}m}}\n\
         \x20 - {{action: triage-own, outcome: met, elapsed: {minutes}m}}\n\
         \x20 - {{action: untargeted, outcome: met, elapsed: {minutes}m}}\n"
    );
    let r: Record = parse("exercises/records/r.yaml", &record).unwrap();
    score(&ex, &r, &deadlines(), Bands::default())
}

fn action<'a>(s: &'a Score, id: &str) -> &'a ActionScore {
    s.actions.iter().find(|a| a.id.as_str() == id).unwrap()
}

#[test]
fn an_action_without_a_target_is_late_past_its_steps() {
    let s = run_at(20);
    let a = action(&s, "triage");
    assert_eq!(a.timeliness, Timeliness::Late);
    assert_eq!(
        (a.target_minutes, a.target_from),
        (Some(15), Some(TargetFrom::Step))
    );
    assert_eq!(
        a.target_words().as_deref(),
        Some("15 minutes, set by the step")
    );
    // The improvement plan says where the target came from.
    let item = s
        .plan
        .iter()
        .find(|p| p.action.as_ref() == Some(&a.id))
        .unwrap();
    assert!(
        item.area_for_improvement
            .contains("late, took 20m (target 15 minutes, set by the step)"),
        "{}",
        item.area_for_improvement
    );
}

#[test]
fn an_action_without_a_target_is_on_time_within_its_steps() {
    let s = run_at(10);
    let a = action(&s, "triage");
    assert_eq!(a.timeliness, Timeliness::OnTime);
    assert_eq!(a.target_minutes, Some(15));
}

#[test]
fn an_actions_own_target_wins_over_its_steps() {
    // 20 minutes: past the step's 15, within the action's own 30.
    let s = run_at(20);
    let a = action(&s, "triage-own");
    assert_eq!(a.timeliness, Timeliness::OnTime);
    assert_eq!(
        (a.target_minutes, a.target_from),
        (Some(30), Some(TargetFrom::Action))
    );
    assert_eq!(a.target_words().as_deref(), Some("30 minutes"));
    // 40 minutes: past its own too.
    assert_eq!(
        action(&run_at(40), "triage-own").timeliness,
        Timeliness::Late
    );
}

#[test]
fn a_step_without_a_target_gives_none() {
    let a = run_at(500).actions.remove(2);
    assert_eq!(a.id.as_str(), "untargeted");
    assert_eq!((a.target_minutes, a.target_from), (None, None));
    assert_eq!(a.timeliness, Timeliness::NoTarget);
}
