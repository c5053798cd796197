//! The escalation path of a severity level: who is called, in order, then external parties.

use super::layout::{Block, Frame, GAP, HANG, NUMBER, PAD};
use super::svg::{flow, whole};
use super::text::{Style, longest_word, ref_name, ref_style};
use crate::edition::view::{CallStep, CallTreeLevel, Ref};
use std::fmt::Write as _;

/// Most people listed under one role, and most external parties; the rest are counted.
const ESCALATION_ITEMS: usize = 4;

/// The escalation path of one severity level: who is notified, in order.
pub(crate) fn escalation(level: &CallTreeLevel) -> String {
    let bw = box_width(level);
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
        blocks.push(step_block(st, bw, &mut desc));
    }

    if !level.parties.is_empty() {
        blocks.push(parties_block(&level.parties, bw, &mut desc));
    }
    if level.steps.is_empty() && level.parties.is_empty() {
        let mut b = Block::new(bw, Frame::Dashed);
        b.text("No one is notified at this level", Style::Gap, 3);
        desc.push_str(" No one is notified at this level.");
        blocks.push(b);
    }

    let (body, w, h) = flow(&blocks, bw, GAP, false);
    whole(
        &format!("dg-esc-{}", level.id),
        "dg-escalation",
        (w, h),
        &format!("Who is notified at {}, in order", level.name),
        &desc,
        &body,
    )
}

/// One width for every box, wide enough that no word of a name has to be cut.
fn box_width(level: &CallTreeLevel) -> i32 {
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
    (widest + 2 * PAD).clamp(184, 240)
}

/// The box of one call step: the role, numbered, and the people holding it with their
/// backups; `desc` names every one of them, even those the box leaves out.
fn step_block(st: &CallStep, bw: i32, desc: &mut String) -> Block {
    let mut b = Block::new(bw, Frame::Plain);
    let role = ref_name(&st.role);
    b.numbered(st.order, role, Style::Head, 3);
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
    b
}

/// The box of the external parties told at this level.
fn parties_block(parties: &[Ref], bw: i32, desc: &mut String) -> Block {
    let mut b = Block::new(bw, Frame::Round);
    b.text("External parties", Style::Head, 1);
    for p in parties.iter().take(ESCALATION_ITEMS) {
        b.item(ref_name(p), ref_style(p), 3);
    }
    if parties.len() > ESCALATION_ITEMS {
        let rest = parties.len() - ESCALATION_ITEMS;
        b.text(&format!("and {rest} more"), Style::Note, 1);
    }
    let names: Vec<&str> = parties.iter().map(ref_name).collect();
    let _ = write!(desc, " Then external parties: {}.", names.join(", "));
    b
}
