//! What a build finds on disk before it reads anything: the seeds and the
//! content pages, each with its [`FileStamp`]. The no-op check
//! ([`super::stamp`]) fingerprints it, and a build that goes ahead works
//! from the same listing rather than walking both folders again (at
//! 10,000 documents a walk with its 10,000 `stat`s is some 30 ms).

use rayon::prelude::*;

use crate::config::Config;
use crate::content;
use crate::fingerprint::FileStamp;
use crate::seed::{self, Problem, SeedFile};

/// The input files of a project as found on disk.
#[derive(Debug, Default)]
pub struct Listing {
    /// Seed files with their stamps (`None`: it could not be read).
    pub seeds: Vec<(SeedFile, Option<FileStamp>)>,
    /// Seed folders that could not be walked.
    pub seed_problems: Vec<Problem>,
    /// Content pages, by path relative to `content/`, with their stamps
    /// or why they could not be read.
    pub content: Vec<(String, Result<FileStamp, Problem>)>,
}

impl Listing {
    /// Walks the project's seeds and content folders (side by side).
    pub fn read(config: &Config) -> Listing {
        let ((files, seed_problems), content) =
            rayon::join(|| seed::discover(&config.seeds_dir), || content::list(&config.content_dir));
        let seeds = files
            .into_par_iter()
            .map(|file| {
                let stamp = FileStamp::read(&file.path);
                (file, stamp)
            })
            .collect();
        Listing { seeds, seed_problems, content }
    }
}
