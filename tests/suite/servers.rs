//! Both local servers (`irbook serve` and the exercise console) against hostile clients:
//! a huge declared body, bodies that never come, endless header lines, idle connections;
//! and the console's projector, which must show what the participants may see and no more.

use crate::common::http::raw;
use crate::common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A server process, killed on drop.
pub(crate) struct Proc {
    child: Child,
    /// The port it listens on.
    pub(crate) port: u16,
    /// The console's facilitator token.
    pub(crate) token: Option<String>,
}

impl Drop for Proc {
    fn drop(&mut self) {
        // SAFETY: signalling our own child; SIGINT lets serve remove its temporary folder.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGINT) };
        let _ = self.child.wait();
    }
}

impl Proc {
    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// A request line and headers for this server, without the final blank line.
    fn head(&self, method: &str, path: &str) -> String {
        let mut h = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n",
            self.port
        );
        if let Some(t) = &self.token {
            h.push_str(&format!("X-Irbook-Token: {t}\r\n"));
        }
        h
    }

    /// Time for an ordinary request to be answered with 200; panics after 5 s.
    fn answers(&self, path: &str) -> Duration {
        let start = Instant::now();
        let r = raw(
            self.port,
            &format!("{}Connection: close\r\n\r\n", self.head("GET", path)),
        );
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        start.elapsed()
    }

    /// Peak resident memory of the server so far, in KiB (Linux).
    fn peak_kib(&self) -> u64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.pid()))
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }
}

fn start_serve(dir: &Path) -> Proc {
    start_serve_with(dir, &[]).0
}

/// `irbook serve` on `dir` with extra arguments; also what it printed before its address.
pub(crate) fn start_serve_with(dir: &Path, args: &[&str]) -> (Proc, Vec<String>) {
    // Reaped in Drop once wrapped in a Proc; a failed start panics the test anyway.
    #[allow(clippy::zombie_processes)]
    let mut child = Command::new(bin())
        .args(["serve", "--port", "0"])
        .args(args)
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
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut early = Vec::new();
    loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("serve printed no address");
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            let port = rest.split('/').next().unwrap().parse().unwrap();
            let p = Proc {
                child,
                port,
                token: None,
            };
            return (p, early);
        }
        early.push(line);
    }
}

/// The exercise console for `exercise` of `dir`, logging as `evaluator` to `record`.
pub(crate) fn start_console(dir: &Path, exercise: &str, evaluator: &str, record: &Path) -> Proc {
    start_console_printing(dir, exercise, evaluator, record).0
}

/// [`start_console`], and what the console printed up to its `Record:` line.
fn start_console_printing(
    dir: &Path,
    exercise: &str,
    evaluator: &str,
    record: &Path,
) -> (Proc, String) {
    #[allow(clippy::zombie_processes)]
    let mut child = Command::new(bin())
        .args(["exercise", "run", exercise, "--port", "0", "--evaluator"])
        .arg(evaluator)
        .arg("--path")
        .arg(dir)
        .arg("--record")
        .arg(record)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let (mut port, mut token, mut printed) = (0, String::new(), String::new());
    // The address lines and the record's name come in one write, the record's last.
    while !printed.contains("Record:") {
        let mut l = String::new();
        if out.read_line(&mut l).unwrap() == 0 {
            let mut err = String::new();
            let _ = child.stderr.take().unwrap().read_to_string(&mut err);
            panic!("console exited: {:?}\n{err}", child.wait());
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
        printed.push_str(&l);
    }
    assert!(port != 0 && !token.is_empty(), "{printed}");
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let p = Proc {
        child,
        port,
        token: Some(token),
    };
    (p, printed)
}

/// Reads one answer's status from a connection, waiting at most `wait`; `None` when the
/// server closed the connection without a status line or the wait ran out.
fn status_of(s: &mut TcpStream, wait: Duration) -> Option<u16> {
    s.set_read_timeout(Some(wait)).unwrap();
    let mut buf = [0u8; 64];
    let n = s.read(&mut buf).ok()?;
    let head = String::from_utf8_lossy(&buf[..n]);
    head.split_whitespace().nth(1)?.parse().ok()
}

fn connect(port: u16) -> TcpStream {
    let s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
    s
}

/// The attacks of the review, each followed by an ordinary request that must be answered
/// within a second. `body_path` is a path that takes a body (the console's API) or any
/// path (serve, which takes none).
fn battery(p: &Proc, alive: &str, body_path: &str) {
    let fast = Duration::from_secs(1);
    let baseline_peak = p.peak_kib();

    // 1. A huge declared body: refused unread, not allocated.
    for method in ["GET", "POST"] {
        let mut s = connect(p.port);
        let req = format!(
            "{}Content-Length: 1000000000000\r\n\r\n",
            p.head(method, body_path)
        );
        s.write_all(req.as_bytes()).unwrap();
        assert_eq!(
            status_of(&mut s, Duration::from_secs(5)),
            Some(413),
            "{method} with a huge Content-Length"
        );
        assert!(
            p.answers(alive) < fast,
            "answers after a huge Content-Length"
        );
    }

    // 2. Bodies announced and never sent, on more connections than the old worker pools.
    let mut slow: Vec<TcpStream> = (0..12)
        .map(|_| {
            let mut s = connect(p.port);
            let req = format!(
                "{}Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{{",
                p.head("POST", body_path)
            );
            s.write_all(req.as_bytes()).unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        p.answers(alive) < fast,
        "answers while 12 bodies are pending"
    );

    // 3. An endless header line: refused after a small cap, memory stays flat.
    let mut s = connect(p.port);
    s.write_all(format!("{}X-Long: ", p.head("GET", alive)).as_bytes())
        .unwrap();
    let chunk = vec![b'a'; 64 * 1024];
    let mut sent = 0usize;
    while sent < 256 * 1024 * 1024 && s.write_all(&chunk).is_ok() {
        sent += chunk.len();
    }
    assert!(
        sent < 64 * 1024 * 1024,
        "the server kept reading a header line of {} MiB",
        sent >> 20
    );
    drop(s);
    let mut s = connect(p.port);
    let req = format!(
        "{}X-Long: {}\r\n\r\n",
        p.head("GET", alive),
        "a".repeat(40_000)
    );
    s.write_all(req.as_bytes()).unwrap();
    assert_eq!(
        status_of(&mut s, Duration::from_secs(5)),
        Some(431),
        "a 40 kB header"
    );
    let mut s = connect(p.port);
    let many: String = (0..200).map(|i| format!("X-H{i}: v\r\n")).collect();
    s.write_all(format!("{}{many}\r\n", p.head("GET", alive)).as_bytes())
        .unwrap();
    assert_eq!(
        status_of(&mut s, Duration::from_secs(5)),
        Some(431),
        "200 header fields"
    );
    assert!(p.answers(alive) < fast, "answers after long headers");

    // 4. Connections that send nothing, or half a request line.
    let mut idle: Vec<TcpStream> = (0..40).map(|_| connect(p.port)).collect();
    let mut half: Vec<TcpStream> = (0..40)
        .map(|_| {
            let mut s = connect(p.port);
            s.write_all(b"GET / HTTP/1.1\r\nHo").unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        p.answers(alive) < fast,
        "answers beside 80 idle connections"
    );

    // Idle and slow connections time out instead of holding the server for ever.
    let deadline = Duration::from_secs(25);
    for s in half.iter_mut().take(3) {
        let start = Instant::now();
        let _ = status_of(s, deadline);
        assert!(
            start.elapsed() < deadline,
            "a half-sent request line was never dropped"
        );
    }
    for s in idle.iter_mut().take(3) {
        let start = Instant::now();
        let _ = status_of(s, deadline);
        assert!(
            start.elapsed() < deadline,
            "a connection that sent nothing was never dropped"
        );
    }
    for s in slow.iter_mut().take(3) {
        let start = Instant::now();
        let got = status_of(s, deadline);
        // Refused (413), timed out (408), or closed; not left waiting for the deadline.
        assert!(
            matches!(got, Some(408 | 413)) || (got.is_none() && start.elapsed() < deadline),
            "a body that never came: {got:?} after {:?}",
            start.elapsed()
        );
    }
    drop((idle, half, slow));
    let peak = p.peak_kib();
    assert!(
        peak < baseline_peak + 64 * 1024,
        "peak memory grew from {baseline_peak} KiB to {peak} KiB under attack"
    );
    assert!(p.answers(alive) < fast, "answers after the battery");
}

/// Ten requests on one kept-alive connection: none may wait for a delayed ACK (Nagle).
fn keep_alive_is_prompt(p: &Proc, path: &str) {
    let mut s = connect(p.port);
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut times = Vec::new();
    for _ in 0..10 {
        let start = Instant::now();
        s.write_all(format!("{}\r\n", p.head("GET", path)).as_bytes())
            .unwrap();
        // Read the head, then exactly Content-Length bytes of body.
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            s.read_exact(&mut byte).unwrap();
            head.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
        let len: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .map(|v| v.trim().parse().unwrap())
            .unwrap();
        let mut body = vec![0u8; len];
        s.read_exact(&mut body).unwrap();
        times.push(start.elapsed());
    }
    times.sort();
    assert!(
        times[5] < Duration::from_millis(30),
        "kept-alive answers are slow (Nagle?): {times:?}"
    );
}

#[test]
fn serve_survives_hostile_clients() {
    let f = fixture("minimal");
    let p = start_serve(f.path());
    battery(&p, "/index.html", "/index.html");
    keep_alive_is_prompt(&p, "/index.html");
}

const DRILL: &str = include_str!("../fixtures/drill/exercise.yaml");

/// The minimal fixture with the drill exercise.
fn drill() -> TempDir {
    let f = fixture("minimal");
    std::fs::create_dir_all(f.path().join("exercises/records")).unwrap();
    std::fs::write(f.path().join("exercises/drill.yaml"), DRILL).unwrap();
    f
}

#[test]
fn console_survives_hostile_clients() {
    let f = drill();
    let record = f.path().join("exercises/records/live.yaml");
    let p = start_console(f.path(), "drill", "Ann", &record);
    let post = |cmd: &str, body: &str| {
        raw(
            p.port,
            &format!(
                "{}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                p.head("POST", &format!("/api/{cmd}")),
                body.len()
            ),
        )
    };
    assert_eq!(post("start", "{}").status, 200);
    battery(&p, "/api/projector", "/api/note");
    // The run lock is never held while a body is read: a command goes through while
    // another token holder's body is still on its way.
    let mut pending = connect(p.port);
    pending
        .write_all(
            format!(
                "{}Content-Length: 100\r\n\r\n{{\"note\":",
                p.head("POST", "/api/note")
            )
            .as_bytes(),
        )
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let start = Instant::now();
    let r = post("note", r#"{"note":"while another body is pending"}"#);
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(start.elapsed() < Duration::from_secs(1));
    let big = format!(r#"{{"note":"{}"}}"#, "x".repeat(70 * 1024));
    assert_eq!(post("note", &big).status, 413, "a note over the body cap");
    keep_alive_is_prompt(&p, "/api/projector");
}

/// Every character class YAML refuses or misreads, as a facilitator might paste it.
const AWKWARD: &str = "it\u{2019}s \u{92}quoted\u{92} DEL\u{7f} C1\u{80}\u{9f} NEL\u{85} LS\u{2028} BOM\u{feff} \u{fffe}\u{ffff} tab\tnl\ncr\r nul\u{0} end";

#[test]
fn console_records_every_character_it_acknowledges() {
    let f = drill();
    let record = f.path().join("exercises/records/live.yaml");
    let evaluator = "Zoë \u{92}O\u{7f}Brien\u{85}";
    let note_body = serde_json::json!({ "note": AWKWARD }).to_string();
    let mark_body =
        serde_json::json!({ "action": "confirm-flood", "outcome": "met", "note": AWKWARD })
            .to_string();
    {
        let p = start_console(f.path(), "drill", evaluator, &record);
        for (cmd, body) in [("start", "{}"), ("note", &note_body), ("mark", &mark_body)] {
            let r = raw(
                p.port,
                &format!(
                    "{}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    p.head("POST", &format!("/api/{cmd}")),
                    body.len()
                ),
            );
            assert_eq!(r.status, 200, "{cmd}: {}", r.text());
        }
    }
    // The record parses back to exactly what was acknowledged...
    let text = std::fs::read_to_string(&record).unwrap();
    let rec: irbook::model::exercise::Record =
        irbook::load::yaml::parse("live.yaml", &text).unwrap_or_else(|d| panic!("{d:?}\n{text}"));
    assert_eq!(rec.evaluators[0].name, evaluator);
    let notes: Vec<&str> = rec
        .events
        .iter()
        .filter_map(|e| e.note.as_deref())
        .collect();
    assert_eq!(notes, [AWKWARD, AWKWARD]);
    // ...the run resumes, the scheme still checks and the run scores.
    let p = start_console(f.path(), "drill", evaluator, &record);
    let r = raw(
        p.port,
        &format!(
            "{}Connection: close\r\n\r\n",
            p.head("GET", "/api/facilitator")
        ),
    );
    assert_eq!(r.status, 200);
    assert!(r.text().contains("confirm-flood"));
    drop(p);
    let o = run(f.path(), &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(f.path(), &["exercise", "score", record.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// A staff exercise whose brief and document hold team-only blocks and a link to a
/// team-only page: the projector shows neither, as the staff edition's cards do not.
#[test]
fn projector_shows_only_what_participants_may_see() {
    let f = drill();
    let staff = DRILL
        .replace("id: drill\n", "id: drill\naudience: staff\n")
        .replace(
            "      Customers phone to say the site will not load.\n",
            "      Customers phone to say the site will not load. See [the notes](../content/scheme/team.md).\n\n      <!-- audience: isirt -->\n      CANARY-BRIEF-TEAM the source address is on our watch list.\n      <!-- end audience -->\n",
        )
        .replace(
            "        body: Response time above 9 seconds for 5 minutes.\n",
            "        body: |\n          Response time above 9 seconds for 5 minutes.\n\n          <!-- audience: isirt -->\n          CANARY-DOC-TEAM internal graph link\n          <!-- end audience -->\n",
        );
    assert!(staff.contains("CANARY-BRIEF-TEAM") && staff.contains("CANARY-DOC-TEAM"));
    std::fs::write(f.path().join("exercises/drill.yaml"), &staff).unwrap();
    let o = run(f.path(), &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let record = f.path().join("exercises/records/live.yaml");
    let p = start_console(f.path(), "drill", "Ann", &record);
    let r = raw(
        p.port,
        &format!(
            "{}Content-Length: 2\r\nConnection: close\r\n\r\n{{}}",
            p.head("POST", "/api/start")
        ),
    );
    assert_eq!(r.status, 200);
    let projector = raw(
        p.port,
        &format!(
            "GET /api/projector HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            p.port
        ),
    )
    .text();
    assert!(projector.contains("Customers phone"), "{projector}");
    assert!(projector.contains("Response time above 9 seconds"));
    for leak in [
        "CANARY-BRIEF-TEAM",
        "CANARY-DOC-TEAM",
        "team.html",
        "team.md",
        "href",
    ] {
        assert!(
            !projector.contains(leak),
            "projector shows {leak}: {projector}"
        );
    }
    // The facilitator, who holds the key, sees the team-only text.
    let fac = raw(
        p.port,
        &format!(
            "{}Connection: close\r\n\r\n",
            p.head("GET", "/api/facilitator")
        ),
    )
    .text();
    assert!(fac.contains("CANARY-BRIEF-TEAM") && fac.contains("CANARY-DOC-TEAM"));
}

/// The staff preview's error overlay shows the error that stops the build, not warnings
/// that name and quote a team-only page.
#[test]
fn staff_overlay_keeps_team_only_warnings_out() {
    let f = fixture("minimal");
    let team = f.path().join("content/scheme/team.md");
    let text = std::fs::read_to_string(&team).unwrap();
    std::fs::write(
        &team,
        text.replace(
            "audience: isirt\n",
            "audience: isirt\nreview_by: 2001-01-01\n",
        ),
    )
    .unwrap();
    let p = start_serve(f.path());
    let poll = |since: u64| -> serde_json::Value {
        let r = raw(
            p.port,
            &format!(
                "{}Connection: close\r\n\r\n",
                p.head("GET", &format!("/__irbook/poll?since={since}"))
            ),
        );
        serde_json::from_slice(&r.body).unwrap()
    };
    let v = poll(0)["version"].as_u64().unwrap();
    let guide = f.path().join("content/scheme/guide.md");
    let g = std::fs::read_to_string(&guide).unwrap();
    std::fs::write(&guide, g.replace("<!-- end audience -->", "")).unwrap();
    let status = poll(v);
    let overlay = status["error"].as_str().expect("the rebuild fails");
    assert!(overlay.contains("E0114"), "{overlay}");
    assert!(overlay.contains("content/scheme/guide.md"), "{overlay}");
    assert!(
        !overlay.contains("team.md") && !overlay.contains("W0305"),
        "{overlay}"
    );
    assert!(
        overlay.contains("printed in the terminal only"),
        "{overlay}"
    );
}

#[test]
fn console_prints_the_record_path_with_control_characters_escaped() {
    let f = drill();
    // A record named with an escape sequence that would set the terminal's title.
    let record = f
        .path()
        .join("exercises/records/run\u{1b}]0;PWNED\u{7}.yaml");
    let (_console, printed) = start_console_printing(f.path(), "drill", "Ann", &record);
    assert!(
        !printed.contains('\u{1b}') && !printed.contains('\u{7}'),
        "{printed:?}"
    );
    assert!(
        printed.contains("Record: ") && printed.contains("run\\u{1b}]0;PWNED\\u{7}.yaml"),
        "{printed}"
    );
}
