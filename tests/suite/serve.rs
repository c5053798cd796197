//! End-to-end tests of `irbook serve`: a real server on a free port, real requests.

use crate::common::http::{Response, raw, request};
use crate::common::*;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A running `irbook serve`, stopped with SIGINT on drop.
struct Server {
    child: Child,
    port: u16,
    log: mpsc::Receiver<String>,
    /// What serve printed before its address.
    early: Vec<String>,
}

impl Server {
    /// The temporary copy of each rebuild that serve named when it started.
    fn temp_copy(&self) -> PathBuf {
        self.early
            .iter()
            .find_map(|l| l.split("readable by you only: ").nth(1))
            .map(PathBuf::from)
            .expect("serve names its temporary folder")
    }

    fn start(dir: &Path) -> Server {
        // Reaped in Drop once wrapped in a Server; a failed start panics the test anyway.
        #[allow(clippy::zombie_processes)]
        let mut child = Command::new(bin())
            .args(["serve", "--port", "0"])
            .arg(dir)
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let (tx, rx) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut early = Vec::new();
        loop {
            let line = rx
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("serve printed no address");
            early.push(line.clone());
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                let port = rest
                    .trim_end_matches(|c: char| !c.is_ascii_digit())
                    .split('/')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap();
                return Server {
                    child,
                    port,
                    log: rx,
                    early,
                };
            }
        }
    }

    fn get(&self, path: &str) -> Response {
        request(self.port, "GET", path, &[])
    }

    /// The version the live-reload endpoint reports now.
    fn version(&self) -> u64 {
        let r = self.get("/__irbook/poll?since=0");
        let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        v["version"].as_u64().unwrap()
    }

    /// Waits for the rebuild after `since` and returns its status.
    fn wait_rebuild(&self, since: u64) -> serde_json::Value {
        let r = self.get(&format!("/__irbook/poll?since={since}"));
        serde_json::from_slice(&r.body).unwrap()
    }

    fn pid(&self) -> i32 {
        self.child.id() as i32
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // SAFETY: signalling our own child.
        unsafe { libc::kill(self.pid(), libc::SIGINT) };
        let _ = self.child.wait();
    }
}

/// Served HTML minus the live-reload tag, which only served pages carry.
fn unserved(bytes: &[u8]) -> Vec<u8> {
    let t = String::from_utf8_lossy(bytes);
    match (
        t.find("<script src=\"/__irbook/live.js\""),
        t.rfind("</body>"),
    ) {
        (Some(a), Some(_)) => {
            let end = t[a..].find("</script>").unwrap() + a + "</script>".len();
            format!("{}{}", &t[..a], &t[end..]).into_bytes()
        }
        _ => bytes.to_vec(),
    }
}

/// Asserts that what the server serves equals a fresh `irbook build` of the same sources.
fn assert_served_equals_build(server: &Server, dir: &Path) {
    let out = dir.join("fresh");
    let o = run(
        dir,
        &[
            "build",
            "--edition",
            "staff",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let built = tree(&out.join("staff"));
    let _ = std::fs::remove_dir_all(&out);
    for (path, bytes) in &built {
        if path.ends_with(".irbook-output") {
            continue;
        }
        let r = server.get(&format!("/{path}"));
        assert_eq!(r.status, 200, "{path}");
        let served = if path.ends_with(".html") {
            unserved(&r.body)
        } else {
            r.body.clone()
        };
        assert!(served == *bytes, "{path} differs from a fresh build");
    }
    assert!(built.len() > 20);
    // The temporary copy catches up (it is written after the site is served), file for
    // file, with nothing left over from earlier rebuilds.
    let copy = server.temp_copy().join("staff");
    let deadline = Instant::now() + Duration::from_secs(10);
    while tree(&copy) != built && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let written = tree(&copy);
    let differ: Vec<&String> = built
        .keys()
        .chain(written.keys())
        .filter(|p| built.get(*p) != written.get(*p))
        .collect();
    assert!(differ.is_empty(), "the temporary copy differs: {differ:?}");
}

fn edit(dir: &Path, file: &str, old: &str, new: &str) {
    let p = dir.join(file);
    let t = std::fs::read_to_string(&p).unwrap();
    assert!(t.contains(old), "{file} lacks {old}");
    std::fs::write(p, t.replacen(old, new, 1)).unwrap();
}

#[test]
fn edits_reload_errors_overlay_and_served_equals_build() {
    let f = fixture("minimal");
    let s = Server::start(f.path());
    // The first build says what it built; "Rebuilt (... changed)" is for changes only.
    assert!(
        s.early
            .iter()
            .any(|l| l.starts_with("Built the `staff` edition in ")),
        "{:?}",
        s.early
    );
    assert!(
        !s.early.iter().any(|l| l.contains("changed")),
        "nothing changed at start: {:?}",
        s.early
    );
    let home = s.get("/");
    assert_eq!(home.status, 200);
    assert!(
        home.text().contains("/__irbook/live.js"),
        "served pages carry the live-reload script"
    );
    assert_eq!(
        s.get("/index.html").header("Content-Type"),
        Some("text/html; charset=utf-8")
    );

    // An edit is served after one rebuild.
    let v = s.version();
    let start = Instant::now();
    edit(
        f.path(),
        "content/scheme/guide.md",
        "Call the desk.",
        "Call the service desk at once.",
    );
    let st = s.wait_rebuild(v);
    assert!(st["error"].is_null(), "{st}");
    assert!(
        s.get("/scheme/guide.html")
            .text()
            .contains("Call the service desk at once.")
    );
    assert!(start.elapsed() < Duration::from_secs(5));
    // The rebuild reused the search scores of every other page: its index and every
    // other file are still what a fresh build makes.
    assert_served_equals_build(&s, f.path());

    // A broken file shows the diagnostics; the last good site stays served.
    let v = s.version();
    edit(
        f.path(),
        "content/playbooks/flood.yaml",
        "owner: desk",
        "owner: dsek",
    );
    let st = s.wait_rebuild(v);
    let err = st["error"].as_str().unwrap_or_default();
    assert!(
        err.contains("content/playbooks/flood.yaml:19:16") && err.contains("unknown role"),
        "{st}"
    );
    assert!(
        s.get("/playbooks/flood.html")
            .text()
            .contains("Confirm the flood."),
        "old page gone"
    );
    assert!(
        s.get("/scheme/guide.html")
            .text()
            .contains("Call the service desk at once.")
    );

    // Fixing it clears the error.
    let v = s.version();
    edit(
        f.path(),
        "content/playbooks/flood.yaml",
        "owner: dsek",
        "owner: desk",
    );
    let st = s.wait_rebuild(v);
    assert!(st["error"].is_null(), "{st}");

    // A template, a static file and the configuration change too.
    let v = s.version();
    std::fs::create_dir_all(f.path().join("themes/default/static")).unwrap();
    std::fs::write(
        f.path().join("themes/default/static/extra.css"),
        "body { margin: 0 }\n",
    )
    .unwrap();
    s.wait_rebuild(v);
    assert_eq!(s.get("/assets/extra.css").text(), "body { margin: 0 }\n");
    // A static file removed leaves the site and the temporary copy, nothing else changes.
    let v = s.version();
    std::fs::remove_file(f.path().join("themes/default/static/extra.css")).unwrap();
    s.wait_rebuild(v);
    assert_eq!(s.get("/assets/extra.css").status, 404);
    assert_served_equals_build(&s, f.path());
    let v = s.version();
    std::fs::write(
        f.path().join("themes/default/static/extra.css"),
        "body { margin: 0 }\n",
    )
    .unwrap();
    s.wait_rebuild(v);
    let v = s.version();
    edit(
        f.path(),
        "irbook.yaml",
        "title: Minimal scheme",
        "title: Renamed scheme",
    );
    s.wait_rebuild(v);
    assert!(s.get("/").text().contains("Renamed scheme"));

    // Editions stay true: a page made team-only leaves the staff preview and its search index.
    let v = s.version();
    edit(
        f.path(),
        "content/scheme/guide.md",
        "lifecycle: use\n",
        "lifecycle: use\naudience: isirt\n",
    );
    s.wait_rebuild(v);
    assert_eq!(s.get("/scheme/guide.html").status, 404);
    assert!(
        !s.get("/assets/search-index.js")
            .text()
            .contains("Reporting guide")
    );

    std::thread::sleep(Duration::from_millis(300));
    assert_served_equals_build(&s, f.path());
    assert!(
        s.log.try_iter().any(|l| l.contains("Rebuilt")),
        "serve logs its rebuilds"
    );
}

#[test]
fn traversal_battery_never_leaves_the_site() {
    let f = fixture("minimal");
    let s = Server::start(f.path());
    let paths = [
        "/../../../../etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/%252e%252e/%252e%252e/etc/passwd",
        "/..%252f..%252fetc%252fpasswd",
        "/..\\..\\etc\\passwd",
        "/%5c..%5c..%5cetc%5cpasswd",
        "//etc/passwd",
        "/etc/passwd",
        "/./../etc/passwd",
        "/scheme/../../etc/passwd",
        "/scheme/%2e%2e/%2e%2e/etc/passwd",
        "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
        "/%e0%80%ae%e0%80%ae/etc/passwd",
        "/..;/..;/etc/passwd",
        "/index.html%00../../etc/passwd",
        "/%00/etc/passwd",
        "/C:/Windows/win.ini",
        "/c:%5cwindows%5cwin.ini",
        "/~root/.bashrc",
        "/.%2e/.%2e/etc/passwd",
        "/%2e./%2e./etc/passwd",
        "/..%00/etc/passwd",
        "/....//....//etc/passwd",
        "/%2f%2fetc%2fpasswd",
        "/.git/config",
        "/../Cargo.toml",
        "/../content/contacts.yaml",
        "/%2e%2e%2fcontent%2fcontacts.yaml",
        "/scheme/../../irbook.yaml",
        "/proc/self/environ",
        "/../../proc/self/environ",
        "/.irbook-output/../../etc/passwd",
    ];
    assert!(paths.len() >= 30);
    let secret = std::fs::read_to_string(f.path().join("content/contacts.yaml")).unwrap();
    for p in paths {
        let r = s.get(p);
        let body = r.text();
        assert!(
            r.status != 200
                || !body.contains("root:") && !body.contains("[core]") && !body.contains("PATH="),
            "{p} -> {} served a file outside the site",
            r.status
        );
        assert!(
            !body.contains(secret.lines().next().unwrap()),
            "{p} served a source file"
        );
        assert!(r.status >= 400, "{p} -> {}", r.status);
    }
    // Other refusals.
    assert_eq!(request(s.port, "POST", "/", &[]).status, 405);
    assert_eq!(request(s.port, "DELETE", "/index.html", &[]).status, 405);

    let rebinding = raw(
        s.port,
        &format!(
            "GET / HTTP/1.1\r\nHost: attacker.example:{}\r\nConnection: close\r\n\r\n",
            s.port
        ),
    );
    assert_eq!(
        rebinding.status, 403,
        "a foreign Host must be refused (DNS rebinding)"
    );
    let cross = request(
        s.port,
        "GET",
        "/__irbook/poll?since=0",
        &[
            ("Origin", "http://evil.example"),
            ("Sec-Fetch-Site", "cross-site"),
        ],
    );
    assert_eq!(
        cross.status, 403,
        "a foreign page must not read the live-reload endpoint"
    );
    let head = request(s.port, "HEAD", "/index.html", &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    let missing = s.get("/no/such/page.html");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("Not found"));
    let ok = s.get("/");
    assert_eq!(ok.header("X-Content-Type-Options"), Some("nosniff"));
    assert!(ok.header("Access-Control-Allow-Origin").is_none());
    for (file, ct) in [
        ("/assets/style.css", "text/css"),
        ("/scheme.json", "application/json"),
        ("/contacts/directory.vcf", "text/vcard"),
        ("/contacts/directory.csv", "text/csv"),
        ("/assets/search-index.js", "text/javascript"),
    ] {
        assert!(
            s.get(file)
                .header("Content-Type")
                .unwrap_or_default()
                .starts_with(ct),
            "{file}"
        );
    }
    // Garbage on the wire: the server answers (or closes) and keeps serving.
    let _ = raw(s.port, "NOT HTTP AT ALL\r\n\r\n");
    let _ = raw(s.port, "GET\r\n\r\n");
    let _ = raw(
        s.port,
        &format!(
            "GET /{} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
            "a".repeat(70_000),
            s.port
        ),
    );
    assert_eq!(s.get("/").status, 200);
}

#[test]
fn load_with_a_rebuild_in_the_middle() {
    let f = fixture("minimal");
    let s = Server::start(f.path());
    let port = s.port;
    let pages = [
        "/",
        "/policy.html",
        "/contacts.html",
        "/playbooks/flood.html",
        "/assets/style.css",
        "/scheme/guide.html",
        "/severity.html",
        "/search.html",
    ];
    let start = Instant::now();
    let workers: Vec<_> = (0..8)
        .map(|w| {
            std::thread::spawn(move || {
                let mut errors = Vec::new();
                for i in 0..400 {
                    let p = pages[(i + w) % pages.len()];
                    let r = request(port, "GET", p, &[]);
                    if r.status != 200 || r.body.is_empty() {
                        errors.push(format!("{p}: {}", r.status));
                    }
                    if start.elapsed() > Duration::from_secs(120) {
                        break;
                    }
                }
                errors
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    let v = s.version();
    edit(
        f.path(),
        "content/scheme/guide.md",
        "Call the desk.",
        "Call the desk now.",
    );
    s.wait_rebuild(v);
    let errors: Vec<String> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    assert!(
        errors.is_empty(),
        "{} errors: {:?}",
        errors.len(),
        &errors[..errors.len().min(5)]
    );
    assert!(
        s.get("/scheme/guide.html")
            .text()
            .contains("Call the desk now.")
    );
    println!(
        "3,200 requests from 8 clients with a rebuild in the middle: 0 errors in {:?}",
        start.elapsed()
    );
}

#[test]
fn ctrl_c_stops_and_removes_the_temporary_folder() {
    let f = fixture("minimal");
    // A folder at the name the preview used to pick (irbook-serve-<pid>) must not matter:
    // another local user could create it first.
    let s = Server::start(f.path());
    let tmp = s.temp_copy();
    assert!(tmp.starts_with(std::env::temp_dir()), "{}", tmp.display());
    let name = tmp.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        !name.contains(&s.pid().to_string()) && name.len() >= "irbook-serve-".len() + 24,
        "the folder name must be unguessable: {name}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&tmp).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode, 0o700,
            "the team edition may land there: this user only"
        );
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while !tmp.join("staff/index.html").is_file() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        tmp.join("staff/index.html").is_file(),
        "serve builds into a temporary folder"
    );
    assert!(
        !f.path().join("public").exists(),
        "serve never writes the project's public/"
    );
    let mut s = s;
    // SAFETY: signalling our own child.
    unsafe { libc::kill(s.pid(), libc::SIGINT) };
    let status = s.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    assert!(!tmp.exists(), "temporary folder left behind");
}

#[test]
fn the_terminal_gets_control_characters_escaped() {
    // A project folder and a source file whose names hold escape sequences (set the
    // window title, clear the screen): serve names both, escaped, as check does.
    let minimal = fixture("minimal");
    let t = TempDir::new("esc");
    let dir = t.path().join("esc\u{1b}]0;PWNED\u{7}dir");
    copy_dir(minimal.path(), &dir);
    std::fs::write(
        dir.join("content/scheme/a\u{1b}[2Jb.md"),
        "---\ntitle: Esc\nweight: 5\nlifecycle: use\nowner: lead\n---\nSee [x](nope.md) here.\n",
    )
    .unwrap();
    let s = Server::start(&dir);
    let printed = s.early.join("\n");
    assert!(
        !printed.contains(|c: char| c.is_control() && c != '\n'),
        "serve printed a control character: {printed:?}"
    );
    for shown in ["esc\\u{1b}]0;PWNED\\u{7}dir", "a\\u{1b}[2Jb.md:7:5"] {
        assert!(printed.contains(shown), "{shown} not in {printed}");
    }
}

#[test]
fn termination_and_hang_up_also_remove_the_temporary_folder() {
    // `kill`, a service manager or a closed terminal stop serve too; the copy, which may
    // hold the team edition, must not stay behind in the temporary folder.
    for signal in [libc::SIGTERM, libc::SIGHUP] {
        let f = fixture("minimal");
        let mut s = Server::start(f.path());
        let tmp = s.temp_copy();
        assert!(tmp.is_dir());
        // SAFETY: signalling our own child.
        unsafe { libc::kill(s.pid(), signal) };
        let _ = s.child.wait();
        assert!(
            !tmp.exists(),
            "signal {signal}: temporary folder left behind"
        );
    }
}
