//! Contact exports (vCard 4.0, CSV) and the JSON export, all built from the edition's view.

use crate::edition::html::JSON_ROOT_MARK;
use crate::edition::view::{ChannelView, PartyView, PersonView, SiteView};
use crate::model::ChannelKind;
use crate::render::replace::Replace;

/// Escapes a vCard property value (RFC 6350 section 3.4).
fn vescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets without splitting a UTF-8 character (RFC 6350 3.2).
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// A quoted vCard parameter value: `"`, `^` and line breaks caret-encoded (RFC 6868),
/// other control characters dropped, so a label can neither end the parameter nor start
/// a property of its own on a new line.
fn vparam(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '^' => out.push_str("^^"),
            '"' => out.push_str("^'"),
            '\n' => out.push_str("^n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The channel's link, if it has one of this scheme: the same allowlisted `href` the
/// pages link to (`tel:` digits, `mailto:` an address, `http(s)://` a web address), never
/// the value as written.
fn link<'c>(c: &'c ChannelView, scheme: &str) -> Option<&'c str> {
    c.href.as_deref().filter(|h| h.starts_with(scheme))
}

/// A channel's vCard properties. Only a channel the pages make a link of becomes a
/// property that clients open (`TEL` as a URI, `EMAIL`, `URL`), from the same `href`;
/// anything else is shown as text, so a `javascript:` web address is never a link here
/// either.
fn channel_lines(channels: &[ChannelView], lines: &mut Vec<String>) {
    let mut notes = Vec::new();
    for c in channels {
        let label = c
            .label
            .as_deref()
            .map(|l| format!(";LABEL={}", vparam(l)))
            .unwrap_or_default();
        match c.kind {
            ChannelKind::Phone | ChannelKind::Mobile | ChannelKind::Pager | ChannelKind::Sms => {
                let kind = match c.kind {
                    ChannelKind::Mobile => "cell,voice",
                    ChannelKind::Pager => "pager",
                    ChannelKind::Sms => "text",
                    _ => "work,voice",
                };
                match link(c, "tel:") {
                    Some(uri) => lines.push(format!("TEL;VALUE=uri;TYPE=\"{kind}\"{label}:{uri}")),
                    None => lines.push(format!(
                        "TEL;VALUE=text;TYPE=\"{kind}\"{label}:{}",
                        vescape(&c.value)
                    )),
                }
            }
            ChannelKind::Email if link(c, "mailto:").is_some() => lines.push(format!(
                "EMAIL;TYPE=work{label}:{}",
                vescape(c.value.trim())
            )),
            ChannelKind::Web => match link(c, "https://").or_else(|| link(c, "http://")) {
                Some(url) => lines.push(format!("URL{label}:{}", vescape(url))),
                None => notes.push(format!("{}: {}", c.kind_label, c.value)),
            },
            _ => notes.push(format!("{}: {}", c.kind_label, c.value)),
        }
    }
    if !notes.is_empty() {
        lines.push(format!("NOTE:{}", vescape(&notes.join("\n"))));
    }
}

fn card(lines: Vec<String>) -> String {
    let mut out = String::new();
    fold("BEGIN:VCARD", &mut out);
    fold("VERSION:4.0", &mut out);
    for l in lines {
        fold(&l, &mut out);
    }
    fold("END:VCARD", &mut out);
    out
}

/// A vCard for one person, with only the channels the edition shows.
pub(crate) fn vcard_person(p: &PersonView, organisation: &str) -> String {
    let mut words: Vec<&str> = p.name.split_whitespace().collect();
    let family = words.pop().unwrap_or_default();
    let mut lines = vec![
        "KIND:individual".to_owned(),
        format!("FN:{}", vescape(&p.name)),
        format!("N:{};{};;;", vescape(family), vescape(&words.join(" "))),
        format!("ORG:{}", vescape(organisation)),
    ];
    if let Some(t) = &p.title {
        lines.push(format!("TITLE:{}", vescape(t)));
    }
    let roles: Vec<&str> = p.roles.iter().filter_map(|r| r.name.as_deref()).collect();
    if !roles.is_empty() {
        lines.push(format!("ROLE:{}", vescape(&roles.join(", "))));
    }
    channel_lines(&p.channels, &mut lines);
    lines.push(format!("UID:urn:irbook:person:{}", p.id));
    card(lines)
}

/// A vCard for one external party.
pub(crate) fn vcard_party(p: &PartyView) -> String {
    let mut lines = vec![
        "KIND:org".to_owned(),
        format!("FN:{}", vescape(&p.name)),
        format!("ORG:{}", vescape(&p.name)),
        format!("CATEGORIES:{}", vescape(p.kind)),
    ];
    channel_lines(&p.channels, &mut lines);
    if let Some(r) = &p.reference {
        lines.push(format!("NOTE:{}", vescape(&format!("Reference: {r}"))));
    }
    lines.push(format!("UID:urn:irbook:party:{}", p.id));
    card(lines)
}

/// One vCard file holding the whole directory of the edition.
pub(crate) fn vcard_directory(view: &SiteView) -> String {
    let mut out = String::new();
    for p in &view.people {
        out.push_str(&vcard_person(p, &view.organisation));
    }
    for p in &view.parties {
        out.push_str(&vcard_party(p));
    }
    out
}

/// Is `s` a phone number as people write them: an optional leading `+`, then digits,
/// spaces and `-()./` only, with at least one digit? A spreadsheet that reads one as a
/// formula can only do arithmetic with it: no function, no link, no command.
fn phone_number(s: &str) -> bool {
    let rest = s.strip_prefix('+').unwrap_or(s);
    !rest.starts_with('-')
        && rest.bytes().any(|b| b.is_ascii_digit())
        && rest
            .bytes()
            .all(|b| b.is_ascii_digit() || b" -()./".contains(&b))
}

/// Does a spreadsheet read `s` as a formula? When its first character, after any
/// whitespace, is `=`, `+`, `-` or `@` (or the full-width forms some spreadsheets also
/// accept), or it starts with a tab or a carriage return.
fn formula_like(s: &str) -> bool {
    if s.starts_with(['\t', '\r']) {
        return true;
    }
    s.trim_start().starts_with([
        '=', '+', '-', '@', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
    ])
}

/// Quotes a CSV field when needed (RFC 4180) and defuses spreadsheet formulas: a value
/// that would run as a formula gets a leading `'`, unless it is a phone number.
fn cell(s: &str) -> String {
    let risky = formula_like(s) && !phone_number(s);
    let s = if risky { format!("'{s}") } else { s.to_owned() };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn join_channels(channels: &[ChannelView], kinds: &[ChannelKind]) -> String {
    channels
        .iter()
        .filter(|c| kinds.contains(&c.kind))
        .map(|c| c.value.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The improvement register as CSV: one row per item, soonest due first.
pub(crate) fn register_csv(r: &crate::edition::view::incidents::RegisterView) -> String {
    let mut out = String::from(
        "due,status,overdue,owner,corrective_action,area_for_improvement,source_kind,source,source_date,start,agreed,verified,step\r\n",
    );
    for i in &r.items {
        let status = match i.status {
            crate::model::exercise::Status::Proposed => "proposed",
            crate::model::exercise::Status::Open => "open",
            crate::model::exercise::Status::InProgress => "in-progress",
            crate::model::exercise::Status::Done => "done",
        };
        let row = [
            i.due.as_str(),
            status,
            if i.overdue { "yes" } else { "no" },
            i.responsible.name.as_deref().unwrap_or("restricted"),
            &i.corrective_action,
            &i.area_for_improvement,
            i.kind,
            &i.source,
            &i.source_date,
            &i.start,
            if i.agreed { "yes" } else { "no" },
            i.verified.as_deref().unwrap_or(""),
            i.step.as_ref().map_or("", |s| s.reference.as_str()),
        ];
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The directory as CSV: one row per person and per external party.
pub(crate) fn csv(view: &SiteView) -> String {
    let mut out = String::from(
        "type,id,name,title_or_kind,roles,backups,phone,mobile,email,other,last_verified\r\n",
    );
    let names = |refs: &[crate::edition::view::Ref]| {
        refs.iter()
            .filter_map(|r| r.name.as_deref())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let other = |c: &[ChannelView]| {
        c.iter()
            .filter(|c| {
                !matches!(
                    c.kind,
                    ChannelKind::Phone | ChannelKind::Mobile | ChannelKind::Email
                )
            })
            .map(|c| format!("{}: {}", c.kind_label, c.value))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut row = |fields: [String; 11]| {
        let cells: Vec<String> = fields.iter().map(|f| cell(f)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    for p in &view.people {
        row([
            "person".into(),
            p.id.to_string(),
            p.name.clone(),
            p.title.clone().unwrap_or_default(),
            names(&p.roles),
            names(&p.backups),
            join_channels(&p.channels, &[ChannelKind::Phone]),
            join_channels(&p.channels, &[ChannelKind::Mobile]),
            join_channels(&p.channels, &[ChannelKind::Email]),
            other(&p.channels),
            p.last_verified.clone().unwrap_or_default(),
        ]);
    }
    for p in &view.parties {
        row([
            "party".into(),
            p.id.to_string(),
            p.name.clone(),
            p.kind.to_owned(),
            String::new(),
            String::new(),
            join_channels(&p.channels, &[ChannelKind::Phone]),
            join_channels(&p.channels, &[ChannelKind::Mobile]),
            join_channels(&p.channels, &[ChannelKind::Email]),
            other(&p.channels),
            p.last_verified.clone().unwrap_or_default(),
        ]);
    }
    out
}

/// Writes [`json`] into `w` without building it in memory first (it is the size of the
/// whole edition). The same bytes: pretty JSON with every escaped root mark removed.
pub(crate) fn write_json(view: &SiteView, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    // Buffered before the replacement, so that it works on large blocks.
    let out = Replace::new(w, JSON_ROOT_MARK, b"");
    let mut buf = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut buf, view).map_err(std::io::Error::other)?;
    let w = buf.into_inner().map_err(|e| e.into_error())?.finish()?;
    w.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edition::view::Ref;
    use crate::model::Id;

    fn chan(kind: ChannelKind, value: &str, href: Option<&str>) -> ChannelView {
        ChannelView {
            kind,
            kind_label: kind.label(),
            value: value.into(),
            label: None,
            use_when: None,
            href: href.map(Into::into),
        }
    }

    fn person(name: &str) -> PersonView {
        PersonView {
            id: Id::parse("p").unwrap(),
            anchor: "person-p".into(),
            name: name.into(),
            title: Some("Head of Ops, North; \"Depots\"".into()),
            roles: vec![Ref {
                name: Some("Lead".into()),
                href: None,
            }],
            backups: vec![],
            channels: vec![
                chan(
                    ChannelKind::Phone,
                    "+44 20 7946 0011",
                    Some("tel:+442079460011"),
                ),
                chan(
                    ChannelKind::Email,
                    "zoë@example.org",
                    Some("mailto:zoë@example.org"),
                ),
                chan(ChannelKind::InPerson, "Room 2,\nBlock B", None),
            ],
            last_verified: Some("2026-10-01".into()),
            search_terms: vec![],
        }
    }

    #[test]
    fn vcard_escapes_and_folds() {
        let v = vcard_person(&person("Zoë Ó Briain-Łukasz"), "Acme, Inc; Ltd");
        assert!(v.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\n"));
        assert!(v.contains("FN:Zoë Ó Briain-Łukasz\r\n"));
        assert!(v.contains("N:Briain-Łukasz;Zoë Ó;;;\r\n"));
        assert!(v.contains("ORG:Acme\\, Inc\\; Ltd\r\n"));
        assert!(v.contains("TITLE:Head of Ops\\, North\\; \"Depots\"\r\n"));
        assert!(v.contains("TEL;VALUE=uri;TYPE=\"work,voice\":tel:+442079460011\r\n"));
        assert!(v.contains("NOTE:In person: Room 2\\,\\nBlock B"));
        for line in v.split("\r\n") {
            assert!(line.len() <= 75, "line over 75 octets: {line}");
        }
        let long = vcard_person(&person(&"Ä".repeat(60)), "X");
        let unfolded = long.replace("\r\n ", "");
        assert!(
            unfolded.contains(&format!("FN:{}\r\n", "Ä".repeat(60))),
            "folding must not split characters"
        );
    }

    #[test]
    fn vcards_link_only_what_the_pages_link() {
        let mut p = person("Ann Example");
        p.channels = vec![
            chan(ChannelKind::Web, "javascript:alert(1)", None),
            chan(ChannelKind::Web, "JavaScript:alert(2)", None),
            chan(ChannelKind::Web, "data:text/html,x", None),
            chan(
                ChannelKind::Web,
                "https://report.example/form",
                Some("https://report.example/form"),
            ),
            chan(ChannelKind::Email, "javascript:alert(3)", None),
            chan(
                ChannelKind::Email,
                "ann@example.org",
                Some("mailto:ann@example.org"),
            ),
            chan(ChannelKind::Phone, "ask the desk", None),
        ];
        let v = vcard_person(&p, "X").replace("\r\n ", "");
        let props: Vec<&str> = v.split("\r\n").collect();
        assert!(props.contains(&"URL:https://report.example/form"), "{v}");
        assert!(props.contains(&"EMAIL;TYPE=work:ann@example.org"), "{v}");
        assert!(
            props.contains(&"TEL;VALUE=text;TYPE=\"work,voice\":ask the desk"),
            "{v}"
        );
        assert_eq!(
            props.iter().filter(|l| l.starts_with("URL")).count(),
            1,
            "{v}"
        );
        assert_eq!(props.iter().filter(|l| l.starts_with("EMAIL")).count(), 1);
        // The others are kept, as text only.
        let note = props.iter().find(|l| l.starts_with("NOTE:")).unwrap();
        for text in [
            "javascript:alert(1)",
            "alert(2)",
            "data:text/html",
            "alert(3)",
        ] {
            assert!(note.contains(text), "{text} not in {note}");
        }
        for l in &props {
            assert!(
                l.starts_with("NOTE:") || !l.to_lowercase().contains("javascript"),
                "{l}"
            );
        }
        // The same holds for parties.
        let party = PartyView {
            id: Id::parse("x").unwrap(),
            anchor: "party-x".into(),
            name: "CERT".into(),
            kind: "CERT",
            when_html: None,
            for_severity: vec![],
            for_playbooks: vec![],
            response_time: None,
            reporting_deadline: None,
            reference: None,
            channels: vec![chan(ChannelKind::Web, "javascript:alert(4)", None)],
            last_verified: None,
            search_terms: vec![],
        };
        let v = vcard_party(&party);
        assert!(
            !v.contains("URL") && v.contains("NOTE:Web: javascript:alert(4)"),
            "{v}"
        );
    }

    #[test]
    fn vcard_labels_cannot_start_a_property() {
        let mut p = person("Ann Example");
        let mut c = chan(ChannelKind::Phone, "+44 1", Some("tel:+441"));
        c.label = Some("desk\"\r\nURL:javascript:alert(1)\n^".into());
        p.channels = vec![c];
        let v = vcard_person(&p, "X").replace("\r\n ", "");
        assert!(
            v.contains("TEL;VALUE=uri;TYPE=\"work,voice\";LABEL=\"desk^'^nURL:javascript:alert(1)^n^^\":tel:+441\r\n"),
            "{v}"
        );
        assert!(!v.split("\r\n").any(|l| l.starts_with("URL")), "{v}");
    }

    #[test]
    fn csv_quotes_and_defuses() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell("semi;colon"), "semi;colon");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("Zoë Łukasz"), "Zoë Łukasz");
    }

    #[test]
    fn csv_keeps_phone_numbers_and_defuses_every_other_formula() {
        // Phone numbers as people write them stay exactly as written.
        for phone in [
            "+44 20 7946 0011",
            "+44 (0)20 7946 0011",
            "+1 (555) 010-0199",
            "+49 30 1234-567",
            "+33.1.23.45.67.89",
            "+1/555/0100",
        ] {
            assert_eq!(cell(phone), phone);
        }
        // The attack review's cells, and other formulas: defused with a leading quote.
        for (value, out) in [
            ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            (
                "+ 1+HYPERLINK(\"http://x\")",
                "\"'+ 1+HYPERLINK(\"\"http://x\"\")\"",
            ),
            ("-1", "'-1"),
            ("+1+1", "'+1+1"),
            ("-(1)", "'-(1)"),
            ("+", "'+"),
            ("=1+1", "'=1+1"),
            ("@SUM(1)", "'@SUM(1)"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "\"'\r=1+1\""),
            ("  =1+1", "'  =1+1"),
            ("\u{ff1d}1+1", "'\u{ff1d}1+1"),
            ("+44 20 7946 0011 ext. 12", "'+44 20 7946 0011 ext. 12"),
        ] {
            assert_eq!(cell(value), out, "{value:?}");
        }
        // Text that only contains those characters later is left alone.
        assert_eq!(cell("Call +44 20 7946 0011"), "Call +44 20 7946 0011");
        assert_eq!(cell("a-b@c.example"), "a-b@c.example");
    }
}
