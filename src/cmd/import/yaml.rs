//! The draft written as playbook YAML. Every text from the source is a block scalar, so no
//! Markdown can close a quote, start a comment, an alias, a tag, a flow mapping or a new
//! document: its lines are content, indented, whatever they hold. Ids are checked ids.

use super::shape::{Draft, Step};
use crate::check::fill_in::ID as CHOOSE;
use crate::model::Id;
use std::fmt::Write;

/// What the playbook's header fields hold besides what the source gives.
pub(super) struct Header<'a> {
    /// The Markdown file, for the comment at the top.
    pub(super) from: &'a str,
    /// The incident category (or the placeholder), and the ids to choose from.
    pub(super) category: (String, String),
    /// The default severity (or the placeholder), and the ids to choose from.
    pub(super) severity: (String, String),
    /// The playbook owner (or the placeholder).
    pub(super) owner: String,
    /// The roles to choose owners from.
    pub(super) roles: String,
    /// The phase ids, for a part no phase matched.
    pub(super) phases: String,
    /// `--source-url`.
    pub(super) url: Option<&'a str>,
    /// The licence, from `--licence` or the source's licence line.
    pub(super) licence: Option<String>,
    /// Related playbooks and pages, with when to follow them (or nothing).
    pub(super) related: Vec<(Related, String)>,
}

/// A related link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Related {
    /// A playbook of the scheme.
    Playbook(Id),
    /// A web page.
    Url(String),
}

/// `key: |` (or `|-` for a one-line field) and `text` below it, `indent` spaces in.
fn block(out: &mut String, indent: usize, key: &str, text: &str, one_line: bool) {
    let pad = " ".repeat(indent);
    // The content goes two spaces in from the mapping the key belongs to, which a `- `
    // before the key moves two further in.
    let inner = " ".repeat(indent + if key.starts_with('-') { 4 } else { 2 });
    let text = text.trim_matches('\n');
    let text = if text.trim().is_empty() {
        format!("{} (empty in the source)", crate::check::fill_in::TEXT)
    } else {
        text.to_owned()
    };
    // A first line that opens with a space would be read as the indentation: say it.
    let indicator = if text.starts_with(' ') { "2" } else { "" };
    let chomp = if one_line { "-" } else { "" };
    // A bare `-` is a sequence item: `- |`, its content two spaces in from the `-`.
    if key == "-" {
        let _ = writeln!(out, "{pad}- |{indicator}{chomp}");
    } else {
        let _ = writeln!(out, "{pad}{key}: |{indicator}{chomp}");
    }
    for l in text.split('\n') {
        if l.trim().is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{inner}{l}");
        }
    }
}

/// A one-line text as a block scalar: line breaks become spaces.
fn line(out: &mut String, indent: usize, key: &str, text: &str) {
    let one = text.split_whitespace().collect::<Vec<_>>().join(" ");
    block(out, indent, key, &one, true);
}

/// An id, quoted where YAML would read it as something else (`2024`, `true`, `null`).
fn id(i: &Id) -> String {
    let s = i.as_str();
    let odd = s.starts_with(|c: char| c.is_ascii_digit())
        || ["null", "true", "false", "yes", "no", "on", "off", "y", "n"].contains(&s);
    if odd {
        format!("\"{s}\"")
    } else {
        s.to_owned()
    }
}

/// The playbook YAML of `d`.
pub(super) fn write(d: &Draft, h: &Header) -> String {
    let mut o = String::new();
    write_header(&mut o, d, h);
    write_links(&mut o, d, h);
    write_phases(&mut o, d, h);
    o
}

/// The comment at the top and the header fields, up to the summary.
fn write_header(o: &mut String, d: &Draft, h: &Header) {
    let _ = writeln!(
        o,
        "# Imported from {} by `irbook import markdown`. Text fields are Markdown.\n\
         # Every `{CHOOSE}` is a placeholder: choose the id and delete it, then replace every\n\
         # FILL IN; `irbook check` names each one left. Owners are roles of contacts.yaml:\n\
         # {}.",
        one_line_comment(h.from),
        h.roles
    );
    let _ = writeln!(o, "id: {}", id(&d.id));
    line(o, 0, "title", &d.title);
    let _ = writeln!(o, "# The incident category, one of: {}.", h.category.1);
    let _ = writeln!(o, "category: {}", h.category.0);
    let _ = writeln!(
        o,
        "# The severity to assume until assessed, one of: {}.",
        h.severity.1
    );
    let _ = writeln!(o, "default_severity: {}", h.severity.0);
    let _ = writeln!(o, "owner: {}", h.owner);
    o.push_str("status: draft\n");
    match &d.summary {
        Some(s) => block(o, 0, "summary", s, false),
        None => block(
            o,
            0,
            "summary",
            &format!(
                "{} what this playbook covers and when to use it.",
                crate::check::fill_in::TEXT
            ),
            false,
        ),
    }
}

/// Indicators, related playbooks and pages, references and the source.
fn write_links(o: &mut String, d: &Draft, h: &Header) {
    if !d.lists.indicators.is_empty() {
        o.push_str("indicators:\n");
        for i in &d.lists.indicators {
            line(o, 2, "-", i);
        }
    }
    if !h.related.is_empty() {
        o.push_str("related:\n");
        for (r, when) in &h.related {
            match r {
                Related::Playbook(p) => {
                    let _ = writeln!(o, "  - playbook: {}", id(p));
                }
                Related::Url(u) => line(o, 2, "- url", u),
            }
            o.push_str("    relation: see also\n");
            if !when.is_empty() {
                line(o, 4, "when", when);
            }
        }
    }
    if !d.lists.references.is_empty() {
        o.push_str("references:\n");
        for (title, url) in &d.lists.references {
            line(o, 2, "- title", title);
            line(o, 4, "url", url);
        }
    }
    o.push_str("source:\n");
    line(o, 2, "title", &d.title);
    if let Some(u) = h.url.filter(|u| !u.trim().is_empty()) {
        line(o, 2, "url", u);
    }
    if let Some(l) = h.licence.as_deref().filter(|l| !l.trim().is_empty()) {
        line(o, 2, "licence", l);
    }
}

/// The phases with their steps.
fn write_phases(o: &mut String, d: &Draft, h: &Header) {
    o.push_str("phases:\n");
    for ph in &d.phases {
        match &ph.phase {
            Some(p) => {
                let _ = writeln!(o, "  - phase: {}", id(p));
            }
            None => {
                let _ = writeln!(
                    o,
                    "  # The part \"{}\" matches no phase: choose one of {}.",
                    one_line_comment(&ph.headings.join(", ")),
                    h.phases
                );
                let _ = writeln!(o, "  - phase: {CHOOSE}");
            }
        }
        if let Some(obj) = &ph.objective {
            block(o, 4, "objective", obj, false);
        }
        o.push_str("    steps:\n");
        for st in &ph.steps {
            write_step(o, st);
        }
    }
}

/// One step, with its decisions.
fn write_step(o: &mut String, st: &Step) {
    let _ = writeln!(o, "      - id: {}", id(&st.id));
    line(o, 8, "title", &st.title);
    block(o, 8, "action", &st.body.action, false);
    let owner = st.owner.as_ref().map_or(CHOOSE.to_owned(), id);
    let _ = writeln!(o, "        owner: {owner}");
    if let Some(c) = &st.body.applies_when {
        line(o, 8, "applies_when", c);
    }
    if !st.body.decisions.is_empty() {
        o.push_str("        decisions:\n");
        for dc in &st.body.decisions {
            line(o, 10, "- question", &dc.question);
            o.push_str("            choices:\n");
            for (n, (option, when)) in dc.choices.iter().enumerate() {
                line(o, 14, "- option", option);
                block(o, 16, "when", when, false);
                if let Some(Some(to)) = dc.then.get(n) {
                    let _ = writeln!(o, "                then: {}", id(to));
                }
            }
        }
    }
}

/// Text safe inside a `#` comment: one line, no control characters.
fn one_line_comment(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct T {
        a: String,
        b: String,
        c: Vec<D>,
        e: Vec<String>,
    }
    #[derive(serde::Deserialize)]
    struct D {
        x: String,
    }

    #[test]
    fn any_text_reads_back_as_written() {
        let nasty = [
            "key: value # not a comment",
            "  starts with spaces\nthen not",
            "---\n...\n--- !tag &anchor *alias",
            "{a: 1, b: [2]}\n\t tab first\n'quote\" \\ back",
            "- item\n\n  \n> [!WARNING]\n> text: more",
            "%YAML 1.2\n@at `tick` |pipe >fold",
        ];
        for t in nasty {
            let mut y = String::new();
            block(&mut y, 0, "a", t, false);
            line(&mut y, 0, "b", t);
            y.push_str("c:\n");
            block(&mut y, 2, "- x", t, false);
            y.push_str("e:\n");
            line(&mut y, 2, "-", t);
            let back: T =
                crate::load::yaml::parse("t.yaml", &y).unwrap_or_else(|e| panic!("{y}\n{e:?}"));
            let expect = t
                .split('\n')
                .map(|l| if l.trim().is_empty() { "" } else { l })
                .collect::<Vec<_>>()
                .join("\n");
            assert_eq!(back.a, format!("{expect}\n"), "{y}");
            assert_eq!(back.b, t.split_whitespace().collect::<Vec<_>>().join(" "));
            assert_eq!(back.c[0].x, format!("{expect}\n"), "{y}");
            assert_eq!(back.e[0], back.b);
        }
    }

    /// Imports `md` into a scheme with the standard phases: the YAML and the report.
    fn imported(md: &str) -> (String, Vec<String>) {
        use super::super::{blocks, shape};
        use crate::model::At;
        use crate::model::config::PhaseDef;
        let phases: Vec<PhaseDef> = ["preparation", "containment", "recovery"]
            .iter()
            .map(|p| PhaseDef {
                id: At::unplaced(Id::parse(p).unwrap()),
                name: (*p).into(),
                description: None,
            })
            .collect();
        let cx = shape::Context {
            id: None,
            stem: "x",
            phases: &phases,
            given: &[],
            existing: None,
        };
        let (s, n) = blocks::normalise(md);
        let d = shape::shape(blocks::read(&s, n), &cx).unwrap();
        let h = Header {
            from: "x.md",
            category: ("fill-in".into(), String::new()),
            severity: ("fill-in".into(), String::new()),
            owner: "fill-in".into(),
            roles: String::new(),
            phases: String::new(),
            url: None,
            licence: None,
            related: Vec::new(),
        };
        let notes = d.notes.iter().map(|n| n.what.clone()).collect();
        (write(&d, &h), notes)
    }

    #[test]
    fn parts_with_nothing_in_them_are_reported_and_left_out() {
        let (y, notes) = imported("## Preparation\n## Containment\n### Cut off\n## Odd\n");
        let pb: crate::model::Playbook =
            crate::load::yaml::parse("x.yaml", &y).unwrap_or_else(|e| panic!("{y}\n{e:?}"));
        assert_eq!(pb.phases.len(), 1);
        assert_eq!(pb.phases[0].steps[0].action.value, "FILL IN what to do.\n");
        let empty: Vec<&String> = notes
            .iter()
            .filter(|n| n.contains("has no text and no steps"))
            .collect();
        assert_eq!(empty.len(), 2, "{notes:?}");
    }

    #[test]
    fn odd_ids_are_quoted() {
        assert_eq!(id(&Id::parse("2024").unwrap()), "\"2024\"");
        assert_eq!(id(&Id::parse("true").unwrap()), "\"true\"");
        assert_eq!(id(&Id::parse("isolate").unwrap()), "isolate");
    }
}
