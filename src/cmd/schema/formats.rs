//! JSON Schemas (draft-07) of the source formats, for editors' YAML language servers.
//!
//! It describes the source formats themselves (the serde structs of [`crate::model`],
//! whose derives and doc comments it reads) and the rule names `irbook.yaml` may set, so it
//! sits with its command, above both; it needs no scheme project and never sees an
//! edition. A schema is generated from the very types the loader deserialises into, so it cannot
//! drift from what `irbook check` accepts; only cross-references (does role `x` exist?) and the
//! lints are beyond it.
//!
//! Draft-07 rather than schemars' default 2020-12: the Red Hat YAML language server (VS Code,
//! Neovim, Helix, JetBrains via LSP) supports JSON Schema draft-07 and below.

use crate::check::diagnostic::ALL_CODES;
use crate::check::lints::POLICY_TOPICS;
use crate::model::config::Config;
use crate::model::{Contacts, Form, PageMeta, Playbook, PolicyMeta, SeverityScale};
use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// A kind of source file that has a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `irbook.yaml`.
    Irbook,
    /// Front matter of `content/policy.md`.
    Policy,
    /// Front matter of `content/scheme/**/*.md`.
    Page,
    /// `content/severity.yaml`.
    Severity,
    /// `content/contacts.yaml`.
    Contacts,
    /// `content/playbooks/*.yaml`.
    Playbook,
    /// `content/forms/*.yaml`.
    Form,
    /// `content/tools.yaml`.
    Tools,
    /// `exercises/*.yaml`.
    Exercise,
    /// `exercises/records/*.yaml`.
    Record,
    /// `content/rota.yaml`.
    Rota,
    /// `incidents/records/*.yaml`.
    Incident,
}

impl Kind {
    /// Every kind, in the order of the README's source formats.
    pub const ALL: [Kind; 12] = [
        Kind::Irbook,
        Kind::Policy,
        Kind::Page,
        Kind::Severity,
        Kind::Contacts,
        Kind::Playbook,
        Kind::Form,
        Kind::Tools,
        Kind::Exercise,
        Kind::Record,
        Kind::Rota,
        Kind::Incident,
    ];

    /// The kind's name on the command line and in its file name, e.g. `playbook`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Irbook => "irbook",
            Kind::Policy => "policy",
            Kind::Page => "page",
            Kind::Severity => "severity",
            Kind::Contacts => "contacts",
            Kind::Playbook => "playbook",
            Kind::Form => "form",
            Kind::Tools => "tools",
            Kind::Exercise => "exercise",
            Kind::Record => "record",
            Kind::Rota => "rota",
            Kind::Incident => "incident",
        }
    }

    /// The schema's file name, e.g. `playbook.schema.json`.
    pub fn file_name(self) -> String {
        format!("{}.schema.json", self.name())
    }

    /// The source files the schema describes, as a glob relative to the project folder.
    pub fn sources(self) -> &'static str {
        match self {
            Kind::Irbook => "irbook.yaml",
            Kind::Policy => "content/policy.md",
            Kind::Page => "content/scheme/**/*.md",
            Kind::Severity => "content/severity.yaml",
            Kind::Contacts => "content/contacts.yaml",
            Kind::Playbook => "content/playbooks/*.yaml",
            Kind::Form => "content/forms/*.yaml",
            Kind::Tools => "content/tools.yaml",
            Kind::Exercise => "exercises/*.yaml",
            Kind::Record => "exercises/records/*.yaml",
            Kind::Rota => "content/rota.yaml",
            Kind::Incident => "incidents/records/*.yaml",
        }
    }

    /// Does the schema describe Markdown front matter (which YAML language servers do not see)?
    pub fn is_front_matter(self) -> bool {
        matches!(self, Kind::Policy | Kind::Page)
    }
}

fn root_schema<T: JsonSchema>() -> Value {
    SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value()
}

/// The JSON Schema of one kind of source file.
pub fn schema(kind: Kind) -> Value {
    let mut s = match kind {
        Kind::Irbook => root_schema::<Config>(),
        Kind::Policy => root_schema::<PolicyMeta>(),
        Kind::Page => root_schema::<PageMeta>(),
        Kind::Severity => root_schema::<SeverityScale>(),
        Kind::Contacts => root_schema::<Contacts>(),
        Kind::Playbook => root_schema::<Playbook>(),
        Kind::Form => root_schema::<Form>(),
        Kind::Tools => root_schema::<crate::model::tools::Tools>(),
        Kind::Exercise => root_schema::<crate::model::exercise::Exercise>(),
        Kind::Record => root_schema::<crate::model::exercise::Record>(),
        Kind::Rota => root_schema::<crate::model::rota::Rota>(),
        Kind::Incident => root_schema::<crate::model::incident::Incident>(),
    };
    let what = if kind.is_front_matter() {
        format!("front matter of {}", kind.sources())
    } else {
        kind.sources().to_owned()
    };
    strip_null_defaults(&mut s);
    drop_foreign_formats(&mut s);
    text_takes_any_scalar(&mut s);
    // An all-digit id (`id: 112`) is a number to a YAML language server but an id to the
    // loader, which reads the scalar as written. Widened here, not in `Id`'s own schema, so
    // that maps keyed by ids keep the id pattern for their keys; `pattern` and the lengths
    // apply to strings only.
    if let Some(id) = s.pointer_mut("/definitions/Id") {
        id["type"] = json!(["string", "integer"]);
        id["minimum"] = json!(0);
    }
    s["title"] = json!(format!("irbook {what}"));
    s["$comment"] = json!(format!(
        "Generated by irbook {} (`irbook schema`); regenerate rather than edit. \
         References between files and the lints are checked by `irbook check` only.",
        env!("CARGO_PKG_VERSION")
    ));
    match kind {
        // Rule names and codes that `lints:` accepts: the configurable (warning) rules.
        Kind::Irbook => {
            let mut names: Vec<&str> = Vec::new();
            for c in ALL_CODES.iter().filter(|c| c.code.starts_with('W')) {
                names.extend([c.name, c.code]);
            }
            s["properties"]["lints"]["propertyNames"] = json!({ "enum": names });
        }
        // The policy checklist topics `covers` may name.
        Kind::Policy => {
            let topics: Vec<&str> = POLICY_TOPICS.iter().map(|(id, _)| *id).collect();
            s["properties"]["covers"]["items"] = json!({ "type": "string", "enum": topics });
        }
        _ => {}
    }
    s
}

/// Lets free-text fields hold any YAML scalar, as the loader does: irbook reads a plain
/// `1.10`, `0123` or `true` into a text field exactly as written, but a YAML language server
/// types them as number or boolean and would flag a file that `irbook check` accepts.
/// Only unconstrained strings are widened; ids, dates, durations and enums keep their form.
fn text_takes_any_scalar(v: &mut Value) {
    match v {
        Value::Object(m) => {
            let constrained = ["pattern", "format", "enum", "const"]
                .iter()
                .any(|k| m.contains_key(*k));
            if !constrained {
                let widened = match m.get("type") {
                    Some(t) if t == "string" => Some(json!(["string", "number", "boolean"])),
                    Some(t) if *t == json!(["string", "null"]) => {
                        Some(json!(["string", "number", "boolean", "null"]))
                    }
                    _ => None,
                };
                if let Some(t) = widened {
                    m.insert("type".into(), t);
                }
            }
            m.values_mut().for_each(text_takes_any_scalar);
        }
        Value::Array(a) => a.iter_mut().for_each(text_takes_any_scalar),
        _ => {}
    }
}

/// The `format` values draft-07 defines; schemars also writes `uint32`, `int32` and the like,
/// which strict validators (ajv) refuse as unknown formats.
const DRAFT07_FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
];

/// Removes `format` keywords draft-07 does not define (the type and `minimum` remain).
fn drop_foreign_formats(v: &mut Value) {
    match v {
        Value::Object(m) => {
            let foreign = m
                .get("format")
                .and_then(Value::as_str)
                .is_some_and(|f| !DRAFT07_FORMATS.contains(&f));
            if foreign {
                m.remove("format");
            }
            m.values_mut().for_each(drop_foreign_formats);
        }
        Value::Array(a) => a.iter_mut().for_each(drop_foreign_formats),
        _ => {}
    }
}

/// Drops `"default": null` and null members inside defaults: an editor completing a key
/// would otherwise offer to write `null` (or `description: null`) into the file.
fn strip_null_defaults(v: &mut Value) {
    fn drop_nulls(v: &mut Value) {
        match v {
            Value::Object(m) => {
                m.retain(|_, x| !x.is_null());
                m.values_mut().for_each(drop_nulls);
            }
            Value::Array(a) => a.iter_mut().for_each(drop_nulls),
            _ => {}
        }
    }
    match v {
        Value::Object(m) => {
            if m.get("default").is_some_and(Value::is_null) {
                m.remove("default");
            }
            for (k, x) in m.iter_mut() {
                if k == "default" {
                    drop_nulls(x);
                } else {
                    strip_null_defaults(x);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(strip_null_defaults),
        _ => {}
    }
}

/// The schema of one kind as pretty-printed JSON with a final newline.
pub fn to_json(kind: Kind) -> String {
    let mut out = serde_json::to_string_pretty(&schema(kind)).unwrap_or_else(|_| "{}".into());
    out.push('\n');
    out
}

/// Writes the schemas of `kinds` into `dir` (created if missing) as `<kind>.schema.json`.
pub fn write(dir: &Path, kinds: &[Kind]) -> Result<Vec<PathBuf>, super::super::Error> {
    std::fs::create_dir_all(dir).map_err(super::super::io("create folder", dir))?;
    let mut written = Vec::with_capacity(kinds.len());
    for &kind in kinds {
        let path = dir.join(kind.file_name());
        std::fs::write(&path, to_json(kind)).map_err(super::super::io("write", &path))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_a_closed_draft07_object() {
        for kind in Kind::ALL {
            let s = schema(kind);
            assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
            assert_eq!(s["type"], "object", "{kind:?}");
            assert_eq!(s["additionalProperties"], false, "{kind:?}");
            assert!(
                !to_json(kind).contains(": null"),
                "{kind:?} offers a null default"
            );
            assert!(!to_json(kind).contains("int32\""), "{kind:?}");
        }
    }

    #[test]
    fn lints_and_covers_list_their_names() {
        let irbook = schema(Kind::Irbook);
        let names = &irbook["properties"]["lints"]["propertyNames"]["enum"];
        assert!(names.as_array().unwrap().contains(&json!("stale-contact")));
        assert!(names.as_array().unwrap().contains(&json!("W0301")));
        assert!(!names.as_array().unwrap().contains(&json!("E0002")));
        let policy = schema(Kind::Policy);
        let topics = &policy["properties"]["covers"]["items"]["enum"];
        assert!(topics.as_array().unwrap().contains(&json!("how-to-report")));
    }
}
