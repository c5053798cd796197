//! The incident management lifecycle: plan, do, check and act, with the pages of each phase.

use super::layout::{Block, Frame, Line, MARGIN, Mark, PAD};
use super::svg::{arrow, block, whole};
use super::text::{Style, wrap};
use crate::edition::view::LifecycleView;
use std::fmt::Write as _;

/// Most page titles listed in one lifecycle phase; the rest are counted.
const LIFECYCLE_ITEMS: usize = 6;

/// The plan-do-check-act stage of each lifecycle phase, by anchor.
const CYCLE: [(&str, &str); 4] = [
    ("phase-plan", "PLAN"),
    ("phase-use", "DO"),
    ("phase-review", "CHECK"),
    ("phase-improve", "ACT"),
];

/// Width of a box in the cycle.
const BW: i32 = 330;
/// Gap between the boxes of the cycle, room for an arrow.
const G: i32 = 56;

/// The plan-do-check-act tag of a phase, if it is one of the cycle's.
fn stage(p: &LifecycleView) -> Option<&'static str> {
    CYCLE.iter().find(|(a, _)| *a == p.anchor).map(|s| s.1)
}

/// The incident management lifecycle with the scheme's pages placed on it.
pub(crate) fn lifecycle(phases: &[LifecycleView]) -> String {
    if phases.is_empty() {
        return String::new();
    }
    let (cycle, extra): (Vec<&LifecycleView>, Vec<&LifecycleView>) =
        phases.iter().partition(|p| stage(p).is_some());
    let cycle: Vec<&LifecycleView> = cycle.into_iter().take(4).collect();

    let mut desc = String::from(
        "The incident management lifecycle, a continual cycle of plan, do, check and act, with the scheme's pages in each phase.",
    );
    let blocks: Vec<Block> = cycle
        .iter()
        .enumerate()
        .map(|(i, p)| phase_block(p, Some(i + 1), BW, &mut desc))
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
        .map(|p| phase_block(p, None, full, &mut desc))
        .collect();

    let mut body = String::new();
    let (width, mut height) = draw_cycle(&mut body, &cycle, &blocks);
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
    whole(
        "dg-lifecycle",
        "dg-lifecycle",
        (width + MARGIN, height + MARGIN),
        "Incident management lifecycle",
        &desc,
        &body,
    )
}

/// The box of one phase, `width` wide: its heading (numbered `n` in the cycle), its stage
/// tag's room, and the titles of its pages; `desc` gets the same in words.
fn phase_block(p: &LifecycleView, n: Option<usize>, width: i32, desc: &mut String) -> Block {
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
}

/// Draws the cycle's boxes (at most four) clockwise from the top left, with their stage
/// tags and the arrows between them; returns the width and height drawn.
fn draw_cycle(body: &mut String, cycle: &[&LifecycleView], blocks: &[Block]) -> (i32, i32) {
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
    for (i, b) in blocks.iter().enumerate() {
        let (x, y, h) = pos[i];
        block(body, x, y, BW, h, b);
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
            arrow(body, l);
        }
    }
    let height = if n > 2 { y1 + h1 } else { y0 + h0 };
    let width = if n > 1 { x1 + BW } else { x0 + BW };
    (width, height)
}
