//! A playbook's flow: its phases in order, each a band holding its steps one under the
//! other, and how the steps lead on. Arrows down the column are the order of the steps;
//! connectors on the right are gates (`requires`: dashed, open head), decision branches
//! (`then:`: solid, from a dot) and loops back to an earlier step (dotted, from a dot).
//! Every connector is also said in words in the box it starts or ends at ("only after
//! step 4", "back to step 6 (loop): …"), a step that applies only under a condition has
//! a dashed box saying "if …", and a legend names each kind, so a black-and-white print
//! reads the same. The `<desc>` says all of it, step by step.

use super::layout::{Block, DIAMOND, Frame, MARGIN, PAD};
use super::svg::{Stroke, arrow, block, connector, rule, text_only, whole};
use super::text::{Style, count, esc};
use crate::edition::view::{PlaybookView, StepView};
use crate::model::Id;
use crate::render::search::plain_text;
use std::collections::HashMap;
use std::fmt::Write as _;

/// Width of the column of phase names.
const PHASE_W: i32 = 150;
/// Width of a step's box.
const BOX_W: i32 = 360;
/// Vertical gap between two steps of a phase, room for an arrow.
const STEP_GAP: i32 = 22;
/// Space above and below the contents of a phase's band.
const BAND_PAD: i32 = 12;
/// Distance from the boxes to the first connector lane, and between lanes.
const LANE_FIRST: i32 = 18;
const LANE: i32 = 14;
/// Where a connector leaves a step that others wait for: this far above its box's bottom.
const GATE_OUT: i32 = 8;
/// Space between the last band and the legend.
const LEGEND_GAP: i32 = 12;
/// Lines a step's title, condition, question and choice may take before an ellipsis.
const TITLE_LINES: usize = 2;
const CONDITION_LINES: usize = 2;

/// A connector between two steps (indexes into the playbook's steps, in order).
struct Edge {
    kind: Stroke,
    from: usize,
    to: usize,
    /// The line of the box it starts at (`None`: near the bottom of the box).
    from_line: Option<usize>,
    /// The line of the box it ends at (`None`: beside the title, after other arrivals).
    to_line: Option<usize>,
}

/// A playbook's phases and steps, with conditions, gates, branches and loops.
pub(crate) fn playbook(pb: &PlaybookView) -> String {
    if pb.phases.is_empty() {
        return String::new();
    }
    let steps: Vec<&StepView> = pb.phases.iter().flat_map(|p| &p.steps).collect();
    let mut at: HashMap<&Id, usize> = HashMap::new();
    for (i, st) in steps.iter().enumerate() {
        at.entry(&st.id).or_insert(i);
    }

    // Each step's box, and the connectors that start or end at one of its lines.
    let mut edges: Vec<Edge> = Vec::new();
    let boxes: Vec<Block> = steps
        .iter()
        .enumerate()
        .map(|(i, st)| step_block(i, st, &at, &mut edges))
        .collect();

    let col_r = MARGIN + PHASE_W + BOX_W;
    let mut body = String::new();
    let (tops, bottom) = bands(&mut body, pb, &boxes);
    let lanes_w = connectors(&mut body, &edges, &tops, &boxes, col_r);

    // The legend sits a little apart from the last band.
    let legend_h = match legend(&mut body, &edges, &boxes, steps.len(), bottom + LEGEND_GAP) {
        0 => 0,
        h => LEGEND_GAP + h,
    };
    let w = col_r + lanes_w + MARGIN;
    let h = bottom + legend_h + MARGIN;
    whole(
        &format!("dg-pb-{}", pb.id),
        "dg-playbook",
        (w, h),
        &format!("Flow of the {} playbook, phase by phase", pb.title),
        &describe(pb, &steps, &at),
        &body,
    )
}

/// Draws the bands into `body`, top to bottom: each phase's name on the left, its steps'
/// boxes on the right joined by arrows. Returns each box's top and the bands' bottom.
fn bands(body: &mut String, pb: &PlaybookView, boxes: &[Block]) -> (Vec<i32>, i32) {
    let col_x = MARGIN + PHASE_W;
    let col_r = col_x + BOX_W;
    let mut tops: Vec<i32> = Vec::with_capacity(boxes.len());
    let mut y = MARGIN;
    let mut bands: Vec<(i32, Block)> = Vec::new();
    let mut next = 0;
    for ph in &pb.phases {
        let mut label = Block::new(PHASE_W, Frame::Plain);
        label.text(&ph.name, Style::Strong, 3);
        if ph.steps.is_empty() {
            label.text("no steps", Style::Gap, 1);
        }
        let label_h = label.height() - 2 * PAD;
        let mut sy = y + BAND_PAD;
        for _ in &ph.steps {
            tops.push(sy);
            sy += boxes[next].height() + STEP_GAP;
            next += 1;
        }
        let steps_h = if ph.steps.is_empty() {
            0
        } else {
            sy - STEP_GAP - (y + BAND_PAD)
        };
        bands.push((y, label));
        y += 2 * BAND_PAD + label_h.max(steps_h);
    }
    for (i, (top, label)) in bands.iter().enumerate() {
        if i > 0 {
            rule(body, MARGIN, col_r, *top);
        }
        text_only(body, MARGIN, top + BAND_PAD, label);
    }
    for (i, b) in boxes.iter().enumerate() {
        if i > 0 {
            let x = col_x + BOX_W / 2;
            arrow(
                body,
                &[(x, tops[i - 1] + boxes[i - 1].height()), (x, tops[i])],
            );
        }
        block(body, col_x, tops[i], BOX_W, b.height(), b);
    }
    (tops, y)
}

/// Draws the connectors into `body`, each in a lane of its own right of the boxes (whose
/// right edge is `col_r`) wherever two would overlap. Returns the lanes' width.
fn connectors(body: &mut String, edges: &[Edge], tops: &[i32], boxes: &[Block], col_r: i32) -> i32 {
    let ends = edge_ends(edges, tops, boxes);
    let (lane_of, lanes) = lanes(&ends);
    for (i, e) in edges.iter().enumerate() {
        let x = col_r + LANE_FIRST + LANE * lane_of[i] as i32;
        let (from, to) = ends[i];
        connector(
            body,
            &[(col_r, from), (x, from), (x, to), (col_r, to)],
            e.kind,
        );
    }
    if lanes == 0 {
        0
    } else {
        LANE_FIRST + LANE * (lanes as i32 - 1) + 8
    }
}

/// Where each connector leaves and arrives, as heights.
fn edge_ends(edges: &[Edge], tops: &[i32], boxes: &[Block]) -> Vec<(i32, i32)> {
    let mut arrivals = vec![0; boxes.len()];
    edges
        .iter()
        .map(|e| {
            let from = match e.from_line {
                Some(k) => tops[e.from] + boxes[e.from].line_middle(k),
                None => tops[e.from] + boxes[e.from].height() - GATE_OUT,
            };
            let to = match e.to_line {
                Some(k) => tops[e.to] + boxes[e.to].line_middle(k),
                None => {
                    // Arrivals beside the title, each a little lower, kept above the
                    // point where gates leave.
                    let room = (boxes[e.to].height() - GATE_OUT - PAD - 14) / 5;
                    let n = arrivals[e.to].min(room.max(0));
                    arrivals[e.to] += 1;
                    tops[e.to] + boxes[e.to].line_middle(0) - 4 + 5 * n
                }
            };
            (from, to)
        })
        .collect()
}

/// A lane for each connector spanning `ends`, and how many lanes there are: the shortest
/// take the lanes nearest the boxes, so fewer of them cross.
fn lanes(ends: &[(i32, i32)]) -> (Vec<usize>, usize) {
    let mut order: Vec<usize> = (0..ends.len()).collect();
    order.sort_by_key(|&i| ((ends[i].0 - ends[i].1).abs(), ends[i].0, ends[i].1));
    let mut lanes: Vec<Vec<(i32, i32)>> = Vec::new();
    let mut lane_of = vec![0; ends.len()];
    for i in order {
        let (a, b) = (ends[i].0.min(ends[i].1) - 3, ends[i].0.max(ends[i].1) + 3);
        let free = lanes
            .iter()
            .position(|l| l.iter().all(|&(c, d)| b < c || d < a));
        let lane = free.unwrap_or_else(|| {
            lanes.push(Vec::new());
            lanes.len() - 1
        });
        lanes[lane].push((a, b));
        lane_of[i] = lane;
    }
    (lane_of, lanes.len())
}

/// The box of step `i`: its number and title, the condition it applies under, its time
/// target, the steps it waits for, and its decisions with the choices that lead to
/// another step; `edges` gets a connector for each gate and choice.
fn step_block(i: usize, st: &StepView, at: &HashMap<&Id, usize>, edges: &mut Vec<Edge>) -> Block {
    let x = &st.extra;
    let mut b = Block::new(
        BOX_W,
        if x.applies_when.is_some() {
            Frame::Dashed
        } else {
            Frame::Plain
        },
    );
    b.numbered(st.number, &label(st), Style::Strong, TITLE_LINES);
    if let Some(c) = &x.applies_when {
        b.text(&condition(c), Style::Gap, CONDITION_LINES);
    }
    if let Some(w) = &x.within {
        b.text(&format!("target: within {w}"), Style::Note, 1);
    }
    for r in &x.requires {
        if let Some(&from) = at.get(&r.id) {
            edges.push(Edge {
                kind: Stroke::Gate,
                from,
                to: i,
                from_line: None,
                to_line: Some(b.lines.len()),
            });
            b.text(&format!("only after step {}", r.number), Style::Note, 1);
        }
    }
    for d in &st.decisions {
        b.decision(&d.question, Style::Body, 2);
        for c in &d.choices {
            let Some(t) = &c.then else { continue };
            let Some(&to) = at.get(&t.id) else { continue };
            edges.push(Edge {
                kind: if t.back { Stroke::Loop } else { Stroke::Branch },
                from: i,
                to,
                from_line: Some(b.lines.len()),
                to_line: None,
            });
            let words = if t.back {
                format!("back to step {} (loop): {}", t.number, c.option)
            } else {
                format!("to step {}: {}", t.number, c.option)
            };
            b.indented(DIAMOND, &words, Style::Note, 2);
        }
    }
    b
}

/// A step's name: its title, or the first sentence of what it says to do.
fn label(st: &StepView) -> String {
    if let Some(t) = &st.extra.title {
        return t.clone();
    }
    let text = plain_text(&st.action_html);
    let end = text
        .match_indices(['.', '!', '?'])
        .map(|(i, _)| i)
        .find(|&i| text[i + 1..].starts_with(' ') || i + 1 == text.len())
        .unwrap_or(text.len());
    let first = text[..end].trim();
    if first.is_empty() {
        format!("Step {}", st.number)
    } else {
        first.to_owned()
    }
}

/// A condition as it reads on its own: "if …", unless it already starts so.
fn condition(c: &str) -> String {
    let c = c.trim();
    let lower = c.to_lowercase();
    if ["if ", "when ", "unless ", "only ", "where "]
        .iter()
        .any(|w| lower.starts_with(w))
    {
        c.to_owned()
    } else {
        format!("if {c}")
    }
}

/// The legend under the bands, naming each kind of line the drawing uses; returns its
/// height (nothing when there is nothing to explain).
fn legend(out: &mut String, edges: &[Edge], boxes: &[Block], steps: usize, top: i32) -> i32 {
    let has = |k: Stroke| edges.iter().any(|e| e.kind == k);
    let mut items: Vec<(Option<Stroke>, &str)> = Vec::new();
    if steps > 1 {
        items.push((None, "next step, in order"));
    }
    if has(Stroke::Gate) {
        items.push((Some(Stroke::Gate), "must be done first (gate)"));
    }
    if has(Stroke::Branch) {
        items.push((Some(Stroke::Branch), "a decision's choice leads on"));
    }
    if has(Stroke::Loop) {
        items.push((Some(Stroke::Loop), "loop back to an earlier step"));
    }
    let dashed = boxes.iter().any(|b| b.frame == Frame::Dashed);
    if items.is_empty() && !dashed {
        return 0;
    }
    let col_w = (PHASE_W + BOX_W) / 2;
    let row_h = 22;
    let mut n = 0;
    let place = |n: usize| {
        (
            MARGIN + (n % 2) as i32 * col_w,
            top + (n / 2) as i32 * row_h + row_h / 2,
        )
    };
    for (kind, words) in &items {
        let (x, y) = place(n);
        match kind {
            None => arrow(out, &[(x, y), (x + 36, y)]),
            Some(k) => connector(out, &[(x + 3, y), (x + 36, y)], *k),
        }
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" font-size="12">{}</text>"#,
            x + 46,
            y + 4,
            esc(words)
        );
        n += 1;
    }
    if dashed {
        let (x, y) = place(n);
        let _ = write!(
            out,
            r#"<rect x="{x}" y="{}" width="36" height="16" rx="3" fill="none" stroke="currentColor" stroke-width="1.5" stroke-dasharray="6 4"/><text x="{}" y="{}" font-size="12">applies only if …</text>"#,
            y - 8,
            x + 46,
            y + 4
        );
        n += 1;
    }
    (n.div_ceil(2) as i32) * row_h
}

/// The text alternative: the counts, then every phase and step in order with its
/// condition, time target, gates, decisions and where each choice leads.
fn describe(pb: &PlaybookView, steps: &[&StepView], at: &HashMap<&Id, usize>) -> String {
    let mut d = format!(
        "{}: {} in order, {} and {} in all.",
        pb.title,
        count(pb.phases.len(), "phase", "phases"),
        count(pb.step_count, "step", "steps"),
        count(pb.decision_count, "decision", "decisions")
    );
    for ph in &pb.phases {
        let _ = write!(d, " {}: ", ph.name);
        if ph.steps.is_empty() {
            d.push_str("no steps.");
            continue;
        }
        d.push_str(&count(ph.steps.len(), "step", "steps"));
        let decisions: usize = ph.steps.iter().map(|s| s.decisions.len()).sum();
        if decisions > 0 {
            let _ = write!(d, ", {}", count(decisions, "decision", "decisions"));
        }
        d.push('.');
        for st in &ph.steps {
            describe_step(&mut d, st, steps, at);
        }
    }
    d
}

/// One step in words, after its phase in [`describe`].
fn describe_step(d: &mut String, st: &StepView, steps: &[&StepView], at: &HashMap<&Id, usize>) {
    let x = &st.extra;
    // Another step, by number and title, or nothing when this edition does not show it.
    let named = |id: &Id| {
        at.get(id).map(|&i| {
            let st = steps[i];
            match &st.extra.title {
                Some(t) => format!("step {} ({})", st.number, sentence(t)),
                None => format!("step {}", st.number),
            }
        })
    };
    let _ = write!(d, " Step {}, {}.", st.number, sentence(&label(st)));
    if let Some(c) = &x.applies_when {
        let _ = write!(d, " Applies only {}.", sentence(&condition(c)));
    }
    if let Some(w) = &x.within {
        let _ = write!(d, " Target: within {w}.");
    }
    let gates: Vec<String> = x.requires.iter().filter_map(|r| named(&r.id)).collect();
    if !gates.is_empty() {
        let _ = write!(d, " Only after {}.", gates.join(" and "));
    }
    for dec in &st.decisions {
        let q = dec.question.trim();
        let _ = write!(d, " Decision: {q}");
        if !q.ends_with(['?', '.', '!']) {
            d.push('.');
        }
        for c in &dec.choices {
            let option = sentence(&c.option);
            match c.then.as_ref().and_then(|t| Some((t.back, named(&t.id)?))) {
                Some((true, to)) => {
                    let _ = write!(d, " Choice “{option}” loops back to {to}.");
                }
                Some((false, to)) => {
                    let _ = write!(d, " Choice “{option}” leads to {to}.");
                }
                None => {
                    let _ = write!(d, " Choice “{option}”.");
                }
            }
        }
    }
}

/// `s` without the full stop it may end in, so it can go inside a sentence.
fn sentence(s: &str) -> &str {
    s.trim().trim_end_matches('.')
}
