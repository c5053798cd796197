//! `irbook incident review RECORD`: a real incident's timeline judged against its
//! playbooks and the scheme's clocks, by the exercise scoring.

use super::exercise::tasks::{clocks_text, plan_text, project_of};
use super::{Error, checked};
use crate::check::report;
use crate::exercise::incident::{self, Origin, Review};
use crate::exercise::score::{Deadlines, Score, Timeliness, clock};
use crate::model::exercise::Outcome;
use crate::model::incident::Incident;
use serde::Serialize;
use std::path::PathBuf;

/// Arguments of `irbook incident`.
#[derive(clap::Args)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: IncidentCommand,
}

/// The incident subcommands.
#[derive(clap::Subcommand)]
pub enum IncidentCommand {
    /// Review a real incident from its record: which playbook steps were done, late or not
    /// done, the notification clocks, and the improvement items.
    Review {
        /// The record file, e.g. incidents/records/2026-014-mailbox.yaml.
        record: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = super::exercise::ScoreFormat::Human)]
        format: super::exercise::ScoreFormat,
    },
}

/// What `--format json` prints: the incident's own fields and the score of its reading as
/// a run (the same shape as `irbook exercise score --format json`).
#[derive(Serialize)]
struct Json<'a> {
    incident: &'a crate::model::Id,
    title: &'a str,
    record: &'a str,
    detected: &'a str,
    aware: &'a str,
    closed: &'a str,
    root_cause: Option<&'a str>,
    contributing_factors: Vec<&'a str>,
    score: &'a Score,
}

/// Runs one incident subcommand.
pub fn run(a: Args) -> Result<(), Error> {
    let IncidentCommand::Review { record, format } = a.command;
    let root = project_of(&record)?;
    let (_, p) = checked(&root)?;
    let s = &p.scheme;
    let abs = std::path::absolute(&record).unwrap_or_else(|_| record.clone());
    let Some(doc) = s.incidents.iter().find(|r| root.join(&r.file) == abs) else {
        return Err(Error::BadPath(format!(
            "`{}` is not an incident record: they live in incidents/records/*.yaml",
            report::shown_path(&record)
        )));
    };
    let review = incident::review(s, &p.idx, &doc.data, &Deadlines::of(s), &incident::ALL);
    let inc = &doc.data;
    match format {
        super::exercise::ScoreFormat::Json => {
            let j = Json {
                incident: &inc.id.value,
                title: &inc.title,
                record: &doc.file,
                detected: &inc.detected.value,
                aware: &inc.aware.value,
                closed: &inc.closed.value,
                root_cause: inc.root_cause.as_ref().map(|t| t.value.as_str()),
                contributing_factors: inc
                    .contributing_factors
                    .iter()
                    .map(|c| c.value.as_str())
                    .collect(),
                score: &review.score,
            };
            super::print(serde_json::to_string_pretty(&j).unwrap_or_default() + "\n")
        }
        super::exercise::ScoreFormat::Human => super::print(text(inc, &doc.file, &review)),
    }
}

/// A step's state in words, failures in capitals so they stand out without colour.
pub(crate) fn state(outcome: Outcome, timeliness: Timeliness) -> &'static str {
    match (outcome, timeliness) {
        (Outcome::Met, Timeliness::Late) => "DONE LATE",
        (Outcome::Met, _) => "done",
        (Outcome::NotMet, _) => "NOT DONE",
        (Outcome::NotObserved, _) => "did not apply",
    }
}

/// The review as text for a terminal.
fn text(inc: &Incident, file: &str, r: &Review) -> String {
    use std::fmt::Write as _;
    let s = &r.score;
    let mut o = String::new();
    let _ = writeln!(o, "{} · incident {} · {file}", inc.title, inc.id.value);
    let _ = writeln!(
        o,
        "  detected {} · aware {}{} · closed {}",
        inc.detected.value,
        inc.aware.value,
        inc.classified
            .as_ref()
            .map_or(String::new(), |c| format!(" · classified {}", c.value)),
        inc.closed.value
    );
    let _ = writeln!(o);
    let count = |st: &str| {
        s.actions
            .iter()
            .filter(|a| state(a.outcome, a.timeliness) == st)
            .count()
    };
    let _ = writeln!(
        o,
        "Steps and notices ({} expected: {} done on time or without a deadline, {} done late, {} not done, {} did not apply)",
        s.actions.len(),
        count("done"),
        count("DONE LATE"),
        count("NOT DONE"),
        count("did not apply")
    );
    for a in &s.actions {
        let origin = r.adapted.origins.get(&a.id);
        let reference = match origin {
            Some(Origin::Step(x)) | Some(Origin::Notice(x, _)) => x.clone(),
            _ => "timeline".into(),
        };
        let mut when = a
            .elapsed_secs
            .map_or(String::new(), |e| format!("T+{}", clock(e)));
        if let Some(t) = a.target_minutes {
            let _ = write!(
                when,
                " / within {} of detection (step target)",
                crate::model::Minutes(t)
            );
        }
        if let Some(d) = &a.scheme_deadline {
            let _ = write!(when, " / {}: {}", d.source, d.limit);
        }
        let _ = writeln!(o, "  {:<13} {reference}", state(a.outcome, a.timeliness));
        let _ = writeln!(o, "  {:<13} {}", "", a.what);
        if !when.is_empty() {
            let _ = writeln!(o, "  {:<13} {}", "", when.trim_start_matches(" / "));
        }
    }
    let _ = writeln!(o);
    clocks_text(&mut o, s, "time since detection");
    let _ = writeln!(o);
    if let Some(rc) = &inc.root_cause {
        let _ = writeln!(o, "Root cause");
        let _ = writeln!(o, "  {}", rc.value.trim().replace('\n', "\n  "));
        let _ = writeln!(o);
    }
    if !inc.contributing_factors.is_empty() {
        let _ = writeln!(o, "Contributing factors");
        for c in &inc.contributing_factors {
            let _ = writeln!(o, "  - {}", c.value);
        }
        let _ = writeln!(o);
    }
    plan_text(&mut o, s);
    o
}
