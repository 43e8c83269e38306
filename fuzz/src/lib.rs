//! What the fuzz targets check beyond "no panic": properties every input
//! must keep, shared by the targets.

use briefing::clean::{self, CorpusHints};
use briefing::content::page::{self, Origin};
use briefing::document::Article;
use briefing::seed::{Seed, SeedFile, SeedFormat};
use briefing::site::markdown::{self, MentionLinks, MentionMatcher};

#[path = "../../tests/common/html_safety.rs"]
pub mod html_safety;

/// Bytes as text, the way a seed that is not valid UTF-8 would never be
/// (decoding rejects it) but close enough to reach every cleaning path.
pub fn text_of(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Cleans `text` as a seed of `format` named `name`, as the build does
/// (title and language filled in), with `hints` from the other seeds.
pub fn clean_seed(name: &str, format: SeedFormat, text: &str, hints: &CorpusHints) -> Option<Article> {
    let seed = Seed {
        file: SeedFile { path: name.into(), name: name.to_string(), format },
        text: text.to_string(),
        hash: briefing::seed::hash_bytes(text.as_bytes()),
    };
    clean::clean(&seed, hints).ok()
}

/// The page written for `article` reads back as an unedited generated
/// page holding the same metadata: otherwise a build would take its own
/// page for a hand edit (and never update it) or fail to read it.
pub fn assert_page_round_trips(article: &Article) {
    let (text, checksum) = page::render_generated(article, "seeds/fuzz.txt", "blake3:0123");
    let read = match page::parse("fuzz.md", &text) {
        Ok(read) => read,
        Err(e) => panic!("a generated page does not read back: line {}: {}\n{text}", e.line, e.message),
    };
    assert_eq!(read.origin, Origin::Generated { edited: false }, "a generated page reads as edited:\n{text}");
    assert_eq!(read.checksum.as_deref(), Some(checksum.as_str()));
    let written = page::generated_document("fuzz", article, "seeds/fuzz.txt");
    let doc = &read.document;
    assert_eq!(
        (&doc.publisher, &doc.author, &doc.date, &doc.summary, &doc.source),
        (&written.publisher, &written.author, &written.date, &written.summary, &written.source),
        "metadata changed on the way through the page:\n{text}"
    );
    if !article.title.trim().is_empty() {
        assert_eq!(doc.title, written.title, "the title changed on the way through the page:\n{text}");
    }
}

/// Renders `body` as a page body, linking entity names taken from its
/// first line, and checks that the HTML can run no script.
pub fn assert_renders_safely(body: &str) {
    let first_line = body.lines().next().unwrap_or("");
    let forms: Vec<&str> = first_line.split([',', ';']).map(str::trim).filter(|f| !f.is_empty()).take(8).collect();
    let matcher = MentionMatcher::new(forms.iter().enumerate().map(|(i, f)| (i, *f)));
    let mut links = MentionLinks::new(&matcher);
    for (i, _) in forms.iter().enumerate() {
        links.add(i, format!("../entities/e{i}/"));
    }
    let rendered = markdown::render(body, &links);
    let found = html_safety::fragment_violations(&rendered.html);
    assert!(found.is_empty(), "unsafe HTML from Markdown {body:?}:\n{found:#?}\n{}", rendered.html);
}
