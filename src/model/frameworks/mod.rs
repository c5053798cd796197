//! The framework identifiers a playbook's `mappings` may name: MITRE ATT&CK Enterprise
//! tactics and techniques and NIST CSF 2.0 functions, categories and subcategories, from
//! lists shipped in the binary (`attack.tsv`, `csf.tsv`; their sources and terms in
//! `NOTICE.md`); ISO/IEC 27035 clause numbers, checked for their form only.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A framework a playbook can be mapped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framework {
    /// MITRE ATT&CK Enterprise.
    Attack,
    /// NIST Cybersecurity Framework 2.0.
    Csf,
    /// ISO/IEC 27035.
    Iso27035,
}

impl Framework {
    /// Its name as shown to readers.
    pub fn name(self) -> &'static str {
        match self {
            Framework::Attack => "MITRE ATT&CK",
            Framework::Csf => "NIST CSF 2.0",
            Framework::Iso27035 => "ISO/IEC 27035",
        }
    }
}

/// One identifier of a shipped list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The identifier, e.g. `T1486` or `RS.MA`.
    pub id: &'static str,
    /// Its name, e.g. "Data Encrypted for Impact"; a CSF subcategory has its category's.
    pub name: &'static str,
    /// What it sits under: an ATT&CK technique's tactic ids, comma-separated; a CSF
    /// category's function, a subcategory's category; empty for tactics and functions.
    pub parent: &'static str,
}

/// A shipped list, by identifier.
pub struct Catalogue {
    entries: BTreeMap<String, Entry>,
    /// The top level (tactics, functions), in the list's order.
    top: Vec<Entry>,
}

impl Catalogue {
    /// The entry for `id`.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.get(id)
    }

    /// ATT&CK's tactics or CSF's functions, in order.
    pub fn top(&self) -> &[Entry] {
        &self.top
    }

    /// Every identifier.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// The top-level entries `id` falls under: a technique's tactics, a CSF id's function.
    pub fn tops_of(&self, id: &str) -> Vec<&'static str> {
        let Some(e) = self.get(id) else {
            return Vec::new();
        };
        if e.parent.is_empty() {
            return vec![e.id];
        }
        e.parent.split(',').flat_map(|p| self.tops_of(p)).collect()
    }
}

/// ATT&CK Enterprise tactics and techniques.
pub fn attack() -> &'static Catalogue {
    static C: OnceLock<Catalogue> = OnceLock::new();
    C.get_or_init(|| read(include_str!("attack.tsv"), false))
}

/// NIST CSF 2.0 functions, categories and subcategories.
pub fn csf() -> &'static Catalogue {
    static C: OnceLock<Catalogue> = OnceLock::new();
    C.get_or_init(|| read(include_str!("csf.tsv"), true))
}

/// Reads a list: `id TAB name [TAB parent [TAB subcategory numbers]]` a line. With
/// `subs`, a category's numbers (`01-05,07`) add its subcategories, `GV.OC-01` and on.
fn read(text: &'static str, subs: bool) -> Catalogue {
    let mut entries = BTreeMap::new();
    let mut top = Vec::new();
    for line in text.lines().filter(|l| !l.is_empty()) {
        let mut cols = line.split('\t');
        let (Some(id), Some(name)) = (cols.next(), cols.next()) else {
            continue;
        };
        let parent = cols.next().unwrap_or_default();
        let e = Entry { id, name, parent };
        if parent.is_empty() {
            top.push(e);
        }
        entries.insert(id.to_owned(), e);
        if subs && let Some(nums) = cols.next() {
            for n in numbers(nums) {
                // Made once for the life of the process (the list is a static).
                let sub: &'static str = Box::leak(format!("{id}-{n:02}").into_boxed_str());
                entries.insert(
                    sub.to_owned(),
                    Entry {
                        id: sub,
                        name,
                        parent: id,
                    },
                );
            }
        }
    }
    Catalogue { entries, top }
}

/// `01-05,07` -> 1, 2, 3, 4, 5, 7.
fn numbers(spec: &str) -> Vec<u32> {
    let mut out = Vec::new();
    for part in spec.split(',') {
        let mut ends = part.split('-').map(|n| n.trim().parse::<u32>().ok());
        match (ends.next().flatten(), ends.next().flatten()) {
            (Some(a), Some(b)) => out.extend(a..=b),
            (Some(a), None) => out.push(a),
            _ => {}
        }
    }
    out
}

/// Is `s` an ISO/IEC 27035 clause number: `6.2`, `5`, or `2:5.3` (part 2)?
pub fn is_iso_clause(s: &str) -> bool {
    let clause = match s.split_once(':') {
        Some((part, rest)) => {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return false;
            }
            rest
        }
        None => s,
    };
    !clause.is_empty()
        && clause
            .split('.')
            .all(|n| !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attack_knows_tactics_techniques_and_subtechniques() {
        let a = attack();
        assert_eq!(a.get("T1486").unwrap().name, "Data Encrypted for Impact");
        assert_eq!(a.get("TA0040").unwrap().name, "Impact");
        assert_eq!(a.tops_of("T1566.001"), ["TA0001"]);
        assert_eq!(a.top().len(), 14);
        assert!(a.get("T9999").is_none());
    }

    #[test]
    fn csf_knows_functions_categories_and_subcategories() {
        let c = csf();
        assert_eq!(c.top().len(), 6);
        assert_eq!(c.get("RS.MA").unwrap().name, "Incident Management");
        assert_eq!(c.get("PR.AA-01").unwrap().parent, "PR.AA");
        assert_eq!(c.tops_of("PR.AA-01"), ["PR"]);
        // Withdrawn numbers are not subcategories.
        assert!(c.get("ID.AM-06").is_none());
        assert!(c.get("DE.CM-09").is_some());
        let subs = c.ids().filter(|i| i.contains('-')).count();
        assert_eq!(subs, 106, "CSF 2.0 has 106 subcategories");
    }

    #[test]
    fn iso_clauses_are_numbers() {
        for ok in ["6", "6.2", "6.2.1", "2:5.3"] {
            assert!(is_iso_clause(ok), "{ok}");
        }
        for bad in ["", "6.", "A.6", "clause 6", ":6", "6..2"] {
            assert!(!is_iso_clause(bad), "{bad}");
        }
    }
}
