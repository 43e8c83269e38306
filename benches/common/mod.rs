//! What the benchmarks share (each uses part of it).
#![allow(dead_code)]

/// The allocator of the `briefing` binary, so stage timings match its.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// User + system CPU seconds of this process so far (Linux; 0 elsewhere).
pub fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    // After the ")": state is field 0, utime 11, stime 12; 100 ticks a second.
    (ticks(11) + ticks(12)) / 100.0
}

/// Runs `f`: its value, the wall time and the CPU time (all threads) it
/// took, both in milliseconds.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, f64, f64) {
    let (cpu, wall) = (cpu_seconds(), std::time::Instant::now());
    let value = f();
    (value, wall.elapsed().as_secs_f64() * 1000.0, (cpu_seconds() - cpu) * 1000.0)
}

/// The project named on the command line (a project built once) and the
/// documents of its `content/`; exits with a usage line naming `bench`
/// when there is none.
pub fn built_project(bench: &str) -> briefing::Result<(briefing::Config, Vec<briefing::document::Document>)> {
    let Some(root) = std::env::args().skip(1).find(|a| !a.starts_with('-')) else {
        eprintln!("usage: cargo bench --bench {bench} -- PROJECT_DIR (a project built once)");
        std::process::exit(2);
    };
    let config = briefing::Config::load(std::path::Path::new(&root))?;
    let scanned =
        briefing::content::scan(&config.content_dir, briefing::content::list(&config.content_dir), &|_, _| None);
    let documents = briefing::content::plan(scanned, &[], &|_| true).documents;
    Ok((config, documents))
}

/// Every document's reading, timed; with `--readings FILE` on the command
/// line they are kept in FILE and taken from it on the next run.
pub fn readings(
    config: &briefing::Config,
    documents: &[briefing::document::Document],
) -> Vec<briefing::analyze::Reading> {
    use rayon::prelude::*;
    let args: Vec<String> = std::env::args().collect();
    let kept = args.iter().position(|a| a == "--readings").and_then(|i| args.get(i + 1));
    if let Some(bytes) = kept.and_then(|file| std::fs::read(file).ok()) {
        return postcard::from_bytes(&bytes).expect("readings file");
    }
    let reader = briefing::analyze::Reader::new(&config.analysis);
    let (readings, wall, cpu) =
        timed(|| documents.par_iter().map(|d| reader.read(d)).collect::<Vec<briefing::analyze::Reading>>());
    println!(
        "read: {wall:.0} ms wall, {cpu:.0} ms CPU, {:.3} ms CPU per document",
        cpu / documents.len().max(1) as f64
    );
    if let Some(file) = kept {
        std::fs::write(file, postcard::to_stdvec(&readings).expect("encode")).expect("write readings");
    }
    readings
}
