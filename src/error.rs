//! Typed errors that always say which file (and line) went wrong and what to do.
//!
//! The library returns these; `main.rs` prints them as one readable message.

use std::path::{Path, PathBuf};

/// Everything that can stop a build or a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{path}: {action} failed: {source}")]
    Io {
        /// The file or folder involved.
        path: PathBuf,
        /// What the tool was doing ("reading", "writing", ...).
        action: &'static str,
        /// The underlying operating-system error.
        #[source]
        source: std::io::Error,
    },
    /// `briefing.toml` (or another TOML file) is malformed or holds a bad value.
    #[error("{path}:{line}: {message}\n  hint: {hint}")]
    Config {
        /// The config file.
        path: PathBuf,
        /// 1-based line of the problem (0 when unknown).
        line: usize,
        /// What is wrong, naming the key.
        message: String,
        /// What to do about it.
        hint: String,
    },
    /// A content page or seed could not be understood.
    #[error("{path}:{line}: {message}")]
    Input {
        /// The file that holds the problem.
        path: PathBuf,
        /// 1-based line of the problem (0 when unknown).
        line: usize,
        /// What is wrong and what to do.
        message: String,
    },
    /// A theme template failed to parse or render.
    #[error("template {template}: {message}")]
    Template {
        /// The template name (path under `templates/`).
        template: String,
        /// The engine's message, with the line where it gives one.
        message: String,
    },
    /// The built site has problems (broken links, missing anchors, ...).
    #[error("{count} problem(s) in the built site:\n{report}")]
    Check {
        /// How many problems were found.
        count: usize,
        /// One line per problem.
        report: String,
    },
    /// Anything else, already phrased for the user.
    #[error("{0}")]
    Other(String),
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An I/O error on `path` while doing `action`.
    pub fn io(path: impl AsRef<Path>, action: &'static str, source: std::io::Error) -> Self {
        Error::Io { path: path.as_ref().to_path_buf(), action, source }
    }

    /// An input error at `path:line`.
    pub fn input(path: impl AsRef<Path>, line: usize, message: impl Into<String>) -> Self {
        Error::Input { path: path.as_ref().to_path_buf(), line, message: message.into() }
    }
}

/// 1-based line number of byte offset `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_of_counts_newlines_before_offset() {
        let text = "a\nb\nc";
        assert_eq!(line_of(text, 0), 1);
        assert_eq!(line_of(text, 2), 2);
        assert_eq!(line_of(text, 4), 3);
        assert_eq!(line_of(text, 100), 3);
    }

    #[test]
    fn io_error_names_the_path_and_action() {
        let e = Error::io("x/y.txt", "reading", std::io::Error::other("boom"));
        assert_eq!(e.to_string(), "x/y.txt: reading failed: boom");
    }
}
