//! The typed scheme: what each source file holds, with positions for diagnostics.

mod at;
pub mod awareness;
pub mod clock;
pub mod config;
pub mod contacts;
mod date;
mod duration;
pub mod exercise;
pub mod form;
pub mod frameworks;
mod id;
pub mod incident;
pub mod index;
pub mod obligation;
pub mod page;
pub mod playbook;
pub mod playbook_fields;
pub mod rota;
pub mod routes;
pub mod severity;
pub mod slug;
pub mod template;
pub mod tools;

pub use at::{At, Pos};
pub use contacts::{Channel, ChannelKind, Contacts, Party, PartyKind, Person, Reporting, Role};
pub use date::Date;
pub use duration::Minutes;
pub use form::{Column, Field, FieldKind, Form, Section};
pub use id::{Id, id_problem};
pub use index::Index;
pub use obligation::Obligations;
pub use page::{Lifecycle, PageMeta, PolicyMeta};
pub use playbook::{Choice, Decision, Escalation, Phase, Playbook, Step};
pub use severity::{ImpactCategory, SeverityLevel, SeverityScale};

use config::Config;

/// Markdown text and where it starts in its file.
pub type Text = At<String>;

/// A YAML document and the file it came from.
#[derive(Debug, Clone)]
pub struct Doc<T> {
    /// Path relative to the project root, `/`-separated.
    pub file: String,
    /// The parsed content.
    pub data: T,
}

/// Part of a source file's text, sharing the buffer the file was read into: a Markdown
/// body is kept once, not once as the file's text (for diagnostics) and again in the model.
#[derive(Clone)]
pub struct SourceSlice {
    buf: std::sync::Arc<str>,
    range: std::ops::Range<usize>,
}

impl SourceSlice {
    /// `part` of `buf`; a copy if `part` does not lie within `buf`.
    pub fn of(buf: &std::sync::Arc<str>, part: &str) -> SourceSlice {
        let start = (part.as_ptr() as usize).wrapping_sub(buf.as_ptr() as usize);
        match buf.get(start..start.wrapping_add(part.len())) {
            Some(s) if std::ptr::eq(s.as_ptr(), part.as_ptr()) => SourceSlice {
                buf: buf.clone(),
                range: start..start + part.len(),
            },
            _ => SourceSlice {
                buf: std::sync::Arc::from(part),
                range: 0..part.len(),
            },
        }
    }
}

impl std::ops::Deref for SourceSlice {
    type Target = str;

    fn deref(&self) -> &str {
        &self.buf[self.range.clone()]
    }
}

impl std::fmt::Debug for SourceSlice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

/// A Markdown document with front matter.
#[derive(Debug)]
pub struct MdDoc<M> {
    /// Path relative to the project root, `/`-separated.
    pub file: String,
    /// Parsed front matter.
    pub meta: M,
    /// Markdown body after the front matter.
    pub body: SourceSlice,
    /// 1-based line of the file where the body starts.
    pub body_line: u32,
    /// Output path of the page without extension, e.g. `scheme/forensics`.
    pub slug: String,
}

/// Everything read from a scheme project, before references are checked.
#[derive(Debug)]
pub struct Scheme {
    /// `irbook.yaml`.
    pub config: Doc<Config>,
    /// `content/policy.md`.
    pub policy: MdDoc<PolicyMeta>,
    /// `content/scheme/**/*.md`, in reading order (weight, then path).
    pub pages: Vec<MdDoc<PageMeta>>,
    /// `content/severity.yaml`.
    pub severity: Doc<SeverityScale>,
    /// `content/contacts.yaml`.
    pub contacts: Doc<Contacts>,
    /// `content/playbooks/*.yaml`, sorted by id.
    pub playbooks: Vec<Doc<Playbook>>,
    /// `content/forms/*.yaml`, sorted by id.
    pub forms: Vec<Doc<Form>>,
    /// `content/awareness/**/*.md`, in path order (weight, then path).
    pub awareness: Vec<MdDoc<awareness::AwarenessMeta>>,
    /// `content/awareness/**/*.yaml`, sorted by id.
    pub quizzes: Vec<Doc<awareness::Quiz>>,
    /// `exercises/*.yaml`, sorted by id.
    pub exercises: Vec<Doc<exercise::Exercise>>,
    /// `exercises/records/*.yaml`, sorted by path.
    pub records: Vec<Doc<exercise::Record>>,
    /// `content/obligations.yaml`, when the project has one.
    pub obligations: Option<Doc<Obligations>>,
    /// `content/templates/*.md`, in path order; a template's id is its file name.
    pub templates: Vec<MdDoc<template::TemplateMeta>>,
    /// `incidents/records/*.yaml`, sorted by path: real incidents, for their reviews.
    pub incidents: Vec<Doc<incident::Incident>>,
    /// `content/rota.yaml`, when the project has one.
    pub rota: Option<Doc<rota::Rota>>,
    /// `content/tools.yaml`, when the project has one.
    pub tools: Option<Doc<tools::Tools>>,
    /// The regular files under `content/files/` (attachments may name them), sorted by path.
    pub files: Vec<FileEntry>,
}

/// A file under `content/files/`, kept as bytes: published as it is, never read as text.
#[derive(Debug, Clone)]
pub struct FileEntry {
    /// Project-relative `/`-separated path, e.g. `content/files/hunt.sql`.
    pub path: String,
    /// Its content.
    pub bytes: std::sync::Arc<[u8]>,
}
