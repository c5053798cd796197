//! `content/templates/*.md`: communication templates, with placeholders filled from the
//! scheme (`[[party.regulator.phone]]`) and blanks filled during the incident
//! (`[[blank: what happened]]`).
//!
//! The placeholder syntax is our own and deliberately tiny: the text is never evaluated as
//! a template language, so an author cannot reach anything but the values listed here.

use super::{At, Date, Id, PartyKind, Pos};
use schemars::JsonSchema;
use serde::Deserialize;

/// Front matter of a communication template.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateMeta {
    /// Title, e.g. "Initial breach notice to the regulator".
    pub title: String,
    /// One line: when to use it.
    #[serde(default)]
    pub summary: Option<String>,
    /// Who may see the template; its filled values must be visible to them too.
    #[serde(default)]
    pub audience: Option<At<Id>>,
    /// The obligation stages it serves, `obligation/stage`.
    #[serde(default)]
    pub stages: Vec<At<String>>,
    /// The kinds of outside party it is written for.
    #[serde(default)]
    pub parties: Vec<At<PartyKind>>,
    /// Role that approved the wording.
    #[serde(default)]
    pub approved_by: Option<At<Id>>,
    /// When the wording was approved.
    #[serde(default)]
    pub approved_on: Option<At<Date>>,
}

/// What a placeholder asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placeholder {
    /// A value from the scheme, by its dotted path, e.g. `party.regulator.phone`.
    Value(Vec<String>),
    /// A blank for the responder to fill in, with what to write in it.
    Blank(String),
}

/// A placeholder found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// What it asks for.
    pub what: Placeholder,
    /// As written, brackets included.
    pub written: String,
    /// Position in the text (0-based line, 1-based column in characters).
    pub pos: Pos,
}

/// A placeholder written wrongly, with its position in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    /// As written.
    pub written: String,
    /// Position in the text (0-based line, 1-based column).
    pub pos: Pos,
    /// What is wrong.
    pub why: &'static str,
}

/// Opening and closing brackets of a placeholder.
pub const OPEN: &str = "[[";
/// Closing brackets.
pub const CLOSE: &str = "]]";

/// Every placeholder in `text`, in order, and the malformed ones.
pub fn scan(text: &str) -> (Vec<Found>, Vec<Malformed>) {
    let (mut found, mut bad) = (Vec::new(), Vec::new());
    for (line_no, line) in text.lines().enumerate() {
        let mut from = 0;
        while let Some(i) = line[from..].find(OPEN) {
            let start = from + i;
            let col = line[..start].chars().count() as u32 + 1;
            let pos = Pos {
                line: line_no as u32,
                col,
            };
            let Some(len) = line[start + OPEN.len()..].find(CLOSE) else {
                bad.push(Malformed {
                    written: line[start..].to_owned(),
                    pos,
                    why: "it is not closed with `]]` on the same line",
                });
                break;
            };
            let inner = &line[start + OPEN.len()..start + OPEN.len() + len];
            let written = line[start..start + OPEN.len() + len + CLOSE.len()].to_owned();
            from = start + OPEN.len() + len + CLOSE.len();
            match parse(inner) {
                Ok(what) => found.push(Found { what, written, pos }),
                Err(why) => bad.push(Malformed { written, pos, why }),
            }
        }
    }
    (found, bad)
}

fn parse(inner: &str) -> Result<Placeholder, &'static str> {
    let inner = inner.trim();
    if let Some(label) = inner.strip_prefix("blank:") {
        let label = label.trim();
        return if label.is_empty() {
            Err("a blank needs a label: `[[blank: what happened]]`")
        } else {
            Ok(Placeholder::Blank(label.to_owned()))
        };
    }
    if inner.is_empty() {
        return Err("it is empty");
    }
    let path: Vec<String> = inner.split('.').map(str::to_owned).collect();
    let ok = path.iter().all(|p| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    });
    if ok {
        Ok(Placeholder::Value(path))
    } else {
        Err("a value is a dotted path of ids, e.g. `party.regulator.phone`")
    }
}

/// Replaces every placeholder in `text` with `fill(placeholder)`, leaving malformed ones
/// as written.
pub fn fill(text: &str, mut fill: impl FnMut(&Placeholder) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(OPEN) {
        let after = &rest[i + OPEN.len()..];
        let close = after.find(CLOSE).filter(|c| !after[..*c].contains('\n'));
        match close.map(|c| (c, parse(&after[..c]))) {
            Some((c, Ok(p))) => {
                out.push_str(&rest[..i]);
                out.push_str(&fill(&p));
                rest = &after[c + CLOSE.len()..];
            }
            _ => {
                out.push_str(&rest[..i + OPEN.len()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_values_and_blanks_with_positions() {
        let t = "Dear [[party.regulator.name]],\n\nOn [[blank: date and time]] we [[ ]] saw [[x]] and [[Bad Path]] [[open";
        let (found, bad) = scan(t);
        assert_eq!(
            found.iter().map(|f| f.what.clone()).collect::<Vec<_>>(),
            [
                Placeholder::Value(vec!["party".into(), "regulator".into(), "name".into()]),
                Placeholder::Blank("date and time".into()),
                Placeholder::Value(vec!["x".into()]),
            ]
        );
        assert_eq!(found[0].pos, Pos { line: 0, col: 6 });
        assert_eq!(found[1].pos, Pos { line: 2, col: 4 });
        let whys: Vec<&str> = bad.iter().map(|b| b.written.as_str()).collect();
        assert_eq!(whys, ["[[ ]]", "[[Bad Path]]", "[[open"]);
    }

    #[test]
    fn fills_only_well_formed_placeholders() {
        let out = fill("a [[x.y]] b [[blank: who]] c [[Bad]] d [[", |p| match p {
            Placeholder::Value(v) => v.join("/").to_uppercase(),
            Placeholder::Blank(l) => format!("<{l}>"),
        });
        assert_eq!(out, "a X/Y b <who> c [[Bad]] d [[");
    }
}

/// A value a placeholder resolves to, and the audience rank of the least widely visible
/// item it comes from (a staff template must not show a team-only number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    /// The text.
    pub text: String,
    /// Rank of the audience that may see it (0 = everyone).
    pub rank: usize,
}

/// Why a placeholder has no value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoValue {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

/// What the template's stage is, for `[[obligation]]`, `[[stage]]` and `[[deadline]]`.
pub struct StageContext<'a> {
    /// The obligation.
    pub obligation: &'a super::obligation::Obligation,
    /// The stage.
    pub stage: &'a super::obligation::Stage,
    /// The stage's deadline in words, e.g. "72 hours after awareness".
    pub deadline: String,
}

/// The paths a placeholder may use, for messages.
pub const PATHS: &[&str] = &[
    "organisation",
    "scheme",
    "version",
    "point-of-contact",
    "role.ID",
    "person.ID.name|title|phone|mobile|email",
    "party.ID.name|phone|mobile|email|web|reference",
    "obligation",
    "obligation.basis",
    "stage",
    "deadline",
    "blank: LABEL",
];

/// Resolves a value placeholder's `path` against the scheme.
pub fn value(
    s: &super::Scheme,
    idx: &super::Index,
    path: &[String],
    stage: Option<&StageContext>,
) -> Result<Value, NoValue> {
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    let plain = |text: String| Ok(Value { text, rank: 0 });
    let cfg = &s.config.data;
    let ct = &s.contacts.data;
    match p.as_slice() {
        ["organisation"] => plain(cfg.organisation.clone()),
        ["scheme"] => plain(cfg.title.clone()),
        ["version"] => plain(cfg.version.clone().unwrap_or_default()),
        ["point-of-contact"] => role(s, idx, &ct.reporting.point_of_contact.value),
        ["role", id] | ["role", id, "name"] => role(s, idx, &Id::parse(id).map_err(bad_id)?),
        ["person", id, rest @ ..] => person(s, idx, id, rest, path),
        ["party", id, rest @ ..] => party(s, idx, id, rest, path),
        ["obligation"]
        | ["obligation", "title"]
        | ["obligation", "basis"]
        | ["stage"]
        | ["stage", "title"]
        | ["deadline"]
        | ["stage", "deadline"] => stage_value(idx, &p, stage),
        _ => Err(NoValue {
            message: format!("`[[{}]]` is not a placeholder irbook knows", path.join(".")),
            help: format!(
                "{}the placeholders are: {}",
                nearest_path(path),
                PATHS.join(", ")
            ),
        }),
    }
}

/// `[[person.ID]]`, `[[person.ID.title]]` or one of the person's channels.
fn person(
    s: &super::Scheme,
    idx: &super::Index,
    id: &str,
    rest: &[&str],
    path: &[String],
) -> Result<Value, NoValue> {
    let id = Id::parse(id).map_err(bad_id)?;
    let Some(&i) = idx.people.get(&id) else {
        return Err(unknown("person", id.as_str(), idx.people.keys()));
    };
    let person = &s.contacts.data.people[i];
    let rank = idx.rank(&person.audience);
    match rest {
        [] | ["name"] => Ok(Value {
            text: person.name.clone(),
            rank,
        }),
        ["title"] => Ok(Value {
            text: person.title.clone().unwrap_or_default(),
            rank,
        }),
        [kind] => channel(idx, &person.channels, kind, rank),
        _ => Err(no_field(path)),
    }
}

/// `[[party.ID]]`, `[[party.ID.reference]]` or one of the party's channels.
fn party(
    s: &super::Scheme,
    idx: &super::Index,
    id: &str,
    rest: &[&str],
    path: &[String],
) -> Result<Value, NoValue> {
    let id = Id::parse(id).map_err(bad_id)?;
    let Some(&i) = idx.parties.get(&id) else {
        return Err(unknown("external party", id.as_str(), idx.parties.keys()));
    };
    let party = &s.contacts.data.external_parties[i];
    let rank = idx.rank(&party.audience);
    match rest {
        [] | ["name"] => Ok(Value {
            text: party.name.clone(),
            rank,
        }),
        ["reference"] => Ok(Value {
            text: party.reference.clone().unwrap_or_default(),
            rank,
        }),
        [kind] => channel(idx, &party.channels, kind, rank),
        _ => Err(no_field(path)),
    }
}

/// The obligation, stage and deadline placeholders, which need the stage a template serves.
fn stage_value(
    idx: &super::Index,
    p: &[&str],
    stage: Option<&StageContext>,
) -> Result<Value, NoValue> {
    let Some(c) = stage else {
        return Err(NoValue {
            message: format!("`{}` needs the template to serve an obligation stage", p.join(".")),
            help: "list the stage in the template's `stages:` (`obligation/stage`), or write the text out".into(),
        });
    };
    let rank = idx.rank(&c.obligation.audience);
    let text = match p {
        ["obligation", "basis"] => c.obligation.basis.text.value.clone(),
        ["obligation", ..] => c.obligation.title.value.clone(),
        ["stage", ..] if p.len() == 1 || p[1] == "title" => c.stage.title.value.clone(),
        _ => c.deadline.clone(),
    };
    Ok(Value { text, rank })
}

fn role(s: &super::Scheme, idx: &super::Index, id: &Id) -> Result<Value, NoValue> {
    let Some(&i) = idx.roles.get(id) else {
        return Err(unknown("role", id.as_str(), idx.roles.keys()));
    };
    let r = &s.contacts.data.roles[i];
    Ok(Value {
        text: r.name.clone(),
        rank: idx.rank(&r.audience),
    })
}

/// The first channel of `kind` (`phone`, `email`, ...), with the rank of the more
/// restricted of the item and the channel.
fn channel(
    idx: &super::Index,
    channels: &[super::Channel],
    kind: &str,
    item_rank: usize,
) -> Result<Value, NoValue> {
    let wanted = match kind {
        "phone" => super::ChannelKind::Phone,
        "mobile" => super::ChannelKind::Mobile,
        "email" => super::ChannelKind::Email,
        "web" => super::ChannelKind::Web,
        other => {
            return Err(NoValue {
                message: format!("`{other}` is not a kind of contact a placeholder can give"),
                help: "use name, phone, mobile, email, web or (for a party) reference".into(),
            });
        }
    };
    // The most widely visible channel of that kind, so a staff template finds the public
    // number even when a team-only one is listed first.
    channels
        .iter()
        .filter(|c| c.kind == wanted)
        .map(|c| Value {
            text: c.value.value.clone(),
            rank: item_rank.max(idx.rank(&c.audience)),
        })
        .min_by_key(|v| v.rank)
        .ok_or_else(|| NoValue {
            message: format!("there is no `{kind}` channel to fill this placeholder"),
            help: format!("add a `{kind}` channel in contacts.yaml, or use another placeholder"),
        })
}

fn bad_id(e: String) -> NoValue {
    NoValue {
        message: e,
        help: "ids are lowercase letters, digits and hyphens".into(),
    }
}

fn unknown<'a>(kind: &str, id: &str, known: impl Iterator<Item = &'a Id>) -> NoValue {
    let known: Vec<&str> = known.map(Id::as_str).collect();
    let near = known
        .iter()
        .map(|k| (strsim::levenshtein(id, k), *k))
        .filter(|(d, _)| *d <= (id.len() / 3).max(2))
        .min()
        .map(|(_, k)| k);
    NoValue {
        message: format!("unknown {kind} `{id}` in a placeholder"),
        help: match near {
            Some(n) => format!("did you mean `{n}`?"),
            None => format!("use the id of a {kind} in contacts.yaml"),
        },
    }
}

fn no_field(path: &[String]) -> NoValue {
    NoValue {
        message: format!(
            "`[[{}]]` asks for a field irbook does not have",
            path.join(".")
        ),
        help: "use name, phone, mobile, email, web or (for a party) reference".into(),
    }
}

fn nearest_path(path: &[String]) -> String {
    let first = path.first().map(String::as_str).unwrap_or_default();
    let heads = [
        "organisation",
        "scheme",
        "version",
        "point-of-contact",
        "role",
        "person",
        "party",
        "obligation",
        "stage",
        "deadline",
    ];
    heads
        .iter()
        .map(|h| (strsim::levenshtein(first, h), *h))
        .filter(|(d, _)| *d <= (first.len() / 3).max(2))
        .min()
        .map(|(_, h)| format!("did you mean `{h}`? "))
        .unwrap_or_default()
}
