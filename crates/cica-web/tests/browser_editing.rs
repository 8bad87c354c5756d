//! Editing news in a real browser: headless Chromium over WebDriver against the portal served
//! on loopback. An editor writes an item, is refused for a missing field with everything typed
//! kept, saves it as a draft, opens its form, and is refused when someone saved it meanwhile,
//! seeing what they saved; saving again puts the editor's text in place, and publishing makes
//! it the public's. Screenshots at desktop and phone width are kept under the target directory.
//!
//! chromedriver is found at `$CICA_CHROMEDRIVER` or `/usr/bin/chromedriver`, Chromium at
//! `$CICA_CHROMIUM` or `/usr/bin/chromium`. Without them the test is skipped with a message,
//! except under `CI=true`, where a missing browser is a failure.

use crate::common;

use std::path::PathBuf;

use common::browser::{browser, driver, page_when, shot_whole as shot, sign_in, tool};
use fantoccini::{Client, Locator};

const EDITOR: &str = "browser-editor-token";

async fn type_in(c: &Client, id: &str, text: &str) {
    let field = c.find(Locator::Id(id)).await.expect("field");
    field.clear().await.expect("cleared");
    field.send_keys(text).await.expect("typed");
}

/// Sets a field's value directly (a date field takes keys in the browser's locale).
async fn set(c: &Client, id: &str, value: &str) {
    c.execute(
        "document.getElementById(arguments[0]).value = arguments[1];",
        vec![id.into(), value.into()],
    )
    .await
    .expect("set");
}

/// Clicks the element `css` finds.
async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .expect("clicked");
}

async fn submit(c: &Client) {
    click(c, "form.news-form button[type=submit]").await;
}

async fn value(c: &Client, id: &str) -> String {
    c.find(Locator::Id(id))
        .await
        .expect("field")
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_editor_writes_an_item_and_a_stale_save_is_refused_showing_what_changed() {
    let (Some(chromedriver), Some(chromium)) = (
        tool("CICA_CHROMEDRIVER", "/usr/bin/chromedriver"),
        tool("CICA_CHROMIUM", "/usr/bin/chromium"),
    ) else {
        return;
    };
    let app = common::TestApp::with_today_and_token(common::TODAY, EDITOR).await;
    let (base, stop) = common::browser::serve(app.state.clone()).await;
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).expect("screenshot dir");
    let profile = tempfile::tempdir().expect("profile");
    let d = driver(&chromedriver).await;
    let c = browser(&d, &chromium, profile.path()).await;

    // Not signed in, the form does not exist.
    c.goto(&format!("{base}/news/new")).await.expect("form");
    assert!(
        c.source()
            .await
            .expect("page")
            .contains("There is no page at this address")
    );

    sign_in(&c, &base, "editor@secretariat.example.org").await;
    c.goto(&format!("{base}/news/new")).await.expect("form");
    shot(&c, &shots, "news-new").await;
    let headline = "Secretariat staff meet students of diplomacy in Astana";
    type_in(&c, "f-title", headline).await;
    type_in(&c, "f-place", "Astana").await;
    set(&c, "f-start", "2025-04-02").await;
    type_in(&c, "f-states", "KAZ").await;
    type_in(&c, "f-issue", "2025-Q2").await;
    type_in(
        &c,
        "f-body",
        "Staff of the Secretariat met students of a school of diplomacy.\n\nThey spoke about confidence-building measures.",
    )
    .await;
    type_in(&c, "f-source", " ").await;
    submit(&c).await;
    // Refused for the missing source, next to it, with everything typed kept.
    let page = page_when(&c, |p| p.contains("f-source-error")).await;
    assert!(page.contains("id=\"f-source-error\""), "{page}");
    assert_eq!(value(&c, "f-title").await, headline);
    assert_eq!(value(&c, "f-start").await, "2025-04-02");
    assert!(
        value(&c, "f-body")
            .await
            .contains("confidence-building measures")
    );
    shot(&c, &shots, "news-new-refused").await;

    type_in(&c, "f-source", "Written by the Secretariat").await;
    submit(&c).await;
    let page = page_when(&c, |p| p.contains("Only the Secretariat sees this item")).await;
    assert!(page.contains(headline), "{page}");
    let slug = "2025-04-02-secretariat-staff-meet-students-of-diplomacy-in-astana";
    assert!(
        c.current_url().await.expect("url").path().ends_with(slug),
        "the draft's page"
    );

    // The desk lists it among the drafts waiting, and counts it for the next issue.
    c.goto(&format!("{base}/desk")).await.expect("desk");
    let page = c.source().await.expect("page");
    assert!(
        page.contains(headline) && page.contains("The next issue: 2025-Q2"),
        "{page}"
    );
    shot(&c, &shots, "desk").await;
    c.goto(&format!("{base}/news/{slug}")).await.expect("back");

    // The editor opens the form; someone else saves the item meanwhile (over the API).
    c.find(Locator::LinkText("Edit this item"))
        .await
        .expect("edit link")
        .click()
        .await
        .expect("followed");
    page_when(&c, |p| p.contains("f-title")).await;
    let uri = format!("/api/v1/news/{slug}");
    let theirs = app.get_as(&uri, EDITOR).await;
    let tag = theirs.headers["etag"].to_str().expect("tag").to_owned();
    let mut item = theirs.json();
    item["title"] = "Students of diplomacy visit the Secretariat".into();
    let r = app
        .request(
            axum::http::Request::put(&uri)
                .header("authorization", format!("Bearer {EDITOR}"))
                .header("if-match", tag)
                .body(axum::body::Body::from(item.to_string()))
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);

    type_in(
        &c,
        "f-body",
        "Staff of the Secretariat met students of a school of diplomacy.\n\nThey spoke about *confidence-building measures* and answered questions on:\n\n- the Catalogue of measures;\n- the CICA Fund.\n\n> Trust is built one step at a time.",
    )
    .await;
    submit(&c).await;
    let page = page_when(&c, |p| p.contains("Someone saved this item")).await;
    assert!(page.contains("Nothing was written"), "{page}");
    assert!(
        page.contains("Saved meanwhile:</strong> Students of diplomacy visit the Secretariat"),
        "{page}"
    );
    assert!(
        value(&c, "f-body").await.contains("answered questions"),
        "kept"
    );
    shot(&c, &shots, "news-edit-stale").await;
    // Saving again puts the editor's text in place of theirs, knowingly.
    submit(&c).await;
    let page = page_when(&c, |p| p.contains("Only the Secretariat sees this item")).await;
    assert!(page.contains("answered questions"), "{page}");
    assert!(page.contains(headline), "the editor's headline: {page}");
    // The text typed in Markdown prints as emphasis, a list and a quotation.
    assert!(
        page.contains("<em>confidence-building measures</em>")
            && page.contains("<li>the Catalogue of measures;</li>")
            && page.contains("<blockquote><p>Trust is built one step at a time.</p></blockquote>"),
        "{page}"
    );
    assert!(
        page.contains("news save"),
        "the history shows the saves: {page}"
    );

    // Published, it is the public's.
    c.find(Locator::Css(".editor-panel button"))
        .await
        .expect("publish")
        .click()
        .await
        .expect("published");
    page_when(&c, |p| !p.contains("Only the Secretariat sees this item")).await;
    assert_eq!(app.ok(&uri).await.json()["title"], headline);

    // A photograph added through the form, from a file: refused without a description,
    // with what was typed kept; added with one, it is printed on the item's page.
    c.goto(&format!("{base}/news/{slug}/edit"))
        .await
        .expect("form");
    let card = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../cica-digest/tests/fixtures/test-card.jpg")
        .canonicalize()
        .expect("the fixture");
    let choose = |c: Client| {
        let card = card.clone();
        async move {
            c.find(Locator::Id("p-image"))
                .await
                .expect("file field")
                .send_keys(&card.to_string_lossy())
                .await
                .expect("chosen");
        }
    };
    choose(c.clone()).await;
    type_in(
        &c,
        "p-caption",
        "Students in the Secretariat's meeting room",
    )
    .await;
    click(&c, r#"form[enctype="multipart/form-data"] button"#).await;
    let page = page_when(&c, |p| p.contains("p-alt-error")).await;
    assert!(page.contains("Say what the image shows"), "{page}");
    assert_eq!(
        value(&c, "p-caption").await,
        "Students in the Secretariat's meeting room"
    );
    shot(&c, &shots, "news-photo-refused").await;
    choose(c.clone()).await;
    type_in(
        &c,
        "p-alt",
        "Twenty students sit around a long table with name plates",
    )
    .await;
    click(&c, r#"form[enctype="multipart/form-data"] button"#).await;
    let page = page_when(&c, |p| p.contains("f-photo-0-caption")).await;
    assert!(
        page.contains(&format!("/media/thumb/{slug}-1.jpg")),
        "{page}"
    );
    c.goto(&format!("{base}/news/{slug}")).await.expect("page");
    let page = c.source().await.expect("page");
    assert!(
        page.contains("alt=\"Twenty students sit around a long table with name plates\""),
        "{page}"
    );
    shot(&c, &shots, "news-with-photo").await;

    // The issue it is assigned to, opened from the desk, read as it would go out, then
    // published: the public reads the item in the web edition, photograph and all.
    c.goto(&format!("{base}/desk")).await.expect("desk");
    click(&c, "a[href='/digest/new?quarter=2025-Q2']").await;
    page_when(&c, |p| p.contains("f-quarter")).await;
    assert_eq!(value(&c, "f-quarter").await, "2025-Q2");
    type_in(&c, "f-title", "Voice of Asia: April to June 2025").await;
    shot(&c, &shots, "digest-new").await;
    click(&c, "form.record-form button[type=submit]").await;
    let page = page_when(&c, |p| p.contains("Drafts are listed here")).await;
    assert!(
        page.contains("/digest/2025-Q2/edit"),
        "the draft is listed: {page}"
    );
    c.goto(&format!("{base}/digest/2025-Q2"))
        .await
        .expect("preview");
    let page = page_when(&c, |p| p.contains("A draft issue")).await;
    assert!(
        page.contains(headline),
        "the draft issue prints the item: {page}"
    );
    shot(&c, &shots, "digest-draft").await;
    assert_eq!(
        app.get("/digest/2025-Q2").await.status,
        404,
        "not the public's yet"
    );
    c.goto(&format!("{base}/digest/2025-Q2/edit"))
        .await
        .expect("form");
    c.find(Locator::Css("#f-status option[value='published']"))
        .await
        .expect("status")
        .click()
        .await
        .expect("chosen");
    shot(&c, &shots, "digest-edit").await;
    click(&c, "form.record-form button[type=submit]").await;
    let page = page_when(&c, |p| p.contains("Download the print edition")).await;
    assert!(!page.contains("A draft issue"), "{page}");
    let edition = app.ok("/digest/2025-Q2").await.body;
    assert!(edition.contains(headline), "{edition}");
    assert!(
        edition.contains(&format!("/media/screen/{slug}-1.jpg")),
        "{edition}"
    );
    assert_eq!(app.ok(&format!("/news/{slug}")).await.status, 200);

    // An item with a photograph: its caption, credit and description are in the form.
    c.goto(&format!(
        "{base}/news/president-of-azerbaijan-vision-cica-chairmanship/edit"
    ))
    .await
    .expect("form");
    let page = c.source().await.expect("page");
    assert!(page.contains("f-photo-0-caption"), "{page}");
    shot(&c, &shots, "news-edit-photo").await;

    c.close().await.expect("browser closes");
    drop(d);
    let _ = stop.send(());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_editor_records_a_meeting_in_the_browser_and_a_refusal_keeps_what_was_typed() {
    let (Some(chromedriver), Some(chromium)) = (
        tool("CICA_CHROMEDRIVER", "/usr/bin/chromedriver"),
        tool("CICA_CHROMIUM", "/usr/bin/chromium"),
    ) else {
        return;
    };
    let app = common::TestApp::with_today_and_token(common::TODAY, EDITOR).await;
    let (base, stop) = common::browser::serve(app.state.clone()).await;
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).expect("screenshot dir");
    let profile = tempfile::tempdir().expect("profile");
    let d = driver(&chromedriver).await;
    let c = browser(&d, &chromium, profile.path()).await;
    sign_in(&c, &base, "editor@secretariat.example.org").await;

    c.goto(&format!("{base}/meetings/new")).await.expect("form");
    shot(&c, &shots, "meeting-new").await;
    let choose = |id: &'static str, value: &'static str| {
        let c = c.clone();
        async move {
            c.find(Locator::Css(&format!("#{id} option[value=\"{value}\"]")))
                .await
                .unwrap_or_else(|e| panic!("{id}={value}: {e}"))
                .click()
                .await
                .expect("chosen");
        }
    };
    choose("f-body", "senior-officials-committee").await;
    choose("f-status", "held").await;
    choose("f-country", "KAZ").await;
    type_in(&c, "f-date", "2025-06-31").await;
    type_in(&c, "f-city", "Astana").await;
    type_in(&c, "f-states", "KAZ, AZE, CHN").await;
    type_in(
        &c,
        "f-summary",
        "Senior officials reviewed the year's calendar of events.",
    )
    .await;
    type_in(
        &c,
        "f-outcomes",
        "adopted: the calendar of events\ntook-note: the report of the Secretariat",
    )
    .await;
    click(&c, "form.record-form button[type=submit]").await;
    let page = page_when(&c, |p| p.contains("f-date-error")).await;
    assert!(page.contains("2025-06-31"), "{page}");
    assert_eq!(value(&c, "f-city").await, "Astana");
    assert!(value(&c, "f-outcomes").await.contains("took-note"));
    shot(&c, &shots, "meeting-new-refused").await;
    type_in(&c, "f-date", "2025-06-12/2025-06-13").await;
    click(&c, "form.record-form button[type=submit]").await;
    let page = page_when(&c, |p| p.contains("Edit this meeting")).await;
    assert!(
        c.current_url()
            .await
            .expect("url")
            .path()
            .ends_with("/meetings/soc-2025-06-12-astana"),
        "{page}"
    );
    assert!(page.contains("12–13 June 2025"), "{page}");
    assert!(page.contains("the report of the Secretariat"), "{page}");
    shot(&c, &shots, "meeting-recorded").await;
    // It is on the public calendar's archive at once.
    let public = app.ok("/meetings/soc-2025-06-12-astana").await.body;
    assert!(public.contains("the calendar of events"), "{public}");

    c.goto(&format!("{base}/meetings/soc-2025-02-27-baku/edit"))
        .await
        .expect("form");
    shot(&c, &shots, "meeting-edit").await;
    // A change made by mistake, put back from the meeting's history.
    type_in(&c, "f-summary", "A summary typed by mistake.").await;
    click(&c, "form.record-form button[type=submit]").await;
    let page = page_when(&c, |p| p.contains("Restore the version before this change")).await;
    assert!(page.contains("A summary typed by mistake."), "{page}");
    shot(&c, &shots, "meeting-history").await;
    click(&c, "form[action=\"/restore\"] button[type=submit]").await;
    let page = page_when(&c, |p| p.contains("restored as it stood before entry")).await;
    assert!(!page.contains("A summary typed by mistake."), "{page}");
    c.goto(&format!("{base}/meetings/soc-2025-02-27-baku/edit"))
        .await
        .expect("form");
    c.goto(&format!(
        "{base}/engagements/eng-2025-01-15-baku-aliyev/edit"
    ))
    .await
    .expect("form");
    shot(&c, &shots, "engagement-edit").await;
    // The registers' forms, as editors see them.
    for (uri, name) in [
        ("/states/AZE/edit", "state-edit"),
        ("/organizations/sco/edit", "organization-edit"),
        ("/bodies/senior-officials-committee/edit", "body-edit"),
        ("/people/kairat-sarybay/edit", "person-edit"),
        ("/people/new", "person-new"),
        ("/documents/draft-cica-charter/edit", "document-edit"),
        ("/documents/new", "document-new"),
        ("/decisions/soc-2025-ttf-action-plan/edit", "decision-edit"),
        ("/decisions/new", "decision-new"),
        ("/silence/new", "silence-new"),
        (
            "/treaty-actions/new?treaty=convention-privileges-immunities",
            "treaty-action-new",
        ),
        ("/states/new", "state-new"),
        ("/organizations/new", "organization-new"),
        ("/bodies/new", "body-new"),
        ("/engagements/new", "engagement-new"),
        ("/chairmanships/new", "chairmanship-new"),
        ("/chairmanships/AZE-2024-12-17/edit", "chairmanship-edit"),
        ("/digest/2025-Q1/edit", "digest-edit"),
        ("/news/new", "news-new"),
        (
            "/news/president-of-azerbaijan-vision-cica-chairmanship/edit",
            "news-edit",
        ),
        ("/desk", "desk"),
    ] {
        c.goto(&format!("{base}{uri}")).await.expect("form");
        let page = c.source().await.expect("page");
        assert!(
            page.contains("record-form") || page.contains("news-form") || uri == "/desk",
            "{uri}: {page}"
        );
        shot(&c, &shots, name).await;
        // Nothing on a form runs off a phone's screen, and every text is readable.
        c.set_window_size(390, 844).await.expect("resize");
        for check in [include_str!("overflow.js"), include_str!("contrast.js")] {
            let found = c.execute(check, vec![]).await.expect("the check runs");
            assert_eq!(found, serde_json::json!([]), "{uri} at 390 px");
        }
    }
    // A treaty's page as editors see it, with the form that withdraws an action.
    c.goto(&format!("{base}/treaties/convention-privileges-immunities"))
        .await
        .expect("page");
    assert!(
        c.source()
            .await
            .expect("page")
            .contains("Withdraw this action")
    );
    shot(&c, &shots, "treaty-editor").await;
    c.set_window_size(390, 844).await.expect("resize");
    let found = c
        .execute(include_str!("overflow.js"), vec![])
        .await
        .expect("the check runs");
    assert_eq!(found, serde_json::json!([]), "the treaty's page at 390 px");
    // A register's form refused: every field marked, at both widths.
    c.goto(&format!("{base}/states/new")).await.expect("form");
    click(&c, "form.record-form button[type=submit]").await;
    let page = page_when(&c, |p| p.contains("field-error")).await;
    assert!(page.contains("Nothing was written"), "{page}");
    shot(&c, &shots, "state-new-refused").await;

    c.close().await.expect("browser closes");
    drop(d);
    let _ = stop.send(());
}
