//! Generates a large, valid irbook scheme project for load and scale testing.
//!
//! ```sh
//! cargo run --release --example gen_scheme -- --pages N [--playbooks M] [--people P] [--seed S] OUT
//! ```
//!
//! Writes a complete scheme into the folder `OUT` (which must not exist or be empty):
//!
//! - `irbook.yaml` with the audiences `staff` and `isirt` and the default phases and
//!   incident categories;
//! - `content/policy.md` covering all eleven checklist topics;
//! - `content/severity.yaml` with six impact categories and four levels;
//! - `content/contacts.yaml` with about `P / 3` roles, `P` people (each with backups
//!   holding the same role), and about `P / 4` external parties of every kind;
//! - `M` playbooks `content/playbooks/pb-NNN.yaml`, each with all six default phases,
//!   filed under the default taxonomy in turn (at least one under `unknown`);
//! - `content/forms/event-report.yaml`;
//! - `N` scheme pages `content/scheme/area-AA/page-NNNNN.md` of 4-8 KB each, spread
//!   over up to 20 folders, with 2-4 links each to other generated files. About 5% of
//!   the pages are for the `isirt` audience; pages visible to all staff never link to
//!   them, so `irbook check` reports neither errors nor warnings.
//!
//! With fewer than 11 playbooks some incident categories have none, and `irbook check`
//! warns about them (`category-without-playbook`); the `unknown` one always has one.
//!
//! Defaults: `M = max(12, N / 50)`, `P = max(12, N / 20)`, `S = 42`. The output
//! depends only on the arguments: the same arguments and seed give byte-identical
//! files (a hand-written splitmix64 generator, no clock, no hash-map ordering).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// What to generate, from the command line.
#[derive(Debug, Clone)]
pub struct Options {
    /// Number of scheme pages.
    pub pages: usize,
    /// Number of playbooks.
    pub playbooks: usize,
    /// Number of people in the contact directory.
    pub people: usize,
    /// Seed of the pseudo-random generator.
    pub seed: u64,
    /// Folder to write the project into.
    pub out: PathBuf,
}

const USAGE: &str = "usage: gen_scheme --pages N [--playbooks M] [--people P] [--seed S] OUT

Writes a generated irbook scheme project with N scheme pages into the folder OUT,
which must not exist or must be empty.

  --pages N       scheme pages to write (at least 1)
  --playbooks M   playbooks to write (default max(12, N/50))
  --people P      people in the contact directory (default max(12, N/20), at least 8)
  --seed S        seed of the pseudo-random generator (default 42)";

impl Options {
    /// Parses the arguments after the program name; `Err` holds the message to print.
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
        let mut pages = None;
        let mut playbooks = None;
        let mut people = None;
        let mut seed = 42u64;
        let mut out: Option<PathBuf> = None;
        let mut it = args.into_iter();
        while let Some(arg) = it.next() {
            if arg == "-h" || arg == "--help" {
                return Err(USAGE.to_owned());
            }
            if let Some(flag) = arg.strip_prefix("--") {
                let (name, inline) = match flag.split_once('=') {
                    Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
                    None => (flag.to_owned(), None),
                };
                let value = match inline {
                    Some(v) => v,
                    None => it
                        .next()
                        .ok_or_else(|| format!("--{name} needs a value\n\n{USAGE}"))?,
                };
                let num = |v: &str| -> Result<u64, String> {
                    v.parse::<u64>()
                        .map_err(|_| format!("--{name}: `{v}` is not a whole number"))
                };
                match name.as_str() {
                    "pages" => pages = Some(num(&value)? as usize),
                    "playbooks" => playbooks = Some(num(&value)? as usize),
                    "people" => people = Some(num(&value)? as usize),
                    "seed" => seed = num(&value)?,
                    _ => return Err(format!("unknown option --{name}\n\n{USAGE}")),
                }
            } else if out.is_none() {
                out = Some(PathBuf::from(arg));
            } else {
                return Err(format!("more than one output folder given\n\n{USAGE}"));
            }
        }
        let pages = pages.ok_or_else(|| format!("--pages is required\n\n{USAGE}"))?;
        let out = out.ok_or_else(|| format!("no output folder given\n\n{USAGE}"))?;
        let playbooks = playbooks.unwrap_or_else(|| (pages / 50).max(12));
        let people = people.unwrap_or_else(|| (pages / 20).max(12));
        if pages == 0 {
            return Err("--pages must be at least 1".into());
        }
        if playbooks == 0 {
            return Err("--playbooks must be at least 1".into());
        }
        if people < 8 {
            return Err("--people must be at least 8, so every role has two holders".into());
        }
        Ok(Options {
            pages,
            playbooks,
            people,
            seed,
            out,
        })
    }
}

/// A small deterministic pseudo-random generator (splitmix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for one `stream` (e.g. one page) of the run seeded with `seed`.
    pub fn new(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        r.next_u64();
        r
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `k` distinct indices of `0..n`, in random order (`k <= n`).
    pub fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        for i in 0..k {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k);
        all
    }
}

// ---------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------

const ORG: &str = "Larkspur Cold Chain Ltd";
const DOMAIN: &str = "larkspur.example";

const PHASES: [&str; 6] = [
    "preparation",
    "identification",
    "containment",
    "eradication",
    "recovery",
    "lessons-learned",
];

const LIFECYCLES: [&str; 4] = ["plan", "use", "review", "improve"];

/// The default incident taxonomy of irbook, with default severity and playbook titles.
const CATEGORIES: [(&str, &str, &[&str]); 11] = [
    (
        "denial-of-service",
        "sev2",
        &[
            "Denial of service against the booking portal",
            "Flood of traffic at the head office firewall",
            "Extortion threat of a denial-of-service attack",
        ],
    ),
    (
        "information-gathering",
        "sev4",
        &[
            "Port scanning and reconnaissance",
            "Suspicious questions from unknown callers",
            "Tailgating and site surveys at depots",
        ],
    ),
    (
        "unauthorised-access",
        "sev2",
        &[
            "Compromised user account",
            "Misused administrator rights",
            "Unknown device on the depot network",
        ],
    ),
    (
        "malware",
        "sev3",
        &[
            "Malware on a laptop or desktop",
            "Ransomware",
            "Cryptominer on a server",
            "Infected handheld scanner",
        ],
    ),
    (
        "social-engineering",
        "sev3",
        &[
            "Phishing e-mail",
            "Invoice and payment fraud",
            "Phone calls impersonating the service desk",
        ],
    ),
    (
        "data-breach",
        "sev2",
        &[
            "Personal data breach",
            "Customer data sent to the wrong recipient",
            "Exposed cloud storage",
        ],
    ),
    (
        "physical-loss",
        "sev3",
        &[
            "Lost or stolen laptop",
            "Lost handheld scanner or phone",
            "Break-in at a depot office",
        ],
    ),
    (
        "misuse",
        "sev2",
        &[
            "Insider misuse of systems",
            "Data taken by a leaver",
            "Misuse of privileged access",
        ],
    ),
    (
        "defacement",
        "sev3",
        &[
            "Web site defacement",
            "Unauthorised change to the customer portal",
            "Hijacked social media account",
        ],
    ),
    (
        "supplier",
        "sev2",
        &[
            "Supplier compromise",
            "Breach at the payroll provider",
            "Compromised software update",
        ],
    ),
    (
        "unknown",
        "sev3",
        &[
            "Unknown or unclassified event",
            "Unexplained system behaviour",
        ],
    ),
];

/// Base roles: id, name, minimum holders, duties.
const BASE_ROLES: [(&str, &str, u32, &str); 16] = [
    (
        "service-desk",
        "Service desk (point of contact)",
        2,
        "Receives every report of a security event, logs it with an event number and makes the first assessment.",
    ),
    (
        "isirt-lead",
        "ISIRT lead",
        2,
        "Leads the incident response team, confirms incidents at second assessment and takes the pre-authorised containment decisions.",
    ),
    (
        "incident-coordinator",
        "Incident coordinator",
        2,
        "Runs one incident from confirmation to closure, keeps the incident log and sends the scheduled updates.",
    ),
    (
        "security-analyst",
        "Security analyst",
        2,
        "Investigates alerts and reports, scopes incidents and carries out technical containment.",
    ),
    (
        "ciso",
        "Chief information security officer",
        1,
        "Owns the scheme and the policy, and decides on Major incidents and on outside notifications.",
    ),
    (
        "it-operations",
        "IT operations",
        2,
        "Isolates, rebuilds and restores systems, and keeps backups and logging working.",
    ),
    (
        "data-protection-officer",
        "Data protection officer",
        1,
        "Assesses every incident that may involve personal data and advises on notifying the regulator and the people affected.",
    ),
    (
        "legal-counsel",
        "Legal counsel",
        1,
        "Advises on legal duties, contracts, evidence and contact with the police.",
    ),
    (
        "communications-lead",
        "Communications lead",
        2,
        "Prepares holding statements and all messages to staff, customers and the media.",
    ),
    (
        "executive-sponsor",
        "Executive sponsor",
        1,
        "Gives the ISIRT its authority and decides on Critical incidents and crisis escalation.",
    ),
    (
        "forensics-analyst",
        "Forensics analyst",
        2,
        "Collects and preserves evidence and keeps the chain of custody.",
    ),
    (
        "network-engineer",
        "Network engineer",
        2,
        "Changes firewall and network rules during containment and keeps the network diagrams current.",
    ),
    (
        "hr-partner",
        "HR business partner",
        1,
        "Advises on incidents involving staff, including insider cases and disciplinary steps.",
    ),
    (
        "facilities-manager",
        "Facilities manager",
        1,
        "Secures buildings, rooms and vehicles and keeps the visitor and key records.",
    ),
    (
        "supplier-manager",
        "Supplier manager",
        1,
        "Holds the supplier contracts and contacts, and chases suppliers during incidents.",
    ),
    (
        "depot-security-liaison",
        "Depot security liaison",
        2,
        "Acts as the eyes and ears of the ISIRT at a depot and secures equipment and evidence on site.",
    ),
];

const SITES: [&str; 12] = [
    "Avonmouth",
    "Felixstowe",
    "Immingham",
    "Tilbury",
    "Grangemouth",
    "Holyhead",
    "Teesport",
    "Southampton",
    "Belfast",
    "Liverpool",
    "Hull",
    "Dover",
];

const FIRST_NAMES: [&str; 40] = [
    "Amara", "Tomasz", "Priya", "Callum", "Ingrid", "Kwame", "Sofia", "Declan", "Mei", "Rhys",
    "Leila", "Owen", "Hana", "Mateus", "Freya", "Idris", "Nadia", "Euan", "Yusuf", "Carys",
    "Lukas", "Aoife", "Ravi", "Bethan", "Kofi", "Elena", "Finlay", "Zara", "Joaquin", "Maud",
    "Arjun", "Sian", "Pavel", "Imogen", "Tariq", "Greta", "Niall", "Farah", "Oskar", "Lowri",
];

const LAST_NAMES: [&str; 40] = [
    "Okafor",
    "Nowak",
    "Raman",
    "Fraser",
    "Lindqvist",
    "Mensah",
    "Ferreira",
    "Byrne",
    "Chen",
    "Pritchard",
    "Haddad",
    "Morgan",
    "Sato",
    "Oliveira",
    "Andersen",
    "Evans",
    "Kowalski",
    "Mackay",
    "Demir",
    "Llewellyn",
    "Bauer",
    "Kelly",
    "Iyer",
    "Hughes",
    "Asante",
    "Petrova",
    "Campbell",
    "Malik",
    "Navarro",
    "Dubois",
    "Kapoor",
    "Jenkins",
    "Novak",
    "Whitfield",
    "Rahman",
    "Berg",
    "Doherty",
    "Aziz",
    "Nilsson",
    "Price",
];

const PARTY_KINDS: [&str; 11] = [
    "regulator",
    "cert",
    "insurer",
    "law-enforcement",
    "supplier",
    "legal",
    "incident-response",
    "media",
    "emergency",
    "partner",
    "other",
];

const PARTY_NAMES: [(&str, &[&str]); 11] = [
    (
        "regulator",
        &[
            "Data Protection Authority",
            "Food Standards Regulator",
            "Customs and Excise Authority",
            "Transport Safety Regulator",
        ],
    ),
    (
        "cert",
        &["National Cyber Security Centre", "Logistics Sector CERT"],
    ),
    (
        "insurer",
        &["Cyber insurer incident line", "Cargo insurer claims desk"],
    ),
    (
        "law-enforcement",
        &["Regional Cyber Crime Unit", "Action Fraud reporting line"],
    ),
    (
        "supplier",
        &[
            "Managed network provider",
            "Warehouse system vendor",
            "Payroll bureau",
            "Cloud e-mail provider",
        ],
    ),
    (
        "legal",
        &["Outside counsel, breach response", "Employment law firm"],
    ),
    (
        "incident-response",
        &["Forensics retainer", "Incident response retainer"],
    ),
    ("media", &["Crisis PR agency"]),
    (
        "emergency",
        &["Building security control room", "Fire and rescue liaison"],
    ),
    (
        "partner",
        &["Largest retail customer", "Port community system operator"],
    ),
    ("other", &["Domain registrar", "Certificate authority"]),
];

const ACTORS: [&str; 17] = [
    "The service desk",
    "The ISIRT lead",
    "The incident coordinator",
    "The security analyst on duty",
    "The data protection officer",
    "IT operations",
    "The depot manager",
    "Legal counsel",
    "The communications lead",
    "The forensics analyst",
    "The network engineer on call",
    "The supplier manager",
    "Each team leader",
    "The CISO",
    "The executive sponsor",
    "The reporter's line manager",
    "The crisis management team",
];

const VERBS_S: [&str; 20] = [
    "records",
    "reviews",
    "checks",
    "confirms",
    "documents",
    "isolates",
    "preserves",
    "escalates",
    "verifies",
    "tracks",
    "classifies",
    "restores",
    "updates",
    "approves",
    "tests",
    "collects",
    "reports",
    "closes",
    "hands over",
    "summarises",
];

const VERBS_IMP: [&str; 20] = [
    "record",
    "review",
    "check",
    "confirm",
    "document",
    "isolate",
    "preserve",
    "escalate",
    "verify",
    "photograph",
    "label",
    "restore",
    "update",
    "disable",
    "reset",
    "block",
    "quarantine",
    "collect",
    "hand over",
    "report",
];

const OBJECTS: [&str; 30] = [
    "the suspicious e-mail",
    "the affected laptop",
    "the incident record",
    "the firewall change",
    "the backup catalogue",
    "the privileged account",
    "the VPN gateway logs",
    "the payroll export",
    "the customer booking portal",
    "the handheld scanner",
    "the warehouse management system",
    "the shared mailbox",
    "the evidence bag",
    "the access badge",
    "the administrator password",
    "the proxy logs",
    "the endpoint alert",
    "the supplier's notification",
    "the chain-of-custody form",
    "the encrypted USB stick",
    "the cloud storage link",
    "the depot CCTV footage",
    "the server image",
    "the phishing report",
    "the list of affected customers",
    "the incident timeline",
    "the decision log",
    "the holding statement",
    "the regulator notification",
    "the recovery plan",
];

/// Endings that follow a third-person verb only ("... and tells the reporter").
const ACTOR_TAILS: [&str; 3] = [
    "and tells the reporter what happens next",
    "and notes the time in UTC",
    "and copies the incident coordinator in",
];

/// Endings that fit any clause.
const TAILS: [&str; 16] = [
    "before the end of the shift",
    "within the response target",
    "as soon as the event is logged",
    "when the severity is Major or higher",
    "unless the ISIRT lead decides otherwise",
    "without switching the machine off",
    "in the incident record",
    "before anyone restores from backup",
    "at every scheduled update",
    "within one working day",
    "while the incident stays open",
    "through the out-of-band routes if e-mail is in doubt",
    "before the post-incident review",
    "for every depot affected",
    "with a second person as witness",
    "before the evidence leaves the site",
];

const SITUATIONS: [&str; 15] = [
    "the machine is still encrypting files",
    "more than one depot reports the same symptom",
    "personal data may have left the network",
    "the reporter is unsure what they saw",
    "the supplier cannot be reached",
    "a journalist calls about the incident",
    "the alert fires outside office hours",
    "the account belongs to a senior manager",
    "the evidence may be needed in court",
    "the newest backup is older than a day",
    "the same sender targets several teams",
    "a customer reports the problem first",
    "the attacker may still have access",
    "the network is down",
    "a member of the ISIRT is involved",
];

const REASONS: [&str; 10] = [
    "a reboot destroys evidence held in memory",
    "regulators expect a first report within 72 hours",
    "a late escalation costs far more than an early one",
    "the attacker may be reading our e-mail",
    "guesses are useful as long as we know they are guesses",
    "the log is the record a court will look at first",
    "customers judge us by how quickly we tell them",
    "small incidents left alone grow into large ones",
    "one clear owner avoids duplicated work",
    "the same weakness usually exists elsewhere",
];

const TIMEFRAMES: [&str; 9] = [
    "Within 15 minutes",
    "Before the end of the shift",
    "At every scheduled update",
    "Once a quarter",
    "Within one working day",
    "Out of hours",
    "During a Critical incident",
    "After every incident",
    "On the first working day of each month",
];

const GERUNDS: [&str; 16] = [
    "Handling",
    "Reporting",
    "Isolating",
    "Reviewing",
    "Recording",
    "Escalating",
    "Preserving",
    "Restoring",
    "Assessing",
    "Testing",
    "Notifying",
    "Verifying",
    "Tracking",
    "Classifying",
    "Containing",
    "Triaging",
];

const TITLE_OBJECTS: [&str; 24] = [
    "suspicious e-mails",
    "compromised accounts",
    "lost handheld scanners",
    "firewall alerts",
    "privileged access requests",
    "backup failures",
    "supplier notifications",
    "phishing reports",
    "malware detections",
    "unusual logins",
    "bulk data exports",
    "evidence items",
    "VPN sessions",
    "media enquiries",
    "regulator contacts",
    "out-of-hours calls",
    "temperature logger faults",
    "payment change requests",
    "stolen vehicles and trailers",
    "badge and key losses",
    "cloud sharing links",
    "endpoint alerts",
    "depot visitor incidents",
    "customer complaints about data",
];

const QUALIFIERS: [&str; 14] = [
    "at depots",
    "out of hours",
    "for the ISIRT",
    "in the warehouse system",
    "during a crisis",
    "on the customer portal",
    "with suppliers",
    "at head office",
    "on mobile devices",
    "after an incident",
    "in cold stores",
    "on the road",
    "",
    "",
];

const AREAS: [&str; 20] = [
    "scheme governance",
    "detection and monitoring",
    "reporting events",
    "first assessment",
    "second assessment",
    "containment",
    "eradication",
    "recovery",
    "evidence and forensics",
    "communications",
    "legal and regulatory reporting",
    "supplier incidents",
    "depot and physical security",
    "crisis management",
    "training and awareness",
    "exercises and testing",
    "post-incident review",
    "metrics and reporting",
    "tools and logging",
    "improvement and change",
];

const H2: [&str; 15] = [
    "Purpose",
    "Scope",
    "Who does what",
    "Before an incident",
    "Step by step",
    "Evidence and records",
    "Escalation",
    "Keeping people informed",
    "After the incident",
    "Exceptions",
    "Measures and checks",
    "Working out of hours",
    "When systems are down",
    "Handing over",
    "Common mistakes",
];

const H3: [&str; 12] = [
    "At a depot",
    "At head office",
    "Out of hours",
    "When e-mail is in doubt",
    "Working with suppliers",
    "Personal data",
    "Closely held cases",
    "Remote workers",
    "Paper records",
    "Cloud services",
    "Customer systems",
    "Handover between shifts",
];

const DURATIONS: [&str; 7] = [
    "15 minutes",
    "1 hour",
    "4 hours",
    "1 working day",
    "3 days",
    "2 weeks",
    "next review",
];

const ALERTS: [&str; 3] = ["NOTE", "TIP", "WARNING"];

// ---------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------

/// The text with its first letter in upper case.
fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// "The ISIRT lead" -> "the ISIRT lead", but "IT operations" stays as it is.
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match (c.next(), c.next()) {
        (Some(a), Some(b)) if b.is_lowercase() || b == ' ' => {
            let mut out = a.to_lowercase().collect::<String>();
            out.push(b);
            out.extend(c);
            out
        }
        _ => s.to_owned(),
    }
}

/// A YAML double-quoted scalar.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ => out.push(ch),
        }
    }
    out.push('"');
    out
}

/// Writes `key: |` and `text` as a YAML literal block indented by `indent` spaces.
fn block(out: &mut String, pad: &str, key: &str, text: &str) {
    let _ = writeln!(out, "{pad}{key}: |");
    for line in text.trim_end().lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{pad}  {line}");
        }
    }
}

/// Can a word start a line of a paragraph without becoming Markdown syntax?
fn safe_line_start(word: &str) -> bool {
    let b = word.as_bytes();
    if matches!(
        b.first(),
        Some(b'-' | b'+' | b'#' | b'>' | b'|' | b'=' | b'*' | b'_')
    ) {
        // `*emphasis*` and `**strong**` are fine; a lone bullet is not.
        return word.len() > 1 && (b[0] == b'*' || b[0] == b'_') && b[1] != b' ';
    }
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    !(digits > 0 && matches!(b.get(digits), Some(b'.' | b')')))
}

/// Appends `text` as a paragraph wrapped at about 80 columns, then a blank line.
fn para(out: &mut String, text: &str) {
    wrap_into(out, text, "", 80);
    out.push('\n');
}

/// Appends `text` wrapped at `width`, continuation lines indented by `indent`.
fn wrap_into(out: &mut String, text: &str, indent: &str, width: usize) {
    let mut col = 0;
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            if col + 1 + word.len() > width && safe_line_start(word) {
                out.push('\n');
                out.push_str(indent);
                col = indent.len();
            } else {
                out.push(' ');
                col += 1;
            }
        }
        out.push_str(word);
        col += word.len();
    }
    out.push('\n');
}

/// Writes sentences of incident-management prose.
struct Prose<'a> {
    rng: &'a mut Rng,
    /// The kind of the previous sentence, so that no kind comes twice in a row.
    last: usize,
}

impl<'a> Prose<'a> {
    fn new(rng: &'a mut Rng) -> Prose<'a> {
        Prose {
            rng,
            last: usize::MAX,
        }
    }

    fn object(&mut self) -> String {
        let o = *self.rng.pick(&OBJECTS);
        match self.rng.below(12) {
            0 => format!("*{o}*"),
            1 => format!("**{o}**"),
            _ => o.to_owned(),
        }
    }

    fn sentence(&mut self) -> String {
        let mut kind = self.rng.below(12);
        if kind == self.last {
            kind = (kind + 1 + self.rng.below(11)) % 12;
        }
        self.last = kind;
        let r = &mut *self.rng;
        match kind {
            0..=2 => {
                let (a, v) = (*r.pick(&ACTORS), *r.pick(&VERBS_S));
                let t = if r.chance(20) {
                    *r.pick(&ACTOR_TAILS)
                } else {
                    *r.pick(&TAILS)
                };
                let o = self.object();
                format!("{a} {v} {o} {t}.")
            }
            3 | 4 => {
                let (s, v1, v2) = (
                    *r.pick(&SITUATIONS),
                    *r.pick(&VERBS_IMP),
                    *r.pick(&VERBS_IMP),
                );
                let k = r.sample(OBJECTS.len(), 2);
                let o1 = if r.chance(15) {
                    format!("*{}*", OBJECTS[k[0]])
                } else {
                    OBJECTS[k[0]].to_owned()
                };
                format!("If {s}, {v1} {o1} and {v2} {}.", OBJECTS[k[1]])
            }
            5 | 6 => {
                let (v, t, why) = (*r.pick(&VERBS_IMP), *r.pick(&TAILS), *r.pick(&REASONS));
                let o = *r.pick(&OBJECTS);
                let dont = if r.chance(50) { "**Do not**" } else { "Do not" };
                format!("{dont} {v} {o} {t}: {why}.")
            }
            7 | 8 => {
                let (tf, a, v) = (*r.pick(&TIMEFRAMES), *r.pick(&ACTORS), *r.pick(&VERBS_S));
                let o = self.object();
                format!("{tf}, {} {v} {o}.", lower_first(a))
            }
            9 => format!("This matters because {}.", r.pick(&REASONS)),
            10 => {
                let (s, a, v, t) = (
                    *r.pick(&SITUATIONS),
                    *r.pick(&ACTORS),
                    *r.pick(&VERBS_S),
                    *r.pick(&TAILS),
                );
                let o = self.object();
                format!("Where {s}, {} {v} {o} {t}.", lower_first(a))
            }
            _ => {
                let n = r.range(1, 9999);
                let site = *r.pick(&SITES);
                format!(
                    "Quote the event number, for example `EV-2026-{n:04}`, in every message about it, and name the site ({site}) in the first line."
                )
            }
        }
    }

    fn sentences(&mut self, lo: usize, hi: usize) -> String {
        let n = self.rng.range(lo, hi);
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(&self.sentence());
        }
        s
    }

    /// A short imperative task, e.g. "Isolate the affected laptop".
    fn task(&mut self) -> String {
        let v = *self.rng.pick(&VERBS_IMP);
        let o = *self.rng.pick(&OBJECTS);
        cap(&format!("{v} {o}"))
    }
}

// ---------------------------------------------------------------------------
// The generated scheme's skeleton
// ---------------------------------------------------------------------------

/// A role of the generated contact directory.
struct RoleGen {
    id: String,
    name: String,
    min_holders: u32,
    duties: String,
    holders: Vec<usize>,
}

/// A person of the generated contact directory.
struct PersonGen {
    id: String,
    name: String,
    roles: Vec<usize>,
}

/// A generated playbook's identity.
struct PlaybookGen {
    id: String,
    title: String,
    category: usize,
    isirt: bool,
}

/// A generated scheme page's identity.
struct PageGen {
    area: usize,
    title: String,
    isirt: bool,
}

/// Everything pages and files refer to, decided before any text is written.
struct Plan {
    seed: u64,
    roles: Vec<RoleGen>,
    people: Vec<PersonGen>,
    parties: Vec<(String, String, &'static str)>,
    playbooks: Vec<PlaybookGen>,
    pages: Vec<PageGen>,
}

impl Plan {
    fn new(o: &Options) -> Plan {
        let mut rng = Rng::new(o.seed, 1);
        // Roles: about a third of the people, at least four, so each has two holders.
        let n_roles = (o.people / 3).max(4);
        let mut roles: Vec<RoleGen> = (0..n_roles)
            .map(|i| match BASE_ROLES.get(i) {
                Some(&(id, name, min, duties)) => RoleGen {
                    id: id.into(),
                    name: name.into(),
                    min_holders: min,
                    duties: duties.into(),
                    holders: Vec::new(),
                },
                None => {
                    let k = i - BASE_ROLES.len();
                    let site = SITES[k % SITES.len()];
                    let n = k / SITES.len() + 1;
                    RoleGen {
                        id: format!("{}-liaison-{n}", site.to_lowercase()),
                        name: format!("{site} site security liaison {n}"),
                        min_holders: 2,
                        duties: format!(
                            "Looks after security events at the {site} site: secures equipment, keeps the local contact list current and meets the ISIRT on arrival."
                        ),
                        holders: Vec::new(),
                    }
                }
            })
            .collect();
        // People: primary role round-robin (at least two holders each), some a second role.
        let mut taken = std::collections::BTreeSet::new();
        let mut people = Vec::with_capacity(o.people);
        for i in 0..o.people {
            let first = *rng.pick(&FIRST_NAMES);
            let last = *rng.pick(&LAST_NAMES);
            let base = format!("{}-{}", first.to_lowercase(), last.to_lowercase());
            let mut id = base.clone();
            let mut n = 2;
            while !taken.insert(id.clone()) {
                id = format!("{base}-{n}");
                n += 1;
            }
            let mut rs = vec![i % n_roles];
            if rng.chance(20) {
                let extra = rng.below(n_roles);
                if extra != rs[0] {
                    rs.push(extra);
                }
            }
            for &r in &rs {
                roles[r].holders.push(i);
            }
            people.push(PersonGen {
                id,
                name: format!("{first} {last}"),
                roles: rs,
            });
        }
        // External parties: about a quarter of the people, every kind in turn.
        let n_parties = (o.people / 4).max(PARTY_KINDS.len());
        let parties = (0..n_parties)
            .map(|i| {
                let kind = PARTY_KINDS[i % PARTY_KINDS.len()];
                let round = i / PARTY_KINDS.len();
                let names = PARTY_NAMES
                    .iter()
                    .find(|(k, _)| *k == kind)
                    .map_or(&[][..], |(_, n)| n);
                let base = names[round % names.len()];
                let name = if round < names.len() {
                    base.to_owned()
                } else {
                    format!("{base} ({})", SITES[round % SITES.len()])
                };
                (format!("{kind}-{:02}", round + 1), name, kind)
            })
            .collect();
        // Playbooks: categories in turn; insider misuse is closely held.
        let mut playbooks: Vec<PlaybookGen> = (0..o.playbooks)
            .map(|i| {
                let category = i % CATEGORIES.len();
                let titles = CATEGORIES[category].2;
                let round = i / CATEGORIES.len();
                let base = titles[round % titles.len()];
                let title = if round < titles.len() {
                    base.to_owned()
                } else {
                    format!("{base} at {}", SITES[round % SITES.len()])
                };
                PlaybookGen {
                    id: format!("pb-{:03}", i + 1),
                    title,
                    category,
                    isirt: CATEGORIES[category].0 == "misuse",
                }
            })
            .collect();
        if o.playbooks < CATEGORIES.len() {
            let last = playbooks.last_mut().expect("at least one playbook");
            last.category = CATEGORIES.len() - 1;
            last.title = CATEGORIES[last.category].2[0].to_owned();
            last.isirt = false;
        }
        // Pages: about 5% closely held; the first page is the staff entry point.
        let n_areas = o.pages.min(AREAS.len());
        let pages = (0..o.pages)
            .map(|i| {
                let g = *rng.pick(&GERUNDS);
                let ob = *rng.pick(&TITLE_OBJECTS);
                let ql = *rng.pick(&QUALIFIERS);
                let title = if ql.is_empty() {
                    format!("{g} {ob}")
                } else {
                    format!("{g} {ob} {ql}")
                };
                PageGen {
                    area: i * n_areas / o.pages,
                    title,
                    isirt: i > 0 && rng.chance(5),
                }
            })
            .collect();
        Plan {
            seed: o.seed,
            roles,
            people,
            parties,
            playbooks,
            pages,
        }
    }

    fn role_exists(&self, id: &str) -> bool {
        self.roles.iter().any(|r| r.id == id)
    }

    /// The id of `id` if the role exists, else of a core role that always does.
    fn role_or<'a>(&'a self, id: &'a str, fallback: &'a str) -> &'a str {
        if self.role_exists(id) { id } else { fallback }
    }

    fn random_role(&self, rng: &mut Rng) -> &str {
        &self.roles[rng.below(self.roles.len())].id
    }

    fn page_file(&self, i: usize) -> String {
        format!("area-{:02}/page-{i:05}.md", self.pages[i].area)
    }

    /// A random playbook that every reader may see.
    fn staff_playbook(&self, rng: &mut Rng) -> usize {
        for _ in 0..16 {
            let i = rng.below(self.playbooks.len());
            if !self.playbooks[i].isirt {
                return i;
            }
        }
        self.playbooks
            .iter()
            .position(|p| !p.isirt)
            .expect("the `unknown` playbook is visible to staff")
    }

    /// A page other than `from` that a reader of `from` may see, if there is one.
    fn linkable_page(&self, rng: &mut Rng, from: usize) -> Option<usize> {
        if self.pages.len() < 2 {
            return None;
        }
        for _ in 0..32 {
            let j = rng.below(self.pages.len());
            if j != from && (self.pages[from].isirt || !self.pages[j].isirt) {
                return Some(j);
            }
        }
        None
    }
}

// ---------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------

fn irbook_yaml() -> String {
    format!(
        "# Generated by examples/gen_scheme.rs: a synthetic scheme for scale testing.
# Phases and incident categories are irbook's built-in defaults.

organisation: {}
title: Information Security Incident Management Scheme
version: \"1.0\"
base_url: https://intranet.{DOMAIN}/security/

audiences:
  - id: staff
    name: All staff
    description: Everyone at {ORG} with an intranet login, including contractors
  - id: isirt
    name: Incident response team
    description: Members of the incident response team only; closely held

review:
  contact_max_age_days: 180
",
        q(ORG)
    )
}

const COVERS: [(&str, &str); 11] = [
    (
        "importance-and-commitment",
        "Why incident management matters",
    ),
    ("events-to-report", "What to report"),
    ("how-to-report", "How to report"),
    ("assessment-and-escalation", "Assessment and escalation"),
    ("response-activities", "Responding to incidents"),
    ("logging-and-evidence", "Logging and evidence"),
    ("post-incident-learning", "Learning from incidents"),
    ("document-locations", "Where the documents are"),
    ("isirt-charter", "The incident response team"),
    ("awareness-and-training", "Awareness and training"),
    ("legal-and-regulatory", "Legal and regulatory duties"),
];

fn policy_md(plan: &Plan) -> String {
    let mut rng = Rng::new(plan.seed, 2);
    let mut s = String::with_capacity(8192);
    s.push_str("---\ntitle: Information Security Incident Management Policy\nowner: ");
    s.push_str(plan.role_or("ciso", "isirt-lead"));
    s.push_str(
        "\napproved_by: Chief Executive Officer\napproved_on: 2026-10-14\nversion: \"1.0\"\nreview_by: 2027-10-31\ncovers:\n",
    );
    for (id, _) in COVERS {
        let _ = writeln!(s, "  - {id}");
    }
    s.push_str("---\n\n");
    para(
        &mut s,
        &format!(
            "This policy applies to everyone who can reach {ORG} information or systems: employees at head office and at every depot and cold store, agency staff, contractors, and any supplier that connects to our network. The procedures are in the [incident management scheme](scheme/{}).",
            plan.page_file(0)
        ),
    );
    for (id, heading) in COVERS {
        let _ = writeln!(s, "## {heading}\n");
        let mut p = Prose::new(&mut rng);
        let mut text = p.sentences(3, 5);
        match id {
            "how-to-report" => text.push_str(
                " Use the [event report form](forms/event-report.yaml) or call the numbers in the [contact directory](contacts.yaml).",
            ),
            "assessment-and-escalation" => text.push_str(
                " Every incident gets a level on the [severity scale](severity.yaml), and the level decides who is called.",
            ),
            _ => {}
        }
        para(&mut s, &text);
    }
    s
}

const IMPACTS: [(&str, &str, [&str; 4]); 6] = [
    (
        "financial",
        "Financial loss or disruption of operations",
        [
            "Estimated loss above £1 million, or deliveries stopped at three or more sites for four hours.",
            "Estimated loss between £100,000 and £1 million, or one site stopped for a shift.",
            "Estimated loss between £10,000 and £100,000, or deliveries delayed at one site.",
            "Estimated loss below £10,000 and no delays.",
        ],
    ),
    (
        "commercial",
        "Commercial and economic interests",
        [
            "Formal notice from one of the ten largest customers, or many customers' data taken.",
            "A key customer's orders, prices or stock data exposed.",
            "One customer inconvenienced; no data exposed.",
            "No customer notices.",
        ],
    ),
    (
        "personal-data",
        "Personal information",
        [
            "More than 10,000 people affected, or any data creating a high risk to them.",
            "Between 100 and 10,000 people, or any special category data.",
            "Fewer than 100 people and a low risk to them.",
            "No personal data involved.",
        ],
    ),
    (
        "legal-regulatory",
        "Legal and regulatory obligations",
        [
            "Reports to regulators required and enforcement or a criminal investigation likely.",
            "A report to a regulator or customs is required.",
            "A contractual notice to a customer may be required.",
            "No legal or regulatory duty triggered.",
        ],
    ),
    (
        "operations",
        "Management and business operations",
        [
            "The warehouse system, booking portal or e-mail down for everyone.",
            "A core system down for one site or one department.",
            "Individual users or devices affected; workarounds exist.",
            "No effect on work.",
        ],
    ),
    (
        "reputation",
        "Loss of goodwill",
        [
            "National or sustained social media coverage.",
            "Local or trade press coverage, or complaints from several customers.",
            "Individual complaints.",
            "No outside attention.",
        ],
    ),
];

fn severity_yaml(plan: &Plan) -> String {
    let mut s = String::with_capacity(8192);
    let intro = format!(
        "Every suspected or confirmed incident is given a severity level. The level\ndecides who is called, how quickly the response starts and how often people\nhear how it is going.\n\n**When in doubt, choose the higher level.** The service desk sets a\nprovisional level; the ISIRT confirms or changes it. See the\n[scheme overview](scheme/{}).\n",
        plan.page_file(0)
    );
    block(&mut s, "", "intro", &intro);
    s.push_str("\ncategories:\n");
    for (id, name, _) in IMPACTS {
        let _ = writeln!(s, "  - id: {id}\n    name: {}", q(name));
    }
    s.push_str("\nlevels:\n");
    let levels = [
        (
            "sev1",
            "Critical",
            "The organisation as a whole is affected, or will be within hours.",
            "15m",
            "1h",
        ),
        (
            "sev2",
            "Major",
            "A site, a core system or many people are affected.",
            "1h",
            "4h",
        ),
        (
            "sev3",
            "Significant",
            "Limited harm that needs the ISIRT to contain it.",
            "4h",
            "1d",
        ),
        (
            "sev4",
            "Minor",
            "Little harm; handled by the service desk and an analyst.",
            "1d",
            "3d",
        ),
    ];
    let first_of = |kind: &str| {
        plan.parties
            .iter()
            .find(|p| p.2 == kind)
            .map(|p| p.0.clone())
    };
    for (n, (id, name, summary, target, every)) in levels.into_iter().enumerate() {
        let _ = writeln!(
            s,
            "  - id: {id}\n    name: {name}\n    summary: {}\n    criteria:",
            q(summary)
        );
        for (cat, _, crit) in IMPACTS {
            let _ = writeln!(s, "      {cat}: {}", q(crit[n]));
        }
        let _ = writeln!(
            s,
            "    response_target: {target}\n    update_every: {every}"
        );
        let mut notify: Vec<&str> = vec!["service-desk", "security-analyst"];
        if n <= 2 {
            notify = vec!["isirt-lead", "incident-coordinator"];
        }
        if n <= 1 {
            notify.push(plan.role_or("ciso", "isirt-lead"));
            notify.push(plan.role_or("data-protection-officer", "incident-coordinator"));
        }
        if n == 0 {
            notify.push(plan.role_or("executive-sponsor", "isirt-lead"));
        }
        let mut seen: Vec<&str> = Vec::new();
        for r in notify {
            if !seen.contains(&r) {
                seen.push(r);
            }
        }
        s.push_str("    notify:\n");
        for r in seen {
            let _ = writeln!(s, "      - {r}");
        }
        let parties: Vec<String> = match n {
            0 => ["insurer", "cert", "incident-response"]
                .iter()
                .filter_map(|k| first_of(k))
                .collect(),
            1 => first_of("insurer").into_iter().collect(),
            _ => Vec::new(),
        };
        if !parties.is_empty() {
            let _ = writeln!(s, "    notify_parties: [{}]", parties.join(", "));
        }
        if n < 3 {
            let up = if n == 0 {
                "the crisis management team"
            } else {
                "the next level"
            };
            block(
                &mut s,
                "    ",
                "escalation",
                &format!(
                    "Escalate to {up} if the incident is not contained within\ntwice the response target, or if a new kind of harm appears."
                ),
            );
        }
    }
    s
}

fn date_2026(rng: &mut Rng) -> String {
    // Recently verified: between 2026-09-01 and 2026-10-28.
    let m = rng.range(9, 10);
    let d = rng.range(1, 28);
    format!("2026-{m:02}-{d:02}")
}

fn contacts_yaml(plan: &Plan) -> String {
    let mut rng = Rng::new(plan.seed, 3);
    let mut s = String::with_capacity(256 * plan.people.len() + 4096);
    let _ = write!(
        s,
        "# Generated contacts. All numbers are fictional (drama ranges) and all\n# e-mail domains end in .example.\n\nreporting:\n  point_of_contact: service-desk\n  hours: 24 hours a day, every day of the year\n  out_of_band:\n    - kind: phone\n      value: \"+44 20 7946 0999\"\n      label: Security incident hotline\n      use_when: if you suspect that e-mail or chat is compromised\n    - kind: sms\n      value: \"+44 7700 900999\"\n      label: ISIRT duty text line\n      use_when: if you cannot safely make a call\n    - kind: in-person\n      value: Security office, first floor, Larkspur House, head office\n      label: Security office\n      use_when: if both the phones and the network are down\n\nroles:\n"
    );
    for (i, r) in plan.roles.iter().enumerate() {
        let _ = writeln!(s, "  - id: {}\n    name: {}", r.id, q(&r.name));
        let mut p = Prose::new(&mut rng);
        let extra = p.sentences(1, 2);
        let mut duties = String::new();
        wrap_into(&mut duties, &format!("{} {extra}", r.duties), "", 72);
        block(&mut s, "    ", "duties", &duties);
        let _ = writeln!(s, "    min_holders: {}", r.min_holders);
        debug_assert!(r.holders.len() >= r.min_holders as usize);
        if i % 2 == 0 {
            let _ = writeln!(
                s,
                "    channels:\n      - kind: email\n        value: {}@{DOMAIN}\n        label: {}",
                r.id,
                q(&format!("{} mailbox", r.name))
            );
            if i % 4 == 0 {
                let _ = writeln!(
                    s,
                    "      - kind: mobile\n        value: \"+44 7700 900{:03}\"\n        label: Duty mobile\n        use_when: for Critical and Major incidents, day or night\n        audience: isirt",
                    (100 + i) % 1000
                );
            }
        }
        s.push('\n');
    }
    s.push_str("people:\n");
    for (i, p) in plan.people.iter().enumerate() {
        let primary = &plan.roles[p.roles[0]];
        let _ = writeln!(
            s,
            "  - id: {}\n    name: {}\n    title: {}",
            p.id,
            q(&p.name),
            q(&primary.name)
        );
        s.push_str("    roles: [");
        for (k, r) in p.roles.iter().enumerate() {
            if k > 0 {
                s.push_str(", ");
            }
            s.push_str(&plan.roles[*r].id);
        }
        s.push_str("]\n");
        // Backups: the next holders of the same role, never the person themselves.
        let others: Vec<usize> = primary
            .holders
            .iter()
            .copied()
            .filter(|&h| h != i)
            .collect();
        let n_backups = rng.range(1, 2).min(others.len());
        if n_backups > 0 {
            let start = rng.below(others.len());
            s.push_str("    backups: [");
            for k in 0..n_backups {
                if k > 0 {
                    s.push_str(", ");
                }
                s.push_str(&plan.people[others[(start + k) % others.len()]].id);
            }
            s.push_str("]\n");
        }
        let _ = writeln!(s, "    last_verified: {}", date_2026(&mut rng));
        let _ = writeln!(
            s,
            "    channels:\n      - kind: email\n        value: {}@{DOMAIN}\n      - kind: phone\n        value: \"+44 20 7946 0{:03}\"\n        label: Desk",
            p.id,
            i % 1000
        );
        if rng.chance(70) {
            let _ = writeln!(
                s,
                "      - kind: mobile\n        value: \"+44 7700 900{:03}\"\n        label: Personal mobile\n        audience: isirt",
                (i * 7 + 3) % 1000
            );
        }
        if rng.chance(25) {
            let _ = writeln!(
                s,
                "      - kind: messenger\n        value: \"@{}\"\n        label: Secure messenger",
                p.id
            );
        }
    }
    s.push_str("\nexternal_parties:\n");
    for (k, (id, name, kind)) in plan.parties.iter().enumerate() {
        let _ = writeln!(s, "  - id: {id}\n    name: {}\n    kind: {kind}", q(name));
        let mut p = Prose::new(&mut rng);
        let when = p.sentences(1, 2);
        let mut w = String::new();
        wrap_into(&mut w, &when, "", 72);
        block(&mut s, "    ", "when", &w);
        s.push_str("    for_severity: [sev1, sev2]\n");
        let pb = plan.staff_playbook(&mut rng);
        let _ = writeln!(s, "    for_playbooks: [{}]", plan.playbooks[pb].id);
        let _ = writeln!(s, "    response_time: {}", rng.pick(&["1h", "4h", "1d"]));
        if *kind == "regulator" {
            let _ = writeln!(
                s,
                "    reporting_deadline: {}",
                rng.pick(&["72h", "24h", "3d"])
            );
        }
        let _ = writeln!(
            s,
            "    reference: {}",
            q(&format!("REF-{:05}", 10_000 + k * 37))
        );
        let host = id.replace('-', "");
        let _ = writeln!(
            s,
            "    channels:\n      - kind: phone\n        value: \"+44 20 7946 0{:03}\"\n      - kind: email\n        value: incidents@{host}.example\n      - kind: web\n        value: https://{host}.example/report",
            (500 + k) % 1000
        );
        let _ = writeln!(s, "    last_verified: {}", date_2026(&mut rng));
        // A second forensics retainer, named nowhere else, is closely held.
        if id == "incident-response-02" {
            s.push_str("    audience: isirt\n");
        }
    }
    s
}

/// Step templates per phase: id and action.
const STEPS: [[(&str, &str); 5]; 6] = [
    [
        (
            "keep-contacts-current",
            "Check that everyone named in this playbook is listed in the [contact directory](../contacts.yaml) with current numbers.",
        ),
        (
            "test-isolation",
            "Test every month that at least two people per shift can isolate a machine from the endpoint console.",
        ),
        (
            "stage-tools",
            "Keep a clean laptop, write blockers, evidence bags and labels in the ISIRT grab bag.",
        ),
        (
            "brief-staff",
            "Brief office and depot staff on the indicators of this playbook and on how to report them.",
        ),
        (
            "review-logging",
            "Confirm that the systems in scope send their logs to the central log store and keep them for 90 days.",
        ),
    ],
    [
        (
            "log-report",
            "Log the report with an event number and the reporter's own words.",
        ),
        (
            "confirm-scope",
            "Confirm whether the event is real and find every system, account and site involved.",
        ),
        (
            "set-severity",
            "Set a provisional level on the [severity scale](../severity.yaml) and record why.",
        ),
        (
            "check-related",
            "Search open incidents for the same sender, host, account or indicator.",
        ),
        (
            "call-lead",
            "Call the ISIRT lead when the provisional level is Significant or higher.",
        ),
    ],
    [
        (
            "isolate-hosts",
            "Isolate affected machines through the endpoint console and leave them switched on.",
        ),
        (
            "disable-accounts",
            "Disable or reset the accounts involved and revoke their sessions and tokens.",
        ),
        (
            "block-indicators",
            "Block the malicious addresses, domains and file hashes at the firewall, proxy and mail gateway.",
        ),
        (
            "secure-premises",
            "Secure the room, cabinet or vehicle involved and list everyone who enters it.",
        ),
        (
            "limit-sharing",
            "Remove public sharing links and outside access to the affected files.",
        ),
    ],
    [
        (
            "remove-malware",
            "Remove malicious files, scheduled tasks and persistence, or rebuild the machine.",
        ),
        (
            "close-weakness",
            "Fix the weakness that let the incident happen: a patch, a configuration change or a process change.",
        ),
        (
            "rotate-secrets",
            "Rotate passwords, keys and certificates that may have been exposed.",
        ),
        (
            "sweep-estate",
            "Search the rest of the estate for the same indicators before declaring the threat removed.",
        ),
        (
            "confirm-clean",
            "Have a second analyst confirm that the affected systems are clean.",
        ),
    ],
    [
        (
            "restore-service",
            "Restore systems from known-good backups or rebuild them from the standard image.",
        ),
        (
            "monitor-closely",
            "Watch the restored systems closely for at least two weeks.",
        ),
        (
            "return-users",
            "Return devices and access to users once the system owner agrees.",
        ),
        (
            "confirm-business",
            "Confirm with the business owner that the service works as expected.",
        ),
        (
            "announce-closure",
            "Tell the reporter and the people affected that the incident is closed.",
        ),
    ],
    [
        (
            "hold-review",
            "Hold a blameless post-incident review within ten working days.",
        ),
        (
            "update-playbook",
            "Update this playbook, the contact list and the training material with what was learnt.",
        ),
        (
            "record-costs",
            "Record the time spent and the cost of the incident for the annual report.",
        ),
        (
            "track-actions",
            "Open an improvement action for every finding, each with an owner and a date.",
        ),
        (
            "share-lessons",
            "Share a short, anonymised summary of the lessons with all staff.",
        ),
    ],
];

const DECISIONS: [(&str, [(&str, &str); 2]); 4] = [
    (
        "Isolate the machine now, or watch it for a short time?",
        [
            (
                "Isolate now",
                "the machine holds personal data or the attacker may still be active",
            ),
            (
                "Watch for up to one hour",
                "the risk is contained and the ISIRT needs to learn more",
            ),
        ],
    ),
    (
        "Take the service offline?",
        [
            (
                "Take it offline",
                "data is leaving the network or the damage is spreading",
            ),
            (
                "Keep it running",
                "the harm of an outage is greater than the harm of the incident",
            ),
        ],
    ),
    (
        "Tell the people affected now?",
        [
            (
                "Tell them now",
                "they can protect themselves, for example by changing a password",
            ),
            (
                "Wait for the facts",
                "telling them would alert an attacker who is still present",
            ),
        ],
    ),
    (
        "Call in the forensics retainer?",
        [
            (
                "Call them in",
                "the incident may end in court or an insurance claim",
            ),
            (
                "Handle in house",
                "the evidence is simple and our analysts have capacity",
            ),
        ],
    ),
];

const INDICATORS: [&str; 12] = [
    "an endpoint alert nobody expected",
    "logins from an unusual country or at an unusual hour",
    "files renamed with an unfamiliar extension",
    "a customer asking about a message we did not send",
    "a sudden rise in outbound traffic",
    "a colleague reporting a lost device",
    "new forwarding rules in a mailbox",
    "a supplier warning about a breach on their side",
    "pages on the portal that nobody changed",
    "security software switched off",
    "a caller asking for passwords or codes",
    "an account used after its owner left",
];

fn playbook_yaml(plan: &Plan, i: usize) -> String {
    let mut rng = Rng::new(plan.seed, 1_000_000 + i as u64);
    let pb = &plan.playbooks[i];
    let (cat, default_sev, _) = CATEGORIES[pb.category];
    let mut s = String::with_capacity(6000);
    let _ = writeln!(
        s,
        "id: {}\ntitle: {}\ncategory: {cat}\ndefault_severity: {default_sev}\nowner: {}",
        pb.id,
        q(&pb.title),
        plan.random_role(&mut rng)
    );
    if pb.isirt {
        s.push_str("audience: isirt\n");
    }
    // Summary, with links that readers of this playbook may follow.
    let mut text = Prose::new(&mut rng).sentences(2, 3);
    text.push_str(" Assess the level with the [severity scale](../severity.yaml).");
    let other = plan.staff_playbook(&mut rng);
    if other != i {
        let _ = write!(
            text,
            " See also the [{}]({}.yaml) playbook.",
            plan.playbooks[other].title.to_lowercase(),
            plan.playbooks[other].id
        );
    }
    if let Some(pg) = (0..8)
        .map(|_| rng.below(plan.pages.len()))
        .find(|&j| pb.isirt || !plan.pages[j].isirt)
    {
        let _ = write!(
            text,
            " The procedure is in [{}](../scheme/{}).",
            plan.pages[pg].title.to_lowercase(),
            plan.page_file(pg)
        );
    }
    let mut wrapped = String::new();
    wrap_into(&mut wrapped, &text, "", 72);
    block(&mut s, "", "summary", &wrapped);
    s.push_str("indicators:\n");
    let n_indicators = rng.range(3, 5);
    for k in rng.sample(INDICATORS.len(), n_indicators) {
        let _ = writeln!(s, "  - {}", INDICATORS[k]);
    }
    // Related playbooks: a playbook for all staff never names a closely held one.
    let candidates: Vec<usize> = (0..plan.playbooks.len())
        .filter(|&j| j != i && (pb.isirt || !plan.playbooks[j].isirt))
        .collect();
    let n_related = rng.range(1, 2).min(candidates.len());
    if n_related > 0 {
        s.push_str("related: [");
        let done: Vec<usize> = rng
            .sample(candidates.len(), n_related)
            .into_iter()
            .map(|k| candidates[k])
            .collect();
        for (k, j) in done.iter().enumerate() {
            if k > 0 {
                s.push_str(", ");
            }
            s.push_str(&plan.playbooks[*j].id);
        }
        s.push_str("]\n");
    }
    s.push_str("phases:\n");
    for (ph, phase) in PHASES.iter().enumerate() {
        let _ = writeln!(s, "  - phase: {phase}\n    steps:");
        let n_steps = rng.range(1, 3);
        for k in rng.sample(STEPS[ph].len(), n_steps) {
            let (sid, action) = STEPS[ph][k];
            let _ = writeln!(s, "      - id: {sid}");
            let mut a = format!("{action} {}", Prose::new(&mut rng).sentence());
            if rng.chance(10) {
                a.push_str(" Quote the playbook id in the incident record.");
            }
            let mut w = String::new();
            wrap_into(&mut w, &a, "", 72);
            block(&mut s, "        ", "action", &w);
            let _ = writeln!(s, "        owner: {}", plan.random_role(&mut rng));
            if !pb.isirt && rng.chance(10) {
                s.push_str("        audience: isirt\n");
            }
            if rng.chance(40) {
                let ev = Prose::new(&mut rng).sentences(1, 2);
                let mut w = String::new();
                wrap_into(&mut w, &ev, "", 72);
                block(&mut s, "        ", "evidence", &w);
            }
            if rng.chance(20) {
                let (question, choices) = DECISIONS[rng.below(DECISIONS.len())];
                let _ = writeln!(
                    s,
                    "        decisions:\n          - question: {}\n            choices:",
                    q(question)
                );
                for (k, (option, when)) in choices.into_iter().enumerate() {
                    let by = if k == 0 {
                        "isirt-lead"
                    } else {
                        plan.role_or("ciso", "isirt-lead")
                    };
                    let _ = writeln!(
                        s,
                        "              - option: {}\n                when: {}\n                authorised_by: {by}",
                        q(option),
                        q(when)
                    );
                }
            }
            if rng.chance(20) {
                let n = rng.range(2, 30);
                let h = rng.range(2, 48);
                let when = match rng.below(4) {
                    0 => format!("more than {n} machines or accounts are affected"),
                    1 => "personal data may have left the network".to_owned(),
                    2 => format!("the incident is still open after {h} hours"),
                    _ => "a customer or a journalist asks about the incident".to_owned(),
                };
                let _ = writeln!(
                    s,
                    "        escalate:\n          - when: {}\n            to_severity: {}\n            to_role: {}",
                    q(&when),
                    rng.pick(&["sev1", "sev2"]),
                    plan.role_or("ciso", "isirt-lead")
                );
            }
        }
    }
    s
}

fn form_yaml(plan: &Plan) -> String {
    format!(
        "id: event-report
title: Information security event report
intro: |
  Use this form to tell the service desk about anything that might affect the
  security of our information, systems or premises. Anyone may fill it in.

  **Timeliness beats accuracy.** If something is happening now, phone the
  service desk first. If e-mail may be compromised, use the routes in the
  [contact directory](../contacts.yaml). What happens next is described in
  the [scheme overview](../scheme/{}) and the [policy](../policy.md).
sections:
  - id: reporter
    title: About you
    help: We need a way to call you back with questions.
    fields:
      - id: reporter-name
        label: Your name
        required: true
      - id: reporter-phone
        label: A phone number we can reach you on
        type: phone
        required: true
      - id: reporter-email
        label: Your e-mail address
        type: email
  - id: event
    title: What happened
    fields:
      - id: event-time
        label: When did it happen or when did you notice it?
        type: datetime
        required: true
      - id: event-site
        label: Site
        type: choice
        choices: [Head office, {}]
      - id: event-kind
        label: What kind of event is it?
        type: multi
        choices:
          - Suspicious e-mail or message
          - Lost or stolen equipment
          - Unusual computer behaviour
          - Data sent to the wrong person
          - Something else
      - id: event-description
        label: Describe what you saw, in your own words
        type: textarea
        required: true
        help: Mark anything you are not sure of with *(unconfirmed)*.
      - id: still-happening
        label: Is it still happening?
        type: checkbox
  - id: triage
    title: First assessment (service desk)
    audience: isirt
    help: Filled in by the service desk, not the reporter.
    fields:
      - id: event-number
        label: Event number
        help: Given by the service desk, in the form `EV-2026-0412`.
      - id: provisional-severity
        label: Provisional severity
        type: choice
        choices: [Critical, Major, Significant, Minor, Not an incident]
      - id: assessor-signature
        label: Assessed by
        type: signature
",
        plan.page_file(0),
        SITES.join(", ")
    )
}

/// One scheme page: front matter and 4-8 KB of Markdown.
fn page_md(plan: &Plan, i: usize) -> String {
    let mut rng = Rng::new(plan.seed, 10_000_000 + i as u64);
    let pg = &plan.pages[i];
    let target = rng.range(4300, 7400);
    let mut s = String::with_capacity(target + 1024);
    let area = AREAS[pg.area % AREAS.len()];
    let owner = plan.random_role(&mut rng).to_owned();
    let summary = format!(
        "{} as part of {area}: who does what, in which order, and what to record.",
        pg.title
    );
    let _ = writeln!(
        s,
        "---\ntitle: {}\nweight: {}\nlifecycle: {}\nsummary: {}\nowner: {owner}\nreview_by: 2027-{:02}-{:02}",
        q(&pg.title),
        (i + 1) * 10,
        LIFECYCLES[i % LIFECYCLES.len()],
        q(&summary),
        rng.range(1, 12),
        rng.range(1, 28),
    );
    if pg.isirt {
        s.push_str("audience: isirt\n");
    }
    s.push_str("---\n\n");

    // Links: 2-4, the first in the introduction, the rest under "Related material".
    let n_links = rng.range(2, 4);
    let links: Vec<(String, String)> = (0..n_links).map(|_| link_for(plan, &mut rng, i)).collect();

    let mut p = Prose::new(&mut rng);
    let mut intro = format!(
        "This page describes {} for {area}. {} For the wider picture, see [{}]({}).",
        lower_first(&pg.title),
        p.sentences(1, 2),
        links[0].0,
        links[0].1
    );
    if pg.isirt {
        intro.push_str(" It is closely held: do not forward it outside the ISIRT.");
    }
    para(&mut s, &intro);

    if p.rng.chance(30) {
        let kind = *p.rng.pick(&ALERTS);
        let text = p.sentences(1, 2);
        let _ = writeln!(s, "> [!{kind}]");
        let mut w = String::new();
        wrap_into(&mut w, &text, "> ", 78);
        s.push_str("> ");
        s.push_str(&w);
        s.push('\n');
    }

    let h2 = p.rng.sample(H2.len(), 4);
    let _ = writeln!(s, "## {}\n", H2[h2[0]]);
    let text = p.sentences(3, 5);
    para(&mut s, &text);
    let text = format!("**Remember:** {}", p.sentences(2, 3));
    para(&mut s, &text);

    // Who does what: a table.
    let _ = writeln!(s, "## {}\n", H2[h2[1]]);
    let text = p.sentences(2, 3);
    para(&mut s, &text);
    let rows = p.rng.range(3, 5);
    s.push_str("| Task | Owner | Within |\n| --- | --- | --- |\n");
    for _ in 0..rows {
        let task = p.task();
        let role = &plan.roles[p.rng.below(plan.roles.len())].name;
        let within = *p.rng.pick(&DURATIONS);
        let _ = writeln!(s, "| {task} | {role} | {within} |");
    }
    s.push('\n');

    // Step by step: a numbered list, then a sub-section with a bulleted list.
    let _ = writeln!(s, "## {}\n", H2[h2[2]]);
    let text = p.sentences(1, 2);
    para(&mut s, &text);
    let steps = p.rng.range(4, 7);
    for n in 1..=steps {
        let t = p.rng.pick(&TAILS);
        let mut item = format!("{} {t}.", p.task());
        if n == 2 {
            item = format!("**{}**", item.trim_end_matches('.')) + ".";
        }
        let _ = write!(s, "{n}. ");
        wrap_into(&mut s, &item, "   ", 78);
    }
    s.push('\n');
    let h3 = p.rng.sample(H3.len(), 3);
    let _ = writeln!(s, "### {}\n", H3[h3[0]]);
    let text = p.sentences(2, 3);
    para(&mut s, &text);
    for _ in 0..p.rng.range(3, 5) {
        let t = *p.rng.pick(&TAILS);
        let o = p.task();
        s.push_str("- ");
        wrap_into(&mut s, &format!("{} {t}", o), "  ", 78);
    }
    s.push('\n');

    // Records: a code block.
    let _ = writeln!(s, "## {}\n", H2[h2[3]]);
    let lead = *p.rng.pick(&[
        "*Write it down as you go.*",
        "*Speed matters more than polish.*",
        "*When in doubt, report it.*",
        "*Keep the evidence intact.*",
    ]);
    let text = format!("{lead} {}", p.sentences(2, 3));
    para(&mut s, &text);
    code_block(&mut s, p.rng);
    if !pg.isirt && p.rng.chance(8) {
        s.push_str("<!-- audience: isirt -->\n");
        let text = format!("*For the ISIRT only:* {}", p.sentences(1, 2));
        para(&mut s, &text);
        s.push_str("<!-- end audience -->\n\n");
    }

    // Filler until the page reaches its target size.
    let related_len: usize = 40
        + links
            .iter()
            .map(|l| l.0.len() + l.1.len() + 60)
            .sum::<usize>();
    let mut h3_next = 1;
    while s.len() + related_len < target {
        if h3_next < h3.len() && p.rng.chance(50) {
            let _ = writeln!(s, "### {}\n", H3[h3[h3_next]]);
            h3_next += 1;
        }
        let text = p.sentences(3, 5);
        para(&mut s, &text);
    }

    s.push_str("## Related material\n\n");
    for (text, href) in &links[1..] {
        let why = *p.rng.pick(&REASONS);
        s.push_str("- ");
        wrap_into(
            &mut s,
            &format!("[{text}]({href}), because {why}"),
            "  ",
            78,
        );
    }
    s.push_str("- The owner of this page is the ");
    s.push_str(
        plan.roles
            .iter()
            .find(|r| r.id == owner)
            .map_or("", |r| r.name.as_str()),
    );
    s.push_str(".\n");
    s
}

/// A link from page `from`: its text and its path relative to the page.
fn link_for(plan: &Plan, rng: &mut Rng, from: usize) -> (String, String) {
    let here = plan.pages[from].area;
    let roll = rng.below(100);
    if roll < 60
        && let Some(j) = plan.linkable_page(rng, from)
    {
        let pg = &plan.pages[j];
        let href = if pg.area == here {
            format!("page-{j:05}.md")
        } else {
            format!("../{}", plan.page_file(j))
        };
        return (pg.title.to_lowercase(), href);
    }
    if roll < 85 {
        let j = if plan.pages[from].isirt {
            rng.below(plan.playbooks.len())
        } else {
            plan.staff_playbook(rng)
        };
        let pb = &plan.playbooks[j];
        return (
            format!("the {} playbook", pb.title.to_lowercase()),
            format!("../../playbooks/{}.yaml", pb.id),
        );
    }
    match rng.below(4) {
        0 => ("the severity scale".into(), "../../severity.yaml".into()),
        1 => {
            let r = &plan.roles[rng.below(plan.roles.len())];
            (
                format!("the {} in the contact directory", r.name.to_lowercase()),
                format!("../../contacts.yaml#role-{}", r.id),
            )
        }
        2 => (
            "the incident management policy".into(),
            "../../policy.md".into(),
        ),
        _ => (
            "the event report form".into(),
            "../../forms/event-report.yaml".into(),
        ),
    }
}

fn code_block(s: &mut String, rng: &mut Rng) {
    let ev = rng.range(1, 9999);
    match rng.below(3) {
        0 => {
            s.push_str("```text\n");
            let mut minute = rng.range(0, 30);
            let hour = rng.range(0, 22);
            for _ in 0..rng.range(3, 6) {
                let who = rng.pick(&[
                    "service-desk",
                    "security-analyst",
                    "isirt-lead",
                    "it-operations",
                ]);
                let what = rng.pick(&[
                    "logged     report received by phone",
                    "assessed   provisional severity sev3",
                    "isolated   host LCC-LT-0412 via endpoint console",
                    "notified   ISIRT lead by duty mobile",
                    "collected  memory image, bag E-0031",
                    "updated    reporter told next update at 16:00",
                ]);
                let _ = writeln!(
                    s,
                    "2026-10-03 {hour:02}:{minute:02}Z  EV-2026-{ev:04}  {who:<16} {what}"
                );
                minute += rng.range(1, 9);
            }
            s.push_str("```\n\n");
        }
        1 => {
            let _ = writeln!(
                s,
                "```sh\n# count copies of the reported message at the mail gateway\ngrep -c 'EV-2026-{ev:04}' /var/log/mail/gateway.log\n# hash the sample before it goes anywhere\nsha256sum evidence/EV-2026-{ev:04}/sample.bin > evidence/EV-2026-{ev:04}/sample.sha256\n```\n"
            );
        }
        _ => {
            let _ = writeln!(
                s,
                "```yaml\nitem: EV-2026-{ev:04}-{:02}\ndescription: laptop, serial 5CG{:05}XQ\ncollected_by: forensics-analyst\nsealed_bag: E-{:04}\nstored_in: evidence locker, security office\n```\n",
                rng.range(1, 12),
                rng.range(10_000, 99_999),
                rng.range(1, 9999)
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

fn write(root: &Path, rel: &str, text: &str) -> Result<usize, String> {
    let path = root.join(rel);
    fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(text.len())
}

/// Writes the whole project into `o.out`; returns the number of bytes written.
pub fn generate(o: &Options) -> Result<usize, String> {
    if let Ok(mut entries) = fs::read_dir(&o.out) {
        if entries.next().is_some() {
            return Err(format!(
                "{} exists and is not empty; choose a new folder",
                o.out.display()
            ));
        }
    } else if o.out.exists() {
        return Err(format!("{} exists and is not a folder", o.out.display()));
    }
    let plan = Plan::new(o);
    let root = &o.out;
    let mkdir = |rel: &str| {
        let p = root.join(rel);
        fs::create_dir_all(&p).map_err(|e| format!("cannot create {}: {e}", p.display()))
    };
    mkdir("content/playbooks")?;
    mkdir("content/forms")?;
    let n_areas = o.pages.min(AREAS.len());
    for a in 0..n_areas {
        mkdir(&format!("content/scheme/area-{a:02}"))?;
    }
    let mut bytes = 0;
    bytes += write(root, "irbook.yaml", &irbook_yaml())?;
    bytes += write(root, "content/policy.md", &policy_md(&plan))?;
    bytes += write(root, "content/severity.yaml", &severity_yaml(&plan))?;
    bytes += write(root, "content/contacts.yaml", &contacts_yaml(&plan))?;
    bytes += write(root, "content/forms/event-report.yaml", &form_yaml(&plan))?;
    for (i, pb) in plan.playbooks.iter().enumerate() {
        let rel = format!("content/playbooks/{}.yaml", pb.id);
        bytes += write(root, &rel, &playbook_yaml(&plan, i))?;
    }
    for i in 0..plan.pages.len() {
        let rel = format!("content/scheme/{}", plan.page_file(i));
        bytes += write(root, &rel, &page_md(&plan, i))?;
    }
    Ok(bytes)
}

fn main() -> ExitCode {
    let opts = match Options::parse(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(msg) => {
            eprintln!("{msg}");
            return ExitCode::from(2);
        }
    };
    let start = Instant::now();
    match generate(&opts) {
        Ok(bytes) => {
            eprintln!(
                "wrote {} pages, {} playbooks, {} people ({:.1} MB) to {} in {:.2} s",
                opts.pages,
                opts.playbooks,
                opts.people,
                bytes as f64 / 1_048_576.0,
                opts.out.display(),
                start.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprintln!("gen_scheme: {msg}");
            ExitCode::FAILURE
        }
    }
}
