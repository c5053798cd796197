//! What `irbook exercise list | score | report` do.

use super::super::{Error, checked};
use crate::check::report;
use crate::exercise::refs;
use crate::exercise::score::{self, Deadlines, Score, Timeliness, clock};
use crate::model::exercise::Outcome;
use crate::pipeline::{self, Checked, Project};
use crate::render::standalone::{self, Links};
use crate::write::file::{Own, REPORT_MARK, replace_own};
use std::path::{Path, PathBuf};

fn bad_path(m: String) -> Error {
    Error::BadPath(m)
}

/// The project folder a record file belongs to: the nearest folder above it with irbook.yaml.
pub(in crate::cmd) fn project_of(record: &Path) -> Result<PathBuf, Error> {
    let shown = report::shown_path(record);
    let abs = std::path::absolute(record).map_err(|e| bad_path(format!("{shown}: {e}")))?;
    if !abs.is_file() {
        return Err(bad_path(format!("no record file `{shown}`")));
    }
    abs.ancestors()
        .skip(1)
        .find(|d| d.join("irbook.yaml").is_file())
        .map(Path::to_owned)
        .ok_or_else(|| {
            bad_path(format!(
                "`{shown}` is not inside an irbook project (no irbook.yaml above it)"
            ))
        })
}

/// Scores the record at `record` (a path to its file).
pub(super) fn score_record(record: &Path) -> Result<(Project, Checked, usize, Score), Error> {
    let root = project_of(record)?;
    let (project, p) = checked(&root)?;
    let abs = std::path::absolute(record).unwrap_or_else(|_| record.to_owned());
    let s = &p.scheme;
    let Some(i) = s.records.iter().position(|r| root.join(&r.file) == abs) else {
        return Err(bad_path(format!(
            "`{}` is not a record: records live in exercises/records/*.yaml",
            report::shown_path(record)
        )));
    };
    let rec = &s.records[i];
    let ex = s
        .exercises
        .iter()
        .find(|e| e.data.id.value == rec.data.exercise.value)
        .ok_or_else(|| Error::Refused("the record's exercise does not exist".into()))?;
    let sc = score::score(
        &ex.data,
        &rec.data,
        &Deadlines::of(s),
        refs::bands(s, &ex.data),
    );
    Ok((project, p, i, sc))
}

fn pct(p: Option<f64>) -> String {
    p.map_or(String::new(), |p| format!(" ({p}%)"))
}

/// The score as text for a terminal.
pub(super) fn score_text(s: &Score, record_file: &str) -> String {
    use std::fmt::Write as _;
    let mut o = String::new();
    let _ = writeln!(o, "{} · run of {} · {record_file}", s.title, s.date);
    let _ = writeln!(o);
    summary_text(&mut o, s);
    let _ = writeln!(o);
    objectives_text(&mut o, s);
    let _ = writeln!(o);
    actions_text(&mut o, s);
    let _ = writeln!(o);
    clocks_text(&mut o, s, "story time from the start of the scenario");
    let _ = writeln!(o);
    plan_text(&mut o, s);
    o
}

/// The shares (coverage, performance, points, on time) and what was not observed or played.
fn summary_text(o: &mut String, s: &Score) {
    use std::fmt::Write as _;
    let _ = writeln!(
        o,
        "  coverage     {} of {} expected actions evaluated{}",
        s.coverage.count,
        s.coverage.of,
        pct(s.coverage.percent)
    );
    let _ = writeln!(
        o,
        "  performance  {} of {} evaluated actions met{}",
        s.performance.count,
        s.performance.of,
        pct(s.performance.percent)
    );
    let _ = writeln!(o, "  points       {} of {}", s.points.count, s.points.of);
    let _ = writeln!(
        o,
        "  on time      {} of {} timed actions{}",
        s.on_time.count,
        s.on_time.of,
        pct(s.on_time.percent)
    );
    let ids = |v: &[crate::model::Id]| v.iter().map(|i| i.as_str()).collect::<Vec<_>>().join(", ");
    let _ = writeln!(
        o,
        "  not observed {} (never a fail){}",
        s.not_observed.len(),
        if s.not_observed.is_empty() {
            String::new()
        } else {
            format!(": {}", ids(&s.not_observed))
        }
    );
    if !s.not_played.is_empty() {
        let _ = writeln!(
            o,
            "  not played   {} (their inject was skipped): {}",
            s.not_played.len(),
            ids(&s.not_played)
        );
    }
    if !s.injects_without_actions.is_empty() {
        let _ = writeln!(
            o,
            "  injects expecting no action: {}",
            ids(&s.injects_without_actions)
        );
    }
}

/// Each objective with its rating, the evaluators' ratings and whether they agree.
fn objectives_text(o: &mut String, s: &Score) {
    use std::fmt::Write as _;
    let _ = writeln!(
        o,
        "Objectives (P >= {}%, S >= {}%, M >= {}%, else U)",
        s.bands.performed, s.bands.some_challenges, s.bands.major_challenges
    );
    for ob in &s.objectives {
        let r = ob.rating.map_or("-".to_owned(), |r| format!("{r:?}"));
        let _ = writeln!(
            o,
            "  {r}  {:<24} {} of {} met · {}",
            ob.id.as_str(),
            ob.met.count,
            ob.met.of,
            ob.basis
        );
        for g in &ob.given {
            let _ = writeln!(
                o,
                "       {} rated {:?}: {}",
                g.name, g.rating, g.justification
            );
        }
        if ob.agreement == Some(false) {
            let _ = writeln!(
                o,
                "       the evaluators disagree; the worst rating is used"
            );
        }
    }
}

/// Each expected action of the injects played: outcome, timeliness, points and timing.
fn actions_text(o: &mut String, s: &Score) {
    use std::fmt::Write as _;
    let _ = writeln!(o, "Actions");
    for a in s.actions.iter().filter(|a| a.played) {
        let outcome = match a.outcome {
            Outcome::Met => "met",
            Outcome::NotMet => "NOT MET",
            Outcome::NotObserved => "not observed",
        };
        let time = match a.timeliness {
            Timeliness::OnTime => "on time",
            Timeliness::Late => "LATE",
            Timeliness::NotTimed => "not timed",
            Timeliness::NoTarget => "no target",
            Timeliness::NotApplicable => "",
        };
        let mut when = a.elapsed_secs.map(clock).unwrap_or_default();
        if let Some(t) = a.target_words() {
            when.push_str(&format!(" / target {t}"));
        }
        if let Some(d) = &a.scheme_deadline {
            when.push_str(&format!(" / {}: {}", d.source, d.limit));
            if let Some(e) = d.scenario_elapsed_secs {
                when.push_str(&format!(" (story time {})", clock(e)));
            }
        }
        let _ = writeln!(
            o,
            "  {:<13} {:<9} {:>2}/{:<2} {:<24} {}{}",
            outcome,
            time,
            a.earned,
            a.points,
            a.id.as_str(),
            when.trim_start_matches(" / "),
            a.step
                .as_ref()
                .or(a.page.as_ref())
                .map_or(String::new(), |s| format!("  [{s}]"))
        );
        if let Some(d) = &a.dispute {
            let _ = writeln!(
                o,
                "                evaluators disagree: {d}; the worst outcome seen is used"
            );
        }
    }
}

/// Width the score's text keeps to.
const WIDTH: usize = 100;

/// `line` wrapped at spaces to [`WIDTH`] columns, later lines indented by `indent`.
fn wrapped(line: &str, indent: usize) -> String {
    let body = line.trim_start_matches(' ');
    let mut out = String::new();
    let mut cur = line[..line.len() - body.len()].to_owned();
    let mut empty = true;
    for word in body.split(' ') {
        if !empty && cur.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(cur.trim_end());
            out.push('\n');
            cur = " ".repeat(indent);
            empty = true;
        }
        if !empty {
            cur.push(' ');
        }
        cur.push_str(word);
        empty = false;
    }
    out.push_str(cur.trim_end());
    out.push('\n');
    out
}

/// Each notification clock of the obligations that apply: what, to whom, the deadline in
/// its own words, when it started and fell due (story time and wall time), what met it,
/// and how it ended.
pub(in crate::cmd) fn clocks_text(o: &mut String, s: &Score, story: &str) {
    use std::fmt::Write as _;
    let _ = writeln!(o, "Clocks (wall times in {}; T+ is {story})", s.timezone);
    if s.clocks.is_empty() {
        let _ = writeln!(
            o,
            "  no notification obligation applies to this exercise's facts"
        );
        return;
    }
    let _ = writeln!(
        o,
        "  {} stage deadline{}: {}",
        s.clocks.len(),
        if s.clocks.len() == 1 { "" } else { "s" },
        clock_tally(s).join(", ")
    );
    let pad = " ".repeat(15);
    let names = s
        .clocks
        .iter()
        .flat_map(|c| [c.anchor.as_deref(), c.done_by.as_ref().map(|a| a.as_str())])
        .flatten()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(0)
        .min(24);
    let at = |what: &str, secs: u64, wall: Option<&String>| {
        format!(
            "{what:<names$}  {:<10} {}",
            format!("T+{}", clock(secs)),
            wall.map_or("", |w| w.as_str())
        )
    };
    for c in &s.clocks {
        let mut lines = vec![format!("  {:<12} {}", c.status.label(), c.title)];
        lines.push(if c.from_party {
            format!(
                "{pad}tell {} (reporting_deadline in contacts.yaml)",
                c.party_name
            )
        } else {
            format!(
                "{pad}tell {}: {} (stage `{}`)",
                c.party_name, c.stage_title, c.stage
            )
        });
        lines.push(format!("{pad}deadline  {}", c.deadline));
        lines.push(match (&c.anchor, c.from_secs) {
            (Some(a), Some(t)) => format!("{pad}from      {}", at(a, t, c.from_wall.as_ref())),
            _ => format!("{pad}from      not known"),
        });
        lines.push(match c.due_secs {
            Some(t) => format!("{pad}due       {}", at("", t, c.due_wall.as_ref())),
            None => format!(
                "{pad}due       not known: it needs {}",
                c.needs
                    .as_deref()
                    .unwrap_or("a moment the story does not give")
            ),
        });
        let played = |a: &crate::model::Id| s.actions.iter().any(|x| x.id == *a && x.played);
        lines.push(format!("{pad}done      {}", done_text(c, &played, &at)));
        for l in lines {
            o.push_str(&wrapped(&l, 25));
        }
    }
}

/// How many clocks ended in each way, as "N on time" and so on, the ways none ended left out.
fn clock_tally(s: &Score) -> Vec<String> {
    use crate::exercise::clocks::ClockStatus;
    let count = |st: ClockStatus| s.clocks.iter().filter(|c| c.status == st).count();
    [
        ClockStatus::OnTime,
        ClockStatus::Late,
        ClockStatus::Missed,
        ClockStatus::NotReached,
        ClockStatus::Unknown,
    ]
    .into_iter()
    .filter(|st| count(*st) > 0)
    .map(|st| format!("{} {}", count(st), st.label()))
    .collect()
}

/// The `done` line of a clock: when and by which action it was met, or why not.
fn done_text(
    c: &crate::exercise::clocks::ClockScore,
    played: &dyn Fn(&crate::model::Id) -> bool,
    at: &dyn Fn(&str, u64, Option<&String>) -> String,
) -> String {
    let Some(action) = &c.done_by else {
        return "not done: no expected action carries out this stage".into();
    };
    match (c.outcome, c.done_secs) {
        (Some(Outcome::Met), Some(t)) => {
            let margin = match c.due_secs {
                Some(d) if t <= d => format!(" ({} to spare)", clock(d - t)),
                Some(d) => format!(" ({} after the due time)", clock(t - d)),
                None => String::new(),
            };
            format!("{}{margin}", at(action.as_str(), t, c.done_wall.as_ref()))
        }
        (Some(Outcome::Met), None) => format!("{action}: met, but nobody recorded when"),
        (Some(Outcome::NotMet), _) => format!("not done: {action} was not met"),
        _ if !played(action) => format!("not done: the inject of {action} was not played"),
        _ => format!("not seen: {action} was not observed"),
    }
}

/// The improvement plan, one line per item.
pub(in crate::cmd) fn plan_text(o: &mut String, s: &Score) {
    use std::fmt::Write as _;
    let _ = writeln!(o, "Improvement plan ({} items)", s.plan.len());
    for p in &s.plan {
        let _ = writeln!(
            o,
            "  - [{}] {}: {} -> {} ({}, {:?}, due {})",
            if p.agreed {
                serde_json::to_value(p.status)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            } else {
                "proposed".into()
            },
            p.capability,
            p.area_for_improvement,
            p.corrective_action,
            p.responsible,
            p.element,
            p.due
        );
    }
}

/// `irbook exercise list`: every exercise with its size and runs.
pub(super) fn list(root: &Path) -> Result<String, Error> {
    use std::fmt::Write as _;
    let (_, p) = checked(root)?;
    let s = &p.scheme;
    let mut o = String::new();
    if s.exercises.is_empty() {
        return Ok("No exercises yet: write one with `irbook new exercise ID`.\n".into());
    }
    let d = Deadlines::of(s);
    for e in &s.exercises {
        let ex = &e.data;
        let actions: usize = ex.injects.iter().map(|i| i.expected.len()).sum();
        let runs: Vec<&crate::model::Doc<crate::model::exercise::Record>> = s
            .records
            .iter()
            .filter(|r| r.data.exercise.value == ex.id.value)
            .collect();
        let last = runs.iter().max_by_key(|r| r.data.date.value);
        let _ = writeln!(o, "{:<32} {}", ex.id.value.as_str(), ex.title);
        let _ = write!(
            o,
            "{:<32} {} · {} objectives · {} injects · {} actions · {} run(s)",
            "",
            ex.duration.value,
            ex.objectives.len(),
            ex.injects.len(),
            actions,
            runs.len()
        );
        if let Some(r) = last {
            let sc = score::score(ex, &r.data, &d, refs::bands(s, ex));
            let ratings: Vec<String> = sc
                .objectives
                .iter()
                .map(|o| o.rating.map_or("-".into(), |r| format!("{r:?}")))
                .collect();
            let _ = write!(
                o,
                " · last {} rated {}",
                r.data.date.value,
                ratings.join(" ")
            );
        }
        let _ = writeln!(o);
        let _ = writeln!(o, "{:<32} {}", "", e.file);
    }
    Ok(o)
}

/// `irbook exercise report RECORD`: the record's after-action report as one self-contained
/// HTML file: the site's page for the key audience in the theme's standalone layout (no
/// navigation or search), style sheet inlined, links to the site pointing at `base_url`
/// or, without one, turned into text. The file is replaced only when it is a report irbook
/// wrote earlier, or with `force`.
pub(super) fn report(
    record: &Path,
    out: Option<PathBuf>,
    force: bool,
) -> Result<(PathBuf, String), Error> {
    let (project, p, i, _) = score_record(record)?;
    let s = &p.scheme;
    let key = refs::key_rank(s, &p.idx);
    let edition = p
        .idx
        .audiences
        .get(key)
        .map(|a| a.to_string())
        .unwrap_or_default();
    let rec = &s.records[i];
    let published = published_at(s.config.data.base_url.as_deref(), &edition)?;
    let path = crate::model::routes::report(&rec.data.exercise.value, &rec.file);
    let (page, css) = match pipeline::exercise_page(&project, &p, key, &path) {
        Ok(found) => found,
        Err(errors) if errors.is_empty() => {
            return Err(Error::Refused(format!(
                "the `{edition}` edition has no page `{path}` to report from"
            )));
        }
        Err(errors) => {
            report::eprint_all(&errors, &p.loaded);
            return Err(Error::Sources("the report stopped on errors"));
        }
    };
    let css = String::from_utf8_lossy(&css);
    let html = String::from_utf8_lossy(&page);
    let root = "../".repeat(path.matches('/').count());
    let link = format!("<link rel=\"stylesheet\" href=\"{root}assets/style.css\">");
    // `</style` cannot occur in our own style sheet, but a theme's could: keep it inert.
    let inline = format!("<style>{}</style>", css.replace("</style", "<\\/style"));
    let html = html.replacen(&link, &inline, 1);
    let links = match &published {
        Some(address) => Links::Published(address),
        None => Links::Text,
    };
    let html = mark_report(&standalone::detach(&html, &path, links));
    let out = out.unwrap_or_else(|| {
        let stem = Path::new(&rec.file)
            .file_stem()
            .map_or("record".into(), |s| s.to_string_lossy().into_owned());
        PathBuf::from(format!("{stem}-report.html"))
    });
    replace_own(&out, html.as_bytes(), Own::Report, force).map_err(super::super::replace_failed)?;
    Ok((out, format!("{edition}/{path}")))
}

/// Where the edition `edition` is published: `<base_url><edition>/`, `base_url` being the
/// address of the folder that holds every edition. `None` without a `base_url`; an error
/// for one that is not an http or https address, which no link may lead to.
fn published_at(base_url: Option<&str>, edition: &str) -> Result<Option<String>, Error> {
    let Some(base) = base_url.map(str::trim) else {
        return Ok(None);
    };
    let lower = base.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Err(Error::Refused(format!(
            "`base_url: {base}` in irbook.yaml is not an http or https address, so the report cannot link to the site there: write the address the built site is published at (e.g. https://intranet.example/security/), or remove base_url to have the links written as text"
        )));
    }
    let slash = if base.ends_with('/') { "" } else { "/" };
    Ok(Some(format!("{base}{slash}{edition}/")))
}

/// `html` with [`REPORT_MARK`] after its doctype (or first, without one), so that the next
/// report recognises this file as one it may replace.
fn mark_report(html: &str) -> String {
    let doctype = html
        .get(..9)
        .is_some_and(|s| s.eq_ignore_ascii_case("<!doctype"));
    match html.find('\n').filter(|_| doctype) {
        Some(i) => format!("{}\n{REPORT_MARK}{}", &html[..i], &html[i..]),
        None => format!("{REPORT_MARK}\n{html}"),
    }
}
