//! The rules on a partly loaded scheme: what the other rules' findings mean when some
//! items or files were left out for problems of their own.
//!
//! A reference to something left out is not reported (the thing's own problems are); the
//! rules that judge a file as a whole wait until the file loads without problems; and
//! warnings, which judge what the scheme lacks, wait until every file loads.

use super::diagnostic::{self as diag, Code, Diagnostic, Severity};
use crate::load::Broken;
use crate::load::problem::Problem;
use std::collections::BTreeSet;

/// The rules that judge a file as a whole (its order, its structure, what it lacks): on
/// a file with problems they would judge the part that loaded.
const WHOLE_FILE_RULES: &[Code] = &[
    diag::MISSING_FIELD,
    diag::PHASE_ORDER,
    diag::CHOICES,
    diag::QUIZ_QUESTION,
    diag::QUIZ_GENERATOR,
    diag::EXERCISE_STRUCTURE,
    diag::MISSING_JUSTIFICATION,
    diag::STAGE_ORDER,
];

/// What was left out of a load, as the rules need it.
#[derive(Debug, Default)]
pub struct Partial {
    /// Some file had a problem: the scheme is partial.
    partial: bool,
    /// (rule code, what a reference names) of what was left out.
    refs: BTreeSet<(&'static str, String)>,
    /// Files with problems.
    troubled: BTreeSet<String>,
    /// Files with items left out.
    damaged: BTreeSet<String>,
    /// Files left out whole.
    whole: BTreeSet<String>,
}

impl Partial {
    /// What a load's `problems` and `broken` items mean for the other rules.
    pub fn new(problems: &[Problem], broken: &[Broken]) -> Partial {
        let mut p = Partial {
            partial: !problems.is_empty(),
            troubled: problems.iter().map(|p| p.file.clone()).collect(),
            ..Partial::default()
        };
        for b in broken {
            p.damaged.insert(b.file.clone());
            if b.item.path.is_empty() {
                p.whole.insert(b.file.clone());
            }
            if let Some((code, named)) = reference(b) {
                // An exercise action's `notifies` takes a role or a party and reports
                // either under the role rule.
                if code == diag::UNKNOWN_PARTY {
                    p.refs.insert((diag::UNKNOWN_ROLE.code, named.clone()));
                }
                p.refs.insert((code.code, named));
            }
        }
        p
    }

    /// Is the scheme partial?
    pub fn is_partial(&self) -> bool {
        self.partial
    }

    /// `diags` without what the left-out parts make wrong or unsure; also the number of
    /// warnings held back.
    pub fn spare(&self, diags: Vec<Diagnostic>) -> (Vec<Diagnostic>, usize) {
        if !self.partial {
            return (diags, 0);
        }
        let mut held = 0;
        let kept = diags
            .into_iter()
            .filter(|d| {
                if d.severity == Severity::Warning {
                    held += 1;
                    return false;
                }
                !self.spared(d)
            })
            .collect();
        (kept, held)
    }

    /// Does `d` follow from something left out?
    fn spared(&self, d: &Diagnostic) -> bool {
        if WHOLE_FILE_RULES.contains(&d.code) && self.troubled.contains(&d.file) {
            return true;
        }
        let Some(named) = d.reference() else {
            return false;
        };
        if d.code == diag::BROKEN_LINK || d.code == diag::BROKEN_ANCHOR {
            let Some(target) = link_file(&d.file, named) else {
                return false;
            };
            let left = if d.code == diag::BROKEN_LINK {
                &self.whole
            } else {
                &self.damaged
            };
            return left.contains(&target);
        }
        self.refs.contains(&(d.code.code, named.to_string()))
    }
}

/// The rule whose references lead to what `b` left out, and what they name.
fn reference(b: &Broken) -> Option<(Code, String)> {
    let (file, path) = (b.file.as_str(), b.item.path.as_str());
    // A file that could not be parsed is named by the `id:` read from its text.
    let id = || {
        b.item
            .id
            .clone()
            .or_else(|| path.is_empty().then(|| b.top_id.clone()).flatten())
    };
    let code = match (file, path) {
        ("irbook.yaml", "audiences") => diag::UNKNOWN_AUDIENCE,
        ("irbook.yaml", "phases") => diag::UNKNOWN_PHASE,
        ("irbook.yaml", "incident_categories") => diag::UNKNOWN_CATEGORY,
        ("content/severity.yaml", "categories") => diag::UNKNOWN_IMPACT,
        ("content/severity.yaml", "levels") => diag::UNKNOWN_SEVERITY,
        ("content/contacts.yaml", "roles") => diag::UNKNOWN_ROLE,
        ("content/contacts.yaml", "people") => diag::UNKNOWN_PERSON,
        ("content/contacts.yaml", "external_parties") => diag::UNKNOWN_PARTY,
        ("content/obligations.yaml", "facts") => diag::UNKNOWN_FACT,
        ("content/obligations.yaml", "obligations") => diag::UNKNOWN_OBLIGATION,
        ("content/tools.yaml", "tools") => diag::UNKNOWN_TOOL,
        (f, "") if f.starts_with("content/playbooks/") => diag::UNKNOWN_PLAYBOOK,
        (f, "phases.steps") if f.starts_with("content/playbooks/") => {
            let step = format!("{}/{}", b.top_id.as_ref()?, id()?);
            return Some((diag::UNKNOWN_STEP, step));
        }
        (f, "") if f.starts_with("content/templates/") => {
            let name = f.rsplit('/').next()?.strip_suffix(".md")?;
            return Some((diag::UNKNOWN_TEMPLATE, name.to_owned()));
        }
        (f, p) if f.starts_with("exercises/") && !f.starts_with("exercises/records/") => {
            if p.is_empty() {
                diag::UNKNOWN_EXERCISE
            } else {
                diag::UNKNOWN_EXERCISE_ITEM
            }
        }
        _ => return None,
    };
    Some((code, id()?))
}

/// The project file a link written in `from` leads to (its `#fragment` dropped).
fn link_file(from: &str, link: &str) -> Option<String> {
    let path = link.split('#').next().unwrap_or_default();
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::lenient::Failed;
    use crate::model::Pos;

    fn broken(file: &str, path: &str, id: Option<&str>, top: Option<&str>) -> Broken {
        Broken {
            file: file.into(),
            item: Failed {
                path: path.into(),
                id: id.map(str::to_owned),
            },
            top_id: top.map(str::to_owned),
        }
    }

    fn problem(file: &str) -> Problem {
        Problem::new(
            crate::load::problem::ProblemKind::UnknownField,
            file,
            Pos::default(),
            "x",
        )
    }

    #[test]
    fn references_to_what_was_left_out_are_spared() {
        let p = Partial::new(
            &[problem("content/contacts.yaml")],
            &[
                broken("content/contacts.yaml", "roles", Some("lead"), None),
                broken(
                    "content/playbooks/f.yaml",
                    "phases.steps",
                    Some("s"),
                    Some("f"),
                ),
                broken("content/scheme/gone.md", "", None, None),
            ],
        );
        let at = Pos { line: 1, col: 1 };
        let role = |id: &str| {
            Diagnostic::error(diag::UNKNOWN_ROLE, "content/playbooks/x.yaml", at, "r").refers_to(id)
        };
        let step =
            Diagnostic::error(diag::UNKNOWN_STEP, "exercises/e.yaml", at, "s").refers_to("f/s");
        let link = |to: &str| {
            Diagnostic::error(diag::BROKEN_LINK, "content/scheme/a/b.md", at, "l").refers_to(to)
        };
        let warning = Diagnostic::warning(diag::STEP_OWNER, "content/playbooks/x.yaml", at, "w");
        let order = Diagnostic::error(diag::PHASE_ORDER, "content/contacts.yaml", at, "o");
        let diags = vec![
            role("lead"),
            role("other"),
            step,
            link("../gone.md#x"),
            link("../here.md"),
            warning,
            order,
        ];
        let (kept, held) = p.spare(diags);
        let kept: Vec<Option<&str>> = kept.iter().map(|d| d.reference()).collect();
        assert_eq!(kept, [Some("other"), Some("../here.md")]);
        assert_eq!(held, 1);
    }

    #[test]
    fn a_whole_load_spares_nothing() {
        let p = Partial::new(&[], &[]);
        let w = Diagnostic::warning(diag::STEP_OWNER, "x", Pos::default(), "w");
        assert_eq!(p.spare(vec![w]).0.len(), 1);
    }
}
