//! Quiz questions generated from the edition's own data, so answers stay true when the
//! scheme changes (a new phone number changes the quiz) and, built from the filtered
//! view, can never reveal what the edition's readers may not see.

use super::view::{
    ChannelView, NavLink, PersonView, PlaybookView, ReportingView, RoleView, SeverityView,
};
use crate::model::ChannelKind;
use crate::model::awareness::Generator;

/// The parts of an edition's view that questions are generated from.
pub struct Sources<'a> {
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
}

/// What a generator asks about: the playbook, level and ordinary happenings it was given.
pub struct Params<'a> {
    /// Playbook id, for `which-playbook` and `spot-the-event`.
    pub playbook: Option<&'a str>,
    /// Severity level id, for `response-time`.
    pub level: Option<&'a str>,
    /// Ordinary happenings that are not security events, for `spot-the-event`.
    pub not_events: &'a [String],
    /// Fixes the order of choices and the indicator picked, per question.
    pub seed: u64,
}

/// A generated question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
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
pub fn generate(g: Generator, src: &Sources, p: &Params) -> Result<Generated, String> {
    match g {
        Generator::FirstContact => first_contact(src, p),
        Generator::OutOfBand => out_of_band(src, p),
        Generator::SpotTheEvent => spot_the_event(src, p),
        Generator::WhichPlaybook => which_playbook(src, p),
        Generator::ResponseTime => response_time(src, p),
    }
}

/// "Who do you contact first?": the point of contact and its number; wrong answers are
/// other roles and named people (calling a person instead of the desk is the usual mistake).
pub fn first_contact(src: &Sources, p: &Params) -> Result<Generated, String> {
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
pub fn out_of_band(src: &Sources, p: &Params) -> Result<Generated, String> {
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
pub fn spot_the_event(src: &Sources, p: &Params) -> Result<Generated, String> {
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
pub fn which_playbook(src: &Sources, p: &Params) -> Result<Generated, String> {
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
pub fn response_time(src: &Sources, p: &Params) -> Result<Generated, String> {
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

/// A stable seed from the quiz and question ids (FNV-1a).
pub fn seed(quiz: &str, question: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in quiz.bytes().chain([0]).chain(question.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}
