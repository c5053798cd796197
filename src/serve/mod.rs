//! The local servers, both on [`http`] (hyper, limits, Host guard): the live preview of an
//! edition ([`preview`], `irbook serve`) and the live exercise console ([`console`],
//! `irbook exercise run`).

pub(crate) mod console;
pub(crate) mod guard;
pub(crate) mod http;
pub(crate) mod live;
pub(crate) mod preview;
pub(crate) mod watch;

/// Why a local server could not start, or stopped.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The folder has no irbook.yaml.
    #[error(transparent)]
    NotAProject(#[from] crate::pipeline::NotAProject),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// Address and port asked for.
        addr: String,
        /// The system's reason.
        source: std::io::Error,
    },
    /// Something the server needs could not be set up (temporary folder, watcher, the
    /// exercise or its record).
    #[error("{0}")]
    Setup(String),
    /// The server stopped on an error.
    #[error("the server stopped: {0}")]
    Stopped(std::io::Error),
}
