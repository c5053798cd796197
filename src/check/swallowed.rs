//! W0321 swallowed-field: a line in the text of a block scalar (`action: |`) that reads
//! as a field of the mapping holding the block. Indented too far, the field became part
//! of the text: the file loads, the field is missing, and the page says "owner: desk".
//!
//! It reads the source text (with `load::yaml_lines`), so it runs on every YAML file and
//! page front matter, whether or not the file loaded. A line counts as a field when its
//! key is the key of a sibling of the block, or a field the holding type has (from the
//! JSON Schema of the model types, the very types the loader fills).

use super::diagnostic::{self as diag, Diagnostic};
use crate::load::files::SourceFile;
use crate::load::frontmatter;
use crate::load::yaml_lines::{self as yl, Kind, Line, Seg};
use rayon::prelude::*;
use schemars::JsonSchema;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashMap;

/// The warnings for every source file.
pub fn check(sources: &[SourceFile]) -> Vec<Diagnostic> {
    // Files in parallel, as the loader reads them; a schema is made only for the rare
    // line that looks like a field no sibling has, so each file makes its own.
    sources
        .par_iter()
        .flat_map_iter(|src| {
            let mut out = Vec::new();
            file(src, &mut Schemas::default(), &mut out);
            out
        })
        .collect()
}

/// The warnings for one file: its YAML, or a page's front matter.
fn file(src: &SourceFile, schemas: &mut Schemas, out: &mut Vec<Diagnostic>) {
    let yaml: Cow<str> = if src.path.ends_with(".md") {
        match frontmatter::split(&src.text) {
            Ok(s) => s.yaml.into(),
            Err(_) => return,
        }
    } else if src.path.ends_with(".yaml") {
        Cow::Borrowed(&src.text)
    } else {
        return;
    };
    // Most files have no block scalar, or none with a line that looks like a field.
    if !glance(&yaml) {
        return;
    }
    let lines = yl::read(&yaml);
    for (h, header) in lines.iter().enumerate() {
        let Some((col, key)) = header.key.filter(|_| header.opens_block()) else {
            continue;
        };
        let mut block = Block {
            lines: &lines,
            header: h,
            known: None,
        };
        let text: Vec<&Line> = lines[h + 1..]
            .iter()
            .take_while(|l| l.block == Some(h))
            .filter(|l| l.kind == Kind::Text)
            .collect();
        let mut fenced = false;
        for (k, l) in text.iter().enumerate() {
            let t = l.text.trim_start();
            if t.starts_with("```") || t.starts_with("~~~") {
                fenced = !fenced;
            }
            if fenced {
                continue;
            }
            let Some(name) = field_like(t) else {
                continue;
            };
            if !trailing(&text[k..]) || !block.is_field(name, schemas, &src.path) {
                continue;
            }
            let at = crate::model::Pos {
                line: l.no,
                col: u32::try_from(l.indent + 1).unwrap_or(u32::MAX),
            };
            out.push(
                Diagnostic::warning(
                    diag::SWALLOWED_FIELD,
                    &src.path,
                    at,
                    format!("`{name}:` is part of the text of `{key}` above, not a field"),
                )
                .with_help(format!(
                    "un-indent `{name}` to column {}, where `{key}` starts, to make it a field; if it is meant as text, reword the line",
                    col + 1
                )),
            );
        }
    }
}

/// Might `yaml` have a swallowed field? A quick pass that finds every one `file` would
/// (and more), so that the full reading is left for the few files that need it.
fn glance(yaml: &str) -> bool {
    if !yaml.contains(" |") && !yaml.contains(" >") {
        return false;
    }
    // The indentation a block's text must go beyond, while in a block.
    let mut block: Option<usize> = None;
    for line in yaml.lines() {
        let t = line.trim_start();
        let indent = line.len() - t.len();
        if let Some(b) = block {
            if t.is_empty() {
                continue;
            }
            if indent > b {
                if field_like(t).is_some() {
                    return true;
                }
                continue;
            }
            block = None;
        }
        if line.contains(['|', '>']) {
            let v = yl::without_comment(t);
            if let Some((_, value)) = v.rsplit_once(' ')
                && yl::is_block_header(value)
            {
                block = Some(indent);
            }
        }
    }
    false
}

/// A block scalar and what its holding mapping may contain, looked up once.
struct Block<'l, 'a> {
    lines: &'l [Line<'a>],
    header: usize,
    /// The keys of the holding mapping and the fields of its type, when first needed.
    known: Option<Vec<String>>,
}

impl Block<'_, '_> {
    /// Is `name` a key beside the block, or a field of the type that holds it?
    fn is_field(&mut self, name: &str, schemas: &mut Schemas, path: &str) -> bool {
        let (lines, h) = (self.lines, self.header);
        self.known
            .get_or_insert_with(|| {
                let mut known: Vec<String> = yl::siblings(lines, h)
                    .into_iter()
                    .filter_map(|j| lines[j].key.map(|(_, k)| k.to_owned()))
                    .collect();
                known.extend(schemas.fields(path, &yl::path_names(lines, h)));
                known
            })
            .iter()
            .any(|k| k == name)
    }
}

/// Prose wraps onto a line starting "word: " now and then; a swallowed field ends the
/// text instead: after it come only more swallowed fields and what is nested under them
/// (deeper, or in line with a field whose value follows on the next lines).
fn trailing(text: &[&Line]) -> bool {
    let Some((first, rest)) = text.split_first() else {
        return false;
    };
    let opens = |t: &str| {
        let value = t.split_once(':').map_or("", |(_, v)| v);
        let value = yl::without_comment(value);
        value.is_empty() || yl::is_block_header(value)
    };
    let mut open = opens(first.text.trim_start());
    for n in rest {
        let t = n.text.trim_start();
        if field_like(t).is_some() {
            open = opens(t);
        } else if !(n.indent > first.indent || (open && n.indent == first.indent)) {
            return false;
        }
    }
    true
}

/// The key of a text line that looks like `key: value` or `key:`, with a key spelt as
/// scheme fields are (lowercase words joined by `_`); "Note: ..." is text.
fn field_like(t: &str) -> Option<&str> {
    let (name, rest) = t.split_once(':')?;
    let spelt = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    (spelt && (rest.is_empty() || rest.starts_with(' '))).then_some(name)
}

/// The JSON Schemas of the source formats, made when first needed.
#[derive(Default)]
struct Schemas {
    by_format: HashMap<&'static str, Value>,
}

impl Schemas {
    /// The fields of the mapping at `path` in the file `file`; none for a file of no known
    /// format.
    fn fields(&mut self, file: &str, path: &[Seg]) -> Vec<String> {
        let Some(format) = format_of(file) else {
            return Vec::new();
        };
        let root = self
            .by_format
            .entry(format)
            .or_insert_with(|| schema(format));
        fields_at(root, path)
    }
}

/// The format of a source file, by its place in the project.
fn format_of(file: &str) -> Option<&'static str> {
    let md = file.ends_with(".md");
    Some(match file {
        "irbook.yaml" => "config",
        "content/policy.md" => "policy",
        "content/severity.yaml" => "severity",
        "content/contacts.yaml" => "contacts",
        "content/obligations.yaml" => "obligations",
        f if f.starts_with("content/scheme/") && md => "page",
        f if f.starts_with("content/playbooks/") => "playbook",
        f if f.starts_with("content/forms/") => "form",
        f if f.starts_with("content/awareness/") && md => "awareness",
        f if f.starts_with("content/awareness/") => "quiz",
        f if f.starts_with("content/templates/") && md => "template",
        f if f.starts_with("exercises/records/") => "record",
        f if f.starts_with("exercises/") => "exercise",
        _ => return None,
    })
}

/// The schema of a format, from the model type the loader fills.
fn schema(format: &str) -> Value {
    use crate::model::{awareness, config, exercise, obligation, page, template};
    fn of<T: JsonSchema>() -> Value {
        schemars::generate::SchemaSettings::draft07()
            .into_generator()
            .into_root_schema_for::<T>()
            .to_value()
    }
    match format {
        "config" => of::<config::Config>(),
        "policy" => of::<page::PolicyMeta>(),
        "severity" => of::<crate::model::SeverityScale>(),
        "contacts" => of::<crate::model::Contacts>(),
        "obligations" => of::<obligation::Obligations>(),
        "page" => of::<page::PageMeta>(),
        "playbook" => of::<crate::model::Playbook>(),
        "form" => of::<crate::model::Form>(),
        "awareness" => of::<awareness::AwarenessMeta>(),
        "quiz" => of::<awareness::Quiz>(),
        "template" => of::<template::TemplateMeta>(),
        "record" => of::<exercise::Record>(),
        "exercise" => of::<exercise::Exercise>(),
        _ => Value::Null,
    }
}

/// The property names of the mapping `path` leads to in `root`, over every alternative
/// (`anyOf`, `oneOf`, `allOf`) and reference on the way.
fn fields_at(root: &Value, path: &[Seg]) -> Vec<String> {
    let mut nodes = alternatives(root, root);
    for seg in path {
        nodes = nodes
            .into_iter()
            .filter_map(|n| match seg {
                Seg::Key(k) => n
                    .get("properties")
                    .and_then(|p| p.get(*k))
                    .or_else(|| n.get("additionalProperties").filter(|a| a.is_object())),
                Seg::Item => n.get("items"),
            })
            .flat_map(|n| alternatives(root, n))
            .collect();
    }
    let mut out: Vec<String> = nodes
        .iter()
        .filter_map(|n| n.get("properties").and_then(Value::as_object))
        .flat_map(|p| p.keys().cloned())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// `node` with its reference followed and its alternatives spread, a few levels deep.
fn alternatives<'v>(root: &'v Value, node: &'v Value) -> Vec<&'v Value> {
    fn go<'v>(root: &'v Value, node: &'v Value, depth: u8, out: &mut Vec<&'v Value>) {
        if depth > 8 {
            return;
        }
        if let Some(r) = node.get("$ref").and_then(Value::as_str)
            && let Some(target) = r.strip_prefix('#').and_then(|p| root.pointer(p))
        {
            go(root, target, depth + 1, out);
        }
        for key in ["anyOf", "oneOf", "allOf"] {
            for alt in node
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                go(root, alt, depth + 1, out);
            }
        }
        out.push(node);
    }
    let mut out = Vec::new();
    go(root, node, 0, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warnings(path: &str, text: &str) -> Vec<(u32, u32, String)> {
        let src = SourceFile {
            path: path.into(),
            text: text.into(),
        };
        check(&[src])
            .into_iter()
            .map(|d| (d.line, d.column, d.message))
            .collect()
    }

    #[test]
    fn finds_a_field_swallowed_by_a_block() {
        let w = warnings(
            "content/playbooks/p.yaml",
            "id: p\nphases:\n  - phase: x\n    steps:\n      - id: a\n        action: |\n          Do it.\n          owner: desk\n          decisions:\n            - question: Q\n",
        );
        assert_eq!(
            w,
            [
                (
                    8,
                    11,
                    "`owner:` is part of the text of `action` above, not a field".to_owned()
                ),
                (
                    9,
                    11,
                    "`decisions:` is part of the text of `action` above, not a field".to_owned()
                )
            ]
        );
    }

    #[test]
    fn leaves_text_that_only_looks_like_a_field() {
        let text = "id: p\nsummary: >\n  Note: call first.\n  see: the guide\n  Owner: desk\n  ```\n  owner: x\n  ```\ntitle: T\n";
        assert!(warnings("content/playbooks/p.yaml", text).is_empty());
        // Prose that wraps onto a line starting with a field's name, and goes on.
        let text = "id: p\nsummary: |\n  Call the duty manager, then the\n  owner: whoever holds the role\n  that day.\n";
        assert!(warnings("content/playbooks/p.yaml", text).is_empty());
        // A sibling's key counts in a file of no known format too.
        let w = warnings("notes.yaml", "a: |\n  x\n  b: 1\nb: 2\n");
        assert_eq!(w.len(), 1);
        assert!(warnings("notes.yaml", "a: |\n  x\n  c: 1\nb: 2\n").is_empty());
    }

    #[test]
    fn reads_page_front_matter_with_file_lines() {
        let w = warnings(
            "content/scheme/a.md",
            "---\ntitle: A\nsummary: |\n  Short.\n  owner: lead\n---\nowner: in the body\n",
        );
        assert_eq!(w.len(), 1);
        assert_eq!((w[0].0, w[0].1), (5, 3));
    }

    #[test]
    fn knows_the_fields_of_nested_types() {
        let root = schema("exercise");
        let f = fields_at(&root, &[Seg::Key("injects"), Seg::Item]);
        assert!(
            f.iter().any(|k| k == "brief") && f.iter().any(|k| k == "title"),
            "{f:?}"
        );
        let f = fields_at(
            &schema("playbook"),
            &[Seg::Key("phases"), Seg::Item, Seg::Key("steps"), Seg::Item],
        );
        assert!(f.iter().any(|k| k == "owner"), "{f:?}");
    }
}
