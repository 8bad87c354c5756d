//! The Digest on the portal (issue 3): the list of issues, the web edition and the PDF, built
//! on demand through the real router over a real database.

mod common;

use axum::http::StatusCode;
use common::TestApp;

#[tokio::test]
async fn issue_3_the_portal_lists_the_published_issues() {
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
async fn issue_3_the_web_edition_is_the_one_the_command_line_writes_plus_links() {
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
async fn issue_3_the_pdf_is_built_on_demand_and_follows_the_data() {
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
    app.state.store().replace_all(&ds).await.expect("reload");
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
    app.state.store().replace_all(&ds).await.expect("reload");
    for uri in ["/digest/2025-Q1", "/digest/2025-Q1.pdf"] {
        assert_eq!(app.get(uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
    assert!(!app.ok("/digest").await.body.contains("/digest/2025-Q1"));
}

#[tokio::test]
async fn issue_3_unknown_or_malformed_issues_are_named_in_a_404() {
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
