//! How long the analysis takes: reading each document, and the corpus
//! merge that runs on every build; and a digest of the result (to check
//! that a faster merge finds the same).
//!
//!     cargo bench --bench analysis -- /tmp/p10k
//!
//! The project must have been built once (its `content/` is read; nothing
//! is written). Prints wall and CPU time of reading all documents, then of
//! five merges, with the digest of the analysis. With `--readings FILE`
//! the readings are kept in FILE and taken from it on the next run (to
//! profile the merge alone).

mod common;

use briefing::analyze;

fn main() -> briefing::Result<()> {
    let (config, documents) = common::built_project("analysis")?;
    println!("{} documents, {} threads", documents.len(), rayon::current_num_threads());
    let readings = common::readings(&config, &documents);
    let readings: Vec<&analyze::Reading> = readings.iter().collect();
    env_logger::Builder::new().filter_level(log::LevelFilter::Debug).init();
    for _ in 0..5 {
        let (analysis, wall, cpu) = common::timed(|| analyze::merge(&readings, &config.analysis));
        let digest = blake3::hash(format!("{analysis:?}").as_bytes()).to_hex();
        println!(
            "merge: {:.0} ms wall, {:.0} ms CPU; {} entities, {} topics; digest {}",
            wall,
            cpu,
            analysis.entities.len(),
            analysis.topics.len(),
            &digest[..16]
        );
    }
    Ok(())
}
