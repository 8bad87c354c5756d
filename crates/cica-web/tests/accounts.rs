//! Who may write what over the API: every write route against every role, delegates acting
//! for their own state only, and what each role reads of a members-only document. The real
//! router over a real SQLite file, with accounts and personal tokens stored as in production.

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{TimeZone, Utc};
use cica_domain::StateCode;
use cica_domain::access::{Binding, Role};
use cica_web::Clock;
use common::{Reply, TestApp};

const EDITOR: &str = "editor-token-for-tests";
const KAZ: &str = "kazakhstan-delegate-token";
const JPN: &str = "japan-observer-token";
const ADMIN: &str = "administrator-token";

async fn app() -> TestApp {
    let start = Utc
        .with_ymd_and_hms(2025, 4, 1, 9, 0, 0)
        .single()
        .expect("instant");
    let app = TestApp::with_clock(Clock::manual(start), Some(EDITOR)).await;
    let state = |c: &str| Binding::State(StateCode::parse(c).expect("code"));
    app.account("kz@mfa.example.kz", Role::MemberDelegate, state("KAZ"), KAZ)
        .await;
    app.account(
        "jp@mofa.example.jp",
        Role::ObserverDelegate,
        state("JPN"),
        JPN,
    )
    .await;
    app.account(
        "admin@cica.example.org",
        Role::Administrator,
        Binding::None,
        ADMIN,
    )
    .await;
    app
}

async fn send(app: &TestApp, method: &str, uri: &str, auth: Option<&str>, body: &str) -> Reply {
    let mut r = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json");
    if let Some(a) = auth {
        r = r.header("authorization", a);
    }
    app.request(r.body(Body::from(body.to_owned())).expect("request"))
        .await
}

const OPEN: &str = r#"{"organ":"ministerial-council","act":"approve","subject":"A text","expires_at":"2025-04-03T18:00:00+04:00"}"#;

/// Who is asking, by the header they send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Public,
    BadToken,
    Observer,
    Delegate,
    Editor,
    Administrator,
}

impl Who {
    const ALL: [Who; 6] = [
        Who::Public,
        Who::BadToken,
        Who::Observer,
        Who::Delegate,
        Who::Editor,
        Who::Administrator,
    ];

    fn header(self) -> Option<String> {
        let t = match self {
            Who::Public => return None,
            Who::BadToken => "cica_0000",
            Who::Observer => JPN,
            Who::Delegate => KAZ,
            Who::Editor => EDITOR,
            Who::Administrator => ADMIN,
        };
        Some(format!("Bearer {t}"))
    }
}

/// What a role gets from a route: refused as unknown (401), refused for its role (403), or
/// let through to the rules (anything else: 2xx, 404, 409, 422…).
#[derive(Debug, PartialEq, Eq)]
enum Gate {
    Unauthorized,
    Forbidden,
    Through,
}

fn gate(status: StatusCode) -> Gate {
    match status {
        StatusCode::UNAUTHORIZED => Gate::Unauthorized,
        StatusCode::FORBIDDEN => Gate::Forbidden,
        _ => Gate::Through,
    }
}

/// Who a route lets through to its rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// Everyone (a read of what is public).
    Everyone,
    /// The Secretariat: editors and administrators.
    Secretariat,
    /// Administrators only.
    Administrators,
    /// The Secretariat, and the delegate of the state the body names (Kazakhstan here).
    OwnState,
}

/// Every route of the API with a request to send and who gets through. A route missing here
/// fails the test.
const MATRIX: &[(&str, &str, &str, &str, Rule)] = &[
    ("GET", "/states", "/api/v1/states", "", Rule::Everyone),
    (
        "GET",
        "/states/last-engaged",
        "/api/v1/states/last-engaged",
        "",
        Rule::Secretariat,
    ),
    (
        "GET",
        "/states/{code}",
        "/api/v1/states/KAZ",
        "",
        Rule::Everyone,
    ),
    (
        "PUT",
        "/states/{code}",
        "/api/v1/states/XYZ",
        "{}",
        Rule::Secretariat,
    ),
    (
        "GET",
        "/states/{code}/treaties",
        "/api/v1/states/KAZ/treaties",
        "",
        Rule::Everyone,
    ),
    (
        "GET",
        "/organizations",
        "/api/v1/organizations",
        "",
        Rule::Everyone,
    ),
    (
        "POST",
        "/organizations",
        "/api/v1/organizations",
        "{}",
        Rule::Secretariat,
    ),
    (
        "GET",
        "/organizations/{slug}",
        "/api/v1/organizations/sco",
        "",
        Rule::Everyone,
    ),
    (
        "PUT",
        "/organizations/{slug}",
        "/api/v1/organizations/no-such",
        "{}",
        Rule::Secretariat,
    ),
    ("GET", "/people", "/api/v1/people", "", Rule::Everyone),
    ("POST", "/people", "/api/v1/people", "{}", Rule::Secretariat),
    (
        "PUT",
        "/people/{slug}",
        "/api/v1/people/no-such",
        "{}",
        Rule::Secretariat,
    ),
    (
        "GET",
        "/people/{slug}",
        "/api/v1/people/kairat-sarybay",
        "",
        Rule::Everyone,
    ),
    ("GET", "/bodies", "/api/v1/bodies", "", Rule::Everyone),
    ("POST", "/bodies", "/api/v1/bodies", "{}", Rule::Secretariat),
    (
        "PUT",
        "/bodies/{slug}",
        "/api/v1/bodies/no-such",
        "{}",
        Rule::Secretariat,
    ),
    (
        "GET",
        "/bodies/{slug}",
        "/api/v1/bodies/think-tank-forum",
        "",
        Rule::Everyone,
    ),
    (
        "GET",
        "/chairmanships",
        "/api/v1/chairmanships",
        "",
        Rule::Everyone,
    ),
    (
        "POST",
        "/chairmanships",
        "/api/v1/chairmanships",
        "{}",
        Rule::Secretariat,
    ),
    (
        "GET",
        "/chairmanships/{key}",
        "/api/v1/chairmanships/KAZ-1999",
        "",
        Rule::Everyone,
    ),
    (
        "PUT",
        "/chairmanships/{key}",
        "/api/v1/chairmanships/KAZ-1999",
        "{}",
        Rule::Secretariat,
    ),
    ("GET", "/meetings", "/api/v1/meetings", "", Rule::Everyone),
    (
        "POST",
        "/meetings",
        "/api/v1/meetings",
        "{}",
        Rule::Secretariat,
    ),
    (
        "GET",
        "/meetings/{id}",
        "/api/v1/meetings/no-such",
        "",
        Rule::Everyone,
    ),
    (
        "PUT",
        "/meetings/{id}",
        "/api/v1/meetings/no-such",
        "{}",
        Rule::Secretariat,
    ),
    (
        "DELETE",
        "/meetings/{id}",
        "/api/v1/meetings/no-such",
        "",
        Rule::Secretariat,
    ),
    (
        "DELETE",
        "/organizations/{slug}",
        "/api/v1/organizations/no-such",
        "",
        Rule::Secretariat,
    ),
    (
        "DELETE",
        "/people/{slug}",
        "/api/v1/people/no-such",
        "",
        Rule::Secretariat,
    ),
    (
        "DELETE",
        "/bodies/{slug}",
        "/api/v1/bodies/no-such",
        "",
        Rule::Secretariat,
    ),
    (
        "GET",
        "/engagements",
        "/api/v1/engagements",
        "",
        Rule::Everyone,
    ),
    (
        "POST",
        "/engagements",
        "/api/v1/engagements",
        "{}",
        Rule::Secretariat,
    ),
    (
        "GET",
        "/engagements/{id}",
        "/api/v1/engagements/no-such",
        "",
        Rule::Everyone,
    ),
    (
        "PUT",
        "/engagements/{id}",
        "/api/v1/engagements/no-such",
        "{}",
        Rule::Secretariat,
    ),
    (
        "DELETE",
        "/engagements/{id}",
        "/api/v1/engagements/no-such",
        "",
        Rule::Secretariat,
    ),
    ("GET", "/news", "/api/v1/news", "", Rule::Everyone),
    ("POST", "/news", "/api/v1/news", "{}", Rule::Secretariat),
    (
        "GET",
        "/news/{slug}",
        "/api/v1/news/no-such",
        "",
        Rule::Everyone,
    ),
    (
        "DELETE",
        "/news/{slug}",
        "/api/v1/news/no-such",
        "",
        Rule::Secretariat,
    ),
    (
        "PUT",
        "/news/{slug}",
        "/api/v1/news/no-such",
        "{}",
        Rule::Secretariat,
    ),
    (
        "POST",
        "/news/{slug}/photos",
        "/api/v1/news/no-such/photos",
        "",
        Rule::Secretariat,
    ),
    (
        "POST",
        "/news/{slug}/restore",
        "/api/v1/news/no-such/restore",
        r#"{"entry": 1}"#,
        Rule::Secretariat,
    ),
    (
        "POST",
        "/states/{code}/restore",
        "/api/v1/states/ZZZ/restore",
        r#"{"entry": 1}"#,
        Rule::Secretariat,
    ),
    (
        "POST",
        "/organizations/{slug}/restore",
        "/api/v1/organizations/no-such/restore",
        r#"{"entry": 1}"#,
        Rule::Secretariat,
    ),
    (
        "POST",
        "/people/{slug}/restore",
        "/api/v1/people/no-such/restore",
        r#"{"entry": 1}"#,
        Rule::Secretariat,
    ),
    (
        "POST",
        "/bodies/{slug}/restore",
        "/api/v1/bodies/no-such/restore",
        r#"{"entry": 1}"#,
        Rule::Secretariat,
    ),
    (
        "POST",
        "/chairmanships/{key}/restore",
        "/api/v1/chairmanships/ZZZ-2030/restore",
        r#"{"entry": 1}"#,
        Rule::Secretariat,
    ),
    (
        "POST",
        "/meetings/{id}/restore",
        "/api/v1/meetings/no-such/restore",
        r#"{"entry": 1}"#,
        Rule::Secretariat,
    ),
    (
        "POST",
        "/engagements/{id}/restore",
        "/api/v1/engagements/no-such/restore",
        r#"{"entry": 1}"#,
        Rule::Secretariat,
    ),
    (
        "POST",
        "/documents/{slug}/restore",
        "/api/v1/documents/no-such/restore",
        r#"{"entry": 1}"#,
        Rule::Secretariat,
    ),
    (
        "POST",
        "/decisions/{id}/restore",
        "/api/v1/decisions/no-such/restore",
        r#"{"entry": 1}"#,
        Rule::Secretariat,
    ),
    (
        "POST",
        "/digests/{quarter}/restore",
        "/api/v1/digests/2031-Q1/restore",
        r#"{"entry": 1}"#,
        Rule::Secretariat,
    ),
    (
        "POST",
        "/news/{slug}/publish",
        "/api/v1/news/no-such/publish",
        "",
        Rule::Secretariat,
    ),
    ("GET", "/documents", "/api/v1/documents", "", Rule::Everyone),
    (
        "POST",
        "/documents",
        "/api/v1/documents",
        "{}",
        Rule::Secretariat,
    ),
    (
        "PUT",
        "/documents/{slug}",
        "/api/v1/documents/no-such",
        "{}",
        Rule::Secretariat,
    ),
    (
        "GET",
        "/documents/{slug}",
        "/api/v1/documents/ttf-annual-action-plan-2025",
        "",
        Rule::Everyone,
    ),
    (
        "GET",
        "/documents/{slug}/diff",
        "/api/v1/documents/ttf-annual-action-plan-2025/diff",
        "",
        Rule::Everyone,
    ),
    (
        "POST",
        "/documents/{slug}/versions",
        "/api/v1/documents/no-such/versions",
        r#"{"proposed_by":"secretariat","text":"Article 1."}"#,
        Rule::Secretariat,
    ),
    ("GET", "/decisions", "/api/v1/decisions", "", Rule::Everyone),
    (
        "PUT",
        "/decisions/{id}",
        "/api/v1/decisions/no-such",
        "{}",
        Rule::Secretariat,
    ),
    (
        "POST",
        "/decisions",
        "/api/v1/decisions",
        r#"{"organ":"senior-officials-committee","meeting":"no-such","act":"adopt","subject":"x"}"#,
        Rule::Secretariat,
    ),
    (
        "GET",
        "/decisions/{id}",
        "/api/v1/decisions/no-such",
        "",
        Rule::Everyone,
    ),
    (
        "POST",
        "/decisions/{id}/statements",
        "/api/v1/decisions/no-such/statements",
        r#"{"state":"KAZ","stance":"reservation","text":"Our reading."}"#,
        Rule::OwnState,
    ),
    (
        "GET",
        "/silence-procedures",
        "/api/v1/silence-procedures",
        "",
        Rule::Everyone,
    ),
    (
        "POST",
        "/silence-procedures",
        "/api/v1/silence-procedures",
        OPEN,
        Rule::Secretariat,
    ),
    (
        "GET",
        "/silence-procedures/{id}",
        "/api/v1/silence-procedures/no-such",
        "",
        Rule::Everyone,
    ),
    (
        "POST",
        "/silence-procedures/{id}/breaks",
        "/api/v1/silence-procedures/no-such/breaks",
        r#"{"state":"KAZ","stance":"objection","text":"We object."}"#,
        Rule::OwnState,
    ),
    (
        "POST",
        "/silence-procedures/{id}/extension",
        "/api/v1/silence-procedures/no-such/extension",
        r#"{"until":"2025-04-05T18:00:00+04:00"}"#,
        Rule::Secretariat,
    ),
    (
        "POST",
        "/silence-procedures/{id}/withdrawal",
        "/api/v1/silence-procedures/no-such/withdrawal",
        "",
        Rule::Secretariat,
    ),
    ("GET", "/treaties", "/api/v1/treaties", "", Rule::Everyone),
    (
        "GET",
        "/treaties/{slug}",
        "/api/v1/treaties/convention-privileges-immunities",
        "",
        Rule::Everyone,
    ),
    (
        "GET",
        "/treaties/{slug}/what-if",
        "/api/v1/treaties/convention-privileges-immunities/what-if?state=KAZ&deposit=2025-04-01",
        "",
        Rule::Everyone,
    ),
    (
        "POST",
        "/treaties/{slug}/actions",
        "/api/v1/treaties/no-such/actions",
        r#"{"party":"KAZ","kind":"ratification","deposit":"2025-03-01"}"#,
        Rule::Secretariat,
    ),
    (
        "POST",
        "/treaties/{slug}/actions/withdrawal",
        "/api/v1/treaties/no-such/actions/withdrawal",
        r#"{"party":"KAZ","kind":"ratification","reason":"x"}"#,
        Rule::Secretariat,
    ),
    (
        "GET",
        "/notifications",
        "/api/v1/notifications",
        "",
        Rule::Everyone,
    ),
    (
        "GET",
        "/cbm/areas",
        "/api/v1/cbm/areas?dimension=economic",
        "",
        Rule::Everyone,
    ),
    (
        "GET",
        "/cbm/areas/{slug}",
        "/api/v1/cbm/areas/ict-security",
        "",
        Rule::Everyone,
    ),
    (
        "PUT",
        "/cbm/areas/{slug}",
        "/api/v1/cbm/areas/matrix-area",
        r#"{"dimension":"economic","name":"A matrix area"}"#,
        Rule::Secretariat,
    ),
    (
        "GET",
        "/cbm/activities/{slug}",
        "/api/v1/cbm/activities/ict-security-awareness-workshop-2025",
        "",
        Rule::Everyone,
    ),
    (
        "PUT",
        "/cbm/activities/{slug}",
        "/api/v1/cbm/activities/matrix-activity",
        r#"{"area":"ict-security","kind":"workshop","title":"A workshop","start":"2025-03-01","organisers":["KAZ"]}"#,
        Rule::Secretariat,
    ),
    (
        "DELETE",
        "/cbm/activities/{slug}",
        "/api/v1/cbm/activities/no-such",
        "",
        Rule::Secretariat,
    ),
    (
        "GET",
        "/cbm/activities",
        "/api/v1/cbm/activities?state=KAZ",
        "",
        Rule::Everyone,
    ),
    (
        "GET",
        "/cbm/reports",
        "/api/v1/cbm/reports",
        "",
        Rule::Everyone,
    ),
    (
        "PUT",
        "/cbm/reports/{year}/{state}",
        "/api/v1/cbm/reports/2024/KAZ",
        r#"{"visibility":"members","text":"What Kazakhstan did."}"#,
        Rule::OwnState,
    ),
    (
        "GET",
        "/cbm/reports/{year}/{state}",
        "/api/v1/cbm/reports/2024/KAZ",
        "",
        Rule::Everyone,
    ),
    (
        "GET",
        "/cbm/rounds",
        "/api/v1/cbm/rounds",
        "",
        Rule::Everyone,
    ),
    (
        "GET",
        "/cbm/rounds/{year}",
        "/api/v1/cbm/rounds/2024",
        "",
        Rule::Everyone,
    ),
    (
        "PUT",
        "/cbm/rounds/{year}",
        "/api/v1/cbm/rounds/2024",
        r#"{"due":"2025-03-31"}"#,
        Rule::Secretariat,
    ),
    (
        "GET",
        "/contributions",
        "/api/v1/contributions?year=2025",
        "",
        Rule::Everyone,
    ),
    (
        "GET",
        "/contributions/statement",
        "/api/v1/contributions/statement",
        "",
        Rule::Everyone,
    ),
    (
        "GET",
        "/contributions/{id}",
        "/api/v1/contributions/kuwait-2025-voluntary",
        "",
        Rule::Everyone,
    ),
    (
        "PUT",
        "/contributions/{id}",
        "/api/v1/contributions/matrix-grant",
        r#"{"contributor":{"type":"state","key":"KAZ"},"recipient":"cica-fund","kind":"voluntary","title":"A grant","visibility":"public","movements":[{"stage":"pledged","day":"2025-03-01"}]}"#,
        Rule::Secretariat,
    ),
    (
        "DELETE",
        "/contributions/{id}",
        "/api/v1/contributions/no-such",
        "",
        Rule::Secretariat,
    ),
    (
        "GET",
        "/financial-reports",
        "/api/v1/financial-reports",
        "",
        Rule::Everyone,
    ),
    (
        "GET",
        "/financial-reports/{id}",
        "/api/v1/financial-reports/external-audit-2023-2024",
        "",
        Rule::Everyone,
    ),
    (
        "PUT",
        "/financial-reports/{id}",
        "/api/v1/financial-reports/matrix-report",
        r#"{"kind":"financial-report","from":"2025-01-01","to":"2025-12-31"}"#,
        Rule::Secretariat,
    ),
    (
        "DELETE",
        "/financial-reports/{id}",
        "/api/v1/financial-reports/no-such",
        "",
        Rule::Secretariat,
    ),
    (
        "GET",
        "/fund/projects",
        "/api/v1/fund/projects",
        "",
        Rule::Everyone,
    ),
    (
        "GET",
        "/fund/projects/{id}",
        "/api/v1/fund/projects/afghanistan-wheat-2025",
        "",
        Rule::Everyone,
    ),
    (
        "PUT",
        "/fund/projects/{id}",
        "/api/v1/fund/projects/matrix-project",
        r#"{"title":"A project","proposed_by":"KAZ","review":[{"stage":"submitted","day":"2025-03-01"}]}"#,
        Rule::Secretariat,
    ),
    (
        "POST",
        "/fund/projects/{id}/review",
        "/api/v1/fund/projects/no-such/review",
        r#"{"stage":"screening"}"#,
        Rule::Secretariat,
    ),
    ("GET", "/digests", "/api/v1/digests", "", Rule::Everyone),
    (
        "GET",
        "/digests/{quarter}",
        "/api/v1/digests/2025-Q1",
        "",
        Rule::Everyone,
    ),
    (
        "PUT",
        "/digests/{quarter}",
        "/api/v1/digests/2030-Q1",
        r#"{"title":"A future issue"}"#,
        Rule::Secretariat,
    ),
    (
        "POST",
        "/import",
        "/api/v1/import?dry_run=true",
        "ASTANA, 1 April 2025 – A text.",
        Rule::Secretariat,
    ),
    (
        "GET",
        "/import/proposals",
        "/api/v1/import/proposals",
        "",
        Rule::Secretariat,
    ),
    (
        "POST",
        "/import/proposals/{news}/{kind}/{subject}/accept",
        "/api/v1/import/proposals/no-such/meeting/soc/accept",
        "{}",
        Rule::Secretariat,
    ),
    (
        "POST",
        "/import/proposals/{news}/{kind}/{subject}/reject",
        "/api/v1/import/proposals/no-such/meeting/soc/reject",
        "",
        Rule::Secretariat,
    ),
    ("GET", "/audit", "/api/v1/audit", "", Rule::Administrators),
];

#[tokio::test]
async fn every_route_admits_exactly_the_roles_that_may_use_it() {
    // The matrix covers the router, route for route and method for method.
    let routed: std::collections::BTreeSet<(String, String)> = cica_web::api_index()
        .into_iter()
        .filter(|(path, _)| *path != "/")
        .flat_map(|(path, methods)| {
            methods
                .iter()
                .map(move |m| ((*m).to_owned(), path.to_owned()))
        })
        .collect();
    let covered: std::collections::BTreeSet<(String, String)> = MATRIX
        .iter()
        .map(|(m, p, ..)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    assert_eq!(
        covered, routed,
        "a route was added or removed without its row here"
    );

    let app = app().await;
    for &(method, _, uri, body, rule) in MATRIX {
        for who in Who::ALL {
            let r = send(&app, method, uri, who.header().as_deref(), body).await;
            let expected = match (who, rule) {
                (Who::BadToken, _) => Gate::Unauthorized,
                (_, Rule::Everyone) => Gate::Through,
                (Who::Public, _) => Gate::Unauthorized,
                (Who::Delegate, Rule::OwnState) => Gate::Through,
                (Who::Observer | Who::Delegate, _) => Gate::Forbidden,
                (Who::Editor, Rule::Administrators) => Gate::Forbidden,
                (Who::Editor | Who::Administrator, _) => Gate::Through,
            };
            assert_eq!(
                gate(r.status),
                expected,
                "{who:?} {method} {uri}: {}",
                r.body
            );
            if r.status.is_client_error() {
                assert!(
                    r.json()["error"]["message"].is_string(),
                    "{who:?} {method} {uri}: the documented error shape"
                );
            }
        }
    }
    // A delegate acts for its own state only.
    for (uri, body) in [
        (
            "/api/v1/silence-procedures/no-such/breaks",
            r#"{"state":"TUR","stance":"objection","text":"We object."}"#,
        ),
        (
            "/api/v1/decisions/no-such/statements",
            r#"{"state":"IND","stance":"reservation","text":"Their reading."}"#,
        ),
    ] {
        let r = send(&app, "POST", uri, Who::Delegate.header().as_deref(), body).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{uri}: {}", r.body);
        let r = send(&app, "POST", uri, Who::Editor.header().as_deref(), body).await;
        assert_eq!(gate(r.status), Gate::Through, "{uri}: {}", r.body);
    }
}

#[tokio::test]
async fn a_delegate_breaks_silence_for_its_own_state_and_the_trail_says_who() {
    let app = app().await;
    let r = send(
        &app,
        "POST",
        "/api/v1/silence-procedures",
        Some(&format!("Bearer {EDITOR}")),
        OPEN,
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_str().expect("id").to_owned();
    let breaks = format!("/api/v1/silence-procedures/{id}/breaks");
    // Known to the minute, its page states the hour, in the page's one date format: on the
    // Chair's clock and on UTC, the machine form only in `datetime`.
    let page = app.ok(&format!("/silence/{id}")).await.body;
    assert!(
        page.contains(
            "<time datetime=\"2025-04-03T14:00:00Z\">3 April 2025, 14:00 (UTC+00:00)</time>"
        ),
        "{page}"
    );
    assert!(!page.contains("<code>2025-04-03"), "{page}");

    let r = send(
        &app,
        "POST",
        &breaks,
        Some(&format!("Bearer {JPN}")),
        r#"{"state":"JPN","stance":"objection","text":"No."}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert!(
        r.body.contains("observers never break silence"),
        "{}",
        r.body
    );

    let r = send(
        &app,
        "POST",
        &breaks,
        Some(&format!("Bearer {KAZ}")),
        r#"{"state":"TUR","stance":"objection","text":"No."}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

    // The scheme is case-insensitive.
    let r = send(
        &app,
        "POST",
        &breaks,
        Some(&format!("bearer {KAZ}")),
        r#"{"state":"KAZ","stance":"amendment","text":"Add a paragraph on youth."}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["status"], "not-adopted");
    assert_eq!(r.json()["broken_by"][0], "KAZ");
    // The break is listed with its moment for people and for machines.
    let page = app.ok(&format!("/silence/{id}")).await.body;
    assert!(
        page.contains(
            "<div class=\"when\"><time datetime=\"2025-04-01T09:00:00Z\">1 April 2025, 13:00 (UTC+04:00)</time></div>"
        ),
        "{page}"
    );

    let trail = app
        .state
        .store()
        .audit(Some(&format!("silence/{id}")))
        .await
        .expect("reads");
    let who: Vec<(&str, &str)> = trail
        .iter()
        .map(|e| (e.actor.as_str(), e.action.as_str()))
        .collect();
    assert_eq!(
        who,
        [
            ("account:editor@secretariat.example.org", "silence.open"),
            ("account:kz@mfa.example.kz", "silence.break"),
        ]
    );
}

#[tokio::test]
async fn a_disabled_account_or_a_revoked_token_is_refused_at_once() {
    let app = app().await;
    let by = common::test_by();
    let store = app.state.store();
    store
        .set_disabled("kz@mfa.example.kz", true, &by)
        .await
        .expect("disables");
    let r = send(
        &app,
        "GET",
        "/api/v1/documents/sg-financial-report-2024",
        Some(&format!("Bearer {KAZ}")),
        "",
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    store
        .revoke_token("editor@secretariat.example.org", "test", &by)
        .await
        .expect("revokes");
    let r = send(
        &app,
        "POST",
        "/api/v1/silence-procedures",
        Some(&format!("Bearer {EDITOR}")),
        OPEN,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    for bad in ["Basic abc", "Bearer", "Bearer ", "Token x"] {
        let r = send(&app, "GET", "/api/v1/documents", Some(bad), "").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{bad}: {}", r.body);
        assert_eq!(r.json()["error"]["code"], "unauthorized");
    }
}

#[tokio::test]
async fn each_role_reads_a_members_only_document_as_its_level_allows() {
    let app = app().await;
    let uri = "/api/v1/documents/sg-financial-report-2024";
    for (who, readable) in [
        (Who::Public, false),
        (Who::Observer, false),
        (Who::Delegate, true),
        (Who::Editor, true),
    ] {
        let r = send(&app, "GET", uri, who.header().as_deref(), "").await;
        if !readable {
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{who:?}: {}", r.body);
            let list = send(
                &app,
                "GET",
                "/api/v1/documents",
                who.header().as_deref(),
                "",
            )
            .await;
            assert!(!list.body.contains("sg-financial-report-2024"), "{who:?}");
            continue;
        }
        assert_eq!(r.status, StatusCode::OK, "{who:?}: {}", r.body);
        let d = r.json();
        assert_eq!(d["restricted"], false, "{who:?}");
        assert!(d["versions"][0]["proposed_by"].is_string(), "{who:?}");
    }
}

#[tokio::test]
async fn each_role_lists_exactly_the_documents_it_may_read() {
    use cica_domain::access::{Actor, may_read};
    let app = app().await;
    let documents = cica_data::builtin().expect("dataset").documents;
    let state = |c: &str| Binding::State(StateCode::parse(c).expect("code"));
    for (who, actor) in [
        (Who::Public, Actor::Public),
        (
            Who::Observer,
            Actor::Account {
                id: 0,
                email: String::new(),
                grant: Some((Role::ObserverDelegate, state("JPN"))),
            },
        ),
        (
            Who::Delegate,
            Actor::Account {
                id: 0,
                email: String::new(),
                grant: Some((Role::MemberDelegate, state("KAZ"))),
            },
        ),
        (
            Who::Editor,
            Actor::Account {
                id: 0,
                email: String::new(),
                grant: Some((Role::Editor, Binding::None)),
            },
        ),
    ] {
        let mut expected: Vec<String> = documents
            .iter()
            .filter(|d| may_read(&actor, d.visibility))
            .map(|d| d.slug.to_string())
            .collect();
        expected.sort();
        let r = send(
            &app,
            "GET",
            "/api/v1/documents",
            who.header().as_deref(),
            "",
        )
        .await;
        let mut listed: Vec<String> = r.json()["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|d| d["slug"].as_str().map(str::to_owned))
            .collect();
        listed.sort();
        assert_eq!(listed, expected, "{who:?}");
    }
}

/// Every address of the account administration, with a request to send (a form body, to
/// which each browser adds its form token). A route missing here fails the test.
const ADMIN_MATRIX: &[(&str, &str, &str, &str)] = &[
    ("GET", "/admin/accounts", "/admin/accounts", ""),
    ("POST", "/admin/accounts", "/admin/accounts", "email=&role="),
    (
        "GET",
        "/admin/accounts/{email}",
        "/admin/accounts/target@cica.example.org",
        "",
    ),
    (
        "POST",
        "/admin/accounts/{email}/role",
        "/admin/accounts/target@cica.example.org/role",
        "role=editor&state=KAZ",
    ),
    (
        "POST",
        "/admin/accounts/{email}/disable",
        "/admin/accounts/target@cica.example.org/disable",
        "",
    ),
    (
        "POST",
        "/admin/accounts/{email}/enable",
        "/admin/accounts/target@cica.example.org/enable",
        "",
    ),
    (
        "POST",
        "/admin/accounts/{email}/password",
        "/admin/accounts/target@cica.example.org/password",
        "password=short&confirm=short",
    ),
    (
        "POST",
        "/admin/accounts/{email}/tokens",
        "/admin/accounts/target@cica.example.org/tokens",
        "name=",
    ),
    (
        "POST",
        "/admin/accounts/{email}/tokens/revoke",
        "/admin/accounts/target@cica.example.org/tokens/revoke",
        "name=none",
    ),
];

#[tokio::test]
async fn the_account_administration_exists_for_administrators_alone() {
    let routed: std::collections::BTreeSet<(String, String)> = cica_web::admin_index()
        .into_iter()
        .flat_map(|(path, methods)| {
            methods
                .iter()
                .map(move |m| ((*m).to_owned(), path.to_owned()))
        })
        .collect();
    let covered: std::collections::BTreeSet<(String, String)> = ADMIN_MATRIX
        .iter()
        .map(|(m, p, ..)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    assert_eq!(
        covered, routed,
        "a route was added or removed without its row here"
    );

    let app = app().await;
    app.account(
        "target@cica.example.org",
        Role::Editor,
        Binding::None,
        "target-token",
    )
    .await;
    // Each role in a signed-in browser: its session cookie and form token.
    let mut browsers = Vec::new();
    for (who, email) in [
        (Who::Observer, "jp@mofa.example.jp"),
        (Who::Delegate, "kz@mfa.example.kz"),
        (Who::Editor, "editor@secretariat.example.org"),
        (Who::Administrator, "admin@cica.example.org"),
    ] {
        let s = app
            .state
            .uses()
            .sign_in(email, "a long test password", None)
            .await
            .expect("signs in");
        browsers.push((who, Some((format!("cica_session={}", s.id), s.csrf))));
    }
    browsers.insert(0, (Who::Public, None));
    for &(method, _, uri, body) in ADMIN_MATRIX {
        for (who, browser) in &browsers {
            let mut r = Request::builder()
                .method(method)
                .uri(uri)
                .header("content-type", "application/x-www-form-urlencoded");
            let mut body = body.to_owned();
            if let Some((cookie, csrf)) = browser {
                r = r.header("cookie", cookie);
                body = format!("{body}&csrf={csrf}");
            }
            let r = app
                .request(r.body(Body::from(body)).expect("request"))
                .await;
            if *who == Who::Administrator {
                assert!(
                    !matches!(
                        r.status,
                        StatusCode::NOT_FOUND | StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
                    ),
                    "{who:?} {method} {uri}: {} {}",
                    r.status,
                    r.body
                );
            } else {
                assert_eq!(
                    r.status,
                    StatusCode::NOT_FOUND,
                    "{who:?} {method} {uri}: {}",
                    r.body
                );
            }
        }
        // A bad bearer token is refused at once, here as everywhere.
        let r = send(&app, method, uri, Who::BadToken.header().as_deref(), body).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{method} {uri}");
    }
}
