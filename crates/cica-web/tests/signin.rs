//! Signing in and out in the browser, as the router answers it: the form and its token,
//! cookies and their flags, a new session id at every sign-in, throttling, the password
//! change, and writes from a signed-in browser. The real router over a real SQLite file.

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use cica_domain::StateCode;
use cica_domain::access::{Binding, Role};
use common::{TestApp, form_token, get, post_form, set_cookie, sign_in};

const PASSWORD: &str = "a long test password";

async fn app() -> TestApp {
    let app = TestApp::new().await;
    app.account(
        "kz@mfa.example.kz",
        Role::MemberDelegate,
        Binding::State(StateCode::parse("KAZ").expect("code")),
        "unused-token-kz",
    )
    .await;
    app
}

#[tokio::test]
async fn signing_in_starts_a_new_session_in_a_safe_cookie() {
    let app = app().await;
    let page = get(&app, "/login", None).await;
    let (_, header) = set_cookie(&page, "cica_login").expect("cookie");
    assert!(
        header.contains("HttpOnly") && header.contains("SameSite=Lax") && header.contains("Secure"),
        "the portal's address is https, so the cookie is Secure: {header}"
    );
    assert_eq!(
        page.headers
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("private, no-store")
    );

    let r = sign_in(&app, "KZ@mfa.example.kz", PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.headers["location"], "/account");
    let (session, header) = set_cookie(&r, "cica_session").expect("a session cookie");
    assert!(session.len() >= 64, "{session}");
    assert_ne!(
        session, "chosen-by-an-attacker",
        "a new id, never one sent before"
    );
    assert!(
        header.contains("HttpOnly") && header.contains("SameSite=Lax") && header.contains("Secure"),
        "{header}"
    );

    let cookie = format!("cica_session={session}");
    let account = get(&app, "/account", Some(&cookie)).await;
    assert_eq!(account.status, StatusCode::OK, "{}", account.body);
    assert!(account.body.contains("kz@mfa.example.kz") && account.body.contains("KAZ"));
    assert_eq!(
        account
            .headers
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("private, no-store")
    );
    // The session reads what a delegate reads, and is not served from the public cache.
    let doc = get(
        &app,
        "/api/v1/documents/sg-financial-report-2024",
        Some(&cookie),
    )
    .await;
    assert_eq!(doc.json()["restricted"], false, "{}", doc.body);
    assert_eq!(
        doc.headers
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("private, no-store")
    );
    let public = get(&app, "/api/v1/documents/sg-financial-report-2024", None).await;
    assert_eq!(public.status, StatusCode::NOT_FOUND);
    // A session cookie nobody issued is simply not signed in.
    let forged = get(&app, "/account", Some("cica_session=0123")).await;
    assert_eq!(forged.status, StatusCode::SEE_OTHER);
    assert_eq!(forged.headers["location"], "/login");
}

#[tokio::test]
async fn a_sign_in_form_without_its_token_or_with_a_wrong_password_is_refused() {
    let app = app().await;
    let page = get(&app, "/login", None).await;
    let token = form_token(&page.body);
    // No cookie with the token: another site posted the form.
    let r = post_form(
        &app,
        "/login",
        None,
        &[
            ("csrf", &token),
            ("email", "kz@mfa.example.kz"),
            ("password", PASSWORD),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(set_cookie(&r, "cica_session").is_none());

    let r = sign_in(&app, "kz@mfa.example.kz", "not the password at all").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(
        r.body.contains("the address or the password is wrong"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains(r#"value="kz@mfa.example.kz""#),
        "what was typed is kept"
    );
    assert!(set_cookie(&r, "cica_session").is_none());
    let r = sign_in(&app, "nobody@mfa.example.kz", PASSWORD).await;
    assert_eq!(
        r.status,
        StatusCode::UNAUTHORIZED,
        "an unknown address reads alike"
    );
    assert!(r.body.contains("the address or the password is wrong"));
}

#[tokio::test]
async fn repeated_failures_throttle_the_account_even_for_the_right_password() {
    let app = app().await;
    for _ in 0..5 {
        let r = sign_in(&app, "kz@mfa.example.kz", "wrong wrong wrong").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = sign_in(&app, "kz@mfa.example.kz", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert!(r.body.contains("too many failed sign-ins"));
    assert!(set_cookie(&r, "cica_session").is_none());
}

#[tokio::test]
async fn signing_out_ends_the_session_and_needs_the_form_token() {
    let app = app().await;
    let r = sign_in(&app, "kz@mfa.example.kz", PASSWORD).await;
    let (session, _) = set_cookie(&r, "cica_session").expect("session");
    let cookie = format!("cica_session={session}");
    let account = get(&app, "/account", Some(&cookie)).await;
    let token = form_token(&account.body);

    let r = post_form(&app, "/logout", Some(&cookie), &[("csrf", "forged")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        get(&app, "/account", Some(&cookie)).await.status,
        StatusCode::OK
    );

    let r = post_form(&app, "/logout", Some(&cookie), &[("csrf", &token)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let (cleared, header) = set_cookie(&r, "cica_session").expect("cleared");
    assert!(
        cleared.is_empty() && header.contains("Max-Age=0"),
        "{header}"
    );
    let after = get(&app, "/account", Some(&cookie)).await;
    assert_eq!(
        after.status,
        StatusCode::SEE_OTHER,
        "the old cookie no longer signs in"
    );
}

#[tokio::test]
async fn a_password_change_needs_the_current_one_and_signs_every_browser_out() {
    let app = app().await;
    let r = sign_in(&app, "kz@mfa.example.kz", PASSWORD).await;
    let (session, _) = set_cookie(&r, "cica_session").expect("session");
    let cookie = format!("cica_session={session}");
    let token = form_token(&get(&app, "/account", Some(&cookie)).await.body);
    let change = |current: &'static str, new: &'static str, confirm: &'static str| {
        let (cookie, token) = (cookie.clone(), token.clone());
        let app = &app;
        async move {
            post_form(
                app,
                "/account/password",
                Some(&cookie),
                &[
                    ("csrf", &token),
                    ("current", current),
                    ("new", new),
                    ("confirm", confirm),
                ],
            )
            .await
        }
    };
    let r = change(PASSWORD, "the new passphrase", "a different one").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("differ"), "{}", r.body);
    let r = change(
        "not the current",
        "the new passphrase",
        "the new passphrase",
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("Current password"), "{}", r.body);
    let r = change(PASSWORD, "short", "short").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("at least 12"), "{}", r.body);
    let r = change(PASSWORD, "the new passphrase", "the new passphrase").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        get(&app, "/account", Some(&cookie)).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        sign_in(&app, "kz@mfa.example.kz", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in(&app, "kz@mfa.example.kz", "the new passphrase")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_signed_in_browser_writes_only_with_its_form_token() {
    let app = app().await;
    let r = sign_in(&app, "kz@mfa.example.kz", PASSWORD).await;
    let (session, _) = set_cookie(&r, "cica_session").expect("session");
    let cookie = format!("cica_session={session}");
    let token = form_token(&get(&app, "/account", Some(&cookie)).await.body);
    let statement = r#"{"state":"KAZ","stance":"reservation","text":"Our reading."}"#;
    let send = |csrf: Option<String>| {
        let mut r = Request::post("/api/v1/decisions/no-such/statements")
            .header("content-type", "application/json")
            .header("cookie", cookie.clone());
        if let Some(t) = csrf {
            r = r.header("x-csrf-token", t);
        }
        r.body(Body::from(statement)).expect("request")
    };
    let r = app.request(send(None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert!(r.body.contains("X-CSRF-Token"));
    let r = app.request(send(Some(token))).await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "through to the record: {}",
        r.body
    );
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = app().await;
    for uri in [
        "/",
        "/login",
        "/api/v1/states",
        "/no-such-page",
        "/static/site.css",
    ] {
        let r = get(&app, uri, None).await;
        let h = |n: &str| {
            r.headers
                .get(n)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        assert!(
            h("content-security-policy").contains("frame-ancestors 'none'"),
            "{uri}"
        );
        assert!(
            h("content-security-policy").contains("script-src 'self'"),
            "{uri}"
        );
        assert_eq!(h("x-content-type-options"), "nosniff", "{uri}");
        assert_eq!(
            h("referrer-policy"),
            "strict-origin-when-cross-origin",
            "{uri}"
        );
    }
    let r = app
        .request(
            Request::get("/news")
                .header("accept-encoding", "gzip")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(
        r.headers
            .get("content-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("gzip")
    );
}
