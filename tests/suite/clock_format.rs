//! The notification clock source formats through the real loader: irbook.yaml's `timezone`,
//! `holidays`, `working_days` and `clock_targets`, and the optional content/obligations.yaml.

use crate::common::{TempDir, fixture, run, stderr};
use irbook::model::clock::{Anchor, Deadline, Period, Unit, Weekday};
use std::path::Path;

const CLOCK_SETTINGS: &str = "
timezone: Europe/London
holidays: [2026-12-25, 2026-12-28]
working_days: [monday, tuesday, wednesday, thursday, saturday]
clock_targets:
  without_undue_delay: 12h
  immediately: 30m
";

const OBLIGATIONS: &str = "\
facts:
  - id: personal-data
    question: Is personal data involved?
    help: Names, addresses, account numbers or anything else about a person.
  - id: essential-service
    question: Is the essential service disrupted?
obligations:
  - id: regulator-notice
    title: Breach notice to the regulator
    party: cert
    basis:
      text: Data protection law, the breach notification article
      url: https://example.org/law
    applies_when:
      any: [personal-data]
      min_severity: high
      categories: [denial-of-service]
    audience: staff
    stages:
      - id: initial
        title: Initial notice
        what: The **facts known so far**.
        deadline: without undue delay after awareness, at latest 72h after awareness
        template: regulator-initial
      - id: final
        title: Final report
        what: Causes and measures.
        deadline: 1 month after initial
  - id: sector-warning
    title: Sector early warning
    party: cert
    basis:
      text: Sector rules
    stages:
      - id: warning
        title: Early warning
        what: That it happened.
        deadline: 4h after classification, at latest 24h after awareness
";

fn project(settings: &str, obligations: Option<&str>) -> TempDir {
    let t = fixture("minimal");
    let cfg = t.path().join("irbook.yaml");
    let mut text = std::fs::read_to_string(&cfg).unwrap();
    text.push_str(settings);
    std::fs::write(&cfg, text).unwrap();
    if let Some(o) = obligations {
        std::fs::write(t.path().join("content/obligations.yaml"), o).unwrap();
    }
    t
}

fn load(dir: &Path) -> irbook::load::Loaded {
    irbook::load::load(dir)
}

/// The line of `needle` in `text`, 1-based.
fn line_of(text: &str, needle: &str) -> u32 {
    text.lines().position(|l| l.contains(needle)).unwrap() as u32 + 1
}

#[test]
fn settings_and_obligations_load() {
    let t = project(CLOCK_SETTINGS, Some(OBLIGATIONS));
    let loaded = load(t.path());
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let scheme = loaded.scheme.unwrap();
    let cfg = &scheme.config.data;
    assert_eq!(cfg.timezone.as_ref().unwrap().as_str(), "Europe/London");
    assert_eq!(cfg.holidays.len(), 2);
    assert_eq!(cfg.holidays[1].to_string(), "2026-12-28");
    let week: Vec<Weekday> = cfg.working_days.as_ref().unwrap().days().collect();
    assert_eq!(week.len(), 5);
    assert!(week.contains(&Weekday::Saturday) && !week.contains(&Weekday::Friday));
    assert_eq!(
        cfg.clock_targets.immediately.value,
        Period {
            count: 30,
            unit: Unit::Minutes
        }
    );

    let cal = irbook::model::clock::Calendar::from_config(cfg);
    assert_eq!(cal.zone.as_str(), "Europe/London");
    assert_eq!(cal.holidays.len(), 2);
    assert!(cal.working_days.contains(Weekday::Saturday));
    assert_eq!(cal.targets.without_undue_delay.to_string(), "12h");

    let doc = scheme.obligations.expect("obligations.yaml was read");
    assert_eq!(doc.file, "content/obligations.yaml");
    let o = &doc.data;
    assert_eq!(o.facts.len(), 2);
    assert!(o.facts[1].help.is_none());
    let notice = &o.obligations[0];
    assert_eq!(notice.party.as_str(), "cert");
    assert_eq!(notice.applies_when.any[0].as_str(), "personal-data");
    assert_eq!(
        notice.applies_when.min_severity.as_ref().unwrap().as_str(),
        "high"
    );
    assert_eq!(notice.stages.len(), 2);
    let initial = &notice.stages[0].deadline;
    assert!(initial.at_latest.is_some());
    // Positions are kept for the check rules to come.
    assert_eq!(
        initial.pos.line,
        line_of(OBLIGATIONS, "without undue delay")
    );
    let final_deadline: &Deadline = &notice.stages[1].deadline;
    assert_eq!(
        final_deadline.first.anchor,
        Anchor::Stage(irbook::model::Id::parse("initial").unwrap())
    );
    // An obligation with no conditions applies to every incident.
    let warning = &o.obligations[1];
    assert!(warning.applies_when.any.is_empty() && warning.applies_when.all.is_empty());
    assert!(warning.stages[0].template.is_none());
}

#[test]
fn a_project_without_the_new_settings_and_file_loads_as_before() {
    let t = project("", None);
    let loaded = load(t.path());
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let scheme = loaded.scheme.unwrap();
    assert!(scheme.obligations.is_none());
    let cfg = &scheme.config.data;
    assert!(cfg.timezone.is_none() && cfg.holidays.is_empty() && cfg.working_days.is_none());
    assert_eq!(cfg.clock_targets.without_undue_delay.to_string(), "24h");
    assert_eq!(cfg.clock_targets.immediately.to_string(), "1h");
    let cal = irbook::model::clock::Calendar::from_config(cfg);
    assert_eq!(cal.zone.as_str(), "UTC");
    assert_eq!(
        cal.working_days,
        irbook::model::clock::WorkingDays::default()
    );
}

#[test]
fn check_accepts_a_project_with_obligations() {
    // The template is checked by its own rule (E0128); this scheme has none.
    let text = OBLIGATIONS.replace("        template: regulator-initial\n", "");
    let t = project(CLOCK_SETTINGS, Some(&text));
    let out = run(t.path(), &["check"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("0 errors") || !err.contains("error"), "{err}");
}

/// Loads with one bad value and returns the single diagnostic.
fn one_problem(settings: &str, obligations: Option<&str>) -> irbook::check::diagnostic::Diagnostic {
    let t = project(settings, obligations);
    let mut loaded = load(t.path());
    assert_eq!(loaded.problems.len(), 1, "{:#?}", loaded.problems);
    irbook::check::load::diagnostic(&loaded.problems.pop().unwrap())
}

#[test]
fn a_bad_deadline_is_an_invalid_value_at_its_position_with_an_example() {
    let bad = OBLIGATIONS.replace("1 month after initial", "1.5 months after initial");
    let d = one_problem("", Some(&bad));
    assert_eq!(d.code.code, "E0003", "{d:?}");
    assert_eq!(d.file, "content/obligations.yaml");
    assert_eq!(d.line, line_of(&bad, "1.5 months"), "{d:?}");
    assert_eq!(d.column, 19, "{d:?}");
    assert!(d.message.contains("is not a deadline"), "{d:?}");
    assert!(d.message.contains("e.g."), "{d:?}");

    let zero = OBLIGATIONS.replace("4h after classification", "0m after classification");
    let d = one_problem("", Some(&zero));
    assert_eq!(d.code.code, "E0003", "{d:?}");
    assert!(d.message.contains("more than zero"), "{d:?}");
}

#[test]
fn bad_clock_settings_are_invalid_values_in_irbook_yaml() {
    let cases = [
        ("\ntimezone: Europe/Lodnon\n", "is not a time zone"),
        ("\nworking_days: []\n", "not a working week"),
        ("\nworking_days: [monday, funday]\n", "funday"),
        ("\nholidays: [2026-02-30]\n", "not a day"),
        ("\nclock_targets:\n  immediately: 0m\n", "more than zero"),
    ];
    for (settings, says) in cases {
        let d = one_problem(settings, None);
        assert_eq!(d.code.code, "E0003", "{settings}: {d:?}");
        assert_eq!(d.file, "irbook.yaml", "{settings}");
        assert!(d.line > 1, "{settings}: {d:?}");
        assert!(d.message.contains(says), "{settings}: {d:?}");
    }
}

#[test]
fn unknown_fields_in_obligations_are_refused() {
    let bad = OBLIGATIONS.replace(
        "        template: regulator-initial",
        "        templat: regulator-initial",
    );
    let d = one_problem("", Some(&bad));
    assert_eq!(d.code.code, "E0004", "{d:?}");
    assert_eq!(d.line, line_of(&bad, "templat:"));
    let d = one_problem("\nclock_targets:\n  soon: 2h\n", None);
    assert_eq!(d.code.code, "E0004", "{d:?}");
}

/// The minimal fixture's CERT with `reporting_deadline: 72h`, told at the High level, and a
/// team-only police unit with `reporting_deadline: 24h` told at High too; the drill exercise
/// (whose last inject tells the CERT) and its record.
fn party_deadline_project(obligations: Option<&str>) -> TempDir {
    let t = project("", obligations);
    let p = t.path();
    let contacts = p.join("content/contacts.yaml");
    let text = std::fs::read_to_string(&contacts).unwrap().replace(
        "    kind: cert\n",
        "    kind: cert\n    reporting_deadline: 72h\n    for_severity: [high]\n",
    );
    let police = "  - id: police\n    name: Police cyber unit\n    kind: law-enforcement\n    audience: isirt\n    reporting_deadline: 24h\n    for_severity: [high]\n    last_verified: 2026-10-01\n";
    std::fs::write(&contacts, format!("{text}{police}")).unwrap();
    std::fs::create_dir_all(p.join("exercises/records")).unwrap();
    let drill = crate::common::repo().join("tests/fixtures/drill");
    std::fs::copy(drill.join("exercise.yaml"), p.join("exercises/drill.yaml")).unwrap();
    std::fs::copy(
        drill.join("record.yaml"),
        p.join("exercises/records/drill-2026-11-02.yaml"),
    )
    .unwrap();
    t
}

/// The `<section>` of level `id` on a call tree page.
fn call_level(page: &str, id: &str) -> String {
    let start = page
        .find(&format!("id=\"call-{id}\""))
        .unwrap_or_else(|| panic!("no level {id}"));
    page[start..].split("</section>").next().unwrap().to_owned()
}

#[test]
fn a_party_reporting_deadline_is_a_clock_in_its_own_unit() {
    // No obligations.yaml: the CERT's reporting_deadline is its only clock.
    let t = party_deadline_project(None);
    let o = run(t.path(), &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let read = |p: &str| std::fs::read_to_string(t.path().join("public").join(p)).unwrap();
    let contacts = read("staff/contacts.html");
    assert!(
        contacts.contains("Report due within</dt><dd>72 hours</dd>"),
        "{contacts}"
    );
    assert!(!contacts.contains("3 days"), "72h shown as 3 days");
    // The call tree shows it at the level the party is told at, in its own unit; the team's
    // police unit only in the team's edition.
    let staff = read("staff/call-tree.html");
    let high = call_level(&staff, "high");
    assert!(
        high.contains("Reporting deadline</a>, 72 hours after awareness"),
        "{high}"
    );
    assert!(!high.contains("24 hours"), "{high}");
    assert!(!call_level(&staff, "low").contains("Reporting deadline"));
    let team = call_level(&read("isirt/call-tree.html"), "high");
    assert!(
        team.contains("Police cyber unit") && team.contains("24 hours after awareness"),
        "{team}"
    );

    // Scoring: the drill's last action tells the CERT, so the CERT's deadline applies, from
    // awareness (the first inject, 2026-11-02 09:00 UTC): due 72h later. The police unit is
    // told by no action, so its deadline does not apply.
    let o = run(
        t.path(),
        &[
            "exercise",
            "score",
            "exercises/records/drill-2026-11-02.yaml",
        ],
    );
    let text = String::from_utf8_lossy(&o.stdout);
    let clocks = text.split("Clocks (").nth(1).unwrap_or_default();
    let squashed: String = clocks.split_whitespace().collect::<Vec<_>>().join(" ");
    for want in [
        "1 stage deadline: 1 not reached",
        "not reached National CERT reporting deadline",
        "tell National CERT (reporting_deadline in contacts.yaml)",
        "deadline 72 hours after awareness",
        "due T+72h 00m Thu 5 Nov 2026 09:00 UTC",
        "done not seen: tell-cert was not observed",
    ] {
        assert!(squashed.contains(want), "no {want:?} in {clocks}");
    }

    // With an obligation of its own, the party's clocks are the obligation's: its
    // reporting_deadline still shows on the contacts page, but is no clock of its own.
    let own = OBLIGATIONS.replace("        template: regulator-initial\n", "");
    let t = party_deadline_project(Some(&own));
    let o = run(t.path(), &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let staff = std::fs::read_to_string(t.path().join("public/staff/call-tree.html")).unwrap();
    assert!(!staff.contains("Reporting deadline</a>"), "{staff}");
    let contacts = std::fs::read_to_string(t.path().join("public/staff/contacts.html")).unwrap();
    assert!(contacts.contains("Report due within</dt><dd>72 hours</dd>"));
    let o = run(
        t.path(),
        &[
            "exercise",
            "score",
            "exercises/records/drill-2026-11-02.yaml",
        ],
    );
    assert!(
        !String::from_utf8_lossy(&o.stdout).contains("reporting deadline"),
        "the party's own deadline still counts beside its obligation"
    );
}
