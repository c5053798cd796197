//! The rules on a playbook's optional fields (E0136-E0140, and the reference rules they
//! share): tools, roles and facts named exist, `requires` and `then:` name steps of the
//! same playbook and the gates form no circle, framework ids are in the shipped lists,
//! attachments are files under `content/files/`, and a TLP label reaches no audience
//! `irbook.yaml` keeps it from; also the tools inventory's own references.

use super::diagnostic::{self as diag, Diagnostic, unknown_help};
use super::refs::Ctx;
use crate::model::frameworks::{self, Catalogue};
use crate::model::playbook_fields::Tlp;
use crate::model::{At, Doc, Id, Index, Playbook, Scheme, Step};
use std::collections::{BTreeMap, BTreeSet};

/// Checks every playbook's optional fields, the tools inventory and irbook.yaml's
/// classification rules.
pub fn check(s: &Scheme, idx: &Index, out: &mut Vec<Diagnostic>) {
    classification_rules(s, idx, out);
    tools(s, idx, out);
    for doc in &s.playbooks {
        playbook(s, idx, doc, out);
    }
}

fn classification_rules(s: &Scheme, idx: &Index, out: &mut Vec<Diagnostic>) {
    let mut c = Ctx {
        file: &s.config.file,
        out,
    };
    for a in s.config.data.classification.lists() {
        c.audience(idx, &Some(a.clone()));
    }
}

fn tools(s: &Scheme, idx: &Index, out: &mut Vec<Diagnostic>) {
    let Some(doc) = &s.tools else {
        return;
    };
    let mut c = Ctx {
        file: &doc.file,
        out,
    };
    for t in &doc.data.tools {
        if let Some(o) = &t.owner {
            c.known(&idx.roles, o, diag::UNKNOWN_ROLE, "role");
        }
        c.audience(idx, &t.audience);
        c.audience(idx, &t.location_audience);
    }
}

fn playbook(s: &Scheme, idx: &Index, doc: &Doc<Playbook>, out: &mut Vec<Diagnostic>) {
    let pb = &doc.data;
    let mut c = Ctx {
        file: &doc.file,
        out,
    };
    if let Some(a) = &pb.approved_by {
        c.known(&idx.roles, a, diag::UNKNOWN_ROLE, "role");
    }
    for t in &pb.tools {
        c.known(&idx.tools, t, diag::UNKNOWN_TOOL, "tool");
    }
    for d in &pb.detections {
        c.audience(idx, &d.audience);
    }
    for a in &pb.attachments {
        c.audience(idx, &a.audience);
        attachment(&mut c, s, &a.file);
    }
    mappings(&mut c, pb);
    if let Some(label) = &pb.classification {
        classification(&mut c, s, idx, pb, label);
    }
    let steps: BTreeMap<&Id, &Step> = pb
        .phases
        .iter()
        .flat_map(|p| &p.steps)
        .map(|st| (&st.id.value, st))
        .collect();
    for st in pb.phases.iter().flat_map(|p| &p.steps) {
        if let Some(r) = &st.raci {
            let roles = r.accountable.iter().chain(&r.consulted).chain(&r.informed);
            for role in roles {
                c.known(&idx.roles, role, diag::UNKNOWN_ROLE, "role");
            }
        }
        if let Some(aw) = &st.applies_when {
            for f in &aw.value.facts {
                c.known(&idx.facts, f, diag::UNKNOWN_FACT, "incident fact");
            }
        }
        for r in &st.requires {
            step_ref(&mut c, &pb.id.value, &steps, r, "`requires`");
        }
        for ch in st.decisions.iter().flat_map(|d| &d.choices) {
            if let Some(t) = &ch.then {
                step_ref(&mut c, &pb.id.value, &steps, t, "`then`");
            }
        }
    }
    cycles(&mut c, &steps, pb);
}

/// E0122 for `r`, named in `field` of a step, when it is no step of playbook `pb`.
fn step_ref(c: &mut Ctx, pb: &Id, steps: &BTreeMap<&Id, &Step>, r: &At<Id>, field: &str) {
    if steps.contains_key(&r.value) {
        return;
    }
    let known: Vec<&str> = steps.keys().map(|i| i.as_str()).collect();
    c.out.push(
        Diagnostic::error(
            diag::UNKNOWN_STEP,
            c.file,
            r.pos,
            format!(
                "{field} names `{}`, which is no step of this playbook",
                r.value
            ),
        )
        .with_help(unknown_help(r.value.as_str(), "step", &known))
        .refers_to(format!("{pb}/{}", r.value)),
    );
}

/// E0137: steps whose `requires` lead back to themselves could never start. Each circle
/// is reported once, at the `requires` entry that closes it.
fn cycles(c: &mut Ctx, steps: &BTreeMap<&Id, &Step>, pb: &Playbook) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit<'s>(
        id: &'s Id,
        steps: &BTreeMap<&Id, &'s Step>,
        marks: &mut BTreeMap<&'s Id, Mark>,
        path: &mut Vec<&'s Id>,
        found: &mut Vec<(Vec<&'s Id>, &'s At<Id>)>,
    ) {
        marks.insert(id, Mark::Open);
        path.push(id);
        if let Some(st) = steps.get(id) {
            for r in &st.requires {
                match marks.get(&r.value) {
                    Some(Mark::Open) => {
                        let from = path.iter().position(|p| **p == r.value).unwrap_or(0);
                        found.push((path[from..].to_vec(), r));
                    }
                    Some(Mark::Done) => {}
                    None if steps.contains_key(&r.value) => {
                        visit(&r.value, steps, marks, path, found)
                    }
                    None => {}
                }
            }
        }
        path.pop();
        marks.insert(id, Mark::Done);
    }
    let mut marks = BTreeMap::new();
    let mut found = Vec::new();
    // In the playbook's order, so the circle is told from the step written first.
    for st in pb.phases.iter().flat_map(|p| &p.steps) {
        if !marks.contains_key(&st.id.value) {
            visit(&st.id.value, steps, &mut marks, &mut Vec::new(), &mut found);
        }
    }
    for (circle, at) in found {
        let mut names: Vec<String> = circle.iter().map(|i| format!("`{i}`")).collect();
        names.push(format!("`{}`", circle[0]));
        let msg = if circle.len() == 1 {
            format!("step `{}` requires itself", circle[0])
        } else {
            format!(
                "these steps require each other in a circle: {}",
                names.join(" after ")
            )
        };
        c.out.push(
            Diagnostic::error(diag::REQUIRES_CYCLE, c.file, at.pos, msg).with_help(
                "a step can only start once the steps it `requires` are done; remove one of \
                 these `requires` (a loop back belongs in a decision's `then:`)",
            ),
        );
    }
}

/// E0139: ids of the shipped lists, with the nearest as a suggestion.
fn mappings(c: &mut Ctx, pb: &Playbook) {
    let m = &pb.mappings;
    let lists: [(&[At<String>], &Catalogue, &str, &str); 2] = [
        (
            &m.attack,
            frameworks::attack(),
            "ATT&CK Enterprise tactic or technique",
            "ids look like `TA0040`, `T1486` or `T1566.001`",
        ),
        (
            &m.csf,
            frameworks::csf(),
            "NIST CSF 2.0 function, category or subcategory",
            "ids look like `RS`, `RS.MA` or `PR.AA-01`",
        ),
    ];
    for (ids, cat, what, form) in lists {
        for id in ids {
            if cat.get(&id.value).is_some() {
                continue;
            }
            let help = match suggest(cat, &id.value) {
                Some(n) => format!("did you mean `{n}`? {form}"),
                None => format!("{form}; irbook knows ATT&CK v18.1 and CSF 2.0"),
            };
            c.out.push(
                Diagnostic::error(
                    diag::UNKNOWN_FRAMEWORK_ID,
                    c.file,
                    id.pos,
                    format!("`{}` is no {what}", id.value),
                )
                .with_help(help),
            );
        }
    }
    for clause in &m.iso27035 {
        if !frameworks::is_iso_clause(&clause.value) {
            c.out.push(
                Diagnostic::error(
                    diag::UNKNOWN_FRAMEWORK_ID,
                    c.file,
                    clause.pos,
                    format!("`{}` is no ISO/IEC 27035 clause number", clause.value),
                )
                .with_help(
                    "write the clause number only, e.g. \"6.2\", or \"2:5.3\" for a clause of part 2",
                ),
            );
        }
    }
}

/// The id meant by `wanted`: the same in capitals, the id of an entry of that name
/// ("Phishing"), a sub-technique's technique or a subcategory's category, or an id one
/// letter away. Further than that, numbered ids look alike without being alike.
fn suggest<'c>(cat: &'c Catalogue, wanted: &str) -> Option<&'c str> {
    let upper = wanted.trim().to_uppercase();
    if let Some(e) = cat.get(&upper) {
        return Some(e.id);
    }
    let by_name = cat.ids().find(|i| {
        cat.get(i)
            .is_some_and(|e| e.name.eq_ignore_ascii_case(wanted.trim()) && e.id == *i)
    });
    if by_name.is_some() {
        return by_name;
    }
    let parent = upper
        .rsplit_once(['.', '-'])
        .and_then(|(p, _)| cat.get(p))
        .map(|e| e.id);
    let sub = upper.contains('-') || (upper.starts_with('T') && upper.contains('.'));
    if sub && parent.is_some() {
        return parent;
    }
    cat.ids()
        .find(|k| strsim::levenshtein(&upper, k) <= 1)
        .or(parent)
}

/// E0140: an attachment is a regular file under `content/files/`, named by its path from
/// the project folder.
fn attachment(c: &mut Ctx, s: &Scheme, file: &At<String>) {
    let path = file.value.as_str();
    let inside = path
        .strip_prefix(crate::load::FILES)
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|rest| {
            !rest.is_empty()
                && rest
                    .split('/')
                    .all(|seg| !seg.is_empty() && seg != "." && seg != "..")
        });
    let (msg, help) = if !inside {
        (
            format!("the attachment `{path}` is not under content/files/"),
            "put the file in content/files/ and name it by its path from the project folder, \
             e.g. `content/files/hunt.sql`"
                .to_owned(),
        )
    } else if s
        .files
        .binary_search_by(|f| f.path.as_str().cmp(path))
        .is_err()
    {
        let near = diag::nearest(path, s.files.iter().map(|f| f.path.as_str()));
        (
            format!("the attachment `{path}` does not exist"),
            match near {
                Some(n) => format!("did you mean `{n}`?"),
                None => "add the file to content/files/, or correct the path (symbolic links \
                         are not attached)"
                    .to_owned(),
            },
        )
    } else {
        return;
    };
    c.out
        .push(Diagnostic::error(diag::ATTACHMENT, c.file, file.pos, msg).with_help(help));
}

/// The audiences irbook.yaml allows for `label`: those it lists, or by default every
/// audience, but only the last (most trusted) for RED.
pub fn allowed(s: &Scheme, idx: &Index, label: Tlp) -> Vec<Id> {
    match s.config.data.classification.listed(label) {
        Some(list) => list.iter().map(|a| a.value.clone()).collect(),
        None if label == Tlp::Red => idx.audiences.last().cloned().into_iter().collect(),
        None => idx.audiences.clone(),
    }
}

/// E0138: every edition that may see the playbook must be allowed its label.
fn classification(c: &mut Ctx, s: &Scheme, idx: &Index, pb: &Playbook, label: &At<Tlp>) {
    let allowed = allowed(s, idx, label.value);
    let from = idx.rank(&pb.audience);
    let barred: Vec<&Id> = idx.audiences[from.min(idx.audiences.len())..]
        .iter()
        .filter(|a| !allowed.contains(a))
        .collect();
    let Some(first) = barred.first() else {
        return;
    };
    let names: BTreeSet<String> = barred.iter().map(|a| format!("`{a}`")).collect();
    let may: Vec<String> = allowed.iter().map(|a| format!("`{a}`")).collect();
    let why = if s.config.data.classification.listed(label.value).is_some() {
        "irbook.yaml's `classification`"
    } else {
        "the default (RED: the most trusted audience only)"
    };
    c.out.push(
        Diagnostic::error(
            diag::CLASSIFICATION_AUDIENCE,
            c.file,
            label.pos,
            format!(
                "this TLP:{} playbook would reach the {} edition{}, which {why} does not allow",
                label.value.as_str(),
                names.into_iter().collect::<Vec<_>>().join(", "),
                if barred.len() == 1 { "" } else { "s" },
            ),
        )
        .with_help(match may.is_empty() {
            true => format!(
                "no audience may see TLP:{}; change the label or `classification` in irbook.yaml",
                label.value.as_str()
            ),
            false => format!(
                "give the playbook an `audience:` among {} (not `{first}`), or change its label",
                may.join(", ")
            ),
        }),
    );
}
