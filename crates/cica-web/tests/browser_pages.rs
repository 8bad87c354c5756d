//! Every kind of page of the portal and the web edition of the Digest, as headless Chromium
//! draws them at desktop and phone width: every colour of text passes WCAG AA, measured where
//! it is drawn (`contrast.js` compares the colour the browser computed with the background
//! behind it), the headings form an outline without jumps (`headings.js`), and nothing needs
//! scrolling sideways, tables on a phone included (`overflow.js`), and every date the page
//! writes out stands in a `<time datetime>` element (`dates.js`).

use crate::common;

use common::browser::{browser, driver, serve, tools};

/// The slugs or ids of the items of an API list: the first, or all of them.
async fn items(app: &common::TestApp, list: &str, key: &str, all: bool) -> Vec<String> {
    let uri = format!("/api/v1/{list}");
    // The short registers answer in one list; the long ones in pages.
    let listed = if ["documents", "silence-procedures", "treaties"].contains(&list) {
        app.ok(&uri).await.json()["items"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    } else {
        app.all(&uri, 100).await
    };
    let found: Vec<String> = listed
        .iter()
        .map(|i| {
            i[key]
                .as_str()
                .unwrap_or_else(|| panic!("a {key} in {list}"))
                .to_owned()
        })
        .collect();
    assert!(!found.is_empty(), "{list} is empty");
    if all { found } else { found[..1].to_vec() }
}

/// Every kind of page: the lists, and the first item of each list (or, with `all`, every item).
async fn pages(app: &common::TestApp, all: bool) -> Vec<String> {
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
        "/cbm",
        "/cbm/areas/human",
        "/contributions",
        "/contributions?year=2024",
        "/contributions/kuwait-2025-voluntary",
        "/contributions/kazakhstan-headquarters",
        "/fund/projects",
        "/exports",
        "/fund/projects/afghanistan-wheat-2025",
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
        for item in items(app, list, key, all).await {
            pages.push(format!("{prefix}{item}"));
        }
    }
    pages
}

/// Runs `check` (a script returning a list of findings) on every kind of page at desktop and
/// phone width; the findings, each with its page and width. `None` without a browser.
async fn on_every_page(check: &str) -> Option<Vec<String>> {
    on_pages(check, false, &[(1366, 900), (390, 844)]).await
}

/// Runs `check` on `pages(.., all)` at each of `widths`.
async fn on_pages(check: &str, all: bool, widths: &[(u32, u32)]) -> Option<Vec<String>> {
    let (chromedriver, chromium) = tools()?;
    let app = common::TestApp::new().await;
    let pages = pages(&app, all).await;
    let (base, stop) = serve(app.state.clone()).await;
    let profile = tempfile::tempdir().expect("profile");
    let d = driver(&chromedriver).await;
    let c = browser(&d, &chromium, profile.path()).await;
    let mut found = Vec::new();
    for &(width, height) in widths {
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
    // Every record's page, not only the first of each kind: dates live in their texts.
    let Some(bare) = on_pages(include_str!("dates.js"), true, &[(1366, 900)]).await else {
        return;
    };
    assert!(
        bare.is_empty(),
        "dates without <time>:\n{}",
        bare.join("\n")
    );
}
