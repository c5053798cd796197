//! Learning paths per audience of learners (`awareness: paths:` in irbook.yaml): each a
//! list of awareness pages and a quiz, shown only as far as the edition may see them.

use super::*;

/// The pass mark when neither the path, its quiz nor `awareness:` sets one.
const DEFAULT_PASS_MARK: u8 = 80;

impl Builder<'_> {
    /// The learning paths of `view` (its awareness pages and quizzes already built): pages
    /// and quizzes the edition may not see are left out, and a path left with nothing to
    /// show is left out whole.
    pub(super) fn paths(&self, view: &SiteView) -> Vec<PathView> {
        let s = self.s;
        let rules = &s.config.data.awareness;
        // Where each source page and quiz sits among the edition's (visible) ones.
        let visible_pages: Vec<Option<usize>> =
            visible_positions(s.awareness.iter().map(|p| self.sees(&p.meta.audience)));
        let visible_quizzes: Vec<Option<usize>> =
            visible_positions(s.quizzes.iter().map(|q| self.sees(&q.data.audience)));
        let mut out = Vec::new();
        for lp in rules.paths.iter().filter(|lp| self.sees(&lp.audience)) {
            let dir = routes::path_dir(&lp.id.value);
            let mut steps = Vec::new();
            for name in &lp.pages {
                let file = crate::model::awareness::page_file(&name.value);
                let Some(i) = s.awareness.iter().position(|p| p.file == file) else {
                    continue; // reported by the check
                };
                let Some(v) = visible_pages[i] else { continue };
                steps.push(PathStep {
                    title: view.awareness[v].title.clone(),
                    href: format!("{dir}/step-{}.html", steps.len() + 1),
                    page: Some(v),
                    quiz: None,
                });
            }
            let source = lp
                .quiz
                .as_ref()
                .and_then(|id| s.quizzes.iter().position(|q| q.data.id.value == id.value));
            let mut draw = 0;
            let mut quiz_pass = None;
            if let Some((i, v)) = source.and_then(|i| Some((i, visible_quizzes[i]?))) {
                let q = &view.quizzes[v];
                let asked = lp.draw.as_ref().map(|d| d.value).or(q.draw);
                draw = asked.map_or(q.questions.len(), |d| {
                    usize::from(d).clamp(topics(q).min(q.questions.len()), q.questions.len())
                });
                quiz_pass = s.quizzes[i].data.pass_mark.as_ref().map(|m| m.value);
                steps.push(PathStep {
                    title: q.title.clone(),
                    href: format!("{dir}/quiz.html"),
                    page: None,
                    quiz: Some(v),
                });
            }
            if steps.is_empty() {
                continue;
            }
            let minutes = awareness::learning_path_minutes(
                steps
                    .iter()
                    .filter_map(|st| st.page)
                    .map(|v| &view.awareness[v]),
                draw,
            );
            out.push(PathView {
                id: lp.id.value.clone(),
                title: lp.title.clone(),
                for_whom: lp.for_whom.clone(),
                href: format!("{dir}/index.html"),
                steps,
                pass_mark: lp
                    .pass_mark
                    .as_ref()
                    .map(|m| m.value)
                    .or(quiz_pass)
                    .or(rules.pass_mark.as_ref().map(|m| m.value))
                    .unwrap_or(DEFAULT_PASS_MARK),
                draw,
                complete_href: format!("{dir}/complete.html"),
                phone: lp.phone,
                minutes,
                completion_email: rules.completion_email.as_ref().map(|e| e.value.clone()),
            });
        }
        out
    }
}

/// For each item, its position among the visible ones, or `None` when it is not visible.
fn visible_positions(visible: impl Iterator<Item = bool>) -> Vec<Option<usize>> {
    let mut n = 0;
    visible
        .map(|v| {
            v.then(|| {
                n += 1;
                n - 1
            })
        })
        .collect()
}

/// How many topics the questions of `q` cover (questions without a topic share one).
pub(super) fn topics(q: &QuizView) -> usize {
    q.questions
        .iter()
        .map(|qu| qu.topic.as_ref())
        .collect::<std::collections::BTreeSet<_>>()
        .len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_only_visible_items() {
        assert_eq!(
            visible_positions([true, false, true, true].into_iter()),
            vec![Some(0), None, Some(1), Some(2)]
        );
    }
}
