//! What an exercise's references point at in the scheme: playbook steps and scheme pages.

use crate::model::exercise::{Bands, Exercise};
use crate::model::index::Target;
use crate::model::playbook::Step;
use crate::model::{Id, Index, Scheme};

/// A playbook step found from a `playbook/step` reference.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FoundStep<'a> {
    /// Index of the playbook in `Scheme::playbooks`.
    pub playbook: usize,
    /// The phase the step is in.
    pub phase: &'a Id,
    /// The step.
    pub step: &'a Step,
}

/// Why a `playbook/step` reference does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum StepProblem {
    /// Not written as `playbook/step`.
    Malformed,
    /// No playbook with that id.
    NoPlaybook(String),
    /// The playbook (index) has no such step.
    NoStep(usize, String),
}

/// Looks up `playbook/step`.
pub(crate) fn find_step<'a>(
    s: &'a Scheme,
    idx: &Index,
    r: &str,
) -> Result<FoundStep<'a>, StepProblem> {
    let Some((pb, st)) = r.split_once('/') else {
        return Err(StepProblem::Malformed);
    };
    let Some(&i) = idx.playbooks.get(pb) else {
        return Err(StepProblem::NoPlaybook(pb.to_owned()));
    };
    for ph in &s.playbooks[i].data.phases {
        if let Some(step) = ph.steps.iter().find(|x| x.id.value.as_str() == st) {
            return Ok(FoundStep {
                playbook: i,
                phase: &ph.phase.value,
                step,
            });
        }
    }
    Err(StepProblem::NoStep(i, st.to_owned()))
}

/// Looks up a scheme source file named by its project path, e.g. `content/scheme/escalation.md`.
pub(crate) fn find_page(idx: &Index, path: &str) -> Option<Target> {
    idx.files.get(path).copied()
}

/// The audience rank of an exercise's participant material.
pub(crate) fn participant_rank(s: &Scheme, idx: &Index, ex: &Exercise) -> usize {
    let fallback = s.config.data.exercises.audience.clone();
    match ex.audience.as_ref().or(fallback.as_ref()) {
        Some(a) => idx.rank(&Some(a.clone())),
        None => idx.audiences.len().saturating_sub(1),
    }
}

/// The audience rank of the answer key (guides, evaluator sheets, scores, reports).
pub(crate) fn key_rank(s: &Scheme, idx: &Index) -> usize {
    match &s.config.data.exercises.key_audience {
        Some(a) => idx.rank(&Some(a.clone())),
        None => idx.audiences.len().saturating_sub(1),
    }
}

/// The rating bands that apply to an exercise.
pub(crate) fn bands(s: &Scheme, ex: &Exercise) -> Bands {
    ex.scoring
        .as_ref()
        .and_then(|sc| sc.bands.as_ref())
        .or(s.config.data.exercises.bands.as_ref())
        .map(|b| b.value)
        .unwrap_or_default()
}

/// Where an expected action sits: (inject index, action index) by action id.
pub(crate) fn action_place(ex: &Exercise, id: &str) -> Option<(usize, usize)> {
    ex.injects.iter().enumerate().find_map(|(i, inj)| {
        inj.expected
            .iter()
            .position(|a| a.id.value.as_str() == id)
            .map(|j| (i, j))
    })
}
