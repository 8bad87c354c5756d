//! The Digest on the portal (issue 3): the list of issues, the web edition and the PDF, built
//! on demand through the real router over a real database.

use crate::common;

use axum::http::StatusCode;
use common::TestApp;

#[tokio::test]
async fn the_portal_lists_the_published_issues() {
    let app = TestApp::new().await;
    let r = app.ok("/digest").await;
    assert!(r.content_type.starts_with("text/html"));
    assert!(r.body.contains("href=\"/digest/2025-Q1\""), "{}", r.body);
    assert!(r.body.contains("href=\"/digest/2025-Q1.pdf\""));
    assert!(r.body.contains("aria-current=\"page\">Digest</a>"));
    // Every page links to it.
    assert!(app.ok("/").await.body.contains("href=\"/digest\""));
}

#[tokio::test]
async fn the_web_edition_is_the_one_the_command_line_writes_plus_links() {
    let app = TestApp::new().await;
    let r = app.ok("/digest/2025-Q1").await;
    assert!(r.content_type.starts_with("text/html"));
    let edition = cica_digest::collect(
        app.state.store(),
        cica_domain::Quarter::parse("2025-Q1").expect("q"),
    )
    .await
    .expect("collects");
    let links = cica_digest::html::Links {
        home: Some("/digest".into()),
        pdf: Some("/digest/2025-Q1.pdf".into()),
        media_base: "/media/screen/".into(),
        notice: None,
    };
    assert_eq!(r.body, cica_digest::html::render(&edition, &links));
    for entry in edition.contents() {
        assert!(
            r.body.contains(&format!("id=\"{}\"", entry.key)),
            "{}",
            entry.key
        );
    }
}

#[tokio::test]
async fn the_pdf_is_built_on_demand_and_follows_the_data() {
    let app = TestApp::new().await;
    let first = app.ok("/digest/2025-Q1.pdf").await;
    assert_eq!(first.content_type, "application/pdf");
    assert!(first.bytes.starts_with(b"%PDF-"));
    assert_eq!(
        first
            .headers
            .get("content-disposition")
            .and_then(|v| v.to_str().ok()),
        Some("inline; filename=\"cica-digest-2025-Q1.pdf\"")
    );
    // Served again (from the response cache) with the same headers and bytes.
    let again = app.ok("/digest/2025-Q1.pdf").await;
    assert_eq!(again.bytes, first.bytes);
    assert_eq!(
        again.headers.get("content-disposition"),
        first.headers.get("content-disposition")
    );

    // An editor changes a headline of the quarter: the next PDF carries it.
    let mut ds = cica_data::builtin().expect("dataset");
    let item = ds
        .news
        .iter_mut()
        .find(|n| n.title.starts_with("CICA engages in Raisina Dialogue"))
        .expect("the Raisina item");
    item.title = "CICA at the Raisina Dialogue in New Delhi".into();
    app.state
        .store()
        .replace_all(&ds, &common::test_by())
        .await
        .expect("reload");
    let changed = app.ok("/digest/2025-Q1.pdf").await;
    assert_ne!(changed.bytes, first.bytes);
    let web = app.ok("/digest/2025-Q1").await;
    assert!(
        web.body
            .contains("CICA at the Raisina Dialogue in New Delhi")
    );

    // A draft issue is not public, in any form.
    let d = ds
        .digests
        .iter_mut()
        .find(|d| d.quarter.to_string() == "2025-Q1")
        .expect("record");
    d.status = cica_domain::DigestStatus::Draft;
    app.state
        .store()
        .replace_all(&ds, &common::test_by())
        .await
        .expect("reload");
    for uri in ["/digest/2025-Q1", "/digest/2025-Q1.pdf"] {
        assert_eq!(app.get(uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
    assert!(!app.ok("/digest").await.body.contains("/digest/2025-Q1"));
}

#[tokio::test]
async fn unknown_or_malformed_issues_are_named_in_a_404() {
    let app = TestApp::new().await;
    for (uri, says) in [
        ("/digest/2025-Q5", "“2025-Q5” is not an issue of the Digest"),
        (
            "/digest/2025-Q5.pdf",
            "“2025-Q5” is not an issue of the Digest",
        ),
        ("/digest/latest", "“latest” is not an issue of the Digest"),
        (
            "/digest/2031-Q1",
            "There is no published Digest for 2031-Q1.",
        ),
        (
            "/digest/2031-Q1.pdf",
            "There is no published Digest for 2031-Q1.",
        ),
    ] {
        let r = app.get(uri).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(r.body.contains(says), "{uri}: {}", r.body);
    }
}

const TOKEN: &str = "editor-secret";

/// A save of `body` at `uri` with the bearer token when given, under a condition
/// (`("if-match", tag)` or `("if-none-match", "*")`) when given.
fn put(
    uri: &str,
    token: Option<&str>,
    condition: Option<(&str, &str)>,
    body: &str,
) -> axum::http::Request<axum::body::Body> {
    let mut r = axum::http::Request::put(uri).header("content-type", "application/json");
    if let Some(t) = token {
        r = r.header("authorization", format!("Bearer {t}"));
    }
    if let Some((name, value)) = condition {
        r = r.header(name, value);
    }
    r.body(axum::body::Body::from(body.to_owned()))
        .expect("request")
}

fn today() -> cica_web::Clock {
    cica_web::Clock::Day(cica_domain::parse_day(common::TODAY).expect("day"))
}

#[tokio::test]
async fn editors_set_the_order_and_the_spotlight_through_the_api() {
    let app = TestApp::with_clock(today(), Some(TOKEN)).await;
    let before = app.ok("/api/v1/digests/2025-Q1").await.json();
    assert_eq!(before["status"], "published");
    assert_eq!(before["spotlight"], serde_json::Value::Null);
    assert_eq!(before["highlights"].as_array().map(Vec::len), Some(6));
    let body = serde_json::json!({
        "title": "Voice of Asia — CICA Digest",
        "status": "published",
        "order": ["cica-fund-first-project-afghanistan"],
        "spotlight": ["cica-fund-first-project-afghanistan", "raisina-dialogue-india"],
        "foreword": before["foreword"],
        "foreword_author": before["foreword_author"],
        "foreword_title": before["foreword_title"],
        "foreword_kind": before["foreword_kind"],
    })
    .to_string();
    let tag = app.get_as("/api/v1/digests/2025-Q1", TOKEN).await.headers["etag"]
        .to_str()
        .expect("tag")
        .to_owned();
    let r = app
        .request(put(
            "/api/v1/digests/2025-Q1",
            Some(TOKEN),
            Some(("if-match", &tag)),
            &body,
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_ne!(r.headers["etag"], tag.as_str(), "a new version");
    assert_eq!(
        r.json()["spotlight"][0],
        "cica-fund-first-project-afghanistan"
    );
    // The same save again, over the version it replaced, is refused.
    let r = app
        .request(put(
            "/api/v1/digests/2025-Q1",
            Some(TOKEN),
            Some(("if-match", &tag)),
            &body,
        ))
        .await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.body);
    let r = app
        .request(put("/api/v1/digests/2025-Q1", Some(TOKEN), None, &body))
        .await;
    assert_eq!(r.status, StatusCode::PRECONDITION_REQUIRED, "{}", r.body);
    // The web edition follows at once: two spotlight items, the cover made of them.
    let page = app.ok("/digest/2025-Q1").await.body;
    let spot = page
        .split("<p class=\"kicker\">In the Spotlight</p>")
        .nth(1)
        .and_then(|s| s.split("</ul>").next())
        .expect("the spotlight box");
    assert_eq!(spot.matches("<li>").count(), 2, "{spot}");
    assert!(spot.contains("CICA Fund approves first-ever development project"));
    let record = app.ok("/api/v1/digests/2025-Q1").await.json();
    assert_eq!(
        record["order"],
        serde_json::json!(["cica-fund-first-project-afghanistan"])
    );
}

#[tokio::test]
async fn editing_an_issue_is_refused_with_reasons() {
    let app = TestApp::with_clock(today(), Some(TOKEN)).await;
    let uri = "/api/v1/digests/2025-Q1";
    // (token, body, status, parameter or code, words)
    let table: [(Option<&str>, &str, StatusCode, &str, &str); 10] = [
        (
            None,
            r#"{"title":"T"}"#,
            StatusCode::UNAUTHORIZED,
            "",
            "personal token",
        ),
        (
            Some("wrong"),
            r#"{"title":"T"}"#,
            StatusCode::UNAUTHORIZED,
            "",
            "the bearer token is not valid",
        ),
        (
            Some(TOKEN),
            r#"{"title":"T","status":"printed"}"#,
            StatusCode::BAD_REQUEST,
            "status",
            "published, draft",
        ),
        (
            Some(TOKEN),
            r#"{"title":"  "}"#,
            StatusCode::BAD_REQUEST,
            "title",
            "must not be empty",
        ),
        (
            Some(TOKEN),
            r#"{"title":"T","highlights":["boao-forum-2025"]}"#,
            StatusCode::BAD_REQUEST,
            "highlights",
            "4 to 6",
        ),
        (
            Some(TOKEN),
            r#"{"title":"T","colour":"red"}"#,
            StatusCode::BAD_REQUEST,
            "body",
            "unknown field",
        ),
        (
            Some(TOKEN),
            r#"{"title":"T","order":["no-such-item"]}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "",
            "no news item has the slug `no-such-item`",
        ),
        (
            Some(TOKEN),
            r#"{"title":"T","foreword_author":"nobody"}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "",
            "no person has the slug `nobody`",
        ),
        (
            Some(TOKEN),
            r#"{"title":"T","foreword":"Dear readers, ..."}"#,
            StatusCode::BAD_REQUEST,
            "foreword_kind",
            "say whose words the foreword is",
        ),
        (
            Some(TOKEN),
            r#"{"title":"T","foreword":"Dear readers","foreword_kind":"mine"}"#,
            StatusCode::BAD_REQUEST,
            "foreword_kind",
            "`mine` is not one of: own, reported",
        ),
    ];
    let tag = app.get_as(uri, TOKEN).await.headers["etag"]
        .to_str()
        .expect("tag")
        .to_owned();
    for (token, body, status, parameter, words) in table {
        let r = app
            .request(put(uri, token, Some(("if-match", &tag)), body))
            .await;
        assert_eq!(r.status, status, "{body}: {}", r.body);
        let e = r.json();
        if !parameter.is_empty() {
            assert_eq!(e["error"]["parameter"], parameter, "{body}");
        }
        let message = e["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(words), "{body}: {message}");
    }
    let r = app
        .request(put(
            "/api/v1/digests/2025-Q5",
            Some(TOKEN),
            Some(("if-none-match", "*")),
            r#"{"title":"T"}"#,
        ))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["error"]["parameter"], "quarter");
    // Nothing changed.
    let record = app.ok("/api/v1/digests/2025-Q1").await.json();
    assert_eq!(record["title"], "Voice of Asia — CICA Digest");
    assert_eq!(record["order"], serde_json::json!([]));
}

#[tokio::test]
async fn a_new_issue_starts_as_a_draft_hidden_from_the_public() {
    let app = TestApp::with_clock(today(), Some(TOKEN)).await;
    let r = app
        .request(put(
            "/api/v1/digests/2025-Q2",
            Some(TOKEN),
            Some(("if-none-match", "*")),
            r#"{"title":"Voice of Asia — CICA Digest"}"#,
        ))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.headers["location"], "/api/v1/digests/2025-Q2");
    // Created once: the address is taken now.
    let again = app
        .request(put(
            "/api/v1/digests/2025-Q2",
            Some(TOKEN),
            Some(("if-none-match", "*")),
            r#"{"title":"Another"}"#,
        ))
        .await;
    assert_eq!(
        again.status,
        StatusCode::PRECONDITION_FAILED,
        "{}",
        again.body
    );
    assert_eq!(r.json()["status"], "draft");
    assert_eq!(
        app.get("/api/v1/digests/2025-Q2").await.status,
        StatusCode::NOT_FOUND
    );
    let public: Vec<String> = app.ok("/api/v1/digests").await.json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|d| d["quarter"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(public, ["2025-Q1"]);
    assert_eq!(
        app.get("/digest/2025-Q2").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn photos_are_served_with_their_news_item() {
    let jpg = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../cica-digest/tests/fixtures/test-card.jpg"),
    )
    .expect("the fixture");
    let mut ds = cica_data::builtin().expect("dataset");
    let name = cica_domain::MediaName::parse("test-card.jpg").expect("a name");
    ds.media
        .push(cica_domain::Media::new(name.clone(), jpg.clone()).expect("an image"));
    let item = ds
        .news
        .iter_mut()
        .find(|n| n.slug.as_str() == "ski-tour-astana-2025")
        .expect("the ski tour");
    // Its own photograph only: the built-in illustration is replaced.
    item.photos = vec![cica_domain::Photo {
        media: name,
        caption: "Skiers & <friends> on the slope".into(),
        credit: Some("Test".into()),
        alt: None,
    }];
    let app = TestApp::with_dataset(&ds, today(), None).await;
    let image = app.ok("/media/test-card.jpg").await;
    assert_eq!(image.content_type, "image/jpeg");
    assert_eq!(image.bytes, jpg);
    // Its copies for screens: made on first asking, a JPEG as the image is.
    for size in ["screen", "thumb"] {
        let copy = app.ok(&format!("/media/{size}/test-card.jpg")).await;
        assert_eq!(copy.content_type, "image/jpeg", "{size}");
        assert!(copy.bytes.starts_with(&[0xFF, 0xD8]), "{size}");
    }
    for missing in [
        "/media/other.jpg",
        "/media/..%2Fportal.db",
        "/media/test-card.gif",
        "/media/huge/test-card.jpg",
        "/media/screen/other.jpg",
        "/media/thumb/..%2Fportal.db",
    ] {
        assert_eq!(
            app.get(missing).await.status,
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }
    let page = app.ok("/news/ski-tour-astana-2025").await.body;
    assert!(
        page.contains(
            r#"<img src="/media/screen/test-card.jpg" alt=""><figcaption>Skiers &#38; &#60;friends&#62; on the slope"#
        ),
        "{page}"
    );
    let api = app.ok("/api/v1/news/ski-tour-astana-2025").await.json();
    assert_eq!(api["photos"][0]["url"], "/media/test-card.jpg");
    assert_eq!(api["photos"][0]["credit"], "Test");
    let edition = app.ok("/digest/2025-Q1").await.body;
    assert!(edition.contains(r#"<img src="/media/screen/test-card.jpg""#));
    let pdf = app.ok("/digest/2025-Q1.pdf").await;
    assert!(pdf.bytes.starts_with(b"%PDF-"));
}
