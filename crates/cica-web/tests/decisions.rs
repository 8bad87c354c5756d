//! Decisions, silence procedures and treaties through the real router and a real database.

use crate::common;

use axum::http::StatusCode;
use chrono::{TimeZone, Utc};
use cica_web::Clock;
use common::TestApp;

const TOKEN: &str = "s3cret-test-token";

#[tokio::test]
async fn the_convention_needs_one_more_instrument() {
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
async fn what_if_kuwait_deposits_on_1_june_2025() {
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
async fn impossible_what_ifs_are_refused_with_the_reason() {
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
async fn the_register_of_decisions() {
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
    // Its instants are placeholders: the day is stated, in any zone, never the hour.
    assert_eq!(s["deadline_chair"], "19 March 2024 (hour not recorded)");
    assert_eq!(s["deadline_reader"], "19 March 2024 (hour not recorded)");
}

#[tokio::test]
async fn writes_need_a_personal_token_of_an_account() {
    let body = r#"{"organ":"ministerial-council","act":"approve","subject":"x","expires_at":"2025-04-03T18:00:00+04:00"}"#;
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
async fn a_silence_procedure_through_the_api() {
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
        .settle_silences(app.state.now(), &common::test_by())
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
async fn a_deposit_through_the_api_issues_a_notification() {
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
        v["notification"]["reference"], "DN.2.2025",
        "after China's, the one deposit of 2025 in the record known to the day"
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
    assert_eq!(notes["items"].as_array().expect("items").len(), 2);
    assert_eq!(notes["items"][0]["reference"], "DN.2.2025", "newest first");
    let feed = feed_rs::parser::parse(app.ok("/notifications.atom").await.body.as_bytes())
        .expect("parses");
    assert_eq!(feed.entries.len(), 2);
    let page = app
        .ok("/treaties/convention-privileges-immunities")
        .await
        .body;
    assert!(
        page.contains("DN.2.2025") && page.contains("Kuwait"),
        "the status page shows the new party and notice"
    );
    let state = app.ok("/api/v1/states/KWT/treaties").await.json();
    assert_eq!(state["items"][0]["effective"], "2025-07-01");
}

#[tokio::test]
async fn document_versions_and_their_differences() {
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
    // Versions whose texts the platform does not hold: the page says so instead of failing,
    // the API refuses naming the parameter and the reason.
    let page = app
        .ok("/documents/road-map-cica-transformation?from=1&to=2")
        .await;
    assert!(
        page.body
            .contains("does not hold the text of version 1 or 2")
            && page.body.contains("Road"),
        "{}",
        page.body
    );
    let r = app
        .get("/api/v1/documents/road-map-cica-transformation/diff?from=1&to=2")
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.json()["error"]["parameter"], "from", "{}", r.body);
    assert!(r.body.contains("cannot be compared"), "{}", r.body);
    // A members-only draft: the public does not learn it exists.
    app.post(
        "/api/v1/documents/draft-cica-charter/versions",
        Some(TOKEN),
        r#"{"proposed_by":"KAZ","text":"Article 1. Purposes."}"#,
    )
    .await;
    assert_eq!(
        app.get("/api/v1/documents/draft-cica-charter").await.status,
        StatusCode::NOT_FOUND
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
async fn every_decision_silence_and_treaty_page_answers() {
    let app = TestApp::new().await;
    for uri in [
        "/decisions",
        "/decisions?organ=senior-officials-committee",
        "/decisions/soc-2025-ttf-action-plan",
        "/decisions/mc-2024-azerbaijan-chairmanship",
        "/documents",
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
        1,
        "of the Convention's thirteen deposits only China's is known to the day"
    );
    // The twelve others are listed as the sources give them, without a number or a day.
    let page = app.ok("/notifications").await.unmarked();
    assert_eq!(
        page.matches("<span class=\"code\">DN.").count(),
        1,
        "one numbered notice"
    );
    assert!(page.contains("Deposits known less exactly"), "{page}");
    assert!(
        page.contains("2023 (day not known)") && page.contains("Bangladesh: ratification"),
        "{page}"
    );
}

fn instant(text: &str) -> chrono::DateTime<Utc> {
    chrono::DateTime::parse_from_rfc3339(text)
        .expect("instant")
        .with_timezone(&Utc)
}

#[tokio::test]
async fn fractional_seconds_never_become_a_500() {
    // The clock stands 0.3 s into a second; the deadline asked for is 0.8 s into it.
    let clock = Clock::manual(instant("2025-04-01T09:00:00.300Z"));
    let app = TestApp::with_clock(clock.clone(), Some(TOKEN)).await;
    let open = |expires: &str| {
        format!(
            r#"{{"organ":"ministerial-council","act":"approve","subject":"a text","expires_at":"{expires}"}}"#
        )
    };
    // (deadline, expected status)
    let table = [
        ("2025-04-01T09:00:00.800Z", StatusCode::BAD_REQUEST),
        ("2025-04-01T09:00:00.999999999Z", StatusCode::BAD_REQUEST),
        ("2025-04-01T14:00:00.250+05:00", StatusCode::BAD_REQUEST),
        ("2025-04-01T09:00:01.100Z", StatusCode::CREATED),
    ];
    let mut id = String::new();
    for (expires, status) in table {
        let r = app
            .post("/api/v1/silence-procedures", Some(TOKEN), &open(expires))
            .await;
        assert_eq!(r.status, status, "{expires}: {}", r.body);
        if status == StatusCode::CREATED {
            let v = r.json();
            assert_eq!(
                v["deadline"], "2025-04-01T09:00:01Z",
                "stored to the second"
            );
            id = v["id"].as_str().expect("id").to_owned();
        }
    }
    // An extension within the same second is no extension.
    let r = app
        .post(
            &format!("/api/v1/silence-procedures/{id}/extension"),
            Some(TOKEN),
            r#"{"until":"2025-04-01T09:00:01.900Z"}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
}

#[tokio::test]
async fn a_break_after_settlement_is_a_conflict() {
    let clock = Clock::manual(instant("2025-04-01T09:00:00Z"));
    let app = TestApp::with_clock(clock.clone(), Some(TOKEN)).await;
    let r = app
        .post(
            "/api/v1/silence-procedures",
            Some(TOKEN),
            r#"{"organ":"ministerial-council","act":"approve","subject":"a text","expires_at":"2025-04-02T09:00:00Z"}"#,
        )
        .await;
    let id = r.json()["id"].as_str().expect("id").to_owned();
    // Another server settles it at the deadline; this one's clock still reads a second earlier.
    app.state
        .store()
        .settle_silences(instant("2025-04-02T09:00:00Z"), &common::test_by())
        .await
        .expect("settled");
    clock.set(instant("2025-04-02T08:59:59Z"));
    let r = app
        .post(
            &format!("/api/v1/silence-procedures/{id}/breaks"),
            Some(TOKEN),
            r#"{"state":"IND","stance":"objection","text":"We object."}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("already settled (adopted")),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn restricted_documents_show_what_they_may() {
    use cica_domain::decision::{
        Document, DocumentKind, DocumentStatus, DocumentVersion, Proposer,
    };
    let app = TestApp::with_clock(
        Clock::Day(cica_domain::parse_day("2025-04-01").expect("day")),
        Some(TOKEN),
    )
    .await;
    // A Secretariat-only document, and a decision on it.
    let mut ds = cica_data::builtin().expect("dataset");
    let secret = cica_domain::Slug::parse("staff-regulations-draft").expect("slug");
    ds.documents.push(Document {
        slug: secret.clone(),
        title: "Draft amendments to the Staff Regulations".into(),
        kind: DocumentKind::Regulations,
        visibility: cica_domain::decision::Visibility::Secretariat,
        status: DocumentStatus::Draft,
        body: None,
        versions: vec![DocumentVersion {
            number: 1,
            date: cica_domain::PartialDate::parse("2025-03-01").expect("date"),
            proposed_by: Proposer::Secretariat,
            note: Some("An internal working draft.".into()),
            text: Some("Article 1.".into()),
        }],
        provenance: cica_domain::Provenance::default(),
    });
    if let Some(d) = ds
        .decisions
        .iter_mut()
        .find(|d| d.id.as_str() == "soc-2025-external-audit")
    {
        d.document = Some((secret.clone(), 1));
    }
    app.state
        .store()
        .replace_all(&ds, &common::test_by())
        .await
        .expect("loads");
    app.state.invalidate();
    let with_token = |uri: &str| {
        axum::http::Request::get(uri)
            .header("authorization", format!("Bearer {TOKEN}"))
            .body(axum::body::Body::empty())
            .expect("request")
    };

    // The public: not listed, not found, not named by the decision.
    let list = app.ok("/api/v1/documents").await.body;
    assert!(!list.contains("staff-regulations-draft"));
    for uri in [
        "/api/v1/documents/staff-regulations-draft",
        "/api/v1/documents/staff-regulations-draft/diff?from=1&to=1",
        "/documents/staff-regulations-draft",
    ] {
        assert_eq!(app.get(uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
    assert!(
        !app.ok("/documents")
            .await
            .body
            .contains("Staff Regulations")
    );
    let d = app
        .ok("/api/v1/decisions/soc-2025-external-audit")
        .await
        .json();
    assert!(d["document"].is_null(), "{d}");
    assert!(
        !app.ok("/decisions/soc-2025-external-audit")
            .await
            .body
            .contains("Staff Regulations")
    );
    // The admin token sees it all.
    let r = app
        .request(with_token("/api/v1/documents/staff-regulations-draft"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("An internal working draft."));
    let r = app
        .request(with_token("/api/v1/decisions/soc-2025-external-audit"))
        .await;
    assert_eq!(r.json()["document"]["slug"], "staff-regulations-draft");

    // A members-only document: hidden from the public alike.
    for uri in [
        "/api/v1/documents/draft-cica-charter",
        "/documents/draft-cica-charter",
    ] {
        assert_eq!(app.get(uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
    assert!(
        !app.ok("/api/v1/documents")
            .await
            .body
            .contains("draft-cica-charter")
    );
    assert!(
        !app.ok("/documents")
            .await
            .body
            .contains("Draft CICA Charter")
    );
    let r = app
        .request(with_token("/api/v1/documents/draft-cica-charter"))
        .await;
    assert_eq!(r.json()["versions"][0]["proposed_by"], "KAZ");
    // Public documents in full.
    let plan = app
        .ok("/api/v1/documents/ttf-annual-action-plan-2025")
        .await
        .json();
    assert_eq!(plan["versions"][0]["proposed_by"], "body:think-tank-forum");
}

#[tokio::test]
async fn decisions_at_a_meeting_through_the_api() {
    let app = TestApp::with_clock(
        Clock::Day(cica_domain::parse_day("2025-04-01").expect("day")),
        Some(TOKEN),
    )
    .await;
    // The meeting lists the decisions taken at it, by the API and on its page.
    let at = app
        .ok("/api/v1/decisions?meeting=soc-2025-02-27-baku")
        .await
        .json();
    assert_eq!(at["items"].as_array().expect("items").len(), 3);
    let page = app.ok("/meetings/soc-2025-02-27-baku").await.body;
    assert!(
        page.contains("Decisions taken") && page.contains("SOC/2025/3"),
        "the meeting page lists its decisions"
    );
    let body = |statements: &str| {
        format!(
            r#"{{"organ":"senior-officials-committee","meeting":"soc-2025-02-27-baku","act":"approve","subject":"the calendar of events for 2025","statements":[{statements}]}}"#
        )
    };
    // (body, status, words)
    let table = [
        (
            body(r#"{"state":"IND","stance":"objection","text":"No."}"#),
            StatusCode::UNPROCESSABLE_ENTITY,
            "no consensus",
        ),
        (
            body(r#"{"state":"JPN","stance":"reservation","text":"A reservation."}"#),
            StatusCode::UNPROCESSABLE_ENTITY,
            "JPN is not a Member State",
        ),
        (
            body(r#"{"state":"IND","stance":"veto","text":"x"}"#),
            StatusCode::BAD_REQUEST,
            "statements[0].stance",
        ),
        (
            body("").replace("soc-2025-02-27-baku", "no-such-meeting"),
            StatusCode::BAD_REQUEST,
            "no meeting has the id",
        ),
        (
            body("").replace(
                r#""act":"approve","#,
                r#""act":"approve","date":"2025-03-01","#,
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "is not a day of meeting",
        ),
    ];
    for (b, status, words) in table {
        let r = app.post("/api/v1/decisions", Some(TOKEN), &b).await;
        assert_eq!(r.status, status, "{b}: {}", r.body);
        assert!(r.body.contains(words), "{b}: {}", r.body);
    }
    assert_eq!(
        app.post("/api/v1/decisions", None, &body("")).await.status,
        StatusCode::UNAUTHORIZED
    );
    let r = app
        .post(
            "/api/v1/decisions",
            Some(TOKEN),
            &body(r#"{"state":"CHN","stance":"interpretative-statement","text":"China reads item 4 as covering the Business Council."}"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let d = r.json();
    assert_eq!(d["register_number"], "SOC/2025/4");
    assert_eq!(d["date"], "2025-02-27", "the meeting's one day");
    assert_eq!(d["statements"][0]["state"], "CHN");
    let id = d["id"].as_str().expect("id").to_owned();
    let r = app
        .post(
            &format!("/api/v1/decisions/{id}/statements"),
            Some(TOKEN),
            r#"{"state":"KAZ","stance":"reservation","text":"Kazakhstan reserves its position on item 2."}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["statements"].as_array().expect("s").len(), 2);
    let r = app
        .post(
            &format!("/api/v1/decisions/{id}/statements"),
            Some(TOKEN),
            r#"{"state":"KAZ","stance":"objection","text":"No."}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(
        app.post(
            "/api/v1/decisions/nope/statements",
            Some(TOKEN),
            r#"{"state":"KAZ","stance":"reservation","text":"x"}"#
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let page = app.ok("/meetings/soc-2025-02-27-baku").await.body;
    assert!(page.contains("SOC/2025/4"));
}

#[tokio::test]
async fn the_chairmanship_procedure_acts_on_the_socs_recommendation() {
    let app = TestApp::new().await;
    let s = app
        .ok("/api/v1/silence-procedures/mc-2024-03-azerbaijan-chairmanship")
        .await
        .json();
    assert_eq!(s["basis"], "soc-2024-azerbaijan-candidacy");
    let page = app
        .ok("/silence/mc-2024-03-azerbaijan-chairmanship")
        .await
        .body;
    assert!(page.contains(r#"href="/decisions/soc-2024-azerbaijan-candidacy""#));
    let decision = app
        .ok("/decisions/mc-2024-azerbaijan-chairmanship")
        .await
        .body;
    assert!(decision.contains(r#"href="/decisions/soc-2024-azerbaijan-candidacy""#));
    let recommendation = app
        .ok("/decisions/soc-2024-azerbaijan-candidacy")
        .await
        .body;
    assert!(recommendation.contains(r#"href="/silence/mc-2024-03-azerbaijan-chairmanship""#));
}

#[tokio::test]
async fn a_state_view_reads_every_action() {
    let clock = Clock::manual(instant("2025-06-02T08:00:00Z"));
    let app = TestApp::with_clock(clock.clone(), Some(TOKEN)).await;
    let record = |body: &str| {
        let body = body.to_owned();
        let app = &app;
        async move {
            app.post(
                "/api/v1/treaties/convention-privileges-immunities/actions",
                Some(TOKEN),
                &body,
            )
            .await
        }
    };
    // Kuwait's parliament decides, then the instrument is deposited: two actions.
    let r = record(r#"{"party":"KWT","kind":"ratification","act":"2025-05-20"}"#).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v = app.ok("/api/v1/states/KWT/treaties").await.json();
    assert_eq!(v["items"][0]["pending"], "ratification");
    assert_eq!(v["items"][0]["party"], false);
    let r = record(r#"{"party":"KWT","kind":"ratification","deposit":"2025-06-01"}"#).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v = app.ok("/api/v1/states/KWT/treaties").await.json();
    let k = &v["items"][0];
    assert_eq!(
        (
            &k["party"],
            &k["consent"],
            &k["act"],
            &k["deposit"],
            &k["effective"]
        ),
        (
            &serde_json::json!(true),
            &serde_json::json!("ratification"),
            &serde_json::json!("2025-05-20"),
            &serde_json::json!("2025-06-01"),
            &serde_json::json!("2025-07-01")
        ),
        "{k}"
    );
    assert!(k["pending"].is_null(), "{k}");
    let page = app.ok("/states/KWT").await.unmarked();
    assert!(
        page.contains("ratification, deposited 1 June 2025"),
        "per-state page"
    );
    // A signature carries no deposit, whoever records it.
    let r =
        record(r#"{"party":"KWT","kind":"signature","act":"2025-06-01","deposit":"2025-06-01"}"#)
            .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    // Only a party can denounce; after it does, the view says so.
    let r = record(r#"{"party":"QAT","kind":"denunciation","deposit":"2025-06-01"}"#).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Qatar is not a party"), "{}", r.body);
    let r = record(r#"{"party":"KWT","kind":"denunciation","deposit":"2025-06-02"}"#).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v = app.ok("/api/v1/states/KWT/treaties").await.json();
    let k = &v["items"][0];
    assert_eq!(k["party"], false);
    assert_eq!(k["exit"], "denunciation");
    assert_eq!(k["deposit"], "2025-06-01", "the consent it had");
    let t = app
        .ok("/api/v1/treaties/convention-privileges-immunities")
        .await
        .json();
    assert_eq!(t["clause"]["exit_delay"], "on the day of");
    assert_eq!(
        t["needed"], 0,
        "entry into force, once reached, is not undone"
    );
}

#[tokio::test]
async fn a_what_if_for_a_later_party_is_refused() {
    let app = TestApp::new().await;
    // China deposited on 14 March 2025: a what-if dated before that is still refused.
    let r = app
        .get("/api/v1/treaties/convention-privileges-immunities/what-if?state=CHN&deposit=2025-01-01")
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("China is already a party"), "{}", r.body);
    // Bangladesh's deposit is known to the year: no notification, but the treaty's parties
    // give it as the sources do, and flag it.
    let n = app
        .ok("/api/v1/notifications?treaty=convention-privileges-immunities")
        .await
        .json();
    assert!(
        !n["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|x| x["party"] == "BGD"),
        "{n}"
    );
    let t = app
        .ok("/api/v1/treaties/convention-privileges-immunities")
        .await
        .json();
    let bgd = t["parties"]
        .as_array()
        .expect("parties")
        .iter()
        .find(|x| x["state"] == "BGD")
        .expect("Bangladesh");
    assert_eq!(bgd["deposit_text"], "2023 (day not known)");
    assert_eq!(bgd["unconfirmed"], true);
}

/// The Agreement on the Secretariat, the Host Country Agreement and its 2024 Protocol, on the
/// portal's day and on a day of the caller's choosing: each as its record allows.
#[tokio::test]
async fn the_secretariat_and_host_country_agreements_are_shown_as_the_record_allows() {
    let app = TestApp::with_today("2025-04-01").await;
    // (treaty, as of, status, label, sentence part, what-if offered)
    let table = [
        (
            "agreement-cica-secretariat",
            "2025-04-01",
            "applied-provisionally",
            "applied provisionally since 17 June 2006",
            "entry into force not recorded",
            false,
        ),
        (
            "host-country-agreement",
            "2025-04-01",
            "in-force-inferred",
            "in force (inferred)",
            "Kazakhstan completed its domestic procedures on 20 March 2008",
            false,
        ),
        (
            "host-country-agreement-protocol-2024",
            "2025-04-01",
            "not-in-force",
            "not in force",
            "it awaits the notification by Kazakhstan",
            false,
        ),
        (
            "host-country-agreement-protocol-2024",
            "2025-06-01",
            "in-force-inferred",
            "in force (inferred)",
            "Kazakhstan completed its domestic procedures on 19 May 2025",
            false,
        ),
        (
            "convention-privileges-immunities",
            "2025-04-01",
            "not-in-force",
            "not in force",
            "13 of the 14 instruments needed",
            true,
        ),
    ];
    for (slug, as_of, status, label, says, what_if) in table {
        let t = app
            .ok(&format!("/api/v1/treaties/{slug}?as_of={as_of}"))
            .await
            .json();
        let c = &t["condition"];
        assert_eq!(c["status"], status, "{slug} on {as_of}: {c}");
        assert_eq!(c["label"], label, "{slug} on {as_of}");
        assert_eq!(c["what_if"], what_if, "{slug}");
        let why = t["explanation"].as_str().expect("explanation");
        assert!(why.contains(says), "{slug} on {as_of}: {why}");
        assert!(
            !why.contains("0 of the 1"),
            "{slug}: no count of a bilateral agreement"
        );
    }

    // No count where nothing is counted; no day of entry into force the record lacks.
    for slug in ["agreement-cica-secretariat", "host-country-agreement"] {
        let t = app.ok(&format!("/api/v1/treaties/{slug}")).await.json();
        assert!(t["needed"].is_null() && t["counted"].is_null(), "{slug}");
        assert!(t["in_force"].is_null(), "{slug}");
    }
    // A state's page says a consent's next step is not recorded, not that it was not taken.
    let kaz = app.ok("/states/KAZ").await.unmarked();
    assert!(
        kaz.contains("ratification decided 20 March 2008; notification not recorded"),
        "{kaz}"
    );
    let page = app.ok("/treaties/host-country-agreement").await.body;
    assert!(page.contains("in force (inferred)"), "{page}");
    assert!(!page.contains("not in force"), "{page}");
    assert!(
        !page.contains("What if"),
        "no what-if on a bilateral agreement"
    );
    assert!(
        page.contains("Amended by <a href=\"/treaties/host-country-agreement-protocol-2024\">"),
        "the Agreement names the protocol that amends it"
    );
    assert!(
        !page.contains("depositary: not recorded"),
        "a bilateral agreement has no depositary"
    );
    let protocol = app
        .ok("/treaties/host-country-agreement-protocol-2024")
        .await
        .body;
    assert!(
        protocol.contains("Amends the <a href=\"/treaties/host-country-agreement\">"),
        "{protocol}"
    );
    let secretariat = app
        .ok("/treaties/agreement-cica-secretariat")
        .await
        .unmarked();
    assert!(secretariat.contains("applied provisionally since 17 June 2006"));
    assert!(!secretariat.contains(">not in force<"), "{secretariat}");
    let list = app.ok("/treaties").await.body;
    assert!(!list.contains("0 of the 1"), "{list}");

    // The what-if refuses with the reason where it means nothing.
    let refused = app
        .get("/api/v1/treaties/host-country-agreement/what-if?state=KAZ&deposit=2025-06-01")
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains("notification that domestic procedures are complete"),
        "{}",
        refused.body
    );
}

/// The March 2024 procedure is known to the day only: its page and the API say the day and
/// never state the placeholder hour as fact.
#[tokio::test]
async fn a_silence_known_only_to_the_day_is_never_stated_to_the_hour() {
    let app = TestApp::new().await;
    let id = "mc-2024-03-azerbaijan-chairmanship";
    let v = app
        .ok(&format!("/api/v1/silence-procedures/{id}"))
        .await
        .json();
    assert_eq!(v["times_known"], false);
    assert_eq!(v["deadline_chair"], "19 March 2024 (hour not recorded)");
    let page = app.ok(&format!("/silence/{id}")).await.body;
    for hour in ["18:00", "13:00", "UTC+0", "T13:00"] {
        assert!(!page.contains(hour), "the page states {hour}: {page}");
    }
    assert!(page.contains("<time datetime=\"2024-03-19\">"), "{page}");
    assert!(
        page.contains("<dt>Opened</dt><dd>not recorded</dd>"),
        "{page}"
    );
    let list = app.ok("/silence").await.body;
    assert!(!list.contains("18:00"), "{list}");
}

#[tokio::test]
async fn a_treaty_whose_depositary_is_not_named_lists_the_secretariats_notices_not_the_depositarys()
{
    let app = TestApp::new().await;
    let unnamed = app
        .ok("/treaties/convention-privileges-immunities")
        .await
        .body;
    assert!(
        unnamed.contains("<h2>Deposits recorded to the day</h2>"),
        "{unnamed}"
    );
    assert!(!unnamed.contains("<h2>Depositary notifications</h2>"));
    let named = app.ok("/treaties/agreement-cica-secretariat").await.body;
    assert!(
        named.contains("<h2>Depositary notifications</h2>"),
        "{named}"
    );
}
