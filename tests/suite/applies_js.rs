//! Which duties apply: the deadline calculator's `applies` (themes/default/scripts/deadlines.js)
//! must answer as `Condition::admits` (src/model/clock/applies.rs), which check, the pages'
//! clocks and exercise scoring use. Every condition over three facts, three levels and two
//! categories is asked against every situation, in both, and the answers compared.
//!
//! Needs `node` on PATH. Without it the test fails, unless IRBOOK_SKIP_NODE=1 is set.

use irbook::model::Id;
use irbook::model::clock::{Condition, Situation};
use serde_json::{Value, json};

const FACTS: [&str; 3] = ["personal-data", "customer-data", "high-risk"];
const CATEGORIES: [&str; 2] = ["ransomware", "data-breach"];

fn id(s: &str) -> Id {
    Id::parse(s).unwrap()
}

/// The members of `all` picked by the bits of `mask`.
fn subset(all: &[&str], mask: usize) -> Vec<Id> {
    all.iter()
        .enumerate()
        .filter(|(n, _)| mask & (1 << n) != 0)
        .map(|(_, s)| id(s))
        .collect()
}

fn conditions() -> Vec<Condition> {
    let mut out = Vec::new();
    for any in 0..8 {
        for all in 0..8 {
            for min_level in [None, Some(0), Some(1), Some(2)] {
                for cats in 0..4 {
                    out.push(Condition {
                        any: subset(&FACTS, any),
                        all: subset(&FACTS, all),
                        min_level,
                        categories: subset(&CATEGORIES, cats),
                    });
                }
            }
        }
    }
    out
}

/// Situations as (facts, level, categories); `None` is not known yet.
type Known = (Vec<Id>, Option<usize>, Option<Vec<Id>>);

fn situations() -> Vec<Known> {
    let mut out = Vec::new();
    for facts in 0..8 {
        for level in [None, Some(0), Some(1), Some(2), Some(3)] {
            let cats = std::iter::once(None).chain((0..4).map(|m| Some(subset(&CATEGORIES, m))));
            for categories in cats {
                out.push((subset(&FACTS, facts), level, categories));
            }
        }
    }
    out
}

const RUN_JS: &str = r#"
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const context = vm.createContext({});
// As a plain script, the way the calculator page loads it from file://.
vm.runInContext(fs.readFileSync(path.join(__dirname, 'deadlines.cjs'), 'utf8'), context);
const d = context.IrbookDeadlines;
const input = JSON.parse(fs.readFileSync(path.join(__dirname, 'input.json'), 'utf8'));
let out = '';
for (const c of input.conditions) {
  for (const s of input.situations) {
    out += d.applies(c, s) ? '1' : '0';
  }
}
process.stdout.write(out);
"#;

#[test]
fn the_calculator_and_rust_agree_on_which_duties_apply() {
    if !crate::common::node::available("themes/default/scripts/deadlines.js's applies") {
        return;
    }
    let conds = conditions();
    let sits = situations();
    let mut rust = String::new();
    for c in &conds {
        for (facts, level, cats) in &sits {
            let known = Situation {
                facts,
                level: *level,
                categories: cats.as_deref(),
            };
            rust.push(if c.admits(&known) { '1' } else { '0' });
        }
    }
    // Conditions as irbook writes them into the calculator's data.
    let input = json!({
        "conditions": conds.iter().map(|c| serde_json::to_value(c).unwrap()).collect::<Vec<Value>>(),
        "situations": sits.iter().map(|(f, l, c)| json!({"facts": f, "level": l, "categories": c})).collect::<Vec<Value>>(),
    });
    let dir = crate::common::TempDir::new("applies-js");
    std::fs::copy(
        crate::common::repo().join("themes/default/scripts/deadlines.js"),
        dir.0.join("deadlines.cjs"),
    )
    .unwrap();
    std::fs::write(dir.0.join("input.json"), input.to_string()).unwrap();
    std::fs::write(dir.0.join("run.cjs"), RUN_JS).unwrap();
    let out = crate::common::node::run(&dir.0.join("run.cjs"), &[], &[]);
    let js = String::from_utf8(out).unwrap();
    assert_eq!(js.len(), rust.len(), "one answer per pair");
    let differ: Vec<String> = rust
        .bytes()
        .zip(js.bytes())
        .enumerate()
        .filter(|(_, (r, j))| r != j)
        .take(5)
        .map(|(n, (r, _))| {
            let (c, s) = (&conds[n / sits.len()], &sits[n % sits.len()]);
            format!("{c:?} in {s:?}: rust says {}", r == b'1')
        })
        .collect();
    assert!(
        differ.is_empty(),
        "deadlines.js differs:\n{}",
        differ.join("\n")
    );
    // Both answers occur, so the comparison says something.
    assert!(rust.contains('0') && rust.contains('1'));
    eprintln!(
        "{} conditions x {} situations agree",
        conds.len(),
        sits.len()
    );
}
