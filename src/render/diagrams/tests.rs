//! Tests of the diagrams: well-formed SVG, escaping, restricted names, text alternatives.

use super::text::{Style, wrap};
use super::*;
use crate::edition::view::{
    CallPerson, CallStep, CategoryView, ChoiceView, DecisionView, NavLink, PhaseView, StepLink,
    StepView,
};
use crate::edition::view::{CallTreeLevel, LifecycleView, PlaybookView, Ref};
use crate::model::Id;

fn id(s: &str) -> Id {
    Id::parse(s).unwrap()
}

fn named(n: &str) -> Ref {
    Ref {
        name: Some(n.into()),
        href: Some("contacts.html#x".into()),
    }
}

fn restricted() -> Ref {
    Ref {
        name: None,
        href: None,
    }
}

fn step(n: usize, decisions: usize) -> StepView {
    StepView {
        id: id(&format!("s{n}")),
        anchor: format!("step-s{n}"),
        number: n,
        action_html: Default::default(),
        owner: None,
        evidence_html: None,
        decisions: (0..decisions)
            .map(|_| DecisionView {
                question: "Which?".into(),
                choices: Vec::new(),
            })
            .collect(),
        escalate: Vec::new(),
        notices: Vec::new(),
        extra: Default::default(),
    }
}

fn phase(ph: &str, name: &str, steps: &[usize]) -> PhaseView {
    PhaseView {
        id: id(ph),
        name: name.into(),
        description_html: None,
        objective_html: None,
        steps: steps
            .iter()
            .enumerate()
            .map(|(i, d)| step(i + 1, *d))
            .collect(),
    }
}

fn playbook_view(pb: &str, title: &str, phases: Vec<PhaseView>) -> PlaybookView {
    let step_count = phases.iter().map(|p| p.steps.len()).sum();
    let decision_count = phases
        .iter()
        .flat_map(|p| &p.steps)
        .map(|s| s.decisions.len())
        .sum();
    PlaybookView {
        id: id(pb),
        href: format!("playbooks/{pb}.html"),
        title: title.into(),
        category: CategoryView {
            id: id("malware"),
            name: "Malware".into(),
        },
        default_severity: named("Critical"),
        severity_rank: 1,
        owner: None,
        summary_html: Default::default(),
        indicators: Vec::new(),
        phases,
        related: Vec::new(),
        parties: Vec::new(),
        clocks: Vec::new(),
        calculator_href: None,
        notifying: Vec::new(),
        records: Vec::new(),
        step_count,
        decision_count,
        search_terms: Vec::new(),
        extra: Default::default(),
    }
}

fn level(lv: &str, name: &str, steps: Vec<CallStep>, parties: Vec<Ref>) -> CallTreeLevel {
    CallTreeLevel {
        id: id(lv),
        anchor: format!("call-{lv}"),
        name: name.into(),
        rank: 1,
        response_target: Some("15 minutes".into()),
        steps,
        parties,
        clocks: Vec::new(),
    }
}

fn call(order: usize, role: Ref, people: Vec<(Ref, Vec<Ref>)>) -> CallStep {
    CallStep {
        order,
        role,
        on_duty: None,
        channels: Vec::new(),
        people: people
            .into_iter()
            .map(|(person, backups)| CallPerson {
                person,
                channels: Vec::new(),
                backups,
            })
            .collect(),
    }
}

fn phases_view(titles: &[(&'static str, &'static str, usize)]) -> Vec<LifecycleView> {
    titles
        .iter()
        .map(|(anchor, label, n)| {
            let pages: Vec<NavLink> = (0..*n)
                .map(|i| NavLink {
                    title: format!("{label} page {i}"),
                    href: format!("scheme/{anchor}-{i}.html"),
                })
                .collect();
            LifecycleView {
                anchor,
                label,
                nav: pages.iter().take(12).cloned().collect(),
                more: n.saturating_sub(12),
                pages,
            }
        })
        .collect()
}

fn check_name(n: &str) -> Result<(), String> {
    let ok = n.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(format!("bad name `{n}`"))
    }
}

/// Character data and attribute values: every `&` starts a known entity, nothing raw.
fn check_text(t: &str) -> Result<(), String> {
    if let Some(c) = t.chars().find(|c| {
        matches!(c, '<' | '>' | '"') || (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    }) {
        return Err(format!("raw {c:?} in {t:?}"));
    }
    let mut rest = t;
    while let Some(i) = rest.find('&') {
        rest = &rest[i + 1..];
        let end = rest.find(';').ok_or_else(|| format!("bare & in {t:?}"))?;
        let ent = &rest[..end];
        let numeric = ent
            .strip_prefix('#')
            .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
        if !numeric && !matches!(ent, "amp" | "lt" | "gt" | "quot" | "apos") {
            return Err(format!("unknown entity &{ent};"));
        }
    }
    Ok(())
}

/// A small well-formedness check: one root, balanced tags, quoted and unique attributes,
/// escaped text. Returns the values of every `id` attribute.
fn check_xml(doc: &str) -> Result<Vec<String>, String> {
    let mut ids = Vec::new();
    let mut stack: Vec<&str> = Vec::new();
    let mut roots = 0;
    let mut rest = doc;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("</") {
            let end = r.find('>').ok_or("unclosed end tag")?;
            let name = &r[..end];
            match stack.pop() {
                Some(open) if open == name => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
            rest = &r[end + 1..];
        } else if let Some(r) = rest.strip_prefix('<') {
            let end = r
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .ok_or("unclosed tag")?;
            let name = &r[..end];
            check_name(name)?;
            if stack.is_empty() {
                roots += 1;
            }
            let mut r = &r[end..];
            let mut seen: Vec<&str> = Vec::new();
            loop {
                r = r.trim_start();
                if let Some(x) = r.strip_prefix("/>") {
                    r = x;
                    break;
                }
                if let Some(x) = r.strip_prefix('>') {
                    stack.push(name);
                    r = x;
                    break;
                }
                let eq = r.find('=').ok_or("attribute without value")?;
                let attr = &r[..eq];
                check_name(attr)?;
                if seen.contains(&attr) {
                    return Err(format!("attribute {attr} twice on <{name}>"));
                }
                seen.push(attr);
                let v = r[eq + 1..].strip_prefix('"').ok_or("unquoted attribute")?;
                let close = v.find('"').ok_or("unclosed attribute")?;
                check_text(&v[..close])?;
                if attr == "id" {
                    ids.push(v[..close].to_owned());
                }
                r = &v[close + 1..];
            }
            rest = r;
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let text = &rest[..end];
            if stack.is_empty() && !text.trim().is_empty() {
                return Err(format!("text outside the root: {text:?}"));
            }
            check_text(text)?;
            rest = &rest[end..];
        }
    }
    if !stack.is_empty() {
        return Err(format!("unclosed {stack:?}"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(ids)
}

#[test]
fn checker_rejects_broken_xml() {
    for bad in [
        "<svg><text></svg>",
        "<svg a=\"1\" a=\"2\"/>",
        "<svg>a & b</svg>",
        "<svg>a < b</svg>",
        "<svg a=1/>",
        "<svg/><svg/>",
        "<svg>\0</svg>",
    ] {
        assert!(check_xml(bad).is_err(), "{bad}");
    }
    assert_eq!(
        check_xml("<svg id=\"a\"><g id=\"b\">&amp;&#39;</g></svg>").unwrap(),
        ["a", "b"]
    );
}

/// The text of the first element `tag` with attribute `id`.
fn element_text<'a>(svg: &'a str, tag: &str, id: &str) -> &'a str {
    let open = format!("<{tag} id=\"{id}\">");
    let start = svg.find(&open).expect(&open) + open.len();
    let end = svg[start..].find(&format!("</{tag}>")).unwrap();
    &svg[start..start + end]
}

const HOSTILE: &str = "<script>alert(\"x\")</script> & 'co'";

fn hostile_playbook() -> PlaybookView {
    playbook_view(
        "ransomware",
        HOSTILE,
        vec![
            phase("preparation", "Preparation", &[0, 0]),
            phase("containment", "Containment", &[1, 0, 0]),
            phase("eradication", "Eradication", &[]),
            phase("recovery", "<b>Recover & \"restore\"</b>", &[2]),
        ],
    )
}

fn hostile_level() -> CallTreeLevel {
    level(
        "sev1",
        HOSTILE,
        vec![
            call(
                1,
                named("ISIRT <lead> & co"),
                vec![(
                    named("O'Brien & \"Sons\""),
                    vec![named("<script>x</script>")],
                )],
            ),
            call(2, named("Legal counsel"), vec![]),
        ],
        vec![named("Carrow & Fenwick <LLP>")],
    )
}

#[test]
fn output_is_well_formed_xml() {
    let mut phases = phases_view(&[
        ("phase-plan", "Plan and prepare", 2),
        ("phase-use", "Detect, report and respond", 9),
        ("phase-review", "Review", 0),
        ("phase-improve", "Improve", 1),
        ("phase-other", "Other procedures", 3),
    ]);
    phases[0].pages[0].title = HOSTILE.into();
    phases[0].nav[0].title = HOSTILE.into();
    for svg in [
        playbook(&hostile_playbook()),
        escalation(&hostile_level()),
        escalation(&level("sev4", "Minor", vec![], vec![])),
        lifecycle(&phases),
    ] {
        assert!(svg.starts_with("<svg"), "{svg}");
        if let Err(e) = check_xml(&svg) {
            panic!("{e}\n{svg}");
        }
    }
}

#[test]
fn hostile_names_are_escaped() {
    for svg in [playbook(&hostile_playbook()), escalation(&hostile_level())] {
        assert!(!svg.contains("<script"), "{svg}");
        assert!(!svg.contains("<b>") && !svg.contains("<lead>") && !svg.contains("<LLP>"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains("&amp;"));
        assert!(svg.contains("&quot;") && svg.contains("&#39;"));
    }
}

#[test]
fn control_characters_cannot_forge_the_root_marker() {
    let pb = playbook_view(
        "x",
        "a\0b\u{1}c",
        vec![phase("preparation", "Prep\0aration", &[0])],
    );
    let svg = playbook(&pb);
    assert!(!svg.contains(crate::edition::html::ROOT_MARK) && !svg.contains('\u{1}'));
    check_xml(&svg).unwrap();
}

#[test]
fn restricted_refs_show_no_name() {
    let lv = level(
        "sev2",
        "Major",
        vec![
            call(1, restricted(), vec![(restricted(), vec![restricted()])]),
            call(
                2,
                named("Legal counsel"),
                vec![(named("Rebecca Stein"), vec![restricted()])],
            ),
        ],
        vec![restricted(), named("Insurer")],
    );
    let svg = escalation(&lv);
    check_xml(&svg).unwrap();
    // The restricted role, person, two backups and party: each says so, in the
    // drawing and in the description.
    let drawn = svg.matches(">restricted</text>").count()
        + svg.matches(">backup: restricted</text>").count();
    assert_eq!(drawn, 5, "{svg}");
    let desc = element_text(&svg, "desc", "dg-esc-sev2-desc");
    assert_eq!(desc.matches("restricted").count(), 5, "{desc}");
    assert!(svg.contains("Rebecca Stein") && svg.contains("Insurer"));
    assert!(!svg.contains("None") && !svg.contains("null"));
}

#[test]
fn text_alternatives_are_present_with_unique_ids() {
    let pb2 = playbook_view(
        "phishing",
        "Phishing",
        vec![phase("containment", "Containment", &[1, 0, 0])],
    );
    let svgs = [
        playbook(&hostile_playbook()),
        playbook(&pb2),
        escalation(&hostile_level()),
        escalation(&level("sev2", "Major", vec![], vec![])),
        lifecycle(&phases_view(&[("phase-plan", "Plan and prepare", 1)])),
    ];
    let mut all = Vec::new();
    for svg in &svgs {
        assert!(svg.contains(r#"role="img""#));
        let ids = check_xml(svg).unwrap();
        let labelled = svg
            .split("aria-labelledby=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap();
        let [title, desc] = labelled.split(' ').collect::<Vec<_>>()[..] else {
            panic!("labelled by {labelled}");
        };
        assert!(ids.contains(&title.to_owned()) && ids.contains(&desc.to_owned()));
        assert!(!element_text(svg, "title", title).is_empty());
        assert!(!element_text(svg, "desc", desc).is_empty());
        all.extend(ids);
    }
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n, "duplicate ids: {all:?}");
    let desc = element_text(&svgs[1], "desc", "dg-pb-phishing-desc");
    assert!(desc.contains("Containment: 3 steps, 1 decision."), "{desc}");
    assert_eq!(svgs[0], playbook(&hostile_playbook()), "not deterministic");
}

#[test]
fn an_empty_phase_is_marked() {
    let svg = playbook(&hostile_playbook());
    // Nothing in it is conditional, so no step's box is dashed.
    assert_eq!(dashed_boxes(&svg), 0, "{svg}");
    assert!(svg.contains(">no steps</text>"));
    let desc = element_text(&svg, "desc", "dg-pb-ransomware-desc");
    assert!(desc.contains("Eradication: no steps."), "{desc}");
    assert!(desc.contains("Containment: 3 steps, 1 decision."), "{desc}");
    assert!(desc.contains("Recover &amp; &quot;restore&quot;&lt;/b&gt;: 1 step, 2 decisions."));
}

#[test]
fn lifecycle_lists_pages_and_counts_the_rest() {
    let svg = lifecycle(&phases_view(&[
        ("phase-plan", "Plan and prepare", 2),
        ("phase-use", "Detect, report and respond", 9),
        ("phase-review", "Review", 0),
        ("phase-improve", "Improve", 1),
    ]));
    check_xml(&svg).unwrap();
    assert!(svg.contains(">Plan and prepare page 1</text>"));
    // No links: interactive content inside `role="img"` is hidden from assistive technology.
    assert!(!svg.contains("<a ") && !svg.contains("href"));
    assert!(svg.contains(">and 3 more</text>"));
    assert!(!svg.contains("Detect, report and respond page 6"));
    assert!(svg.contains(">No pages yet</text>") && svg.contains("stroke-dasharray"));
    for stage in ["PLAN", "DO", "CHECK", "ACT"] {
        assert!(svg.contains(&format!(">{stage}</text>")));
    }
    assert!(lifecycle(&[]).is_empty());
}

#[test]
fn wraps_by_estimated_width() {
    assert_eq!(
        wrap("Detect, report and respond", Style::Body, 120, 3),
        ["Detect, report", "and respond"]
    );
    let long = wrap("Supercalifragilisticexpialidocious", Style::Body, 60, 9);
    assert!(long.len() > 1 && long.iter().all(|l| Style::Body.width(l) <= 60));
    let cut = wrap("one two three four five six", Style::Body, 60, 2);
    assert_eq!(cut.len(), 2);
    assert!(cut[1].ends_with('…'));
    assert!(wrap("   ", Style::Body, 60, 2).is_empty());
}

/// A link to step `n` (`back`: it comes at or before the step linking to it).
fn link(n: usize, title: Option<&str>, back: bool) -> StepLink {
    StepLink {
        id: id(&format!("s{n}")),
        anchor: format!("step-s{n}"),
        number: n,
        label: title.map_or_else(|| format!("Step {n}"), |t| format!("Step {n}, {t}")),
        back,
    }
}

fn choice(option: &str, then: Option<StepLink>) -> ChoiceView {
    ChoiceView {
        option: option.into(),
        when_html: Default::default(),
        authorised_by: None,
        then,
    }
}

/// A four-step playbook: triage, contain (only after triage, and only if a host is
/// affected), restore (a decision leading on to review, or back to contain), review.
fn flow_playbook() -> PlaybookView {
    let mut triage = step(1, 0);
    triage.extra.title = Some("Triage the report".into());
    triage.extra.within = Some("15 minutes".into());
    let mut contain = step(2, 0);
    contain.extra.title = Some("Contain the host".into());
    contain.extra.applies_when = Some("a company laptop is affected".into());
    contain.extra.requires = vec![link(1, Some("Triage the report"), true)];
    let mut restore = step(3, 0);
    restore.extra.title = Some("Restore service".into());
    restore.decisions = vec![DecisionView {
        question: "Is the host clean?".into(),
        choices: vec![
            choice("Yes, carry on", Some(link(4, None, false))),
            choice(
                "No, contain it again",
                Some(link(2, Some("Contain the host"), true)),
            ),
            choice("Not sure yet", None),
        ],
    }];
    let mut review = step(4, 0);
    review.action_html = crate::edition::html::Html::new("<p>Hold the review. Then file it.</p>");
    playbook_view(
        "flow",
        "Flow",
        vec![
            PhaseView {
                steps: vec![triage, contain],
                ..phase("containment", "Containment", &[])
            },
            PhaseView {
                steps: vec![restore, review],
                ..phase("recovery", "Recovery", &[])
            },
        ],
    )
}

/// The connectors between steps of `svg` drawn in `style` (the attributes after
/// `stroke="currentColor"`), leaving out the legend's two-point samples.
fn connectors<'a>(svg: &'a str, style: &str) -> Vec<&'a str> {
    let tail = format!(r#"stroke="currentColor" {style}/>"#);
    svg.split(r#"<path class="edge" d=""#)
        .skip(1)
        .filter(|p| {
            p.split_once('"')
                .is_some_and(|(_, rest)| rest.starts_with(&format!(" fill=\"none\" {tail}")))
        })
        .map(|p| p.split('"').next().unwrap())
        .filter(|d| d.matches(" L").count() == 3)
        .collect()
}

/// How many step boxes of `svg` are dashed.
fn dashed_boxes(svg: &str) -> usize {
    svg.split("<rect class=\"box\"")
        .skip(1)
        .filter(|r| r.split("/>").next().unwrap().contains("stroke-dasharray"))
        .count()
}

#[test]
fn steps_show_their_titles_or_first_sentence() {
    let svg = playbook(&flow_playbook());
    check_xml(&svg).unwrap();
    for t in [
        "Triage the report",
        "Contain the host",
        "Restore service",
        "Hold the review",
    ] {
        assert!(svg.contains(&format!(">{t}</text>")), "{t}: {svg}");
    }
    assert!(!svg.contains("Then file it"), "{svg}");
    assert!(svg.contains(">target: within 15 minutes</text>"));
    // A long title is cut at two lines with an ellipsis; the description keeps it whole.
    let mut pb = flow_playbook();
    let long = "Collect the volatile evidence from every affected machine before anyone powers it down or reimages it for the business";
    pb.phases[0].steps[0].extra.title = Some(long.into());
    let svg = playbook(&pb);
    let drawn: Vec<&str> = svg
        .split("</text>")
        .filter(|t| t.contains("<text"))
        .collect();
    assert!(drawn.iter().any(|t| t.ends_with('…')), "{svg}");
    assert!(
        !drawn.iter().any(|t| t.ends_with("for the business")),
        "{svg}"
    );
    assert!(element_text(&svg, "desc", "dg-pb-flow-desc").contains(long));
}

#[test]
fn a_condition_is_a_dashed_box_saying_if() {
    let svg = playbook(&flow_playbook());
    assert!(
        svg.contains(r#"font-style="italic">if a company laptop is affected</text>"#),
        "{svg}"
    );
    assert_eq!(dashed_boxes(&svg), 1, "{svg}");
    assert!(
        svg.contains(">applies only if …</text>"),
        "the legend says what dashes mean"
    );
    // A condition that starts with its own "if" or "when" is not given another.
    let mut pb = flow_playbook();
    pb.phases[0].steps[1].extra.applies_when = Some("When the host is a server".into());
    let svg = playbook(&pb);
    assert!(svg.contains(">When the host is a server</text>"), "{svg}");
    // No condition, no dashed box and no legend entry.
    pb.phases[0].steps[1].extra.applies_when = None;
    let svg = playbook(&pb);
    assert_eq!(dashed_boxes(&svg), 0, "{svg}");
    assert!(!svg.contains("applies only if"), "{svg}");
}

#[test]
fn a_gate_is_a_dashed_connector_from_the_step_waited_for() {
    let svg = playbook(&flow_playbook());
    let gates = connectors(&svg, r#"stroke-width="1.5" stroke-dasharray="5 3""#);
    assert_eq!(gates.len(), 1, "{svg}");
    assert!(svg.contains(">only after step 1</text>"));
    assert!(svg.contains(">must be done first (gate)</text>"));
    // It leaves step 1's box low on its right side and ends at step 2's "only after" line,
    // with an open head, not on the straight arrows of the order.
    let points: Vec<&str> = gates[0].split(" L").collect();
    assert_eq!(points.len(), 4, "{}", gates[0]);
    assert!(svg.contains(r#"fill="none" stroke="currentColor" stroke-width="1.5"/>"#));
    // Without the gate, no dashed connector and no legend entry.
    let mut pb = flow_playbook();
    pb.phases[0].steps[1].extra.requires.clear();
    let svg = playbook(&pb);
    assert!(connectors(&svg, r#"stroke-width="1.5" stroke-dasharray="5 3""#).is_empty());
    assert!(!svg.contains("only after") && !svg.contains("(gate)"));
}

#[test]
fn a_choice_that_leads_on_is_a_labelled_branch() {
    let svg = playbook(&flow_playbook());
    let branches = connectors(&svg, r#"stroke-width="1.5""#);
    assert_eq!(branches.len(), 1, "{svg}");
    assert!(svg.contains(">to step 4: Yes, carry on</text>"), "{svg}");
    assert!(svg.contains(">Is the host clean?</text>"));
    assert!(svg.contains(">a decision&#39;s choice leads on</text>"));
    // The choice without `then:` draws nothing.
    assert!(!svg.contains(">Not sure yet"));
}

#[test]
fn a_choice_that_goes_back_is_drawn_and_said_as_a_loop() {
    let svg = playbook(&flow_playbook());
    let loops = connectors(&svg, r#"stroke-width="2" stroke-dasharray="2 3""#);
    assert_eq!(loops.len(), 1, "{svg}");
    assert!(
        svg.contains(">back to step 2 (loop): No, contain it again</text>"),
        "{svg}"
    );
    assert!(svg.contains(">loop back to an earlier step</text>"));
    // It runs upwards: it ends above where it starts.
    let ys: Vec<i32> = loops[0]
        .split(" L")
        .map(|p| {
            p.trim_start_matches('M')
                .split(' ')
                .nth(1)
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    assert!(ys[ys.len() - 1] < ys[0], "{ys:?}");
}

#[test]
fn the_text_alternative_says_conditions_gates_branches_and_loops() {
    let svg = playbook(&flow_playbook());
    let desc = element_text(&svg, "desc", "dg-pb-flow-desc");
    for said in [
        "Flow: 2 phases in order, 4 steps and 1 decision in all.",
        "Containment: 2 steps. Step 1, Triage the report. Target: within 15 minutes.",
        "Step 2, Contain the host. Applies only if a company laptop is affected. Only after step 1 (Triage the report).",
        "Recovery: 2 steps, 1 decision. Step 3, Restore service. Decision: Is the host clean?",
        "Choice “Yes, carry on” leads to step 4.",
        "Choice “No, contain it again” loops back to step 2 (Contain the host).",
        "Choice “Not sure yet”.",
        "Step 4, Hold the review.",
    ] {
        assert!(desc.contains(said), "{said}\n{desc}");
    }
    assert!(element_text(&svg, "title", "dg-pb-flow-title").contains("Flow"));
}

#[test]
fn links_to_steps_the_edition_does_not_show_are_left_out() {
    // The edition's view drops a link to a step it does not show; a link that names a
    // step missing from the playbook's phases (as a stale view might) draws nothing.
    let mut pb = flow_playbook();
    pb.phases[0].steps[1].extra.requires = vec![StepLink {
        id: id("hidden"),
        ..link(9, Some("CANARY-HIDDEN"), true)
    }];
    pb.phases[1].steps[0].decisions[0].choices[1].then = Some(StepLink {
        id: id("hidden"),
        ..link(9, Some("CANARY-HIDDEN"), true)
    });
    let svg = playbook(&pb);
    assert!(
        !svg.contains("CANARY-HIDDEN") && !svg.contains("step 9"),
        "{svg}"
    );
    assert!(connectors(&svg, r#"stroke-width="1.5" stroke-dasharray="5 3""#).is_empty());
    assert!(connectors(&svg, r#"stroke-width="2" stroke-dasharray="2 3""#).is_empty());
}

#[test]
fn the_flow_is_deterministic_and_well_formed() {
    let a = playbook(&flow_playbook());
    assert_eq!(a, playbook(&flow_playbook()));
    check_xml(&a).unwrap();
    assert!(!a.contains("<script") && !a.contains("href") && !a.contains("url("));
}

#[test]
fn everything_drawn_fits_the_view_box() {
    let svg = playbook(&flow_playbook());
    let view: Vec<i32> = svg
        .split("viewBox=\"")
        .nth(1)
        .and_then(|v| v.split('"').next())
        .unwrap()
        .split(' ')
        .map(|n| n.parse().unwrap())
        .collect();
    let (w, h) = (view[2], view[3]);
    // Text baselines, with room for descenders, and every box's bottom and right edge.
    for t in svg.split("<text ").skip(1) {
        let y: i32 = t
            .split("y=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(y + 4 <= h, "text at {y} below the height {h}: {t}");
    }
    for r in svg.split("<rect ").skip(1) {
        let r = format!(" {r}");
        let attr = |a: &str| -> i32 {
            r.split(&format!(" {a}=\""))
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        };
        assert!(
            attr("y") + attr("height") <= h && attr("x") + attr("width") <= w,
            "{r}"
        );
    }
}
