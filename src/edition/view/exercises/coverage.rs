//! What no exercise has tested: playbook steps, roles and severity levels.

use super::*;

impl Builder<'_> {
    pub(super) fn coverage(&self) -> CoverageView {
        let s = self.s;
        // Last run date per exercise.
        let mut last_run: BTreeMap<&Id, Date> = BTreeMap::new();
        for r in &s.records {
            let d = last_run
                .entry(&r.data.exercise.value)
                .or_insert(r.data.date.value);
            *d = (*d).max(r.data.date.value);
        }
        let mut step_ex: BTreeMap<(usize, &Id), Vec<&Id>> = BTreeMap::new();
        let mut role_ex: BTreeMap<&Id, Vec<&Id>> = BTreeMap::new();
        let mut level_ex: BTreeMap<&Id, Vec<&Id>> = BTreeMap::new();
        for doc in &s.exercises {
            let ex = &doc.data;
            let id = &ex.id.value;
            fn add<'x>(m: &mut Vec<&'x Id>, id: &'x Id) {
                if !m.contains(&id) {
                    m.push(id);
                }
            }
            let step_refs = ex.objectives.iter().flat_map(|o| &o.tests).chain(
                ex.injects
                    .iter()
                    .flat_map(|i| &i.expected)
                    .filter_map(|a| a.step.as_ref()),
            );
            for r in step_refs {
                if let Ok(f) = find_step(s, self.idx, &r.value) {
                    add(
                        step_ex.entry((f.playbook, &f.step.id.value)).or_default(),
                        id,
                    );
                }
            }
            for r in ex
                .participants
                .iter()
                .chain(ex.injects.iter().flat_map(|i| &i.expected).map(|a| &a.role))
            {
                add(role_ex.entry(&r.value).or_default(), id);
            }
            for l in ex
                .severity
                .iter()
                .chain(ex.injects.iter().filter_map(|i| i.severity.as_ref()))
                .chain(
                    ex.injects
                        .iter()
                        .flat_map(|i| &i.expected)
                        .filter_map(|a| a.escalates_to.as_ref()),
                )
            {
                add(level_ex.entry(&l.value).or_default(), id);
            }
        }
        let row = |item: StepLink, exs: Option<&Vec<&Id>>| {
            let exs: Vec<&Id> = exs.cloned().unwrap_or_default();
            CoverageRow {
                item,
                last: exs
                    .iter()
                    .filter_map(|e| last_run.get(e))
                    .max()
                    .map(|d| d.to_string()),
                exercises: exs
                    .iter()
                    .map(|e| Ref {
                        name: s
                            .exercises
                            .iter()
                            .find(|x| x.data.id.value == **e)
                            .map(|x| x.data.title.clone()),
                        href: Some(routes::guide(e)),
                    })
                    .collect(),
            }
        };
        let mut playbooks = Vec::new();
        let (mut tested, mut total) = (0, 0);
        for (i, pb) in s.playbooks.iter().enumerate() {
            if !self.sees(&pb.data.audience) {
                continue;
            }
            let steps: Vec<CoverageRow> = pb
                .data
                .phases
                .iter()
                .flat_map(|p| &p.steps)
                .filter(|st| self.sees(&st.audience))
                .map(|st| {
                    row(
                        self.source(&format!("{}/{}", pb.data.id.value, st.id.value)),
                        step_ex.get(&(i, &st.id.value)),
                    )
                })
                .collect();
            let untested = steps.iter().filter(|r| r.exercises.is_empty()).count();
            tested += steps.len() - untested;
            total += steps.len();
            playbooks.push(CoveragePlaybook {
                playbook: self.playbook(&pb.data.id.value),
                steps,
                untested,
            });
        }
        playbooks.sort_by(|a, b| a.playbook.name.cmp(&b.playbook.name));
        let roles = s
            .contacts
            .data
            .roles
            .iter()
            .filter(|r| self.sees(&r.audience))
            .map(|r| {
                let rf = self.role(&r.id.value);
                row(
                    StepLink {
                        reference: r.id.value.to_string(),
                        name: rf.name,
                        phase: None,
                        href: rf.href,
                    },
                    role_ex.get(&r.id.value),
                )
            })
            .collect();
        let levels = s
            .severity
            .data
            .levels
            .iter()
            .map(|l| {
                let rf = self.level(&l.id.value);
                row(
                    StepLink {
                        reference: l.id.value.to_string(),
                        name: rf.name,
                        phase: None,
                        href: rf.href,
                    },
                    level_ex.get(&l.id.value),
                )
            })
            .collect();
        CoverageView {
            playbooks,
            roles,
            levels,
            steps_tested: tested,
            steps_total: total,
        }
    }
}
