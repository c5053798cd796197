//! The pages of notification duties as a responder reads them, on the built example: the
//! obligations page (party, basis, when it applies, stages with deadlines in their own
//! units, anchors, template links), a playbook's clocks panel, the call tree's outside
//! parties per level, and a template page. The calculator itself is driven in a browser
//! (tests/browser/deadlines.test.mjs).

use crate::common::html::{doc, one, sel, spaced, text};
use crate::common::*;
use irbook::model::clock::Calendar;
use irbook::pipeline::{Project, checked};

#[test]
fn example_obligations_page_shows_each_duty_with_its_stages() {
    let t = example();
    build_ok(t.path());
    let c = checked(&Project::open(t.path()).unwrap()).unwrap_or_else(|_| panic!("example checks"));
    let (s, idx) = (&c.scheme, &c.idx);
    let cal = Calendar::from_config(&s.config.data);
    let obligations = &s
        .obligations
        .as_ref()
        .expect("the example has obligations")
        .data;
    assert!(obligations.obligations.len() >= 6);
    for ed in ["staff", "isirt"] {
        let rank = idx.audiences.iter().position(|a| a.as_str() == ed).unwrap();
        let edition = t.path().join("public").join(ed);
        let page = doc(&edition, "obligations.html");
        for ob in &obligations.obligations {
            let anchor = format!("obligation-{}", ob.id.value);
            let section = one(&page, &format!("section#{anchor}"));
            let heading = text(section.select(&sel("h2")).next().unwrap());
            assert_eq!(heading, ob.title.value, "{ed}: {anchor} heading");
            let meta = spaced(section.select(&sel("dl.doc-meta")).next().unwrap());
            let party = &s.contacts.data.external_parties[idx.parties[&ob.party.value]];
            assert!(
                meta.contains(&format!("Tell {}", party.name)),
                "{ed}: {anchor}: {meta}"
            );
            let basis_start: String = ob
                .basis
                .text
                .value
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                meta.contains(&format!("Basis {basis_start}")),
                "{ed}: {anchor}: {meta}"
            );
            for f in ob.applies_when.any.iter().chain(&ob.applies_when.all) {
                let q = &obligations.facts[idx.facts[&f.value]].question.value;
                assert!(
                    meta.contains(q.as_str()),
                    "{ed}: {anchor} does not ask `{q}`: {meta}"
                );
            }
            for (k, st) in ob.stages.iter().enumerate() {
                let row = one(&page, &format!("tr#{anchor}-{}", st.id.value));
                assert_eq!(text(row.select(&sel("th")).next().unwrap()), st.title.value);
                let stage_name = |id: &irbook::model::Id| {
                    ob.stages
                        .iter()
                        .find(|x| x.id.value == *id)
                        .unwrap()
                        .title
                        .value
                        .to_lowercase()
                };
                let want = st.deadline.value.describe(&cal.targets, &stage_name);
                let shown = text(row.select(&sel("td.deadline")).next().unwrap());
                assert_eq!(shown, want, "{ed}: {anchor} stage {k}");
                let link = row.select(&sel("td a[href^=\"templates/\"]")).next();
                let tpl = st
                    .template
                    .as_ref()
                    .map(|id| &s.templates[idx.templates[&id.value]]);
                match tpl.filter(|t| idx.rank(&t.meta.audience) <= rank) {
                    Some(t) => {
                        let a = link.unwrap_or_else(|| {
                            panic!("{ed}: {anchor}/{} links no template", st.id.value)
                        });
                        assert_eq!(text(a), t.meta.title);
                        let href = a.value().attr("href").unwrap();
                        assert!(edition.join(href).is_file(), "{ed}: {href} is missing");
                    }
                    None => assert!(
                        link.is_none(),
                        "{ed}: {anchor}/{} links a template its readers may not see",
                        st.id.value
                    ),
                }
            }
        }
        // Units as written, never converted.
        let all = text(page.root_element());
        for kept in [
            "72 hours after awareness",
            "1 month after incident notification",
            "3 working days after call to the merchant security line",
            "without undue delay after classification (our target: 24 hours)",
            "immediately after awareness (our target: 1 hour)",
        ] {
            assert!(all.contains(kept), "{ed}: obligations page lacks `{kept}`");
        }
        assert!(
            !all.contains("3 days"),
            "{ed}: a deadline in hours shown in days"
        );
    }
}

#[test]
fn example_playbook_and_call_tree_show_their_clocks() {
    let t = example();
    build_ok(t.path());
    let staff = t.path().join("public/staff");
    let pb = doc(&staff, "playbooks/personal-data-breach.html");
    let panel = one(&pb, "aside.clocks");
    let calc = panel
        .select(&sel("a[href*=\"deadlines.html\"]"))
        .next()
        .unwrap();
    assert_eq!(
        calc.value().attr("href"),
        Some("../deadlines.html#facts=personal-data,insurance-claim")
    );
    let clocks = text(panel);
    assert!(clocks.contains("Personal data breach report to the data protection regulator: tell Office of the Data Protection Commissioner, first 72 hours after awareness"), "{clocks}");
    // The steps that tell someone outside, with links to the steps.
    let steps: Vec<(String, String)> = panel
        .select(&sel("ul.notifying li"))
        .map(|li| {
            let a = li.select(&sel("a")).next().unwrap();
            (a.value().attr("href").unwrap().to_owned(), text(li))
        })
        .collect();
    assert_eq!(steps.len(), 2, "{steps:?}");
    assert!(
        steps[0]
            .1
            .contains("Calder & Rowe Retail plc, 24 hours after awareness"),
        "{steps:?}"
    );
    assert!(
        steps[0]
            .1
            .contains("Office of the Data Protection Commissioner, 72 hours after awareness"),
        "{steps:?}"
    );
    assert!(
        steps[1].1.contains(
            "People whose personal data is affected, without undue delay after classification"
        ),
        "{steps:?}"
    );
    for (href, _) in &steps {
        let id = href.trim_start_matches('#');
        assert!(
            pb.select(&sel(&format!("li.step#{id}"))).next().is_some(),
            "no step {href}"
        );
    }

    // The call tree: the NIS2 reports from Major up, with their first deadline; the
    // regulator at every level (it depends on the facts, not the level).
    let tree = doc(&staff, "call-tree.html");
    let level = |id: &str| text(one(&tree, &format!("section#call-{id} .clocks")));
    let nis2 = "Netherlands transport sector CSIRT (NIS2 reporting desk): Significant incident reports for the Vlissingen terminal (NIS2), 24 hours after awareness";
    for l in ["sev1", "sev2"] {
        assert!(level(l).contains(nis2), "{l}: {}", level(l));
    }
    for l in ["sev3", "sev4"] {
        assert!(!level(l).contains("NIS2"), "{l}: {}", level(l));
        assert!(level(l).contains("Office of the Data Protection Commissioner: Personal data breach report to the data protection regulator, 72 hours after awareness"));
    }
}

#[test]
fn template_page_fills_values_marks_blanks_once_and_has_a_copy_button() {
    let t = example();
    build_ok(t.path());
    let page = doc(
        &t.path().join("public/staff"),
        "templates/people-affected.html",
    );
    let body = one(&page, "#template-text");
    let filled: Vec<String> = body.select(&sel("span.filled")).map(text).collect();
    assert!(
        filled.contains(&"Harbourline Logistics Ltd".to_owned()),
        "{filled:?}"
    );
    let blanks: Vec<String> = body.select(&sel("mark.blank")).map(text).collect();
    assert!(
        blanks.len() >= 10 && blanks.iter().filter(|b| *b == "[date]").count() == 2,
        "{blanks:?}"
    );
    // The note lists each blank once, in order of first use.
    let note = text(one(&page, "p.blanks-note"));
    assert_eq!(note.matches("; date;").count(), 1, "{note}");
    let button = one(&page, "button.copy-text");
    assert_eq!(button.value().attr("data-copy"), Some("template-text"));
    assert!(!text(body).contains("[["), "a placeholder left unfilled");
}

#[test]
fn a_duty_limited_to_incident_categories_says_so() {
    let f = fixture("minimal");
    let obligations =
        std::fs::read_to_string(repo().join("tests/fixtures/obligations/obligations.yaml"))
            .unwrap()
            .replacen(
                "      min_severity: high\n",
                "      min_severity: high\n      categories: [denial-of-service]\n",
                1,
            );
    std::fs::write(f.path().join("content/obligations.yaml"), obligations).unwrap();
    std::fs::create_dir_all(f.path().join("content/templates")).unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/obligations/cert-warning.md"),
        f.path().join("content/templates/cert-warning.md"),
    )
    .unwrap();
    build_ok(f.path());
    let staff = f.path().join("public/staff");
    let page = doc(&staff, "obligations.html");
    let meta = spaced(one(&page, "section#obligation-cert-notice dl.doc-meta"));
    assert!(
        meta.contains("Applies any of: Is the shop down? — for Denial of service incidents — at High or more severe"),
        "{meta}"
    );
    let calc = std::fs::read_to_string(staff.join("deadlines.html")).unwrap();
    assert!(
        calc.contains(r#""category_names":["Denial of service"]"#),
        "the calculator is not told"
    );
}
