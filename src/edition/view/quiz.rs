//! Quiz questions generated from the edition's own data, so answers stay true when the
//! scheme changes (a new phone number changes the quiz) and, built from the filtered
//! view, can never reveal what the edition's readers may not see.

use super::types::{
    ChannelView, NavLink, PersonView, PlaybookView, ReportingView, RoleView, SeverityView,
};
use crate::model::ChannelKind;
use crate::model::Id;
use crate::model::awareness::Generator;
use crate::model::clock::{ClockTargets, Deadline, Delay, Period, Term, Unit};
use std::collections::BTreeMap;

/// The parts of an edition's view that questions are generated from.
pub(super) struct Sources<'a> {
    /// How to report.
    pub reporting: &'a ReportingView,
    /// Roles, with their shared channels.
    pub roles: &'a [RoleView],
    /// People, with the channels this edition shows.
    pub people: &'a [PersonView],
    /// Playbooks, with indicators.
    pub playbooks: &'a [PlaybookView],
    /// The severity scale.
    pub severity: &'a SeverityView,
    /// Every obligation stage the edition's readers may see, for `deadline`.
    pub deadlines: &'a [StageDeadline],
    /// What the scheme means by the vague legal terms.
    pub targets: &'a ClockTargets,
}

/// One stage of a notification obligation the edition's readers may see.
#[derive(Debug, Clone)]
pub(super) struct StageDeadline {
    /// `obligation/stage`.
    pub reference: String,
    /// Obligation title.
    pub obligation: String,
    /// Stage title.
    pub stage: String,
    /// The party to tell, when the reader may see it.
    pub party: Option<String>,
    /// The deadline.
    pub deadline: Deadline,
    /// How the obligation's stages are named when a deadline counts from one (stage id ->
    /// lowercase title).
    pub stage_names: BTreeMap<Id, String>,
    /// The obligation on the obligations page.
    pub href: String,
}

/// What a generator asks about: the playbook, level and ordinary happenings it was given.
pub(super) struct Params<'a> {
    /// Playbook id, for `which-playbook` and `spot-the-event`.
    pub playbook: Option<&'a str>,
    /// Severity level id, for `response-time`.
    pub level: Option<&'a str>,
    /// Ordinary happenings that are not security events, for `spot-the-event`.
    pub not_events: &'a [String],
    /// The obligation stage, `obligation/stage`, for `deadline`.
    pub stage: Option<&'a str>,
    /// Fixes the order of choices and the indicator picked, per question.
    pub seed: u64,
}

/// A generated question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Generated {
    /// The question.
    pub text: String,
    /// Choices in display order, with whether each is right.
    pub choices: Vec<(String, bool)>,
    /// Why the answer is right, in plain text.
    pub explanation: String,
    /// The page that teaches it.
    pub learn_more: Option<NavLink>,
}

fn voice(c: &ChannelView) -> bool {
    matches!(c.kind, ChannelKind::Phone | ChannelKind::Mobile)
}

fn describe(c: &ChannelView) -> String {
    match &c.label {
        Some(l) => format!("{l}: {}", c.value),
        None => format!("{}: {}", c.kind_label, c.value),
    }
}

/// Deterministic shuffle (xorshift), so the right answer is not always first.
fn shuffle(mut choices: Vec<(String, bool)>, seed: u64) -> Vec<(String, bool)> {
    let mut x = seed | 1;
    for i in (1..choices.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        choices.swap(i, (x % (i as u64 + 1)) as usize);
    }
    choices
}

fn pick<T>(items: &[T], seed: u64) -> Option<&T> {
    (!items.is_empty()).then(|| &items[(seed % items.len() as u64) as usize])
}

fn finish(
    text: String,
    right: String,
    wrong: Vec<String>,
    explanation: String,
    learn_more: Option<NavLink>,
    seed: u64,
) -> Result<Generated, String> {
    let mut wrong: Vec<String> = wrong.into_iter().filter(|w| *w != right).collect();
    wrong.dedup();
    wrong.truncate(3);
    if wrong.len() < 2 {
        return Err("the scheme has too few other items of this kind to offer wrong answers (at least two are needed)".into());
    }
    let mut choices = vec![(right, true)];
    choices.extend(wrong.into_iter().map(|w| (w, false)));
    Ok(Generated {
        text,
        choices: shuffle(choices, seed),
        explanation,
        learn_more,
    })
}

/// Runs generator `g`; an error says what the scheme lacks for it.
pub(super) fn generate(g: Generator, src: &Sources, p: &Params) -> Result<Generated, String> {
    match g {
        Generator::FirstContact => first_contact(src, p),
        Generator::OutOfBand => out_of_band(src, p),
        Generator::SpotTheEvent => spot_the_event(src, p),
        Generator::WhichPlaybook => which_playbook(src, p),
        Generator::ResponseTime => response_time(src, p),
        Generator::Deadline => deadline(src, p),
    }
}

/// "Who do you contact first?": the point of contact and its number; wrong answers are
/// other roles and named people (calling a person instead of the desk is the usual mistake).
pub(super) fn first_contact(src: &Sources, p: &Params) -> Result<Generated, String> {
    let r = src.reporting;
    let name = r
        .point_of_contact
        .name
        .as_deref()
        .ok_or("the point of contact is not visible in this edition")?;
    let channel = r
        .channels
        .iter()
        .find(|c| voice(c))
        .or_else(|| r.channels.first())
        .ok_or(
            "the point of contact has no channel (add a phone number to its role in contacts.yaml)",
        )?;
    let right = format!("{name}, on {}", channel.value);
    let first_of = |cs: &[ChannelView]| {
        cs.iter()
            .find(|c| voice(c))
            .or_else(|| cs.first())
            .map(|c| c.value.clone())
    };
    let wrong = src
        .roles
        .iter()
        .filter(|role| Some(role.name.as_str()) != Some(name))
        .filter_map(|role| first_of(&role.channels).map(|v| format!("{}, on {v}", role.name)))
        .chain(
            src.people
                .iter()
                .filter_map(|p| first_of(&p.channels).map(|v| format!("{}, on {v}", p.name))),
        )
        .collect();
    let all: Vec<String> = r.channels.iter().map(describe).collect();
    finish(
        "Who do you contact first to report a suspected security event?".into(),
        right,
        wrong,
        format!(
            "Report to the {name} first, {}. {}.",
            r.hours,
            all.join("; ")
        ),
        Some(NavLink {
            title: "Contact directory".into(),
            href: "contacts.html".into(),
        }),
        p.seed,
    )
}

/// "E-mail may be compromised: how do you report?": an out-of-band route; wrong answers are e-mail routes.
pub(super) fn out_of_band(src: &Sources, p: &Params) -> Result<Generated, String> {
    let r = src.reporting;
    let route = r.out_of_band.first().ok_or("the scheme has no out-of-band reporting route visible to this edition (add reporting.out_of_band to contacts.yaml)")?;
    let mut wrong: Vec<String> = r
        .channels
        .iter()
        .filter(|c| c.kind == ChannelKind::Email || c.kind == ChannelKind::Web)
        .map(|c| format!("Send it by {}", describe(c).to_lowercase_first()))
        .collect();
    // Other roles' mailboxes, each address offered once.
    let mut seen: Vec<&str> = r.channels.iter().map(|c| c.value.as_str()).collect();
    for role in src.roles {
        for c in role
            .channels
            .iter()
            .filter(|c| c.kind == ChannelKind::Email)
        {
            if !seen.contains(&c.value.as_str()) {
                seen.push(&c.value);
                wrong.push(format!("E-mail the {} at {}", role.name, c.value));
            }
        }
    }
    let when = route
        .use_when
        .as_deref()
        .map(|w| format!(" Use it {w}."))
        .unwrap_or_default();
    finish(
        "You suspect your e-mail, or the company's e-mail system, is compromised. How do you report it?".into(),
        format!("Use a route outside our own systems: {}", describe(route)),
        wrong,
        format!("If e-mail may be read by an attacker, do not use it to report: {}.{when}", r.out_of_band.iter().map(describe).collect::<Vec<_>>().join("; ")),
        Some(NavLink { title: "Home: how to report".into(), href: "index.html".into() }),
        p.seed,
    )
}

trait LowerFirst {
    fn to_lowercase_first(&self) -> String;
}

impl LowerFirst for String {
    fn to_lowercase_first(&self) -> String {
        let mut c = self.chars();
        c.next()
            .map(|f| f.to_lowercase().chain(c).collect())
            .unwrap_or_default()
    }
}

fn playbook<'a>(src: &'a Sources, id: Option<&str>) -> Result<&'a PlaybookView, String> {
    match id {
        Some(id) => src
            .playbooks
            .iter()
            .find(|pb| pb.id.as_str() == id)
            .ok_or_else(|| format!("playbook `{id}` is not visible in this edition")),
        None => src
            .playbooks
            .iter()
            .find(|pb| !pb.indicators.is_empty())
            .ok_or_else(|| "no playbook has indicators".into()),
    }
}

/// "Which of these is a security event?": a playbook indicator among ordinary happenings.
pub(super) fn spot_the_event(src: &Sources, p: &Params) -> Result<Generated, String> {
    let pb = playbook(src, p.playbook)?;
    let sign = pick(&pb.indicators, p.seed)
        .ok_or_else(|| format!("playbook `{}` lists no indicators", pb.id))?;
    finish(
        "Which of these is a security event you should report?".into(),
        sign.clone(),
        p.not_events.to_vec(),
        format!(
            "\u{201c}{sign}\u{201d} is a sign of {}: report it straight away. The others are ordinary.",
            pb.title
        ),
        Some(NavLink {
            title: pb.title.clone(),
            href: pb.href.clone(),
        }),
        p.seed,
    )
}

/// "You notice X: which playbook applies?": one of a playbook's indicators; wrong answers are other playbooks.
pub(super) fn which_playbook(src: &Sources, p: &Params) -> Result<Generated, String> {
    let pb = playbook(src, p.playbook)?;
    let sign = pick(&pb.indicators, p.seed)
        .ok_or_else(|| format!("playbook `{}` lists no indicators", pb.id))?;
    // Only playbooks of other categories, and never the catch-all for events of no known
    // type, so no wrong answer could be argued to be right.
    let mut others: Vec<&PlaybookView> = src
        .playbooks
        .iter()
        .filter(|o| {
            o.id != pb.id && o.category.id != pb.category.id && o.category.id.as_str() != "unknown"
        })
        .collect();
    others.sort_by_key(|o| (o.id.as_str().len() as u64 ^ p.seed) % 97);
    finish(
        format!("You notice: \u{201c}{sign}\u{201d}. Which playbook applies?"),
        pb.title.clone(),
        others.iter().map(|o| o.title.clone()).collect(),
        format!(
            "That is one of the signs listed in the {} playbook.",
            pb.title
        ),
        Some(NavLink {
            title: pb.title.clone(),
            href: pb.href.clone(),
        }),
        p.seed,
    )
}

/// "How soon must the response start?": the level's response target; wrong answers are other levels' targets.
pub(super) fn response_time(src: &Sources, p: &Params) -> Result<Generated, String> {
    let id = p.level.ok_or("no `level:` given")?;
    let level = src
        .severity
        .levels
        .iter()
        .find(|l| l.id.as_str() == id)
        .ok_or_else(|| format!("severity level `{id}` not found"))?;
    let target = level
        .response_target
        .clone()
        .ok_or_else(|| format!("severity level `{id}` has no response_target"))?;
    let mut wrong: Vec<String> = src
        .severity
        .levels
        .iter()
        .filter_map(|l| l.response_target.clone())
        .filter(|t| *t != target)
        .collect();
    wrong.sort();
    wrong.dedup();
    finish(
        format!(
            "How soon must the response to a {} incident start?",
            level.name
        ),
        format!("Within {target}"),
        wrong.into_iter().map(|t| format!("Within {t}")).collect(),
        format!(
            "{}: {} The response starts within {target}.",
            level.name, level.summary
        ),
        Some(NavLink {
            title: "Severity scale".into(),
            href: format!("{}#{}", crate::model::routes::SEVERITY, level.anchor),
        }),
        p.seed,
    )
}

/// A period's rough length in minutes, to compare deadlines of different units: a day is
/// 24 hours, a working day too, a month 30 days.
fn nominal(p: Period) -> u64 {
    u64::from(p.count)
        * match p.unit {
            Unit::Minutes => 1,
            Unit::Hours => 60,
            Unit::Days | Unit::WorkingDays => 24 * 60,
            Unit::Months => 30 * 24 * 60,
        }
}

/// `s` with its first letter in capitals.
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// "By when must the notice go out?": a stage's deadline in its own words. Wrong answers
/// put the periods of the other deadlines the reader may see in the place of the first
/// term's, so every choice has the same shape: the nearest in length first, one per
/// length, never one as long as the right answer's.
pub(super) fn deadline(src: &Sources, p: &Params) -> Result<Generated, String> {
    let all = src.deadlines;
    let st = match p.stage {
        Some(r) => all.iter().find(|s| s.reference == r).ok_or_else(|| {
            format!("obligation stage `{r}` is not visible in this edition")
        })?,
        None => pick(all, p.seed).ok_or(
            "the scheme has no notification obligation this edition may see (add content/obligations.yaml)",
        )?,
    };
    let name = |id: &Id| {
        st.stage_names
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    };
    let words = |d: &Deadline| capitalised(&d.describe(src.targets, &name));
    let right = words(&st.deadline);
    let first = &st.deadline.first;
    let own = nominal(match first.delay {
        Delay::Period(q) => q,
        Delay::Vague(v) => src.targets.target(v),
    });
    let wrong = wrong_deadlines(st, nearest_periods(all, own), right.as_str(), words);
    let stage = stage_phrase(&st.stage);
    let to = st
        .party
        .as_ref()
        .map(|p| format!(", to {p}"))
        .unwrap_or_default();
    finish(
        format!("{}: by when must the {stage} go out?", st.obligation),
        right.clone(),
        wrong,
        format!(
            "{} ({}){to}: {right}. The deadline calculator works out the due time.",
            st.stage, st.obligation
        ),
        Some(NavLink {
            title: "Notification duties".into(),
            href: st.href.clone(),
        }),
        p.seed,
    )
}

/// The periods of every deadline in `all` whose length is not `own` (in minutes), nearest
/// in length first, so the wrong answers made from them are the plausible ones.
fn nearest_periods(all: &[StageDeadline], own: u64) -> Vec<Period> {
    let mut periods: Vec<Period> = all
        .iter()
        .flat_map(|s| s.deadline.terms())
        .filter_map(|t| match t.delay {
            Delay::Period(q) if nominal(q) != own => Some(q),
            _ => None,
        })
        .collect();
    let distance = |q: &Period| {
        let (a, b) = (nominal(*q) as f64, own.max(1) as f64);
        ((a / b).ln().abs() * 1000.0) as u64
    };
    periods.sort_by_key(|q| (distance(q), nominal(*q), q.unit as u8));
    periods
}

/// Stage `st`'s deadline with each of `periods` in place of its first term's, in `words`,
/// one per length and none reading as the `right` answer.
fn wrong_deadlines(
    st: &StageDeadline,
    periods: Vec<Period>,
    right: &str,
    words: impl Fn(&Deadline) -> String,
) -> Vec<String> {
    let mut wrong: Vec<String> = Vec::new();
    let mut lengths: Vec<u64> = Vec::new();
    for q in periods {
        // One wrong answer per length: 72 hours and 3 days are not two different answers.
        if lengths.contains(&nominal(q)) {
            continue;
        }
        let variant = Deadline {
            first: Term {
                delay: Delay::Period(q),
                anchor: st.deadline.first.anchor.clone(),
            },
            at_latest: st.deadline.at_latest.clone(),
        };
        let w = words(&variant);
        if w != right && !wrong.contains(&w) {
            wrong.push(w);
            lengths.push(nominal(q));
        }
    }
    wrong
}

/// A stage's name inside a sentence: "Early warning" reads "the early warning", while
/// "NIS2 report" keeps its capitals.
fn stage_phrase(stage: &str) -> String {
    if stage.chars().nth(1).is_some_and(char::is_uppercase) {
        stage.to_owned()
    } else {
        stage.to_owned().to_lowercase_first()
    }
}

/// A stable seed from the quiz and question ids (FNV-1a).
pub(super) fn seed(quiz: &str, question: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in quiz.bytes().chain([0]).chain(question.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edition::view::Ref;

    /// Stages as the obligations page of an edition would give them: (obligation/stage,
    /// stage title, deadline).
    fn stages(list: &[(&str, &str, &str)]) -> Vec<StageDeadline> {
        list.iter()
            .map(|(r, title, d)| {
                let ob = r.split_once('/').unwrap().0;
                StageDeadline {
                    reference: (*r).into(),
                    obligation: format!("Duty {ob}"),
                    stage: (*title).into(),
                    party: Some("The regulator".into()),
                    deadline: Deadline::parse(d).unwrap(),
                    stage_names: list
                        .iter()
                        .filter(|(r2, ..)| r2.starts_with(&format!("{ob}/")))
                        .map(|(r2, t2, _)| {
                            let id = r2.split_once('/').unwrap().1;
                            (Id::parse(id).unwrap(), t2.to_lowercase())
                        })
                        .collect(),
                    href: format!("obligations.html#obligation-{ob}"),
                }
            })
            .collect()
    }

    /// The deadline question about `stage` (or one picked by `seed`) over `list`.
    fn ask(list: &[StageDeadline], stage: Option<&str>, seed: u64) -> Result<Generated, String> {
        let reporting = ReportingView {
            point_of_contact: Ref {
                name: None,
                href: None,
            },
            hours: String::new(),
            channels: vec![],
            out_of_band: vec![],
        };
        let severity = SeverityView {
            intro_html: None,
            categories: vec![],
            levels: vec![],
        };
        let targets = ClockTargets::default();
        let src = Sources {
            reporting: &reporting,
            roles: &[],
            people: &[],
            playbooks: &[],
            severity: &severity,
            deadlines: list,
            targets: &targets,
        };
        let p = Params {
            playbook: None,
            level: None,
            not_events: &[],
            stage,
            seed,
        };
        generate(Generator::Deadline, &src, &p)
    }

    fn right(g: &Generated) -> Vec<&str> {
        g.choices
            .iter()
            .filter(|(_, ok)| *ok)
            .map(|(t, _)| t.as_str())
            .collect()
    }

    fn wrong(g: &Generated) -> Vec<&str> {
        let mut w: Vec<&str> = g
            .choices
            .iter()
            .filter(|(_, ok)| !*ok)
            .map(|(t, _)| t.as_str())
            .collect();
        w.sort();
        w
    }

    fn example() -> Vec<StageDeadline> {
        stages(&[
            ("breach/initial", "Breach report", "72h after awareness"),
            (
                "people/notice",
                "Notice to each person",
                "without undue delay after classification",
            ),
            ("customer/notice", "First notice", "24h after awareness"),
            ("insurer/notice", "Notice", "48h after awareness"),
            ("nis2/early-warning", "Early warning", "24h after awareness"),
            (
                "nis2/notification",
                "Incident notification",
                "3d after awareness",
            ),
            ("nis2/final", "Final report", "1 month after notification"),
            (
                "cards/written",
                "Written account",
                "3 working days after awareness",
            ),
        ])
    }

    #[test]
    fn the_answer_is_the_stage_deadline_in_its_own_words() {
        let g = ask(&example(), Some("breach/initial"), 7).unwrap();
        assert_eq!(
            g.text,
            "Duty breach: by when must the breach report go out?"
        );
        assert_eq!(right(&g), ["72 hours after awareness"]);
        // The nearest other periods, on the same anchor; never 3 days or 3 working days,
        // which are about as long as 72 hours and could be argued to be right.
        assert_eq!(
            wrong(&g),
            [
                "1 month after awareness",
                "24 hours after awareness",
                "48 hours after awareness"
            ]
        );
        assert!(
            g.explanation.starts_with(
                "Breach report (Duty breach), to The regulator: 72 hours after awareness."
            ),
            "{}",
            g.explanation
        );
        assert_eq!(
            g.learn_more.as_ref().unwrap().href,
            "obligations.html#obligation-breach"
        );
        // The same question, with another seed, only shuffles the choices.
        let again = ask(&example(), Some("breach/initial"), 8).unwrap();
        assert_eq!((right(&again), wrong(&again)), (right(&g), wrong(&g)));
    }

    #[test]
    fn a_vague_term_shows_the_scheme_target_and_no_wrong_answer_matches_it() {
        let g = ask(&example(), Some("people/notice"), 1).unwrap();
        assert_eq!(
            right(&g),
            ["Without undue delay after classification (our target: 24 hours)"]
        );
        assert_eq!(
            wrong(&g),
            [
                "1 month after classification",
                "48 hours after classification",
                "72 hours after classification"
            ]
        );
    }

    #[test]
    fn a_deadline_counting_from_an_earlier_stage_names_it() {
        let g = ask(&example(), Some("nis2/final"), 3).unwrap();
        assert_eq!(g.text, "Duty nis2: by when must the final report go out?");
        assert_eq!(right(&g), ["1 month after incident notification"]);
        // 72 hours, 3 days and 3 working days are one length: only the first is offered.
        assert_eq!(
            wrong(&g),
            [
                "24 hours after incident notification",
                "48 hours after incident notification",
                "72 hours after incident notification"
            ]
        );
    }

    #[test]
    fn without_a_stage_the_seed_picks_one_the_reader_may_see() {
        let list = example();
        let picked: Vec<String> = (0..40)
            .map(|seed| right(&ask(&list, None, seed).unwrap())[0].to_owned())
            .collect();
        // Every pick is one of the list's own deadlines, and different seeds reach several.
        let mut distinct = picked.clone();
        distinct.sort();
        distinct.dedup();
        assert!(distinct.len() >= 4, "{distinct:?}");
        assert!(
            distinct.iter().all(|d| d.contains(" after ")),
            "{distinct:?}"
        );
        assert_eq!(
            picked,
            (0..40)
                .map(|seed| right(&ask(&list, None, seed).unwrap())[0].to_owned())
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_stage_the_edition_may_not_see_or_too_few_deadlines_is_an_error() {
        let e = ask(&example(), Some("secret/notice"), 1).unwrap_err();
        assert!(e.contains("`secret/notice` is not visible"), "{e}");
        let e = ask(&[], None, 1).unwrap_err();
        assert!(e.contains("no notification obligation"), "{e}");
        // 72 hours and 3 days are one length: nothing is left to be wrong.
        let two = stages(&[
            ("a/x", "X", "72h after awareness"),
            ("b/y", "Y", "3d after awareness"),
        ]);
        let e = ask(&two, Some("a/x"), 1).unwrap_err();
        assert!(e.contains("too few"), "{e}");
    }
}
