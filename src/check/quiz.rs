//! Rules for written quizzes: questions well formed (E0120), generators given what they
//! need (E0121), references known.

use super::diagnostic::{self as diag, Diagnostic};
use super::refs::Ctx;
use crate::model::awareness::{Generator, LearningPath, Question};
use crate::model::{At, Doc, Id, Index, Pos};
use std::collections::BTreeSet;

/// Checks one written quiz.
pub fn check(
    doc: &crate::model::Doc<crate::model::awareness::Quiz>,
    idx: &Index,
    out: &mut Vec<Diagnostic>,
) {
    let q = &doc.data;
    let mut c = Ctx {
        file: &doc.file,
        out,
    };
    c.audience(idx, &q.audience);
    if let Some(m) = &q.pass_mark
        && (m.value == 0 || m.value > 100)
    {
        c.err(
            diag::QUIZ_QUESTION,
            m.pos,
            format!("pass mark {} is not a percentage from 1 to 100", m.value),
            Some("write e.g. `pass_mark: 80`".into()),
        );
    }
    if q.questions.is_empty() {
        c.err(
            diag::QUIZ_QUESTION,
            q.id.pos,
            "the quiz has no questions".into(),
            Some("add `questions:`".into()),
        );
    }
    draw_covers_topics(&mut c, q, q.draw.as_ref());
    let mut ids: BTreeSet<&Id> = BTreeSet::new();
    for qu in &q.questions {
        if !ids.insert(&qu.id.value) {
            c.err(
                diag::DUPLICATE_ID,
                qu.id.pos,
                format!(
                    "the question id `{}` is used twice in this quiz",
                    qu.id.value
                ),
                Some("question ids must be unique within a quiz".into()),
            );
        }
        match &qu.generate {
            None => written(&mut c, qu),
            Some(g) => generated(&mut c, idx, qu, g),
        }
    }
}

/// A question written out: its text, at least two choices, one of them correct, and no
/// generator options.
fn written(c: &mut Ctx, qu: &Question) {
    let pos = qu.id.pos;
    if qu.question.is_none() {
        c.err(diag::QUIZ_QUESTION, pos, format!("question `{}` has neither `question` nor `generate`", qu.id.value),
            Some("write the question with `question:` and `choices:`, or let irbook write it with `generate:`".into()));
    } else if qu.choices.len() < 2 {
        c.err(
            diag::QUIZ_QUESTION,
            pos,
            format!("question `{}` has fewer than two choices", qu.id.value),
            Some("give at least two `choices`".into()),
        );
    } else if !qu.choices.iter().any(|ch| ch.correct) {
        c.err(
            diag::QUIZ_QUESTION,
            pos,
            format!(
                "question `{}` has no correct choice among its choices",
                qu.id.value
            ),
            Some("mark the right answer with `correct: true`".into()),
        );
    }
    if qu.playbook.is_some()
        || qu.level.is_some()
        || !qu.not_events.is_empty()
        || qu.stage.is_some()
    {
        c.err(
            diag::QUIZ_QUESTION,
            pos,
            format!(
                "question `{}` sets generator options without `generate`",
                qu.id.value
            ),
            Some("`playbook`, `level`, `not_events` and `stage` only go with `generate:`".into()),
        );
    }
}

/// A question irbook generates with `g`: nothing written out, known references, and what
/// the generator needs.
fn generated(c: &mut Ctx, idx: &Index, qu: &Question, g: &At<Generator>) {
    if qu.question.is_some() || !qu.choices.is_empty() || qu.explanation.is_some() {
        c.err(diag::QUIZ_QUESTION, g.pos, format!("question `{}` is generated but also written out", qu.id.value),
            Some("remove `question`, `choices` and `explanation`: a generated question takes them from the scheme".into()));
    }
    if let Some(pb) = &qu.playbook {
        c.known(&idx.playbooks, pb, diag::UNKNOWN_PLAYBOOK, "playbook");
    }
    if let Some(l) = &qu.level {
        c.known(&idx.levels, l, diag::UNKNOWN_SEVERITY, "severity level");
    }
    let needs = match g.value {
        Generator::WhichPlaybook if qu.playbook.is_none() => {
            Some("`playbook:` (the playbook whose signs the question shows)")
        }
        Generator::ResponseTime if qu.level.is_none() => {
            Some("`level:` (the severity level the question asks about)")
        }
        Generator::SpotTheEvent if qu.not_events.len() < 3 => Some(
            "`not_events:` with at least three ordinary happenings that are not security events",
        ),
        _ => None,
    };
    if let Some(what) = needs {
        c.err(
            diag::QUIZ_GENERATOR,
            g.pos,
            format!("this generator needs {what}"),
            Some("add it to the question".into()),
        );
    }
}

/// The E0121 diagnostic for a generated question the scheme cannot answer for an edition.
pub fn not_generated(file: &str, pos: Pos, question: &Id, edition: &Id, why: &str) -> Diagnostic {
    Diagnostic::error(
        diag::QUIZ_GENERATOR,
        file,
        pos,
        format!("question `{question}` cannot be generated for the `{edition}` edition: {why}"),
    )
    .with_help(
        "add what the scheme lacks, or write the question out with `question:` and `choices:`",
    )
}

/// The learning paths of `awareness: paths:` (E0133): ids unique, every page and quiz they
/// name exists, pass marks are percentages, and a draw is large enough to take one question
/// of every topic of its quiz.
pub fn learning_paths(s: &crate::model::Scheme, idx: &Index, out: &mut Vec<Diagnostic>) {
    let rules = &s.config.data.awareness;
    let mut c = Ctx {
        file: &s.config.file,
        out,
    };
    pass_mark(&mut c, &rules.pass_mark);
    let mut ids: BTreeSet<&Id> = BTreeSet::new();
    for lp in &rules.paths {
        if !ids.insert(&lp.id.value) {
            c.err(
                diag::DUPLICATE_ID,
                lp.id.pos,
                format!("the learning path id `{}` is used twice", lp.id.value),
                Some("each path needs its own id: it names the path's folder and package".into()),
            );
        }
        pass_mark(&mut c, &lp.pass_mark);
        c.audience(idx, &lp.audience);
        if lp.pages.is_empty() && lp.quiz.is_none() {
            c.err(
                diag::LEARNING_PATH,
                lp.id.pos,
                format!(
                    "the learning path `{}` has no pages and no quiz",
                    lp.id.value
                ),
                Some("list its awareness pages under `pages:` and name its `quiz:`".into()),
            );
        }
        path_pages(s, &mut c, lp);
        let quiz = path_quiz(s, &mut c, lp);
        if let Some(q) = quiz {
            let draw = lp.draw.as_ref().or(q.data.draw.as_ref());
            draw_covers_topics(&mut c, &q.data, draw);
        }
    }
}

/// A pass mark, if given, is a percentage from 1 to 100.
fn pass_mark(c: &mut Ctx, m: &Option<At<u8>>) {
    if let Some(m) = m
        && (m.value == 0 || m.value > 100)
    {
        c.err(
            diag::LEARNING_PATH,
            m.pos,
            format!("pass mark {} is not a percentage from 1 to 100", m.value),
            Some("write e.g. `pass_mark: 80`".into()),
        );
    }
}

/// Every page a learning path names is an awareness page of the scheme.
fn path_pages(s: &crate::model::Scheme, c: &mut Ctx, lp: &LearningPath) {
    for name in &lp.pages {
        let file = crate::model::awareness::page_file(&name.value);
        if !s.awareness.iter().any(|p| p.file == file) {
            let known: Vec<&str> = s
                .awareness
                .iter()
                .filter_map(|p| {
                    p.file
                        .strip_prefix("content/awareness/")?
                        .strip_suffix(".md")
                })
                .collect();
            c.err(
                diag::LEARNING_PATH,
                name.pos,
                format!(
                    "the path names the page `{}`, but there is no {file}",
                    name.value
                ),
                Some(format!(
                    "name a page by its file under content/awareness/ without `.md`: {}",
                    known.join(", ")
                )),
            );
        }
    }
}

/// The quiz a learning path names, if any and if it exists (an error if it does not).
fn path_quiz<'s>(
    s: &'s crate::model::Scheme,
    c: &mut Ctx,
    lp: &LearningPath,
) -> Option<&'s Doc<crate::model::awareness::Quiz>> {
    lp.quiz.as_ref().and_then(|id| {
        let q = s.quizzes.iter().find(|q| q.data.id.value == id.value);
        if q.is_none() {
            let known: Vec<&str> = s.quizzes.iter().map(|q| q.data.id.value.as_str()).collect();
            c.err(
                diag::LEARNING_PATH,
                id.pos,
                format!(
                    "the path names the quiz `{}`, which does not exist",
                    id.value
                ),
                Some(format!("name a quiz by its `id`: {}", known.join(", "))),
            );
        }
        q
    })
}

/// A draw of `draw` questions from quiz `q` takes one of each topic: it may not be smaller
/// than the number of topics, nor zero.
fn draw_covers_topics(c: &mut Ctx, q: &crate::model::awareness::Quiz, draw: Option<&At<u16>>) {
    let Some(d) = draw else { return };
    let topics = q
        .questions
        .iter()
        .map(|qu| qu.topic.as_ref().map(|t| &t.value))
        .collect::<BTreeSet<_>>()
        .len();
    if d.value == 0 || usize::from(d.value) < topics {
        c.err(
            diag::LEARNING_PATH,
            d.pos,
            format!(
                "a draw of {} questions cannot cover the {topics} topics of quiz `{}`",
                d.value, q.id.value
            ),
            Some(format!("draw at least {topics} questions, one per topic")),
        );
    }
}
