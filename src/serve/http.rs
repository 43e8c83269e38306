//! The preview server: the output folder over HTTP (axum), a Server-Sent
//! Events stream that tells open pages to reload or to show a build error,
//! and the small script that listens to it (injected into HTML responses).

use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use super::paths::{self, Resolved};

/// Where the live-reload script and event stream are served (outside any
/// site path a build writes).
pub const LIVE_SCRIPT: &str = "/__briefing/live.js";
const EVENTS: &str = "/__briefing/events";

/// What the server tells open pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The site changed: pages showing one of these URL paths reload (all
    /// pages when there is no list). `partial` when only the edited seeds'
    /// own pages were redone so far and a full rebuild is under way.
    Reload {
        /// URL paths of the pages that changed.
        pages: Option<Vec<String>>,
        /// Whether more changes are on their way.
        partial: bool,
    },
    /// The last rebuild failed: show this message over the page.
    Problem(String),
}

/// What request handlers share.
#[derive(Clone)]
pub struct Shared {
    /// The output folder, canonical.
    pub root: PathBuf,
    /// The path the site is served under (`/` or `/sub/`).
    pub base: String,
    /// Notices for every open page.
    pub notices: broadcast::Sender<Notice>,
    /// The error currently shown, for pages that connect after it happened.
    pub problem: Arc<Mutex<Option<String>>>,
}

/// The application: live script, event stream, then the site's files.
pub fn router(shared: Shared) -> Router {
    Router::new().route(LIVE_SCRIPT, get(live_script)).route(EVENTS, get(events)).fallback(get(file)).with_state(shared)
}

async fn live_script() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], LIVE_JS)
        .into_response()
}

async fn events(State(shared): State<Shared>) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let current = shared.problem.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
    let first = tokio_stream::iter(current.map(|p| Ok(problem_event(&p))));
    let later = BroadcastStream::new(shared.notices.subscribe()).filter_map(|notice| match notice {
        Ok(Notice::Reload { pages, partial }) => Some(Ok(Event::default()
            .event("reload")
            .data(serde_json::json!({ "pages": pages, "partial": partial }).to_string()))),
        Ok(Notice::Problem(p)) => Some(Ok(problem_event(&p))),
        Err(_) => None,
    });
    Sse::new(first.chain(later)).keep_alive(KeepAlive::default())
}

fn problem_event(message: &str) -> Event {
    Event::default().event("problem").data(serde_json::json!({ "message": message }).to_string())
}

async fn file(State(shared): State<Shared>, uri: Uri) -> Response {
    let resolved = tokio::task::spawn_blocking({
        let shared = shared.clone();
        let path = uri.path().to_string();
        move || paths::resolve(&shared.root, &shared.base, &path)
    })
    .await
    .unwrap_or(Resolved::NotFound);
    match resolved {
        Resolved::Redirect(to) => Redirect::permanent(&to).into_response(),
        Resolved::File(path) => match tokio::fs::read(&path).await {
            Ok(bytes) => respond(StatusCode::OK, paths::content_type(&path), bytes),
            Err(_) => not_found(&shared).await,
        },
        Resolved::NotFound => not_found(&shared).await,
    }
}

/// The site's own 404 page (or a plain one while there is none), status 404.
async fn not_found(shared: &Shared) -> Response {
    let page = tokio::fs::read(shared.root.join(crate::site::urls::NOT_FOUND_FILE)).await;
    let body = page.unwrap_or_else(|_| {
        b"<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Not found</title><body><h1>Not found</h1></body></html>".to_vec()
    });
    respond(StatusCode::NOT_FOUND, "text/html; charset=utf-8", body)
}

fn respond(status: StatusCode, content_type: &'static str, bytes: Vec<u8>) -> Response {
    let body = if content_type.starts_with("text/html") { inject_live_script(bytes) } else { bytes };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    response
}

/// Adds the live-reload script to an HTML page, before `</body>` (or at the
/// end when there is none). Only the server does this: built pages never
/// carry it.
pub fn inject_live_script(mut html: Vec<u8>) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_SCRIPT}\" defer></script>");
    let lower: Vec<u8> = html.iter().rev().take(4096).rev().map(u8::to_ascii_lowercase).collect();
    let offset = html.len() - lower.len();
    match memchr::memmem::rfind(&lower, b"</body>") {
        Some(at) => {
            html.splice(offset + at..offset + at, tag.bytes());
        }
        None => html.extend_from_slice(tag.as_bytes()),
    }
    html
}

/// Listens to the event stream: reloads on "reload" when the page is among
/// those that changed, shows an overlay on "problem". Its text is set with
/// textContent, so a message can hold no markup.
const LIVE_JS: &str = r#"(() => {
  const events = new EventSource("/__briefing/events");
  let box = null;
  events.addEventListener("reload", (e) => {
    let pages = null;
    try { pages = JSON.parse(e.data).pages; } catch (_) {}
    const here = decodeURI(location.pathname).replace(/index\.html$/, "");
    if (!pages || pages.includes(here)) location.reload();
  });
  events.addEventListener("problem", (e) => {
    let message = e.data;
    try { message = JSON.parse(e.data).message; } catch (_) {}
    if (!box) {
      box = document.createElement("div");
      box.id = "briefing-problem";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "background:#2b0b0b;color:#ffecec;border:2px solid #ff6b6b;border-radius:6px;padding:1rem 1.2rem;" +
        "font:14px/1.45 ui-monospace,monospace;box-shadow:0 8px 30px rgba(0,0,0,.4)";
      const title = document.createElement("strong");
      title.textContent = "briefing: the last change did not build; this page is the last good version";
      const close = document.createElement("button");
      close.type = "button";
      close.textContent = "Dismiss";
      close.style.cssText = "float:right;margin-left:1rem";
      close.addEventListener("click", () => { box.remove(); box = null; });
      const pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:.6rem 0 0";
      box.append(close, title, pre);
      document.body.append(box);
    }
    box.querySelector("pre").textContent = message;
  });
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_closing_body_tag() {
        let page = inject_live_script(b"<html><body><p>x</p></BODY></html>".to_vec());
        let text = String::from_utf8(page).unwrap();
        assert!(text.contains("<p>x</p><script src=\"/__briefing/live.js\" defer></script></BODY>"), "{text}");
        let bare = String::from_utf8(inject_live_script(b"<p>x</p>".to_vec())).unwrap();
        assert!(bare.ends_with("defer></script>"));
    }
}
