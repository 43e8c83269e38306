//! briefing turns a folder of raw source documents (text copied from web
//! pages, saved HTML, Markdown) into a cross-linked briefing website.
//!
//! The build is a one-way pipeline of stages over plain data:
//! discover ([`seed`]) → clean ([`clean`]) → `content/` ([`content`]) → …
//! Each stage can be run and tested alone; [`build()`] runs them in order.

#![warn(missing_docs)]

pub mod analyze;
pub mod build;
pub mod clean;
pub mod config;
pub mod content;
pub mod dates;
pub mod document;
pub mod entities;
pub mod error;
pub mod fingerprint;
pub mod init;
pub mod output;
pub mod packed;
pub mod pipeline;
pub mod progress;
pub mod seed;
pub mod serve;
pub mod shared_str;
pub mod site;
pub mod slug;
pub mod time_expr;

pub use build::{build, check, clean_file};
pub use config::Config;
pub use entities::entities_of_files;
pub use error::{Error, Result};
pub use pipeline::BuildReport;
