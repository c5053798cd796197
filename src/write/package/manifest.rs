//! The manifests of a package: `imsmanifest.xml` for SCORM 1.2 (IMS Content Packaging
//! 1.1.2 with ADL's `adlcp` extension) and for SCORM 2004 4th edition (IMS CP 1.1.4 with
//! `adlcp` 1.3 and IMS Simple Sequencing), and `tincan.xml` for xAPI.
//!
//! One organisation, one item: the path, launched as one SCO (the launcher), so that the
//! bookmark, the score and the session time of the whole path live in one set of run-time
//! data. The item carries the pass mark the learning system judges by: `adlcp:masteryscore`
//! (1.2) or the primary objective's `imsss:minNormalizedMeasure` (2004).

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
    escape(&format!("{}: {}", about.organisation, path.title))
}

/// SCORM 1.2's `imsmanifest.xml`.
pub(super) fn scorm12(path: &PackagePath, about: &About, names: &[String]) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{id}" version="{version}"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="org-{pid}">
    <organization identifier="org-{pid}">
      <title>{title}</title>
      <item identifier="item-{pid}" identifierref="res-{pid}" isvisible="true">
        <title>{path_title}</title>
        <adlcp:masteryscore>{pass}</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res-{pid}" type="webcontent" adlcp:scormtype="sco" href="{launch}">
{files}    </resource>
  </resources>
</manifest>
"#,
        id = identifier(path, about),
        version = escape(about.version.unwrap_or("1")),
        pid = path.id,
        title = course_title(path, about),
        path_title = escape(&path.title),
        pass = path.pass_mark,
        launch = super::LAUNCH,
        files = files(names),
    )
}

/// SCORM 2004 4th edition's `imsmanifest.xml`.
pub(super) fn scorm2004(path: &PackagePath, about: &About, names: &[String]) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{id}" version="{version}"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="org-{pid}">
    <organization identifier="org-{pid}">
      <title>{title}</title>
      <item identifier="item-{pid}" identifierref="res-{pid}" isvisible="true">
        <title>{path_title}</title>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="pass-mark" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>{measure}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
        </imsss:sequencing>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res-{pid}" type="webcontent" adlcp:scormType="sco" href="{launch}">
{files}    </resource>
  </resources>
</manifest>
"#,
        id = identifier(path, about),
        version = escape(about.version.unwrap_or("1")),
        pid = path.id,
        title = course_title(path, about),
        path_title = escape(&path.title),
        measure = measure(path.pass_mark),
        launch = super::LAUNCH,
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
        title = course_title(path, about),
        description = escape(&path.for_whom),
        launch = super::LAUNCH,
    )
}
