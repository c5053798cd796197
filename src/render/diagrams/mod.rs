//! Diagrams as inline SVG, generated at build time from the edition's view.
//!
//! Shapes and text only: no script, font or image, so the site stays self-contained.
//! Everything is drawn in `currentColor`, so the diagrams follow the page's light, dark
//! and print colours, and meaning is carried by words, line styles and shapes, never by
//! colour alone, so a black-and-white print reads the same. There are no font metrics at
//! build time: text widths are estimated per character, generously, so labels wrap
//! before they would overflow their boxes. Every box and row is sized to its content.

mod layout;
mod svg;
mod text;

use crate::edition::view::{CallTreeLevel, LifecycleView, PlaybookView};
use layout::{Block, Frame, GAP, HANG, Line, MARGIN, MAX_WIDTH, Mark, NUMBER, PAD};
use std::fmt::Write as _;
use svg::{arrow, block, flow, open};
use text::{Style, count, esc, longest_word, ref_name, ref_style, wrap};

/// Most page titles listed in one lifecycle phase; the rest are counted.
const LIFECYCLE_ITEMS: usize = 6;

/// The plan-do-check-act stage of each lifecycle phase, by anchor.
const CYCLE: [(&str, &str); 4] = [
    ("phase-plan", "PLAN"),
    ("phase-use", "DO"),
    ("phase-review", "CHECK"),
    ("phase-improve", "ACT"),
];

/// The incident management lifecycle with the scheme's pages placed on it.
pub fn lifecycle(phases: &[LifecycleView]) -> String {
    if phases.is_empty() {
        return String::new();
    }
    const BW: i32 = 330;
    const G: i32 = 56;
    let stage = |p: &LifecycleView| CYCLE.iter().find(|(a, _)| *a == p.anchor).map(|s| s.1);
    let (cycle, extra): (Vec<&LifecycleView>, Vec<&LifecycleView>) =
        phases.iter().partition(|p| stage(p).is_some());
    let cycle: Vec<&LifecycleView> = cycle.into_iter().take(4).collect();

    let mut desc = String::from(
        "The incident management lifecycle, a continual cycle of plan, do, check and act, with the scheme's pages in each phase.",
    );
    let make = |p: &LifecycleView, n: Option<usize>, width: i32, desc: &mut String| -> Block {
        let tag = stage(p);
        let empty = p.pages.is_empty();
        let mut b = Block::new(width, if empty { Frame::Dashed } else { Frame::Plain });
        let heading = match n {
            Some(n) => format!("{n}. {}", p.label),
            None => p.label.to_owned(),
        };
        // The stage tag sits at the heading's right, so the heading wraps short of it.
        let tag_w = tag.map_or(0, |t| t.len() as i32 * 9 + 8);
        for t in wrap(&heading, Style::Head, b.inner - tag_w, 2) {
            b.lines.push(Line {
                text: t,
                style: Style::Head,
                mark: Mark::None,
            });
        }
        let _ = write!(desc, " {heading}");
        if let Some(t) = tag {
            let _ = write!(desc, " ({})", t.to_lowercase());
        }
        if empty {
            b.text("No pages yet", Style::Gap, 1);
            desc.push_str(": no pages yet.");
            return b;
        }
        // Titles are not links: the figure is one image to assistive technology, so links in
        // it would be hidden from some readers and reachable by others (axe: nested-interactive).
        // The same links are in the page's HTML beside the figure.
        // Prefer `nav`, the short list the view keeps for listings, over every page.
        let src = if p.nav.is_empty() { &p.pages } else { &p.nav };
        let shown: Vec<_> = src.iter().take(LIFECYCLE_ITEMS).collect();
        for pg in &shown {
            b.item(&pg.title, Style::Body, 2);
        }
        let rest = p.pages.len().max(shown.len() + p.more) - shown.len();
        let titles: Vec<&str> = shown.iter().map(|pg| pg.title.as_str()).collect();
        let _ = write!(desc, ": {}", titles.join(", "));
        if rest > 0 {
            b.item(&format!("and {rest} more"), Style::Body, 1);
            let _ = write!(desc, ", and {rest} more");
        }
        desc.push('.');
        b
    };
    let blocks: Vec<Block> = cycle
        .iter()
        .enumerate()
        .map(|(i, p)| make(p, Some(i + 1), BW, &mut desc))
        .collect();
    if cycle.len() > 1 {
        let _ = write!(
            desc,
            " After {}, the cycle starts again at {}.",
            cycle[cycle.len() - 1].label,
            cycle[0].label
        );
    }
    let full = 2 * BW + G;
    let extras: Vec<Block> = extra
        .iter()
        .map(|p| make(p, None, full, &mut desc))
        .collect();

    // Clockwise: top left, top right, bottom right, bottom left, back to the top left.
    let row_h = |a: usize, b: usize| {
        [a, b]
            .iter()
            .filter_map(|i| blocks.get(*i))
            .map(Block::height)
            .max()
            .unwrap_or(0)
    };
    let (h0, h1) = (row_h(0, 1), row_h(2, 3));
    let (x0, x1) = (MARGIN, MARGIN + BW + G);
    let (y0, y1) = (MARGIN, MARGIN + h0 + G);
    let pos = [(x0, y0, h0), (x1, y0, h0), (x1, y1, h1), (x0, y1, h1)];
    let mut body = String::new();
    for (i, b) in blocks.iter().enumerate() {
        let (x, y, h) = pos[i];
        block(&mut body, x, y, BW, h, b);
        if let Some(t) = stage(cycle[i]) {
            let _ = write!(
                body,
                r#"<text x="{}" y="{}" font-size="11" font-weight="bold" letter-spacing="1" text-anchor="end">{t}</text>"#,
                x + BW - PAD,
                y + PAD + 14
            );
        }
    }
    let n = blocks.len();
    let links = [
        [(x0 + BW, y0 + h0 / 2), (x1, y0 + h0 / 2)],
        [(x1 + BW / 2, y0 + h0), (x1 + BW / 2, y1)],
        [(x1, y1 + h1 / 2), (x0 + BW, y1 + h1 / 2)],
        [(x0 + BW / 2, y1), (x0 + BW / 2, y0 + h0)],
    ];
    for (i, l) in links.iter().enumerate() {
        // The last arrow closes the loop, so only a full cycle has it.
        if i + 1 < n || (i == 3 && n == 4) {
            arrow(&mut body, l);
        }
    }
    let mut height = if n > 2 { y1 + h1 } else { y0 + h0 };
    let width = if n > 1 { x1 + BW } else { x0 + BW };
    for b in &extras {
        let y = height + G / 2;
        let h = b.height();
        block(&mut body, MARGIN, y, full, h, b);
        height = y + h;
    }
    let width = if extras.is_empty() {
        width
    } else {
        MARGIN + full
    };
    let mut out = String::new();
    open(
        &mut out,
        "dg-lifecycle",
        "dg-lifecycle",
        width + MARGIN,
        height + MARGIN,
        "Incident management lifecycle",
        &desc,
    );
    out.push_str(&body);
    out.push_str("</svg>");
    out
}

/// Most people listed under one role, and most external parties; the rest are counted.
const ESCALATION_ITEMS: usize = 4;

/// The escalation path of one severity level: who is notified, in order.
pub fn escalation(level: &CallTreeLevel) -> String {
    // One width for every box, wide enough that no word of a name has to be cut.
    let roles = level
        .steps
        .iter()
        .map(|st| (ref_name(&st.role), Style::Head, NUMBER));
    let people = level
        .steps
        .iter()
        .flat_map(|st| &st.people)
        .map(|cp| (ref_name(&cp.person), Style::Body, 0));
    let parties = level
        .parties
        .iter()
        .map(|p| (ref_name(p), Style::Body, HANG));
    let widest = std::iter::once((level.name.as_str(), Style::Head, 0))
        .chain(roles)
        .chain(people)
        .chain(parties)
        .map(|(text, style, indent)| longest_word(text, style) + indent)
        .max()
        .unwrap_or(0);
    let bw = (widest + 2 * PAD).clamp(184, 240);
    let mut blocks = Vec::new();
    let mut desc = format!("Escalation path at severity level {}", level.name);

    let mut start = Block::new(bw, Frame::Double);
    start.text("Severity level", Style::Note, 1);
    start.text(&level.name, Style::Head, 3);
    if let Some(t) = &level.response_target {
        start.text(&format!("respond within {t}"), Style::Note, 2);
        let _ = write!(desc, ", response within {t}");
    }
    blocks.push(start);
    desc.push('.');

    if !level.steps.is_empty() {
        desc.push_str(" Call in order.");
    }
    for st in &level.steps {
        let mut b = Block::new(bw, Frame::Plain);
        let role = ref_name(&st.role);
        b.numbered(st.order, role, Style::Head, 3);
        // Every person is named in the description, even those the box leaves out.
        let mut said: Vec<String> = Vec::new();
        if st.people.is_empty() {
            b.text("no holder listed", Style::Gap, 1);
            said.push("no holder listed".into());
        }
        for (i, cp) in st.people.iter().enumerate() {
            let name = ref_name(&cp.person);
            let names: Vec<&str> = cp.backups.iter().map(ref_name).collect();
            let backups = names.join(", then ");
            if i < ESCALATION_ITEMS {
                b.space(4);
                b.text(name, ref_style(&cp.person), 2);
                if !backups.is_empty() {
                    b.text(&format!("backup: {backups}"), Style::Note, 3);
                }
            }
            said.push(if backups.is_empty() {
                name.to_owned()
            } else {
                format!("{name} (backup: {backups})")
            });
        }
        if st.people.len() > ESCALATION_ITEMS {
            let rest = st.people.len() - ESCALATION_ITEMS;
            b.text(&format!("and {rest} more"), Style::Note, 1);
        }
        let _ = write!(desc, " {}. {role}: {}.", st.order, said.join("; next, "));
        blocks.push(b);
    }

    if !level.parties.is_empty() {
        let mut b = Block::new(bw, Frame::Round);
        b.text("External parties", Style::Head, 1);
        for p in level.parties.iter().take(ESCALATION_ITEMS) {
            b.item(ref_name(p), ref_style(p), 3);
        }
        if level.parties.len() > ESCALATION_ITEMS {
            let rest = level.parties.len() - ESCALATION_ITEMS;
            b.text(&format!("and {rest} more"), Style::Note, 1);
        }
        let names: Vec<&str> = level.parties.iter().map(ref_name).collect();
        let _ = write!(desc, " Then external parties: {}.", names.join(", "));
        blocks.push(b);
    }
    if level.steps.is_empty() && level.parties.is_empty() {
        let mut b = Block::new(bw, Frame::Dashed);
        b.text("No one is notified at this level", Style::Gap, 3);
        desc.push_str(" No one is notified at this level.");
        blocks.push(b);
    }

    let (body, w, h) = flow(&blocks, bw, GAP, false);
    let id = format!("dg-esc-{}", level.id);
    let mut out = String::new();
    open(
        &mut out,
        &id,
        "dg-escalation",
        w,
        h,
        &format!("Who is notified at {}, in order", level.name),
        &desc,
    );
    out.push_str(&body);
    out.push_str("</svg>");
    out
}

/// A playbook's phases with step counts and decision points.
pub fn playbook(pb: &PlaybookView) -> String {
    if pb.phases.is_empty() {
        return String::new();
    }
    // One width for every phase: the longest word of any name must fit on a line, and the
    // decision count beside its diamond.
    let longest = pb
        .phases
        .iter()
        .map(|p| longest_word(&p.name, Style::Strong))
        .max()
        .unwrap_or(0);
    let bw = (longest.max(Style::Body.width("decisions") + 30) + 2 * PAD).min(200);
    let mut desc = format!(
        "{}: {} in order, {} and {} in all.",
        pb.title,
        count(pb.phases.len(), "phase", "phases"),
        count(pb.step_count, "step", "steps"),
        count(pb.decision_count, "decision", "decisions")
    );
    let blocks: Vec<Block> = pb
        .phases
        .iter()
        .map(|ph| {
            let steps = ph.steps.len();
            let decisions: usize = ph.steps.iter().map(|s| s.decisions.len()).sum();
            let mut b = Block::new(
                bw,
                if steps == 0 {
                    Frame::Dashed
                } else {
                    Frame::Plain
                },
            );
            b.text(&ph.name, Style::Strong, 3);
            let _ = write!(desc, " {}: ", ph.name);
            if steps == 0 {
                b.text("no steps", Style::Gap, 1);
                desc.push_str("no steps.");
                return b;
            }
            b.text(&count(steps, "step", "steps"), Style::Body, 1);
            let _ = write!(desc, "{}", count(steps, "step", "steps"));
            if decisions > 0 {
                let word = if decisions == 1 {
                    "decision"
                } else {
                    "decisions"
                };
                b.lines.push(Line {
                    text: word.to_owned(),
                    style: Style::Body,
                    mark: Mark::Diamond(decisions),
                });
                let _ = write!(desc, ", {}", count(decisions, "decision", "decisions"));
            }
            desc.push('.');
            b
        })
        .collect();

    let (body, w, h) = flow(&blocks, bw, 30, true);
    let id = format!("dg-pb-{}", pb.id);
    let mut out = String::new();
    open(
        &mut out,
        &id,
        "dg-playbook",
        w,
        h,
        &format!("Phases of the {} playbook", pb.title),
        &desc,
    );
    out.push_str(&body);
    out.push_str("</svg>");
    out
}

/// The timeline of a run: per expected action, the window the script allows after its
/// inject (a dashed bar) and when it was done (a filled dot on time, a hollow diamond
/// late), or a word when it was not met or not observed. Words next to every mark carry
/// the meaning, so it reads in black and white.
pub fn exercise_timeline(r: &crate::edition::view::exercises::ReportView) -> String {
    use crate::exercise::score::Timeliness;
    use crate::model::exercise::Outcome;
    const LABEL: i32 = 330;
    const STATUS: i32 = 110;
    const ROW: i32 = 26;
    const TOP: i32 = 34;
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
    let step = [5u64, 10, 15, 30, 60, 120, 240]
        .into_iter()
        .find(|s| end / 60 / s <= 8)
        .unwrap_or(480);
    let end = end.div_ceil(step * 60) * step * 60;
    let x = |secs: u64| MARGIN + LABEL + (i64::from(plot) * secs as i64 / end as i64) as i32;
    let h = TOP + ROW * r.actions.len() as i32 + 2 * MARGIN;
    let mut out = String::new();
    let done = r
        .actions
        .iter()
        .filter(|a| a.score.outcome == Outcome::Met)
        .count();
    open(
        &mut out,
        &format!("timeline-{}", r.date),
        "timeline",
        MAX_WIDTH,
        h,
        &format!("Timeline of the {} run: expected and actual times", r.date),
        &format!(
            "{} expected actions on the exercise clock, {done} done. {}",
            r.actions.len(),
            r.actions
                .iter()
                .map(|a| {
                    let state = match (a.score.outcome, a.score.timeliness) {
                        (Outcome::Met, Timeliness::Late) => "done late",
                        (Outcome::Met, _) => "done",
                        (Outcome::NotMet, _) => "not met",
                        (Outcome::NotObserved, _) if !a.score.played => "not played",
                        (Outcome::NotObserved, _) => "not observed",
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
        ),
    );
    // Axis with minute ticks.
    let _ = write!(
        out,
        r#"<g font-size="12"><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor"/>"#,
        x(0),
        TOP - 8,
        x(end),
        TOP - 8
    );
    let mut t = 0;
    while t <= end {
        let _ = write!(
            out,
            r#"<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="currentColor" stroke-opacity=".25"/><text x="{0}" y="{3}" text-anchor="middle">{4}</text>"#,
            x(t),
            TOP - 8,
            h - MARGIN,
            TOP - 14,
            crate::exercise::score::clock(t)
        );
        t += step * 60;
    }
    out.push_str("</g>");
    for (n, a) in r.actions.iter().enumerate() {
        let y = TOP + ROW * n as i32;
        let mid = y + ROW / 2;
        let label = wrap(
            &format!("{}. {}", a.inject_number, a.score.what),
            Style::Note,
            LABEL - 12,
            1,
        )
        .join(" ");
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
            x(start),
            mid - 7,
            mid + 7
        );
        if let Some(m) = a.score.target_minutes {
            let _ = write!(
                out,
                r#"<rect x="{}" y="{}" width="{}" height="10" fill="none" stroke="currentColor" stroke-dasharray="4 3"/>"#,
                x(start),
                mid - 5,
                (x(start + u64::from(m) * 60) - x(start)).max(1)
            );
        }
        let status = match (a.score.outcome, a.score.timeliness, a.score.elapsed_secs) {
            (Outcome::Met, tl, Some(e)) => {
                let cx = x(start + e);
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
            (Outcome::NotMet, _, _) => "not met".into(),
            (Outcome::NotObserved, _, _) if !a.score.played => "not played".into(),
            (Outcome::NotObserved, _, _) => "not observed".into(),
        };
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" font-size="12">{}</text>"#,
            MAX_WIDTH - STATUS - MARGIN + 6,
            mid + 4,
            esc(&status)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests;
