//! How long the search index takes to build for a project that has been
//! built once (its `content/` is read; nothing is written).
//!
//!     cargo bench --bench search_index -- /tmp/p10k
//!
//! Prints wall and CPU time (user + system, all threads) of the index build
//! alone, over five runs, and the index's size.

mod common;

use briefing::analyze;
use briefing::site::{Plan, search};

fn main() -> briefing::Result<()> {
    let (config, documents) = common::built_project("search_index")?;
    let analysis = analyze::analyze(&documents, &config.analysis);
    let plan = Plan::new(&documents, &analysis)?;
    let inputs = plan.inputs(&config, &documents, &analysis);
    println!("{} documents, {} threads", documents.len(), rayon::current_num_threads());
    let (items, wall, cpu) = common::timed(|| search::items::collect(&inputs));
    println!("collect items: {wall:.0} ms wall, {cpu:.0} ms CPU");
    let (index, wall, cpu) = common::timed(|| search::index::Index::build(&items));
    println!("invert: {wall:.0} ms wall, {cpu:.0} ms CPU");
    let (shards, wall, cpu) = common::timed(|| index.encode_shards());
    println!("{} shards: {wall:.0} ms wall, {cpu:.0} ms CPU", shards.len());
    for _ in 0..3 {
        let (files, wall, cpu) = common::timed(|| search::build(&inputs));
        let files = files?;
        let s = files.stats;
        println!(
            "index: {:.0} ms wall, {:.0} ms CPU; {} items, {} terms, {} forms, {} shards (largest {} B), {} index files of {:.1} MB (the {} cards are made when written)",
            wall,
            cpu,
            s.items,
            s.terms,
            s.forms,
            s.shards,
            s.largest_shard,
            files.files.len(),
            s.bytes as f64 / 1e6,
            files.cards.len()
        );
    }
    Ok(())
}
