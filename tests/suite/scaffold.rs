//! `irbook new`: every kind writes a skeleton that passes `check --deny warnings`, where
//! the loader finds it, and never overwrites.

use crate::common::*;

#[test]
fn every_kind_passes_check_and_refuses_to_overwrite() {
    for (kind, id, file) in [
        (
            "playbook",
            "bomb-threat",
            "content/playbooks/bomb-threat.yaml",
        ),
        ("page", "night-shift", "content/scheme/night-shift.md"),
        ("person", "new-starter", "content/contacts.yaml"),
        ("exercise", "night-drill", "exercises/night-drill.yaml"),
    ] {
        let f = fixture("minimal");
        let o = run(f.path(), &["new", kind, id]);
        assert!(o.status.success(), "new {kind}: {}", stderr(&o));
        let text = std::fs::read_to_string(f.path().join(file)).unwrap();
        let title = id.replace('-', " ");
        assert!(
            text.contains(id) || text.to_lowercase().contains(&title),
            "{file} lacks {id}"
        );
        let c = run(f.path(), &["check", "--deny", "warnings"]);
        assert!(
            c.status.success(),
            "new {kind} fails check:\n{}",
            String::from_utf8_lossy(&c.stdout)
        );
        let again = run(f.path(), &["new", kind, id]);
        assert_eq!(again.status.code(), Some(1), "new {kind} twice");
        assert_eq!(std::fs::read_to_string(f.path().join(file)).unwrap(), text);
    }
    // An exercise also builds: handout and guide appear.
    let f = fixture("minimal");
    assert!(
        run(f.path(), &["new", "exercise", "night-drill"])
            .status
            .success()
    );
    build_ok(f.path());
    assert!(
        f.path()
            .join("public/isirt/exercises/night-drill/guide.html")
            .is_file()
    );
}
