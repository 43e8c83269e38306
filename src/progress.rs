//! A progress bar for long builds, shown only when stdout is a terminal.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// Builds with fewer items than this finish before a bar is worth drawing.
const MIN_ITEMS: u64 = 500;

/// A progress bar, or nothing when output is not a terminal or the job is short.
pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// A bar for `total` items of work called `what`.
    pub fn new(what: &str, total: u64) -> Progress {
        if total < MIN_ITEMS || !std::io::stdout().is_terminal() {
            return Progress(None);
        }
        let bar = ProgressBar::new(total);
        let style = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} {per_sec}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_message(what.to_string());
        Progress(Some(bar))
    }

    /// One item done.
    pub fn tick(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
