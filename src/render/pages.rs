//! The pages of one edition: which exist, with which template and data, rendered in parallel.

use super::job::{Job, val};
use super::theme::Theme;
use super::{diagrams, exports};
use crate::check::diagnostic::Diagnostic;
use crate::edition::html::{RelativeRoot, at_depth};
use crate::edition::view::SiteView;
use crate::model::routes::{self, anchor};
use crate::render::output::Output;
use rayon::prelude::*;
use serde::Serialize;
use std::io::{self, Write};
use tera::{Context, Value};

/// Site-wide data every page shares (serialised once per edition).
#[derive(Serialize)]
struct Header<'a> {
    edition: &'a crate::edition::view::EditionView,
    organisation: &'a str,
    title: &'a str,
    version: &'a Option<String>,
    build_date: &'a Option<String>,
    sources_date: &'a Option<String>,
    reporting: &'a crate::edition::view::ReportingView,
    lifecycle: &'a [crate::edition::view::LifecycleView],
    forms: Vec<crate::edition::view::NavLink>,
    /// The form the home page asks a reporter to fill in: the scheme's `intake:` form, else
    /// the first form that is not a record kept during an incident.
    report_form: Option<crate::edition::view::NavLink>,
    playbook_count: usize,
    /// First step of the new-starter path, if the edition has one.
    new_starter: Option<&'a crate::edition::view::NavLink>,
    /// The new-starter path's name and overview, as the awareness index lists it: the
    /// first learning path, or (without paths) every awareness page in order.
    new_starter_path: crate::edition::view::NavLink,
    /// About how long the new-starter path takes, in minutes, as the awareness index says.
    new_starter_minutes: u32,
    /// Does the path end with a quiz?
    new_starter_quiz: bool,
    /// Exercises this edition shows anything of.
    exercise_count: usize,
    /// The main navigation.
    nav: Vec<routes::NavItem>,
    /// The fixed pages by name, for links in templates.
    routes: &'static routes::Pages,
}

/// A page in the scheme index: title, link and summary, without its body.
#[derive(Serialize)]
struct IndexEntry<'a> {
    title: &'a str,
    href: &'a str,
    summary: &'a Option<String>,
}

/// A lifecycle phase with every page in it, for the scheme index.
#[derive(Serialize)]
struct IndexGroup<'a> {
    anchor: &'a str,
    label: &'a str,
    pages: Vec<IndexEntry<'a>>,
}

fn scheme_index(view: &SiteView) -> Vec<IndexGroup<'_>> {
    view.lifecycle
        .iter()
        .map(|g| IndexGroup {
            anchor: g.anchor,
            label: g.label,
            pages: view
                .pages
                .iter()
                .filter(|p| {
                    p.lifecycle.map_or(anchor::OTHER_PROCEDURES, |l| l.anchor()) == g.anchor
                })
                .map(|p| IndexEntry {
                    title: &p.title,
                    href: &p.href,
                    summary: &p.summary,
                })
                .collect(),
        })
        .collect()
}

/// The tools inventory and the framework coverage, when the edition has them.
fn playbook_field_jobs(view: &SiteView, jobs: &mut Vec<Job>) {
    if !view.tools.is_empty() {
        jobs.push(Job {
            path: routes::TOOLS.into(),
            template: "tools.html",
            title: "Tools".into(),
            section: "playbooks",
            data: vec![("tools", val(&view.tools))],
        });
    }
    if let Some(c) = &view.coverage {
        jobs.push(Job {
            path: routes::MAPPINGS.into(),
            template: "mappings.html",
            title: "Framework coverage".into(),
            section: "playbooks",
            data: vec![("coverage", val(c))],
        });
    }
}

/// Files that are data, not pages: contact cards and lists, JSON export (streamed into its
/// file, as it is the size of the whole edition). The search index is built for all editions
/// at once, by [`super::search::write_indexes`].
fn data_files(view: &SiteView, sink: &dyn Output) {
    let file = |path: String, text: String| sink.put(&path, text.into_bytes());
    let _ = sink.stream(routes::SCHEME_JSON, &mut |w| exports::write_json(view, w));
    file(routes::DIRECTORY_VCF.into(), exports::vcard_directory(view));
    file(routes::DIRECTORY_CSV.into(), exports::csv(view));
    if let Some(r) = &view.incidents.register {
        file(routes::IMPROVEMENTS_CSV.into(), exports::register_csv(r));
    }
    for p in &view.people {
        file(
            routes::vcard(&p.anchor),
            exports::vcard_person(p, &view.organisation),
        );
    }
    for p in &view.parties {
        file(routes::vcard(&p.anchor), exports::vcard_party(p));
    }
    // Attached files, byte for byte, never rendered.
    for (path, bytes) in &view.downloads {
        sink.put(path, bytes.to_vec());
    }
}

/// The relative prefix from a page at `path` to the edition root.
fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// The site-wide data every page of the edition `view` shares.
fn header(view: &SiteView) -> Value {
    val(&Header {
        edition: &view.edition,
        organisation: &view.organisation,
        title: &view.title,
        version: &view.version,
        build_date: &view.build_date,
        sources_date: &view.sources_date,
        reporting: &view.reporting,
        lifecycle: &view.lifecycle,
        forms: view
            .forms
            .iter()
            .map(|f| crate::edition::view::NavLink {
                title: f.title.clone(),
                href: f.href.clone(),
            })
            .collect(),
        report_form: view
            .forms
            .iter()
            .find(|f| f.send.is_some())
            .or_else(|| view.forms.iter().find(|f| !f.record))
            .map(|f| crate::edition::view::NavLink {
                title: f.title.clone(),
                href: f.href.clone(),
            }),
        playbook_count: view.playbooks.len(),
        new_starter: view.new_starter.first(),
        new_starter_path: match view.paths.first() {
            Some(p) => crate::edition::view::NavLink {
                title: format!("{} path", p.title),
                href: p.href.clone(),
            },
            None => crate::edition::view::NavLink {
                title: "new starter path".into(),
                href: routes::AWARENESS_INDEX.into(),
            },
        },
        new_starter_minutes: match view.paths.first() {
            Some(p) => p.minutes,
            None => crate::edition::view::path_minutes(view),
        },
        new_starter_quiz: match view.paths.first() {
            Some(p) => p.steps.iter().any(|s| s.quiz.is_some()),
            None => !view.quizzes.is_empty(),
        },
        exercise_count: view.exercises.catalogue.len(),
        nav: {
            let mut nav = routes::nav(
                view.playbooks.len(),
                !view.exercises.catalogue.is_empty(),
                !view.new_starter.is_empty(),
                view.obligations.is_some(),
            );
            // A restricted edition gets the team's home (below), which starts from responding.
            if view.edition.restricted
                && let Some(home) = nav.first_mut()
            {
                home.title = "Home: respond to an incident".into();
            }
            if !view.incidents.reviews.is_empty() || view.incidents.register.is_some() {
                nav.push(routes::NavItem {
                    href: routes::INCIDENTS_INDEX,
                    title: "Incident reviews".into(),
                });
            }
            nav
        },
        routes: &routes::PAGES,
    })
}

/// Renders the one exercise page at `path` of the edition `view` into `out`, as it is in
/// the site (for `exercise report`); nothing when the edition has no such page.
pub(crate) fn render_exercise_page(
    view: &SiteView,
    theme: &Theme,
    path: &str,
    out: &dyn Output,
) -> Result<(), Diagnostic> {
    let header = header(view);
    match super::exercises::jobs(&view.exercises)
        .into_iter()
        .find(|j| j.path == path)
    {
        Some(job) => render_job(job, theme, &header, out),
        None => Ok(()),
    }
}

/// Renders every page of the edition `view` with `theme` into `sink`, with the theme's
/// static files and the data files (exports; the search index is written separately, see
/// [`super::search::write_indexes`]). A sink that keeps nothing (`check`) gets every page
/// rendered in full, so every template error is found, but not the data files: they are
/// built from the view alone, by code that has no error path and reports nothing, so
/// skipping them cannot hide a problem.
pub(crate) fn render(
    view: &SiteView,
    theme: &Theme,
    sink: &dyn Output,
) -> Result<(), Vec<Diagnostic>> {
    // Each page and playbook is turned into template data once, for its own page and for
    // the lists that hold all of them (binder, playbook index): a cloned Value shares its
    // contents, so the binder no longer holds a second copy of every page.
    let (page_values, playbook_values) = rayon::join(
        || view.pages.par_iter().map(val).collect::<Vec<Value>>(),
        || view.playbooks.par_iter().map(val).collect::<Vec<Value>>(),
    );
    let header = header(view);
    let mut jobs = core_jobs(view, &playbook_values);
    scheme_page_jobs(view, &page_values, &mut jobs);
    playbook_jobs(view, &playbook_values, &mut jobs);
    jobs.extend(form_jobs(view));
    awareness_jobs(view, &mut jobs);
    let escalations: Vec<String> = view.call_tree.iter().map(diagrams::escalation).collect();
    printable_jobs(view, &escalations, &mut jobs);
    jobs.push(Job {
        path: routes::SEARCH.into(),
        template: "search.html",
        title: "Search".into(),
        section: "search",
        data: vec![],
    });
    playbook_field_jobs(view, &mut jobs);
    jobs.push(binder_job(view, page_values, playbook_values));
    jobs.extend(super::exercises::jobs(&view.exercises));
    jobs.extend(super::incidents::jobs(&view.incidents));
    jobs.extend(super::obligations::jobs(view));
    jobs.extend(super::paths::jobs(view));
    jobs.extend(super::duty::jobs(view));
    attach_diagrams(view, &escalations, &mut jobs);
    super::duty::attach(view, theme, &mut jobs);
    render_jobs(jobs, view, theme, &header, sink)
}

/// The home page, the policy, the severity scale, the contact directory and the indexes
/// of procedures and playbooks.
fn core_jobs(view: &SiteView, playbook_values: &[Value]) -> Vec<Job> {
    vec![
        home_job(view, playbook_values),
        Job {
            path: routes::POLICY.into(),
            template: "policy.html",
            title: view.policy.title.clone(),
            section: "policy",
            data: vec![("policy", val(&view.policy))],
        },
        Job {
            path: routes::SEVERITY.into(),
            template: "severity.html",
            title: "Severity scale".into(),
            section: "severity",
            data: vec![("severity", val(&view.severity))],
        },
        Job {
            path: routes::CONTACTS.into(),
            template: "contacts.html",
            title: "Contact directory".into(),
            section: "contacts",
            data: vec![
                ("roles", val(&view.roles)),
                ("people", val(&view.people)),
                ("parties", val(&view.parties)),
            ],
        },
        Job {
            path: routes::SCHEME_INDEX.into(),
            template: "scheme.html",
            title: "Scheme procedures".into(),
            section: "scheme",
            data: vec![("groups", val(&scheme_index(view)))],
        },
        Job {
            path: routes::PLAYBOOKS_INDEX.into(),
            template: "playbooks.html",
            title: "Playbooks".into(),
            section: "playbooks",
            data: vec![
                ("playbooks", Value::from(playbook_values.to_vec())),
                ("taxonomy", val(&view.taxonomy)),
                ("severity", val(&view.severity)),
                (
                    "tools_href",
                    Value::from((!view.tools.is_empty()).then_some(routes::TOOLS)),
                ),
                (
                    "coverage_href",
                    Value::from(view.coverage.is_some().then_some(routes::MAPPINGS)),
                ),
            ],
        },
    ]
}

/// The home page: for all staff, how to report; for the team (any edition above the
/// lowest), what the team does: playbooks by severity, the call tree and duty roles, the
/// deadline tools, exercises and open improvement work.
fn home_job(view: &SiteView, playbook_values: &[Value]) -> Job {
    let mut data = vec![
        ("taxonomy", val(&view.taxonomy)),
        ("severity", val(&view.severity)),
    ];
    if view.edition.restricted {
        data.extend([
            (
                "team",
                val(&crate::edition::view::team_home(&view.exercises)),
            ),
            ("playbooks", Value::from(playbook_values.to_vec())),
            ("call_tree", val(&view.call_tree)),
            ("roles", val(&view.roles)),
            ("templates_count", val(&view.templates.len())),
            ("clocks", val(&view.obligations.is_some())),
            ("has_coverage", val(&view.exercises.coverage.is_some())),
        ]);
    } else {
        data.push(("team", Value::none()));
    }
    Job {
        path: routes::HOME.into(),
        template: "index.html",
        title: "Home".into(),
        section: "home",
        data,
    }
}

/// A procedure with this many sections or more lists them at its top.
const CONTENTS_FROM_SECTIONS: usize = 4;

/// One page per scheme procedure, from its template data `page_values`, with its sections
/// (level-2 headings) listed on the page when it has several.
fn scheme_page_jobs(view: &SiteView, page_values: &[Value], jobs: &mut Vec<Job>) {
    jobs.par_extend(view.pages.par_iter().zip(page_values).map(|(p, v)| {
        let sections: Vec<_> = p.headings.iter().filter(|h| h.level == 2).collect();
        let contents = if sections.len() >= CONTENTS_FROM_SECTIONS {
            sections
        } else {
            Vec::new()
        };
        Job {
            path: p.href.clone(),
            template: "page.html",
            title: p.title.clone(),
            section: "scheme",
            data: vec![("page", v.clone()), ("contents", val(&contents))],
        }
    }));
}

/// One page per playbook, from its template data `playbook_values`.
fn playbook_jobs(view: &SiteView, playbook_values: &[Value], jobs: &mut Vec<Job>) {
    jobs.par_extend(
        view.playbooks
            .par_iter()
            .zip(playbook_values)
            .map(|(p, v)| Job {
                path: p.href.clone(),
                template: "playbook.html",
                title: p.title.clone(),
                section: "playbooks",
                data: vec![("playbook", v.clone())],
            }),
    );
}

/// One page per report form.
fn form_jobs(view: &SiteView) -> impl Iterator<Item = Job> + '_ {
    view.forms.iter().map(|f| Job {
        path: f.href.clone(),
        template: "form.html",
        title: f.title.clone(),
        section: "forms",
        data: vec![("form", val(f))],
    })
}

/// The new-starter path: an overview, then each page and quiz with its place in the path.
fn awareness_jobs(view: &SiteView, jobs: &mut Vec<Job>) {
    let total = view.new_starter.len();
    let step_of = |href: &str| view.new_starter.iter().position(|l| l.href == href);
    let nav_of = |href: &str| {
        let i = step_of(href);
        (
            i.map_or(0, |i| i + 1),
            i.and_then(|i| i.checked_sub(1))
                .and_then(|j| view.new_starter.get(j)),
            i.and_then(|i| view.new_starter.get(i + 1)),
        )
    };
    if !view.new_starter.is_empty() {
        jobs.push(Job {
            path: routes::AWARENESS_INDEX.into(),
            template: "awareness.html",
            title: "New starter path".into(),
            section: "awareness",
            data: vec![
                ("steps", val(&view.new_starter)),
                ("paths", val(&view.paths)),
                ("pages", val(&view.awareness)),
                ("quizzes", val(&view.quizzes)),
            ],
        });
    }
    let step = |(n, prev, next): (
        usize,
        Option<&crate::edition::view::NavLink>,
        Option<&crate::edition::view::NavLink>,
    )| {
        [
            ("step", val(&n)),
            ("total", val(&total)),
            ("prev", val(&prev)),
            ("next", val(&next)),
        ]
    };
    for p in &view.awareness {
        let mut data = vec![("page", val(p))];
        data.extend(step(nav_of(&p.href)));
        jobs.push(Job {
            path: p.href.clone(),
            template: "awareness-page.html",
            title: p.title.clone(),
            section: "awareness",
            data,
        });
    }
    for q in &view.quizzes {
        let mut data = vec![("quiz", val(q))];
        data.extend(step(nav_of(&q.href)));
        jobs.push(Job {
            path: q.href.clone(),
            template: "quiz.html",
            title: q.title.clone(),
            section: "awareness",
            data,
        });
    }
}

/// The pocket card and poster (how to recognise and report, from the scheme's own data)
/// and the call tree, with its escalation diagrams.
fn printable_jobs(view: &SiteView, escalations: &[String], jobs: &mut Vec<Job>) {
    for (path, template, title) in [
        (routes::POCKET_CARD, "pocket-card.html", "Pocket card"),
        (routes::POSTER, "poster.html", "Poster"),
    ] {
        jobs.push(Job {
            path: path.into(),
            template,
            title: title.into(),
            section: "awareness",
            data: vec![("signs", val(&view.signs))],
        });
    }
    jobs.push(Job {
        path: routes::CALL_TREE.into(),
        template: "call-tree.html",
        title: "Call tree".into(),
        section: "contacts",
        data: vec![
            ("levels", val(&view.call_tree)),
            ("diagrams", val(escalations)),
        ],
    });
}

/// The printable binder: the whole scheme on one page.
fn binder_job(view: &SiteView, page_values: Vec<Value>, playbook_values: Vec<Value>) -> Job {
    Job {
        path: routes::BINDER.into(),
        template: "binder.html",
        title: "Printable binder".into(),
        section: "binder",
        data: vec![
            ("policy", val(&view.policy)),
            ("pages", Value::from(page_values)),
            ("severity", val(&view.severity)),
            ("levels", val(&view.call_tree)),
            ("roles", val(&view.roles)),
            ("people", val(&view.people)),
            ("parties", val(&view.parties)),
            ("playbooks", Value::from(playbook_values)),
            (
                "playbook_diagrams",
                val(&view
                    .playbooks
                    .iter()
                    .map(diagrams::playbook)
                    .collect::<Vec<_>>()),
            ),
            ("forms", val(&view.forms)),
            ("obligations", val(&view.obligations)),
            ("templates", val(&view.templates)),
            (
                "lifecycle_diagram",
                val(&diagrams::lifecycle(&view.lifecycle)),
            ),
        ],
    }
}

/// Diagrams go with the pages that show them: the lifecycle on the home page and the
/// scheme index, escalations on the severity scale, each playbook's own on its page.
fn attach_diagrams(view: &SiteView, escalations: &[String], jobs: &mut [Job]) {
    for job in jobs.iter_mut() {
        match job.template {
            "index.html" | "scheme.html" => job.data.push((
                "lifecycle_diagram",
                val(&diagrams::lifecycle(&view.lifecycle)),
            )),
            "severity.html" => job.data.push(("diagrams", val(escalations))),
            _ => {}
        }
    }
    for job in jobs.iter_mut() {
        if job.template == "playbook.html"
            && let Some(pb) = view.playbooks.iter().find(|p| p.href == job.path)
        {
            job.data.push(("diagram", val(&diagrams::playbook(pb))));
        }
    }
}

/// Renders `jobs` in parallel, building the data files meanwhile, then copies the theme's
/// static files; every template error found, sorted, when any page failed.
fn render_jobs(
    jobs: Vec<Job>,
    view: &SiteView,
    theme: &Theme,
    header: &Value,
    sink: &dyn Output,
) -> Result<(), Vec<Diagnostic>> {
    // The data files (search index, JSON, cards) need no page, so they are built while the
    // pages render rather than after them.
    let (results, ()): (Vec<Result<(), Diagnostic>>, ()) = rayon::join(
        || {
            jobs.into_par_iter()
                .map(|job| render_job(job, theme, header, sink))
                .collect()
        },
        || {
            if sink.keeps() {
                data_files(view, sink)
            }
        },
    );
    let mut errors: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
    if !errors.is_empty() {
        errors.sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
        errors.dedup();
        return Err(errors);
    }
    super::obligations::scripts(view, theme, sink);
    super::paths::scripts(view, theme, sink);
    for (path, bytes) in &theme.statics {
        sink.put(path, bytes.clone());
    }
    Ok(())
}

/// Renders one page job with the shared header, straight into its file.
fn render_job(
    job: Job,
    theme: &Theme,
    header: &Value,
    sink: &dyn Output,
) -> Result<(), Diagnostic> {
    let root = root_of(&job.path);
    let mut ctx = Context::new();
    ctx.insert_value("site", header.clone());
    ctx.insert("root", &root);
    ctx.insert("page_path", &job.path);
    ctx.insert("page_title", &job.title);
    ctx.insert("section", job.section);
    for (k, v) in job.data {
        ctx.insert_value(k, v);
    }
    let template_error =
        |e: &tera::Error| crate::check::templates::template_error(e, &theme.sources);
    // The binder holds the whole edition: streamed into its file. Other pages are small,
    // and rendering them into a buffer first spares the writer many tiny writes.
    if job.template != "binder.html" {
        let mut buf = Vec::with_capacity(16 * 1024);
        theme
            .tera
            .render_to(job.template, &ctx, &mut buf)
            .map_err(|e| template_error(&e))?;
        // An output that keeps nothing (`check`) is spared resolving the root marks.
        let page = if sink.keeps() {
            at_depth(buf, &root)
        } else {
            buf
        };
        sink.put(&job.path, page);
        return Ok(());
    }
    let mut failed = None;
    let _ = sink.stream(&job.path, &mut |w| {
        // Buffered before the mark is replaced, so that is done on large blocks.
        let mut w = io::BufWriter::with_capacity(1 << 16, RelativeRoot::new(w, &root));
        let rendered = theme.tera.render_to(job.template, &ctx, &mut w);
        let flushed = w.flush();
        rendered.map_err(|e| {
            // A write that failed is the sink's to report; anything else is the template's.
            if !w.get_ref().io_failed() {
                failed = Some(template_error(&e));
            }
            io::Error::other(e.to_string())
        })?;
        flushed
    });
    failed.map_or(Ok(()), Err)
}
