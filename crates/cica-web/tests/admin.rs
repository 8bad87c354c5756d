//! Account administration in the browser, and the reason a write carries into the audit
//! trail (page forms and `X-Audit-Note`). The real router over a real SQLite file, with
//! sessions started as a browser starts them.

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use cica_domain::StateCode;
use cica_domain::access::{Binding, Role};
use common::{Reply, TestApp};

const PASSWORD: &str = "a long test password";
const ADMIN: &str = "admin@cica.example.org";
const ADMIN_TOKEN: &str = "administrator-token-for-admin-tests";
const EDITOR_TOKEN: &str = "editor-token-for-admin-tests";
const KZ: &str = "kz@mfa.example.kz";

async fn app() -> TestApp {
    let app = TestApp::with_today_and_token(common::TODAY, EDITOR_TOKEN).await;
    app.account(ADMIN, Role::Administrator, Binding::None, ADMIN_TOKEN)
        .await;
    app.account(
        KZ,
        Role::MemberDelegate,
        Binding::State(StateCode::parse("KAZ").expect("code")),
        "kz-token-for-admin-tests",
    )
    .await;
    app
}

/// A browser signed in as `email`: its cookie and its form token.
struct Browser {
    cookie: String,
    csrf: String,
}

async fn signed_in(app: &TestApp, email: &str, password: &str) -> Browser {
    let s = app
        .state
        .uses()
        .sign_in(email, password, None)
        .await
        .expect("signs in");
    Browser {
        cookie: format!("cica_session={}", s.id),
        csrf: s.csrf,
    }
}

async fn get(app: &TestApp, uri: &str, b: Option<&Browser>) -> Reply {
    let mut r = Request::get(uri);
    if let Some(b) = b {
        r = r.header("cookie", &b.cookie);
    }
    app.request(r.body(Body::empty()).expect("request")).await
}

/// Posts a form as `b`, with its form token unless `csrf` is false.
async fn post(app: &TestApp, uri: &str, b: &Browser, csrf: bool, form: &[(&str, &str)]) -> Reply {
    let mut fields: Vec<(&str, &str)> = form.to_vec();
    if csrf {
        fields.push(("csrf", &b.csrf));
    }
    let body = serde_urlencoded::to_string(&fields).expect("form");
    app.request(
        Request::post(uri)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", &b.cookie)
            .body(Body::from(body))
            .expect("request"),
    )
    .await
}

async fn trail(app: &TestApp, record: &str) -> Vec<serde_json::Value> {
    app.all_as(&format!("/api/v1/audit?record={record}"), 100, ADMIN_TOKEN)
        .await
}

#[tokio::test]
async fn an_editor_cannot_open_the_account_administration() {
    let app = app().await;
    let editor = signed_in(&app, "editor@secretariat.example.org", PASSWORD).await;
    let delegate = signed_in(&app, KZ, PASSWORD).await;
    for who in [None, Some(&editor), Some(&delegate)] {
        for uri in ["/admin/accounts", &format!("/admin/accounts/{KZ}")] {
            let r = get(&app, uri, who).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}: {}", r.body);
            assert!(
                !r.body.contains("Accounts") && !r.body.contains("Add an account"),
                "{uri}"
            );
        }
    }
    // Not even a link, and a form sent anyway is as unknown as any other address.
    let account = get(&app, "/account", Some(&editor)).await;
    assert!(
        !account.body.contains("/admin/accounts"),
        "{}",
        account.body
    );
    let r = post(
        &app,
        &format!("/admin/accounts/{KZ}/disable"),
        &editor,
        true,
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = get(&app, "/account", Some(&delegate)).await;
    assert_eq!(r.status, StatusCode::OK, "the delegate was not disabled");
    // An administrator is linked to it.
    let admin = signed_in(&app, ADMIN, PASSWORD).await;
    let account = get(&app, "/account", Some(&admin)).await;
    assert!(
        account.body.contains(r#"href="/admin/accounts""#),
        "{}",
        account.body
    );
}

#[tokio::test]
async fn an_administrator_adds_a_delegate_who_then_signs_in() {
    let app = app().await;
    let admin = signed_in(&app, ADMIN, PASSWORD).await;
    let list = get(&app, "/admin/accounts", Some(&admin)).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert!(
        list.body.contains(KZ) && list.body.contains("Kazakhstan"),
        "{}",
        list.body
    );
    assert_eq!(list.headers["cache-control"], "private, no-store");

    let r = post(
        &app,
        "/admin/accounts",
        &admin,
        true,
        &[
            ("email", "in@mea.example.in"),
            ("role", "member-delegate"),
            ("state", "ind"),
            ("organization", ""),
            ("password", "a password for india"),
            ("confirm", "a password for india"),
            ("note", "Note verbale No. 12 of 28 March"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let to = r.headers["location"].to_str().expect("location").to_owned();
    assert_eq!(to, "/admin/accounts/in@mea.example.in?done=added");
    let page = get(&app, &to, Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("Delegate of a Member State") && page.body.contains("India (IND)"),
        "{}",
        page.body
    );
    assert!(page.body.contains(common::TODAY), "since today");

    // The new delegate signs in with the password the administrator typed.
    let delegate = signed_in(&app, "in@mea.example.in", "a password for india").await;
    let account = get(&app, "/account", Some(&delegate)).await;
    assert!(account.body.contains("IND"), "{}", account.body);

    let entries = trail(&app, "account/in@mea.example.in").await;
    assert_eq!(entries[0]["action"], "account.add", "{entries:?}");
    assert_eq!(entries[0]["actor"], format!("account:{ADMIN}"));
    assert_eq!(entries[0]["note"], "Note verbale No. 12 of 28 March");
}

#[tokio::test]
async fn a_refused_form_shows_each_problem_next_to_its_field_and_keeps_what_was_typed() {
    let app = app().await;
    let admin = signed_in(&app, ADMIN, PASSWORD).await;
    let r = post(
        &app,
        "/admin/accounts",
        &admin,
        true,
        &[
            ("email", "someone@example.org"),
            ("role", "member-delegate"),
            ("state", "XX1"),
            ("password", "too short"),
            ("confirm", "not the same"),
            ("note", "a reason"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    for id in ["add-state-error", "add-confirm-error"] {
        assert!(
            r.body.contains(&format!(r#"id="{id}""#)),
            "{id}: {}",
            r.body
        );
    }
    assert!(
        r.body.contains(r#"value="someone@example.org""#),
        "{}",
        r.body
    );
    assert!(r.body.contains(r#"value="a reason""#), "{}", r.body);
    assert!(
        !r.body.contains("too short") && !r.body.contains("not the same"),
        "passwords are never sent back"
    );

    // The use case's own refusals: the password's length, a state that is not a Member State
    // today, an address already taken.
    for (form, id, says) in [
        (
            [
                ("email", "x@example.org"),
                ("role", "editor"),
                ("state", ""),
            ],
            "add-password-error",
            "at least 12",
        ),
        (
            [
                ("email", "x@example.org"),
                ("role", "member-delegate"),
                ("state", "JPN"),
            ],
            "add-state-error",
            "not a Member State",
        ),
        (
            [("email", KZ), ("role", "editor"), ("state", "")],
            "add-email-error",
            KZ,
        ),
    ] {
        let password = if id == "add-password-error" {
            "short"
        } else {
            "a long enough password"
        };
        let mut fields = form.to_vec();
        fields.extend([("password", password), ("confirm", password)]);
        let r = post(&app, "/admin/accounts", &admin, true, &fields).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{id}: {}", r.body);
        let at = r
            .body
            .find(&format!(r#"id="{id}""#))
            .unwrap_or_else(|| panic!("{id}: {}", r.body));
        assert!(r.body[at..].contains(says), "{id}: {}", &r.body[at..]);
    }
    let accounts = app.state.store().accounts().await.expect("accounts");
    assert_eq!(accounts.len(), 3, "nothing was added");
}

#[tokio::test]
async fn a_form_without_its_token_is_refused_and_changes_nothing() {
    let app = app().await;
    let admin = signed_in(&app, ADMIN, PASSWORD).await;
    for (uri, form) in [
        (
            "/admin/accounts".to_owned(),
            vec![
                ("email", "new@example.org"),
                ("role", "editor"),
                ("password", "a long enough password"),
                ("confirm", "a long enough password"),
            ],
        ),
        (format!("/admin/accounts/{KZ}/disable"), vec![]),
        (
            format!("/admin/accounts/{KZ}/password"),
            vec![
                ("password", "a long enough password"),
                ("confirm", "a long enough password"),
            ],
        ),
        (format!("/admin/accounts/{KZ}/tokens"), vec![("name", "x")]),
    ] {
        let r = post(&app, &uri, &admin, false, &form).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{uri}: {}", r.body);
        let mut forged = form.clone();
        forged.push(("csrf", "0000"));
        let r = post(&app, &uri, &admin, false, &forged).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{uri}: {}", r.body);
    }
    assert_eq!(
        app.state.store().accounts().await.expect("accounts").len(),
        3
    );
    // The delegate still signs in with the old password.
    signed_in(&app, KZ, PASSWORD).await;
    // A bearer token reads the pages but sends no form: forms need a browser's session.
    let r = app.get_as("/admin/accounts", ADMIN_TOKEN).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .request(
            Request::post(format!("/admin/accounts/{KZ}/disable"))
                .header("authorization", format!("Bearer {ADMIN_TOKEN}"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from("csrf="))
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
}

#[tokio::test]
async fn an_administrator_disables_an_account_and_its_sessions_stop_working() {
    let app = app().await;
    let admin = signed_in(&app, ADMIN, PASSWORD).await;
    let delegate = signed_in(&app, KZ, PASSWORD).await;
    assert_eq!(
        get(&app, "/account", Some(&delegate)).await.status,
        StatusCode::OK
    );

    let r = post(
        &app,
        &format!("/admin/accounts/{KZ}/disable"),
        &admin,
        true,
        &[("note", "Left the ministry")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = get(
        &app,
        r.headers["location"].to_str().expect("location"),
        Some(&admin),
    )
    .await;
    assert!(page.body.contains("Disabled") && page.body.contains("Enable the account"));

    // The delegate's browser is signed out, its token refused, and it cannot sign in again.
    let r = get(&app, "/account", Some(&delegate)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers["location"], "/login");
    let r = app
        .get_as("/api/v1/documents", "kz-token-for-admin-tests")
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    assert!(
        app.state.uses().sign_in(KZ, PASSWORD, None).await.is_err(),
        "a disabled account cannot sign in"
    );

    // Disabling twice is refused above the form; enabling lets it sign in again.
    let r = post(
        &app,
        &format!("/admin/accounts/{KZ}/disable"),
        &admin,
        true,
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("already disabled"), "{}", r.body);
    let r = post(
        &app,
        &format!("/admin/accounts/{KZ}/enable"),
        &admin,
        true,
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    signed_in(&app, KZ, PASSWORD).await;

    let entries = trail(&app, &format!("account/{KZ}")).await;
    let notes: Vec<_> = entries
        .iter()
        .map(|e| (e["action"].as_str().unwrap_or(""), e["note"].clone()))
        .filter(|(a, _)| a.starts_with("account.disable") || a.starts_with("account.enable"))
        .collect();
    assert_eq!(
        notes.first().map(|(_, n)| n.clone()),
        Some(serde_json::json!("Left the ministry")),
        "{entries:?}"
    );
}

#[tokio::test]
async fn an_administrator_changes_a_role_resets_a_password_and_manages_tokens() {
    let app = app().await;
    let admin = signed_in(&app, ADMIN, PASSWORD).await;
    let base = format!("/admin/accounts/{KZ}");

    // A role the binding does not suit is refused next to the field.
    let r = post(
        &app,
        &format!("{base}/role"),
        &admin,
        true,
        &[("role", "editor"), ("state", "KAZ")],
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains(r#"id="role-role-error""#), "{}", r.body);
    let r = post(
        &app,
        &format!("{base}/role"),
        &admin,
        true,
        &[("role", "editor"), ("state", ""), ("organization", "")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = get(&app, &base, Some(&admin)).await;
    assert!(page.body.contains("Secretariat editor"), "{}", page.body);
    assert!(
        page.body.contains("Delegate of a Member State") && page.body.contains("2025-03-31"),
        "the earlier role stays on record, until yesterday: {}",
        page.body
    );

    // A reset password.
    let r = post(
        &app,
        &format!("{base}/password"),
        &admin,
        true,
        &[
            ("password", "a brand new password"),
            ("confirm", "a brand new password"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(app.state.uses().sign_in(KZ, PASSWORD, None).await.is_err());
    signed_in(&app, KZ, "a brand new password").await;

    // A token, shown once, works until it is revoked.
    let r = post(
        &app,
        &format!("{base}/tokens"),
        &admin,
        true,
        &[("name", "ministry script")],
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.headers["cache-control"], "private, no-store");
    let at = r.body.find("cica_").expect("the token is shown");
    let token = format!(
        "cica_{}",
        r.body[at + 5..]
            .chars()
            .take_while(char::is_ascii_hexdigit)
            .collect::<String>()
    );
    assert!(token.len() > 40, "{token}");
    assert_eq!(
        app.get_as("/api/v1/decisions", &token).await.status,
        StatusCode::OK
    );
    let page = get(&app, &base, Some(&admin)).await;
    assert!(page.body.contains("ministry script") && !page.body.contains(&token));
    let r = post(
        &app,
        &format!("{base}/tokens/revoke"),
        &admin,
        true,
        &[
            ("name", "ministry script"),
            ("note", "The script is retired"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        app.get_as("/api/v1/decisions", &token).await.status,
        StatusCode::UNAUTHORIZED
    );
    let r = post(
        &app,
        &format!("{base}/tokens/revoke"),
        &admin,
        true,
        &[("name", "no such token")],
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
}

// ---------------------------------------------------------------------------------------------
// The reason for the record.

#[tokio::test]
async fn the_reason_in_x_audit_note_reaches_the_audit_trail() {
    let app = app().await;
    let text = "ASTANA, 31 March 2025 – The CICA Secretariat hosted a seminar on water diplomacy for experts of the Member States.\n\nParticipants discussed shared rivers.";
    let r = app
        .request(
            Request::post("/api/v1/import?dry_run=false&name=seminar.txt")
                .header("authorization", format!("Bearer {EDITOR_TOKEN}"))
                .body(Body::from(text))
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let slug = r.json()["items"][0]["slug"]
        .as_str()
        .expect("slug")
        .to_owned();
    let publish = |note: &'static str| {
        Request::post(format!("/api/v1/news/{slug}/publish"))
            .header("authorization", format!("Bearer {EDITOR_TOKEN}"))
            .header("x-audit-note", note)
            .body(Body::empty())
            .expect("request")
    };
    // Refused before anything is written: a control character, a note too long, bytes that
    // are not UTF-8, a header that is not ASCII.
    let long = Box::leak("x".repeat(1_001).into_boxed_str());
    for bad in ["a%07bell", long, "%FF%FE"] {
        let r = app.request(publish(bad)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}: {}", r.body);
        assert_eq!(r.json()["error"]["code"], "invalid_parameter");
        assert_eq!(r.json()["error"]["parameter"], "X-Audit-Note");
    }
    let r = app
        .request(
            Request::post(format!("/api/v1/news/{slug}/publish"))
                .header("authorization", format!("Bearer {EDITOR_TOKEN}"))
                .header("x-audit-note", &b"caf\xc3\xa9"[..])
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.json()["error"]["parameter"], "X-Audit-Note");
    assert!(
        trail(&app, &format!("news/{slug}"))
            .await
            .iter()
            .all(|e| e["action"] != "news.publish")
    );

    let r = app
        .request(publish(
            "Approved%20by%20the%20Executive%20Director%20%E2%80%94%20d%C3%A9cision%20n%C2%B0%207",
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let entries = trail(&app, &format!("news/{slug}")).await;
    let published = entries
        .iter()
        .find(|e| e["action"] == "news.publish")
        .expect("published");
    assert_eq!(
        published["note"],
        "Approved by the Executive Director — décision n° 7"
    );
    // The import before it gave none.
    assert!(entries[0]["note"].is_null(), "{entries:?}");
    // The history on the record's page shows it to the Secretariat.
    let editor = signed_in(&app, "editor@secretariat.example.org", PASSWORD).await;
    let page = get(&app, &format!("/news/{slug}"), Some(&editor)).await;
    assert!(
        page.body
            .contains("Approved by the Executive Director — décision n° 7"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn the_reason_given_on_a_page_form_reaches_the_history() {
    let app = app().await;
    let text = "ASTANA, 31 March 2025 – The CICA Secretariat hosted a seminar on water diplomacy for experts of the Member States.\n\nParticipants discussed shared rivers.";
    let r = app
        .request(
            Request::post("/api/v1/import?dry_run=false&name=seminar.txt")
                .header("authorization", format!("Bearer {EDITOR_TOKEN}"))
                .body(Body::from(text))
                .expect("request"),
        )
        .await;
    let slug = r.json()["items"][0]["slug"]
        .as_str()
        .expect("slug")
        .to_owned();
    let editor = signed_in(&app, "editor@secretariat.example.org", PASSWORD).await;
    let draft = get(&app, &format!("/news/{slug}"), Some(&editor)).await;
    assert!(
        draft.body.contains("Reason for the record"),
        "{}",
        draft.body
    );
    let r = post(
        &app,
        &format!("/news/{slug}/publish"),
        &editor,
        true,
        &[("note", "a\u{7}bell")],
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let r = post(
        &app,
        &format!("/news/{slug}/publish"),
        &editor,
        true,
        &[("note", "Cleared by the press office")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = get(&app, &format!("/news/{slug}"), Some(&editor)).await;
    assert!(
        page.body.contains("(Cleared by the press office)"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn a_delegates_reason_for_breaking_silence_is_in_the_history() {
    let start = chrono::Utc::now();
    let app = TestApp::with_clock(cica_web::Clock::manual(start), Some(EDITOR_TOKEN)).await;
    app.account(
        KZ,
        Role::MemberDelegate,
        Binding::State(StateCode::parse("KAZ").expect("code")),
        "kz-token-for-admin-tests",
    )
    .await;
    let deadline = (start + chrono::Duration::days(2)).to_rfc3339();
    let r = app
        .post(
            "/api/v1/silence-procedures",
            Some(EDITOR_TOKEN),
            &format!(
                r#"{{"organ":"ministerial-council","act":"approve","subject":"A text","expires_at":"{deadline}"}}"#
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_str().expect("id").to_owned();
    let delegate = signed_in(&app, KZ, PASSWORD).await;
    let page = get(&app, &format!("/silence/{id}"), Some(&delegate)).await;
    assert!(page.body.contains(r#"id="break-note""#), "{}", page.body);
    let r = post(
        &app,
        &format!("/silence/{id}/break"),
        &delegate,
        true,
        &[
            ("stance", "objection"),
            ("text", "We object."),
            ("note", "Instructions of the capital, 1 April"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let history = app
        .state
        .store()
        .audit(Some(&format!("silence/{id}")))
        .await
        .expect("trail");
    assert_eq!(
        history.last().and_then(|e| e.note.as_deref()),
        Some("Instructions of the capital, 1 April")
    );
    let editor = signed_in(&app, "editor@secretariat.example.org", PASSWORD).await;
    let page = get(&app, &format!("/silence/{id}"), Some(&editor)).await;
    assert!(
        page.body.contains("Instructions of the capital, 1 April"),
        "{}",
        page.body
    );
}
