//! What the deadline calculator must show, worked out in Rust with irbook's own clock
//! engine, for tests/browser/deadlines.test.mjs: each case is a fragment to open in an
//! edition at a fixed "now", and the rows the page must list, in order.
//!
//! Only the clock engine (`Calendar::stage_due`) and the scheme come from the library; which
//! duties apply and how rows are ordered are written out here as the calculator's contract
//! says them, so the page is checked against an independent reading.

use irbook::model::clock::{Anchor, Calendar, Due, Moments, TermDue};
use irbook::model::index::Target;
use irbook::model::routes;
use irbook::model::{Id, Index, Scheme};
use irbook::pipeline::{Project, checked};
use jiff::Timestamp;
use jiff::civil::DateTime;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;

/// One case: what is entered, in which edition, and when "now" is (all local times in the
/// scheme's zone, `YYYY-MM-DDTHH:MM`).
struct Spec {
    name: &'static str,
    edition: &'static str,
    aware: String,
    detect: Option<String>,
    classify: Option<String>,
    facts: Vec<String>,
    level: Option<&'static str>,
    now: String,
    /// Extra instructions for the node test (print, interaction, screenshot).
    extra: Value,
}

/// The calculator's fragment for `spec`, in the order the page writes it (facts in the
/// order the page asks them).
fn fragment(s: &Scheme, spec: &Spec) -> String {
    let mut parts = vec![format!("aware={}", enc(&spec.aware))];
    if let Some(d) = &spec.detect {
        parts.push(format!("detect={}", enc(d)));
    }
    if let Some(c) = &spec.classify {
        parts.push(format!("classify={}", enc(c)));
    }
    let order: Vec<&str> = s
        .obligations
        .iter()
        .flat_map(|o| &o.data.facts)
        .map(|f| f.id.value.as_str())
        .filter(|f| spec.facts.iter().any(|x| x == f))
        .collect();
    if !order.is_empty() {
        parts.push(format!("facts={}", order.join(",")));
    }
    if let Some(l) = spec.level {
        parts.push(format!("level={l}"));
    }
    parts.join("&")
}

/// A local time as the page writes it into the fragment: as it is (colons need no escape).
fn enc(t: &str) -> String {
    t.to_owned()
}

fn instant(cal: &Calendar, local: &str) -> Timestamp {
    let dt = DateTime::strptime("%Y-%m-%dT%H:%M", local)
        .unwrap_or_else(|e| panic!("bad local time {local}: {e}"));
    cal.instant(dt).expect("a representable instant")
}

/// The page's "time left": whole minutes, rounded, as days, hours and minutes.
fn left(ms: i64) -> String {
    let m = (ms.unsigned_abs() as f64 / 60_000.0).round() as u64;
    let (d, h, mm) = (m / 1440, (m % 1440) / 60, m % 60);
    let mut parts = Vec::new();
    if d > 0 {
        parts.push(format!("{d} d"));
    }
    if h > 0 || d > 0 {
        parts.push(format!("{h} h"));
    }
    parts.push(format!("{mm} min"));
    if ms < 0 {
        format!("overdue by {}", parts.join(" "))
    } else {
        format!("{} left", parts.join(" "))
    }
}

/// What the page says for a due time it cannot know yet.
fn needs(terms: &[TermDue]) -> String {
    match terms.iter().find_map(|t| match t {
        TermDue::Needs(a) => Some(a),
        _ => None,
    }) {
        Some(Anchor::Awareness) => "needs when the organisation became aware".into(),
        Some(Anchor::Detection) => "needs when it was detected".into(),
        Some(Anchor::Classification) => "needs when it was classified".into(),
        Some(Anchor::Decision) => "needs when the decision was taken".into(),
        Some(Anchor::Stage(_)) => "needs an earlier notice".into(),
        None => "beyond the calendar".into(),
    }
}

/// The rows `spec` must show, in order.
fn rows(s: &Scheme, idx: &Index, cal: &Calendar, spec: &Spec) -> Vec<Value> {
    let rank = idx
        .audiences
        .iter()
        .position(|a| a.as_str() == spec.edition)
        .unwrap();
    let zone = cal.zone.zone();
    let o = &s.obligations.as_ref().expect("obligations").data;
    let visible_fact = |f: &Id| {
        o.facts
            .iter()
            .any(|x| x.id.value == *f && idx.rank(&x.audience) <= rank)
    };
    let ticked = |f: &Id| spec.facts.iter().any(|x| x == f.as_str()) && visible_fact(f);
    let aware = instant(cal, &spec.aware);
    let moments = Moments {
        awareness: Some(aware),
        detection: Some(spec.detect.as_ref().map_or(aware, |d| instant(cal, d))),
        classification: spec.classify.as_ref().map(|c| instant(cal, c)),
        decision: None,
    };
    let now = instant(cal, &spec.now);
    let level = spec.level.map(|l| idx.levels[&Id::parse(l).unwrap()]);
    let mut out: Vec<(Option<Timestamp>, Value)> = Vec::new();
    for ob in o
        .obligations
        .iter()
        .filter(|ob| idx.rank(&ob.audience) <= rank)
    {
        let w = &ob.applies_when;
        // A condition on a fact this edition may not see cannot rule the duty out.
        let any_ok = w.any.iter().any(|f| !visible_fact(&f.value))
            || w.any.is_empty()
            || w.any.iter().any(|f| ticked(&f.value));
        let all_ok = w
            .all
            .iter()
            .all(|f| !visible_fact(&f.value) || ticked(&f.value));
        let min = w.min_severity.as_ref().map(|l| idx.levels[&l.value]);
        let level_ok = match (level, min) {
            (Some(at), Some(min)) => at <= min,
            _ => true,
        };
        if !(any_ok && all_ok && level_ok) {
            continue;
        }
        let party = &s.contacts.data.external_parties[idx.parties[&ob.party.value]];
        let party_seen = idx.rank(&party.audience) <= rank;
        let channels: Vec<&str> = party
            .channels
            .iter()
            .filter(|c| party_seen && idx.rank(&c.audience) <= rank)
            .map(|c| c.value.value.as_str())
            .collect();
        let mut done = BTreeMap::new();
        for st in &ob.stages {
            let due = cal.stage_due(&st.deadline.value, &moments, &done);
            let at = due.due.at();
            if let Some(t) = at {
                done.insert(st.id.value.clone(), t);
            }
            let template = st.template.as_ref().and_then(|t| {
                let i = idx.templates[&t.value];
                let tpl = &s.templates[i];
                (idx.rank(&tpl.meta.audience) <= rank).then(|| {
                    json!({"href": routes::target(s, Target::Template(i)), "title": tpl.meta.title})
                })
            });
            let when = at.map(|t| {
                let z = zone.to_datetime(t);
                let off = zone.to_offset(t).seconds();
                let offset = format!(
                    "{}{:02}:{:02}",
                    if off < 0 { '-' } else { '+' },
                    off.abs() / 3600,
                    off.abs() % 3600 / 60
                );
                json!({
                    "datetime": format!("{}{offset}", z.strftime("%Y-%m-%dT%H:%M")),
                    // Pieces the shown date must contain, whatever the browser's locale data.
                    "parts": [
                        z.strftime("%a").to_string(),
                        z.day().to_string(),
                        z.strftime("%b").to_string(),
                        z.year().to_string(),
                        z.strftime("%H:%M").to_string(),
                    ],
                    "exact": matches!(due.due, Due::Exact { .. }),
                    "left": left(t.as_millisecond() - now.as_millisecond()),
                    "overdue": t < now,
                })
            });
            let row = json!({
                "obligation": ob.id.value.as_str(),
                "stage": st.id.value.as_str(),
                "notice": format!("{}: {}", ob.title.value, st.title.value),
                "due": when,
                "needs": at.is_none().then(|| needs(&due.terms)),
                "party": party_seen.then_some(party.name.as_str()),
                "channels": channels,
                "template": template,
                "level_note": (min.is_some() && level.is_none()).then(|| {
                    let l = &s.severity.data.levels[min.unwrap()];
                    format!("only at {} or more severe", l.name)
                }),
            });
            out.push((at, row));
        }
    }
    // Earliest first; unknown due times last; ties in the scheme's order (a stable sort).
    out.sort_by_key(|(at, _)| (at.is_none(), *at));
    out.into_iter().map(|(_, r)| r).collect()
}

/// The personal data breach exercise as the calculator's input: its facts, and its
/// awareness and classification moments on the story clock from `starts_at`.
fn exercise_spec(s: &Scheme, name: &'static str, id: &str) -> Spec {
    let ex = &s
        .exercises
        .iter()
        .find(|e| e.data.id.value.as_str() == id)
        .unwrap_or_else(|| panic!("no exercise {id}"))
        .data;
    let start = DateTime::strptime(
        "%Y-%m-%dT%H:%M",
        &ex.starts_at.as_ref().expect("starts_at").value,
    )
    .unwrap();
    let at = |inject: &Option<irbook::model::At<Id>>| {
        let i = inject
            .as_ref()
            .and_then(|x| ex.injects.iter().find(|i| i.id.value == x.value))
            .unwrap_or(&ex.injects[0]);
        let minutes = i.scenario_time.as_ref().map_or(i.at.value, |t| t.value).0;
        // Story time is elapsed time: added to the instant, not to the wall clock.
        let cal = Calendar::from_config(&s.config.data);
        let t = cal.instant(start).unwrap() + jiff::SignedDuration::from_mins(i64::from(minutes));
        cal.zone
            .zone()
            .to_datetime(t)
            .strftime("%Y-%m-%dT%H:%M")
            .to_string()
    };
    let aware = at(&ex.awareness);
    let classify = at(&ex.classification);
    Spec {
        name,
        edition: "isirt",
        aware,
        detect: None,
        classify: Some(classify.clone()),
        facts: ex.facts.iter().map(|f| f.value.to_string()).collect(),
        level: None,
        // "Now" is the moment the risk was judged high: the clocks as the team sees them then.
        now: classify,
        extra: json!({"screenshot": "calc-pdb.png", "table": true}),
    }
}

/// Writes the cases for the built example at `project` to `out` as JSON.
pub(super) fn write_cases(project: &Path, out: &Path) {
    let c = checked(&Project::open(project).unwrap())
        .unwrap_or_else(|_| panic!("the example does not check clean"));
    let (s, idx) = (&c.scheme, &c.idx);
    let cal = Calendar::from_config(&s.config.data);
    let t = |x: &str| x.to_owned();
    let every_fact: Vec<String> = s
        .obligations
        .iter()
        .flat_map(|o| &o.data.facts)
        .map(|f| f.id.value.to_string())
        .collect();
    let facts = |list: &[&str]| list.iter().map(|f| f.to_string()).collect::<Vec<_>>();
    let mut specs = Vec::new();
    for edition in ["staff", "isirt"] {
        // Friday evening before the clocks go back (25 October 2026): 72 hours from 17:00
        // BST end at 16:00 GMT; 3 working days from the card acquirer's call skip the
        // weekend; the people's notice waits for a classification time.
        specs.push(Spec {
            name: "autumn-clock-change",
            edition,
            aware: t("2026-10-23T17:00"),
            detect: None,
            classify: None,
            facts: facts(&[
                "personal-data",
                "customer-data",
                "high-risk",
                "essential-service",
                "payment-cards",
            ]),
            level: Some("sev1"),
            now: t("2026-10-24T09:30"),
            extra: json!({}),
        });
        // The same with the customer's data unticked on the page: the fragment and rows
        // must follow.
        specs.push(Spec {
            name: "autumn-clock-change-unticked",
            edition,
            aware: t("2026-10-23T17:00"),
            detect: None,
            classify: None,
            facts: facts(&[
                "personal-data",
                "high-risk",
                "essential-service",
                "payment-cards",
            ]),
            level: Some("sev1"),
            now: t("2026-10-24T09:30"),
            extra: json!({"from": "autumn-clock-change", "untick": "customer-data"}),
        });
        // Christmas Eve: working days skip Christmas, the weekend and the substitute
        // Boxing Day; no severity chosen, so the NIS2 stages show with their condition.
        specs.push(Spec {
            name: "christmas-working-days",
            edition,
            aware: t("2026-12-24T10:00"),
            detect: Some(t("2026-12-24T08:15")),
            classify: None,
            facts: facts(&["personal-data", "essential-service", "payment-cards"]),
            level: None,
            now: t("2026-12-29T12:00"),
            extra: json!({}),
        });
        // The night the clocks go forward (29 March 2026), classified in the small hours.
        specs.push(Spec {
            name: "spring-clock-change",
            edition,
            aware: t("2026-03-28T09:30"),
            detect: None,
            classify: Some(t("2026-03-29T00:30")),
            facts: facts(&["high-risk", "insurance-claim"]),
            level: None,
            now: t("2026-03-29T03:10"),
            extra: json!({}),
        });
    }
    // Every fact, most severe level, team edition: the longest clock sheet, printed.
    specs.push(Spec {
        name: "everything",
        edition: "isirt",
        aware: t("2026-09-07T16:20"),
        detect: None,
        classify: Some(t("2026-09-09T12:20")),
        facts: every_fact,
        level: Some("sev1"),
        now: t("2026-09-08T10:00"),
        extra: json!({"print": "calc-everything.pdf"}),
    });
    specs.push(exercise_spec(
        s,
        "personal-data-breach-exercise",
        "personal-data-breach-clock",
    ));

    let cases: Vec<Value> = specs
        .iter()
        .map(|spec| {
            let mut v = json!({
                "name": spec.name,
                "edition": spec.edition,
                "fragment": fragment(s, spec),
                "now_ms": instant(&cal, &spec.now).as_millisecond(),
                "rows": rows(s, idx, &cal, spec),
            });
            if let (Value::Object(m), Value::Object(extra)) = (&mut v, &spec.extra) {
                m.extend(extra.clone());
            }
            v
        })
        .collect();
    std::fs::write(
        out,
        serde_json::to_vec_pretty(&json!({"timezone": cal.zone.as_str(), "cases": cases})).unwrap(),
    )
    .unwrap();
}
