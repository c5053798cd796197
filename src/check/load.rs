//! Rules E0001-E0010: what the loader found wrong with a source file, given its rule code.

use super::diagnostic::{self as diag, Code, Diagnostic};
use crate::load::problem::{Problem, ProblemKind};
use crate::model::Pos;

/// The rule of a kind of load problem.
fn code(kind: ProblemKind) -> Code {
    match kind {
        ProblemKind::Unreadable => diag::UNREADABLE,
        ProblemKind::YamlSyntax => diag::YAML_SYNTAX,
        ProblemKind::InvalidValue => diag::INVALID_VALUE,
        ProblemKind::UnknownField => diag::UNKNOWN_FIELD,
        ProblemKind::MissingField => diag::MISSING_FIELD,
        ProblemKind::DuplicateKey => diag::DUPLICATE_KEY,
        ProblemKind::FrontMatter => diag::FRONT_MATTER,
        ProblemKind::MissingFile => diag::MISSING_FILE,
        ProblemKind::YamlLimit => diag::YAML_LIMIT,
        ProblemKind::UnsafePath => diag::UNSAFE_PATH,
    }
}

/// The diagnostic for one load problem; every load problem is an error.
pub fn diagnostic(p: &Problem) -> Diagnostic {
    let pos = Pos {
        line: p.line,
        col: p.column,
    };
    Diagnostic::error(code(p.kind), &p.file, pos, p.message.clone()).with_help_opt(p.help.clone())
}

/// The diagnostics for every load problem.
pub fn diagnostics(problems: &[Problem]) -> Vec<Diagnostic> {
    problems.iter().map(diagnostic).collect()
}
