//! The mistakes scheme authors make, explained: each YAML slip with its own fixture
//! (`check` names it with the right code, points at it and shows the fix in its help, and
//! reports nothing else about the file), fields swallowed by a block of text, and the
//! nearest right name for a wrong field or link.

use crate::common::*;
use std::path::Path;

const PLAYBOOK: &str = "content/playbooks/flood.yaml";
const CONTACTS: &str = "content/contacts.yaml";
const PAGE: &str = "content/scheme/guide.md";

/// One mistake planted in the `minimal` fixture.
struct Mistake {
    name: &'static str,
    file: &'static str,
    /// Replaced once by `new` in `file`.
    old: &'static str,
    new: &'static str,
    code: &'static str,
    /// The diagnostic points at the `n`th (0-based) occurrence of this text after the edit.
    at: (&'static str, usize),
    /// The help holds this text: the fix, spelt out.
    help: &'static str,
}

const MISTAKES: &[Mistake] = &[
    Mistake {
        name: "indented too little, between two columns",
        file: PLAYBOOK,
        old: "        owner: desk",
        new: "      owner: desk",
        code: "E0002",
        at: ("owner: desk", 0),
        help: "move it to column 9 to line it up with `id` and `action`, or to column 5",
    },
    Mistake {
        name: "indented too little, out of its list item",
        file: CONTACTS,
        old: "  - id: lead\n    name: Team lead",
        new: "  - id: lead\n  name: Team lead",
        code: "E0002",
        at: ("name: Team lead", 0),
        help: "move `name` to column 5, under `id`",
    },
    Mistake {
        name: "indented too little, in line with the fields of the level above",
        file: PLAYBOOK,
        old: "        owner: desk",
        new: "    owner: desk",
        code: "E0004",
        at: ("owner: desk", 0),
        help: "if `owner` belongs with `id` and `action` above, indent it to column 9",
    },
    Mistake {
        name: "indented too much after a value",
        file: PLAYBOOK,
        old: "        owner: desk",
        new: "          owner: desk",
        code: "E0002",
        at: ("owner: desk", 0),
        help: "un-indent `owner` to column 9, where `id` and `action` start",
    },
    Mistake {
        name: "indented too much after an id",
        file: CONTACTS,
        old: "  point_of_contact: desk\n  hours: 12:30",
        new: "  point_of_contact: desk\n   hours: 12:30",
        code: "E0002",
        at: ("hours", 0),
        help: "un-indent `hours` to column 3",
    },
    Mistake {
        name: "a tab used for indentation",
        file: PLAYBOOK,
        old: "        owner: desk",
        new: "\t\towner: desk",
        code: "E0002",
        at: ("\t\towner", 0),
        help: "YAML indents with spaces only",
    },
    Mistake {
        name: "an unquoted `: ` in a value",
        file: PLAYBOOK,
        old: "action: Confirm the flood.",
        new: "action: Note: confirm the flood.",
        code: "E0002",
        at: (": confirm the", 0),
        help: "`action: \"Note: confirm the flood.\"`",
    },
    Mistake {
        name: "an unquoted ` #` cutting a list short",
        file: CONTACTS,
        old: "    roles: [desk, lead]",
        new: "    roles: [desk, #lead]",
        code: "E0002",
        at: ("#lead", 0),
        help: "`\"#lead\"`",
    },
    Mistake {
        name: "an unquoted `#` starting a value",
        file: CONTACTS,
        old: "    name: Ann Example",
        new: "    name: #1 Example",
        code: "E0002",
        at: ("#1", 0),
        help: "`name: \"#1 Example\"`",
    },
    Mistake {
        name: "a comma inside a flow mapping",
        file: CONTACTS,
        old: "      - kind: email\n        value: ann@example.org",
        new: "      - {kind: messenger, value: Ask in the channel, not the chat.}",
        code: "E0002",
        at: (", not the chat", 0),
        help: "`value: \"Ask in the channel, not the chat.\"`",
    },
    Mistake {
        name: "a string-list item that YAML reads as a mapping",
        file: PLAYBOOK,
        old: "indicators: [Slow site, 1.10 versions]",
        new: "indicators:\n  - Slow site\n  - Severity: HIGH alerts",
        code: "E0002",
        at: ("Severity", 0),
        help: "`- \"Severity: HIGH alerts\"`",
    },
    Mistake {
        name: "a leading `*`",
        file: CONTACTS,
        old: "    name: Ann Example",
        new: "    name: *Ann* Example",
        code: "E0002",
        at: ("*Ann", 0),
        help: "`name: \"*Ann* Example\"`",
    },
    Mistake {
        name: "a leading `&`",
        file: CONTACTS,
        old: "    name: Team lead",
        new: "    name: & Co",
        code: "E0002",
        at: ("& Co", 0),
        help: "`name: \"& Co\"`",
    },
    Mistake {
        name: "a leading `!`",
        file: PLAYBOOK,
        old: "title: Flooding",
        new: "title: !Flooding",
        code: "E0002",
        at: ("!Flooding", 0),
        help: "`title: \"!Flooding\"`",
    },
    Mistake {
        name: "a leading `@`",
        file: PLAYBOOK,
        old: "title: Flooding",
        new: "title: @channel flooding",
        code: "E0002",
        at: ("@channel", 0),
        help: "`title: \"@channel flooding\"`",
    },
    Mistake {
        name: "a leading backtick",
        file: PLAYBOOK,
        old: "title: Flooding",
        new: "title: `ddos` flooding",
        code: "E0002",
        at: ("`ddos`", 0),
        help: "`title: \"`ddos` flooding\"`",
    },
    Mistake {
        name: "a doubled document separator",
        file: PLAYBOOK,
        old: "id: flood",
        new: "---\n---\nid: flood",
        code: "E0002",
        at: ("---", 1),
        help: "delete this line",
    },
    Mistake {
        name: "a document separator in the middle",
        file: PLAYBOOK,
        old: "owner: lead\nsummary",
        new: "---\nowner: lead\nsummary",
        code: "E0002",
        at: ("---", 0),
        help: "delete this line",
    },
    Mistake {
        name: "a doubled front matter separator",
        file: PAGE,
        old: "---\ntitle",
        new: "---\n---\ntitle",
        code: "E0002",
        at: ("---", 1),
        help: "if the file starts with `---` twice, delete one of them",
    },
    Mistake {
        name: "a quote not closed",
        file: CONTACTS,
        old: "    name: Team lead",
        new: "    name: \"Team lead",
        code: "E0002",
        at: ("\"Team", 0),
        help: "end the value with `\"` on this line",
    },
    Mistake {
        name: "text after a closing quote",
        file: CONTACTS,
        old: "    name: Team lead",
        new: "    name: \"Team\" leader",
        code: "E0002",
        at: ("leader", 0),
        help: "`name: '\"Team\" leader'`",
    },
];

/// Line and column (1-based, in characters) of the `n`th occurrence of `needle` in `text`.
fn position(text: &str, needle: &str, n: usize) -> (u64, u64) {
    let i = text
        .match_indices(needle)
        .nth(n)
        .unwrap_or_else(|| panic!("{needle:?} not found {} times", n + 1))
        .0;
    let before = &text[..i];
    let line = before.matches('\n').count() as u64 + 1;
    let col = before.rsplit('\n').next().unwrap().chars().count() as u64 + 1;
    (line, col)
}

fn errors(dir: &Path) -> Vec<serde_json::Value> {
    let o = run(dir, &["check", "--format", "json"]);
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|d| d["severity"] == "error")
        .collect()
}

#[test]
fn every_yaml_mistake_is_named_where_it_is_with_its_fix() {
    let mut failures = Vec::new();
    for m in MISTAKES {
        let f = fixture("minimal");
        let path = f.path().join(m.file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains(m.old),
            "{}: {} lacks {:?}",
            m.name,
            m.file,
            m.old
        );
        let text = text.replacen(m.old, m.new, 1);
        std::fs::write(&path, &text).unwrap();
        let (line, col) = position(&text, m.at.0, m.at.1);
        let diags = errors(f.path());
        let mine: Vec<&serde_json::Value> = diags.iter().filter(|d| d["file"] == m.file).collect();
        let [d] = mine.as_slice() else {
            failures.push(format!("{}: expected one error, got {mine:?}", m.name));
            continue;
        };
        let got = (
            d["code"].as_str().unwrap_or_default(),
            d["line"].as_u64().unwrap_or_default(),
            d["column"].as_u64().unwrap_or_default(),
        );
        let help = d["help"].as_str().unwrap_or_default();
        if got != (m.code, line, col) || !help.contains(m.help) {
            failures.push(format!(
                "{}: got {} at {}:{} ({}; help: {help}), expected {} at {line}:{col} with help holding {:?}",
                m.name, got.0, got.1, got.2, d["message"], m.code, m.help
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn an_unknown_field_names_the_nearest_and_lists_the_others_once() {
    let f = fixture("minimal");
    let path = f.path().join(PLAYBOOK);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("        owner: desk", "        ownr: desk", 1),
    )
    .unwrap();
    let diags = errors(f.path());
    let d = diags.iter().find(|d| d["code"] == "E0004").expect("E0004");
    assert_eq!(d["message"], "unknown field `ownr`");
    let help = d["help"].as_str().unwrap();
    assert!(help.starts_with("did you mean `owner`? "), "{help}");
    assert_eq!(help.matches("action").count(), 1, "{help}");
}

/// A field indented too far under a block of text (`key: |`) becomes part of the text:
/// the file loads, so only the swallowed-field warning tells.
#[test]
fn a_field_swallowed_by_text_is_warned_in_a_playbook_a_page_and_an_exercise() {
    let f = fixture("minimal");
    let root = f.path();
    let edit = |file: &str, old: &str, new: &str| {
        let p = root.join(file);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(old), "{file} lacks {old:?}");
        std::fs::write(&p, text.replacen(old, new, 1)).unwrap();
    };
    std::fs::create_dir_all(root.join("exercises")).unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/drill/exercise.yaml"),
        root.join("exercises/drill.yaml"),
    )
    .unwrap();
    edit(
        PLAYBOOK,
        "        action: Confirm the flood.\n        owner: desk",
        "        action: |\n          Confirm the flood.\n          owner: desk",
    );
    edit(
        PAGE,
        "owner: lead\n",
        "summary: |\n  How to report an event.\n  owner: lead\n",
    );
    // The answer key's notes, swallowed by the participants' brief.
    let notes = "notes: |\n      ANSWER-KEY-NOTE watch whether the desk confirms before calling.\n";
    edit("exercises/drill.yaml", &format!("    {notes}"), "");
    edit(
        "exercises/drill.yaml",
        "will not load.\n",
        &format!("will not load.\n      {notes}"),
    );
    let o = run(root, &["check", "--format", "json"]);
    let diags: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let swallowed: Vec<(String, u64, u64)> = diags
        .iter()
        .filter(|d| d["code"] == "W0321")
        .map(|d| {
            assert!(d["help"].as_str().unwrap().starts_with("un-indent"), "{d}");
            (
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("content/playbooks/flood.yaml".to_owned(), 20, 11),
        ("content/scheme/guide.md".to_owned(), 7, 3),
        ("exercises/drill.yaml".to_owned(), 26, 7),
    ];
    for e in &expected {
        assert!(swallowed.contains(e), "{e:?} not in {swallowed:?}");
    }
    assert_eq!(swallowed.len(), expected.len(), "{swallowed:?}");
    assert!(o.status.success(), "a warning alone: {diags:?}");
}

#[test]
fn a_broken_link_names_the_source_it_meant_and_allows_full_urls() {
    let f = fixture("minimal");
    let path = f.path().join(PAGE);
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen(
        "Back to the",
        "See the [team](team.html), the [scale](../severity.yml#level-high), the\n[nowhere](zzz-nothing.md) and the",
        1,
    );
    std::fs::write(&path, &text).unwrap();
    let helps: Vec<(u64, u64, String)> = errors(f.path())
        .iter()
        .filter(|d| d["code"] == "E0112")
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["help"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let (line, _) = position(&text, "[team]", 0);
    assert_eq!(helps.len(), 3, "{helps:?}");
    assert!(
        helps
            .iter()
            .all(|h| h.0 >= line && h.2.contains("full address (`https://...`)")),
        "{helps:?}"
    );
    let said = |s: &str| helps.iter().any(|h| h.2.starts_with(s));
    assert!(said("did you mean `team.md`?"), "{helps:?}");
    assert!(
        said("did you mean `../severity.yaml#level-high`?"),
        "{helps:?}"
    );
    assert!(said("link to a source file by its path"), "{helps:?}");
}

#[test]
fn a_problem_inside_a_block_of_text_is_pointed_at_where_it_is() {
    let f = fixture("minimal");
    let path = f.path().join(PLAYBOOK);
    let text = std::fs::read_to_string(&path).unwrap();
    // A broken link on the third line of a literal block, one on the second line of a
    // folded summary, and a misplaced audience marker inside a block.
    let text = text
        .replacen(
            "        action: Filter the traffic.",
            "        action: |\n          Filter the traffic.\n\n          Then see the [runbook](../scheme/runbok.md) and the\n          [log](../scheme/logg.md).",
            1,
        )
        .replacen(
            "summary: Traffic floods. See the [filter step](#step-filter).",
            "summary: >\n  Traffic floods. See the\n  [filter step](flood.yaml#step-filtre).",
            1,
        )
        .replacen(
            "        action: Lift the filters.",
            "        action: |\n          Lift the filters.\n\n          <!-- audience: nobody -->\n          x\n          <!-- end audience -->",
            1,
        );
    std::fs::write(&path, &text).unwrap();
    let found: Vec<(String, u64, u64)> = errors(f.path())
        .iter()
        .filter(|d| d["file"] == PLAYBOOK)
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let at = |code: &str, needle: &str| {
        let (l, c) = position(&text, needle, 0);
        (code.to_owned(), l, c)
    };
    for want in [
        at("E0112", "[runbook]"),
        at("E0112", "[log]"),
        at("E0119", "[filter step]"),
    ] {
        assert!(found.contains(&want), "{want:?} not in {found:?}");
    }
    let marker = found
        .iter()
        .find(|d| d.0 == "E0114")
        .unwrap_or_else(|| panic!("no marker problem in {found:?}"));
    assert_eq!(
        (marker.1, marker.2),
        position(&text, "<!-- audience: nobody", 0),
        "{found:?}"
    );
}
