//! The optional playbook fields of issue 18: a playbook using every one of them checks
//! clean, and a mistake in each reference they make is reported where it is written.

use crate::common::*;
use std::path::Path;
use std::process::Command;

/// Puts the fixture's playbook (`good.yaml` or `bad.yaml`), tools inventory and attached
/// file into a copy of the `minimal` scheme.
fn scheme(playbook: &str) -> TempDir {
    let f = fixture("minimal");
    let src = repo().join("tests/fixtures/playbook-fields");
    let put = |from: &str, to: &str| {
        let to = f.path().join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(src.join(from), to).unwrap();
    };
    put(playbook, "content/playbooks/spread.yaml");
    put("tools.yaml", "content/tools.yaml");
    put("hunt.sql", "content/files/hunt.sql");
    f
}

fn check_json(dir: &Path) -> Vec<serde_json::Value> {
    let o = Command::new(bin())
        .args(["check", "--format", "json"])
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1795478400")
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_playbook_using_every_new_field_checks_clean() {
    let f = scheme("good.yaml");
    // The tools inventory's own mistakes are the other test's.
    let tools = f.path().join("content/tools.yaml");
    let text = std::fs::read_to_string(&tools).unwrap();
    let text = text.replace("owner: nobody", "owner: lead");
    std::fs::write(
        &tools,
        text.replace("location_audience: everyone", "location_audience: staff"),
    )
    .unwrap();
    let diags = check_json(f.path());
    // The fixture's playbook has two phases only: W0307 says so, and nothing else is said.
    assert!(diags.iter().all(|d| d["code"] == "W0307"), "{diags:#?}");
    // The attachment is published, byte for byte, where the playbook is seen (the team
    // edition: the playbook is team-only), and the summary's link to it leads there.
    build_ok(f.path());
    let isirt = f.path().join("public/isirt");
    assert_eq!(
        std::fs::read(isirt.join("files/hunt.sql")).unwrap(),
        std::fs::read(f.path().join("content/files/hunt.sql")).unwrap()
    );
    let page = std::fs::read_to_string(isirt.join("playbooks/spread.html")).unwrap();
    assert!(
        page.contains("href=\"../files/hunt.sql\">the hunting query</a>"),
        "{page}"
    );
    assert!(!f.path().join("public/staff/files").exists());
    // A file nobody attaches is not published, so a link to it is broken.
    std::fs::write(f.path().join("content/files/loose.txt"), "x").unwrap();
    let pb = f.path().join("content/playbooks/spread.yaml");
    let text = std::fs::read_to_string(&pb).unwrap();
    std::fs::write(&pb, text.replace("../files/hunt.sql", "../files/loose.txt")).unwrap();
    let diags = check_json(f.path());
    assert!(diags.iter().any(|d| d["code"] == "E0112"), "{diags:#?}");
}

#[test]
fn every_reference_of_the_new_fields_is_checked_where_it_is_written() {
    let f = scheme("bad.yaml");
    let irbook = f.path().join("irbook.yaml");
    let mut cfg = std::fs::read_to_string(&irbook).unwrap();
    cfg.push_str("classification:\n  AMBER: [isirt, board]\n");
    std::fs::write(&irbook, cfg).unwrap();
    let diags = check_json(f.path());
    let pb = "content/playbooks/spread.yaml";
    let want: &[(&str, &str, &str, usize)] = &[
        ("E0102", pb, "leed", 0),
        ("E0138", pb, "RED", 0),
        ("E0106", pb, "flod", 0),
        ("E0139", pb, "T1566.009", 0),
        ("E0139", pb, "t1486", 0),
        ("E0139", pb, "Phishing", 0),
        ("E0139", pb, "T9999", 0),
        ("E0139", pb, "RS.MX", 0),
        ("E0139", pb, "ID.AM-06", 0),
        ("E0139", pb, "\"clause six\"", 0),
        ("E0136", pb, "siem", 0),
        ("E0140", pb, "content/files/hunt.sq", 0),
        ("E0140", pb, "content/../secrets.txt", 0),
        ("E0102", pb, "boss", 0),
        ("E0102", pb, "legal", 0),
        ("E0137", pb, "scope]", 0),
        ("E0122", pb, "scoop", 0),
        ("E0127", pb, "data-taken", 0),
        ("E0102", "content/tools.yaml", "nobody", 0),
        ("E0109", "content/tools.yaml", "everyone", 0),
        ("E0109", "irbook.yaml", "board", 0),
    ];
    let mut missing = Vec::new();
    for (code, file, needle, n) in want {
        let text = std::fs::read_to_string(f.path().join(file)).unwrap();
        let (line, col) = crate::check::position(&text, needle, *n);
        let found = diags.iter().any(|d| {
            d["code"] == *code && d["file"] == *file && d["line"] == line && d["column"] == col
        });
        if !found {
            missing.push(format!("{code} {file}:{line}:{col} ({needle})"));
        }
    }
    assert!(
        missing.is_empty(),
        "not reported: {missing:#?}\ngot: {diags:#?}"
    );
    // Nothing else, but the fixture's own missing phases.
    let others: Vec<_> = diags.iter().filter(|d| d["code"] != "W0307").collect();
    assert_eq!(others.len(), want.len(), "{diags:#?}");
    let help = |needle: &str| {
        diags
            .iter()
            .find(|d| d["message"].as_str().unwrap().contains(needle))
            .and_then(|d| d["help"].as_str())
            .unwrap_or_default()
            .to_owned()
    };
    assert!(help("t1486").contains("`T1486`"), "{}", help("t1486"));
    assert!(help("Phishing").contains("`T1566`"), "{}", help("Phishing"));
    assert!(
        help("T1566.009").contains("`T1566`"),
        "{}",
        help("T1566.009")
    );
    assert!(help("scoop").contains("`scope`"), "{}", help("scoop"));
    assert!(
        help("hunt.sq").contains("content/files/hunt.sql"),
        "{}",
        help("hunt.sq")
    );
}

/// The example as it was before the new fields (`tests/fixtures/example-v1`, copied from
/// the commit the fields were added on) still checks clean and builds: old formats stay
/// valid.
#[test]
fn the_example_as_it_was_before_the_new_fields_checks_clean_and_builds() {
    let t = TempDir::new("example-v1");
    copy_dir(&repo().join("tests/fixtures/example-v1"), t.path());
    let o = Command::new(bin())
        .args(["check", "--format", "json"])
        .current_dir(t.path())
        .env("SOURCE_DATE_EPOCH", "1795478400")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    // Lints added since find what was wrong in the old example all along: the CISO was
    // also the ISIRT lead (W0323), and an agreed improvement item is past its due date
    // (W0332). Nothing else may be reported.
    let others: Vec<String> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter(|l| !l.contains("\"W0323\"") && !l.contains("\"W0332\""))
        .map(str::to_owned)
        .collect();
    assert!(others.is_empty(), "{others:#?}");
    build_ok(t.path());
    for ed in ["staff", "isirt"] {
        let index = t
            .path()
            .join("public")
            .join(ed)
            .join("playbooks/ransomware.html");
        assert!(index.is_file(), "{} not built", index.display());
    }
}

/// The flow diagram (the first inline SVG) of a built page.
fn diagram(page: &Path) -> String {
    let html = std::fs::read_to_string(page).unwrap();
    let start = html.find("<svg").expect("no diagram");
    let end = start + html[start..].find("</svg>").unwrap() + "</svg>".len();
    html[start..end].to_owned()
}

/// The description (text alternative) of a diagram.
fn desc(svg: &str) -> &str {
    let start = svg.find("<desc").unwrap();
    let start = start + svg[start..].find('>').unwrap() + 1;
    &svg[start..start + svg[start..].find("</desc>").unwrap()]
}

/// The example's ransomware playbook has a condition, gates, a branch and a loop: its
/// page's flow diagram draws each, and says each in its text alternative, in both editions.
#[test]
fn the_example_flow_diagram_shows_conditions_gates_branches_and_loops() {
    let t = example();
    build_ok(t.path());
    for ed in ["staff", "isirt"] {
        let page = t
            .path()
            .join("public")
            .join(ed)
            .join("playbooks/ransomware.html");
        let svg = diagram(&page);
        assert!(svg.contains("aria-labelledby=\"dg-pb-ransomware-title dg-pb-ransomware-desc\""));
        for drawn in [
            ">Take the first report</text>",
            r#"font-style="italic">if the attacker has made a demand</text>"#,
            ">only after step 4</text>",
            ">to step 7: Disconnect Harbourline from the",
            ">back to step 6 (loop): Yes, isolate it again</text>",
            ">must be done first (gate)</text>",
            ">loop back to an earlier step</text>",
        ] {
            assert!(svg.contains(drawn), "{ed}: {drawn} not drawn");
        }
        assert!(
            svg.contains("stroke-dasharray=\"5 3\"") && svg.contains("stroke-dasharray=\"2 3\"")
        );
        let d = desc(&svg);
        for said in [
            "Step 11, The ransom demand. Applies only if the attacker has made a demand.",
            "Only after step 4 (Take the first report).",
            "Choice “Disconnect Harbourline from the internet and the depot links” leads to step 7 (Protect the backups).",
            "Choice “Yes, isolate it again” loops back to step 6 (Cut the spread).",
        ] {
            let said = said.replace("Step 11", if ed == "staff" { "Step 10" } else { "Step 11" });
            assert!(d.contains(&said), "{ed}: {said} not said in\n{d}");
        }
    }
}

/// A team-only step's title and condition, and the gate it waits on, never reach the
/// staff edition's diagram, while the team's diagram shows them.
#[test]
fn a_team_only_step_never_reaches_the_staff_flow_diagram() {
    let f = fixture("canary");
    build_ok(f.path());
    let page = |ed: &str| {
        diagram(
            &f.path()
                .join("public")
                .join(ed)
                .join("playbooks/flood.html"),
        )
    };
    let (staff, isirt) = (page("staff"), page("isirt"));
    for canary in ["CANARY-STEPTITLE-3e88", "CANARY-STEPWHEN-9b14"] {
        assert!(isirt.contains(canary), "the team's diagram lacks {canary}");
        assert!(!staff.contains(canary), "the staff diagram shows {canary}");
        assert!(!desc(&staff).contains(canary));
    }
    // The hidden step's gate (it waits for `filter`) is drawn for the team only.
    assert!(isirt.contains("stroke-dasharray=\"5 3\"") && isirt.contains(">only after step"));
    assert!(!staff.contains("stroke-dasharray=\"5 3\"") && !staff.contains("only after"));
}
