//! Duty cards: for each role the edition may see, one printable page for the first hour of
//! an incident, built from the playbooks, the call tree and the contacts as this edition
//! shows them (steps, decisions and channels it may not see never reach a card).

use super::*;
use serde::Serialize;

/// A step of a playbook a role owns, as its duty card lists it.
#[derive(Debug, Clone, Serialize)]
pub struct DutyStep {
    /// Its number on the playbook page.
    pub number: usize,
    /// Link to it on the playbook page.
    pub href: String,
    /// The phase it belongs to.
    pub phase: String,
    /// What to do.
    pub action_html: Html,
}

/// A decision whose choices a role is authorised to take.
#[derive(Debug, Clone, Serialize)]
pub struct DutyDecision {
    /// The number of the step it belongs to.
    pub number: usize,
    /// Link to the step.
    pub href: String,
    /// The question.
    pub question: String,
    /// The choices this role may take.
    pub choices: Vec<ChoiceView>,
}

/// What a role does in the first phases of one playbook.
#[derive(Debug, Clone, Serialize)]
pub struct DutyPlaybook {
    /// The playbook's title.
    pub title: String,
    /// Its page.
    pub href: String,
    /// Steps it owns.
    pub steps: Vec<DutyStep>,
    /// Decisions it authorises.
    pub decisions: Vec<DutyDecision>,
}

/// An escalation trigger on a step the role owns.
#[derive(Debug, Clone, Serialize)]
pub struct DutyEscalation {
    /// The playbook's title.
    pub playbook: String,
    /// Link to the step.
    pub href: String,
    /// The step's number.
    pub number: usize,
    /// The trigger and whom it calls.
    pub escalation: EscalationView,
}

/// Notices a step the role owns sends, with their clocks.
#[derive(Debug, Clone, Serialize)]
pub struct DutyNotices {
    /// The playbook's title.
    pub playbook: String,
    /// Link to the step.
    pub href: String,
    /// The step's number.
    pub number: usize,
    /// The notices.
    pub notices: Vec<NoticeView>,
}

/// A role the card's role calls, and how.
#[derive(Debug, Clone, Serialize)]
pub struct DutyCall {
    /// The role called.
    pub role: Ref,
    /// Why: the playbooks whose escalations call it in, and the call-tree levels where it
    /// comes next.
    pub why: Vec<String>,
    /// The role's own channels.
    pub channels: Vec<ChannelView>,
    /// The people holding it, with their channels.
    pub people: Vec<CallPerson>,
    /// The rota slot of the role (its anchor), when a rotation says who is on duty.
    pub on_duty: Option<String>,
    /// The role's id (the card shows the role by its reference only).
    #[serde(skip)]
    pub role_id: Id,
}

/// An outside party the role tells, and how.
#[derive(Debug, Clone, Serialize)]
pub struct DutyParty {
    /// The party.
    pub party: Ref,
    /// Its channels.
    pub channels: Vec<ChannelView>,
}

/// One role's duty card.
#[derive(Debug, Clone, Serialize)]
pub struct DutyCardView {
    /// The role's id.
    pub id: Id,
    /// The card's page.
    pub href: String,
    /// The role's name.
    pub name: String,
    /// The role on the contact directory.
    pub role: Ref,
    /// What the role does.
    pub duties_html: Option<Html>,
    /// The role's own channels.
    pub channels: Vec<ChannelView>,
    /// Who holds the role.
    pub holders: Vec<Ref>,
    /// The names of the first phases the card covers.
    pub phases: Vec<String>,
    /// Per playbook the role appears in: its steps and decisions in the first phases.
    pub playbooks: Vec<DutyPlaybook>,
    /// Escalation triggers on the steps it owns in the first phases.
    pub escalations: Vec<DutyEscalation>,
    /// Notices to outside parties its steps send, in any phase, with their clocks.
    pub notices: Vec<DutyNotices>,
    /// Roles it calls.
    pub calls: Vec<DutyCall>,
    /// Outside parties it tells.
    pub parties: Vec<DutyParty>,
    /// Routes that do not depend on the organisation's e-mail or network.
    pub out_of_band: Vec<ChannelView>,
    /// The rota slot of the role (its anchor), when a rotation says who is on duty.
    pub on_duty: Option<String>,
    /// The records kept by the playbooks it works in (`records:`), each once.
    pub records: Vec<Ref>,
}

/// The phases a duty card covers: those up to and including containment, preparation
/// left out (done before any incident); without a `containment` phase, the first three.
pub fn first_phases(cfg: &crate::model::config::Config) -> Vec<&Id> {
    let ids: Vec<&Id> = cfg.phases.iter().map(|p| &p.id.value).collect();
    let end = ids
        .iter()
        .position(|p| p.as_str() == "containment")
        .map_or(3.min(ids.len()), |i| i + 1);
    ids[..end]
        .iter()
        .copied()
        .filter(|p| p.as_str() != "preparation")
        .collect()
}

impl Builder<'_> {
    /// The duty cards of every role the edition may see, from the edition's `playbooks`;
    /// `rota_roles` are the roles a rotation covers.
    pub(super) fn duty_cards(
        &self,
        playbooks: &[PlaybookView],
        rota_roles: &[Id],
    ) -> Vec<DutyCardView> {
        let ct = &self.s.contacts.data;
        let first = first_phases(&self.s.config.data);
        let phase_name = |id: &Id| {
            self.s
                .config
                .data
                .phases
                .iter()
                .find(|p| p.id.value == *id)
                .map_or_else(|| id.to_string(), |p| p.name.clone())
        };
        let slot = |id: &Id| {
            rota_roles
                .contains(id)
                .then(|| anchor::of(anchor::ROLE, id))
        };
        ct.roles
            .iter()
            .filter(|r| self.sees(&r.audience))
            .map(|r| {
                let id = &r.id.value;
                let mut card = DutyCardView {
                    id: id.clone(),
                    href: routes::duty_card(id),
                    name: r.name.clone(),
                    role: self.role(id),
                    duties_html: r
                        .duties
                        .as_ref()
                        .map(|t| self.md_field(t, &self.s.contacts.file)),
                    channels: self.channels(&r.channels),
                    holders: self.holders(id).map(|p| self.person(&p.id.value)).collect(),
                    phases: first.iter().map(|p| phase_name(p)).collect(),
                    playbooks: Vec::new(),
                    escalations: Vec::new(),
                    notices: Vec::new(),
                    calls: Vec::new(),
                    parties: Vec::new(),
                    out_of_band: self.channels(&ct.reporting.out_of_band),
                    on_duty: slot(id),
                    records: Vec::new(),
                };
                for pv in playbooks {
                    self.card_playbook(&mut card, pv, &first);
                }
                self.card_calls(&mut card, &slot);
                card
            })
            .collect()
    }

    /// The people the edition may see who hold role `id`.
    fn holders<'s>(&'s self, id: &'s Id) -> impl Iterator<Item = &'s crate::model::Person> {
        self.s
            .contacts
            .data
            .people
            .iter()
            .filter(move |p| self.sees(&p.audience) && p.roles.iter().any(|x| x.value == *id))
    }

    /// What the card's role does in playbook `pv` (as the edition shows it).
    fn card_playbook(&self, card: &mut DutyCardView, pv: &PlaybookView, first: &[&Id]) {
        let Some(doc) = self
            .idx
            .playbooks
            .get(&pv.id)
            .map(|&i| &self.s.playbooks[i])
        else {
            return;
        };
        let role = &card.id.clone();
        let mut entry = DutyPlaybook {
            title: pv.title.clone(),
            href: pv.href.clone(),
            steps: Vec::new(),
            decisions: Vec::new(),
        };
        for phase in &pv.phases {
            // The same steps, in the same order, as the playbook page shows: the view's
            // steps beside the model's, which know their owners' ids.
            let model = doc
                .data
                .phases
                .iter()
                .filter(|p| p.phase.value == phase.id)
                .flat_map(|p| p.steps.iter())
                .filter(|st| self.sees(&st.audience));
            let in_first = first.contains(&&phase.id);
            for (st, sv) in model.zip(&phase.steps) {
                let owns = st.owner.as_ref().is_some_and(|o| o.value == *role);
                // Most steps of most playbooks are not this role's: no link made for them.
                let may_decide = in_first && !st.decisions.is_empty();
                if !owns && !may_decide {
                    continue;
                }
                let href = format!("{}#{}", pv.href, sv.anchor);
                if owns && in_first {
                    entry.steps.push(DutyStep {
                        number: sv.number,
                        href: href.clone(),
                        phase: phase.name.clone(),
                        action_html: sv.action_html.clone(),
                    });
                }
                if in_first {
                    entry
                        .decisions
                        .extend(self.authorised_decisions(st, sv, &href, role));
                }
                if owns {
                    self.owned_step_duties(card, pv, st, sv, &href, in_first);
                }
            }
        }
        if !entry.steps.is_empty() || !entry.decisions.is_empty() {
            card.playbooks.push(entry);
            // Whoever works a playbook keeps its records with the rest of the team.
            for r in &pv.records {
                if r.href.is_some() && !card.records.iter().any(|x| x.href == r.href) {
                    card.records.push(r.clone());
                }
            }
        }
    }

    /// The decisions at step `st` (shown as `sv`, at `href`) whose choices `role` may
    /// authorise, with just those choices.
    fn authorised_decisions(
        &self,
        st: &crate::model::Step,
        sv: &StepView,
        href: &str,
        role: &Id,
    ) -> Vec<DutyDecision> {
        let decisions = st.decisions.iter().filter(|d| self.sees(&d.audience));
        let mut out = Vec::new();
        for (d, dv) in decisions.zip(&sv.decisions) {
            let choices: Vec<ChoiceView> = d
                .choices
                .iter()
                .zip(&dv.choices)
                .filter(|(c, _)| c.authorised_by.as_ref().is_some_and(|a| a.value == *role))
                .map(|(_, cv)| cv.clone())
                .collect();
            if !choices.is_empty() {
                out.push(DutyDecision {
                    number: sv.number,
                    href: href.to_owned(),
                    question: dv.question.clone(),
                    choices,
                });
            }
        }
        out
    }

    /// What the card's role watches for at a step it owns: the step's notices, and, in the
    /// first phases, its escalations and whom it calls in.
    fn owned_step_duties(
        &self,
        card: &mut DutyCardView,
        pv: &PlaybookView,
        st: &crate::model::Step,
        sv: &StepView,
        href: &str,
        in_first: bool,
    ) {
        // The clocks run from awareness, so a later step's notice is watched from
        // the first hour too.
        if !sv.notices.is_empty() {
            card.notices.push(DutyNotices {
                playbook: pv.title.clone(),
                href: href.to_owned(),
                number: sv.number,
                notices: sv.notices.clone(),
            });
        }
        if !in_first {
            return;
        }
        for e in &sv.escalate {
            card.escalations.push(DutyEscalation {
                playbook: pv.title.clone(),
                href: href.to_owned(),
                number: sv.number,
                escalation: e.clone(),
            });
        }
        self.card_step_calls(card, st, &pv.title);
    }

    /// The roles and parties a step the card's role owns calls in.
    fn card_step_calls(&self, card: &mut DutyCardView, st: &crate::model::Step, playbook: &str) {
        for e in &st.escalate {
            if let Some(to) = &e.to_role {
                add_call(card, self.role(&to.value), &to.value, playbook.to_owned());
            }
            if let Some(p) = &e.to_party {
                self.add_party(card, &p.value);
            }
        }
        for n in &st.notify {
            self.add_party(card, &n.party.value);
        }
    }

    /// Adds the party `id` to the card, once, when the edition may see it.
    fn add_party(&self, card: &mut DutyCardView, id: &Id) {
        let ct = &self.s.contacts.data;
        let Some(p) = self.idx.parties.get(id).map(|i| &ct.external_parties[*i]) else {
            return;
        };
        let party = self.party(id);
        if party.name.is_none() || card.parties.iter().any(|x| x.party.href == party.href) {
            return;
        }
        card.parties.push(DutyParty {
            party,
            channels: self.channels(&p.channels),
        });
    }

    /// The roles the card's role calls next in the call tree, then the channels and
    /// holders of every role it calls.
    fn card_calls(&self, card: &mut DutyCardView, slot: &dyn Fn(&Id) -> Option<String>) {
        let ct = &self.s.contacts.data;
        for level in &self.s.severity.data.levels {
            let shown: Vec<&Id> = level
                .notify
                .iter()
                .map(|r| &r.value)
                .filter(|r| {
                    self.idx
                        .roles
                        .get(*r)
                        .is_some_and(|i| self.sees(&ct.roles[*i].audience))
                })
                .collect();
            if let Some(i) = shown.iter().position(|r| **r == card.id)
                && let Some(next) = shown.get(i + 1)
            {
                let why = format!("next in the call tree at {}", level.name);
                add_call(card, self.role(next), next, why);
            }
        }
        for call in &mut card.calls {
            let id = call.role_id.clone();
            if let Some(r) = self.idx.roles.get(&id).map(|i| &ct.roles[*i]) {
                call.channels = self.channels(&r.channels);
            }
            call.people = self
                .holders(&id)
                .map(|p| CallPerson {
                    person: self.person(&p.id.value),
                    channels: self.channels(&p.channels),
                    backups: self.visible_refs(&p.backups, Self::person),
                })
                .collect();
            call.on_duty = slot(&id);
        }
    }
}

/// Adds a call to `role` (id `id`) to the card, or a reason to an existing one; roles the
/// edition may not see, and the card's own role, are left out.
fn add_call(card: &mut DutyCardView, role: Ref, id: &Id, why: String) {
    if role.name.is_none() || *id == card.id {
        return;
    }
    match card.calls.iter_mut().find(|c| c.role.href == role.href) {
        Some(c) => {
            if !c.why.contains(&why) {
                c.why.push(why);
            }
        }
        None => card.calls.push(DutyCall {
            role,
            why: vec![why],
            channels: Vec::new(),
            people: Vec::new(),
            on_duty: None,
            role_id: id.clone(),
        }),
    }
}
