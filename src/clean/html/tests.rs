//! Whole pages in, articles out: the behaviour of the HTML cleaner on small
//! pages written for each case.

use proptest::prelude::*;

use super::*;
use crate::seed::{self, SeedFormat};

fn clean_page(html: &str) -> Article {
    clean(html, &CorpusHints::default())
}

/// A paragraph of plain prose that scores as article text.
fn prose(topic: &str) -> String {
    format!(
        "<p>The council discussed {topic} on Monday, and members agreed that the plan, which had been \
         debated for months, would go ahead in the spring.</p>"
    )
}

#[test]
fn article_is_kept_and_navigation_sidebar_and_comments_go() {
    let page = format!(
        "<html><body>\
         <nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>\
         <div class='layout'>\
           <article><h1>Council approves the plan</h1>{}{}{}</article>\
           <aside class='sidebar'><h3>Most read</h3><p>A sidebar teaser that is long enough to look like a paragraph, sort of.</p></aside>\
         </div>\
         <section id='comments'><h3>3 comments</h3><p>I think this is wrong, and the council should resign today, all of them.</p></section>\
         <footer><p>Copyright 2024 The Daily, all rights reserved, do not copy.</p></footer>\
         </body></html>",
        prose("the budget"),
        prose("the schools"),
        prose("the roads")
    );
    let article = clean_page(&page);
    for topic in ["the budget", "the schools", "the roads"] {
        assert!(article.body.contains(topic), "{}", article.body);
    }
    for chrome in ["Home", "Most read", "sidebar teaser", "comments", "resign", "Copyright"] {
        assert!(!article.body.contains(chrome), "{chrome} in {}", article.body);
    }
    assert_eq!(article.title, "Council approves the plan");
    assert!(!article.body.contains("Council approves"), "title repeated: {}", article.body);
}

#[test]
fn a_typical_news_page_comes_out_clean() {
    let article = clean_page(include_str!("testdata/news_page.html"));
    assert_eq!(article.title, "Council approves new transit plan");
    assert_eq!(article.author.as_deref(), Some("Dana Ruiz"));
    assert_eq!(article.publisher.as_deref(), Some("City Herald"));
    assert_eq!(article.date, chrono::NaiveDate::from_ymd_opt(2024, 5, 2));
    let expected = r#"![A city bus](https://cityherald.example/img/bus.jpg "A bus on Main Street. Photo: J. Lee")

The city council voted 7-2 on Tuesday to approve a new transit plan that will add three bus lines and extend service hours, ending months of debate.

"This is a good day for riders," said Mayor Ann Cole, who had pushed for the plan since taking office last year.

## What changes

The plan, which costs $40 million over five years, includes:

- three new lines to the east side,
- buses every 10 minutes at peak hours, and
- service until 1 a.m. on weekends.

Opponents said the city should first fix the existing lines, many of which run late. "We are building new roads before fixing the potholes," said council member Rob Hale.

> Riders have waited long enough for this, and we are glad the council listened.

The first new line is expected to open in January, according to the transit agency."#;
    assert_eq!(article.body, expected);
}

#[test]
fn page_without_article_element_is_read_from_its_divs() {
    let page = format!(
        "<body><div id='top'><a href='/'>Home</a> | <a href='/a'>About us</a></div>\
         <div id='wrap'><div class='col'>{}{}</div><div class='col2'><ul><li><a href='/x'>Link one</a></li>\
         <li><a href='/y'>Link two</a></li></ul></div></div></body>",
        prose("water"),
        prose("power")
    );
    let article = clean_page(&page);
    assert!(article.body.contains("water") && article.body.contains("power"), "{}", article.body);
    assert!(!article.body.contains("Link one") && !article.body.contains("About us"), "{}", article.body);
}

#[test]
fn the_richest_of_several_candidate_blocks_wins() {
    let page = format!(
        "<body><article class='teaser'><p>A short teaser of another story, with a comma.</p></article>\
         <article class='story'>{}{}{}{}</article>\
         <article class='teaser'><p>Another teaser, also short, with a comma.</p></article></body>",
        prose("taxes"),
        prose("housing"),
        prose("transport"),
        prose("health")
    );
    let article = clean_page(&page);
    assert!(article.body.contains("taxes") && article.body.contains("health"), "{}", article.body);
    assert!(!article.body.contains("teaser"), "{}", article.body);
}

#[test]
fn nested_lists_keep_their_nesting() {
    let page = format!(
        "<body><article>{}<ul><li>Fruit<ul><li>Apples</li><li>Pears</li></ul></li><li>Bread</li></ul>{}</article></body>",
        prose("shopping"),
        prose("prices")
    );
    let body = clean_page(&page).body;
    assert!(body.contains("- Fruit\n  - Apples\n  - Pears\n- Bread"), "{body}");
}

#[test]
fn tables_become_pipe_tables() {
    let page = format!(
        "<body><article>{}<table><tr><th>City</th><th>Votes</th></tr><tr><td>Oslo</td><td>1,204</td></tr>\
         <tr><td>Bergen</td><td>987</td></tr></table>{}</article></body>",
        prose("the vote"),
        prose("the count")
    );
    let body = clean_page(&page).body;
    assert!(body.contains("| City | Votes |\n| --- | --- |\n| Oslo | 1,204 |\n| Bergen | 987 |"), "{body}");
}

#[test]
fn hidden_elements_go() {
    let page = format!(
        "<body><article>{}<div style='display:none'>Hidden promo text</div><p hidden>Hidden paragraph.</p>\
         <span aria-hidden='true'>Icon label</span>{}</article></body>",
        prose("the park"),
        prose("the lake")
    );
    let body = clean_page(&page).body;
    assert!(body.contains("the park") && body.contains("the lake"), "{body}");
    for hidden in ["Hidden promo", "Hidden paragraph", "Icon label"] {
        assert!(!body.contains(hidden), "{hidden} in {body}");
    }
}

#[test]
fn script_like_links_lose_their_target_and_keep_their_text() {
    let page = format!(
        "<head><link rel='canonical' href='https://news.example.org/2024/story.html'></head>\
         <body><article>{}<p>Read <a href='javascript:alert(1)'>the report</a>, <a href='data:text/html,x'>the data</a>, \
         <a href='VBScript:x'>the memo</a> and <a href='../notes.html'>the notes</a>, all of them, today.</p>{}</article></body>",
        prose("the report"),
        prose("the notes")
    );
    let body = clean_page(&page).body;
    assert!(!body.contains("javascript:") && !body.contains("data:") && !body.contains("VBScript"), "{body}");
    assert!(
        body.contains("Read the report, the data, the memo and [the notes](https://news.example.org/notes.html)"),
        "{body}"
    );
}

#[test]
fn markup_written_as_text_stays_text() {
    let page = format!(
        "<body><article>{}<p>Never write &lt;script&gt;alert(1)&lt;/script&gt; or **bold** or [x](javascript:y) in a comment, they said.</p>{}</article></body>",
        prose("safety"),
        prose("security")
    );
    let body = clean_page(&page).body;
    assert!(body.contains("\\<script\\>alert(1)\\</script\\>"), "{body}");
    assert!(body.contains("\\*\\*bold\\*\\*") && body.contains("\\[x\\](javascript:y)"), "{body}");
    assert!(!body.contains("<script>"), "{body}");
}

#[test]
fn metadata_from_the_markup_fills_the_article() {
    let page = format!(
        r#"<html lang="en"><head>
        <script type="application/ld+json">{{"@type":"NewsArticle","headline":"Plan approved","datePublished":"2024-03-05T09:00:00Z",
        "author":{{"@type":"Person","name":"Kim Ode"}},"publisher":{{"@type":"Organization","name":"The Daily"}}}}</script>
        </head><body><article><h1>Plan approved</h1>{}{}</article></body></html>"#,
        prose("the plan"),
        prose("the vote")
    );
    let article = clean_page(&page);
    assert_eq!(article.title, "Plan approved");
    assert_eq!(article.author.as_deref(), Some("Kim Ode"));
    assert_eq!(article.publisher.as_deref(), Some("The Daily"));
    assert_eq!(article.date, chrono::NaiveDate::from_ymd_opt(2024, 3, 5));
    assert_eq!(article.language.as_deref(), Some("en"));
    assert!(!article.body.contains("Plan approved"), "{}", article.body);
}

#[test]
fn russian_page_in_windows_1251_comes_through() {
    let page = "<html lang='ru'><head><meta charset='windows-1251'><title>Новости</title></head><body><article>\
        <h1>Совет утвердил план</h1>\
        <p>Городской совет в понедельник утвердил новый план развития, который обсуждался несколько месяцев, и работы начнутся весной.</p>\
        <p>Депутаты отметили, что проект потребует значительных средств, однако он поможет улучшить дороги и школы.</p>\
        </article></body></html>";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(page);
    assert!(!unmappable);
    let text = seed::decode(&bytes, SeedFormat::Html).expect("decodes");
    let article = clean_page(&text);
    assert_eq!(article.title, "Совет утвердил план");
    assert!(article.body.contains("Городской совет в понедельник утвердил новый план"), "{}", article.body);
    assert_eq!(article.language.as_deref(), Some("ru"));
}

#[test]
fn japanese_page_in_shift_jis_comes_through() {
    let page = "<html><head><meta http-equiv='Content-Type' content='text/html; charset=Shift_JIS'></head><body>\
        <div class='main'><h1>市議会が計画を承認</h1>\
        <p>市議会は月曜日、数か月にわたって議論されてきた新しい開発計画を承認し、工事は春に始まる予定だ。</p>\
        <p>議員らは、この計画には多額の費用がかかるが、道路や学校の改善につながると述べた。</p>\
        </div><div class='nav-links'><a href='/'>ホーム</a></div></body></html>";
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(page);
    assert!(!unmappable);
    let text = seed::decode(&bytes, SeedFormat::Html).expect("decodes");
    let article = clean_page(&text);
    assert!(article.body.contains("市議会は月曜日、数か月にわたって議論されてきた"), "{}", article.body);
    assert!(!article.body.contains("ホーム"), "{}", article.body);
    assert_eq!(article.language.as_deref(), Some("ja"));
}

#[test]
fn a_text_file_in_a_pre_goes_to_the_text_cleaner() {
    let lines = [
        "Council approves the spring building plan after a long debate",
        "",
        "The council discussed the plan on Monday, and members agreed that the work would go ahead in the spring.",
        "",
        "Members said the plan, which had been debated for months, would improve roads and schools in the city.",
        "",
        "The mayor welcomed the decision and thanked the residents who had written to the council about it.",
        "",
        "Work on the first roads is to start in April, and the schools will follow later in the year.",
    ];
    let page = format!("<html><body><pre>{}</pre></body></html>", lines.join("\n"));
    let article = clean_page(&page);
    assert!(!article.body.contains("```"), "{}", article.body);
    assert!(article.body.contains("The mayor welcomed the decision"), "{}", article.body);
}

#[test]
fn misleading_class_names_do_not_lose_the_article() {
    let page = format!(
        "<body><div class='sidebar-wrap'>{}{}</div><div class='related-box'>{}{}</div></body>",
        prose("first"),
        prose("second"),
        prose("third"),
        prose("fourth")
    );
    let body = clean_page(&page).body;
    assert!(body.contains("first") && body.contains("fourth"), "{body}");
}

#[test]
fn a_page_filled_by_script_is_read_from_its_json_ld_body() {
    let stated = "The council discussed the plan on Monday, and members agreed that it would go ahead in the spring. ";
    let page = format!(
        r#"<html><head><script type="application/ld+json">{{"@type":"NewsArticle","headline":"Plan",
        "articleBody":"{}\n\n{}\n\n*Not* markup, [really]."}}</script></head>
        <body><div id="app"><p>Loading the article, please wait a moment.</p></div></body></html>"#,
        stated.repeat(4),
        stated.repeat(3)
    );
    let body = clean_page(&page).body;
    assert!(body.starts_with("The council discussed the plan"), "{body}");
    assert!(body.contains("\n\nThe council") && body.ends_with("\\*Not\\* markup, \\[really\\]."), "{body}");
    assert!(!body.contains("Loading"), "{body}");
}

#[test]
fn a_short_json_ld_body_does_not_replace_the_page() {
    let page = format!(
        r#"<html><head><script type="application/ld+json">{{"@type":"NewsArticle","articleBody":"A teaser."}}</script></head>
        <body><article>{}{}</article></body></html>"#,
        prose("the budget"),
        prose("the schools")
    );
    let body = clean_page(&page).body;
    assert!(body.contains("the budget") && !body.contains("teaser"), "{body}");
}

#[test]
fn a_page_nested_beyond_reason_is_read_as_text() {
    let line = "The council discussed the plan on Monday, and members agreed that it would go ahead in the spring.";
    let page = format!(
        "<html><body>{}<h1>Council approves the plan</h1><p>{line}</p><p>{line}</p>{}</body></html>",
        "<div>".repeat(50_000),
        "</div>".repeat(50_000)
    );
    let article = clean_page(&page);
    assert!(article.body.contains("members agreed"), "{}", article.body);
    assert!(!article.body.contains("<div>"), "{}", article.body);
}

#[test]
fn a_page_without_text_yields_an_empty_article() {
    assert_eq!(clean_page("").body, "");
    assert_eq!(clean_page("<html><head><title>T</title></head><body></body></html>").body, "");
}

/// Random tag soup: a small alphabet of tags, attributes and texts,
/// unbalanced on purpose.
fn tag_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<div>".to_string()),
        Just("</div>".to_string()),
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<ul><li>".to_string()),
        Just("</li></ul>".to_string()),
        Just("<ol start='-3'><li>".to_string()),
        Just("<table><tr><td colspan='999999'>".to_string()),
        Just("</td></tr></table>".to_string()),
        Just("<pre><code class='language-'>".to_string()),
        Just("<blockquote>".to_string()),
        Just("<h1>".to_string()),
        Just("<h6>".to_string()),
        Just("<a href='javascript:x'>".to_string()),
        Just("<a href='/rel path'>".to_string()),
        Just("</a>".to_string()),
        Just("<img src='data:x' data-src='/i.png' alt='[x]'>".to_string()),
        Just("<figure><figcaption>cap\"tion</figcaption>".to_string()),
        Just("<br>".to_string()),
        Just("<b><i>".to_string()),
        Just("</i></b>".to_string()),
        Just("<div hidden class='share comment'>".to_string()),
        Just("<script>var a = '<p>';</script>".to_string()),
        Just("<article>".to_string()),
        Just("<nav>".to_string()),
        "[a-zA-Z0-9 ,.#*_`|<>&;\\-\\n]{0,40}",
        "\\PC{0,20}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_on_arbitrary_text(text in "\\PC{0,400}") {
        let _ = clean_page(&text);
    }

    #[test]
    fn never_panics_on_tag_soup(page in tag_soup()) {
        let article = clean_page(&page);
        prop_assert!(!article.body.contains("<script"));
        prop_assert!(!article.body.contains("javascript:x)"));
    }
}
