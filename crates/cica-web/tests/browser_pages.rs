//! Every kind of page of the portal and the web edition of the Digest, as headless Chromium
//! draws them at desktop and phone width: every colour of text passes WCAG AA, measured where
//! it is drawn (`contrast.js` compares the colour the browser computed with the background
//! behind it), the headings form an outline without jumps (`headings.js`), and nothing needs
//! scrolling sideways, tables on a phone included (`overflow.js`), and every date the page
//! writes out stands in a `<time datetime>` element (`dates.js`).

mod common;

use common::browser::{browser, driver, serve, tools};

/// The slug or id of the first item of an API list.
async fn first(app: &common::TestApp, list: &str, key: &str) -> String {
    app.ok(&format!("/api/v1/{list}")).await.json()["items"][0][key]
        .as_str()
        .unwrap_or_else(|| panic!("a {key} in {list}"))
        .to_owned()
}

/// Runs `check` (a script returning a list of findings) on every kind of page at desktop and
/// phone width; the findings, each with its page and width. `None` without a browser.
async fn on_every_page(check: &str) -> Option<Vec<String>> {
    let (chromedriver, chromium) = tools()?;
    let app = common::TestApp::new().await;
    let mut pages: Vec<String> = [
        "/",
        "/members",
        "/news",
        "/states/KAZ",
        "/bodies",
        "/calendar",
        "/engagements",
        "/decisions",
        "/documents",
        "/silence",
        "/treaties",
        "/notifications",
        "/digest",
        "/digest/2025-Q1",
        "/login",
        "/no-such-page",
    ]
    .map(str::to_owned)
    .to_vec();
    for (prefix, list, key) in [
        ("/news/", "news", "slug"),
        ("/organizations/", "organizations", "slug"),
        ("/people/", "people", "slug"),
        ("/bodies/", "bodies", "slug"),
        ("/meetings/", "meetings", "id"),
        ("/decisions/", "decisions", "id"),
        ("/documents/", "documents", "slug"),
        ("/silence/", "silence-procedures", "id"),
        ("/treaties/", "treaties", "slug"),
    ] {
        pages.push(format!("{prefix}{}", first(&app, list, key).await));
    }
    let (base, stop) = serve(app.state.clone()).await;
    let profile = tempfile::tempdir().expect("profile");
    let d = driver(&chromedriver).await;
    let c = browser(&d, &chromium, profile.path()).await;
    let mut found = Vec::new();
    for (width, height) in [(1366, 900), (390, 844)] {
        c.set_window_size(width, height).await.expect("resize");
        for page in &pages {
            c.goto(&format!("{base}{page}")).await.expect("page");
            let list = c.execute(check, vec![]).await.expect("the check runs");
            for v in list.as_array().expect("a list") {
                found.push(format!("{page} at {width} px: {v}"));
            }
        }
    }
    c.close().await.expect("browser closes");
    let _ = stop.send(());
    Some(found)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_text_colour_passes_wcag_aa_on_every_kind_of_page() {
    let Some(unreadable) = on_every_page(include_str!("contrast.js")).await else {
        return;
    };
    assert!(
        unreadable.is_empty(),
        "text below WCAG AA contrast:\n{}",
        unreadable.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_page_has_one_h1_and_no_skipped_heading_level() {
    let Some(jumps) = on_every_page(include_str!("headings.js")).await else {
        return;
    };
    assert!(
        jumps.is_empty(),
        "headings out of order:\n{}",
        jumps.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_page_scrolls_sideways_on_a_phone_or_a_desktop() {
    let Some(wide) = on_every_page(include_str!("overflow.js")).await else {
        return;
    };
    assert!(wide.is_empty(), "sideways scrolling:\n{}", wide.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_date_a_page_writes_out_is_marked_as_a_time() {
    let Some(bare) = on_every_page(include_str!("dates.js")).await else {
        return;
    };
    assert!(
        bare.is_empty(),
        "dates without <time>:\n{}",
        bare.join("\n")
    );
}
