//! The new-starter path: awareness pages and quizzes, generated questions included.

use super::*;
use crate::model::config::SignChoice;

/// How many playbooks lend a sign to the poster when the scheme chooses none.
const AUTO_SIGNS: usize = 6;

/// The signs the poster and the pocket card show in this edition, given its `playbooks`:
/// those irbook.yaml chooses, in its order, less any whose playbook the edition does not
/// show; when it chooses none, the first indicator of each of the first six playbooks (in
/// title order) that list one.
pub(super) fn signs(chosen: &[SignChoice], playbooks: &[PlaybookView]) -> Vec<SignView> {
    let sign = |p: &PlaybookView, words: Option<&str>| {
        words
            .or(p.indicators.first().map(String::as_str))
            .map(|w| SignView {
                sign: w.to_owned(),
                playbook: p.title.clone(),
            })
    };
    if chosen.is_empty() {
        return playbooks
            .iter()
            .filter_map(|p| sign(p, None))
            .take(AUTO_SIGNS)
            .collect();
    }
    chosen
        .iter()
        .filter_map(|c| {
            let p = playbooks.iter().find(|p| p.id == c.playbook.value)?;
            sign(p, c.sign.as_ref().map(|s| s.value.as_str()))
        })
        .collect()
}

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

    /// Every stage of the obligations in `view` (the ones this edition may see), with its
    /// deadline, for the quiz's `deadline` questions.
    pub(super) fn quiz_deadlines(
        &self,
        view: Option<&ObligationsView>,
    ) -> Vec<super::quiz::StageDeadline> {
        let model = |id: &Id| {
            let i = *self.idx.obligations.get(id)?;
            self.s.obligations.as_ref()?.data.obligations.get(i)
        };
        let mut out = Vec::new();
        for ov in view.map(|v| v.obligations.as_slice()).unwrap_or_default() {
            let Some(ob) = model(&ov.id) else {
                continue;
            };
            let stage_names: std::collections::BTreeMap<Id, String> = ob
                .stages
                .iter()
                .map(|st| (st.id.value.clone(), st.title.value.to_lowercase()))
                .collect();
            for st in &ob.stages {
                out.push(super::quiz::StageDeadline {
                    reference: format!("{}/{}", ob.id.value, st.id.value),
                    obligation: ov.title.clone(),
                    stage: st.title.value.clone(),
                    party: ov.party.name.clone(),
                    deadline: st.deadline.value.clone(),
                    stage_names: stage_names.clone(),
                    href: format!("{}#{}", routes::OBLIGATIONS, ov.anchor),
                });
            }
        }
        out
    }

    /// A `learn_more` path as a link, or a diagnostic when it leads nowhere visible.
    pub(super) fn learn_more(&self, file: &str, path: &At<String>) -> Option<NavLink> {
        let linker = FileLinker { b: self, file };
        match linker.resolve(&path.value, "") {
            LinkOutcome::Href(h) => {
                let href = crate::edition::html::without_root(&h).into_owned();
                // The page's title, as its link reads everywhere else (not its file name).
                let page = href.split('#').next().unwrap_or_default();
                let title = self
                    .idx
                    .files
                    .values()
                    .find(|t| routes::target(self.s, **t) == page)
                    .map(|t| routes::target_title(self.s, *t))
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
                    sources: Some(&self.idx.files),
                }));
                None
            }
        }
    }

    pub(super) fn quiz(&self, i: usize, src: &super::quiz::Sources) -> Option<QuizView> {
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
                        topic: qu.topic.as_ref().map(|t| t.value.clone()),
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
            draw: q.draw.as_ref().map(|d| d.value),
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
        src: &super::quiz::Sources,
    ) -> Option<super::quiz::Generated> {
        let not_events: Vec<String> = qu.not_events.iter().map(|s| s.value.clone()).collect();
        let params = super::quiz::Params {
            playbook: qu.playbook.as_ref().map(|p| p.value.as_str()),
            level: qu.level.as_ref().map(|l| l.value.as_str()),
            not_events: &not_events,
            stage: qu.stage.as_ref().map(|s| s.value.as_str()),
            seed: super::quiz::seed(q.id.value.as_str(), qu.id.value.as_str()),
        };
        match super::quiz::generate(g.value, src, &params) {
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
            topic: qu.topic.as_ref().map(|t| t.value.clone()),
        }
    }
}

/// Words a new starter reads per minute: careful reading of instructions, slower than the
/// 240 or so of casual reading.
const READING_WORDS_PER_MINUTE: usize = 200;
/// Seconds to read, answer and check one quiz question.
const SECONDS_PER_QUESTION: usize = 30;

/// About how long the new-starter path of `view` takes, in minutes: its pages read at 200
/// words a minute and half a minute per quiz question, to the nearest five, at least five.
/// Pages say it from this, so it follows the path as it grows.
pub fn path_minutes(view: &SiteView) -> u32 {
    let words: usize = view.awareness.iter().map(|p| words(&p.html)).sum();
    let questions: usize = view.quizzes.iter().map(|q| q.questions.len()).sum();
    estimate_minutes(words, questions)
}

/// [`path_minutes`] for a learning path: the words of its pages and the questions drawn.
pub(super) fn learning_path_minutes<'a>(
    pages: impl Iterator<Item = &'a AwarenessPageView>,
    questions: usize,
) -> u32 {
    estimate_minutes(pages.map(|p| words(&p.html)).sum(), questions)
}

fn estimate_minutes(words: usize, questions: usize) -> u32 {
    let seconds = words * 60 / READING_WORDS_PER_MINUTE + questions * SECONDS_PER_QUESTION;
    // To the nearest five minutes: 300 seconds, half of it rounding up.
    let fives = (seconds + 150) / 300;
    u32::try_from(fives.max(1) * 5).unwrap_or(u32::MAX)
}

/// Words in the text of `html`: its tags left out, joining the text around them as inline
/// tags do (rendered blocks are separated by line breaks).
fn words(html: &str) -> usize {
    let mut count = 0;
    let mut in_tag = false;
    let mut in_word = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            c if c.is_whitespace() => in_word = false,
            _ => {
                if !in_word {
                    count += 1;
                }
                in_word = true;
            }
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_words_of_the_text_only() {
        assert_eq!(words("<p>Report it <strong>now</strong>.</p>"), 3);
        assert_eq!(words("<p>one</p>\n<p>two</p>"), 2);
        assert_eq!(words("co<em>nt</em>ain"), 1);
        assert_eq!(words("<a href=\"a b c\">link</a> text"), 2);
        assert_eq!(words(""), 0);
    }

    #[test]
    fn estimates_to_the_nearest_five_minutes() {
        // 2,270 words (11.35 min) and 10 questions (5 min): 16.35, so 15.
        assert_eq!(estimate_minutes(2270, 10), 15);
        // 3,000 words (15 min) and 10 questions: 20.
        assert_eq!(estimate_minutes(3000, 10), 20);
        // 17.5 minutes rounds up.
        assert_eq!(estimate_minutes(2500, 10), 20);
        // A path of a few words is still about five minutes.
        assert_eq!(estimate_minutes(40, 1), 5);
        assert_eq!(estimate_minutes(0, 0), 5);
    }
}
