//! `irbook schema` and `irbook export`: the JSON Schemas accept every shipped source file and
//! refuse a misspelt key; the export is the built `scheme.json`, byte for byte, and the staff
//! export holds nothing team-only.
//!
//! Sources are turned into JSON by irbook's own YAML reader (serde-saphyr with irbook's
//! options), so the schemas are tested on the same values `irbook check` sees, and validated
//! with the `jsonschema` crate (draft-07, formats checked).

use crate::common::*;
use irbook::load::{frontmatter, yaml};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

const KINDS: [&str; 12] = [
    "irbook", "policy", "page", "severity", "contacts", "playbook", "form", "tools", "exercise",
    "record", "rota", "incident",
];

/// Every schema, written by `irbook schema --out`, by kind name.
fn schemas() -> BTreeMap<&'static str, Value> {
    let t = TempDir::new("schemas");
    let o = run(t.path(), &["schema", "--out", "schemas"]);
    assert!(o.status.success(), "schema --out failed:\n{}", stderr(&o));
    KINDS
        .iter()
        .map(|k| {
            let path = t.path().join("schemas").join(format!("{k}.schema.json"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{} not written: {e}", path.display()));
            (*k, serde_json::from_str(&text).unwrap())
        })
        .collect()
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("the schema compiles")
}

/// Schema errors of `instance`, one line each; empty when valid.
fn errors(schema: &Value, instance: &Value) -> Vec<String> {
    validator(schema)
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// A YAML source (or the front matter of a Markdown one) as JSON, read the way irbook reads it.
fn source_json(rel: &str, text: &str) -> Value {
    let yaml_text = if rel.ends_with(".md") {
        frontmatter::split(text)
            .unwrap_or_else(|e| panic!("{rel}: no front matter: {e:?}"))
            .yaml
    } else {
        text.to_owned()
    };
    yaml::parse::<Value>(rel, &yaml_text)
        .unwrap_or_else(|d| panic!("{rel}: not YAML: {}", d.message))
}

/// Every source file of the project at `root` with the kind of schema it must satisfy.
fn sources(root: &Path) -> Vec<(String, &'static str)> {
    fn files(dir: &Path, ext: &str, out: &mut Vec<std::path::PathBuf>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                files(&p, ext, out);
            } else if p.extension().is_some_and(|x| x == ext) {
                out.push(p);
            }
        }
    }
    let mut out = vec![
        ("irbook.yaml".to_owned(), "irbook"),
        ("content/policy.md".to_owned(), "policy"),
        ("content/severity.yaml".to_owned(), "severity"),
        ("content/contacts.yaml".to_owned(), "contacts"),
    ];
    if root.join("content/rota.yaml").is_file() {
        out.push(("content/rota.yaml".to_owned(), "rota"));
    }
    if root.join("content/tools.yaml").is_file() {
        out.push(("content/tools.yaml".to_owned(), "tools"));
    }
    for (dir, ext, kind) in [
        ("content/scheme", "md", "page"),
        ("content/playbooks", "yaml", "playbook"),
        ("content/forms", "yaml", "form"),
        ("exercises", "yaml", "exercise"),
        ("exercises/records", "yaml", "record"),
        ("incidents/records", "yaml", "incident"),
    ] {
        let mut found = Vec::new();
        files(&root.join(dir), ext, &mut found);
        if kind == "exercise" {
            found.retain(|p| !p.starts_with(root.join("exercises/records")));
        }
        found.sort();
        for p in found {
            let rel = p.strip_prefix(root).unwrap().to_string_lossy();
            out.push((rel.replace('\\', "/"), kind));
        }
    }
    out
}

#[test]
fn schema_writes_one_draft07_schema_per_kind_and_prints_each() {
    let all = schemas();
    let t = TempDir::new("schema-print");
    for (kind, schema) in &all {
        assert_eq!(
            schema["$schema"], "http://json-schema.org/draft-07/schema#",
            "{kind}"
        );
        assert!(
            jsonschema::meta::is_valid(schema),
            "{kind} is not a valid JSON Schema"
        );
        assert_eq!(schema["additionalProperties"], false, "{kind}");
        let o = run(t.path(), &["schema", kind]);
        assert!(o.status.success(), "schema {kind}: {}", stderr(&o));
        let printed: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(
            &printed, schema,
            "`irbook schema {kind}` differs from its file"
        );
    }
    // Without arguments it lists the kinds and writes nothing.
    let o = run(t.path(), &["schema"]);
    assert!(o.status.success());
    let list = String::from_utf8_lossy(&o.stdout);
    for kind in KINDS {
        assert!(list.contains(&format!("{kind}.schema.json")), "{list}");
    }
    assert!(std::fs::read_dir(t.path()).unwrap().next().is_none());
    // Every struct is closed, nested ones too.
    let playbook = &all["playbook"];
    for def in [
        "Phase",
        "Step",
        "Decision",
        "Choice",
        "Escalation",
        "Source",
        "RelatedLink",
        "Reference",
        "Mappings",
        "Detection",
        "Attachment",
        "AppliesWhenFacts",
        "Raci",
    ] {
        assert_eq!(
            playbook["definitions"][def]["additionalProperties"], false,
            "{def}"
        );
    }
}

#[test]
fn every_shipped_source_file_validates_against_its_schema() {
    let all = schemas();
    let validators: BTreeMap<&str, jsonschema::Validator> =
        all.iter().map(|(k, s)| (*k, validator(s))).collect();
    let mut checked: BTreeMap<&str, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    let fixtures = repo().join("tests/fixtures");
    for root in [repo(), fixtures.join("minimal"), fixtures.join("canary")] {
        for (rel, kind) in sources(&root) {
            let text = std::fs::read_to_string(root.join(&rel)).unwrap();
            let value = source_json(&rel, &text);
            for e in validators[kind].iter_errors(&value) {
                problems.push(format!(
                    "{}/{rel} ({kind}) {}: {e}",
                    root.display(),
                    e.instance_path()
                ));
            }
            *checked.entry(kind).or_default() += 1;
        }
    }
    // The exercise fixture the end-to-end tests add to `minimal`, a rota with every field
    // and the playbook-fields ones.
    for (rel, kind) in [
        ("drill/exercise.yaml", "exercise"),
        ("drill/record.yaml", "record"),
        ("rota/rota.yaml", "rota"),
        ("playbook-fields/good.yaml", "playbook"),
        ("playbook-fields/bad.yaml", "playbook"),
        ("playbook-fields/tools.yaml", "tools"),
        ("incident/record.yaml", "incident"),
    ] {
        let text = std::fs::read_to_string(fixtures.join(rel)).unwrap();
        let value = source_json(rel, &text);
        for e in validators[kind].iter_errors(&value) {
            problems.push(format!("{rel} ({kind}) {}: {e}", e.instance_path()));
        }
        *checked.entry(kind).or_default() += 1;
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    for kind in KINDS {
        assert!(
            checked.get(kind).copied().unwrap_or(0) >= 3,
            "{kind}: {checked:?}"
        );
    }
    assert!(
        checked["playbook"] >= 12 && checked["page"] >= 10,
        "{checked:?}"
    );
}

#[test]
fn a_misspelt_key_or_a_bad_value_fails_validation() {
    let all = schemas();
    let rel = "content/playbooks/ransomware.yaml";
    let good = std::fs::read_to_string(repo().join(rel)).unwrap();
    assert!(errors(&all["playbook"], &source_json(rel, &good)).is_empty());

    let cases = [
        // A misspelt top-level key.
        ("default_severity:", "default_severty:", "default_severty"),
        // A misspelt key deep inside a step.
        ("        action:", "        acton:", "acton"),
        // An id that is not one.
        ("default_severity: sev1", "default_severity: Sev1", "Sev1"),
    ];
    for (from, to, culprit) in cases {
        assert!(good.contains(from), "{rel} has no `{from}`");
        let bad = good.replacen(from, to, 1);
        let errs = errors(&all["playbook"], &source_json(rel, &bad));
        assert!(!errs.is_empty(), "`{to}` passed the schema");
        assert!(
            errs.iter().any(|e| e.contains(culprit)),
            "no error names `{culprit}`: {errs:?}"
        );
    }

    // What the loader accepts the schema accepts: an all-digit id, a number or a boolean
    // written plain where text is expected (read as written; the minimal fixture has more).
    let lenient = good
        .replacen("title: Ransomware", "title: 2027", 1)
        .replacen("id: ransomware", "id: 112", 1);
    assert!(lenient.contains("title: 2027\n") && lenient.starts_with("id: 112\n"));
    let errs = errors(&all["playbook"], &source_json(rel, &lenient));
    assert!(errs.is_empty(), "{errs:?}");

    // Front matter: a misspelt key and a date that is not YYYY-MM-DD.
    let policy = std::fs::read_to_string(repo().join("content/policy.md")).unwrap();
    let value = source_json("content/policy.md", &policy);
    assert!(errors(&all["policy"], &value).is_empty());
    let mut bad = value.clone();
    bad["reviewby"] = bad["review_by"].take();
    bad.as_object_mut().unwrap().remove("review_by");
    let errs = errors(&all["policy"], &bad);
    assert!(errs.iter().any(|e| e.contains("reviewby")), "{errs:?}");
    assert!(errs.iter().any(|e| e.contains("review_by")), "{errs:?}");
    let mut bad = value;
    bad["review_by"] = "31/10/2027".into();
    assert!(!errors(&all["policy"], &bad).is_empty());

    // Durations and lint names.
    let severity = source_json(
        "content/severity.yaml",
        &std::fs::read_to_string(repo().join("content/severity.yaml")).unwrap(),
    );
    let mut bad = severity.clone();
    bad["levels"][0]["response_target"] = "15 minutes".into();
    assert!(!errors(&all["severity"], &bad).is_empty());
    let config = source_json(
        "irbook.yaml",
        &std::fs::read_to_string(repo().join("irbook.yaml")).unwrap(),
    );
    let mut good = config.clone();
    good["lints"] = serde_json::json!({ "stale-contact": "error", "W0311": "off" });
    assert!(errors(&all["irbook"], &good).is_empty());
    let mut bad = config;
    bad["lints"] = serde_json::json!({ "stale-contacts": "error" });
    assert!(!errors(&all["irbook"], &bad).is_empty());
}

#[test]
fn export_is_the_built_scheme_json_byte_for_byte() {
    let t = example();
    build_ok(t.path());
    let built = std::fs::read(t.path().join("public/staff/scheme.json")).unwrap();
    let o = run(t.path(), &["export"]);
    assert!(o.status.success(), "export failed:\n{}", stderr(&o));
    assert!(
        o.stdout == built,
        "`irbook export` differs from public/staff/scheme.json"
    );
    let o = run(
        t.path(),
        &["export", ".", "--format", "json", "--edition", "staff"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stdout == built);
    serde_json::from_slice::<Value>(&o.stdout).expect("the export is JSON");

    // Another edition, written to a file, from outside the project.
    let out = TempDir::new("export-out");
    let file = out.path().join("isirt.json");
    let project = t.path().to_str().unwrap();
    let o = run(
        out.path(),
        &[
            "export",
            project,
            "--edition",
            "isirt",
            "--out",
            "isirt.json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let team = std::fs::read(&file).unwrap();
    assert!(team == std::fs::read(t.path().join("public/isirt/scheme.json")).unwrap());
    assert!(team != built);
}

#[test]
fn staff_export_holds_no_team_only_canary() {
    let t = fixture("canary");
    let staff = run(t.path(), &["export"]);
    assert!(staff.status.success(), "{}", stderr(&staff));
    let text = String::from_utf8(staff.stdout).unwrap().to_lowercase();
    if let Some(at) = text.find("canary-") {
        let hit: String = text[at..].chars().take(40).collect();
        panic!("a team-only canary is in the staff export: {hit}");
    }
    // The fixture does reach the team's export, so the check above can fail.
    let team = run(t.path(), &["export", "--edition", "isirt"]);
    assert!(team.status.success(), "{}", stderr(&team));
    assert!(String::from_utf8_lossy(&team.stdout).contains("CANARY-"));
}

#[test]
fn export_fails_like_build_on_errors() {
    // Not a project: the command cannot run (2), as for every command.
    let empty = TempDir::new("export-empty");
    let o = run(empty.path(), &["export"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(o.stdout.is_empty());

    // An unknown edition.
    let t = example();
    let o = run(t.path(), &["export", "--edition", "board"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no edition `board`"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());

    // A misspelt key: the diagnostic is shown, nothing is exported.
    let pb = t.path().join("content/playbooks/ransomware.yaml");
    let text = std::fs::read_to_string(&pb).unwrap();
    std::fs::write(
        &pb,
        text.replacen("default_severity:", "default_severty:", 1),
    )
    .unwrap();
    let o = run(t.path(), &["export", "--out", "x.json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("E0004"), "{}", stderr(&o));
    assert!(!t.path().join("x.json").exists());
}
