//! Records kept during an incident (issue 19): table sections of forms, the five records
//! of the example, `records:` on playbooks and the binder's Records section. How they
//! print is tested in the browser (tests/browser/records.test.mjs).

use crate::common::*;
use scraper::{Html, Selector};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn page(root: &std::path::Path, rel: &str) -> Html {
    let text = std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    Html::parse_document(&text)
}

/// The five records of the example, with the blank rows and columns their sources ask for.
const RECORDS: &[(&str, &str, usize, usize)] = &[
    ("incident-log", "entries", 18, 5),
    ("decision-log", "decisions", 10, 6),
    ("chain-of-custody", "transfers", 12, 5),
    ("evidence-register", "items", 15, 5),
    ("communications-log", "messages", 14, 5),
];

#[test]
fn example_records_render_as_sheets_of_rows_and_playbooks_list_them() {
    let t = example();
    build_ok(t.path());
    let staff = t.path().join("public/staff");
    for (id, section, rows, cols) in RECORDS {
        let doc = page(&staff, &format!("forms/{id}.html"));
        // One sheet whose header carries the title, the edition and the incident's blanks.
        let head: Vec<String> = doc
            .select(&sel("table.sheet > thead .sheet-head"))
            .map(|h| h.text().collect::<String>())
            .collect();
        assert_eq!(head.len(), 1, "{id}: {head:?}");
        for part in ["All staff edition", "Incident reference", "Severity"] {
            assert!(
                head[0].contains(part),
                "{id}: sheet header lacks {part}: {}",
                head[0]
            );
        }
        let table = sel(&format!("#section-{section} table.rows-table"));
        let table = doc
            .select(&table)
            .next()
            .unwrap_or_else(|| panic!("{id}: no table"));
        let headings = table.select(&sel("thead th")).count();
        // `tbody tr` alone would also match the header row: the sheet's tbody holds the table.
        let rows_of = sel(&format!("#section-{section} table.rows-table > tbody > tr"));
        assert_eq!(headings, cols + 1, "{id}: column headings (with #)");
        let body: Vec<_> = doc.select(&rows_of).collect();
        assert_eq!(body.len(), *rows, "{id}: blank rows");
        // Cell names say section, row and column, so a filled form reads back.
        let last = body.last().unwrap();
        let names: Vec<&str> = last
            .select(&sel("input, textarea"))
            .filter_map(|e| e.value().attr("name"))
            .collect();
        assert_eq!(names.len(), *cols, "{id}: cells of the last row");
        let stem = format!("{section}.{rows}.");
        assert!(
            names.iter().all(|n| n.starts_with(&stem)),
            "{id}: {names:?}"
        );
        assert!(
            doc.select(&sel("button.add-row")).next().is_some(),
            "{id}: no Add a row button"
        );
        assert!(
            doc.select(&sel("script[src='../assets/forms.js']"))
                .next()
                .is_some(),
            "{id}: forms.js not loaded"
        );
    }
    // The communications log offers the stages of the obligations as its choices.
    let comms = std::fs::read_to_string(staff.join("forms/communications-log.html")).unwrap();
    assert!(
        comms.contains(
            "Personal data breach report to the data protection regulator: Breach report"
        ),
        "the communications log does not list the obligation stages"
    );
    // Each playbook lists its records, linked.
    let pb = page(&staff, "playbooks/ransomware.html");
    let links: Vec<&str> = pb
        .select(&sel("ul.records a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        links,
        [
            "../forms/incident-log.html",
            "../forms/decision-log.html",
            "../forms/evidence-register.html",
            "../forms/chain-of-custody.html",
            "../forms/communications-log.html"
        ]
    );
    // The binder has a Records part holding the five, and its Forms part the others.
    let binder = page(&staff, "binder.html");
    let part = |id: &str| -> Vec<String> {
        let s = sel(&format!(
            "section.binder-part[aria-labelledby='{id}'] > article h3"
        ));
        binder.select(&s).map(|h| h.text().collect()).collect()
    };
    assert_eq!(
        part("b-records"),
        [
            "Chain of custody",
            "Communications log",
            "Decision log",
            "Evidence register",
            "Incident log"
        ]
    );
    assert_eq!(
        part("b-forms"),
        [
            "Information security event report",
            "Information security incident report"
        ]
    );
    // The binder's copies are numbered by hand: their sheet header has "Sheet ... of".
    let sheet = binder
        .select(&sel("#b-form-incident-log-form-incident-log .sheet-head"))
        .next()
        .expect("the binder's incident log has a sheet header");
    assert!(sheet.text().collect::<String>().contains("Sheet"));
}

#[test]
fn forms_without_tables_render_as_before() {
    let t = fixture("minimal");
    build_ok(t.path());
    let doc = page(&t.path().join("public/staff"), "forms/event.html");
    assert!(
        doc.select(&sel("table")).next().is_none(),
        "a table in a form of fields"
    );
    assert!(
        doc.select(&sel(".sheet-head")).next().is_none(),
        "a sheet header on a report form"
    );
    assert_eq!(doc.select(&sel("#f-name")).count(), 1);
}

#[test]
fn the_intake_form_page_has_the_sending_panel_and_no_other_page_does() {
    let t = example();
    build_ok(t.path());
    let staff = t.path().join("public/staff");
    let doc = page(&staff, "forms/event-report.html");
    let mail = doc
        .select(&sel(".send-panel a.send-mail"))
        .next()
        .expect("no Send by e-mail");
    assert_eq!(
        mail.value().attr("href"),
        Some("mailto:servicedesk@harbourline.example"),
        "without the script the link still reaches the service desk mailbox"
    );
    let post = doc
        .select(&sel("button.send-post"))
        .next()
        .expect("no Send to the service desk");
    assert_eq!(
        post.value().attr("formaction"),
        Some("https://servicedesk.harbourline.example/report")
    );
    assert_eq!(post.value().attr("formmethod"), Some("post"));
    // The form's default button is disabled: Enter in a field posts nothing.
    let first = doc
        .select(&sel("form.sendable button"))
        .next()
        .expect("no button in the form");
    assert_eq!(first.value().attr("type"), Some("submit"));
    assert!(first.value().attr("disabled").is_some(), "{}", first.html());
    let html = std::fs::read_to_string(staff.join("forms/event-report.html")).unwrap();
    assert!(!html.contains("Nothing you type is sent anywhere"));
    assert!(html.contains("+44 20 7946 0999"), "no out-of-band route");
    assert!(
        html.contains("gives it an event number"),
        "no `intake.next`"
    );
    for other in [
        "forms/incident-report.html",
        "forms/incident-log.html",
        "binder.html",
    ] {
        let text = std::fs::read_to_string(staff.join(other)).unwrap();
        assert!(!text.contains("send-panel"), "{other} has a sending panel");
    }
}

#[test]
fn check_refuses_an_unknown_intake_form_and_an_address_in_the_clear() {
    let t = fixture("minimal");
    let cfg = t.path().join("irbook.yaml");
    let mut text = std::fs::read_to_string(&cfg).unwrap();
    text.push_str(
        "intake:\n  form: evnt\n  email: not an address\n  service_desk_url: http://desk.example.org/report\n",
    );
    std::fs::write(&cfg, text).unwrap();
    let o = run(t.path(), &["check"]);
    assert!(!o.status.success());
    let out = String::from_utf8_lossy(&o.stdout).into_owned() + &stderr(&o);
    for want in [
        "error[E0135]: unknown form `evnt`",
        "did you mean `event`",
        "`not an address` is not an e-mail address",
        "`http://desk.example.org/report` is not an `https://` address",
    ] {
        assert!(out.contains(want), "lacks {want}:\n{out}");
    }
}
