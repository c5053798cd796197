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
    // A reported suspicious e-mail is deleted, as phishing playbooks and the quiz say: the
    // printed "do not" lists make that exception rather than forbid all deleting.
    let poster = std::fs::read_to_string(staff.join("awareness/poster.html")).unwrap();
    for (name, page) in [("pocket card", &card), ("poster", &poster)] {
        assert!(
            page.contains("<li>delete anything, except a suspicious e-mail"),
            "the {name} forbids deleting a reported suspicious e-mail:\n{page}"
        );
    }
}

/// The minimal fixture with eight more playbooks, titled "A kind" to "H kind", each listing
/// two signs; "E kind" is team-only. In title order "Flooding" (first sign "Slow site") falls
/// between "F kind" and "G kind", and "Events of no known type" lists no signs.
fn signs_project() -> TempDir {
    let f = fixture("minimal");
    let dir = f.path().join("content/playbooks");
    let base = std::fs::read_to_string(dir.join("unknown-event.yaml")).unwrap();
    for letter in ["A", "B", "C", "D", "E", "F", "G", "H"] {
        let id = format!("kind-{}", letter.to_lowercase());
        let audience = if letter == "E" {
            "audience: isirt\n"
        } else {
            ""
        };
        let text = base
            .replace("id: unknown-event", &format!("id: {id}"))
            .replace(
                "title: Events of no known type",
                &format!("title: {letter} kind\n{audience}indicators: [{letter} first sign, {letter} second sign]"),
            );
        std::fs::write(dir.join(format!("{id}.yaml")), text).unwrap();
    }
    f
}

/// Appends `yaml` to the project's irbook.yaml.
fn configure(dir: &Path, yaml: &str) {
    let cfg = dir.join("irbook.yaml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(&cfg, format!("{text}{yaml}")).unwrap();
}

/// The signs listed on an edition's poster and pocket card, in order, as far as `known`
/// tells them apart.
fn signs_shown(dir: &Path, edition: &str, known: &[&str]) -> (Vec<String>, Vec<String>) {
    let read = |page: &str| {
        std::fs::read_to_string(
            dir.join("public")
                .join(edition)
                .join("awareness")
                .join(page),
        )
        .unwrap()
    };
    let order = |html: String| {
        let mut found: Vec<(usize, String)> = known
            .iter()
            .filter_map(|s| html.find(&format!("<li>{s}")).map(|i| (i, (*s).to_owned())))
            .collect();
        found.sort();
        found.into_iter().map(|(_, s)| s).collect()
    };
    (order(read("poster.html")), order(read("pocket-card.html")))
}

/// Every sign the tests may look for.
const ALL_SIGNS: &[&str] = &[
    "A first sign",
    "A second sign",
    "B first sign",
    "C first sign",
    "D first sign",
    "E first sign",
    "F first sign",
    "G first sign",
    "H first sign",
    "Slow site",
    "Someone asks for your password",
    "The secret sign",
    "The site is slow for everyone",
    "Fifth sign",
];

#[test]
fn without_chosen_signs_the_poster_shows_the_first_sign_of_the_first_six_playbooks() {
    let f = signs_project();
    build_ok(f.path());
    let (poster, card) = signs_shown(f.path(), "staff", ALL_SIGNS);
    assert_eq!(
        poster,
        [
            "A first sign",
            "B first sign",
            "C first sign",
            "D first sign",
            "F first sign",
            "Slow site"
        ],
        "the staff edition skips the team-only playbook and the one without signs"
    );
    assert_eq!(card, poster[..4]);
    let (poster, card) = signs_shown(f.path(), "isirt", ALL_SIGNS);
    assert_eq!(
        poster,
        [
            "A first sign",
            "B first sign",
            "C first sign",
            "D first sign",
            "E first sign",
            "F first sign"
        ]
    );
    assert_eq!(card, poster[..4]);
}

#[test]
fn chosen_signs_are_shown_in_their_order_and_never_reach_an_edition_that_may_not_see_them() {
    let f = signs_project();
    configure(
        f.path(),
        "awareness:
  signs:
    - playbook: kind-g
      sign: Someone asks for your password
    - playbook: kind-e
      sign: The secret sign
    - playbook: kind-h
    - playbook: flood
      sign: The site is slow for everyone
    - playbook: kind-a
      sign: Fifth sign
",
    );
    build_ok(f.path());
    let (poster, card) = signs_shown(f.path(), "isirt", ALL_SIGNS);
    let chosen = [
        "Someone asks for your password",
        "The secret sign",
        "H first sign",
        "The site is slow for everyone",
        "Fifth sign",
    ];
    assert_eq!(
        poster, chosen,
        "the author's words, or the playbook's first sign"
    );
    assert_eq!(card, chosen[..4], "the pocket card has room for four");
    let (poster, card) = signs_shown(f.path(), "staff", ALL_SIGNS);
    let staff = [chosen[0], chosen[2], chosen[3], chosen[4]];
    assert_eq!(poster, staff);
    assert_eq!(card, staff);
    for (path, bytes) in tree(&f.path().join("public/staff")) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("The secret sign"),
            "the sign of a team-only playbook leaked into staff/{path}"
        );
    }
}

#[test]
fn a_chosen_sign_needs_a_known_playbook_and_words() {
    let f = signs_project();
    configure(
        f.path(),
        "awareness:\n  signs:\n    - playbook: kind-z\n    - playbook: unknown-event\n",
    );
    let lines = std::fs::read_to_string(f.path().join("irbook.yaml"))
        .unwrap()
        .lines()
        .count();
    let o = run(f.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    let unknown = format!("irbook.yaml:{}:17", lines - 1);
    let wordless = format!("irbook.yaml:{lines}:17");
    assert!(
        out.contains("E0106") && out.contains(&unknown),
        "an unknown playbook is named at {unknown}:\n{out}"
    );
    assert!(
        out.contains("E0005") && out.contains(&wordless) && out.contains("no indicators"),
        "a playbook without signs needs `sign:`, at {wordless}:\n{out}"
    );
}

/// The quiz's feedback reads in order and says what it means: the verdict ("see the answer
/// below") comes before the answer, the right answers are listed without a stray `;`,
/// "Learn more" names the page by its title (not `guide.md`), and the marks the style
/// sheet adds after a choice keep their space ("✔ right answer", not "✔right answer").
#[test]
fn quiz_feedback_reads_in_order_and_names_pages_by_title() {
    use scraper::{Html, Selector};
    let f = project();
    // A question with two right answers, neither of them last.
    let quiz = f.path().join("content/awareness/check.yaml");
    let text = std::fs::read_to_string(&quiz).unwrap();
    std::fs::write(
        &quiz,
        format!(
            "{text}  - id: two\n    question: Which do you report?\n    choices:\n      - text: A lost badge\n        correct: true\n      - text: A strange USB stick\n        correct: true\n      - text: A new kettle\n"
        ),
    )
    .unwrap();
    build_ok(f.path());
    let page = std::fs::read_to_string(f.path().join("public/staff/awareness/check.html")).unwrap();
    let doc = Html::parse_document(&page);
    let sel = |css: &str| Selector::parse(css).unwrap();
    let mut answers = 0;
    for q in doc.select(&sel("fieldset.question")) {
        let html = q.html();
        let (verdict, details) = (html.find("class=\"verdict\""), html.find("<details"));
        assert!(
            verdict.is_some() && verdict < details,
            "the verdict after the answer: {html}"
        );
        let right = q.select(&sel("input[data-correct]")).count();
        let answer: String = q
            .select(&sel(".right-answer"))
            .next()
            .unwrap()
            .text()
            .collect();
        let listed = answer.trim_start_matches("Answer:").trim();
        assert!(!listed.ends_with(';'), "{answer}");
        assert_eq!(listed.split("; ").count(), right, "{answer}");
        answers += 1;
    }
    assert_eq!(answers, 7);
    let more: Vec<String> = doc
        .select(&sel("details.answer a"))
        .map(|a| a.text().collect())
        .collect();
    assert!(
        more.contains(&"Learn more: Reporting guide".to_string()),
        "{more:?}"
    );
    assert!(
        more.iter()
            .all(|m| !m.contains(".md") && !m.contains(".yaml")),
        "{more:?}"
    );

    // In CSS a hex escape swallows one space after it: `"\2714 right"` reads "✔right".
    let css = std::fs::read_to_string(repo().join("themes/default/static/style.css")).unwrap();
    for (n, line) in css.lines().enumerate() {
        let Some(content) = line.split("content:").nth(1) else {
            continue;
        };
        let b = content.as_bytes();
        for i in 0..b.len() {
            if b[i] != b'\\' {
                continue;
            }
            let hex = b[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_hexdigit())
                .count();
            let after = &b[i + 1 + hex..];
            let glued =
                hex > 0 && after.len() > 1 && after[0] == b' ' && after[1].is_ascii_alphabetic();
            assert!(
                !glued,
                "style.css:{}: the space after the escape is eaten: {line}",
                n + 1
            );
        }
    }
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

/// The minimal fixture with awareness pages in a subfolder, `content/awareness/depot/`,
/// beside one at the top, a quiz in the subfolder, and a path through them.
fn folders() -> TempDir {
    let f = fixture("minimal");
    let dir = f.path().join("content/awareness/depot");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        f.path().join("content/awareness/welcome.md"),
        "---\ntitle: Welcome\nweight: 1\n---\nStart [here](depot/spot-it.md).\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("spot-it.md"),
        "---\ntitle: Spot it at the depot\nweight: 2\n---\nBack to the [welcome](../welcome.md).\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("depot-check.yaml"),
        "id: depot-check\ntitle: Depot check\nquestions:\n  - id: report\n    question: Who do you tell?\n    choices:\n      - text: The service desk\n        correct: true\n      - text: Nobody\n",
    )
    .unwrap();
    let yaml = f.path().join("irbook.yaml");
    let mut config = std::fs::read_to_string(&yaml).unwrap();
    config.push_str(
        "awareness:\n  paths:\n    - id: depot\n      title: Depot\n      for: Drivers\n      pages: [welcome, depot/spot-it]\n      quiz: depot-check\n",
    );
    std::fs::write(&yaml, config).unwrap();
    f
}

#[test]
fn awareness_pages_in_subfolders_are_read_and_keep_their_folder() {
    let f = folders();
    build_ok(f.path());
    let staff = f.path().join("public/staff");
    let read =
        |p: &str| std::fs::read_to_string(staff.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    // The page's output path mirrors its folder, and its links reach out of it.
    let page = read("awareness/depot/spot-it.html");
    assert!(page.contains("Spot it at the depot"));
    assert!(
        page.contains(r#"href="../../assets/style.css""#),
        "its assets are two folders up"
    );
    assert!(
        page.contains(r#"href="../../awareness/welcome.html""#),
        "{page}"
    );
    assert!(read("awareness/welcome.html").contains(r#"href="../awareness/depot/spot-it.html""#));
    // The path names it with its folder; the quiz of the subfolder is its quiz.
    assert!(read("awareness/path-depot/step-2.html").contains("Spot it at the depot"));
    assert!(read("awareness/path-depot/quiz.html").contains("Who do you tell?"));
    assert!(read("awareness/index.html").contains("depot/spot-it.html"));
}

#[test]
fn an_awareness_subfolder_may_not_take_a_paths_folder_or_anothers_output() {
    let f = folders();
    let dir = f.path().join("content/awareness/path-depot");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("step-1.md"), "---\ntitle: Mine\n---\nText.\n").unwrap();
    // A folder differing only in case becomes the same output on Windows and macOS.
    let upper = f.path().join("content/awareness/Depot");
    std::fs::create_dir_all(&upper).unwrap();
    std::fs::write(upper.join("spot-it.md"), "---\ntitle: Twin\n---\nText.\n").unwrap();
    let o = run(f.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let said = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
    assert!(
        said.contains("error[E0113]: this becomes `awareness/path-depot/step-1.html`, in `awareness/path-depot/`, the folder of the learning path `depot` (irbook.yaml line ")
            && said.contains("--> content/awareness/path-depot/step-1.md"),
        "{said}"
    );
    assert!(
        said.contains("--> content/awareness/depot/spot-it.md")
            && said.contains("which `content/awareness/Depot/spot-it.md` becomes too"),
        "{said}"
    );
}
