//! The stages' order holds: a lower stage never uses a higher one, so there is no cycle
//! between the top-level modules. One crate cannot lean on cargo for this, so this test
//! reads every `crate::` path in `src/` and checks it against the order.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The top-level modules, lowest first (see ARCHITECTURE.md).
const ORDER: &[&str] = &[
    "model", "load", "exercise", "check", "edition", "render", "write", "pipeline", "serve", "cmd",
];

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level modules a source text names through `crate::`, including grouped
/// imports (`use crate::{a::x, b}`), with the line of each first use.
fn uses(text: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                // `crate::{a, b::c}` on this line: every first segment.
                let end = group.find('}').unwrap_or(group.len());
                for part in group[..end].split(',') {
                    let m: String = part
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !m.is_empty() {
                        out.entry(m).or_insert(n + 1);
                    }
                }
            } else {
                let m: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                out.entry(m).or_insert(n + 1);
            }
        }
    }
    out
}

#[test]
fn no_stage_uses_a_higher_one() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let rank = |m: &str| ORDER.iter().position(|x| *x == m);
    let mut wrong = Vec::new();
    let mut seen_modules = std::collections::BTreeSet::new();
    for f in &all {
        let rel = f.strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        if top == "main" || top == "lib" {
            continue;
        }
        seen_modules.insert(top.clone());
        let Some(own) = rank(&top) else {
            wrong.push(format!(
                "{}: `{top}` is not in the stage order",
                rel.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(f).unwrap();
        for (m, line) in uses(&text) {
            match rank(&m) {
                Some(r) if r > own => wrong.push(format!(
                    "{}:{line}: `{top}` uses the higher stage `{m}`",
                    rel.display()
                )),
                None => wrong.push(format!(
                    "{}:{line}: `crate::{m}` is not a known module",
                    rel.display()
                )),
                _ => {}
            }
        }
    }
    assert!(wrong.is_empty(), "layering broken:\n{}", wrong.join("\n"));
    // Every stage in the order exists, so the order cannot silently go stale.
    for m in ORDER {
        assert!(seen_modules.contains(*m), "no module `{m}` under src/");
    }
}

#[test]
fn the_reader_sees_grouped_imports() {
    let u = uses(
        "use crate::{model::Id, check};\nlet x = crate::render::pages::val(1); // crate::cmd\n",
    );
    assert_eq!(u.keys().collect::<Vec<_>>(), ["check", "model", "render"]);
}
