//! Links in an edition's texts: relative source paths resolved to pages, anchors checked,
//! and whether the edition's readers may follow them.

use super::*;

/// Joins a relative link onto the folder of `from` (a `/`-separated project path), resolving `.` and `..`.
pub(super) fn join_relative(from: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in link.split('/') {
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

/// Passes link resolution through, noting each question and answer for the cache.
pub(super) struct Recorder<'a> {
    pub(super) inner: &'a dyn Linker,
    pub(super) seen: RefCell<Vec<(String, String, LinkOutcome)>>,
}

impl Linker for Recorder<'_> {
    fn resolve(&self, path: &str, fragment: &str) -> LinkOutcome {
        let outcome = self.inner.resolve(path, fragment);
        self.seen
            .borrow_mut()
            .push((path.to_owned(), fragment.to_owned(), outcome.clone()));
        outcome
    }
}

pub(super) struct FileLinker<'a> {
    pub(super) b: &'a Builder<'a>,
    pub(super) file: &'a str,
}

impl Linker for FileLinker<'_> {
    fn resolve(&self, path: &str, fragment: &str) -> LinkOutcome {
        let decoded = percent_decode(path);
        let Some(full) = join_relative(self.file, &decoded) else {
            return LinkOutcome::Broken;
        };
        match self.b.idx.files.get(&full) {
            None => LinkOutcome::Broken,
            Some(t) if !self.b.target_visible(*t) => LinkOutcome::Hidden,
            Some(t) => match self.b.anchor(*t, &percent_decode(fragment)) {
                Some(false) => LinkOutcome::BrokenAnchor,
                Some(true) if !self.b.anchor_visible(*t, &percent_decode(fragment)) => {
                    LinkOutcome::Hidden
                }
                _ => LinkOutcome::Href(crate::edition::html::site_link(&routes::target(
                    self.b.s, *t,
                ))),
            },
        }
    }
}

pub(super) fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

impl Builder<'_> {
    pub(super) fn target_visible(&self, t: Target) -> bool {
        match t {
            Target::Page(i) => self.sees(&self.s.pages[i].meta.audience),
            Target::Playbook(i) => self.sees(&self.s.playbooks[i].data.audience),
            Target::Form(i) => self.sees(&self.s.forms[i].data.audience),
            Target::Awareness(i) => self.sees(&self.s.awareness[i].meta.audience),
            Target::Quiz(i) => self.sees(&self.s.quizzes[i].data.audience),
            Target::Template(i) => self.sees(&self.s.templates[i].meta.audience),
            // A download exists where a playbook that may be seen attaches it for this edition.
            Target::Attachment(i) => self.s.playbooks.iter().enumerate().any(|(p, doc)| {
                self.target_visible(Target::Playbook(p))
                    && doc
                        .data
                        .attachments
                        .iter()
                        .any(|a| a.file.value == self.s.files[i].path && self.sees(&a.audience))
            }),
            Target::Home
            | Target::Policy
            | Target::Severity
            | Target::Contacts
            | Target::Obligations => true,
        }
    }

    /// Does page `t` have anchor `frag`? `None` where irbook does not know a page's anchors
    /// in advance (Markdown pages, whose heading anchors come from rendering).
    pub(super) fn anchor(&self, t: Target, frag: &str) -> Option<bool> {
        if frag.is_empty() {
            return None;
        }
        let s = self.s;
        let ct = &s.contacts.data;
        let has = |prefix: &str, ids: &mut dyn Iterator<Item = &Id>| {
            frag.strip_prefix(prefix)
                .is_some_and(|rest| std::iter::from_fn(|| ids.next()).any(|i| i.as_str() == rest))
        };
        Some(match t {
            Target::Contacts => {
                ["roles", "people", "parties"].contains(&frag)
                    || has(anchor::ROLE, &mut ct.roles.iter().map(|r| &r.id.value))
                    || has(anchor::PERSON, &mut ct.people.iter().map(|p| &p.id.value))
                    || has(
                        anchor::PARTY,
                        &mut ct.external_parties.iter().map(|p| &p.id.value),
                    )
            }
            Target::Severity => has(
                anchor::LEVEL,
                &mut s.severity.data.levels.iter().map(|l| &l.id.value),
            ),
            Target::Playbook(i) => {
                let pb = &s.playbooks[i].data;
                [
                    "indicators",
                    "parties",
                    "related",
                    "raci",
                    "detections",
                    "tools",
                    "attachments",
                    "references",
                    "mappings",
                ]
                .contains(&frag)
                    || has(
                        anchor::PHASE,
                        &mut s.config.data.phases.iter().map(|p| &p.id.value),
                    )
                    || has(
                        anchor::STEP,
                        &mut pb
                            .phases
                            .iter()
                            .flat_map(|p| &p.steps)
                            .map(|st| &st.id.value),
                    )
            }
            Target::Form(i) => {
                let f = &s.forms[i].data;
                has(anchor::SECTION, &mut f.sections.iter().map(|x| &x.id.value))
                    || has(
                        anchor::FIELD,
                        &mut f
                            .sections
                            .iter()
                            .flat_map(|x| &x.fields)
                            .map(|x| &x.id.value),
                    )
            }
            Target::Home
            | Target::Policy
            | Target::Page(_)
            | Target::Awareness(_)
            | Target::Quiz(_)
            | Target::Obligations
            | Target::Template(_)
            | Target::Attachment(_) => return None,
        })
    }

    /// Is the item an existing anchor names visible in this edition?
    pub(super) fn anchor_visible(&self, t: Target, frag: &str) -> bool {
        let s = self.s;
        let ct = &s.contacts.data;
        let sees_where = |prefix: &str, items: &mut dyn Iterator<Item = (&Id, &Option<At<Id>>)>| {
            frag.strip_prefix(prefix)
                .and_then(|rest| {
                    std::iter::from_fn(|| items.next()).find(|(i, _)| i.as_str() == rest)
                })
                .is_none_or(|(_, a)| self.sees(a))
        };
        match t {
            Target::Contacts => {
                sees_where(
                    anchor::ROLE,
                    &mut ct.roles.iter().map(|r| (&r.id.value, &r.audience)),
                ) && sees_where(
                    anchor::PERSON,
                    &mut ct.people.iter().map(|p| (&p.id.value, &p.audience)),
                ) && sees_where(
                    anchor::PARTY,
                    &mut ct
                        .external_parties
                        .iter()
                        .map(|p| (&p.id.value, &p.audience)),
                )
            }
            Target::Playbook(i) => sees_where(
                anchor::STEP,
                &mut s.playbooks[i]
                    .data
                    .phases
                    .iter()
                    .flat_map(|p| &p.steps)
                    .map(|st| (&st.id.value, &st.audience)),
            ),
            Target::Form(i) => {
                let f = &s.forms[i].data;
                sees_where(
                    anchor::SECTION,
                    &mut f.sections.iter().map(|x| (&x.id.value, &x.audience)),
                ) && f.sections.iter().all(|sec| {
                    frag.strip_prefix(anchor::FIELD).is_none_or(|rest| {
                        sec.fields
                            .iter()
                            .find(|x| x.id.value.as_str() == rest)
                            .is_none_or(|x| self.sees(&sec.audience) && self.sees(&x.audience))
                    })
                })
            }
            _ => true,
        }
    }
}
