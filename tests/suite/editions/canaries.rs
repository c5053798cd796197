//! The canaries of `tests/fixtures/canary`: every team-only string the fixture holds, read
//! from its sources, and the ones made of characters that outputs escape.

use super::scan::walk_all;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every canary of the fixture, read from its sources: each `CANARY-WORD-hhhh` (any case),
/// plus the team-only phone numbers, which cannot carry the word.
pub(super) fn canaries(root: &Path) -> Vec<String> {
    let (_, mut files) = walk_all(&root.join("content"));
    for folder in ["exercises", "incidents"] {
        if root.join(folder).is_dir() {
            files.extend(walk_all(&root.join(folder)).1);
        }
    }
    // irbook.yaml holds team-only items too (a learning path with `audience: isirt`,
    // search synonyms).
    if let Ok(bytes) = std::fs::read(root.join("irbook.yaml")) {
        files.insert("irbook.yaml".into(), bytes);
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
pub(super) const EXPECTED_CANARIES: &[&str] = &[
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
    "canary-record-8f1c",
    "CANARY-RECORDTITLE-3b9e",
    "CANARY-COLUMNLABEL-5e81",
    "CANARY-COLUMNHELP-a2c7",
    "CANARY-COLUMNCHOICE-d93b",
    "CANARY-TABLESECTION-e07a",
    "CANARY-TABLECOLUMN-9d3c",
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
    "CANARY-PBSEARCHTERM-5a17",
    "CANARY-PAGESEARCHTERM-7e43",
    "CANARY-AWARESEARCHTERM-2b35",
    "CANARY-ROLESEARCHTERM-9c21",
    "CANARY-PERSONSEARCHTERM-4d68",
    "CANARY-PARTYSEARCHTERM-6f09",
    "CANARY-SYNWORD-3b92",
    "+44 7700 913579",
    "canary-fact-3b7a",
    "CANARY-FACTQUESTION-8d21",
    "CANARY-FACTHELP-e40c",
    "canary-ob-71c2",
    "CANARY-OBTITLE-5a9d",
    "CANARY-OBBASIS-c3e6",
    "canary-oburl-2f84",
    "canary-stage-2d4f",
    "CANARY-STAGETITLE-96b1",
    "CANARY-STAGEWHAT-0e57",
    "canary-tpl-4e0b",
    "CANARY-TPLTITLE-7c18",
    "CANARY-TPLSUMMARY-b2d0",
    "CANARY-TPLBODY-4f63",
    "CANARY-TPLBLANK-a81e",
    "canary-certmail-1c9e",
    "CANARY-DETSIGNAL-4a7e",
    "CANARY-DETQUERY-8c31",
    "CANARY-TOOLLOC-5f60",
    "canary-tool-6d0b",
    "CANARY-TOOLNAME-71e2",
    "CANARY-TOOLPURPOSE-0c4d",
    "canary-attach-2b9f",
    "CANARY-ATTACHTITLE-e15c",
    "CANARY-ATTACHBODY-96d3",
    "CANARY-STEPTITLE-3e88",
    "CANARY-STEPWHEN-9b14",
    "canary-inc-9f31",
    "CANARY-INCTITLE-3c5d",
    "CANARY-INCSUMMARY-a7e2",
    "CANARY-INCCAUSE-5b90",
    "CANARY-INCFACTOR-e1d4",
    "CANARY-INCENTRY-72f8",
    "CANARY-INCNOTICE-0d3b",
    "CANARY-INCNA-4f61",
    "CANARY-INCFIX-9a27",
    "CANARY-INCVERIFY-6b0e",
];

/// Team-only strings of characters that every output escapes (`&`, `<`, quotes, commas,
/// non-ASCII letters, a line separator), with no plain canary word in them: the scan
/// finds them only by decoding each file the way it was encoded (HTML entities, JSON
/// escapes, percent-encoding, vCard and CSV escapes).
pub(super) const ESCAPED_CANARIES: &[(&str, &str)] = &[
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

pub(super) fn canary_list(root: &Path) -> Vec<String> {
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
