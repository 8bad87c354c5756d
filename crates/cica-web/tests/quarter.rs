//! The next quarter made entirely in the product: starting from the built-in dataset, an
//! editor makes the 2025-Q2 issue of the Digest through the API alone (no dataset file, no
//! rebuild, no load): two releases imported, their meetings accepted into the calendar, three
//! items written, one with a photograph, an engagement recorded, everything published, the
//! issue's record with its foreword; then its print edition is built and read back with
//! poppler: every item is in it, and the contents tell the truth about pages.

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use cica_web::Clock;
use common::{Reply, TestApp};
use serde_json::{Value, json};

const EDITOR: &str = "quarter-editor-token";

async fn send(
    app: &TestApp,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: Body,
) -> Reply {
    let mut r = Request::builder()
        .method(method)
        .uri(uri)
        .header("authorization", format!("Bearer {EDITOR}"));
    for (k, v) in headers {
        r = r.header(*k, *v);
    }
    app.request(r.body(body).expect("request")).await
}

async fn json_to(
    app: &TestApp,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    v: &Value,
) -> Reply {
    let mut h = headers.to_vec();
    h.push(("content-type", "application/json"));
    send(app, method, uri, &h, Body::from(v.to_string())).await
}

/// Two releases in our own words, each reporting a meeting the calendar lacks.
const RELEASES: [(&str, &str); 2] = [
    (
        "forum.txt",
        "Scholars of the forum review the year's studies\n\nAlmaty, 14 May 2025 – The CICA Think Tank Forum met in Almaty to review the studies its members began this year and to plan a joint volume on water and energy in Central Asia.\n\nSpeakers called for closer work between the institutes of the Member States.\n",
    ),
    (
        "youth.txt",
        "Young leaders plan a year of exchanges\n\nTashkent, 10 June 2025 – The CICA Youth Council met in Tashkent to plan exchanges between young diplomats of the Member States.\n\nDelegates agreed a programme of visits.\n",
    ),
];

/// Three items the Secretariat writes itself.
fn written() -> Vec<Value> {
    vec![
        json!({
            "title": "Secretariat staff meet students of diplomacy",
            "kind": "article",
            "dateline": {"place": "Astana", "start": "2025-04-09"},
            "states": ["KAZ"],
            "source": "Written by the Secretariat",
            "body": ["Staff of the Secretariat met students of a school of diplomacy in Astana.", "They spoke about the Conference's history and its catalogue of confidence-building measures."]
        }),
        json!({
            "title": "A seminar on digital trade closes in Tashkent",
            "kind": "article",
            "dateline": {"place": "Tashkent", "start": "2025-05-27", "end": "2025-05-28"},
            "states": ["UZB"],
            "source": "Written by the Secretariat",
            "body": ["Experts of the Member States met in Tashkent for two days on the rules of digital trade.", "They proposed a working group under the economic dimension."]
        }),
        json!({
            "title": "The Secretariat welcomes new staff from the Member States",
            "kind": "brief",
            "date": "2025-06-20",
            "source": "Written by the Secretariat",
            "body": ["Three officers seconded by the Member States joined the Secretariat."]
        }),
    ]
}

fn multipart(fields: &[(&str, &str)], file: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----quarter-test-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"students.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn pdftotext() -> bool {
    let ok = std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok();
    if !ok {
        assert!(
            !std::env::var("CI").is_ok_and(|v| v == "true"),
            "pdftotext (poppler-utils) is required under CI=true"
        );
        eprintln!("skipping: pdftotext (poppler-utils) is not installed");
    }
    ok
}

fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of each page of a PDF, as poppler reads it.
fn pages_of(pdf: &[u8]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("q2.pdf");
    std::fs::write(&path, pdf).expect("written");
    let out = std::process::Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout)
        .expect("UTF-8")
        .replace("\u{ad}\n", "")
        .replace('\u{ad}', "")
        .replace("-\n", "-");
    let mut pages: Vec<String> = text.split('\u{c}').map(normalize).collect();
    if pages.last().is_some_and(String::is_empty) {
        pages.pop();
    }
    pages
}

#[tokio::test]
async fn an_editor_makes_the_next_issue_through_the_api_alone() {
    if !pdftotext() {
        return;
    }
    let app = TestApp::with_clock(
        Clock::Day(cica_domain::parse_day("2025-07-01").expect("day")),
        Some(EDITOR),
    )
    .await;
    let mut headlines: Vec<String> = Vec::new();

    // Two releases imported, published, and the meetings they report accepted.
    for (name, text) in RELEASES {
        let r = send(
            &app,
            "POST",
            &format!("/api/v1/import?dry_run=false&name={name}"),
            &[],
            Body::from(text),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let slug = r.json()["items"][0]["slug"]
            .as_str()
            .expect("slug")
            .to_owned();
        let r = send(
            &app,
            "POST",
            &format!("/api/v1/news/{slug}/publish"),
            &[],
            Body::empty(),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        headlines.push(
            app.ok(&format!("/api/v1/news/{slug}")).await.json()["title"]
                .as_str()
                .expect("title")
                .to_owned(),
        );
    }
    let proposals = app.get_as("/api/v1/import/proposals", EDITOR).await.json();
    let meetings: Vec<String> = proposals["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|p| p["kind"] == "meeting")
        .filter_map(|p| p["url"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(meetings.len(), 2, "{proposals}");
    for (i, url) in meetings.iter().enumerate() {
        let r = json_to(
            &app,
            "POST",
            &format!("{url}/accept"),
            &[],
            &json!({"id": format!("q2-meeting-{i}"), "status": "held", "format": "in-person"}),
        )
        .await;
        assert!(r.status.is_success(), "{url}: {}", r.body);
    }

    // Three items written, published; the first with a photograph.
    let mut written_slugs = Vec::new();
    for item in written() {
        let r = json_to(&app, "POST", "/api/v1/news", &[], &item).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let slug = r.json()["slug"].as_str().expect("slug").to_owned();
        headlines.push(item["title"].as_str().expect("title").to_owned());
        written_slugs.push(slug);
    }
    let card = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../cica-digest/tests/fixtures/test-card.jpg"),
    )
    .expect("the fixture");
    let (kind, body) = multipart(
        &[
            ("caption", "Students of diplomacy at the Secretariat"),
            (
                "alt",
                "A test card: a pale circle on a blue grid above a gold band",
            ),
        ],
        &card,
    );
    let r = send(
        &app,
        "POST",
        &format!("/api/v1/news/{}/photos", written_slugs[0]),
        &[("content-type", &kind)],
        Body::from(body),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    for slug in &written_slugs {
        let r = send(
            &app,
            "POST",
            &format!("/api/v1/news/{slug}/publish"),
            &[],
            Body::empty(),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }

    // An engagement of the Secretary General.
    let r = json_to(
        &app,
        "POST",
        "/api/v1/engagements",
        &[],
        &json!({
            "start": "2025-05-20",
            "kind": "consultation",
            "city": "Astana",
            "country": "KAZ",
            "secretariat": ["kairat-sarybay"],
            "counterparts": [{"person": "jeyhun-bayramov"}],
            "states": ["KAZ"],
            "topics": ["the Secretariat's work plan"]
        }),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    // A meeting no release reports, recorded by hand.
    let r = json_to(
        &app,
        "POST",
        "/api/v1/meetings",
        &[],
        &json!({
            "body": "senior-officials-committee",
            "date": "2025-06-19/2025-06-20",
            "city": "Baku",
            "country": "AZE",
            "chair_state": "AZE",
            "summary": "Senior officials went through the preparations for the Ministerial Council."
        }),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(
        r.headers["location"],
        "/api/v1/meetings/soc-2025-06-19-baku"
    );

    // The issue's record, with a foreword in the Secretariat's words.
    let r = json_to(
        &app,
        "PUT",
        "/api/v1/digests/2025-Q2",
        &[("if-none-match", "*")],
        &json!({
            "title": "Voice of Asia — CICA Digest",
            "status": "published",
            "spotlight": [written_slugs[0]],
            "foreword": "The Secretary General wrote that the quarter brought the Member States' experts together on trade, water and energy, and that the Secretariat opened its doors to students.",
            "foreword_kind": "reported",
            "foreword_author": "kairat-sarybay",
            "foreword_title": "From the Secretariat"
        }),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    // The web edition prints every item and the photograph.
    let web = app.ok("/digest/2025-Q2").await.body;
    for h in &headlines {
        let shown = cica_digest::typography::curl(h);
        assert!(
            web.contains(&shown) || web.contains(h.as_str()),
            "the web edition lacks “{h}”"
        );
    }
    assert!(web.contains("test card"), "the photograph's description");

    // The print edition: built on demand, every item in it, the contents true.
    let pdf = app.ok("/digest/2025-Q2.pdf").await;
    assert_eq!(pdf.content_type, "application/pdf");
    let pages = pages_of(&pdf.bytes);
    let quarter = cica_domain::Quarter::parse("2025-Q2").expect("quarter");
    let edition = cica_digest::collect(app.state.store(), quarter)
        .await
        .expect("collects");
    let printed = cica_digest::Typesetter::new()
        .print(&edition)
        .expect("typesets");
    assert_eq!(
        printed.pages,
        pages.len(),
        "the served PDF is the issue as laid out"
    );
    let first = printed.starts["contents"];
    let body = printed.starts["foreword"];
    let toc = pages[first - 1..body - 1].join(" ");
    let entries = edition.contents();
    // The four articles (one in the spotlight), the foreword, the brief's Flash Briefing and
    // the quarter's calendar, with the meetings accepted from the releases.
    let keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
    for section in ["foreword", "flash-briefing", "calendar"] {
        assert!(keys.contains(&section), "{keys:?}");
    }
    let articles: Vec<&str> = entries
        .iter()
        .filter(|e| e.key.starts_with("item-"))
        .map(|e| e.title.as_str())
        .collect();
    assert_eq!(articles.len(), 4, "{articles:?}");
    let text = pages.join(" ");
    assert!(
        text.contains("Think Tank Forum") && text.contains("Youth Council"),
        "the calendar"
    );
    assert!(
        edition
            .calendar
            .meetings
            .iter()
            .any(|m| m.when.contains("19") && m.what.contains("SOC")),
        "the meeting recorded by hand is in the calendar: {:?}",
        edition.calendar.meetings
    );
    assert!(
        text.contains("Three officers seconded by the Member States"),
        "the brief"
    );
    for e in &entries {
        let title = normalize(&e.title);
        let page: usize = toc
            .match_indices(&title)
            .find_map(|(at, _)| {
                let digits: String = toc[..at]
                    .trim_end()
                    .chars()
                    .rev()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
                    .chars()
                    .rev()
                    .collect();
                digits.parse().ok()
            })
            .unwrap_or_else(|| panic!("the contents do not list “{}” with a page: {toc}", e.title));
        assert!(
            pages[page - 1].contains(&title),
            "the contents say “{}” is on page {page}, which reads: {}",
            e.title,
            &pages[page - 1][..pages[page - 1].len().min(300)]
        );
        assert_eq!(printed.starts.get(&e.key), Some(&page), "“{}”", e.title);
    }
}
