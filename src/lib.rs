//! briefing turns a folder of raw source documents (text copied from web
//! pages, saved HTML, Markdown) into a cross-linked briefing website.
//!
//! The build is a one-way pipeline of stages over plain data:
//! discover ([`seed`]) → clean ([`clean`]) → `content/` ([`content`]) → …
//! Each stage can be run and tested alone; [`build()`] runs them in order.

#![warn(missing_docs)]

pub mod build;
pub mod clean;
pub mod config;
pub mod content;
pub mod dates;
pub mod document;
pub mod error;
pub mod output;
pub mod seed;
pub mod slug;

pub use build::{BuildReport, build, clean_file};
pub use config::Config;
pub use error::{Error, Result};
