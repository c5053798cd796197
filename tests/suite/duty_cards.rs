//! Duty cards generated from the `minimal` fixture, with an escalation, a call-tree order
//! and a rota added: each card's first steps, decisions, escalations and calls are exactly
//! those the sources give the role, in both editions.

use crate::common::html::{doc, sel, spaced as text};
use crate::common::*;
use scraper::Html;
use std::path::Path;

fn texts(d: &Html, s: &str) -> Vec<String> {
    d.select(&sel(s)).map(text).collect()
}

/// The minimal fixture, where the desk's confirmation step calls in the lead when the site
/// is down, the call tree calls the lead after the desk at Low, and Ann and Bob take
/// weekly turns as lead.
fn scheme() -> TempDir {
    let f = fixture("minimal");
    let edit = |file: &str, old: &str, new: &str| {
        let p = f.path().join(file);
        let t = std::fs::read_to_string(&p).unwrap();
        assert!(t.contains(old), "{file} lacks {old}");
        std::fs::write(&p, t.replacen(old, new, 1)).unwrap();
    };
    edit(
        "content/playbooks/flood.yaml",
        "        action: Confirm the flood.\n        owner: desk\n",
        "        action: Confirm the flood.\n        owner: desk\n        escalate:\n          - when: the site is down\n            to_role: lead\n",
    );
    edit(
        "content/severity.yaml",
        "notify: [desk]",
        "notify: [desk, lead]",
    );
    std::fs::write(
        f.path().join("content/rota.yaml"),
        "rotations:\n  - role: lead\n    people: [bob, ann]\n    period: 1w\n    handover_day: monday\n    handover_time: \"09:00\"\n    start: 2026-11-02\n    overrides:\n      - from: 2026-12-07\n        to: 2026-12-08\n        person: bob\n",
    )
    .unwrap();
    let o = std::process::Command::new(bin())
        .args(["build"])
        .current_dir(f.path())
        .env("SOURCE_DATE_EPOCH", "1795478400") // 2026-11-24, a Tuesday
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    f
}

#[test]
fn duty_cards_hold_exactly_the_roles_first_steps_and_calls() {
    let f = scheme();
    let staff = f.path().join("public/staff");
    let isirt = f.path().join("public/isirt");

    // The desk: its identification steps in both playbooks (preparation is left out, the
    // step numbers are the playbook pages'), its escalation, and whom it calls.
    let d = doc(&staff, "duty/desk.html");
    assert_eq!(
        texts(&d, ".duty-pb h3"),
        ["Events of no known type", "Flooding"]
    );
    assert_eq!(
        texts(&d, "ol.duty-steps li"),
        [
            "Step 2 (Identification) Describe the event.",
            "Step 2 (Identification) Confirm the flood."
        ]
    );
    assert_eq!(
        texts(&d, ".duty-escalations li"),
        ["Flooding, step 2 : the site is down → call in Team lead"]
    );
    assert_eq!(texts(&d, ".duty-calls > li > strong"), ["Team lead"]);
    assert_eq!(
        texts(&d, ".duty-calls > li > .kind"),
        ["— Flooding; next in the call tree at Low"]
    );
    // The lead's holders with the channels staff may see: Ann's team-only mobile is not.
    assert_eq!(
        texts(&d, ".duty-calls .call-people > li"),
        [
            "Ann Example E-mail: ann@example.org",
            "Bob Example Phone: 0123"
        ]
    );
    // The out-of-band route.
    assert_eq!(
        texts(&d, "article > ul.channels li"),
        ["Phone (NO): +4930123456"]
    );
    // The lead's slot is filled from the rota.
    assert_eq!(
        d.select(&sel(".duty-calls [data-rota-slot]"))
            .map(|e| e.value().attr("data-rota-slot").unwrap())
            .collect::<Vec<_>>(),
        ["role-lead"]
    );

    // The lead: containment steps only; the team-only step for the team alone.
    let steps = |ed: &Path| texts(&doc(ed, "duty/lead.html"), "ol.duty-steps li");
    assert_eq!(
        steps(&staff),
        [
            "Step 3 (Containment) Ask the lead before acting.",
            "Step 3 (Containment) Filter the traffic."
        ]
    );
    assert_eq!(
        steps(&isirt),
        [
            "Step 3 (Containment) Ask the lead before acting.",
            "Step 3 (Containment) Filter the traffic.",
            "Step 4 (Containment) Team-only step with the sinkhole address."
        ]
    );
    // The lead calls no one: nobody follows it in the call tree.
    assert!(texts(&doc(&staff, "duty/lead.html"), ".duty-calls > li").is_empty());

    // Linked from the directory and from each playbook.
    let contacts = doc(&staff, "contacts.html");
    let links: Vec<&str> = contacts
        .select(&sel(".duty-link a"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(links, ["duty/desk.html", "duty/lead.html"]);
    assert_eq!(
        texts(&doc(&staff, "playbooks/flood.html"), ".duty-links a"),
        ["Service desk", "Team lead"]
    );
}

#[test]
fn the_printed_rota_lists_the_coming_weeks_from_the_build_date() {
    let f = scheme();
    let d = doc(&f.path().join("public/staff"), "rota.html");
    let rows = texts(&d, "#rota-role-lead tbody tr");
    // Eight weeks from Tue 24 Nov 2026 00:00 to Tue 19 Jan 2027 00:00. Turns change each
    // Monday at 09:00: Bob takes the even weeks from Mon 2 Nov, Ann the odd ones, so the
    // list opens in Ann's week (from Mon 23 Nov). Bob covers Ann's first two duty days of
    // the week of 7 Dec: from Monday 09:00 to Wednesday 09:00.
    assert_eq!(
        rows,
        [
            "Tue 24 Nov 2026, 00:00 Mon 30 Nov 2026, 09:00 Ann Example",
            "Mon 30 Nov 2026, 09:00 Mon 7 Dec 2026, 09:00 Bob Example",
            "Mon 7 Dec 2026, 09:00 Wed 9 Dec 2026, 09:00 Bob Example (covering)",
            "Wed 9 Dec 2026, 09:00 Mon 14 Dec 2026, 09:00 Ann Example",
            "Mon 14 Dec 2026, 09:00 Mon 21 Dec 2026, 09:00 Bob Example",
            "Mon 21 Dec 2026, 09:00 Mon 28 Dec 2026, 09:00 Ann Example",
            "Mon 28 Dec 2026, 09:00 Mon 4 Jan 2027, 09:00 Bob Example",
            "Mon 4 Jan 2027, 09:00 Mon 11 Jan 2027, 09:00 Ann Example",
            "Mon 11 Jan 2027, 09:00 Mon 18 Jan 2027, 09:00 Bob Example",
            "Mon 18 Jan 2027, 09:00 Tue 19 Jan 2027, 00:00 Ann Example",
        ]
    );
}

/// A card lists the records of the playbooks its role works in, once each, linked to
/// the record's form (the example's playbooks all keep the incident log).
#[test]
fn a_duty_card_lists_the_records_its_playbooks_keep() {
    let t = example();
    build_ok(t.path());
    let isirt = t.path().join("public/isirt");
    let card = doc(&isirt, "duty/isirt-lead.html");
    let records = texts(&card, ".duty-records li");
    assert!(records.iter().any(|r| r == "Incident log"), "{records:?}");
    let mut sorted = records.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), records.len(), "each record once: {records:?}");
    let hrefs: Vec<String> = card
        .select(&sel(".duty-records a"))
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect();
    assert!(
        hrefs.iter().any(|h| h.ends_with("forms/incident-log.html")),
        "{hrefs:?}"
    );
}
