//! The browser's tokeniser (`tokenise` in themes/default/static/search.js) must split text
//! into exactly the terms the Rust one (`render::search`) indexes, or a word on a page
//! cannot be found: both run on the same texts, for the index and for a query, and the
//! terms are compared. The words search.js marks in results (`words`) are compared too.
//!
//! search.js is one function run for its effect, so nothing in it can be reached from
//! outside. The test runs the shipped file in a fresh node context, with one line added
//! just before it looks at the page, that hands its tokeniser to the test; the file in
//! the site stays as it is.
//!
//! Needs `node` on PATH. Without it the test fails, unless IRBOOK_SKIP_NODE=1 is set.

use irbook::render::search::{FOLDS, SPELLINGS, STOP_WORDS, query_terms, terms};
use serde::Deserialize;
use std::path::PathBuf;

/// What search.js makes of one text.
#[derive(Debug, Deserialize)]
struct JsTerms {
    /// `tokenise(text, false)`: the terms the index would hold.
    index: Vec<String>,
    /// `tokenise(text, true)`: the terms of a query.
    query: Vec<String>,
    /// The terms of the runs `words(text)` finds for marking, null ones left out.
    marked: Vec<String>,
}

/// The node side: loads search.js into a fresh context with the hook line added before
/// the line that starts the page's search, and prints its terms for every text.
const RUN_JS: &str = r#"
const fs = require('fs');
const vm = require('vm');
const [script, textsFile] = process.argv.slice(2);
const src = fs.readFileSync(script, 'utf8');
const anchor = "  if (document.readyState === 'loading') {";
const at = src.indexOf(anchor);
if (at < 0 || src.indexOf(anchor, at + 1) >= 0) {
  throw new Error('search.js has no single line `' + anchor.trim() + '` to put the hook ' +
    'before; update RUN_JS in tests/suite/search_js.rs to where search.js now starts its work');
}
const hook = '  globalThis.irbookTokeniser = { tokenise: tokenise, words: words };\n';
const listened = [];
const context = vm.createContext({
  document: { readyState: 'loading', addEventListener: function (e) { listened.push(e); } },
  window: {},
});
vm.runInContext(src.slice(0, at) + hook + src.slice(at), context, { filename: 'search.js' });
if (listened.join() !== 'DOMContentLoaded') {
  throw new Error('search.js did not wait for the page as expected: ' + listened.join());
}
const t = context.irbookTokeniser;
const texts = JSON.parse(fs.readFileSync(textsFile, 'utf8'));
const out = texts.map(function (text) {
  return {
    index: Array.from(t.tokenise(text, false)),
    query: Array.from(t.tokenise(text, true)),
    marked: Array.from(t.words(text)).map(function (w) { return w[2]; })
      .filter(function (term) { return term !== null; }),
  };
});
process.stdout.write(JSON.stringify(out));
"#;

/// Runs search.js's tokeniser in node on `texts`.
fn run_node(texts: &[String]) -> Vec<JsTerms> {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    // One folder per call: the tests of this file run in parallel.
    static CALLS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("irbook-search-js-{}-{call}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // .cjs: the repository's package.json makes .js files ES modules, which this is not.
    std::fs::write(dir.join("run.cjs"), RUN_JS).unwrap();
    std::fs::write(dir.join("texts.json"), serde_json::to_vec(texts).unwrap()).unwrap();
    let out = crate::common::node::run(
        &dir.join("run.cjs"),
        &[
            &repo.join("themes/default/static/search.js"),
            &dir.join("texts.json"),
        ],
        &[],
    );
    let _ = std::fs::remove_dir_all(&dir);
    let answers: Vec<JsTerms> = serde_json::from_slice(&out).expect("node prints JSON");
    assert_eq!(answers.len(), texts.len());
    answers
}

/// Texts written to probe one rule each: case, accents, apostrophes, hyphens, numbers,
/// British and American spellings, punctuation, spaces, emoji and other scripts.
const WRITTEN: &[&str] = &[
    // Plain incident-response prose.
    "Encrypted e-mail, the user’s files",
    "Ransomware: files encrypted, a ransom note on every desktop.",
    "Report a suspected phishing e-mail to the service desk within 15 minutes.",
    "The Incident Manager decides whether to invoke the Business Continuity Plan.",
    "Isolate the affected host; do NOT power it off (memory evidence is lost).",
    "Step 3. Preserve logs: firewall, proxy, DNS and EDR telemetry for the last 30 days.",
    "Who is notified at Critical, in order? The CISO, then the DPO, then Legal.",
    "Lost or stolen laptop, phone or USB stick? Tell us straight away.",
    "Insider threat: investigating suspected insiders needs HR and Legal first.",
    // Case.
    "IT it It iT",
    "ENCRYPTED Encrypted encrypted EnCrYpTeD",
    "iPhone macOS PowerShell McDonald O'REILLY HTTPS TLSv1.3",
    "THE AND OF TO IN IS",
    "Ab AB ab aB",
    // Stemming.
    "encrypt encrypts encrypted encrypting encryption",
    "file files filed filing",
    "stop stops stopped stopping hop hopped hopping",
    "fall falling pass passed buzz buzzed fizz fizzing",
    "policy policies study studies studied die dies died tie ties lie lies",
    "process processes analysis analyses virus viruses bus buses gas",
    "decision decisions mission session lion nation station ion",
    "seeing being doing ring sing thing bring string",
    "bed red shed need feed speed breed agreed",
    "notes note noted noting notion",
    "occurred occurring referred referring controlled controlling",
    "canning planning running begging ebbing adding",
    "use uses used using user users useful",
    "make makes made making maker",
    "ies dies ied tied sss ss s",
    // British and American spellings.
    "organisation organization organise organize organised organized",
    "colour color colours colors",
    "analyse analyze analysed analyzed analysing analyzing",
    "licence license licensed defence defense offence offense",
    "behaviour behavior catalogue catalog programme program",
    "centre center metre meter theatre theater",
    "travelled traveled travelling traveling cancelled canceled",
    "modelling modeling labelled labeled judgement judgment",
    "grey gray cheque check tyre tire kerb curb",
    "prioritise prioritize minimise minimize recognise recognize",
    "authorisation authorization unauthorised unauthorized organisational organizational",
    "paralyse paralyze catalyse catalyze realise realize size sized prize seize",
    "fence hence pence licences licencing pretence pretense sense dense science",
    "hour hours four tour your flour odour odor honour honor harbour harbor detour",
    "fibre fiber metres meters litre liter acre ogre genre cadre centred centering",
    "catalogued cataloged dialogue dialog rogue vogue prologue",
    "fill filled fell full skill skills spell enrol enroll enrolled fulfil fulfill fuelled",
    "programme programmes programmed gramme comm summ",
    "judgement judgment acknowledgement acknowledgment lodgement",
    "cheque cheques grey greys enquiry enquiries enquire learnt learned mould mold",
    "practise practised practice sceptic skeptic",
    // Apostrophes.
    "user's users' user’s users’",
    "can't won't it's isn't don't shouldn't",
    "O'Brien O’Neill d'Artagnan l'été l’été",
    "rock 'n' roll ’tis 'twas",
    "the '90s 'quoted' ‘quoted’",
    // Hyphens and dashes.
    "e-mail E-Mail email EMAIL e-mails",
    "wi-fi Wi-Fi wifi x-ray X-rays",
    "pre- -pre pre-- --pre",
    "a-b-c-d well-known state-of-the-art up-to-date",
    "e--mail e - mail e -mail e- mail",
    "co-operate cooperate re-enter reenter",
    "e‐mail e‑mail e–mail e—mail e−mail",
    "self-service - self service",
    "anti-virus anti-malware non-compliance",
    "SEV-1 sev1 SEV 1 P1-incident",
    "a-b a-bc ab-c it-is is-it",
    // Numbers.
    "10.5 1,000 1 000 2026-01-01 2026/01/01 01:30",
    "ISO/IEC 27001:2022 NIST SP 800-61r2 GDPR Art. 33",
    "CVE-2024-12345 CVE-2021-44228 (Log4Shell)",
    "192.168.0.1 10.0.0.0/8 ::1 fe80::1%eth0",
    "0x1F 0b1010 1e10 3.14159 -42 +44",
    "v2.3.4 2.0-rc1 x86_64 arm64",
    "24/7 9-5 365 1st 2nd 3rd 4th 72h 15min",
    "£5,000 €100 $20 ¥300 50% 100‰",
    "ext. 4455 +44 20 7946 0958",
    "2FA MFA U2F FIDO2 SHA256 AES256",
    // Punctuation.
    "hello,world a.b.c end. (parenthesised) [bracketed] {braced}",
    "quote\"d semi;colon colon: bang! what? slash/ back\\slash pipe|",
    "ellipsis… «guillemets» „German“ ‘single’ “double”",
    "¿Qué? ¡Hola! ¶ § 3 • bullet · middle",
    "#hashtag @mention C++ C# .NET Node.js F#",
    "https://intranet.example.org/security/report?q=phishing&lang=en#top",
    "security@example.org mailto:soc@example.co.uk",
    "under_score snake_case kebab-case camelCase PascalCase",
    "a*b a+b a=b a<b a>b a~b a^b a`b",
    "<script>alert(1)</script> &amp; &lt;tag&gt;",
    // Whitespace and invisible characters.
    "tab\tseparated\nnew line\r\nwindows",
    "no\u{a0}break\u{2007}figure\u{202f}narrow",
    "ideographic\u{3000}space line\u{2028}separator para\u{2029}graph",
    "zero\u{200b}width joiner\u{200d}here non\u{200c}joiner",
    "soft\u{ad}hyphen byte\u{feff}order",
    "control\u{1}char\u{7f}del\u{1b}esc",
    "  leading and trailing   ",
    "",
    " ",
    "-",
    "'",
    // Accents and other Latin letters.
    "Café NAÏVE Straße façade Noël coöperate",
    "Ærøskøbing Œuvre Þingvellir Łódź Dvořák Šibenik",
    "São Paulo Brasília Curaçao Málaga Zürich Genève",
    "İstanbul ISTANBUL ıi Iı",
    "ẞ ß SS ss STRASSE",
    "ǅemal Ǆ ǆ ǈ ǋ",
    "ﬁle ﬂow ﬀ ﬃ",
    "cafe\u{301} nai\u{308}ve n\u{303} a\u{30a}",
    "e-\u{301}mail \u{301}start mid\u{301}dle",
    "Ω Ω K K Å Å",
    "ªº µs °C ½ ¼ ¹²³",
    "×÷ ±",
    "Ĳssel ĳ ŉ ſ",
    // Greek and Cyrillic.
    "ΟΔΟΣ ΣΟΦΙΑΣ οδός ΣΊΣΥΦΟΣ σίσυφος",
    "Σ ΣΣ AΣ ΑΣ. ΑΣΑ",
    "Привет мир ИНЦИДЕНТ инцидент Ёлка",
    "Ελληνικά και Русский mixed with English",
    // Other scripts.
    "情報セキュリティ事故対応 インシデント",
    "信息安全事件管理 事件响应",
    "정보 보안 사고 대응",
    "مرحبا بالعالم الأمن السيبراني",
    "שלום עולם אבטחת מידע",
    "सूचना सुरक्षा घटना प्रबंधन",
    "ข้อมูล ความปลอดภัย",
    "Ｆｕｌｌｗｉｄｔｈ ＬＥＴＴＥＲＳ １２３",
    "全角、句読点。「括弧」",
    "𝒜𝒷𝒸 𝐁𝐨𝐥𝐝 𝔉𝔯𝔞𝔨𝔱𝔲𝔯",
    "𐐀𐐁𐐂 Deseret 𞤀𞤁 Adlam",
    // Emoji.
    "🔥 fire 🔥fire fire🔥",
    "👩‍💻 developer 👍🏽 thumbs",
    "🇬🇧 🇺🇸 flags ✅ done ❌ failed ⚠️ warning",
    "☎️ call 📧 mail 🔒locked",
    "😀😃😄 emoji-only-chain 😀-😃",
    // Long words.
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855x",
    "ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé",
    "ßßßßßßßßßßßßßßßßßßßßßßßßßßßßßßßßß",
    "ßßßßßßßßßßßßßßßßßßßßßßßßßßßßßßß",
    // Short words and stop words.
    "a b c d e f g h i j",
    "an be to it is of in on at by",
    "the quick brown fox jumps over the lazy dog",
    "To be, or not to be, that is the question.",
    "what when where which who why how",
];

/// A tiny deterministic generator, so the generated texts are the same on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Texts made by running pieces together with separators at random: words the written
/// texts rarely put side by side (a hyphen before an accent, an apostrophe after CJK).
fn generated(n: usize) -> Vec<String> {
    const PIECES: &[&str] = &[
        "e",
        "mail",
        "Wi",
        "fi",
        "IT",
        "it",
        "the",
        "Encrypted",
        "files",
        "policies",
        "stopped",
        "café",
        "NAÏVE",
        "Straße",
        "ΟΔΟΣ",
        "Σ",
        "İ",
        "ǅ",
        "ﬁle",
        "情報",
        "事故",
        "🔥",
        "👍🏽",
        "2026",
        "sev1",
        "x86_64",
        "colour",
        "color",
        "organisation",
        "ies",
        "e\u{301}",
        "\u{301}",
        "𝒜𝒷",
        "Ｆｕｌｌ",
        "Привет",
        "a",
        "xx",
        "ss",
        "ing",
        "tion",
        "ed",
        "s",
        "don",
        "t",
        "O",
        "Brien",
        "12",
        "3.5",
        "ä",
        "ÆØÅ",
        "œ",
        "þ",
        "K",
        "Ω",
    ];
    const SEPARATORS: &[&str] = &[
        " ", " ", " ", "-", "-", "'", "’", ",", ". ", "\n", "\u{a0}", "", "—", "/", "_", "--",
        " - ", "‐", "\u{3000}", "…", "!", "(", ")", "\u{200d}", "\u{ad}",
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    (0..n)
        .map(|_| {
            let mut t = String::new();
            for _ in 0..1 + rng.below(12) {
                t.push_str(PIECES[rng.below(PIECES.len())]);
                t.push_str(SEPARATORS[rng.below(SEPARATORS.len())]);
            }
            t
        })
        .collect()
}

/// Every text the tests feed both tokenisers.
fn texts() -> Vec<String> {
    let mut all: Vec<String> = WRITTEN.iter().map(|t| (*t).to_owned()).collect();
    // Each table both sides keep a copy of, whole: every stop word, alone and in a chain
    // of words joined by hyphens, and every folded letter, in both cases.
    all.push(STOP_WORDS.join(" "));
    all.push(STOP_WORDS.join("-"));
    // Every spelling both sides fold, as a stem, as a word that stems to it, and inflected.
    for (from, to) in SPELLINGS {
        all.push(format!(
            "{from} {to} {from}e {from}es {from}ed {from}ing {to}s"
        ));
    }
    for (from, _) in FOLDS {
        all.push(format!("{from} x{from}x {}", from.to_uppercase()));
        all.extend(from.chars().map(|c| format!("{c}{c}ss {c}ies x{c}ing")));
    }
    all.extend(generated(300));
    // Every written text again, in upper case, then all of them run together.
    all.extend(WRITTEN.iter().map(|t| t.to_uppercase()));
    all.push(WRITTEN.join(" "));
    all
}

/// Fails with the texts on which `rust` and `js` differ, escaped and cut short: a long
/// text is shown from a little before its first differing term.
fn assert_agree(what: &str, texts: &[String], pairs: &[(Vec<String>, Vec<String>)]) {
    let report: Vec<String> = texts
        .iter()
        .zip(pairs)
        .filter(|(_, (rust, js))| rust != js)
        .map(|(t, (rust, js))| {
            let at = rust.iter().zip(js).take_while(|(r, j)| r == j).count();
            let from = at.saturating_sub(3);
            let near = |v: &[String]| v[from.min(v.len())..(at + 4).min(v.len())].to_vec();
            let shown: String = t.chars().take(200).collect();
            format!(
                "  text: {shown:?}{}\n  from term {from}:\n    rust: {:?}\n    js:   {:?}",
                if shown.len() < t.len() { " (cut)" } else { "" },
                near(rust),
                near(js)
            )
        })
        .collect();
    assert!(
        report.is_empty(),
        "{what}: {} of {} texts differ between Rust and search.js:\n{}",
        report.len(),
        texts.len(),
        report
            .iter()
            .take(12)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn tokenisers_agree() {
    if !crate::common::node::available("themes/default/static/search.js's tokeniser") {
        return;
    }
    let texts = texts();
    let js = run_node(&texts);
    // The comparison would pass on two empty lists: first check that both sides work.
    let known = "Encrypted e-mail, the user’s files";
    let expected = ["encrypt", "mail", "email", "user", "fil"];
    assert_eq!(terms(known), expected);
    let i = texts
        .iter()
        .position(|t| t == known)
        .expect("a text with known terms");
    assert_eq!(js[i].index, expected, "search.js on {known:?}");

    let index: Vec<_> = texts
        .iter()
        .zip(&js)
        .map(|(t, j)| (terms(t), j.index.clone()))
        .collect();
    assert_agree("index terms", &texts, &index);
    let query: Vec<_> = texts
        .iter()
        .zip(&js)
        .map(|(t, j)| (query_terms(t), j.query.clone()))
        .collect();
    assert_agree("query terms", &texts, &query);
    let total: usize = index.iter().map(|(r, _)| r.len()).sum();
    eprintln!(
        "{} texts ({total} index terms) tokenised alike",
        texts.len()
    );
}

/// The words search.js marks in a result must be the words the index holds for that text:
/// otherwise a result would show no mark for the word it was found by, or mark another.
#[test]
fn marked_words_are_the_indexed_terms() {
    if !crate::common::node::available("themes/default/static/search.js's tokeniser") {
        return;
    }
    let texts = texts();
    let js = run_node(&texts);
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    let pairs: Vec<_> = texts
        .iter()
        .zip(&js)
        .map(|(t, j)| (sorted(terms(t)), sorted(j.marked.clone())))
        .collect();
    assert!(pairs.iter().any(|(r, _)| r.len() > 10), "texts with terms");
    assert_agree("marked terms (sorted)", &texts, &pairs);
}

/// The example scheme's search vocabulary: every synonym's words and phrases and every
/// search term, as written.
fn vocabulary() -> Vec<String> {
    let loaded = irbook::load::load(&crate::common::repo());
    let s = loaded.scheme.expect("the example scheme loads");
    let mut out: Vec<String> = Vec::new();
    for syn in &s.config.data.search.synonyms {
        out.extend(syn.words.iter().chain(&syn.means).map(|w| w.value.clone()));
    }
    let terms = s
        .playbooks
        .iter()
        .flat_map(|p| &p.data.search_terms)
        .chain(s.pages.iter().flat_map(|p| &p.meta.search_terms))
        .chain(s.awareness.iter().flat_map(|p| &p.meta.search_terms))
        .chain(s.contacts.data.roles.iter().flat_map(|r| &r.search_terms))
        .chain(s.contacts.data.people.iter().flat_map(|p| &p.search_terms))
        .chain(
            s.contacts
                .data
                .external_parties
                .iter()
                .flat_map(|p| &p.search_terms),
        );
    out.extend(terms.map(|t| t.value.clone()));
    out
}

/// Synonyms are matched when the index is built, by the Rust tokeniser, and typed by
/// people, tokenised by search.js: both must make the same terms of every word and phrase
/// of the example's vocabulary (acronyms, hyphens, apostrophes, British and American
/// spellings), and each must give at least one term, or it could never be found.
#[test]
fn synonyms_and_search_terms_tokenise_alike() {
    if !crate::common::node::available("themes/default/static/search.js's tokeniser") {
        return;
    }
    let texts = vocabulary();
    assert!(texts.len() > 50, "only {} words of vocabulary", texts.len());
    let js = run_node(&texts);
    let query: Vec<_> = texts
        .iter()
        .zip(&js)
        .map(|(t, j)| (query_terms(t), j.query.clone()))
        .collect();
    assert_agree("vocabulary, as queries", &texts, &query);
    let index: Vec<_> = texts
        .iter()
        .zip(&js)
        .map(|(t, j)| (terms(t), j.index.clone()))
        .collect();
    assert_agree("vocabulary, as page text", &texts, &index);
    let empty: Vec<&String> = texts
        .iter()
        .zip(&query)
        .filter(|(_, (rust, _))| rust.is_empty())
        .map(|(t, _)| t)
        .collect();
    assert!(empty.is_empty(), "words search ignores entirely: {empty:?}");
}
