//! What no exercise has tested: playbook steps, roles and severity levels.

use super::*;

/// Which exercises test each step, role and level, and when each exercise last ran.
struct Tested<'s> {
    last_run: BTreeMap<&'s Id, Date>,
    steps: BTreeMap<(usize, &'s Id), Vec<&'s Id>>,
    roles: BTreeMap<&'s Id, Vec<&'s Id>>,
    levels: BTreeMap<&'s Id, Vec<&'s Id>>,
}

/// Adds `id` to the exercises in `m` unless it is there already.
fn add<'x>(m: &mut Vec<&'x Id>, id: &'x Id) {
    if !m.contains(&id) {
        m.push(id);
    }
}

impl<'s> Builder<'s> {
    /// The coverage page: what the exercises test and what they have left untested.
    pub(super) fn coverage(&self) -> CoverageView {
        let t = self.tested();
        let (playbooks, steps_tested, steps_total) = self.playbook_coverage(&t);
        CoverageView {
            playbooks,
            roles: self.role_coverage(&t),
            levels: self.level_coverage(&t),
            steps_tested,
            steps_total,
        }
    }

    /// Walks every exercise and record once to find what each exercise tests.
    fn tested(&self) -> Tested<'s> {
        let s = self.s;
        let mut t = Tested {
            last_run: BTreeMap::new(),
            steps: BTreeMap::new(),
            roles: BTreeMap::new(),
            levels: BTreeMap::new(),
        };
        for r in &s.records {
            let d = t
                .last_run
                .entry(&r.data.exercise.value)
                .or_insert(r.data.date.value);
            *d = (*d).max(r.data.date.value);
        }
        for doc in &s.exercises {
            let ex = &doc.data;
            let id = &ex.id.value;
            let step_refs = ex.objectives.iter().flat_map(|o| &o.tests).chain(
                ex.injects
                    .iter()
                    .flat_map(|i| &i.expected)
                    .filter_map(|a| a.step.as_ref()),
            );
            for r in step_refs {
                if let Ok(f) = find_step(s, self.idx, &r.value) {
                    add(
                        t.steps.entry((f.playbook, &f.step.id.value)).or_default(),
                        id,
                    );
                }
            }
            for r in ex
                .participants
                .iter()
                .chain(ex.injects.iter().flat_map(|i| &i.expected).map(|a| &a.role))
            {
                add(t.roles.entry(&r.value).or_default(), id);
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
                add(t.levels.entry(&l.value).or_default(), id);
            }
        }
        t
    }

    /// One row: the item, the exercises that test it and the latest run of any of them.
    fn coverage_row(&self, t: &Tested, item: StepLink, exs: Option<&Vec<&Id>>) -> CoverageRow {
        let exs: Vec<&Id> = exs.cloned().unwrap_or_default();
        CoverageRow {
            item,
            last: exs
                .iter()
                .filter_map(|e| t.last_run.get(e))
                .max()
                .map(|d| d.to_string()),
            exercises: exs
                .iter()
                .map(|e| Ref {
                    name: self
                        .s
                        .exercises
                        .iter()
                        .find(|x| x.data.id.value == **e)
                        .map(|x| x.data.title.clone()),
                    href: Some(routes::guide(e)),
                })
                .collect(),
        }
    }

    /// The visible steps of every visible playbook, with the count tested and in all.
    fn playbook_coverage(&self, t: &Tested) -> (Vec<CoveragePlaybook>, usize, usize) {
        let mut playbooks = Vec::new();
        let (mut tested, mut total) = (0, 0);
        for (i, pb) in self.s.playbooks.iter().enumerate() {
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
                    self.coverage_row(
                        t,
                        self.source(&format!("{}/{}", pb.data.id.value, st.id.value)),
                        t.steps.get(&(i, &st.id.value)),
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
        (playbooks, tested, total)
    }

    /// The visible roles of the contact list, each with the exercises that test it.
    fn role_coverage(&self, t: &Tested) -> Vec<CoverageRow> {
        self.s
            .contacts
            .data
            .roles
            .iter()
            .filter(|r| self.sees(&r.audience))
            .map(|r| {
                let rf = self.role(&r.id.value);
                self.coverage_row(
                    t,
                    StepLink {
                        reference: r.id.value.to_string(),
                        name: rf.name,
                        phase: None,
                        href: rf.href,
                    },
                    t.roles.get(&r.id.value),
                )
            })
            .collect()
    }

    /// Every severity level, each with the exercises that reach it.
    fn level_coverage(&self, t: &Tested) -> Vec<CoverageRow> {
        self.s
            .severity
            .data
            .levels
            .iter()
            .map(|l| {
                let rf = self.level(&l.id.value);
                self.coverage_row(
                    t,
                    StepLink {
                        reference: l.id.value.to_string(),
                        name: rf.name,
                        phase: None,
                        href: rf.href,
                    },
                    t.levels.get(&l.id.value),
                )
            })
            .collect()
    }
}
