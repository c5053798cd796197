//! The manifests of a package: `imsmanifest.xml` for SCORM 1.2 (IMS Content Packaging
//! 1.1.2 with ADL's `adlcp` extension) and for SCORM 2004 4th edition (IMS CP 1.1.4 with
//! `adlcp` 1.3 and IMS Simple Sequencing), and `tincan.xml` for xAPI.
//!
//! One organisation whose items are the path's steps in order, each its own SCO (its
//! launcher `irbook-item-N.html`, which shows the step's page), so the learning system
//! lists and tracks every page; the edition's files are one shared asset resource every
//! SCO depends on. A page reports itself completed when shown; the quiz is the assessed
//! item and carries the pass mark the learning system judges by: `adlcp:masteryscore`
//! (1.2) or its primary objective's `imsss:minNormalizedMeasure` (2004). In 2004 the
//! pages roll up into the course's completion only, the quiz into its completion, success
//! and score (`Version::item_extra`).

use super::{About, PackagePath};

/// `s` with XML's five special characters escaped.
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// `s` as the lowercase letters, digits and hyphens of an XML id.
pub(super) fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// The manifest's identifier: an XML `ID` (letters first), stable across exports.
fn identifier(path: &PackagePath, about: &About) -> String {
    format!(
        "irbook-{}-{}-{}",
        slug(about.organisation),
        about.edition,
        path.id
    )
}

fn files(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("      <file href=\"{}\"/>\n", escape(n)))
        .collect()
}

fn course_title(path: &PackagePath, about: &About) -> String {
    format!("{}: {}", about.organisation, path.title)
}

/// SCORM 1.2's `imscp_rootv1p1p2.xsd` allows a title of at most 200 characters.
const TITLE_MAX_12: usize = 200;

/// The two SCORM versions, as far as their manifests differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Version {
    /// SCORM 1.2: IMS CP 1.1.2, `adlcp_rootv1p2`.
    Scorm12,
    /// SCORM 2004 4th edition: IMS CP 1.1.4, `adlcp_v1p3`, IMS Simple Sequencing.
    Scorm2004,
}

impl Version {
    /// The root element's namespaces and schema locations.
    fn namespaces(self) -> &'static str {
        match self {
            Version::Scorm12 => {
                r#"  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd""#
            }
            Version::Scorm2004 => {
                r#"  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd""#
            }
        }
    }

    /// `title` as an escaped `<title>` of this version: cut to 1.2's 200 characters (with
    /// an ellipsis), whole in 2004, whose `titleType` has no limit.
    fn title(self, title: &str) -> String {
        if self == Version::Scorm12 && title.chars().count() > TITLE_MAX_12 {
            let cut: String = title.chars().take(TITLE_MAX_12 - 1).collect();
            return escape(&format!("{}\u{2026}", cut.trim_end()));
        }
        escape(title)
    }

    fn schemaversion(self) -> &'static str {
        match self {
            Version::Scorm12 => "1.2",
            Version::Scorm2004 => "2004 4th Edition",
        }
    }

    /// The resource attribute saying SCO or asset (its case differs between versions).
    fn scorm_type(self) -> &'static str {
        match self {
            Version::Scorm12 => "adlcp:scormtype",
            Version::Scorm2004 => "adlcp:scormType",
        }
    }

    /// What follows the title of an item: for the assessed item the pass mark; in 2004 a
    /// page's rollup leaves the course's success and score to the quiz (it still counts
    /// towards completion), so the course is satisfied exactly when the quiz is.
    fn item_extra(self, assessed: bool, pass_mark: u8) -> String {
        match (self, assessed) {
            (Version::Scorm12, true) => {
                format!("        <adlcp:masteryscore>{pass_mark}</adlcp:masteryscore>\n")
            }
            (Version::Scorm12, false) => String::new(),
            (Version::Scorm2004, true) => format!(
                r#"        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="pass-mark" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>{}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
        </imsss:sequencing>
"#,
                measure(pass_mark)
            ),
            (Version::Scorm2004, false) => r#"        <imsss:sequencing>
          <imsss:rollupRules rollupObjectiveSatisfied="false" objectiveMeasureWeight="0"/>
        </imsss:sequencing>
"#
            .into(),
        }
    }

    /// What follows the items of the organisation: in 2004 the learner may go through
    /// the items in order (flow, the learning system's Next) or pick one (choice).
    fn organization_extra(self) -> &'static str {
        match self {
            Version::Scorm12 => "",
            Version::Scorm2004 => {
                "      <imsss:sequencing>\n        <imsss:controlMode choice=\"true\" flow=\"true\"/>\n      </imsss:sequencing>\n"
            }
        }
    }
}

/// The identifier of step `n` (from 0)'s item; the launcher names it in navigation
/// requests.
pub(super) fn item_id(n: usize) -> String {
    format!("item-{}", n + 1)
}

/// `imsmanifest.xml` of `version`: one item per step of `path`, each launched by
/// `launchers[n]`, and the shared files `names` (the edition and the launcher's script).
pub(super) fn scorm(
    version: Version,
    path: &PackagePath,
    about: &About,
    launchers: &[String],
    names: &[String],
) -> String {
    let scorm_type = version.scorm_type();
    let mut items = String::new();
    let mut resources = String::new();
    for (n, (step, launch)) in path.steps.iter().zip(launchers).enumerate() {
        let item = item_id(n);
        let assessed = path.assessed == Some(n);
        items.push_str(&format!(
            "      <item identifier=\"{item}\" identifierref=\"res-{item}\" isvisible=\"true\">\n        <title>{}</title>\n{}      </item>\n",
            version.title(&step.title),
            version.item_extra(assessed, path.pass_mark),
        ));
        let launch = escape(launch);
        resources.push_str(&format!(
            "    <resource identifier=\"res-{item}\" type=\"webcontent\" {scorm_type}=\"sco\" href=\"{launch}\">\n      <file href=\"{launch}\"/>\n      <dependency identifierref=\"res-shared\"/>\n    </resource>\n"
        ));
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{id}" version="{manifest_version}"
{namespaces}>
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>{schemaversion}</schemaversion>
  </metadata>
  <organizations default="org-{pid}">
    <organization identifier="org-{pid}">
      <title>{title}</title>
{items}{organization_extra}    </organization>
  </organizations>
  <resources>
{resources}    <resource identifier="res-shared" type="webcontent" {scorm_type}="asset">
{files}    </resource>
  </resources>
</manifest>
"#,
        id = identifier(path, about),
        manifest_version = escape(about.version.unwrap_or("1")),
        namespaces = version.namespaces(),
        schemaversion = version.schemaversion(),
        pid = path.id,
        title = version.title(&course_title(path, about)),
        organization_extra = version.organization_extra(),
        files = files(names),
    )
}

/// A pass mark in percent as a normalized measure (0.0 to 1.0): `80` is `0.8`.
fn measure(pass: u8) -> String {
    let s = format!("{:.2}", f64::from(pass) / 100.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() { "0".into() } else { s.into() }
}

/// The `tincan.xml` of an xAPI package: one course activity, launched by the launcher.
pub(super) fn tincan(path: &PackagePath, about: &About) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<tincan xmlns="http://projecttincan.com/tincan.xsd">
  <activities>
    <activity id="{id}" type="http://adlnet.gov/expapi/activities/course">
      <name lang="en-GB">{title}</name>
      <description lang="en-GB">{description}</description>
      <launch lang="en-GB">{launch}</launch>
    </activity>
  </activities>
</tincan>
"#,
        id = escape(&super::activity_id(path, about)),
        title = escape(&course_title(path, about)),
        description = escape(&path.for_whom),
        launch = super::LAUNCH,
    )
}
