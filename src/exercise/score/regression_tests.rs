//! The unusual runs an independent hand computation found scored wrong (issue #23):
//! skipped injects, branches that raise the level, hand-written and console
//! observations, band edges, disagreeing evaluators. Each test fails on the old code.

use super::tests::{EXERCISE, action, run, run_on};
use super::*;

#[test]
fn points_of_a_skipped_inject_are_not_earned() {
    // Issue #23, bug 1. Inject `two` is skipped but an evaluator noted `isolate` (3
    // points) as met anyway. By hand: the injects played hold call-desk (2) and
    // notify-lead (1 by default), so 3 points are possible; call-desk met earns 2.
    // `isolate` earns nothing: its inject never happened in this run.
    let s = run(r#"
exercise: drill
date: 2026-11-02
skipped: [two]
observations:
  - {action: call-desk, outcome: met, elapsed: 3m}
  - {action: isolate, outcome: met, elapsed: 5m}
"#);
    assert_eq!(
        s.points,
        Share {
            count: 2,
            of: 3,
            percent: Some(66.7)
        }
    );
    assert_eq!(action(&s, "isolate").earned, 0);
}

#[test]
fn actions_of_a_skipped_inject_reach_no_finding_and_no_plan() {
    // Issue #23, bug 2. Inject `two` is skipped, yet its actions were noted: isolate met
    // on time, tell-regulator not met, escalate disputed. None of it happened in this run,
    // so by hand the findings come from inject `one` alone: call-desk met on time (3m of
    // 10m) and objective `report` at 1 of 1 met, rated P. Nothing is late or missed, so the
    // plan is empty, and no action is disputed.
    let s = run(r#"
exercise: drill
date: 2026-11-02
skipped: [two]
evaluators:
  - {id: ann, name: Ann}
  - {id: bob, name: Bob}
observations:
  - {action: call-desk, outcome: met, elapsed: 3m, evaluator: ann}
  - {action: isolate, outcome: met, elapsed: 5m, evaluator: ann}
  - {action: tell-regulator, outcome: not-met, evaluator: ann, note: nobody called}
  - {action: escalate, outcome: met, evaluator: ann}
  - {action: escalate, outcome: not-met, evaluator: bob, note: too slow}
"#);
    assert_eq!(
        s.strengths,
        vec![
            "Report it: performed without challenges".to_owned(),
            "Call the service desk (on time)".to_owned(),
        ]
    );
    assert!(
        s.areas_for_improvement.is_empty(),
        "{:?}",
        s.areas_for_improvement
    );
    assert!(s.plan.is_empty(), "{:#?}", s.plan);
    assert!(s.agreement.actions_disputed.is_empty());
    // The unplayed action's outcome is Not observed, so the timeline and the trend do not
    // show it as done; what the evaluator noted is kept with it.
    let iso = action(&s, "isolate");
    assert_eq!(
        (iso.outcome, iso.timeliness, iso.elapsed_secs),
        (Outcome::NotObserved, Timeliness::NotApplicable, None)
    );
    assert_eq!(iso.evaluations.len(), 1);
    assert_eq!(iso.evaluations[0].outcome, Outcome::Met);
}

/// An exercise whose middle inject is a branch that raises the level to critical.
const BRANCHING: &str = r#"
id: branching
title: Branching
duration: 1h
summary: A drill with a branch.
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
      - id: call-desk
        what: Call the service desk
        step: pb/report
        role: desk
        objective: report
    branches:
      - {when: the team hesitates, goto: worse}
  - id: worse
    at: 10m
    title: It spreads
    severity: sev1
    brief: Worse.
    expected:
      - id: isolate
        what: Isolate the server
        step: pb/isolate
        role: ops
        objective: report
  - id: three
    at: 20m
    title: Third
    brief: Later.
    expected:
      - id: notify-lead
        what: Page the lead
        step: pb/page
        role: desk
        notifies: lead
        objective: report
"#;

#[test]
fn a_skipped_inject_does_not_change_the_level_in_force() {
    // Issue #23, bug 3. The branch `worse` would raise the level to sev1 (15m target) but
    // was skipped, so at inject `three` the level is still the exercise's sev2, whose
    // response target is 60m. Paging the lead 20m after `three` is on time by hand.
    let s = run_on(
        BRANCHING,
        r#"
exercise: branching
date: 2026-11-02
skipped: [worse]
observations:
  - {action: call-desk, outcome: met}
  - {action: notify-lead, outcome: met, elapsed: 20m}
"#,
    );
    let page = action(&s, "notify-lead");
    let d = page.scheme_deadline.as_ref().unwrap();
    assert_eq!(
        (d.source.as_str(), d.minutes),
        ("High (sev2) response target", 60)
    );
    assert_eq!(page.timeliness, Timeliness::OnTime);
    assert_eq!((s.on_time.count, s.on_time.of), (1, 1));
    assert!(s.plan.is_empty(), "{:#?}", s.plan);
    // A live run that ended without giving `worse` skips it the same way: 1200s after
    // inject `three` is 20m, within sev2's hour.
    let live = run_on(
        BRANCHING,
        r#"
exercise: branching
date: 2026-11-02
events:
  - {t: 0, wall: 0, kind: start}
  - {t: 0, wall: 0, kind: inject, inject: one}
  - {t: 600, wall: 600, kind: inject, inject: three}
  - {t: 1800, wall: 1800, kind: mark, action: notify-lead, outcome: met}
  - {t: 1900, wall: 1900, kind: end}
"#,
    );
    let page = action(&live, "notify-lead");
    assert_eq!(page.elapsed_secs, Some(1200));
    assert_eq!(page.scheme_deadline.as_ref().unwrap().minutes, 60);
    assert_eq!(page.timeliness, Timeliness::OnTime);
    // Played, the branch does raise it: the same 20m is then past sev1's 15m.
    let played = run_on(
        BRANCHING,
        r#"
exercise: branching
date: 2026-11-02
observations:
  - {action: notify-lead, outcome: met, elapsed: 20m}
"#,
    );
    let page = action(&played, "notify-lead");
    assert_eq!(page.scheme_deadline.as_ref().unwrap().minutes, 15);
    assert_eq!(page.timeliness, Timeliness::Late);
}

#[test]
fn every_hand_written_observation_counts() {
    // Issue #23, bug 4. Two hand-written observations of one action, unnamed (as in the
    // README's example) or by the same evaluator, are both kept and the worst wins. By
    // hand: call-desk not met (of not met + met), isolate met, escalate not met (of not
    // met + met): 1 of 3 evaluated actions met, 33.3%, both disputed, and both not-met
    // evidence notes reach the plan.
    let s = run(r#"
exercise: drill
date: 2026-11-02
evaluators:
  - {id: ann, name: Ann}
observations:
  - {action: call-desk, outcome: not-met, note: rang the wrong number}
  - {action: call-desk, outcome: met, elapsed: 2m}
  - {action: isolate, outcome: met, elapsed: 5m, evaluator: ann}
  - {action: escalate, outcome: not-met, evaluator: ann, note: nobody decided}
  - {action: escalate, outcome: met, evaluator: ann}
"#);
    assert_eq!(
        s.performance,
        Share {
            count: 1,
            of: 3,
            percent: Some(33.3)
        }
    );
    assert_eq!(action(&s, "call-desk").outcome, Outcome::NotMet);
    assert_eq!(action(&s, "call-desk").evaluations.len(), 2);
    assert_eq!(action(&s, "escalate").outcome, Outcome::NotMet);
    assert_eq!(
        s.agreement.actions_disputed,
        vec![
            Id::parse("call-desk").unwrap(),
            Id::parse("escalate").unwrap()
        ]
    );
    let areas: Vec<&str> = s
        .plan
        .iter()
        .map(|p| p.area_for_improvement.as_str())
        .collect();
    assert_eq!(
        areas,
        vec![
            "Call the service desk: not met. rang the wrong number",
            "Raise to critical: not met. nobody decided",
        ]
    );
}

#[test]
fn console_marks_correct_each_other_but_not_hand_written_observations() {
    // The live log is a click stream: a later mark by the same evaluator is a correction
    // (not met at 5m, then met at 7m: met). A hand-written observation stands beside the
    // log's last word, and the worst wins: ann's written not met beats her clicked met.
    let s = run(r#"
exercise: drill
date: 2026-11-02
evaluators:
  - {id: ann, name: Ann}
observations:
  - {action: isolate, outcome: not-met, evaluator: ann, note: only unplugged a cable}
events:
  - {t: 0, wall: 100, kind: start}
  - {t: 0, wall: 100, kind: inject, inject: one}
  - {t: 300, wall: 400, kind: mark, action: call-desk, outcome: not-met, evaluator: ann, note: oops}
  - {t: 420, wall: 520, kind: mark, action: call-desk, outcome: met, evaluator: ann}
  - {t: 1200, wall: 1300, kind: inject, inject: two}
  - {t: 1500, wall: 1600, kind: mark, action: isolate, outcome: met, evaluator: ann}
"#);
    let call = action(&s, "call-desk");
    assert_eq!((call.outcome, call.evaluations.len()), (Outcome::Met, 1));
    let iso = action(&s, "isolate");
    assert_eq!((iso.outcome, iso.evaluations.len()), (Outcome::NotMet, 2));
    assert!(iso.disagreement);
}

#[test]
fn bands_compare_the_exact_share_not_the_rounded_percentage() {
    // Issue #23, bug 5. 31 of 47 is 65.957...%, which rounds to 66.0% but is below the 66%
    // band: M, not S. The objective has 47 actions, 31 met and 16 not met.
    let mut ex = String::from(
        "id: many\ntitle: Many\nduration: 1h\nsummary: S.\nscenario: S.\nparticipants: [desk]\nfacilitator: lead\nobjectives:\n  - {id: report, text: Report it, capability: detection-and-reporting}\ninjects:\n  - id: one\n    at: 0m\n    title: One\n    brief: B.\n    expected:\n",
    );
    let mut rec = String::from("exercise: many\ndate: 2026-11-02\nobservations:\n");
    for k in 0..47 {
        ex.push_str(&format!(
            "      - {{id: a{k}, what: Act {k}, step: pb/x, role: desk, objective: report}}\n"
        ));
        let outcome = if k < 31 { "met" } else { "not-met, note: no" };
        rec.push_str(&format!("  - {{action: a{k}, outcome: {outcome}}}\n"));
    }
    let s = run_on(&ex, &rec);
    let o = &s.objectives[0];
    assert_eq!((o.met.count, o.met.of, o.met.percent), (31, 47, Some(66.0)));
    assert_eq!(o.suggested, Some(Rating::M));
    assert_eq!(o.rating, Some(Rating::M));
    // The rounded figure would contradict the rating; the basis says how close it came.
    assert_eq!(
        o.basis,
        "suggested from 31 of 47 evaluated actions met (just under 66%)"
    );
    // Exactly on a band is in it: 33 of 50 is 66%, S.
    assert_eq!(suggest(33, 50, Bands::default()), Some(Rating::S));
}

#[test]
fn met_by_one_and_not_seen_by_another_stays_met_and_is_listed() {
    // Ann saw the desk called on time; Bob did not see it. The outcome stays Met (not
    // observed is never a fail) and the action is listed among the disagreements, so a
    // reader knows not everyone saw it. isolate: Ann met, Bob not met, Carol (named by id
    // only, not in `evaluators`) did not see it.
    let s = run(r#"
exercise: drill
date: 2026-11-02
evaluators:
  - {id: ann, name: Ann}
  - {id: bob, name: Bob}
observations:
  - {action: call-desk, outcome: met, elapsed: 4m, evaluator: ann}
  - {action: call-desk, outcome: not-observed, evaluator: bob}
  - {action: isolate, outcome: met, evaluator: ann}
  - {action: isolate, outcome: not-met, evaluator: bob, note: only unplugged a cable}
  - {action: isolate, outcome: not-observed}
  - {action: escalate, outcome: not-observed, evaluator: ann}
  - {action: escalate, outcome: not-observed, evaluator: bob}
"#);
    let call = action(&s, "call-desk");
    assert_eq!(call.outcome, Outcome::Met);
    assert_eq!(call.timeliness, Timeliness::OnTime);
    assert!(call.disagreement);
    assert_eq!(call.dispute.as_deref(), Some("met by Ann; not seen by Bob"));
    let iso = action(&s, "isolate");
    assert_eq!(iso.outcome, Outcome::NotMet);
    assert_eq!(
        iso.dispute.as_deref(),
        Some("met by Ann; not met by Bob; not seen by an unnamed evaluator")
    );
    // Nobody saw it: they agree, nothing to list.
    let esc = action(&s, "escalate");
    assert_eq!(
        (esc.outcome, esc.disagreement),
        (Outcome::NotObserved, false)
    );
    assert_eq!(esc.dispute, None);
    assert_eq!(
        s.agreement.actions_disputed,
        vec![
            Id::parse("call-desk").unwrap(),
            Id::parse("isolate").unwrap()
        ]
    );
    // Performance counts call-desk as met: 1 of 2 evaluated (isolate not met).
    assert_eq!((s.performance.count, s.performance.of), (1, 2));
}

#[test]
fn skipped_injects_are_not_listed_as_expecting_no_action() {
    // A scene-setting inject (no expected action) that was skipped is not part of this
    // run; the one that was played is listed.
    let ex = BRANCHING.replace(
        "  - id: three\n",
        "  - id: calm\n    at: 15m\n    title: Calm\n    brief: Nothing.\n  - id: quiet\n    at: 16m\n    title: Quiet\n    brief: Nothing.\n  - id: three\n",
    );
    let s = run_on(
        &ex,
        "exercise: branching\ndate: 2026-11-02\nskipped: [worse, calm]\n",
    );
    assert_eq!(s.injects_without_actions, vec![Id::parse("quiet").unwrap()]);
}

#[test]
fn ratings_are_one_per_evaluator_and_agreement_counts_evaluators() {
    // contain: Ann rated P, then M (a correction: M replaces P); Bob rated M. Two
    // evaluators, both M: they agree, and the rating is M.
    // report: Ann rated S twice. One evaluator: no agreement statistic, and the basis is
    // her single override.
    let s = run(r#"
exercise: drill
date: 2026-11-02
evaluators:
  - {id: ann, name: Ann}
  - {id: bob, name: Bob}
observations:
  - {action: call-desk, outcome: met, elapsed: 2m, evaluator: ann}
  - {action: isolate, outcome: met, elapsed: 5m, evaluator: ann}
ratings:
  - {objective: contain, evaluator: ann, rating: P, justification: fast}
  - {objective: contain, evaluator: bob, rating: M, justification: no decision log kept}
  - {objective: contain, evaluator: ann, rating: M, justification: "on reflection, no log"}
  - {objective: report, evaluator: ann, rating: S, justification: hesitated}
  - {objective: report, evaluator: ann, rating: S, justification: hesitated twice}
"#);
    let o = |id: &str| s.objectives.iter().find(|o| o.id.as_str() == id).unwrap();
    let contain = o("contain");
    let given: Vec<(&str, Rating, &str)> = contain
        .given
        .iter()
        .map(|g| (g.evaluator.as_str(), g.rating, g.justification.as_str()))
        .collect();
    assert_eq!(
        given,
        vec![
            ("ann", Rating::M, "on reflection, no log"),
            ("bob", Rating::M, "no decision log kept"),
        ]
    );
    assert_eq!(contain.agreement, Some(true));
    assert_eq!(contain.rating, Some(Rating::M));
    assert_eq!(contain.basis, "worst of 2 evaluators' ratings");
    let report = o("report");
    assert_eq!(report.given.len(), 1);
    assert_eq!(report.agreement, None);
    assert_eq!(report.basis, "rated by Ann (overrides the suggestion)");
    assert_eq!(
        (
            s.agreement.objectives_rated_by_several,
            s.agreement.agreeing
        ),
        (1, 1)
    );
}

#[test]
fn a_proposed_improvement_for_a_page_action_names_the_page() {
    // An action that carries out a scheme page, not a playbook step, is missed: the
    // proposed corrective action names the page, and the item links to it.
    let ex = EXERCISE.replace(
        "        step: pb/report\n        role: desk\n        within: 10m",
        "        page: content/scheme/reporting.md\n        role: desk\n        within: 10m",
    );
    let s = run_on(
        &ex,
        r#"
exercise: drill
date: 2026-11-02
observations:
  - {action: call-desk, outcome: not-met, note: nobody knew the number}
"#,
    );
    assert_eq!(s.plan.len(), 1);
    let p = &s.plan[0];
    assert_eq!(
        p.corrective_action,
        "Walk `desk` through scheme page `content/scheme/reporting.md` and rehearse it in the next exercise"
    );
    assert_eq!(p.step, None);
    assert_eq!(p.page.as_deref(), Some("content/scheme/reporting.md"));
}

#[test]
fn not_observed_actions_count_in_the_points_possible() {
    // Decision (issue #23): points possible are what the played injects offer, whoever
    // watched. isolate (3 points) not observed still counts in the 8 possible: 2 of 8 by
    // hand, 25%. Were it left out, writing "not observed" instead of "not met" would raise
    // the share; performance (1 of 1) is the figure that ignores what nobody saw.
    let s = run(r#"
exercise: drill
date: 2026-11-02
observations:
  - {action: call-desk, outcome: met, elapsed: 2m}
  - {action: isolate, outcome: not-observed}
"#);
    assert_eq!(
        s.points,
        Share {
            count: 2,
            of: 8,
            percent: Some(25.0)
        }
    );
    assert_eq!((s.performance.count, s.performance.of), (1, 1));
}
