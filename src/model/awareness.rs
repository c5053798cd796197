//! `content/awareness/`: onboarding pages (Markdown) and self-check quizzes (YAML).

use super::{At, Id, Text};
use serde::Deserialize;

/// Front matter of an onboarding page, `content/awareness/**/*.md`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AwarenessMeta {
    /// Page title.
    pub title: String,
    /// Place in the new-starter path; lower first.
    #[serde(default)]
    pub weight: i32,
    /// One line shown in the path overview.
    #[serde(default)]
    pub summary: Option<String>,
    /// Who may see the page.
    #[serde(default)]
    pub audience: Option<At<Id>>,
    /// Other words people use when they search for this, e.g. `hacked` or `CEO fraud`:
    /// search finds it by them; they are not shown.
    #[serde(default)]
    pub search_terms: Vec<At<String>>,
}

/// A quiz, `content/awareness/**/*.yaml`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quiz {
    /// Quiz id; also its page name.
    pub id: At<Id>,
    /// Title.
    pub title: String,
    /// Shown above the questions (Markdown).
    #[serde(default)]
    pub intro: Option<Text>,
    /// Share of correct answers (percent) that passes; default 80.
    #[serde(default)]
    pub pass_mark: Option<At<u8>>,
    /// Place in the new-starter path among the pages; quizzes come last by default.
    #[serde(default = "last")]
    pub weight: i32,
    /// Who may see the quiz.
    #[serde(default)]
    pub audience: Option<At<Id>>,
    /// Draw this many questions per attempt from the questions (a pool), taking each topic
    /// in turn so every attempt covers every topic; a retry draws again. Default: all.
    #[serde(default)]
    pub draw: Option<At<u16>>,
    /// The questions, written or generated from the scheme.
    pub questions: Vec<Question>,
}

/// A learning path for one audience of learners, `awareness: paths:` in irbook.yaml.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LearningPath {
    /// Path id; its pages live under `awareness/ID/` and it exports as its own package.
    pub id: At<Id>,
    /// Title, e.g. "Depot and drivers".
    pub title: String,
    /// Who it is for, in one line.
    #[serde(rename = "for")]
    pub for_whom: String,
    /// The awareness pages in order, by file name under `content/awareness/` without `.md`
    /// (e.g. `welcome`; `depot/report-it` for `content/awareness/depot/report-it.md`).
    pub pages: Vec<At<String>>,
    /// The quiz that ends the path, by id.
    #[serde(default)]
    pub quiz: Option<At<Id>>,
    /// Questions drawn per attempt, instead of the quiz's own `draw`.
    #[serde(default)]
    pub draw: Option<At<u16>>,
    /// Share of right answers (percent) that passes; default the quiz's, then
    /// `awareness: pass_mark`, then 80.
    #[serde(default)]
    pub pass_mark: Option<At<u8>>,
    /// Laid out for a phone: larger answer targets and one question per screen width.
    #[serde(default)]
    pub phone: bool,
    /// Who may see the path (default: everyone); its pages and quiz keep their own
    /// audiences too.
    #[serde(default)]
    pub audience: Option<At<Id>>,
}

/// The source file of the awareness page a learning path names as `name` (`welcome`,
/// `depot/report-it`).
pub fn page_file(name: &str) -> String {
    format!("content/awareness/{name}.md")
}

fn last() -> i32 {
    i32::MAX
}

/// A question: written out, or generated from the scheme's own data (`generate:`).
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Question id, unique within the quiz.
    pub id: At<Id>,
    /// The topic the question belongs to in a pool (e.g. `phishing`); a draw takes every
    /// topic in turn. Questions without one share a topic.
    #[serde(default)]
    pub topic: Option<At<Id>>,
    /// Generate the question from the scheme instead of writing it.
    #[serde(default)]
    pub generate: Option<At<Generator>>,
    /// The question text (written questions).
    #[serde(default)]
    pub question: Option<At<String>>,
    /// The choices (written questions).
    #[serde(default)]
    pub choices: Vec<QuizChoice>,
    /// Why the answer is right (Markdown); generated questions explain themselves.
    #[serde(default)]
    pub explanation: Option<Text>,
    /// The scheme file that teaches this, by path relative to the quiz file.
    #[serde(default)]
    pub learn_more: Option<At<String>>,
    /// For `which-playbook` and `sign-of`: the playbook the question is about.
    #[serde(default)]
    pub playbook: Option<At<Id>>,
    /// For `response-time`: the severity level the question is about.
    #[serde(default)]
    pub level: Option<At<Id>>,
    /// For `spot-the-event`: ordinary happenings that are not security events.
    #[serde(default)]
    pub not_events: Vec<At<String>>,
    /// For `deadline`: the obligation stage the question asks about, `obligation/stage`
    /// (default: one the edition's readers may see, picked by the question's id).
    #[serde(default)]
    pub stage: Option<At<String>>,
}

/// One choice of a written question.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuizChoice {
    /// The choice as shown.
    pub text: String,
    /// Is it a right answer?
    #[serde(default)]
    pub correct: bool,
}

/// The questions irbook can generate from the scheme, so answers stay true as it changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Generator {
    /// Who do you contact first to report a suspected event? (the 24x7 point of contact)
    FirstContact,
    /// What do you do if you suspect e-mail is compromised? (an out-of-band route)
    OutOfBand,
    /// Which of these is a security event? (a playbook indicator among ordinary happenings)
    SpotTheEvent,
    /// Given a sign of an incident, which playbook applies?
    WhichPlaybook,
    /// How soon must the response to an incident of a level start?
    ResponseTime,
    /// By when must a notice to an outside party go out? (a stage of the scheme's own
    /// notification obligations; wrong answers are the other deadlines' periods)
    Deadline,
}
