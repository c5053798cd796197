//! Generated schemes with random audiences, for `random_audience_assignments_never_leak`:
//! each item carries a marker and remembers whether all-staff readers may see it.

use std::path::Path;

/// A deterministic xorshift64* generator.
pub(super) struct Rng(pub(super) u64);

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
pub(super) struct Item {
    pub(super) marker: String,
    pub(super) staff_visible: bool,
    pub(super) what: String,
}

/// Writes a generated scheme and remembers each item's marker and expected visibility.
pub(super) struct Gen {
    pub(super) rng: Rng,
    pub(super) case: usize,
    pub(super) items: Vec<Item>,
    pub(super) n: usize,
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

    pub(super) fn write(&mut self, root: &Path) {
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
