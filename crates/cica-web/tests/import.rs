//! The importer through the API: editors post text, get drafts, publish them.

mod common;

use axum::http::StatusCode;
use cica_web::Clock;
use common::TestApp;

const TOKEN: &str = "editor-token";

const RELEASE: &str = "Experts meet on disaster response\n\nTashkent, 3–5 June 2024 – Experts of the CICA Member States met to compare how their agencies respond to floods. Delegations from Mongolia and the Kyrgyz Republic described recent exercises, and the Secretariat of the Shanghai Cooperation Organisation sent an observer.\n";

#[tokio::test]
async fn issue_4_import_through_the_api_then_publish() {
    let app = TestApp::with_clock(
        Clock::Day(cica_domain::parse_day("2025-04-01").expect("day")),
        Some(TOKEN),
    )
    .await;
    assert_eq!(
        app.post("/api/v1/import", None, RELEASE).await.status,
        StatusCode::UNAUTHORIZED
    );

    let plan = app
        .post("/api/v1/import?name=release.txt", Some(TOKEN), RELEASE)
        .await;
    assert_eq!(plan.status, StatusCode::OK, "{}", plan.body);
    let plan = plan.json();
    assert_eq!(plan["dry_run"], true, "a dry run unless asked otherwise");
    let item = &plan["items"][0];
    assert_eq!(item["action"], "create");
    assert_eq!(item["dateline"]["place"], "Tashkent");
    assert_eq!(item["dateline"]["start"], "2024-06-03");
    assert_eq!(item["dateline"]["end"], "2024-06-05");
    assert_eq!(item["states"], serde_json::json!(["MNG", "KGZ"]));
    assert!(
        item["bodies"].as_array().expect("bodies").is_empty(),
        "the SCO's Secretariat is not CICA's: {}",
        item["bodies"]
    );
    let slug = item["slug"].as_str().expect("slug").to_owned();
    assert_eq!(
        app.get(&format!("/api/v1/news/{slug}")).await.status,
        StatusCode::NOT_FOUND,
        "nothing written by a dry run"
    );

    let done = app
        .post(
            "/api/v1/import?dry_run=false&name=release.txt",
            Some(TOKEN),
            RELEASE,
        )
        .await
        .json();
    assert_eq!(done["summary"]["create"], 1);
    // A draft: invisible to the public, visible to the editor.
    assert_eq!(
        app.get(&format!("/api/v1/news/{slug}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/news/{slug}")).await.status,
        StatusCode::NOT_FOUND
    );
    let r = app
        .request(
            axum::http::Request::get("/api/v1/news?status=draft")
                .header("authorization", format!("Bearer {TOKEN}"))
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await;
    assert!(r.body.contains(&slug), "{}", r.body);
    assert_eq!(
        app.get("/api/v1/news?status=draft").await.status,
        StatusCode::UNAUTHORIZED
    );
    // Importing again changes nothing.
    let again = app
        .post(
            "/api/v1/import?dry_run=false&name=release.txt",
            Some(TOKEN),
            RELEASE,
        )
        .await
        .json();
    assert_eq!(again["summary"]["unchanged"], 1);
    // Published, it is public.
    let r = app
        .post(&format!("/api/v1/news/{slug}/publish"), Some(TOKEN), "")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        app.ok(&format!("/api/v1/news/{slug}")).await.json()["dateline"]["place"],
        "Tashkent"
    );
    assert_eq!(
        app.post(&format!("/api/v1/news/{slug}/publish"), Some(TOKEN), "")
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

#[tokio::test]
async fn issue_4_bad_input_through_the_api() {
    let app = TestApp::with_clock(
        Clock::Day(cica_domain::parse_day("2025-04-01").expect("day")),
        Some(TOKEN),
    )
    .await;
    for (body, want) in [
        ("", "empty"),
        (
            "no dateline anywhere in this text",
            "no press release or digest item was recognised",
        ),
    ] {
        let r = app.post("/api/v1/import", Some(TOKEN), body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(
            r.json()["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains(want)),
            "{}",
            r.body
        );
    }
    let r = app
        .post("/api/v1/import?year_hint=soon", Some(TOKEN), RELEASE)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}
