//! How long the search index takes to build for a project that has been
//! built once (its `content/` is read; nothing is written).
//!
//!     cargo bench --bench search_index -- /tmp/p10k
//!
//! Prints wall and CPU time (user + system, all threads) of the index build
//! alone, over three runs from scratch and three from the memory of the
//! run before (as a rebuild with nothing changed), and the index's size.

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
    let mut memory = search::Memory::default();
    for run in 0..6 {
        let from = if run < 3 { search::Memory::default() } else { std::mem::take(&mut memory) };
        let (built, wall, cpu) = common::timed(|| search::build(&inputs, from));
        let (files, kept) = built?;
        memory = kept;
        let s = files.stats;
        println!(
            "index {}: {:.0} ms wall, {:.0} ms CPU; {} items, {} terms, {} forms, {} shards (largest {} B), {} index files of {:.1} MB (the {} cards are made when written)",
            if run < 3 { "from scratch" } else { "from memory" },
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
