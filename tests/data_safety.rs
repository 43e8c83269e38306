//! Data safety end to end: a build killed at any moment leaves `public/`
//! and `content/` whole (every file the old or the new complete version,
//! never a mix inside one file, and `public/` one whole site); two builds at
//! once do not both write; hand edits survive a cleaner upgrade.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{OutputText, Project};

/// Seeds of version `v`: same titles (so the same slugs) in both versions,
/// different bodies, so that a build from one version to the other rewrites
/// every content page and every document page.
fn write_seeds(project: &Project, v: usize) {
    for i in 0..SEEDS {
        let text = format!(
            "Harbour report number {i}\n\n\
             The harbour master said on Monday that ship {i} arrived from the northern port with {} tonnes of grain.\n\n\
             Dock workers in the eastern basin unloaded the cargo over {} days, version {v} of this report says.\n",
            100 + i * 7 + v,
            2 + v,
        );
        project.seed(&format!("report-{i:02}.txt"), &text);
    }
}

const SEEDS: usize = 40;

/// Every file under `dir` (hidden ones too) with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// A project with one hand-written page and one generated page edited by
/// hand (at version 0 of the seeds), then built at version `v`.
fn built_project(v: usize) -> Project {
    let project = Project::new();
    write_seeds(&project, 0);
    project.write_content("notes/method.md", "# How we work\n\nWe read every report twice.\n");
    let out = project.run(&["build"]);
    assert!(out.status.success(), "{}", out.stderr_text());
    let page = "harbour-report-number-0.md";
    let edited = project.read_content(page).replace("The harbour master", "The harbour master (checked)");
    project.write_content(page, &edited);
    write_seeds(&project, v);
    let out = project.run(&["build"]);
    assert!(out.status.success(), "{}", out.stderr_text());
    project
}

type Files = BTreeMap<String, Vec<u8>>;

/// The files that differ between two snapshots (for messages).
fn differing(a: &Files, b: &Files) -> Vec<String> {
    let mut names: Vec<&String> = a.keys().chain(b.keys()).collect();
    names.sort();
    names.dedup();
    names.into_iter().filter(|n| a.get(*n) != b.get(*n)).cloned().collect()
}

fn assert_same(actual: &Files, expected: &Files, what: &str) {
    let diff = differing(actual, expected);
    assert!(diff.is_empty(), "{what} differs from the expected files in {diff:?}");
}

/// A small random number generator (xorshift), so the kill points vary
/// but a failing run can be repeated from its printed seed.
struct Random(u64);

impl Random {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

fn kill_builds_at_random_moments(iterations: usize) {
    // The two complete states, built without interruption.
    let reference: Vec<(Files, Files)> = (0..2)
        .map(|v| {
            let p = built_project(v);
            (snapshot(&p.path("public")), snapshot(&p.path("content")))
        })
        .collect();
    assert_ne!(reference[0].0, reference[1].0, "the two versions make different sites");

    let project = built_project(0);
    // How long a build from one version to the other takes, roughly.
    write_seeds(&project, 1);
    let timer = Instant::now();
    assert!(project.run(&["build"]).status.success());
    let span = timer.elapsed().as_millis() as u64 + 50;
    eprintln!("a full rebuild takes about {span} ms");

    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1;
    eprintln!("kill points from seed {seed}");
    let mut random = Random(seed);
    let mut killed = 0;
    for i in 0..iterations {
        write_seeds(&project, i % 2);
        let delay = Duration::from_millis(random.below(span));
        let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
            .arg("-C")
            .arg(project.root())
            .args(["build", "--quiet"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            killed += 1;
        }
        child.kill().ok(); // SIGKILL on Unix
        child.wait().unwrap();
        assert_whole(&project, &reference, &format!("iteration {i}, killed after {delay:?}"));
    }
    eprintln!("{iterations} iterations, {killed} builds killed mid-way, no corruption");
    // Rebuilds after a kill are often quicker than the full rebuild the
    // kill points were drawn for, so not every build is caught mid-way.
    assert!(killed * 4 >= iterations, "builds are killed mid-way ({killed} of {iterations})");

    // And a build after all that finishes and leaves no debris.
    let out = project.run(&["build"]);
    assert!(out.status.success(), "{}", out.stderr_text());
    let version = (iterations + 1) % 2;
    write_seeds(&project, version);
    assert!(project.run(&["build"]).status.success());
    assert_same(&snapshot(&project.path("public")), &reference[version].0, "public/");
    assert_same(&snapshot(&project.path("content")), &reference[version].1, "content/");
    let debris: Vec<String> = std::fs::read_dir(project.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(debris.is_empty(), "{debris:?}");
}

/// `public/` is exactly one of the two complete sites; every file of
/// `content/` is exactly its old or its new version, and none is missing.
fn assert_whole(project: &Project, reference: &[(Files, Files)], when: &str) {
    let public = snapshot(&project.path("public"));
    assert!(
        reference.iter().any(|(site, _)| *site == public),
        "{when}: public/ is neither complete site: differs from them in {:?} and {:?}",
        differing(&public, &reference[0].0),
        differing(&public, &reference[1].0)
    );
    let content = snapshot(&project.path("content"));
    for (file, bytes) in &content {
        if file.rsplit('/').next().is_some_and(|n| n.starts_with('.')) {
            continue; // a temporary file of a killed write: never read as a page
        }
        assert!(
            reference.iter().any(|(_, pages)| pages.get(file) == Some(bytes)),
            "{when}: content/{file} is neither its old nor its new version:\n{}",
            String::from_utf8_lossy(bytes)
        );
    }
    for file in reference[0].1.keys() {
        assert!(content.contains_key(file), "{when}: content/{file} is missing");
    }
}

#[test]
fn a_build_killed_at_random_moments_leaves_public_and_content_whole() {
    kill_builds_at_random_moments(8);
}

/// The same, 40 times; CI runs it with `--ignored`.
#[test]
#[ignore = "about a minute; CI runs it with --ignored"]
fn a_build_killed_at_forty_random_moments_leaves_public_and_content_whole() {
    kill_builds_at_random_moments(40);
}

#[test]
fn a_second_build_at_once_is_refused_with_a_clear_message_and_changes_nothing() {
    let project = built_project(0);
    let (public, content) = (snapshot(&project.path("public")), snapshot(&project.path("content")));
    // Hold the build lock as a running build does.
    let lock = briefing::build::lock(project.root()).unwrap();
    write_seeds(&project, 1);
    let out = project.run(&["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", out.stderr_text());
    assert!(out.stderr_text().contains("another briefing build or serve is running"), "{}", out.stderr_text());
    assert_same(&snapshot(&project.path("public")), &public, "public/");
    assert_same(&snapshot(&project.path("content")), &content, "content/");
    drop(lock);
    let out = project.run(&["build"]);
    assert!(out.status.success(), "once the first is done, a build runs: {}", out.stderr_text());
}

#[test]
fn two_builds_started_together_leave_one_whole_site() {
    let project = built_project(0);
    write_seeds(&project, 1);
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_briefing"))
            .arg("-C")
            .arg(project.root())
            .arg("build")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let outs = [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()];
    assert!(outs.iter().any(|o| o.status.success()), "one of them builds");
    for out in outs.iter().filter(|o| !o.status.success()) {
        assert_eq!(out.status.code(), Some(1));
        assert!(out.stderr_text().contains("another briefing build or serve is running"), "{}", out.stderr_text());
    }
    let reference = built_project(1);
    assert_same(&snapshot(&project.path("public")), &snapshot(&reference.path("public")), "public/");
    assert_same(&snapshot(&project.path("content")), &snapshot(&reference.path("content")), "content/");
}

#[test]
fn a_hand_edit_survives_a_cleaner_upgrade_that_rewrites_the_other_pages() {
    let project = built_project(0);
    let edited_file = "harbour-report-number-0.md";
    let edited = project.read_content(edited_file);
    // What an older cleaner wrote for another seed: different text, signed
    // as generated (so not an edit).
    let other = "harbour-report-number-1.md";
    let current = project.read_content(other);
    let page = briefing::content::page::parse(other, &current).unwrap();
    let older = briefing::document::Article {
        title: page.document.title.clone(),
        body: "What an older cleaner kept of this report.\n".to_string(),
        language: page.document.language.clone(),
        ..Default::default()
    };
    let source = page.document.source.clone().unwrap();
    let (older_text, _) =
        briefing::content::page::render_generated(&older, &source, page.seed_hash.as_deref().unwrap());
    project.write_content(other, &older_text);
    // A new version of briefing does not trust the old version's cache.
    std::fs::remove_dir_all(project.path(".briefing")).unwrap();

    let out = project.run(&["build"]);
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(project.read_content(edited_file), edited, "the hand edit is kept byte for byte");
    assert_eq!(project.read_content(other), current, "the unedited page takes the new cleaner's output");
    assert!(project.read_content("notes/method.md").contains("We read every report twice."));
}
