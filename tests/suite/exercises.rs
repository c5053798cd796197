//! Tabletop exercises end to end: the answer key stays out of participant material, the
//! live console survives SIGKILL, scores and reports come out of the real binary.

use crate::common::*;
use irbook::model::exercise::{Exercise, Record};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const DRILL: &str = include_str!("../fixtures/drill/exercise.yaml");
const RECORD: &str = include_str!("../fixtures/drill/record.yaml");

/// The minimal fixture with the drill exercise and its record.
fn drill() -> TempDir {
    let f = fixture("minimal");
    let ex = f.path().join("exercises/records");
    std::fs::create_dir_all(&ex).unwrap();
    std::fs::write(f.path().join("exercises/drill.yaml"), DRILL).unwrap();
    std::fs::write(ex.join("drill-2026-11-02.yaml"), RECORD).unwrap();
    f
}

/// Every answer-key text of an exercise: notes, expected actions, questions, branches.
fn answer_key(ex: &Exercise) -> Vec<String> {
    let mut out = Vec::new();
    for i in &ex.injects {
        if let Some(n) = &i.notes {
            out.extend(
                n.value
                    .lines()
                    .filter(|l| l.len() > 8)
                    .map(|l| l.trim().to_owned()),
            );
        }
        for a in &i.expected {
            out.push(a.what.value.clone());
            out.push(a.id.value.to_string());
        }
        out.extend(i.questions.iter().map(|q| q.value.clone()));
        out.extend(i.branches.iter().map(|b| b.when.clone()));
    }
    out
}

/// `text` with the entities the templates produce decoded, for substring checks.
fn decoded(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn assert_no_key(what: &str, text: &str, key: &[String]) {
    let text = decoded(text);
    for k in key {
        assert!(
            !text.contains(k.as_str()),
            "{what} shows answer-key text {k:?}"
        );
    }
}

#[test]
fn participant_material_has_no_answer_key() {
    let f = drill();
    // A second exercise whose participant material is for all staff.
    let staff = DRILL
        .replace("id: drill", "id: staff-drill")
        .replace(
            "title: Flood drill",
            "title: Flood drill for everyone\naudience: staff",
        )
        .replace("ANSWER-KEY", "STAFF-KEY");
    std::fs::write(f.path().join("exercises/staff-drill.yaml"), &staff).unwrap();
    let out = f.path().join("public");
    let o = run(f.path(), &["build", ".", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let ex: Exercise = irbook::load::yaml::parse("x.yaml", DRILL).unwrap();
    let sx: Exercise = irbook::load::yaml::parse("y.yaml", &staff).unwrap();
    let key = answer_key(&ex);
    let skey = answer_key(&sx);
    assert!(key.iter().any(|k| k.contains("ANSWER-KEY-NOTE")));
    assert!(key.iter().any(|k| k.contains("ANSWER-KEY-ACTION")));
    assert!(key.iter().any(|k| k.contains("ANSWER-KEY-QUESTION")));
    // The answer key is on the guide: the check can fail.
    let guide = std::fs::read_to_string(out.join("isirt/exercises/drill/guide.html")).unwrap();
    for k in [
        "ANSWER-KEY-NOTE",
        "ANSWER-KEY-ACTION",
        "ANSWER-KEY-QUESTION",
        "the team filtered already",
    ] {
        assert!(decoded(&guide).contains(k), "guide lacks {k}");
    }
    for page in ["handout.html", "cards.html"] {
        for (id, key) in [("drill", &key), ("staff-drill", &skey)] {
            let p = out.join(format!("isirt/exercises/{id}/{page}"));
            let text = std::fs::read_to_string(&p).unwrap();
            let want = if page == "cards.html" {
                "The site is slow"
            } else {
                "quiet afternoon"
            };
            assert!(text.contains(want), "{} lacks {want}", p.display());
            assert_no_key(&p.display().to_string(), &text, key);
        }
    }
    // The staff edition has the staff exercise's handout and cards, and nothing of any
    // answer key anywhere: not in pages, search index, exports.
    let staff_tree = tree(&out.join("staff"));
    assert!(staff_tree.contains_key("exercises/staff-drill/handout.html"));
    assert!(staff_tree.contains_key("exercises/staff-drill/cards.html"));
    for gone in [
        "exercises/staff-drill/guide.html",
        "exercises/staff-drill/evaluator-sheet.html",
        "exercises/drill/handout.html",
        "exercises/coverage.html",
    ] {
        assert!(!staff_tree.contains_key(gone), "staff edition has {gone}");
    }
    assert!(!staff_tree.keys().any(|k| k.contains("/reports/")));
    for (path, bytes) in &staff_tree {
        let text = String::from_utf8_lossy(bytes);
        assert_no_key(&format!("staff/{path}"), &text, &skey);
        assert_no_key(&format!("staff/{path}"), &text, &key);
        assert!(!text.contains("Flood drill\u{0}"), "{path}");
        assert!(
            !text.contains(">Flood drill<"),
            "staff/{path} names the team-only exercise"
        );
    }
}

#[test]
fn score_json_matches_the_hand_computed_score() {
    let f = drill();
    let o = run(
        f.path(),
        &[
            "exercise",
            "score",
            "exercises/records/drill-2026-11-02.yaml",
            "--format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // 4 actions; confirm-flood met on time (8m of 10m), call-lead met but 70m against the
    // High level's 1h target, filter-now not met, tell-cert not observed.
    assert_eq!(v["coverage"]["count"], 3);
    assert_eq!(v["coverage"]["of"], 4);
    assert_eq!(v["performance"]["count"], 2);
    assert_eq!(v["performance"]["of"], 3);
    assert_eq!(v["points"]["count"], 3);
    assert_eq!(v["points"]["of"], 7);
    assert_eq!(v["on_time"]["count"], 1);
    assert_eq!(v["not_observed"], serde_json::json!(["tell-cert"]));
    let obj = |id: &str| {
        v["objectives"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(obj("detect")["rating"], "P");
    assert_eq!(obj("contain")["suggested"], "U");
    assert_eq!(obj("contain")["rating"], "M");
    assert_eq!(
        obj("contain")["given"][0]["justification"],
        "the filter decision stalled"
    );
    let plan = v["plan"].as_array().unwrap();
    assert_eq!(plan.len(), 2);
    let call = plan.iter().find(|p| p["action"] == "call-lead").unwrap();
    assert_eq!(call["status"], "proposed");
    assert_eq!(call["due"], "2027-01-31");
    let filter = plan.iter().find(|p| p["action"] == "filter-now").unwrap();
    assert_eq!(
        filter["corrective_action"],
        "Pre-authorise the lead to filter"
    );
    assert_eq!(filter["element"], "planning");
    assert_eq!(filter["step"], "flood/filter");
    // The same numbers twice: the score depends on the sources alone.
    let again = run(
        f.path(),
        &[
            "exercise",
            "score",
            "exercises/records/drill-2026-11-02.yaml",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.stdout, again.stdout);
    // Human output names the rating and the plan.
    let h = run(
        f.path(),
        &[
            "exercise",
            "score",
            "exercises/records/drill-2026-11-02.yaml",
        ],
    );
    let text = String::from_utf8_lossy(&h.stdout);
    assert!(
        text.contains("performance  2 of 3 evaluated actions met (66.7%)"),
        "{text}"
    );
    assert!(text.contains("Improvement plan (2 items)"), "{text}");
}

#[test]
fn report_writes_one_self_contained_page_and_list_shows_runs() {
    let f = drill();
    let out = f.path().join("aar.html");
    let o = run(
        f.path(),
        &[
            "exercise",
            "report",
            "exercises/records/drill-2026-11-02.yaml",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("<style>"));
    assert!(!html.contains("rel=\"stylesheet\""));
    assert!(html.contains("after-action report"));
    assert!(html.contains("<svg"), "timeline chart");
    assert!(!html.contains("<script"), "charts need no JavaScript");
    let l = run(f.path(), &["exercise", "list"]);
    let text = String::from_utf8_lossy(&l.stdout);
    assert!(
        text.contains("drill") && text.contains("1 run(s)") && text.contains("rated P M"),
        "{text}"
    );
    // A record for an exercise that is not there is refused with a clear error.
    let bad = run(f.path(), &["exercise", "score", "nope.yaml"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("no record file"));
}

/// The coverage page lists each playbook's steps under the playbook's own heading: a row
/// names the step's phase and id, not the playbook again.
#[test]
fn coverage_rows_do_not_repeat_their_playbook() {
    use scraper::{Html, Selector};
    let f = drill();
    build_ok(f.path());
    let page =
        std::fs::read_to_string(f.path().join("public/isirt/exercises/coverage.html")).unwrap();
    let doc = Html::parse_document(&page);
    let sel = |css: &str| Selector::parse(css).unwrap();
    let headings: Vec<String> = doc
        .select(&sel("article.coverage h3 a"))
        .map(|a| a.text().collect())
        .collect();
    let tables: Vec<_> = doc
        .select(&sel("article.coverage h3 + .table-wrap table"))
        .collect();
    assert!(
        !headings.is_empty() && headings.len() == tables.len(),
        "{headings:?}"
    );
    for (name, table) in headings.iter().zip(tables) {
        let mut rows = 0;
        for cell in table.select(&sel("tbody tr td:first-child")) {
            let text: String = cell.text().collect();
            assert!(!text.contains(name.as_str()), "`{text}` repeats `{name}`");
            assert!(!text.contains('/'), "`{text}`: the step, not playbook/step");
            rows += 1;
        }
        assert!(rows > 0, "{name} lists no step");
    }
}

#[test]
fn check_names_both_files_when_a_playbook_drops_a_step() {
    let f = drill();
    let pb = f.path().join("content/playbooks/flood.yaml");
    let text = std::fs::read_to_string(&pb).unwrap();
    std::fs::write(&pb, text.replace("id: filter\n", "id: sieve\n")).unwrap();
    let o = run(f.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("exercises/drill.yaml:"), "{out}");
    assert!(out.contains("content/playbooks/flood.yaml"), "{out}");
    assert!(out.contains("relies on step `filter`"), "{out}");
    // And the build refuses.
    let b = run(f.path(), &["build"]);
    assert_eq!(b.status.code(), Some(1));
}

/// A running console.
struct Console {
    child: Child,
    port: u16,
    token: String,
}

fn start_console(dir: &Path, record: &Path) -> (Console, Vec<String>) {
    let mut child = Command::new(bin())
        .args([
            "exercise",
            "run",
            "drill",
            "--port",
            "0",
            "--evaluator",
            "Ann Example",
            "--path",
        ])
        .arg(dir)
        .arg("--record")
        .arg(record)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = Vec::new();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let (mut port, mut token) = (0, String::new());
    while port == 0 || token.is_empty() {
        let mut l = String::new();
        if out.read_line(&mut l).unwrap() == 0 {
            panic!("console exited: {:?}", child.wait());
        }
        if let Some(rest) = l
            .trim()
            .strip_prefix("Projector (participants):  http://127.0.0.1:")
        {
            port = rest.trim_end_matches('/').parse().unwrap();
        }
        if let Some((_, t)) = l.trim().split_once("/facilitator#") {
            token = t.to_owned();
        }
        lines.push(l);
    }
    // Keep draining stdout so the console never writes into a closed pipe.
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    (Console { child, port, token }, lines)
}

impl Console {
    /// One HTTP request; returns status and body.
    fn http(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: &str,
        host: Option<&str>,
    ) -> (u16, String) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let host = host.map_or(format!("127.0.0.1:{}", self.port), str::to_owned);
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n",
            body.len()
        );
        if let Some(t) = token {
            req.push_str(&format!("X-Irbook-Token: {t}\r\n"));
        }
        req.push_str("Content-Type: application/json\r\n\r\n");
        req.push_str(body);
        s.write_all(req.as_bytes()).unwrap();
        let mut resp = String::new();
        s.read_to_string(&mut resp).unwrap();
        let status = resp.split(' ').nth(1).unwrap_or("0").parse().unwrap_or(0);
        let body = resp
            .split_once("\r\n\r\n")
            .map_or(String::new(), |(_, b)| b.to_owned());
        (status, body)
    }

    fn post(&self, cmd: &str, body: &str) -> serde_json::Value {
        let (status, b) = self.http(
            "POST",
            &format!("/api/{cmd}"),
            Some(&self.token.clone()),
            body,
            None,
        );
        assert_eq!(status, 200, "{cmd}: {b}");
        serde_json::from_str(&b).unwrap()
    }

    fn projector(&self) -> (String, String) {
        let (s, page) = self.http("GET", "/", None, "", None);
        assert_eq!(s, 200);
        let (s, data) = self.http("GET", "/api/projector", None, "", None);
        assert_eq!(s, 200);
        (page, data)
    }
}

fn wait_gone(child: &mut Child) {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "process did not die"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn live_console_survives_sigkill_and_resumes_the_same_run() {
    let f = drill();
    let record: PathBuf = f.path().join("exercises/records/drill-live.yaml");
    let ex: Exercise = irbook::load::yaml::parse("x.yaml", DRILL).unwrap();
    let key = answer_key(&ex);
    let (mut c, _) = start_console(f.path(), &record);
    // Safety: wrong Host, missing or wrong token.
    assert_eq!(
        c.http("GET", "/api/projector", None, "", Some("evil.example:80"))
            .0,
        403
    );
    assert_eq!(c.http("POST", "/api/start", None, "{}", None).0, 403);
    assert_eq!(
        c.http("GET", "/api/facilitator", Some("0000"), "", None).0,
        403
    );
    assert_eq!(c.http("GET", "/../../etc/passwd", None, "", None).0, 404);
    let (_, waiting) = c.projector();
    assert!(waiting.contains("\"waiting\""), "{waiting}");
    c.post("start", "{}");
    let fac = c.post("mark", r#"{"action":"confirm-flood","outcome":"met"}"#);
    assert_eq!(fac["marks"]["confirm-flood"]["outcome"], "met");
    c.post(
        "note",
        r#"{"note":"The desk phoned the provider unprompted"}"#,
    );
    let (page, data) = c.projector();
    assert!(
        data.contains("The site is slow") && data.contains("Latency alert"),
        "{data}"
    );
    assert_no_key("projector page", &page, &key);
    assert_no_key("projector data", &data, &key);
    c.post("advance", "{}");
    let (_, data) = c.projector();
    assert!(data.contains("It gets worse"), "{data}");
    assert_no_key("projector data", &data, &key);
    c.post(
        "mark",
        r#"{"action":"filter-now","outcome":"not-met","note":"nobody dared to filter"}"#,
    );
    // Every acknowledged step is already on disk: kill without warning.
    c.child.kill().unwrap(); // SIGKILL
    wait_gone(&mut c.child);
    let text = std::fs::read_to_string(&record).unwrap();
    let rec: Record = irbook::load::yaml::parse("r.yaml", &text).unwrap();
    let kinds: Vec<String> = rec.events.iter().map(|e| format!("{:?}", e.kind)).collect();
    assert_eq!(
        kinds,
        ["Start", "Inject", "Mark", "Note", "Inject", "Mark"],
        "{text}"
    );
    assert_eq!(
        rec.events[5].note.as_deref(),
        Some("nobody dared to filter")
    );
    assert_eq!(rec.evaluators[0].name, "Ann Example");

    // Restart: the same run continues, at the same inject, with the marks kept.
    let (c2, lines) = start_console(f.path(), &record);
    let _ = lines;
    let (s, body) = c2.http("GET", "/api/facilitator", Some(&c2.token.clone()), "", None);
    assert_eq!(s, 200);
    let fac: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(fac["state"], "running");
    assert_eq!(fac["current"], 1);
    assert_eq!(fac["marks"]["confirm-flood"]["outcome"], "met");
    assert_eq!(fac["marks"]["filter-now"]["outcome"], "not-met");
    assert_eq!(
        fac["notes"][0][1],
        "The desk phoned the provider unprompted"
    );
    // Branch to an inject by id, mark, end.
    c2.post("advance", r#"{"inject":"filtered"}"#);
    c2.post("mark", r#"{"action":"tell-cert","outcome":"met"}"#);
    c2.post("end", "{}");
    let (s, _) = c2.http(
        "POST",
        "/api/mark",
        Some(&c2.token.clone()),
        r#"{"action":"call-lead","outcome":"met"}"#,
        None,
    );
    assert_eq!(s, 409, "an ended run takes no more marks");
    let mut child = c2.child;
    child.kill().unwrap();
    wait_gone(&mut child);

    // The record scores, and a third start refuses to reopen an ended run.
    let o = run(
        f.path(),
        &[
            "exercise",
            "score",
            record.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let action = |id: &str| {
        v["actions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(action("confirm-flood")["outcome"], "met");
    assert_eq!(action("filter-now")["outcome"], "not-met");
    assert_eq!(action("tell-cert")["outcome"], "met");
    assert_eq!(action("call-lead")["outcome"], "not-observed");
    assert_eq!(
        v["logged"][0]["note"],
        "The desk phoned the provider unprompted"
    );
    // The report page of the live record shows the logged observation.
    build_ok(f.path());
    let page = std::fs::read_to_string(
        f.path()
            .join("public/isirt/exercises/drill/reports/drill-live.html"),
    )
    .unwrap();
    assert!(page.contains("The desk phoned the provider unprompted"));
    assert!(
        page.contains("Trend across runs"),
        "two runs of the drill give a trend"
    );
    let again = Command::new(bin())
        .args(["exercise", "run", "drill", "--port", "0", "--path"])
        .arg(f.path())
        .arg("--record")
        .arg(&record)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("has ended"));
    // The record is part of the project: check and build accept it.
    let o = run(f.path(), &["check"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn check_reports_every_broken_exercise_reference_with_its_position() {
    const EX: &str = "exercises/drill.yaml";
    const REC: &str = "exercises/records/drill-2026-11-02.yaml";
    // (file, text replaced, replacement, code, text the diagnostic must point at)
    let cases = [
        (
            EX,
            "participants: [desk, lead]",
            "participants: [desk, leed]",
            "E0102",
            "leed",
        ),
        (
            EX,
            "facilitator: lead",
            "facilitator: nobody",
            "E0102",
            "nobody",
        ),
        (
            EX,
            "severity: high",
            "severity: extreme",
            "E0105",
            "extreme",
        ),
        (
            EX,
            "tests: [flood/confirm]",
            "tests: [flod/confirm]",
            "E0106",
            "flod/confirm",
        ),
        (
            EX,
            "step: flood/filter",
            "step: flood/filtre",
            "E0122",
            "flood/filtre",
        ),
        (
            EX,
            "step: flood/confirm",
            "step: confirm",
            "E0122",
            "confirm\n",
        ),
        (
            EX,
            "page: content/scheme/guide.md",
            "page: content/scheme/gide.md",
            "E0112",
            "content/scheme/gide.md",
        ),
        (
            EX,
            "objective: detect",
            "objective: detekt",
            "E0123",
            "detekt",
        ),
        (EX, "goto: filtered", "goto: filterd", "E0123", "filterd"),
        (EX, "notifies: cert", "notifies: certt", "E0102", "certt"),
        (
            EX,
            "    expected:\n      - id: filter-now",
            "    expected:\n      - id: filter-now\n        clock_from: filtered",
            "E0124",
            "clock_from: |filtered",
        ),
        (
            EX,
            "  - id: worse\n    at: 20m",
            "  - id: worse\n    at: 20m\n    severity: sev9",
            "E0105",
            "sev9",
        ),
        (
            EX,
            "id: call-lead",
            "id: confirm-flood",
            "E0101",
            "confirm-flood\n",
        ),
        (
            REC,
            "action: filter-now, outcome",
            "action: filter-later, outcome",
            "E0123",
            "filter-later",
        ),
        (
            REC,
            "evaluator: ann, note",
            "evaluator: bob, note",
            "E0123",
            "bob",
        ),
        (
            REC,
            "objective: contain, evaluator",
            "objective: contane, evaluator",
            "E0123",
            "contane",
        ),
        (
            REC,
            "team: [desk, lead]",
            "team: [desk, boss]",
            "E0102",
            "boss",
        ),
        (REC, "    owner: lead", "    owner: chief", "E0102", "chief"),
    ];
    let mut failures = Vec::new();
    for (file, old, new, code, needle) in cases {
        let f = drill();
        let p = f.path().join(file);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(old), "{file} lacks {old:?}");
        let text = text.replacen(old, new, 1);
        std::fs::write(&p, &text).unwrap();
        let o = run(f.path(), &["check", "--format", "json"]);
        let diags: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
        // Where the needle is, counted as the loader counts: 1-based line and column.
        // `prefix|target`: the target right after the prefix; `x\n`: the last `x` ending a line.
        let at = match needle.split_once('|') {
            Some((pre, rest)) => text.find(&format!("{pre}{rest}")).unwrap() + pre.len(),
            None if needle.ends_with('\n') => text.rfind(needle).unwrap(),
            None => text.find(needle).unwrap(),
        };
        let line = text[..at].matches('\n').count() as u64 + 1;
        let col = text[..at].rsplit('\n').next().unwrap().chars().count() as u64 + 1;
        let hit = diags
            .iter()
            .find(|d| d["code"] == code && d["file"] == file);
        match hit {
            None => failures.push(format!("{new:?}: no {code} in {file}: {diags:?}")),
            Some(d) => {
                if (d["line"].as_u64(), d["column"].as_u64()) != (Some(line), Some(col)) {
                    failures.push(format!(
                        "{new:?}: {code} at {}:{}, expected {line}:{col}",
                        d["line"], d["column"]
                    ));
                }
                if d["help"].as_str().is_none_or(str::is_empty) {
                    failures.push(format!("{new:?}: {code} without help"));
                }
            }
        }
        assert_eq!(o.status.code(), Some(1), "{new:?}: check must fail");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
