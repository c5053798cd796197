//! `irbook export scorm|xapi` and the learning paths of the example.
//!
//! The manifests are checked by hand-written rules taken from the SCORM schemas (the XSD
//! files are not shipped: their terms do not clearly allow it, see the README's "Learning
//! systems"; no `xmllint` is assumed either): IMS Content Packaging
//! 1.1.2 with ADL's `adlcp_rootv1p2.xsd` for SCORM 1.2, and IMS CP 1.1.4 with
//! `adlcp_v1p3.xsd` and IMS Simple Sequencing (`imsss_v1p0.xsd`) for SCORM 2004 4th
//! edition.

use crate::common::*;
use std::collections::{BTreeMap, BTreeSet};

/// An XML element: its qualified name, attributes, children and text.
#[derive(Debug, Default)]
struct El {
    name: String,
    attrs: BTreeMap<String, String>,
    children: Vec<El>,
    text: String,
}

impl El {
    fn kids(&self, name: &str) -> Vec<&El> {
        self.children.iter().filter(|c| c.name == name).collect()
    }
    fn one(&self, name: &str) -> &El {
        let k = self.kids(name);
        assert_eq!(k.len(), 1, "<{}> needs exactly one <{name}>", self.name);
        k[0]
    }
    fn attr(&self, a: &str) -> &str {
        self.attrs
            .get(a)
            .unwrap_or_else(|| panic!("<{}> needs the attribute {a}", self.name))
    }
    fn order(&self) -> Vec<&str> {
        self.children.iter().map(|c| c.name.as_str()).collect()
    }
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Parses well-formed XML without DTDs, comments or CDATA (what irbook writes): a stack of
/// open elements, each end tag matching its start tag.
fn parse(xml: &str) -> El {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .expect("the XML declaration, UTF-8");
    let mut stack: Vec<El> = vec![El::default()];
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        stack
            .last_mut()
            .unwrap()
            .text
            .push_str(&unescape(&rest[..lt]));
        let gt = rest[lt..].find('>').expect("tag closes") + lt;
        let tag = &rest[lt + 1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let el = stack.pop().unwrap();
            assert_eq!(el.name, name.trim(), "end tag matches its start tag");
            stack.last_mut().unwrap().children.push(el);
            continue;
        }
        let empty = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let (name, mut attrs_text) = tag.split_once(char::is_whitespace).unwrap_or((tag, ""));
        let mut el = El {
            name: name.to_owned(),
            ..El::default()
        };
        loop {
            attrs_text = attrs_text.trim_start();
            let Some(eq) = attrs_text.find("=\"") else {
                assert!(
                    attrs_text.is_empty(),
                    "stray text in <{name}>: {attrs_text}"
                );
                break;
            };
            let key = attrs_text[..eq].trim().to_owned();
            let close = attrs_text[eq + 2..].find('"').unwrap() + eq + 2;
            let value = unescape(&attrs_text[eq + 2..close]);
            assert!(
                el.attrs.insert(key.clone(), value).is_none(),
                "attribute {key} twice"
            );
            attrs_text = &attrs_text[close + 1..];
        }
        if empty {
            stack.last_mut().unwrap().children.push(el);
        } else {
            stack.push(el);
        }
    }
    assert!(rest.trim().is_empty());
    assert_eq!(stack.len(), 1, "every element is closed");
    let mut doc = stack.pop().unwrap();
    assert_eq!(doc.children.len(), 1, "one root element");
    doc.children.pop().unwrap()
}

/// xs:ID values: an NCName (a letter or `_` first, then letters, digits, `-`, `_`, `.`).
fn is_ncname(s: &str) -> bool {
    let mut c = s.chars();
    c.next()
        .is_some_and(|f| f.is_ascii_alphabetic() || f == '_')
        && c.all(|x| x.is_ascii_alphanumeric() || matches!(x, '-' | '_' | '.'))
}

/// Rules both SCORM versions share (imscp: `manifestType`, `organizationsType`,
/// `itemType`, `resourceType`, `fileType`, `dependencyType`): the parts in schema order,
/// identifiers unique xs:IDs, references resolving, every file of the zip listed and
/// present; and irbook's shape on top: one item per step in order, each launching its own
/// SCO (`scorm_type` `sco`, its launcher its one file, depending on the shared resource),
/// and the edition in one shared resource of `scorm_type` `asset`. Returns the items.
fn content_packaging<'a>(m: &'a El, files: &BTreeSet<String>, scorm_type: &str) -> Vec<&'a El> {
    assert_eq!(m.order(), ["metadata", "organizations", "resources"]);
    let mut ids = BTreeSet::new();
    let mut id = |v: &str| {
        assert!(is_ncname(v), "`{v}` is no xs:ID");
        assert!(ids.insert(v.to_owned()), "identifier `{v}` twice");
    };
    id(m.attr("identifier"));
    let orgs = m.one("organizations");
    let org = orgs.one("organization");
    assert_eq!(
        orgs.attr("default"),
        org.attr("identifier"),
        "default names an organization"
    );
    id(org.attr("identifier"));
    assert_eq!(
        org.children[0].name, "title",
        "an organization's title comes first"
    );
    assert!(!org.one("title").text.trim().is_empty());
    let resources = m.one("resources");
    let by_id: BTreeMap<&str, &El> = resources
        .kids("resource")
        .into_iter()
        .map(|r| (r.attr("identifier"), r))
        .collect();
    let items = org.kids("item");
    assert!(!items.is_empty(), "an organization has an item");
    for item in &items {
        id(item.attr("identifier"));
        assert_eq!(
            item.children[0].name, "title",
            "an item's title comes first"
        );
        assert!(!item.one("title").text.trim().is_empty());
        assert!(item.kids("item").is_empty(), "the steps are one level");
        let r = by_id
            .get(item.attr("identifierref"))
            .expect("every identifierref names a resource");
        assert_eq!(r.attr(scorm_type), "sco", "an item launches a SCO");
        // resourceType: file*, then dependency*.
        assert_eq!(r.order(), ["file", "dependency"]);
        assert_eq!(
            r.one("file").attr("href"),
            r.attr("href"),
            "the launcher is the SCO's file"
        );
        assert!(r.attr("href").starts_with("irbook-item-"));
        assert_eq!(r.one("dependency").attr("identifierref"), "res-shared");
    }
    let mut listed = BTreeSet::new();
    let mut launched = BTreeSet::new();
    for r in resources.kids("resource") {
        id(r.attr("identifier"));
        assert_eq!(r.attr("type"), "webcontent");
        match r.attr(scorm_type) {
            "sco" => {
                assert!(
                    files.contains(r.attr("href")),
                    "the launch file is in the package"
                );
                assert!(launched.insert(r.attr("href")), "one SCO per launcher");
            }
            "asset" => assert_eq!(r.attr("identifier"), "res-shared"),
            other => panic!("{scorm_type} is sco or asset, not {other}"),
        }
        for d in r.kids("dependency") {
            assert!(
                by_id.contains_key(d.attr("identifierref")),
                "a dependency names a resource"
            );
        }
        for f in r.kids("file") {
            assert!(
                files.contains(f.attr("href")),
                "{} is listed but not packed",
                f.attr("href")
            );
            assert!(
                listed.insert(f.attr("href").to_owned()),
                "{} listed twice",
                f.attr("href")
            );
        }
    }
    assert_eq!(launched.len(), items.len(), "every SCO is an item's");
    let unlisted: Vec<&String> = files
        .iter()
        .filter(|f| *f != "imsmanifest.xml" && !listed.contains(*f))
        .collect();
    assert!(unlisted.is_empty(), "packed but not listed: {unlisted:?}");
    items
}

/// The steps of `path` in the edition's `scheme.json` of a package: its titles in order.
fn step_titles(files: &BTreeMap<String, Vec<u8>>, path: &str) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_slice(&files["scheme.json"]).unwrap();
    let p = json["paths"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == path)
        .unwrap();
    p["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap().to_owned())
        .collect()
}

fn titles(items: &[&El]) -> Vec<String> {
    items.iter().map(|i| i.one("title").text.clone()).collect()
}

fn export(dir: &std::path::Path, args: &[&str]) -> (BTreeMap<String, Vec<u8>>, Vec<String>) {
    let o = run(dir, args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    let zip = std::fs::read(dir.join(args[args.len() - 1])).unwrap();
    let entries = zip::entries(&zip);
    let order = entries.iter().map(|(n, _)| n.clone()).collect();
    (entries.into_iter().collect(), order)
}

#[test]
fn scorm_12_manifest_follows_the_schema() {
    let t = example();
    let (files, order) = export(
        t.path(),
        &[
            "export",
            "scorm",
            "--learning-path",
            "depot",
            "--out",
            "d.zip",
        ],
    );
    assert_eq!(order[0], "imsmanifest.xml", "the manifest comes first");
    let m = parse(std::str::from_utf8(&files["imsmanifest.xml"]).unwrap());
    assert_eq!(m.name, "manifest");
    // imscp_rootv1p1p2.xsd's maxima: titleType 200 characters, href and identifierref 2000.
    let org = m.one("organizations").one("organization");
    for title in
        std::iter::once(org.one("title")).chain(org.kids("item").iter().map(|i| i.one("title")))
    {
        assert!(
            title.text.chars().count() <= 200,
            "title too long: {}",
            title.text
        );
    }
    for r in m.one("resources").kids("resource") {
        for f in r.kids("file") {
            assert!(f.attr("href").len() <= 2000);
        }
    }
    assert_eq!(
        m.attr("xmlns"),
        "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    );
    assert_eq!(
        m.attr("xmlns:adlcp"),
        "http://www.adlnet.org/xsd/adlcp_rootv1p2"
    );
    let meta = m.one("metadata");
    assert_eq!(meta.order(), ["schema", "schemaversion"]);
    assert_eq!(meta.one("schema").text, "ADL SCORM");
    assert_eq!(meta.one("schemaversion").text, "1.2");
    let names: BTreeSet<String> = files.keys().cloned().collect();
    let items = content_packaging(&m, &names, "adlcp:scormtype");
    // The depot path: three pages, then the quiz.
    assert_eq!(titles(&items), step_titles(&files, "depot"));
    assert_eq!(items.len(), 4);
    for page in &items[..3] {
        assert_eq!(page.order(), ["title"], "a page is no assessed item");
    }
    // adlcp_rootv1p2.xsd: masteryscore is a decimal from 0 to 100, after the title.
    assert_eq!(items[3].order(), ["title", "adlcp:masteryscore"]);
    assert_eq!(items[3].one("adlcp:masteryscore").text, "80");
    assert!(
        String::from_utf8_lossy(&files["irbook-item-4.html"])
            .contains(r#"src="awareness/path-depot/quiz.html""#)
    );
    assert!(names.contains("awareness/path-depot/step-1.html"));
    assert!(
        names.contains("assets/path.css"),
        "the phone layout is packed"
    );
}

#[test]
fn scorm_2004_manifest_follows_the_schema() {
    let t = example();
    let (files, _) = export(
        t.path(),
        &[
            "export",
            "scorm",
            "--version",
            "2004",
            "--learning-path",
            "managers",
            "--out",
            "m.zip",
        ],
    );
    // Exporting again writes the same bytes: the items, launchers and resources included.
    let first = std::fs::read(t.path().join("m.zip")).unwrap();
    let args = [
        "export",
        "scorm",
        "--version",
        "2004",
        "--learning-path",
        "managers",
        "--out",
        "m.zip",
    ];
    let o = run(t.path(), &args);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read(t.path().join("m.zip")).unwrap(), first);
    let m = parse(std::str::from_utf8(&files["imsmanifest.xml"]).unwrap());
    assert_eq!(m.attr("xmlns"), "http://www.imsglobal.org/xsd/imscp_v1p1");
    assert_eq!(
        m.attr("xmlns:adlcp"),
        "http://www.adlnet.org/xsd/adlcp_v1p3"
    );
    assert_eq!(m.attr("xmlns:imsss"), "http://www.imsglobal.org/xsd/imsss");
    assert_eq!(
        m.one("metadata").one("schemaversion").text,
        "2004 4th Edition"
    );
    let names: BTreeSet<String> = files.keys().cloned().collect();
    let items = content_packaging(&m, &names, "adlcp:scormType");
    assert_eq!(titles(&items), step_titles(&files, "managers"));
    let (quiz, pages) = items.split_last().unwrap();
    // imscp_v1p1 itemType: title first, then (##other) the sequencing of imsss_v1p0.xsd.
    for page in pages {
        assert_eq!(page.order(), ["title", "imsss:sequencing"]);
        // rollupRulesType's attributes: the page counts towards completion only, not
        // towards the course's success or score (objectiveMeasureWeight 0 to 1).
        let rollup = page.one("imsss:sequencing").one("imsss:rollupRules");
        assert_eq!(rollup.attr("rollupObjectiveSatisfied"), "false");
        assert_eq!(rollup.attr("objectiveMeasureWeight"), "0");
        assert!(!rollup.attrs.contains_key("rollupProgressCompletion"));
    }
    // organizationType: title, item+, then the organization's own sequencing; its
    // controlMode lets the learner go in order (flow) or pick an item (choice).
    let org = m.one("organizations").one("organization");
    assert_eq!(org.order().last(), Some(&"imsss:sequencing"));
    let control = org.one("imsss:sequencing").one("imsss:controlMode");
    assert_eq!(
        (control.attr("choice"), control.attr("flow")),
        ("true", "true")
    );
    let item = quiz;
    assert_eq!(item.order(), ["title", "imsss:sequencing"]);
    // sequencingType: objectives, nothing before it.
    assert_eq!(item.one("imsss:sequencing").order(), ["imsss:objectives"]);
    let primary = item
        .one("imsss:sequencing")
        .one("imsss:objectives")
        .one("imsss:primaryObjective");
    assert_eq!(primary.attr("satisfiedByMeasure"), "true");
    // minNormalizedMeasure: a decimal from -1 to 1; the managers' pass mark is 90%.
    assert_eq!(primary.one("imsss:minNormalizedMeasure").text, "0.9");
}

#[test]
fn xapi_package_has_its_activity_and_launcher() {
    let t = example();
    let (files, order) = export(t.path(), &["export", "xapi", "--out", "x.zip"]);
    assert_eq!(order[0], "tincan.xml");
    let m = parse(std::str::from_utf8(&files["tincan.xml"]).unwrap());
    let a = m.one("activities").one("activity");
    assert_eq!(
        a.attr("id"),
        "urn:irbook:harbourline-logistics-ltd:staff:new-starter"
    );
    assert_eq!(a.one("launch").text, "irbook-launch.html");
    assert!(files.contains_key("irbook-launch.html") && files.contains_key("irbook-lms.js"));
    // Exporting again writes the same bytes, and replaces its own earlier package.
    let first = std::fs::read(t.path().join("x.zip")).unwrap();
    let o = run(t.path(), &["export", "xapi", "--out", "x.zip"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read(t.path().join("x.zip")).unwrap(), first);
    // A file that is not irbook's is not overwritten.
    std::fs::write(t.path().join("mine.zip"), b"not a package").unwrap();
    let o = run(t.path(), &["export", "xapi", "--out", "mine.zip"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        std::fs::read(t.path().join("mine.zip")).unwrap(),
        b"not a package"
    );
}

#[test]
fn example_paths_and_pool() {
    let t = example();
    build_ok(t.path());
    let staff = t.path().join("public/staff/awareness");
    let read = |p: &str| std::fs::read_to_string(staff.join(p)).unwrap();
    let index = read("index.html");
    for p in ["path-new-starter", "path-depot", "path-managers"] {
        assert!(
            index.contains(&format!("{p}/index.html")),
            "{p} on the index"
        );
        assert!(staff.join(p).join("complete.html").is_file());
    }
    let quiz = read("path-depot/quiz.html");
    let questions = quiz.matches("<fieldset class=\"question\"").count();
    let topics: BTreeSet<&str> = quiz
        .split("data-topic=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert!(questions >= 25, "a pool of {questions}");
    assert!(topics.len() >= 6, "topics {topics:?}");
    assert!(quiz.contains("data-draw=\"6\""));
    assert!(read("path-managers/quiz.html").contains("data-pass=\"90\""));
    assert!(
        read("path-depot/step-1.html").contains("assets/path.css"),
        "depot is for phones"
    );
    assert!(!read("path-managers/step-1.html").contains("assets/path.css"));
    assert!(read("path-new-starter/complete.html").contains("mailto:training@harbourline.example"));
}

#[test]
fn a_scheme_without_paths_or_pools_gets_none_of_their_pages_or_assets() {
    let f = fixture("minimal");
    build_ok(f.path());
    let files = tree(&f.path().join("public/staff"));
    for name in files.keys() {
        assert!(
            !name.contains("path-") && !name.ends_with("path.js"),
            "{name}"
        );
    }
    for (name, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("data-topic") && !text.contains("\"paths\""),
            "{name}"
        );
    }
}
