//! Duty cards and the rota in the canary fixture: a team-only step, its escalation, a
//! team-only role and a team-only person on the rota never reach a staff duty card, the
//! rota page or the call tree's on-duty data; the team edition has them, so these tests
//! fail if a card stopped showing such things at all (the general scan of
//! `staff_edition_holds_no_canary` reads every file besides).

use crate::common::*;
use scraper::{Html, Selector};
use std::path::Path;

fn page(edition: &Path, path: &str) -> String {
    std::fs::read_to_string(edition.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The on-duty script's data on a page.
fn rota_data(html: &str) -> serde_json::Value {
    let doc = Html::parse_document(html);
    let sel = Selector::parse("script#rota-data").unwrap();
    let text: String = doc
        .select(&sel)
        .next()
        .expect("the page has #rota-data")
        .text()
        .collect();
    serde_json::from_str(&text).expect("#rota-data is JSON")
}

#[test]
fn team_only_steps_and_people_never_reach_a_staff_duty_card() {
    let f = fixture("canary");
    build_ok(f.path());
    let staff = f.path().join("public/staff");
    let isirt = f.path().join("public/isirt");
    // The team lead owns the team-only step (containment): its action and escalation are
    // on the lead's card for the team, and nowhere on the staff one.
    let team = page(&isirt, "duty/lead.html");
    let all = page(&staff, "duty/lead.html");
    for secret in ["CANARY-STEPACTION-e9c4", "CANARY-STEPESCALATE-6e38"] {
        assert!(team.contains(secret), "the team's lead card lacks {secret}");
        assert!(!all.contains(secret), "the staff lead card shows {secret}");
    }
    // The authority of the team-only role over the decision: named for the team only.
    assert!(page(&isirt, "duty/canary-role-c4d8.html").contains("Is it a real attack?"));
    assert!(!staff.join("duty/canary-role-c4d8.html").exists());
    assert!(!page(&staff, "duty/index.html").contains("canary-role-c4d8"));
    // The staff desk card's calls and the all-cards page hold no team-only name.
    for p in [
        "duty/desk.html",
        "duty/index.html",
        "rota.html",
        "call-tree.html",
    ] {
        let text = page(&staff, p);
        for secret in [
            "CANARY-PERSONNAME-7a90",
            "CANARY-ROLENAME-e2a6",
            "canary-role-c4d8",
            "canary-person-2f6e",
        ] {
            assert!(!text.contains(secret), "staff {p} shows {secret}");
        }
    }
    // The rota: the desk's turns name the team-only person as "a team member" for staff.
    let data = rota_data(&page(&staff, "call-tree.html"));
    let rotations = data["rotations"].as_array().unwrap();
    assert_eq!(
        rotations.len(),
        1,
        "staff sees only the desk's rota: {data}"
    );
    assert_eq!(rotations[0]["role"], "role-desk");
    assert_eq!(
        rotations[0]["names"],
        serde_json::json!(["Ann Example", "a team member"])
    );
    let data = rota_data(&page(&isirt, "call-tree.html"));
    let roles: Vec<&str> = data["rotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["role-desk", "role-canary-role-c4d8"]);
    assert!(data.to_string().contains("CANARY-PERSONNAME-7a90"));
}
