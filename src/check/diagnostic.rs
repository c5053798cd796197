//! Diagnostics: what is wrong, where, and how to fix it, printed rustc-style or as JSON.

use super::shown;
use crate::model::{At, Id, Pos};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The site would be wrong; nothing is built.
    Error,
    /// Worth fixing; the build goes on.
    Warning,
}

/// A stable rule code with its short name, e.g. `E0102 unknown-role`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Code {
    /// The code, e.g. `E0102`.
    pub code: &'static str,
    /// The rule name, e.g. `unknown-role`.
    pub name: &'static str,
}

macro_rules! codes {
    ($($konst:ident = $code:literal $name:literal;)*) => {
        $(
            #[doc = concat!("`", $code, " ", $name, "`")]
            pub const $konst: Code = Code { code: $code, name: $name };
        )*
        /// Every rule code, for documentation and configuration.
        pub const ALL_CODES: &[Code] = &[$($konst),*];
    };
}

codes! {
    UNREADABLE = "E0001" "unreadable-file";
    YAML_SYNTAX = "E0002" "yaml-syntax";
    INVALID_VALUE = "E0003" "invalid-value";
    UNKNOWN_FIELD = "E0004" "unknown-field";
    MISSING_FIELD = "E0005" "missing-field";
    DUPLICATE_KEY = "E0006" "duplicate-key";
    FRONT_MATTER = "E0007" "front-matter";
    MISSING_FILE = "E0008" "missing-file";
    YAML_LIMIT = "E0009" "yaml-limit";
    UNSAFE_PATH = "E0010" "unsafe-path";
    DUPLICATE_ID = "E0101" "duplicate-id";
    UNKNOWN_ROLE = "E0102" "unknown-role";
    UNKNOWN_PERSON = "E0103" "unknown-person";
    UNKNOWN_PARTY = "E0104" "unknown-party";
    UNKNOWN_SEVERITY = "E0105" "unknown-severity";
    UNKNOWN_PLAYBOOK = "E0106" "unknown-playbook";
    UNKNOWN_CATEGORY = "E0107" "unknown-incident-category";
    UNKNOWN_IMPACT = "E0108" "unknown-impact-category";
    UNKNOWN_AUDIENCE = "E0109" "unknown-audience";
    UNKNOWN_PHASE = "E0110" "unknown-phase";
    SELF_BACKUP = "E0111" "self-backup";
    BROKEN_LINK = "E0112" "broken-link";
    PATH_COLLISION = "E0113" "path-collision";
    AUDIENCE_MARKER = "E0114" "audience-marker";
    PHASE_ORDER = "E0115" "phase-order";
    CHOICES = "E0116" "field-choices";
    TEMPLATE = "E0201" "template";
    UNKNOWN_TOPIC = "E0117" "unknown-policy-topic";
    UNKNOWN_LINT = "E0118" "unknown-lint";
    BROKEN_ANCHOR = "E0119" "broken-anchor";
    QUIZ_QUESTION = "E0120" "quiz-question";
    QUIZ_GENERATOR = "E0121" "quiz-generator";
    UNKNOWN_STEP = "E0122" "unknown-step";
    UNKNOWN_EXERCISE_ITEM = "E0123" "unknown-exercise-item";
    EXERCISE_STRUCTURE = "E0124" "exercise-structure";
    UNKNOWN_EXERCISE = "E0125" "unknown-exercise";
    MISSING_JUSTIFICATION = "E0126" "missing-justification";
    UNKNOWN_FACT = "E0127" "unknown-fact";
    UNKNOWN_TEMPLATE = "E0128" "unknown-template";
    UNKNOWN_OBLIGATION = "E0129" "unknown-obligation";
    STAGE_ORDER = "E0130" "stage-order";
    UNKNOWN_PLACEHOLDER = "E0131" "unknown-placeholder";
    HIDDEN_PLACEHOLDER = "E0132" "placeholder-to-hidden";
    LEARNING_PATH = "E0133" "learning-path";
    FORM_TABLE = "E0134" "form-table";
    UNKNOWN_FORM = "E0135" "unknown-form";
    UNKNOWN_TOOL = "E0136" "unknown-tool";
    REQUIRES_CYCLE = "E0137" "requires-cycle";
    CLASSIFICATION_AUDIENCE = "E0138" "classification-audience";
    UNKNOWN_FRAMEWORK_ID = "E0139" "unknown-framework-id";
    ATTACHMENT = "E0140" "attachment";
    ROTA_NOT_HOLDER = "E0141" "rota-not-holder";
    INCIDENT_AUDIENCE = "E0142" "incident-record-audience";
    UNSAFE_LINK = "W0201" "unsafe-link";
    HIDDEN_LINK = "W0202" "link-to-hidden";
    HIDDEN_REF = "W0203" "reference-to-hidden";
    STALE_CONTACT = "W0301" "stale-contact";
    UNVERIFIED_CONTACT = "W0302" "unverified-contact";
    SINGLE_POINT = "W0303" "single-point-of-failure";
    NO_BACKUP = "W0304" "no-backup";
    REVIEW_OVERDUE = "W0305" "review-overdue";
    POLICY_TOPIC = "W0306" "policy-topic-missing";
    MISSING_PHASE = "W0307" "missing-phase";
    EMPTY_PHASE = "W0308" "empty-phase";
    STEP_OWNER = "W0309" "step-without-owner";
    LEVEL_INCOMPLETE = "W0310" "severity-level-incomplete";
    CATEGORY_UNCOVERED = "W0311" "category-without-playbook";
    NO_UNKNOWN_PROCEDURE = "W0312" "no-unknown-event-procedure";
    NO_OUT_OF_BAND = "W0313" "no-out-of-band-channel";
    REGULATOR_DEADLINE = "W0314" "regulator-without-deadline";
    NOT_MET_WITHOUT_EVIDENCE = "W0315" "not-met-without-evidence";
    INJECT_WITHOUT_ACTION = "W0316" "inject-without-action";
    REPEATED_OBSERVATION = "W0317" "repeated-observation";
    OBSERVATION_NOT_PLAYED = "W0318" "observation-of-skipped-inject";
    NO_OUT_OF_HOURS = "W0319" "deadline-without-out-of-hours";
    PERSONAL_DATA_UNMET = "W0320" "personal-data-without-obligation";
    SWALLOWED_FIELD = "W0321" "swallowed-field";
    FILL_IN_LEFT = "W0322" "fill-in-left";
    TWO_TIERS = "W0323" "one-person-two-tiers";
    ROTA_GAP = "W0330" "rota-gap";
    ROTA_DOUBLE_DUTY = "W0331" "rota-double-duty";
    IMPROVEMENT_OVERDUE = "W0332" "improvement-overdue";
    SEARCH_CAPPED = "W0401" "search-index-capped";
}

/// One finding about the sources.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable rule code.
    #[serde(serialize_with = "ser_code")]
    pub code: Code,
    /// File relative to the project root, `/`-separated; empty when not about one file.
    pub file: String,
    /// 1-based line; 0 when unknown.
    pub line: u32,
    /// 1-based column; 0 when unknown.
    pub column: u32,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// What only the checks themselves read (see [`About`]); boxed, so that a
    /// diagnostic stays small enough to return by value.
    #[serde(skip)]
    pub about: Option<Box<About>>,
}

/// What the checks know about a diagnostic besides what is printed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct About {
    /// For a reference to something that does not exist, what it names (an id, a
    /// `playbook/step`, a link as written): not reported when that thing was left out of
    /// a partly loaded scheme for problems of its own.
    pub refers_to: Option<String>,
    /// For a problem inside a field's value (a link in a multi-line `action: |`), what
    /// finds it in the source: the diagnostic is placed at the value's start until
    /// [`crate::check::relocate`] moves it to the line and column of the problem itself.
    pub inside: Option<Inside>,
}

/// Where in a field's value a problem lies: the `nth` (0-based) occurrence of `needle`
/// in the value, which is `span` bytes long once parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inside {
    /// The text at the problem, up to the first white space.
    pub needle: String,
    /// How many times `needle` occurs in the value before the problem.
    pub nth: usize,
    /// The parsed value's length, which bounds the search in the source.
    pub span: usize,
}

fn ser_code<S: serde::Serializer>(c: &Code, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(c.code)
}

impl Diagnostic {
    /// An error at a position in a file.
    pub fn error(code: Code, file: &str, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.to_owned(),
            line: pos.line,
            column: pos.col,
            message: message.into(),
            help: None,
            about: None,
        }
    }

    /// A warning at a position in a file.
    pub fn warning(code: Code, file: &str, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, pos, message)
        }
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Names what a reference leads to (see [`About::refers_to`]).
    pub fn refers_to(mut self, target: impl Into<String>) -> Diagnostic {
        self.about.get_or_insert_default().refers_to = Some(target.into());
        self
    }

    /// What a reference leads to, if the diagnostic is about one.
    pub fn reference(&self) -> Option<&str> {
        self.about.as_ref()?.refers_to.as_deref()
    }

    /// Says where inside the value at the diagnostic's position the problem lies.
    pub fn inside(mut self, inside: Option<Inside>) -> Diagnostic {
        if let Some(i) = inside {
            self.about.get_or_insert_default().inside = Some(i);
        }
        self
    }

    /// Adds a help line if there is one.
    pub fn with_help_opt(mut self, help: Option<String>) -> Diagnostic {
        self.help = help;
        self
    }

    /// `file:line:col`, as far as known.
    pub fn location(&self) -> String {
        match (self.file.is_empty(), self.line) {
            (true, _) => String::new(),
            (false, 0) => self.file.clone(),
            (false, _) => format!("{}:{}:{}", self.file, self.line, self.column.max(1)),
        }
    }

    /// The diagnostic as one JSON object (used by `--format json`). JSON escapes the C0
    /// controls; DEL and the C1 controls (one of them is a terminal's CSI) are escaped
    /// here too, so the line is safe to print as it is.
    pub fn to_json(&self) -> String {
        let mut v = serde_json::to_value(self).unwrap_or_default();
        if let Some(obj) = v.as_object_mut() {
            obj.insert("rule".into(), self.code.name.into());
        }
        let json = v.to_string();
        if !json.contains(|c: char| ('\u{7f}'..='\u{9f}').contains(&c)) {
            return json;
        }
        let mut out = String::with_capacity(json.len() + 16);
        for c in json.chars() {
            if ('\u{7f}'..='\u{9f}').contains(&c) {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            } else {
                out.push(c);
            }
        }
        out
    }

    /// Renders in the style of rustc, with the source line and a caret when `source` is
    /// given. Text from the sources (file name, message, source line, help) is shown with
    /// its control characters escaped, so it cannot drive the terminal.
    pub fn render(&self, source: Option<&str>, colour: bool) -> String {
        let paint = |code: &str, s: &str| {
            if colour {
                format!("\x1b[{code}m{s}\x1b[0m")
            } else {
                s.to_owned()
            }
        };
        let (word, hue) = match self.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let mut out = String::new();
        let head = format!("{word}[{}]", self.code.code);
        let _ = writeln!(
            out,
            "{}{} {}",
            paint(hue, &head),
            paint("1", ":"),
            paint(
                "1",
                &format!("{} ({})", shown::shown(&self.message), self.code.name)
            )
        );
        let loc = shown::shown_inline(&self.location()).into_owned();
        let line_text = source.and_then(|s| {
            (self.line > 0)
                .then(|| s.lines().nth(self.line as usize - 1))
                .flatten()
        });
        let gutter = " ".repeat(self.line.to_string().len());
        if !loc.is_empty() {
            let _ = writeln!(out, "{gutter}{} {loc}", paint("1;34", "-->"));
        }
        if let Some(text) = line_text {
            let bar = paint("1;34", "|");
            let col = self.column.max(1) as usize - 1;
            // Very long lines (minified or generated files) are shown as a window around the
            // column; only the window is prepared for display, however long the line.
            let (text, col) = if text.chars().count() > 120 {
                let start = col.saturating_sub(50);
                let window: String = text.chars().skip(start).take(100).collect();
                let (window, col) = displayed(&window, col - start);
                if start > 0 {
                    (format!("...{window}..."), col + 3)
                } else {
                    (format!("{window}..."), col)
                }
            } else {
                displayed(text, col)
            };
            let rest: String = text.chars().skip(col).collect();
            let width = token_width(&rest).min(60);
            let _ = writeln!(out, "{gutter} {bar}");
            let _ = writeln!(
                out,
                "{} {bar} {text}",
                paint("1;34", &self.line.to_string())
            );
            let _ = writeln!(
                out,
                "{gutter} {bar} {}{}",
                " ".repeat(col),
                paint(hue, &"^".repeat(width))
            );
        }
        if let Some(help) = &self.help {
            let _ = writeln!(
                out,
                "{gutter} {} {}",
                paint("1;36", "= help:"),
                shown::shown(help)
            );
        }
        out
    }
}

/// A source line as shown under a diagnostic (tabs as four spaces, control characters
/// escaped) and where the character at `col` (0-based) of the source line is in it.
fn displayed(line: &str, col: usize) -> (String, usize) {
    let mut out = String::with_capacity(line.len());
    let mut width = 0;
    let mut at = None;
    for (i, c) in line.chars().enumerate() {
        if i == col {
            at = Some(width);
        }
        let mut b = [0; 4];
        let piece = match c {
            '\t' => Cow::Borrowed("    "),
            c => shown::shown_inline(c.encode_utf8(&mut b)),
        };
        width += piece.chars().count();
        out.push_str(&piece);
    }
    (out, at.unwrap_or(width))
}

/// How many characters the offending token spans: up to the end of the word or quoted string.
fn token_width(rest: &str) -> usize {
    let mut chars = rest.chars();
    match chars.next() {
        None => 1,
        Some(q @ ('"' | '\'')) => {
            let inner = chars.take_while(|c| *c != q).count();
            inner + 2
        }
        Some(_) => rest
            .chars()
            .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}' | ':'))
            .count()
            .max(1),
    }
}

/// Counts errors and warnings in a list.
pub fn counts(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    (errors, diags.len() - errors)
}

/// The known id closest to `wanted`, if one is close enough to be a likely typo.
pub fn nearest<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wanted.chars().count() / 3).max(2);
    known
        .into_iter()
        .map(|k| (strsim::levenshtein(wanted, k), k))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, k)| k)
}

/// A help line naming the nearest known id, or listing a few known ones.
pub fn unknown_help(wanted: &str, kind: &str, known: &[&str]) -> String {
    if let Some(n) = nearest(wanted, known.iter().copied()) {
        return format!("did you mean `{n}`?");
    }
    if known.is_empty() {
        return format!("no {kind} is defined yet");
    }
    let mut list: Vec<&str> = known.to_vec();
    list.sort_unstable();
    let shown: Vec<String> = list.iter().take(8).map(|k| format!("`{k}`")).collect();
    let more = if list.len() > 8 { ", ..." } else { "" };
    format!("known {kind} ids: {}{more}", shown.join(", "))
}

/// The error for a reference `r` (in `file`) to a `kind` that is not a key of `map`,
/// with the nearest known id as help; none when it resolves.
pub fn unknown_ref<V>(
    file: &str,
    map: &BTreeMap<Id, V>,
    r: &At<Id>,
    code: Code,
    kind: &str,
) -> Option<Diagnostic> {
    if map.contains_key(&r.value) {
        return None;
    }
    let known: Vec<&str> = map.keys().map(Id::as_str).collect();
    Some(
        Diagnostic::error(code, file, r.pos, format!("unknown {kind} `{}`", r.value))
            .with_help(unknown_help(r.value.as_str(), kind, &known))
            .refers_to(r.value.as_str()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_finds_typos() {
        let known = ["isirt-lead", "service-desk", "ciso"];
        assert_eq!(nearest("isirt-leed", known), Some("isirt-lead"));
        assert_eq!(nearest("zzzzzzzzz", known), None);
    }

    #[test]
    fn windows_long_lines() {
        let line = format!("{}BAD{}", "x ".repeat(5000), " y".repeat(5000));
        let d = Diagnostic::error(
            UNKNOWN_ROLE,
            "a.yaml",
            Pos {
                line: 1,
                col: 10_001,
            },
            "m",
        );
        let out = d.render(Some(&line), false);
        assert!(out.len() < 600, "{}", out.len());
        let lines: Vec<&str> = out.lines().collect();
        let caret = lines[4].find('^').unwrap();
        assert_eq!(&lines[3][caret..caret + 3], "BAD");
    }

    #[test]
    fn shows_control_characters_escaped_with_the_caret_in_place() {
        let d = Diagnostic::error(
            UNKNOWN_ROLE,
            "content/a\u{1b}]0;x\u{7}.yaml",
            Pos { line: 1, col: 15 },
            "unknown role `\u{1b}[2Jx\u{9b}31m\u{202e}`",
        )
        .with_help("did you mean `\u{1b}[5mdesk`?\nsecond line");
        let out = d.render(Some("\u{1b}[31m:\towner: dsek # \u{7}\r\r\n"), false);
        assert!(
            !out.contains(|c: char| c.is_control() && c != '\n') && !out.contains('\u{202e}'),
            "{out:?}"
        );
        // `dsek` is the 15th character of the line and the 23rd as shown (ESC takes six,
        // the tab four).
        let expected = format!(
            "error[E0102]: unknown role `\\u{{1b}}[2Jx\\u{{9b}}31m\\u{{202e}}` (unknown-role)\n --> content/a\\u{{1b}}]0;x\\u{{7}}.yaml:1:15\n  |\n1 | \\u{{1b}}[31m:    owner: dsek # \\u{{7}}\\u{{d}}\n  | {}^^^^\n  = help: did you mean `\\u{{1b}}[5mdesk`?\nsecond line\n",
            " ".repeat(22)
        );
        assert_eq!(out, expected);
        // With colour, the only escape sequences are the ones irbook paints with.
        let coloured = d.render(Some("owner: \u{1b}[31m"), true);
        assert!(!coloured.contains("\u{1b}[2J") && !coloured.contains("\u{1b}[31m"));
        // JSON escapes every control character, DEL and C1 included.
        let j = Diagnostic::error(UNKNOWN_ROLE, "a\u{7f}", Pos::default(), "\u{9b}x\u{1b}");
        let json = j.to_json();
        assert!(!json.contains(|c: char| c.is_control()), "{json:?}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["message"], "\u{9b}x\u{1b}");
        assert_eq!(back["file"], "a\u{7f}");
    }

    #[test]
    fn renders_caret_under_token() {
        let d = Diagnostic::error(
            UNKNOWN_ROLE,
            "a.yaml",
            Pos { line: 2, col: 8 },
            "unknown role `x-y`",
        )
        .with_help("did you mean `x-z`?");
        let out = d.render(Some("id: a\nowner: x-y # c\n"), false);
        let expected = "error[E0102]: unknown role `x-y` (unknown-role)\n --> a.yaml:2:8\n  |\n2 | owner: x-y # c\n  |        ^^^\n  = help: did you mean `x-z`?\n";
        assert_eq!(out, expected);
    }
}
