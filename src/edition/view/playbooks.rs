//! Playbooks and report forms.

use super::*;
use crate::model::clock::Situation;
use crate::model::form::DEFAULT_ROWS;
use crate::model::{ChannelKind, FieldKind, Playbook};

/// The steps an edition shows by id: their number and title.
type ShownSteps<'p> = HashMap<&'p Id, (usize, Option<&'p str>)>;

/// A playbook's phases as shown, with the count of steps and decisions in them.
struct PhaseViews {
    views: Vec<PhaseView>,
    steps: usize,
    decisions: usize,
}

impl Builder<'_> {
    /// Playbook `i` as this edition shows it, or `None` if the edition may not see it.
    pub(super) fn playbook_view(&self, i: usize) -> Option<PlaybookView> {
        let doc = &self.s.playbooks[i];
        let pb = &doc.data;
        if !self.target_visible(Target::Playbook(i)) {
            return None;
        }
        let f = doc.file.as_str();
        let shown = self.shown_steps(pb);
        let phases = self.phase_views(pb, f, &shown);
        let category = self
            .idx
            .categories
            .get(&pb.category.value)
            .map(|c| &self.s.config.data.incident_categories[*c]);
        let facts: Vec<Id> = pb
            .facts
            .iter()
            .map(|f| &f.value)
            .filter(|f| self.fact_visible(f))
            .cloned()
            .collect();
        Some(PlaybookView {
            notifying: notifying_steps(&phases.views),
            calculator_href: (!facts.is_empty() && self.s.obligations.is_some()).then(|| {
                let ids: Vec<&str> = facts.iter().map(|f| f.as_str()).collect();
                format!("{}#facts={}", routes::DEADLINES, ids.join(","))
            }),
            clocks: self.playbook_clocks(pb, &facts),
            id: pb.id.value.clone(),
            href: routes::target(self.s, Target::Playbook(i)),
            title: pb.title.clone(),
            category: CategoryView {
                id: pb.category.value.clone(),
                name: category.map(|c| c.name.clone()).unwrap_or_default(),
            },
            default_severity: self.level(&pb.default_severity.value),
            severity_rank: self
                .idx
                .levels
                .get(&pb.default_severity.value)
                .map_or(usize::MAX, |r| r + 1),
            owner: pb.owner.as_ref().map(|o| self.role(&o.value)),
            summary_html: self.md_field(&pb.summary, f),
            indicators: pb.indicators.iter().map(|s| s.value.clone()).collect(),
            step_count: phases.steps,
            decision_count: phases.decisions,
            phases: phases.views,
            related: self.visible_refs(&pb.related_playbooks(), Self::playbook),
            parties: self.playbook_parties(&pb.id.value),
            search_terms: pb.search_terms.iter().map(|t| t.value.clone()).collect(),
            records: self.visible_refs(&pb.records, Self::form_ref),
            extra: self.playbook_extra(pb, f),
        })
    }

    /// The steps this edition shows, numbered in phase order, for links between steps.
    fn shown_steps<'p>(&self, pb: &'p Playbook) -> ShownSteps<'p> {
        let mut shown: ShownSteps = HashMap::new();
        for ph in &self.s.config.data.phases {
            for st in pb
                .phases
                .iter()
                .filter(|p| p.phase.value == ph.id.value)
                .flat_map(|p| p.steps.iter())
                .filter(|st| self.sees(&st.audience))
            {
                let n = shown.len() + 1;
                shown
                    .entry(&st.id.value)
                    .or_insert((n, st.title.as_ref().map(|t| t.value.as_str())));
            }
        }
        shown
    }

    /// Every phase of the model, in model order (so a missing phase is visible), with the
    /// playbook's visible steps in it numbered throughout.
    fn phase_views(&self, pb: &Playbook, f: &str, shown: &ShownSteps) -> PhaseViews {
        let mut number = 0;
        let mut decisions = 0;
        let views = self
            .s
            .config
            .data
            .phases
            .iter()
            .map(|ph| {
                let steps = pb
                    .phases
                    .iter()
                    .filter(|p| p.phase.value == ph.id.value)
                    .flat_map(|p| p.steps.iter())
                    .filter(|st| self.sees(&st.audience))
                    .map(|st| {
                        number += 1;
                        let step = self.step_view(st, number, f, shown);
                        decisions += step.decisions.len();
                        step
                    })
                    .collect();
                let objective = pb
                    .phases
                    .iter()
                    .filter(|p| p.phase.value == ph.id.value)
                    .find_map(|p| p.objective.as_ref());
                PhaseView {
                    id: ph.id.value.clone(),
                    name: ph.name.clone(),
                    description_html: ph
                        .description
                        .as_ref()
                        .map(|d| self.md_field(d, &self.s.config.file)),
                    objective_html: objective.map(|o| self.md_field(o, f)),
                    steps,
                }
            })
            .collect();
        PhaseViews {
            views,
            steps: number,
            decisions,
        }
    }

    /// The clocks the playbook's visible `facts` may start; none when it names no facts.
    fn playbook_clocks(&self, pb: &Playbook, facts: &[Id]) -> Vec<ClockLink> {
        if facts.is_empty() {
            return Vec::new();
        }
        let own_category = [pb.category.value.clone()];
        // Severity is not known until assessed: a page shows every level's duties.
        self.clocks_for(&Situation {
            facts,
            level: None,
            categories: Some(&own_category),
        })
    }

    /// Step `st` of a playbook (in `file`), numbered `number` among the steps shown, with
    /// the decisions this edition may see.
    fn step_view(
        &self,
        st: &crate::model::Step,
        number: usize,
        file: &str,
        shown: &ShownSteps,
    ) -> StepView {
        let decisions: Vec<DecisionView> = st
            .decisions
            .iter()
            .filter(|d| self.sees(&d.audience))
            .map(|d| DecisionView {
                question: d.question.value.clone(),
                choices: d
                    .choices
                    .iter()
                    .map(|c| ChoiceView {
                        option: c.option.clone(),
                        when_html: self.md_field(&c.when, file),
                        authorised_by: c.authorised_by.as_ref().map(|r| self.role(&r.value)),
                        then: c
                            .then
                            .as_ref()
                            .and_then(|t| step_link(&t.value, number, shown)),
                    })
                    .collect(),
            })
            .collect();
        StepView {
            id: st.id.value.clone(),
            anchor: anchor::of(anchor::STEP, &st.id.value),
            number,
            action_html: self.md_field(&st.action, file),
            owner: st.owner.as_ref().map(|o| self.role(&o.value)),
            evidence_html: st.evidence.as_ref().map(|t| self.md_field(t, file)),
            decisions,
            notices: self.notices(st, file),
            escalate: st
                .escalate
                .iter()
                .map(|e| EscalationView {
                    when: e.when.value.clone(),
                    to_severity: e.to_severity.as_ref().map(|l| self.level(&l.value)),
                    to_role: e.to_role.as_ref().map(|r| self.role(&r.value)),
                    to_party: e.to_party.as_ref().map(|p| self.party(&p.value)),
                })
                .collect(),
            extra: self.step_extra(st, number, shown),
        }
    }

    /// The external parties of the playbook `id` this edition may name.
    fn playbook_parties(&self, id: &Id) -> Vec<Ref> {
        self.s
            .contacts
            .data
            .external_parties
            .iter()
            .filter(|p| p.for_playbooks.iter().any(|x| x.value == *id))
            .map(|p| self.party(&p.id.value))
            .filter(|r| r.name.is_some())
            .collect()
    }

    pub(super) fn form(&self, i: usize) -> Option<FormView> {
        let doc = &self.s.forms[i];
        let fm = &doc.data;
        if !self.target_visible(Target::Form(i)) {
            return None;
        }
        let f = doc.file.as_str();
        Some(FormView {
            id: fm.id.value.clone(),
            href: routes::target(self.s, Target::Form(i)),
            title: fm.title.clone(),
            intro_html: fm.intro.as_ref().map(|t| self.md_field(t, f)),
            record: fm.record,
            send: self.send_view(&fm.id.value),
            sections: fm
                .sections
                .iter()
                .filter(|s| self.sees(&s.audience))
                .map(|s| SectionView {
                    id: s.id.value.clone(),
                    title: s.title.clone(),
                    help_html: s.help.as_ref().map(|t| self.md_field(t, f)),
                    fields: s
                        .fields
                        .iter()
                        .filter(|fl| self.sees(&fl.audience))
                        .map(|fl| FieldView {
                            id: fl.id.value.clone(),
                            label: fl.label.clone(),
                            kind: fl.kind,
                            required: fl.required,
                            help_html: fl.help.as_ref().map(|t| self.md_field(t, f)),
                            choices: fl.choices.clone(),
                        })
                        .collect(),
                    columns: s
                        .columns
                        .iter()
                        .map(|c| ColumnView {
                            id: c.id.value.clone(),
                            label: c.label.clone(),
                            kind: c.kind,
                            help_html: c.help.as_ref().map(|t| self.md_field(t, f)),
                            choices: if c.kind == FieldKind::ObligationStage {
                                self.stage_choices()
                            } else {
                                c.choices.clone()
                            },
                        })
                        .collect(),
                    keyed: s.columns.iter().any(|c| {
                        c.help.is_some()
                            || !c.choices.is_empty()
                            || c.kind == FieldKind::ObligationStage
                    }),
                    rows: if s.columns.is_empty() {
                        0
                    } else {
                        s.rows.as_ref().map_or(DEFAULT_ROWS, |r| r.value)
                    },
                })
                .collect(),
        })
    }

    /// Every stage of the obligations this edition may see, as "obligation: stage", for an
    /// `obligation-stage` column.
    fn stage_choices(&self) -> Vec<String> {
        self.s
            .obligations
            .iter()
            .flat_map(|o| &o.data.obligations)
            .filter(|ob| self.sees(&ob.audience))
            .flat_map(|ob| {
                ob.stages
                    .iter()
                    .map(move |st| format!("{}: {}", ob.title.value, st.title.value))
            })
            .collect()
    }

    /// The sending panel of form `id`, when it is the scheme's `intake:` form.
    fn send_view(&self, id: &Id) -> Option<SendView> {
        let cfg = &self.s.config;
        let intake = cfg.data.intake.as_ref().filter(|i| i.form.value == *id)?;
        let reporting = self.reporting();
        let email = match &intake.email {
            Some(e) => Some(e.value.trim().to_owned()),
            None => reporting
                .channels
                .iter()
                .find(|c| c.kind == ChannelKind::Email)
                .map(|c| c.value.clone()),
        };
        Some(SendView {
            point_of_contact: reporting.point_of_contact,
            hours: reporting.hours,
            email,
            // `check` refuses any other address; the view never offers one.
            service_desk_url: intake
                .service_desk_url
                .as_ref()
                .map(|u| u.value.trim().to_owned())
                .filter(|u| u.starts_with("https://")),
            next_html: intake.next.as_ref().map(|t| self.md_field(t, &cfg.file)),
            out_of_band: reporting.out_of_band,
        })
    }

    /// The form `id` as a reference: its title and page, or restricted.
    pub(super) fn form_ref(&self, id: &Id) -> Ref {
        match self.idx.forms.get(id) {
            Some(i) if self.target_visible(Target::Form(*i)) => Ref {
                name: Some(self.s.forms[*i].data.title.clone()),
                href: Some(routes::target(self.s, Target::Form(*i))),
            },
            _ => Ref::restricted(),
        }
    }
}
