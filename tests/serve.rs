//! `briefing serve` end to end: a real server on a free port, real file
//! edits, the reload event and the error overlay seen through the event
//! stream, and traversal attempts answered with 404.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use common::Project;

/// How long any one thing may take before the test fails.
const PATIENCE: Duration = Duration::from_secs(20);

struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(project: &Project) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(["-C", project.root().to_str().unwrap(), "serve", "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start briefing serve");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        // Keeps reading for the server's whole life, so its stdout never closes.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let line = wait_for(&rx, |l| l.starts_with("serving ")).expect("the server says where it serves");
        let port = line.split("http://127.0.0.1:").nth(1).and_then(|r| r.split('/').next()).unwrap().parse().unwrap();
        Server { child, port }
    }

    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let text = String::from_utf8_lossy(&response).into_owned();
        let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        (status, text)
    }

    /// The event stream, one line per message on the returned channel;
    /// returns once the server has answered (and so is subscribed).
    fn events(&self) -> Receiver<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(stream, "GET /__briefing/events HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        wait_for(&rx, str::is_empty).expect("the event stream answers");
        rx
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_for(rx: &Receiver<String>, wanted: impl Fn(&str) -> bool) -> Option<String> {
    let deadline = Instant::now() + PATIENCE;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(line) if wanted(&line) => return Some(line),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

const ARTICLE: &str = "Harbour authority approves the new ferry terminal\n\n\
The harbour authority approved plans for a new ferry terminal on Thursday after a long public consultation with residents.\n\n\
Construction is expected to begin next spring and to take about two years, the authority said in a statement.\n";

#[test]
fn edits_reload_pages_errors_show_and_traversal_is_refused() {
    let project = Project::new();
    project.seed("ferry.txt", ARTICLE);
    let server = Server::start(&project);

    let (status, home) = server.get("/");
    assert_eq!(status, 200, "{home}");
    assert!(home.contains("/__briefing/live.js"), "the live script is injected");
    let slug = project.content_files()[0].trim_end_matches(".md").to_string();
    let page = format!("/{slug}/");

    let events = server.events();
    project.seed(
        "ferry.txt",
        &format!("{ARTICLE}\nA spokesperson said the old pier would become a public park for the town.\n"),
    );
    assert!(wait_for(&events, |l| l == "event: reload").is_some(), "a seed edit sends a reload event");
    let first = wait_for(&events, |l| l.starts_with("data: ")).expect("the reload event says what changed");
    assert!(first.contains(&format!("\"{page}\"")), "the edited seed's page reloads: {first}");
    // The edited seed's own page comes first; the rest of the site follows.
    assert!(first.contains("\"partial\":true"), "{first}");
    let (_, body) = server.get(&page);
    assert!(body.contains("would become a public park"), "the previewed page has the new text");
    let rest = wait_for(&events, |l| l.starts_with("data: ")).expect("the full rebuild follows the preview");
    assert!(rest.contains("\"partial\":false"), "{rest}");
    let (status, body) = server.get(&page);
    assert_eq!(status, 200);
    assert!(body.contains("would become a public park"), "the page has the new text");

    project.write(
        "templates/document.html",
        "{% extends \"base.html\" %}{% block content %}{{ doc.title }{% endblock content %}",
    );
    let problem =
        wait_for(&events, |l| l.starts_with("data: {\"message\"")).expect("a broken template sends a problem event");
    assert!(problem.contains("document.html"), "{problem}");
    let (status, body) = server.get(&page);
    assert_eq!(status, 200, "the last good page is still served");
    assert!(body.contains("would become a public park"));

    std::fs::remove_file(project.path("templates/document.html")).unwrap();
    assert!(wait_for(&events, |l| l == "event: reload").is_some(), "the fix clears the error");
    assert!(wait_for(&events, |l| l.contains("\"partial\":false")).is_some());

    // A hand edit of the content page shows at once too.
    let file = format!("content/{}", project.content_files()[0]);
    let text = std::fs::read_to_string(project.path(&file)).unwrap();
    project.write(&file, &text.replace("public park", "community garden"));
    let first = wait_for(&events, |l| l.starts_with("data: ")).expect("a content edit sends a reload event");
    assert!(first.contains("\"partial\":true") && first.contains(&format!("\"{page}\"")), "{first}");
    let (_, body) = server.get(&page);
    assert!(body.contains("community garden"), "the hand edit is shown");

    for attack in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/..%5c..%5c..%5cetc/passwd",
        "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    ] {
        let (status, body) = server.get(attack);
        assert_eq!(status, 404, "{attack}");
        assert!(!body.contains("root:"), "{attack}");
        assert!(body.contains("Page not found"), "the site's own 404 page: {attack}");
    }
    let (status, css) = server.get("/static/style.css");
    assert_eq!(status, 200);
    assert!(css.to_ascii_lowercase().contains("content-type: text/css"));
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly_and_keeps_the_site() {
    let project = Project::new();
    project.seed("ferry.txt", ARTICLE);
    let mut server = Server::start(&project);
    let pid = server.child.id().to_string();
    assert!(Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    let deadline = Instant::now() + PATIENCE;
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "serve did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    assert!(project.path("public/index.html").is_file(), "nothing is deleted");
    assert!(!project.content_files().is_empty());
}
