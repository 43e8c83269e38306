//! How long story clustering takes as the corpus grows: the stories of the
//! first 1k, 10k, 30k, 100k documents (as many of these as there are, and
//! all of them), each timed alone, with a digest of the result (to check
//! that faster clustering finds the same).
//!
//!     cargo bench --bench stories -- /tmp/p100k --readings /tmp/p100k.readings
//!
//! The project must have been built once (its `content/` is read; nothing
//! is written). Entities come from one merge of all documents; each prefix
//! keeps the mentions within it. With `--readings FILE` the readings are
//! kept in FILE and taken from it on the next run.

mod common;

use briefing::analyze::{self, stories};

fn main() -> briefing::Result<()> {
    let (config, documents) = common::built_project("stories")?;
    println!("{} documents, {} threads", documents.len(), rayon::current_num_threads());
    let readings = common::readings(&config, &documents);
    let readings: Vec<&analyze::Reading> = readings.iter().collect();
    let (analysis, wall, cpu) = common::timed(|| analyze::merge(&readings, &config.analysis));
    println!("merge: {wall:.0} ms wall, {cpu:.0} ms CPU, {} stories", analysis.stories.len());
    let entities = analyze::doc_entity_counts(&analysis.entities, readings.len());
    let reports = analyze::story_reports(&readings, &entities);
    let mut sizes: Vec<usize> = [1_000, 10_000, 30_000, 100_000].into_iter().filter(|&n| n < reports.len()).collect();
    sizes.push(reports.len());
    for n in sizes {
        let mut best = (f64::MAX, f64::MAX);
        let mut found = Vec::new();
        for _ in 0..3 {
            let (groups, wall, cpu) = common::timed(|| stories::cluster::stories(&reports[..n]));
            best = (best.0.min(wall), best.1.min(cpu));
            found = groups;
        }
        let digest = blake3::hash(format!("{found:?}").as_bytes()).to_hex();
        println!(
            "stories of {n} documents: {:.1} ms wall, {:.0} ms CPU (best of 3); {} stories of {} reports; digest {}",
            best.0,
            best.1,
            found.len(),
            found.iter().map(Vec::len).sum::<usize>(),
            &digest[..16]
        );
    }
    Ok(())
}
