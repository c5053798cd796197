//! An exercise run's timeline: each expected action's window and when it was done.

use super::layout::{MARGIN, MAX_WIDTH};
use super::svg::open;
use super::text::{Style, esc, wrap};
use crate::edition::view::exercises::{ReportAction, ReportView};
use crate::exercise::score::Timeliness;
use crate::model::exercise::Outcome;
use std::fmt::Write as _;

/// Width of the action labels on the left.
const LABEL: i32 = 330;
/// Width of the status words on the right.
const STATUS: i32 = 110;
/// Height of one action's row.
const ROW: i32 = 26;
/// Top of the first row, below the axis.
const TOP: i32 = 34;

/// What the diagram calls an action that was not done, and one nobody saw (a run) or that
/// did not apply (an incident).
struct Words {
    not_met: &'static str,
    not_observed: &'static str,
    /// Labels start with the inject's number (a review's steps all follow one moment).
    numbered: bool,
}

/// An exercise run's words.
const RUN: Words = Words {
    not_met: "not met",
    not_observed: "not observed",
    numbered: true,
};

/// A real incident's words.
const INCIDENT: Words = Words {
    not_met: "not done",
    not_observed: "did not apply",
    numbered: false,
};

/// The exercise clock mapped onto the plot: `end` seconds across `plot` pixels.
struct Scale {
    end: u64,
    plot: i32,
}

impl Scale {
    /// The x of `secs` on the exercise clock.
    fn x(&self, secs: u64) -> i32 {
        MARGIN + LABEL + (i64::from(self.plot) * secs as i64 / self.end as i64) as i32
    }
}

/// The timeline of a run: per expected action, the window the script allows after its
/// inject (a dashed bar) and when it was done (a filled dot on time, a hollow diamond
/// late), or a word when it was not met or not observed. Words next to every mark carry
/// the meaning, so it reads in black and white.
pub(crate) fn exercise_timeline(r: &ReportView) -> String {
    timeline(
        r,
        &format!("Timeline of the {} run: expected and actual times", r.date),
        "on the exercise clock",
        &RUN,
    )
}

/// The timeline of a real incident's review: each expected step and when it was done,
/// on a clock that starts at detection.
pub(crate) fn incident_timeline(r: &ReportView) -> String {
    timeline(
        r,
        &format!(
            "Timeline of incident {}: each expected step and when it was done",
            r.exercise
        ),
        "counted from detection",
        &INCIDENT,
    )
}

/// The timeline of `r` titled `title`, its text alternative saying where its clock runs.
fn timeline(r: &ReportView, title: &str, clock_words: &str, words: &Words) -> String {
    let plot = MAX_WIDTH - LABEL - STATUS - 2 * MARGIN;
    let end = r
        .actions
        .iter()
        .map(|a| {
            let window = a.score.target_minutes.map_or(0, |m| u64::from(m) * 60);
            a.inject_at_secs + window.max(a.score.elapsed_secs.unwrap_or(0))
        })
        .chain(std::iter::once(r.duration_secs))
        .max()
        .unwrap_or(60)
        .max(60);
    // A round scale: ticks every 5, 10, 15, 30 or 60 minutes, about eight of them.
    // (An exercise's clock stays under 72 hours, where the choice is what it always was;
    // a real incident's days get ticks every 12 hours, a day or two.)
    let step = [5u64, 10, 15, 30, 60, 120, 240, 480, 720, 1440]
        .into_iter()
        .find(|s| end / 60 / s <= 8)
        .unwrap_or(2880);
    let end = end.div_ceil(step * 60) * step * 60;
    let scale = Scale { end, plot };
    let h = TOP + ROW * r.actions.len() as i32 + 2 * MARGIN;
    let mut out = String::new();
    open(
        &mut out,
        &format!("timeline-{}", r.date),
        "timeline",
        MAX_WIDTH,
        h,
        title,
        &describe(r, clock_words, words),
    );
    // Axis with minute ticks.
    let _ = write!(
        out,
        r#"<g font-size="12"><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor"/>"#,
        scale.x(0),
        TOP - 8,
        scale.x(end),
        TOP - 8
    );
    let mut t = 0;
    while t <= end {
        let _ = write!(
            out,
            r#"<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="currentColor" stroke-opacity=".25"/><text x="{0}" y="{3}" text-anchor="middle">{4}</text>"#,
            scale.x(t),
            TOP - 8,
            h - MARGIN,
            TOP - 14,
            crate::exercise::score::clock(t)
        );
        t += step * 60;
    }
    out.push_str("</g>");
    for (n, a) in r.actions.iter().enumerate() {
        action_row(&mut out, &scale, TOP + ROW * n as i32, a, words);
    }
    out.push_str("</svg>");
    out
}

/// The text alternative: how many actions were done, and each one's outcome.
fn describe(r: &ReportView, clock_words: &str, words: &Words) -> String {
    let done = r
        .actions
        .iter()
        .filter(|a| a.score.outcome == Outcome::Met)
        .count();
    format!(
        "{} expected actions {clock_words}, {done} done. {}",
        r.actions.len(),
        r.actions
            .iter()
            .map(|a| {
                let state = match (a.score.outcome, a.score.timeliness) {
                    (Outcome::Met, Timeliness::Late) => "done late",
                    (Outcome::Met, _) => "done",
                    (Outcome::NotMet, _) => words.not_met,
                    (Outcome::NotObserved, _) if !a.score.played => "not played",
                    (Outcome::NotObserved, _) => words.not_observed,
                };
                format!(
                    "{}: {state}{}{}.",
                    a.score.what,
                    a.elapsed
                        .as_ref()
                        .map_or(String::new(), |e| format!(" after {e}")),
                    a.target
                        .as_ref()
                        .map_or(String::new(), |t| format!(", target {t}"))
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    )
}

/// Draws one action's row with its top at `y`: its label, the inject, the window and
/// when it was done, and the status in words.
fn action_row(out: &mut String, scale: &Scale, y: i32, a: &ReportAction, words: &Words) {
    let mid = y + ROW / 2;
    let text = if words.numbered {
        format!("{}. {}", a.inject_number, a.score.what)
    } else {
        a.score.what.clone()
    };
    let label = wrap(&text, Style::Note, LABEL - 12, 1).join(" ");
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" font-size="12">{}</text>"#,
        MARGIN,
        mid + 4,
        esc(&label)
    );
    let start = a.inject_at_secs;
    let _ = write!(
        out,
        r#"<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="currentColor" stroke-width="2"/>"#,
        scale.x(start),
        mid - 7,
        mid + 7
    );
    if let Some(m) = a.score.target_minutes {
        let _ = write!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="10" fill="none" stroke="currentColor" stroke-dasharray="4 3"/>"#,
            scale.x(start),
            mid - 5,
            (scale.x(start + u64::from(m) * 60) - scale.x(start)).max(1)
        );
    }
    let status = match (a.score.outcome, a.score.timeliness, a.score.elapsed_secs) {
        (Outcome::Met, tl, Some(e)) => {
            let cx = scale.x(start + e);
            if tl == Timeliness::Late {
                let _ = write!(
                    out,
                    r#"<path d="M{cx} {} l6 6 l-6 6 l-6 -6 z" fill="none" stroke="currentColor" stroke-width="2"/>"#,
                    mid - 6
                );
                format!("late ({})", a.elapsed.clone().unwrap_or_default())
            } else {
                let _ = write!(out, r#"<circle cx="{cx}" cy="{mid}" r="5"/>"#);
                format!("on time ({})", a.elapsed.clone().unwrap_or_default())
            }
        }
        (Outcome::Met, _, None) => "done, not timed".into(),
        (Outcome::NotMet, _, _) => words.not_met.into(),
        (Outcome::NotObserved, _, _) if !a.score.played => "not played".into(),
        (Outcome::NotObserved, _, _) => words.not_observed.into(),
    };
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" font-size="12">{}</text>"#,
        MAX_WIDTH - STATUS - MARGIN + 6,
        mid + 4,
        esc(&status)
    );
}
