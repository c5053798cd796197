//! The scanner of the edition tests: every file and folder of an edition read back and
//! decoded every way an output may spell text (HTML entities, JSON/JS escapes,
//! percent-encoding, vCard/CSV escapes, tags removed, UTF-16), so that a canary is found
//! however it is written.

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
pub(super) fn alnum(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Every decoding of `text` reachable by applying the decoders repeatedly, in any order,
/// lowercased, followed by the letters-and-digits form of each.
pub(super) fn decodings(text: &str) -> Vec<(String, String)> {
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
pub(super) struct Edition {
    name: String,
    stacks: Vec<Haystack>,
    /// Raw file contents by relative path, for targeted assertions.
    pub(super) files: BTreeMap<String, Vec<u8>>,
}

/// Relative paths of every file and folder under `root`, files with their bytes.
pub(super) fn walk_all(root: &Path) -> (Vec<String>, BTreeMap<String, Vec<u8>>) {
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
    pub(super) fn read(root: &Path) -> Edition {
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
    pub(super) fn find(&self, needle: &str) -> Option<(String, String)> {
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
    pub(super) fn find_exact(&self, needle: &str) -> Option<(String, String)> {
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
    pub(super) fn only_escaped(&self, needle: &str) -> bool {
        let lower = needle.to_lowercase();
        let raw = self.stacks.iter().any(|h| {
            h.forms
                .iter()
                .any(|(how, t)| how == "raw, case-insensitive" && t.contains(&lower))
        });
        !raw && self.find_exact(needle).is_some()
    }

    pub(super) fn html_pages(&self) -> impl Iterator<Item = (&String, String)> {
        self.files
            .iter()
            .filter(|(p, _)| p.ends_with(".html"))
            .map(|(p, b)| (p, String::from_utf8_lossy(b).into_owned()))
    }
}

/// Asserts no secret is in `staff` and every secret is in `isirt`.
pub(super) fn assert_separated(
    staff: &Edition,
    isirt: &Edition,
    secrets: &[String],
    context: &str,
) {
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
