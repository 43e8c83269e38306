//! End to end: build sites with the binary and read what it writes to public/.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{OutputText, Project};

/// The project's own example seeds, copied into `project`.
fn with_example_seeds(project: &Project) {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    for entry in std::fs::read_dir(seeds).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        project.seed(&name, &std::fs::read_to_string(entry.path()).unwrap());
    }
}

fn article(title: &str) -> String {
    format!(
        "{title}\n\nThe committee published its findings on Tuesday after a review that lasted several months and heard many witnesses.\n\n\
         Officials said the recommendations would be considered by the government before the end of the year.\n"
    )
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().display().to_string(), std::fs::read(e.path()).unwrap()))
        .collect()
}

fn read(project: &Project, rel: &str) -> String {
    std::fs::read_to_string(project.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn example_site_has_every_page_feed_entry_and_sitemap_url() {
    let project = Project::new();
    with_example_seeds(&project);
    project.write("briefing.toml", "title = \"AI sovereignty\"\nbase_url = \"https://example.org/brief/\"\n");
    let out = project.run(&["build"]);
    assert!(out.status.success(), "{}", out.stderr_text());
    assert!(out.stdout_text().starts_with("built "), "{}", out.stdout_text());

    let docs: Vec<String> = project.content_files().iter().map(|f| f.trim_end_matches(".md").to_string()).collect();
    assert_eq!(docs.len(), 3);
    for page in
        ["index.html", "404.html", "sources/index.html", "entities/index.html", "topics/index.html", "robots.txt"]
    {
        assert!(project.path(&format!("public/{page}")).is_file(), "{page}");
    }
    let home = read(&project, "public/index.html");
    let feed = read(&project, "public/feed.xml");
    let sitemap = read(&project, "public/sitemap.xml");
    for slug in &docs {
        assert!(project.path(&format!("public/{slug}/index.html")).is_file(), "{slug}");
        assert!(home.contains(&format!("href=\"{slug}/\"")), "home links {slug}");
        assert!(feed.contains(&format!("<id>https://example.org/brief/{slug}/</id>")), "feed has {slug}");
        assert!(sitemap.contains(&format!("<loc>https://example.org/brief/{slug}/</loc>")), "sitemap has {slug}");
    }
    assert_eq!(feed.matches("<entry>").count(), 3);
    assert!(read(&project, "public/robots.txt").contains("Sitemap: https://example.org/brief/sitemap.xml"));
    let doc_page = read(&project, &format!("public/{}/index.html", docs[0]));
    assert!(doc_page.contains(&format!("<link rel=\"canonical\" href=\"https://example.org/brief/{}/\">", docs[0])));
    assert!(doc_page.contains("href=\"../static/style.css\""), "in-site links are relative");

    let check = project.run(&["check"]);
    assert!(check.status.success(), "{}{}", check.stdout_text(), check.stderr_text());
}

#[test]
fn broken_template_fails_and_leaves_the_earlier_site_intact() {
    let project = Project::new();
    project.seed("a.txt", &article("A first report on the committee"));
    assert!(project.run(&["build"]).status.success());
    let before = snapshot(&project.path("public"));

    project.write(
        "templates/document.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ doc.title }\n{% endblock content %}\n",
    );
    project.seed("b.txt", &article("A second report on the committee"));
    let out = project.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = out.stderr_text();
    assert!(err.contains("templates/document.html") && err.contains("document.html:3"), "{err}");
    assert_eq!(snapshot(&project.path("public")), before, "public/ is byte-for-byte what it was");
}

#[test]
fn render_error_fails_and_leaves_the_earlier_site_intact() {
    let project = Project::new();
    project.seed("a.txt", &article("A first report on the committee"));
    assert!(project.run(&["build"]).status.success());
    let before = snapshot(&project.path("public"));
    project.write("templates/page.html", "{{ no_such_variable.field }}");
    project.write_content("about.md", "+++\ntitle = \"About\"\n+++\nUs.\n");
    let out = project.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr_text().contains("page.html"), "{}", out.stderr_text());
    assert_eq!(snapshot(&project.path("public")), before);
}

#[test]
fn stale_pages_of_an_earlier_build_are_gone() {
    let project = Project::new();
    project.seed("a.txt", &article("A first report on the committee"));
    project.seed("b.txt", &article("A second report on the committee"));
    assert!(project.run(&["build"]).status.success());
    let gone = project.content_files().into_iter().find(|f| f.starts_with("a-second")).unwrap();
    let gone = gone.trim_end_matches(".md");
    assert!(project.path(&format!("public/{gone}/index.html")).exists());
    project.remove_seed("b.txt");
    assert!(project.run(&["build"]).status.success());
    assert!(!project.path(&format!("public/{gone}")).exists());
    assert!(!read(&project, "public/sitemap.xml").contains(gone));
}

/// Rebuilds start their new site from the one the last build replaced and
/// touch only what differs: after seeds are changed, added and removed,
/// build after build, the site is the one a fresh build makes.
#[test]
fn rebuilds_after_changes_make_the_site_a_fresh_build_makes() {
    let project = Project::new();
    let fresh = Project::new();
    let steps: [&[(&str, Option<&str>)]; 5] = [
        &[("a.txt", Some("A first report on the committee")), ("b.txt", Some("A second report on the committee"))],
        &[("c.txt", Some("A third report on the inquiry"))],
        &[("a.txt", Some("A first report, corrected, on the committee")), ("b.txt", None)],
        &[("b.txt", Some("A second report on the committee")), ("c.txt", None)],
        &[("d.txt", Some("A fourth report on the hearing"))],
    ];
    for (step, changes) in steps.iter().enumerate() {
        for (name, title) in changes.iter() {
            for p in [&project, &fresh] {
                match title {
                    Some(title) => drop(p.seed(name, &article(title))),
                    None => p.remove_seed(name),
                }
            }
        }
        assert!(project.run(&["build"]).status.success(), "step {step}");
        let _ = std::fs::remove_dir_all(fresh.path(".briefing"));
        let _ = std::fs::remove_dir_all(fresh.path("public"));
        assert!(fresh.run(&["build"]).status.success(), "step {step}");
        let (built, expected) = (snapshot(&project.path("public")), snapshot(&fresh.path("public")));
        let differ: Vec<&String> =
            built.keys().chain(expected.keys()).filter(|f| built.get(*f) != expected.get(*f)).collect();
        assert!(differ.is_empty(), "step {step}: the rebuilt site differs from a fresh one in {differ:?}");
    }
}

#[test]
fn project_templates_and_static_files_override_the_theme() {
    let project = Project::new();
    project.seed("a.txt", &article("A first report on the committee"));
    project.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Nothing here, sorry</h1>{% endblock content %}",
    );
    project.write("static/style.css", "body { color: red; }");
    project.write("static/extra.txt", "hello");
    assert!(project.run(&["build"]).status.success());
    assert!(read(&project, "public/404.html").contains("Nothing here, sorry"));
    assert_eq!(read(&project, "public/static/style.css"), "body { color: red; }");
    assert_eq!(read(&project, "public/static/extra.txt"), "hello");
    assert!(read(&project, "public/index.html").contains("<h1>"), "other templates still come from the theme");
}

#[test]
fn hand_written_page_is_rendered_and_linked_from_every_page() {
    let project = Project::new();
    project.seed("a.txt", &article("A first report on the committee"));
    project.write_content("about.md", "+++\ntitle = \"About this briefing\"\n+++\n\nWe follow the **committee**.\n");
    assert!(project.run(&["build"]).status.success());
    let about = read(&project, "public/about/index.html");
    assert!(about.contains("<strong>committee</strong>"), "{about}");
    assert!(read(&project, "public/index.html").contains("href=\"about/\">About this briefing</a>"));
    assert!(!read(&project, "public/feed.xml").contains("About this briefing"), "pages are not feed entries");
}

#[test]
fn script_in_a_markdown_seed_never_reaches_a_page() {
    let project = Project::new();
    project.seed(
        "x.md",
        "---\ntitle: Hostile\n---\n\nText <script>alert(1)</script> and <img src=x onerror=\"alert(2)\"> and [link](javascript:alert(3)).\n",
    );
    assert!(project.run(&["build"]).status.success());
    let slug = project.content_files()[0].trim_end_matches(".md").to_string();
    let page = read(&project, &format!("public/{slug}/index.html"));
    assert!(!page.contains("<script"), "{page}");
    assert!(!page.contains("onerror"), "{page}");
    assert!(!page.contains("javascript:"), "{page}");
}

#[test]
fn check_reports_a_broken_link_with_its_page() {
    let project = Project::new();
    project.seed("a.txt", &article("A first report on the committee"));
    assert!(project.run(&["build"]).status.success());
    let home = read(&project, "public/index.html").replace("</main>", "<a href=\"nowhere/#x\">x</a></main>");
    project.write("public/index.html", &home);
    let out = project.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr_text().contains("index.html: nowhere/#x"), "{}", out.stderr_text());
}

#[test]
fn init_makes_a_project_that_builds_at_once() {
    let project = Project::new();
    let out = project.run(&["init", "brief"]);
    assert!(out.status.success(), "{}", out.stderr_text());
    let built = std::process::Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["-C", project.path("brief").to_str().unwrap(), "build"])
        .output()
        .unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    assert!(project.path("brief/public/index.html").is_file());
}
