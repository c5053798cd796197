//! Notification obligations as an edition shows them: the obligations page, the deadline
//! calculator's data, communication templates with the scheme's values filled in, and the
//! clocks a playbook, a step or a severity level brings.

use super::*;
use crate::model::clock::{Calendar, Condition, Situation, wire};
use crate::model::obligation::Obligation;
use crate::model::template::{self, Placeholder, StageContext};
use serde::Serialize;

/// An incident fact as a question.
#[derive(Debug, Clone, Serialize)]
pub struct FactView {
    /// Fact id (the calculator's checkbox value).
    pub id: Id,
    /// The question.
    pub question: String,
    /// How to decide.
    pub help_html: Option<Html>,
}

/// One stage of an obligation.
#[derive(Debug, Clone, Serialize)]
pub struct StageView {
    /// Stage id.
    pub id: Id,
    /// Title.
    pub title: String,
    /// What must be sent.
    pub what_html: Html,
    /// The deadline in words, units kept ("72 hours", never "3 days").
    pub deadline: String,
    /// The template to start from, when the reader may see it.
    pub template: Option<Ref>,
}

/// One obligation.
#[derive(Debug, Clone, Serialize)]
pub struct ObligationView {
    /// Obligation id.
    pub id: Id,
    /// Anchor on the obligations page.
    pub anchor: String,
    /// Title.
    pub title: String,
    /// The party to tell.
    pub party: Ref,
    /// The party's channels the reader may see.
    pub channels: Vec<ChannelView>,
    /// Where the duty comes from.
    pub basis_html: Html,
    /// Where to read it.
    pub basis_url: Option<String>,
    /// When it applies, in words.
    pub applies: String,
    /// Stages in order.
    pub stages: Vec<StageView>,
}

/// The obligations page and the calculator.
#[derive(Debug, Clone, Serialize)]
pub struct ObligationsView {
    /// The facts, as questions.
    pub facts: Vec<FactView>,
    /// Every obligation the edition may see.
    pub obligations: Vec<ObligationView>,
    /// The scheme's time zone.
    pub timezone: String,
    /// The calculator's data as JSON, safe inside a `<script>` element (not exported: it
    /// repeats the obligations).
    #[serde(skip)]
    pub calculator_json: String,
}

/// A clock a playbook or a severity level brings: an obligation and its first deadline.
#[derive(Debug, Clone, Serialize)]
pub struct ClockLink {
    /// Obligation title.
    pub title: String,
    /// Link to it on the obligations page.
    pub href: String,
    /// The party to tell.
    pub party: Ref,
    /// The first stage's deadline in words.
    pub first_deadline: String,
    /// When it applies, in words.
    pub applies: String,
}

/// A notice a step sends.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeView {
    /// The party.
    pub party: Ref,
    /// The obligation and stage it meets, in words ("Breach notice: initial notice").
    pub stage: Option<String>,
    /// The stage's deadline in words.
    pub deadline: Option<String>,
    /// Link to the obligation.
    pub href: Option<String>,
    /// When to send it.
    pub when_html: Option<Html>,
}

/// A playbook step that tells a party outside, for the playbook's clocks panel.
#[derive(Debug, Clone, Serialize)]
pub struct NotifyingStep {
    /// The step's number among the steps shown.
    pub number: usize,
    /// Its anchor on the playbook page.
    pub anchor: String,
    /// Whom it tells, with the first deadline its notices name.
    pub notices: Vec<NoticeView>,
}

/// The steps of `phases` that tell someone outside, in order.
pub(super) fn notifying_steps(phases: &[PhaseView]) -> Vec<NotifyingStep> {
    phases
        .iter()
        .flat_map(|ph| &ph.steps)
        .filter(|st| !st.notices.is_empty())
        .map(|st| NotifyingStep {
            number: st.number,
            anchor: st.anchor.clone(),
            notices: st.notices.clone(),
        })
        .collect()
}

/// A communication template with the scheme's values filled in.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateView {
    /// Template id.
    pub id: Id,
    /// Page path.
    pub href: String,
    /// Title.
    pub title: String,
    /// When to use it.
    pub summary: Option<String>,
    /// The text, values filled in, blanks marked.
    pub html: Html,
    /// Blanks to fill in, in order.
    pub blanks: Vec<String>,
    /// The stages it serves, in words, with links.
    pub stages: Vec<Ref>,
    /// Who approved the wording.
    pub approved_by: Option<Ref>,
    /// When.
    pub approved_on: Option<String>,
}

/// The calculator's data: everything `calculator.js` needs, nothing hidden.
#[derive(Serialize)]
struct CalculatorData<'a> {
    calendar: wire::WireCalendar,
    facts: Vec<(&'a Id, &'a str)>,
    levels: Vec<(&'a Id, &'a str)>,
    obligations: Vec<CalcObligation<'a>>,
}

#[derive(Serialize)]
struct CalcObligation<'a> {
    id: &'a Id,
    title: &'a str,
    href: String,
    party: Option<String>,
    channels: Vec<(String, String, Option<String>)>,
    /// When it applies, as `deadlines.js`'s `applies` reads it (facts the edition may not
    /// see are left out, as on the obligations page).
    #[serde(flatten)]
    condition: Condition,
    /// The severity condition in words, for rows shown before a level is chosen.
    level_text: Option<String>,
    /// The incident categories it is limited to, by name (the calculator does not ask).
    category_names: Vec<String>,
    stages: Vec<CalcStage>,
}

#[derive(Serialize)]
struct CalcStage {
    #[serde(flatten)]
    wire: wire::WireStage,
    title: String,
    template: Option<String>,
    template_title: Option<String>,
}

impl Builder<'_> {
    /// The obligations the edition may see, in file order.
    fn visible_obligations(&self) -> Vec<&Obligation> {
        self.s
            .obligations
            .iter()
            .flat_map(|o| &o.data.obligations)
            .filter(|ob| self.sees(&ob.audience))
            .collect()
    }

    /// The incident facts the edition may see, in file order.
    fn visible_facts(&self) -> Vec<&crate::model::obligation::Fact> {
        self.s
            .obligations
            .iter()
            .flat_map(|o| &o.data.facts)
            .filter(|f| self.sees(&f.audience))
            .collect()
    }

    /// Is the fact `id` one the edition may see (an unknown one is not)?
    pub(super) fn fact_visible(&self, id: &Id) -> bool {
        self.visible_facts().iter().any(|f| f.id.value == *id)
    }

    /// The fact conditions of `ob` as the edition may show them: `(any, all, hidden)`.
    ///
    /// A condition on a fact the edition may not see cannot be judged there, so it is left
    /// out and the clock shows whether or not that fact holds: an `any` list naming a hidden
    /// fact is dropped whole, a hidden fact of `all` alone. `hidden` says something was
    /// left out.
    fn conditions<'a>(&self, ob: &'a Obligation) -> (Vec<&'a Id>, Vec<&'a Id>, bool) {
        let w = &ob.applies_when;
        let any_hidden = w.any.iter().any(|f| !self.fact_visible(&f.value));
        let any = if any_hidden {
            Vec::new()
        } else {
            w.any.iter().map(|f| &f.value).collect()
        };
        let all: Vec<&Id> = w
            .all
            .iter()
            .map(|f| &f.value)
            .filter(|f| self.fact_visible(f))
            .collect();
        let hidden = any_hidden || all.len() < w.all.len();
        (any, all, hidden)
    }

    /// When `ob` applies, as this edition may tell it: facts it may not see are left out.
    fn condition(&self, ob: &Obligation) -> Condition {
        let (any, all, _) = self.conditions(ob);
        Condition {
            any: any.into_iter().cloned().collect(),
            all: all.into_iter().cloned().collect(),
            ..Condition::of(&ob.applies_when, &self.idx.levels)
        }
    }

    /// The names of the incident categories `ob` is limited to.
    fn category_names(&self, ob: &Obligation) -> Vec<String> {
        let cats = &self.s.config.data.incident_categories;
        ob.applies_when
            .categories
            .iter()
            .map(|c| {
                cats.iter()
                    .find(|x| x.id.value == c.value)
                    .map_or_else(|| c.value.to_string(), |x| x.name.clone())
            })
            .collect()
    }

    /// The severity condition of `ob` in words ("at Major or more severe").
    fn level_text(&self, ob: &Obligation) -> Option<String> {
        ob.applies_when.min_severity.as_ref().map(|l| {
            let name = self
                .level(&l.value)
                .name
                .unwrap_or_else(|| l.value.to_string());
            format!("at {name} or more severe")
        })
    }

    fn stage_name<'a>(ob: &'a Obligation) -> impl Fn(&Id) -> String + 'a {
        move |id: &Id| {
            ob.stages
                .iter()
                .find(|x| x.id.value == *id)
                .map_or_else(|| id.to_string(), |x| x.title.value.to_lowercase())
        }
    }

    fn deadline_text(&self, ob: &Obligation, k: usize, cal: &Calendar) -> String {
        ob.stages[k]
            .deadline
            .value
            .describe(&cal.targets, &Self::stage_name(ob))
    }

    /// When an obligation applies, in words, as far as the edition may see.
    fn applies(&self, ob: &Obligation) -> String {
        let question = |id: &Id| {
            self.visible_facts()
                .into_iter()
                .find(|x| x.id.value == *id)
                .map_or_else(|| id.to_string(), |x| x.question.value.clone())
        };
        let (any, all, hidden) = self.conditions(ob);
        let mut parts = Vec::new();
        if !all.is_empty() {
            let qs: Vec<String> = all.into_iter().map(question).collect();
            parts.push(format!("all of: {}", qs.join("; ")));
        }
        if !any.is_empty() {
            let qs: Vec<String> = any.into_iter().map(question).collect();
            parts.push(format!("any of: {}", qs.join("; ")));
        }
        if hidden {
            parts.push(
                "a condition this edition does not show (so it is listed whatever the answers)"
                    .into(),
            );
        }
        let cats = self.category_names(ob);
        if !cats.is_empty() {
            parts.push(format!("for {} incidents", cats.join(" or ")));
        }
        parts.extend(self.level_text(ob));
        if parts.is_empty() {
            "Always".into()
        } else {
            parts.join(" — ")
        }
    }

    fn template_ref(&self, id: &At<Id>) -> Option<Ref> {
        let i = *self.idx.templates.get(&id.value)?;
        let t = &self.s.templates[i];
        self.sees(&t.meta.audience).then(|| Ref {
            name: Some(t.meta.title.clone()),
            href: Some(routes::target(self.s, Target::Template(i))),
        })
    }

    /// The obligations page and calculator data; `None` without content/obligations.yaml.
    pub(super) fn obligations_view(&self) -> Option<ObligationsView> {
        let o = self.s.obligations.as_ref()?;
        let cal = Calendar::from_config(&self.s.config.data);
        let facts = self
            .visible_facts()
            .into_iter()
            .map(|f| FactView {
                id: f.id.value.clone(),
                question: f.question.value.clone(),
                help_html: f.help.as_ref().map(|h| self.md_field(h, &o.file)),
            })
            .collect();
        let obligations = self
            .visible_obligations()
            .into_iter()
            .map(|ob| self.obligation_view(ob, &o.file, &cal))
            .collect();
        Some(ObligationsView {
            facts,
            obligations,
            timezone: cal.zone.as_str().to_owned(),
            calculator_json: self.calculator_json(&cal),
        })
    }

    fn obligation_view(&self, ob: &Obligation, file: &str, cal: &Calendar) -> ObligationView {
        let party = self.party(&ob.party.value);
        let channels = self
            .idx
            .parties
            .get(&ob.party.value)
            .map(|&i| self.channels(&self.s.contacts.data.external_parties[i].channels))
            .filter(|_| party.name.is_some())
            .unwrap_or_default();
        ObligationView {
            id: ob.id.value.clone(),
            anchor: anchor::of("obligation-", &ob.id.value),
            title: ob.title.value.clone(),
            party,
            channels,
            basis_html: self.md_field(&ob.basis.text, file),
            basis_url: ob.basis.url.as_ref().map(|u| u.value.clone()),
            applies: self.applies(ob),
            stages: ob
                .stages
                .iter()
                .enumerate()
                .map(|(k, st)| StageView {
                    id: st.id.value.clone(),
                    title: st.title.value.clone(),
                    what_html: self.md_field(&st.what, file),
                    deadline: self.deadline_text(ob, k, cal),
                    template: st.template.as_ref().and_then(|t| self.template_ref(t)),
                })
                .collect(),
        }
    }

    fn calculator_json(&self, cal: &Calendar) -> String {
        let data = CalculatorData {
            calendar: wire::WireCalendar::new(cal),
            facts: self
                .visible_facts()
                .into_iter()
                .map(|f| (&f.id.value, f.question.value.as_str()))
                .collect(),
            levels: self
                .s
                .severity
                .data
                .levels
                .iter()
                .map(|l| (&l.id.value, l.name.as_str()))
                .collect(),
            obligations: self
                .visible_obligations()
                .into_iter()
                .map(|ob| self.calc_obligation(ob, cal))
                .collect(),
        };
        // `<` written as an escape: no text of the scheme can close the script element.
        serde_json::to_string(&data)
            .unwrap_or_else(|_| "{}".into())
            .replace('<', "\\u003c")
    }

    fn calc_obligation<'a>(&self, ob: &'a Obligation, cal: &Calendar) -> CalcObligation<'a> {
        let party = self.party(&ob.party.value);
        let channels = self
            .idx
            .parties
            .get(&ob.party.value)
            .filter(|_| party.name.is_some())
            .map(|&i| self.channels(&self.s.contacts.data.external_parties[i].channels))
            .unwrap_or_default()
            .into_iter()
            .map(|c| {
                (
                    c.label.unwrap_or_else(|| c.kind_label.into()),
                    c.value,
                    c.href,
                )
            })
            .collect();
        CalcObligation {
            id: &ob.id.value,
            title: &ob.title.value,
            href: format!(
                "{}#{}",
                routes::OBLIGATIONS,
                anchor::of("obligation-", &ob.id.value)
            ),
            party: party.name,
            channels,
            condition: self.condition(ob),
            level_text: self.level_text(ob),
            category_names: self.category_names(ob),
            stages: ob
                .stages
                .iter()
                .map(|st| (st, st.template.as_ref().and_then(|t| self.template_ref(t))))
                .map(|(st, template)| CalcStage {
                    wire: wire::WireStage::new(
                        &st.id.value,
                        &st.deadline.value,
                        &cal.targets,
                        &Self::stage_name(ob),
                    ),
                    title: st.title.value.clone(),
                    template: template.as_ref().and_then(|r| r.href.clone()),
                    template_title: template.and_then(|r| r.name),
                })
                .collect(),
        }
    }

    /// The clocks the obligations that may apply to `facts` bring, with their first deadline.
    pub(super) fn clocks_for(&self, known: &Situation) -> Vec<ClockLink> {
        let cal = Calendar::from_config(&self.s.config.data);
        self.visible_obligations()
            .into_iter()
            .filter(|ob| self.condition(ob).admits(known))
            .filter(|ob| !ob.stages.is_empty())
            .map(|ob| ClockLink {
                title: ob.title.value.clone(),
                href: format!(
                    "{}#{}",
                    routes::OBLIGATIONS,
                    anchor::of("obligation-", &ob.id.value)
                ),
                party: self.party(&ob.party.value),
                first_deadline: self.deadline_text(ob, 0, &cal),
                applies: self.applies(ob),
            })
            .collect()
    }

    /// The clocks that may apply at severity level `n` (0 = most severe), whatever the
    /// facts: the call tree lists them with their conditions.
    pub(super) fn clocks_at_level(&self, n: usize) -> Vec<ClockLink> {
        let all: Vec<Id> = self
            .visible_facts()
            .into_iter()
            .map(|f| f.id.value.clone())
            .collect();
        self.clocks_for(&Situation {
            facts: &all,
            level: Some(n),
            categories: None,
        })
    }

    /// The notices a step sends.
    pub(super) fn notices(&self, st: &crate::model::Step, file: &str) -> Vec<NoticeView> {
        let cal = Calendar::from_config(&self.s.config.data);
        st.notify
            .iter()
            .map(|n| {
                let found = n.stage.as_ref().and_then(|r| {
                    let (ob, stage) = r.value.split_once('/')?;
                    let ob = self
                        .visible_obligations()
                        .into_iter()
                        .find(|o| o.id.value.as_str() == ob)?;
                    let k = ob
                        .stages
                        .iter()
                        .position(|x| x.id.value.as_str() == stage)?;
                    Some((ob, k))
                });
                NoticeView {
                    party: self.party(&n.party.value),
                    stage: found
                        .map(|(ob, k)| format!("{}: {}", ob.title.value, ob.stages[k].title.value)),
                    deadline: found.map(|(ob, k)| self.deadline_text(ob, k, &cal)),
                    href: found.map(|(ob, _)| {
                        format!(
                            "{}#{}",
                            routes::OBLIGATIONS,
                            anchor::of("obligation-", &ob.id.value)
                        )
                    }),
                    when_html: n.when.as_ref().map(|w| self.md_field(w, file)),
                }
            })
            .collect()
    }

    /// Every template the edition may see, values filled in.
    pub(super) fn templates_view(&self) -> Vec<TemplateView> {
        (0..self.s.templates.len())
            .filter_map(|i| self.template_view(i))
            .collect()
    }

    /// Template `i` with its values filled in, if the edition may see it.
    fn template_view(&self, i: usize) -> Option<TemplateView> {
        let t = &self.s.templates[i];
        if !self.sees(&t.meta.audience) {
            return None;
        }
        let id = crate::model::index::template_id(t)?;
        let cal = Calendar::from_config(&self.s.config.data);
        let stage = self.template_stage(t, &cal);
        let rendered = self.md(
            &t.body,
            text::Place {
                file: &t.file,
                pos: Pos {
                    line: t.body_line,
                    col: 1,
                },
                body: true,
            },
            None,
            1,
        );
        let (html, blanks) = self.fill_template(&rendered, stage.as_ref());
        Some(TemplateView {
            id,
            href: routes::target(self.s, Target::Template(i)),
            title: t.meta.title.clone(),
            summary: t.meta.summary.clone(),
            html: Html::from(html),
            blanks,
            stages: stage
                .iter()
                .filter(|c| self.sees(&c.obligation.audience))
                .map(|c| Ref {
                    name: Some(format!(
                        "{}: {}",
                        c.obligation.title.value, c.stage.title.value
                    )),
                    href: Some(format!(
                        "{}#{}",
                        routes::OBLIGATIONS,
                        anchor::of("obligation-", &c.obligation.id.value)
                    )),
                })
                .collect(),
            approved_by: t.meta.approved_by.as_ref().map(|r| self.role(&r.value)),
            approved_on: t.meta.approved_on.as_ref().map(|d| d.value.to_string()),
        })
    }

    /// The first obligation stage the template is written for that exists, with its
    /// deadline, for the template's stage values.
    fn template_stage<'s>(
        &'s self,
        t: &'s crate::model::MdDoc<template::TemplateMeta>,
        cal: &Calendar,
    ) -> Option<StageContext<'s>> {
        t.meta.stages.iter().find_map(|r| {
            let (ob, st) = r.value.split_once('/')?;
            let ob = self
                .s
                .obligations
                .iter()
                .flat_map(|o| &o.data.obligations)
                .find(|o| o.id.value.as_str() == ob)?;
            let k = ob.stages.iter().position(|x| x.id.value.as_str() == st)?;
            Some(StageContext {
                obligation: ob,
                stage: &ob.stages[k],
                deadline: self.deadline_text(ob, k, cal),
            })
        })
    }

    /// The rendered template with its blanks marked and its values filled in (those the
    /// edition may not see withheld), and the blanks' labels, once each.
    fn fill_template(&self, rendered: &str, stage: Option<&StageContext>) -> (String, Vec<String>) {
        let mut blanks = Vec::new();
        let rank = self.ed.rank;
        let html = template::fill(rendered, |p| match p {
            Placeholder::Blank(label) => {
                if !blanks.contains(label) {
                    blanks.push(label.clone());
                }
                format!(
                    "<mark class=\"blank\">[{}]</mark>",
                    crate::edition::markdown::escape_attr(label)
                )
            }
            Placeholder::Value(path) => {
                match template::value(self.s, self.idx, path, stage) {
                    // Check refuses a value hidden from the template's readers; this only
                    // keeps another edition's reader from seeing one.
                    Ok(v) if v.rank <= rank => format!(
                        "<span class=\"filled\">{}</span>",
                        crate::edition::markdown::escape_attr(&v.text)
                    ),
                    _ => "<span class=\"filled\">(restricted)</span>".into(),
                }
            }
        });
        (html, blanks)
    }
}
