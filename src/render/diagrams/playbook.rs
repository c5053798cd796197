//! A playbook's flow: its phases in order, with their steps and decision points.

use super::layout::{Block, Frame, Line, Mark, PAD};
use super::svg::{flow, open};
use super::text::{Style, count, longest_word};
use crate::edition::view::PlaybookView;
use std::fmt::Write as _;

/// A playbook's phases with step counts and decision points.
pub(crate) fn playbook(pb: &PlaybookView) -> String {
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
