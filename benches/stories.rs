//! How long stories and the timeline take as the corpus grows: for the
//! first 1k, 10k, 30k, 100k documents (as many of these as there are, and
//! all of them), the clustering alone, the stories with their facts, and
//! the timeline, each timed alone, with digests of the results (to check
//! that faster code finds the same).
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
    let facts = analyze::story_facts(&readings, &entities);
    let mut sizes: Vec<usize> = [1_000, 10_000, 30_000, 100_000].into_iter().filter(|&n| n < reports.len()).collect();
    sizes.push(reports.len());
    for n in sizes {
        let (found, clustering) = best_of_3(|| stories::cluster::stories(&reports[..n]));
        let (told, telling) = best_of_3(|| stories::stories(&reports[..n], &facts[..n]));
        let (timeline, dating) = best_of_3(|| analyze::timeline(&readings[..n], &told));
        println!(
            "{n} documents: clustering {:.1} ms wall, {:.0} ms CPU; with facts {:.1} ms wall, {:.0} ms CPU; \
             timeline {:.1} ms wall, {:.0} ms CPU (best of 3)",
            clustering.0, clustering.1, telling.0, telling.1, dating.0, dating.1
        );
        println!(
            "  {} stories of {} reports, digest {}; stories told digest {}; {} timeline entries, digest {}",
            found.len(),
            found.iter().map(Vec::len).sum::<usize>(),
            digest(&found),
            digest(&told),
            timeline.len(),
            digest(&timeline)
        );
    }
    Ok(())
}

/// Runs `f` three times: its last value, and its best wall and CPU time.
fn best_of_3<T>(f: impl Fn() -> T) -> (T, (f64, f64)) {
    let mut best = (f64::MAX, f64::MAX);
    let mut value = None;
    for _ in 0..3 {
        let (v, wall, cpu) = common::timed(&f);
        best = (best.0.min(wall), best.1.min(cpu));
        value = Some(v);
    }
    (value.expect("three runs"), best)
}

/// A short digest of a value's debug form, to check that faster code
/// finds the same.
fn digest(value: &impl std::fmt::Debug) -> String {
    blake3::hash(format!("{value:?}").as_bytes()).to_hex()[..16].to_string()
}
