//! Notification duties in the canary fixture: the team-only fact, obligation, stage
//! template, template, party and channel stay out of every staff output (the general scan
//! of `staff_edition_holds_no_canary` looks for them in every file); these tests look at
//! the places made for them, so a scan that passes because a place went missing fails here.

use super::scan::Edition;
use crate::common::*;
use scraper::{Html, Selector};
use serde_json::Value;
use std::path::Path;

/// The deadline calculator's embedded data (`#deadline-data`) of an edition.
fn calculator_data(edition: &Path) -> Value {
    let html = std::fs::read_to_string(edition.join("deadlines.html")).unwrap();
    let doc = Html::parse_document(&html);
    let sel = Selector::parse("script#deadline-data").unwrap();
    let text: String = doc
        .select(&sel)
        .next()
        .expect("deadlines.html has #deadline-data")
        .text()
        .collect();
    serde_json::from_str(&text).expect("#deadline-data is JSON")
}

fn ids(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|x| match key {
            "" => x[0].as_str().unwrap().to_owned(),
            k => x[k].as_str().unwrap().to_owned(),
        })
        .collect()
}

fn obligation<'a>(data: &'a Value, id: &str) -> &'a Value {
    data["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == id)
        .unwrap_or_else(|| panic!("no obligation {id} in the calculator data"))
}

fn page(edition: &Path, path: &str) -> String {
    std::fs::read_to_string(edition.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn team_only_duties_stay_in_the_team_edition() {
    let f = fixture("canary");
    build_ok(f.path());
    let (staff, isirt) = (f.path().join("public/staff"), f.path().join("public/isirt"));

    // The calculator asks staff only their own questions and lists only their duties; a
    // condition on a hidden fact is left out, the hidden party and template are not named.
    let s = calculator_data(&staff);
    assert_eq!(ids(&s["facts"], ""), ["outage"]);
    assert_eq!(
        ids(&s["obligations"], "id"),
        ["cert-notice", "restricted-notice"]
    );
    let partner = obligation(&s, "restricted-notice");
    assert_eq!(partner["party"], Value::Null);
    assert_eq!(partner["channels"], serde_json::json!([]));
    assert_eq!(partner["all"], serde_json::json!(["outage"]));
    let cert = obligation(&s, "cert-notice");
    assert_eq!(cert["stages"][1]["template"], Value::Null);
    assert_eq!(
        cert["stages"][0]["template"], "templates/cert-warning.html",
        "the staff template is linked"
    );
    let values: Vec<&str> = cert["channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c[1].as_str().unwrap())
        .collect();
    assert_eq!(values, ["+44 20 7946 0100", "incidents@cert.example"]);

    // The team's calculator has all of it, so the staff checks above prove something.
    let t = calculator_data(&isirt);
    assert_eq!(ids(&t["facts"], ""), ["outage", "canary-fact-3b7a"]);
    assert_eq!(
        ids(&t["obligations"], "id"),
        ["cert-notice", "restricted-notice", "canary-ob-71c2"]
    );
    assert_eq!(
        obligation(&t, "restricted-notice")["all"],
        serde_json::json!(["outage", "canary-fact-3b7a"])
    );
    assert_eq!(
        obligation(&t, "cert-notice")["stages"][1]["template"],
        "templates/canary-tpl-4e0b.html"
    );

    // The team-only template has no page for staff; the staff one takes the staff e-mail
    // of a party whose team-only e-mail is listed first.
    assert!(!staff.join("templates/canary-tpl-4e0b.html").exists());
    assert!(isirt.join("templates/canary-tpl-4e0b.html").is_file());
    let warning = page(&staff, "templates/cert-warning.html");
    assert!(
        warning.contains("<span class=\"filled\">incidents@cert.example</span>"),
        "the staff template lacks the staff e-mail"
    );
    let team_tpl = page(&isirt, "templates/canary-tpl-4e0b.html");
    assert!(team_tpl.contains("canary-partymail-b5e8@fixture.example"));
    assert!(team_tpl.contains("<mark class=\"blank\">[CANARY-TPLBLANK-a81e]</mark>"));

    // The engine script carries no scheme data: it is the theme's file, byte for byte.
    let engine = std::fs::read(repo().join("themes/default/scripts/deadlines.js")).unwrap();
    for ed in [&staff, &isirt] {
        assert!(std::fs::read(ed.join("assets/deadlines.js")).unwrap() == engine);
    }

    // The staff playbook's calculator link ticks only the staff fact; its clocks panel
    // names the staff party and says "restricted" for the hidden one.
    let flood = page(&staff, "playbooks/flood.html");
    assert!(flood.contains("href=\"../deadlines.html#facts=outage\""));
    let team_flood = page(&isirt, "playbooks/flood.html");
    assert!(team_flood.contains("href=\"../deadlines.html#facts=outage,canary-fact-3b7a\""));
    let doc = Html::parse_document(&flood);
    let notifying: String = doc
        .select(&Selector::parse("aside.clocks ul.notifying").unwrap())
        .flat_map(|e| e.text())
        .collect();
    assert!(
        notifying.contains("National CERT, 24 hours after awareness")
            && notifying.contains("restricted"),
        "steps that notify, staff: {notifying}"
    );

    // The obligations page: the condition on the hidden fact is said to be left out.
    let duties = page(&staff, "obligations.html");
    assert!(duties.contains("a condition this edition does not show"));

    // Every new canary really is in the team edition and nowhere in the staff one.
    let (se, te) = (Edition::read(&staff), Edition::read(&isirt));
    for c in [
        "canary-fact-3b7a",
        "CANARY-FACTQUESTION-8d21",
        "CANARY-FACTHELP-e40c",
        "canary-ob-71c2",
        "CANARY-OBTITLE-5a9d",
        "CANARY-OBBASIS-c3e6",
        "canary-stage-2d4f",
        "CANARY-STAGETITLE-96b1",
        "CANARY-STAGEWHAT-0e57",
        "canary-tpl-4e0b",
        "CANARY-TPLTITLE-7c18",
        "CANARY-TPLBODY-4f63",
        "canary-certmail-1c9e",
        "CANARY-PARTYNAME-2c4e",
    ] {
        assert_eq!(se.find(c), None, "staff edition holds `{c}`");
        assert!(te.find(c).is_some(), "isirt edition lacks `{c}`");
    }
}

/// A staff template may not fill in a value only the team may see: `check` says where,
/// and `build` stops before writing anything.
#[test]
fn staff_template_filling_team_only_values_is_an_error() {
    let f = fixture("canary");
    let body = "\
---
title: Leaky notice
stages: [canary-ob-71c2/canary-stage-2d4f]
---
Call [[party.canary-party-5b19.name]] on [[party.canary-party-5b19.phone]].
Ask [[person.canary-person-2f6e.name]] or the [[role.canary-role-c4d8]].
It is about [[obligation]], [[stage]], due [[deadline]].
The CERT's e-mail is [[party.cert.email]]; [[organisation]] signs.
";
    std::fs::write(f.path().join("content/templates/leaky.md"), body).unwrap();
    let o = run(f.path(), &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "check: {}", stderr(&o));
    // One JSON object a line.
    let diags: Vec<Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).expect("a JSON diagnostic"))
        .collect();
    let mut found: Vec<(u64, u64)> = diags
        .iter()
        .filter(|d| d["code"] == "E0132")
        .map(|d| {
            assert!(
                d["file"]
                    .as_str()
                    .unwrap()
                    .ends_with("content/templates/leaky.md"),
                "{d}"
            );
            (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap())
        })
        .collect();
    found.sort();
    // Line and column of each placeholder that reaches a team-only value (counted from the
    // top of the file, front matter included); the CERT's staff e-mail and the
    // organisation are fine.
    assert_eq!(
        found,
        [(5, 6), (5, 42), (6, 5), (6, 47), (7, 13), (7, 29), (7, 44)],
        "E0132 diagnostics: {diags:#?}"
    );
    let o = run(f.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1), "build: {}", stderr(&o));
    assert!(
        !f.path().join("public").exists(),
        "a refused build wrote output"
    );
}

/// `check` warns (W0203) where a duty or a playbook names a fact or party its own readers
/// may not see, since their edition leaves the condition out or says "restricted".
#[test]
fn check_warns_of_duties_naming_hidden_facts_and_parties() {
    let f = fixture("canary");
    let o = run(f.path(), &["check", "--format", "json"]);
    assert!(o.status.success(), "check: {}", stderr(&o));
    let mut found: Vec<(String, u64, u64)> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str::<Value>(l).expect("a JSON diagnostic"))
        .filter(|d| {
            d["code"] == "W0203"
                && d["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("fact") || m.contains("external party"))
        })
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .filter(|(file, ..)| file.contains("obligations.yaml") || file.contains("flood.yaml"))
        .collect();
    found.sort();
    let at = |file: &str, line, col| (format!("content/{file}"), line, col);
    assert_eq!(
        found,
        [
            at("obligations.yaml", 34, 12),
            at("obligations.yaml", 38, 21),
            at("playbooks/flood.yaml", 14, 17),
            at("playbooks/flood.yaml", 76, 20),
        ]
    );
}

/// One rule decides which duties apply (`Condition::admits`): a duty limited to one
/// incident category shows on that category's playbooks and not on another's with the
/// same facts; the calculator, which does not ask for the category, lists it with its
/// limit in words; and `check` no longer counts it for a playbook outside it.
#[test]
fn a_duty_limited_to_a_category_shows_only_on_its_playbooks() {
    let t = example();
    let duties = t.path().join("content/obligations.yaml");
    let mut text = std::fs::read_to_string(&duties).unwrap();
    text.push_str(
        "  - id: malware-register-notice
    title: Notice to the malware register
    party: data-protection-regulator
    basis:
      text: A sector agreement on malicious code
    applies_when:
      any: [personal-data]
      categories: [malware]
    stages:
      - id: notice
        title: Notice
        what: The strain and the systems it reached.
        deadline: 48h after awareness
",
    );
    std::fs::write(&duties, text).unwrap();
    build_ok(t.path());
    let isirt = t.path().join("public/isirt");
    let clocks = |playbook: &str| {
        let doc = Html::parse_document(&page(&isirt, &format!("playbooks/{playbook}.html")));
        doc.select(&Selector::parse("aside.clocks").unwrap())
            .flat_map(|e| e.text())
            .collect::<String>()
    };
    // Both assume personal data; ransomware is malware, a lost device is not.
    assert!(clocks("ransomware").contains("Notice to the malware register"));
    let lost = clocks("lost-device");
    assert!(!lost.is_empty(), "the lost-device page has a clocks panel");
    assert!(!lost.contains("Notice to the malware register"), "{lost}");

    let data = calculator_data(&isirt);
    let ob = obligation(&data, "malware-register-notice");
    assert_eq!(ob["categories"], serde_json::json!(["malware"]));
    assert_eq!(ob["category_names"].as_array().unwrap().len(), 1);
}

/// The printable binder carries the duties and the templates, each edition its own: the
/// paper copy a responder reaches for when the network is down.
#[test]
fn the_binder_holds_the_duties_and_templates_its_edition_may_see() {
    let f = fixture("canary");
    build_ok(f.path());
    let titles = |edition: &str, part: &str| -> Vec<String> {
        let html = page(&f.path().join("public").join(edition), "binder.html");
        let doc = Html::parse_document(&html);
        let s = Selector::parse(&format!(
            "section.binder-part[aria-labelledby='{part}'] > article h3"
        ))
        .unwrap();
        doc.select(&s).map(|h| h.text().collect()).collect()
    };
    assert_eq!(
        titles("staff", "b-duties"),
        ["Notice to the CERT", "Notice to a partner"]
    );
    assert_eq!(
        titles("isirt", "b-duties"),
        [
            "Notice to the CERT",
            "Notice to a partner",
            "CANARY-OBTITLE-5a9d"
        ]
    );
    assert_eq!(
        titles("staff", "b-templates"),
        ["Early warning to the CERT"]
    );
    assert_eq!(
        titles("isirt", "b-templates"),
        ["CANARY-TPLTITLE-7c18", "Early warning to the CERT"]
    );
    // Filled in with the scheme's values, blanks marked, as on the template's own page.
    let staff = page(&f.path().join("public/staff"), "binder.html");
    assert!(staff.contains("<mark class=\"blank\">[what happened]</mark>"));
}
