//! What the loader reports: a file it could not read or parse, as data. The loader sits
//! below `check`, so it names the kind of problem and `check` gives it its rule code.

use crate::model::Pos;

/// The kind of a problem found while reading or parsing a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProblemKind {
    /// Unreadable, not UTF-8, too large, a folder or a special file.
    Unreadable,
    /// YAML or front matter syntax.
    YamlSyntax,
    /// A value of the wrong type or form.
    InvalidValue,
    /// A key the format does not have.
    UnknownField,
    /// A required key is absent.
    MissingField,
    /// The same key twice in one mapping.
    DuplicateKey,
    /// A page's front matter is missing or not closed.
    FrontMatter,
    /// A required file does not exist.
    MissingFile,
    /// Nesting or alias expansion beyond the parser's budget.
    YamlLimit,
    /// A path that leads out of the project or to a hidden file.
    UnsafePath,
}

/// One problem with one source file, at a position (0 when it concerns the whole file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What kind of problem.
    pub kind: ProblemKind,
    /// File relative to the project root, `/`-separated.
    pub file: String,
    /// 1-based line; 0 when unknown.
    pub line: u32,
    /// 1-based column in characters; 0 when unknown.
    pub column: u32,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Problem {
    /// A problem of `kind` in `file` at `pos`.
    pub fn new(kind: ProblemKind, file: &str, pos: Pos, message: impl Into<String>) -> Problem {
        Problem {
            kind,
            file: file.to_owned(),
            line: pos.line,
            column: pos.col,
            message: message.into(),
            help: None,
        }
    }

    /// Adds how to fix it.
    pub fn with_help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }

    /// Adds how to fix it, if known.
    pub fn with_help_opt(mut self, help: Option<String>) -> Problem {
        self.help = help;
        self
    }
}
