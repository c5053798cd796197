//! Awareness: generated quiz questions follow the scheme, and quizzes are checked.

use crate::common::*;
use std::path::Path;

const QUIZ: &str = "id: check
title: Check what you know
questions:
  - id: contact
    generate: first-contact
  - id: oob
    generate: out-of-band
  - id: spot
    generate: spot-the-event
    playbook: flood
    not_events: [the canteen menu changes on Monday, a colleague books leave, the printer needs paper]
  - id: which
    generate: which-playbook
    playbook: flood
  - id: speed
    generate: response-time
    level: high
  - id: written
    question: Should you test a weakness yourself?
    choices:
      - text: No, report it
        correct: true
      - text: Yes, to be sure
    explanation: Testing it may look like an attack and destroy evidence.
    learn_more: ../scheme/guide.md
";

/// A copy of the minimal fixture with the quiz and a third playbook (for wrong answers).
fn project() -> TempDir {
    let f = fixture("minimal");
    std::fs::create_dir_all(f.path().join("content/awareness")).unwrap();
    std::fs::write(f.path().join("content/awareness/check.yaml"), QUIZ).unwrap();
    std::fs::write(
        f.path().join("content/awareness/start.md"),
        "---\ntitle: Start here\nweight: 10\n---\nRead the [guide](../scheme/guide.md).\n",
    )
    .unwrap();
    let other = std::fs::read_to_string(f.path().join("content/playbooks/unknown-event.yaml"))
        .unwrap()
        .replace("id: unknown-event", "id: phishing")
        .replace("title: Events of no known type", "title: Phishing")
        .replace("category: unknown", "category: social-engineering");
    std::fs::write(f.path().join("content/playbooks/phishing.yaml"), &other).unwrap();
    let third = other
        .replace("id: phishing", "id: defacement")
        .replace("title: Phishing", "title: Web defacement")
        .replace("category: social-engineering", "category: defacement");
    std::fs::write(f.path().join("content/playbooks/defacement.yaml"), third).unwrap();
    // Mailboxes, so "how do you report when e-mail is compromised" has e-mail routes as wrong answers.
    let contacts = f.path().join("content/contacts.yaml");
    let t = std::fs::read_to_string(&contacts).unwrap();
    let t = t.replacen("        value: +4930123456\n", "        value: +4930123456\n      - kind: email\n        value: desk@example.org\n", 1)
        .replace("  - id: lead\n    name: Team lead\n", "  - id: lead\n    name: Team lead\n    channels:\n      - kind: email\n        value: team@example.org\n");
    std::fs::write(&contacts, t).unwrap();
    let sev = f.path().join("content/severity.yaml");
    let t = std::fs::read_to_string(&sev).unwrap();
    std::fs::write(&sev, format!("{t}  - id: mid\n    name: Medium\n    summary: In between.\n    criteria:\n      money: About 1,000.\n    response_target: 4h\n    notify: [lead]\n")).unwrap();
    let cfg = f.path().join("irbook.yaml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(&cfg, text.replace("  - id: unknown\n", "  - id: social-engineering\n    name: Social engineering\n  - id: defacement\n    name: Defacement\n  - id: unknown\n")).unwrap();
    f
}

fn quiz(dir: &Path) -> serde_json::Value {
    let o = run(dir, &["export", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["quizzes"][0].clone()
}

fn question<'a>(quiz: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    quiz["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == id)
        .unwrap_or_else(|| panic!("no question {id}"))
}

fn right(q: &serde_json::Value) -> Vec<String> {
    q["choices"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["correct"] == true)
        .map(|c| c["text"].as_str().unwrap().to_owned())
        .collect()
}

fn all(q: &serde_json::Value) -> Vec<String> {
    q["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn generated_answers_come_from_the_scheme_and_follow_it() {
    let f = project();
    let q = quiz(f.path());
    let contact = question(&q, "contact");
    assert_eq!(right(contact), ["Service desk, on +4930123456"]);
    assert!(
        all(contact).len() >= 3,
        "wrong answers come from other roles and people: {contact}"
    );
    assert_eq!(
        right(question(&q, "oob")),
        ["Use a route outside our own systems: NO: +4930123456"]
    );
    let spot = question(&q, "spot");
    assert!(
        right(spot)[0] == "Slow site" || right(spot)[0] == "1.10 versions",
        "{spot}"
    );
    assert!(all(spot).iter().any(|c| c.contains("canteen menu")));
    let which = question(&q, "which");
    assert_eq!(right(which), ["Flooding"]);
    assert!(
        all(which).contains(&"Phishing".to_owned()),
        "other playbooks are the wrong answers"
    );
    assert!(
        !all(which).iter().any(|c| c == "Events of no known type"),
        "the catch-all is never offered"
    );
    assert_eq!(right(question(&q, "speed")), ["Within 1 hour"]);
    assert_eq!(
        question(&q, "written")["learn_more"]["href"],
        "scheme/guide.html"
    );

    // The answer follows a changed phone number, with no edit to the quiz.
    let contacts = f.path().join("content/contacts.yaml");
    let t = std::fs::read_to_string(&contacts).unwrap();
    std::fs::write(
        &contacts,
        t.replacen(
            "        value: +4930123456",
            "        value: \"+49 30 999 0000\"",
            1,
        ),
    )
    .unwrap();
    assert_eq!(
        right(question(&quiz(f.path()), "contact")),
        ["Service desk, on +49 30 999 0000"]
    );
    // And the response time follows the severity scale.
    let sev = f.path().join("content/severity.yaml");
    let t = std::fs::read_to_string(&sev).unwrap();
    std::fs::write(
        &sev,
        t.replace("response_target: 1h", "response_target: 30m"),
    )
    .unwrap();
    assert_eq!(
        right(question(&quiz(f.path()), "speed")),
        ["Within 30 minutes"]
    );
}

#[test]
fn a_generator_without_its_data_is_an_error() {
    let f = project();
    let contacts = f.path().join("content/contacts.yaml");
    let t = std::fs::read_to_string(&contacts).unwrap();
    // The out-of-band route becomes team-only: the staff quiz cannot ask about it.
    std::fs::write(
        &contacts,
        t.replace(
            "      label: NO\n",
            "      label: NO\n      audience: isirt\n",
        ),
    )
    .unwrap();
    let o = run(f.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("E0121")
            && out.contains("content/awareness/check.yaml:7:15")
            && out.contains("out-of-band"),
        "{out}"
    );
}

#[test]
fn the_staff_site_has_the_path_quiz_card_and_poster() {
    let f = project();
    build_ok(f.path());
    let staff = f.path().join("public/staff");
    for p in [
        "awareness/index.html",
        "awareness/start.html",
        "awareness/check.html",
        "awareness/pocket-card.html",
        "awareness/poster.html",
        "assets/quiz.js",
    ] {
        assert!(staff.join(p).is_file(), "{p}");
    }
    let home = std::fs::read_to_string(staff.join("index.html")).unwrap();
    assert!(
        home.contains("awareness/index.html"),
        "the home page links to the new starter path"
    );
    let quiz = std::fs::read_to_string(staff.join("awareness/check.html")).unwrap();
    assert!(quiz.contains("Step 2 of 2"), "progress is shown");
    assert!(
        quiz.contains("<details class=\"answer\">"),
        "answers are there without JavaScript"
    );
    let card = std::fs::read_to_string(staff.join("awareness/pocket-card.html")).unwrap();
    assert!(
        card.contains("+4930123456") && card.contains("Do not"),
        "{card}"
    );
}

#[test]
fn the_home_page_says_how_long_the_path_takes_from_its_text() {
    // A page of a few words and six questions: about five minutes.
    let f = project();
    build_ok(f.path());
    let home = || std::fs::read_to_string(f.path().join("public/staff/index.html")).unwrap();
    assert!(
        home().contains("new starter path</a>: about 5 minutes, with a short quiz"),
        "{}",
        home()
    );
    // 4,000 more words (20 minutes at 200 a minute) and the same quiz (3 minutes): 25.
    let words = "word ".repeat(4000);
    std::fs::write(
        f.path().join("content/awareness/long.md"),
        format!("---\ntitle: The long read\nweight: 20\n---\n{words}\n"),
    )
    .unwrap();
    build_ok(f.path());
    assert!(
        home().contains("new starter path</a>: about 25 minutes"),
        "the length did not follow the path"
    );
}
