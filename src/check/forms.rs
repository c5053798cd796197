//! Rules for report forms: ids unique within a form (E0101), choices only on choice
//! fields and columns (E0116), audiences known (E0109), a table section with columns and
//! no fields and a sane number of rows (E0134).

use super::diagnostic::{self as diag, Diagnostic};
use super::refs::Ctx;
use crate::model::form::MAX_ROWS;
use crate::model::{At, FieldKind, Id, Index};
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
        unique(&mut c, &mut ids, &s.id);
        table(&mut c, s);
        for fl in &s.fields {
            c.audience(idx, &fl.audience);
            unique(&mut c, &mut ids, &fl.id);
            choices(&mut c, &fl.id, fl.kind, &fl.choices, "field");
        }
        for col in &s.columns {
            unique(&mut c, &mut ids, &col.id);
            choices(&mut c, &col.id, col.kind, &col.choices, "column");
        }
    }
}

/// An id not used before in this form (`ids` holds those before it).
fn unique<'f>(c: &mut Ctx, ids: &mut BTreeSet<&'f Id>, id: &'f At<Id>) {
    if !ids.insert(&id.value) {
        c.err(
            diag::DUPLICATE_ID,
            id.pos,
            format!("the id `{}` is used twice in this form", id.value),
            Some("section, field and column ids must be unique within a form".into()),
        );
    }
}

/// `choices` given exactly when the kind uses them.
fn choices(c: &mut Ctx, id: &At<Id>, kind: FieldKind, choices: &[String], what: &str) {
    let wants = matches!(kind, FieldKind::Choice | FieldKind::Multi);
    if wants && choices.is_empty() {
        c.err(
            diag::CHOICES,
            id.pos,
            format!("{what} `{}` is a choice but lists no `choices`", id.value),
            Some("add `choices:` with the options, or change `type`".into()),
        );
    }
    if !wants && !choices.is_empty() {
        c.err(
            diag::CHOICES,
            id.pos,
            format!(
                "{what} `{}` lists `choices` but its type does not use them",
                id.value
            ),
            Some("set `type: choice` (one answer) or `type: multi` (several)".into()),
        );
    }
}

/// A table section: columns and no fields, and a number of rows that fits on paper.
fn table(c: &mut Ctx, s: &crate::model::Section) {
    if !s.columns.is_empty() && !s.fields.is_empty() {
        c.err(
            diag::FORM_TABLE,
            s.id.pos,
            format!("section `{}` has both `fields` and `columns`", s.id.value),
            Some("a section is either fields or a table: move the fields into a section of their own".into()),
        );
    }
    if let Some(rows) = &s.rows {
        if s.columns.is_empty() {
            c.err(
                diag::FORM_TABLE,
                rows.pos,
                format!("section `{}` sets `rows` but has no `columns`", s.id.value),
                Some("add `columns:` to make the section a table, or remove `rows`".into()),
            );
        } else if rows.value == 0 || rows.value > MAX_ROWS {
            c.err(
                diag::FORM_TABLE,
                rows.pos,
                format!("`rows: {}` is not between 1 and {MAX_ROWS}", rows.value),
                Some("print a few sheets of blank rows; more can be added on screen or on extra sheets".into()),
            );
        }
    }
}
