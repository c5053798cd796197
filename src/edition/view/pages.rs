//! The policy, the scheme pages and the severity scale.

use super::*;

impl Builder<'_> {
    pub(super) fn policy(&self) -> PolicyView {
        let p = &self.s.policy;
        let mut slugger = page_slugger();
        let (html, headings) = self.md_with_headings(
            &p.body,
            Some(&p.body),
            Place {
                file: &p.file,
                pos: Pos {
                    line: p.body_line,
                    col: 1,
                },
                body: true,
            },
            Some(&mut slugger),
            0,
        );
        PolicyView {
            title: p.meta.title.clone(),
            owner: self.role(&p.meta.owner.value),
            approved_by: p.meta.approved_by.clone(),
            approved_on: p.meta.approved_on.value.to_string(),
            version: p.meta.version.clone(),
            review_by: p.meta.review_by.value.to_string(),
            html,
            headings,
        }
    }

    pub(super) fn page(&self, i: usize) -> Option<PageView> {
        let p = &self.s.pages[i];
        if !self.sees(&p.meta.audience) {
            return None;
        }
        let mut slugger = page_slugger();
        let (html, headings) = self.md_with_headings(
            &p.body,
            Some(&p.body),
            Place {
                file: &p.file,
                pos: Pos {
                    line: p.body_line,
                    col: 1,
                },
                body: true,
            },
            Some(&mut slugger),
            0,
        );
        Some(PageView {
            slug: p.slug.clone(),
            href: routes::target(self.s, Target::Page(i)),
            title: p.meta.title.clone(),
            summary: p.meta.summary.clone(),
            lifecycle: p.meta.lifecycle,
            owner: p.meta.owner.as_ref().map(|o| self.role(&o.value)),
            review_by: p.meta.review_by.as_ref().map(|d| d.value.to_string()),
            prev: None,
            next: None,
            headings,
            html,
            search_terms: p
                .meta
                .search_terms
                .iter()
                .map(|t| t.value.clone())
                .collect(),
        })
    }

    pub(super) fn severity(&self) -> SeverityView {
        let sv = &self.s.severity;
        let f = sv.file.as_str();
        let categories: Vec<CategoryView> = sv
            .data
            .categories
            .iter()
            .map(|c| CategoryView {
                id: c.id.value.clone(),
                name: c.name.clone(),
            })
            .collect();
        let levels = sv
            .data
            .levels
            .iter()
            .enumerate()
            .map(|(n, l)| LevelView {
                id: l.id.value.clone(),
                anchor: anchor::of(anchor::LEVEL, &l.id.value),
                name: l.name.clone(),
                rank: n + 1,
                summary: l.summary.clone(),
                criteria: sv
                    .data
                    .categories
                    .iter()
                    .map(|c| Criterion {
                        category: c.name.clone(),
                        text: l
                            .criteria
                            .get(&c.id.value)
                            .map(|t| t.value.clone())
                            .unwrap_or_default(),
                    })
                    .collect(),
                response_target: l.response_target.as_ref().map(|m| m.value.to_string()),
                update_every: l.update_every.as_ref().map(|m| m.value.to_string()),
                notify: self.visible_refs(&l.notify, Self::role),
                notify_parties: self.visible_refs(&l.notify_parties, Self::party),
                escalation_html: l.escalation.as_ref().map(|t| self.md_field(t, f)),
            })
            .collect();
        SeverityView {
            intro_html: sv.data.intro.as_ref().map(|t| self.md_field(t, f)),
            categories,
            levels,
        }
    }
}
