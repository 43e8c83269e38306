//! `briefing serve`: build, serve the site on 127.0.0.1, and on every change
//! redo only what it touches and tell open pages to reload. A broken seed,
//! template or config never stops the server: the last good site stays up,
//! pages show the error, and the next good change clears it.

pub mod http;
pub mod paths;
pub mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::broadcast;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::pipeline::{BuildReport, Engine, Mode, Publish, State, stamp, state};
use http::{Notice, Shared};
use watch::{Change, Watched};

/// Where and how to serve.
#[derive(Debug, Clone)]
pub struct Options {
    /// Address to listen on (loopback unless asked otherwise).
    pub bind: IpAddr,
    /// Port (0: any free one).
    pub port: u16,
}

/// The project as the server keeps it between changes.
struct Session {
    root: PathBuf,
    engine: Option<Engine>,
}

impl Session {
    /// Loads the config and theme anew and rebuilds everything.
    fn rebuild_all(&mut self) -> Result<BuildReport> {
        let config = Config::load(&self.root)?;
        let state = match self.engine.take() {
            Some(engine) if engine.config() == &config => engine.into_state(),
            _ => State::default(),
        };
        let mut engine = Engine::new(config, state, Mode::Serve)?;
        let report = engine.build(Publish::Swap);
        self.engine = Some(engine);
        report
    }

    /// Redoes what `change` touches.
    fn rebuild(&mut self, change: Change) -> Result<BuildReport> {
        match (change, self.engine.as_mut()) {
            (Change::Inputs, Some(engine)) => engine.build(Publish::InPlace),
            (Change::Theme, Some(engine)) => {
                engine.reload_theme()?;
                engine.build(Publish::InPlace)
            }
            _ => self.rebuild_all(),
        }
    }
}

/// Runs the preview server for the project at `root` until Ctrl-C.
pub fn serve(root: &Path, options: &Options) -> Result<()> {
    let _lock = crate::build::lock(root)?;
    let config = Config::load(root)?;
    if !options.bind.is_loopback() {
        log::warn!(
            "serving on {}: anyone on your network can read this briefing; use --bind 127.0.0.1 to keep it to this machine",
            options.bind
        );
    }
    // The server writes the output folder in place; the disk cache would
    // no longer describe it, so it is dropped now and written again on exit.
    let (mut cached, _) = state::load(&config);
    state::forget(&config);
    cached.detach_from_files();
    stamp::forget(&config);
    let mut session = Session { root: root.to_path_buf(), engine: None };
    let (notices, _) = broadcast::channel(16);
    let problem = Arc::new(Mutex::new(None));
    let started = Instant::now();
    // A theme that does not load yet is reported like any later error: the
    // server starts anyway and builds once it is fixed.
    let first = Engine::new(config.clone(), cached, Mode::Serve).and_then(|mut engine| {
        let report = engine.build(Publish::Swap);
        session.engine = Some(engine);
        report
    });
    report_result(first, started, &notices, &problem, config.base_path(), false);
    std::fs::create_dir_all(&config.output_dir).map_err(|e| Error::io(&config.output_dir, "creating folder", e))?;

    let base = config.base_path().to_string();
    let shared = Shared {
        root: config.output_dir.canonicalize().map_err(|e| Error::io(&config.output_dir, "finding", e))?,
        base: base.clone(),
        notices: notices.clone(),
        problem: problem.clone(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Other(format!("cannot start the server: {e}")))?;
    let addr = SocketAddr::new(options.bind, options.port);
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(addr))
        .map_err(|e| Error::Other(format!("cannot listen on {addr}: {e}; pick another port with --port")))?;
    let local = listener.local_addr().map_err(|e| Error::Other(format!("cannot listen on {addr}: {e}")))?;

    let (tx, rx) = std::sync::mpsc::channel::<Vec<PathBuf>>();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    // The Ctrl-C handler is in place before the server says it is up.
    let interrupted = runtime.block_on(async { interrupt_signal() })?;
    let server = runtime.spawn({
        let stop = stop.clone();
        let wake = tx.clone();
        async move {
            let shutdown = async move {
                interrupted.await;
                stop.store(true, std::sync::atomic::Ordering::SeqCst);
                let _ = wake.send(Vec::new());
            };
            axum::serve(listener, http::router(shared)).with_graceful_shutdown(shutdown).await
        }
    });

    let watched = Watched::new(&config);
    let mut watcher = watched.start(tx)?;
    say(&format!("serving {} at http://{local}{} (Ctrl-C to stop)", config.output_dir.display(), base));
    watch_loop(&mut session, &watched, &mut watcher, &rx, &stop, &notices, &problem);

    runtime.block_on(async {
        let _ = tokio::time::timeout(Duration::from_secs(5), server).await;
    });
    if let Some(engine) = &session.engine {
        state::save(engine.config(), engine.state())?;
    }
    say(&format!("stopped; the site in {} is as last built", config.output_dir.display()));
    Ok(())
}

/// Prints a line for the person running the server; a closed terminal or
/// pipe must never stop the server.
fn say(line: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// A future that completes on Ctrl-C (SIGINT) or SIGTERM; the handlers are
/// installed when this returns, not when the future is first polled.
#[cfg(unix)]
fn interrupt_signal() -> Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let fail = |e: std::io::Error| Error::Other(format!("cannot handle Ctrl-C: {e}"));
    let mut interrupt = signal(SignalKind::interrupt()).map_err(fail)?;
    let mut terminate = signal(SignalKind::terminate()).map_err(fail)?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

/// A future that completes on Ctrl-C.
#[cfg(not(unix))]
fn interrupt_signal() -> Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// Rebuilds on each batch of changes until `stop` is set.
fn watch_loop(
    session: &mut Session,
    watched: &Watched,
    watcher: &mut notify::RecommendedWatcher,
    rx: &Receiver<Vec<PathBuf>>,
    stop: &std::sync::atomic::AtomicBool,
    notices: &broadcast::Sender<Notice>,
    problem: &Mutex<Option<String>>,
) {
    while !stop.load(std::sync::atomic::Ordering::SeqCst) {
        let paths = match rx.recv_timeout(Duration::from_millis(500)) {
            Ok(paths) => paths,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => break,
        };
        let paths = watch::settle(paths, rx);
        let Some(change) = watched.classify(&paths) else { continue };
        // The content pages the last build wrote, or a save that changed nothing.
        let known = |engine: &Engine| paths.iter().all(|p| watched.classify_one(p).is_none() || engine.knows(p));
        if change == Change::Inputs && session.engine.as_ref().is_some_and(known) {
            continue;
        }
        // A folder that just appeared (templates/, say) is watched before
        // the rebuild reads it, so no later change in it goes unseen.
        watched.watch_folders(watcher);
        let started = Instant::now();
        if change == Change::Inputs {
            preview(session, &paths, started, notices);
        }
        let result = session.rebuild(change);
        let base = session.engine.as_ref().map_or_else(|| "/".to_string(), |e| e.config().base_path().to_string());
        report_result(result, started, notices, problem, &base, true);
    }
}

/// Shows the edited seeds among `paths` on their own pages at once, before
/// the rebuild brings the rest of the site in step (see
/// [`Engine::preview`]).
fn preview(session: &mut Session, paths: &[PathBuf], started: Instant, notices: &broadcast::Sender<Notice>) {
    let Some(engine) = session.engine.as_mut() else { return };
    let written = engine.preview(paths);
    if written.is_empty() {
        return;
    }
    let base = engine.config().base_path().to_string();
    let _ = notices.send(Notice::Reload { pages: changed_pages(&base, &written), partial: true });
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    say(&format!("previewed {} in {ms:.0} ms; rebuilding the rest", written.join(", ")));
}

/// The URL paths (under `base`) of the pages to reload after `files`
/// changed; `None` (every page) when a stylesheet, script or other shared
/// file did. Changed search data reloads the search page.
fn changed_pages(base: &str, files: &[String]) -> Option<Vec<String>> {
    let mut pages = Vec::new();
    for file in files {
        let page = match file.strip_suffix("index.html") {
            Some(dir) if dir.is_empty() || dir.ends_with('/') => dir,
            _ if file.ends_with(".html") => file.as_str(),
            _ if file.starts_with(crate::site::urls::SEARCH) => crate::site::urls::SEARCH,
            _ => return None,
        };
        pages.push(format!("{base}{page}"));
    }
    pages.sort();
    pages.dedup();
    Some(pages)
}

/// Tells the terminal and the open pages how a (re)build went.
fn report_result(
    result: Result<BuildReport>,
    started: Instant,
    notices: &broadcast::Sender<Notice>,
    problem: &Mutex<Option<String>>,
    base: &str,
    is_rebuild: bool,
) {
    let mut current = problem.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    match result {
        Ok(report) => {
            for p in &report.problems {
                eprintln!("error: {p}");
            }
            for n in &report.notices {
                log::warn!("{n}");
            }
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            say(&format!(
                "{} in {ms:.0} ms: {} cleaned, {} pages rendered, {} files written",
                if is_rebuild { "rebuilt" } else { "built" },
                report.cleaned,
                report.rendered,
                report.written
            ));
            let skipped = report.problems.iter().map(ToString::to_string).collect::<Vec<_>>();
            let had_problem = current.is_some();
            *current = (!skipped.is_empty()).then(|| format!("skipped:\n{}", skipped.join("\n")));
            // Reloaded pages get the current problem, if any, when they reconnect.
            if report.written > 0 || had_problem {
                // An error overlay is on every open page: all reload.
                let pages = if had_problem { None } else { changed_pages(base, &report.changed) };
                let _ = notices.send(Notice::Reload { pages, partial: false });
            } else if let Some(message) = current.clone() {
                let _ = notices.send(Notice::Problem(message));
            }
        }
        Err(e) => {
            let message = e.to_string();
            eprintln!("error: {message}\n  (still serving the last good site)");
            *current = Some(message.clone());
            let _ = notices.send(Notice::Problem(message));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(names: &[&str]) -> Vec<String> {
        names.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn changed_pages_are_the_urls_browsers_show() {
        let pages =
            changed_pages("/", &files(&["index.html", "a/index.html", "404.html", "entities/x/page/2/index.html"]));
        assert_eq!(pages, Some(files(&["/", "/404.html", "/a/", "/entities/x/page/2/"])));
        let under = changed_pages("/sub/", &files(&["b/index.html"]));
        assert_eq!(under, Some(files(&["/sub/b/"])));
    }

    #[test]
    fn search_data_reloads_the_search_page_and_shared_files_reload_all() {
        assert_eq!(changed_pages("/", &files(&["search/s/3.bin", "search/i/7.json"])), Some(files(&["/search/"])));
        assert_eq!(changed_pages("/", &files(&["a/index.html", "static/style.css"])), None);
        assert_eq!(changed_pages("/", &files(&["feed.xml"])), None);
    }
}
