//! The portal, the API and the feeds, through the real router and a real database.

use crate::common;

/// The personal token of a Secretariat editor in the tests that need one.
const EDITOR: &str = "portal-editor-token";

use std::collections::BTreeSet;

use axum::http::StatusCode;
use common::TestApp;

#[tokio::test]
async fn the_api_lists_28_member_and_10_observer_states() {
    let app = TestApp::new().await;
    let members = app.all("/api/v1/states?status=member", 100).await;
    let observers = app.all("/api/v1/states?status=observer", 100).await;
    assert_eq!(members.len(), 28);
    assert_eq!(observers.len(), 10);
    assert!(members.iter().all(|s| s["status"] == "member"));
    assert!(observers.iter().all(|s| s["status"] == "observer"));
    let codes: BTreeSet<&str> = members.iter().filter_map(|s| s["code"].as_str()).collect();
    for c in [
        "AFG", "AZE", "BHR", "BGD", "KHM", "CHN", "EGY", "IND", "IRN", "IRQ", "ISR", "JOR", "KAZ",
        "KWT", "KGZ", "MNG", "PAK", "PSE", "QAT", "KOR", "RUS", "LKA", "TJK", "THA", "TUR", "ARE",
        "UZB", "VNM",
    ] {
        assert!(codes.contains(c), "{c} missing from members");
    }
    // Without a status filter: everyone taking part today, members and observers.
    assert_eq!(app.all("/api/v1/states", 7).await.len(), 38);
    let kwt = members.iter().find(|s| s["code"] == "KWT").expect("Kuwait");
    assert_eq!(kwt["since"], "2022-10-13");
}

#[tokio::test]
async fn as_of_answers_who_was_what_on_a_day() {
    let app = TestApp::new().await;
    // Qatar: observer 2008–2014, member since.
    let q = app.ok("/api/v1/states/QAT?as_of=2010-01-01").await.json();
    assert_eq!(q["status"], "observer");
    let q = app.ok("/api/v1/states/QAT?as_of=2020-01-01").await.json();
    assert_eq!(q["status"], "member");
    // Before Saudi Arabia became an observer, and after.
    assert!(app.ok("/api/v1/states/SAU?as_of=2023-12-25").await.json()["status"].is_null());
    assert_eq!(
        app.ok("/api/v1/states/SAU?as_of=2023-12-26").await.json()["status"],
        "observer"
    );
    // Twenty members before the 3rd Summit (Iraq and Viet Nam joined in June 2010).
    assert_eq!(
        app.all("/api/v1/states?status=member&as_of=2010-01-01", 100)
            .await
            .len(),
        20
    );
    // Who chaired on a day.
    let chairs = app
        .ok("/api/v1/chairmanships?as_of=2015-01-01")
        .await
        .json();
    let current: Vec<_> = chairs["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|c| c["current"] == true)
        .collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["state"], "CHN");
    let chairs = app.ok("/api/v1/chairmanships").await.json();
    let current: Vec<_> = chairs["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|c| c["current"] == true)
        .collect();
    assert_eq!(current[0]["state"], "AZE");
    assert_eq!(
        current[0]["theme"],
        "Stronger CICA: Connectivity, Digitalization, and Sustainable Growth in Asia"
    );
}

/// The 19 dated articles of the 2025-Q1 Digest, with their datelines as printed (the year made
/// explicit where the print omits it), read off the corpus by hand.
const ARTICLE_DATELINES: &[(&str, &str, &str)] = &[
    ("Baku", "2025-01-15", "2025-01-17"),
    ("Astana", "2025-01-23", "2025-01-23"),
    ("Minsk", "2025-01-26", "2025-01-27"),
    ("Moscow", "2025-02-11", "2025-02-12"),
    ("Istanbul", "2025-02-17", "2025-02-17"),
    ("Baku", "2025-02-20", "2025-02-20"),
    ("Astana", "2025-02-21", "2025-02-21"),
    ("Astana", "2025-02-23", "2025-02-23"),
    ("Astana", "2025-02-24", "2025-02-24"),
    ("Istanbul", "2025-02-24", "2025-02-28"),
    ("Moscow", "2025-02-26", "2025-02-26"),
    ("Baku", "2025-02-27", "2025-02-27"),
    ("Astana", "2025-03-04", "2025-03-04"),
    ("Pul-i-Alam", "2025-03-07", "2025-03-07"),
    ("Astana", "2025-03-11", "2025-03-11"),
    ("Astana", "2025-03-14", "2025-03-14"),
    ("Astana", "2025-03-17", "2025-03-17"),
    ("New Delhi", "2025-03-17", "2025-03-18"),
    ("Boao", "2025-03-26", "2025-03-27"),
];

#[tokio::test]
async fn the_19_articles_and_10_briefs_of_2025_q1_with_exact_datelines() {
    let app = TestApp::new().await;
    let articles = app
        .all(
            "/api/v1/news?from=2025-01-01&to=2025-03-31&kind=article",
            100,
        )
        .await;
    let briefs = app.all("/api/v1/news?issue=2025-Q1&kind=brief", 100).await;
    assert_eq!(articles.len(), 19);
    assert_eq!(briefs.len(), 10);
    let mut got: Vec<(String, String, String)> = articles
        .iter()
        .map(|a| {
            let d = &a["dateline"];
            (
                d["place"].as_str().unwrap_or("").to_owned(),
                d["start"].as_str().unwrap_or("").to_owned(),
                d["end"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    got.sort();
    let mut want: Vec<(String, String, String)> = ARTICLE_DATELINES
        .iter()
        .map(|(p, s, e)| ((*p).into(), (*s).into(), (*e).into()))
        .collect();
    want.sort();
    assert_eq!(got, want);
    // An article's filing date is its dateline's first day; briefs were printed without one.
    for a in &articles {
        assert_eq!(a["date"], a["dateline"]["start"]);
        assert_eq!(a["issue"], "2025-Q1");
    }
    for b in &briefs {
        assert!(b["dateline"].is_null(), "{b}");
    }
    let spotlight = articles.iter().filter(|a| a["spotlight"] == true).count();
    assert_eq!(spotlight, 5);
    let activities: Vec<_> = articles
        .iter()
        .filter(|a| a["activities"] == true)
        .collect();
    assert_eq!(activities.len(), 1);
    assert_eq!(activities[0]["dateline"]["start"], "2025-02-23");
}

#[tokio::test]
async fn news_filters_and_pages() {
    let app = TestApp::new().await;
    let all = app.all("/api/v1/news", 100).await;
    for limit in [1, 3, 7] {
        let paged = app.all("/api/v1/news", limit).await;
        assert_eq!(paged, all, "limit {limit}");
    }
    let slugs: BTreeSet<_> = all.iter().filter_map(|n| n["slug"].as_str()).collect();
    assert_eq!(slugs.len(), all.len(), "no item twice");
    let dates: Vec<&str> = all.iter().filter_map(|n| n["date"].as_str()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");

    let kaz = app.all("/api/v1/news?state=KAZ", 100).await;
    assert!(!kaz.is_empty());
    assert!(kaz.iter().all(|n| {
        n["states"]
            .as_array()
            .expect("states")
            .iter()
            .any(|s| s == "KAZ")
    }));
    let soc = app
        .all("/api/v1/news?body=senior-officials-committee", 100)
        .await;
    assert!(
        soc.iter()
            .any(|n| n["dateline"]["place"] == "Baku" && n["dateline"]["start"] == "2025-02-27")
    );
    let feb = app
        .all("/api/v1/news?from=2025-02-01&to=2025-02-28", 100)
        .await;
    assert!(
        feb.iter()
            .all(|n| n["date"].as_str().is_some_and(|d| d.starts_with("2025-02")))
    );
    assert_eq!(app.all("/api/v1/news?month=2025-02", 100).await, feb);
}

#[tokio::test]
async fn every_page_and_endpoint_answers() {
    let app = TestApp::new().await;
    let item = app
        .all("/api/v1/news?kind=article", 100)
        .await
        .into_iter()
        .next()
        .expect("an article");
    let item_url = item["url"].as_str().expect("url").to_owned();
    let api_item = format!("/api/v1/news/{}", item["slug"].as_str().expect("slug"));
    for uri in [
        "/",
        "/members",
        "/members?as_of=2010-01-01",
        "/states/KAZ",
        "/states/BLR",
        "/states/QAT",
        "/organizations/sco",
        "/people/kairat-sarybay",
        "/bodies",
        "/bodies/senior-officials-committee",
        "/bodies/summit",
        "/calendar",
        "/calendar?body=summit",
        "/meetings/soc-2025-02-27-baku",
        "/meetings/summit-6",
        "/news",
        "/news?month=2025-02&state=AZE",
        item_url.as_str(),
        "/engagements",
        "/engagements?state=RUS",
        "/engagements?organization=sco&not_since=2025-03-01",
        "/engagements/eng-2025-01-15-baku-aliyev",
        "/calendar.ics",
        "/news.atom",
        "/static/site.css",
        "/api/v1",
        "/api/v1/states",
        "/api/v1/states/AZE",
        "/api/v1/organizations",
        "/api/v1/organizations/sco",
        "/api/v1/people",
        "/api/v1/people/kairat-sarybay",
        "/api/v1/bodies",
        "/api/v1/bodies/think-tank-forum",
        "/api/v1/chairmanships",
        "/api/v1/meetings",
        "/api/v1/meetings/soc-2025-02-27-baku",
        "/api/v1/engagements",
        "/api/v1/engagements?state=RUS",
        "/api/v1/engagements/eng-2025-01-15-baku-aliyev",
        "/api/v1/news",
        api_item.as_str(),
    ] {
        let r = app.ok(uri).await;
        if uri.starts_with("/api/") {
            assert!(
                r.content_type.starts_with("application/json"),
                "{uri}: {}",
                r.content_type
            );
        } else if !uri.contains('.') {
            assert!(
                r.content_type.starts_with("text/html"),
                "{uri}: {}",
                r.content_type
            );
            assert!(r.body.contains("<h1"), "{uri} has a heading");
        }
    }
}

#[tokio::test]
async fn unknown_records_are_404_pages_or_json_errors() {
    let app = TestApp::new().await;
    for uri in [
        "/states/XXX",
        "/states/kazakhstan",
        "/news/no-such-item",
        "/people/nobody",
        "/bodies/politburo",
        "/meetings/summit-99",
        "/engagements/eng-1999-01-01-nowhere",
        "/engagements/NOT%20A%20SLUG",
        "/organizations/nato",
        "/nope",
        "/news/a/b",
    ] {
        let r = app.get(uri).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(r.content_type.starts_with("text/html"), "{uri}");
        assert!(r.body.contains("404"), "{uri}");
    }
    for uri in [
        "/api/v1/states/XXX",
        "/api/v1/states/kazakhstan",
        "/api/v1/news/no-such-item",
        "/api/v1/meetings/summit-99",
        "/api/v1/engagements/eng-1999-01-01-nowhere",
        "/api/v1/engagements/NOT%20A%20SLUG",
        "/api/v1/organizations/nato",
        "/api/v1/people/nobody",
        "/api/v1/bodies/politburo",
        "/api/v1/nope",
        "/api/v2/states",
    ] {
        let r = app.get(uri).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
        let e = r.json();
        assert_eq!(e["error"]["status"], 404, "{uri}");
        assert_eq!(e["error"]["code"], "not_found", "{uri}");
        assert!(
            e["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{uri}"
        );
    }
}

#[tokio::test]
async fn malformed_parameters_are_400_naming_the_parameter() {
    let app = TestApp::new().await;
    // (address, parameter, words the message must contain)
    let table = [
        (
            "/api/v1/news?from=2025-13-01",
            "from",
            "is not a date of the form YYYY-MM-DD",
        ),
        ("/api/v1/news?to=yesterday", "to", "is not a date"),
        ("/api/v1/news?limit=-1", "limit", "from 1 to 100"),
        ("/api/v1/news?limit=0", "limit", "from 1 to 100"),
        ("/api/v1/news?limit=101", "limit", "from 1 to 100"),
        (
            "/api/v1/news?limit=99999999999999999999999",
            "limit",
            "from 1 to 100",
        ),
        (
            "/api/v1/news?cursor=garbage",
            "cursor",
            "not a cursor this site issued",
        ),
        ("/api/v1/news?cursor=2025-01-01_", "cursor", "not a cursor"),
        ("/api/v1/news?state=KAZAKH", "state", "ISO 3166 alpha-3"),
        (
            "/api/v1/news?state=ZZZ",
            "state",
            "no state has the code `ZZZ`",
        ),
        (
            "/api/v1/news?body=politburo",
            "body",
            "no body has the slug",
        ),
        (
            "/api/v1/news?from=2025-03-01&to=2025-02-01",
            "to",
            "is before",
        ),
        ("/api/v1/news?month=2025-13", "month", "YYYY-MM"),
        ("/api/v1/news?kind=op-ed", "kind", "article, brief"),
        ("/api/v1/news?issue=2025-Q5", "issue", "YYYY-Qn"),
        ("/api/v1/news?stat=KAZ", "stat", "unknown parameter"),
        ("/api/v1/news?limit=5&limit=6", "limit", "more than once"),
        ("/api/v1/states?status=president", "status", "is not one of"),
        ("/api/v1/states?as_of=2025-02-30", "as_of", "is not a date"),
        ("/api/v1/meetings?order=sideways", "order", "asc, desc"),
        (
            "/api/v1/meetings?state=XYZ",
            "state",
            "no state has the code",
        ),
        (
            "/api/v1/engagements?organization=Not%20A%20Slug",
            "organization",
            "is not a slug",
        ),
        (
            "/api/v1/engagements?person=nobody-at-all",
            "person",
            "no person has the slug",
        ),
        ("/api/v1/states/AZE?as_of=soon", "as_of", "is not a date"),
    ];
    for (uri, parameter, words) in table {
        let r = app.get(uri).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}: {}", r.body);
        let e = r.json();
        assert_eq!(e["error"]["status"], 400, "{uri}");
        assert_eq!(e["error"]["parameter"], parameter, "{uri}");
        let message = e["error"]["message"].as_str().unwrap_or("");
        assert!(message.contains(words), "{uri}: {message}");
        assert!(
            message.contains(parameter),
            "{uri}: the message names the parameter: {message}"
        );
    }
    // Pages answer the same mistakes with an HTML page saying the same thing.
    let r = app.get("/news?month=2025-13").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body
            .contains("month: `2025-13` is not a month of the form YYYY-MM"),
        "{}",
        r.body
    );
    let r = app.get("/members?as_of=2025-13-01").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // (page address, words the page must say)
    let pages = [
        ("/engagements?not_since=bad", "not_since"),
        ("/engagements?state=ZZZ", "no state has the code `ZZZ`"),
        ("/calendar?body=politburo", "no body has the slug"),
        ("/news?kind=op-ed", "kind"),
    ];
    for (uri, words) in pages {
        let r = app.get(uri).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(r.content_type.starts_with("text/html"), "{uri}");
        assert!(r.body.contains(words), "{uri}: {}", r.body);
    }
    let r = app.get("/calendar.ics?body=politburo").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["error"]["parameter"], "body");
    for uri in ["/api/v1/chairmanships?limit=0"] {
        let r = app.get(uri).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(r.json()["error"]["parameter"], "limit", "{uri}");
    }
}

#[tokio::test]
async fn every_list_pages_with_limit_and_cursor() {
    let app = TestApp::new().await;
    for (uri, key) in [
        ("/api/v1/chairmanships", "from"),
        ("/api/v1/states", "code"),
        ("/api/v1/organizations", "slug"),
    ] {
        let whole = app.ok(&format!("{uri}?limit=100")).await.json();
        assert!(whole["next"].is_null(), "{uri}: one page of 100 is all");
        let whole = whole["items"].as_array().cloned().unwrap_or_default();
        assert!(whole.len() > 3, "{uri}: {} items", whole.len());
        let paged = app.all(uri, 3).await;
        assert_eq!(paged, whole, "{uri}: pages of 3 add up to the whole list");
        assert!(paged.iter().all(|i| !i[key].is_null()), "{uri}");
    }
}

#[tokio::test]
async fn nothing_a_client_sends_is_a_server_error() {
    let app = TestApp::new().await;
    let nasty = [
        "/news/%FF",
        "/states/%00",
        "/news?state=%FF%FE",
        "/api/v1/news?from=%",
        "/api/v1/news?%=%",
        "/api/v1/news?cursor=9999-99-99_x",
        "/api/v1/news?cursor=2025-01-01_a%00b",
        "/api/v1/states/%E2%80%AE",
        "/static/../Cargo.toml",
        "/api/v1/news?limit=1e3",
        "/calendar.ics?body=%20",
        "/news.atom?state=123",
        "/engagements?not_since=0000-00-00",
        "/members?as_of=-2025-01-01",
        "/calendar?cursor=2025-01-01_summit-1&body=summit",
        "/api/v1/meetings?from=0001-01-01&to=9999-12-31",
        "/api/v1/news?from=2025-01-01&to=2025-01-01&state=kaz&body=summit&kind=brief&issue=2025-q1",
    ];
    for uri in nasty {
        let r = app.get(uri).await;
        assert!(
            r.status.is_success() || r.status.is_client_error(),
            "{uri}: {} {}",
            r.status,
            r.body
        );
    }
}

#[tokio::test]
async fn the_calendar_feed_parses_as_icalendar() {
    let app = TestApp::new().await;
    let r = app.ok("/calendar.ics").await;
    assert!(r.content_type.starts_with("text/calendar"));
    // RFC 5545: CRLF line ends, content lines folded at 75 octets.
    assert!(r.body.contains("\r\n"));
    assert!(!r.body.replace("\r\n", "").contains('\n'), "bare LF found");
    for line in r.body.split("\r\n") {
        assert!(line.len() <= 75, "line longer than 75 octets: {line}");
    }
    let reader = ical::IcalParser::new(r.body.as_bytes());
    let calendars: Vec<_> = reader
        .collect::<Result<_, _>>()
        .expect("a third-party parser reads it");
    assert_eq!(calendars.len(), 1);
    let cal = &calendars[0];
    let prop = |props: &[ical::property::Property], name: &str| {
        props
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
    };
    assert!(prop(&cal.properties, "X-WR-CALNAME").is_some_and(|n| n.contains("CICA")));
    // RFC 5545 §3.6: VERSION and PRODID exactly once each.
    for once in ["VERSION", "PRODID"] {
        let n = cal.properties.iter().filter(|p| p.name == once).count();
        assert_eq!(n, 1, "{once} appears {n} times");
    }
    assert_eq!(
        prop(&cal.properties, "PRODID").as_deref(),
        Some("-//CICA Secretariat//Secretariat Platform//EN")
    );
    // Every meeting with exact dates is there; announced approximate ones are not.
    let meetings = app.all("/api/v1/meetings", 100).await;
    let exact = meetings
        .iter()
        .filter(|m| m["date"]["approximate"] == false)
        .count();
    assert_eq!(cal.events.len(), exact);
    let summaries: Vec<String> = cal
        .events
        .iter()
        .filter_map(|e| prop(&e.properties, "SUMMARY"))
        .collect();
    assert!(summaries.iter().all(|s| !s.is_empty()));
    for e in &cal.events {
        assert!(
            prop(&e.properties, "CATEGORIES").is_some(),
            "every event names its organ"
        );
        assert!(prop(&e.properties, "UID").is_some());
        assert!(prop(&e.properties, "DTSTAMP").is_some());
    }
    // A multi-day meeting is one all-day span whose DTEND is the day after its last day.
    let bc = cal
        .events
        .iter()
        .find(|e| prop(&e.properties, "DTSTART").as_deref() == Some("20250520"))
        .expect("the Business Council plenary of 20–21 May 2025");
    assert_eq!(prop(&bc.properties, "DTEND").as_deref(), Some("20250522"));
    let dtstart = bc
        .properties
        .iter()
        .find(|p| p.name == "DTSTART")
        .expect("DTSTART");
    assert!(dtstart.params.as_ref().is_some_and(|ps| {
        ps.iter()
            .any(|(k, v)| k == "VALUE" && v.iter().any(|v| v == "DATE"))
    }));
    // Per-body feed.
    let soc = app
        .ok("/calendar.ics?body=senior-officials-committee")
        .await;
    let soc_cal: Vec<_> = ical::IcalParser::new(soc.body.as_bytes())
        .collect::<Result<_, _>>()
        .expect("parses");
    assert!(!soc_cal[0].events.is_empty());
    assert!(soc_cal[0].events.len() < cal.events.len());
}

#[tokio::test]
async fn the_news_feed_parses_as_atom() {
    let app = TestApp::new().await;
    let r = app.ok("/news.atom").await;
    assert!(r.content_type.starts_with("application/atom+xml"));
    let feed = feed_rs::parser::parse(r.body.as_bytes()).expect("a third-party parser reads it");
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    let news = app.all("/api/v1/news", 100).await;
    assert_eq!(feed.entries.len(), news.len().min(50));
    let first = &feed.entries[0];
    assert_eq!(
        first.title.as_ref().map(|t| t.content.as_str()),
        news[0]["title"].as_str()
    );
    assert!(
        first
            .links
            .iter()
            .any(|l| l.href.starts_with("https://portal.example.org/news/"))
    );
    assert!(
        first
            .content
            .as_ref()
            .and_then(|c| c.body.as_ref())
            .is_some_and(|b| b.contains("<p>"))
    );
    let kaz = feed_rs::parser::parse(app.ok("/news.atom?state=KAZ").await.body.as_bytes())
        .expect("parses");
    assert!(kaz.entries.len() < feed.entries.len());
}

#[tokio::test]
async fn engagements_answer_the_secretariats_questions() {
    let app = TestApp::new().await;
    // When did we last meet Russia's foreign ministry?
    let rus = app.all("/api/v1/engagements?state=RUS", 100).await;
    assert!(rus.iter().any(|e| {
        e["city"] == "Moscow"
            && e["start"]
                .as_str()
                .is_some_and(|d| d.starts_with("2025-02"))
    }));
    // What did we discuss with the SCO?
    let sco = app
        .all("/api/v1/engagements?organization=sco-secretariat", 100)
        .await;
    assert!(!sco.is_empty());
    assert!(
        sco.iter()
            .all(|e| !e["topics"].as_array().expect("topics").is_empty())
    );
    // Which states have we not engaged this year? The Secretariat's question: the public may
    // not ask it.
    assert_eq!(
        app.get("/api/v1/states/last-engaged").await.status,
        StatusCode::UNAUTHORIZED
    );
    let public = app.ok("/engagements?not_since=2025-01-01").await.body;
    assert!(
        !public.contains("Not engaged since"),
        "not on the public page"
    );
    let editor = TestApp::with_today_and_token(common::TODAY, EDITOR).await;
    let app = &editor;
    let quiet = app
        .ok_as("/api/v1/states/last-engaged?not_since=2025-01-01", EDITOR)
        .await
        .json();
    let quiet: Vec<&str> = quiet["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|s| s["code"].as_str())
        .collect();
    assert!(!quiet.contains(&"AZE"), "Azerbaijan was engaged in January");
    assert!(!quiet.is_empty());
    let all = app.all_as("/api/v1/states/last-engaged", 100, EDITOR).await;
    assert_eq!(all.len(), 38);
    assert_eq!(
        app.all_as("/api/v1/states/last-engaged", 3, EDITOR).await,
        all,
        "pages of 3 add up to the whole list"
    );
    let r = app
        .get_as("/api/v1/states/last-engaged?limit=101", EDITOR)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["error"]["parameter"], "limit");
    // The page shows the same list to the Secretariat.
    let page = app.ok_as("/engagements?not_since=2025-01-01", EDITOR).await;
    assert!(page.body.contains("Not engaged since 1 January 2025"));
}

#[tokio::test]
async fn the_home_page_shows_the_chair_news_and_upcoming_meetings() {
    let app = TestApp::new().await;
    let home = app.ok("/").await.body;
    assert!(home.contains("Azerbaijan"));
    assert!(
        home.contains(
            "Stronger CICA: Connectivity, Digitalization, and Sustainable Growth in Asia"
        )
    );
    assert!(home.contains("28</strong> Member States"));
    assert!(home.contains("10</strong> Observer States"));
    // Upcoming as of 1 April 2025: the Business Council plenary in Baku, 20–21 May 2025.
    assert!(home.contains("20–21 May 2025"), "upcoming meetings listed");
    let latest = app.all("/api/v1/news?kind=article", 100).await;
    assert!(home.contains(&escape(latest[0]["title"].as_str().expect("title"))));
}

fn escape(s: &str) -> String {
    s.replace('&', "&#38;")
        .replace('\'', "&#39;")
        .replace('"', "&#34;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
}

#[tokio::test]
async fn responses_are_cached_per_revision_and_revalidate() {
    let app = TestApp::new().await;
    let first = app.ok("/api/v1/states").await;
    let etag = first.headers.get("etag").expect("an ETag").clone();
    let again = app.ok("/api/v1/states").await;
    assert_eq!(first.body, again.body);
    let r = app
        .request(
            axum::http::Request::get("/api/v1/states")
                .header("if-none-match", etag.clone())
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_MODIFIED);
    // The tag does not stand for addresses that do not answer 200.
    for uri in [
        "/api/v1/states/XXX",
        "/news/no-such-item",
        "/api/v1/news?limit=0",
    ] {
        let r = app
            .request(
                axum::http::Request::get(uri)
                    .header("if-none-match", etag.clone())
                    .body(axum::body::Body::empty())
                    .expect("request"),
            )
            .await;
        assert!(r.status.is_client_error(), "{uri}: {}", r.status);
    }
    // A new load moves the revision: the same address answers afresh, with a new ETag.
    let mut ds = cica_data::builtin().expect("dataset");
    for s in ds.states.iter_mut().filter(|s| s.code.as_str() == "BRA") {
        s.name = "Federative Republic of Testing".into();
    }
    app.state
        .store()
        .replace_all(&ds, &common::test_by())
        .await
        .expect("reload");
    let r = app
        .request(
            axum::http::Request::get("/api/v1/states?status=all&limit=100")
                .header("if-none-match", etag)
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("Federative Republic of Testing"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn bodies_are_listed_in_precedence_and_future_ones_are_to_be_established() {
    // Today is 1 April 2025; the Women Council and the Finance Summit date from 25 September.
    let app = TestApp::new().await;
    let page = app.ok("/bodies").await.unmarked();
    let at = |name: &str| {
        page.find(&format!(">{name}</a>"))
            .unwrap_or_else(|| panic!("{name} on /bodies"))
    };
    let (summit, council, soc) = (
        at("Council of Heads of State or Government (Summit)"),
        at("Council of Ministers of Foreign Affairs (Ministerial Council)"),
        at("Senior Officials Committee"),
    );
    assert!(summit < council && council < soc, "by precedence");
    assert_eq!(
        page.matches("to be established on 25 September 2025")
            .count(),
        2,
        "the Women Council and the Finance Summit"
    );
    let body = app.ok("/bodies/finance-summit").await.unmarked();
    assert!(
        body.contains("Advisory body · to be established on 25 September 2025"),
        "{body}"
    );
    let later = TestApp::with_today("2025-10-01").await;
    let body = later.ok("/bodies/finance-summit").await.unmarked();
    assert!(
        body.contains("Advisory body · established on 25 September 2025"),
        "{body}"
    );
    assert!(!body.contains("to be established"), "{body}");
    assert!(
        !later.ok("/bodies").await.body.contains("to be established"),
        "nothing is pending on 1 October 2025"
    );
}

#[tokio::test]
async fn a_news_item_links_to_the_meetings_and_decisions_it_reports() {
    let app = TestApp::new().await;
    let page = app
        .ok("/news/first-soc-azerbaijan-chairmanship-baku")
        .await
        .body;
    assert!(
        page.contains(r#"<a href="/meetings/soc-2025-02-27-baku">"#),
        "the SOC meeting it reports"
    );
    // The decisions taken at that meeting, by their register numbers.
    for number in ["SOC/2025/1", "SOC/2025/2", "SOC/2025/3"] {
        assert!(page.contains(&format!("Decision {number}:")), "{number}");
    }
    // An item that reports no meeting says nothing of the kind.
    let other = app.ok("/news/istanbul-hr-forum-human-capital").await.body;
    assert!(!other.contains("In the record"), "no meeting reported");
}

/// Every `<time>` on the portal's pages carries a `datetime` a machine can read: a year, a
/// month, a day or an instant, never the words people read.
#[tokio::test]
async fn every_time_element_carries_a_machine_readable_datetime() {
    let app = common::TestApp::new().await;
    let valid = |v: &str| {
        let shape: String = v
            .chars()
            .map(|c| if c.is_ascii_digit() { '9' } else { c })
            .collect();
        ["9999", "9999-99", "9999-99-99"].contains(&shape.as_str())
            || (shape.starts_with("9999-99-99T") && chrono::DateTime::parse_from_rfc3339(v).is_ok())
    };
    let mut seen = 0;
    for page in [
        "/",
        "/news",
        "/news/cica-fund-first-project-afghanistan",
        "/calendar",
        "/engagements",
        "/decisions",
        "/decisions/mc-2024-azerbaijan-chairmanship",
        "/treaties/convention-privileges-immunities",
        "/notifications",
        "/silence",
        "/silence/mc-2024-03-azerbaijan-chairmanship",
        "/members",
        "/states/KAZ",
        "/people/kairat-sarybay",
        "/bodies",
        "/bodies/secretariat",
        "/documents",
        "/documents/road-map-cica-transformation",
        "/treaties",
        "/treaties/host-country-agreement",
        "/digest/2025-Q1",
    ] {
        let body = app.ok(page).await.body;
        for (at, _) in body.match_indices("<time") {
            let tag = &body[at..at + body[at..].find('>').expect("a closed tag")];
            let value = tag
                .split("datetime=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap_or_else(|| panic!("{page}: {tag} has no datetime"));
            assert!(valid(value), "{page}: {tag}");
            seen += 1;
        }
    }
    assert!(seen > 50, "{seen} dates checked");
}

#[tokio::test]
async fn a_note_several_rows_share_is_written_once_under_the_table() {
    let app = TestApp::new().await;
    let page = app.ok("/members").await.unmarked();
    let shared = "Listed among the 16 states of the 1st Summit";
    assert_eq!(page.matches(shared).count(), 1, "the note once: {page}");
    let note_at = page.find(shared).expect("the note");
    let list_at = page[..note_at].rfind("<li id=\"").expect("a numbered note");
    let id = page[list_at + 8..].split('"').next().expect("its id");
    let refs = page.matches(&format!("<a href=\"#{id}\">see note")).count();
    assert!(refs >= 10, "{refs} rows refer to {id}");
    // A note only one row has stays in its row.
    assert!(
        page.contains(
            "<td data-label=\"Notes\" class=\"note\">Membership formalised on 20 May 2014"
        )
    );
}

#[tokio::test]
async fn the_documents_list_names_the_latest_version_by_its_number() {
    let app = TestApp::new().await;
    let page = app.ok("/documents").await.unmarked();
    assert!(
        page.contains("version 2 · 22 August 2023 · Senior Officials Committee"),
        "{page}"
    );
}

/// Every engagement has a page of its own, reached from the lists by its date, and the same
/// record in the API: with whom, for the Secretariat, what it concerned, and the release that
/// reported it.
#[tokio::test]
async fn an_engagement_has_its_own_page_reached_from_the_lists() {
    let app = TestApp::new().await;
    let id = "eng-2025-01-15-baku-aliyev";
    let list = app.ok("/engagements?state=AZE").await;
    assert!(
        list.body.contains(&format!("href=\"/engagements/{id}\"")),
        "the list links the engagement's page"
    );
    let page = app.ok(&format!("/engagements/{id}")).await;
    for want in [
        "<h1>Meeting: Ilham Aliyev</h1>",
        "href=\"/people/ilham-aliyev\"",
        "<dt>Secretariat</dt>",
        "href=\"/people/kairat-sarybay\"",
        "href=\"/news/president-of-azerbaijan-vision-cica-chairmanship\"",
        "Baku",
    ] {
        assert!(page.body.contains(want), "the page shows {want}");
    }
    let json = app.ok(&format!("/api/v1/engagements/{id}")).await.json();
    assert_eq!(json["id"], id);
    assert_eq!(json["kind"], "meeting");
    assert_eq!(json["counterparts"][0]["person"], "ilham-aliyev");
    assert_eq!(
        json["news"],
        "president-of-azerbaijan-vision-cica-chairmanship"
    );
}
