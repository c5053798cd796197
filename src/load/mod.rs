//! Discovery and parsing of a scheme project's files into the typed model.

pub mod files;
pub mod frontmatter;
pub mod lenient;
pub mod problem;
mod tree;
pub mod yaml;
pub mod yaml_help;
pub mod yaml_lines;

use crate::model::config::Config;
use crate::model::{Doc, MdDoc, PageMeta, Pos, Scheme};
use files::{SourceFile, list, read_source, rel_string};
use lenient::Failed;
use problem::{Problem, ProblemKind};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// What loading produced: the files read (for diagnostics), the scheme, every problem,
/// and what was left out of the scheme because it had a problem.
///
/// A file with problems keeps what can be trusted: its list items without a problem,
/// and its top level when that can still be read. The scheme exists when `irbook.yaml`,
/// the policy, the severity scale and the contacts could be read that far; with any
/// problem it is partial, fit for checking, never for rendering an edition.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Every source file read, by path, for showing source lines in diagnostics.
    pub sources: Vec<SourceFile>,
    /// The scheme, when the four files it cannot do without could be read.
    pub scheme: Option<Scheme>,
    /// Problems found while reading and parsing.
    pub problems: Vec<Problem>,
    /// What was left out: list items with problems and files that could not be read.
    pub broken: Vec<Broken>,
}

/// Something left out of the scheme because it had a problem: a list item of a file, or
/// a whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// The file it is in.
    pub file: String,
    /// Which item, and its id when readable.
    pub item: Failed,
    /// The `id:` at the top of the file, when readable (a playbook's, for its steps).
    pub top_id: Option<String>,
}

/// One file read: its source (when readable), its content (whole, or without the items
/// that had problems), every problem in it and what was left out.
#[derive(Debug, Clone)]
pub struct FileRead<T> {
    /// The file's text, for diagnostics.
    pub source: Option<SourceFile>,
    /// What could be read; `None` when the file could not be read at all.
    pub value: Option<T>,
    /// Every problem in the file.
    pub problems: Vec<Problem>,
    /// What was left out.
    pub failed: Vec<Failed>,
}

impl<T> FileRead<T> {
    /// A file that could not be read at all: left out whole.
    fn unread(source: Option<SourceFile>, problem: Problem) -> FileRead<T> {
        FileRead {
            source,
            value: None,
            problems: vec![problem],
            failed: vec![Failed {
                path: String::new(),
                id: None,
            }],
        }
    }
}

impl Loaded {
    /// The text of a source file, for rendering a diagnostic.
    pub fn source_text(&self, path: &str) -> Option<&str> {
        self.sources
            .iter()
            .find(|s| s.path == path)
            .map(|s| &*s.text)
    }
}

/// The files of a project, found but not yet parsed.
struct Found {
    scheme_pages: Vec<PathBuf>,
    playbooks: Vec<PathBuf>,
    forms: Vec<PathBuf>,
    awareness_pages: Vec<PathBuf>,
    quizzes: Vec<PathBuf>,
    templates: Vec<PathBuf>,
    exercises: Vec<PathBuf>,
    records: Vec<PathBuf>,
    incidents: Vec<PathBuf>,
}

/// `irbook.yaml` read and parsed.
pub type ConfigFile = FileRead<Doc<Config>>;

/// Reads and parses `irbook.yaml` of the project at `root` (which must have one).
pub fn config(root: &Path) -> ConfigFile {
    yaml_file(root, Path::new("irbook.yaml"))
}

/// Reads and parses every file of the project at `root`.
pub fn load(root: &Path) -> Loaded {
    if !root.join("irbook.yaml").is_file() {
        return load_with(root, None);
    }
    let config = config(root);
    load_with(root, Some(config))
}

/// Reads and parses every file of the project at `root`, but `irbook.yaml`, which was read
/// already (`None` when the project has none).
pub fn load_with(root: &Path, config: Option<ConfigFile>) -> Loaded {
    let mut out = Loaded::default();
    let Some(config) = config else {
        out.problems.push(not_a_project(root));
        return out;
    };
    let found = Found::list(root, &mut out.problems);
    let config = absorb(vec![config], &mut out).pop();
    let policy = parse_md(root, Path::new("content/policy.md"), &mut out);
    let severity = parse_yaml(root, Path::new("content/severity.yaml"), &mut out);
    let contacts = parse_yaml(root, Path::new("content/contacts.yaml"), &mut out);
    let obligations = parse_optional_yaml(root, Path::new(OBLIGATIONS), &mut out);
    let rota = parse_optional_yaml(root, Path::new(ROTA), &mut out);
    let tools = parse_optional_yaml(root, Path::new(TOOLS), &mut out);
    let files = attachable(root, &mut out.problems);
    let many = Many::read(root, &found, &mut out);
    if let (Some(config), Some(policy), Some(severity), Some(contacts)) =
        (config, policy, severity, contacts)
    {
        out.scheme = Some(Scheme {
            config,
            policy,
            pages: many.pages,
            severity,
            contacts,
            playbooks: many.playbooks,
            forms: many.forms,
            awareness: many.awareness,
            quizzes: many.quizzes,
            exercises: many.exercises,
            records: many.records,
            obligations,
            templates: many.templates,
            rota,
            tools,
            files,
            incidents: many.incidents,
        });
    }
    out.sources.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// The problem of a folder without `irbook.yaml`.
fn not_a_project(root: &Path) -> Problem {
    Problem::new(
        ProblemKind::MissingFile,
        "irbook.yaml",
        Pos::default(),
        format!(
            "`{}` is not an irbook project: it has no irbook.yaml",
            root.display()
        ),
    )
    .with_help("run `irbook init DIR` to start a project, or pass the project folder")
}

impl Found {
    /// Lists the files of every kind that comes in numbers, reporting unsafe paths.
    fn list(root: &Path, problems: &mut Vec<Problem>) -> Found {
        Found {
            scheme_pages: list(root, "content/scheme", "md", true, problems),
            playbooks: list(root, "content/playbooks", "yaml", false, problems),
            forms: list(root, "content/forms", "yaml", false, problems),
            // Subfolders group pages (`content/awareness/depot/report-it.md`): a page's
            // name in `paths:` and its output path keep the folder.
            awareness_pages: list(root, "content/awareness", "md", true, problems),
            quizzes: list(root, "content/awareness", "yaml", true, problems),
            templates: list(root, "content/templates", "md", false, problems),
            exercises: list(root, "exercises", "yaml", false, problems),
            records: list(root, "exercises/records", "yaml", false, problems),
            incidents: list(root, "incidents/records", "yaml", false, problems),
        }
    }
}

/// The files that come in numbers, parsed and in their order.
struct Many {
    pages: Vec<MdDoc<PageMeta>>,
    playbooks: Vec<Doc<crate::model::Playbook>>,
    forms: Vec<Doc<crate::model::Form>>,
    awareness: Vec<MdDoc<crate::model::awareness::AwarenessMeta>>,
    quizzes: Vec<Doc<crate::model::awareness::Quiz>>,
    templates: Vec<MdDoc<crate::model::template::TemplateMeta>>,
    exercises: Vec<Doc<crate::model::exercise::Exercise>>,
    records: Vec<Doc<crate::model::exercise::Record>>,
    incidents: Vec<Doc<crate::model::incident::Incident>>,
}

impl Many {
    /// Reads and parses the files `found`, keeping the good ones and reporting the others.
    fn read(root: &Path, found: &Found, out: &mut Loaded) -> Many {
        // The many small files are read and parsed in parallel; order is restored by sorting.
        let pages: Vec<FileRead<MdDoc<PageMeta>>> = found
            .scheme_pages
            .par_iter()
            .map(|p| md_file(root, p))
            .collect();
        let playbooks: Vec<FileRead<Doc<crate::model::Playbook>>> = found
            .playbooks
            .par_iter()
            .map(|p| yaml_file(root, p))
            .collect();
        let forms: Vec<FileRead<Doc<crate::model::Form>>> =
            found.forms.par_iter().map(|p| yaml_file(root, p)).collect();
        let pages = absorb(pages, out);
        let playbooks = absorb(playbooks, out);
        let forms = absorb(forms, out);
        let awareness: Vec<FileRead<MdDoc<crate::model::awareness::AwarenessMeta>>> = found
            .awareness_pages
            .iter()
            .map(|p| md_file(root, p))
            .collect();
        let quizzes: Vec<FileRead<Doc<crate::model::awareness::Quiz>>> =
            found.quizzes.iter().map(|p| yaml_file(root, p)).collect();
        let awareness = absorb(awareness, out);
        let quizzes = absorb(quizzes, out);
        let templates: Vec<FileRead<MdDoc<crate::model::template::TemplateMeta>>> =
            found.templates.iter().map(|p| md_file(root, p)).collect();
        let templates = absorb(templates, out);
        let exercises: Vec<FileRead<Doc<crate::model::exercise::Exercise>>> =
            found.exercises.iter().map(|p| yaml_file(root, p)).collect();
        let records: Vec<FileRead<Doc<crate::model::exercise::Record>>> =
            found.records.iter().map(|p| yaml_file(root, p)).collect();
        let exercises = absorb(exercises, out);
        let records = absorb(records, out);
        let incidents: Vec<FileRead<Doc<crate::model::incident::Incident>>> =
            found.incidents.iter().map(|p| yaml_file(root, p)).collect();
        let incidents = absorb(incidents, out);
        let mut many = Many {
            pages,
            playbooks,
            forms,
            awareness,
            quizzes,
            templates,
            exercises,
            records,
            incidents,
        };
        many.sort();
        many
    }

    /// Puts every kind in its order: by weight and file, by id, or by file.
    fn sort(&mut self) {
        self.exercises
            .sort_by(|a, b| a.data.id.value.cmp(&b.data.id.value));
        self.records.sort_by(|a, b| a.file.cmp(&b.file));
        self.incidents.sort_by(|a, b| a.file.cmp(&b.file));
        self.awareness
            .sort_by(|a, b| (a.meta.weight, &a.file).cmp(&(b.meta.weight, &b.file)));
        self.quizzes
            .sort_by(|a, b| a.data.id.value.cmp(&b.data.id.value));
        self.pages
            .sort_by(|a, b| (a.meta.weight, &a.file).cmp(&(b.meta.weight, &b.file)));
        self.playbooks
            .sort_by(|a, b| a.data.id.value.cmp(&b.data.id.value));
        self.forms
            .sort_by(|a, b| a.data.id.value.cmp(&b.data.id.value));
    }
}

/// Keeps what each file read holds, and takes in its source, problems and what was left
/// out.
fn absorb<T>(items: Vec<FileRead<T>>, out: &mut Loaded) -> Vec<T> {
    let mut good = Vec::with_capacity(items.len());
    for read in items {
        // A file that could not be read has no source; its problem names it.
        let file = match (&read.source, read.problems.first()) {
            (Some(src), _) => Some(&src.path),
            (None, Some(p)) => Some(&p.file),
            (None, None) => None,
        };
        if let Some(file) = file
            && !read.failed.is_empty()
        {
            let top_id = read
                .source
                .as_ref()
                .and_then(|s| lenient::top_level_id(&s.text));
            out.broken.extend(read.failed.iter().map(|item| Broken {
                file: file.clone(),
                item: item.clone(),
                top_id: top_id.clone(),
            }));
        }
        out.sources.extend(read.source);
        out.problems.extend(read.problems);
        good.extend(read.value);
    }
    good
}

fn yaml_file<T: DeserializeOwned>(root: &Path, rel: &Path) -> FileRead<Doc<T>> {
    let src = match read_source(root, rel) {
        Err(d) => return FileRead::unread(None, d),
        Ok(src) => src,
    };
    if src.text.trim().is_empty() {
        let p = Problem::new(
            ProblemKind::YamlSyntax,
            &src.path,
            Pos { line: 1, col: 1 },
            "the file is empty",
        )
        .with_help("fill it in (`irbook init` writes an example of every file) or delete it");
        return FileRead::unread(Some(src), p);
    }
    let read = lenient::parse_all::<T>(&src.path, &src.text);
    let file = src.path.clone();
    finish(src, read, |data| Doc { file, data })
}

/// A file's read, its content made into what the scheme holds; a file that could not be
/// read at all is left out as a whole.
fn finish<T, U>(src: SourceFile, read: lenient::Read<T>, make: impl FnOnce(T) -> U) -> FileRead<U> {
    let mut failed = read.failed;
    if read.value.is_none() && !failed.iter().any(|f| f.path.is_empty()) {
        failed.push(Failed {
            path: String::new(),
            id: lenient::top_level_id(&src.text),
        });
    }
    FileRead {
        source: Some(src),
        value: read.value.map(make),
        problems: read.problems,
        failed,
    }
}

fn md_file<M: DeserializeOwned>(root: &Path, rel: &Path) -> FileRead<MdDoc<M>> {
    let src = match read_source(root, rel) {
        Err(d) => return FileRead::unread(None, d),
        Ok(s) => s,
    };
    let split = match frontmatter::split(&src.text) {
        Ok(split) => split,
        Err(e) => {
            let (pos, msg) = match e {
                frontmatter::FrontMatterError::Missing => (
                    Pos { line: 1, col: 1 },
                    "the page has no front matter".to_owned(),
                ),
                frontmatter::FrontMatterError::Unclosed(n) => (
                    Pos { line: n, col: 1 },
                    "the front matter is not closed".to_owned(),
                ),
            };
            let p = Problem::new(ProblemKind::FrontMatter, &src.path, pos, msg).with_help(
                "start the file with a line `---`, the YAML fields, then another line `---`",
            );
            return FileRead::unread(Some(src), p);
        }
    };
    let read = lenient::parse_all::<M>(&src.path, &split.yaml);
    let (body, body_line) = (
        crate::model::SourceSlice::of(&src.text, split.body),
        split.body_line,
    );
    let file = src.path.clone();
    finish(src, read, |meta| MdDoc {
        file,
        meta,
        body,
        body_line,
        slug: page_slug(rel),
    })
}

fn parse_yaml<T: DeserializeOwned>(root: &Path, rel: &Path, out: &mut Loaded) -> Option<Doc<T>> {
    if !root.join(rel).exists() {
        out.problems.push(missing(rel));
        return None;
    }
    absorb(vec![yaml_file(root, rel)], out).pop()
}

/// `content/obligations.yaml`: optional, so a project without it loads as before.
const OBLIGATIONS: &str = "content/obligations.yaml";

/// `content/rota.yaml`: optional, like the obligations.
const ROTA: &str = "content/rota.yaml";
/// `content/tools.yaml`: optional, like the obligations.
const TOOLS: &str = "content/tools.yaml";

/// The regular files under `content/files/`, which playbooks may attach, read whole;
/// symbolic links are left out, so an attachment can never lead out of the project. A
/// file that cannot be read, or is larger than a source may be, is a problem.
fn attachable(root: &Path, problems: &mut Vec<Problem>) -> Vec<crate::model::FileEntry> {
    let mut out = Vec::new();
    for p in files::list_all(root, Path::new(FILES), problems) {
        let full = root.join(&p);
        let path = rel_string(&p);
        let Ok(meta) = std::fs::symlink_metadata(&full) else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        if meta.len() > files::MAX_FILE_BYTES {
            problems.push(Problem::new(
                ProblemKind::Unreadable,
                &path,
                Pos::default(),
                "this file is too large to attach",
            ));
            continue;
        }
        match std::fs::read(&full) {
            Ok(bytes) => out.push(crate::model::FileEntry {
                path,
                bytes: bytes.into(),
            }),
            Err(e) => problems.push(Problem::new(
                ProblemKind::Unreadable,
                &path,
                Pos::default(),
                format!("this file cannot be read: {e}"),
            )),
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// The folder of files playbooks attach.
pub const FILES: &str = "content/files";

/// Parses an optional file: `None` when it does not exist (or does not parse, with a diagnostic).
fn parse_optional_yaml<T: DeserializeOwned>(
    root: &Path,
    rel: &Path,
    out: &mut Loaded,
) -> Option<Doc<T>> {
    if !root.join(rel).exists() {
        return None;
    }
    absorb(vec![yaml_file(root, rel)], out).pop()
}

fn parse_md<M: DeserializeOwned>(root: &Path, rel: &Path, out: &mut Loaded) -> Option<MdDoc<M>> {
    if !root.join(rel).exists() {
        out.problems.push(missing(rel));
        return None;
    }
    absorb(vec![md_file(root, rel)], out).pop()
}

fn missing(rel: &Path) -> Problem {
    Problem::new(
        ProblemKind::MissingFile,
        &rel_string(rel),
        Pos::default(),
        "this file is required but does not exist",
    )
    .with_help("`irbook init DIR` writes an example of every required file")
}

/// Parses one source text as the loader would for a file at `rel` (a project-relative path):
/// the parse stage alone (its first problem), for tools and tests that have text rather
/// than files.
pub fn parse_text(rel: &str, text: &str) -> Result<(), Problem> {
    fn yaml<T: DeserializeOwned>(rel: &str, text: &str) -> Result<(), Problem> {
        yaml::parse::<T>(rel, text).map(|_| ())
    }
    if rel.ends_with(".md") {
        let split = frontmatter::split(text).map_err(|_| {
            Problem::new(
                ProblemKind::FrontMatter,
                rel,
                Pos { line: 1, col: 1 },
                "no front matter",
            )
        })?;
        return if rel == "content/policy.md" {
            yaml::parse::<crate::model::PolicyMeta>(rel, &split.yaml).map(|_| ())
        } else if rel.starts_with("content/awareness/") {
            yaml::parse::<crate::model::awareness::AwarenessMeta>(rel, &split.yaml).map(|_| ())
        } else {
            yaml::parse::<PageMeta>(rel, &split.yaml).map(|_| ())
        };
    }
    match rel {
        "irbook.yaml" => yaml::<Config>(rel, text),
        "content/severity.yaml" => yaml::<crate::model::SeverityScale>(rel, text),
        "content/contacts.yaml" => yaml::<crate::model::Contacts>(rel, text),
        OBLIGATIONS => yaml::<crate::model::Obligations>(rel, text),
        ROTA => yaml::<crate::model::rota::Rota>(rel, text),
        TOOLS => yaml::<crate::model::tools::Tools>(rel, text),
        r if r.starts_with("content/playbooks/") => yaml::<crate::model::Playbook>(rel, text),
        r if r.starts_with("content/forms/") => yaml::<crate::model::Form>(rel, text),
        r if r.starts_with("content/awareness/") => {
            yaml::<crate::model::awareness::Quiz>(rel, text)
        }
        r if r.starts_with("incidents/records/") => {
            yaml::<crate::model::incident::Incident>(rel, text)
        }
        r if r.starts_with("exercises/records/") => {
            yaml::<crate::model::exercise::Record>(rel, text)
        }
        r if r.starts_with("exercises/") => yaml::<crate::model::exercise::Exercise>(rel, text),
        _ => Ok(()),
    }
}

/// Output path (without `.html`) of a Markdown source: `content/scheme/a/B c.md` -> `scheme/a/b-c`.
pub fn page_slug(rel: &Path) -> String {
    let rel = rel
        .strip_prefix("content")
        .unwrap_or(rel)
        .with_extension("");
    rel.components()
        .map(|c| crate::model::slug::slugify(&c.as_os_str().to_string_lossy()))
        .collect::<Vec<_>>()
        .join("/")
}
