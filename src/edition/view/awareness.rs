//! The new-starter path: awareness pages and quizzes, generated questions included.

use super::*;

impl Builder<'_> {
    pub(super) fn awareness_page(&self, i: usize) -> Option<AwarenessPageView> {
        let p = &self.s.awareness[i];
        if !self.sees(&p.meta.audience) {
            return None;
        }
        let mut slugger = page_slugger();
        let html = self.md(
            &p.body,
            Place {
                file: &p.file,
                pos: Pos {
                    line: p.body_line,
                    col: 1,
                },
                body: true,
            },
            Some(&mut slugger),
            0,
        );
        Some(AwarenessPageView {
            href: routes::target(self.s, Target::Awareness(i)),
            title: p.meta.title.clone(),
            summary: p.meta.summary.clone(),
            html,
            search_terms: p
                .meta
                .search_terms
                .iter()
                .map(|t| t.value.clone())
                .collect(),
        })
    }

    /// A `learn_more` path as a link, or a diagnostic when it leads nowhere visible.
    pub(super) fn learn_more(&self, file: &str, path: &At<String>) -> Option<NavLink> {
        let linker = FileLinker { b: self, file };
        match linker.resolve(&path.value, "") {
            LinkOutcome::Href(h) => {
                let href = crate::edition::html::without_root(&h).into_owned();
                let title = self
                    .idx
                    .files
                    .iter()
                    .find(|(_, t)| routes::target(self.s, **t) == href)
                    .map(|(f, _)| f.rsplit('/').next().unwrap_or(f).to_owned())
                    .unwrap_or_default();
                Some(NavLink { title, href })
            }
            outcome => {
                let fault = if outcome == LinkOutcome::Hidden {
                    LinkFault::Hidden
                } else {
                    LinkFault::Broken
                };
                self.push(crate::check::links::learn_more(BadLink {
                    file,
                    pos: path.pos,
                    target: &path.value,
                    fault,
                    edition: &self.ed.id,
                }));
                None
            }
        }
    }

    pub(super) fn quiz(&self, i: usize, src: &crate::edition::quiz::Sources) -> Option<QuizView> {
        let doc = &self.s.quizzes[i];
        let q = &doc.data;
        if !self.sees(&q.audience) {
            return None;
        }
        let f = doc.file.as_str();
        let mut questions = Vec::new();
        for (n, qu) in q.questions.iter().enumerate() {
            let learn_more = qu.learn_more.as_ref().and_then(|l| self.learn_more(f, l));
            let view = match &qu.generate {
                Some(g) => match self.generated_question(f, q, qu, g, src) {
                    Some(made) => QuestionView {
                        id: qu.id.value.clone(),
                        number: n + 1,
                        text: made.text,
                        multiple: false,
                        choices: made
                            .choices
                            .into_iter()
                            .map(|(text, correct)| QuizChoiceView { text, correct })
                            .collect(),
                        explanation_html: Html::from(format!(
                            "<p>{}</p>",
                            crate::edition::markdown::escape_attr(&made.explanation)
                        )),
                        learn_more: learn_more.or(made.learn_more),
                        generated: true,
                    },
                    None => continue,
                },
                None => self.written_question(f, n, qu, learn_more),
            };
            questions.push(view);
        }
        Some(QuizView {
            id: q.id.value.clone(),
            href: routes::target(self.s, Target::Quiz(i)),
            title: q.title.clone(),
            intro_html: q.intro.as_ref().map(|t| self.md_field(t, f)),
            pass_mark: q.pass_mark.as_ref().map_or(80, |m| m.value),
            questions,
        })
    }

    /// The question `qu` of quiz `q` (in `file`) as its generator `g` writes it from this
    /// edition's view, or `None` (and the reason reported) when the view lacks what it needs.
    fn generated_question(
        &self,
        file: &str,
        q: &crate::model::awareness::Quiz,
        qu: &crate::model::awareness::Question,
        g: &At<crate::model::awareness::Generator>,
        src: &crate::edition::quiz::Sources,
    ) -> Option<crate::edition::quiz::Generated> {
        let not_events: Vec<String> = qu.not_events.iter().map(|s| s.value.clone()).collect();
        let params = crate::edition::quiz::Params {
            playbook: qu.playbook.as_ref().map(|p| p.value.as_str()),
            level: qu.level.as_ref().map(|l| l.value.as_str()),
            not_events: &not_events,
            seed: crate::edition::quiz::seed(q.id.value.as_str(), qu.id.value.as_str()),
        };
        match crate::edition::quiz::generate(g.value, src, &params) {
            Ok(made) => Some(made),
            Err(why) => {
                self.push(crate::check::quiz::not_generated(
                    file,
                    g.pos,
                    &qu.id.value,
                    &self.ed.id,
                    &why,
                ));
                None
            }
        }
    }

    /// The `n`th question `qu` (in `file`) as written in the quiz.
    fn written_question(
        &self,
        file: &str,
        n: usize,
        qu: &crate::model::awareness::Question,
        learn_more: Option<NavLink>,
    ) -> QuestionView {
        QuestionView {
            id: qu.id.value.clone(),
            number: n + 1,
            text: qu
                .question
                .as_ref()
                .map(|t| t.value.clone())
                .unwrap_or_default(),
            multiple: qu.choices.iter().filter(|c| c.correct).count() > 1,
            choices: qu
                .choices
                .iter()
                .map(|c| QuizChoiceView {
                    text: c.text.clone(),
                    correct: c.correct,
                })
                .collect(),
            explanation_html: qu
                .explanation
                .as_ref()
                .map(|t| self.md_field(t, file))
                .unwrap_or_default(),
            learn_more,
            generated: false,
        }
    }
}
