//! Which phase of the scheme a part heading of a Markdown playbook stands for: by the
//! `--phases` map, the phase's id or name, or a common synonym ("Detection" is
//! identification, "Post-incident" is lessons learned).

use crate::model::Id;
use crate::model::config::PhaseDef;
use crate::model::slug::slugify;

/// Words that name one of the standard phases, written as slugs.
const SYNONYMS: [(&str, &[&str]); 6] = [
    (
        "preparation",
        &[
            "prepare",
            "preparation",
            "readiness",
            "get-ready",
            "before-an-incident",
        ],
    ),
    (
        "identification",
        &[
            "identify",
            "identification",
            "detect",
            "detection",
            "analysis",
            "analyse",
            "analyze",
            "triage",
            "assess",
            "assessment",
            "investigate",
            "investigation",
            "scoping",
        ],
    ),
    (
        "containment",
        &["contain", "containment", "isolate", "isolation"],
    ),
    (
        "eradication",
        &[
            "eradicate",
            "eradication",
            "remove",
            "removal",
            "remediate",
            "remediation",
            "clean-up",
            "cleanup",
        ],
    ),
    (
        "recovery",
        &[
            "recover",
            "recovery",
            "restore",
            "restoration",
            "return-to-normal",
            "resume",
        ],
    ),
    (
        "lessons-learned",
        &[
            "lessons-learned",
            "lessons-learnt",
            "lessons",
            "post-incident",
            "after-the-incident",
            "after-action",
            "review",
            "follow-up",
            "improve",
            "improvement",
        ],
    ),
];

/// A heading with its numbering taken off: "1. Detect", "Part 2: Contain", "Step 3 -
/// Report", "1.2) Call" lose their numbers; "2FA rollout" keeps its own.
pub(super) fn unnumbered(heading: &str) -> &str {
    let t = heading.trim();
    let mut rest = t;
    for label in ["part", "phase", "step", "stage", "section"] {
        let n = label.len();
        if t.len() > n
            && t.is_char_boundary(n)
            && t[..n].eq_ignore_ascii_case(label)
            && t[n..].starts_with(' ')
        {
            rest = t[n..].trim_start();
            break;
        }
    }
    let digits = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let number = &rest[..digits];
    if !number.starts_with(|c: char| c.is_ascii_digit()) {
        return t;
    }
    let after = &rest[digits..];
    let spaced = after.trim_start();
    let stripped = spaced.trim_start_matches([')', ':', '-', '\u{2013}', '\u{2014}']);
    let separated = number.ends_with('.') || stripped.len() < spaced.len() || after.is_empty();
    let stripped = stripped.trim_start();
    if (separated || after.starts_with(' ')) && !stripped.is_empty() {
        stripped
    } else {
        t
    }
}

/// How a part heading was mapped.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Mapped {
    /// To this phase; the other phases the heading also names, if any.
    Phase(Id, Vec<Id>),
    /// To none.
    None,
}

/// Does `heading` match the `--phases` key `key`: the whole heading, or its start up to a
/// character that is not a letter or digit ("Part 1" matches "Part 1: Detect", not "Part 10").
pub(super) fn key_matches(key: &str, heading: &str) -> bool {
    let (k, h) = (key.trim().to_lowercase(), heading.trim().to_lowercase());
    h == k
        || h.strip_prefix(&k)
            .is_some_and(|rest| rest.starts_with(|c: char| !c.is_alphanumeric()))
}

/// The phase `heading` stands for.
pub(super) fn map(heading: &str, given: &[(String, Id)], phases: &[PhaseDef]) -> Mapped {
    if let Some((_, id)) = given.iter().find(|(k, _)| key_matches(k, heading)) {
        return Mapped::Phase(id.clone(), Vec::new());
    }
    let words: Vec<String> = slugify(unnumbered(heading))
        .split('-')
        .map(str::to_owned)
        .collect();
    let mut found: Vec<(usize, &Id)> = Vec::new();
    for ph in phases {
        let id = &ph.id.value;
        let mut names = vec![id.as_str().to_owned(), slugify(&ph.name)];
        // A phase of the scheme's own model takes the synonyms of each standard phase its
        // id or name names ("Containment, eradication and recovery" those of all three).
        let own: Vec<String> = names
            .iter()
            .flat_map(|n| n.split('-').map(str::to_owned).collect::<Vec<_>>())
            .collect();
        for (standard, syn) in SYNONYMS {
            let named = standard == id.as_str()
                || syn
                    .iter()
                    .copied()
                    .chain([standard])
                    .any(|w| position(&own, w).is_some());
            if named {
                names.extend(syn.iter().map(|s| (*s).to_owned()));
            }
        }
        let at = names.iter().filter_map(|n| position(&words, n)).min();
        if let Some(at) = at {
            found.push((at, id));
        }
    }
    found.sort_by_key(|(at, _)| *at);
    match found.split_first() {
        Some(((_, first), rest)) => Mapped::Phase(
            (*first).clone(),
            rest.iter().map(|(_, i)| (*i).clone()).collect(),
        ),
        None => Mapped::None,
    }
}

/// Where the words of the slug `phrase` stand in `words`, one after the other.
fn position(words: &[String], phrase: &str) -> Option<usize> {
    let p: Vec<&str> = phrase.split('-').collect();
    (0..words.len()).find(|&i| {
        words.len() >= i + p.len() && words[i..i + p.len()].iter().zip(&p).all(|(w, p)| w == p)
    })
}

/// Reads `--phases "Part 1=identification,Part 2=containment"`, each phase checked
/// against the scheme's.
pub(super) fn parse_map(text: &str, phases: &[PhaseDef]) -> Result<Vec<(String, Id)>, String> {
    let mut out = Vec::new();
    for pair in text.split(',').filter(|p| !p.trim().is_empty()) {
        let Some((key, phase)) = pair.split_once('=') else {
            return Err(format!(
                "--phases: `{pair}` is not HEADING=PHASE, e.g. \"Part 1=identification\""
            ));
        };
        let phase = phase.trim();
        let Some(def) = phases.iter().find(|p| p.id.value.as_str() == phase) else {
            let ids: Vec<&str> = phases.iter().map(|p| p.id.value.as_str()).collect();
            return Err(format!(
                "--phases: `{phase}` is not a phase of irbook.yaml; the phases are: {}",
                ids.join(", ")
            ));
        };
        if key.trim().is_empty() {
            return Err(format!("--phases: `{pair}` names no heading before `=`"));
        }
        out.push((key.trim().to_owned(), def.id.value.clone()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::At;

    fn phases() -> Vec<PhaseDef> {
        [
            "preparation",
            "identification",
            "containment",
            "eradication",
            "recovery",
            "lessons-learned",
        ]
        .iter()
        .map(|p| PhaseDef {
            id: At::unplaced(Id::parse(p).unwrap()),
            name: p.replace('-', " "),
            description: None,
        })
        .collect()
    }

    fn mapped(h: &str) -> String {
        match map(h, &[], &phases()) {
            Mapped::Phase(id, also) => {
                let also: Vec<String> = also.iter().map(|a| a.to_string()).collect();
                format!(
                    "{id}{}",
                    if also.is_empty() {
                        String::new()
                    } else {
                        format!(" +{}", also.join(","))
                    }
                )
            }
            Mapped::None => "-".into(),
        }
    }

    #[test]
    fn a_scheme_of_its_own_phases_takes_the_synonyms_its_names_name() {
        let nist: Vec<PhaseDef> = [
            ("prep", "Preparation"),
            ("detection-analysis", "Detection and analysis"),
            ("cer", "Containment, eradication and recovery"),
            ("post", "Post-incident activity"),
        ]
        .iter()
        .map(|(i, n)| PhaseDef {
            id: At::unplaced(Id::parse(i).unwrap()),
            name: (*n).into(),
            description: None,
        })
        .collect();
        let to = |h: &str| match map(h, &[], &nist) {
            Mapped::Phase(id, _) => id.to_string(),
            Mapped::None => "-".into(),
        };
        assert_eq!(to("2. Triage"), "detection-analysis");
        assert_eq!(to("Detection"), "detection-analysis");
        assert_eq!(to("Recover"), "cer");
        assert_eq!(to("Eradicate"), "cer");
        assert_eq!(to("Lessons learned"), "post");
        assert_eq!(to("Get ready"), "prep");
        assert_eq!(to("Communication"), "-");
    }

    #[test]
    fn numbering_comes_off() {
        assert_eq!(unnumbered("1. Detect and report"), "Detect and report");
        assert_eq!(unnumbered("1.2 Call the desk"), "Call the desk");
        assert_eq!(unnumbered("Part 2: Contain"), "Contain");
        assert_eq!(unnumbered("Step 3 - Report"), "Report");
        assert_eq!(unnumbered("3) Report"), "Report");
        assert_eq!(unnumbered("2FA rollout"), "2FA rollout");
        assert_eq!(unnumbered("Step up monitoring"), "Step up monitoring");
        assert_eq!(unnumbered("2024"), "2024");
    }

    #[test]
    fn headings_map_by_name_and_synonym() {
        assert_eq!(mapped("1. Detect and report"), "identification");
        assert_eq!(mapped("Detection"), "identification");
        assert_eq!(mapped("Lessons learned"), "lessons-learned");
        assert_eq!(mapped("Part 6: Post-incident activity"), "lessons-learned");
        assert_eq!(mapped("Containment"), "containment");
        assert_eq!(
            mapped("Containment, eradication and recovery"),
            "containment +eradication,recovery"
        );
        assert_eq!(mapped("Communication"), "-");
        let given = parse_map("Part 3=recovery", &phases()).unwrap();
        assert_eq!(
            map("Part 3: Back to work", &given, &phases()),
            Mapped::Phase(Id::parse("recovery").unwrap(), vec![])
        );
        assert_eq!(map("Part 30: Other", &given, &phases()), Mapped::None);
        assert!(
            parse_map("Part 1=nowhere", &phases())
                .unwrap_err()
                .contains("identification")
        );
        assert!(parse_map("Part 1", &phases()).is_err());
    }
}
