use super::*;

fn path() -> PackagePath {
    PackagePath {
        id: "depot".into(),
        title: "Depot & drivers".into(),
        for_whom: "Drivers".into(),
        steps: vec![PackageStep {
            title: "Report it".into(),
            href: "awareness/path-depot/step-1.html".into(),
        }],
        pass_mark: 75,
    }
}

const ABOUT: About = About {
    organisation: "Harbour <Ltd>",
    edition: "staff",
    version: Some("2.1"),
};

#[test]
fn manifest_comes_first_and_launcher_opens_the_first_step() {
    let files = vec![OutputFile {
        path: "index.html".into(),
        bytes: b"home".to_vec(),
    }];
    let z = build(&files, &path(), Standard::Scorm12, &ABOUT).unwrap();
    assert_eq!(&z[30..45], b"imsmanifest.xml");
    let text = String::from_utf8_lossy(&z);
    assert!(text.contains("<adlcp:masteryscore>75</adlcp:masteryscore>"));
    assert!(text.contains("Harbour &lt;Ltd&gt;: Depot &amp; drivers"));
    assert!(text.contains(r#"src="awareness/path-depot/step-1.html""#));
    assert!(text.contains(r#"<file href="index.html"/>"#));
    let x = build(&files, &path(), Standard::Xapi, &ABOUT).unwrap();
    assert_eq!(&x[30..40], b"tincan.xml");
    assert!(String::from_utf8_lossy(&x).contains("urn:irbook:harbour-ltd:staff:depot"));
}

#[test]
fn pass_marks_become_normalized_measures() {
    assert_eq!(
        manifest::scorm2004(&path(), &ABOUT, &[])
            .matches("<imsss:minNormalizedMeasure>0.75<")
            .count(),
        1
    );
}

#[test]
fn paths_default_to_the_new_starter_path() {
    let json = br#"{"new_starter":[{"title":"Welcome","href":"awareness/welcome.html"},{"title":"Quiz","href":"awareness/q.html"}],"quizzes":[{"href":"awareness/q.html","pass_mark":70}]}"#;
    let p = paths(json).unwrap();
    assert_eq!(p.len(), 1);
    assert_eq!(
        (p[0].id.as_str(), p[0].pass_mark, p[0].steps.len()),
        ("new-starter", 70, 2)
    );
}
