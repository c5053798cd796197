//! Edition separation: nothing restricted to the incident response team (`isirt`) may reach
//! the all-staff edition, in any file, in any encoding, with any theme.
//!
//! The scans here read the built output byte for byte: every file of the edition (any
//! extension, dotfiles included) and every file and folder name, raw and after decoding
//! HTML entities, JSON/JS escapes, percent-encoding and vCard/CSV escapes and removing
//! tags (repeatedly, in any order), case-insensitively and once more with everything but
//! letters and digits removed; files holding NUL bytes are also read as UTF-16.
//! Compressed files are refused until the scan learns to open them (irbook writes none yet).
//!
//! Every way an edition leaves the tool is scanned: `build` (all editions), `build
//! --edition E --out DIR`, and `export` with and without `--edition` and `--out`; and, in
//! `editions/served.rs`, every page `serve --edition staff` answers, its temporary copy,
//! and the exercise console's projector and API.
//!
//! Fixtures: `tests/fixtures/canary` (every team-only item carries a `CANARY-WORD-hhhh`
//! string, or is one of the [`canaries::ESCAPED_CANARIES`] made of characters that get escaped;
//! awareness pages and quizzes included) and `tests/fixtures/hostile-theme` (a theme that
//! dumps its whole context, laid over a copy of the canary scheme).

mod canaries;
mod clocks;
mod duties;
mod duty_cards;
mod generated;
mod packages;
mod scan;
mod secrets;
mod served;

use crate::common::*;
use canaries::*;
use generated::*;
use scan::*;
use scraper::{Html, Selector};
use secrets::*;
use std::collections::BTreeMap;
use std::path::Path;

/// stdout and stderr of a run, together.
fn output_text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Runs `irbook check` and asserts it reports no error.
fn check_ok(dir: &Path) -> String {
    let o = run(dir, &["check"]);
    let text = output_text(&o);
    assert!(o.status.success(), "irbook check failed:\n{text}");
    assert!(
        text.contains("0 errors"),
        "irbook check reported errors:\n{text}"
    );
    text
}

#[test]
fn scanner_sees_through_encodings() {
    // The scan must find a canary however an output file spells it, or the other tests
    // prove nothing.
    let spellings: &[(&str, &[u8])] = &[
        ("plain", b"x CANARY-SELFTEST-1a2b y"),
        ("lowercase", b"canary-selftest-1a2b"),
        ("named entity", b"CANARY&hyphen;SELFTEST&dash;1a2b"),
        ("decimal entity", b"&#67;ANARY&#45;SELFTEST-1a2b"),
        ("hex entity", b"&#x43;&#X41;NARY&#x2d;SELFTEST-1a2b"),
        ("double-escaped entity", b"CANARY&amp;#45;SELFTEST-1a2b"),
        ("JSON escape", br#"{"a": "\u0043ANARY\u002dSELFTEST-1a2b"}"#),
        ("JS hex escape", br"\x43ANARY-SELFTEST-1a2b"),
        ("percent", b"href=%43ANARY%2DSELFTEST-1a2b"),
        ("mixed", br"C&#65;NARY\u002dSELF%54EST-1a2b"),
        ("split by markup", b"CANARY-<b>SELF</b>TEST-1a2b"),
    ];
    let utf16: Vec<u8> = "CANARY-SELFTEST-1a2b"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let spellings = spellings
        .iter()
        .copied()
        .chain([("UTF-16", utf16.as_slice())]);
    for (how, bytes) in spellings {
        let t = TempDir::new("selftest");
        std::fs::write(t.path().join("page.html"), bytes).unwrap();
        let e = Edition::read(t.path());
        assert!(
            e.find("CANARY-SELFTEST-1a2b").is_some(),
            "the scan misses a canary spelt as {how}"
        );
        assert!(e.find("CANARY-OTHER-9f9f").is_none());
    }
    // A canary of characters that get escaped is found in each output's escaped form,
    // and not by its letters alone.
    let needle = "Zoë, \"Q&A\" <ops> 1a2b";
    let spellings: &[(&str, &[u8])] = &[
        (
            "HTML",
            "Zo&#235;, &quot;Q&amp;A&quot; &lt;ops&gt; 1a2b".as_bytes(),
        ),
        (
            "JSON",
            br#"{"a": "Zo\u00eb, \"Q&A\" \u003cops\u003e 1a2b"}"#,
        ),
        (
            "percent",
            b"href=Zo%C3%AB%2C%20%22Q%26A%22%20%3Cops%3E%201a2b",
        ),
        ("vCard text", "NOTE:Zoë\\, \"Q&A\" <ops> 1a2b".as_bytes()),
        (
            "vCard parameter",
            "LABEL=\"Zoë, ^'Q&A^' <ops> 1a2b\"".as_bytes(),
        ),
        ("CSV", "x,\"Zoë, \"\"Q&A\"\" <ops> 1a2b\"".as_bytes()),
    ];
    for (how, bytes) in spellings {
        let t = TempDir::new("selftest");
        std::fs::write(t.path().join("page.html"), bytes).unwrap();
        let e = Edition::read(t.path());
        let found = e.find_exact(needle);
        assert!(
            found.is_some(),
            "the scan misses an escaped canary spelt as {how}"
        );
    }
    for name in ["canary-selftest-1a2b.html", "CANARY%2DSELFTEST%2D1a2b.html"] {
        let t = TempDir::new("selftest");
        std::fs::write(t.path().join(name), b"clean").unwrap();
        assert!(
            Edition::read(t.path())
                .find("CANARY-SELFTEST-1a2b")
                .is_some(),
            "the scan misses a canary in the file name {name}"
        );
    }
    let t = TempDir::new("selftest");
    std::fs::create_dir_all(t.path().join("canary-selftest-1a2b")).unwrap();
    std::fs::write(t.path().join("index.html"), b"clean").unwrap();
    assert!(
        Edition::read(t.path())
            .find("CANARY-SELFTEST-1a2b")
            .is_some(),
        "the scan misses a canary in an empty folder's name"
    );
    // A compressed file cannot be read through yet, so it must stop the scan.
    let t = TempDir::new("selftest");
    std::fs::write(t.path().join("search.json.gz"), [0x1f, 0x8b, 8, 0, 0]).unwrap();
    let refused = std::panic::catch_unwind(|| Edition::read(t.path()));
    assert!(refused.is_err(), "a gzip file passed the scan unread");
}

// ---------------------------------------------------------------------------------------
// The canary fixture
// ---------------------------------------------------------------------------------------

#[test]
fn staff_edition_holds_no_canary() {
    let f = fixture("canary");
    let report = check_ok(f.path());
    // Links from staff text to hidden pages are reported, not fatal.
    assert!(
        report.contains("canary-file-9d2c.md") && report.contains("may not see"),
        "no warning about the link to the hidden page:\n{report}"
    );
    build_ok(f.path());
    let list = canary_list(f.path());
    let staff = Edition::read(&f.path().join("public/staff"));
    let isirt = Edition::read(&f.path().join("public/isirt"));
    assert_separated(&staff, &isirt, &list, "canary fixture");

    // The escaped canaries were found in the team edition through their escapes alone,
    // so the scan of the staff edition looked for them in those spellings.
    for (what, c) in ESCAPED_CANARIES {
        assert!(
            isirt.only_escaped(c),
            "{what}: `{c}` is not (only) escaped in the isirt edition, so it proves nothing about the decoders"
        );
    }
    // Awareness pages and quizzes are there, the team's own ones only for the team.
    for page in [
        "awareness/index.html",
        "awareness/welcome.html",
        "awareness/check.html",
    ] {
        assert!(staff.files.contains_key(page), "staff lacks {page}");
    }

    // Hidden items are gone, not just emptied.
    for gone in [
        "scheme/canary-file-9d2c.html",
        "playbooks/canary-pb-1b7e.html",
        "forms/canary-form-3a7d.html",
        "forms/canary-record-8f1c.html",
        "awareness/canary-aware-6c1f.html",
        "awareness/canary-quiz-5d8e.html",
    ] {
        assert!(!staff.files.contains_key(gone), "staff has {gone}");
        assert!(isirt.files.contains_key(gone), "isirt lacks {gone}");
    }
    // A link from a staff page to a hidden page keeps its text, as plain text, no link.
    let guide = String::from_utf8_lossy(&staff.files["scheme/guide.html"]).into_owned();
    let doc = Html::parse_document(&guide);
    let prose = Selector::parse(".prose, main").unwrap();
    let text: String = doc
        .select(&prose)
        .flat_map(|e| e.text())
        .collect::<Vec<_>>()
        .join("");
    for t in ["the team handbook", "the team form", "the team playbook"] {
        assert!(text.contains(t), "link text `{t}` lost from staff guide");
    }
    let anchors = Selector::parse("a").unwrap();
    for a in doc.select(&anchors) {
        let inner: String = a.text().collect();
        assert!(
            !inner.contains("the team"),
            "a link to a hidden page is still a link in staff: {}",
            a.html()
        );
    }
    let isirt_guide = String::from_utf8_lossy(&isirt.files["scheme/guide.html"]).into_owned();
    assert!(
        isirt_guide.contains("href=\"../scheme/canary-file-9d2c.html\">the team handbook</a>"),
        "isirt guide does not link the team page"
    );
    // References to hidden items say "restricted".
    let owner_page = String::from_utf8_lossy(&staff.files["scheme/restricted-owner.html"]);
    assert!(owner_page.contains("restricted"), "no restricted owner");
}

#[test]
fn one_edition_builds_and_exports_hold_no_canary() {
    let f = fixture("canary");
    build_ok(f.path());
    let list = canary_list(f.path());
    let full = |ed: &str| {
        let mut t = tree(&f.path().join("public").join(ed));
        // Each folder irbook writes is marked as its own; the marker is no page.
        t.remove(irbook::write::MARKER);
        t
    };
    let (full_staff, full_isirt) = (full("staff"), full("isirt"));

    // `build --edition E --out DIR`: the same files as edition E of a full build.
    for (ed, whole) in [("staff", &full_staff), ("isirt", &full_isirt)] {
        let out = format!("only-{ed}");
        let o = run(f.path(), &["build", "--edition", ed, "--out", &out]);
        assert!(o.status.success(), "build --edition {ed}: {}", stderr(&o));
        let mut alone = tree(&f.path().join(&out).join(ed));
        alone.remove(irbook::write::MARKER);
        let names = |t: &BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
        assert_eq!(
            names(&alone),
            names(whole),
            "build --edition {ed}: other files"
        );
        for (path, bytes) in &alone {
            assert!(
                whole[path] == *bytes,
                "build --edition {ed}: {path} differs"
            );
        }
    }
    let staff = Edition::read(&f.path().join("only-staff/staff"));
    let isirt = Edition::read(&f.path().join("only-isirt/isirt"));
    assert_separated(&staff, &isirt, &list, "build --edition");

    // `export`, to standard output or a file, of the default (first) edition or a named
    // one: byte for byte that edition's scheme.json, and the staff one holds no canary.
    let exported = |args: &[&str], file: Option<&str>| -> Vec<u8> {
        let o = run(f.path(), args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        match file {
            Some(name) => std::fs::read(f.path().join(name)).unwrap(),
            None => o.stdout,
        }
    };
    let staff_exports = [
        ("export", exported(&["export"], None)),
        (
            "export --edition staff",
            exported(&["export", "--edition", "staff"], None),
        ),
        (
            "export --out",
            exported(&["export", "--out", "default.json"], Some("default.json")),
        ),
        (
            "export --edition staff --out",
            exported(
                &["export", "--edition", "staff", "--out", "staff.json"],
                Some("staff.json"),
            ),
        ),
    ];
    for (how, bytes) in &staff_exports {
        assert!(
            *bytes == full_staff["scheme.json"],
            "{how}: not the staff scheme.json"
        );
        let t = TempDir::new("export");
        std::fs::write(t.path().join("scheme.json"), bytes).unwrap();
        let scanned = Edition::read(t.path());
        let leaks: Vec<String> = list
            .iter()
            .filter_map(|c| scanned.find(c).map(|(_, how)| format!("  `{c}` ({how})")))
            .collect();
        assert!(leaks.is_empty(), "{how} leaked:\n{}", leaks.join("\n"));
    }
    let team = exported(
        &["export", "--edition", "isirt", "--out", "team.json"],
        Some("team.json"),
    );
    assert!(team == full_isirt["scheme.json"], "export --edition isirt");
    // The team's export holds the team's material, so the scans above prove something.
    let t = TempDir::new("export");
    std::fs::write(t.path().join("scheme.json"), &team).unwrap();
    let scanned = Edition::read(t.path());
    let held = list.iter().filter(|c| scanned.find(c).is_some()).count();
    assert!(
        held * 10 >= list.len() * 7,
        "only {held} of {} canaries in the team export",
        list.len()
    );
    for (what, c) in ESCAPED_CANARIES {
        assert!(
            scanned.find_exact(c).is_some(),
            "{what}: `{c}` not in the team export"
        );
    }
}

#[test]
fn every_page_states_its_edition() {
    let f = fixture("canary");
    build_ok(f.path());
    let t = example();
    build_ok(t.path());
    let meta = Selector::parse(r#"meta[name="irbook-edition"]"#).unwrap();
    let banner = Selector::parse(".edition-banner").unwrap();
    for root in [f.path(), t.path()] {
        for (ed, name) in [("staff", "All staff"), ("isirt", "Incident response team")] {
            let e = Edition::read(&root.join("public").join(ed));
            let mut pages = 0;
            for (path, html) in e.html_pages() {
                pages += 1;
                let doc = Html::parse_document(&html);
                let metas: Vec<&str> = doc
                    .select(&meta)
                    .filter_map(|m| m.value().attr("content"))
                    .collect();
                assert_eq!(metas, vec![ed], "{ed}/{path}: irbook-edition meta");
                let banners: Vec<_> = doc.select(&banner).collect();
                assert_eq!(banners.len(), 1, "{ed}/{path}: one edition banner");
                let b = banners[0];
                let text: String = b.text().collect();
                assert!(
                    text.contains(&format!("{name} edition")),
                    "{ed}/{path}: banner does not name the edition: {text}"
                );
                let restricted = b.value().classes().any(|c| c == "restricted");
                if ed == "isirt" {
                    assert!(
                        restricted && text.contains("RESTRICTED"),
                        "{ed}/{path}: team edition banner does not say restricted: {}",
                        b.html()
                    );
                } else {
                    assert!(
                        !restricted && !text.contains("RESTRICTED"),
                        "{ed}/{path}: staff banner claims to be restricted"
                    );
                }
            }
            assert!(pages >= 9, "{}: only {pages} pages", root.display());
        }
    }
}

// ---------------------------------------------------------------------------------------
// A hostile theme
// ---------------------------------------------------------------------------------------

#[test]
fn hostile_theme_dumping_context_leaks_nothing() {
    let f = fixture("canary");
    copy_dir(&repo().join("tests/fixtures/hostile-theme"), f.path());
    let cfg = f.path().join("irbook.yaml");
    let mut text = std::fs::read_to_string(&cfg).unwrap();
    text.push_str("theme: evil\n");
    std::fs::write(&cfg, text).unwrap();
    check_ok(f.path());
    build_ok(f.path());
    let list = canary_list(f.path());
    let staff = Edition::read(&f.path().join("public/staff"));
    let isirt = Edition::read(&f.path().join("public/isirt"));
    assert_separated(&staff, &isirt, &list, "hostile theme");

    // The dump really happened on every page, so the scan above is not vacuous.
    let mut pages = 0;
    for (path, html) in staff.html_pages() {
        pages += 1;
        for marker in ["EVIL-DUMP-BEGIN", "EVIL-WALK-BEGIN {", "EVIL-LOOP-BEGIN\n"] {
            assert!(html.contains(marker), "{path}: no {marker}");
        }
        let dump =
            &html[html.find("EVIL-DUMP-BEGIN").unwrap()..html.find("EVIL-DUMP-END").unwrap()];
        for key in ["\"site\"", "\"edition\"", "\"reporting\"", "\"page_path\""] {
            assert!(dump.contains(key), "{path}: the context dump lacks {key}");
        }
        assert!(
            dump.contains("\"id\": \"staff\""),
            "{path}: not the staff view"
        );
    }
    assert!(pages >= 9, "only {pages} pages");
    let page = String::from_utf8_lossy(&staff.files["scheme/guide.html"]).into_owned();
    assert!(page.contains("\"page\": {"), "page data not dumped");
    let pb = String::from_utf8_lossy(&staff.files["playbooks/flood.html"]).into_owned();
    assert!(pb.contains("\"playbook\": {"), "playbook data not dumped");
    // And in the team edition the same dump holds the team's material.
    let isirt_home = String::from_utf8_lossy(&isirt.files["index.html"]).into_owned();
    assert!(
        isirt_home.contains("CANARY-PAGETITLE-4e1b"),
        "isirt dump lacks the team page title"
    );
}

// ---------------------------------------------------------------------------------------
// The bundled example
// ---------------------------------------------------------------------------------------

#[test]
fn example_scheme_team_only_items_stay_out() {
    let t = example();
    build_ok(t.path());
    let Secrets {
        candidates,
        mut public_text,
        hidden_pages,
    } = read_secrets(t.path());
    // Text the staff edition may legitimately hold: the sources minus team-only parts,
    // the configuration, the built-in theme and irbook's own strings.
    public_text.push_str(&std::fs::read_to_string(t.path().join("irbook.yaml")).unwrap());
    // irbook's own code holds built-in labels (kinds of party, lifecycle names...).
    for dir in ["themes/default", "src"] {
        let (_, files) = walk_all(&repo().join(dir));
        for b in files.values() {
            public_text.push_str(&String::from_utf8_lossy(b));
        }
    }
    let public_letters = alnum(&public_text);
    let mut secrets: Vec<(String, String)> = Vec::new();
    let mut shared = Vec::new();
    for (place, s) in &candidates {
        if alnum(s).len() < 10 {
            continue;
        }
        if public_letters.contains(&alnum(s)) {
            shared.push(format!("{place}: {s}"));
        } else if !secrets.iter().any(|(_, x)| x == s) {
            secrets.push((place.clone(), s.clone()));
        }
    }
    // The example holds team-only pages, blocks, steps, channels, a party, a section and
    // a field; every kind must have given at least one distinctive string.
    // The example holds team-only pages, marker blocks, steps, channels, parties, form
    // sections and fields; each kind of source must have given distinctive strings, so
    // the scan stays meaningful as the example is edited.
    type PlaceTest = fn(&str) -> bool;
    let kinds: [(&str, PlaceTest); 5] = [
        ("a marker block in a page", |p| {
            p.starts_with("scheme/") && p.ends_with(" block")
        }),
        ("a team-only page", |p| {
            p.starts_with("scheme/") && !p.ends_with(" block")
        }),
        ("a contacts item", |p| p.starts_with("contacts.yaml")),
        ("a playbook step", |p| p.starts_with("playbooks/")),
        ("a form section or field", |p| p.starts_with("forms/")),
    ];
    for (kind, test) in kinds {
        assert!(
            secrets.iter().any(|(p, _)| test(p)),
            "no team-only string from {kind} in the example; collected {secrets:#?}\nskipped as also public: {shared:#?}"
        );
    }
    assert!(
        secrets.len() >= 20,
        "only {} secrets found: {secrets:#?}",
        secrets.len()
    );
    let secrets: Vec<String> = secrets.into_iter().map(|(_, s)| s).collect();
    let staff = Edition::read(&t.path().join("public/staff"));
    let isirt = Edition::read(&t.path().join("public/isirt"));
    assert_separated(&staff, &isirt, &secrets, "example scheme");
    assert!(
        !hidden_pages.is_empty(),
        "the example has no team-only page"
    );
    for p in &hidden_pages {
        assert!(!staff.files.contains_key(p), "staff edition has {p}");
        assert!(isirt.files.contains_key(p), "isirt edition lacks {p}");
    }
}

// ---------------------------------------------------------------------------------------
// Random audience assignments
// ---------------------------------------------------------------------------------------

#[test]
fn random_audience_assignments_never_leak() {
    let start = std::time::Instant::now();
    let cases = 40;
    let mut hidden_checked = 0;
    let mut shown_checked = 0;
    for case in 0..cases {
        let t = TempDir::new("random-audience");
        let mut g = Gen {
            rng: Rng(0x9e37_79b9_7f4a_7c15 ^ (case as u64 + 1).wrapping_mul(0xd1b5_4a32_d192_ed03)),
            case,
            items: Vec::new(),
            n: 0,
        };
        g.write(t.path());
        let o = run(t.path(), &["build"]);
        assert!(
            o.status.success(),
            "case {case}: generated scheme does not build:\n{}",
            output_text(&o)
        );
        let staff = Edition::read(&t.path().join("public/staff"));
        let isirt = Edition::read(&t.path().join("public/isirt"));
        for it in &g.items {
            let in_staff = staff.find(&it.marker);
            if it.staff_visible {
                assert!(
                    in_staff.is_some(),
                    "case {case}: {} ({}) is visible to staff but missing from the staff edition",
                    it.what,
                    it.marker
                );
                shown_checked += 1;
            } else {
                assert!(
                    in_staff.is_none(),
                    "case {case}: LEAK: {} ({}) is team-only but in the staff edition: {:?}",
                    it.what,
                    it.marker,
                    in_staff
                );
                hidden_checked += 1;
            }
            assert!(
                isirt.find(&it.marker).is_some(),
                "case {case}: {} ({}) missing from the isirt edition",
                it.what,
                it.marker
            );
        }
    }
    assert!(
        hidden_checked > 500 && shown_checked > 300,
        "too few items: {hidden_checked} hidden, {shown_checked} shown"
    );
    eprintln!(
        "{cases} cases, {hidden_checked} hidden and {shown_checked} shown items checked in {:?}",
        start.elapsed()
    );
}

// ---------------------------------------------------------------------------------------
// HTML comments: dropped from every file of every edition, and nothing else with them
// ---------------------------------------------------------------------------------------

#[test]
fn html_comments_reach_no_output_and_take_nothing_with_them() {
    let f = fixture("minimal");
    let guide = f.path().join("content/scheme/guide.md");
    let text = std::fs::read_to_string(&guide).unwrap().replace(
        "## How\n",
        "## How\n\n<!-- REVIEWNOTE-first-1c4a: check with legal\nREVIEWNOTE-inner-2d5b before we publish\n-->\n\n<!-- REVIEWNOTE-same-3e6c --> KEPT-AFTER-COMMENT-4f7d stays.\n\nA sentence <!-- REVIEWNOTE-inline-5a8e\nover two lines --> KEPT-INLINE-6b9f ends.\n",
    );
    std::fs::write(&guide, text).unwrap();
    let flood = f.path().join("content/playbooks/flood.yaml");
    let text = std::fs::read_to_string(&flood).unwrap().replace(
        "        action: Filter the traffic.\n",
        "        action: |\n          <!-- REVIEWNOTE-yaml-7c0a: which filter?\n          REVIEWNOTE-yamlinner-8d1b -->\n          KEPT-YAML-9e2c filter the traffic.\n",
    );
    std::fs::write(&flood, text).unwrap();
    check_ok(f.path());
    build_ok(f.path());
    let comments = [
        "REVIEWNOTE-first-1c4a",
        "REVIEWNOTE-inner-2d5b",
        "before we publish",
        "REVIEWNOTE-same-3e6c",
        "REVIEWNOTE-inline-5a8e",
        "over two lines",
        "REVIEWNOTE-yaml-7c0a",
        "REVIEWNOTE-yamlinner-8d1b",
    ];
    for ed in ["staff", "isirt"] {
        let e = Edition::read(&f.path().join("public").join(ed));
        for c in comments {
            assert_eq!(
                e.find(c),
                None,
                "{ed}: comment text `{c}` reached the output"
            );
        }
        for (path, bytes) in &e.files {
            let t = String::from_utf8_lossy(bytes);
            assert!(
                !t.contains("--&gt;") && !t.contains("&lt;!--"),
                "{ed}/{path}: comment delimiters shown as text"
            );
        }
        // The text around the comments is kept, in the page, the binder, the JSON export
        // and the search index.
        for (file, kept) in [
            ("scheme/guide.html", "KEPT-AFTER-COMMENT-4f7d stays."),
            ("scheme/guide.html", "KEPT-INLINE-6b9f ends."),
            ("playbooks/flood.html", "KEPT-YAML-9e2c filter the traffic."),
            ("binder.html", "KEPT-AFTER-COMMENT-4f7d"),
            ("binder.html", "KEPT-YAML-9e2c"),
            ("scheme.json", "KEPT-AFTER-COMMENT-4f7d"),
            ("scheme.json", "KEPT-INLINE-6b9f"),
            ("assets/search-index.js", "KEPT-AFTER-COMMENT-4f7d"),
            ("assets/search-index.js", "KEPT-YAML-9e2c"),
        ] {
            let t = String::from_utf8_lossy(&e.files[file]);
            assert!(t.contains(kept), "{ed}/{file} lost `{kept}`");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Markers an author may plausibly write: hidden, or rejected, never shown
// ---------------------------------------------------------------------------------------

/// Audience markers written in ways irbook may not recognise. Whatever irbook makes of
/// them, the team-only line must not reach the staff edition: hiding it or rejecting the
/// build are both fine, showing it silently is a leak.
#[test]
fn misplaced_markers_fail_closed() {
    let page = |body: &str| {
        format!(
            "---\ntitle: Edge case\nweight: 90\nlifecycle: use\n---\nIntro.\n\n{body}\nOutro.\n"
        )
    };
    let cases: Vec<(&str, &str, String)> = vec![
        (
            "marker lines inside a blockquote (a GitHub alert)",
            "content/scheme/edge.md",
            page("> [!WARNING]\n> Keep calm.\n> <!-- audience: isirt -->\n> SECRET-QUOTE-1f0a locker code.\n> <!-- end audience -->\n"),
        ),
        (
            "a line starting with ```inline code``` (not a fence in CommonMark)",
            "content/scheme/edge.md",
            page("```whoami``` shows your user name.\n\n<!-- audience: isirt -->\nSECRET-INLINEFENCE-2e1b team only.\n<!-- end audience -->\n"),
        ),
        (
            "a fence line with an info string inside a fence (does not close it)",
            "content/scheme/edge.md",
            page("```\n```text\n```\n\n<!-- audience: isirt -->\nSECRET-INFOCLOSE-3d2c team only.\n<!-- end audience -->\n"),
        ),
        (
            "a shorter fence inside a longer one (does not close it)",
            "content/scheme/edge.md",
            page("````\n```\n````\n\n<!-- audience: isirt -->\nSECRET-LONGFENCE-4c3d team only.\n<!-- end audience -->\n"),
        ),
        (
            "markers in the middle of a line",
            "content/scheme/edge.md",
            page("Call us. <!-- audience: isirt --> SECRET-INLINE-5b4e <!-- end audience --> Thanks.\n"),
        ),
        (
            "a marker after a list bullet",
            "content/scheme/edge.md",
            page("- One\n- <!-- audience: isirt -->\n  SECRET-BULLET-6a5f team only.\n  <!-- end audience -->\n"),
        ),
        (
            "markers indented inside a list item",
            "content/scheme/edge.md",
            page("- One\n  <!-- audience: isirt -->\n  SECRET-LISTITEM-7f60 team only.\n  <!-- end audience -->\n- Two\n"),
        ),
        (
            "markers with Windows line endings",
            "content/scheme/edge.md",
            page("<!-- audience: isirt -->\nSECRET-CRLF-8e71 team only.\n<!-- end audience -->\n")
                .replace('\n', "\r\n"),
        ),
        (
            "markers in a YAML folded scalar (`>`), which joins them onto the line before",
            "content/forms/edge.yaml",
            "id: edge\ntitle: Edge form\nintro: >\n  Fill this in.\n  <!-- audience: isirt -->\n  SECRET-FOLDED-9d82 team only.\n  <!-- end audience -->\nsections:\n  - id: s\n    title: S\n    fields:\n      - id: f\n        label: F\n".to_owned(),
        ),
    ];
    // Marker lines that end up inside code (a fence left open or closed by a shorter
    // one, an indentation): inert there, so they must stop the build with an error.
    let in_code: Vec<(&str, &str, String)> = vec![
        (
            "a fence that is never closed, before the markers",
            "content/scheme/edge.md",
            page("```sh\nls\n\n<!-- audience: isirt -->\nSECRET-OPENFENCE-a1b2 team only.\n<!-- end audience -->\n"),
        ),
        (
            "four backticks closed by three, before the markers",
            "content/scheme/edge.md",
            page("````\nls\n```\n\n<!-- audience: isirt -->\nSECRET-SHORTCLOSE-b2c3 team only.\n<!-- end audience -->\n"),
        ),
        (
            "an unclosed tilde fence in a list item",
            "content/scheme/edge.md",
            page("- Run:\n\n  ~~~\n  ls\n\n  <!-- audience: isirt -->\n  SECRET-LISTFENCE-c3d4 team only.\n  <!-- end audience -->\n"),
        ),
        (
            "an unclosed fence in a block quote",
            "content/scheme/edge.md",
            page("> ```\n> ls\n> <!-- audience: isirt -->\n> SECRET-QUOTEFENCE-d4e5 team only.\n> <!-- end audience -->\n"),
        ),
        (
            "markers indented into a code block",
            "content/scheme/edge.md",
            page("    <!-- audience: isirt -->\n    SECRET-INDENTED-e5f6 team only.\n    <!-- end audience -->\n"),
        ),
        (
            "an unclosed fence with Windows line endings",
            "content/scheme/edge.md",
            page("```\nls\n<!-- audience: isirt -->\nSECRET-CRLFFENCE-f607 team only.\n<!-- end audience -->\n")
                .replace('\n', "\r\n"),
        ),
        (
            "an unclosed fence in a YAML Markdown field",
            "content/forms/edge.yaml",
            "id: edge\ntitle: Edge form\nintro: |\n  ```\n  ls\n  <!-- audience: isirt -->\n  SECRET-YAMLFENCE-0718 team only.\n  <!-- end audience -->\nsections:\n  - id: s\n    title: S\n    fields:\n      - id: f\n        label: F\n".to_owned(),
        ),
    ];
    let mut leaks = Vec::new();
    let all = cases.iter().map(|c| (c, false));
    for ((what, file, text), must_refuse) in all.chain(in_code.iter().map(|c| (c, true))) {
        let f = fixture("canary");
        std::fs::write(f.path().join(file), text).unwrap();
        let secret = text
            .split_whitespace()
            .find(|w| w.starts_with("SECRET-"))
            .unwrap()
            .to_owned();
        let o = run(f.path(), &["build"]);
        if !o.status.success() {
            // Rejected with an error: fails closed.
            continue;
        }
        if must_refuse {
            // A marker in code hides nothing: it must be refused, not just happen to hide.
            leaks.push(format!("  {what}: built without an error"));
        }
        let staff = Edition::read(&f.path().join("public/staff"));
        if let Some((place, how)) = staff.find(&secret) {
            leaks.push(format!(
                "  {what}: `{secret}` shown in staff {place} ({how}), and the build succeeded"
            ));
        }
    }
    assert!(
        leaks.is_empty(),
        "team-only passages reached the staff edition without an error:\n{}",
        leaks.join("\n")
    );
}
