//! Rules for report forms: ids unique within a form (E0101), choices only on choice
//! fields (E0116), audiences known (E0109).

use super::diagnostic::{self as diag, Diagnostic};
use super::refs::Ctx;
use crate::model::{Id, Index};
use std::collections::BTreeSet;

/// Checks one form.
pub fn check(doc: &crate::model::Doc<crate::model::Form>, idx: &Index, out: &mut Vec<Diagnostic>) {
    let f = &doc.data;
    let mut c = Ctx {
        file: &doc.file,
        out,
    };
    c.audience(idx, &f.audience);
    let mut ids: BTreeSet<&Id> = BTreeSet::new();
    for s in &f.sections {
        c.audience(idx, &s.audience);
        if !ids.insert(&s.id.value) {
            c.err(
                diag::DUPLICATE_ID,
                s.id.pos,
                format!("the id `{}` is used twice in this form", s.id.value),
                Some("section and field ids must be unique within a form".into()),
            );
        }
        for fl in &s.fields {
            c.audience(idx, &fl.audience);
            if !ids.insert(&fl.id.value) {
                c.err(
                    diag::DUPLICATE_ID,
                    fl.id.pos,
                    format!("the id `{}` is used twice in this form", fl.id.value),
                    Some("section and field ids must be unique within a form".into()),
                );
            }
            let wants = matches!(
                fl.kind,
                crate::model::FieldKind::Choice | crate::model::FieldKind::Multi
            );
            if wants && fl.choices.is_empty() {
                c.err(
                    diag::CHOICES,
                    fl.id.pos,
                    format!("field `{}` is a choice but lists no `choices`", fl.id.value),
                    Some("add `choices:` with the options, or change `type`".into()),
                );
            }
            if !wants && !fl.choices.is_empty() {
                c.err(
                    diag::CHOICES,
                    fl.id.pos,
                    format!(
                        "field `{}` lists `choices` but its type does not use them",
                        fl.id.value
                    ),
                    Some("set `type: choice` (one answer) or `type: multi` (several)".into()),
                );
            }
        }
    }
}
