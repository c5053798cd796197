//! `irbook exercise report --out FILE`: one self-contained file, read away from the site.
//! No site chrome (navigation, search, report strip), and no relative link, which would be
//! dead wherever the file is opened: links lead to `base_url` when it is set, and are plain
//! text naming the page otherwise.

use crate::common::*;
use scraper::{Html, Selector};
use std::collections::BTreeSet;
use std::path::Path;

const RECORD: &str = "exercises/records/ransomware-friday-evening-2026-10-16.yaml";
const SITE_PAGE: &str = "public/isirt/exercises/ransomware-friday-evening/reports/ransomware-friday-evening-2026-10-16.html";
const BASE: &str = "https://intranet.harbourline.example/security/";

/// Writes the report of [`RECORD`] into a folder outside the project; returns its HTML.
fn report(project: &Path, outside: &Path) -> String {
    let out = outside.join("aar.html");
    let o = run(
        project,
        &["exercise", "report", RECORD, "--out", out.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::read_to_string(out).unwrap()
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

/// Every `href` and `src` of the document.
fn links(doc: &Html) -> Vec<String> {
    let mut out = Vec::new();
    for e in select(doc, "[href], [src]") {
        for a in ["href", "src"] {
            out.extend(e.value().attr(a).map(str::to_owned));
        }
    }
    out
}

fn has_scheme(link: &str) -> bool {
    link.split(['/', '?', '#'])
        .next()
        .is_some_and(|first| first.contains(':'))
}

/// The ids of a document.
fn ids(doc: &Html) -> BTreeSet<String> {
    select(doc, "[id]")
        .iter()
        .filter_map(|e| e.value().id().map(str::to_owned))
        .collect()
}

/// What the site's pages have and a page read alone cannot use.
fn assert_no_site_chrome(doc: &Html) {
    for css in [
        "nav.site-nav",
        ".search-box",
        "input[type=search]",
        ".report-strip",
        "script",
        "link[rel=stylesheet]",
    ] {
        assert!(select(doc, css).is_empty(), "the report still has `{css}`");
    }
    assert!(!select(doc, "main#main article.report").is_empty());
    assert!(
        !select(doc, "style").is_empty(),
        "the style sheet is inlined"
    );
}

/// The links of the site's own page that lead elsewhere in the site (its body only).
fn site_links(project: &Path) -> Vec<String> {
    let page = std::fs::read_to_string(project.join(SITE_PAGE)).unwrap();
    let doc = Html::parse_document(&page);
    select(&doc, "main [href]")
        .iter()
        .filter_map(|e| e.value().attr("href"))
        .filter(|h| !h.starts_with('#') && !has_scheme(h))
        .map(str::to_owned)
        .collect()
}

#[test]
fn report_without_base_url_names_pages_in_plain_text() {
    let t = example();
    let config = std::fs::read_to_string(t.path().join("irbook.yaml")).unwrap();
    let without: String = config
        .lines()
        .filter(|l| !l.starts_with("base_url:"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(config, without, "the example sets base_url");
    std::fs::write(t.path().join("irbook.yaml"), without).unwrap();
    build_ok(t.path());
    let outside = TempDir::new("report-outside");
    let doc = Html::parse_document(&report(t.path(), outside.path()));
    assert_no_site_chrome(&doc);

    // Nothing relative is left: the file works wherever it is opened.
    let own = ids(&doc);
    for link in links(&doc) {
        if let Some(id) = link.strip_prefix('#') {
            assert!(own.contains(id), "`{link}` leads to no id of the report");
        } else {
            assert!(
                has_scheme(&link),
                "relative link `{link}` is dead outside the site"
            );
        }
    }
    // Every link of the site's page into the site became text naming its page.
    let spans = select(&doc, "span.site-ref");
    let site = site_links(t.path());
    assert!(
        site.len() > 30,
        "the site's report links {} pages",
        site.len()
    );
    assert_eq!(
        spans.len(),
        site.len(),
        "one plain-text reference per site link"
    );
    for s in &spans {
        let text: String = s.text().collect();
        let title = s.value().attr("title").unwrap_or_default();
        assert!(!text.trim().is_empty(), "{}", s.html());
        assert!(title.starts_with("Page of the site: "), "{}", s.html());
    }
    assert!(
        spans
            .iter()
            .any(|s| s.text().collect::<String>() == "facilitator guide")
    );
}

#[test]
fn report_with_base_url_links_every_page_under_it() {
    let t = example();
    build_ok(t.path());
    let outside = TempDir::new("report-outside");
    let doc = Html::parse_document(&report(t.path(), outside.path()));
    assert_no_site_chrome(&doc);

    let edition = t.path().join("public/isirt");
    let under = format!("{BASE}isirt/");
    let site = site_links(t.path());
    let own = ids(&doc);
    let mut into_site = 0;
    for link in links(&doc) {
        if let Some(id) = link.strip_prefix('#') {
            assert!(own.contains(id), "`{link}` leads to no id of the report");
            continue;
        }
        assert!(has_scheme(&link), "relative link `{link}`");
        let Some(path) = link.strip_prefix(&under) else {
            // mailto:, tel: and outside addresses are what the site's page has too.
            assert!(
                !link.starts_with(BASE),
                "`{link}` is not in the isirt edition"
            );
            continue;
        };
        // The published address of a page that exists in the built edition, with its id.
        into_site += 1;
        let (file, id) = path.split_once('#').unwrap_or((path, ""));
        let target = edition.join(file);
        assert!(target.is_file(), "`{link}`: the edition has no {file}");
        if !id.is_empty() {
            let page = Html::parse_document(&std::fs::read_to_string(&target).unwrap());
            assert!(ids(&page).contains(id), "`{link}`: no id");
        }
    }
    assert_eq!(
        into_site,
        site.len(),
        "every site link of the page, now absolute"
    );
    assert!(select(&doc, "span.site-ref").is_empty());
}

#[test]
fn report_refuses_a_base_url_that_is_no_web_address() {
    let t = example();
    let config = std::fs::read_to_string(t.path().join("irbook.yaml")).unwrap();
    let bad = config.replace(
        &format!("base_url: {BASE}"),
        "base_url: \"javascript:alert(1)//\"",
    );
    assert_ne!(config, bad);
    std::fs::write(t.path().join("irbook.yaml"), bad).unwrap();
    let outside = TempDir::new("report-outside");
    let out = outside.path().join("aar.html");
    let o = run(
        t.path(),
        &["exercise", "report", RECORD, "--out", out.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("base_url"), "{}", stderr(&o));
    assert!(!out.exists());
}
