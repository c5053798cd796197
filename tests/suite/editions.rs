//! Edition separation: nothing restricted to the incident response team (`isirt`) may reach
//! the all-staff edition, in any file, in any encoding, with any theme.
//!
//! The scans here read the built output byte for byte: every file of the edition (any
//! extension, dotfiles included) and every file and folder name, raw and after decoding
//! HTML entities, JSON/JS escapes, percent-encoding and vCard/CSV escapes and removing
//! tags (repeatedly, in any order), case-insensitively and once more with everything but
//! letters and digits removed; files holding NUL bytes are also read as UTF-16.
//! Compressed files are refused until the scan learns to open them (irbook writes none yet).
//!
//! Every way an edition leaves the tool is scanned: `build` (all editions), `build
//! --edition E --out DIR`, and `export` with and without `--edition` and `--out`. (`serve`
//! and the exercise console, which hand editions out too, are not scanned here.)
//!
//! Fixtures: `tests/fixtures/canary` (every team-only item carries a `CANARY-WORD-hhhh`
//! string, or is one of the [`ESCAPED_CANARIES`] made of characters that get escaped;
//! awareness pages and quizzes included) and `tests/fixtures/hostile-theme` (a theme that
//! dumps its whole context, laid over a copy of the canary scheme).

use crate::common::*;
use scraper::{Html, Selector};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

// ---------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------

/// Named character references a template or filter might plausibly emit for ASCII text.
/// Lookalikes (`&hyphen;`, `&dash;`, `&minus;`) map to `-` so a disguised canary still matches.
const NAMED_ENTITIES: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", " "),
    ("hyphen", "-"),
    ("dash", "-"),
    ("minus", "-"),
    ("ndash", "-"),
    ("mdash", "-"),
    ("sol", "/"),
    ("bsol", "\\"),
    ("colon", ":"),
    ("semi", ";"),
    ("period", "."),
    ("comma", ","),
    ("lowbar", "_"),
    ("num", "#"),
    ("percnt", "%"),
    ("excl", "!"),
    ("quest", "?"),
    ("equals", "="),
    ("plus", "+"),
    ("ast", "*"),
    ("commat", "@"),
    ("grave", "`"),
    ("lpar", "("),
    ("rpar", ")"),
    ("lsqb", "["),
    ("rsqb", "]"),
    ("lcub", "{"),
    ("rcub", "}"),
    ("lbrace", "{"),
    ("rbrace", "}"),
    ("verbar", "|"),
    ("Tab", "\t"),
    ("NewLine", "\n"),
    ("zwj", ""),
    ("zwnj", ""),
    ("shy", ""),
];

/// Decodes `&name;`, `&#123;` and `&#x7b;` (numeric ones also without the `;`).
fn decode_html_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let after = &rest[1..];
        if let Some(num) = after.strip_prefix('#') {
            let (hex, digits) = match num.strip_prefix(['x', 'X']) {
                Some(h) => (true, h),
                None => (false, num),
            };
            let len = digits
                .bytes()
                .take_while(|b| {
                    if hex {
                        b.is_ascii_hexdigit()
                    } else {
                        b.is_ascii_digit()
                    }
                })
                .count();
            let code = u32::from_str_radix(&digits[..len], if hex { 16 } else { 10 }).ok();
            if let Some(c) = code.filter(|_| len > 0).and_then(char::from_u32) {
                out.push(c);
                let consumed = 2 + usize::from(hex) + len;
                rest = &rest[consumed..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
                continue;
            }
        } else if let Some(semi) = after.find(';').filter(|n| *n <= 32)
            && let Some((_, v)) = NAMED_ENTITIES.iter().find(|(n, _)| *n == &after[..semi])
        {
            out.push_str(v);
            rest = &after[semi + 1..];
            continue;
        }
        out.push('&');
        rest = &rest[1..];
    }
    out.push_str(rest);
    out
}

/// Decodes JSON and JavaScript string escapes: `\uXXXX` (with surrogate pairs), `\xHH`,
/// `\n`, `\"`, `\/`, `\\` and the like.
fn decode_json_escapes(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let hex = |from: usize, n: usize| -> Option<u32> {
        let h: String = chars.get(from..from + n)?.iter().collect();
        if h.len() == n && h.chars().all(|c| c.is_ascii_hexdigit()) {
            u32::from_str_radix(&h, 16).ok()
        } else {
            None
        }
    };
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '\\' || i + 1 >= chars.len() {
            out.push(c);
            i += 1;
            continue;
        }
        let simple = match chars[i + 1] {
            'n' => Some('\n'),
            't' => Some('\t'),
            'r' => Some('\r'),
            'b' => Some('\u{8}'),
            'f' => Some('\u{c}'),
            '"' => Some('"'),
            '\'' => Some('\''),
            '/' => Some('/'),
            '\\' => Some('\\'),
            _ => None,
        };
        if let Some(d) = simple {
            out.push(d);
            i += 2;
        } else if chars[i + 1] == 'u'
            && let Some(u) = hex(i + 2, 4)
        {
            // A surrogate pair spells one character in two escapes.
            if (0xD800..0xDC00).contains(&u)
                && chars.get(i + 6) == Some(&'\\')
                && chars.get(i + 7) == Some(&'u')
                && let Some(lo) = hex(i + 8, 4).filter(|l| (0xDC00..0xE000).contains(l))
            {
                let c = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                out.extend(char::from_u32(c));
                i += 12;
            } else {
                out.push(char::from_u32(u).unwrap_or('\u{fffd}'));
                i += 6;
            }
        } else if chars[i + 1] == 'x'
            && let Some(x) = hex(i + 2, 2)
        {
            out.extend(char::from_u32(x));
            i += 4;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Decodes `%HH` escapes (and `+` as a space, as in query strings).
fn decode_percent(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(h) = b.get(i + 1..i + 3)
            && h.iter().all(u8::is_ascii_hexdigit)
            && let Ok(v) = u8::from_str_radix(std::str::from_utf8(h).unwrap_or("zz"), 16)
        {
            out.push(v);
            i += 3;
        } else {
            out.push(if b[i] == b'+' { b' ' } else { b[i] });
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Decodes the escapes of vCards (`\,` `\;` `\:`, and RFC 6868 `^'` `^n` `^^` in
/// parameters) and CSV (`""` inside a quoted field); `\\` and `\n` are JSON's too.
fn decode_vcard_csv(s: &str) -> String {
    s.replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\:", ":")
        .replace("^'", "\"")
        .replace("^n", "\n")
        .replace("^^", "^")
        .replace("\"\"", "\"")
}

/// Removes `<...>` tags, so a canary split by markup (`CANARY-<b>X</b>-1`) still matches.
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Letters and digits only, lowercased: `CANARY&#45;X` decoded and `canary x` both become `canaryx`.
fn alnum(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Every decoding of `text` reachable by applying the decoders repeatedly, in any order,
/// lowercased, followed by the letters-and-digits form of each.
fn decodings(text: &str) -> Vec<(String, String)> {
    type Decoder = fn(&str) -> String;
    let decoders: [(&str, Decoder); 5] = [
        ("html-entities", decode_html_entities),
        ("json-escapes", decode_json_escapes),
        ("percent", decode_percent),
        ("vcard-csv escapes", decode_vcard_csv),
        ("tags removed", strip_tags),
    ];
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut out: Vec<(String, String)> = vec![("raw".into(), text.to_owned())];
    seen.insert(text.to_owned());
    let mut i = 0;
    // A fixed point is normally reached after one or two rounds; the cap bounds hostile input.
    while i < out.len() && out.len() < 24 {
        let (how, t) = out[i].clone();
        for (name, f) in decoders {
            let d = f(&t);
            if !seen.contains(&d) {
                seen.insert(d.clone());
                let how = if how == "raw" {
                    name.to_owned()
                } else {
                    format!("{how} + {name}")
                };
                out.push((how, d));
            }
        }
        i += 1;
    }
    let mut all: Vec<(String, String)> = out
        .iter()
        .map(|(h, t)| (format!("{h}, case-insensitive"), t.to_lowercase()))
        .collect();
    all.extend(
        out.iter()
            .map(|(h, t)| (format!("{h}, letters and digits only"), alnum(t))),
    );
    all
}

// ---------------------------------------------------------------------------------------
// Scanning an edition
// ---------------------------------------------------------------------------------------

/// Magic numbers of compressed or archived data. irbook writes none yet, so rather than
/// pulling in a decompressor the scan refuses such a file: once one appears, this test
/// must learn to look inside it (add `flate2` and decompress) before it can pass again.
const COMPRESSED_MAGIC: &[(&str, &[u8])] = &[
    ("gzip", &[0x1f, 0x8b]),
    ("zip", b"PK\x03\x04"),
    ("zip (empty)", b"PK\x05\x06"),
    ("zip (spanned)", b"PK\x07\x08"),
    ("zlib", &[0x78, 0x01]),
    ("zlib", &[0x78, 0x5e]),
    ("zlib", &[0x78, 0x9c]),
    ("zlib", &[0x78, 0xda]),
    ("zstd", &[0x28, 0xb5, 0x2f, 0xfd]),
    ("xz", &[0xfd, b'7', b'z', b'X', b'Z', 0]),
    ("bzip2", b"BZh"),
    ("7z", &[b'7', b'z', 0xbc, 0xaf, 0x27, 0x1c]),
];

/// One place of an edition that text can sit in: a file's content or a path.
struct Haystack {
    /// What it is, for messages: `content of x.html` or `path x.html`.
    what: String,
    /// (how decoded, decoded text).
    forms: Vec<(String, String)>,
}

/// Every file and folder of an edition, decoded every way we know.
struct Edition {
    name: String,
    stacks: Vec<Haystack>,
    /// Raw file contents by relative path, for targeted assertions.
    files: BTreeMap<String, Vec<u8>>,
}

/// Relative paths of every file and folder under `root`, files with their bytes.
fn walk_all(root: &Path) -> (Vec<String>, BTreeMap<String, Vec<u8>>) {
    fn go(base: &Path, dir: &Path, dirs: &mut Vec<String>, files: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let p = e.path();
            let rel = p
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let t = e.file_type().unwrap();
            assert!(
                !t.is_symlink(),
                "{}: the output holds a symbolic link; a link could point at the other edition",
                p.display()
            );
            if t.is_dir() {
                dirs.push(rel);
                go(base, &p, dirs, files);
            } else {
                files.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let (mut dirs, mut files) = (Vec::new(), BTreeMap::new());
    go(root, root, &mut dirs, &mut files);
    (dirs, files)
}

impl Edition {
    fn read(root: &Path) -> Edition {
        assert!(root.is_dir(), "no edition at {}", root.display());
        let (dirs, files) = walk_all(root);
        assert!(!files.is_empty(), "{} is empty", root.display());
        let mut stacks = Vec::new();
        for d in &dirs {
            stacks.push(Haystack {
                what: format!("folder name {d}/"),
                forms: decodings(d),
            });
        }
        for (path, bytes) in &files {
            for (kind, magic) in COMPRESSED_MAGIC {
                assert!(
                    !bytes.starts_with(magic),
                    "{path} looks {kind}-compressed: decompress it in this scan (add flate2) before trusting it"
                );
            }
            stacks.push(Haystack {
                what: format!("file name {path}"),
                forms: decodings(path),
            });
            stacks.push(Haystack {
                what: format!("content of {path}"),
                forms: decodings(&String::from_utf8_lossy(bytes)),
            });
            // Text in another encoding would slip past a UTF-8 reading: try UTF-16 too.
            if bytes.len() >= 2 && bytes.len().is_multiple_of(2) && bytes.contains(&0) {
                for (label, le) in [("UTF-16LE", true), ("UTF-16BE", false)] {
                    let units: Vec<u16> = bytes
                        .chunks_exact(2)
                        .map(|c| {
                            if le {
                                u16::from_le_bytes([c[0], c[1]])
                            } else {
                                u16::from_be_bytes([c[0], c[1]])
                            }
                        })
                        .collect();
                    stacks.push(Haystack {
                        what: format!("content of {path} read as {label}"),
                        forms: decodings(&String::from_utf16_lossy(&units)),
                    });
                }
            }
        }
        Edition {
            name: root.file_name().unwrap().to_string_lossy().into_owned(),
            stacks,
            files,
        }
    }

    /// Where `needle` occurs, in any decoding: (place, how it was decoded).
    fn find(&self, needle: &str) -> Option<(String, String)> {
        let lower = needle.to_lowercase();
        let letters = alnum(needle);
        assert!(
            letters.len() >= 6,
            "`{needle}` is too short to search for safely"
        );
        for h in &self.stacks {
            for (how, text) in &h.forms {
                let hit = if how.ends_with("letters and digits only") {
                    text.contains(&letters)
                } else {
                    text.contains(&lower)
                };
                if hit {
                    return Some((h.what.clone(), how.clone()));
                }
            }
        }
        None
    }

    /// Where `needle` occurs in some decoding, letters-and-digits forms left out: a canary
    /// of escaped characters must be found through its escapes, not by its letters.
    fn find_exact(&self, needle: &str) -> Option<(String, String)> {
        let lower = needle.to_lowercase();
        self.stacks.iter().find_map(|h| {
            h.forms
                .iter()
                .find(|(how, t)| how.ends_with("case-insensitive") && t.contains(&lower))
                .map(|(how, _)| (h.what.clone(), how.clone()))
        })
    }

    /// Is `needle` in some place only in an escaped spelling, never as written? Proves
    /// that finding it needed the decoders.
    fn only_escaped(&self, needle: &str) -> bool {
        let lower = needle.to_lowercase();
        let raw = self.stacks.iter().any(|h| {
            h.forms
                .iter()
                .any(|(how, t)| how == "raw, case-insensitive" && t.contains(&lower))
        });
        !raw && self.find_exact(needle).is_some()
    }

    fn html_pages(&self) -> impl Iterator<Item = (&String, String)> {
        self.files
            .iter()
            .filter(|(p, _)| p.ends_with(".html"))
            .map(|(p, b)| (p, String::from_utf8_lossy(b).into_owned()))
    }
}

/// Asserts no secret is in `staff` and every secret is in `isirt`.
fn assert_separated(staff: &Edition, isirt: &Edition, secrets: &[String], context: &str) {
    let mut leaks = Vec::new();
    for s in secrets {
        if let Some((place, how)) = staff.find(s) {
            leaks.push(format!("  `{s}` in {place} ({how})"));
        }
    }
    assert!(
        leaks.is_empty(),
        "{context}: team-only material leaked into the {} edition:\n{}",
        staff.name,
        leaks.join("\n")
    );
    let missing: Vec<&String> = secrets.iter().filter(|s| isirt.find(s).is_none()).collect();
    assert!(
        missing.is_empty(),
        "{context}: team-only material missing from the {} edition (so the staff scan proves nothing for it): {missing:?}",
        isirt.name
    );
}

/// stdout and stderr of a run, together.
fn output_text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Runs `irbook check` and asserts it reports no error.
fn check_ok(dir: &Path) -> String {
    let o = run(dir, &["check"]);
    let text = output_text(&o);
    assert!(o.status.success(), "irbook check failed:\n{text}");
    assert!(
        text.contains("0 errors"),
        "irbook check reported errors:\n{text}"
    );
    text
}

#[test]
fn scanner_sees_through_encodings() {
    // The scan must find a canary however an output file spells it, or the other tests
    // prove nothing.
    let spellings: &[(&str, &[u8])] = &[
        ("plain", b"x CANARY-SELFTEST-1a2b y"),
        ("lowercase", b"canary-selftest-1a2b"),
        ("named entity", b"CANARY&hyphen;SELFTEST&dash;1a2b"),
        ("decimal entity", b"&#67;ANARY&#45;SELFTEST-1a2b"),
        ("hex entity", b"&#x43;&#X41;NARY&#x2d;SELFTEST-1a2b"),
        ("double-escaped entity", b"CANARY&amp;#45;SELFTEST-1a2b"),
        ("JSON escape", br#"{"a": "\u0043ANARY\u002dSELFTEST-1a2b"}"#),
        ("JS hex escape", br"\x43ANARY-SELFTEST-1a2b"),
        ("percent", b"href=%43ANARY%2DSELFTEST-1a2b"),
        ("mixed", br"C&#65;NARY\u002dSELF%54EST-1a2b"),
        ("split by markup", b"CANARY-<b>SELF</b>TEST-1a2b"),
    ];
    let utf16: Vec<u8> = "CANARY-SELFTEST-1a2b"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let spellings = spellings
        .iter()
        .copied()
        .chain([("UTF-16", utf16.as_slice())]);
    for (how, bytes) in spellings {
        let t = TempDir::new("selftest");
        std::fs::write(t.path().join("page.html"), bytes).unwrap();
        let e = Edition::read(t.path());
        assert!(
            e.find("CANARY-SELFTEST-1a2b").is_some(),
            "the scan misses a canary spelt as {how}"
        );
        assert!(e.find("CANARY-OTHER-9f9f").is_none());
    }
    // A canary of characters that get escaped is found in each output's escaped form,
    // and not by its letters alone.
    let needle = "Zoë, \"Q&A\" <ops> 1a2b";
    let spellings: &[(&str, &[u8])] = &[
        (
            "HTML",
            "Zo&#235;, &quot;Q&amp;A&quot; &lt;ops&gt; 1a2b".as_bytes(),
        ),
        (
            "JSON",
            br#"{"a": "Zo\u00eb, \"Q&A\" \u003cops\u003e 1a2b"}"#,
        ),
        (
            "percent",
            b"href=Zo%C3%AB%2C%20%22Q%26A%22%20%3Cops%3E%201a2b",
        ),
        ("vCard text", "NOTE:Zoë\\, \"Q&A\" <ops> 1a2b".as_bytes()),
        (
            "vCard parameter",
            "LABEL=\"Zoë, ^'Q&A^' <ops> 1a2b\"".as_bytes(),
        ),
        ("CSV", "x,\"Zoë, \"\"Q&A\"\" <ops> 1a2b\"".as_bytes()),
    ];
    for (how, bytes) in spellings {
        let t = TempDir::new("selftest");
        std::fs::write(t.path().join("page.html"), bytes).unwrap();
        let e = Edition::read(t.path());
        let found = e.find_exact(needle);
        assert!(
            found.is_some(),
            "the scan misses an escaped canary spelt as {how}"
        );
    }
    for name in ["canary-selftest-1a2b.html", "CANARY%2DSELFTEST%2D1a2b.html"] {
        let t = TempDir::new("selftest");
        std::fs::write(t.path().join(name), b"clean").unwrap();
        assert!(
            Edition::read(t.path())
                .find("CANARY-SELFTEST-1a2b")
                .is_some(),
            "the scan misses a canary in the file name {name}"
        );
    }
    let t = TempDir::new("selftest");
    std::fs::create_dir_all(t.path().join("canary-selftest-1a2b")).unwrap();
    std::fs::write(t.path().join("index.html"), b"clean").unwrap();
    assert!(
        Edition::read(t.path())
            .find("CANARY-SELFTEST-1a2b")
            .is_some(),
        "the scan misses a canary in an empty folder's name"
    );
    // A compressed file cannot be read through yet, so it must stop the scan.
    let t = TempDir::new("selftest");
    std::fs::write(t.path().join("search.json.gz"), [0x1f, 0x8b, 8, 0, 0]).unwrap();
    let refused = std::panic::catch_unwind(|| Edition::read(t.path()));
    assert!(refused.is_err(), "a gzip file passed the scan unread");
}

// ---------------------------------------------------------------------------------------
// The canary fixture
// ---------------------------------------------------------------------------------------

/// Every canary of the fixture, read from its sources: each `CANARY-WORD-hhhh` (any case),
/// plus the team-only phone numbers, which cannot carry the word.
fn canaries(root: &Path) -> Vec<String> {
    let (_, mut files) = walk_all(&root.join("content"));
    if root.join("exercises").is_dir() {
        files.extend(walk_all(&root.join("exercises")).1);
    }
    // Keyed by the lowercase form: CANARY-X-1234 and canary-x-1234 are one canary.
    let mut found: BTreeMap<String, String> = BTreeMap::new();
    for (path, bytes) in &files {
        // File names carry canaries too (content/scheme/canary-file-9d2c.md).
        let text = format!("{path}\n{}", String::from_utf8_lossy(bytes));
        let lower = text.to_ascii_lowercase();
        let mut from = 0;
        while let Some(i) = lower[from..].find("canary-") {
            let start = from + i;
            let rest = &lower[start + 7..];
            let word = rest.bytes().take_while(u8::is_ascii_lowercase).count();
            let tail = &rest[word..];
            if word > 0
                && tail.starts_with('-')
                && tail.len() >= 5
                && tail.as_bytes()[1..5].iter().all(u8::is_ascii_hexdigit)
                && !tail
                    .as_bytes()
                    .get(5)
                    .is_some_and(u8::is_ascii_alphanumeric)
            {
                let c = &text[start..start + 7 + word + 5];
                found
                    .entry(c.to_ascii_lowercase())
                    .or_insert_with(|| c.to_owned());
            }
            from = start + 7;
        }
    }
    let mut out: Vec<String> = found.into_values().collect();
    out.extend(["+44 7700 913579".to_owned(), "+44 7700 924680".to_owned()]);
    out
}

/// Canaries the fixture must hold, one per kind of restricted item; guards against the
/// collector silently finding nothing.
const EXPECTED_CANARIES: &[&str] = &[
    "canary-file-9d2c",
    "CANARY-PAGETITLE-4e1b",
    "CANARY-PAGESUMMARY-a83f",
    "CANARY-PAGEBODY-5c07",
    "CANARY-PAGEHEADING-d2e9",
    "CANARY-BLOCK-0b6d",
    "CANARY-BLOCKHEADING-71ac",
    "CANARY-NESTED-9c3e",
    "CANARY-LISTBLOCK-64f2",
    "CANARY-POLICYBLOCK-36e0",
    "CANARY-SUMMARYBLOCK-92d7",
    "CANARY-ACTIONBLOCK-b41e",
    "CANARY-SEVINTRO-7d14",
    "canary-pb-1b7e",
    "CANARY-PBTITLE-d03f",
    "CANARY-PBINDICATOR-2e7b",
    "CANARY-PBACTION-c5a2",
    "canary-step-6a2f",
    "CANARY-STEPACTION-e9c4",
    "CANARY-DECISIONQ-5f2d",
    "canary-role-c4d8",
    "CANARY-ROLENAME-e2a6",
    "canary-person-2f6e",
    "CANARY-PERSONNAME-7a90",
    "CANARY-PERSONTITLE-c35b",
    "CANARY-PERSONCHANVALUE-f3c2",
    "CANARY-ROLECHANVALUE-8e3b",
    "CANARY-OOBVALUE-1f8a",
    "canary-party-5b19",
    "CANARY-PARTYNAME-2c4e",
    "CANARY-PARTYREF-60a3",
    "CANARY-PARTYWHEN-d87b",
    "canary-form-3a7d",
    "CANARY-FORMTITLE-71d4",
    "CANARY-SECTIONTITLE-2a5c",
    "CANARY-FIELDLABEL-e4f7",
    "CANARY-FIELDHELP-58a0",
    "CANARY-FIELDCHOICE-0f93",
    "canary-ex-7e21",
    "CANARY-EXTITLE-5d3a",
    "CANARY-EXBRIEF-e5c1",
    "CANARY-EXDOCBODY-1ac9",
    "CANARY-EXNOTES-6e4d",
    "CANARY-KEYNOTES-4c2e",
    "CANARY-KEYACTION-8a61",
    "CANARY-KEYQUESTION-e3f9",
    "CANARY-KEYBRANCH-52b0",
    "CANARY-KEYLATER-c613",
    "CANARY-RECNOTE-41ac",
    "CANARY-RECJUSTIFY-f2a1",
    "CANARY-RECFIX-07be",
    "canary-aware-6c1f",
    "CANARY-AWARETITLE-8b2a",
    "CANARY-AWARESUMMARY-d41f",
    "CANARY-AWAREBODY-95c2",
    "CANARY-AWAREBLOCK-3d5e",
    "canary-quiz-5d8e",
    "CANARY-QUIZTITLE-1e6b",
    "CANARY-TEAMQUIZINTRO-4c9a",
    "CANARY-QUIZQUESTION-b7d2",
    "CANARY-QUIZCHOICE-3f1a",
    "CANARY-QUIZWRONG-8e2d",
    "CANARY-QUIZANSWER-0a5c",
    "CANARY-QUIZINTRO-2f4c",
    "CANARY-QUIZEXPLAIN-7a3b",
    "+44 7700 913579",
];

/// Team-only strings of characters that every output escapes (`&`, `<`, quotes, commas,
/// non-ASCII letters, a line separator), with no plain canary word in them: the scan
/// finds them only by decoding each file the way it was encoded (HTML entities, JSON
/// escapes, percent-encoding, vCard and CSV escapes).
const ESCAPED_CANARIES: &[(&str, &str)] = &[
    ("awareness page title", "Ünïcödé \"Q&A\", <crew> 7c3e"),
    ("awareness page summary", "Ω\u{2028}«sep», & <x> \"q\" 0e7f"),
    (
        "block in an awareness page",
        "Passcode «Zoë, & <Ana>» \"x'y\" 9f1b",
    ),
    (
        "block in a quiz explanation",
        "Blocked «Ørsted», & <ex> \"q\" 6a0d",
    ),
    (
        "team-only quiz choice",
        "Ask «Ålesund», & <ops> \"now\" 3e9c",
    ),
    ("team-only channel value", "Room «Ø», & <B> \"7\" 5b2f"),
    (
        "team-only channel label",
        "Søren & <Kjær>, \"the fixer\" 2d8a",
    ),
    ("percent-encoded link in a block", "Über, & <more>-8c4d"),
];

fn canary_list(root: &Path) -> Vec<String> {
    let list = canaries(root);
    let lower: BTreeSet<String> = list.iter().map(|s| s.to_lowercase()).collect();
    for e in EXPECTED_CANARIES {
        assert!(
            lower.contains(&e.to_lowercase()),
            "the canary fixture lost `{e}`"
        );
    }
    assert!(list.len() >= 80, "only {} canaries found", list.len());
    let mut list = list;
    list.extend(ESCAPED_CANARIES.iter().map(|(_, c)| (*c).to_owned()));
    list
}

#[test]
fn staff_edition_holds_no_canary() {
    let f = fixture("canary");
    let report = check_ok(f.path());
    // Links from staff text to hidden pages are reported, not fatal.
    assert!(
        report.contains("canary-file-9d2c.md") && report.contains("may not see"),
        "no warning about the link to the hidden page:\n{report}"
    );
    build_ok(f.path());
    let list = canary_list(f.path());
    let staff = Edition::read(&f.path().join("public/staff"));
    let isirt = Edition::read(&f.path().join("public/isirt"));
    assert_separated(&staff, &isirt, &list, "canary fixture");

    // The escaped canaries were found in the team edition through their escapes alone,
    // so the scan of the staff edition looked for them in those spellings.
    for (what, c) in ESCAPED_CANARIES {
        assert!(
            isirt.only_escaped(c),
            "{what}: `{c}` is not (only) escaped in the isirt edition, so it proves nothing about the decoders"
        );
    }
    // Awareness pages and quizzes are there, the team's own ones only for the team.
    for page in [
        "awareness/index.html",
        "awareness/welcome.html",
        "awareness/check.html",
    ] {
        assert!(staff.files.contains_key(page), "staff lacks {page}");
    }

    // Hidden items are gone, not just emptied.
    for gone in [
        "scheme/canary-file-9d2c.html",
        "playbooks/canary-pb-1b7e.html",
        "forms/canary-form-3a7d.html",
        "awareness/canary-aware-6c1f.html",
        "awareness/canary-quiz-5d8e.html",
    ] {
        assert!(!staff.files.contains_key(gone), "staff has {gone}");
        assert!(isirt.files.contains_key(gone), "isirt lacks {gone}");
    }
    // A link from a staff page to a hidden page keeps its text, as plain text, no link.
    let guide = String::from_utf8_lossy(&staff.files["scheme/guide.html"]).into_owned();
    let doc = Html::parse_document(&guide);
    let prose = Selector::parse(".prose, main").unwrap();
    let text: String = doc
        .select(&prose)
        .flat_map(|e| e.text())
        .collect::<Vec<_>>()
        .join("");
    for t in ["the team handbook", "the team form", "the team playbook"] {
        assert!(text.contains(t), "link text `{t}` lost from staff guide");
    }
    let anchors = Selector::parse("a").unwrap();
    for a in doc.select(&anchors) {
        let inner: String = a.text().collect();
        assert!(
            !inner.contains("the team"),
            "a link to a hidden page is still a link in staff: {}",
            a.html()
        );
    }
    let isirt_guide = String::from_utf8_lossy(&isirt.files["scheme/guide.html"]).into_owned();
    assert!(
        isirt_guide.contains("href=\"../scheme/canary-file-9d2c.html\">the team handbook</a>"),
        "isirt guide does not link the team page"
    );
    // References to hidden items say "restricted".
    let owner_page = String::from_utf8_lossy(&staff.files["scheme/restricted-owner.html"]);
    assert!(owner_page.contains("restricted"), "no restricted owner");
}

#[test]
fn one_edition_builds_and_exports_hold_no_canary() {
    let f = fixture("canary");
    build_ok(f.path());
    let list = canary_list(f.path());
    let full = |ed: &str| {
        let mut t = tree(&f.path().join("public").join(ed));
        // Each folder irbook writes is marked as its own; the marker is no page.
        t.remove(irbook::write::MARKER);
        t
    };
    let (full_staff, full_isirt) = (full("staff"), full("isirt"));

    // `build --edition E --out DIR`: the same files as edition E of a full build.
    for (ed, whole) in [("staff", &full_staff), ("isirt", &full_isirt)] {
        let out = format!("only-{ed}");
        let o = run(f.path(), &["build", "--edition", ed, "--out", &out]);
        assert!(o.status.success(), "build --edition {ed}: {}", stderr(&o));
        let mut alone = tree(&f.path().join(&out).join(ed));
        alone.remove(irbook::write::MARKER);
        let names = |t: &BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
        assert_eq!(
            names(&alone),
            names(whole),
            "build --edition {ed}: other files"
        );
        for (path, bytes) in &alone {
            assert!(
                whole[path] == *bytes,
                "build --edition {ed}: {path} differs"
            );
        }
    }
    let staff = Edition::read(&f.path().join("only-staff/staff"));
    let isirt = Edition::read(&f.path().join("only-isirt/isirt"));
    assert_separated(&staff, &isirt, &list, "build --edition");

    // `export`, to standard output or a file, of the default (first) edition or a named
    // one: byte for byte that edition's scheme.json, and the staff one holds no canary.
    let exported = |args: &[&str], file: Option<&str>| -> Vec<u8> {
        let o = run(f.path(), args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        match file {
            Some(name) => std::fs::read(f.path().join(name)).unwrap(),
            None => o.stdout,
        }
    };
    let staff_exports = [
        ("export", exported(&["export"], None)),
        (
            "export --edition staff",
            exported(&["export", "--edition", "staff"], None),
        ),
        (
            "export --out",
            exported(&["export", "--out", "default.json"], Some("default.json")),
        ),
        (
            "export --edition staff --out",
            exported(
                &["export", "--edition", "staff", "--out", "staff.json"],
                Some("staff.json"),
            ),
        ),
    ];
    for (how, bytes) in &staff_exports {
        assert!(
            *bytes == full_staff["scheme.json"],
            "{how}: not the staff scheme.json"
        );
        let t = TempDir::new("export");
        std::fs::write(t.path().join("scheme.json"), bytes).unwrap();
        let scanned = Edition::read(t.path());
        let leaks: Vec<String> = list
            .iter()
            .filter_map(|c| scanned.find(c).map(|(_, how)| format!("  `{c}` ({how})")))
            .collect();
        assert!(leaks.is_empty(), "{how} leaked:\n{}", leaks.join("\n"));
    }
    let team = exported(
        &["export", "--edition", "isirt", "--out", "team.json"],
        Some("team.json"),
    );
    assert!(team == full_isirt["scheme.json"], "export --edition isirt");
    // The team's export holds the team's material, so the scans above prove something.
    let t = TempDir::new("export");
    std::fs::write(t.path().join("scheme.json"), &team).unwrap();
    let scanned = Edition::read(t.path());
    let held = list.iter().filter(|c| scanned.find(c).is_some()).count();
    assert!(
        held * 10 >= list.len() * 7,
        "only {held} of {} canaries in the team export",
        list.len()
    );
    for (what, c) in ESCAPED_CANARIES {
        assert!(
            scanned.find_exact(c).is_some(),
            "{what}: `{c}` not in the team export"
        );
    }
}

#[test]
fn every_page_states_its_edition() {
    let f = fixture("canary");
    build_ok(f.path());
    let t = example();
    build_ok(t.path());
    let meta = Selector::parse(r#"meta[name="irbook-edition"]"#).unwrap();
    let banner = Selector::parse(".edition-banner").unwrap();
    for root in [f.path(), t.path()] {
        for (ed, name) in [("staff", "All staff"), ("isirt", "Incident response team")] {
            let e = Edition::read(&root.join("public").join(ed));
            let mut pages = 0;
            for (path, html) in e.html_pages() {
                pages += 1;
                let doc = Html::parse_document(&html);
                let metas: Vec<&str> = doc
                    .select(&meta)
                    .filter_map(|m| m.value().attr("content"))
                    .collect();
                assert_eq!(metas, vec![ed], "{ed}/{path}: irbook-edition meta");
                let banners: Vec<_> = doc.select(&banner).collect();
                assert_eq!(banners.len(), 1, "{ed}/{path}: one edition banner");
                let b = banners[0];
                let text: String = b.text().collect();
                assert!(
                    text.contains(&format!("{name} edition")),
                    "{ed}/{path}: banner does not name the edition: {text}"
                );
                let restricted = b.value().classes().any(|c| c == "restricted");
                if ed == "isirt" {
                    assert!(
                        restricted && text.contains("RESTRICTED"),
                        "{ed}/{path}: team edition banner does not say restricted: {}",
                        b.html()
                    );
                } else {
                    assert!(
                        !restricted && !text.contains("RESTRICTED"),
                        "{ed}/{path}: staff banner claims to be restricted"
                    );
                }
            }
            assert!(pages >= 9, "{}: only {pages} pages", root.display());
        }
    }
}

// ---------------------------------------------------------------------------------------
// A hostile theme
// ---------------------------------------------------------------------------------------

#[test]
fn hostile_theme_dumping_context_leaks_nothing() {
    let f = fixture("canary");
    copy_dir(&repo().join("tests/fixtures/hostile-theme"), f.path());
    let cfg = f.path().join("irbook.yaml");
    let mut text = std::fs::read_to_string(&cfg).unwrap();
    text.push_str("theme: evil\n");
    std::fs::write(&cfg, text).unwrap();
    check_ok(f.path());
    build_ok(f.path());
    let list = canary_list(f.path());
    let staff = Edition::read(&f.path().join("public/staff"));
    let isirt = Edition::read(&f.path().join("public/isirt"));
    assert_separated(&staff, &isirt, &list, "hostile theme");

    // The dump really happened on every page, so the scan above is not vacuous.
    let mut pages = 0;
    for (path, html) in staff.html_pages() {
        pages += 1;
        for marker in ["EVIL-DUMP-BEGIN", "EVIL-WALK-BEGIN {", "EVIL-LOOP-BEGIN\n"] {
            assert!(html.contains(marker), "{path}: no {marker}");
        }
        let dump =
            &html[html.find("EVIL-DUMP-BEGIN").unwrap()..html.find("EVIL-DUMP-END").unwrap()];
        for key in ["\"site\"", "\"edition\"", "\"reporting\"", "\"page_path\""] {
            assert!(dump.contains(key), "{path}: the context dump lacks {key}");
        }
        assert!(
            dump.contains("\"id\": \"staff\""),
            "{path}: not the staff view"
        );
    }
    assert!(pages >= 9, "only {pages} pages");
    let page = String::from_utf8_lossy(&staff.files["scheme/guide.html"]).into_owned();
    assert!(page.contains("\"page\": {"), "page data not dumped");
    let pb = String::from_utf8_lossy(&staff.files["playbooks/flood.html"]).into_owned();
    assert!(pb.contains("\"playbook\": {"), "playbook data not dumped");
    // And in the team edition the same dump holds the team's material.
    let isirt_home = String::from_utf8_lossy(&isirt.files["index.html"]).into_owned();
    assert!(
        isirt_home.contains("CANARY-PAGETITLE-4e1b"),
        "isirt dump lacks the team page title"
    );
}

// ---------------------------------------------------------------------------------------
// The bundled example
// ---------------------------------------------------------------------------------------

fn indent(l: &str) -> usize {
    l.len() - l.trim_start().len()
}

/// Plain words at the start of a Markdown or YAML text, before any markup.
fn plain_start(s: &str) -> String {
    let s = s
        .trim()
        .trim_matches(['"', '\''])
        .trim_start_matches(['#', '-', '*', '>', ' ', '|']);
    let s = s.strip_prefix("[!").map_or(s, |_| "");
    s.chars()
        .take_while(|c| !"*_[]`<>|\\&#!~{}".contains(*c))
        .take(40)
        .collect::<String>()
        .trim()
        .trim_end_matches([',', '.', ':', ';', '(', '-'])
        .trim()
        .to_owned()
}

/// Keys of YAML items whose values are shown to readers.
const SHOWN_KEYS: &[&str] = &[
    "name",
    "title",
    "label",
    "value",
    "reference",
    "question",
    "option",
    "action",
    "evidence",
    "when",
    "help",
    "duties",
    "use_when",
    "summary",
    "intro",
];

/// The first line of the value of `key: value` at line `i`, following a `|` or `>` block.
fn value_at(lines: &[&str], i: usize) -> Option<String> {
    let (_, v) = lines[i].trim().trim_start_matches("- ").split_once(": ")?;
    let v = v.trim();
    if v.starts_with('|') || v.starts_with('>') {
        lines[i + 1..]
            .iter()
            .find(|l| !l.trim().is_empty())
            .map(|l| l.trim().to_owned())
    } else {
        Some(v.to_owned())
    }
}

/// Team-only strings of a project, read from its sources without irbook's code, and the
/// text of the sources with every team-only part cut out.
struct Secrets {
    /// (where, string) pairs.
    candidates: Vec<(String, String)>,
    /// Sources with the team-only parts cut out.
    public_text: String,
    /// Output paths of team-only pages, e.g. `scheme/x.html`.
    hidden_pages: Vec<String>,
}

fn read_secrets(root: &Path) -> Secrets {
    let (_, files) = walk_all(&root.join("content"));
    let mut candidates: Vec<(String, String)> = Vec::new();
    let mut public_text = String::new();
    let mut hidden_pages = Vec::new();
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let lines: Vec<&str> = text.lines().collect();
        let mut hidden = vec![false; lines.len()];
        // Marker blocks, in Markdown files and YAML fields alike.
        let mut depth_start: Vec<usize> = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            match l.trim() {
                "<!-- audience: isirt -->" => depth_start.push(i),
                "<!-- end audience -->" => {
                    if let Some(s) = depth_start.pop() {
                        hidden[s..=i].iter_mut().for_each(|h| *h = true);
                        if let Some(first) = lines[s + 1..i].iter().find(|l| !l.trim().is_empty()) {
                            candidates
                                .push((format!("{path}:{} block", s + 1), plain_start(first)));
                        }
                    }
                }
                _ => {}
            }
        }
        if path.ends_with(".md") {
            // A page whose front matter says `audience: isirt` is hidden whole.
            let fm_end = lines.iter().skip(1).position(|l| l.trim() == "---");
            if let Some(end) = fm_end.map(|e| e + 1)
                && lines[1..end].iter().any(|l| l.trim() == "audience: isirt")
            {
                hidden.iter_mut().for_each(|h| *h = true);
                hidden_pages.push(path.replace(".md", ".html"));
                for l in &lines[1..end] {
                    for key in ["title: ", "summary: "] {
                        if let Some(v) = l.strip_prefix(key) {
                            candidates.push((format!("{path} {key}"), plain_start(v)));
                        }
                    }
                }
                // The first line of up to eight paragraphs of the body.
                let body = &lines[end + 1..];
                let starts = (0..body.len()).filter(|&k| {
                    let prev = if k == 0 { "" } else { body[k - 1].trim() };
                    !body[k].trim().is_empty()
                        && (prev.is_empty() || prev == ">" || prev.starts_with("> [!"))
                });
                for k in starts.take(8) {
                    candidates.push((format!("{path}:{} body", end + k + 2), plain_start(body[k])));
                }
            }
        } else if path.ends_with(".yaml") {
            for (i, l) in lines.iter().enumerate() {
                if l.trim() != "audience: isirt" {
                    continue;
                }
                let n = indent(l);
                // The item the key belongs to: from its `- ` line (or the whole file) to
                // the next line indented no deeper than that dash.
                let (start, end) = if n == 0 {
                    (0, lines.len())
                } else {
                    let start = (0..i)
                        .rev()
                        .find(|&j| indent(lines[j]) + 2 == n && lines[j].trim().starts_with("- "))
                        .unwrap_or_else(|| panic!("{path}:{}: no item for audience", i + 1));
                    let end = (start + 1..lines.len())
                        .find(|&j| !lines[j].trim().is_empty() && indent(lines[j]) + 2 <= n)
                        .unwrap_or(lines.len());
                    (start, end)
                };
                hidden[start..end].iter_mut().for_each(|h| *h = true);
                for j in start..end {
                    let t = lines[j].trim().trim_start_matches("- ");
                    let key = t.split(':').next().unwrap_or("");
                    if SHOWN_KEYS.contains(&key)
                        && let Some(v) = value_at(&lines, j)
                    {
                        candidates.push((format!("{path}:{} {key}", j + 1), plain_start(&v)));
                    }
                }
            }
        }
        for (l, h) in lines.iter().zip(&hidden) {
            if !h {
                public_text.push_str(l);
                public_text.push('\n');
            }
        }
    }
    Secrets {
        candidates,
        public_text,
        hidden_pages,
    }
}

#[test]
fn example_scheme_team_only_items_stay_out() {
    let t = example();
    build_ok(t.path());
    let Secrets {
        candidates,
        mut public_text,
        hidden_pages,
    } = read_secrets(t.path());
    // Text the staff edition may legitimately hold: the sources minus team-only parts,
    // the configuration, the built-in theme and irbook's own strings.
    public_text.push_str(&std::fs::read_to_string(t.path().join("irbook.yaml")).unwrap());
    // irbook's own code holds built-in labels (kinds of party, lifecycle names...).
    for dir in ["themes/default", "src"] {
        let (_, files) = walk_all(&repo().join(dir));
        for b in files.values() {
            public_text.push_str(&String::from_utf8_lossy(b));
        }
    }
    let public_letters = alnum(&public_text);
    let mut secrets: Vec<(String, String)> = Vec::new();
    let mut shared = Vec::new();
    for (place, s) in &candidates {
        if alnum(s).len() < 10 {
            continue;
        }
        if public_letters.contains(&alnum(s)) {
            shared.push(format!("{place}: {s}"));
        } else if !secrets.iter().any(|(_, x)| x == s) {
            secrets.push((place.clone(), s.clone()));
        }
    }
    // The example holds team-only pages, blocks, steps, channels, a party, a section and
    // a field; every kind must have given at least one distinctive string.
    // The example holds team-only pages, marker blocks, steps, channels, parties, form
    // sections and fields; each kind of source must have given distinctive strings, so
    // the scan stays meaningful as the example is edited.
    type PlaceTest = fn(&str) -> bool;
    let kinds: [(&str, PlaceTest); 5] = [
        ("a marker block in a page", |p| {
            p.starts_with("scheme/") && p.ends_with(" block")
        }),
        ("a team-only page", |p| {
            p.starts_with("scheme/") && !p.ends_with(" block")
        }),
        ("a contacts item", |p| p.starts_with("contacts.yaml")),
        ("a playbook step", |p| p.starts_with("playbooks/")),
        ("a form section or field", |p| p.starts_with("forms/")),
    ];
    for (kind, test) in kinds {
        assert!(
            secrets.iter().any(|(p, _)| test(p)),
            "no team-only string from {kind} in the example; collected {secrets:#?}\nskipped as also public: {shared:#?}"
        );
    }
    assert!(
        secrets.len() >= 20,
        "only {} secrets found: {secrets:#?}",
        secrets.len()
    );
    let secrets: Vec<String> = secrets.into_iter().map(|(_, s)| s).collect();
    let staff = Edition::read(&t.path().join("public/staff"));
    let isirt = Edition::read(&t.path().join("public/isirt"));
    assert_separated(&staff, &isirt, &secrets, "example scheme");
    assert!(
        !hidden_pages.is_empty(),
        "the example has no team-only page"
    );
    for p in &hidden_pages {
        assert!(!staff.files.contains_key(p), "staff edition has {p}");
        assert!(isirt.files.contains_key(p), "isirt edition lacks {p}");
    }
}

// ---------------------------------------------------------------------------------------
// Random audience assignments
// ---------------------------------------------------------------------------------------

/// A deterministic xorshift64* generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// One item of a generated scheme: its marker and whether all-staff readers may see it.
struct Item {
    marker: String,
    staff_visible: bool,
    what: String,
}

/// Writes a generated scheme and remembers each item's marker and expected visibility.
struct Gen {
    rng: Rng,
    case: usize,
    items: Vec<Item>,
    n: usize,
}

impl Gen {
    /// `audience:` for an item: none, staff or isirt; returns (yaml line, visible to staff).
    fn audience(&mut self) -> (Option<&'static str>, bool) {
        match self.rng.below(5) {
            0 => (None, true),
            1 => (Some("staff"), true),
            _ => (Some("isirt"), false),
        }
    }

    /// A new marker for an item visible to staff iff `visible`.
    fn marker(&mut self, kind: &str, visible: bool, what: String) -> String {
        self.n += 1;
        let m = format!("QX{kind}{:03}C{:02}Q", self.n, self.case);
        self.items.push(Item {
            marker: m.clone(),
            staff_visible: visible,
            what,
        });
        m
    }

    /// Markdown with the item's own marker and up to two (possibly nested) audience blocks.
    fn markdown(&mut self, kind: &str, visible: bool, what: &str, indent: &str) -> String {
        let m = self.marker(kind, visible, what.to_owned());
        let mut s = format!("{indent}Text {m} here.\n");
        for b in 0..self.rng.below(3) {
            let (aud, v) = self.audience();
            let aud = aud.unwrap_or("staff");
            let inner_vis = visible && v;
            let bm = self.marker("BLOCK", inner_vis, format!("{what}, block {b} ({aud})"));
            s.push_str(&format!(
                "\n{indent}<!-- audience: {aud} -->\n{indent}Block {bm} text.\n"
            ));
            if self.rng.chance(30) {
                let (aud2, v2) = self.audience();
                let aud2 = aud2.unwrap_or("staff");
                let nm = self.marker(
                    "NEST",
                    inner_vis && v2,
                    format!("{what}, block {b} ({aud}) > nested ({aud2})"),
                );
                s.push_str(&format!(
                    "\n{indent}<!-- audience: {aud2} -->\n{indent}Nested {nm} text.\n{indent}<!-- end audience -->\n"
                ));
            }
            s.push_str(&format!(
                "{indent}<!-- end audience -->\n\n{indent}After.\n"
            ));
        }
        s
    }

    fn aud_line(a: Option<&str>, indent: &str) -> String {
        a.map(|a| format!("{indent}audience: {a}\n"))
            .unwrap_or_default()
    }

    /// Channels as YAML under `indent`, each with its own audience.
    fn channels(&mut self, visible: bool, what: &str, indent: &str) -> String {
        let mut s = format!("{indent}channels:\n");
        for c in 0..1 + self.rng.below(2) {
            let (a, v) = self.audience();
            let m = self.marker("CHAN", visible && v, format!("{what}, channel {c} ({a:?})"));
            s.push_str(&format!(
                "{indent}  - kind: messenger\n{indent}    value: {m}\n{}",
                Self::aud_line(a, &format!("{indent}    "))
            ));
        }
        s
    }

    fn write(&mut self, root: &Path) {
        let w = |p: &str, s: &str| {
            let path = root.join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, s).unwrap();
        };
        w(
            "irbook.yaml",
            "organisation: Generated Org\ntitle: Generated scheme\nphases:\n  - id: identification\n    name: Identification\n  - id: containment\n    name: Containment\nincident_categories:\n  - id: malware\n    name: Malware\n",
        );
        // Roles; the first is the point of contact.
        let mut roles = Vec::new();
        let mut role_vis = Vec::new();
        let mut contacts = String::from("reporting:\n  point_of_contact: r0\n  hours: always\n");
        let mut oob = String::from("  out_of_band:\n");
        for c in 0..2 {
            let (a, v) = self.audience();
            let m = self.marker("OOB", v, format!("out-of-band channel {c} ({a:?})"));
            oob.push_str(&format!(
                "    - kind: messenger\n      value: {m}\n{}",
                Self::aud_line(a, "      ")
            ));
        }
        contacts.push_str(&oob);
        contacts.push_str("roles:\n");
        for r in 0..3 {
            let (a, v) = self.audience();
            let what = format!("role r{r} ({a:?})");
            let name = self.marker("ROLE", v, what.clone());
            let duties = self.markdown("DUTY", v, &format!("{what} duties"), "      ");
            let chans = self.channels(v, &what, "    ");
            contacts.push_str(&format!(
                "  - id: r{r}\n    name: {name}\n    min_holders: 1\n    duties: |\n{duties}{chans}{}",
                Self::aud_line(a, "    ")
            ));
            roles.push(format!("r{r}"));
            role_vis.push(v);
        }
        contacts.push_str("people:\n");
        for p in 0..3 {
            let (a, v) = self.audience();
            let what = format!("person p{p} ({a:?})");
            let name = self.marker("PERSON", v, what.clone());
            let title = self.marker("PTITLE", v, format!("{what} title"));
            let held = &roles[self.rng.below(3)];
            let backup = (p + 1 + self.rng.below(2)) % 3;
            let chans = self.channels(v, &what, "    ");
            contacts.push_str(&format!(
                "  - id: p{p}\n    name: {name}\n    title: {title}\n    roles: [{held}]\n    backups: [p{backup}]\n    last_verified: 2026-01-01\n{chans}{}",
                Self::aud_line(a, "    ")
            ));
        }
        // Playbook ids carry markers (lowercase), so hidden output paths are checked too.
        let mut pb_ids = Vec::new();
        let mut pb_aud = Vec::new();
        for b in 0..2 {
            let (a, v) = self.audience();
            let id = self
                .marker("PBID", v, format!("playbook {b} id ({a:?})"))
                .to_lowercase();
            pb_ids.push(id);
            pb_aud.push((a, v));
        }
        contacts.push_str("external_parties:\n");
        for p in 0..2 {
            let (a, v) = self.audience();
            let what = format!("party x{p} ({a:?})");
            let name = self.marker("PARTY", v, what.clone());
            let reference = self.marker("PREF", v, format!("{what} reference"));
            let when = self.markdown("PWHEN", v, &format!("{what} when"), "      ");
            let chans = self.channels(v, &what, "    ");
            let pb = &pb_ids[self.rng.below(2)];
            contacts.push_str(&format!(
                "  - id: x{p}\n    name: {name}\n    kind: cert\n    reference: {reference}\n    for_severity: [high]\n    for_playbooks: [{pb}]\n    when: |\n{when}{chans}{}",
                Self::aud_line(a, "    ")
            ));
        }
        w("content/contacts.yaml", &contacts);
        let r1 = &roles[self.rng.below(3)];
        w(
            "content/severity.yaml",
            &format!(
                "categories:\n  - id: money\n    name: Money\nlevels:\n  - id: high\n    name: High\n    summary: Bad.\n    criteria:\n      money: Lots.\n    notify: [{r1}]\n    notify_parties: [x{}]\n",
                self.rng.below(2)
            ),
        );
        let policy = self.markdown("POLICY", true, "policy body", "");
        w(
            "content/policy.md",
            &format!(
                "---\ntitle: Policy\nowner: r0\napproved_by: Board\napproved_on: 2026-01-01\nversion: \"1\"\nreview_by: 2027-01-01\n---\n{policy}"
            ),
        );
        // Pages; their file names carry markers too.
        let mut page_files = Vec::new();
        let mut pages = Vec::new();
        for p in 0..3 {
            let (a, v) = self.audience();
            let file = self
                .marker("PFILE", v, format!("page {p} file name ({a:?})"))
                .to_lowercase();
            page_files.push(file);
            pages.push((a, v));
        }
        for p in 0..3 {
            let (a, v) = pages[p];
            let what = format!("page {p} ({a:?})");
            let title = self.marker("PTITLE", v, format!("{what} title"));
            let summary = self.marker("PSUM", v, format!("{what} summary"));
            let body = self.markdown("PBODY", v, &what, "");
            let other = &page_files[(p + 1) % 3];
            let owner = &roles[self.rng.below(3)];
            w(
                &format!("content/scheme/{}.md", page_files[p]),
                &format!(
                    "---\ntitle: {title}\nsummary: {summary}\nweight: {p}\nlifecycle: use\nowner: {owner}\n{}---\n{body}\nSee [the next page]({other}.md) and [the playbook](../playbooks/{}.yaml).\n",
                    Self::aud_line(a, ""),
                    pb_ids[p % 2]
                ),
            );
        }
        for b in 0..2 {
            let (a, v) = pb_aud[b];
            let what = format!("playbook {b} ({a:?})");
            let title = self.marker("PBTITLE", v, format!("{what} title"));
            let summary = self.markdown("PBSUM", v, &format!("{what} summary"), "  ");
            let ind = self.marker("PBIND", v, format!("{what} indicator"));
            let mut steps = String::new();
            for (ph, phase) in ["identification", "containment"].iter().enumerate() {
                steps.push_str(&format!("  - phase: {phase}\n    steps:\n"));
                for s in 0..1 + self.rng.below(2) {
                    let (sa, sv) = self.audience();
                    let sv = v && sv;
                    let swhat = format!("{what}, step {ph}.{s} ({sa:?})");
                    let action = self.markdown("ACTION", sv, &swhat, "          ");
                    let ev = self.marker("EVID", sv, format!("{swhat} evidence"));
                    let owner = &roles[self.rng.below(3)];
                    let to_role = &roles[self.rng.below(3)];
                    let (da, dv) = self.audience();
                    let dwhat = format!("{swhat}, decision ({da:?})");
                    let q = self.marker("QUEST", sv && dv, dwhat.clone());
                    let opt = self.marker("OPT", sv && dv, format!("{dwhat} option"));
                    let auth = &roles[self.rng.below(3)];
                    steps.push_str(&format!(
                        "      - id: s{ph}-{s}\n        owner: {owner}\n        evidence: {ev}\n        action: |\n{action}{}        decisions:\n          - question: {q}\n{}            choices:\n              - option: {opt}\n                when: Always.\n                authorised_by: {auth}\n        escalate:\n          - when: worse\n            to_role: {to_role}\n",
                        Self::aud_line(sa, "        "),
                        Self::aud_line(da, "            "),
                    ));
                }
            }
            w(
                &format!("content/playbooks/{}.yaml", pb_ids[b]),
                &format!(
                    "id: {}\ntitle: {title}\ncategory: malware\ndefault_severity: high\nowner: {}\n{}summary: |\n{summary}indicators: [{ind}]\nrelated: [{}]\nphases:\n{steps}",
                    pb_ids[b],
                    roles[self.rng.below(3)],
                    Self::aud_line(a, ""),
                    pb_ids[1 - b],
                ),
            );
        }
        // A form with sections and fields of mixed audiences.
        let (fa, fv) = self.audience();
        let fwhat = format!("form ({fa:?})");
        let ftitle = self.marker("FTITLE", fv, format!("{fwhat} title"));
        let intro = self.markdown("FINTRO", fv, &format!("{fwhat} intro"), "  ");
        let mut form = format!(
            "id: report\ntitle: {ftitle}\n{}intro: |\n{intro}sections:\n",
            Self::aud_line(fa, "")
        );
        for s in 0..2 {
            let (sa, sv) = self.audience();
            let sv = fv && sv;
            let swhat = format!("{fwhat}, section {s} ({sa:?})");
            let st = self.marker("STITLE", sv, swhat.clone());
            form.push_str(&format!(
                "  - id: sec{s}\n    title: {st}\n{}    fields:\n",
                Self::aud_line(sa, "    ")
            ));
            for f in 0..2 {
                let (xa, xv) = self.audience();
                let xv = sv && xv;
                let xwhat = format!("{swhat}, field {f} ({xa:?})");
                let label = self.marker("FLABEL", xv, xwhat.clone());
                let choice = self.marker("FCHOICE", xv, format!("{xwhat} choice"));
                let help = self.markdown("FHELP", xv, &format!("{xwhat} help"), "          ");
                form.push_str(&format!(
                    "      - id: f{s}-{f}\n        label: {label}\n        type: choice\n        choices: [{choice}, Other]\n{}        help: |\n{help}",
                    Self::aud_line(xa, "        ")
                ));
            }
        }
        w("content/forms/report.yaml", &form);
    }
}

#[test]
fn random_audience_assignments_never_leak() {
    let start = std::time::Instant::now();
    let cases = 40;
    let mut hidden_checked = 0;
    let mut shown_checked = 0;
    for case in 0..cases {
        let t = TempDir::new("random-audience");
        let mut g = Gen {
            rng: Rng(0x9e37_79b9_7f4a_7c15 ^ (case as u64 + 1).wrapping_mul(0xd1b5_4a32_d192_ed03)),
            case,
            items: Vec::new(),
            n: 0,
        };
        g.write(t.path());
        let o = run(t.path(), &["build"]);
        assert!(
            o.status.success(),
            "case {case}: generated scheme does not build:\n{}",
            output_text(&o)
        );
        let staff = Edition::read(&t.path().join("public/staff"));
        let isirt = Edition::read(&t.path().join("public/isirt"));
        for it in &g.items {
            let in_staff = staff.find(&it.marker);
            if it.staff_visible {
                assert!(
                    in_staff.is_some(),
                    "case {case}: {} ({}) is visible to staff but missing from the staff edition",
                    it.what,
                    it.marker
                );
                shown_checked += 1;
            } else {
                assert!(
                    in_staff.is_none(),
                    "case {case}: LEAK: {} ({}) is team-only but in the staff edition: {:?}",
                    it.what,
                    it.marker,
                    in_staff
                );
                hidden_checked += 1;
            }
            assert!(
                isirt.find(&it.marker).is_some(),
                "case {case}: {} ({}) missing from the isirt edition",
                it.what,
                it.marker
            );
        }
    }
    assert!(
        hidden_checked > 500 && shown_checked > 300,
        "too few items: {hidden_checked} hidden, {shown_checked} shown"
    );
    eprintln!(
        "{cases} cases, {hidden_checked} hidden and {shown_checked} shown items checked in {:?}",
        start.elapsed()
    );
}

// ---------------------------------------------------------------------------------------
// HTML comments: dropped from every file of every edition, and nothing else with them
// ---------------------------------------------------------------------------------------

#[test]
fn html_comments_reach_no_output_and_take_nothing_with_them() {
    let f = fixture("minimal");
    let guide = f.path().join("content/scheme/guide.md");
    let text = std::fs::read_to_string(&guide).unwrap().replace(
        "## How\n",
        "## How\n\n<!-- REVIEWNOTE-first-1c4a: check with legal\nREVIEWNOTE-inner-2d5b before we publish\n-->\n\n<!-- REVIEWNOTE-same-3e6c --> KEPT-AFTER-COMMENT-4f7d stays.\n\nA sentence <!-- REVIEWNOTE-inline-5a8e\nover two lines --> KEPT-INLINE-6b9f ends.\n",
    );
    std::fs::write(&guide, text).unwrap();
    let flood = f.path().join("content/playbooks/flood.yaml");
    let text = std::fs::read_to_string(&flood).unwrap().replace(
        "        action: Filter the traffic.\n",
        "        action: |\n          <!-- REVIEWNOTE-yaml-7c0a: which filter?\n          REVIEWNOTE-yamlinner-8d1b -->\n          KEPT-YAML-9e2c filter the traffic.\n",
    );
    std::fs::write(&flood, text).unwrap();
    check_ok(f.path());
    build_ok(f.path());
    let comments = [
        "REVIEWNOTE-first-1c4a",
        "REVIEWNOTE-inner-2d5b",
        "before we publish",
        "REVIEWNOTE-same-3e6c",
        "REVIEWNOTE-inline-5a8e",
        "over two lines",
        "REVIEWNOTE-yaml-7c0a",
        "REVIEWNOTE-yamlinner-8d1b",
    ];
    for ed in ["staff", "isirt"] {
        let e = Edition::read(&f.path().join("public").join(ed));
        for c in comments {
            assert_eq!(
                e.find(c),
                None,
                "{ed}: comment text `{c}` reached the output"
            );
        }
        for (path, bytes) in &e.files {
            let t = String::from_utf8_lossy(bytes);
            assert!(
                !t.contains("--&gt;") && !t.contains("&lt;!--"),
                "{ed}/{path}: comment delimiters shown as text"
            );
        }
        // The text around the comments is kept, in the page, the binder, the JSON export
        // and the search index.
        for (file, kept) in [
            ("scheme/guide.html", "KEPT-AFTER-COMMENT-4f7d stays."),
            ("scheme/guide.html", "KEPT-INLINE-6b9f ends."),
            ("playbooks/flood.html", "KEPT-YAML-9e2c filter the traffic."),
            ("binder.html", "KEPT-AFTER-COMMENT-4f7d"),
            ("binder.html", "KEPT-YAML-9e2c"),
            ("scheme.json", "KEPT-AFTER-COMMENT-4f7d"),
            ("scheme.json", "KEPT-INLINE-6b9f"),
            ("assets/search-index.js", "KEPT-AFTER-COMMENT-4f7d"),
            ("assets/search-index.js", "KEPT-YAML-9e2c"),
        ] {
            let t = String::from_utf8_lossy(&e.files[file]);
            assert!(t.contains(kept), "{ed}/{file} lost `{kept}`");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Markers an author may plausibly write: hidden, or rejected, never shown
// ---------------------------------------------------------------------------------------

/// Audience markers written in ways irbook may not recognise. Whatever irbook makes of
/// them, the team-only line must not reach the staff edition: hiding it or rejecting the
/// build are both fine, showing it silently is a leak.
#[test]
fn misplaced_markers_fail_closed() {
    let page = |body: &str| {
        format!(
            "---\ntitle: Edge case\nweight: 90\nlifecycle: use\n---\nIntro.\n\n{body}\nOutro.\n"
        )
    };
    let cases: Vec<(&str, &str, String)> = vec![
        (
            "marker lines inside a blockquote (a GitHub alert)",
            "content/scheme/edge.md",
            page("> [!WARNING]\n> Keep calm.\n> <!-- audience: isirt -->\n> SECRET-QUOTE-1f0a locker code.\n> <!-- end audience -->\n"),
        ),
        (
            "a line starting with ```inline code``` (not a fence in CommonMark)",
            "content/scheme/edge.md",
            page("```whoami``` shows your user name.\n\n<!-- audience: isirt -->\nSECRET-INLINEFENCE-2e1b team only.\n<!-- end audience -->\n"),
        ),
        (
            "a fence line with an info string inside a fence (does not close it)",
            "content/scheme/edge.md",
            page("```\n```text\n```\n\n<!-- audience: isirt -->\nSECRET-INFOCLOSE-3d2c team only.\n<!-- end audience -->\n"),
        ),
        (
            "a shorter fence inside a longer one (does not close it)",
            "content/scheme/edge.md",
            page("````\n```\n````\n\n<!-- audience: isirt -->\nSECRET-LONGFENCE-4c3d team only.\n<!-- end audience -->\n"),
        ),
        (
            "markers in the middle of a line",
            "content/scheme/edge.md",
            page("Call us. <!-- audience: isirt --> SECRET-INLINE-5b4e <!-- end audience --> Thanks.\n"),
        ),
        (
            "a marker after a list bullet",
            "content/scheme/edge.md",
            page("- One\n- <!-- audience: isirt -->\n  SECRET-BULLET-6a5f team only.\n  <!-- end audience -->\n"),
        ),
        (
            "markers indented inside a list item",
            "content/scheme/edge.md",
            page("- One\n  <!-- audience: isirt -->\n  SECRET-LISTITEM-7f60 team only.\n  <!-- end audience -->\n- Two\n"),
        ),
        (
            "markers with Windows line endings",
            "content/scheme/edge.md",
            page("<!-- audience: isirt -->\nSECRET-CRLF-8e71 team only.\n<!-- end audience -->\n")
                .replace('\n', "\r\n"),
        ),
        (
            "markers in a YAML folded scalar (`>`), which joins them onto the line before",
            "content/forms/edge.yaml",
            "id: edge\ntitle: Edge form\nintro: >\n  Fill this in.\n  <!-- audience: isirt -->\n  SECRET-FOLDED-9d82 team only.\n  <!-- end audience -->\nsections:\n  - id: s\n    title: S\n    fields:\n      - id: f\n        label: F\n".to_owned(),
        ),
    ];
    // Marker lines that end up inside code (a fence left open or closed by a shorter
    // one, an indentation): inert there, so they must stop the build with an error.
    let in_code: Vec<(&str, &str, String)> = vec![
        (
            "a fence that is never closed, before the markers",
            "content/scheme/edge.md",
            page("```sh\nls\n\n<!-- audience: isirt -->\nSECRET-OPENFENCE-a1b2 team only.\n<!-- end audience -->\n"),
        ),
        (
            "four backticks closed by three, before the markers",
            "content/scheme/edge.md",
            page("````\nls\n```\n\n<!-- audience: isirt -->\nSECRET-SHORTCLOSE-b2c3 team only.\n<!-- end audience -->\n"),
        ),
        (
            "an unclosed tilde fence in a list item",
            "content/scheme/edge.md",
            page("- Run:\n\n  ~~~\n  ls\n\n  <!-- audience: isirt -->\n  SECRET-LISTFENCE-c3d4 team only.\n  <!-- end audience -->\n"),
        ),
        (
            "an unclosed fence in a block quote",
            "content/scheme/edge.md",
            page("> ```\n> ls\n> <!-- audience: isirt -->\n> SECRET-QUOTEFENCE-d4e5 team only.\n> <!-- end audience -->\n"),
        ),
        (
            "markers indented into a code block",
            "content/scheme/edge.md",
            page("    <!-- audience: isirt -->\n    SECRET-INDENTED-e5f6 team only.\n    <!-- end audience -->\n"),
        ),
        (
            "an unclosed fence with Windows line endings",
            "content/scheme/edge.md",
            page("```\nls\n<!-- audience: isirt -->\nSECRET-CRLFFENCE-f607 team only.\n<!-- end audience -->\n")
                .replace('\n', "\r\n"),
        ),
        (
            "an unclosed fence in a YAML Markdown field",
            "content/forms/edge.yaml",
            "id: edge\ntitle: Edge form\nintro: |\n  ```\n  ls\n  <!-- audience: isirt -->\n  SECRET-YAMLFENCE-0718 team only.\n  <!-- end audience -->\nsections:\n  - id: s\n    title: S\n    fields:\n      - id: f\n        label: F\n".to_owned(),
        ),
    ];
    let mut leaks = Vec::new();
    let all = cases.iter().map(|c| (c, false));
    for ((what, file, text), must_refuse) in all.chain(in_code.iter().map(|c| (c, true))) {
        let f = fixture("canary");
        std::fs::write(f.path().join(file), text).unwrap();
        let secret = text
            .split_whitespace()
            .find(|w| w.starts_with("SECRET-"))
            .unwrap()
            .to_owned();
        let o = run(f.path(), &["build"]);
        if !o.status.success() {
            // Rejected with an error: fails closed.
            continue;
        }
        if must_refuse {
            // A marker in code hides nothing: it must be refused, not just happen to hide.
            leaks.push(format!("  {what}: built without an error"));
        }
        let staff = Edition::read(&f.path().join("public/staff"));
        if let Some((place, how)) = staff.find(&secret) {
            leaks.push(format!(
                "  {what}: `{secret}` shown in staff {place} ({how}), and the build succeeded"
            ));
        }
    }
    assert!(
        leaks.is_empty(),
        "team-only passages reached the staff edition without an error:\n{}",
        leaks.join("\n")
    );
}
