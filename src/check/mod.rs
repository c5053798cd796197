//! Every rule: what the sources must satisfy, each with its code, and how diagnostics are
//! shown. Lower stages report facts (load problems, duplicates in the index); the rules
//! that judge them live here.

pub mod diagnostic;
pub mod escalation;
pub mod exercise;
pub mod fill_in;
pub mod forms;
pub mod incident;
pub mod links;
pub mod lints;
pub mod load;
pub mod markers;
pub(crate) mod obligations;
pub mod partial;
pub mod paths;
pub mod playbook_fields;
pub mod quiz;
pub mod refs;
pub mod relocate;
pub mod report;
pub mod rota;
pub mod search;
pub mod shown;
pub mod swallowed;
pub mod templates;

use crate::model::{Index, Scheme};
use diagnostic::Diagnostic;

/// Every rule over the scheme's sources and their references, exercises included (the
/// lints and the rules about rendered text run later, see [`lints`] and the views).
pub fn scheme(s: &Scheme, idx: &Index) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    refs::check(s, idx, &mut out);
    playbook_fields::check(s, idx, &mut out);
    paths::check(s, &mut out);
    for f in &s.forms {
        forms::check(f, idx, &mut out);
    }
    for q in &s.quizzes {
        quiz::check(q, idx, &mut out);
    }
    quiz::learning_paths(s, idx, &mut out);
    out.extend(exercise::check(s, idx));
    out.extend(incident::check(s, idx));
    obligations::check(s, idx, &mut out);
    rota::check(s, idx, &mut out);
    out
}
