//! The live facilitation console (`irbook exercise run`): a projector view for participants
//! and a facilitator view, served on 127.0.0.1, writing every step to the run record.
//!
//! The projector's data is built from [`CardView`] alone, a type with no field for notes,
//! expected actions, points or questions, so the answer key cannot reach the screen the
//! room sees. The facilitator's data and every change need a random token that only the
//! terminal shows; it travels in a header, which a web page from elsewhere cannot set
//! without a CORS grant this server never gives.

use super::Error;
use crate::edition::html::Html;
use crate::edition::view::exercises::{CardView, GuideView};
use crate::exercise::record::{self, Header};
use crate::exercise::refs;
use crate::model::exercise::{Event, EventKind, Outcome, Record};
use crate::model::{At, Date, Id};
use crate::pipeline::Checked;
use crate::serve::http::{self, Method, Request, Response, host_allowed};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs::File;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// What `irbook exercise run` needs.
pub(crate) struct RunOptions {
    /// Project folder.
    pub root: PathBuf,
    /// Exercise id.
    pub exercise: String,
    /// Port (0 picks a free one).
    pub port: u16,
    /// Record file; default `exercises/records/<id>-<date>.yaml`.
    pub record: Option<PathBuf>,
    /// Name of the person logging.
    pub evaluator: String,
}

/// A mark on an expected action, as the facilitator view shows it.
#[derive(Debug, Clone, Serialize)]
struct Mark {
    outcome: Outcome,
    note: Option<String>,
    t: u64,
}

/// The state of a run, rebuilt from the record's events on resume.
struct Run {
    /// The answer key's view of the exercise, for the facilitator only.
    guide: GuideView,
    /// The cards as the exercise's participants may see them, in inject order: what the
    /// projector shows. Built from the participants' edition, never from the key's.
    cards: Vec<CardView>,
    exercise: Id,
    team: Vec<Id>,
    evaluator: (Id, String),
    path: PathBuf,
    file: Option<File>,
    started: bool,
    running: bool,
    ended: bool,
    /// Exercise clock at `wall_base`.
    t_base: u64,
    wall_base: i64,
    current: Option<usize>,
    given: Vec<(u64, usize)>,
    marks: BTreeMap<Id, Mark>,
    notes: Vec<(u64, String)>,
}

impl Run {
    fn elapsed(&self, now: i64) -> u64 {
        if self.running {
            self.t_base + u64::try_from(now - self.wall_base).unwrap_or(0)
        } else {
            self.t_base
        }
    }

    fn state(&self) -> &'static str {
        match (self.started, self.ended, self.running) {
            (false, _, _) => "waiting",
            (_, true, _) => "ended",
            (_, _, true) => "running",
            _ => "paused",
        }
    }

    /// Applies an event to the in-memory state (also used to replay a record).
    fn apply(&mut self, e: &Event) {
        self.t_base = e.t;
        self.wall_base = e.wall;
        match e.kind {
            EventKind::Start => {
                self.started = true;
                self.running = true;
            }
            EventKind::Inject => {
                if let Some(i) = e.inject.as_ref().and_then(|i| self.inject_index(&i.value)) {
                    self.current = Some(i);
                    self.given.push((e.t, i));
                }
            }
            EventKind::Mark => {
                if let (Some(a), Some(o)) = (&e.action, e.outcome) {
                    self.marks.insert(
                        a.value.clone(),
                        Mark {
                            outcome: o,
                            note: e.note.clone(),
                            t: e.t,
                        },
                    );
                }
            }
            EventKind::Note => {
                if let Some(n) = &e.note {
                    self.notes.push((e.t, n.clone()));
                }
            }
            EventKind::Pause => self.running = false,
            EventKind::Resume => self.running = true,
            EventKind::End => {
                self.running = false;
                self.ended = true;
            }
        }
    }

    fn inject_index(&self, id: &Id) -> Option<usize> {
        self.guide.injects.iter().position(|i| i.card.id == *id)
    }

    /// Writes an event to the record (creating it at the start), then applies it.
    fn log(&mut self, mut e: Event) -> Result<(), String> {
        e.evaluator = Some(At::unplaced(self.evaluator.0.clone()));
        let res = match self.file.as_mut() {
            Some(f) => record::append(f, &e),
            None => record::create(
                &self.path,
                &Header {
                    exercise: &self.exercise,
                    date: Date::from_unix(e.wall),
                    team: &self.team,
                    evaluator: (&self.evaluator.0, &self.evaluator.1),
                },
                &e,
            )
            .map(|f| self.file = Some(f)),
        };
        res.map_err(|err| format!("cannot write the record `{}`: {err}", self.path.display()))?;
        self.apply(&e);
        Ok(())
    }

    fn event(&self, kind: EventKind, now: i64) -> Event {
        Event {
            t: self.elapsed(now),
            wall: now,
            kind,
            inject: None,
            action: None,
            outcome: None,
            by: None,
            evaluator: None,
            note: None,
        }
    }
}

/// What the projector shows: nothing but participant material.
#[derive(Serialize)]
struct Projector<'a> {
    title: &'a str,
    state: &'static str,
    elapsed: u64,
    total: usize,
    inject: Option<&'a CardView>,
}

#[derive(Serialize)]
struct Facilitator<'a> {
    title: &'a str,
    state: &'static str,
    elapsed: u64,
    record: String,
    evaluator: &'a str,
    current: Option<usize>,
    injects: &'a [crate::edition::view::exercises::GuideInject],
    given: Vec<usize>,
    marks: &'a BTreeMap<Id, Mark>,
    notes: &'a [(u64, String)],
    objectives: &'a [crate::edition::view::exercises::ObjectiveView],
}

#[derive(Deserialize, Default)]
struct Command {
    #[serde(default)]
    inject: Option<String>,
    #[serde(default)]
    action: Option<String>,
    #[serde(default)]
    outcome: Option<Outcome>,
    #[serde(default)]
    note: Option<String>,
}

struct Shared {
    run: Mutex<Run>,
    token: String,
    addr: SocketAddr,
}

/// A random token from the operating system, as hex.
fn token() -> Result<String, Error> {
    let mut buf = [0u8; 16];
    getrandom::fill(&mut buf)
        .map_err(|e| Error::Setup(format!("no randomness for the token: {e}")))?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

/// The view of one edition, by audience rank.
fn view_for(c: &Checked, rank: usize) -> Result<crate::edition::view::SiteView, Error> {
    let ed = crate::edition::all(&c.scheme, &c.idx)
        .into_iter()
        .find(|e| e.rank == rank)
        .ok_or_else(|| setup("no edition for that audience"))?;
    Ok(crate::edition::view::build(&c.scheme, &c.idx, &ed, &Default::default(), None).0)
}

fn setup(m: impl Into<String>) -> Error {
    Error::Setup(m.into())
}

/// Console HTML: links point into the site, which the console does not serve, so they
/// become their text.
fn unlinked(html: &str) -> Html {
    let html = crate::edition::html::without_root(html);
    let mut out = String::with_capacity(html.len());
    let mut rest: &str = &html;
    while let Some(i) = rest.find("<a ").or_else(|| rest.find("</a>")) {
        out.push_str(&rest[..i]);
        match rest[i..].find('>') {
            Some(end) => rest = &rest[i + end + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    Html::from(out)
}

fn unlink_card(c: &mut CardView) {
    c.brief_html = unlinked(&c.brief_html);
    for d in &mut c.documents {
        d.body_html = unlinked(&d.body_html);
    }
}

/// Builds the run: the key edition's guide for the exercise, and the record replayed if it exists.
fn prepare(opts: &RunOptions, p: &Checked) -> Result<Run, Error> {
    let ex = &find_exercise(opts, p)?.data;
    let (cards, guide) = materials(p, ex)?;
    let today = Date::from_unix(record::wall_now());
    let path = match &opts.record {
        Some(r) => r.clone(),
        None => opts
            .root
            .join(format!("exercises/records/{}-{today}.yaml", ex.id.value)),
    };
    let evaluator_id = Id::parse(&crate::model::slug::slugify(&opts.evaluator))
        .unwrap_or_else(|_| Id::parse("facilitator").expect("a valid id"));
    let mut run = Run {
        guide,
        cards,
        exercise: ex.id.value.clone(),
        team: ex.participants.iter().map(|r| r.value.clone()).collect(),
        evaluator: (evaluator_id, opts.evaluator.clone()),
        path: path.clone(),
        file: None,
        started: false,
        running: false,
        ended: false,
        t_base: 0,
        wall_base: record::wall_now(),
        current: None,
        given: Vec::new(),
        marks: BTreeMap::new(),
        notes: Vec::new(),
    };
    if path.exists() {
        resume(&mut run, &path)?;
    }
    Ok(run)
}

/// The exercise the console was asked for.
fn find_exercise<'p>(
    opts: &RunOptions,
    p: &'p Checked,
) -> Result<&'p crate::model::Doc<crate::model::exercise::Exercise>, Error> {
    let s = &p.scheme;
    s.exercises
        .iter()
        .find(|e| e.data.id.value.as_str() == opts.exercise)
        .ok_or_else(|| {
            let known: Vec<&str> = s
                .exercises
                .iter()
                .map(|e| e.data.id.value.as_str())
                .collect();
            setup(format!(
                "no exercise `{}`; {}",
                opts.exercise,
                crate::check::diagnostic::unknown_help(&opts.exercise, "exercise", &known)
            ))
        })
}

/// The projector's cards and the facilitator's guide of the exercise `ex`, links removed.
fn materials(
    p: &Checked,
    ex: &crate::model::exercise::Exercise,
) -> Result<(Vec<CardView>, GuideView), Error> {
    let s = &p.scheme;
    // Two views: the participants' for what the room sees, the key's for the facilitator.
    let participants = refs::participant_rank(s, &p.idx, ex);
    let key = refs::key_rank(s, &p.idx);
    let mut cards = view_for(p, participants)?
        .exercises
        .handouts
        .into_iter()
        .find(|h| h.id == ex.id.value)
        .map(|h| h.cards)
        .ok_or_else(|| setup("the exercise has no participant handout"))?;
    let mut guide = view_for(p, key)?
        .exercises
        .guides
        .into_iter()
        .find(|g| g.id == ex.id.value)
        .ok_or_else(|| setup("the exercise has no guide"))?;
    cards.iter_mut().for_each(unlink_card);
    for i in &mut guide.injects {
        unlink_card(&mut i.card);
        if let Some(n) = i.notes_html.as_mut() {
            *n = unlinked(n);
        }
    }
    Ok((cards, guide))
}

/// Replays the record at `path` into `run` and reopens it for appending; refuses a record
/// of another exercise or of a run that has ended.
fn resume(run: &mut Run, path: &std::path::Path) -> Result<(), Error> {
    let text = crate::load::files::read_named_file(path)
        .map_err(|e| setup(format!("cannot read `{}`: {e}", path.display())))?;
    let rec: Record =
        crate::load::yaml::parse(&path.display().to_string(), &text).map_err(|d| {
            setup(format!(
                "{}:{}:{}: {}",
                path.display(),
                d.line,
                d.column,
                d.message
            ))
        })?;
    if rec.exercise.value != run.exercise {
        return Err(setup(format!(
            "`{}` records exercise `{}`, not `{}`; pass another --record",
            path.display(),
            rec.exercise.value,
            run.exercise
        )));
    }
    if rec.events.iter().any(|e| e.kind == EventKind::End) {
        return Err(setup(format!(
            "the run in `{}` has ended; score it with `irbook exercise score {}`, or pass --record NEW.yaml for a new run",
            path.display(),
            path.display()
        )));
    }
    for e in &rec.events {
        run.apply(e);
    }
    if let Some(e) = rec.events.last() {
        // The exercise went on in the room while the console was down.
        run.t_base = e.t;
        run.wall_base = e.wall;
    }
    run.file = Some(record::reopen(path, &text).map_err(Error::Setup)?);
    eprintln!(
        "Resuming the run in {} ({} events, clock at {}).",
        crate::check::report::shown_path(path),
        rec.events.len(),
        crate::exercise::score::clock(run.elapsed(record::wall_now()))
    );
    Ok(())
}

/// What the console accepts: its largest legitimate body is a note typed by the
/// facilitator, well under 64 KiB.
const LIMITS: http::Limits = http::Limits::local(64 * 1024);

/// Runs the console until interrupted.
pub(crate) fn run(opts: &RunOptions, checked: &Checked) -> Result<(), Error> {
    let run = prepare(opts, checked)?;
    let listen = |source| Error::Listen {
        addr: format!("127.0.0.1:{}", opts.port),
        source,
    };
    let listener = http::bind(IpAddr::V4(Ipv4Addr::LOCALHOST), opts.port).map_err(listen)?;
    let addr = listener.local_addr().map_err(listen)?;
    let shared = Arc::new(Shared {
        run: Mutex::new(run),
        token: token()?,
        addr,
    });
    let record = shared
        .run
        .lock()
        .map(|r| crate::check::report::shown_path(&r.path))
        .unwrap_or_default();
    // Write errors are ignored: a closed stdout must not stop a running exercise.
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "Projector (participants):  http://{addr}/\nFacilitator (keep private): http://{addr}/facilitator#{}\nRecord: {record}",
        shared.token
    );
    let _ = out.flush();
    drop(out);
    // Every change is on disk before it is answered, so Ctrl-C needs no clean-up.
    let _ = ctrlc::set_handler(|| std::process::exit(0));
    let site = http::Site {
        limits: LIMITS,
        csp: CSP,
        handler: Arc::new(move |req| {
            let shared = shared.clone();
            Box::pin(async move { handle(shared, req).await })
        }),
    };
    http::run(listener, site, Arc::new(tokio::sync::Notify::new())).map_err(Error::Stopped)
}

/// The console's pages use no inline style or script.
const CSP: &str = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

fn json(status: u16, body: String) -> Response {
    Response::json(status, body)
}

fn error(status: u16, msg: &str) -> Response {
    json(status, serde_json::json!({ "error": msg }).to_string())
}

/// Constant-time comparison, so the token cannot be guessed byte by byte from timings.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

const PROJECTOR_HTML: &str = include_str!("console/projector.html");
const FACILITATOR_HTML: &str = include_str!("console/facilitator.html");
const CONSOLE_JS: &str = include_str!("console/console.js");
const CONSOLE_CSS: &str = include_str!("console/console.css");

/// The projector's data: participant cards only.
fn projector_json(r: &Run) -> String {
    let card = r.current.and_then(|i| {
        let id = &r.guide.injects[i].card.id;
        r.cards.iter().find(|c| c.id == *id)
    });
    serde_json::to_string(&Projector {
        title: &r.guide.title,
        state: r.state(),
        elapsed: r.elapsed(record::wall_now()),
        total: r.guide.injects.len(),
        inject: card,
    })
    .unwrap_or_default()
}

async fn handle(shared: Arc<Shared>, req: Request) -> Response {
    let host_ok = req
        .header("Host")
        .is_some_and(|h| host_allowed(shared.addr, h.trim()));
    if !host_ok {
        return Response::text(403, "Forbidden: unknown Host\n");
    }
    let path = req.path().to_owned();
    let get = matches!(req.method, Method::GET | Method::HEAD);
    match path.as_str() {
        "/" if get => Response::new(200, "text/html; charset=utf-8", PROJECTOR_HTML),
        "/facilitator" if get => Response::new(200, "text/html; charset=utf-8", FACILITATOR_HTML),
        "/console.js" if get => Response::new(200, "text/javascript; charset=utf-8", CONSOLE_JS),
        "/console.css" if get => Response::new(200, "text/css; charset=utf-8", CONSOLE_CSS),
        "/api/projector" if req.method == Method::GET => match shared.run.lock() {
            Ok(r) => json(200, projector_json(&r)),
            Err(_) => json(500, "{}".into()),
        },
        p if p.starts_with("/api/") => {
            let authorised = req
                .header("X-Irbook-Token")
                .is_some_and(|t| same(t, &shared.token));
            if !authorised {
                return error(403, "the facilitator token is missing or wrong");
            }
            if req.method == Method::GET && p == "/api/facilitator" {
                return match shared.run.lock() {
                    Ok(r) => json(200, facilitator_json(&r)),
                    Err(_) => json(500, "{}".into()),
                };
            }
            if req.method != Method::POST {
                return error(405, "use POST");
            }
            let cmd: Command = if req.body.iter().all(u8::is_ascii_whitespace) {
                Command::default()
            } else {
                match serde_json::from_slice(&req.body) {
                    Ok(c) => c,
                    Err(e) => return error(400, &e.to_string()),
                }
            };
            // The body is read in full before the lock is taken, and the write and fsync
            // run off the thread that answers everyone else.
            let name = p["/api/".len()..].to_owned();
            let done = tokio::task::spawn_blocking(move || {
                let mut r = shared.run.lock().map_err(|_| (500, "{}".to_owned()))?;
                let result = command(&mut r, &name, cmd);
                Ok::<_, (u16, String)>((result, facilitator_json(&r)))
            })
            .await;
            match done {
                Ok(Ok((Ok(()), body))) => json(200, body),
                Ok(Ok((Err((status, msg)), _))) => error(status, &msg),
                Ok(Err((status, msg))) => error(status, &msg),
                Err(_) => error(500, "the command failed"),
            }
        }
        _ if get => Response::text(404, "Not found\n"),
        _ => Response::text(405, "Method not allowed\n"),
    }
}

fn facilitator_json(r: &Run) -> String {
    serde_json::to_string(&Facilitator {
        title: &r.guide.title,
        state: r.state(),
        elapsed: r.elapsed(record::wall_now()),
        record: r.path.display().to_string(),
        evaluator: &r.evaluator.1,
        current: r.current,
        injects: &r.guide.injects,
        given: r.given.iter().map(|(_, i)| *i).collect(),
        marks: &r.marks,
        notes: &r.notes,
        objectives: &r.guide.objectives,
    })
    .unwrap_or_default()
}

/// Carries out one facilitator command, logging it first.
fn command(r: &mut Run, name: &str, cmd: Command) -> Result<(), (u16, String)> {
    let now = record::wall_now();
    let conflict = |m: &str| Err((409, m.to_owned()));
    let bad = |m: String| Err((400, m));
    let write = |r: &mut Run, e: Event| r.log(e).map_err(|m| (500, m));
    if r.ended {
        return conflict("the run has ended");
    }
    match name {
        "start" => {
            if r.started {
                return conflict("the run has already started");
            }
            write(r, r.event(EventKind::Start, now))?;
            let mut e = r.event(EventKind::Inject, now);
            e.inject = r
                .guide
                .injects
                .first()
                .map(|i| At::unplaced(i.card.id.clone()));
            if e.inject.is_some() {
                write(r, e)?;
            }
            Ok(())
        }
        _ if !r.started => conflict("start the run first"),
        "advance" => {
            let target = match &cmd.inject {
                Some(id) => match Id::parse(id).ok().and_then(|i| r.inject_index(&i)) {
                    Some(i) => i,
                    None => return bad(format!("no inject `{id}`")),
                },
                None => match r.current.map_or(0, |c| c + 1) {
                    n if n < r.guide.injects.len() => n,
                    _ => return conflict("this was the last inject; end the run"),
                },
            };
            let mut e = r.event(EventKind::Inject, now);
            e.inject = Some(At::unplaced(r.guide.injects[target].card.id.clone()));
            write(r, e)
        }
        "mark" => {
            let (Some(a), Some(outcome)) = (&cmd.action, cmd.outcome) else {
                return bad("a mark needs `action` and `outcome`".into());
            };
            let known = r
                .guide
                .injects
                .iter()
                .flat_map(|i| &i.expected)
                .any(|x| x.id.as_str() == a);
            if !known {
                return bad(format!("no expected action `{a}`"));
            }
            let mut e = r.event(EventKind::Mark, now);
            e.action = Id::parse(a).ok().map(At::unplaced);
            e.outcome = Some(outcome);
            e.note = cmd.note.filter(|n| !n.trim().is_empty());
            write(r, e)
        }
        "note" => {
            let Some(text) = cmd.note.filter(|n| !n.trim().is_empty()) else {
                return bad("a note needs text".into());
            };
            let mut e = r.event(EventKind::Note, now);
            e.note = Some(text);
            e.inject = r
                .current
                .map(|i| At::unplaced(r.guide.injects[i].card.id.clone()));
            write(r, e)
        }
        "pause" if r.running => write(r, r.event(EventKind::Pause, now)),
        "resume" if !r.running => write(r, r.event(EventKind::Resume, now)),
        "pause" | "resume" => conflict("the clock is already in that state"),
        "end" => write(r, r.event(EventKind::End, now)),
        _ => Err((404, format!("no command `{name}`"))),
    }
}
