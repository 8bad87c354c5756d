//! An editor's review of imported proposals through the real router: accepting a meeting or an
//! engagement puts it on the public calendar and engagement pages and API; rejecting sets it
//! aside; malformed input is a 400 naming the field, a rule's refusal a 422, and neither writes.

use crate::common;

use axum::http::StatusCode;
use cica_web::Clock;
use common::{Reply, TestApp};

const TOKEN: &str = "review-token";

/// A release of our own: a meeting of the Think Tank Forum the calendar lacks, and someone the
/// register does not know, named with a space in their name.
const RELEASE: &str = "Scholars of the forum agree a plan\n\nBaku, 12 March 2025 – The CICA Think Tank Forum met in Baku to agree its research plan for the year. On the margins, the Secretary General met Dr. Lena Vogt Marsh, Rector of the Caspian Institute of Policy, to discuss joint studies.\n";

async fn app() -> TestApp {
    TestApp::with_clock(
        Clock::Day(cica_domain::parse_day("2025-04-01").expect("day")),
        Some(TOKEN),
    )
    .await
}

async fn get_as_editor(app: &TestApp, uri: &str) -> Reply {
    app.request(
        axum::http::Request::get(uri)
            .header("authorization", format!("Bearer {TOKEN}"))
            .body(axum::body::Body::empty())
            .expect("request"),
    )
    .await
}

/// Imports the release for real; returns the item's slug.
async fn import(app: &TestApp) -> String {
    let r = app
        .post(
            "/api/v1/import?dry_run=false&name=forum.txt",
            Some(TOKEN),
            RELEASE,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    assert_eq!(v["summary"]["proposed"], 2, "{v}");
    v["items"][0]["slug"].as_str().expect("slug").to_owned()
}

async fn pending(app: &TestApp) -> Vec<serde_json::Value> {
    let r = get_as_editor(app, "/api/v1/import/proposals").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["items"].as_array().expect("items").clone()
}

fn url_of(items: &[serde_json::Value], kind: &str) -> String {
    items
        .iter()
        .find(|p| p["kind"] == kind)
        .and_then(|p| p["url"].as_str())
        .unwrap_or_else(|| panic!("no {kind} proposal in {items:?}"))
        .to_owned()
}

const MEETING: &str = r#"{"id": "ttf-2025-03-12-baku", "status": "held", "country": "AZE",
    "format": "in-person", "summary": "Scholars of the forum agreed their research plan."}"#;

#[tokio::test]
async fn accepted_proposals_reach_the_public_calendar_and_engagements() {
    let app = app().await;
    let slug = import(&app).await;
    let items = pending(&app).await;
    let meeting = url_of(&items, "meeting");
    let engagement = url_of(&items, "engagement");
    assert_eq!(
        meeting,
        format!("/api/v1/import/proposals/{slug}/meeting/think-tank-forum")
    );
    assert_eq!(
        engagement,
        format!("/api/v1/import/proposals/{slug}/engagement/Lena%20Vogt%20Marsh"),
        "the subject is percent-encoded"
    );
    // The public calendar before: read (and cached) without the new meeting.
    let before = app
        .ok("/api/v1/meetings?from=2025-03-12&to=2025-03-12")
        .await;
    assert!(!before.body.contains("ttf-2025-03-12-baku"));

    // No token, no review.
    let accept = format!("{meeting}/accept");
    assert_eq!(
        app.post(&accept, None, MEETING).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.post(&accept, Some("not-the-token"), MEETING)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    // A draft's report waits for the item to be published.
    let r = app.post(&accept, Some(TOKEN), MEETING).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("still a draft"), "{}", r.body);
    let r = app
        .post(&format!("/api/v1/news/{slug}/publish"), Some(TOKEN), "")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let r = app.post(&accept, Some(TOKEN), MEETING).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(
        r.headers.get("location").and_then(|v| v.to_str().ok()),
        Some("/api/v1/meetings/ttf-2025-03-12-baku")
    );
    let v = r.json();
    assert_eq!(v["meeting"]["city"], "Baku", "the proposal's place: {v}");
    assert_eq!(v["meeting"]["body"], "think-tank-forum");
    assert_eq!(v["meeting"]["date"]["start"], "2025-03-12");
    assert_eq!(v["meeting"]["news"], serde_json::json!([slug]));

    // Public, at once: the API, the meeting's page, the calendar.
    let after = app
        .ok("/api/v1/meetings?from=2025-03-12&to=2025-03-12")
        .await
        .json();
    let ids: Vec<&str> = after["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|m| m["id"].as_str())
        .collect();
    assert!(ids.contains(&"ttf-2025-03-12-baku"), "{ids:?}");
    let one = app.ok("/api/v1/meetings/ttf-2025-03-12-baku").await.json();
    assert_eq!(one["status"], "held");
    assert_eq!(one["country"], "AZE");
    let page = app.ok("/meetings/ttf-2025-03-12-baku").await.body;
    assert!(page.contains("Scholars of the forum agreed their research plan."));
    assert!(page.contains(&format!("/news/{slug}")), "links its item");
    let calendar = app.ok("/calendar?body=think-tank-forum").await.body;
    assert!(
        calendar.contains("/meetings/ttf-2025-03-12-baku"),
        "the calendar lists it"
    );
    // Twice is refused.
    let r = app.post(&accept, Some(TOKEN), MEETING).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("already accepted"), "{}", r.body);

    // The engagement, at its percent-encoded address; nobody registered to name, so states.
    let r = app
        .post(
            &format!("{engagement}/accept"),
            Some(TOKEN),
            r#"{"id": "eng-2025-03-12-baku-vogt-marsh", "kind": "consultation",
                "secretariat": ["kairat-sarybay"], "states": ["MNG"],
                "topics": ["joint studies"],
                "summary": "Talks with a rector on studies the forum might share."}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v = r.json();
    assert_eq!(v["engagement"]["start"], "2025-03-12");
    assert_eq!(v["engagement"]["news"], slug.as_str());
    // The answer points at the engagement's page, and at its record in the API.
    let id = v["id"].as_str().expect("id").to_owned();
    assert_eq!(v["url"], format!("/engagements/{id}"));
    assert_eq!(
        r.headers.get("location").and_then(|h| h.to_str().ok()),
        Some(format!("/api/v1/engagements/{id}").as_str())
    );
    assert!(
        app.ok(&format!("/engagements/{id}"))
            .await
            .body
            .contains("Talks with a rector on studies the forum might share.")
    );
    assert_eq!(
        app.ok(&format!("/api/v1/engagements/{id}")).await.json()["id"],
        id.as_str()
    );
    let list = app
        .ok("/api/v1/engagements?from=2025-03-12&to=2025-03-12&state=MNG")
        .await
        .json();
    assert_eq!(
        list["items"][0]["id"], "eng-2025-03-12-baku-vogt-marsh",
        "{list}"
    );
    let page = app.ok("/engagements?state=MNG").await.body;
    assert!(page.contains("Talks with a rector on studies the forum might share."));

    // Nothing is pending now, and importing the same text again proposes nothing.
    assert!(pending(&app).await.is_empty());
    let again = app
        .post(
            "/api/v1/import?dry_run=false&name=forum.txt",
            Some(TOKEN),
            RELEASE,
        )
        .await
        .json();
    assert_eq!(again["summary"]["proposed"], 0, "{again}");
    assert_eq!(again["summary"]["pending"], 0, "{again}");
    assert_eq!(again["items"][0]["meetings"][0]["action"], "reviewed");
    assert!(pending(&app).await.is_empty());
}

#[tokio::test]
async fn malformed_acceptances_are_400s_naming_the_field() {
    let app = app().await;
    let slug = import(&app).await;
    app.post(&format!("/api/v1/news/{slug}/publish"), Some(TOKEN), "")
        .await;
    let accept = format!("/api/v1/import/proposals/{slug}/meeting/think-tank-forum/accept");
    let engagement =
        format!("/api/v1/import/proposals/{slug}/engagement/Lena%20Vogt%20Marsh/accept");
    let cases: &[(&str, &str, &str)] = &[
        (&accept, "", "body"),
        (&accept, "not json", "body"),
        (
            &accept,
            r#"{"id": "ttf-x", "status": "held"} trailing"#,
            "body",
        ),
        (&accept, r#"{"status": "held"}"#, "id"),
        (&accept, r#"{"id": "Not A Slug", "status": "held"}"#, "id"),
        (&accept, r#"{"id": "ttf-x"}"#, "status"),
        (
            &accept,
            r#"{"id": "ttf-x", "status": "finished"}"#,
            "status",
        ),
        (
            &accept,
            r#"{"id": "ttf-x", "status": "held", "format": "by-post"}"#,
            "format",
        ),
        (
            &accept,
            r#"{"id": "ttf-x", "status": "held", "number": "seventh"}"#,
            "number",
        ),
        (
            &accept,
            r#"{"id": "ttf-x", "status": "held", "start": "12 March"}"#,
            "start",
        ),
        (
            &accept,
            r#"{"id": "ttf-x", "status": "held", "states": ["AZE", "az"]}"#,
            "states[1]",
        ),
        (
            &accept,
            r#"{"id": "ttf-x", "status": "held", "colour": "red"}"#,
            "colour",
        ),
        (&engagement, r#"{"id": "eng-x"}"#, "kind"),
        (&engagement, r#"{"id": "eng-x", "kind": "lunch"}"#, "kind"),
        (
            &engagement,
            r#"{"id": "eng-x", "kind": "meeting", "counterparts": [{"title": "Rector"}]}"#,
            "counterparts[0].person",
        ),
        (
            &engagement,
            r#"{"id": "eng-x", "kind": "meeting", "counterparts": [{"person": "x", "role": "y"}]}"#,
            "counterparts[0].role",
        ),
    ];
    for (uri, body, field) in cases {
        let r = app.post(uri, Some(TOKEN), body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}: {}", r.body);
        let e = r.json();
        assert_eq!(e["error"]["code"], "invalid_parameter", "{body}");
        assert_eq!(e["error"]["parameter"], *field, "{body}: {e}");
    }
    // Well formed but refused by the rules: a 422 (a 409 for an id taken), naming the field.
    let refusals: &[(&str, &str, StatusCode, &str)] = &[
        (
            &accept,
            r#"{"id": "ttf-x", "status": "held", "country": "ZZZ"}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "country: no state",
        ),
        (
            &accept,
            r#"{"id": "ttf-x", "status": "held", "body": "no-such-body"}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "body: no body",
        ),
        (
            &accept,
            r#"{"id": "ttf-x", "status": "held", "start": "2025-03-14", "end": "2025-03-13"}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "end: 2025-03-13 is before start 2025-03-14",
        ),
        (
            &accept,
            r#"{"id": "soc-2025-02-27-baku", "status": "held"}"#,
            StatusCode::CONFLICT,
            "soc-2025-02-27-baku",
        ),
        (
            &engagement,
            r#"{"id": "eng-x", "kind": "meeting", "counterparts": [{"person": "nobody-known"}]}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "counterparts[0].person: no person",
        ),
    ];
    for (uri, body, status, says) in refusals {
        let r = app.post(uri, Some(TOKEN), body).await;
        assert_eq!(r.status, *status, "{body}: {}", r.body);
        assert!(r.body.contains(says), "{body}: {}", r.body);
    }
    // None of it wrote anything: both proposals still pending, no meeting `ttf-x`.
    assert_eq!(pending(&app).await.len(), 2);
    assert_eq!(
        app.get("/api/v1/meetings/ttf-x").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_rejected_proposal_is_set_aside_for_good() {
    let app = app().await;
    let slug = import(&app).await;
    let reject = format!("/api/v1/import/proposals/{slug}/engagement/Lena%20Vogt%20Marsh/reject");
    assert_eq!(
        app.post(&reject, None, "").await.status,
        StatusCode::UNAUTHORIZED
    );
    // A draft's proposals may be rejected.
    let r = app.post(&reject, Some(TOKEN), "").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["rejected"]["key"], "Lena Vogt Marsh");
    let left = pending(&app).await;
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["kind"], "meeting");
    let r = app.post(&reject, Some(TOKEN), "").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("already rejected"), "{}", r.body);
    // Addresses no proposal has.
    for uri in [
        format!("/api/v1/import/proposals/{slug}/engagement/Somebody%20Else/reject"),
        format!("/api/v1/import/proposals/{slug}/lunch/think-tank-forum/reject"),
        "/api/v1/import/proposals/Not%20A%20Slug/meeting/think-tank-forum/reject".to_owned(),
    ] {
        let r = app.post(&uri, Some(TOKEN), "").await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}: {}", r.body);
        assert_eq!(r.json()["error"]["code"], "not_found");
    }
    // An address that is not UTF-8 once decoded is the client's mistake, in our JSON shape.
    let r = app
        .post(
            &format!("/api/v1/import/proposals/{slug}/engagement/%FF%FE/reject"),
            Some(TOKEN),
            "",
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.json()["error"]["parameter"], "path");
    // Importing the same text again leaves it rejected.
    let again = app
        .post(
            "/api/v1/import?dry_run=false&name=forum.txt",
            Some(TOKEN),
            RELEASE,
        )
        .await
        .json();
    assert_eq!(again["items"][0]["engagements"][0]["action"], "reviewed");
    assert_eq!(pending(&app).await.len(), 1);
    // Nothing public came of it.
    assert!(!app.ok("/engagements").await.body.contains("Vogt Marsh"));
}
