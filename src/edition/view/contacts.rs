//! The contact directory, channels, references to people, roles and parties, the
//! reporting route and the call tree, as the edition's readers may see them.

use super::*;

impl Builder<'_> {
    pub(super) fn channel(&self, c: &Channel) -> Option<ChannelView> {
        if !self.sees(&c.audience) {
            return None;
        }
        let v = c.value.value.trim();
        let href = match c.kind {
            ChannelKind::Phone | ChannelKind::Mobile | ChannelKind::Sms | ChannelKind::Pager => {
                let digits: String = v
                    .chars()
                    .filter(|c| c.is_ascii_digit() || *c == '+')
                    .collect();
                (digits.len() >= 3).then(|| format!("tel:{digits}"))
            }
            ChannelKind::Email if v.contains('@') && !v.contains(char::is_whitespace) => {
                Some(format!("mailto:{v}"))
            }
            ChannelKind::Web if v.starts_with("https://") || v.starts_with("http://") => {
                Some(v.to_owned())
            }
            _ => None,
        };
        Some(ChannelView {
            kind: c.kind,
            kind_label: c.kind.label(),
            value: c.value.value.clone(),
            label: c.label.clone(),
            use_when: c.use_when.clone(),
            href,
        })
    }

    pub(super) fn channels(&self, cs: &[Channel]) -> Vec<ChannelView> {
        cs.iter().filter_map(|c| self.channel(c)).collect()
    }

    pub(super) fn role(&self, id: &Id) -> Ref {
        let ct = &self.s.contacts.data;
        match self.idx.roles.get(id).map(|i| &ct.roles[*i]) {
            Some(r) if self.sees(&r.audience) => Ref {
                name: Some(r.name.clone()),
                href: Some(routes::on_contacts(anchor::ROLE, id)),
            },
            _ => Ref::restricted(),
        }
    }

    pub(super) fn person(&self, id: &Id) -> Ref {
        let ct = &self.s.contacts.data;
        match self.idx.people.get(id).map(|i| &ct.people[*i]) {
            Some(p) if self.sees(&p.audience) => Ref {
                name: Some(p.name.clone()),
                href: Some(routes::on_contacts(anchor::PERSON, id)),
            },
            _ => Ref::restricted(),
        }
    }

    pub(super) fn party(&self, id: &Id) -> Ref {
        let ct = &self.s.contacts.data;
        match self.idx.parties.get(id).map(|i| &ct.external_parties[*i]) {
            Some(p) if self.sees(&p.audience) => Ref {
                name: Some(p.name.clone()),
                href: Some(routes::on_contacts(anchor::PARTY, id)),
            },
            _ => Ref::restricted(),
        }
    }

    pub(super) fn level(&self, id: &Id) -> Ref {
        match self
            .idx
            .levels
            .get(id)
            .map(|i| &self.s.severity.data.levels[*i])
        {
            Some(l) => Ref {
                name: Some(l.name.clone()),
                href: Some(format!("severity.html#level-{id}")),
            },
            None => Ref::restricted(),
        }
    }

    pub(super) fn playbook(&self, id: &Id) -> Ref {
        match self.idx.playbooks.get(id) {
            Some(i) if self.target_visible(Target::Playbook(*i)) => Ref {
                name: Some(self.s.playbooks[*i].data.title.clone()),
                href: Some(routes::target(self.s, Target::Playbook(*i))),
            },
            _ => Ref::restricted(),
        }
    }

    /// Visible references only: restricted ones are dropped from lists.
    pub(super) fn visible_refs(&self, ids: &[At<Id>], f: impl Fn(&Self, &Id) -> Ref) -> Vec<Ref> {
        ids.iter()
            .map(|i| f(self, &i.value))
            .filter(|r| r.name.is_some())
            .collect()
    }

    pub(super) fn reporting(&self) -> ReportingView {
        let r = &self.s.contacts.data.reporting;
        let poc = &r.point_of_contact.value;
        let role = self
            .idx
            .roles
            .get(poc)
            .map(|i| &self.s.contacts.data.roles[*i]);
        ReportingView {
            point_of_contact: self.role(poc),
            hours: r.hours.clone(),
            channels: role
                .filter(|r| self.sees(&r.audience))
                .map(|r| self.channels(&r.channels))
                .unwrap_or_default(),
            out_of_band: self.channels(&r.out_of_band),
        }
    }

    pub(super) fn call_tree(&self) -> Vec<CallTreeLevel> {
        let ct = &self.s.contacts.data;
        self.s
            .severity
            .data
            .levels
            .iter()
            .enumerate()
            .map(|(n, l)| {
                let roles = l
                    .notify
                    .iter()
                    .filter_map(|r| self.idx.roles.get(&r.value).map(|i| &ct.roles[*i]))
                    .filter(|r| self.sees(&r.audience));
                let mut clocks = self.clocks_at_level(n);
                clocks.extend(self.party_clocks(&l.id.value, &l.notify_parties));
                CallTreeLevel {
                    clocks,
                    id: l.id.value.clone(),
                    anchor: anchor::of(anchor::CALL, &l.id.value),
                    name: l.name.clone(),
                    rank: n + 1,
                    response_target: l.response_target.as_ref().map(|m| m.value.to_string()),
                    steps: roles
                        .enumerate()
                        .map(|(k, r)| CallStep {
                            order: k + 1,
                            role: self.role(&r.id.value),
                            channels: self.channels(&r.channels),
                            people: ct
                                .people
                                .iter()
                                .filter(|p| {
                                    self.sees(&p.audience)
                                        && p.roles.iter().any(|x| x.value == r.id.value)
                                })
                                .map(|p| CallPerson {
                                    person: self.person(&p.id.value),
                                    channels: self.channels(&p.channels),
                                    backups: self.visible_refs(&p.backups, Self::person),
                                })
                                .collect(),
                            on_duty: None,
                        })
                        .collect(),
                    parties: self.visible_refs(&l.notify_parties, Self::party),
                }
            })
            .collect()
    }

    /// The reporting deadlines (`reporting_deadline:` in contacts.yaml) of the parties told at
    /// level `level` (listed in its `notify_parties`, or with the level in their
    /// `for_severity`) that have no obligation of their own: each is a one-stage clock from
    /// awareness, shown in its own unit ("72 hours", never "3 days").
    pub(super) fn party_clocks(&self, level: &Id, notified: &[At<Id>]) -> Vec<ClockLink> {
        let own: Vec<&Id> = self
            .s
            .obligations
            .iter()
            .flat_map(|o| &o.data.obligations)
            .map(|ob| &ob.party.value)
            .collect();
        self.s
            .contacts
            .data
            .external_parties
            .iter()
            .filter(|p| self.sees(&p.audience) && !own.contains(&&p.id.value))
            .filter(|p| {
                notified.iter().any(|n| n.value == p.id.value)
                    || p.for_severity.iter().any(|l| l.value == *level)
            })
            .filter_map(|p| {
                let period = p.reporting_deadline.as_ref()?.value;
                let party = self.party(&p.id.value);
                Some(ClockLink {
                    title: "Reporting deadline".into(),
                    href: party.href.clone()?,
                    party,
                    first_deadline: format!("{} after awareness", period.describe()),
                    applies: "Always".into(),
                })
            })
            .collect()
    }

    pub(super) fn directory(&self) -> (Vec<RoleView>, Vec<PersonView>, Vec<PartyView>) {
        let ct = &self.s.contacts.data;
        let f = self.s.contacts.file.as_str();
        let people: Vec<PersonView> = ct
            .people
            .iter()
            .filter(|p| self.sees(&p.audience))
            .map(|p| PersonView {
                id: p.id.value.clone(),
                anchor: anchor::of(anchor::PERSON, &p.id.value),
                name: p.name.clone(),
                title: p.title.clone(),
                roles: self.visible_refs(&p.roles, Self::role),
                backups: self.visible_refs(&p.backups, Self::person),
                channels: self.channels(&p.channels),
                last_verified: p.last_verified.as_ref().map(|d| d.value.to_string()),
                search_terms: p.search_terms.iter().map(|t| t.value.clone()).collect(),
            })
            .collect();
        let roles = ct
            .roles
            .iter()
            .filter(|r| self.sees(&r.audience))
            .map(|r| RoleView {
                id: r.id.value.clone(),
                anchor: anchor::of(anchor::ROLE, &r.id.value),
                name: r.name.clone(),
                duties_html: r.duties.as_ref().map(|t| self.md_field(t, f)),
                channels: self.channels(&r.channels),
                holders: ct
                    .people
                    .iter()
                    .filter(|p| {
                        self.sees(&p.audience) && p.roles.iter().any(|x| x.value == r.id.value)
                    })
                    .map(|p| self.person(&p.id.value))
                    .collect(),
                search_terms: r.search_terms.iter().map(|t| t.value.clone()).collect(),
            })
            .collect();
        let parties = ct
            .external_parties
            .iter()
            .filter(|p| self.sees(&p.audience))
            .map(|p| PartyView {
                id: p.id.value.clone(),
                anchor: anchor::of(anchor::PARTY, &p.id.value),
                name: p.name.clone(),
                kind: p.kind.label(),
                when_html: p.when.as_ref().map(|t| self.md_field(t, f)),
                for_severity: self.visible_refs(&p.for_severity, Self::level),
                for_playbooks: self.visible_refs(&p.for_playbooks, Self::playbook),
                response_time: p.response_time.as_ref().map(|m| m.value.to_string()),
                reporting_deadline: p.reporting_deadline.as_ref().map(|m| m.value.describe()),
                reference: p.reference.clone(),
                channels: self.channels(&p.channels),
                last_verified: p.last_verified.as_ref().map(|d| d.value.to_string()),
                search_terms: p.search_terms.iter().map(|t| t.value.clone()).collect(),
            })
            .collect();
        (roles, people, parties)
    }
}
