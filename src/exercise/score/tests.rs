//! Scoring the drill: outcomes, shares, bands, evaluator overrides and live logs; the
//! helpers here also serve `regression_tests`.

use super::*;
use crate::load::yaml::parse;
use crate::model::exercise::Status;

pub(super) const EXERCISE: &str = r#"
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
  - id: contain
    text: Contain it
    capability: containment
injects:
  - id: one
    at: 0m
    title: First
    brief: An alert.
    expected:
      - id: call-desk
        what: Call the service desk
        step: pb/report
        role: desk
        within: 10m
        points: 2
        objective: report
      - id: notify-lead
        what: Page the lead
        step: pb/page
        role: desk
        notifies: lead
        objective: report
  - id: two
    at: 20m
    scenario_time: 48h
    title: Second
    severity: sev1
    brief: Worse.
    expected:
      - id: isolate
        what: Isolate the server
        step: pb/isolate
        role: ops
        within: 15m
        points: 3
        objective: contain
      - id: tell-regulator
        what: Report to the regulator
        step: pb/report
        role: dpo
        notifies: regulator
        clock_from: one
        objective: contain
      - id: escalate
        what: Raise to critical
        step: pb/escalate
        role: lead
        escalates_to: sev1
        objective: contain
"#;

pub(super) fn deadlines() -> Deadlines {
    let id = |s: &str| Id::parse(s).unwrap();
    Deadlines {
        levels: [
            (id("sev1"), ("Critical".into(), Some(Minutes(15)))),
            (id("sev2"), ("High".into(), Some(Minutes(60)))),
        ]
        .into_iter()
        .collect(),
        improvement_days: 30,
        // The regulator's `reporting_deadline: 72h`, as contacts.yaml would give it.
        clocks: crate::exercise::clocks::ClockRules {
            obligations: vec![crate::exercise::clocks::party_rule(
                &id("regulator"),
                "The regulator",
                crate::model::clock::Period::parse("72h").unwrap(),
            )],
            ..Default::default()
        },
        steps: Default::default(),
        step_targets: Default::default(),
    }
}

pub(super) fn run(record: &str) -> Score {
    let ex: Exercise = parse("exercises/drill.yaml", EXERCISE).unwrap();
    let r: Record = parse("exercises/records/r.yaml", record).unwrap();
    score(&ex, &r, &deadlines(), Bands::default())
}

/// Scores `record` against another exercise than the drill.
pub(super) fn run_on(exercise: &str, record: &str) -> Score {
    let ex: Exercise = parse("exercises/other.yaml", exercise).unwrap();
    let r: Record = parse("exercises/records/r.yaml", record).unwrap();
    score(&ex, &r, &deadlines(), Bands::default())
}

pub(super) fn action<'a>(s: &'a Score, id: &str) -> &'a ActionScore {
    s.actions.iter().find(|a| a.id.as_str() == id).unwrap()
}

#[test]
fn nothing_done_is_not_a_fail() {
    let s = run("exercise: drill\ndate: 2026-11-02\n");
    assert_eq!(
        s.coverage,
        Share {
            count: 0,
            of: 5,
            percent: Some(0.0)
        }
    );
    assert_eq!(
        s.performance,
        Share {
            count: 0,
            of: 0,
            percent: None
        }
    );
    assert_eq!((s.points.count, s.points.of), (0, 8));
    assert_eq!(s.not_observed.len(), 5);
    assert!(
        s.objectives
            .iter()
            .all(|o| o.rating.is_none() && o.suggested.is_none())
    );
    assert!(s.plan.is_empty(), "nothing observed proposes nothing");
}

#[test]
fn everything_done_late() {
    // Every action met, each after its targets: call-desk 11m > 10m; notify-lead 61m >
    // sev2's 60m; isolate 16m > 15m; tell-regulator: story 48h - 0h + 24h1m > 72h;
    // escalate: 16m > sev1's 15m.
    let s = run(r#"
exercise: drill
date: 2026-11-02
observations:
  - {action: call-desk, outcome: met, elapsed: 11m}
  - {action: notify-lead, outcome: met, elapsed: 61m}
  - {action: isolate, outcome: met, elapsed: 16m}
  - {action: tell-regulator, outcome: met, elapsed: 1441m}
  - {action: escalate, outcome: met, elapsed: 16m}
"#);
    assert!(
        s.actions.iter().all(|a| a.timeliness == Timeliness::Late),
        "{:#?}",
        s.actions
    );
    assert_eq!(s.performance.percent, Some(100.0));
    assert_eq!(
        s.on_time,
        Share {
            count: 0,
            of: 5,
            percent: Some(0.0)
        }
    );
    assert_eq!((s.points.count, s.points.of), (8, 8));
    // Late is a timeliness problem, not a failure: both objectives still rate P.
    assert!(s.objectives.iter().all(|o| o.rating == Some(Rating::P)));
    assert_eq!(s.plan.len(), 5);
    assert!(s.plan.iter().all(|p| p.status == Status::Proposed));
    assert_eq!(s.plan[0].due.to_string(), "2026-12-02");
    let reg = action(&s, "tell-regulator")
        .scheme_deadline
        .as_ref()
        .unwrap();
    assert_eq!(reg.source, "The regulator reporting deadline");
    assert_eq!(reg.scenario_elapsed_secs, Some((48 + 24) * 3600 + 60));
    assert!(
        s.plan[3]
            .area_for_improvement
            .contains("late, took 24h 01m"),
        "{}",
        s.plan[3].area_for_improvement
    );
}

#[test]
fn shares_bands_and_on_time() {
    // contain: isolate met on time, tell-regulator not met, escalate met -> 2/3 = 66.7% -> S.
    // report: call-desk met, notify-lead not observed -> 1/1 -> P.
    let s = run(r#"
exercise: drill
date: 2026-11-02
observations:
  - {action: call-desk, outcome: met, elapsed: 10m}
  - {action: notify-lead, outcome: not-observed}
  - {action: isolate, outcome: met, elapsed: 15m}
  - {action: tell-regulator, outcome: not-met, note: nobody knew the deadline}
  - {action: escalate, outcome: met}
"#);
    assert_eq!(
        s.coverage,
        Share {
            count: 4,
            of: 5,
            percent: Some(80.0)
        }
    );
    assert_eq!(
        s.performance,
        Share {
            count: 3,
            of: 4,
            percent: Some(75.0)
        }
    );
    assert_eq!((s.points.count, s.points.of), (6, 8));
    assert_eq!(
        s.on_time,
        Share {
            count: 2,
            of: 2,
            percent: Some(100.0)
        }
    );
    assert_eq!(action(&s, "escalate").timeliness, Timeliness::NotTimed);
    let o = |id: &str| s.objectives.iter().find(|o| o.id.as_str() == id).unwrap();
    assert_eq!(o("report").rating, Some(Rating::P));
    assert_eq!(o("report").not_observed, 1);
    assert_eq!(o("contain").met.percent, Some(66.7));
    assert_eq!(o("contain").rating, Some(Rating::S));
    assert_eq!(s.not_observed, vec![Id::parse("notify-lead").unwrap()]);
    assert_eq!(s.plan.len(), 1);
    assert!(
        s.plan[0]
            .area_for_improvement
            .contains("nobody knew the deadline")
    );
}

#[test]
fn overrides_worst_of_evaluators_and_disagreement() {
    let s = run(r#"
exercise: drill
date: 2026-11-02
evaluators:
  - {id: ann, name: Ann}
  - {id: bob, name: Bob}
observations:
  - {action: call-desk, outcome: met, elapsed: 2m, evaluator: ann}
  - {action: call-desk, outcome: not-met, evaluator: bob, note: called the wrong number}
  - {action: isolate, outcome: met, evaluator: ann, elapsed: 5m}
ratings:
  - {objective: contain, evaluator: ann, rating: P, justification: fast and calm}
  - {objective: contain, evaluator: bob, rating: M, justification: no decision log kept}
  - {objective: report, evaluator: ann, rating: S, justification: hesitated}
"#);
    let call = action(&s, "call-desk");
    assert_eq!(call.outcome, Outcome::NotMet, "worst outcome wins");
    assert!(call.disagreement);
    assert_eq!(s.agreement.actions_disputed.len(), 1);
    let o = |id: &str| s.objectives.iter().find(|o| o.id.as_str() == id).unwrap();
    assert_eq!(o("contain").suggested, Some(Rating::P));
    assert_eq!(o("contain").rating, Some(Rating::M), "worst of P and M");
    assert_eq!(o("contain").agreement, Some(false));
    assert_eq!(o("contain").given.len(), 2);
    assert_eq!(o("report").suggested, Some(Rating::U));
    assert_eq!(
        o("report").rating,
        Some(Rating::S),
        "a single evaluator's override is used"
    );
    assert!(o("report").basis.contains("Ann"));
    assert_eq!(s.agreement.objectives_rated_by_several, 1);
    assert_eq!(s.agreement.agreeing, 0);
}

#[test]
fn live_log_times_from_the_inject_and_corrections_replace() {
    let s = run(r#"
exercise: drill
date: 2026-11-02
events:
  - {t: 0, wall: 100, kind: start}
  - {t: 0, wall: 100, kind: inject, inject: one}
  - {t: 300, wall: 400, kind: mark, action: call-desk, outcome: not-met, note: oops}
  - {t: 420, wall: 520, kind: mark, action: call-desk, outcome: met}
  - {t: 1200, wall: 1300, kind: inject, inject: two}
  - {t: 2400, wall: 2500, kind: mark, action: isolate, outcome: met}
"#);
    let call = action(&s, "call-desk");
    assert_eq!((call.outcome, call.elapsed_secs), (Outcome::Met, Some(420)));
    assert_eq!(call.timeliness, Timeliness::OnTime);
    let iso = action(&s, "isolate");
    assert_eq!(
        (iso.elapsed_secs, iso.timeliness),
        (Some(1200), Timeliness::Late)
    );
}

#[test]
fn skipped_injects_leave_coverage_alone() {
    // Inject `two` was skipped by a branch: its three actions (5 points) drop out.
    let s = run(r#"
exercise: drill
date: 2026-11-02
skipped: [two]
observations:
  - {action: call-desk, outcome: met, elapsed: 3m}
  - {action: notify-lead, outcome: not-observed}
"#);
    assert_eq!(
        s.coverage,
        Share {
            count: 1,
            of: 2,
            percent: Some(50.0)
        }
    );
    assert_eq!((s.points.count, s.points.of), (2, 3));
    assert_eq!(s.not_played.len(), 3);
    assert_eq!(s.not_observed, vec![Id::parse("notify-lead").unwrap()]);
    let contain = s
        .objectives
        .iter()
        .find(|o| o.id.as_str() == "contain")
        .unwrap();
    assert_eq!((contain.evaluated.of, contain.rating), (0, None));
    // A live run that ended without giving inject `two` skips it the same way.
    let live = run(r#"
exercise: drill
date: 2026-11-02
events:
  - {t: 0, wall: 0, kind: start}
  - {t: 0, wall: 0, kind: inject, inject: one}
  - {t: 60, wall: 60, kind: mark, action: call-desk, outcome: met}
  - {t: 90, wall: 90, kind: end}
"#);
    assert_eq!(live.not_played.len(), 3);
    assert_eq!(live.coverage.of, 2);
}

#[test]
fn bands_edges() {
    let b = Bands::default();
    assert_eq!(suggest(4, 5, b), Some(Rating::P));
    assert_eq!(suggest(799, 1000, b), Some(Rating::S));
    assert_eq!(suggest(66, 100, b), Some(Rating::S));
    assert_eq!(suggest(659, 1000, b), Some(Rating::M));
    assert_eq!(suggest(1, 2, b), Some(Rating::M));
    assert_eq!(suggest(499, 1000, b), Some(Rating::U));
    assert_eq!(suggest(0, 0, b), None);
    assert_eq!(clock(3725), "1h 02m 05s");
}
