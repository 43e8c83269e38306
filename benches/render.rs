//! How long rendering every page takes for a project that has been built
//! once (its `content/` is read and analysed first, untimed).
//!
//!     cargo bench --bench render -- /tmp/p10k
//!
//! Prints wall and CPU time (user + system, all threads) of rendering and
//! link-checking every page three times into memory (bytes counted, then
//! dropped), then once more into a folder beside the project's output
//! (written, then deleted), and the bytes of HTML made.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use briefing::analyze;
use briefing::output::Staging;
use briefing::site::{self, Plan, Sink, check, theme::Theme};

/// Counts what it is given and keeps nothing.
#[derive(Default)]
struct Count(AtomicUsize);

impl Sink for Count {
    fn put(&self, _path: &str, bytes: &[u8]) -> briefing::Result<()> {
        self.0.fetch_add(bytes.len(), Ordering::Relaxed);
        Ok(())
    }
}

/// Writes into a staging folder.
struct Write(Staging);

impl Sink for Write {
    fn put(&self, path: &str, bytes: &[u8]) -> briefing::Result<()> {
        self.0.write(path, bytes)
    }
}

fn main() -> briefing::Result<()> {
    let (config, documents) = common::built_project("render")?;
    let analysis = analyze::analyze(&documents, &config.analysis);
    let plan = Plan::new(&documents, &analysis)?;
    let theme = Theme::load(&config)?;
    let inputs = plan.inputs(&config, &documents, &analysis);
    let all: Vec<usize> = (0..plan.site.pages.len()).collect();
    let files = check::Site { has_file: &|_| true, base_url: &config.base_url, base_path: config.base_path() };
    println!("{} documents, {} pages, {} threads", documents.len(), all.len(), rayon::current_num_threads());
    for _ in 0..3 {
        let count = Count::default();
        let (rendered, wall, cpu) = common::timed(|| site::render_pages(&inputs, &theme, &all, &files, &count, &|| ()));
        rendered?;
        let mb = count.0.load(Ordering::Relaxed) as f64 / 1e6;
        println!("render to memory: {wall:.0} ms wall, {cpu:.0} ms CPU, {mb:.1} MB of HTML");
    }
    let out = Write(Staging::new(&config.root.join("render-bench"), briefing::pipeline::state::trash(&config.root))?);
    let (rendered, wall, cpu) = common::timed(|| site::render_pages(&inputs, &theme, &all, &files, &out, &|| ()));
    rendered?;
    println!("render and write: {wall:.0} ms wall, {cpu:.0} ms CPU");
    Ok(())
}
