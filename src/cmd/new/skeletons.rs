//! The skeletons `irbook new` writes, each filled with real references from the scheme.
//! What the scheme cannot tell is marked for the author (`FILL IN`, or the id `fill-in`
//! for a choice), and `check` names every mark left (W0322 fill-in-left).

use super::super::Error;
use crate::check::diagnostic::unknown_help;
use crate::check::fill_in::{ID as CHOOSE, TEXT as FILL};
use crate::check::lints::today;
use crate::model::{Date, Id, Scheme};
use crate::pipeline::Project;
use std::path::{Path, PathBuf};

/// Kinds of file `irbook new` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A playbook in content/playbooks/.
    Playbook,
    /// A scheme page in content/scheme/.
    Page,
    /// A person, added to content/contacts.yaml.
    Person,
    /// A tabletop exercise in exercises/.
    Exercise,
}

impl Kind {
    /// Every kind, in the order `--help` lists them.
    pub const ALL: [Kind; 4] = [Kind::Playbook, Kind::Page, Kind::Person, Kind::Exercise];

    /// The kind's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Playbook => "playbook",
            Kind::Page => "page",
            Kind::Person => "person",
            Kind::Exercise => "exercise",
        }
    }

    /// Where a file of this kind goes.
    pub fn place(self) -> &'static str {
        match self {
            Kind::Playbook => "a playbook in content/playbooks/",
            Kind::Page => "a scheme page in content/scheme/",
            Kind::Person => "a person, added to content/contacts.yaml",
            Kind::Exercise => "a tabletop exercise in exercises/",
        }
    }
}

/// The decisions given on the command line; each absent one is left to the author.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Choices<'a> {
    /// `--severity`: a level of the severity scale.
    pub(super) severity: Option<&'a str>,
    /// `--category`: an incident category of irbook.yaml.
    pub(super) category: Option<&'a str>,
}

/// Writes a skeleton of `kind` with id `id` into `project`; returns the file written.
pub(super) fn new(
    project: &Project,
    kind: Kind,
    id: &str,
    choices: Choices,
) -> Result<PathBuf, Error> {
    let id = Id::parse(id).map_err(Error::Refused)?;
    let root = project.root();
    let Some(scheme) = project.load().scheme else {
        return Err(Error::Sources(
            "the project has errors; run `irbook check` and fix them first",
        ));
    };
    let written = match kind {
        Kind::Playbook => playbook(root, &scheme, &id, choices),
        Kind::Page => only_for(kind, choices).and_then(|()| page(root, &scheme, &id)),
        Kind::Person => only_for(kind, choices).and_then(|()| person(root, &scheme, &id)),
        Kind::Exercise => exercise(root, &scheme, &id, choices),
    };
    written.map_err(Error::Refused)
}

/// Refuses a choice the kind has no field for.
fn only_for(kind: Kind, c: Choices) -> Result<(), String> {
    let given = match (kind, c.severity, c.category) {
        (Kind::Playbook, ..) => None,
        (Kind::Exercise, _, Some(_)) => Some("--category"),
        (Kind::Exercise, ..) => None,
        (_, Some(_), _) => Some("--severity"),
        (_, _, Some(_)) => Some("--category"),
        _ => None,
    };
    match given {
        Some(flag) => Err(format!("a {} has no use for {flag}", kind.name())),
        None => Ok(()),
    }
}

/// The id chosen on the command line, checked against the ids the scheme has; the
/// placeholder `fill-in` when none was given.
fn chosen(given: Option<&str>, known: &[&Id], kind: &str, flag: &str) -> Result<String, String> {
    let Some(given) = given else {
        return Ok(CHOOSE.to_owned());
    };
    if known.iter().any(|k| k.as_str() == given) {
        return Ok(given.to_owned());
    }
    let names: Vec<&str> = known.iter().map(|k| k.as_str()).collect();
    Err(format!(
        "{flag} `{given}`: no such {kind}; {}",
        unknown_help(given, kind, &names)
    ))
}

/// `a`, `b`, `c`: the ids a choice may take, for the comment above its placeholder.
fn listed(ids: &[&Id]) -> String {
    ids.iter()
        .map(|i| i.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn exercise(root: &Path, s: &Scheme, id: &Id, choices: Choices) -> Result<PathBuf, String> {
    only_for(Kind::Exercise, choices)?;
    if let Some(e) = s.exercises.iter().find(|e| e.data.id.value == *id) {
        return Err(format!(
            "an exercise with id `{id}` exists already: {}",
            e.file
        ));
    }
    let (pb, steps) = first_two_steps(s)?;
    let lead = &s.contacts.data.reporting.point_of_contact.value;
    let role = |st: &crate::model::Step| st.owner.as_ref().map_or(lead, |o| &o.value).clone();
    let (r1, r2) = (role(steps[0]), role(steps[1]));
    let mut participants = vec![r1.clone()];
    if r2 != r1 {
        participants.push(r2.clone());
    }
    let participants: Vec<String> = participants.iter().map(|p| p.to_string()).collect();
    let levels: Vec<&Id> = s.severity.data.levels.iter().map(|l| &l.id.value).collect();
    let level = chosen(choices.severity, &levels, "severity level", "--severity")?;
    let text = exercise_text(&Skeleton {
        id,
        level: &level,
        levels: &listed(&levels),
        lead,
        participants: &participants,
        playbook: pb,
        steps: [steps[0], steps[1]],
        roles: [&r1, &r2],
    });
    write_new(root, &format!("exercises/{id}.yaml"), &text)
}

/// The first playbook with two steps, which give the skeleton real references to start from.
fn first_two_steps(
    s: &Scheme,
) -> Result<(&crate::model::Playbook, Vec<&crate::model::Step>), String> {
    s.playbooks
        .iter()
        .find_map(|p| {
            let steps: Vec<&crate::model::Step> = p
                .data
                .phases
                .iter()
                .flat_map(|ph| &ph.steps)
                .take(2)
                .collect();
            (steps.len() == 2).then_some((&p.data, steps))
        })
        .ok_or_else(|| {
            "an exercise tests playbook steps: write a playbook with at least two steps first"
                .to_owned()
        })
}

/// What an exercise skeleton names from the scheme.
struct Skeleton<'a> {
    id: &'a Id,
    level: &'a str,
    levels: &'a str,
    lead: &'a Id,
    participants: &'a [String],
    playbook: &'a crate::model::Playbook,
    steps: [&'a crate::model::Step; 2],
    roles: [&'a Id; 2],
}

/// The text of an exercise skeleton, every reference in it taken from the scheme.
fn exercise_text(k: &Skeleton) -> String {
    let (id, lead, pb) = (k.id, k.lead, k.playbook);
    let [r1, r2] = k.roles;
    format!(
        "# Tabletop exercise. Participants see the scenario, briefs and documents (handout,\n\
         # inject cards, projector); notes, expected actions, points and questions are the\n\
         # answer key, shown only to the key audience (irbook.yaml `exercises.key_audience`).\n\
         # Replace every {FILL}; `irbook check` names each one left and validates every\n\
         # reference. Run it live with `irbook exercise run {id}`.\n\
         id: {id}\n\
         title: {title}\n\
         # audience: staff   # uncomment to give all staff the participant handout\n\
         duration: 1h  # {FILL}: confirm how long the session runs\n\
         summary: {FILL} one paragraph on what happens and what the exercise tests.\n\
         scenario: |\n  {FILL} the situation at the start, read out to participants.\n\
         # The severity level the scenario starts at, one of: {levels}.\n\
         severity: {level}\n\
         participants: [{participants}]\n\
         facilitator: {lead}\n\
         evaluators: [{lead}]\n\
         objectives:\n\
         \x20 - id: respond\n\
         \x20   text: {FILL} what the team should show, such as following the {pb_title} playbook\n\
         \x20   # detection-and-reporting, assessment, escalation, containment, eradication,\n\
         \x20   # communications, evidence, recovery or coordination\n\
         \x20   capability: detection-and-reporting  # {FILL}: confirm the capability tested\n\
         \x20   tests: [{pb}/{s1}]\n\
         injects:\n\
         \x20 - id: first-sign\n\
         \x20   at: 0m\n\
         \x20   title: {FILL} the first sign\n\
         \x20   brief: |\n      {FILL} what participants are told.\n\
         \x20   # documents: [{{kind: email, title: ..., from: ..., body: ...}}]  (alert, chat, phone-call, news, letter, log, note)\n\
         \x20   notes: |\n      {FILL} for the facilitator, what to watch for.\n\
         \x20   expected:\n\
         \x20     - id: {s1}\n\
         \x20       what: {FILL} the action expected, such as the first step of the playbook\n\
         \x20       step: {pb}/{s1}\n\
         \x20       role: {r1}\n\
         \x20       within: 15m  # {FILL}: confirm how fast\n\
         \x20       points: 1\n\
         \x20       objective: respond\n\
         \x20   questions:\n      - {FILL} a question for the facilitator to ask.\n\
         \x20 - id: it-gets-worse\n\
         \x20   at: 20m\n\
         \x20   title: {FILL} the next development\n\
         \x20   brief: |\n      {FILL} what participants are told next.\n\
         \x20   expected:\n\
         \x20     - id: {s2}\n\
         \x20       what: {FILL} the action expected, such as the next step of the playbook\n\
         \x20       step: {pb}/{s2}\n\
         \x20       role: {r2}\n\
         \x20       within: 15m  # {FILL}: confirm how fast\n\
         \x20       points: 1\n\
         \x20       objective: respond\n\
         \x20       # notifies: a role or party id: the deadline then comes from the scheme\n",
        title = title_of(id),
        level = k.level,
        levels = k.levels,
        participants = k.participants.join(", "),
        pb = pb.id.value,
        pb_title = pb.title,
        s1 = k.steps[0].id.value,
        s2 = k.steps[1].id.value,
    )
}

fn first<T>(items: &[T], id: impl Fn(&T) -> &Id) -> Result<&Id, String> {
    items
        .first()
        .map(id)
        .ok_or_else(|| "the project defines none yet".to_owned())
}

/// Writes a new file at `rel` under `root`; anything already there, a dangling symbolic
/// link included, is kept.
fn write_new(root: &Path, rel: &str, text: &str) -> Result<PathBuf, String> {
    let path = root.join(rel);
    let path = path.as_path();
    if std::fs::symlink_metadata(path).is_ok() {
        return Err(format!("{rel} exists already; nothing was written"));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create `{}`: {e}", parent.display()))?;
    }
    crate::write::file::create_new(path, text.as_bytes())
        .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    Ok(path.to_owned())
}

fn title_of(id: &Id) -> String {
    let mut t = id.as_str().replace('-', " ");
    if let Some(f) = t.get_mut(0..1) {
        f.make_ascii_uppercase();
    }
    t
}

fn next_year(d: Date) -> Date {
    Date::from_days_since_epoch(d.days_since_epoch() + 365)
}

fn playbook(root: &Path, s: &Scheme, id: &Id, choices: Choices) -> Result<PathBuf, String> {
    if let Some(p) = s.playbooks.iter().find(|p| p.data.id.value == *id) {
        return Err(format!(
            "a playbook with id `{id}` exists already: {}",
            p.file
        ));
    }
    let cfg = &s.config.data;
    let categories: Vec<&Id> = cfg
        .incident_categories
        .iter()
        .map(|c| &c.id.value)
        .collect();
    let category = chosen(
        choices.category,
        &categories,
        "incident category",
        "--category",
    )?;
    let used: Vec<&Id> = s.playbooks.iter().map(|p| &p.data.category.value).collect();
    let open: Vec<&Id> = categories
        .iter()
        .copied()
        .filter(|c| !used.contains(c))
        .collect();
    let open = if open.is_empty() {
        String::new()
    } else {
        format!("; none has a playbook yet: {}", listed(&open))
    };
    let levels: Vec<&Id> = s.severity.data.levels.iter().map(|l| &l.id.value).collect();
    let level = chosen(choices.severity, &levels, "severity level", "--severity")?;
    let owner = &s.contacts.data.reporting.point_of_contact.value;
    let mut y = format!(
        "# Playbook: what to do for one incident type. Text fields are Markdown.\n\
         # Replace every {FILL}; `irbook check` names each one left and validates every\n\
         # reference. The README lists all fields.\n\
         id: {id}\n\
         title: {title}\n\
         # The incident category (irbook.yaml `incident_categories`), one of:\n\
         # {all}{open}.\n\
         category: {category}\n\
         # The severity to assume until the ISIRT has assessed the incident, one of: {levels}.\n\
         default_severity: {level}\n\
         owner: {owner}  # {FILL}: confirm the role that keeps this playbook up to date\n\
         summary: |\n  {FILL} what this playbook covers and when to use it.\n\
         # Signs a member of staff would notice.\n\
         indicators:\n  - {FILL} a first sign\n\
         # Related playbooks: ids, or {{playbook: ID (or url: URL), relation: see also, when: ...}}.\n\
         related: []\n\
         # Optional, uncomment what applies:\n\
         # version: \"1.0\"\n\
         # status: draft  # draft, approved or retired\n\
         # approved_by: ROLE  # with approved_on: YYYY-MM-DD\n\
         # review_by: YYYY-MM-DD  # `irbook check` warns once it has passed\n\
         # source: {{title: ..., author: ..., url: ..., licence: CC BY 4.0}}  # shown as attribution\n\
         # classification: AMBER  # TLP 2.0: CLEAR, GREEN, AMBER, AMBER+STRICT or RED\n\
         # references: [{{title: ..., url: ...}}]\n\
         # mappings: {{attack: [T1486], csf: [RS.MA], iso27035: [\"6.2\"]}}\n\
         # detections: [{{source: EDR, signal: ..., severity: high, query: ...}}]  # team-only by default\n\
         # tools: [TOOL]  # ids from content/tools.yaml\n\
         # attachments: [{{file: content/files/NAME, title: ...}}]  # downloads, never run\n\
         phases:\n",
        title = title_of(id),
        all = listed(&categories),
        levels = listed(&levels),
    );
    for ph in &cfg.phases {
        y.push_str(&format!(
            "  - phase: {p}\n    # objective: what this phase must achieve for this kind of incident\n    steps:\n      - id: {p}-first-step\n        # title: a short name for the step\n        action: |\n          {FILL} what to do in the {name} phase.\n        owner: {owner}  # {FILL}: confirm the role that does this step\n        # raci: {{accountable: ROLE, consulted: [ROLE], informed: [ROLE]}}\n        # within: 1h  # time target\n        # applies_when: the condition in words\n        # requires: [STEP]  # steps of this playbook done first\n        # evidence: how to preserve evidence while doing it\n        # decisions: pre-authorised choices (question, choices: option, when, authorised_by, then: STEP)\n        # escalate: conditions (when, to_severity, to_role)\n",
            p = ph.id.value, name = ph.name.to_lowercase()
        ));
    }
    write_new(root, &format!("content/playbooks/{id}.yaml"), &y)
}

fn page(root: &Path, s: &Scheme, id: &Id) -> Result<PathBuf, String> {
    let weight = s.pages.iter().map(|p| p.meta.weight).max().unwrap_or(0) + 10;
    let owner = &s.policy.meta.owner.value;
    let text = format!(
        "---\n\
         # Scheme procedure page. Replace every {FILL}; `irbook check` names each one left.\n\
         title: {title}\n\
         weight: {weight}\n\
         # Where the page sits in the navigation: plan, use, review or improve.\n\
         lifecycle: use  # {FILL}: confirm plan, use, review or improve\n\
         summary: {FILL} one line saying what this page is for.\n\
         owner: {owner}  # {FILL}: confirm the role that owns this page\n\
         review_by: {review}\n\
         # audience: isirt   # uncomment to keep the page out of the all-staff edition\n\
         ---\n\
         ## Purpose\n\n\
         {FILL} the procedure. Link to other scheme files by relative path, for example the\n\
         [severity scale](../severity.yaml) or the [contact directory](../contacts.yaml).\n",
        title = title_of(id),
        review = next_year(today())
    );
    write_new(root, &format!("content/scheme/{id}.md"), &text)
}

fn person(root: &Path, s: &Scheme, id: &Id) -> Result<PathBuf, String> {
    let ct = &s.contacts.data;
    if let Some(p) = ct.people.iter().find(|p| p.id.value == *id) {
        return Err(format!(
            "a person with id `{id}` exists already: {}, line {}",
            s.contacts.file, p.id.pos.line
        ));
    }
    let backup = first(&ct.people, |p| &p.id.value).map_err(|e| format!("contacts.yaml: {e}"))?;
    let path = root.join(&s.contacts.file);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    // Insert as the first item under the top-level `people:` key, with the list's own indentation.
    let mut lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim_end() == "people:")
        .ok_or("content/contacts.yaml has no top-level `people:` line to add to")?;
    let indent: String = lines
        .get(at + 1..)
        .unwrap_or_default()
        .iter()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| l.chars().take_while(|c| *c == ' ').collect())
        .unwrap_or_else(|| "  ".into());
    let i = format!("{indent}  ");
    let block = format!(
        "{indent}# New person: replace every {FILL} and give their roles; then check the details\n\
         {indent}# with them and add `last_verified: YYYY-MM-DD`, the day you did.\n\
         {indent}- id: {id}\n\
         {i}name: {FILL} their full name\n\
         {i}title: {FILL} their job title\n\
         {i}roles: []\n\
         {i}backups: [{backup}]  # {FILL}: confirm who stands in for them\n\
         {i}channels:\n\
         {i}  - kind: email\n\
         {i}    value: {FILL} their e-mail address\n\
         {i}  # - kind: mobile\n\
         {i}  #   value: \"+44 7700 900000\"\n\
         {i}  #   audience: isirt   # personal numbers: team edition only",
    );
    lines.insert(at + 1, &block);
    let mut out = lines.join("\n");
    out.push('\n');
    std::fs::write(&path, out).map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    Ok(path)
}
