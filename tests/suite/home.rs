//! The home pages: all staff start from how to report; the team starts from what it does
//! (playbooks by severity, the call tree and duty roles, deadline tools, exercises and the
//! improvement work still open).

use crate::common::*;

const DRILL: &str = include_str!("../fixtures/drill/exercise.yaml");
const RECORD: &str = include_str!("../fixtures/drill/record.yaml");

/// The minimal fixture with the drill exercise and two runs: the first with one item done
/// and one open, the second with one item in progress that is due sooner.
fn project() -> TempDir {
    let f = fixture("minimal");
    let records = f.path().join("exercises/records");
    std::fs::create_dir_all(&records).unwrap();
    std::fs::write(f.path().join("exercises/drill.yaml"), DRILL).unwrap();
    let first = format!(
        "{RECORD}  - objective: detect\n    corrective_action: DONE-ITEM retrain the desk\n    element: training\n    owner: desk\n    due: 2026-11-20\n    status: done\n"
    );
    std::fs::write(records.join("drill-2026-11-02.yaml"), first).unwrap();
    let second = RECORD
        .replace("date: 2026-11-02", "date: 2026-11-16")
        .replace(
            "    corrective_action: Pre-authorise the lead to filter\n",
            "    corrective_action: SOONER-ITEM write the filter runbook\n",
        )
        .replace(
            "due: 2027-01-31",
            "due: 2026-12-01\n    status: in-progress",
        );
    std::fs::write(records.join("drill-2026-11-16.yaml"), second).unwrap();
    f
}

/// The text between `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in the page"));
    let rest = &text[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// The text after `start` up to the next `end` (empty when there is no `start`).
fn after<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let rest = text.split_once(start).map_or("", |(_, r)| r);
    rest.split_once(end).map_or(rest, |(v, _)| v)
}

#[test]
fn team_home_starts_from_what_the_team_does() {
    let t = project();
    build_ok(t.path());
    let home = std::fs::read_to_string(t.path().join("public/isirt/index.html")).unwrap();

    for section in ["respond", "call", "deadlines", "improve", "scheme"] {
        assert!(
            home.contains(&format!("<h2 id=\"{section}\">")),
            "no {section} section"
        );
    }
    // Each playbook under its default severity: Flooding is High, the unknown event Low.
    let high = between(&home, "sev-group at-sev-1", "</div>");
    assert!(high.contains("playbooks/flood.html"), "{high}");
    assert!(!high.contains("playbooks/unknown-event.html"), "{high}");
    let low = between(&home, "sev-group at-sev-2", "</div>");
    assert!(low.contains("playbooks/unknown-event.html"), "{low}");
    // The call tree per level and the duty roles.
    assert!(
        home.contains("call-tree.html#call-high"),
        "no call tree link"
    );
    assert!(home.contains("Duty roles"));
    assert!(home.contains("contacts.html#role-desk"));
    // No notification duties in this scheme: no calculator to point at.
    assert!(!home.contains("deadlines.html"));
    assert!(home.contains("forms/"), "no record form listed");

    // Runs newest first, and open improvement items soonest due first; done ones left out.
    let runs = between(&home, "id=\"runs-caption\"", "</table>");
    let (newer, older) = (
        runs.find("drill-2026-11-16.html").expect("the second run"),
        runs.find("drill-2026-11-02.html").expect("the first run"),
    );
    assert!(newer < older, "runs are not newest first");
    let items = between(&home, "id=\"improve-caption\"", "</table>");
    assert!(!items.contains("DONE-ITEM"), "a done item is listed");
    let sooner = items.find("SOONER-ITEM").expect("the item due sooner");
    let later = items
        .find("Pre-authorise the lead to filter")
        .expect("the open item");
    assert!(sooner < later, "items are not soonest due first: {items}");
    assert!(items.contains("<time>2026-12-01</time>") && items.contains("in progress"));
    // The navigation names the home for what it is in each edition.
    assert!(home.contains(">Home: respond to an incident<"));
    let staff = std::fs::read_to_string(t.path().join("public/staff/index.html")).unwrap();
    assert!(staff.contains(">Home: report an event<"));
    assert!(!staff.contains("Home: respond to an incident"));
}

#[test]
fn staff_home_stays_how_to_report() {
    let t = project();
    build_ok(t.path());
    let home = std::fs::read_to_string(t.path().join("public/staff/index.html")).unwrap();
    assert!(home.contains("id=\"report-heading\""), "no report box");
    for team_only in [
        "Duty roles",
        "Pre-authorise the lead to filter",
        "improve-caption",
        "id=\"respond\"",
    ] {
        assert!(
            !home.contains(team_only),
            "the staff home shows {team_only:?}"
        );
    }
}

/// The staff home of the example asks a reporter to fill in the event report (the scheme's
/// `intake:` form), not whichever form sorts first (once the chain of custody record), and
/// gives the new-starter path the time the awareness index gives it.
#[test]
fn staff_home_names_the_report_form_and_the_paths_own_time() {
    let t = example();
    build_ok(t.path());
    let home = std::fs::read_to_string(t.path().join("public/staff/index.html")).unwrap();
    let report = between(&home, "id=\"report-heading\"", "</section>");
    assert!(
        report.contains("fill in the <a href=\"forms/event-report.html\">"),
        "{report}"
    );
    assert!(!report.contains("chain-of-custody"), "{report}");

    let index =
        std::fs::read_to_string(t.path().join("public/staff/awareness/index.html")).unwrap();
    let first = between(&index, "class=\"learning-paths\"", "</li>");
    let href = after(first, "<a href=\"../", "\"");
    let minutes = after(first, "about ", " minutes");
    assert!(
        !href.is_empty() && minutes.parse::<u32>().is_ok(),
        "{first}"
    );
    let new_starter = between(report, "class=\"new-starter\"", "</p>");
    assert!(
        new_starter.contains(&format!("<a href=\"{href}\">"))
            && new_starter.contains(&format!("about {minutes} minutes")),
        "the home says {new_starter:?}; the awareness index lists {href} at about {minutes} minutes"
    );
}
