//! Tests of the search index: tokenising, plain text, scoring, the cap and the JS output.

use super::doc::{Doc, Field};
use super::documents::documents;
use super::index::{Index, LAST_DIGITS, MORE_DIGITS, Merge, SCORE_SCALE, add_all, index_of};
use super::js::to_js;
use super::plain::collapse;
use super::synonyms::Synonyms;
use super::*;
use crate::edition::html::ROOT_MARK;
use crate::edition::view::SiteView;
use std::collections::BTreeMap;
use std::path::Path;

/// Mirrors the ranking of search.js for terms in the index: score = sum of posting score *
/// ln(1 + N / df), times the square of the share of the query's idf the document holds.
/// Returns document numbers, best first.
fn search(index: &Index, query: &str) -> Vec<usize> {
    let n = index.docs.len() as f64;
    let mut q = query_terms(query);
    q.sort();
    q.dedup();
    let lists: Vec<(f64, BTreeMap<usize, f64>)> = q
        .iter()
        .map(|t| {
            let post = decode(index.terms.get(t).map_or("", |p| p.as_str()));
            let df = (post.len() / 2) as f64;
            let idf = (1.0 + n / df.max(1.0)).ln();
            let mut doc = 0;
            let list = post
                .chunks(2)
                .map(|c| {
                    doc += c[0] as usize;
                    (doc, f64::from(c[1]) * idf)
                })
                .collect();
            (idf, list)
        })
        .collect();
    let whole: f64 = lists.iter().map(|(idf, _)| idf).sum();
    let mut all: BTreeMap<usize, (f64, f64)> = BTreeMap::new();
    for (idf, l) in &lists {
        for (d, s) in l {
            let e = all.entry(*d).or_default();
            e.0 += idf;
            e.1 += s;
        }
    }
    let mut hits: Vec<(usize, f64)> = all
        .into_iter()
        .map(|(d, (held, s))| (d, s * (held / whole).powi(2)))
        .collect();
    hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    hits.into_iter().map(|(d, _)| d).collect()
}

/// Mirrors the decoder of search.js.
fn decode(s: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut n = 0;
    for b in s.bytes() {
        if let Some(d) = MORE_DIGITS.iter().position(|x| *x == b) {
            n = n * 32 + d as u32;
        } else {
            let d = LAST_DIGITS.iter().position(|x| *x == b).expect("a digit");
            out.push(n * 32 + d as u32);
            n = 0;
        }
    }
    out
}

#[test]
fn postings_round_trip() {
    let nums = [0, 1, 31, 32, 1023, 1024, 40_000, u32::MAX];
    let e = encode(&nums);
    assert_eq!(&e[..3], "01V");
    assert_eq!(decode(&e), nums);
}

fn doc(title: &str, body: &str) -> Doc {
    let mut d = Doc::new(title, &format!("{title}.html"), "Procedure");
    d.text(Field::Body, body);
    d
}

/// The example scheme's views, staff then isirt.
pub(super) fn example_views() -> Vec<SiteView> {
    views_of(Path::new(env!("CARGO_MANIFEST_DIR")))
}

/// The views of the scheme at `root`, lowest audience first.
fn views_of(root: &Path) -> Vec<SiteView> {
    let loaded = crate::load::load(root);
    let scheme = loaded.scheme.as_ref().expect("the scheme loads");
    let idx = crate::model::index::index(scheme);
    let cache = crate::edition::view::MdCache::default();
    crate::edition::all(scheme, &idx)
        .iter()
        .map(|ed| crate::edition::view::build(scheme, &idx, ed, &cache, None).0)
        .collect()
}

/// `n` distinct words that stem to themselves: `w0x w1x ...`.
fn distinct_words(n: usize) -> String {
    (0..n).map(|i| format!("w{i}x ")).collect()
}

#[test]
fn caps_the_terms_of_one_document() {
    let at_cap = doc("Words", &distinct_words(MAX_TERMS_PER_DOC - 1));
    let (scores, capped) = at_cap.scores(&Synonyms::default());
    assert_eq!(
        scores.len(),
        MAX_TERMS_PER_DOC,
        "the title's word and the body's"
    );
    assert!(!capped);
    // Over the cap: the first terms are kept (and still counted), the rest left out.
    let body = format!("{} w0x w0x", distinct_words(MAX_TERMS_PER_DOC + 5000));
    let (scores, capped) = doc("Words", &body).scores(&Synonyms::default());
    assert!(capped);
    assert_eq!(scores.len(), MAX_TERMS_PER_DOC);
    let score = |t: &str| scores.iter().find(|(s, _)| *s == t).map(|(_, n)| n);
    assert_eq!(score("word"), Some(W_TITLE * SCORE_SCALE));
    // A body this long weighs each word at the least score, 1, however often it occurs.
    assert_eq!(score("w0x"), Some(1));
    assert_eq!(score(&format!("w{}x", MAX_TERMS_PER_DOC - 2)), Some(1));
    assert_eq!(score(&format!("w{}x", MAX_TERMS_PER_DOC - 1)), None);
    // The index says which documents were capped, and holds the kept terms only.
    let mut merge = Merge::default();
    add_all(
        &mut merge,
        &[doc("Small", "one page"), doc("Words", &body), at_cap],
        &Synonyms::default(),
    );
    let (index, capped) = merge.finish();
    assert_eq!(
        capped,
        [Capped {
            title: "Words".into(),
            href: "Words.html".into()
        }]
    );
    assert!(index.terms.contains_key("w100x"));
    assert!(
        !index
            .terms
            .contains_key(&format!("w{}x", MAX_TERMS_PER_DOC + 100))
    );
}

#[test]
fn fold_table_is_within_the_fast_path() {
    for (from, _) in FOLDS {
        assert!(
            from.chars()
                .all(|c| ('\u{C0}'..='\u{24F}').contains(&c) || c == 'ς')
        );
    }
}

#[test]
fn stop_words_are_sorted_and_short() {
    assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    // Stop words are found packed into a u64 (`packed`): eight bytes at most.
    assert!(STOP_WORDS.iter().all(|w| w.len() <= 8));
}

#[test]
fn tokenises_and_stems() {
    assert_eq!(
        terms("Encrypted, encrypting; ENCRYPTION encrypts"),
        ["encrypt"; 4]
    );
    assert_eq!(terms("the files of a file"), ["fil", "fil"]);
    assert_eq!(terms("Café NAÏVE Straße"), ["caf", "naiv", "strass"]);
    assert_eq!(
        terms("policies process viruses stopped"),
        ["policy", "process", "virus", "stop"]
    );
    assert_eq!(terms("user’s IT x-ray"), ["user", "it", "ray", "xray"]);
    assert_eq!(terms("e-mail pre- and"), ["mail", "email", "pre"]);
    assert_eq!(query_terms("phishing e-mail"), ["phish", "email"]);
    assert_eq!(terms("\u{0}sev1\u{2028}call"), ["sev1", "call"]);
}

#[test]
fn folds_british_and_american_spellings() {
    let same = [
        ("organisation", "organization"),
        ("organised", "organizing"),
        ("unauthorised", "unauthorized"),
        ("analyse", "analyzed"),
        ("licence", "license"),
        ("licences", "licensed"),
        ("defence", "defense"),
        ("colour", "color"),
        ("behaviours", "behavior"),
        ("centre", "center"),
        ("metres", "meter"),
        ("catalogue", "catalog"),
        ("travelled", "traveled"),
        ("cancelling", "canceled"),
        ("enrol", "enroll"),
        ("programme", "program"),
        ("judgement", "judgment"),
        ("cheque", "check"),
        ("grey", "gray"),
        ("learnt", "learned"),
    ];
    for (gb, us) in same {
        assert_eq!(stem(gb), stem(us), "{gb} and {us}");
    }
    // Short words the rules leave alone, so they do not run into others.
    let apart = [
        ("hour", "hor"),
        ("four", "for"),
        ("fill", "file"),
        ("fence", "fens"),
        ("size", "sis"),
        ("role", "roll"),
    ];
    for (a, b) in apart {
        assert_ne!(stem(a), stem(b), "{a} and {b}");
    }
    assert_eq!(stem("fill"), "fill");
    assert_eq!(stem("hours"), "hour");
}

#[test]
fn strips_html() {
    let html = "<p>A &amp; B&nbsp;<em>are</em> \u{0}<a href=\"\u{0}x.html\">linked</a></p><ul><li>one</li><li>two&#8217;s &bogus; &#0;</li></ul><script>var x = 1;</script>end";
    assert_eq!(
        plain_text(html),
        "A & B are linked one two’s &bogus; &#0; end"
    );
}

#[test]
fn a_date_element_joins_the_text_around_it() {
    assert_eq!(
        plain_text("<p>Verified <time>2026-10-06</time>.</p>"),
        "Verified 2026-10-06."
    );
}

#[test]
fn drops_html_comments_whole() {
    // Rendered Markdown holds no comments, but raw HTML might: none of a comment's
    // text is indexed, even past a `>` inside it.
    let html = "<p>kept</p><!-- a > b\nnote -->after<!-->x<!-- open > y";
    assert_eq!(plain_text(html), "kept afterx");
}

#[test]
fn collapses_whitespace_as_it_strips() {
    // Words split by inline tags stay joined; block tags, every kind of Unicode space
    // and the root marker separate; an upper-case SCRIPT is still dropped whole.
    let html = format!(
        "\u{b}\t <p> co<strong>nt</strong>ain\u{a0}\u{3000}now{ROOT_MARK}</p>\
         <DIV>x\u{1c}y</DIV>\u{2028}<SCRIPT>hidden</SCRIPT> &nbsp; end \r\n"
    );
    assert_eq!(plain_text(&html), "contain now x\u{1c}y end");
    assert_eq!(collapse("  a \u{85} b\u{b}"), "a b");
    assert_eq!(collapse(&format!("a{ROOT_MARK}b")), "a b");
    assert_eq!(collapse(" \u{a0} "), "");
}

#[test]
fn title_hit_beats_body_hit() {
    let docs = vec![
        doc("Backups", "Restore from tape. ".repeat(50).as_str()),
        doc("Tape library", "Where the tapes are kept."),
        doc("Other", &"tape ".repeat(200)),
    ];
    let index = index_of(&docs, &Synonyms::default());
    let hits = search(&index, "tape");
    assert_eq!(hits[0], 1, "the title match ranks first: {hits:?}");
    let post = decode(&index.terms[&stem("tape")]);
    let score_of = |d: u32| {
        let mut at = 0;
        post.chunks(2).find_map(|c| {
            at += c[0];
            (at == d).then_some(c[1])
        })
    };
    assert!(score_of(1) > score_of(2));
    assert!(score_of(1) > score_of(0));
}

#[test]
fn falls_back_to_any_word() {
    let docs = vec![doc("Flood", "water"), doc("Fire", "smoke")];
    let index = index_of(&docs, &Synonyms::default());
    assert_eq!(search(&index, "flood smoke").len(), 2);
    assert_eq!(search(&index, "fire smoke"), [1]);
}

#[test]
fn indicator_words_find_the_playbook() {
    for view in example_views() {
        let docs = documents(&view);
        let index = index_of(&docs, &Synonyms::default());
        for q in ["encrypted files", "ransom note", "files renamed"] {
            let hits = search(&index, q);
            let titles: Vec<&str> = hits
                .iter()
                .take(5)
                .map(|d| index.docs[*d].0.as_str())
                .collect();
            assert!(
                titles[..2].contains(&"Ransomware"),
                "{}: `{q}` gave {titles:?}",
                view.edition.id
            );
        }
    }
}

#[test]
fn editions_indexed_together_match_each_alone() {
    let views = example_views();
    let refs: Vec<&SiteView> = views.iter().collect();
    let together = index_js_all(&refs);
    let alone: Vec<String> = views.iter().map(index_js).collect();
    assert_eq!(together, alone);
    // Also in the other order, where the first edition sees more.
    let rev: Vec<&SiteView> = views.iter().rev().collect();
    let together = index_js_all(&rev);
    let alone: Vec<String> = views.iter().rev().map(index_js).collect();
    assert_eq!(together, alone);
}

#[test]
fn edition_filters_the_index() {
    let views = example_views();
    let staff = index_js(&views[0]);
    let isirt = index_js(&views[1]);
    assert!(!staff.contains("Investigating suspected insiders"));
    assert!(isirt.contains("Investigating suspected insiders"));
}

#[test]
fn output_is_deterministic_valid_and_clean() {
    let views = example_views();
    for view in &views {
        let a = index_js(view);
        assert_eq!(a, index_js(view));
        assert!(!a.contains('\0') && !a.contains("\\u0000"));
        assert!(!a.contains('\u{2028}') && !a.contains('\u{2029}'));
        let json = a
            .strip_prefix("window.IRBOOK_SEARCH = ")
            .and_then(|s| s.strip_suffix(";\n"))
            .expect("a script setting the global");
        let v: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
        let docs = v["docs"].as_array().expect("docs");
        assert!(docs.iter().any(|d| d[1] == "playbooks/ransomware.html"));
        assert!(docs.iter().all(|d| {
            d[3].as_str()
                .is_some_and(|t| t.chars().count() <= EXCERPT_CHARS + 1 && !t.contains('<'))
        }));
    }
    let mut d = doc("Line\u{2028}sep", "para\u{2029}sep \u{0}");
    d.html(Field::Body, "<p>x\u{0}y</p>");
    let js = to_js(&index_of(&[d], &Synonyms::default()));
    assert!(!js.contains('\0') && !js.contains("\\u0000"));
    assert!(!js.contains('\u{2028}') && !js.contains('\u{2029}'));
    let raw = Index {
        version: 1,
        docs: vec![(
            "a\u{2028}b".into(),
            "x.html".into(),
            "Form",
            "c\u{2029}d".into(),
        )],
        terms: BTreeMap::new(),
        alias: BTreeMap::new(),
    };
    let js = to_js(&raw);
    assert!(js.contains("a\\u2028b") && js.contains("c\\u2029d"));
}

/// The document of `index` at `href`, by number.
fn doc_at(index: &Index, href: &str) -> Option<usize> {
    index.docs.iter().position(|d| d.1 == href)
}

/// The stored score of `term` in document `doc`.
fn score_in(index: &Index, term: &str, doc: usize) -> Option<u32> {
    let post = decode(index.terms.get(term)?);
    let mut at = 0;
    post.chunks(2).find_map(|c| {
        at += c[0] as usize;
        (at == doc).then_some(c[1])
    })
}

#[test]
fn synonyms_index_their_words_where_a_phrase_is() {
    use crate::edition::view::SynonymView;
    let synonyms = Synonyms::new(&[SynonymView {
        words: vec!["DDoS".into()],
        means: vec!["denial of service".into()],
    }]);
    let docs = vec![
        doc("Denial of service", "Traffic floods."),
        doc("Other", "A denial of service in the body."),
        doc("Service", "Nothing denied here."),
    ];
    let index = index_of(&docs, &synonyms);
    // In the field of the phrase: the title's weight in the first, the body's in the second.
    assert_eq!(score_in(&index, "ddo", 0), score_in(&index, "denial", 0));
    assert!(score_in(&index, "ddo", 0) > score_in(&index, "ddo", 1));
    assert_eq!(score_in(&index, "ddo", 2), None);
    assert_eq!(search(&index, "ddos"), [0, 1]);
    // The browser marks the phrase's words in results found by the synonym.
    assert_eq!(index.alias["ddo"], ["denial", "servic"]);
    assert!(to_js(&index).contains(r#""alias":{"ddo":["denial","servic"]}"#));
    // Without synonyms the index has no alias table at all.
    let plain = index_of(&docs, &Synonyms::default());
    assert!(!to_js(&plain).contains("alias"));
}

#[test]
fn short_bodies_weigh_a_word_more_than_long_ones() {
    let long = format!(
        "Mention of the badge once. {}",
        "Other words here. ".repeat(200)
    );
    let docs = vec![
        doc("Long", &long),
        doc("Short", "Mention of the badge once."),
    ];
    let index = index_of(&docs, &Synonyms::default());
    assert!(score_in(&index, "badg", 1) > score_in(&index, "badg", 0));
    assert_eq!(search(&index, "badge"), [1, 0]);
    // A title still outranks any body.
    assert!(score_in(&index, "short", 1) > score_in(&index, "badg", 1));
}

#[test]
fn search_terms_are_indexed_but_not_shown() {
    for view in example_views() {
        let index = index_of(&documents(&view), &Synonyms::new(&view.synonyms));
        let pb = doc_at(&index, "playbooks/phishing.html").expect("phishing");
        let ceo = score_in(&index, "ceo", pb).expect("search term `CEO fraud` indexed");
        assert!(ceo >= W_TERMS, "{ceo}");
        assert!(
            !index.docs[pb].3.contains("CEO fraud"),
            "shown in the snippet text"
        );
        assert_eq!(search(&index, "CEO fraud")[0], pb, "{}", view.edition.id);
    }
}

#[test]
fn the_pages_people_look_for_are_indexed() {
    let views = example_views();
    let staff = index_of(&documents(&views[0]), &Synonyms::new(&views[0].synonyms));
    for href in [
        "index.html",
        "awareness/pocket-card.html",
        "awareness/index.html",
        "scheme/index.html",
        "playbooks/index.html",
        "templates/index.html",
        "templates/staff-notice.html",
        "exercises/index.html",
        "exercises/lost-laptop-new-starter/handout.html",
    ] {
        assert!(doc_at(&staff, href).is_some(), "{href} not indexed");
    }
    // The home page's card holds the out-of-band routes and when to use them.
    let home = doc_at(&staff, "index.html").unwrap();
    for term in ["hotlin", "overhear", "night"] {
        assert!(
            score_in(&staff, term, home).is_some(),
            "{term} not on the home card"
        );
    }
    // A channel's "use when" note is indexed with its contact.
    let desk = doc_at(&staff, "contacts.html#role-service-desk").unwrap();
    assert!(score_in(&staff, "night", desk).is_some());
    assert_eq!(
        search(&staff, "list of playbooks")[0],
        doc_at(&staff, "playbooks/index.html").unwrap()
    );
    // Team-only templates stay in the team's index.
    let isirt = index_of(&documents(&views[1]), &Synonyms::new(&views[1].synonyms));
    assert!(doc_at(&staff, "templates/insurer-notice.html").is_none());
    assert!(doc_at(&isirt, "templates/insurer-notice.html").is_some());
}

#[test]
fn editions_with_different_synonyms_index_together_as_alone() {
    // The canary fixture's team has a synonym of its own, so nothing is shared.
    let views = views_of(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/canary"));
    assert_ne!(views[0].synonyms, views[1].synonyms);
    let refs: Vec<&SiteView> = views.iter().collect();
    let alone: Vec<String> = views.iter().map(index_js).collect();
    assert_eq!(index_js_all(&refs), alone);
    assert!(alone[1].contains("canarysynword3b92") && !alone[0].contains("canarysynword3b92"));
}
