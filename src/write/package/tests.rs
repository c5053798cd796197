use super::*;

fn path() -> PackagePath {
    PackagePath {
        id: "depot".into(),
        title: "Depot & drivers".into(),
        for_whom: "Drivers".into(),
        steps: vec![
            PackageStep {
                title: "Report it".into(),
                href: "awareness/path-depot/step-1.html".into(),
            },
            PackageStep {
                title: "Keep <it>".into(),
                href: "awareness/path-depot/step-2.html".into(),
            },
            PackageStep {
                title: "Check".into(),
                href: "awareness/path-depot/quiz.html".into(),
            },
        ],
        pass_mark: 75,
        assessed: Some(2),
    }
}

const ABOUT: About = About {
    organisation: "Harbour <Ltd>",
    edition: "staff",
    version: Some("2.1"),
};

/// The entries of a stored zip, read from its local headers in order.
fn entries(z: &[u8]) -> Vec<(String, String)> {
    let u16_at = |i: usize| usize::from(u16::from_le_bytes([z[i], z[i + 1]]));
    let mut out = Vec::new();
    let mut i = 0;
    while z[i..].starts_with(b"PK\x03\x04") {
        let size = u32::from_le_bytes([z[i + 18], z[i + 19], z[i + 20], z[i + 21]]) as usize;
        let (name_len, extra) = (u16_at(i + 26), u16_at(i + 28));
        let name = String::from_utf8_lossy(&z[i + 30..i + 30 + name_len]).into_owned();
        let start = i + 30 + name_len + extra;
        out.push((
            name,
            String::from_utf8_lossy(&z[start..start + size]).into_owned(),
        ));
        i = start + size;
    }
    out
}

fn home() -> Vec<OutputFile> {
    vec![OutputFile {
        path: "index.html".into(),
        bytes: std::sync::Arc::new(b"home".to_vec()),
    }]
}

#[test]
fn manifest_comes_first_and_each_step_has_its_launcher() {
    let z = build(&home(), &path(), Standard::Scorm12, &ABOUT).unwrap();
    let e = entries(&z);
    let names: Vec<&str> = e.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "imsmanifest.xml",
            "irbook-item-1.html",
            "irbook-item-2.html",
            "irbook-item-3.html",
            "irbook-lms.js",
            "index.html"
        ]
    );
    let manifest = &e[0].1;
    assert!(manifest.contains("Harbour &lt;Ltd&gt;: Depot &amp; drivers"));
    assert!(manifest.contains("<title>Keep &lt;it&gt;</title>"));
    assert_eq!(manifest.matches("<adlcp:masteryscore>75<").count(), 1);
    assert!(e[2].1.contains(r#"src="awareness/path-depot/step-2.html""#));
    assert!(e[2].1.contains(r#""item":2"#) && e[2].1.contains(r#""assessed":false"#));
    assert!(e[3].1.contains(r#""assessed":true"#));
    let x = build(&home(), &path(), Standard::Xapi, &ABOUT).unwrap();
    let e = entries(&x);
    assert_eq!(e[0].0, "tincan.xml");
    assert_eq!(e[1].0, LAUNCH);
    assert!(e[0].1.contains("urn:irbook:harbour-ltd:staff:depot"));
    assert!(
        !e[1].1.contains(r#""item""#),
        "the xAPI launcher shows the whole path"
    );
}

#[test]
fn items_follow_the_steps_and_only_the_quiz_is_assessed() {
    let launchers: Vec<String> = (0..3).map(item_launch).collect();
    let shared = ["index.html".to_owned(), LAUNCH_JS.to_owned()];
    let m12 = manifest::scorm(
        manifest::Version::Scorm12,
        &path(),
        &ABOUT,
        &launchers,
        &shared,
    );
    let m04 = manifest::scorm(
        manifest::Version::Scorm2004,
        &path(),
        &ABOUT,
        &launchers,
        &shared,
    );
    for (m, kind) in [(&m12, "adlcp:scormtype"), (&m04, "adlcp:scormType")] {
        let items: Vec<&str> = m.split("<item identifier=\"").skip(1).collect();
        assert_eq!(items.len(), 3);
        for (n, item) in items.iter().enumerate() {
            assert!(item.starts_with(&format!("item-{0}\" identifierref=\"res-item-{0}\"", n + 1)));
            assert!(m.contains(&format!(
                "<resource identifier=\"res-item-{0}\" type=\"webcontent\" {kind}=\"sco\" href=\"irbook-item-{0}.html\">",
                n + 1
            )));
        }
        assert_eq!(
            m.matches("<dependency identifierref=\"res-shared\"/>")
                .count(),
            3
        );
        assert!(m.contains(&format!(
            "{kind}=\"asset\">\n      <file href=\"index.html\"/>"
        )));
    }
    // 2004: the pass mark as a normalized measure on the quiz alone; the pages roll up
    // into completion only; the learner may flow or choose.
    assert_eq!(m04.matches("<imsss:minNormalizedMeasure>0.75<").count(), 1);
    assert_eq!(m04.matches("rollupObjectiveSatisfied=\"false\"").count(), 2);
    assert!(m04.contains("<imsss:controlMode choice=\"true\" flow=\"true\"/>"));
    assert!(!m12.contains("imsss"));
}

#[test]
fn paths_default_to_the_new_starter_path() {
    let json = br#"{"new_starter":[{"title":"Welcome","href":"awareness/welcome.html"},{"title":"Quiz","href":"awareness/q.html"}],"quizzes":[{"href":"awareness/q.html","pass_mark":70}]}"#;
    let p = paths(json).unwrap();
    assert_eq!(p.len(), 1);
    assert_eq!(
        (
            p[0].id.as_str(),
            p[0].pass_mark,
            p[0].steps.len(),
            p[0].assessed
        ),
        ("new-starter", 70, 2, Some(1))
    );
}

#[test]
fn a_declared_path_is_assessed_by_its_quiz_and_may_have_none() {
    let json = br#"{"paths":[
      {"id":"a","title":"A","steps":[{"title":"One","href":"awareness/path-a/step-1.html"},{"title":"Q","href":"awareness/path-a/quiz.html"}],"pass_mark":80},
      {"id":"b","title":"B","steps":[{"title":"One","href":"awareness/path-b/step-1.html"}],"pass_mark":80}]}"#;
    let p = paths(json).unwrap();
    assert_eq!((p[0].assessed, p[1].assessed), (Some(1), None));
}

#[test]
fn scorm_12_titles_keep_to_200_characters() {
    let mut p = path();
    p.steps[0].title = "é".repeat(300);
    let launchers: Vec<String> = (0..3).map(item_launch).collect();
    let title = |m: &str| {
        let t = m
            .split("<title>")
            .nth(2)
            .unwrap()
            .split("</title>")
            .next()
            .unwrap();
        t.chars().count()
    };
    let m12 = manifest::scorm(manifest::Version::Scorm12, &p, &ABOUT, &launchers, &[]);
    assert_eq!(title(&m12), 200);
    assert!(m12.contains("é\u{2026}</title>"));
    let m04 = manifest::scorm(manifest::Version::Scorm2004, &p, &ABOUT, &launchers, &[]);
    assert_eq!(title(&m04), 300);
}
