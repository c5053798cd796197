//! End-to-end tests of `irbook build` on the example scheme and fixtures.

use crate::common::*;
use scraper::{Html, Selector};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Checks that every internal link, stylesheet and script of every HTML file points at a
/// file that exists, and that every `#fragment` names an id on the target page.
fn assert_links_resolve(edition: &Path) {
    let files = tree(edition);
    let sel = Selector::parse("a[href], link[href], script[src], img[src]").unwrap();
    let id_sel = Selector::parse("[id]").unwrap();
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut docs = Vec::new();
    for (path, bytes) in &files {
        if path.ends_with(".html") {
            let doc = Html::parse_document(&String::from_utf8_lossy(bytes));
            ids.insert(
                path.clone(),
                doc.select(&id_sel)
                    .filter_map(|e| e.value().attr("id"))
                    .map(String::from)
                    .collect(),
            );
            docs.push((path.clone(), doc));
        }
    }
    let mut checked = 0;
    for (path, doc) in &docs {
        for el in doc.select(&sel) {
            let v = el.value();
            let target = v.attr("href").or_else(|| v.attr("src")).unwrap();
            if target.starts_with("http:")
                || target.starts_with("https:")
                || target.starts_with("mailto:")
                || target.starts_with("tel:")
            {
                continue;
            }
            assert!(
                !target.starts_with('/'),
                "{path}: absolute link {target} breaks on file://"
            );
            let (file_part, frag) = match target.split_once('#') {
                Some((f, h)) => (f, Some(h)),
                None => (target, None),
            };
            let resolved = if file_part.is_empty() {
                path.clone()
            } else {
                let mut parts: Vec<&str> = path.split('/').collect();
                parts.pop();
                for seg in file_part.split('/') {
                    match seg {
                        ".." => {
                            assert!(
                                parts.pop().is_some(),
                                "{path}: link {target} leaves the edition"
                            );
                        }
                        "." | "" => {}
                        s => parts.push(s),
                    }
                }
                parts.join("/")
            };
            assert!(
                files.contains_key(&resolved),
                "{path}: link {target} -> {resolved} does not exist"
            );
            // The deadline calculator keeps its inputs in the fragment (`#facts=...`).
            let state =
                resolved.ends_with("deadlines.html") && frag.is_some_and(|f| f.contains('='));
            if let Some(frag) = frag.filter(|f| !f.is_empty() && !state) {
                let page_ids = ids
                    .get(&resolved)
                    .unwrap_or_else(|| panic!("{path}: fragment link into non-HTML {resolved}"));
                assert!(
                    page_ids.contains(frag),
                    "{path}: link {target}: no id `{frag}` in {resolved}"
                );
            }
            checked += 1;
        }
    }
    assert!(
        checked > 50,
        "only {checked} links checked in {}",
        edition.display()
    );
}

#[test]
fn example_staff_edition_has_every_page_and_links_resolve() {
    let t = example();
    let out = build_ok(t.path());
    assert!(
        stderr(&out).contains("Built "),
        "no summary line: {}",
        stderr(&out)
    );
    let staff = t.path().join("public/staff");
    let mut expected = vec![
        "index.html",
        "policy.html",
        "severity.html",
        "contacts.html",
        "playbooks/index.html",
        "forms/event-report.html",
        "forms/incident-report.html",
        "assets/style.css",
    ];
    let playbooks = [
        "denial-of-service",
        "reconnaissance",
        "account-compromise",
        "malware",
        "ransomware",
        "phishing",
        "personal-data-breach",
        "lost-device",
        "insider-misuse",
        "web-defacement",
        "unknown-event",
    ];
    let pb_paths: Vec<String> = playbooks
        .iter()
        .map(|p| format!("playbooks/{p}.html"))
        .collect();
    expected.extend(pb_paths.iter().map(String::as_str));
    let pages = [
        "overview",
        "detection-and-reporting",
        "first-assessment",
        "second-assessment",
        "responses",
        "crisis",
        "forensics-and-evidence",
        "communications",
        "escalation",
        "logging-and-change-control",
        "review",
        "improvement",
        "scheme-testing",
    ];
    let page_paths: Vec<String> = pages.iter().map(|p| format!("scheme/{p}.html")).collect();
    expected.extend(page_paths.iter().map(String::as_str));
    for e in &expected {
        assert!(staff.join(e).is_file(), "staff edition lacks {e}");
    }
    assert_links_resolve(&staff);
    assert_links_resolve(&t.path().join("public/isirt"));
    // The home page leads with how to report, including the out-of-band route.
    let home = std::fs::read_to_string(staff.join("index.html")).unwrap();
    let report_at = home
        .find("Report it now")
        .expect("home page has the report box");
    assert!(report_at < home.find("How the scheme works").unwrap());
    assert!(home.contains("If e-mail, chat or the network may be compromised"));
}

/// Strings the example scheme marks team-only, at page, block, step, channel and field level.
fn example_secrets(root: &Path) -> Vec<String> {
    let mut secrets = vec!["Investigating suspected insiders".to_owned()];
    // Every channel marked `audience: isirt` in contacts.yaml, read without irbook's code.
    let contacts = std::fs::read_to_string(root.join("content/contacts.yaml")).unwrap();
    let lines: Vec<&str> = contacts.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        if l.trim() == "audience: isirt"
            && lines[i.saturating_sub(3)..i]
                .iter()
                .any(|p| p.contains("kind: mobile"))
        {
            let value = lines[i.saturating_sub(3)..i]
                .iter()
                .find_map(|p| p.trim().strip_prefix("value:"))
                .unwrap();
            secrets.push(value.trim().trim_matches('"').to_owned());
        }
    }
    assert!(
        secrets.len() > 5,
        "expected team-only mobiles in the example: {secrets:?}"
    );
    // The first line of each team-only block in scheme pages.
    for e in std::fs::read_dir(root.join("content/scheme")).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        let mut it = text.lines();
        while let Some(l) = it.next() {
            if l.trim() == "<!-- audience: isirt -->" {
                let first = it.by_ref().map(str::trim).find(|l| !l.is_empty()).unwrap();
                // Plain words of the block's first line, before any Markdown punctuation.
                let words = first.trim_start_matches(['#', '-', '*', '>', ' ', '|']);
                let plain: String = words
                    .chars()
                    .take_while(|c| !"*_[`|&'\"<>".contains(*c))
                    .take(30)
                    .collect();
                assert!(
                    plain.trim().len() > 10,
                    "block starts with little plain text: {first}"
                );
                secrets.push(plain.trim().to_owned());
            }
        }
    }
    secrets
}

#[test]
fn team_only_material_stays_out_of_the_staff_edition() {
    let t = example();
    build_ok(t.path());
    let secrets = example_secrets(t.path());
    let staff = tree(&t.path().join("public/staff"));
    let isirt = tree(&t.path().join("public/isirt"));
    let all = |m: &BTreeMap<String, Vec<u8>>| {
        m.iter()
            .map(|(k, v)| format!("{k}\n{}", String::from_utf8_lossy(v)))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let (staff_text, isirt_text) = (all(&staff), all(&isirt));
    for s in &secrets {
        let needle = html_escape(s);
        assert!(
            !staff_text.contains(&needle) && !staff_text.contains(s.as_str()),
            "team-only `{s}` leaked into the staff edition"
        );
        assert!(
            isirt_text.contains(&needle) || isirt_text.contains(s.as_str()),
            "team-only `{s}` missing from the isirt edition"
        );
    }
    assert!(!staff.contains_key("scheme/insider-investigations.html"));

    let f = fixture("minimal");
    build_ok(f.path());
    let staff = all(&tree(&f.path().join("public/staff")));
    let isirt = all(&tree(&f.path().join("public/isirt")));
    for s in [
        "Team secret passage",
        "Closely held notes",
        "sinkhole address",
        "+49 170 0000001",
        "Team only page",
    ] {
        assert!(!staff.contains(s), "fixture: `{s}` leaked into staff");
        assert!(isirt.contains(s), "fixture: `{s}` missing from isirt");
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
}

#[test]
fn broken_reference_fails_with_position_and_keeps_old_output() {
    let f = fixture("minimal");
    build_ok(f.path());
    let before = tree(&f.path().join("public"));
    let pb = f.path().join("content/playbooks/flood.yaml");
    let text = std::fs::read_to_string(&pb).unwrap();
    std::fs::write(&pb, text.replace("owner: desk", "owner: dsek")).unwrap();
    let o = run(f.path(), &["build"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("content/playbooks/flood.yaml:19:16"), "{err}");
    assert!(
        err.contains("unknown role `dsek`") && err.contains("did you mean `desk`?"),
        "{err}"
    );
    assert_eq!(
        tree(&f.path().join("public")),
        before,
        "a failed build changed the output"
    );
}

#[test]
fn malformed_yaml_fails_with_position_and_keeps_old_output() {
    let f = fixture("minimal");
    build_ok(f.path());
    let before = tree(&f.path().join("public"));
    std::fs::write(
        f.path().join("content/severity.yaml"),
        "categories:\n  - id: money\n    name: [unclosed\nlevels: []\n",
    )
    .unwrap();
    let o = run(f.path(), &["build"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("content/severity.yaml:"), "{err}");
    assert!(err.contains("E0002") || err.contains("E0003"), "{err}");
    // Front matter positions count from the top of the file.
    let p = f.path().join("content/scheme/guide.md");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, text.replace("owner: lead", "ownr: lead")).unwrap();
    let err = stderr(&run(f.path(), &["build"]));
    assert!(err.contains("content/scheme/guide.md:5:1"), "{err}");
    assert!(err.contains("unknown field"), "{err}");
    assert_eq!(tree(&f.path().join("public")), before);
}

#[test]
fn builds_are_byte_identical() {
    let t = example();
    let mut trees = Vec::new();
    for (threads, tz, lang) in [
        ("1", "UTC", "C"),
        ("2", "Asia/Kolkata", "de_DE.UTF-8"),
        ("4", "America/New_York", "tr_TR.UTF-8"),
    ] {
        let o = Command::new(bin())
            .arg("build")
            .current_dir(t.path())
            .env("RAYON_NUM_THREADS", threads)
            .env("TZ", tz)
            .env("LANG", lang)
            .env("LC_ALL", lang)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        trees.push(tree(&t.path().join("public")));
    }
    assert!(trees[0].len() > 60);
    assert_eq!(trees[0], trees[1]);
    assert_eq!(trees[1], trees[2]);
}

/// Every page carries one date, labelled for what it is: without SOURCE_DATE_EPOCH the day
/// the newest source file changed ("Sources as of"), with it the build date it fixes
/// ("Built"). It used to say "Built" for both, and the README said no date was shown.
#[test]
fn pages_date_the_sources_or_the_build_as_labelled() {
    let f = fixture("minimal");
    let day = |secs| std::time::UNIX_EPOCH + Duration::from_secs(secs);
    for file in tree(f.path()).keys() {
        let open = std::fs::File::options()
            .write(true)
            .open(f.path().join(file));
        open.unwrap().set_modified(day(1_577_836_800)).unwrap(); // 2020-01-01
    }
    let newest = std::fs::File::options()
        .write(true)
        .open(f.path().join("content/policy.md"))
        .unwrap();
    newest.set_modified(day(1_614_816_000)).unwrap(); // 2021-03-04
    let build = |epoch: Option<&str>| {
        let mut c = Command::new(bin());
        c.arg("build").current_dir(f.path());
        match epoch {
            Some(e) => c.env("SOURCE_DATE_EPOCH", e),
            None => c.env_remove("SOURCE_DATE_EPOCH"),
        };
        let o = c.output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let read = |p: &str| std::fs::read_to_string(f.path().join("public/staff").join(p));
        (read("index.html").unwrap(), read("scheme.json").unwrap())
    };

    let (page, json) = build(None);
    assert!(
        page.contains("Sources as of <time>2021-03-04</time>"),
        "{page}"
    );
    assert!(
        page.contains("sources as of <time>2021-03-04</time>"),
        "footer and print line"
    );
    assert!(
        !page.contains("Built ") && !page.contains("built "),
        "{page}"
    );
    assert!(json.contains("\"sources_date\": \"2021-03-04\""), "{json}");
    assert!(!json.contains("build_date"));

    let (page, json) = build(Some("1767225600"));
    assert!(page.contains("Built <time>2026-01-01</time>"), "{page}");
    assert!(!page.to_lowercase().contains("sources as of"), "{page}");
    assert!(json.contains("\"build_date\": \"2026-01-01\""), "{json}");
    assert!(!json.contains("sources_date"));
}

#[test]
fn sigkill_during_build_leaves_old_or_new_output() {
    let t = example();
    build_ok(t.path());
    let old = tree(&t.path().join("public"));
    let cfg = t.path().join("irbook.yaml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(&cfg, text.replacen("title:", "title: Revised", 1)).unwrap();
    // The new output, built elsewhere for comparison.
    let o = run(t.path(), &["build", "--out", "expected"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let new = tree(&t.path().join("expected"));
    assert_ne!(old, new);
    let start = Instant::now();
    build_ok(t.path());
    let full = start.elapsed();
    std::fs::remove_dir_all(t.path().join("public")).unwrap();
    crate::common::copy_dir(&t.path().join("expected"), &t.path().join("public"));
    // Start from the old output again.
    std::fs::write(&cfg, &text).unwrap();
    build_ok(t.path());
    std::fs::write(&cfg, text.replacen("title:", "title: Revised", 1)).unwrap();
    let mut seed: u64 = 0x9e3779b97f4a7c15 ^ u64::from(std::process::id());
    let (mut saw_old, mut saw_new) = (0, 0);
    for _ in 0..40 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_micros(seed % (full.as_micros() as u64 * 3 / 2 + 1));
        let mut child = Command::new(bin())
            .arg("build")
            .current_dir(t.path())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        let now = tree(&t.path().join("public"));
        if now == old {
            saw_old += 1;
        } else if now == new {
            saw_new += 1;
            // Reset to the old output so later kills can land mid-swap again.
            std::fs::write(&cfg, &text).unwrap();
            build_ok(t.path());
            std::fs::write(&cfg, text.replacen("title:", "title: Revised", 1)).unwrap();
        } else {
            panic!("after SIGKILL at {delay:?} public/ is neither the old nor the new build");
        }
    }
    assert!(saw_old + saw_new == 40, "old {saw_old}, new {saw_new}");
    // A later build cleans up what killed builds left beside the output.
    build_ok(t.path());
    let leftovers: Vec<_> = std::fs::read_dir(t.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("irbook-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn yaml_11_lookalikes_appear_exactly_as_written() {
    let f = fixture("minimal");
    build_ok(f.path());
    let contacts = std::fs::read_to_string(f.path().join("public/staff/contacts.html")).unwrap();
    let home = std::fs::read_to_string(f.path().join("public/staff/index.html")).unwrap();
    let playbook =
        std::fs::read_to_string(f.path().join("public/staff/playbooks/flood.html")).unwrap();
    assert!(home.contains("(NO)"), "NO became something else");
    assert!(home.contains(">+4930123456<"), "phone number mangled");
    assert!(
        contacts.contains(">0123<") && contacts.contains("<dd>0123</dd>"),
        "leading zero lost"
    );
    assert!(home.contains("version 1.10"), "1.10 became 1.1");
    assert!(home.contains("(12:30)"), "12:30 became a number");
    assert!(playbook.contains("1.10 versions"));
}

#[test]
fn one_edition_builds_alone() {
    let f = fixture("minimal");
    let o = run(f.path(), &["build", "--edition", "staff"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(f.path().join("public/staff/index.html").is_file());
    assert!(!f.path().join("public/isirt").exists());
    let o = run(f.path(), &["build", "--edition", "isrit"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("did you mean `isirt`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn refuses_to_replace_a_folder_irbook_did_not_write() {
    let f = fixture("minimal");
    std::fs::create_dir_all(f.path().join("mine")).unwrap();
    std::fs::write(f.path().join("mine/notes.txt"), "keep me").unwrap();
    let o = run(f.path(), &["build", "--out", "mine"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("refusing to replace"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(f.path().join("mine/notes.txt")).unwrap(),
        "keep me"
    );
    let o = run(f.path(), &["build", "--out", "."]);
    assert!(!o.status.success());
    assert!(f.path().join("content/policy.md").is_file());
}

#[test]
fn init_writes_a_project_that_builds_and_never_overwrites() {
    let t = TempDir::new("init");
    let dir = t.path().join("scheme");
    let o = Command::new(bin()).arg("init").arg(&dir).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("Edit first"));
    build_ok(&dir);
    std::fs::write(dir.join("content/policy.md"), "my edits").unwrap();
    let o = Command::new(bin()).arg("init").arg(&dir).output().unwrap();
    assert!(!o.status.success());
    assert_eq!(
        std::fs::read_to_string(dir.join("content/policy.md")).unwrap(),
        "my edits"
    );
}

#[test]
fn every_page_parses_as_html_without_errors_and_has_unique_ids() {
    let t = example();
    build_ok(t.path());
    let id_sel = Selector::parse("[id]").unwrap();
    let mut checked = 0;
    for edition in ["staff", "isirt"] {
        for (path, bytes) in tree(&t.path().join("public").join(edition)) {
            if !path.ends_with(".html") {
                continue;
            }
            let text = String::from_utf8(bytes).expect("pages are UTF-8");
            assert!(
                text.starts_with("<!doctype html>"),
                "{edition}/{path}: no doctype"
            );
            let doc = Html::parse_document(&text);
            assert!(
                doc.errors.is_empty(),
                "{edition}/{path}: HTML parse errors: {:?}",
                doc.errors
            );
            let mut seen = BTreeSet::new();
            for el in doc.select(&id_sel) {
                let id = el.value().attr("id").unwrap();
                assert!(
                    seen.insert(id.to_owned()),
                    "{edition}/{path}: duplicate id `{id}`"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 80, "{checked} pages");
}

#[test]
fn headings_with_special_characters_are_escaped_once() {
    let f = fixture("minimal");
    let p = f.path().join("content/policy.md");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, text.replace("# Why", "## Tools & <logs>")).unwrap();
    build_ok(f.path());
    let html = std::fs::read_to_string(f.path().join("public/staff/policy.html")).unwrap();
    assert!(
        html.contains(">Tools &amp; &lt;logs&gt;</a>"),
        "contents entry missing or mangled"
    );
    assert!(
        !html.contains("&amp;amp;") && !html.contains("&amp;lt;"),
        "escaped twice"
    );
}

#[test]
fn unsafe_web_addresses_are_links_in_no_output() {
    // A `javascript:` web address gets no link on the pages; the exports (vCards, CSV,
    // scheme.json) must not make one of it either, nor let a label start a property.
    let f = fixture("minimal");
    let p = f.path().join("content/contacts.yaml");
    let text = std::fs::read_to_string(&p).unwrap().replace(
        "      - kind: email\n        value: ann@example.org\n",
        "      - kind: email\n        value: ann@example.org\n      - kind: web\n        value: \"javascript:alert(1)\"\n      - kind: web\n        value: \"https://report.example/form\"\n        label: \"form\\r\\nURL:javascript:alert(2)\"\n      - kind: email\n        value: \"javascript:alert(3)\"\n",
    );
    std::fs::write(&p, text).unwrap();
    build_ok(f.path());
    for ed in ["staff", "isirt"] {
        let files = tree(&f.path().join("public").join(ed));
        let mut vcards = 0;
        for (path, bytes) in &files {
            let t = String::from_utf8_lossy(bytes);
            let lower = t.to_lowercase();
            assert!(
                !lower.contains("href=\"javascript") && !lower.contains("mailto:javascript"),
                "{ed}/{path} links a javascript: address"
            );
            if path.ends_with(".vcf") {
                let unfolded = t.replace("\r\n ", "");
                for line in unfolded.split("\r\n") {
                    let l = line.to_lowercase();
                    assert!(
                        l.starts_with("note:") || !l.contains("javascript:alert(1)"),
                        "{ed}/{path}: {line}"
                    );
                    assert!(!l.starts_with("url:javascript"), "{ed}/{path}: {line}");
                    assert!(
                        !l.starts_with("email") || !l.contains("javascript"),
                        "{line}"
                    );
                }
                if unfolded.contains("FN:Ann Example") {
                    vcards += 1;
                    assert!(
                        unfolded.contains("URL;LABEL=\"form^nURL:javascript:alert(2)\":https://report.example/form\r\n"),
                        "{ed}/{path}: {unfolded}"
                    );
                    assert!(
                        unfolded.contains("NOTE:Web: javascript:alert(1)"),
                        "{unfolded}"
                    );
                }
            }
        }
        assert_eq!(vcards, 2, "{ed}: Ann's own card and the directory");
        let json: serde_json::Value = serde_json::from_slice(&files["scheme.json"]).unwrap();
        let ann = json["people"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == "ann")
            .unwrap();
        for c in ann["channels"].as_array().unwrap() {
            let href = c["href"].as_str().unwrap_or("");
            assert!(
                ["https:", "mailto:ann@", "tel:"]
                    .iter()
                    .any(|s| href.starts_with(s))
                    || c["href"].is_null(),
                "{ed}: scheme.json links {c}"
            );
        }
    }
}
