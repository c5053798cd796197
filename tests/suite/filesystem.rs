//! The file system as an attacker sets it up: symbolic links out of the project, a theme
//! named like a path, `--out` through a link, named pipes where sources are expected, and
//! output files irbook did not write. Links and pipes are made at test time; every run of
//! the binary has a time limit, so a hang is a failure rather than a stuck test run.
#![cfg(unix)]

use crate::common::*;
use std::io::Read;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The longest any command here may take; far above what each needs on a loaded machine.
const LIMIT: Duration = Duration::from_secs(20);

/// Text planted in every file outside the project; it must never reach an output.
const CANARY: &str = "OUTSIDE-CANARY-5d1e";

/// Runs irbook in `dir`, killing it and failing the test if it outlives [`LIMIT`].
fn run_timed(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(bin())
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = r.read_to_end(&mut v);
            v
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let deadline = Instant::now() + LIMIT;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`irbook {}` still running after {LIMIT:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

/// `check --format json` in `dir`: the exit code and the diagnostics.
fn check(dir: &Path) -> (Option<i32>, Vec<serde_json::Value>) {
    let o = run_timed(dir, &["check", "--format", "json"]);
    let diags = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l}: {e}")))
        .collect();
    (o.status.code(), diags)
}

/// The diagnostic with `code` about `file`, if there is one.
fn find<'a>(
    diags: &'a [serde_json::Value],
    code: &str,
    file: &str,
) -> Option<&'a serde_json::Value> {
    diags
        .iter()
        .find(|d| d["code"] == code && d["file"] == file)
}

/// A project (the `minimal` fixture) and, beside it, a folder standing for the rest of the
/// machine, holding a scheme page, a playbook, a quiz-free exercise and theme files, all
/// carrying [`CANARY`].
struct Setup {
    project: TempDir,
    outside: TempDir,
}

impl Setup {
    fn new() -> Setup {
        let project = fixture("minimal");
        let outside = TempDir::new("outside");
        let o = outside.path();
        let write = |rel: &str, text: &str| {
            let p = o.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        write(
            "scheme/leak.md",
            &format!("---\ntitle: Leak {CANARY}\n---\nThe body says {CANARY}.\n"),
        );
        let flood = std::fs::read_to_string(project.path().join("content/playbooks/flood.yaml"))
            .unwrap()
            .replace("id: flood", "id: leak")
            .replace("Traffic floods.", CANARY);
        write("playbooks/leak.yaml", &flood);
        write("theme/static/leak.css", &format!("/* {CANARY} */\n"));
        write("theme/templates/extra.html", &format!("{CANARY}\n"));
        write("secret.txt", &format!("{CANARY}\n"));
        Setup { project, outside }
    }

    fn root(&self) -> &Path {
        self.project.path()
    }

    /// Makes `rel` in the project a symbolic link to `target`, made absolute under the
    /// outside folder when it is relative.
    fn link_out(&self, rel: &str, target: &str) {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        if p.is_dir() && !p.is_symlink() {
            std::fs::remove_dir_all(&p).unwrap();
        }
        symlink(self.outside.path().join(target), p).unwrap();
    }

    fn set_theme(&self, value: &str) {
        let p = self.root().join("irbook.yaml");
        let mut text = std::fs::read_to_string(&p).unwrap();
        text.push_str(&format!("theme: {value}\n"));
        std::fs::write(p, text).unwrap();
    }

    /// Asserts that no file under the project's `public/` and nothing printed holds the canary.
    fn assert_no_canary(&self, printed: &Output) {
        for (path, bytes) in tree(&self.root().join("public")) {
            assert!(
                !String::from_utf8_lossy(&bytes).contains(CANARY),
                "public/{path} holds a file from outside the project"
            );
        }
        for stream in [&printed.stdout, &printed.stderr] {
            assert!(
                !String::from_utf8_lossy(stream).contains(CANARY),
                "outside text was printed:\n{}",
                String::from_utf8_lossy(stream)
            );
        }
    }

    /// Runs check and build; both must fail with `code` about `file`, and nothing from
    /// outside may reach the output or the terminal.
    fn assert_refused(&self, code: &str, file: &str) {
        let (exit, diags) = check(self.root());
        assert_eq!(exit, Some(1), "check passed: {diags:#?}");
        assert!(
            find(&diags, code, file).is_some(),
            "no {code} about {file}: {diags:#?}"
        );
        let o = run_timed(self.root(), &["check"]);
        self.assert_no_canary(&o);
        let o = run_timed(self.root(), &["build"]);
        assert!(!o.status.success(), "build passed:\n{}", stderr(&o));
        assert!(stderr(&o).contains(file), "{}", stderr(&o));
        self.assert_no_canary(&o);
    }
}

// --- Item 11: the theme -------------------------------------------------------------------

#[test]
fn a_theme_named_like_a_path_is_refused_where_it_is_written() {
    // None stands for the absolute path of the theme outside the project, which holds the
    // canary: before the name was checked, `theme:` set to it published that folder.
    for value in [None, Some("../../etc"), Some("x/../../.."), Some("Theme")] {
        let s = Setup::new();
        let value = value.map_or_else(
            || format!("\"{}\"", s.outside.path().join("theme").display()),
            str::to_owned,
        );
        s.set_theme(&value);
        let text = std::fs::read_to_string(s.root().join("irbook.yaml")).unwrap();
        let line = text.lines().count() as u64;
        let (exit, diags) = check(s.root());
        assert_eq!(exit, Some(1), "{value}: check passed");
        let d = find(&diags, "E0003", "irbook.yaml")
            .unwrap_or_else(|| panic!("{value}: no E0003 in {diags:#?}"));
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(line), Some(8)),
            "{value}: {d}"
        );
        assert!(
            d["message"].as_str().unwrap().contains("not a valid id"),
            "{d}"
        );
        let o = run_timed(s.root(), &["build"]);
        assert!(!o.status.success(), "{value}: build passed");
        assert!(!s.root().join("public").exists(), "{value}: build wrote");
        s.assert_no_canary(&o);
    }
    // `default`, named explicitly, stays valid.
    let s = Setup::new();
    s.set_theme("default");
    let (exit, diags) = check(s.root());
    assert_eq!(exit, Some(0), "{diags:#?}");
}

#[test]
fn theme_folders_linked_out_of_the_project_are_refused() {
    // Each link in turn: the whole themes/ folder, the theme's folder, its static/ and
    // templates/ folders, the default theme's static/ folder.
    let cases: &[(&str, &str, &str, &str)] = &[
        ("themes", "", "x", "themes/x"),
        ("themes/x", "theme", "x", "themes/x"),
        ("themes/x/static", "theme/static", "x", "themes/x/static"),
        (
            "themes/x/templates",
            "theme/templates",
            "x",
            "themes/x/templates",
        ),
        (
            "themes/default/static",
            "theme/static",
            "default",
            "themes/default/static",
        ),
    ];
    for (link, target, theme, reported) in cases {
        let s = Setup::new();
        if *link == "themes" {
            std::fs::create_dir_all(s.outside.path().join("x/static")).unwrap();
            std::fs::copy(
                s.outside.path().join("secret.txt"),
                s.outside.path().join("x/static/secret.txt"),
            )
            .unwrap();
        }
        std::fs::create_dir_all(s.root().join("themes/x/static")).unwrap();
        std::fs::create_dir_all(s.root().join("themes/default")).unwrap();
        s.link_out(link, target);
        s.set_theme(theme);
        s.assert_refused("E0010", reported);
    }
}

#[test]
fn theme_files_linked_out_of_the_project_are_refused() {
    let s = Setup::new();
    std::fs::create_dir_all(s.root().join("themes/x/static")).unwrap();
    s.link_out("themes/x/static/leak.css", "theme/static/leak.css");
    s.set_theme("x");
    s.assert_refused("E0010", "themes/x/static/leak.css");
    // A folder linked from inside the theme is not followed, wherever it points.
    let s = Setup::new();
    std::fs::create_dir_all(s.root().join("themes/x/static")).unwrap();
    s.link_out("themes/x/static/more", "theme/static");
    s.set_theme("x");
    s.assert_refused("E0010", "themes/x/static/more");
}

#[test]
fn theme_files_linked_inside_the_project_are_used() {
    let s = Setup::new();
    std::fs::create_dir_all(s.root().join("themes/x/static")).unwrap();
    std::fs::create_dir_all(s.root().join("shared")).unwrap();
    std::fs::write(s.root().join("shared/brand.css"), "/* brand */\n").unwrap();
    symlink(
        "../../../shared/brand.css",
        s.root().join("themes/x/static/brand.css"),
    )
    .unwrap();
    s.set_theme("x");
    let o = run_timed(s.root(), &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for ed in ["staff", "isirt"] {
        assert_eq!(
            std::fs::read_to_string(s.root().join(format!("public/{ed}/assets/brand.css")))
                .unwrap(),
            "/* brand */\n"
        );
    }
}

// --- Item 12: the folders the loader starts from ------------------------------------------

/// Fills `outside/<dir>` with a file of extension `ext` whose first line holds the canary
/// and does not parse: were it read, the diagnostic would quote that line.
fn plant_broken(s: &Setup, dir: &str, ext: &str) {
    let d = s.outside.path().join(dir);
    std::fs::create_dir_all(&d).unwrap();
    let text = match ext {
        "md" => format!("{CANARY} no front matter\n"),
        _ => format!("{CANARY}: [unclosed\n"),
    };
    std::fs::write(d.join(format!("broken.{ext}")), text).unwrap();
}

#[test]
fn source_folders_linked_out_of_the_project_are_refused() {
    // Folders whose valid files would be published.
    for (link, target) in [
        ("content/scheme", "scheme"),
        ("content/playbooks", "playbooks"),
    ] {
        let s = Setup::new();
        s.link_out(link, target);
        s.assert_refused("E0010", link);
    }
    // Folders whose broken files would be quoted in the diagnostics.
    for (link, ext) in [
        ("content/forms", "yaml"),
        ("content/awareness", "md"),
        ("content/awareness", "yaml"),
        ("exercises", "yaml"),
        ("exercises/records", "yaml"),
        ("content/templates", "md"),
        ("incidents/records", "yaml"),
        // Attachments are published as they are, whatever their kind.
        ("content/files", "md"),
    ] {
        let s = Setup::new();
        plant_broken(&s, "folder", ext);
        s.link_out(link, "folder");
        s.assert_refused("E0010", link);
    }
    // A link above the folder read: `incidents/` leading to a folder with `records/`.
    let s = Setup::new();
    plant_broken(&s, "folder/records", "yaml");
    s.link_out("incidents", "folder");
    s.assert_refused("E0010", "incidents/records");
    // The whole content/ folder: its required files are refused one by one too.
    let s = Setup::new();
    copy_dir(&s.root().join("content"), &s.outside.path().join("content"));
    std::fs::copy(
        s.outside.path().join("scheme/leak.md"),
        s.outside.path().join("content/scheme/leak.md"),
    )
    .unwrap();
    s.link_out("content", "content");
    s.assert_refused("E0010", "content/scheme");
    let (_, diags) = check(s.root());
    for file in ["content/policy.md", "content/contacts.yaml"] {
        assert!(find(&diags, "E0010", file).is_some(), "{file}: {diags:#?}");
    }
}

#[test]
fn source_folders_linked_inside_the_project_are_read() {
    let s = Setup::new();
    std::fs::create_dir_all(s.root().join("shared")).unwrap();
    std::fs::rename(
        s.root().join("content/playbooks"),
        s.root().join("shared/playbooks"),
    )
    .unwrap();
    symlink("../shared/playbooks", s.root().join("content/playbooks")).unwrap();
    let o = run_timed(s.root(), &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(s.root().join("public/staff/playbooks/flood.html").is_file());
}

#[test]
fn links_to_hidden_files_are_refused() {
    // A link inside the project may not reach what the walk skips, such as .git/config.
    let s = Setup::new();
    std::fs::create_dir_all(s.root().join(".git")).unwrap();
    std::fs::copy(
        s.outside.path().join("scheme/leak.md"),
        s.root().join(".git/notes.md"),
    )
    .unwrap();
    symlink(
        "../../.git/notes.md",
        s.root().join("content/scheme/notes.md"),
    )
    .unwrap();
    s.assert_refused("E0010", "content/scheme/notes.md");
    let (_, diags) = check(s.root());
    let d = find(&diags, "E0010", "content/scheme/notes.md").unwrap();
    assert!(d["message"].as_str().unwrap().contains("hidden"), "{d}");
}

// --- Item 13: named pipes, --out, init, overwriting ---------------------------------------

/// Makes a named pipe at `path`, replacing any file there.
fn mkfifo(path: &Path) {
    let _ = std::fs::remove_file(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: `c` is a valid NUL-terminated path for the duration of the call.
    assert_eq!(
        unsafe { libc::mkfifo(c.as_ptr(), 0o644) },
        0,
        "mkfifo failed"
    );
}

#[test]
fn named_pipes_where_sources_are_expected_do_not_hang() {
    // A pipe nobody writes to: opened the ordinary way, it blocks the reader for ever.
    for rel in [
        "content/playbooks/pipe.yaml",
        "content/scheme/pipe.md",
        "content/policy.md",
        "exercises/pipe.yaml",
        "themes/default/static/pipe.css",
    ] {
        let f = fixture("minimal");
        mkfifo(&f.path().join(rel));
        let (exit, diags) = check(f.path());
        assert_eq!(exit, Some(1), "{rel}: {diags:#?}");
        let d = find(&diags, "E0001", rel).unwrap_or_else(|| panic!("{rel}: {diags:#?}"));
        assert!(d["message"].as_str().unwrap().contains("named pipe"), "{d}");
        let o = run_timed(f.path(), &["build"]);
        assert!(!o.status.success(), "{rel}: build passed");
        assert!(stderr(&o).contains(rel), "{}", stderr(&o));
    }
    // irbook.yaml itself, which `export` reads first to find the default edition.
    let f = fixture("minimal");
    mkfifo(&f.path().join("irbook.yaml"));
    for args in [&["check"][..], &["build"], &["export"]] {
        let o = run_timed(f.path(), args);
        assert!(!o.status.success(), "{args:?} passed");
    }
    // A pipe given to the exercise console as the record to resume.
    let f = fixture("minimal");
    std::fs::create_dir_all(f.path().join("exercises")).unwrap();
    std::fs::write(
        f.path().join("exercises/drill.yaml"),
        include_str!("../fixtures/drill/exercise.yaml"),
    )
    .unwrap();
    mkfifo(&f.path().join("pipe.yaml"));
    let o = run_timed(
        f.path(),
        &[
            "exercise",
            "run",
            "drill",
            "--port",
            "0",
            "--record",
            "pipe.yaml",
        ],
    );
    assert!(!o.status.success(), "the console took a pipe as its record");
    assert!(stderr(&o).contains("named pipe"), "{}", stderr(&o));
}

#[test]
fn build_out_is_judged_where_it_really_leads() {
    // Through a link to content/, and through a folder that does not exist yet and `..`.
    for (out, link) in [("src-link/public", true), ("new/../content/public", false)] {
        let f = fixture("minimal");
        if link {
            symlink("content", f.path().join("src-link")).unwrap();
        }
        let o = run_timed(f.path(), &["build", "--out", out]);
        assert!(!o.status.success(), "{out}: build passed");
        assert!(
            stderr(&o).contains("inside the project's content/ folder"),
            "{out}: {}",
            stderr(&o)
        );
        assert!(!f.path().join("content/public").exists(), "{out}: wrote");
        let entries: Vec<_> = std::fs::read_dir(f.path().join("content"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert!(
            !entries
                .iter()
                .any(|n| n.to_string_lossy().contains("irbook")),
            "{out}: left {entries:?}"
        );
    }
    // A link to a folder outside the sources is fine.
    let f = fixture("minimal");
    let site = TempDir::new("site");
    symlink(site.path(), f.path().join("site")).unwrap();
    let o = run_timed(f.path(), &["build", "--out", "site/public"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(site.path().join("public/staff/index.html").is_file());
}

#[test]
fn init_and_new_never_write_through_links() {
    // A dangling link where init would write a file.
    let s = Setup::new();
    let d = s.outside.path().join("project");
    std::fs::create_dir_all(&d).unwrap();
    let planted = s.outside.path().join("planted.yaml");
    symlink(&planted, d.join("irbook.yaml")).unwrap();
    let o = run_timed(s.outside.path(), &["init", "project"]);
    assert!(!o.status.success(), "init passed");
    assert!(stderr(&o).contains("nothing was written"), "{}", stderr(&o));
    assert!(!planted.exists(), "init wrote through a dangling link");
    // A link where init would make a folder.
    let d = s.outside.path().join("project2");
    let elsewhere = s.outside.path().join("elsewhere");
    std::fs::create_dir_all(&d).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    symlink(&elsewhere, d.join("content")).unwrap();
    let o = run_timed(s.outside.path(), &["init", "project2"]);
    assert!(!o.status.success(), "init passed");
    assert!(stderr(&o).contains("symbolic link"), "{}", stderr(&o));
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
    assert_eq!(std::fs::read_dir(&d).unwrap().count(), 1, "init wrote");
    // `irbook new` where a dangling link has the new file's name.
    let planted = s.outside.path().join("planted-playbook.yaml");
    symlink(&planted, s.root().join("content/playbooks/fresh.yaml")).unwrap();
    let o = run_timed(s.root(), &["new", "playbook", "fresh"]);
    assert!(!o.status.success(), "new passed");
    assert!(!planted.exists(), "new wrote through a dangling link");
    // A plain new folder still works.
    let o = run_timed(s.outside.path(), &["init", "fresh"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run_timed(&s.outside.path().join("fresh"), &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// The `minimal` fixture with the drill exercise and a record of a run.
fn with_drill() -> TempDir {
    let f = fixture("minimal");
    let drill = repo().join("tests/fixtures/drill");
    std::fs::create_dir_all(f.path().join("exercises/records")).unwrap();
    std::fs::copy(
        drill.join("exercise.yaml"),
        f.path().join("exercises/drill.yaml"),
    )
    .unwrap();
    std::fs::copy(
        drill.join("record.yaml"),
        f.path().join("exercises/records/drill-2026-11-02.yaml"),
    )
    .unwrap();
    f
}

#[test]
fn export_and_report_replace_only_their_own_files_unless_forced() {
    let f = with_drill();
    let record = "exercises/records/drill-2026-11-02.yaml";
    let export = |out: &str, force: bool| {
        let mut args = vec!["export", "--out", out];
        if force {
            args.push("--force");
        }
        run_timed(f.path(), &args)
    };
    let report = |out: &str, force: bool| {
        let mut args = vec!["exercise", "report", record, "--out", out];
        if force {
            args.push("--force");
        }
        run_timed(f.path(), &args)
    };
    type Run<'a> = &'a dyn Fn(&str, bool) -> Output;
    for (name, write, opening) in [
        ("scheme.json", &export as Run, "{\n  \"edition\""),
        ("report.html", &report as Run, "<!doctype html>"),
    ] {
        let p = f.path().join(name);
        std::fs::write(&p, "my own notes\n").unwrap();
        let o = write(name, false);
        assert!(
            !o.status.success(),
            "{name}: a foreign file was overwritten"
        );
        assert!(
            stderr(&o).contains("refusing to overwrite") && stderr(&o).contains("--force"),
            "{name}: {}",
            stderr(&o)
        );
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "my own notes\n");
        // --force replaces it; the next run recognises its own file and replaces it.
        let o = write(name, true);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        let first = std::fs::read_to_string(&p).unwrap();
        assert!(
            first.to_lowercase().starts_with(opening),
            "{name}: {first:.80}"
        );
        let o = write(name, false);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        assert_eq!(std::fs::read_to_string(&p).unwrap(), first);
        // A link is not written through, even with --force: the link itself is replaced.
        let target = f.path().join(format!("{name}.target"));
        std::fs::write(&target, "kept\n").unwrap();
        let link = format!("{name}.link");
        symlink(&target, f.path().join(&link)).unwrap();
        let o = write(&link, false);
        assert!(!o.status.success(), "{name}: wrote through a link");
        assert!(stderr(&o).contains("symbolic link"), "{}", stderr(&o));
        let o = write(&link, true);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "kept\n");
        assert!(!f.path().join(&link).is_symlink());
    }
    // One kind of output is not the other: an export does not replace a report.
    let o = export("report.html", false);
    assert!(!o.status.success(), "an export replaced a report");
    let leftovers: Vec<_> = std::fs::read_dir(f.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("irbook-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
