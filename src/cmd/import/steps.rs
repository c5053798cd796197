//! The blocks under one step heading (or one checklist item) sorted into a step's fields:
//! an "If ..." opening becomes its condition, alternatives joined by "OR" a decision,
//! warning callouts GitHub alerts, and the rest its action.

use super::blocks::{Block, Kind, plain};
use pulldown_cmark::BlockQuoteKind;

/// The placeholder of a text the source does not give.
pub(super) const FILL: &str = crate::check::fill_in::TEXT;

/// A decision with its choices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Decision {
    /// The question.
    pub(super) question: String,
    /// The choices: option and when to take it.
    pub(super) choices: Vec<(String, String)>,
    /// For each choice, the step it leads to, when its option links to one.
    pub(super) then: Vec<Option<crate::model::Id>>,
}

/// A step's fields as read from the source.
#[derive(Debug, Clone, Default)]
pub(super) struct Body {
    /// What to do (Markdown).
    pub(super) action: String,
    /// The condition under which the step applies.
    pub(super) applies_when: Option<String>,
    /// Decisions.
    pub(super) decisions: Vec<Decision>,
}

/// Splits "If X, do Y" into `X` and `Do Y` (Y empty when the paragraph is all condition,
/// e.g. "If the data is personal:" before a list). `None` when the text does not open
/// with "If ". The condition ends at " then ", else at a colon, else at the first comma.
pub(super) fn condition(md: &str) -> Option<(String, String)> {
    let t = md.trim_start();
    let rest = t.strip_prefix("If ").or_else(|| t.strip_prefix("if "))?;
    let cut = [(" then ", 6), (":", 1), (", ", 2)]
        .iter()
        .find_map(|(sep, n)| rest.find(sep).map(|i| (i, *n)));
    let (cond, after) = match cut {
        Some((i, n)) => (&rest[..i], &rest[i + n..]),
        None => (rest, ""),
    };
    let cond = cond.split_whitespace().collect::<Vec<_>>().join(" ");
    let cond = cond.trim_end_matches(['.', ',', ';']).to_owned();
    let after = after.trim();
    let after = after.strip_prefix("then ").unwrap_or(after);
    Some((cond, capitalised(after)))
}

/// `s` with its first letter in upper case.
pub(super) fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Is the paragraph only the word "OR" (any case, bold or not)?
fn separator(b: &Block) -> bool {
    matches!(b.kind, Kind::Paragraph) && b.plain.trim().eq_ignore_ascii_case("or")
}

/// The alternatives of one paragraph joined by an upper-case "OR" (inline or on a line of
/// its own), if it has any.
fn inline_alternatives(md: &str) -> Option<Vec<String>> {
    let words: Vec<&str> = md.split_whitespace().collect();
    if !words.contains(&"OR") {
        return None;
    }
    let parts: Vec<String> = words.split(|w| *w == "OR").map(|ws| ws.join(" ")).collect();
    (parts.len() > 1 && parts.iter().all(|p| !p.is_empty())).then_some(parts)
}

/// A choice from an alternative: "If X, do Y" gives option "Do Y" taken when X; otherwise
/// the text is the option and when to take it is left to the author.
fn choice(md: &str) -> (String, String) {
    let one_line = md.split_whitespace().collect::<Vec<_>>().join(" ");
    match condition(&one_line) {
        Some((when, option)) if !option.is_empty() => (option, when),
        _ => (
            one_line.trim_end_matches('.').to_owned(),
            format!("{FILL} when to take this choice"),
        ),
    }
}

/// The alert a block quote stands for: a GitHub alert as written, or a quote opening with
/// "Warning", "Note", "Important", "Caution", "Danger" or "Tip" rewritten as one.
pub(super) fn alert(b: &Block) -> Option<String> {
    let Kind::Quote(kind) = &b.kind else {
        return None;
    };
    if kind.is_some() {
        return Some(b.text.clone());
    }
    let inner: Vec<&str> = b
        .text
        .lines()
        .map(|l| {
            let l = l.trim_start();
            let l = l.strip_prefix('>').unwrap_or(l);
            l.strip_prefix(' ').unwrap_or(l)
        })
        .collect();
    let first = inner.first()?.trim_start_matches(['*', '_']);
    let labels = [
        ("warning", BlockQuoteKind::Warning),
        ("caution", BlockQuoteKind::Caution),
        ("danger", BlockQuoteKind::Caution),
        ("important", BlockQuoteKind::Important),
        ("note", BlockQuoteKind::Note),
        ("tip", BlockQuoteKind::Tip),
    ];
    let (label, kind) = labels.iter().find(|(l, _)| {
        first.len() >= l.len()
            && first.is_char_boundary(l.len())
            && first[..l.len()].eq_ignore_ascii_case(l)
            && first[l.len()..]
                .chars()
                .next()
                .is_none_or(|c| matches!(c, ':' | '*' | '_' | ' ' | '!'))
    })?;
    let rest = capitalised(first[label.len()..].trim_start_matches(['*', '_', ':', '!', ' ']));
    let name = match kind {
        BlockQuoteKind::Warning => "WARNING",
        BlockQuoteKind::Caution => "CAUTION",
        BlockQuoteKind::Important => "IMPORTANT",
        BlockQuoteKind::Note => "NOTE",
        BlockQuoteKind::Tip => "TIP",
    };
    let mut out = format!("> [!{name}]");
    let body = std::iter::once(rest.as_str()).chain(inner[1..].iter().copied());
    let mut started = false;
    for l in body {
        if !started && l.trim().is_empty() {
            continue;
        }
        started = true;
        out.push_str("\n>");
        if !l.is_empty() {
            out.push(' ');
            out.push_str(l);
        }
    }
    Some(out)
}

/// A step's fields from its blocks.
pub(super) fn body(blocks: &[Block]) -> Body {
    let mut out = Body::default();
    let mut texts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        let b = &blocks[i];
        // The opening paragraph "If ..." is the step's condition.
        if i == 0
            && matches!(b.kind, Kind::Paragraph)
            && let Some((cond, rest)) = condition(&b.text)
        {
            out.applies_when = Some(cond);
            if !rest.is_empty() {
                texts.push(rest);
            }
            i += 1;
            continue;
        }
        // Blocks separated by "OR" paragraphs: a decision.
        if blocks.get(i + 1).is_some_and(separator) && i + 2 < blocks.len() {
            let mut alts = vec![b.text.clone()];
            let mut j = i + 1;
            while blocks.get(j).is_some_and(separator) && j + 1 < blocks.len() {
                alts.push(blocks[j + 1].text.clone());
                j += 2;
            }
            out.decisions.push(decision(&mut texts, &alts));
            i = j;
            continue;
        }
        if matches!(b.kind, Kind::Paragraph)
            && let Some(alts) = inline_alternatives(&b.text)
        {
            out.decisions.push(decision(&mut texts, &alts));
            i += 1;
            continue;
        }
        texts.push(alert(b).unwrap_or_else(|| b.text.clone()));
        i += 1;
    }
    out.action = texts.join("\n\n");
    if out.action.trim().is_empty() {
        out.action = match out.decisions.first() {
            Some(d) if !d.question.starts_with(FILL) => d.question.clone(),
            _ => "Choose one of the options below.".into(),
        };
    }
    out
}

/// A decision from its alternatives; the paragraph before them, when it ends in `?` or `:`,
/// is its question (and leaves the action).
fn decision(texts: &mut Vec<String>, alts: &[String]) -> Decision {
    let question = match texts.last() {
        Some(t) if t.trim_end().ends_with(['?', ':']) && !t.contains("\n\n") => {
            let q = texts.pop().unwrap_or_default();
            plain(&q).trim_end_matches(':').to_owned()
        }
        _ => format!("{FILL} the question these choices answer"),
    };
    Decision {
        question,
        choices: alts.iter().map(|a| choice(a)).collect(),
        then: vec![None; alts.len()],
    }
}

#[cfg(test)]
mod tests {
    use super::super::blocks::{normalise, read};
    use super::*;

    fn of(md: &str) -> Body {
        let (s, n) = normalise(md);
        body(&read(&s, n).blocks)
    }

    #[test]
    fn conditions_come_off_the_front() {
        assert_eq!(
            condition("If the host is on, isolate it."),
            Some(("the host is on".into(), "Isolate it.".into()))
        );
        assert_eq!(
            condition("If it holds personal data:"),
            Some(("it holds personal data".into(), String::new()))
        );
        assert_eq!(
            condition("If A or B then call C"),
            Some(("A or B".into(), "Call C".into()))
        );
        assert_eq!(condition("Iffy"), None);
        let b = of("If the laptop is lost:\n\n- call\n- wipe\n\nIf found, tell us.");
        assert_eq!(b.applies_when.as_deref(), Some("the laptop is lost"));
        assert_eq!(b.action, "- call\n- wipe\n\nIf found, tell us.");
    }

    #[test]
    fn alternatives_make_a_decision() {
        let b = of(
            "Keep the host?\n\nIf it is critical, watch it.\n\nOR\n\nIf not, pull the cable.\n\nThen log it.",
        );
        assert_eq!(
            b.decisions,
            [Decision {
                question: "Keep the host?".into(),
                choices: vec![
                    ("Watch it.".into(), "it is critical".into()),
                    ("Pull the cable.".into(), "not".into())
                ],
                then: vec![None, None],
            }]
        );
        assert_eq!(b.action, "Then log it.");
        let b = of("Block the sender OR quarantine the mail");
        assert_eq!(b.decisions[0].choices[1].0, "quarantine the mail");
        assert!(b.decisions[0].question.starts_with(FILL));
        assert!(b.decisions[0].choices[0].1.starts_with(FILL));
        assert_eq!(b.action, "Choose one of the options below.");
    }

    #[test]
    fn callouts_become_alerts() {
        let b = of(
            "Do it.\n\n> **Warning:** not on Fridays.\n> Really.\n\n> Note: a note\n\n> [!TIP]\n> kept\n\n> a quote",
        );
        assert_eq!(
            b.action,
            "Do it.\n\n> [!WARNING]\n> Not on Fridays.\n> Really.\n\n> [!NOTE]\n> A note\n\n> [!TIP]\n> kept\n\n> a quote"
        );
        let b = of("> **Important**\n>\n> Call first.");
        assert_eq!(b.action, "> [!IMPORTANT]\n> Call first.");
    }
}
