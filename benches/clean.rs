//! How long cleaning takes per seed, and a digest of what it yields (to
//! check that a faster cleaner cleans the same).
//!
//!     cargo bench --bench clean -- /tmp/gc10k/seeds
//!
//! Reads every seed of the folder, builds the corpus hints, then cleans all
//! seeds on one thread, three times; prints the CPU time per seed of the
//! best run and a digest of the articles.

mod common;

use std::path::Path;

use briefing::clean::{self, CorpusHints, corpus};
use briefing::seed;

fn main() {
    let Some(dir) = std::env::args().skip(1).find(|a| !a.starts_with('-')) else {
        eprintln!("usage: cargo bench --bench clean -- SEEDS_DIR");
        std::process::exit(2);
    };
    let (files, _) = seed::discover(Path::new(&dir));
    let seeds: Vec<seed::Seed> = files.iter().filter_map(|f| seed::read(f).ok()).collect();
    let bytes: usize = seeds.iter().map(|s| s.text.len()).sum();
    let keys: Vec<Vec<u64>> = seeds.iter().map(|s| corpus::line_keys(&s.text)).collect();
    let hints = CorpusHints::from_line_keys(keys.iter().map(Vec::as_slice));
    println!("{} seeds, {:.1} MB", seeds.len(), bytes as f64 / 1e6);
    let mut best = f64::INFINITY;
    let mut digest = String::new();
    for _ in 0..3 {
        let (hasher, wall, cpu) = common::timed(|| {
            let mut hasher = blake3::Hasher::new();
            for s in &seeds {
                let article = clean::clean(s, &hints);
                hasher.update(format!("{article:?}").as_bytes());
            }
            hasher
        });
        println!("clean: {wall:.0} ms wall, {cpu:.0} ms CPU, {:.3} ms CPU per seed", cpu / seeds.len().max(1) as f64);
        best = best.min(cpu);
        digest = hasher.finalize().to_hex().to_string();
    }
    println!("best: {:.3} ms CPU per seed; digest {digest}", best / seeds.len().max(1) as f64);
}
