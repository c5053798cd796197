//! The canary scan of what the local servers hand out: every page `serve --edition staff`
//! answers and the temporary copy it writes, and the exercise console's projector, its
//! pages and its API as anyone without the facilitator token gets them.

use super::canaries::canary_list;
use super::scan::{Edition, assert_separated};
use crate::common::http::{raw, request};
use crate::common::*;
use crate::servers::{start_console, start_serve_with};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Team-only blocks, of plain and escaped characters, in the brief and a document of the
/// fixture's staff exercise, with a link from the brief to a team-only page.
const DRILL_BRIEF_ESCAPED: &str = "Drill «Åse», & <ops> \"go\" 4b7e";
const DRILL_DOC_ESCAPED: &str = "Graph «Ørsted», & <b> \"q\" 1f3a";

/// The canary fixture, its staff exercise given team-only passages that only the answer
/// key's audience may see.
fn canary_with_drill_blocks() -> TempDir {
    let f = fixture("canary");
    let path = f.path().join("exercises/staff-drill.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let brief = format!(
        "    brief: |\n      Customers say the site will not load. See [the team handbook](../content/scheme/canary-file-9d2c.md).\n\n      <!-- audience: isirt -->\n      CANARY-DRILLBRIEF-4a1c {DRILL_BRIEF_ESCAPED}\n      <!-- end audience -->\n    documents:\n      - kind: email\n        title: Alert\n        from: monitoring\n        body: |\n          Response time is high.\n\n          <!-- audience: isirt -->\n          CANARY-DRILLDOC-7d2e {DRILL_DOC_ESCAPED}\n          <!-- end audience -->\n"
    );
    let changed = text.replace("    brief: Customers say the site will not load.\n", &brief);
    assert_ne!(changed, text, "the staff drill's brief moved");
    std::fs::write(&path, changed).unwrap();
    let o = run(f.path(), &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    f
}

/// Every canary the scans look for: the fixture's, and the drill's escaped ones.
fn all_canaries(root: &Path) -> Vec<String> {
    let mut list = canary_list(root);
    let lower: BTreeSet<String> = list.iter().map(|c| c.to_lowercase()).collect();
    for c in ["canary-drillbrief-4a1c", "canary-drilldoc-7d2e"] {
        assert!(lower.contains(c), "the collector missed {c}");
    }
    list.extend([DRILL_BRIEF_ESCAPED.to_owned(), DRILL_DOC_ESCAPED.to_owned()]);
    list
}

/// Saves `body` under `dir` as `name`, creating its folders.
fn save(dir: &Path, name: &str, body: &[u8]) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, body).unwrap();
}

#[test]
fn serve_hands_out_no_canary() {
    let f = canary_with_drill_blocks();
    let list = all_canaries(f.path());
    // What the team may see, to prove each canary is findable at all.
    let o = run(f.path(), &["build", "--edition", "isirt", "--out", "team"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let isirt = Edition::read(&f.path().join("team/isirt"));
    let o = run(f.path(), &["build", "--edition", "staff", "--out", "fresh"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let built = tree(&f.path().join("fresh/staff"));

    let (p, early) = start_serve_with(f.path(), &["--edition", "staff"]);
    let copy: PathBuf = early
        .iter()
        .find_map(|l| l.split("readable by you only: ").nth(1))
        .map(PathBuf::from)
        .expect("serve names its temporary folder");
    // The copy is written off the rebuild thread: wait until it holds every built file.
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline && built.keys().any(|k| !copy.join("staff").join(k).is_file()) {
        std::thread::sleep(Duration::from_millis(100));
    }
    let copied = tree(&copy);
    assert!(
        copied.keys().all(|k| k.starts_with("staff/")),
        "serve --edition staff copied another edition: {:?}",
        copied.keys().find(|k| !k.starts_with("staff/"))
    );

    // Every page the server answers: each file of a build and of its copy, the folders
    // (their index pages), a missing page, and the live-reload endpoints.
    let mut paths: BTreeSet<String> = built.keys().map(|k| format!("/{k}")).collect();
    paths.extend(copied.keys().map(|k| format!("/{}", &k["staff/".len()..])));
    let folders: BTreeSet<String> = paths
        .iter()
        .filter_map(|p| p.rfind('/').map(|i| p[..=i].to_owned()))
        .collect();
    paths.extend(folders);
    paths.extend(
        [
            "/__irbook/live.js",
            "/__irbook/poll?since=0",
            "/no-such-page.html",
        ]
        .map(String::from),
    );
    let served = TempDir::new("served");
    let mut answered = 0;
    for path in &paths {
        let r = request(p.port, "GET", path, &[]);
        let name = match path.as_str() {
            "/__irbook/poll?since=0" => "__irbook/poll.json".to_owned(),
            folder if folder.ends_with('/') => format!("{}served-folder.html", &folder[1..]),
            file => file[1..].to_owned(),
        };
        answered += usize::from(r.status == 200);
        save(served.path(), &name, &r.body);
    }
    assert!(answered > 50, "only {answered} pages answered");
    drop(p);

    assert_separated(
        &Edition::read(served.path()),
        &isirt,
        &list,
        "pages of serve --edition staff",
    );
    // The copy as read before the server stopped (it removes the folder on exit).
    let kept = TempDir::new("copy");
    for (k, v) in &copied {
        save(kept.path(), k, v);
    }
    assert_separated(
        &Edition::read(kept.path()),
        &isirt,
        &list,
        "serve's temporary copy",
    );
}

#[test]
fn console_hands_the_room_no_canary() {
    let f = canary_with_drill_blocks();
    let list = all_canaries(f.path());
    let record = f.path().join("exercises/records/live.yaml");
    let p = start_console(f.path(), "staff-drill", "Ann", &record);
    let token = p.token.clone().unwrap();
    let get = |path: &str| request(p.port, "GET", path, &[]);
    let command = |cmd: &str| {
        raw(
            p.port,
            &format!(
                "POST /api/{cmd} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nX-Irbook-Token: {token}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}",
                p.port
            ),
        )
    };
    let seen = TempDir::new("projector");
    // The pages, and what the API gives anyone without the token.
    for (name, path) in [
        ("projector.html", "/"),
        ("facilitator.html", "/facilitator"),
        ("console.js", "/console.js"),
        ("console.css", "/console.css"),
        ("waiting.json", "/api/projector"),
        ("facilitator-no-token.json", "/api/facilitator"),
    ] {
        save(seen.path(), name, &get(path).body);
    }
    // The projector at every inject, and once the run has ended.
    assert_eq!(command("start").status, 200);
    let mut n = 0;
    loop {
        let r = get("/api/projector");
        assert_eq!(r.status, 200);
        save(seen.path(), &format!("inject-{n}.json"), &r.body);
        n += 1;
        if command("advance").status != 200 {
            break;
        }
    }
    assert_eq!(n, 2, "the projector went through both injects");
    assert_eq!(command("end").status, 200);
    save(seen.path(), "ended.json", &get("/api/projector").body);
    let projector = Edition::read(seen.path());
    assert!(
        projector
            .files
            .get("inject-0.json")
            .is_some_and(|b| String::from_utf8_lossy(b).contains("Customers say")),
        "the projector shows no brief"
    );
    // The facilitator, who holds the key, sees the drill's team-only passages: the scan
    // finds them where they are.
    let key = raw(
        p.port,
        &format!(
            "GET /api/facilitator HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nX-Irbook-Token: {token}\r\nConnection: close\r\n\r\n",
            p.port
        ),
    );
    let held = TempDir::new("facilitator");
    save(held.path(), "facilitator.json", &key.body);
    let facilitator = Edition::read(held.path());
    for c in [
        "CANARY-DRILLBRIEF-4a1c",
        "CANARY-DRILLDOC-7d2e",
        DRILL_BRIEF_ESCAPED,
        DRILL_DOC_ESCAPED,
        "CANARY-KEYNOTES-4c2e",
    ] {
        assert!(facilitator.find(c).is_some(), "the facilitator lacks {c}");
    }
    let leaks: Vec<String> = list
        .iter()
        .filter_map(|c| {
            projector
                .find(c)
                .map(|(at, how)| format!("  `{c}` in {at} ({how})"))
        })
        .collect();
    assert!(
        leaks.is_empty(),
        "the room sees team-only material:\n{}",
        leaks.join("\n")
    );
}
