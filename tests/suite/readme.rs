//! The README against the real command line: every `irbook ...` it shows names a command,
//! flag and value that `--help` lists, every command and flag of `--help` is in its table,
//! the commands a reader can paste run on a copy of the example, and its YAML examples
//! name steps and pages the bundled example really has.

use crate::common::*;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One piece of code in the README: its text, and for a code block its info string.
struct Code {
    text: String,
    block: Option<String>,
}

/// Every inline code span and code block of README.md, as the reader sees it (a `\|` in a
/// table cell is a `|`).
fn readme_code() -> Vec<Code> {
    let text = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let mut out = Vec::new();
    let mut block: Option<(String, String)> = None;
    for ev in Parser::new_ext(&text, Options::ENABLE_TABLES) {
        match ev {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(i) => i.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                block = Some((info, String::new()));
            }
            Event::Text(t) if block.is_some() => block.as_mut().unwrap().1.push_str(&t),
            Event::End(TagEnd::CodeBlock) => {
                let (info, text) = block.take().unwrap();
                out.push(Code {
                    text,
                    block: Some(info),
                });
            }
            Event::Code(c) => out.push(Code {
                text: c.to_string(),
                block: None,
            }),
            _ => {}
        }
    }
    out
}

/// A command line of the README, from `irbook` up to a pipe, redirection or comment.
#[derive(Debug, Clone)]
struct Line {
    words: Vec<String>,
    /// The folder it runs in, relative to the project: set by a `cd` earlier in its block.
    cd: PathBuf,
    /// As written, for messages.
    shown: String,
}

/// The ways the README calls the binary, each read as `irbook`.
const CALLS: [&str; 3] = [
    "irbook ",
    "target/release/irbook ",
    "cargo run --release -- ",
];

fn command_line(text: &str, cd: &Path) -> Option<Line> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let rest = CALLS.iter().find_map(|c| text.strip_prefix(c))?;
    let words = rest
        .split(' ')
        .take_while(|w| !matches!(*w, "|" | ">" | "#" | "&&" | ";"))
        .map(str::to_owned)
        .collect();
    Some(Line {
        words,
        cd: cd.to_owned(),
        shown: text,
    })
}

/// Every `irbook ...` of the README: inline code that is one, and each such line of a code
/// block, with the `cd` lines of the block before it.
fn readme_commands() -> Vec<Line> {
    let mut lines = Vec::new();
    for c in readme_code() {
        if c.block.is_none() {
            lines.extend(command_line(&c.text, Path::new("")));
            continue;
        }
        let mut cd = PathBuf::new();
        for l in c.text.lines() {
            if let Some(dir) = l.trim().strip_prefix("cd ") {
                cd.push(dir.split_whitespace().next().unwrap());
            }
            lines.extend(command_line(l.trim(), &cd));
        }
    }
    assert!(
        lines.len() >= 20,
        "expected the README's commands, found {}",
        lines.len()
    );
    lines
}

/// `irbook <path> --help`, kept once per command.
struct Helps(BTreeMap<Vec<String>, String>);

impl Helps {
    fn get(&mut self, path: &[String]) -> &str {
        self.0.entry(path.to_vec()).or_insert_with(|| {
            let o = Command::new(bin())
                .args(path)
                .arg("--help")
                .output()
                .unwrap();
            assert!(o.status.success(), "irbook {path:?} --help failed");
            String::from_utf8(o.stdout).unwrap()
        })
    }
}

/// The subcommands a help text lists under `Commands:`, `help` left out.
fn subcommands(help: &str) -> Vec<String> {
    section(help, "Commands:")
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_owned)
        .collect()
}

/// The lines of a help section, up to the next blank line followed by a heading.
fn section<'a>(help: &'a str, heading: &str) -> Vec<&'a str> {
    help.lines()
        .skip_while(|l| *l != heading)
        .skip(1)
        .take_while(|l| l.is_empty() || l.starts_with(' '))
        .collect()
}

/// An argument or option of a help text: its first line and the lines that describe it.
struct Entry {
    head: String,
    body: Vec<String>,
}

impl Entry {
    /// The values `Possible values:` (long help) or `[possible values: ...]` lists.
    fn values(&self) -> Vec<String> {
        let mut v = Vec::new();
        let all = std::iter::once(&self.head).chain(&self.body);
        for l in all.clone() {
            if let Some(list) = l.split("[possible values: ").nth(1) {
                v.extend(list.trim_end_matches(']').split(", ").map(str::to_owned));
            }
        }
        let mut listing = false;
        for l in all {
            let t = l.trim();
            if t == "Possible values:" {
                listing = true;
            } else if listing && let Some(item) = t.strip_prefix("- ") {
                v.push(item.split(':').next().unwrap().to_owned());
            } else if listing && !t.is_empty() {
                listing = false;
            }
        }
        v
    }
}

/// The entries of a help text's `Arguments:` and `Options:` sections.
fn entries(help: &str) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for heading in ["Arguments:", "Options:"] {
        for l in section(help, heading) {
            let starts = l.starts_with("  ") && !l.starts_with("          ");
            if starts && !l.trim().is_empty() {
                out.push(Entry {
                    head: l.trim().to_owned(),
                    body: Vec::new(),
                });
            } else if let Some(e) = out.last_mut() {
                e.body.push(l.to_owned());
            }
        }
    }
    out
}

/// The option `--name` of a help text, if it has one.
fn option<'a>(es: &'a [Entry], name: &str) -> Option<&'a Entry> {
    es.iter().find(|e| {
        e.head
            .split([' ', ','])
            .any(|w| w == name || w.split('=').next() == Some(name))
    })
}

/// The positional arguments of the `Usage:` line, as written there (`[PATH]`, `<ID>`).
fn positionals(help: &str) -> Vec<String> {
    let usage = help
        .lines()
        .find_map(|l| l.strip_prefix("Usage: "))
        .unwrap();
    usage
        .split_whitespace()
        .filter(|w| w.starts_with(['<', '[']) && *w != "[OPTIONS]" && *w != "<COMMAND>")
        .map(str::to_owned)
        .collect()
}

/// A word of the README written as a placeholder for the reader to fill (`E`, `[PATH]`).
fn placeholder(w: &str) -> bool {
    let w = w.trim_matches(['[', ']']);
    !w.is_empty() && w.chars().all(|c| c.is_ascii_uppercase())
}

/// What is wrong with one README command line, checked against `--help`.
fn problems(line: &Line, helps: &mut Helps) -> Vec<String> {
    let mut bad = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut words = line.words.iter().peekable();
    // The command, and the subcommand of a command that has them.
    while let Some(w) = words.peek() {
        let known = subcommands(helps.get(&path));
        if known.is_empty() || w.starts_with('-') {
            break;
        }
        // A command with optional subcommands and arguments of its own (`irbook export
        // [PATH]` beside `irbook export scorm`): a word that names no subcommand is an
        // argument.
        if !known.iter().any(|k| k == *w) && !positionals(helps.get(&path)).is_empty() {
            break;
        }
        if !known.iter().any(|k| k == *w) {
            bad.push(format!(
                "`{w}` is not a command of `irbook {}`",
                path.join(" ")
            ));
            return bad;
        }
        path.push(words.next().unwrap().clone());
    }
    let help = helps.get(&path).to_owned();
    let es = entries(&help);
    let usage = positionals(&help);
    let mut n = 0;
    while let Some(w) = words.next() {
        let w = w.trim_start_matches('[').trim_end_matches(']');
        if w.is_empty() {
            continue;
        }
        if w.starts_with("--") {
            let name = w.split('=').next().unwrap();
            let Some(e) = option(&es, name) else {
                bad.push(format!(
                    "`irbook {}` has no option `{name}`",
                    path.join(" ")
                ));
                continue;
            };
            if !e.head.contains('<') {
                continue;
            }
            let value = match w.split_once('=') {
                Some((_, v)) => v.to_owned(),
                None => match words.next() {
                    Some(v) => v.trim_matches(['[', ']']).to_owned(),
                    None => {
                        bad.push(format!("`{name}` needs a value"));
                        continue;
                    }
                },
            };
            let allowed = e.values();
            if !allowed.is_empty() && !placeholder(&value) {
                for v in value.split('|').filter(|v| !allowed.iter().any(|a| a == v)) {
                    bad.push(format!("`{name} {v}`: the values are {allowed:?}"));
                }
            }
            continue;
        }
        let Some(expected) = usage.get(n) else {
            bad.push(format!(
                "`{w}`: `irbook {}` takes {} argument(s): {usage:?}",
                path.join(" "),
                usage.len()
            ));
            continue;
        };
        n += 1;
        let name = expected.trim_matches(['<', '>', '[', ']']);
        if placeholder(w) {
            if w != name {
                bad.push(format!("`{w}` stands for `{expected}`"));
            }
            continue;
        }
        let allowed = es
            .iter()
            .find(|e| e.head.trim_matches(['<', '>', '[', ']']) == name)
            .map(Entry::values)
            .unwrap_or_default();
        if !allowed.is_empty() {
            for v in w.split('|').filter(|v| !allowed.iter().any(|a| a == v)) {
                bad.push(format!("`{v}` is not a {name}: the values are {allowed:?}"));
            }
        }
    }
    bad
}

#[test]
fn every_readme_command_is_one_the_binary_has() {
    let mut helps = Helps(BTreeMap::new());
    let mut bad = Vec::new();
    for line in readme_commands() {
        for p in problems(&line, &mut helps) {
            bad.push(format!("{}\n    {p}", line.shown));
        }
    }
    assert!(
        bad.is_empty(),
        "README commands that `--help` disagrees with:\n{}",
        bad.join("\n")
    );
}

/// The other way round: every command and every option of `--help` is in the README's
/// command table.
#[test]
fn every_command_and_option_is_in_the_readme_table() {
    let mut helps = Helps(BTreeMap::new());
    let rows: Vec<Line> = readme_code()
        .into_iter()
        .filter(|c| c.block.is_none())
        .filter_map(|c| command_line(&c.text, Path::new("")))
        .filter(|l| l.words.iter().any(|w| w.starts_with('[') || placeholder(w)))
        .collect();
    let mut missing = Vec::new();
    let mut paths: Vec<Vec<String>> = vec![Vec::new()];
    while let Some(path) = paths.pop() {
        let help = helps.get(&path).to_owned();
        let subs = subcommands(&help);
        if !subs.is_empty() {
            paths.extend(subs.into_iter().map(|s| [path.clone(), vec![s]].concat()));
            continue;
        }
        let row = rows.iter().find(|r| r.words.starts_with(&path));
        let Some(row) = row else {
            missing.push(format!("`irbook {}` has no row", path.join(" ")));
            continue;
        };
        for e in entries(&help) {
            let Some(name) = e.head.split([' ', ',']).find(|w| w.starts_with("--")) else {
                continue;
            };
            let listed = row.words.iter().any(|w| w.trim_matches(['[', ']']) == name);
            if name != "--help" && !listed {
                missing.push(format!(
                    "`irbook {}`: `{name}` is not in its row",
                    path.join(" ")
                ));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "the README's command table misses:\n{}",
        missing.join("\n")
    );
}

/// Commands that only read the project or write inside it; `serve`, `exercise run` and
/// `check --watch` wait for Ctrl-C and are left out.
fn harmless(words: &[String]) -> bool {
    if words.iter().any(|w| w == "--watch") {
        return false;
    }
    let first: Vec<&str> = words.iter().take(2).map(String::as_str).collect();
    matches!(
        first.as_slice(),
        ["check" | "build" | "export" | "schema" | "init" | "new", ..]
            | ["exercise", "list" | "score" | "report"]
    )
}

/// A command named without an argument it requires (`irbook exercise report` in a
/// sentence) is a mention of the command, not a line to paste.
fn mention(words: &[String], helps: &mut Helps) -> bool {
    let mut path: Vec<String> = Vec::new();
    let mut rest = words.iter().peekable();
    while let Some(w) = rest.peek() {
        if !subcommands(helps.get(&path)).contains(w) {
            break;
        }
        path.push(rest.next().unwrap().clone());
    }
    let help = helps.get(&path).to_owned();
    let es = entries(&help);
    let required = positionals(&help)
        .iter()
        .filter(|p| p.starts_with('<'))
        .count();
    let mut given = 0;
    while let Some(w) = rest.next() {
        if !w.starts_with("--") {
            given += 1;
        } else if !w.contains('=') && option(&es, w).is_some_and(|e| e.head.contains('<')) {
            rest.next();
        }
    }
    given < required
}

/// Every README command a reader can paste as it is (no placeholder, nothing outside the
/// project) runs and succeeds on a copy of the example, in the folder a `cd` before it in
/// its block leads to. A path the README gives as an example of another project
/// (`path/to/project`) is a copy of the example too.
#[test]
fn readme_commands_run_on_the_example() {
    let t = example();
    let other = example();
    copy_dir(other.path(), &t.path().join("path/to/project"));
    let mut helps = Helps(BTreeMap::new());
    let mut ran = std::collections::BTreeSet::new();
    for line in readme_commands() {
        let pasteable = line
            .words
            .iter()
            .all(|w| !w.contains(['[', '|', '<']) && !w.starts_with('/') && !placeholder(w));
        if line.words.is_empty() || !pasteable || !harmless(&line.words) {
            continue;
        }
        if mention(&line.words, &mut helps) {
            continue;
        }
        // Once each: `irbook build` is in the README many times.
        if !ran.insert((line.cd.clone(), line.words.clone())) {
            continue;
        }
        let dir = t.path().join(&line.cd);
        let args: Vec<&str> = line.words.iter().map(String::as_str).collect();
        let o = run(&dir, &args);
        assert!(
            o.status.success(),
            "`{}` (in {}) failed: {}\n{}",
            line.shown,
            dir.display(),
            stderr(&o),
            String::from_utf8_lossy(&o.stdout)
        );
    }
    assert!(ran.len() >= 8, "only these README commands ran: {ran:?}");
}

/// A `playbook/step` (or a scheme file) in the README's YAML examples that names a playbook
/// of the bundled example names one of its steps: the exercise example is the example's
/// own exercise, and a reader copying it must not meet E0122.
#[test]
fn readme_examples_name_steps_the_example_has() {
    let root = repo();
    let mut bad = Vec::new();
    for c in readme_code() {
        if c.block.as_deref() != Some("yaml") {
            continue;
        }
        for l in c.text.lines() {
            let l = l.split(" #").next().unwrap();
            let Some((key, value)) = l.split_once(':') else {
                continue;
            };
            if !matches!(key.trim().trim_start_matches("- "), "step" | "tests") {
                continue;
            }
            for r in value
                .split([' ', ',', '[', ']'])
                .filter(|r| r.contains('/'))
            {
                bad.extend(missing_reference(&root, r));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "README examples name what the example lacks:\n{}",
        bad.join("\n")
    );
}

/// Why `r` (`playbook/step` or `content/...`) is not in the example, if it is not.
fn missing_reference(root: &Path, r: &str) -> Option<String> {
    if r.starts_with("content/") {
        return (!root.join(r).is_file()).then(|| format!("no file {r}"));
    }
    let (playbook, step) = r.split_once('/')?;
    let file = root
        .join("content/playbooks")
        .join(format!("{playbook}.yaml"));
    let text = std::fs::read_to_string(&file).ok()?;
    let has = text
        .lines()
        .any(|l| l.trim().trim_start_matches("- ").trim() == format!("id: {step}"));
    (!has).then(|| format!("`{r}`: content/playbooks/{playbook}.yaml has no step `{step}`"))
}
