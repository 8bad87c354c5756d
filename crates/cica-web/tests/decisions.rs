//! Decisions, silence procedures and treaties through the real router and a real database.
//! Regression tests for issue 5 are named `issue_5_*`.

mod common;

use axum::http::StatusCode;
use chrono::{TimeZone, Utc};
use cica_web::Clock;
use common::TestApp;

const TOKEN: &str = "s3cret-test-token";

#[tokio::test]
async fn issue_5_the_convention_needs_one_more_instrument() {
    let app = TestApp::new().await;
    let t = app
        .ok("/api/v1/treaties/convention-privileges-immunities")
        .await
        .json();
    assert_eq!(t["parties"].as_array().expect("parties").len(), 13);
    assert_eq!(t["needed"], 1);
    assert!(t["in_force"].is_null());
    let explanation = t["explanation"].as_str().expect("explanation");
    assert!(
        explanation.contains("13 of the 14 instruments needed have been deposited, 1 more needed"),
        "{explanation}"
    );
    let china = t["parties"]
        .as_array()
        .expect("parties")
        .iter()
        .find(|p| p["state"] == "CHN")
        .expect("China");
    assert_eq!(
        china["deposit"], "2025-03-14",
        "the deposit counts, not the 2023 decision"
    );
    // As of a day before China's deposit, twelve.
    let before = app
        .ok("/api/v1/treaties/convention-privileges-immunities?as_of=2025-03-13")
        .await
        .json();
    assert_eq!(before["parties"].as_array().expect("parties").len(), 12);
}

#[tokio::test]
async fn issue_5_what_if_kuwait_deposits_on_1_june_2025() {
    let app = TestApp::new().await;
    let w = app.ok("/api/v1/treaties/convention-privileges-immunities/what-if?state=KWT&deposit=2025-06-01").await.json();
    assert_eq!(w["in_force"], "2025-07-01");
    assert_eq!(w["needed"], 0);
    assert_eq!(w["parties"].as_array().expect("parties").len(), 14);
    assert_eq!(
        w["what_if"]["kind"], "accession",
        "Kuwait did not sign, so it would accede"
    );
    let explanation = w["explanation"].as_str().expect("explanation");
    assert!(
        explanation.contains("1 July 2025")
            && explanation.contains("14th instrument")
            && explanation.contains("deposited by Kuwait on 1 June 2025"),
        "{explanation}"
    );
    let kwt = w["parties"]
        .as_array()
        .expect("parties")
        .iter()
        .find(|p| p["state"] == "KWT")
        .expect("Kuwait");
    assert_eq!(kwt["effective"], "2025-07-01");
}

#[tokio::test]
async fn issue_5_impossible_what_ifs_are_refused_with_the_reason() {
    let app = TestApp::new().await;
    // (query, status, words)
    let table = [
        (
            "state=CHN&deposit=2025-06-01",
            StatusCode::UNPROCESSABLE_ENTITY,
            "China is already a party",
        ),
        (
            "state=JPN&deposit=2025-06-01",
            StatusCode::UNPROCESSABLE_ENTITY,
            "Japan is an Observer State",
        ),
        (
            "state=BRA&deposit=2025-06-01",
            StatusCode::UNPROCESSABLE_ENTITY,
            "takes no part in CICA",
        ),
        ("state=KWT&deposit=2023-06-01", StatusCode::OK, ""),
        (
            "state=KWT&deposit=2015-06-01",
            StatusCode::UNPROCESSABLE_ENTITY,
            "Kuwait takes no part in CICA on 1 June 2015",
        ),
        ("state=KWT", StatusCode::BAD_REQUEST, "deposit"),
        ("deposit=2025-06-01", StatusCode::BAD_REQUEST, "state"),
        (
            "state=XXX&deposit=2025-06-01",
            StatusCode::BAD_REQUEST,
            "no state has the code `XXX`",
        ),
        (
            "state=KWT&deposit=2025-02-30",
            StatusCode::BAD_REQUEST,
            "is not a date",
        ),
    ];
    for (q, status, words) in table {
        let r = app
            .get(&format!(
                "/api/v1/treaties/convention-privileges-immunities/what-if?{q}"
            ))
            .await;
        assert_eq!(r.status, status, "{q}: {}", r.body);
        if !words.is_empty() {
            assert!(
                r.json()["error"]["message"]
                    .as_str()
                    .is_some_and(|m| m.contains(words)),
                "{q}: {}",
                r.body
            );
        }
    }
    let page = app
        .get("/treaties/convention-privileges-immunities?state=KWT&deposit=2025-06-01")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("1 July 2025"),
        "the page shows the what-if"
    );
    let page = app
        .get("/treaties/convention-privileges-immunities?state=JPN&deposit=2025-06-01")
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("Japan is an Observer State"));
}

#[tokio::test]
async fn issue_5_the_register_of_decisions() {
    let app = TestApp::new().await;
    let all = app.all("/api/v1/decisions", 3).await;
    let soc = all
        .iter()
        .find(|d| d["id"] == "soc-2025-ttf-action-plan")
        .expect("the TTF plan");
    assert_eq!(soc["register_number"], "SOC/2025/3");
    assert_eq!(soc["act"], "adopt");
    assert_eq!(soc["taken"], "meeting");
    assert_eq!(soc["meeting"], "soc-2025-02-27-baku");
    assert_eq!(soc["document"]["version"], 1);
    let chair = all
        .iter()
        .find(|d| d["id"] == "mc-2024-azerbaijan-chairmanship")
        .expect("the chairmanship");
    assert_eq!(chair["taken"], "silence");
    assert_eq!(chair["date"], "2024-03-19");
    let dsg = all
        .iter()
        .find(|d| d["id"] == "mc-2025-second-deputy-secretary-general")
        .expect("second DSG");
    assert_eq!(dsg["unconfirmed"], true);
    let filtered = app
        .all(
            "/api/v1/decisions?organ=senior-officials-committee&year=2025",
            100,
        )
        .await;
    assert_eq!(filtered.len(), 3);
    let bad = app.get("/api/v1/decisions?year=twenty").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let s = app
        .ok("/api/v1/silence-procedures/mc-2024-03-azerbaijan-chairmanship?tz=Europe/Paris")
        .await
        .json();
    assert_eq!(s["status"], "adopted");
    assert_eq!(s["decision"], "mc-2024-azerbaijan-chairmanship");
    assert!(
        s["deadline_chair"]
            .as_str()
            .is_some_and(|d| d.starts_with("19 March 2024, 18:00 (UTC+05:00)")),
        "{}",
        s["deadline_chair"]
    );
    assert!(
        s["deadline_reader"]
            .as_str()
            .is_some_and(|d| d.contains("14:00 (UTC+01:00)")),
        "{}",
        s["deadline_reader"]
    );
}

#[tokio::test]
async fn issue_5_writes_need_the_admin_token() {
    let app = TestApp::new().await;
    let body = r#"{"organ":"ministerial-council","act":"approve","subject":"x","expires_at":"2025-04-03T18:00:00+04:00"}"#;
    let r = app.post("/api/v1/silence-procedures", None, body).await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "no token configured: writing is off"
    );
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("CICA_ADMIN_TOKEN"))
    );
    let app = TestApp::with_clock(Clock::manual(Utc::now()), Some(TOKEN)).await;
    assert_eq!(
        app.post("/api/v1/silence-procedures", None, body)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.post("/api/v1/silence-procedures", Some("wrong"), body)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let r = app
        .post("/api/v1/silence-procedures", Some(TOKEN), "{not json")
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["error"]["parameter"], "body");
    let r = app
        .post(
            "/api/v1/silence-procedures",
            Some(TOKEN),
            r#"{"organ":"ministerial-council"}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
}

#[tokio::test]
async fn issue_5_a_silence_procedure_through_the_api() {
    let start = Utc
        .with_ymd_and_hms(2025, 4, 1, 9, 0, 0)
        .single()
        .expect("instant");
    let clock = Clock::manual(start);
    let app = TestApp::with_clock(clock.clone(), Some(TOKEN)).await;
    let body = r#"{"organ":"ministerial-council","act":"approve","subject":"the CICA calendar of events for 2025","expires_at":"2025-04-03T18:00:00+04:00"}"#;
    let r = app
        .post("/api/v1/silence-procedures", Some(TOKEN), body)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let opened = r.json();
    let id = opened["id"].as_str().expect("id").to_owned();
    assert_eq!(
        opened["chair"], "AZE",
        "opened on behalf of the Chair of the day"
    );
    assert_eq!(opened["chair_time_zone"], "Asia/Baku");
    assert_eq!(opened["deadline"], "2025-04-03T14:00:00Z");
    assert_eq!(opened["deadline_chair"], "3 April 2025, 18:00 (UTC+04:00)");
    assert_eq!(opened["status"], "open");
    // It is on the calendar feed with its deadline while open.
    let ics = app.ok("/calendar.ics").await.body;
    assert!(
        ics.contains("CATEGORIES:Silence procedure") && ics.contains("DTSTART:20250403T140000Z"),
        "{ics}"
    );

    // An observer cannot break silence; a Member State can, with a text.
    let r = app
        .post(
            &format!("/api/v1/silence-procedures/{id}/breaks"),
            Some(TOKEN),
            r#"{"state":"JPN","stance":"objection","text":"no"}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("only Member States may break silence")),
        "{}",
        r.body
    );
    let r = app
        .post(
            &format!("/api/v1/silence-procedures/{id}/breaks"),
            Some(TOKEN),
            r#"{"state":"IND","stance":"reservation","text":"fine"}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    clock.set(start + chrono::Duration::hours(20));
    let r = app
        .post(
            &format!("/api/v1/silence-procedures/{id}/breaks"),
            Some(TOKEN),
            r#"{"state":"IND","stance":"amendment","text":"Add the Youth Council meeting."}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    assert_eq!(v["status"], "not-adopted");
    assert_eq!(v["broken_by"][0], "IND");
    let page = app.ok(&format!("/silence/{id}")).await.body;
    assert!(
        page.contains("Not adopted: silence was broken") && page.contains("India"),
        "{page}"
    );

    // A second procedure nobody breaks: adopted at its deadline, numbered in the register.
    let r = app
        .post(
            "/api/v1/silence-procedures",
            Some(TOKEN),
            &body.replace("calendar of events", "list of events"),
        )
        .await;
    let id2 = r.json()["id"].as_str().expect("id").to_owned();
    let r = app
        .post(
            &format!("/api/v1/silence-procedures/{id2}/extension"),
            Some(TOKEN),
            r#"{"until":"2025-04-04T18:00:00+04:00"}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    clock.set(
        Utc.with_ymd_and_hms(2025, 4, 4, 14, 0, 0)
            .single()
            .expect("instant"),
    );
    let v = app
        .ok(&format!("/api/v1/silence-procedures/{id2}"))
        .await
        .json();
    assert_eq!(
        v["status"], "adopted",
        "adopted the moment the deadline passes, even before it is recorded"
    );
    let settled = app
        .state
        .store()
        .settle_silences(app.state.now())
        .await
        .expect("settle");
    assert_eq!(settled.len(), 1);
    app.state.invalidate();
    let v = app
        .ok(&format!("/api/v1/silence-procedures/{id2}"))
        .await
        .json();
    let decision = v["decision"].as_str().expect("the decision");
    let d = app
        .ok(&format!("/api/v1/decisions/{decision}"))
        .await
        .json();
    assert_eq!(d["register_number"], "MC/2025/2");
    assert_eq!(d["date"], "2025-04-04");
    assert_eq!(d["taken"], "silence");
    // Settled: nothing can change it.
    let r = app
        .post(
            &format!("/api/v1/silence-procedures/{id2}/withdrawal"),
            Some(TOKEN),
            "",
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "conflict");
    let feed = feed_rs::parser::parse(app.ok("/silence.atom").await.body.as_bytes())
        .expect("the silence feed parses");
    assert!(feed.entries.iter().any(|e| {
        e.title
            .as_ref()
            .is_some_and(|t| t.content.starts_with("[adopted]"))
    }));
    assert!(feed.entries.iter().any(|e| {
        e.title
            .as_ref()
            .is_some_and(|t| t.content.starts_with("[not-adopted]"))
    }));
}

#[tokio::test]
async fn issue_5_a_deposit_through_the_api_issues_a_notification() {
    let clock = Clock::manual(
        Utc.with_ymd_and_hms(2025, 6, 2, 8, 0, 0)
            .single()
            .expect("instant"),
    );
    let app = TestApp::with_clock(clock, Some(TOKEN)).await;
    let r = app
        .post(
            "/api/v1/treaties/convention-privileges-immunities/actions",
            Some(TOKEN),
            r#"{"party":"KWT","kind":"accession","deposit":"2025-06-01"}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v = r.json();
    assert_eq!(
        v["notification"]["reference"], "DN.4.2025",
        "after the three deposits of 2025 in the record"
    );
    assert_eq!(v["treaty"]["in_force"], "2025-07-01");
    let r = app
        .post(
            "/api/v1/treaties/convention-privileges-immunities/actions",
            Some(TOKEN),
            r#"{"party":"KWT","kind":"accession","deposit":"2025-06-02"}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let notes = app.ok("/api/v1/notifications").await.json();
    assert_eq!(notes["items"].as_array().expect("items").len(), 14);
    assert_eq!(notes["items"][0]["reference"], "DN.4.2025", "newest first");
    let feed = feed_rs::parser::parse(app.ok("/notifications.atom").await.body.as_bytes())
        .expect("parses");
    assert_eq!(feed.entries.len(), 14);
    let page = app
        .ok("/treaties/convention-privileges-immunities")
        .await
        .body;
    assert!(
        page.contains("DN.4.2025") && page.contains("Kuwait"),
        "the status page shows the new party and notice"
    );
    let state = app.ok("/api/v1/states/KWT/treaties").await.json();
    assert_eq!(state["items"][0]["effective"], "2025-07-01");
}

#[tokio::test]
async fn issue_5_document_versions_and_their_differences() {
    let app = TestApp::with_clock(
        Clock::Day(cica_domain::parse_day("2025-04-01").expect("day")),
        Some(TOKEN),
    )
    .await;
    let v1 = r#"{"proposed_by":"KAZ","date":"2025-03-01","text":"The Council shall meet once a year in Astana."}"#;
    let v2 = r#"{"proposed_by":"AZE","date":"2025-03-20","text":"The Council shall meet twice a year, in Astana or Baku."}"#;
    for v in [v1, v2] {
        let r = app
            .post(
                "/api/v1/documents/ttf-annual-action-plan-2025/versions",
                Some(TOKEN),
                v,
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    let d = app
        .ok("/api/v1/documents/ttf-annual-action-plan-2025/diff?from=2&to=3")
        .await
        .json();
    let changes = d["changes"].as_array().expect("changes");
    let text = |op: &str| {
        changes
            .iter()
            .filter(|c| c["op"] == op)
            .map(|c| c["text"].as_str().unwrap_or(""))
            .collect::<String>()
    };
    assert!(text("delete").contains("once"), "{d}");
    assert!(text("insert").contains("twice"), "{d}");
    assert!(text("equal").contains("The Council shall meet"), "{d}");
    let r = app
        .get("/api/v1/documents/ttf-annual-action-plan-2025/diff?from=1&to=3")
        .await;
    assert_eq!(
        r.status,
        StatusCode::BAD_REQUEST,
        "version 1 has no text: {}",
        r.body
    );
    let page = app
        .ok("/documents/ttf-annual-action-plan-2025?from=2&to=3")
        .await
        .body;
    assert!(
        page.contains("<ins>") && page.contains("<del>"),
        "the page marks the changes"
    );
    // A members-only draft: listed, its text withheld from the public.
    app.post(
        "/api/v1/documents/draft-cica-charter/versions",
        Some(TOKEN),
        r#"{"proposed_by":"KAZ","text":"Article 1. Purposes."}"#,
    )
    .await;
    let public = app.ok("/api/v1/documents/draft-cica-charter").await.json();
    assert_eq!(public["restricted"], true);
    assert!(
        public["versions"]
            .as_array()
            .expect("versions")
            .iter()
            .all(|v| v["text"].is_null())
    );
    let r = app
        .request(
            axum::http::Request::get("/api/v1/documents/draft-cica-charter")
                .header("authorization", format!("Bearer {TOKEN}"))
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await;
    assert!(r.body.contains("Article 1. Purposes."));
}

#[tokio::test]
async fn issue_5_every_page_answers() {
    let app = TestApp::new().await;
    for uri in [
        "/decisions",
        "/decisions?organ=senior-officials-committee",
        "/decisions/soc-2025-ttf-action-plan",
        "/decisions/mc-2024-azerbaijan-chairmanship",
        "/documents",
        "/documents/draft-cica-charter",
        "/documents/road-map-cica-transformation",
        "/silence",
        "/silence/mc-2024-03-azerbaijan-chairmanship",
        "/treaties",
        "/treaties/convention-privileges-immunities",
        "/treaties/agreement-cica-secretariat",
        "/treaties/host-country-agreement",
        "/notifications",
        "/states/CHN",
        "/api/v1/documents",
        "/api/v1/silence-procedures",
        "/api/v1/treaties",
        "/api/v1/notifications?treaty=convention-privileges-immunities",
    ] {
        let r = app.ok(uri).await;
        assert!(!r.body.is_empty(), "{uri}");
    }
    let china = app.ok("/states/CHN").await.body;
    assert!(
        china.contains("Convention on Privileges and Immunities")
            && china.contains("14 March 2025"),
        "per-state view"
    );
    for uri in [
        "/decisions/nope",
        "/treaties/nope",
        "/silence/nope",
        "/documents/nope",
        "/api/v1/treaties/nope",
        "/api/v1/decisions/nope",
        "/api/v1/silence-procedures/nope",
    ] {
        assert_eq!(app.get(uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
    let feed = feed_rs::parser::parse(app.ok("/notifications.atom").await.body.as_bytes())
        .expect("parses");
    assert_eq!(
        feed.entries.len(),
        13,
        "one notification for each of the Convention's thirteen deposits"
    );
}
