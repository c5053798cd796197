//! The rota as the edition's readers may see it: the turns of the coming weeks, printed
//! from the day the site was built, and the data the on-duty script computes "now" from.

use super::*;
use crate::model::Date;
use crate::model::rota::arith::{DAY, Wall, wire};
use serde::Serialize;

/// One turn on the printed rota.
#[derive(Debug, Clone, Serialize)]
pub struct ShiftView {
    /// When it begins, e.g. `Mon 7 Dec 2026, 09:00`.
    pub from: String,
    /// When it ends.
    pub to: String,
    /// Who is on duty; `None` for a gap with no one.
    pub person: Option<Ref>,
    /// Someone covering (an override).
    pub cover: bool,
}

/// One role's rotation.
#[derive(Debug, Clone, Serialize)]
pub struct RotationView {
    /// The role.
    pub role: Ref,
    /// The role's id.
    pub id: Id,
    /// The slot key of the on-duty script: the role's anchor.
    pub slot: String,
    /// How turns change, in words: "every week, Monday at 09:00".
    pub handover: String,
    /// Who takes turns, in order.
    pub people: Vec<Ref>,
    /// The turns over the weeks listed.
    pub shifts: Vec<ShiftView>,
}

/// The rota of the coming weeks.
#[derive(Debug, Clone, Serialize)]
pub struct RotaView {
    /// The day the printed list starts from (the build's or the sources' date).
    pub from: String,
    /// How many weeks it lists.
    pub weeks: u32,
    /// The zone handover times are in; `None`: the reader's local time.
    pub zone: Option<String>,
    /// The rotations of roles the edition may see.
    pub rotations: Vec<RotationView>,
    /// The on-duty script's data (JSON, `<` escaped). Not part of the export.
    #[serde(skip)]
    pub json: String,
}

impl RotaView {
    /// The roles a rotation covers.
    pub fn roles(&self) -> Vec<Id> {
        self.rotations.iter().map(|r| r.id.clone()).collect()
    }

    /// The rotation of role `id`.
    pub fn of(&self, id: &Id) -> Option<&RotationView> {
        self.rotations.iter().find(|r| r.id == *id)
    }
}

/// "every week", "every 2 weeks", "every day", "every 3 days".
fn every(p: crate::model::rota::RotaPeriod) -> String {
    let unit = if p.weeks { "week" } else { "day" };
    match p.count {
        1 => format!("every {unit}"),
        n => format!("every {n} {unit}s"),
    }
}

impl Builder<'_> {
    /// The rota from `from` (the site's date, `YYYY-MM-DD`), when the scheme has one.
    pub(super) fn rota_view(&self, from: Option<&str>) -> Option<RotaView> {
        let doc = self.s.rota.as_ref()?;
        let start = from
            .and_then(|d| Date::parse(d).ok())
            .unwrap_or_else(crate::check::lints::today);
        let weeks = doc.data.weeks.value.clamp(1, crate::check::rota::MAX_WEEKS);
        let (a, b) = (
            Wall::at(start, 0),
            Wall::at(start, 0).0 + i64::from(weeks) * 7 * DAY,
        );
        let ct = &self.s.contacts.data;
        let mut rotations = Vec::new();
        let mut wired = Vec::new();
        for r in &doc.data.rotations {
            let role = &r.role.value;
            let visible = self
                .idx
                .roles
                .get(role)
                .is_some_and(|i| self.sees(&ct.roles[*i].audience));
            if !visible {
                continue;
            }
            let (roster, plan) = r.plan();
            let refs: Vec<Ref> = roster.iter().map(|p| self.person(p)).collect();
            let names: Vec<String> = refs
                .iter()
                .map(|p| p.name.clone().unwrap_or_else(|| "a team member".into()))
                .collect();
            let slot = anchor::of(anchor::ROLE, role);
            let day = r
                .handover_day
                .as_ref()
                .map(|d| format!("{:?} at ", d.value))
                .unwrap_or_default();
            rotations.push(RotationView {
                role: self.role(role),
                id: role.clone(),
                slot: slot.clone(),
                handover: format!("{}, {day}{}", every(r.period.value), r.handover_time.value),
                people: plan.people.iter().map(|i| refs[*i].clone()).collect(),
                shifts: plan
                    .shifts(a, Wall(b))
                    .into_iter()
                    .map(|s| ShiftView {
                        from: s.from.describe(),
                        to: s.to.describe(),
                        person: s.person.map(|i| refs[i].clone()),
                        cover: s.cover,
                    })
                    .collect(),
            });
            wired.push(wire::WireRotation {
                role: slot,
                names,
                plan,
            });
        }
        let zone = self
            .s
            .config
            .data
            .timezone
            .as_ref()
            .map(|z| z.value.as_str().to_owned());
        let json = serde_json::to_string(&wire::WireRota {
            zone: zone.clone(),
            rotations: wired,
        })
        .unwrap_or_else(|_| "{}".into())
        .replace('<', "\\u003c");
        Some(RotaView {
            from: start.to_string(),
            weeks,
            zone,
            rotations,
            json,
        })
    }
}
