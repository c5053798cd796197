//! Browser tests: builds the example scheme, then runs `node --test` on tests/browser/*.test.mjs,
//! which open the site from file:// in Debian's Chromium through playwright-core and check
//! search, accessibility (axe-core), printing, reflow, keyboard use, the deadline calculator
//! (against due times computed here by irbook's clock engine: `deadlines.rs`), that
//! nothing is loaded from outside the site, and the learning-system packages inside a SCORM
//! runtime (scorm-again, from package-lock.json).
//!
//! Runs when IRBOOK_BROWSER=1, which `./test` sets after installing what it needs; a plain
//! `cargo test` says it skipped them. With IRBOOK_BROWSER=1 it needs Node.js 20+, `npm ci`
//! (playwright-core, @axe-core/playwright and scorm-again from package-lock.json) and Chromium
//! (`apt-get install -y chromium`, or set CHROMIUM to its path); a missing piece fails the
//! test with the command that installs it.
//! Screenshots and the binder PDF go to $IRBOOK_SCREENSHOTS, or to
//! target/tmp/browser-screenshots.

mod deadlines;

use crate::common::*;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The whole node run is stopped after this long. It takes three to four minutes on two
/// idle cores (every page of both editions is laid out at three widths); the margin is for
/// a machine shared with other work.
const LIMIT: Duration = Duration::from_secs(12 * 60);
/// Each test file is stopped after this long: on two cores shared with other work, the axe
/// file alone took 257 s of the 300 it had.
const FILE_LIMIT_MS: u32 = 480_000;

/// CHROMIUM when set, else `chromium` found on PATH (as `./test` looks for it), else
/// Debian's /usr/bin/chromium.
fn chromium() -> PathBuf {
    chromium_from(std::env::var_os("CHROMIUM"), std::env::var_os("PATH"))
}

/// [`chromium`] for the given values of CHROMIUM and PATH: an empty CHROMIUM counts as
/// unset, and on PATH only an executable file counts, as for `command -v` in `./test`.
fn chromium_from(chromium: Option<OsString>, path: Option<OsString>) -> PathBuf {
    if let Some(c) = chromium.filter(|v| !v.is_empty()) {
        return PathBuf::from(c);
    }
    path.iter()
        .flat_map(std::env::split_paths)
        .map(|d| d.join("chromium"))
        .find(|p| executable(p))
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

fn executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// The browser tests and `./test` find the same Chromium: `./test` installs one only when
/// `command -v chromium` finds none and CHROMIUM is unset, so the test must then find the
/// one `command -v` finds (not a non-executable file earlier on PATH, not only
/// /usr/bin/chromium). Runs without IRBOOK_BROWSER.
#[test]
fn chromium_is_found_where_test_script_looks() {
    use std::os::unix::fs::PermissionsExt;
    let t = TempDir::new("chromium-path");
    let (plain, exe) = (t.path().join("a"), t.path().join("b"));
    for (dir, mode) in [(&plain, 0o644), (&exe, 0o755)] {
        std::fs::create_dir_all(dir).unwrap();
        let file = dir.join("chromium");
        std::fs::write(&file, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let path = std::env::join_paths([&plain, &exe]).unwrap();
    let shell = Command::new("/bin/sh")
        .args(["-c", "command -v chromium"])
        .env("PATH", &path)
        .output()
        .unwrap();
    let found = String::from_utf8(shell.stdout).unwrap();
    assert_eq!(found.trim(), exe.join("chromium").to_str().unwrap());
    assert_eq!(
        chromium_from(None, Some(path.clone())),
        exe.join("chromium")
    );
    assert_eq!(
        chromium_from(Some("".into()), Some(path.clone())),
        exe.join("chromium"),
        "an empty CHROMIUM is unset, as `[ -z \"${{CHROMIUM:-}}\" ]` reads it"
    );
    assert_eq!(
        chromium_from(Some("/opt/c/chrome".into()), Some(path)),
        PathBuf::from("/opt/c/chrome")
    );
    assert_eq!(
        chromium_from(None, Some(plain.into_os_string())),
        PathBuf::from("/usr/bin/chromium")
    );
}

/// Everything the browser tests need, or a message naming the command that installs it.
fn check_prerequisites(root: &Path) -> Result<(), String> {
    let mut missing = Vec::new();
    match Command::new("node").arg("--version").output() {
        Ok(o) if o.status.success() => {
            let v = String::from_utf8_lossy(&o.stdout).trim().to_string();
            let major: u32 = v
                .trim_start_matches('v')
                .split('.')
                .next()
                .and_then(|m| m.parse().ok())
                .unwrap_or(0);
            if major < 20 {
                missing.push(format!(
                    "Node.js {v} is too old: the browser tests need Node.js 20 or newer"
                ));
            }
        }
        _ => missing.push("Node.js (`node`) is not on PATH: install Node.js 20 or newer".into()),
    }
    for pkg in ["playwright-core", "@axe-core/playwright", "scorm-again"] {
        if !root
            .join("node_modules")
            .join(pkg)
            .join("package.json")
            .is_file()
        {
            missing.push(format!(
                "node_modules/{pkg} is missing: run `npm ci` in {}",
                root.display()
            ));
        }
    }
    let chromium = chromium();
    if !chromium.is_file() {
        missing.push(format!(
            "no Chromium at {}: run `apt-get install -y chromium` (or set CHROMIUM to a Chromium binary)",
            chromium.display()
        ));
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(missing.join("\n  "))
    }
}

/// The test files, in name order (passed one by one: Node 20 and 22 differ on directories).
fn test_files(root: &Path) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root.join("tests/browser"))
        .expect("tests/browser exists")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".test.mjs"))
        .map(|n| format!("tests/browser/{n}"))
        .collect();
    files.sort();
    files
}

#[test]
fn site_works_in_a_browser() {
    if std::env::var("IRBOOK_BROWSER").as_deref() != Ok("1") {
        println!(
            "SKIPPED: the browser tests run with IRBOOK_BROWSER=1, which ./test sets after installing Chromium and the npm packages"
        );
        eprintln!("SKIPPED browser tests (set IRBOOK_BROWSER=1, or run ./test)");
        return;
    }
    let root = repo();
    if let Err(why) = check_prerequisites(&root) {
        panic!(
            "the browser tests cannot run:\n  {why}\nSet up with:\n  apt-get install -y chromium\n  npm ci"
        );
    }
    let files = test_files(&root);
    assert!(
        files.len() >= 4,
        "expected the browser tests under tests/browser/, found {files:?}"
    );

    let t = example();
    let started = Instant::now();
    build_ok(t.path());
    let site = t.path().join("public");
    assert!(site.join("staff/index.html").is_file());
    assert!(site.join("isirt/index.html").is_file());

    let shots = std::env::var_os("IRBOOK_SCREENSHOTS")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-screenshots");
            let _ = std::fs::remove_dir_all(&d);
            d
        });
    std::fs::create_dir_all(&shots).unwrap();
    eprintln!(
        "browser tests: site {}, screenshots {}",
        site.display(),
        shots.display()
    );

    // The tests' temporary files go to a folder of this run, checked below and removed
    // with the project copy.
    let tmp = t.path().join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    // What the deadline calculator must show, computed by irbook's clock engine.
    let cases = shots.join("deadline-cases.json");
    deadlines::write_cases(t.path(), &cases);
    // The depot path as SCORM 1.2 and 2004 packages, unzipped, for packages.test.mjs.
    let packages = t.path().join("packages");
    for (version, name) in [("1.2", "scorm12"), ("2004", "scorm2004")] {
        let zip = t.path().join(format!("{name}.zip"));
        let o = run(
            t.path(),
            &[
                "export",
                "scorm",
                "--learning-path",
                "depot",
                "--version",
                version,
                "--out",
                zip.to_str().unwrap(),
            ],
        );
        assert!(o.status.success(), "export scorm {version}: {}", stderr(&o));
        zip::extract(&std::fs::read(&zip).unwrap(), &packages.join(name));
    }

    let mut child = Command::new("node")
        .arg("--test")
        .arg("--test-reporter=spec")
        .arg("--test-concurrency=2")
        .arg(format!("--test-timeout={FILE_LIMIT_MS}"))
        .args(&files)
        .current_dir(&root)
        .env("IRBOOK_SITE", &site)
        .env("IRBOOK_BIN", bin())
        .env("IRBOOK_PROJECT", t.path())
        .env("IRBOOK_SCREENSHOTS", &shots)
        .env("IRBOOK_DEADLINE_CASES", &cases)
        .env("IRBOOK_PACKAGES", &packages)
        .env("CHROMIUM", chromium())
        .env("TMPDIR", &tmp)
        .env("NO_COLOR", "1")
        .env_remove("FORCE_COLOR")
        // playwright-core must never fetch a browser of its own.
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::inherit())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("node starts");
    let status = loop {
        if let Some(s) = child.try_wait().expect("waiting for node") {
            break s;
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "the browser tests did not finish within {} s",
                LIMIT.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    eprintln!(
        "browser tests took {:.1} s; screenshots and binder PDF in {}",
        started.elapsed().as_secs_f64(),
        shots.display()
    );
    assert!(
        status.success(),
        "browser tests failed ({status}); see the node test output above"
    );
    // What the tests make for themselves (the console's record folder) they remove.
    let left: Vec<String> = std::fs::read_dir(&tmp)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("irbook-"))
        .collect();
    assert!(
        left.is_empty(),
        "the browser tests left {left:?} in {}",
        tmp.display()
    );
}
