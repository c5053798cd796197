//! A Markdown playbook's blocks shaped into a draft playbook: the top heading its title,
//! the next level its parts (phases), the level below its steps; and a note of every
//! block that went into free text or nowhere.

use super::blocks::{Block, Doc, Kind, plain};
use super::lists::{self, Lists};
use super::phases::{self, Mapped, unnumbered};
use super::report::{Fate, Note};
use super::steps::{self, Body, FILL};
use crate::model::config::PhaseDef;
use crate::model::slug::{Slugger, slugify};
use crate::model::{Id, Playbook};
use std::collections::BTreeMap;

/// A step of the draft.
#[derive(Debug, Clone)]
pub(super) struct Step {
    /// Its id, stable across imports of the same source.
    pub(super) id: Id,
    /// Its title.
    pub(super) title: String,
    /// Its first source line.
    pub(super) line: u32,
    /// Its fields.
    pub(super) body: Body,
    /// Its owner, kept from the file being replaced.
    pub(super) owner: Option<Id>,
    /// The headings inside it, for links to them.
    pub(super) headings: Vec<String>,
}

/// A phase of the draft.
#[derive(Debug, Clone)]
pub(super) struct Phase {
    /// The scheme's phase, or none for a part no phase matched.
    pub(super) phase: Option<Id>,
    /// The part headings it came from.
    pub(super) headings: Vec<String>,
    /// What it must achieve.
    pub(super) objective: Option<String>,
    /// Its steps.
    pub(super) steps: Vec<Step>,
}

/// A playbook as read from Markdown, before links are resolved and YAML written.
#[derive(Debug, Clone)]
pub(super) struct Draft {
    /// The playbook id.
    pub(super) id: Id,
    /// Its title (and the source's title).
    pub(super) title: String,
    /// What it covers (Markdown), if the source says.
    pub(super) summary: Option<String>,
    /// The licence line of the source.
    pub(super) licence: Option<String>,
    /// Phases in the scheme's order, unmatched parts last.
    pub(super) phases: Vec<Phase>,
    /// The report.
    pub(super) notes: Vec<Note>,
    /// Link reference definitions of the source.
    pub(super) refs: Vec<(String, String)>,
    /// Indicators, references and related links from the parts that are lists of them.
    pub(super) lists: Lists,
}

/// What shaping needs besides the Markdown.
pub(super) struct Context<'a> {
    /// `--id`, or none to take it from the top heading (or the file name).
    pub(super) id: Option<Id>,
    /// The file name without `.md`, for a source with no top heading.
    pub(super) stem: &'a str,
    /// The scheme's phase model.
    pub(super) phases: &'a [PhaseDef],
    /// `--phases`.
    pub(super) given: &'a [(String, Id)],
    /// The playbook being replaced, whose step ids (and owners) are kept.
    pub(super) existing: Option<&'a Playbook>,
}

/// A part of the source: a heading at the part level and what follows it.
struct Part {
    heading: String,
    line: u32,
    pre: Vec<Block>,
    steps: Vec<(String, u32, Vec<Block>)>,
}

/// The longest id a slug may give, leaving room for a `-N` to tell repeats apart.
const ID_ROOM: usize = 58;

/// A playbook id or step id from a title.
pub(super) fn slug_id(text: &str) -> String {
    let s = slugify(unnumbered(text));
    if s.len() <= ID_ROOM {
        return s;
    }
    let cut = s[..ID_ROOM].rfind('-').unwrap_or(ID_ROOM);
    s[..cut].to_owned()
}

/// Shapes `doc` into a draft, or says why it cannot be read as a playbook.
pub(super) fn shape(doc: Doc, cx: &Context) -> Result<Draft, String> {
    let mut notes = Vec::new();
    if doc.replaced > 0 {
        notes.push(Note {
            lines: (0, 0),
            fate: Fate::Nowhere,
            what: format!(
                "{} control character(s) YAML cannot hold, replaced by U+FFFD",
                doc.replaced
            ),
        });
    }
    let (blocks, licence) = sift(doc.blocks, &mut notes);
    let levels = Levels::of(&blocks)?;
    let (title, intro, parts) = outline(blocks, &levels);
    let title = title.unwrap_or_else(|| cx.stem.replace(['-', '_'], " "));
    let id = match &cx.id {
        Some(id) => id.clone(),
        None => Id::parse(&slug_id(&title)).map_err(|e| format!("{e}; give one with --id"))?,
    };
    let summary = (!intro.is_empty()).then(|| {
        intro
            .iter()
            .map(|b| steps::alert(b).unwrap_or_else(|| b.text.clone()))
            .collect::<Vec<_>>()
            .join("\n\n")
    });
    let mut phases_out: Vec<Phase> = Vec::new();
    let mut found = Lists::default();
    for part in parts {
        if part.steps.is_empty()
            && let Some(k) = lists::kind(&part.heading)
        {
            lists::read(
                k,
                &part.heading,
                &part.pre,
                &doc.refs,
                &mut found,
                &mut notes,
            );
            continue;
        }
        let ph = part_phase(part, cx, &mut notes);
        phases_out.push(ph);
    }
    let phases = ordered(phases_out, cx.phases);
    let mut draft = Draft {
        id,
        title,
        summary,
        licence,
        phases,
        notes,
        refs: doc.refs,
        lists: found,
    };
    assign_ids(&mut draft, cx.existing);
    note_absent_phases(&mut draft, cx.phases);
    Ok(draft)
}

/// The blocks to shape, without those not imported (front matter, HTML, rules: each
/// noted) and the first paragraph opening with "Licence:", whose text is returned.
fn sift(blocks: Vec<Block>, notes: &mut Vec<Note>) -> (Vec<Block>, Option<String>) {
    let mut licence = None;
    let mut kept = Vec::new();
    for b in blocks {
        let dropped = match b.kind {
            Kind::FrontMatter => Some("front matter"),
            Kind::Html => Some("HTML"),
            Kind::Rule => Some("a horizontal rule"),
            _ => None,
        };
        if let Some(what) = dropped {
            notes.push(Note {
                lines: b.lines,
                fate: Fate::Nowhere,
                what: format!("{what}, not imported"),
            });
            continue;
        }
        if matches!(b.kind, Kind::Paragraph)
            && licence.is_none()
            && let Some(l) = ["Licence:", "License:"]
                .iter()
                .find_map(|p| b.plain.strip_prefix(p))
        {
            licence = Some(l.trim().to_owned());
            continue;
        }
        kept.push(b);
    }
    (kept, licence)
}

/// The heading levels of a source: the title's (if one heading stands alone at the top
/// level), the parts' and the steps'.
struct Levels {
    top: u8,
    titled: bool,
    part: u8,
    step: Option<u8>,
}

impl Levels {
    /// The levels of `blocks`' headings, or why they cannot make a playbook.
    fn of(blocks: &[Block]) -> Result<Levels, String> {
        let levels: Vec<u8> = blocks
            .iter()
            .filter_map(|b| match b.kind {
                Kind::Heading(l) => Some(l),
                _ => None,
            })
            .collect();
        let Some(&top) = levels.iter().min() else {
            return Err("it has no headings: write one heading per part (phase) and one level below it per step".into());
        };
        let titled =
            levels.first() == Some(&top) && levels.iter().filter(|l| **l == top).count() == 1;
        let rest: Vec<u8> = levels.iter().copied().skip(usize::from(titled)).collect();
        let Some(&part) = rest.iter().min() else {
            return Err("it has only a title: write one heading per part (phase) below it".into());
        };
        let step = rest.iter().copied().filter(|l| *l > part).min();
        Ok(Levels {
            top,
            titled,
            part,
            step,
        })
    }
}

/// The blocks sorted by heading: the title, the blocks before the first part, and the parts
/// with their steps.
fn outline(blocks: Vec<Block>, lv: &Levels) -> (Option<String>, Vec<Block>, Vec<Part>) {
    let mut title = None;
    let mut intro: Vec<Block> = Vec::new();
    let mut parts: Vec<Part> = Vec::new();
    for b in blocks {
        match b.kind {
            Kind::Heading(l) if lv.titled && l == lv.top => title = Some(b.plain.clone()),
            Kind::Heading(l) if l == lv.part => parts.push(Part {
                heading: b.plain.clone(),
                line: b.lines.0,
                pre: Vec::new(),
                steps: Vec::new(),
            }),
            Kind::Heading(l) if Some(l) == lv.step => {
                if parts.is_empty() {
                    parts.push(Part {
                        heading: String::new(),
                        line: b.lines.0,
                        pre: Vec::new(),
                        steps: Vec::new(),
                    });
                }
                if let Some(p) = parts.last_mut() {
                    p.steps.push((b.plain.clone(), b.lines.0, Vec::new()));
                }
            }
            _ => match parts.last_mut() {
                None => intro.push(b),
                Some(p) => match p.steps.last_mut() {
                    Some(s) => s.2.push(b),
                    None => p.pre.push(b),
                },
            },
        }
    }
    (title, intro, parts)
}

/// Notes the phases of irbook.yaml the draft has no part for.
fn note_absent_phases(draft: &mut Draft, phases: &[PhaseDef]) {
    let present: Vec<&Id> = draft
        .phases
        .iter()
        .filter_map(|p| p.phase.as_ref())
        .collect();
    let absent: Vec<&str> = phases
        .iter()
        .map(|p| p.id.value.as_str())
        .filter(|p| !present.iter().any(|q| q.as_str() == *p))
        .collect();
    if !absent.is_empty() {
        draft.notes.push(Note {
            lines: (0, 0),
            fate: Fate::Check,
            what: format!(
                "the source has no part for phase(s) {}: add their steps, or `check` warns (W0307)",
                absent.join(", ")
            ),
        });
    }
}

/// One part as a phase with its steps.
fn part_phase(part: Part, cx: &Context, notes: &mut Vec<Note>) -> Phase {
    let shown = if part.heading.is_empty() {
        "(steps before the first part heading)".to_owned()
    } else {
        format!("\"{}\"", part.heading)
    };
    if part.pre.is_empty() && part.steps.is_empty() {
        notes.push(Note {
            lines: (part.line, part.line),
            fate: Fate::Nowhere,
            what: format!("part {shown} has no text and no steps, not imported"),
        });
        return Phase {
            phase: None,
            headings: vec![part.heading],
            objective: None,
            steps: Vec::new(),
        };
    }
    let phase = part_mapping(&part.heading, part.line, &shown, cx, notes);
    let (objective, pre) = split_objective(part.pre);
    let out_steps = if !part.steps.is_empty() {
        headed_steps(part.steps, pre, &shown, notes)
    } else if pre.iter().any(task_list) {
        checklist_steps(pre, &shown, notes)
    } else if !pre.is_empty() {
        vec![step_of(&part.heading, part.line, &pre)]
    } else {
        // Only an objective: a phase needs a step, so the part is left out.
        notes.push(Note {
            lines: (part.line, part.line),
            fate: Fate::Nowhere,
            what: format!("part {shown} has an objective but no steps, not imported"),
        });
        Vec::new()
    };
    Phase {
        phase,
        headings: vec![part.heading],
        objective: (!objective.is_empty()).then(|| objective.join("\n\n")),
        steps: out_steps,
    }
}

/// The phase of irbook.yaml a part's heading names, with a note when it names several or
/// none (`shown` is the part as the notes name it).
fn part_mapping(
    heading: &str,
    line: u32,
    shown: &str,
    cx: &Context,
    notes: &mut Vec<Note>,
) -> Option<Id> {
    match phases::map(heading, cx.given, cx.phases) {
        Mapped::Phase(id, also) => {
            if !also.is_empty() {
                let also: Vec<String> = also.iter().map(|a| a.to_string()).collect();
                notes.push(Note {
                    lines: (line, line),
                    fate: Fate::Check,
                    what: format!(
                        "part {shown} names several phases; its steps are all under `{id}`: move those of {} by hand",
                        also.join(", ")
                    ),
                });
            }
            Some(id)
        }
        Mapped::None => {
            notes.push(Note {
                lines: (line, line),
                fate: Fate::Check,
                what: format!(
                    "part {shown} matches no phase of irbook.yaml: its steps are under `phase: fill-in` at the end; choose the phase, or import again with --phases \"{heading}=PHASE\"",
                ),
            });
            None
        }
    }
}

/// The objective paragraphs of the blocks before a part's first step, and the other blocks.
fn split_objective(pre: Vec<Block>) -> (Vec<String>, Vec<Block>) {
    let mut objective: Vec<String> = Vec::new();
    let mut rest = Vec::new();
    for b in pre {
        let goal = matches!(b.kind, Kind::Paragraph)
            .then(|| objective_text(&b.text))
            .flatten();
        match goal {
            Some(g) => objective.push(g),
            None => rest.push(b),
        }
    }
    (objective, rest)
}

/// A part's steps under their headings; the blocks before the first (`pre`) open its action.
fn headed_steps(
    steps: Vec<(String, u32, Vec<Block>)>,
    mut pre: Vec<Block>,
    shown: &str,
    notes: &mut Vec<Note>,
) -> Vec<Step> {
    let mut out_steps: Vec<Step> = Vec::new();
    for (i, (heading, line, mut blocks)) in steps.into_iter().enumerate() {
        if i == 0 && !pre.is_empty() {
            for b in &pre {
                notes.push(Note {
                    lines: b.lines,
                    fate: Fate::FreeText,
                    what: format!(
                        "{} before the first step of part {shown}, put at the start of the action of step \"{}\"",
                        describe(b),
                        unnumbered(&heading)
                    ),
                });
            }
            let mut all = std::mem::take(&mut pre);
            all.append(&mut blocks);
            blocks = all;
        }
        out_steps.push(step_of(&heading, line, &blocks));
    }
    out_steps
}

/// A checklist part: each task item is a step; other blocks join the step before them (or
/// the first), in free text.
fn checklist_steps(pre: Vec<Block>, shown: &str, notes: &mut Vec<Note>) -> Vec<Step> {
    let mut out_steps: Vec<Step> = Vec::new();
    let mut loose: Vec<(usize, Block)> = Vec::new();
    for b in pre {
        match &b.kind {
            Kind::List(items) if task_list(&b) => {
                for it in items {
                    let (t, body) = item_step(&it.text);
                    out_steps.push(Step {
                        id: Id::parse("x").expect("valid"),
                        title: t,
                        line: it.line,
                        body,
                        owner: None,
                        headings: Vec::new(),
                    });
                }
            }
            _ => loose.push((out_steps.len().saturating_sub(1), b)),
        }
    }
    for (at, b) in loose {
        let st = &mut out_steps[at];
        notes.push(Note {
            lines: b.lines,
            fate: Fate::FreeText,
            what: format!(
                "{} among the checklist of part {shown}, added to the action of step \"{}\"",
                describe(&b),
                st.title
            ),
        });
        let text = steps::alert(&b).unwrap_or_else(|| b.text.clone());
        if b.lines.0 < st.line {
            st.body.action = format!("{text}\n\n{}", st.body.action);
        } else {
            st.body.action = format!("{}\n\n{text}", st.body.action);
        }
    }
    out_steps
}

/// The text after "Objective:" or "Goal:" (bold or not), if the paragraph opens with one.
fn objective_text(md: &str) -> Option<String> {
    let t = md.trim_start().trim_start_matches(['*', '_']);
    for label in ["Objective", "Objectives", "Goal", "Goals", "Aim"] {
        if let Some(rest) = t.strip_prefix(label)
            && rest.starts_with([':', '*', '_'])
        {
            let rest = rest.trim_start_matches([':', '*', '_', ' ']);
            let rest = rest.strip_prefix(':').unwrap_or(rest).trim();
            return (!rest.is_empty()).then(|| steps::capitalised(rest));
        }
    }
    None
}

fn task_list(b: &Block) -> bool {
    matches!(&b.kind, Kind::List(items) if items.iter().any(|i| i.task))
}

fn describe(b: &Block) -> &'static str {
    match b.kind {
        Kind::Paragraph => "a paragraph",
        Kind::List(_) => "a list",
        Kind::Quote(_) => "a quote or alert",
        Kind::Heading(_) => "a heading",
        _ => "a block",
    }
}

/// A step from a heading and the blocks under it.
fn step_of(heading: &str, line: u32, blocks: &[Block]) -> Step {
    let mut body = steps::body(blocks);
    if blocks.is_empty() {
        body.action = format!("{FILL} what to do.");
    }
    let headings = std::iter::once(heading.to_owned())
        .chain(
            blocks
                .iter()
                .filter(|b| matches!(b.kind, Kind::Heading(_)))
                .map(|b| b.plain.clone()),
        )
        .collect();
    Step {
        id: Id::parse("x").expect("valid"),
        title: unnumbered(heading).to_owned(),
        line,
        body,
        owner: None,
        headings,
    }
}

/// A checklist item as a step: a bold lead-in is its title, else its first sentence.
fn item_step(md: &str) -> (String, Body) {
    let (cond, md) = match steps::condition(md) {
        Some((c, rest)) if !rest.is_empty() => (Some(c), rest),
        _ => (None, md.to_owned()),
    };
    let t = md.trim_start();
    // A bold lead-in ("**Keep logs**: keep ...") is the title, and leaves the action.
    let bold = ["**", "__"].iter().find_map(|m| {
        let rest = t.strip_prefix(m)?;
        let end = rest.find(m)?;
        let after =
            rest[end + m.len()..].trim_start_matches([':', '.', ' ', '-', '\u{2013}', '\u{2014}']);
        Some((
            rest[..end].trim_end_matches([':', '.', ' ']).to_owned(),
            after.to_owned(),
        ))
    });
    let (title, text) = match bold.filter(|(b, _)| !b.is_empty()) {
        Some((b, after)) if !after.trim().is_empty() => (plain(&b), steps::capitalised(&after)),
        Some((b, _)) => (plain(&b), md.clone()),
        None => {
            let p = plain(t.lines().next().unwrap_or(""));
            let end = [". ", ": ", "; "]
                .iter()
                .filter_map(|s| p.find(s))
                .min()
                .unwrap_or(p.len());
            let s = p[..end].trim_end_matches(['.', ':', ';']).to_owned();
            (shorten(&s, 60), md.clone())
        }
    };
    let para = Block {
        kind: Kind::Paragraph,
        plain: plain(&text),
        text,
        lines: (0, 0),
    };
    let mut body = steps::body(std::slice::from_ref(&para));
    if cond.is_some() {
        body.applies_when = cond;
    }
    (title, body)
}

/// `s` cut at a word boundary to at most `max` characters, with an ellipsis when cut.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out = String::new();
    for w in s.split_whitespace() {
        if out.chars().count() + w.chars().count() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    format!("{out}\u{2026}")
}

/// Phases in the order of the phase model, parts of the same phase merged; unmatched
/// parts last, in source order.
fn ordered(parts: Vec<Phase>, model: &[PhaseDef]) -> Vec<Phase> {
    let mut out: Vec<Phase> = Vec::new();
    for def in model {
        let mut merged: Option<Phase> = None;
        for p in parts
            .iter()
            .filter(|p| p.phase.as_ref() == Some(&def.id.value))
        {
            match merged.as_mut() {
                None => merged = Some(p.clone()),
                Some(m) => {
                    m.headings.extend(p.headings.iter().cloned());
                    m.steps.extend(p.steps.iter().cloned());
                    m.objective = match (m.objective.take(), &p.objective) {
                        (Some(a), Some(b)) => Some(format!("{a}\n\n{b}")),
                        (a, b) => a.or_else(|| b.clone()),
                    };
                }
            }
        }
        out.extend(merged);
    }
    out.extend(parts.into_iter().filter(|p| p.phase.is_none()));
    // A part with no steps has been reported; a phase needs a step to be written.
    out.retain(|p| !p.steps.is_empty());
    out
}

/// Gives every step its id: the id of the step with the same title in the file being
/// replaced, else a slug of its title, repeats told apart in document order.
fn assign_ids(d: &mut Draft, existing: Option<&Playbook>) {
    // Title -> the existing ids with that title, in order, and their owners.
    let mut old: BTreeMap<String, Vec<(Id, Option<Id>)>> = BTreeMap::new();
    if let Some(pb) = existing {
        for st in pb.phases.iter().flat_map(|p| &p.steps) {
            let title = st.title.as_ref().map(|t| t.value.clone());
            let owner = st
                .owner
                .as_ref()
                .map(|o| o.value.clone())
                .filter(|o| o.as_str() != "fill-in");
            old.entry(title.unwrap_or_default())
                .or_default()
                .push((st.id.value.clone(), owner));
        }
    }
    let mut slugs = Slugger::default();
    let mut kept: Vec<Option<(Id, Option<Id>)>> = Vec::new();
    for st in d.phases.iter().flat_map(|p| &p.steps) {
        let reuse = old
            .get_mut(&st.title)
            .and_then(|v| (!v.is_empty()).then(|| v.remove(0)));
        if let Some((id, _)) = &reuse {
            slugs.reserve(id.as_str());
        }
        kept.push(reuse);
    }
    let mut reused = 0;
    for (n, st) in d.phases.iter_mut().flat_map(|p| &mut p.steps).enumerate() {
        match kept[n].take() {
            Some((id, owner)) => {
                st.id = id;
                st.owner = owner;
                reused += 1;
            }
            None => {
                let s = slugs.slug(&slug_id(&st.title));
                st.id = Id::parse(&s).unwrap_or_else(|_| Id::parse("step").expect("valid"));
            }
        }
    }
    if existing.is_some() {
        let gone: Vec<String> = old
            .values()
            .flatten()
            .map(|(id, _)| id.to_string())
            .collect();
        let mut what = format!("{reused} step id(s) kept from the file replaced (same titles)");
        if !gone.is_empty() {
            what.push_str(&format!(
                "; no longer there: {} (exercises naming them will fail `check`)",
                gone.join(", ")
            ));
        }
        d.notes.push(Note {
            lines: (0, 0),
            fate: Fate::Check,
            what,
        });
    }
}
