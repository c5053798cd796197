//! Rule E0201: a theme template that fails to parse or render, at its line and column.
//! The theme compiles templates and renders pages; what goes wrong is reported here.

use super::diagnostic::{self as diag, Diagnostic};
use crate::model::Pos;
use std::collections::BTreeMap;

/// A Tera error as a diagnostic naming the template file, line and column.
pub fn template_error(e: &tera::Error, shown_of: &BTreeMap<String, String>) -> Diagnostic {
    let report = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(inner) = src {
        msg.push_str(": ");
        msg.push_str(&inner.to_string());
        src = inner.source();
    }
    match report {
        Some(r) => {
            let file = shown_of
                .get(r.filename())
                .cloned()
                .unwrap_or_else(|| r.filename().to_owned());
            let span = r.span();
            Diagnostic::error(
                diag::TEMPLATE,
                &file,
                Pos {
                    line: span.start_line as u32,
                    col: span.start_col as u32 + 1,
                },
                r.message().to_owned(),
            )
        }
        None => Diagnostic::error(diag::TEMPLATE, "", Pos::default(), msg),
    }
    .with_help(
        "fix the template; `irbook check` renders every template so this shows before publishing",
    )
}
