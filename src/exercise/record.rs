//! The run record as the live console writes it: a YAML header, then `events:` as the last
//! key, one flow-style line per event appended and flushed to disk as it happens.
//!
//! Each event is a single `write` of a whole line followed by `fsync`, so killing the
//! process at any moment leaves a file that parses, holding every event acknowledged.

use crate::model::exercise::Event;
use crate::model::{Date, Id};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;

/// Seconds since 1970 now, from the system clock.
pub(crate) fn wall_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// One event as a YAML flow mapping line (JSON is valid YAML flow syntax, and its string
/// escapes are YAML's), indented as an item of `events:`.
pub(crate) fn line(ev: &Event) -> String {
    let json = serde_json::to_string(ev).unwrap_or_else(|_| "{}".into());
    format!("  - {}\n", yaml_safe(&json))
}

/// A YAML double-quoted scalar for `s`.
fn quoted(s: &str) -> String {
    yaml_safe(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()))
}

/// Does YAML take `c` as it is inside a double-quoted scalar? JSON escapes only the C0
/// controls; YAML also refuses DEL, the C1 controls and U+FFFE/U+FFFF, and reads NEL,
/// U+2028 and U+2029 as line breaks in some versions, and U+FEFF as a byte order mark.
fn yaml_printable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7E}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// JSON text with every character YAML would refuse or misread written as an escape, so
/// whatever a facilitator pastes, the record parses back to the same text.
fn yaml_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        // JSON output holds no raw C0 controls; DEL and everything above ASCII need a look.
        if yaml_printable(c) {
            out.push(c);
        } else {
            out.push_str(&format!("\\u{:04X}", u32::from(c)));
        }
    }
    out
}

/// What the header of a new record says.
pub(crate) struct Header<'a> {
    /// Exercise id.
    pub exercise: &'a Id,
    /// Day of the run.
    pub date: Date,
    /// Roles present.
    pub team: &'a [Id],
    /// The evaluator logging (id, name).
    pub evaluator: (&'a Id, &'a str),
}

/// Creates the record at `path` with its header and first event, refusing to overwrite.
pub(crate) fn create(path: &Path, h: &Header, first: &Event) -> std::io::Result<File> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut f = OpenOptions::new()
        .append(true)
        .create_new(true)
        .open(path)?;
    let team: Vec<String> = h.team.iter().map(|t| t.to_string()).collect();
    let text = format!(
        "# A run of `{ex}`, recorded live by `irbook exercise run`.\n\
         # Events are appended below as they happen; keep `events:` the last key.\n\
         # After the run, add `ratings:`, `unplanned:` and `improvements:` above `events:`,\n\
         # then score it with `irbook exercise score {file}`.\n\
         exercise: {ex}\n\
         date: {date}\n\
         team: [{team}]\n\
         evaluators:\n  - id: {eid}\n    name: {ename}\n\
         events:\n{first}",
        ex = h.exercise,
        file = path.display(),
        date = h.date,
        team = team.join(", "),
        eid = h.evaluator.0,
        ename = quoted(h.evaluator.1),
        first = line(first),
    );
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    // The new directory entry must survive a crash too.
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(d) = File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(f)
}

/// Opens an existing record for appending, after checking that appending keeps it valid:
/// it ends with a whole line and its last item is an event.
pub(crate) fn reopen(path: &Path, text: &str) -> Result<File, String> {
    if !text.ends_with('\n') {
        let n = text.lines().count();
        return Err(format!(
            "{}:{n}: the last line is incomplete (the disk filled up or the machine lost power while writing?); delete or finish that line, then run again",
            path.display()
        ));
    }
    let last = text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    if !last.starts_with("  - {") {
        return Err(format!(
            "{}: the record does not end with its `events:` list, so the console cannot append to it; move `events:` and its lines back to the end of the file",
            path.display()
        ));
    }
    OpenOptions::new()
        .append(true)
        .open(path)
        .map_err(|e| format!("cannot open `{}` for appending: {e}", path.display()))
}

/// Appends one event and waits until it is on disk.
pub(crate) fn append(f: &mut File, ev: &Event) -> std::io::Result<()> {
    f.write_all(line(ev).as_bytes())?;
    f.sync_data()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::At;
    use crate::model::exercise::{EventKind, Outcome, Record};

    #[test]
    fn appended_record_parses_back() {
        let dir = std::env::temp_dir().join(format!("irbook-record-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("exercises/records/r.yaml");
        let id = Id::parse("drill").unwrap();
        let ev = |kind, note: Option<&str>| Event {
            t: 5,
            wall: 1_000,
            kind,
            inject: None,
            action: Some(At::unplaced(Id::parse("call-desk").unwrap())),
            outcome: Some(Outcome::NotMet),
            by: None,
            evaluator: None,
            note: note.map(Into::into),
        };
        let mut f = create(
            &path,
            &Header {
                exercise: &id,
                date: Date::parse("2026-11-24").unwrap(),
                team: &[Id::parse("desk").unwrap()],
                evaluator: (
                    &Id::parse("facilitator").unwrap(),
                    "Ann \"the\" Evaluator: #1",
                ),
            },
            &ev(EventKind::Start, None),
        )
        .unwrap();
        append(
            &mut f,
            &ev(
                EventKind::Mark,
                Some("said: \"no\" # not a comment\n\tüñí {}[]"),
            ),
        )
        .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let r: Record = crate::load::yaml::parse("r.yaml", &text).unwrap();
        assert_eq!(r.events.len(), 2);
        assert_eq!(r.evaluators[0].name, "Ann \"the\" Evaluator: #1");
        assert_eq!(
            r.events[1].note.as_deref(),
            Some("said: \"no\" # not a comment\n\tüñí {}[]")
        );
        assert!(reopen(&path, &text).is_ok());
        assert!(text.chars().all(|c| c == '\n' || yaml_printable(c)));
        assert!(reopen(&path, &text[..text.len() - 3]).is_err());
        assert!(
            create(
                &path,
                &Header {
                    exercise: &id,
                    date: Date::parse("2026-11-24").unwrap(),
                    team: &[],
                    evaluator: (&id, "x")
                },
                &ev(EventKind::Start, None)
            )
            .is_err(),
            "never overwrites"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Every Unicode scalar value, in notes and in the evaluator's name, parses back as
    /// written: pasted text can never make a record unreadable.
    #[test]
    fn every_code_point_round_trips() {
        let dir = std::env::temp_dir().join(format!("irbook-record-cp-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("r.yaml");
        let all: Vec<char> = (0..=0x10FFFFu32).filter_map(char::from_u32).collect();
        let notes: Vec<String> = all.chunks(8192).map(|c| c.iter().collect()).collect();
        let ev = |note: &str| Event {
            t: 1,
            wall: 1_000,
            kind: EventKind::Note,
            inject: None,
            action: None,
            outcome: None,
            by: None,
            evaluator: None,
            note: Some(note.to_owned()),
        };
        let id = Id::parse("drill").unwrap();
        let name: String = [
            '\u{7F}', '\u{92}', '\u{85}', '\u{FFFE}', '\u{FFFF}', '\u{FEFF}', '\u{2028}', '\u{0}',
            'é',
        ]
        .iter()
        .collect();
        let mut f = create(
            &path,
            &Header {
                exercise: &id,
                date: Date::parse("2026-11-24").unwrap(),
                team: &[],
                evaluator: (&id, &name),
            },
            &ev(&notes[0]),
        )
        .unwrap();
        for n in &notes[1..] {
            append(&mut f, &ev(n)).unwrap();
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let r: Record = crate::load::yaml::parse("r.yaml", &text)
            .unwrap_or_else(|d| panic!("{}:{}: {}", d.line, d.column, d.message));
        assert_eq!(r.evaluators[0].name, name);
        assert_eq!(r.events.len(), notes.len());
        for (e, n) in r.events.iter().zip(&notes) {
            assert_eq!(e.note.as_deref(), Some(n.as_str()));
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
