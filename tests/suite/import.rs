//! `irbook import markdown`: the two common shapes of Markdown playbook (numbered parts
//! with sub-steps; phase headings with checklists) come in with a report of what went into
//! free text or nowhere, owners left as placeholders that `check` names; once those are
//! decided the scheme checks clean and builds. Text cannot break out of its YAML field,
//! and importing again keeps the step ids.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The Markdown playbooks of tests/fixtures/import, copied outside the project.
fn sources() -> TempDir {
    let t = TempDir::new("import-md");
    copy_dir(&repo().join("tests/fixtures/import"), t.path());
    t
}

fn import(project: &Path, file: &Path, extra: &[&str]) -> Output {
    let f = file.to_str().unwrap();
    let mut args = vec!["import", "markdown", f];
    args.extend_from_slice(extra);
    run(project, &args)
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "import failed: {}", stderr(o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const LAPTOP: &str = "content/playbooks/stolen-or-lost-laptop.yaml";
const MAIL: &str = "content/playbooks/mail-account-intrusion.yaml";
const CHOICES: [&str; 4] = ["--category", "unknown", "--severity", "high"];

fn laptop_args() -> Vec<&'static str> {
    let mut a = vec![
        "--phases",
        "6=recovery",
        "--source-url",
        "https://example.org/laptop",
    ];
    a.extend(CHOICES);
    a
}

/// `check --format json`: exit code and the diagnostics.
fn check(dir: &Path) -> (Option<i32>, Vec<serde_json::Value>) {
    let o = run(dir, &["check", "--format", "json"]);
    let diags = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (o.status.code(), diags)
}

/// The YAML file as data.
fn yaml(path: PathBuf) -> serde_json::Value {
    let text = std::fs::read_to_string(&path).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}\n{text}", path.display()))
}

/// Every step of a playbook as data: (id, title).
fn steps(pb: &serde_json::Value) -> Vec<(String, String)> {
    pb["phases"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["steps"].as_array().unwrap().iter())
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_owned(),
                s["title"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Replaces every placeholder in `file` as an author would.
fn decide(project: &Path, file: &str) {
    let p = project.join(file);
    let text = std::fs::read_to_string(&p).unwrap();
    let text = text
        .replace(": fill-in", ": lead")
        .replace(
            "FILL IN the question these choices answer",
            "Which comes first?",
        )
        .replace("FILL IN when to take this choice", "the owner agrees");
    std::fs::write(p, text).unwrap();
}

#[test]
fn both_shapes_import_with_a_report_and_check_names_only_the_placeholders() {
    let md = sources();
    let f = fixture("minimal");
    let report = ok(&import(
        f.path(),
        &md.path().join("stolen-laptop.md"),
        &laptop_args(),
    ));
    let lines: Vec<&str> = report.lines().skip(1).collect();
    let ends: Vec<String> = lines
        .iter()
        .map(|l| l.split_once("stolen-laptop.md").unwrap().1.to_owned())
        .collect();
    assert_eq!(
        ends,
        [
            ":1-3: nowhere: front matter, not imported",
            ":42: free text: a paragraph before the first step of part \"3. Contain\", put at the start of the action of step \"Lock or wipe\"",
            ":57: check: link to `mail-intrusion.md#containment` leads to playbook `mail-account-intrusion`, not imported yet: import mail-intrusion.md too, or `check` reports the link broken",
            ":59: nowhere: HTML, not imported",
            ":88: check: link to `mail-intrusion.md` leads to playbook `mail-account-intrusion`, not imported yet: import mail-intrusion.md too, or `check` reports the link broken",
            ":94: nowhere: a reference with no web address (\"The asset register itself\"), not imported",
        ],
        "{report}"
    );
    let saved = md.path().join("report.txt");
    let args = [&CHOICES[..], &["--report", saved.to_str().unwrap()]].concat();
    let report = ok(&import(
        f.path(),
        &md.path().join("mail-intrusion.md"),
        &args,
    ));
    assert_eq!(std::fs::read_to_string(&saved).unwrap(), report);
    assert!(
        report.contains("mail-intrusion.md:24: free text: a paragraph among the checklist of part \"Detection\", added to the action of step \"Block the sender's address OR quarantine the messages\""),
        "{report}"
    );
    assert!(
        report.contains("mail-intrusion.md:28-29: free text: a quote or alert among the checklist of part \"Containment\", added to the action of step \"Reset the password and end every session\""),
        "{report}"
    );

    // Shape (a): parts are phases, sub-headings steps; the fields the text implies.
    let pb = yaml(f.path().join(LAPTOP));
    assert_eq!(pb["title"], "Stolen or lost laptop");
    assert_eq!(pb["source"]["title"], "Stolen or lost laptop");
    assert_eq!(pb["source"]["licence"], "CC BY 4.0");
    assert_eq!(pb["source"]["url"], "https://example.org/laptop");
    assert_eq!(pb["status"], "draft");
    let phases: Vec<&str> = pb["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["phase"].as_str().unwrap())
        .collect();
    assert_eq!(
        phases,
        [
            "preparation",
            "identification",
            "containment",
            "eradication",
            "recovery",
            "lessons-learned"
        ]
    );
    assert_eq!(
        pb["phases"][0]["objective"],
        "Every device can be found, locked and wiped from a distance.\n"
    );
    let ids: Vec<String> = steps(&pb).into_iter().map(|s| s.0).collect();
    assert_eq!(
        ids,
        [
            "keep-an-asset-register",
            "turn-on-remote-wipe",
            "take-the-report",
            "check-the-register",
            "lock-or-wipe",
            "reset-passwords",
            "remove-access",
            "issue-a-replacement",
            "tell-the-insurer",
            "review"
        ]
    );
    let step = |ph: usize, n: usize| pb["phases"][ph]["steps"][n].clone();
    assert_eq!(
        step(1, 0)["action"],
        "Ask the person when and where they last had the device, and what was on it.\n\n> [!WARNING]\n> Never ask the person to go back to the place alone at night.\n"
    );
    assert_eq!(step(1, 1)["applies_when"], "the disk is not encrypted");
    let decision = &step(2, 0)["decisions"][0];
    assert_eq!(decision["question"], "Wipe the device now?");
    assert_eq!(decision["choices"][1]["option"], "Lock it and wait a day.");
    // An option that links to a step leads there.
    assert_eq!(
        decision["choices"][0]["option"],
        "Wipe it at once and remove its access."
    );
    assert_eq!(decision["choices"][0]["then"], "remove-access");
    assert!(decision["choices"][1].get("then").is_none());
    assert_eq!(
        decision["choices"][1]["when"],
        "it is encrypted and may well turn up\n"
    );
    assert!(
        step(2, 1)["action"]
            .as_str()
            .unwrap()
            .contains("[mail playbook](mail-account-intrusion.yaml#phase-containment)")
    );
    assert_eq!(pb["related"][0]["playbook"], "mail-account-intrusion");
    assert_eq!(pb["related"][0]["when"], "mail was open on the device");
    assert_eq!(pb["related"][1]["url"], "https://example.org/lost-phone");
    assert_eq!(pb["references"][0]["title"], "Device management guide");
    assert_eq!(pb["references"][0]["url"], "https://example.org/mdm-guide");
    assert!(
        step(3, 0)["action"]
            .as_str()
            .unwrap()
            .contains("[taking the report](#step-take-the-report)")
    );

    // Shape (b): each checklist item a step, titled by its bold lead-in or first words.
    let pb = yaml(f.path().join(MAIL));
    assert_eq!(pb["indicators"][1], "A forwarding rule nobody asked for");
    let titles: Vec<String> = steps(&pb).into_iter().map(|s| s.1).collect();
    assert_eq!(titles[1], "Keep logs");
    assert_eq!(
        pb["phases"][0]["steps"][1]["action"],
        "Keep sign-in logs for at least 90 days\n"
    );
    assert_eq!(
        pb["phases"][1]["steps"][1]["applies_when"],
        "mail went out to customers"
    );
    assert_eq!(
        pb["phases"][1]["steps"][2]["decisions"][0]["choices"][1]["option"],
        "quarantine the messages"
    );
    assert!(
        pb["phases"][2]["steps"][0]["action"]
            .as_str()
            .unwrap()
            .starts_with("> [!WARNING]\n> Export the sign-in log")
    );
    assert!(
        pb["phases"][5]["steps"][0]["action"]
            .as_str()
            .unwrap()
            .contains("(stolen-or-lost-laptop.yaml#step-lock-or-wipe)")
    );

    // Every error and warning is a placeholder: an owner `fill-in` (W0322 and E0102),
    // and the decision text the source did not give (W0322).
    let (code, diags) = check(f.path());
    assert_eq!(code, Some(1));
    let owners = [LAPTOP, MAIL]
        .iter()
        .map(|p| {
            std::fs::read_to_string(f.path().join(p))
                .unwrap()
                .matches("owner: fill-in")
                .count()
        })
        .sum::<usize>();
    assert_eq!(owners, 22);
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes.iter().filter(|c| **c == "E0102").count(),
        owners,
        "{diags:#?}"
    );
    assert_eq!(
        codes.iter().filter(|c| **c == "W0322").count(),
        owners + 3,
        "{diags:#?}"
    );
    assert_eq!(codes.len(), 2 * owners + 3, "{diags:#?}");

    decide(f.path(), LAPTOP);
    decide(f.path(), MAIL);
    let o = run(f.path(), &["check", "--deny", "warnings"]);
    assert!(
        o.status.success(),
        "{}{}",
        stderr(&o),
        String::from_utf8_lossy(&o.stdout)
    );
    build_ok(f.path());
    let page = std::fs::read_to_string(
        f.path()
            .join("public/isirt/playbooks/stolen-or-lost-laptop.html"),
    )
    .unwrap();
    assert!(
        page.contains("Lock or wipe") && page.contains("markdown-alert-warning"),
        "{page}"
    );
    assert!(
        page.contains("mail-account-intrusion.html#phase-containment"),
        "{page}"
    );
}

#[test]
fn a_part_no_phase_matches_is_reported_and_named_by_check() {
    let md = sources();
    let f = fixture("minimal");
    let report = ok(&import(
        f.path(),
        &md.path().join("stolen-laptop.md"),
        &CHOICES,
    ));
    assert!(
        report.contains("stolen-laptop.md:74: check: part \"6. Communication\" matches no phase of irbook.yaml: its steps are under `phase: fill-in` at the end; choose the phase, or import again with --phases \"6. Communication=PHASE\""),
        "{report}"
    );
    let text = std::fs::read_to_string(f.path().join(LAPTOP)).unwrap();
    assert!(text.contains("  # The part \"6. Communication\" matches no phase: choose one of preparation, identification, containment, eradication, recovery, lessons-learned.\n  - phase: fill-in\n"), "{text}");
    assert!(text.contains("tell-the-insurer"));
    let (_, diags) = check(f.path());
    let line = text
        .lines()
        .position(|l| l == "  - phase: fill-in")
        .unwrap()
        + 1;
    let at_line: Vec<&str> = diags
        .iter()
        .filter(|d| d["line"] == line as u64)
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(
        at_line.contains(&"E0110") && at_line.contains(&"W0322"),
        "{diags:#?}"
    );
    // A `--phases` key that names no part is refused.
    let o = import(
        f.path(),
        &md.path().join("stolen-laptop.md"),
        &["--phases", "Part 9=recovery", "--force"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("`Part 9` names no part heading"),
        "{}",
        stderr(&o)
    );
}

/// Markdown holding every character YAML gives a meaning to.
const NASTY: &str = "# Title: a # b & c ! d * e {f} --- g\n\n\
    Summary: x # y\n&anchor *alias !tag {a: 1} [b]\n% percent @ at `tick`\ttab\n\n\
    ## Containment: {phase} #1\n\n\
    ### Step: one # two & three\n\n\
    Do: this # not a comment\n--- inside text\n\ttabbed continuation\n{ \"json\": true }\n'single' \"double\" \\ back\n\n\
    - item: with colon\n- |pipe >fold\n\n\
    ### ---\n\n  Indented two.\n\n\
    ## Recovery\n\n\
    If odd: !go *now\n";

#[test]
fn no_markdown_breaks_out_of_its_yaml_field() {
    let md = sources();
    let file = md.path().join("nasty.md");
    std::fs::write(&file, NASTY).unwrap();
    let f = fixture("minimal");
    ok(&import(
        f.path(),
        &file,
        &[&["--id", "nasty", "--licence", "a: b # c"][..], &CHOICES].concat(),
    ));
    let pb = yaml(f.path().join("content/playbooks/nasty.yaml"));
    assert_eq!(pb["title"], "Title: a # b & c ! d * e {f} --- g");
    assert_eq!(pb["source"]["licence"], "a: b # c");
    assert_eq!(
        pb["summary"],
        "Summary: x # y\n&anchor *alias !tag {a: 1} [b]\n% percent @ at `tick`\ttab\n"
    );
    let s = &pb["phases"][0]["steps"];
    assert_eq!(s[0]["id"], "step-one-two-three");
    assert_eq!(s[0]["title"], "Step: one # two & three");
    assert_eq!(
        s[0]["action"],
        "Do: this # not a comment\n--- inside text\n\ttabbed continuation\n{ \"json\": true }\n'single' \"double\" \\ back\n\n- item: with colon\n- |pipe >fold\n"
    );
    assert_eq!(s[1]["id"], "section");
    assert_eq!(s[1]["title"], "---");
    assert_eq!(s[1]["action"], "Indented two.\n");
    let r = &pb["phases"][1]["steps"][0];
    assert_eq!(r["applies_when"], "odd");
    assert_eq!(r["action"], "!go *now\n");
    decide(f.path(), "content/playbooks/nasty.yaml");
    let o = run(f.path(), &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn importing_again_keeps_step_ids_and_owners_and_needs_force() {
    let md = sources();
    let file = md.path().join("mail-intrusion.md");
    let f = fixture("minimal");
    ok(&import(f.path(), &file, &CHOICES));
    let first = std::fs::read_to_string(f.path().join(MAIL)).unwrap();
    let before = steps(&yaml(f.path().join(MAIL)));
    // Deterministic: a second project gets the same bytes.
    let g = fixture("minimal");
    ok(&import(g.path(), &file, &CHOICES));
    assert_eq!(std::fs::read_to_string(g.path().join(MAIL)).unwrap(), first);

    // An author decides one owner; the source gains a step at the top of a phase,
    // one twice over, and loses a title.
    let decided = first.replacen(
        "      - id: remove-the-forwarding-rules\n        title: |-\n          Remove the forwarding rules\n        action: |\n          Remove the forwarding rules\n        owner: fill-in",
        "      - id: remove-the-forwarding-rules\n        title: |-\n          Remove the forwarding rules\n        action: |\n          Remove the forwarding rules\n        owner: desk",
        1,
    );
    assert_ne!(decided, first);
    std::fs::write(f.path().join(MAIL), &decided).unwrap();
    let src = std::fs::read_to_string(&file).unwrap();
    let src = src
        .replace(
            "## Containment\n",
            "## Containment\n\n- [ ] Remove the forwarding rules\n",
        )
        .replace(
            "- [ ] Hand the mailbox back to its owner",
            "- [ ] Give the mailbox back",
        )
        .replace(
            "## Preparation\n",
            "## Preparation\n\n- [ ] Write the contact list\n",
        );
    std::fs::write(&file, src).unwrap();

    // An exercise names two of the steps.
    assert!(
        run(f.path(), &["new", "exercise", "drill", "--severity", "low"])
            .status
            .success()
    );
    let drill = f.path().join("exercises/drill.yaml");
    let text = std::fs::read_to_string(&drill).unwrap();
    let text = text
        .replace(
            "flood/plan",
            "mail-account-intrusion/remove-the-forwarding-rules",
        )
        .replace(
            "flood/confirm",
            "mail-account-intrusion/hand-the-mailbox-back-to-its-owner",
        );
    std::fs::write(&drill, &text).unwrap();
    let gone_at = text
        .lines()
        .position(|l| l.contains("hand-the-mailbox"))
        .unwrap() as u64
        + 1;

    let o = import(f.path(), &file, &CHOICES);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("exists already; nothing was written"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(f.path().join(MAIL)).unwrap(),
        decided
    );

    let report = ok(&import(
        f.path(),
        &file,
        &[&CHOICES[..], &["--force"]].concat(),
    ));
    assert!(
        report.contains("9 step id(s) kept from the file replaced (same titles); no longer there: hand-the-mailbox-back-to-its-owner"),
        "{report}"
    );
    // The exercise still resolves the step whose title stayed; the renamed one is named.
    let (_, diags) = check(f.path());
    let unknown: Vec<(String, u64)> = diags
        .iter()
        .filter(|d| d["code"] == "E0122")
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        unknown,
        [("exercises/drill.yaml".to_owned(), gone_at)],
        "{diags:#?}"
    );
    let after = steps(&yaml(f.path().join(MAIL)));
    for (id, title) in &before {
        if title != "Hand the mailbox back to its owner" {
            assert!(
                after.contains(&(id.clone(), title.clone())),
                "{id} lost: {after:?}"
            );
        }
    }
    assert!(after.contains(&(
        "write-the-contact-list".into(),
        "Write the contact list".into()
    )));
    // The new step of the same title gets the next id; the kept one keeps its owner.
    assert!(
        after.contains(&(
            "remove-the-forwarding-rules-1".into(),
            "Remove the forwarding rules".into()
        )),
        "{after:?}"
    );
    let pb = yaml(f.path().join(MAIL));
    let kept = pb["phases"][2]["steps"].as_array().unwrap();
    assert_eq!(kept[0]["id"], "remove-the-forwarding-rules");
    assert_eq!(kept[0]["owner"], "desk");
    assert_eq!(kept[2]["id"], "remove-the-forwarding-rules-1");
    assert_eq!(kept[2]["owner"], "fill-in");
}
