//! `irbook import markdown FILE`: a heading-structured Markdown playbook turned into a
//! playbook YAML in content/playbooks/, with a report of every block that went into free
//! text or nowhere. Owners (and the category and severity when not given) are left as
//! `fill-in` placeholders that `check` names until someone decides.

mod blocks;
mod links;
mod lists;
mod phases;
mod report;
mod shape;
mod steps;
mod yaml;

use super::Error;
use crate::model::{Id, Playbook, Scheme};
use crate::pipeline::Project;
use links::Fix;
use report::{Fate, Note, report};
use shape::{Context, Draft};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Arguments of `irbook import`.
#[derive(clap::Args)]
pub struct Args {
    /// What to import from.
    #[command(subcommand)]
    pub command: ImportCommand,
}

/// The import subcommands.
#[derive(clap::Subcommand)]
pub enum ImportCommand {
    /// Turn a heading-structured Markdown playbook into a playbook in content/playbooks/.
    Markdown(MarkdownArgs),
}

/// Arguments of `irbook import markdown`.
#[derive(clap::Args)]
pub struct MarkdownArgs {
    /// The Markdown file: a top heading, one level of headings for parts, the next for steps.
    pub file: PathBuf,
    /// Which phase each part is, where its heading does not say:
    /// "Part 1=identification,Part 2=containment".
    #[arg(long, value_name = "MAP")]
    pub phases: Option<String>,
    /// The playbook id; default a slug of the top heading (or of the file name).
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// Project folder holding irbook.yaml.
    #[arg(long, value_name = "PROJECT", default_value = ".")]
    pub path: PathBuf,
    /// The incident category; without it a placeholder that `check` refuses.
    #[arg(long, value_name = "CATEGORY")]
    pub category: Option<String>,
    /// The default severity level; without it a placeholder that `check` refuses.
    #[arg(long, value_name = "LEVEL")]
    pub severity: Option<String>,
    /// Where the original can be found, recorded in `source`.
    #[arg(long, value_name = "URL")]
    pub source_url: Option<String>,
    /// The licence the original is used under; default its "Licence:" line.
    #[arg(long, value_name = "LICENCE")]
    pub licence: Option<String>,
    /// Also write the report to this file.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Replace the playbook file if it exists (its step ids are kept for the same titles).
    #[arg(long)]
    pub force: bool,
}

/// Runs `irbook import`.
pub fn run(a: Args) -> Result<(), Error> {
    match a.command {
        ImportCommand::Markdown(m) => markdown(m),
    }
}

/// A Markdown file read and shaped, with what it was read from.
fn read_draft(file: &Path, cx: &Context) -> Result<Draft, Error> {
    let text = std::fs::read_to_string(file).map_err(super::io("read", file))?;
    let (text, replaced) = blocks::normalise(&text);
    shape::shape(blocks::read(&text, replaced), cx)
        .map_err(|e| Error::Refused(format!("{} cannot be imported: {e}", super::shown(file))))
}

/// `irbook import markdown`: the Markdown playbook `a.file` written as playbook YAML.
fn markdown(a: MarkdownArgs) -> Result<(), Error> {
    let project = Project::open(&a.path)?;
    let Some(scheme) = project.load().scheme else {
        return Err(Error::Sources(
            "the project has errors; run `irbook check` and fix them first",
        ));
    };
    let cfg = &scheme.config.data;
    let given = phases::parse_map(a.phases.as_deref().unwrap_or(""), &cfg.phases)
        .map_err(Error::Refused)?;
    let id =
        a.id.as_deref()
            .map(Id::parse)
            .transpose()
            .map_err(Error::Refused)?;
    let stem = a
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut cx = Context {
        id,
        stem: &stem,
        phases: &cfg.phases,
        given: &given,
        existing: None,
    };
    let first = read_draft(&a.file, &cx)?;
    given_keys_match(&given, &first)?;
    let rel = format!("content/playbooks/{}.yaml", first.id);
    let target = project.root().join(&rel);
    let (existed, existing) = existing(&target, a.force, &rel)?;
    cx.existing = existing.as_ref();
    let mut draft = if existing.is_some() {
        read_draft(&a.file, &cx)?
    } else {
        first
    };
    let mut siblings = Siblings {
        folder: a.file.parent().map(Path::to_owned).unwrap_or_default(),
        root: project.root().to_owned(),
        phases: &cfg.phases,
        given: &given,
        own: (draft.id.clone(), links::anchors(&draft)),
        seen: BTreeMap::new(),
    };
    let source = std::fs::read_to_string(&a.file).map_err(super::io("read", &a.file))?;
    fix_links(&mut draft, &mut siblings, &blocks::normalise(&source).0);
    if existed && existing.is_none() {
        draft.notes.push(Note {
            lines: (0, 0),
            fate: Fate::Check,
            what: format!("{rel} did not load as a playbook, so no step id of it was kept"),
        });
    }
    let related = related(&mut draft, &mut siblings);
    let old = cx.existing;
    let mut header = header(&scheme, &a, &draft, old)?;
    header.related = related;
    let text = yaml::write(&draft, &header);
    // A safety net: what is written must load as a playbook.
    if let Err(p) = crate::load::yaml::parse::<Playbook>(&rel, &text) {
        return Err(Error::Refused(format!(
            "the playbook written would not load ({}, line {}); nothing was written. Please report this with the Markdown file",
            p.message, p.line
        )));
    }
    write(&target, &text, existed)?;
    tell(&a, &draft, &rel, &target)
}

/// Every `--phases` key matches a part heading of the draft.
fn given_keys_match(given: &[(String, Id)], draft: &Draft) -> Result<(), Error> {
    for (key, _) in given {
        let heads = draft.phases.iter().flat_map(|p| &p.headings);
        if !heads.clone().any(|h| phases::key_matches(key, h)) {
            let all: Vec<&str> = heads.map(String::as_str).collect();
            return Err(Error::Refused(format!(
                "--phases: `{key}` names no part heading; the parts are: {}",
                all.join("; ")
            )));
        }
    }
    Ok(())
}

/// Prints the import report (and writes it to `--report`), then says what was written.
fn tell(a: &MarkdownArgs, draft: &Draft, rel: &str, target: &Path) -> Result<(), Error> {
    let report = report(&a.file, &draft.notes, rel);
    super::print(&report)?;
    if let Some(r) = &a.report {
        std::fs::write(r, &report).map_err(super::io("write", r))?;
    }
    let steps: usize = draft.phases.iter().map(|p| p.steps.len()).sum();
    eprintln!(
        "Wrote {} ({} phases, {steps} steps). Choose every `fill-in` and replace every FILL IN; `irbook check` names each one left.",
        super::shown(target),
        draft.phases.len(),
    );
    Ok(())
}

/// Whether there is a file at `target` to replace (refused without `--force`), and the
/// playbook it holds when it loads as one.
fn existing(target: &Path, force: bool, rel: &str) -> Result<(bool, Option<Playbook>), Error> {
    if std::fs::symlink_metadata(target).is_err() {
        return Ok((false, None));
    }
    if !force {
        return Err(Error::Refused(format!(
            "{rel} exists already; nothing was written. Pass --force to replace it (step ids are kept for steps with the same title)"
        )));
    }
    let text = std::fs::read_to_string(target).unwrap_or_default();
    Ok((true, crate::load::yaml::parse::<Playbook>(rel, &text).ok()))
}

/// Writes `text` to `path`: a new file, or (with `--force`) in place of the old one,
/// written beside it and renamed over it so a failed write leaves the old one.
fn write(path: &Path, text: &str, replace: bool) -> Result<(), Error> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(super::io("create", parent))?;
    }
    if !replace {
        return crate::write::file::create_new(path, text.as_bytes())
            .map_err(super::io("write", path));
    }
    let tmp = path.with_extension(format!("yaml.irbook-tmp-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let done = crate::write::file::create_new(&tmp, text.as_bytes())
        .and_then(|()| std::fs::rename(&tmp, path));
    if done.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    done.map_err(super::io("write", path))
}

/// The header fields: the given category and severity (checked), else those of the file
/// replaced, else placeholders; the owner likewise.
fn header<'a>(
    s: &Scheme,
    a: &'a MarkdownArgs,
    d: &Draft,
    old: Option<&Playbook>,
) -> Result<yaml::Header<'a>, Error> {
    let cfg = &s.config.data;
    let list = |ids: Vec<&Id>| {
        ids.iter()
            .map(|i| i.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let categories: Vec<&Id> = cfg
        .incident_categories
        .iter()
        .map(|c| &c.id.value)
        .collect();
    let levels: Vec<&Id> = s.severity.data.levels.iter().map(|l| &l.id.value).collect();
    let pick =
        |given: Option<&str>, known: &[&Id], kept: Option<&Id>, flag: &str, kind: &str| match given
        {
            Some(g) if known.iter().any(|k| k.as_str() == g) => Ok(g.to_owned()),
            Some(g) => Err(Error::Refused(format!(
                "{flag} `{g}`: no such {kind}; the {kind}s are: {}",
                list(known.to_vec())
            ))),
            None => Ok(kept
                .map(Id::to_string)
                .unwrap_or_else(|| crate::check::fill_in::ID.to_owned())),
        };
    let category = pick(
        a.category.as_deref(),
        &categories,
        old.map(|p| &p.category.value),
        "--category",
        "incident category",
    )?;
    let severity = pick(
        a.severity.as_deref(),
        &levels,
        old.map(|p| &p.default_severity.value),
        "--severity",
        "severity level",
    )?;
    let owner = old
        .and_then(|p| p.owner.as_ref())
        .map(|o| o.value.to_string())
        .unwrap_or_else(|| crate::check::fill_in::ID.to_owned());
    let roles: Vec<&Id> = s.contacts.data.roles.iter().map(|r| &r.id.value).collect();
    let phase_ids: Vec<&Id> = cfg.phases.iter().map(|p| &p.id.value).collect();
    Ok(yaml::Header {
        from: a
            .file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("Markdown"),
        category: (category, list(categories)),
        severity: (severity, list(levels)),
        owner,
        roles: list(roles),
        phases: list(phase_ids),
        url: a.source_url.as_deref(),
        related: Vec::new(),
        licence: a.licence.clone().or_else(|| d.licence.clone()),
    })
}

/// A playbook's id and where each heading of its source leads on its page.
type Anchored = (Id, BTreeMap<String, String>);

/// The Markdown playbooks of the imported file's folder that its links lead to.
struct Siblings<'a> {
    folder: PathBuf,
    root: PathBuf,
    phases: &'a [crate::model::config::PhaseDef],
    given: &'a [(String, Id)],
    own: Anchored,
    /// File name -> its playbook id and anchors, or none when it cannot be read.
    seen: BTreeMap<String, Option<Anchored>>,
}

impl Siblings<'_> {
    /// Where a link written in the imported file leads in the scheme.
    fn resolve(&mut self, dest: &str, image: bool, notes: &mut Vec<String>) -> Fix {
        let absolute = dest.contains("://")
            || dest.starts_with("//")
            || ["mailto:", "tel:"].iter().any(|p| dest.starts_with(p));
        if absolute {
            return Fix::Keep;
        }
        if image {
            return Fix::TextOnly(
                "is an image file, which is not imported (copy it to content/files/ and link it)"
                    .into(),
            );
        }
        let decoded = percent_encoding::percent_decode_str(dest).decode_utf8_lossy();
        let (path, frag) = decoded.split_once('#').unwrap_or((&decoded, ""));
        let path = path.strip_prefix("./").unwrap_or(path);
        if path.is_empty() {
            let (id, anchors) = &self.own;
            return match anchors.get(&links::norm(frag)) {
                Some(a) if a.is_empty() => Fix::To(format!("{id}.yaml")),
                Some(a) => Fix::To(format!("#{a}")),
                None => Fix::TextOnly("names no heading of the file".into()),
            };
        }
        if path.contains('/') || !path.ends_with(".md") {
            return Fix::TextOnly("leads outside the playbooks imported from this folder".into());
        }
        let found = self.sibling(path).clone();
        let Some((id, anchors)) = found else {
            return Fix::TextOnly("names no Markdown playbook of this folder".into());
        };
        if id != self.own.0
            && !self
                .root
                .join(format!("content/playbooks/{id}.yaml"))
                .exists()
        {
            notes.push(format!(
                "link to `{dest}` leads to playbook `{id}`, not imported yet: import {path} too, or `check` reports the link broken"
            ));
        }
        let own = id == self.own.0;
        match anchors.get(&links::norm(frag)).filter(|_| !frag.is_empty()) {
            Some(a) if own && !a.is_empty() => Fix::To(format!("#{a}")),
            Some(a) if !a.is_empty() => Fix::To(format!("{id}.yaml#{a}")),
            _ => Fix::To(format!("{id}.yaml")),
        }
    }

    /// The id and anchors of the Markdown playbook `name` in the folder, read once.
    fn sibling(&mut self, name: &str) -> &Option<Anchored> {
        if !self.seen.contains_key(name) {
            let file = self.folder.join(name);
            let stem = name.trim_end_matches(".md").to_owned();
            let mut cx = Context {
                id: None,
                stem: &stem,
                phases: self.phases,
                given: self.given,
                existing: None,
            };
            let mut got = read_draft(&file, &cx).ok();
            // Its ids as they are (or will be) in its playbook file.
            let old = got.as_ref().and_then(|d| {
                let t = std::fs::read_to_string(
                    self.root.join(format!("content/playbooks/{}.yaml", d.id)),
                )
                .ok()?;
                crate::load::yaml::parse::<Playbook>("x.yaml", &t).ok()
            });
            if old.is_some() {
                cx.existing = old.as_ref();
                got = read_draft(&file, &cx).ok();
            }
            let value = got.map(|d| (d.id.clone(), links::anchors(&d)));
            self.seen.insert(name.to_owned(), value);
        }
        &self.seen[name]
    }
}

/// The related links of the draft's "Related" part: another Markdown playbook of the
/// folder as its playbook id, a web address as it is; anything else is noted.
fn related(d: &mut Draft, sib: &mut Siblings) -> Vec<(yaml::Related, String)> {
    let mut out = Vec::new();
    for (dest, when, line) in std::mem::take(&mut d.lists.related) {
        let mut extra = Vec::new();
        let web = dest.starts_with("http://") || dest.starts_with("https://");
        let got = if web {
            Some(yaml::Related::Url(dest.clone()))
        } else {
            match sib.resolve(&dest, false, &mut extra) {
                Fix::To(t) => {
                    let file = t.split('#').next().unwrap_or("");
                    let id = if file.is_empty() {
                        None
                    } else {
                        file.strip_suffix(".yaml")
                    };
                    id.and_then(|i| Id::parse(i).ok())
                        .map(yaml::Related::Playbook)
                }
                _ => None,
            }
        };
        match got {
            Some(r) => out.push((r, when)),
            None => extra.push(format!(
                "related link to `{dest}` names neither a web page nor a Markdown playbook of this folder, not imported"
            )),
        }
        for what in extra {
            let fate = if what.contains("not imported yet") {
                Fate::Check
            } else {
                Fate::Nowhere
            };
            d.notes.push(Note {
                lines: (line, line),
                fate,
                what,
            });
        }
    }
    out
}

/// Rewrites the links of every text of the draft, noting each one that lost its target.
fn fix_links(d: &mut Draft, sib: &mut Siblings, source: &str) {
    let refs = d.refs.clone();
    let lines: Vec<&str> = source.lines().collect();
    let mut notes: Vec<Note> = Vec::new();
    let mut fix = |text: &mut String, line: u32| {
        let mut extra = Vec::new();
        let (t, lost) = links::rewrite(text, &refs, &mut |dest, image| {
            sib.resolve(dest, image, &mut extra)
        });
        *text = t;
        for what in lost.into_iter().chain(extra) {
            let fate = if what.contains("not imported yet") {
                Fate::Check
            } else {
                Fate::Nowhere
            };
            let at = located(&lines, line, &what);
            notes.push(Note {
                lines: (at, at),
                fate,
                what,
            });
        }
    };
    if let Some(s) = d.summary.as_mut() {
        fix(s, 1);
    }
    for ph in &mut d.phases {
        let line = ph.steps.first().map_or(0, |s| s.line);
        if let Some(o) = ph.objective.as_mut() {
            fix(o, line);
        }
        for st in &mut ph.steps {
            fix(&mut st.body.action, st.line);
            if let Some(c) = st.body.applies_when.as_mut() {
                fix(c, st.line);
            }
            for dc in &mut st.body.decisions {
                fix(&mut dc.question, st.line);
                for (n, (option, when)) in dc.choices.iter_mut().enumerate() {
                    fix(option, st.line);
                    fix(when, st.line);
                    // An option that links to a step of this playbook leads there.
                    if let Some((text, to)) = links::step_link(option) {
                        *option = text;
                        dc.then[n] = Some(to);
                    }
                }
            }
        }
    }
    d.notes.extend(notes);
}

/// The line of the link a note names (`link to `dest` ...`): the first line from `from`
/// on that holds its target, else the first in the file, else `from`.
fn located(lines: &[&str], from: u32, note: &str) -> u32 {
    let Some(dest) = note.split('`').nth(1).filter(|d| !d.is_empty()) else {
        return from;
    };
    let start = (from as usize).saturating_sub(1).min(lines.len());
    let find = |range: std::ops::Range<usize>| {
        lines[range.clone()]
            .iter()
            .position(|l| l.contains(dest))
            .map(|i| u32::try_from(range.start + i + 1).unwrap_or(from))
    };
    find(start..lines.len())
        .or_else(|| find(0..lines.len()))
        .unwrap_or(from)
}
