//! Signed-in work in a real browser: headless Chromium driven over WebDriver (chromedriver)
//! against the portal served on loopback. An editor signs in, publishes a draft, sees it on
//! the public page and signs out; a delegate of Kazakhstan signs in and breaks a silence
//! procedure for Kazakhstan. Screenshots at desktop and phone width are kept under the target
//! directory.
//!
//! chromedriver is found at `$CICA_CHROMEDRIVER` or `/usr/bin/chromedriver`, Chromium at
//! `$CICA_CHROMIUM` or `/usr/bin/chromium`. Without them the test is skipped with a message,
//! except under `CI=true`, where a missing browser is a failure.

use crate::common;

use std::path::PathBuf;

use cica_domain::StateCode;
use cica_domain::access::{Binding, Role};
use common::browser::{browser, driver, page_when, shot, sign_in, tool};
use fantoccini::{Client, Locator};

const EDITOR: &str = "browser-editor-token";

async fn sign_out(c: &Client, base: &str) {
    c.goto(&format!("{base}/account")).await.expect("account");
    c.find(Locator::Css("form.inline button"))
        .await
        .expect("sign-out button")
        .click()
        .await
        .expect("signed out");
    page_when(c, |p| !p.contains("Your account")).await;
    c.goto(&format!("{base}/account")).await.expect("account");
    assert!(
        c.current_url()
            .await
            .expect("url")
            .path()
            .ends_with("/login")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_editor_publishes_and_a_delegate_breaks_silence_in_the_browser() {
    let (Some(chromedriver), Some(chromium)) = (
        tool("CICA_CHROMEDRIVER", "/usr/bin/chromedriver"),
        tool("CICA_CHROMIUM", "/usr/bin/chromium"),
    ) else {
        return;
    };
    let start = chrono::Utc::now();
    let app = common::TestApp::with_clock(cica_web::Clock::manual(start), Some(EDITOR)).await;
    app.account(
        "kz@mfa.example.kz",
        Role::MemberDelegate,
        Binding::State(StateCode::parse("KAZ").expect("code")),
        "browser-kz-token",
    )
    .await;
    // A draft to publish and a procedure to break, made over the API.
    let text = "ASTANA, 2 April 2025 – The CICA Secretariat held a briefing on the year's priorities for the diplomatic corps.\n\nThe Secretary General answered questions.";
    let r = app
        .request(
            axum::http::Request::post("/api/v1/import?dry_run=false&name=briefing.txt")
                .header("authorization", format!("Bearer {EDITOR}"))
                .body(axum::body::Body::from(text))
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let draft = r.json()["items"][0]["slug"]
        .as_str()
        .expect("slug")
        .to_owned();
    let deadline = (start + chrono::Duration::days(2)).to_rfc3339();
    let r = app
        .post(
            "/api/v1/silence-procedures",
            Some(EDITOR),
            &format!(r#"{{"organ":"ministerial-council","act":"approve","subject":"A statement on water cooperation","chair":"AZE","expires_at":"{deadline}"}}"#),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let procedure = r.json()["id"].as_str().expect("id").to_owned();

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("port");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(cica_web::serve(listener, app.state.clone(), async {
        let _ = stopped.await;
    }));
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).expect("screenshot dir");
    let profile = tempfile::tempdir().expect("profile");
    let d = driver(&chromedriver).await;
    let c = browser(&d, &chromium, profile.path()).await;

    // The editor.
    c.goto(&format!("{base}/login")).await.expect("login");
    shot(&c, &shots, "login").await;
    sign_in(&c, &base, "editor@secretariat.example.org").await;
    shot(&c, &shots, "account").await;
    c.goto(&format!("{base}/news/{draft}"))
        .await
        .expect("draft page");
    assert!(
        c.source()
            .await
            .expect("page")
            .contains("Only the Secretariat sees this item")
    );
    shot(&c, &shots, "draft").await;
    c.find(Locator::Css(".editor-panel button"))
        .await
        .expect("publish button")
        .click()
        .await
        .expect("published");
    let page = page_when(&c, |p| !p.contains("Only the Secretariat sees this item")).await;
    assert!(
        !page.contains("Only the Secretariat sees this item"),
        "published"
    );
    assert!(
        page.contains("news publish"),
        "its history shows the publication"
    );
    sign_out(&c, &base).await;
    c.goto(&format!("{base}/news/{draft}"))
        .await
        .expect("public page");
    let page = c.source().await.expect("page");
    assert!(
        page.contains("held a briefing") && !page.contains("History"),
        "the public reads it"
    );

    // The delegate.
    sign_in(&c, &base, "kz@mfa.example.kz").await;
    c.goto(&format!("{base}/silence/{procedure}"))
        .await
        .expect("procedure");
    assert!(
        c.source()
            .await
            .expect("page")
            .contains("Break silence for Kazakhstan")
    );
    c.find(Locator::Id("text"))
        .await
        .expect("text field")
        .send_keys("Kazakhstan proposes to add a paragraph on glacier monitoring.")
        .await
        .expect("typed");
    shot(&c, &shots, "break-silence").await;
    c.find(Locator::Css(".editor-panel button"))
        .await
        .expect("break button")
        .click()
        .await
        .expect("sent");
    let page = page_when(&c, |p| p.contains("Not adopted")).await;
    assert!(
        page.contains("Not adopted: silence was broken") && page.contains("Kazakhstan"),
        "{page}"
    );
    assert!(!page.contains("Break silence for"), "no form once settled");
    sign_out(&c, &base).await;

    c.close().await.expect("browser closes");
    drop(d);
    let _ = stop.send(());
    let _ = server.await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_adds_a_delegate_in_the_browser_who_then_signs_in() {
    let (Some(chromedriver), Some(chromium)) = (
        tool("CICA_CHROMEDRIVER", "/usr/bin/chromedriver"),
        tool("CICA_CHROMIUM", "/usr/bin/chromium"),
    ) else {
        return;
    };
    let app = common::TestApp::new().await;
    app.account(
        "admin@cica.example.org",
        Role::Administrator,
        Binding::None,
        "browser-admin-token",
    )
    .await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("port");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(cica_web::serve(listener, app.state.clone(), async {
        let _ = stopped.await;
    }));
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).expect("screenshot dir");
    let profile = tempfile::tempdir().expect("profile");
    let d = driver(&chromedriver).await;
    let c = browser(&d, &chromium, profile.path()).await;

    sign_in(&c, &base, "admin@cica.example.org").await;
    c.find(Locator::LinkText("Manage accounts"))
        .await
        .expect("a link for administrators")
        .click()
        .await
        .expect("followed");
    page_when(&c, |p| p.contains("Add an account")).await;
    shot(&c, &shots, "admin-accounts").await;
    for (field, text) in [
        ("add-email", "kz.delegate@mfa.example.kz"),
        ("add-state", "KAZ"),
        ("add-password", "a long test password"),
        ("add-confirm", "a long test password"),
        ("add-note", "Note verbale of the Embassy, 28 March"),
    ] {
        c.find(Locator::Id(field))
            .await
            .expect("field")
            .send_keys(text)
            .await
            .expect("typed");
    }
    c.find(Locator::Id("add-role"))
        .await
        .expect("role")
        .select_by_value("member-delegate")
        .await
        .expect("chosen");
    c.find(Locator::Css(r#"form[action="/admin/accounts"] button"#))
        .await
        .expect("button")
        .click()
        .await
        .expect("sent");
    let page = page_when(&c, |p| p.contains("The account was added")).await;
    assert!(
        page.contains("kz.delegate@mfa.example.kz") && page.contains("Kazakhstan (KAZ)"),
        "{page}"
    );
    shot(&c, &shots, "admin-account").await;
    sign_out(&c, &base).await;

    sign_in(&c, &base, "kz.delegate@mfa.example.kz").await;
    let page = c.source().await.expect("page");
    assert!(
        page.contains("Delegate of a Member State") && !page.contains("Manage accounts"),
        "{page}"
    );
    c.goto(&format!("{base}/admin/accounts"))
        .await
        .expect("goes");
    assert!(
        c.source()
            .await
            .expect("page")
            .contains("There is no page at this address"),
        "a delegate does not find the administration"
    );
    sign_out(&c, &base).await;

    c.close().await.expect("browser closes");
    drop(d);
    let _ = stop.send(());
    let _ = server.await;
}
