//! The optional parts of a playbook and its steps, as an edition may see them:
//! provenance, marking, links, mappings, detections, tools, attachments; step titles,
//! targets, conditions, gates, RACI roles and where a choice leads.
//!
//! What attackers would want (detections with their queries, where a tool is kept) is
//! team-only unless its own `audience` says otherwise: without one it is shown to the
//! last, most trusted audience only.

use super::*;
use crate::model::frameworks;
use crate::model::playbook_fields::{Related, RelatedTarget};
use crate::model::{Playbook, Step};
use serde::Serialize;

/// Where a playbook came from, for its attribution line.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    /// Title of the original.
    pub title: String,
    /// Its author.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Its address, when it is a web address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    /// The licence it was used under.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
}

/// A link to a related playbook or page, with its relation.
#[derive(Debug, Clone, Serialize)]
pub struct RelatedView {
    /// What the link shows.
    pub title: String,
    /// Where it leads (root-relative for a playbook, a web address for a page); none for
    /// an address that is not a web address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    /// It leads out of the scheme.
    pub external: bool,
    /// The kind of link, e.g. "pivot to".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
    /// When to follow it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
}

/// A document the playbook draws on.
#[derive(Debug, Clone, Serialize)]
pub struct ReferenceView {
    /// Its title.
    pub title: String,
    /// Its address, when it is a web address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    /// The address as written.
    pub url: String,
}

/// One framework identifier and its name.
#[derive(Debug, Clone, Serialize)]
pub struct MappedView {
    /// The identifier, e.g. `T1486`.
    pub id: String,
    /// Its name, e.g. "Data Encrypted for Impact" (empty for ISO/IEC 27035 clauses).
    pub name: String,
}

/// The frameworks a playbook answers to.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MappingsView {
    /// MITRE ATT&CK Enterprise tactics and techniques.
    pub attack: Vec<MappedView>,
    /// NIST CSF 2.0 functions, categories and subcategories.
    pub csf: Vec<MappedView>,
    /// ISO/IEC 27035 clause numbers.
    pub iso27035: Vec<MappedView>,
}

/// A detection the edition may see.
#[derive(Debug, Clone, Serialize)]
pub struct DetectionView {
    /// Where the signal shows.
    pub source: String,
    /// What to look for.
    pub signal_html: Html,
    /// How serious, as the source grades it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// The query, shown as code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
}

/// A tool named by a playbook, linking to the tools page.
#[derive(Debug, Clone, Serialize)]
pub struct ToolRef {
    /// Tool id.
    pub id: Id,
    /// Its name.
    pub name: String,
    /// Root-relative link to it on the tools page.
    pub href: String,
}

/// A file offered for download.
#[derive(Debug, Clone, Serialize)]
pub struct AttachmentView {
    /// The link text.
    pub title: String,
    /// Root-relative link to the download.
    pub href: String,
    /// The file's name.
    pub file_name: String,
}

/// The roles around a step besides its owner.
#[derive(Debug, Clone, Serialize)]
pub struct RaciView {
    /// The role answerable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accountable: Option<Ref>,
    /// Roles asked.
    pub consulted: Vec<Ref>,
    /// Roles told.
    pub informed: Vec<Ref>,
}

/// A link to a step of the same playbook.
#[derive(Debug, Clone, Serialize)]
pub struct StepLink {
    /// Step id.
    pub id: Id,
    /// Its anchor on the playbook page.
    pub anchor: String,
    /// Its number among the steps shown.
    pub number: usize,
    /// Its title, or "Step N".
    pub label: String,
    /// It comes at or before the step linking to it: following it loops back.
    pub back: bool,
}

/// The optional fields of a playbook shown on its page and in `scheme.json`; each is
/// left out of the JSON when empty, so a playbook without them is written as before.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PlaybookExtra {
    /// The playbook's own version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Draft, approved or retired.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'static str>,
    /// The role that approved it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<Ref>,
    /// The day it was approved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approved_on: Option<String>,
    /// The day it is due for review.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_by: Option<String>,
    /// Where it came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceView>,
    /// Its TLP label, e.g. `AMBER+STRICT`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub classification: Option<&'static str>,
    /// Its TLP label as a class name, e.g. `amber-strict`.
    #[serde(skip)]
    pub classification_class: Option<String>,
    /// Related playbooks and pages with their relation, when any link is more than a
    /// plain playbook id (the plain ones are in `related` as before).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_links: Vec<RelatedView>,
    /// Documents it draws on.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<ReferenceView>,
    /// Framework identifiers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mappings: Option<MappingsView>,
    /// Detections this edition may see.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub detections: Vec<DetectionView>,
    /// Tools it uses that this edition may see.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tools: Vec<ToolRef>,
    /// Files this edition may download.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<AttachmentView>,
    /// Some step names a role besides its owner: the page shows a RACI matrix.
    #[serde(skip)]
    pub has_raci: bool,
}

/// The optional fields of a step.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StepExtra {
    /// Its title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Its time target, in words ("15 minutes").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within: Option<String>,
    /// The condition under which it applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applies_when: Option<String>,
    /// Steps to be done first that this edition may see.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<StepLink>,
    /// The roles besides the owner.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raci: Option<RaciView>,
}

/// A web address fit for a link: http or https only; anything else is shown as text.
fn web_href(url: &str) -> Option<String> {
    let u = url.trim();
    (u.starts_with("https://") || u.starts_with("http://"))
        .then(|| u.to_owned())
        .filter(|u| !u.contains(char::is_whitespace))
}

impl Builder<'_> {
    /// May this edition see something whose audience defaults to the team (the last,
    /// most trusted audience) when not given?
    pub(super) fn sees_team_default(&self, aud: &Option<At<Id>>) -> bool {
        match aud {
            Some(_) => self.sees(aud),
            None => self.sees(&self.idx.audiences.last().cloned().map(At::unplaced)),
        }
    }

    /// The playbook's optional fields as this edition may see them.
    pub(super) fn playbook_extra(&self, pb: &Playbook, file: &str) -> PlaybookExtra {
        let mut x = PlaybookExtra {
            version: pb.version.as_ref().map(|v| v.value.clone()),
            status: pb.status.as_ref().map(|s| s.value.as_str()),
            approved_by: pb.approved_by.as_ref().map(|r| self.role(&r.value)),
            approved_on: pb.approved_on.as_ref().map(|d| d.value.to_string()),
            review_by: pb.review_by.as_ref().map(|d| d.value.to_string()),
            source: pb.source.as_ref().map(|s| SourceView {
                title: s.title.value.clone(),
                author: s.author.as_ref().map(|a| a.value.clone()),
                href: s.url.as_ref().and_then(|u| web_href(&u.value)),
                licence: s.licence.as_ref().map(|l| l.value.clone()),
            }),
            classification: pb.classification.as_ref().map(|c| c.value.as_str()),
            classification_class: pb
                .classification
                .as_ref()
                .map(|c| c.value.as_str().to_lowercase().replace('+', "-")),
            references: pb
                .references
                .iter()
                .map(|r| ReferenceView {
                    title: r.title.value.clone(),
                    href: web_href(&r.url.value),
                    url: r.url.value.clone(),
                })
                .collect(),
            ..PlaybookExtra::default()
        };
        if pb.related.iter().any(|r| {
            r.value.relation.is_some() || r.value.when.is_some() || r.value.playbook().is_none()
        }) {
            x.related_links = pb
                .related
                .iter()
                .filter_map(|r| self.related(&r.value))
                .collect();
        }
        x.mappings = mappings_view(pb);
        x.detections = self.detection_views(pb, file);
        x.tools = pb
            .tools
            .iter()
            .filter_map(|t| self.tool_ref(&t.value))
            .collect();
        x.attachments = self.attachment_views(pb);
        x.has_raci = pb
            .phases
            .iter()
            .flat_map(|p| &p.steps)
            .filter(|st| self.sees(&st.audience))
            .any(|st| st.raci.is_some());
        x
    }

    /// The playbook's detections the team may see, signal rendered.
    fn detection_views(&self, pb: &Playbook, file: &str) -> Vec<DetectionView> {
        pb.detections
            .iter()
            .filter(|d| self.sees_team_default(&d.audience))
            .map(|d| DetectionView {
                source: d.source.value.clone(),
                signal_html: self.md_field(&d.signal, file),
                severity: d.severity.as_ref().map(|s| s.value.clone()),
                query: d.query.as_ref().map(|q| q.value.clone()),
            })
            .collect()
    }

    /// The playbook's visible attachments whose file is in the scheme.
    fn attachment_views(&self, pb: &Playbook) -> Vec<AttachmentView> {
        pb.attachments
            .iter()
            .filter(|a| self.sees(&a.audience))
            .filter(|a| {
                self.s
                    .files
                    .binary_search_by(|f| f.path.as_str().cmp(&a.file.value))
                    .is_ok()
            })
            .map(|a| {
                let file_name = a
                    .file
                    .value
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                AttachmentView {
                    title: a
                        .title
                        .as_ref()
                        .map_or_else(|| file_name.clone(), |t| t.value.clone()),
                    href: routes::attachment(&a.file.value),
                    file_name,
                }
            })
            .collect()
    }

    fn related(&self, r: &Related) -> Option<RelatedView> {
        let (title, href, external) = match &r.target {
            RelatedTarget::Playbook(id) => {
                let rf = self.playbook(id);
                (rf.name?, rf.href, false)
            }
            RelatedTarget::Url(u) => (u.clone(), web_href(u), true),
        };
        Some(RelatedView {
            title,
            href,
            external,
            relation: r.relation.clone(),
            when: r.when.clone(),
        })
    }

    /// A tool this edition may see, linked to its entry on the tools page.
    pub(super) fn tool_ref(&self, id: &Id) -> Option<ToolRef> {
        let tools = &self.s.tools.as_ref()?.data.tools;
        let t = &tools[*self.idx.tools.get(id)?];
        self.sees(&t.audience).then(|| ToolRef {
            id: t.id.value.clone(),
            name: t.name.value.clone(),
            href: routes::on_tools(&t.id.value),
        })
    }

    /// A step's optional fields; `shown` numbers the steps this edition sees, by id.
    pub(super) fn step_extra(
        &self,
        st: &Step,
        number: usize,
        shown: &HashMap<&Id, (usize, Option<&str>)>,
    ) -> StepExtra {
        StepExtra {
            title: st.title.as_ref().map(|t| t.value.clone()),
            within: st.within.as_ref().map(|w| w.value.to_string()),
            applies_when: st.applies_when.as_ref().map(|a| a.value.text.clone()),
            requires: st
                .requires
                .iter()
                .filter_map(|r| step_link(&r.value, number, shown))
                .collect(),
            raci: st.raci.as_ref().map(|r| RaciView {
                accountable: r.accountable.as_ref().map(|a| self.role(&a.value)),
                consulted: r.consulted.iter().map(|a| self.role(&a.value)).collect(),
                informed: r.informed.iter().map(|a| self.role(&a.value)).collect(),
            }),
        }
    }
}

/// A link from step number `from` to step `to`, if this edition shows it.
pub(super) fn step_link(
    to: &Id,
    from: usize,
    shown: &HashMap<&Id, (usize, Option<&str>)>,
) -> Option<StepLink> {
    let &(number, title) = shown.get(to)?;
    Some(StepLink {
        id: to.clone(),
        anchor: anchor::of(anchor::STEP, to),
        number,
        label: title.map_or_else(
            || format!("Step {number}"),
            |t| format!("Step {number}, {t}"),
        ),
        back: number <= from,
    })
}

/// A tool of the inventory, with the playbooks that use it.
#[derive(Debug, Clone, Serialize)]
pub struct ToolView {
    /// Tool id.
    pub id: Id,
    /// Its anchor on the tools page.
    pub anchor: String,
    /// Its name.
    pub name: String,
    /// What it is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose_html: Option<Html>,
    /// The role that looks after it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<Ref>,
    /// Where to find it, when this edition may know.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location_html: Option<Html>,
    /// The playbooks this edition sees that use it.
    pub playbooks: Vec<NavLink>,
}

/// One tactic or function and the playbooks that address it.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageRow {
    /// Its id, e.g. `TA0040` or `RS`.
    pub id: &'static str,
    /// Its name.
    pub name: &'static str,
    /// The playbooks mapped to it or to something under it; none is a gap.
    pub playbooks: Vec<NavLink>,
}

/// Which ATT&CK tactics and CSF functions the edition's playbooks address.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageView {
    /// ATT&CK Enterprise tactics, in ATT&CK's order.
    pub attack: Vec<CoverageRow>,
    /// NIST CSF 2.0 functions, in the framework's order.
    pub csf: Vec<CoverageRow>,
    /// Playbooks with no mapping at all.
    pub unmapped: Vec<NavLink>,
}

impl Builder<'_> {
    /// The attached files this edition may download: those of the playbooks it sees,
    /// unless the attachment's own audience keeps it out.
    pub(super) fn downloads(&self) -> Vec<(String, std::sync::Arc<[u8]>)> {
        let mut out: Vec<(String, std::sync::Arc<[u8]>)> = Vec::new();
        for (i, doc) in self.s.playbooks.iter().enumerate() {
            if !self.target_visible(Target::Playbook(i)) {
                continue;
            }
            for a in doc
                .data
                .attachments
                .iter()
                .filter(|a| self.sees(&a.audience))
            {
                if let Ok(f) = self
                    .s
                    .files
                    .binary_search_by(|f| f.path.as_str().cmp(&a.file.value))
                {
                    out.push((
                        routes::attachment(&a.file.value),
                        self.s.files[f].bytes.clone(),
                    ));
                }
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out.dedup_by(|a, b| a.0 == b.0);
        out
    }

    /// The tools inventory as this edition may see it.
    pub(super) fn tools_view(&self, playbooks: &[PlaybookView]) -> Vec<ToolView> {
        let Some(doc) = &self.s.tools else {
            return Vec::new();
        };
        doc.data
            .tools
            .iter()
            .filter(|t| self.sees(&t.audience))
            .map(|t| ToolView {
                id: t.id.value.clone(),
                anchor: anchor::of(anchor::TOOL, &t.id.value),
                name: t.name.value.clone(),
                purpose_html: t.purpose.as_ref().map(|p| self.md_field(p, &doc.file)),
                owner: t.owner.as_ref().map(|o| self.role(&o.value)),
                location_html: t
                    .location
                    .as_ref()
                    .filter(|_| self.sees_team_default(&t.location_audience))
                    .map(|l| self.md_field(l, &doc.file)),
                playbooks: playbooks
                    .iter()
                    .filter(|p| p.extra.tools.iter().any(|x| x.id == t.id.value))
                    .map(|p| NavLink {
                        title: p.title.clone(),
                        href: p.href.clone(),
                    })
                    .collect(),
            })
            .collect()
    }
}

/// The coverage of the frameworks by `playbooks`; none when no playbook is mapped.
pub(super) fn coverage(playbooks: &[PlaybookView]) -> Option<CoverageView> {
    if playbooks.iter().all(|p| p.extra.mappings.is_none()) {
        return None;
    }
    let rows = |cat: &'static frameworks::Catalogue,
                ids: &dyn Fn(&MappingsView) -> &Vec<MappedView>| {
        cat.top()
            .iter()
            .map(|top| CoverageRow {
                id: top.id,
                name: top.name,
                playbooks: playbooks
                    .iter()
                    .filter(|p| {
                        p.extra.mappings.as_ref().is_some_and(|m| {
                            ids(m).iter().any(|x| cat.tops_of(&x.id).contains(&top.id))
                        })
                    })
                    .map(|p| NavLink {
                        title: p.title.clone(),
                        href: p.href.clone(),
                    })
                    .collect(),
            })
            .collect()
    };
    Some(CoverageView {
        attack: rows(frameworks::attack(), &|m| &m.attack),
        csf: rows(frameworks::csf(), &|m| &m.csf),
        unmapped: playbooks
            .iter()
            .filter(|p| p.extra.mappings.is_none())
            .map(|p| NavLink {
                title: p.title.clone(),
                href: p.href.clone(),
            })
            .collect(),
    })
}

/// The playbook's framework mappings with the catalogue names, if it has any.
fn mappings_view(pb: &Playbook) -> Option<MappingsView> {
    if pb.mappings.is_empty() {
        return None;
    }
    let named = |ids: &[At<String>], cat: Option<&frameworks::Catalogue>| {
        ids.iter()
            .map(|i| MappedView {
                id: i.value.clone(),
                name: cat
                    .and_then(|c| c.get(&i.value))
                    .map(|e| e.name.to_owned())
                    .unwrap_or_default(),
            })
            .collect()
    };
    Some(MappingsView {
        attack: named(&pb.mappings.attack, Some(frameworks::attack())),
        csf: named(&pb.mappings.csf, Some(frameworks::csf())),
        iso27035: named(&pb.mappings.iso27035, None),
    })
}
