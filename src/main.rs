//! The `briefing` command line: parses arguments, runs one library call,
//! prints the result or the error. Nothing else lives here.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// mimalloc, not the system allocator: cleaning and analysis make and drop
/// millions of small strings across threads, and glibc's malloc spent about
/// a fifth of a large build's CPU time on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turn a folder of collected articles into a briefing website.
///
/// Put sources in seeds/ (text copied from web pages, saved .html pages or
/// Markdown) and run `briefing build`: each becomes a cleaned Markdown page
/// in content/ (which you may edit; edits are never overwritten) and the site
/// is written to public/.
#[derive(Parser)]
#[command(name = "briefing", version, propagate_version = true)]
struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more: -v shows stage timings, -vv everything.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    /// The project folder (the one holding briefing.toml); default: the current folder.
    #[arg(short = 'C', long = "root", global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Clean every seed into content/ and build the site.
    ///
    /// Pages in content/ that you edited are kept as they are; a seed that
    /// cannot be read is reported and skipped (exit code 1) while the rest
    /// are built.
    Build,
    /// Print the page one seed would become: TOML front matter, then Markdown.
    ///
    /// Nothing is written. The seed is cleaned alone, without the evidence
    /// a build gathers from the other seeds.
    Clean {
        /// A .txt, .md or .html source file.
        file: PathBuf,
    },
    /// Check the built site: every internal link and #anchor, feed, sitemap.
    Check,
    /// Build, serve the site locally and rebuild on every change, with live reload.
    ///
    /// Watches seeds/, content/, the theme, templates/, static/ and
    /// briefing.toml; a change redoes only what it touches and reloads open
    /// pages. Errors show in the browser and here; the last good site stays
    /// served.
    Serve {
        /// Port to listen on (0: any free port).
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; anything but loopback shares the site with your network.
        #[arg(short, long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
    },
    /// Create a new briefing project in DIR that builds at once.
    Init {
        /// A new or empty folder.
        dir: PathBuf,
    },
    /// List the people, organisations and places that files name.
    ///
    /// The files are cleaned as a build cleans seeds and analysed together
    /// as one corpus, so names merge across them; the [entities] rules of
    /// briefing.toml apply. A file that cannot be read is reported and
    /// skipped (exit code 1) while the others are listed.
    Entities {
        /// Print JSON Lines, one object per file, instead of a table.
        #[arg(long)]
        json: bool,
        /// Source files (.txt, .md or .html).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

fn main() {
    small_pages_only();
    let cli = Cli::parse();
    init_logging(cli.quiet, cli.verbose);
    let code = match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    };
    exit_now(code)
}

/// Ends the process without the C library's exit handlers. mimalloc's
/// would give every free page back to the system one `madvise` at a time
/// (about 40 ms of a one-seed rebuild at 10,000 documents, the last thing
/// the user waits for), when the system takes the whole address space
/// back at exit anyway. Everything briefing writes is complete by now
/// (files are written whole and renamed into place); only the standard
/// streams can hold buffered output, so they are flushed first.
fn exit_now(code: i32) -> ! {
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    #[cfg(unix)]
    // SAFETY: _exit takes a plain integer and ends the process; nothing
    // after it runs.
    unsafe {
        libc::_exit(code)
    }
    #[cfg(not(unix))]
    std::process::exit(code)
}

/// Turns transparent huge pages off for this process. mimalloc asks the
/// kernel for them on its arenas, and the kernel then zeroes 2 MiB at a
/// page's first touch and again after mimalloc hands memory back, though a
/// build uses little of each. Measured with one seed changed at 10k
/// documents: system time 2.1-2.3 s with them, 1.25-1.35 s without, and
/// 40 MB less peak memory.
#[cfg(target_os = "linux")]
fn small_pages_only() {
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory;
    // on failure (an old kernel) nothing changes, which is harmless.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
fn small_pages_only() {}

fn init_logging(quiet: bool, verbose: u8) {
    let level = match (quiet, verbose) {
        (true, _) => log::LevelFilter::Error,
        (false, 0) => log::LevelFilter::Warn,
        (false, 1) => log::LevelFilter::Debug,
        (false, _) => log::LevelFilter::Trace,
    };
    env_logger::Builder::new()
        .filter_level(log::LevelFilter::Warn)
        .filter_module("briefing", level)
        .format_target(false)
        .format_timestamp(None)
        .init();
}

/// Runs the command; returns the process's exit code.
fn run(cli: Cli) -> briefing::Result<i32> {
    let root = match cli.root {
        Some(root) => root.canonicalize().map_err(|e| briefing::Error::io(&root, "finding the project folder", e))?,
        None => std::env::current_dir().map_err(|e| briefing::Error::io(".", "finding the current folder", e))?,
    };
    match cli.command {
        Command::Build => {
            let config = briefing::Config::load(&root)?;
            let report = briefing::build(&config)?;
            for notice in &report.notices {
                log::warn!("{notice}");
            }
            for problem in &report.problems {
                eprintln!("error: {problem}");
            }
            if !cli.quiet && report.up_to_date {
                println!(
                    "up to date: {} pages from {} documents, nothing changed since the last build ({:.2} s)",
                    report.pages,
                    report.documents,
                    report.elapsed.as_secs_f64()
                );
            } else if !cli.quiet {
                println!(
                    "built {} pages ({} rendered, {} files written) from {} documents ({} seeds, {} cleaned, {} content pages changed, {} analysed) in {:.2} s{}",
                    report.pages,
                    report.rendered,
                    report.written,
                    report.documents,
                    report.seeds,
                    report.cleaned,
                    report.content_changes,
                    report.read,
                    report.elapsed.as_secs_f64(),
                    match report.problems.len() {
                        0 => String::new(),
                        n => format!("; {n} file(s) skipped, see above"),
                    }
                );
            }
            Ok(if report.problems.is_empty() { 0 } else { 1 })
        }
        Command::Clean { file } => {
            print!("{}", briefing::clean_file(&file)?);
            Ok(0)
        }
        Command::Check => {
            let config = briefing::Config::load(&root)?;
            let pages = briefing::check(&config)?;
            if !cli.quiet {
                println!("checked {pages} pages in {}: no broken links", config.output_dir.display());
            }
            Ok(0)
        }
        Command::Serve { port, bind } => {
            briefing::serve::serve(&root, &briefing::serve::Options { bind, port })?;
            Ok(0)
        }
        Command::Init { dir } => {
            let dir = root.join(dir);
            briefing::init::init(&dir)?;
            if !cli.quiet {
                println!(
                    "created a briefing project in {}; put sources in its seeds/ and run `briefing build` there",
                    dir.display()
                );
            }
            Ok(0)
        }
        Command::Entities { json, files } => {
            let config = briefing::Config::load(&root)?;
            let report = briefing::entities_of_files(&files, &config.analysis);
            for problem in &report.problems {
                eprintln!("error: {problem}");
            }
            print!("{}", if json { report.to_json_lines() } else { report.to_table() });
            Ok(if report.problems.is_empty() { 0 } else { 1 })
        }
    }
}
