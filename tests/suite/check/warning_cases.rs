//! The cases of `check` for the warning codes: how to make the clean `minimal` fixture
//! raise each, and where the diagnostic must point (the types and shared fixtures are in
//! `cases.rs`).

use super::cases::*;

/// One case per warning code.
pub(super) const WARNING_CASES: &[Case] = &[
    Case {
        code: "W0305",
        file: FLOOD,
        edits: &[Replace(
            FLOOD,
            "related: [unknown-event]\n",
            "related: [unknown-event]\nreview_by: 2020-01-05\n",
        )],
        at: Text("2020-01-05", 0),
    },
    Case {
        code: "W0201",
        file: "content/scheme/guide.md",
        edits: &[Replace(
            "content/scheme/guide.md",
            "Back to",
            "Try [this](javascript:alert(1)). Back to",
        )],
        at: Text("[this]", 0),
    },
    Case {
        code: "W0202",
        file: "content/scheme/guide.md",
        edits: &[Replace(
            "content/scheme/guide.md",
            "Back to",
            "See [team notes](team.md). Back to",
        )],
        at: Text("[team notes]", 0),
    },
    Case {
        code: "W0203",
        file: "content/policy.md",
        edits: &[Replace(
            "content/contacts.yaml",
            "    name: Team lead\n",
            "    name: Team lead\n    audience: isirt\n",
        )],
        at: Text("lead", 0),
    },
    Case {
        code: "W0301",
        file: "content/contacts.yaml",
        edits: &[Replace(
            "content/contacts.yaml",
            "last_verified: 2026-10-01",
            "last_verified: 2020-01-01",
        )],
        at: Text("2020-01-01", 0),
    },
    Case {
        code: "W0302",
        file: "content/contacts.yaml",
        edits: &[Replace(
            "content/contacts.yaml",
            "    backups: [ann]\n    last_verified: 2026-10-01\n",
            "    backups: [ann]\n",
        )],
        at: Text("bob", 1),
    },
    Case {
        code: "W0303",
        file: "content/contacts.yaml",
        edits: &[Replace(
            "content/contacts.yaml",
            "    roles: [desk, lead]\n    backups: [ann]",
            "    roles: [desk]\n    backups: [ann]",
        )],
        at: Text("lead", 0),
    },
    Case {
        code: "W0323",
        file: "content/contacts.yaml",
        // Level `low` rings `desk` and `lead`; Ann is listed first for both.
        edits: &[Replace(
            "content/severity.yaml",
            "notify: [desk]",
            "notify: [desk, lead]",
        )],
        at: Text("ann\n    name", 0),
    },
    Case {
        code: "W0304",
        file: "content/contacts.yaml",
        edits: &[Replace("content/contacts.yaml", "    backups: [ann]\n", "")],
        at: Text("bob", 1),
    },
    Case {
        code: "W0305",
        file: "content/policy.md",
        edits: &[Replace(
            "content/policy.md",
            "review_by: 2099-01-05",
            "review_by: 2020-01-05",
        )],
        at: Text("2020-01-05", 0),
    },
    Case {
        code: "W0306",
        file: "content/policy.md",
        edits: &[Replace("content/policy.md", " legal-and-regulatory]", "]")],
        at: Text("---", 0),
    },
    Case {
        code: "W0307",
        file: "content/playbooks/flood.yaml",
        edits: &[Replace(
            "content/playbooks/flood.yaml",
            "  - phase: eradication\n    steps:\n      - id: block\n        action: Block the sources.\n        owner: lead\n",
            "",
        )],
        at: Text("flood", 0),
    },
    Case {
        code: "W0308",
        file: "content/playbooks/unknown-event.yaml",
        edits: &[Replace(
            "content/playbooks/unknown-event.yaml",
            "steps: [{id: remove, action: Remove the cause., owner: lead}]",
            "steps: []",
        )],
        at: Text("eradication", 0),
    },
    Case {
        code: "W0309",
        file: "content/playbooks/flood.yaml",
        edits: &[Replace(
            "content/playbooks/flood.yaml",
            "        action: Block the sources.\n        owner: lead\n",
            "        action: Block the sources.\n",
        )],
        at: Text("block", 0),
    },
    Case {
        code: "W0310",
        file: "content/severity.yaml",
        edits: &[Replace(
            "content/severity.yaml",
            "    response_target: 1d\n",
            "",
        )],
        at: Text("low", 0),
    },
    Case {
        code: "W0311",
        file: "irbook.yaml",
        edits: &[Replace(
            "irbook.yaml",
            "  - id: unknown\n",
            "  - id: malware\n    name: Malware\n  - id: unknown\n",
        )],
        at: Text("malware", 0),
    },
    Case {
        code: "W0312",
        file: "irbook.yaml",
        edits: &[Replace(
            "content/playbooks/unknown-event.yaml",
            "category: unknown",
            "category: denial-of-service",
        )],
        at: Text("unknown", 0),
    },
    Case {
        code: "W0313",
        file: "content/contacts.yaml",
        edits: &[Replace(
            "content/contacts.yaml",
            "      label: NO\n",
            "      label: NO\n      audience: isirt\n",
        )],
        at: Text("desk", 0),
    },
    Case {
        code: "W0314",
        file: "content/contacts.yaml",
        edits: &[Replace(
            "content/contacts.yaml",
            "    kind: cert",
            "    kind: regulator",
        )],
        at: Text("cert", 0),
    },
    Case {
        code: "W0315",
        file: "exercises/records/drill-2026-11-02.yaml",
        edits: &[
            Write(DRILL_FILE, DRILL),
            Write(RECORD_FILE, RECORD),
            Replace(RECORD_FILE, ", note: nobody knew who may filter", ""),
        ],
        at: Text("not-met", 0),
    },
    Case {
        code: "W0316",
        file: "exercises/drill.yaml",
        edits: &[
            Write(DRILL_FILE, DRILL),
            Replace(
                DRILL_FILE,
                "  - id: filtered\n",
                "  - id: scene\n    at: 30m\n    title: Scene\n    brief: Calm.\n  - id: filtered\n",
            ),
        ],
        at: Text("scene", 0),
    },
    Case {
        code: "W0317",
        file: "exercises/records/drill-2026-11-02.yaml",
        edits: &[
            Write(DRILL_FILE, DRILL),
            Write(RECORD_FILE, RECORD),
            Replace(
                RECORD_FILE,
                "  - {action: call-lead,",
                "  - {action: confirm-flood, outcome: met, elapsed: 9m, evaluator: ann}\n  - {action: call-lead,",
            ),
        ],
        at: Text("confirm-flood", 1),
    },
    Case {
        code: "W0318",
        file: "exercises/records/drill-2026-11-02.yaml",
        edits: &[
            Write(DRILL_FILE, DRILL),
            Write(RECORD_FILE, RECORD),
            Replace(
                RECORD_FILE,
                "observations:\n",
                "skipped: [worse]\nobservations:\n",
            ),
        ],
        at: Text("filter-now", 0),
    },
    Case {
        code: "W0332",
        file: INCIDENT_FILE,
        edits: &[
            Write(OBLIGATIONS_FILE, OBLIGATIONS),
            Write(TEMPLATE_FILE, TEMPLATE),
            Write(INCIDENT_FILE, INCIDENT),
        ],
        at: Text("2026-04-30", 0),
    },
    Case {
        code: "W0319",
        file: OBLIGATIONS_FILE,
        edits: &[
            Write(OBLIGATIONS_FILE, OBLIGATIONS),
            Write(TEMPLATE_FILE, TEMPLATE),
            Replace(
                OBLIGATIONS_FILE,
                "24h after awareness",
                "4h after awareness",
            ),
        ],
        at: Text("4h after awareness", 0),
    },
    Case {
        code: "W0320",
        file: "content/playbooks/flood.yaml",
        edits: &[
            Write(OBLIGATIONS_FILE, OBLIGATIONS),
            Write(TEMPLATE_FILE, TEMPLATE),
            Replace(OBLIGATIONS_FILE, "any: [personal-data]", "any: [outage]"),
            Replace(
                "content/playbooks/flood.yaml",
                "related: [unknown-event]\n",
                "related: [unknown-event]\nfacts: [personal-data]\n",
            ),
        ],
        at: Text("personal-data", 0),
    },
    Case {
        code: "W0321",
        file: "content/playbooks/flood.yaml",
        edits: &[Replace(
            "content/playbooks/flood.yaml",
            "        action: Confirm the flood.\n        owner: desk",
            "        action: |\n          Confirm the flood.\n          owner: desk",
        )],
        at: Text("owner: desk", 0),
    },
    Case {
        code: "W0322",
        file: "content/scheme/guide.md",
        edits: &[Replace(
            "content/scheme/guide.md",
            "Call the desk.",
            "FILL IN the procedure.",
        )],
        at: Text("FILL IN", 0),
    },
    Case {
        code: "W0330",
        file: ROTA_FILE,
        edits: &[
            Write(ROTA_FILE, ROTA),
            Replace(ROTA_FILE, "start: 2026-11-02", "start: 2026-12-07"),
        ],
        at: Text("lead", 0),
    },
    Case {
        code: "W0331",
        file: ROTA_FILE,
        edits: &[
            Write(ROTA_FILE, ROTA_TWO),
            Replace(
                "content/severity.yaml",
                "notify: [lead]",
                "notify: [lead, desk]",
            ),
        ],
        at: Text("desk", 0),
    },
    Case {
        code: "W0401",
        file: "content/scheme/words.md",
        edits: &[Generate("content/scheme/words.md", many_distinct_words)],
        at: File,
    },
];
