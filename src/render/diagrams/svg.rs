//! SVG writing: the `<svg>` element with its text alternative, boxes, lines of text,
//! arrows, and boxes laid out in rows joined by arrows.

use super::layout::{Block, DIAMOND, Frame, HANG, Line, MARGIN, MAX_WIDTH, Mark, NUMBER, PAD};
use super::text::{Style, esc};
use std::fmt::Write as _;

/// Opens the `<svg>` with its text alternative; `id` prefixes the `<title>` and `<desc>` ids.
pub(super) fn open(
    out: &mut String,
    id: &str,
    class: &str,
    w: i32,
    h: i32,
    title: &str,
    desc: &str,
) {
    let id = esc(id);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="dg {class}" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="{id}-title {id}-desc" font-size="14" fill="currentColor"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        esc(title),
        esc(desc)
    );
}

/// A whole diagram: [`open`]'s element around `body`, closed.
pub(super) fn whole(
    id: &str,
    class: &str,
    (w, h): (i32, i32),
    title: &str,
    desc: &str,
    body: &str,
) -> String {
    let mut out = String::with_capacity(body.len() + 512);
    open(&mut out, id, class, w, h, title, desc);
    out.push_str(body);
    out.push_str("</svg>");
    out
}

/// Draws a box outline.
fn frame(out: &mut String, x: i32, y: i32, w: i32, h: i32, f: Frame) {
    let (rx, extra) = match f {
        Frame::Plain | Frame::Double => (3, ""),
        Frame::Round => (14, ""),
        Frame::Dashed => (3, r#" stroke-dasharray="6 4""#),
    };
    let _ = write!(
        out,
        r#"<rect class="box" x="{x}" y="{y}" width="{w}" height="{h}" rx="{rx}" fill="none" stroke="currentColor" stroke-width="1.5"{extra}/>"#
    );
    if f == Frame::Double {
        let _ = write!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="2" fill="none" stroke="currentColor"/>"#,
            x + 4,
            y + 4,
            w - 8,
            h - 8
        );
    }
}

/// Draws one line of text with its top at `top`.
fn line(out: &mut String, x: i32, top: i32, l: &Line) {
    let lh = l.height();
    let size = l.style.size();
    // The baseline sits so the x-height is centred in the line.
    let base = top + (lh + size * 7 / 10) / 2;
    let mut tx = x;
    match l.mark {
        Mark::None => {}
        Mark::Bullet => {
            let _ = write!(out, r#"<text x="{x}" y="{base}">•</text>"#);
            tx += HANG;
        }
        Mark::Indent(w) => tx += w,
        Mark::Space(_) => return,
        Mark::Number(n) => {
            let (cx, cy) = (x + 10, top + lh / 2);
            let _ = write!(
                out,
                r#"<circle cx="{cx}" cy="{cy}" r="10" fill="none" stroke="currentColor" stroke-width="1.5"/><text x="{cx}" y="{}" font-size="12" font-weight="bold" text-anchor="middle">{n}</text>"#,
                cy + 4
            );
            tx += NUMBER;
        }
        Mark::Decision => {
            let (cx, cy, r) = (x + 12, top + lh / 2, 12);
            let _ = write!(
                out,
                r#"<path d="M{cx} {} L{} {cy} L{cx} {} L{} {cy} Z" fill="none" stroke="currentColor" stroke-width="1.5"/><text x="{cx}" y="{}" font-size="12" font-weight="bold" text-anchor="middle">?</text>"#,
                cy - r,
                cx + r,
                cy + r,
                cx - r,
                cy + 4
            );
            tx += DIAMOND;
        }
    }
    let _ = write!(out, r#"<text x="{tx}" y="{base}""#);
    if size != 14 {
        let _ = write!(out, r#" font-size="{size}""#);
    }
    if l.style.bold() {
        out.push_str(r#" font-weight="bold""#);
    }
    if l.style == Style::Gap {
        out.push_str(r#" font-style="italic""#);
    }
    let _ = write!(out, ">{}</text>", esc(&l.text));
}

/// Draws a block as a box `h` high at (`x`, `y`).
pub(super) fn block(out: &mut String, x: i32, y: i32, w: i32, h: i32, b: &Block) {
    frame(out, x, y, w, h, b.frame);
    let mut top = y + PAD;
    for l in &b.lines {
        line(out, x + PAD, top, l);
        top += l.height();
    }
}

/// Draws a block's lines of text without a box, the first line's top at `top`.
pub(super) fn text_only(out: &mut String, x: i32, top: i32, b: &Block) {
    let mut top = top;
    for l in &b.lines {
        line(out, x, top, l);
        top += l.height();
    }
}

/// Draws a thin horizontal rule from `x1` to `x2` at `y`.
pub(super) fn rule(out: &mut String, x1: i32, x2: i32, y: i32) {
    let _ = write!(
        out,
        r#"<path d="M{x1} {y} L{x2} {y}" stroke="currentColor" stroke-width="0.75"/>"#
    );
}

/// How a connector is drawn; kinds differ in line style and arrowhead, never in colour.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Stroke {
    /// A solid line from a dot, with a filled head.
    Branch,
    /// A dashed line with an open head.
    Gate,
    /// A heavier dotted line from a dot, with a filled head.
    Loop,
}

/// Draws a connector along axis-aligned `points` in the style of `kind`, with its head at
/// the last point.
pub(super) fn connector(out: &mut String, points: &[(i32, i32)], kind: Stroke) {
    let (Some(&(sx, sy)), [.., (px, py), (x, y)]) = (points.first(), points) else {
        return;
    };
    let (dx, dy) = ((x - px).signum(), (y - py).signum());
    // An open head shows its whole outline, so the shaft stops at its base.
    let stop = if kind == Stroke::Gate { 9 } else { 6 };
    let mut d = String::new();
    for (i, (a, b)) in points.iter().enumerate() {
        let (a, b) = if i + 1 == points.len() {
            (a - dx * stop, b - dy * stop)
        } else {
            (*a, *b)
        };
        let _ = write!(d, "{}{a} {b}", if i == 0 { "M" } else { " L" });
    }
    let line = match kind {
        Stroke::Branch => r#"stroke-width="1.5""#,
        Stroke::Gate => r#"stroke-width="1.5" stroke-dasharray="5 3""#,
        Stroke::Loop => r#"stroke-width="2" stroke-dasharray="2 3""#,
    };
    let _ = write!(
        out,
        r#"<path class="edge" d="{d}" fill="none" stroke="currentColor" {line}/>"#
    );
    if kind != Stroke::Gate {
        let _ = write!(out, r#"<circle cx="{sx}" cy="{sy}" r="3" stroke="none"/>"#);
    }
    let (bx, by) = (x - dx * 9, y - dy * 9);
    let (ox, oy) = (dy * 5, dx * 5);
    let head = if kind == Stroke::Gate {
        r#"fill="none" stroke="currentColor" stroke-width="1.5""#
    } else {
        r#"stroke="none""#
    };
    let _ = write!(
        out,
        r#"<path d="M{x} {y} L{} {} L{} {} Z" {head}/>"#,
        bx + ox,
        by + oy,
        bx - ox,
        by - oy
    );
}

/// Draws an arrow along axis-aligned `points`, with its head at the last point.
pub(super) fn arrow(out: &mut String, points: &[(i32, i32)]) {
    let [.., (px, py), (x, y)] = points else {
        return;
    };
    let (dx, dy) = ((x - px).signum(), (y - py).signum());
    // The shaft stops inside the head, so the tip stays sharp.
    let mut d = String::new();
    for (i, (a, b)) in points.iter().enumerate() {
        let (a, b) = if i + 1 == points.len() {
            (a - dx * 6, b - dy * 6)
        } else {
            (*a, *b)
        };
        let _ = write!(d, "{}{a} {b}", if i == 0 { "M" } else { " L" });
    }
    let (bx, by) = (x - dx * 9, y - dy * 9);
    let (ox, oy) = (dy * 5, dx * 5);
    let _ = write!(
        out,
        r#"<path d="{d}" fill="none" stroke="currentColor" stroke-width="1.5"/><path d="M{x} {y} L{} {} L{} {} Z" stroke="none"/>"#,
        bx + ox,
        by + oy,
        bx - ox,
        by - oy
    );
}

/// Lays `blocks` of width `w` left to right in rows, joined in order by arrows; returns the
/// drawing with its width and height. `uniform` gives every box the same height.
pub(super) fn flow(blocks: &[Block], w: i32, gap: i32, uniform: bool) -> (String, i32, i32) {
    let n = blocks.len().max(1);
    let fits = ((MAX_WIDTH - 2 * MARGIN + gap) / (w + gap)).max(1) as usize;
    // Rows are balanced, so a last row is never left with a single box.
    let rows = n.div_ceil(fits);
    let per_row = n.div_ceil(rows);
    let tallest = blocks.iter().map(Block::height).max().unwrap_or(0);
    let heights: Vec<i32> = blocks
        .chunks(per_row)
        .map(|r| {
            if uniform {
                tallest
            } else {
                r.iter().map(Block::height).max().unwrap_or(0)
            }
        })
        .collect();
    let mut out = String::new();
    let mut y = MARGIN;
    let mut prev: Option<(i32, i32, i32)> = None; // x, y, row height of the previous box
    for (r, row) in blocks.chunks(per_row).enumerate() {
        let h = heights[r];
        for (c, b) in row.iter().enumerate() {
            let x = MARGIN + c as i32 * (w + gap);
            if let Some((px, py, ph)) = prev {
                if c == 0 {
                    // Onto the next row: down, back to the first column, down.
                    let mid = py + ph + gap / 2;
                    arrow(
                        &mut out,
                        &[
                            (px + w / 2, py + ph),
                            (px + w / 2, mid),
                            (x + w / 2, mid),
                            (x + w / 2, y),
                        ],
                    );
                } else {
                    arrow(&mut out, &[(px + w, y + h / 2), (x, y + h / 2)]);
                }
            }
            block(&mut out, x, y, w, h, b);
            prev = Some((x, y, h));
        }
        y += h + gap;
    }
    let cols = per_row.min(blocks.len()) as i32;
    let width = 2 * MARGIN + cols * w + (cols - 1).max(0) * gap;
    (out, width, y - gap + MARGIN)
}
