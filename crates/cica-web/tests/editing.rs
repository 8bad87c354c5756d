//! Editing records over the API by the one convention of `docs/api.md`: a record's `GET`
//! carries its version as an `ETag`; a `PUT` of the JSON read, changed, saves it with
//! `If-Match` (`412` when someone saved in between, `428` without a condition); `If-None-Match:
//! *` creates a record at the address the client names; `POST` to the list creates one at the
//! address the record gives. The real router over a real SQLite file.

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{Reply, TestApp, as_a_browser_sends, as_opened, as_refs, hidden_fields};
use serde_json::{Value, json};

const EDITOR: &str = "editor-token-for-tests";
const ITEM: &str = "/api/v1/news/kuwait-voluntary-contribution";

async fn app() -> TestApp {
    TestApp::with_today_and_token(common::TODAY, EDITOR).await
}

async fn send(
    app: &TestApp,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: &Value,
) -> Reply {
    let mut r = Request::builder()
        .method(method)
        .uri(uri)
        .header("authorization", format!("Bearer {EDITOR}"))
        .header("content-type", "application/json");
    for (k, v) in headers {
        r = r.header(*k, *v);
    }
    app.request(r.body(Body::from(body.to_string())).expect("request"))
        .await
}

fn etag(r: &Reply) -> String {
    r.headers
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("no ETag: {:?}", r.headers))
        .to_owned()
}

/// The item as an editor reads it, and its tag.
async fn read(app: &TestApp, uri: &str) -> (Value, String) {
    let r = app.get_as(uri, EDITOR).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    (r.json(), etag(&r))
}

async fn put(app: &TestApp, uri: &str, tag: &str, body: &Value) -> Reply {
    send(app, "PUT", uri, &[("if-match", tag)], body).await
}

#[tokio::test]
async fn an_editor_changes_an_item_over_the_version_read_and_everyone_sees_it() {
    let app = app().await;
    let (mut item, tag) = read(&app, ITEM).await;
    assert!(tag.starts_with("\"v"), "a strong tag: {tag}");
    assert_eq!(item["status"], "published");
    item["title"] = json!("Kuwait makes a voluntary contribution to the Secretariat");
    let tagged_before = item["states"].clone();
    item["states"] = json!(["KWT", "KAZ"]);
    let r = put(&app, ITEM, &tag, &item).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let new_tag = etag(&r);
    assert_ne!(new_tag, tag, "a save gives a new version");
    assert_eq!(r.json()["title"], item["title"]);
    // The public reads it at once, on the page and in the API, under the public's own tag
    // (a version would tell how much was written meanwhile that the public cannot see).
    let public = app.ok(ITEM).await;
    assert_eq!(public.json()["states"], json!(["KWT", "KAZ"]));
    assert!(etag(&public).starts_with("W/\"r"), "{}", etag(&public));
    let page = app.ok("/news/kuwait-voluntary-contribution").await;
    assert!(
        page.body
            .contains("Kuwait makes a voluntary contribution to the Secretariat"),
        "{}",
        page.body
    );
    // Everything else is as it was: a save of the JSON read changes only what was changed.
    let (again, _) = read(&app, ITEM).await;
    for field in [
        "body", "date", "dateline", "source", "photos", "kind", "issue",
    ] {
        assert_eq!(again[field], item[field], "{field}");
    }
    // The trail says who changed what.
    // One record's history is the editors' to read; the whole trail, the administrators'.
    let history = app
        .get_as(
            "/api/v1/audit?record=news/kuwait-voluntary-contribution",
            EDITOR,
        )
        .await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.body);
    assert_eq!(
        app.get_as("/api/v1/audit", EDITOR).await.status,
        StatusCode::FORBIDDEN,
        "the whole trail is the administrators'"
    );
    let entries = cica_store::AuditTrail::audit(
        app.state.store(),
        Some("news/kuwait-voluntary-contribution"),
    )
    .await
    .expect("trail");
    let last = entries.last().expect("an entry");
    assert_eq!(last.action, "news.save");
    assert!(last.actor.starts_with("account:"), "{}", last.actor);
    let before: Value =
        serde_json::from_str(last.before.as_deref().unwrap_or("null")).expect("json");
    let after: Value = serde_json::from_str(last.after.as_deref().unwrap_or("null")).expect("json");
    let joined = |v: &Value| {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .unwrap_or_default()
    };
    assert_eq!(before["state_list"], joined(&tagged_before).as_str());
    assert_eq!(after["state_list"], "KWT,KAZ");
}

#[tokio::test]
async fn a_save_over_someone_elses_newer_version_is_refused_and_writes_nothing() {
    let app = app().await;
    let (mut mine, tag) = read(&app, ITEM).await;
    let (mut theirs, same) = read(&app, ITEM).await;
    assert_eq!(tag, same);
    theirs["title"] = json!("Their headline");
    assert_eq!(put(&app, ITEM, &same, &theirs).await.status, StatusCode::OK);
    mine["title"] = json!("My headline");
    let r = put(&app, ITEM, &tag, &mine).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "precondition_failed");
    let message = r.json()["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(message.contains("saved by someone else"), "{message}");
    assert_eq!(app.ok(ITEM).await.json()["title"], "Their headline");
    // A weak tag never licenses a save, even of the current version.
    let (_, current) = read(&app, ITEM).await;
    let weak = format!("W/{current}");
    let r = put(&app, ITEM, &weak, &mine).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.body);
    // With the current tag it goes through.
    assert_eq!(
        put(&app, ITEM, &current, &mine).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_save_without_a_condition_is_refused_with_428() {
    let app = app().await;
    let (item, _) = read(&app, ITEM).await;
    let r = send(&app, "PUT", ITEM, &[], &item).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_REQUIRED, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "precondition_required");
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("If-Match")
    );
    // An If-Match that is no entity tag matches no version, and the refusal gives the tag.
    let (_, tag) = read(&app, ITEM).await;
    let r = put(&app, ITEM, "v12", &item).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.body);
    assert!(r.body.contains(&tag.replace('"', "\\\"")), "{}", r.body);
}

#[tokio::test]
async fn a_client_revalidates_an_item_with_its_tag() {
    let app = app().await;
    let (_, editors) = read(&app, ITEM).await;
    let public = etag(&app.ok(ITEM).await);
    for (token, tag) in [(None, &public), (Some(EDITOR), &editors)] {
        let mut r = Request::get(ITEM).header("if-none-match", tag.as_str());
        if let Some(t) = token {
            r = r.header("authorization", format!("Bearer {t}"));
        }
        let r = app.request(r.body(Body::empty()).expect("request")).await;
        assert_eq!(r.status, StatusCode::NOT_MODIFIED, "{token:?}");
        assert_eq!(etag(&r), *tag);
    }
}

fn new_item() -> Value {
    json!({
        "title": "Secretariat staff visit a school in Astana",
        "kind": "brief",
        "dateline": {"place": "Astana", "start": "2025-04-02"},
        "states": ["KAZ"],
        "source": "Written by the Secretariat",
        "body": ["Staff of the Secretariat spoke to pupils about the Conference.", "They answered questions on its history."]
    })
}

#[tokio::test]
async fn an_item_is_created_as_a_draft_where_the_client_names_it_and_only_once() {
    let app = app().await;
    let uri = "/api/v1/news/school-visit-astana";
    let r = send(&app, "PUT", uri, &[("if-none-match", "*")], &new_item()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(
        r.headers.get("location").and_then(|v| v.to_str().ok()),
        Some(uri)
    );
    let created = r.json();
    assert_eq!(created["status"], "draft");
    assert_eq!(created["date"], "2025-04-02", "the dateline's first day");
    assert_eq!(created["language"], "en");
    // A draft is the Secretariat's alone.
    assert_eq!(app.get(uri).await.status, StatusCode::NOT_FOUND);
    // The address is taken now.
    let r = send(&app, "PUT", uri, &[("if-none-match", "*")], &new_item()).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.body);
    // And If-Match on an address with nothing there says how to create.
    let r = put(&app, "/api/v1/news/nothing-here", "\"v1\"", &new_item()).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.body);
    assert!(r.body.contains("If-None-Match: *"), "{}", r.body);
    // Published, the public reads it.
    let r = app.post(&format!("{uri}/publish"), Some(EDITOR), "").await;
    assert!(r.status.is_success(), "{}", r.body);
    assert_eq!(app.ok(uri).await.json()["status"], "published");
}

#[tokio::test]
async fn posting_an_item_creates_it_at_the_address_its_day_and_headline_give() {
    let app = app().await;
    let r = send(&app, "POST", "/api/v1/news", &[], &new_item()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let at = "/api/v1/news/2025-04-02-secretariat-staff-visit-a-school-in-astana";
    assert_eq!(
        r.headers.get("location").and_then(|v| v.to_str().ok()),
        Some(at)
    );
    let (item, tag) = read(&app, at).await;
    assert_eq!(item["status"], "draft");
    assert_eq!(etag(&r), tag);
    // Posting the same again is a conflict, not a second item.
    let r = send(&app, "POST", "/api/v1/news", &[], &new_item()).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
}

/// Inputs a save refuses, each with the field the refusal names; nothing is written.
#[tokio::test]
async fn a_bad_field_is_refused_by_name_and_nothing_is_written() {
    let app = app().await;
    let (item, tag) = read(&app, ITEM).await;
    let with = |changes: Value| {
        let mut v = item.clone();
        for (k, x) in changes.as_object().expect("object") {
            v[k] = x.clone();
        }
        v
    };
    let cases: Vec<(&str, Value, StatusCode, &str)> = vec![
        (
            "an empty headline",
            with(json!({"title": "  "})),
            StatusCode::BAD_REQUEST,
            "title",
        ),
        (
            "an empty body",
            with(json!({"body": []})),
            StatusCode::BAD_REQUEST,
            "body",
        ),
        (
            "a control character",
            with(json!({"title": "A\u{7}B"})),
            StatusCode::BAD_REQUEST,
            "title",
        ),
        (
            "a kind of no kind",
            with(json!({"kind": "essay"})),
            StatusCode::BAD_REQUEST,
            "kind",
        ),
        (
            "a day that is not one",
            with(json!({"date": "2025-02-30"})),
            StatusCode::BAD_REQUEST,
            "date",
        ),
        (
            "a dateline ending before it starts",
            with(
                json!({"dateline": {"place": "Astana", "start": "2025-03-02", "end": "2025-03-01"}}),
            ),
            StatusCode::BAD_REQUEST,
            "dateline.end",
        ),
        (
            "a dateline without its place",
            with(json!({"dateline": {"place": "", "start": "2025-03-02"}})),
            StatusCode::BAD_REQUEST,
            "dateline.place",
        ),
        (
            "a malformed state code",
            with(json!({"states": ["kz"]})),
            StatusCode::BAD_REQUEST,
            "states",
        ),
        (
            "a state listed twice",
            with(json!({"states": ["KAZ", "KAZ"]})),
            StatusCode::BAD_REQUEST,
            "states",
        ),
        (
            "a state the register does not hold",
            with(json!({"states": ["GBR"]})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "",
        ),
        (
            "an unknown person",
            with(json!({"people": ["nobody-at-all"]})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "",
        ),
        (
            "an issue that is no quarter",
            with(json!({"issue": "2025-Q5"})),
            StatusCode::BAD_REQUEST,
            "issue",
        ),
        (
            "a language that is no code",
            with(json!({"language": "English"})),
            StatusCode::BAD_REQUEST,
            "language",
        ),
        (
            "another item's address",
            with(json!({"slug": "belarus-presidential-election-observation"})),
            StatusCode::BAD_REQUEST,
            "slug",
        ),
        (
            "a misspelt field",
            with(json!({"titel": "x"})),
            StatusCode::BAD_REQUEST,
            "body",
        ),
        (
            "a photograph of no image",
            with(json!({"photos": [{"media": "no-such.jpg", "caption": "A caption"}]})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "",
        ),
        (
            "alternative text that repeats the caption",
            with(
                json!({"photos": [{"url": "/media/ski-tour-2025.jpg", "caption": "Same", "alt": "Same"}]}),
            ),
            StatusCode::BAD_REQUEST,
            "photos[0].alt",
        ),
        (
            "a body longer than accepted",
            with(json!({"body": ["x".repeat(100_001)]})),
            StatusCode::BAD_REQUEST,
            "body",
        ),
    ];
    for (what, body, status, field) in cases {
        let r = put(&app, ITEM, &tag, &body).await;
        assert_eq!(r.status, status, "{what}: {}", r.body);
        let error = &r.json()["error"];
        assert!(error["message"].is_string(), "{what}: the error shape");
        if !field.is_empty() {
            assert_eq!(error["parameter"], field, "{what}: {}", r.body);
        }
        // Nothing was written: the version read is still the current one.
        let (_, now) = read(&app, ITEM).await;
        assert_eq!(now, tag, "{what}: written");
    }
    // Several problems at once are all named, each by its field.
    let r = put(&app, ITEM, &tag, &with(json!({"title": "", "source": ""}))).await;
    let error = r.json();
    let fields: Vec<&str> = error["error"]["fields"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["field"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(fields, ["title", "source"], "{}", r.body);
}

#[tokio::test]
async fn script_in_any_text_field_reaches_the_page_as_text() {
    let app = app().await;
    let (mut item, tag) = read(&app, ITEM).await;
    let attack = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    item["title"] = json!(format!("Title {attack}"));
    item["body"] = json!([format!("Body {attack}")]);
    item["dateline"]["place"] = json!(format!("Place {attack}"));
    item["date_note"] = json!(format!("Note {attack}"));
    let r = put(&app, ITEM, &tag, &item).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    for page in ["/news/kuwait-voluntary-contribution", "/news", "/"] {
        let body = app.ok(page).await.body;
        assert!(!body.contains("<script>alert"), "{page}");
        assert!(!body.contains("<img src=x"), "{page}");
    }
    let page = app.ok("/news/kuwait-voluntary-contribution").await.body;
    for text in ["Title", "Place"] {
        assert!(
            page.contains(&format!("{text} &#60;script&#62;alert(1)&#60;/script&#62;")),
            "{text}: {page}"
        );
    }
    // The body is Markdown printed through the sanitizer, which writes its own escapes.
    assert!(
        page.contains("Body &lt;script&gt;alert(1)&lt;/script&gt;"),
        "Body: {page}"
    );
}

// ---------------------------------------------------------------------------------------------
// The same through the editors' forms.

/// A signed-in browser of the editor: its cookie.
async fn editor_browser(app: &TestApp) -> String {
    let r = common::sign_in(
        app,
        "editor@secretariat.example.org",
        "a long test password",
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (session, _) = common::set_cookie(&r, "cica_session").expect("session");
    format!("cica_session={session}")
}

/// The value of a form field on a page.
fn field(html: &str, name: &str) -> String {
    let marker = format!(r#"name="{name}""#);
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no field {name}"));
    let rest = &html[at..];
    let v = rest.find(r#"value=""#).expect("value") + 7;
    rest[v..].split('"').next().expect("value").to_owned()
}

#[tokio::test]
async fn the_news_forms_exist_for_the_secretariat_alone() {
    let app = app().await;
    app.account(
        "kz@mfa.example.kz",
        cica_domain::access::Role::MemberDelegate,
        cica_domain::access::Binding::State(cica_domain::StateCode::parse("KAZ").expect("code")),
        "kz-token",
    )
    .await;
    let r = common::sign_in(&app, "kz@mfa.example.kz", "a long test password").await;
    let (kz, _) = common::set_cookie(&r, "cica_session").expect("session");
    let kz = format!("cica_session={kz}");
    let editor = editor_browser(&app).await;
    for uri in ["/news/new", "/news/kuwait-voluntary-contribution/edit"] {
        assert_eq!(
            common::get(&app, uri, None).await.status,
            StatusCode::NOT_FOUND,
            "{uri}"
        );
        assert_eq!(
            common::get(&app, uri, Some(&kz)).await.status,
            StatusCode::NOT_FOUND,
            "{uri}"
        );
        let r = common::post_form(&app, uri, None, &[("title", "x")]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
        let r = common::get(&app, uri, Some(&editor)).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        assert_eq!(r.headers["cache-control"], "private, no-store");
        // Without the session's form token nothing is written.
        let r = common::post_form(&app, uri, Some(&editor), &[("title", "x")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{uri}: {}", r.body);
    }
    let r = common::get(&app, "/news/no-such-item/edit", Some(&editor)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // The history's restore button likewise: no page for others, nothing without the token.
    let restore = "/restore";
    let fields = [
        ("record", "news/kuwait-voluntary-contribution"),
        ("entry", "1"),
        ("version", "1"),
    ];
    for cookie in [None, Some(kz.as_str())] {
        let r = common::post_form(&app, restore, cookie, &fields).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{cookie:?}");
    }
    let r = common::post_form(&app, restore, Some(&editor), &fields).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
}

#[tokio::test]
async fn a_refused_form_keeps_what_was_typed_and_names_the_field() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    let page = common::get(&app, "/news/new", Some(&editor)).await.body;
    let csrf = common::form_token(&page);
    let title = "A visit <script>alert(1)</script> to Astana";
    let r = common::post_form(
        &app,
        "/news/new",
        Some(&editor),
        &[
            ("csrf", &csrf),
            ("title", title),
            ("dateline.place", "Astana"),
            ("dateline.start", "2025-04-31"),
            ("states", "KAZ, kgz"),
            ("body", "A first paragraph.\r\n\r\nA second one."),
            ("source", ""),
            ("language", "en"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for id in ["f-start-error", "f-source-error"] {
        assert!(
            r.body.contains(&format!(r#"id="{id}""#)),
            "{id}: {}",
            r.body
        );
    }
    assert!(
        r.body.contains("is not a date of the form YYYY-MM-DD"),
        "{}",
        r.body
    );
    assert!(!r.body.contains("<script>alert"), "typed text is escaped");
    assert!(r.body.contains("A visit &#60;script&#62;"), "and kept");
    assert!(r.body.contains("A second one."), "the body is kept");
    assert!(r.body.contains("KAZ, kgz"), "the tags are kept as typed");
    // Put right, it is saved as a draft and shown.
    let r = common::post_form(
        &app,
        "/news/new",
        Some(&editor),
        &[
            ("csrf", &csrf),
            ("title", "A visit to Astana"),
            ("dateline.place", "Astana"),
            ("dateline.start", "2025-04-03"),
            ("states", "KAZ, kgz"),
            ("body", "A first paragraph.\r\n\r\nA second one."),
            ("source", "Written by the Secretariat"),
            ("language", "en"),
            ("date_confirmed", "on"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let at = r.headers["location"].to_str().expect("location").to_owned();
    assert_eq!(at, "/news/2025-04-03-a-visit-to-astana");
    let (item, _) = read(&app, &format!("/api/v1{at}")).await;
    assert_eq!(item["states"], json!(["KAZ", "KGZ"]));
    assert_eq!(item["body"], json!(["A first paragraph.", "A second one."]));
    assert_eq!(item["status"], "draft");
}

#[tokio::test]
async fn a_form_saved_after_someone_else_shows_their_change_and_saves_on_the_second_try() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    let uri = "/news/kuwait-voluntary-contribution/edit";
    let page = common::get(&app, uri, Some(&editor)).await.body;
    let csrf = common::form_token(&page);
    let opened = field(&page, "version");
    // Someone saves over the API meanwhile.
    let (mut theirs, tag) = read(&app, ITEM).await;
    theirs["source"] = json!("Their source");
    assert_eq!(put(&app, ITEM, &tag, &theirs).await.status, StatusCode::OK);
    let mut form: Vec<(String, String)> = [
        "title",
        "kind",
        "date",
        "date_note",
        "dateline.place",
        "dateline.start",
        "issue",
        "language",
        "source",
    ]
    .iter()
    .map(|k| ((*k).to_owned(), field(&page, k)))
    .collect();
    form.push(("body".into(), "My corrected text.".into()));
    form.push(("date_confirmed".into(), "on".into()));
    // The hidden fields as the browser sends them: the token, the version, the values the
    // form was opened with.
    let hidden = hidden_fields(&page);
    assert!(hidden.iter().any(|(k, v)| k == "csrf" && *v == csrf));
    assert!(hidden.iter().any(|(k, v)| k == "version" && *v == opened));
    assert!(hidden.iter().any(|(k, _)| k == "base.body"), "{hidden:?}");
    let sent: Vec<(String, String)> = form.iter().cloned().chain(hidden).collect();
    let r = common::post_form(&app, uri, Some(&editor), &as_refs(&sent)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(
        r.body
            .contains("Someone saved this item after you opened it"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("Saved meanwhile:</strong> Their source"),
        "{}",
        r.body
    );
    // Only what they changed is shown, not what this editor changed.
    assert_eq!(r.body.matches("Saved meanwhile:").count(), 1, "{}", r.body);
    assert!(r.body.contains("My corrected text."), "kept");
    assert_eq!(
        app.ok(ITEM).await.json()["source"],
        "Their source",
        "nothing written"
    );
    // The form now stands on the version saved: sent again as it is, it saves.
    let again: Vec<(String, String)> = hidden_fields(&r.body)
        .into_iter()
        .chain(form.iter().cloned())
        .collect();
    assert!(
        again
            .iter()
            .any(|(k, v)| k == "base.source" && v == "Their source")
    );
    let r = common::post_form(&app, uri, Some(&editor), &as_refs(&again)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let saved = app.ok(ITEM).await.json();
    assert_eq!(saved["body"], json!(["My corrected text."]));
    assert_ne!(saved["source"], "Their source");
}

#[tokio::test]
async fn a_draft_changed_since_it_was_read_is_not_published_unseen() {
    let app = app().await;
    let uri = "/api/v1/news/a-draft-to-publish";
    let r = send(&app, "PUT", uri, &[("if-none-match", "*")], &new_item()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let read_tag = etag(&r);
    // Someone changes it.
    let mut changed = r.json();
    changed["title"] = json!("A half-finished headline");
    assert_eq!(
        put(&app, uri, &read_tag, &changed).await.status,
        StatusCode::OK
    );
    // Publishing the version read is refused; the page's form likewise.
    let r = send(
        &app,
        "POST",
        &format!("{uri}/publish"),
        &[("if-match", &read_tag)],
        &json!({}),
    )
    .await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.body);
    let editor = editor_browser(&app).await;
    let page = common::get(&app, "/news/a-draft-to-publish", Some(&editor))
        .await
        .body;
    let csrf = common::form_token(&page);
    let old_version = read_tag
        .trim_matches('"')
        .trim_start_matches('v')
        .to_owned();
    let r = common::post_form(
        &app,
        "/news/a-draft-to-publish/publish",
        Some(&editor),
        &[("csrf", &csrf), ("version", &old_version)],
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("was not published"), "{}", r.body);
    assert_eq!(
        app.get(uri).await.status,
        StatusCode::NOT_FOUND,
        "still a draft"
    );
    // With the page's own version it goes.
    let publish_form = page
        .split(r#"action="/news/a-draft-to-publish/publish""#)
        .nth(1)
        .and_then(|f| f.split("</form>").next())
        .expect("the publish form");
    let shown = hidden_fields(publish_form);
    let r = common::post_form(
        &app,
        "/news/a-draft-to-publish/publish",
        Some(&editor),
        &as_refs(&shown),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        app.ok(uri).await.json()["title"],
        "A half-finished headline"
    );
    // Publishing it again says it is published, whatever version is named; publishing what
    // does not exist says that.
    let publish = format!("{uri}/publish");
    let r = send(
        &app,
        "POST",
        &publish,
        &[("if-match", &read_tag)],
        &json!({}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("already published"), "{}", r.body);
    let missing = "/api/v1/news/no-such-item/publish";
    let r = send(&app, "POST", missing, &[("if-match", "\"v1\"")], &json!({})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
}

#[tokio::test]
async fn items_with_headlines_in_other_scripts_get_addresses_of_their_own() {
    let app = app().await;
    let mut item = new_item();
    item["title"] = json!("Секретариат СВМДА провёл брифинг");
    let first = send(&app, "POST", "/api/v1/news", &[], &item).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    item["title"] = json!("Генеральный секретарь встретился с послом");
    let second = send(&app, "POST", "/api/v1/news", &[], &item).await;
    assert_eq!(second.status, StatusCode::CREATED, "{}", second.body);
    let at = |r: &Reply| r.headers["location"].to_str().expect("location").to_owned();
    assert_ne!(at(&first), at(&second));
    assert!(
        at(&first).starts_with("/api/v1/news/2025-04-02-"),
        "{}",
        at(&first)
    );
    // The same item sent twice is still one item.
    let again = send(&app, "POST", "/api/v1/news", &[], &item).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    // Headlines that share their Latin words, and differ in the rest, do not collide either.
    let mut places = Vec::new();
    for title in ["CICA: встреча в Астане", "CICA: семинар в Баку"] {
        item["title"] = json!(title);
        let r = send(&app, "POST", "/api/v1/news", &[], &item).await;
        assert_eq!(r.status, StatusCode::CREATED, "{title}: {}", r.body);
        places.push(at(&r));
    }
    assert_ne!(places[0], places[1]);
    assert!(
        places[0].starts_with("/api/v1/news/2025-04-02-cica-"),
        "{}",
        places[0]
    );
    // The address of the form that writes new items is no item's.
    let r = send(
        &app,
        "PUT",
        "/api/v1/news/new",
        &[("if-none-match", "*")],
        &new_item(),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.json()["error"]["parameter"], "slug");
}

/// A `multipart/form-data` body of text fields and one file, with its content type.
fn multipart(fields: &[(&str, &str)], file: Option<(&str, &str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "----cica-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    if let Some((name, file_name, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: image/jpeg\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn test_card() -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../cica-digest/tests/fixtures/test-card.jpg"),
    )
    .expect("the fixture")
}

#[tokio::test]
async fn an_editor_adds_a_photograph_over_the_api_and_the_page_prints_it() {
    let app = app().await;
    let (_, tag) = read(&app, ITEM).await;
    let photo = test_card();
    let (kind, body) = multipart(
        &[
            ("caption", "The Ambassador of Kuwait at the Secretariat"),
            ("alt", "A man in a dark suit stands beside a flag"),
            ("credit", "CICA Secretariat"),
        ],
        Some(("image", "IMG_2041.JPG", &photo)),
    );
    let post = |body: Vec<u8>, kind: &str, tag: Option<&str>| {
        let mut r = Request::post(format!("{ITEM}/photos"))
            .header("authorization", format!("Bearer {EDITOR}"))
            .header("content-type", kind);
        if let Some(t) = tag {
            r = r.header("if-match", t);
        }
        r.body(Body::from(body)).expect("request")
    };
    let r = app.request(post(body.clone(), &kind, Some(&tag))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let image = r.headers["location"].to_str().expect("location").to_owned();
    assert_eq!(image, "/media/kuwait-voluntary-contribution-1.jpg");
    assert_ne!(etag(&r), tag, "the item moved on");
    let photos = r.json()["photos"].clone();
    assert_eq!(photos[0]["url"], image.as_str());
    assert_eq!(
        photos[0]["alt"],
        "A man in a dark suit stands beside a flag"
    );
    // The image is served, and the item's page prints it with its description.
    let served = app.ok(&image).await;
    assert_eq!(served.content_type, "image/jpeg");
    let page = app.ok("/news/kuwait-voluntary-contribution").await.body;
    let screen = image.replacen("/media/", "/media/screen/", 1);
    assert!(
        page.contains(&format!(
            r#"<img src="{screen}" alt="A man in a dark suit stands beside a flag">"#
        )),
        "{page}"
    );
    // Over the version it replaced, the same upload is refused; without a description, and
    // for a body that is no upload form, too.
    let r = app.request(post(body, &kind, Some(&tag))).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.body);
    let (kind, body) = multipart(
        &[("caption", "A caption")],
        Some(("image", "a.jpg", &photo)),
    );
    let r = app.request(post(body, &kind, None)).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.json()["error"]["parameter"], "alt");
    let r = app
        .request(post(b"{}".to_vec(), "application/json", None))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.json()["error"]["parameter"], "body");
}

#[tokio::test]
async fn the_desk_shows_the_editors_what_waits_and_the_next_issues_state() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    assert_eq!(
        common::get(&app, "/desk", None).await.status,
        StatusCode::NOT_FOUND
    );
    let page = common::get(&app, "/desk", Some(&editor)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("No draft waits"), "{}", page.body);
    assert!(
        page.body.contains("The next issue: 2025-Q2"),
        "{}",
        page.body
    );
    assert!(page.body.contains("none yet"), "{}", page.body);
    // A draft written for the next issue, and the issue's record.
    let r = send(&app, "POST", "/api/v1/news", &[], &new_item()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = send(
        &app,
        "PUT",
        "/api/v1/digests/2025-Q2",
        &[("if-none-match", "*")],
        &json!({"title": "Voice of Asia — CICA Digest"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let page = common::get(&app, "/desk", Some(&editor)).await.body;
    assert!(
        page.contains("Secretariat staff visit a school in Astana"),
        "the draft is listed: {page}"
    );
    assert!(page.contains("1 still draft"), "{page}");
    assert!(page.contains("0 published"), "{page}");
    assert!(page.contains("on record"), "{page}");
    assert!(page.contains("not chosen"), "{page}");
    assert!(page.contains("missing"), "no foreword yet: {page}");
    assert!(page.contains("No proposal waits"), "{page}");
    assert!(page.contains("No procedure is running"), "{page}");
    // A release whose import proposes a meeting and an engagement, and a procedure opened.
    let release = "Scholars of the forum agree a plan\n\nBaku, 12 March 2025 – The CICA Think Tank Forum met in Baku to agree its research plan for the year. On the margins, the Secretary General met Dr. Lena Vogt Marsh, Rector of the Caspian Institute of Policy, to discuss joint studies.\n";
    let r = app
        .post(
            "/api/v1/import?dry_run=false&name=forum.txt",
            Some(EDITOR),
            release,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["summary"]["proposed"], 2, "{}", r.body);
    let r = app
        .post(
            "/api/v1/silence-procedures",
            Some(EDITOR),
            r#"{"organ":"ministerial-council","act":"approve","subject":"the calendar of events for the year","expires_at":"2025-04-03T18:00:00+04:00"}"#,
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let page = common::get(&app, "/desk", Some(&editor)).await.body;
    assert!(page.contains("2 meetings and engagements"), "{page}");
    assert!(page.contains("2 proposals"), "the item is marked: {page}");
    assert!(
        page.contains("the calendar of events for the year"),
        "{page}"
    );
    assert!(page.contains("until 3 April 2025"), "its deadline: {page}");
}

async fn add_photo(app: &TestApp, item: &str, caption: &str, tag: Option<&str>) -> Reply {
    let photo = test_card();
    let (kind, body) = multipart(
        &[
            ("caption", caption),
            ("alt", "A test card: a circle on a blue grid"),
        ],
        Some(("image", "card.jpg", &photo)),
    );
    let mut r = Request::post(format!("{item}/photos"))
        .header("authorization", format!("Bearer {EDITOR}"))
        .header("content-type", kind);
    if let Some(t) = tag {
        r = r.header("if-match", t);
    }
    app.request(r.body(Body::from(body)).expect("request"))
        .await
}

#[tokio::test]
async fn a_drafts_photographs_are_the_secretariats_until_it_is_published() {
    let app = app().await;
    let uri = "/api/v1/news/a-draft-with-a-photo";
    let r = send(&app, "PUT", uri, &[("if-none-match", "*")], &new_item()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = add_photo(&app, uri, "First", None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let image = r.headers["location"].to_str().expect("location").to_owned();
    assert_eq!(image, "/media/a-draft-with-a-photo-1.jpg");
    // The public's news page, kept in the cache before, and the image itself.
    let before = app.ok("/news").await.headers["etag"].clone();
    let screen = image.replacen("/media/", "/media/screen/", 1);
    for at in [&image, &screen] {
        assert_eq!(app.get(at).await.status, StatusCode::NOT_FOUND, "a draft's");
        let r = app.get_as(at, EDITOR).await;
        assert_eq!(r.status, StatusCode::OK, "{at}");
        assert_eq!(
            r.headers["cache-control"], "private, no-store",
            "{at}: no cache keeps it"
        );
    }
    assert_eq!(
        app.ok("/news").await.headers["etag"],
        before,
        "a draft moves nothing"
    );
    let r = app.post(&format!("{uri}/publish"), Some(EDITOR), "").await;
    assert!(r.status.is_success(), "{}", r.body);
    assert_eq!(app.ok(&image).await.content_type, "image/jpeg");
    assert_eq!(app.ok(&screen).await.content_type, "image/jpeg");
    // A published item's new photograph moves the public's revision.
    let before = app.ok("/news").await.headers["etag"].clone();
    let r = add_photo(&app, uri, "Second", None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_ne!(app.ok("/news").await.headers["etag"], before);
    // Removed from the item, a photograph keeps its name: the next takes a free one.
    let (mut item, tag) = read(&app, uri).await;
    item["photos"] = json!([item["photos"][1].clone()]);
    assert_eq!(put(&app, uri, &tag, &item).await.status, StatusCode::OK);
    let r = add_photo(&app, uri, "Third", None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.headers["location"], "/media/a-draft-with-a-photo-3.jpg");
    // A missing item is said before the upload is read; one too large is refused as such.
    let r = add_photo(&app, "/api/v1/news/no-such-item", "x", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let (kind, body) = multipart(
        &[("caption", "Huge"), ("alt", "Nothing")],
        Some((
            "image",
            "huge.jpg",
            &vec![0u8; cica_app::media::MAX_UPLOAD + 512 * 1024],
        )),
    );
    let r = app
        .request(
            Request::post(format!("{uri}/photos"))
                .header("authorization", format!("Bearer {EDITOR}"))
                .header("content-type", kind)
                .body(Body::from(body))
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "too_large");
}

#[tokio::test]
async fn the_photograph_form_exists_for_the_secretariat_alone_and_needs_its_token() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    let uri = "/news/kuwait-voluntary-contribution/photos";
    let photo = test_card();
    let (kind, body) = multipart(
        &[("caption", "A caption"), ("alt", "What it shows")],
        Some(("image", "card.jpg", &photo)),
    );
    let post = |cookie: Option<&str>, body: Vec<u8>| {
        let mut r = Request::post(uri).header("content-type", kind.as_str());
        if let Some(c) = cookie {
            r = r.header("cookie", c);
        }
        r.body(Body::from(body)).expect("request")
    };
    let r = app.request(post(None, body.clone())).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    // A signed-in editor's browser, but no form token: a forged form.
    let r = app.request(post(Some(&editor), body)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    // With the token and the version of the page, it is added and the form shows it.
    let page = common::get(
        &app,
        "/news/kuwait-voluntary-contribution/edit",
        Some(&editor),
    )
    .await
    .body;
    let csrf = common::form_token(&page);
    let version = field(&page, "version");
    let (kind2, body) = multipart(
        &[
            ("csrf", &csrf),
            ("version", &version),
            ("caption", "A caption"),
            ("alt", "What it shows"),
        ],
        Some(("image", "card.jpg", &photo)),
    );
    let r = Request::post(uri)
        .header("content-type", kind2.as_str())
        .header("cookie", &editor);
    let r = app
        .request(r.body(Body::from(body)).expect("request"))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        r.headers["location"],
        "/news/kuwait-voluntary-contribution/edit"
    );
    // The same page's version again: someone (this editor) saved since; refused as stale.
    let (kind3, body) = multipart(
        &[
            ("csrf", &csrf),
            ("version", &version),
            ("caption", "Another"),
            ("alt", "What it shows"),
        ],
        Some(("image", "card.jpg", &photo)),
    );
    let r = app
        .request(
            Request::post(uri)
                .header("content-type", kind3.as_str())
                .header("cookie", &editor)
                .body(Body::from(body))
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(
        r.body.contains("the photograph was not added"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn engagements_are_recorded_and_changed_by_the_same_convention() {
    let app = app().await;
    let list = app.ok("/api/v1/engagements?limit=100").await.json();
    let items = list["items"].as_array().expect("items").clone();
    // Saving exactly what was read changes nothing but the version, for every engagement.
    for read_back in &items {
        let id = read_back["id"].as_str().expect("id").to_owned();
        let uri = format!("/api/v1/engagements/{id}");
        let (e, tag) = read(&app, &uri).await;
        let r = put(&app, &uri, &tag, &e).await;
        assert_eq!(r.status, StatusCode::OK, "{id}: {}", r.body);
        assert_eq!(r.json(), e, "{id}: a save of what was read changes nothing");
        assert_ne!(etag(&r), tag, "{id}: a new version");
    }
    // The register's title, shown where the record keeps none, is not copied into it.
    let baku = cica_domain::Slug::parse("eng-2025-01-15-baku-aliyev").expect("id");
    let stored = cica_store::Calendar::engagement(app.state.store(), &baku)
        .await
        .expect("reads")
        .expect("the engagement");
    assert_eq!(stored.counterparts[0].title, None);
    let id = items[0]["id"].as_str().expect("an engagement").to_owned();
    let uri = format!("/api/v1/engagements/{id}");
    let (mut e, tag) = read(&app, &uri).await;
    e["topics"] = json!(["the Chairmanship's priorities", "the 2026 Summit"]);
    e["summary"] = json!("They went through the year's calendar.");
    let r = put(&app, &uri, &tag, &e).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["topics"], e["topics"]);
    let page = app.ok(&format!("/engagements/{id}")).await.body;
    assert!(page.contains("the 2026 Summit"), "{page}");
    assert!(
        etag(&app.ok(&uri).await).starts_with("W/"),
        "the public gets the public's tag"
    );
    let trail = cica_store::AuditTrail::audit(app.state.store(), Some(&format!("engagement/{id}")))
        .await
        .expect("trail");
    let last = trail.last().expect("an entry");
    assert_eq!(last.action, "engagement.save");
    assert!(last.before.is_some() && last.after.is_some());
    // Over the version it replaced: refused, nothing written.
    e["summary"] = json!("Another account.");
    let r = put(&app, &uri, &tag, &e).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.body);
    // A new one, at the id its day and counterpart give.
    let new = json!({
        "start": "2025-04-03",
        "kind": "courtesy-call",
        "city": "Astana",
        "country": "KAZ",
        "secretariat": ["kairat-sarybay"],
        "counterparts": [{"person": "jeyhun-bayramov", "title": "Minister of Foreign Affairs"}],
        "states": ["AZE"],
        "topics": ["a test call"]
    });
    let r = send(&app, "POST", "/api/v1/engagements", &[], &new).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(
        r.headers["location"],
        "/api/v1/engagements/eng-2025-04-03-jeyhun-bayramov"
    );
    let r = send(&app, "POST", "/api/v1/engagements", &[], &new).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let mut named = new.clone();
    named["id"] = json!("my-own-id");
    let r = send(&app, "POST", "/api/v1/engagements", &[], &named).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    // Refusals name their field; nothing is written.
    let with = |changes: Value| {
        let mut v = new.clone();
        for (k, x) in changes.as_object().expect("object") {
            v[k] = x.clone();
        }
        v
    };
    let r = send(
        &app,
        "PUT",
        "/api/v1/news/a-draft-for-a-link",
        &[("if-none-match", "*")],
        &new_item(),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let at = "/api/v1/engagements/refused-one";
    for (what, body, status, field) in [
        (
            "no such kind",
            with(json!({"kind": "dinner"})),
            StatusCode::BAD_REQUEST,
            "kind",
        ),
        (
            "a day that is none",
            with(json!({"start": "2025-02-30"})),
            StatusCode::BAD_REQUEST,
            "start",
        ),
        (
            "an end before the start",
            with(json!({"end": "2025-04-01"})),
            StatusCode::BAD_REQUEST,
            "end",
        ),
        (
            "a state twice",
            with(json!({"states": ["KAZ", "KAZ"]})),
            StatusCode::BAD_REQUEST,
            "states",
        ),
        (
            "a topic on two lines",
            with(json!({"topics": ["a\nb"]})),
            StatusCode::BAD_REQUEST,
            "topics[0]",
        ),
        (
            "the Secretary General as his own counterpart",
            with(json!({"counterparts": [{"person": "kairat-sarybay"}]})),
            StatusCode::BAD_REQUEST,
            "counterparts[0].person",
        ),
        (
            "an unknown person",
            with(json!({"counterparts": [{"person": "nobody-at-all"}]})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "counterparts[0].person: no person",
        ),
        (
            "an unknown news item",
            with(json!({"news": "no-such-item"})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "news: no news item",
        ),
        (
            "a draft news item",
            with(json!({"news": "a-draft-for-a-link"})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "news: `a-draft-for-a-link` is a draft",
        ),
    ] {
        let r = send(&app, "PUT", at, &[("if-none-match", "*")], &body).await;
        assert_eq!(r.status, status, "{what}: {}", r.body);
        if status == StatusCode::BAD_REQUEST {
            assert_eq!(r.json()["error"]["parameter"], field, "{what}: {}", r.body);
        } else {
            let message = r.json()["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            assert!(message.starts_with(field), "{what}: {message}");
        }
        assert_eq!(
            app.get(at).await.status,
            StatusCode::NOT_FOUND,
            "{what}: written"
        );
    }
}

#[tokio::test]
async fn meetings_are_recorded_and_changed_by_the_same_convention() {
    let app = app().await;
    let ids = every(&app, "/api/v1/meetings", "id").await;
    assert!(ids.len() > 20, "the dataset's meetings");
    // Saving exactly what was read changes nothing but the version, for every meeting: days
    // and announced times, titles of their own and titles a read makes up, outcomes.
    for id in &ids {
        let uri = format!("/api/v1/meetings/{id}");
        let stored = cica_store::Calendar::meeting(
            app.state.store(),
            &cica_domain::Slug::parse(id).expect("id"),
        )
        .await
        .expect("reads")
        .expect("stored");
        let (m, tag) = read(&app, &uri).await;
        let r = put(&app, &uri, &tag, &m).await;
        assert_eq!(r.status, StatusCode::OK, "{id}: {}", r.body);
        assert_eq!(r.json(), m, "{id}: a save of what was read changes nothing");
        assert_ne!(etag(&r), tag, "{id}: a new version");
        let saved = cica_store::Calendar::meeting(app.state.store(), &stored.id)
            .await
            .expect("reads")
            .expect("stored");
        assert_eq!(saved, stored, "{id}: the record itself is unchanged");
    }
    // A change, seen on the page; the public keeps its own tag.
    let uri = "/api/v1/meetings/soc-2025-02-27-baku";
    let (mut m, tag) = read(&app, uri).await;
    m["summary"] = json!("The Committee went through the year's calendar.");
    m["organizations"] = json!(["un"]);
    let r = put(&app, uri, &tag, &m).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let page = app.ok("/meetings/soc-2025-02-27-baku").await.body;
    assert!(page.contains("the year&#39;s calendar"), "{page}");
    assert!(etag(&app.ok(uri).await).starts_with("W/"));
    let r = put(&app, uri, &tag, &m).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.body);
    // The title a read makes up for a meeting without its own stays made up when the
    // number changes; a span changed without its period is refused, not lost.
    let (mut m, tag) = read(&app, uri).await;
    assert_eq!(m["title"], "SOC meeting");
    m["number"] = json!(2);
    let r = put(&app, uri, &tag, &m).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["title"], "2nd SOC", "{}", r.body);
    let tag = etag(&r);
    let mut m = r.json();
    m["date"]["end"] = json!("2025-02-28");
    let r = put(&app, uri, &tag, &m).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.json()["error"]["parameter"], "date", "{}", r.body);
    // A new one, at the id its body, day and city give, in the record's own form of days.
    let new = json!({
        "body": "senior-officials-committee",
        "date": "2025-06-12/2025-06-13",
        "city": "Astana",
        "country": "KAZ",
        "status": "planned",
        "states": ["KAZ", "AZE"]
    });
    let r = send(&app, "POST", "/api/v1/meetings", &[], &new).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let at = "/api/v1/meetings/soc-2025-06-12-astana";
    assert_eq!(r.headers["location"], at);
    assert_eq!(r.json()["title"], "SOC meeting", "{}", r.body);
    assert_eq!(r.json()["date"]["label"], "12–13 June 2025", "{}", r.body);
    let r = send(&app, "POST", "/api/v1/meetings", &[], &new).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let trail =
        cica_store::AuditTrail::audit(app.state.store(), Some("meeting/soc-2025-06-12-astana"))
            .await
            .expect("trail");
    assert_eq!(
        trail.last().map(|e| e.action.as_str()),
        Some("meeting.create")
    );
    // Refusals name their field; nothing is written.
    let with = |changes: Value| {
        let mut v = new.clone();
        for (k, x) in changes.as_object().expect("object") {
            v[k] = x.clone();
        }
        v
    };
    let at = "/api/v1/meetings/refused-one";
    for (what, body, status, field) in [
        (
            "no such status",
            with(json!({"status": "postponed"})),
            StatusCode::BAD_REQUEST,
            "status",
        ),
        (
            "no such format",
            with(json!({"format": "by letter"})),
            StatusCode::BAD_REQUEST,
            "format",
        ),
        (
            "days that are none",
            with(json!({"date": "2025-06-31"})),
            StatusCode::BAD_REQUEST,
            "date",
        ),
        (
            "a time without its offset",
            with(json!({"date": {"start": "2025-06-12", "time": "10:00"}})),
            StatusCode::BAD_REQUEST,
            "date.time",
        ),
        (
            "a state twice",
            with(json!({"states": ["KAZ", "KAZ"]})),
            StatusCode::BAD_REQUEST,
            "states",
        ),
        (
            "outcomes of a planned meeting",
            with(json!({"outcomes": [{"act": "adopted", "text": "the agenda"}]})),
            StatusCode::BAD_REQUEST,
            "outcomes",
        ),
        (
            "an outcome of no act",
            with(json!({"status": "held", "outcomes": [{"act": "enjoyed", "text": "lunch"}]})),
            StatusCode::BAD_REQUEST,
            "outcomes[0].act",
        ),
        (
            "number 0",
            with(json!({"number": 0})),
            StatusCode::BAD_REQUEST,
            "number",
        ),
        (
            "an outcome after one of no act",
            with(json!({"status": "held", "outcomes": [
                {"act": "enjoyed", "text": "lunch"},
                {"act": "adopted", "text": " "}
            ]})),
            StatusCode::BAD_REQUEST,
            "outcomes[0].act",
        ),
        (
            "an unknown field",
            with(json!({"venue": "a hall"})),
            StatusCode::BAD_REQUEST,
            "body",
        ),
        (
            "an unknown body",
            with(json!({"body": "no-such-body"})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "body: no body",
        ),
        (
            "an unknown chair",
            with(json!({"chair_person": "nobody-at-all"})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "chair_person: no person",
        ),
        (
            "an unknown next meeting",
            with(json!({"next": "no-such-meeting"})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "next: no meeting",
        ),
    ] {
        let r = send(&app, "PUT", at, &[("if-none-match", "*")], &body).await;
        assert_eq!(r.status, status, "{what}: {}", r.body);
        if status == StatusCode::BAD_REQUEST {
            assert_eq!(r.json()["error"]["parameter"], field, "{what}: {}", r.body);
        } else {
            let message = r.json()["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            assert!(message.starts_with(field), "{what}: {message}");
        }
        assert_eq!(
            app.get(at).await.status,
            StatusCode::NOT_FOUND,
            "{what}: written"
        );
        if what == "an outcome after one of no act" {
            let named: Vec<String> = r.json()["error"]["fields"]
                .as_array()
                .expect("fields")
                .iter()
                .filter_map(|f| f["field"].as_str().map(str::to_owned))
                .collect();
            assert!(
                named.contains(&"outcomes[1].text".to_owned()),
                "the second by its own number: {}",
                r.body
            );
        }
    }
    let r = send(
        &app,
        "PUT",
        "/api/v1/meetings/new",
        &[("if-none-match", "*")],
        &new,
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.json()["error"]["parameter"], "id", "{}", r.body);
}

/// Every key (`field`) of a list the API pages through, from its address.
async fn every(app: &TestApp, list: &str, field: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut next = Some(format!("{list}?limit=100"));
    while let Some(uri) = next {
        let page = app.ok(&uri).await.json();
        for item in page["items"].as_array().expect("items") {
            out.push(item[field].as_str().expect("key").to_owned());
        }
        next = page["next"]
            .as_str()
            .map(|c| format!("{list}?limit=100&cursor={c}"));
    }
    out
}

/// Saves a record exactly as read over the API (the answer is what was read) and through its
/// form exactly as a browser sends it opened (a redirect to its page).
async fn saved_as_read(app: &TestApp, editor: &str, api: &str, form: &str) {
    let (record, tag) = read(app, api).await;
    let r = put(app, api, &tag, &record).await;
    assert_eq!(r.status, StatusCode::OK, "{api}: {}", r.body);
    assert_eq!(r.json(), record, "{api}");
    let page = common::get(app, form, Some(editor)).await.body;
    let sent = as_a_browser_sends(as_opened(&page, &[]));
    let r = common::post_form(app, form, Some(editor), &as_refs(&sent)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{form}: {}", r.body);
}

#[tokio::test]
async fn an_editor_records_and_changes_meetings_in_forms_that_keep_what_was_typed() {
    let app = app().await;
    app.account(
        "kz@mfa.example.kz",
        cica_domain::access::Role::MemberDelegate,
        cica_domain::access::Binding::State(cica_domain::StateCode::parse("KAZ").expect("code")),
        "kz-token",
    )
    .await;
    let r = common::sign_in(&app, "kz@mfa.example.kz", "a long test password").await;
    let (kz, _) = common::set_cookie(&r, "cica_session").expect("session");
    let kz = format!("cica_session={kz}");
    let editor = editor_browser(&app).await;
    for uri in ["/meetings/new", "/meetings/soc-2025-02-27-baku/edit"] {
        for cookie in [None, Some(kz.as_str())] {
            let r = common::get(&app, uri, cookie).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri} {cookie:?}");
            let r = common::post_form(&app, uri, cookie, &[("body", "soc")]).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri} {cookie:?}");
        }
        let r = common::get(&app, uri, Some(&editor)).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        assert_eq!(r.headers["cache-control"], "private, no-store");
        let r = common::post_form(&app, uri, Some(&editor), &[("body", "soc")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{uri}: {}", r.body);
    }
    // A refusal names each field, keeps what was typed, and writes nothing.
    let page = common::get(&app, "/meetings/new", Some(&editor)).await.body;
    let csrf = common::form_token(&page);
    let typed = [
        ("csrf", csrf.as_str()),
        ("body", "senior-officials-committee"),
        ("status", "planned"),
        ("format", "hybrid"),
        ("date", "2025-06-31"),
        ("time", "10:00"),
        ("city", "Astana <script>alert(1)</script>"),
        ("country", "KAZ"),
        ("states", "KAZ, aze, KAZ"),
        ("chair_person", "nobody-at-all"),
        ("outcomes", "adopted: the agenda"),
    ];
    let r = common::post_form(&app, "/meetings/new", Some(&editor), &typed).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for id in ["f-date-error", "f-time-error"] {
        assert!(
            r.body.contains(&format!(r#"id="{id}""#)),
            "{id}: {}",
            r.body
        );
    }
    assert!(!r.body.contains("<script>alert"), "typed text is escaped");
    assert!(r.body.contains("Astana &#60;script&#62;"), "and kept");
    assert!(
        r.body.contains("KAZ, aze, KAZ"),
        "the keys are kept as typed"
    );
    assert!(
        r.body.contains("adopted: the agenda</textarea>"),
        "{}",
        r.body
    );
    // Put right field by field, the rules of the meeting and then the store's speak.
    let mut fixed: Vec<(&str, &str)> = typed.to_vec();
    fixed.retain(|(k, _)| !matches!(*k, "date" | "time" | "city"));
    fixed.extend([
        ("date", "2025-06-12/2025-06-13"),
        ("time", "10:00+05:00"),
        ("city", "Astana"),
    ]);
    let r = common::post_form(&app, "/meetings/new", Some(&editor), &fixed).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for id in ["f-states-error", "f-outcomes-error"] {
        assert!(
            r.body.contains(&format!(r#"id="{id}""#)),
            "{id}: {}",
            r.body
        );
    }
    fixed.retain(|(k, _)| !matches!(*k, "states" | "outcomes"));
    fixed.push(("states", "KAZ, aze"));
    let r = common::post_form(&app, "/meetings/new", Some(&editor), &fixed).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains(r#"id="f-chair-person-error""#),
        "{}",
        r.body
    );
    assert!(r.body.contains("No person has the slug"), "{}", r.body);
    fixed.retain(|(k, _)| *k != "chair_person");
    fixed.push(("chair_person", "kairat-sarybay"));
    let r = common::post_form(&app, "/meetings/new", Some(&editor), &fixed).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let at = r.headers["location"].to_str().expect("location").to_owned();
    assert_eq!(at, "/meetings/soc-2025-06-12-astana");
    let (m, _) = read(&app, &format!("/api/v1{at}")).await;
    assert_eq!(m["states"], json!(["KAZ", "AZE"]));
    assert_eq!(m["format"], "hybrid");
    assert_eq!(m["date"]["time"], "10:00+05:00");
    let page = common::get(&app, &at, Some(&editor)).await.body;
    assert!(
        page.contains(&format!(r#"href="{at}/edit""#)),
        "an edit link: {page}"
    );
    assert!(page.contains("meeting create"), "its history: {page}");
    assert!(
        !app.ok(&at).await.body.contains("/edit"),
        "not for the public"
    );
    // Someone saves over the API while the form is open: nothing is written, their change
    // is shown next to its field, and the second save replaces it knowingly.
    let edit = format!("{at}/edit");
    let page = common::get(&app, &edit, Some(&editor)).await.body;
    let (mut theirs, tag) = read(&app, &format!("/api/v1{at}")).await;
    theirs["summary"] = json!("Their summary.");
    let r = put(&app, &format!("/api/v1{at}"), &tag, &theirs).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mine = as_opened(&page, &[("city", "Nur-Sultan")]);
    let r = common::post_form(&app, &edit, Some(&editor), &as_refs(&mine)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(
        r.body.contains("Saved meanwhile:</strong> Their summary."),
        "{}",
        r.body
    );
    assert_eq!(
        read(&app, &format!("/api/v1{at}")).await.0["city"],
        "Astana"
    );
    let again = as_opened(&r.body, &[("city", "Nur-Sultan")]);
    let r = common::post_form(&app, &edit, Some(&editor), &as_refs(&again)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (now, _) = read(&app, &format!("/api/v1{at}")).await;
    assert_eq!(
        (now["city"].as_str(), now["summary"].as_str()),
        (Some("Nur-Sultan"), Some("Their summary."))
    );
}

#[tokio::test]
async fn a_record_form_saved_as_opened_changes_nothing_for_every_meeting_engagement_and_issue() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    let store = app.state.store();
    let mut meetings = Vec::new();
    let mut next = Some("/api/v1/meetings?limit=100".to_owned());
    while let Some(uri) = next {
        let list = app.ok(&uri).await.json();
        for m in list["items"].as_array().expect("items") {
            meetings.push(m["id"].as_str().expect("id").to_owned());
        }
        next = list["next"]
            .as_str()
            .map(|c| format!("/api/v1/meetings?limit=100&cursor={c}"));
    }
    let engagements = every(&app, "/api/v1/engagements", "id").await;
    assert!(!meetings.is_empty() && !engagements.is_empty());
    let slug = |id: &str| cica_domain::Slug::parse(id).expect("id");
    for id in &meetings {
        let before = cica_store::Calendar::meeting(store, &slug(id))
            .await
            .expect("reads");
        let edit = format!("/meetings/{id}/edit");
        let page = common::get(&app, &edit, Some(&editor)).await.body;
        let sent = as_a_browser_sends(as_opened(&page, &[]));
        let r = common::post_form(&app, &edit, Some(&editor), &as_refs(&sent)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{id}: {}", r.body);
        let after = cica_store::Calendar::meeting(store, &slug(id))
            .await
            .expect("reads");
        assert_eq!(after, before, "{id}");
    }
    for id in &engagements {
        let before = cica_store::Calendar::engagement(store, &slug(id))
            .await
            .expect("reads");
        let edit = format!("/engagements/{id}/edit");
        let page = common::get(&app, &edit, Some(&editor)).await.body;
        let sent = as_a_browser_sends(as_opened(&page, &[]));
        let r = common::post_form(&app, &edit, Some(&editor), &as_refs(&sent)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{id}: {}", r.body);
        let after = cica_store::Calendar::engagement(store, &slug(id))
            .await
            .expect("reads");
        assert_eq!(after, before, "{id}");
    }
    // The published issue too: its foreword's paragraphs stay paragraphs.
    let q1 = cica_domain::Quarter::parse("2025-Q1").expect("quarter");
    let before = cica_store::Digests::digest(store, q1).await.expect("reads");
    assert!(
        before
            .as_ref()
            .and_then(|d| d.foreword.as_deref())
            .is_some_and(|f| f.contains("\n\n")),
        "a foreword of several paragraphs"
    );
    let page = common::get(&app, "/digest/2025-Q1/edit", Some(&editor))
        .await
        .body;
    let sent = as_a_browser_sends(as_opened(&page, &[]));
    let r = common::post_form(&app, "/digest/2025-Q1/edit", Some(&editor), &as_refs(&sent)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = cica_store::Digests::digest(store, q1).await.expect("reads");
    assert_eq!(after, before);
    // An engagement recorded in its form, counterparts with their titles and states.
    let page = common::get(&app, "/engagements/new", Some(&editor))
        .await
        .body;
    let csrf = common::form_token(&page);
    let r = common::post_form(
        &app,
        "/engagements/new",
        Some(&editor),
        &[
            ("csrf", &csrf),
            ("kind", "courtesy-call"),
            ("start", "2025-04-03"),
            ("city", "Astana"),
            ("country", "KAZ"),
            ("secretariat", "kairat-sarybay"),
            (
                "counterparts",
                "jeyhun-bayramov | Minister of Foreign Affairs | aze\r\n",
            ),
            ("states", "AZE"),
            ("topics", "the Chairmanship's priorities\r\nthe 2026 Summit"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        r.headers["location"],
        "/engagements/eng-2025-04-03-jeyhun-bayramov"
    );
    let (e, _) = read(&app, "/api/v1/engagements/eng-2025-04-03-jeyhun-bayramov").await;
    assert_eq!(e["counterparts"][0]["state"], "AZE", "{e}");
    assert_eq!(
        e["topics"],
        json!(["the Chairmanship's priorities", "the 2026 Summit"])
    );
    let page = common::get(
        &app,
        "/engagements/eng-2025-04-03-jeyhun-bayramov",
        Some(&editor),
    )
    .await
    .body;
    assert!(
        page.contains("Edit this engagement") && page.contains("engagement create"),
        "{page}"
    );
}

#[tokio::test]
async fn an_editor_opens_an_issue_in_its_form_reads_its_draft_and_publishes_it() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    // An article of the quarter, published.
    let mut article = new_item();
    article["kind"] = json!("article");
    let r = send(&app, "POST", "/api/v1/news", &[], &article).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let item = r.json()["slug"].as_str().expect("slug").to_owned();
    let r = send(
        &app,
        "POST",
        &format!("/api/v1/news/{item}/publish"),
        &[],
        &json!({}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        common::get(&app, "/digest/new", None).await.status,
        StatusCode::NOT_FOUND
    );
    let page = common::get(&app, "/digest/new?quarter=2025-Q2", Some(&editor)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(
        field(&page.body, "quarter"),
        "2025-Q2",
        "filled from the desk's link"
    );
    let csrf = common::form_token(&page.body);
    let typed = |title: &'static str, foreword_kind: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("quarter", "2025-Q2".to_owned()),
            ("title", title.to_owned()),
            ("status", "draft".to_owned()),
            ("foreword_kind", foreword_kind.to_owned()),
            ("foreword_author", "kairat-sarybay".to_owned()),
            (
                "foreword",
                "The Secretary General wrote that the quarter was one of preparation.".to_owned(),
            ),
        ]
    };
    let refs = |v: &[(&'static str, String)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(k, x)| ((*k).to_owned(), x.clone()))
            .collect()
    };
    let r = common::post_form(
        &app,
        "/digest/new",
        Some(&editor),
        &as_refs(&refs(&typed(" ", "reported"))),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains(r#"id="f-title-error""#), "{}", r.body);
    assert!(
        r.body.contains("one of preparation"),
        "the foreword is kept"
    );
    let r = common::post_form(
        &app,
        "/digest/new",
        Some(&editor),
        &as_refs(&refs(&typed(
            "Voice of Asia: April to June 2025",
            "reported",
        ))),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // A draft may print nothing yet: the list shows it to the Secretariat, with its record.
    assert_eq!(r.headers["location"], "/digest");
    let list = common::get(&app, "/digest", Some(&editor)).await.body;
    assert!(list.contains(r#"href="/digest/2025-Q2/edit""#), "{list}");
    assert!(
        !app.ok("/digest").await.body.contains("2025-Q2"),
        "not the public's"
    );
    // A draft issue: the Secretariat reads it as it would go out (asked first, so that a
    // cache keeping it would serve the public next); the public and a delegate do not.
    let r = common::get(&app, "/digest/2025-Q2", Some(&editor)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("A draft issue"), "{}", r.body);
    assert!(
        r.body
            .contains("Secretariat staff visit a school in Astana")
    );
    assert_eq!(r.headers["cache-control"], "private, no-store");
    let r = common::get(&app, "/digest/2025-Q2.pdf", Some(&editor)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["cache-control"], "private, no-store");
    assert_eq!(
        app.get("/digest/2025-Q2").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/digest/2025-Q2.pdf").await.status,
        StatusCode::NOT_FOUND
    );
    app.account(
        "kz@mfa.example.kz",
        cica_domain::access::Role::MemberDelegate,
        cica_domain::access::Binding::State(cica_domain::StateCode::parse("KAZ").expect("code")),
        "kz-token",
    )
    .await;
    let r = common::sign_in(&app, "kz@mfa.example.kz", "a long test password").await;
    let (kz, _) = common::set_cookie(&r, "cica_session").expect("session");
    let kz = format!("cica_session={kz}");
    for uri in ["/digest/2025-Q2", "/digest/new", "/digest/2025-Q2/edit"] {
        let r = common::get(&app, uri, Some(&kz)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
    }
    // Its form lists the items it may print; a cover of two is refused by its field.
    let edit = "/digest/2025-Q2/edit";
    let page = common::get(&app, edit, Some(&editor)).await.body;
    assert!(page.contains(&format!("<code>{item}</code>")), "{page}");
    let two = format!("{item}\n{item}");
    let sent = as_opened(&page, &[("highlights", &two)]);
    let r = common::post_form(&app, edit, Some(&editor), &as_refs(&sent)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains(r#"id="f-highlights-error""#), "{}", r.body);
    // Published from its form, it is the public's.
    let sent = as_opened(&page, &[("status", "published")]);
    let r = common::post_form(&app, edit, Some(&editor), &as_refs(&sent)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app.get("/digest/2025-Q2").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("A draft issue"));
    assert!(
        r.body.contains("one of preparation"),
        "the foreword is printed"
    );
}

#[tokio::test]
async fn a_meeting_others_refer_to_is_not_deleted_and_the_refusal_names_them() {
    let app = app().await;
    let baku = "/api/v1/meetings/soc-2025-02-27-baku";
    let (_, tag) = read(&app, baku).await;
    let r = send(&app, "DELETE", baku, &[], &json!(null)).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_REQUIRED, "{}", r.body);
    let r = send(&app, "DELETE", baku, &[("if-match", "*")], &json!(null)).await;
    assert_eq!(
        r.status,
        StatusCode::PRECONDITION_REQUIRED,
        "never blind: {}",
        r.body
    );
    let r = send(&app, "DELETE", baku, &[("if-match", &tag)], &json!(null)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let message = r.json()["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        message.contains("decision `"),
        "names the decisions: {message}"
    );
    assert_eq!(app.get(baku).await.status, StatusCode::OK, "still there");
    // One nothing refers to goes, over the version read only, and its history stays.
    let new = json!({"body": "senior-officials-committee", "date": "2025-06-12", "city": "Astana", "status": "planned"});
    let r = send(&app, "POST", "/api/v1/meetings", &[], &new).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let at = r.headers["location"].to_str().expect("location").to_owned();
    let old = etag(&r);
    let (mut m, tag) = read(&app, &at).await;
    m["summary"] = json!("Postponed.");
    assert_eq!(put(&app, &at, &tag, &m).await.status, StatusCode::OK);
    let r = send(&app, "DELETE", &at, &[("if-match", &old)], &json!(null)).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.body);
    let (_, tag) = read(&app, &at).await;
    let r = send(&app, "DELETE", &at, &[("if-match", &tag)], &json!(null)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_eq!(app.get(&at).await.status, StatusCode::NOT_FOUND);
    let r = send(&app, "DELETE", &at, &[("if-match", &tag)], &json!(null)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let record = at.trim_start_matches("/api/v1/meetings/");
    let trail =
        cica_store::AuditTrail::audit(app.state.store(), Some(&format!("meeting/{record}")))
            .await
            .expect("trail");
    let last = trail.last().expect("entries");
    assert_eq!(last.action, "meeting.delete");
    assert!(
        last.before
            .as_deref()
            .is_some_and(|b| b.contains("Postponed."))
    );
    // In the browser: the edit form's "Delete" says who refers to a meeting, and deletes an
    // engagement nothing refers to.
    let editor = editor_browser(&app).await;
    let edit = "/meetings/soc-2025-02-27-baku/edit";
    let page = common::get(&app, edit, Some(&editor)).await.body;
    let csrf = common::form_token(&page);
    let version = field(&page, "version");
    let r = common::post_form(
        &app,
        "/meetings/soc-2025-02-27-baku/delete",
        Some(&editor),
        &[("csrf", &csrf), ("version", &version)],
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(
        r.body
            .contains("cannot be deleted while others refer to it"),
        "{}",
        r.body
    );
    let engagement = "/engagements/eng-2025-01-15-baku-aliyev";
    let page = common::get(&app, &format!("{engagement}/edit"), Some(&editor))
        .await
        .body;
    let version = field(&page, "version");
    // Not there for the public; refused without the session's token.
    let r = common::post_form(
        &app,
        &format!("{engagement}/delete"),
        None,
        &[("version", &version)],
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = common::post_form(
        &app,
        &format!("{engagement}/delete"),
        Some(&editor),
        &[("version", &version)],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = common::post_form(
        &app,
        &format!("{engagement}/delete"),
        Some(&editor),
        &[
            ("csrf", &csrf),
            ("version", &version),
            ("reason", "recorded twice"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.headers["location"], "/engagements");
    assert_eq!(app.get(engagement).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn organizations_are_kept_by_the_same_convention_over_the_api_and_in_forms() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    let store = app.state.store();
    let slugs = every(&app, "/api/v1/organizations", "slug").await;
    assert!(slugs.len() > 30, "the dataset's organizations");
    let slug = |s: &str| cica_domain::Slug::parse(s).expect("slug");
    // Saved as read over the API, and as opened through the form (as a browser sends it),
    // every organization is unchanged.
    for s in &slugs {
        let before = cica_store::Registers::organization(store, &slug(s))
            .await
            .expect("reads");
        saved_as_read(
            &app,
            &editor,
            &format!("/api/v1/organizations/{s}"),
            &format!("/organizations/{s}/edit"),
        )
        .await;
        let after = cica_store::Registers::organization(store, &slug(s))
            .await
            .expect("reads");
        assert_eq!(after, before, "{s}");
    }
    // A new one, at the slug its acronym gives; seen on its page and in the list at once.
    let new = json!({
        "name": "Asian Forum of Test Organizations",
        "acronym": "AFTO",
        "kind": "international",
        "website": "https://afto.example.org",
        "history": [{"status": "partner", "from": "2025-04", "sources": ["A memorandum"]}]
    });
    let r = send(&app, "POST", "/api/v1/organizations", &[], &new).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.headers["location"], "/api/v1/organizations/afto");
    assert_eq!(r.json()["status"], "partner", "{}", r.body);
    assert!(
        app.ok("/organizations/afto")
            .await
            .body
            .contains("Asian Forum of Test Organizations")
    );
    let trail = cica_store::AuditTrail::audit(store, Some("organization/afto"))
        .await
        .expect("trail");
    assert_eq!(
        trail.last().map(|e| e.action.as_str()),
        Some("organization.create")
    );
    let with = |changes: Value| {
        let mut v = new.clone();
        for (k, x) in changes.as_object().expect("object") {
            v[k] = x.clone();
        }
        v
    };
    let at = "/api/v1/organizations/refused-one";
    for (what, body, status, field) in [
        (
            "a member organization",
            with(json!({"history": [{"status": "member", "from": "2025"}]})),
            StatusCode::BAD_REQUEST,
            "history[0].status",
        ),
        (
            "a month that is none",
            with(json!({"history": [{"status": "partner", "from": "2025-13"}]})),
            StatusCode::BAD_REQUEST,
            "history[0].from",
        ),
        (
            "periods overlapping",
            with(json!({"history": [
                {"status": "observer", "from": "2014", "until": "2020"},
                {"status": "partner", "from": "2019"}
            ]})),
            StatusCode::BAD_REQUEST,
            "history",
        ),
        (
            "a period ending before it starts",
            with(json!({"history": [{"status": "partner", "from": "2020", "until": "2019"}]})),
            StatusCode::BAD_REQUEST,
            "history[0].until",
        ),
        (
            "a source with a separator of typed periods",
            with(json!({"history": [{"status": "partner", "from": "2020", "sources": ["a; b"]}]})),
            StatusCode::BAD_REQUEST,
            "history[0].sources",
        ),
        (
            "a period refused before one ending before it starts",
            with(json!({"history": [
                {"status": "partner", "from": "2020-13"},
                {"status": "partner", "from": "2020", "until": "2019"}
            ]})),
            StatusCode::BAD_REQUEST,
            "history[0].from",
        ),
        (
            "no name",
            with(json!({"name": " "})),
            StatusCode::BAD_REQUEST,
            "name",
        ),
        (
            "a website that is none",
            with(json!({"website": "afto.example.org"})),
            StatusCode::BAD_REQUEST,
            "website",
        ),
        (
            "an unknown kind",
            with(json!({"kind": "club"})),
            StatusCode::BAD_REQUEST,
            "kind",
        ),
        (
            "an unknown state",
            with(json!({"state": "XXX"})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "state: no state",
        ),
    ] {
        let r = send(&app, "PUT", at, &[("if-none-match", "*")], &body).await;
        assert_eq!(r.status, status, "{what}: {}", r.body);
        if status == StatusCode::BAD_REQUEST {
            assert_eq!(r.json()["error"]["parameter"], field, "{what}: {}", r.body);
        } else {
            let message = r.json()["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            assert!(message.starts_with(field), "{what}: {message}");
        }
        assert_eq!(
            app.get(at).await.status,
            StatusCode::NOT_FOUND,
            "{what}: written"
        );
        if what.starts_with("a period refused before") {
            let named: Vec<String> = r.json()["error"]["fields"]
                .as_array()
                .expect("fields")
                .iter()
                .filter_map(|f| f["field"].as_str().map(str::to_owned))
                .collect();
            assert!(named.contains(&"history[1].until".to_owned()), "{}", r.body);
        }
    }
    // In the form, a period typed wrong is refused next to the periods, all typed kept.
    let edit = "/organizations/afto/edit";
    let page = common::get(&app, edit, Some(&editor)).await.body;
    let sent = as_opened(
        &page,
        &[("history", "partner | 2025-04\nobserver | 2025-13")],
    );
    let r = common::post_form(&app, edit, Some(&editor), &as_refs(&sent)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains(r#"id="f-history-error""#), "{}", r.body);
    assert!(r.body.contains("observer | 2025-13"), "kept: {}", r.body);
    let page = common::get(&app, "/organizations/afto", Some(&editor))
        .await
        .body;
    assert!(
        page.contains("Edit this organization") && page.contains("organization create"),
        "the edit link and the history: {page}"
    );
}

#[tokio::test]
async fn states_are_kept_by_the_same_convention_over_the_api_and_in_forms() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    let store = app.state.store();
    let codes: Vec<String> = app.ok("/api/v1/states?status=all&limit=100").await.json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|s| s["code"].as_str().expect("code").to_owned())
        .collect();
    assert!(codes.len() >= 28, "the dataset's states: {}", codes.len());
    for c in &codes {
        let code = cica_domain::StateCode::parse(c).expect("code");
        let before = cica_store::Registers::state(store, &code)
            .await
            .expect("reads");
        saved_as_read(
            &app,
            &editor,
            &format!("/api/v1/states/{c}"),
            &format!("/states/{c}/edit"),
        )
        .await;
        let after = cica_store::Registers::state(store, &code)
            .await
            .expect("reads");
        assert_eq!(after, before, "{c}");
    }
    // A change of name and of status is everyone's at once: the page, the members' list.
    let uri = "/api/v1/states/KAZ";
    let (mut st, tag) = read(&app, uri).await;
    st["aliases"] = json!(["Qazaqstan"]);
    st["name"] = json!("Kazakhstan (renamed by a test)");
    let r = put(&app, uri, &tag, &st).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["aliases"], json!(["Qazaqstan"]));
    for page in ["/states/KAZ", "/members"] {
        let body = app.ok(page).await.body;
        assert!(
            body.contains("Kazakhstan (renamed by a test)"),
            "{page}: {body}"
        );
    }
    let trail = cica_store::AuditTrail::audit(store, Some("state/KAZ"))
        .await
        .expect("trail");
    let last = trail.last().expect("entry");
    assert_eq!(last.action, "state.save");
    assert!(
        last.after
            .as_deref()
            .is_some_and(|a| a.contains("Qazaqstan") && a.contains("member"))
    );
    // Refused by field; nothing written.
    let (st, tag) = read(&app, uri).await;
    for (what, history, field) in [
        (
            "a partner state",
            json!([{"status": "partner", "from": "1999"}]),
            "history[0].status",
        ),
        (
            "periods overlapping",
            json!([{"status": "member", "from": "1999"}, {"status": "observer", "from": "2005"}]),
            "history",
        ),
    ] {
        let mut body = st.clone();
        body["history"] = history;
        let r = put(&app, uri, &tag, &body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{what}: {}", r.body);
        assert_eq!(r.json()["error"]["parameter"], field, "{what}: {}", r.body);
    }
    let mut body = st.clone();
    body["name"] = json!("");
    let r = put(&app, uri, &tag, &body).await;
    assert_eq!(r.json()["error"]["parameter"], "name", "{}", r.body);
    assert_eq!(read(&app, uri).await.1, tag, "nothing written");
    // A state is recorded at its code, in its form too.
    let page = common::get(&app, "/states/new", Some(&editor)).await.body;
    let csrf = common::form_token(&page);
    let r = common::post_form(
        &app,
        "/states/new",
        Some(&editor),
        &[
            ("csrf", &csrf),
            ("code", "nzl"),
            ("name", "New Zealand"),
            (
                "history",
                "observer (unconfirmed) | 2026-01 | | A test source",
            ),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.headers["location"], "/states/NZL");
    let (nz, _) = read(&app, "/api/v1/states/NZL").await;
    assert_eq!(nz["history"][0]["unconfirmed"], true, "{nz}");
    let page = common::get(&app, "/states/NZL", Some(&editor)).await.body;
    assert!(
        page.contains("Edit this state") && page.contains("state create"),
        "the edit link and the history: {page}"
    );
    assert!(
        !app.ok("/states/NZL").await.body.contains("state create"),
        "not the public's"
    );
}

#[tokio::test]
async fn bodies_are_kept_by_the_same_convention_over_the_api_and_in_forms() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    let store = app.state.store();
    let slugs: Vec<String> = app.ok("/api/v1/bodies?limit=100").await.json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|b| b["slug"].as_str().expect("slug").to_owned())
        .collect();
    assert!(slugs.len() > 10, "the dataset's bodies");
    let slug = |s: &str| cica_domain::Slug::parse(s).expect("slug");
    for s in &slugs {
        let before = cica_store::Registers::body(store, &slug(s))
            .await
            .expect("reads");
        saved_as_read(
            &app,
            &editor,
            &format!("/api/v1/bodies/{s}"),
            &format!("/bodies/{s}/edit"),
        )
        .await;
        let after = cica_store::Registers::body(store, &slug(s))
            .await
            .expect("reads");
        assert_eq!(after, before, "{s}");
    }
    // A new working group under the SOC, at the slug its short name gives.
    let new = json!({
        "name": "Working Group on Test Measures",
        "short_name": "WGTM",
        "kind": "working-body",
        "parent": "senior-officials-committee",
        "description": "A group recorded by the tests."
    });
    let r = send(&app, "POST", "/api/v1/bodies", &[], &new).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.headers["location"], "/api/v1/bodies/wgtm");
    assert!(
        app.ok("/bodies/wgtm")
            .await
            .body
            .contains("Working Group on Test Measures")
    );
    // Parents never go round in a circle; a parent must exist.
    let (mut soc, tag) = read(&app, "/api/v1/bodies/senior-officials-committee").await;
    soc["parent"] = json!("wgtm");
    let r = put(
        &app,
        "/api/v1/bodies/senior-officials-committee",
        &tag,
        &soc,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("parent: "), "{}", r.body);
    let mut body = new.clone();
    body["parent"] = json!("no-such-body");
    let r = send(
        &app,
        "PUT",
        "/api/v1/bodies/other",
        &[("if-none-match", "*")],
        &body,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    body["parent"] = json!(null);
    body["name"] = json!(" ");
    let r = send(
        &app,
        "PUT",
        "/api/v1/bodies/other",
        &[("if-none-match", "*")],
        &body,
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.json()["error"]["parameter"], "name", "{}", r.body);
    let page = common::get(&app, "/bodies/wgtm", Some(&editor)).await.body;
    assert!(page.contains("Edit this body"), "{page}");
}

#[tokio::test]
async fn people_and_their_roles_are_kept_by_the_same_convention_over_the_api_and_in_forms() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    let store = app.state.store();
    let slugs = every(&app, "/api/v1/people", "slug").await;
    assert!(slugs.len() > 30, "the dataset's people");
    let slug = |s: &str| cica_domain::Slug::parse(s).expect("slug");
    for s in &slugs {
        let before = cica_store::Registers::person(store, &slug(s))
            .await
            .expect("reads");
        saved_as_read(
            &app,
            &editor,
            &format!("/api/v1/people/{s}"),
            &format!("/people/{s}/edit"),
        )
        .await;
        let after = cica_store::Registers::person(store, &slug(s))
            .await
            .expect("reads");
        assert_eq!(after, before, "{s}");
    }
    // A new person with a role, recorded in the form at the slug the name gives.
    let page = common::get(&app, "/people/new", Some(&editor)).await.body;
    let csrf = common::form_token(&page);
    let r = common::post_form(
        &app,
        "/people/new",
        Some(&editor),
        &[
            ("csrf", &csrf),
            ("name", "Aigerim Testova"),
            (
                "roles",
                "Deputy Executive Director | body secretariat | 2025-03 | | A test source\r\nAdviser | state kaz | 2020 | 2025-02",
            ),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.headers["location"], "/people/aigerim-testova");
    let (p, tag) = read(&app, "/api/v1/people/aigerim-testova").await;
    assert_eq!(p["title"], "Deputy Executive Director", "{p}");
    assert_eq!(p["roles"][1]["affiliation"], "KAZ", "{p}");
    // Refusals by field; nothing written.
    for (what, roles, status, field) in [
        (
            "a role of nowhere",
            json!([{"title": "Envoy", "affiliation_kind": "city", "affiliation": "astana"}]),
            StatusCode::BAD_REQUEST,
            "roles[0].affiliation_kind",
        ),
        (
            "a role ending before it starts",
            json!([{"title": "Envoy", "affiliation_kind": "state", "affiliation": "KAZ", "from": "2025", "until": "2024"}]),
            StatusCode::BAD_REQUEST,
            "roles[0].until",
        ),
        (
            "an organization not in the register",
            json!([{"title": "Envoy", "affiliation_kind": "organization", "affiliation": "no-such-org"}]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "roles[0].affiliation: no organization",
        ),
    ] {
        let mut body = p.clone();
        body["roles"] = roles;
        let r = put(&app, "/api/v1/people/aigerim-testova", &tag, &body).await;
        assert_eq!(r.status, status, "{what}: {}", r.body);
        if status == StatusCode::BAD_REQUEST {
            assert_eq!(r.json()["error"]["parameter"], field, "{what}: {}", r.body);
        } else {
            let message = r.json()["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            assert!(message.starts_with(field), "{what}: {message}");
        }
    }
    assert_eq!(
        read(&app, "/api/v1/people/aigerim-testova").await.1,
        tag,
        "nothing written"
    );
    let page = common::get(&app, "/people/aigerim-testova", Some(&editor))
        .await
        .body;
    assert!(
        page.contains("Edit this person") && page.contains("Deputy Executive Director"),
        "{page}"
    );
}

#[tokio::test]
async fn terms_of_the_chair_are_kept_by_the_same_convention_and_never_overlap() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    let store = app.state.store();
    let list = app.ok("/api/v1/chairmanships").await.json();
    let keys: Vec<String> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| c["key"].as_str().expect("key").to_owned())
        .collect();
    assert!(keys.len() >= 5, "{list}");
    let all = || async {
        cica_store::Registers::chairmanships(store)
            .await
            .expect("reads")
    };
    let before = all().await;
    for k in &keys {
        saved_as_read(
            &app,
            &editor,
            &format!("/api/v1/chairmanships/{k}"),
            &format!("/chairmanships/{k}/edit"),
        )
        .await;
    }
    assert_eq!(all().await, before, "every term saved as read is unchanged");
    // The current term's priorities changed; seen on the state's page.
    let current = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|c| c["current"] == true)
        .expect("a current term");
    let key = current["key"].as_str().expect("key");
    let uri = format!("/api/v1/chairmanships/{key}");
    let (mut c, tag) = read(&app, &uri).await;
    c["priorities"] =
        json!([{"text": "Water security in the test"}, {"text": "A second priority"}]);
    let r = put(&app, &uri, &tag, &c).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["priorities"][1]["number"], 2);
    assert!(
        app.ok("/")
            .await
            .body
            .contains("Water security in the test"),
        "the home page prints the Chair's priorities"
    );
    // A term sharing a day with another is refused, by the field that makes it so.
    let r = send(
        &app,
        "POST",
        "/api/v1/chairmanships",
        &[],
        &json!({"state": "KAZ", "from": "2015"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("one Member State chairs at a time"),
        "{}",
        r.body
    );
    let trail = cica_store::AuditTrail::audit(store, Some(&format!("chairmanship/{key}")))
        .await
        .expect("trail");
    let last = trail.last().expect("an entry");
    assert_eq!(last.action, "chairmanship.save");
    assert!(
        last.after
            .as_deref()
            .is_some_and(|a| a.contains("Water security in the test"))
            && last
                .before
                .as_deref()
                .is_some_and(|b| !b.contains("Water security")),
        "the entry holds the term before and after"
    );
    // A term's first day may be corrected: it keeps its place, its key changes with it; moved
    // into the term before it, it is refused by the day that reaches in.
    let (c, tag) = read(&app, &uri).await;
    let mut moved = c.clone();
    moved["from"] = json!("2024-12-18");
    let r = put(&app, &uri, &tag, &moved).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["key"], "AZE-2024-12-18", "{}", r.body);
    assert_eq!(app.get(&uri).await.status, StatusCode::NOT_FOUND);
    let uri = "/api/v1/chairmanships/aze-2024-12-18";
    let (c, tag) = read(&app, uri).await;
    let mut early = c.clone();
    early["from"] = json!("2022-01-01");
    let r = put(&app, uri, &tag, &early).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("from: the term overlaps"), "{}", r.body);
    let mut ends = c.clone();
    ends["until"] = json!("2000");
    let r = put(&app, uri, &tag, &ends).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.json()["error"]["parameter"], "until", "{}", r.body);
    // The next term: it may begin on the day this one ends, and it is the Chair from then.
    let mut closed = c.clone();
    closed["until"] = json!("2026-10-01");
    let r = put(&app, uri, &tag, &closed).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = send(
        &app,
        "POST",
        "/api/v1/chairmanships",
        &[],
        &json!({"state": "KAZ", "from": "2026-10-01", "theme": "A theme of the test"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(
        r.headers["location"],
        "/api/v1/chairmanships/KAZ-2026-10-01"
    );
    let terms = app.ok("/api/v1/chairmanships").await.json();
    let last = terms["items"]
        .as_array()
        .and_then(|t| t.last())
        .expect("terms");
    assert_eq!(last["key"], "KAZ-2026-10-01", "earliest first: {terms}");
    let later = app
        .ok("/api/v1/chairmanships?as_of=2026-10-02")
        .await
        .json();
    let current: Vec<&Value> = later["items"]
        .as_array()
        .expect("terms")
        .iter()
        .filter(|t| t["current"] == true)
        .collect();
    assert_eq!(current.len(), 1, "{later}");
    assert_eq!(current[0]["state"], "KAZ");
}

#[tokio::test]
async fn an_editor_puts_back_an_earlier_version_of_an_item() {
    let app = app().await;
    let uri = "/api/v1/news/an-item-to-restore";
    let r = send(&app, "PUT", uri, &[("if-none-match", "*")], &new_item()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let first = r.json();
    let mut second = first.clone();
    second["title"] = json!("A headline changed for the worse");
    second["states"] = json!(["KAZ", "UZB"]);
    let r = put(&app, uri, &etag(&r), &second).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let trail = cica_store::AuditTrail::audit(app.state.store(), Some("news/an-item-to-restore"))
        .await
        .expect("trail");
    let created = trail
        .iter()
        .find(|e| e.action == "news.create")
        .expect("the creation")
        .seq;
    // Editors read one record's history over the API, entry numbers included.
    let history = app
        .get_as("/api/v1/audit?record=news/an-item-to-restore", EDITOR)
        .await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.body);
    assert!(
        history.body.contains(&format!("\"seq\":{created}")),
        "{}",
        history.body
    );
    let restore = format!("{uri}/restore");
    let (_, now_tag) = read(&app, uri).await;
    // Without a condition, over a stale version, for an entry of another record or of the
    // dataset load: refused, nothing written.
    let r = send(&app, "POST", &restore, &[], &json!({"entry": created})).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_REQUIRED, "{}", r.body);
    let r = send(
        &app,
        "POST",
        &restore,
        &[("if-match", "\"v1\"")],
        &json!({"entry": created}),
    )
    .await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.body);
    let other = send(
        &app,
        "PUT",
        "/api/v1/news/another-item",
        &[("if-none-match", "*")],
        &new_item(),
    )
    .await;
    assert_eq!(other.status, StatusCode::CREATED, "{}", other.body);
    let others = cica_store::AuditTrail::audit(app.state.store(), Some("news/another-item"))
        .await
        .expect("trail");
    for entry in [1, others[0].seq] {
        let r = send(
            &app,
            "POST",
            &restore,
            &[("if-match", &now_tag)],
            &json!({"entry": entry}),
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{entry}: {}", r.body);
        assert_eq!(r.json()["error"]["parameter"], "entry");
    }
    // Put back: the first version's text, a new version, a note in the trail.
    let r = send(
        &app,
        "POST",
        &restore,
        &[("if-match", &now_tag)],
        &json!({"entry": created}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let now = r.json();
    for field in [
        "title", "states", "body", "dateline", "kind", "source", "status",
    ] {
        assert_eq!(now[field], first[field], "{field}");
    }
    // The same entry again: it is the item as it stands, nothing to restore.
    let r = send(
        &app,
        "POST",
        &restore,
        &[("if-match", &etag(&r))],
        &json!({"entry": created}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let trail = cica_store::AuditTrail::audit(app.state.store(), Some("news/an-item-to-restore"))
        .await
        .expect("trail");
    let last = trail.last().expect("an entry");
    assert_eq!(last.action, "news.save");
    assert_eq!(
        last.note.as_deref(),
        Some(format!("restored as written at entry {created} of the audit trail").as_str())
    );
    // From the item's page: the history offers it, and the form does it.
    let editor = editor_browser(&app).await;
    let page = common::get(&app, "/news/an-item-to-restore", Some(&editor))
        .await
        .body;
    assert!(page.contains("Restore this version"), "{page}");
    let forms: Vec<&str> = page
        .split(r#"<form method="post" action="/restore""#)
        .skip(1)
        .collect();
    let fields = hidden_fields(&format!("<form{}", forms.first().expect("a restore form")));
    let r = common::post_form(&app, "/restore", Some(&editor), &as_refs(&fields)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // The newest version offers no button; the one below it, the worse headline, is back.
    assert_eq!(
        app.get_as(uri, EDITOR).await.json()["title"],
        "A headline changed for the worse"
    );
}

/// The records whose history can be put back, each by its address in the API, the list its
/// first record is taken from (with the field that is its key), and a text field to change.
const RESTORABLE: &[(&str, &str, &str, &str)] = &[
    ("/api/v1/states/KAZ", "", "", "official_name"),
    (
        "/api/v1/organizations",
        "/api/v1/organizations",
        "slug",
        "name",
    ),
    ("/api/v1/people", "/api/v1/people", "slug", "name"),
    ("/api/v1/bodies", "/api/v1/bodies", "slug", "name"),
    (
        "/api/v1/chairmanships",
        "/api/v1/chairmanships",
        "key",
        "theme",
    ),
    ("/api/v1/meetings", "/api/v1/meetings", "id", "title"),
    (
        "/api/v1/engagements",
        "/api/v1/engagements",
        "id",
        "summary",
    ),
    ("/api/v1/documents", "/api/v1/documents", "slug", "title"),
    ("/api/v1/decisions", "/api/v1/decisions", "id", "subject"),
    ("/api/v1/digests/2025-Q1", "", "", "title"),
];

/// The record's address: the table's, or that of the first record its list gives.
async fn first_of(app: &TestApp, (uri, list, key, _): (&str, &str, &str, &str)) -> String {
    if list.is_empty() {
        return uri.to_owned();
    }
    let listed = app.get_as(list, EDITOR).await.json();
    let first = listed["items"][0][key]
        .as_str()
        .unwrap_or_else(|| panic!("{list}: no {key} in {listed}"));
    format!("{uri}/{first}")
}

/// The entries of one record's history, oldest first, as editors read them.
async fn entries(app: &TestApp, record: &str) -> Vec<Value> {
    let r = app
        .get_as(&format!("/api/v1/audit?record={record}"), EDITOR)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mut items = r.json()["items"].as_array().cloned().unwrap_or_default();
    items.sort_by_key(|e| e["seq"].as_i64());
    items
}

#[tokio::test]
async fn an_editor_puts_any_record_back_as_it_stood_before_a_change_or_after_one() {
    let app = app().await;
    for &row in RESTORABLE {
        let uri = first_of(&app, row).await;
        let field = row.3;
        if uri.starts_with("/api/v1/decisions/") {
            // A statement on record, so that statements are read back too.
            let r = send(
                &app,
                "POST",
                &format!("{uri}/statements"),
                &[],
                &json!({"state": "KAZ", "stance": "reservation", "text": "A reservation on record."}),
            )
            .await;
            assert_eq!(r.status, StatusCode::CREATED, "{uri}: {}", r.body);
        }
        let (original, tag) = read(&app, &uri).await;
        // The lists hardest to read back are there to be read back.
        for (kind, list) in [
            ("states", "history"),
            ("people", "roles"),
            ("decisions", "statements"),
        ] {
            if uri.starts_with(&format!("/api/v1/{kind}/")) {
                assert!(
                    original[list].as_array().is_some_and(|l| !l.is_empty()),
                    "{uri}: {list} in {original}"
                );
            }
        }
        // Two saves: the field changed, then changed again.
        let mut first = original.clone();
        first[field] = json!("The first correction");
        let r = put(&app, &uri, &tag, &first).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.body);
        let (first, tag) = read(&app, &uri).await;
        let mut second = first.clone();
        second[field] = json!("The second correction");
        let r = put(&app, &uri, &tag, &second).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.body);
        let (_, tag) = read(&app, &uri).await;
        let name = uri
            .trim_start_matches("/api/v1/")
            .replacen("states/", "state/", 1)
            .replacen("organizations/", "organization/", 1)
            .replacen("people/", "person/", 1)
            .replacen("bodies/", "body/", 1)
            .replacen("chairmanships/", "chairmanship/", 1)
            .replacen("meetings/", "meeting/", 1)
            .replacen("engagements/", "engagement/", 1)
            .replacen("documents/", "document/", 1)
            .replacen("decisions/", "decision/", 1)
            .replacen("digests/", "digest/", 1);
        let saves: Vec<i64> = entries(&app, &name)
            .await
            .iter()
            .filter(|e| e["action"].as_str().is_some_and(|a| a.ends_with(".save")))
            .filter_map(|e| e["seq"].as_i64())
            .collect();
        assert_eq!(saves.len(), 2, "{name}: two saves in its history");
        let restore = format!("{uri}/restore");
        // The version the first save left: the record reads as it did then.
        let r = send(
            &app,
            "POST",
            &restore,
            &[("if-match", &tag)],
            &json!({"entry": saves[0]}),
        )
        .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{uri}: {}", r.body);
        let (now, tag) = read(&app, &uri).await;
        assert_eq!(etag(&r), tag, "{uri}: the answer tags the version restored");
        assert_eq!(now, first, "{uri}: as the first save left it");
        // The version the first save found: the record as the dataset loaded it.
        let r = send(
            &app,
            "POST",
            &restore,
            &[("if-match", &tag)],
            &json!({"entry": saves[0], "side": "before"}),
        )
        .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{uri}: {}", r.body);
        let (now, tag) = read(&app, &uri).await;
        assert_eq!(now, original, "{uri}: as it stood before any change");
        // Again: it is the record as it stands, nothing to put back, nothing written.
        let r = send(
            &app,
            "POST",
            &restore,
            &[("if-match", &tag)],
            &json!({"entry": saves[0], "side": "before"}),
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{uri}: {}",
            r.body
        );
        // Each restore is a save of its own, noted with the entry it came from.
        let trail = entries(&app, &name).await;
        let notes: Vec<&str> = trail.iter().filter_map(|e| e["note"].as_str()).collect();
        assert_eq!(
            notes,
            [
                format!(
                    "restored as written at entry {} of the audit trail",
                    saves[0]
                ),
                format!(
                    "restored as it stood before entry {} of the audit trail",
                    saves[0]
                ),
            ],
            "{name}"
        );
    }
}

/// A case of a refused request: what it is, its headers and body, the answer and the field
/// it names.
type Refusal<'a> = (&'a str, Vec<(&'a str, &'a str)>, Value, StatusCode, &'a str);

#[tokio::test]
async fn a_restore_is_refused_without_its_condition_over_another_version_or_for_no_such_version() {
    let app = app().await;
    let uri = "/api/v1/states/KAZ";
    let (mut state, tag) = read(&app, uri).await;
    state["official_name"] = json!("A name typed wrongly");
    let r = put(&app, uri, &tag, &state).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let (_, tag) = read(&app, uri).await;
    let save = entries(&app, "state/KAZ")
        .await
        .last()
        .and_then(|e| e["seq"].as_i64())
        .expect("the save");
    // An entry of another record: a save of a news item.
    let (item, item_tag) = read(&app, ITEM).await;
    let r = put(&app, ITEM, &item_tag, &item).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let other = entries(&app, "news/kuwait-voluntary-contribution").await;
    assert!(!other.is_empty(), "the item's save is in its history");
    let restore = "/api/v1/states/KAZ/restore";
    let before = json!({"entry": save, "side": "before"});
    let cases: Vec<Refusal<'_>> = vec![
        (
            "no condition",
            vec![],
            before.clone(),
            StatusCode::PRECONDITION_REQUIRED,
            "",
        ),
        (
            "another version",
            vec![("if-match", "\"v1\"")],
            before.clone(),
            StatusCode::PRECONDITION_FAILED,
            "",
        ),
        (
            "a side that is none",
            vec![("if-match", tag.as_str())],
            json!({"entry": save, "side": "sideways"}),
            StatusCode::BAD_REQUEST,
            "side",
        ),
        (
            "an entry of no write",
            vec![("if-match", tag.as_str())],
            json!({"entry": 1}),
            StatusCode::BAD_REQUEST,
            "entry",
        ),
        (
            "an entry of another record",
            vec![("if-match", tag.as_str())],
            json!({"entry": other.last().and_then(|e| e["seq"].as_i64())}),
            StatusCode::BAD_REQUEST,
            "entry",
        ),
        (
            "the version the entry left, which stands",
            vec![("if-match", tag.as_str())],
            json!({"entry": save}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "",
        ),
        (
            "a field the API does not know",
            vec![("if-match", tag.as_str())],
            json!({"entry": save, "when": "now"}),
            StatusCode::BAD_REQUEST,
            "",
        ),
    ];
    for (case, headers, body, status, parameter) in cases {
        let r = send(&app, "POST", restore, &headers, &body).await;
        assert_eq!(r.status, status, "{case}: {}", r.body);
        if !parameter.is_empty() {
            assert_eq!(r.json()["error"]["parameter"], parameter, "{case}");
        }
    }
    // A reason that leaves no room for the note the restore adds: refused, naming it.
    let long = "r".repeat(990);
    let r = send(
        &app,
        "POST",
        restore,
        &[("if-match", tag.as_str()), ("x-audit-note", long.as_str())],
        &before,
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.json()["error"]["parameter"], "note", "{}", r.body);
    assert_eq!(read(&app, uri).await.1, tag, "nothing was written");
    let r = send(
        &app,
        "POST",
        "/api/v1/states/ZZZ/restore",
        &[("if-match", tag.as_str())],
        &before,
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    // A reader without an editor's token: no such act.
    let r = app
        .request(
            Request::builder()
                .method("POST")
                .uri(restore)
                .header("content-type", "application/json")
                .header("if-match", tag.as_str())
                .body(Body::from(before.to_string()))
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    // The code in lower case names the same state.
    let r = send(
        &app,
        "POST",
        "/api/v1/states/kaz/restore",
        &[("if-match", tag.as_str())],
        &before,
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
}

#[tokio::test]
async fn the_history_of_a_record_offers_its_earlier_versions_and_puts_one_back_over_the_page_seen()
{
    let app = app().await;
    let uri = "/api/v1/states/KAZ";
    let (original, tag) = read(&app, uri).await;
    let mut changed = original.clone();
    changed["official_name"] = json!("A name typed wrongly");
    let r = put(&app, uri, &tag, &changed).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let editor = editor_browser(&app).await;
    let page = common::get(&app, "/states/KAZ", Some(&editor)).await.body;
    // One write: it is the state as it stands, so only the version before it is offered.
    assert!(!page.contains("Restore this version"), "{page}");
    let form = page
        .split(r#"<form method="post" action="/restore""#)
        .nth(1)
        .expect("a restore form");
    assert!(
        form.contains("Restore the version before this change"),
        "{form}"
    );
    let fields = hidden_fields(&format!("<form{form}"));
    // Someone saves meanwhile: the page's form is refused, nothing is overwritten.
    let (mut meanwhile, tag) = read(&app, uri).await;
    meanwhile["official_name"] = json!("A name someone else typed");
    let r = put(&app, uri, &tag, &meanwhile).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = common::post_form(&app, "/restore", Some(&editor), &as_refs(&fields)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(
        read(&app, uri).await.0["official_name"],
        "A name someone else typed"
    );
    // From the page as it is now: put back, and the state's page is shown.
    let page = common::get(&app, "/states/KAZ", Some(&editor)).await.body;
    assert!(page.contains("Restore this version"), "{page}");
    let form = page
        .split(r#"<form method="post" action="/restore""#)
        .find(|f| f.contains(r#"name="side" value="before""#))
        .expect("the form of the first version");
    let fields = hidden_fields(&format!("<form{form}"));
    let r = common::post_form(&app, "/restore", Some(&editor), &as_refs(&fields)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        r.headers.get("location").and_then(|v| v.to_str().ok()),
        Some("/states/KAZ")
    );
    assert_eq!(read(&app, uri).await.0, original);
    // The version now standing is offered no more; the ones it replaced are.
    let page = common::get(&app, "/states/KAZ", Some(&editor)).await.body;
    assert!(!page.contains(r#"name="side" value="before""#), "{page}");
    assert_eq!(page.matches("Restore this version").count(), 2, "{page}");
    // The public sees no history and no button.
    let public = app.ok("/states/KAZ").await.body;
    assert!(!public.contains("/restore"), "{public}");
}

// ---------------------------------------------------------------------------------------------
// Script typed into any text field of any record.

/// What an attacker types: a script, an element with a handler, a way out of an attribute,
/// a handler in single quotes, a Markdown link to script.
const ATTACK: &str = "<script>alert(1)</script><img src=x onerror=alert(2)>\"><svg onload=alert(3)> ' onfocus='alert(4) [x](javascript:alert(5))";

/// Every string (or empty) value of a record as read, by its path.
fn text_leaves(v: &Value, path: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    match v {
        Value::String(_) | Value::Null => out.push(path.clone()),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(json!(i));
                text_leaves(item, path, out);
                path.pop();
            }
        }
        Value::Object(fields) => {
            for (k, item) in fields {
                path.push(json!(k));
                text_leaves(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn leaf<'a>(v: &'a mut Value, path: &[Value]) -> &'a mut Value {
    path.iter().fold(v, |v, seg| match seg {
        Value::Number(i) => &mut v[i.as_u64().expect("an index") as usize],
        Value::String(k) => &mut v[k.as_str()],
        _ => v,
    })
}

fn path_name(path: &[Value]) -> String {
    path.iter()
        .map(|s| match s {
            Value::String(k) => k.clone(),
            other => other.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Puts the attack into every text field of the record at `api` that its rules let take it,
/// one field at a time (a field that refuses it is left as it was); answers the fields that
/// now hold it as read back.
async fn attacked(app: &TestApp, api: &str) -> Vec<String> {
    let (mut record, mut tag) = read(app, api).await;
    let mut paths = Vec::new();
    text_leaves(&record, &mut Vec::new(), &mut paths);
    for path in &paths {
        let before = leaf(&mut record, path).clone();
        let typed = match before.as_str() {
            Some(t) if !t.is_empty() => format!("{t} {ATTACK}"),
            _ => ATTACK.to_owned(),
        };
        *leaf(&mut record, path) = json!(typed);
        let r = put(app, api, &tag, &record).await;
        match r.status {
            StatusCode::OK => tag = etag(&r),
            StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => {
                *leaf(&mut record, path) = before;
            }
            other => panic!("{api} {}: {other} {}", path_name(path), r.body),
        }
    }
    let (now, _) = read(app, api).await;
    let mut kept = Vec::new();
    paths.clear();
    text_leaves(&now, &mut Vec::new(), &mut paths);
    for path in paths {
        let mut now = now.clone();
        if leaf(&mut now, &path)
            .as_str()
            .is_some_and(|t| t.contains(ATTACK))
        {
            kept.push(path_name(&path));
        }
    }
    kept.sort();
    kept.dedup();
    kept
}

/// Fails unless the page runs nothing typed: no script that alerts, no handler attribute, no
/// `javascript:` address, no element the attack made; and, when `shown`, the attack is there
/// as text.
fn inert(html: &str, page: &str, shown: bool) {
    let doc = dom_query::Document::from(html);
    for s in doc.select("script").nodes() {
        assert!(
            !s.text().contains("alert("),
            "{page}: a script ran: {}",
            s.text()
        );
    }
    for node in doc.select("*").nodes() {
        for a in node.attrs() {
            let name: &str = &a.name.local;
            let value = a.value.trim().to_ascii_lowercase();
            assert!(
                !name.starts_with("on"),
                "{page}: a handler attribute {name}={:?}",
                a.value
            );
            assert!(
                !value.starts_with("javascript:"),
                "{page}: a script address in {name}"
            );
        }
    }
    assert!(doc.select("svg, img[src='x']").nodes().is_empty(), "{page}");
    assert!(
        !shown || doc.select("body").text().contains("alert(1)"),
        "{page}: the attack does not reach the page as text"
    );
}

#[tokio::test]
async fn script_typed_into_any_text_field_of_any_record_is_shown_as_text_and_never_runs() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    let first = |list: Value, key: &str| -> String {
        list["items"][0][key]
            .as_str()
            .expect("a record in the list")
            .to_owned()
    };
    let engagement = first(app.ok("/api/v1/engagements").await.json(), "id");
    let organization = first(app.ok("/api/v1/organizations").await.json(), "slug");
    let term = first(app.ok("/api/v1/chairmanships").await.json(), "key");
    let term_state = &term[..3];
    // Each record: its API address, the fields that must take the attack (so the test cannot
    // pass with nothing typed), and the pages and forms that show it.
    let records: Vec<(String, Vec<&str>, Vec<String>)> = vec![
        (
            ITEM.into(),
            vec!["title", "body.0", "dateline.place", "date_note", "source"],
            vec![
                "/news/kuwait-voluntary-contribution".into(),
                "/news".into(),
                "/".into(),
                "/digest/2025-Q1".into(),
            ],
        ),
        (
            "/api/v1/meetings/soc-2025-02-27-baku".into(),
            vec!["title", "city", "summary", "note"],
            vec!["/meetings/soc-2025-02-27-baku".into(), "/calendar".into()],
        ),
        (
            format!("/api/v1/engagements/{engagement}"),
            vec![
                "city",
                "summary",
                "note",
                "topics.0",
                "counterparts.0.title",
            ],
            vec![format!("/engagements/{engagement}"), "/engagements".into()],
        ),
        (
            "/api/v1/states/KAZ".into(),
            vec!["name", "official_name", "note"],
            vec!["/states/KAZ".into(), "/members".into()],
        ),
        (
            format!("/api/v1/organizations/{organization}"),
            vec!["name", "note"],
            vec![format!("/organizations/{organization}"), "/members".into()],
        ),
        (
            "/api/v1/bodies/senior-officials-committee".into(),
            vec!["name", "description", "note"],
            vec![
                "/bodies/senior-officials-committee".into(),
                "/bodies".into(),
            ],
        ),
        (
            "/api/v1/people/kairat-sarybay".into(),
            vec!["name", "roles.0.title", "roles.0.note"],
            vec!["/people/kairat-sarybay".into()],
        ),
        (
            format!("/api/v1/chairmanships/{term}"),
            vec!["theme", "note"],
            vec![format!("/states/{term_state}")],
        ),
        (
            "/api/v1/decisions/soc-2025-ttf-action-plan".into(),
            vec!["subject", "note"],
            vec![
                "/decisions/soc-2025-ttf-action-plan".into(),
                "/decisions".into(),
            ],
        ),
        (
            "/api/v1/documents/ttf-annual-action-plan-2025".into(),
            vec!["title", "note", "sources.0"],
            vec![
                "/documents/ttf-annual-action-plan-2025".into(),
                "/documents".into(),
            ],
        ),
        (
            "/api/v1/digests/2025-Q1".into(),
            vec!["title", "foreword"],
            vec!["/digest/2025-Q1".into(), "/digest".into()],
        ),
    ];
    for (api, must, pages) in &records {
        let kept = attacked(&app, api).await;
        for field in must {
            assert!(
                kept.iter().any(|k| k == field),
                "{api}: {field} did not take the text typed; it kept: {kept:?}"
            );
        }
        for (i, page) in pages.iter().enumerate() {
            inert(&app.ok(page).await.body, page, i == 0);
        }
        // The record's own edit form shows what was typed, as text.
        let form = format!(
            "{}/edit",
            api.replace("/api/v1/digests", "/digest")
                .replace("/api/v1", "")
        );
        let r = common::get(&app, &form, Some(&editor)).await;
        assert_eq!(r.status, StatusCode::OK, "{form}");
        let doc = dom_query::Document::from(r.body.as_str());
        assert!(
            doc.select("input, textarea")
                .nodes()
                .iter()
                .any(|n| n.attr("value").is_some_and(|v| v.contains(ATTACK))
                    || n.text().contains(ATTACK)),
            "{form}: the form does not give back what was typed"
        );
        inert(&r.body, &form, true);
    }
    // The feeds carry the news item's text as HTML for feed readers: sanitized the same way.
    let feed = feed_rs::parser::parse(app.ok("/news.atom").await.body.as_bytes()).expect("Atom");
    let entry = feed
        .entries
        .iter()
        .find(|e| {
            e.title
                .as_ref()
                .is_some_and(|t| t.content.contains("alert(1)"))
        })
        .expect("the attacked item is in the feed");
    let content = entry
        .content
        .as_ref()
        .and_then(|c| c.body.clone())
        .expect("the entry's content");
    inert(&format!("<body>{content}</body>"), "/news.atom", true);
}

#[tokio::test]
async fn script_typed_into_the_acts_recorded_once_is_shown_as_text_and_never_runs() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    // A silence procedure's subject.
    let r = app
        .post(
            "/api/v1/silence-procedures",
            Some(EDITOR),
            &json!({"organ": "ministerial-council", "act": "approve", "subject": ATTACK,
                    "expires_at": "2025-04-03T18:00:00+04:00"})
            .to_string(),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let silence = r.json()["id"].as_str().expect("an id").to_owned();
    // A statement on a decision.
    let r = send(
        &app,
        "POST",
        "/api/v1/decisions/soc-2025-ttf-action-plan/statements",
        &[],
        &json!({"state": "KAZ", "stance": "reservation", "text": ATTACK}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // A treaty action's note.
    let r = send(
        &app,
        "POST",
        "/api/v1/treaties/convention-privileges-immunities/actions",
        &[],
        &json!({"party": "KWT", "kind": "accession", "deposit": "2025-03-20", "note": ATTACK}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // A photograph's caption and credit.
    let photo = test_card();
    let (kind, body) = multipart(
        &[
            ("caption", ATTACK),
            ("credit", ATTACK),
            ("alt", "A test card: a circle on a blue grid"),
        ],
        Some(("image", "card.jpg", &photo)),
    );
    let r = app
        .request(
            Request::post(format!("{ITEM}/photos"))
                .header("authorization", format!("Bearer {EDITOR}"))
                .header("content-type", kind)
                .body(Body::from(body))
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    for (page, shown) in [
        (format!("/silence/{silence}"), true),
        ("/silence".to_owned(), true),
        ("/decisions/soc-2025-ttf-action-plan".to_owned(), true),
        // The treaty's page prints its actions, not their notes.
        (
            "/treaties/convention-privileges-immunities".to_owned(),
            false,
        ),
        ("/news/kuwait-voluntary-contribution".to_owned(), true),
        ("/digest/2025-Q1".to_owned(), true),
    ] {
        inert(&app.ok(&page).await.body, &page, shown);
    }
    let desk = common::get(&app, "/desk", Some(&editor)).await;
    inert(&desk.body, "/desk", true);
    // The forms give back what was typed in their fields, as text.
    for form in [
        "/news/kuwait-voluntary-contribution/edit",
        "/decisions/soc-2025-ttf-action-plan/edit",
    ] {
        let r = common::get(&app, form, Some(&editor)).await;
        assert_eq!(r.status, StatusCode::OK, "{form}");
        inert(&r.body, form, false);
        let doc = dom_query::Document::from(r.body.as_str());
        assert!(
            doc.select("input, textarea")
                .nodes()
                .iter()
                .any(|n| n.attr("value").is_some_and(|v| v.contains(ATTACK))
                    || n.text().contains(ATTACK)),
            "{form}: the form does not give back what was typed"
        );
    }
}

#[tokio::test]
async fn an_editors_markdown_prints_as_emphasis_lists_and_links_on_the_page_and_in_the_edition() {
    let app = app().await;
    let (mut item, tag) = read(&app, ITEM).await;
    item["body"] = json!(
        "The Secretary General *thanked* Kuwait and listed the **next steps**:\n\n\
         1. an Arabic edition of [the book](/news/kuwait-voluntary-contribution);\n\
         2. more activities.\n\n> Trust grows step by step."
    );
    let r = put(&app, ITEM, &tag, &item).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // A read gives back the Markdown as written, its paragraphs (blocks) as a list.
    assert_eq!(
        r.json()["body"][1],
        "1. an Arabic edition of [the book](/news/kuwait-voluntary-contribution);\n2. more activities."
    );
    for page in ["/news/kuwait-voluntary-contribution", "/digest/2025-Q1"] {
        let html = app.ok(page).await.body;
        let doc = dom_query::Document::from(html.as_str());
        assert_eq!(doc.select("em:contains('thanked')").length(), 1, "{page}");
        assert_eq!(
            doc.select("strong:contains('next steps')").length(),
            1,
            "{page}"
        );
        assert_eq!(doc.select("ol > li").length(), 2, "{page}");
        assert_eq!(
            doc.select("a[href='/news/kuwait-voluntary-contribution']:contains('the book')")
                .length(),
            1,
            "{page}"
        );
        assert_eq!(doc.select("blockquote p").length(), 1, "{page}");
        assert!(!html.contains("*thanked*"), "{page}");
    }
    // A list item's second paragraph keeps its indentation through a read and a save.
    let (mut item, tag) = read(&app, ITEM).await;
    let written = "1. First point.\n\n   Its detail.\n2. Second point.";
    item["body"] = json!(written);
    let r = put(&app, ITEM, &tag, &item).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let (read_back, tag) = read(&app, ITEM).await;
    let parts: Vec<&str> = read_back["body"]
        .as_array()
        .expect("parts")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(parts.join("\n\n"), written);
    let r = put(&app, ITEM, &tag, &read_back).await;
    assert_eq!(
        r.json()["body"],
        read_back["body"],
        "saved as read, unchanged"
    );
    let html = app.ok("/news/kuwait-voluntary-contribution").await.body;
    assert!(
        html.contains("<ol><li>First point.<br>\nIts detail.</li><li>Second point.</li></ol>"),
        "{html}"
    );
    let (mut item, tag) = read(&app, ITEM).await;
    item["body"] = json!("The Secretary General thanked Kuwait.");
    assert_eq!(put(&app, ITEM, &tag, &item).await.status, StatusCode::OK);
    // The list's excerpt is its text.
    let list = app.ok("/news?month=2025-01").await.body;
    assert!(
        list.contains("The Secretary General thanked Kuwait"),
        "the excerpt is the text without its marks"
    );
}

// ---------------------------------------------------------------------------------------------
// Documents and their versions.

const DOCUMENT: &str = "/api/v1/documents/draft-cica-charter";

#[tokio::test]
async fn an_editor_keeps_a_document_and_adds_versions_but_never_rewrites_one_recorded() {
    let app = app().await;
    let (mut d, tag) = read(&app, DOCUMENT).await;
    let recorded = d["versions"].as_array().expect("versions").len();
    assert!(recorded >= 1, "{d}");
    // Another status, and a new version after those recorded (numbered and dated for us).
    d["status"] = json!("under-negotiation");
    d["versions"]
        .as_array_mut()
        .expect("versions")
        .push(json!({"proposed_by": "KAZ", "note": "Kazakhstan's revised draft", "text": "Article 1.\n\nThe Conference is an international organization."}));
    let r = put(&app, DOCUMENT, &tag, &d).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let saved = r.json();
    let tag = etag(&r);
    assert_eq!(saved["status"], "under-negotiation");
    let new = &saved["versions"][recorded];
    assert_eq!(new["number"], recorded + 1);
    assert_eq!(new["date"], common::TODAY);
    assert_eq!(new["proposed_by"], "KAZ");
    assert_eq!(new["proposed_by_name"], "Kazakhstan");

    // A version recorded is not changed, nor taken away; nothing is written.
    let mut changed = saved.clone();
    changed["versions"][0]["text"] = json!("Another text.");
    let r = put(&app, DOCUMENT, &tag, &changed).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("versions[0]"), "{}", r.body);
    let mut fewer = saved.clone();
    fewer["versions"].as_array_mut().expect("versions").pop();
    let r = put(&app, DOCUMENT, &tag, &fewer).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("cannot be taken away"), "{}", r.body);
    let (_, now) = read(&app, DOCUMENT).await;
    assert_eq!(now, tag, "nothing written");

    // A version added through its own endpoint moves the document's version on: a save over
    // the version read before it is stale.
    let r = send(
        &app,
        "POST",
        &format!("{DOCUMENT}/versions"),
        &[],
        &json!({"proposed_by": "secretariat", "text": "Article 1 again."}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = put(&app, DOCUMENT, &tag, &saved).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.body);

    // Refusals name their fields.
    let (d, tag) = read(&app, DOCUMENT).await;
    let cases = [
        ("title", json!(""), StatusCode::BAD_REQUEST),
        ("kind", json!("novel"), StatusCode::BAD_REQUEST),
        ("visibility", json!("friends"), StatusCode::BAD_REQUEST),
        (
            "body",
            json!("no-such-body"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ];
    for (field, value, status) in cases {
        let mut bad = d.clone();
        bad[field] = value;
        let r = put(&app, DOCUMENT, &tag, &bad).await;
        assert_eq!(r.status, status, "{field}: {}", r.body);
        assert!(r.body.contains(field), "{field}: {}", r.body);
    }
    // Leaving out a version recorded before the last breaks the numbering: 400, by its number.
    let mut gap = d.clone();
    gap["versions"].as_array_mut().expect("versions").remove(0);
    let r = put(&app, DOCUMENT, &tag, &gap).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("versions[0].number"), "{}", r.body);
    let mut bad = d.clone();
    bad["versions"]
        .as_array_mut()
        .expect("versions")
        .push(json!({"proposed_by": "ZZZ", "text": "x"}));
    let r = put(&app, DOCUMENT, &tag, &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains(".proposed_by"), "{}", r.body);
}

#[tokio::test]
async fn a_new_document_is_recorded_at_the_slug_its_title_gives_and_readers_see_it_by_its_visibility()
 {
    let app = app().await;
    let new = json!({
        "title": "Concept paper on a CICA Youth Council",
        "kind": "concept-paper",
        "visibility": "members",
        "status": "draft",
        "body": "senior-officials-committee",
        "versions": [{"proposed_by": "AZE", "date": "2025-03", "text": "A council of young people of the Member States."}]
    });
    let r = send(&app, "POST", "/api/v1/documents", &[], &new).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let at = "/api/v1/documents/concept-paper-on-a-cica-youth-council";
    assert_eq!(r.headers["location"], at);
    assert_eq!(r.json()["versions"][0]["date"], "2025-03");
    // A second document of the same title takes the next free slug.
    let r = send(&app, "POST", "/api/v1/documents", &[], &new).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.headers["location"], format!("{at}-2"));
    // Members only: the public does not learn it exists.
    assert_eq!(app.get(at).await.status, StatusCode::NOT_FOUND);
    // Named by the client.
    let mut named = new.clone();
    named["title"] = json!("Another concept paper");
    let r = send(
        &app,
        "PUT",
        "/api/v1/documents/youth-council-paper",
        &[("if-none-match", "*")],
        &named,
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = send(
        &app,
        "PUT",
        "/api/v1/documents/new",
        &[("if-none-match", "*")],
        &named,
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
}

#[tokio::test]
async fn a_document_saves_without_sending_its_texts_again_and_after_any_version_added_on_its_own() {
    let app = app().await;
    // A version added on its own endpoint, its note with a space after it, stays savable.
    let r = send(
        &app,
        "POST",
        &format!("{DOCUMENT}/versions"),
        &[],
        &json!({"proposed_by": "body:senior-officials-committee", "note": "The SOC's reading ", "text": "Article 1."}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let (d, tag) = read(&app, DOCUMENT).await;
    let r = put(&app, DOCUMENT, &tag, &d).await;
    assert_eq!(r.status, StatusCode::OK, "saved as read: {}", r.body);
    assert_eq!(r.json(), d);
    // Texts left out are the texts recorded.
    let tag = etag(&r);
    let mut short = d.clone();
    for v in short["versions"].as_array_mut().expect("versions") {
        v.as_object_mut().expect("a version").remove("text");
    }
    short["status"] = json!("adopted");
    let r = put(&app, DOCUMENT, &tag, &short).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["versions"], d["versions"], "the texts kept");
    // The rules of a version apply on its own endpoint too.
    for (bad, field) in [
        (
            json!({"proposed_by": "body:no-such", "text": "x"}),
            "proposed_by",
        ),
        (
            json!({"proposed_by": "KAZ", "note": "two\nlines", "text": "x"}),
            "note",
        ),
    ] {
        let r = send(&app, "POST", &format!("{DOCUMENT}/versions"), &[], &bad).await;
        assert!(r.status.is_client_error(), "{bad}: {}", r.body);
        assert!(r.body.contains(field), "{bad}: {}", r.body);
    }
}

#[tokio::test]
async fn a_version_recorded_while_the_form_was_open_is_told_of_before_one_is_added_after_it() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    let edit = "/documents/draft-cica-charter/edit";
    let page = common::get(&app, edit, Some(&editor)).await.body;
    let (before, _) = read(&app, DOCUMENT).await;
    let recorded = before["versions"].as_array().expect("versions").len();
    let r = send(
        &app,
        "POST",
        &format!("{DOCUMENT}/versions"),
        &[],
        &json!({"proposed_by": "AZE", "text": "Azerbaijan's text."}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let sent = as_a_browser_sends(as_opened(
        &page,
        &[
            ("new_version_by", "KAZ"),
            ("new_version_date", "2025-03-14"),
            ("new_version_text", "Kazakhstan's text."),
        ],
    ));
    let r = common::post_form(&app, edit, Some(&editor), &as_refs(&sent)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(
        r.body.contains(&format!(
            "there are {} now, {recorded} when you opened the form",
            recorded + 1
        )),
        "{}",
        r.body
    );
    assert!(r.body.contains("Kazakhstan&#39;s text.") || r.body.contains("Kazakhstan's text."));
    // Saving again adds it after theirs, knowingly.
    let again = as_a_browser_sends(as_opened(
        &r.body,
        &[
            ("new_version_by", "KAZ"),
            ("new_version_date", "2025-03-14"),
            ("new_version_text", "Kazakhstan's text."),
        ],
    ));
    let r = common::post_form(&app, edit, Some(&editor), &as_refs(&again)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (after, _) = read(&app, DOCUMENT).await;
    let versions = after["versions"].as_array().expect("versions");
    assert_eq!(versions.len(), recorded + 2);
    assert_eq!(versions[recorded]["proposed_by"], "AZE");
    assert_eq!(versions[recorded + 1]["proposed_by"], "KAZ");
}

#[tokio::test]
async fn an_editor_adds_a_version_in_the_documents_form_and_a_refusal_keeps_what_was_typed() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    let edit = "/documents/draft-cica-charter/edit";
    let page = common::get(&app, edit, Some(&editor)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Versions recorded"), "{}", page.body);
    // No date: refused next to its field, the text typed kept.
    let text = "Article 1.\n\nThe Conference is an international organization.";
    let sent = as_a_browser_sends(as_opened(
        &page.body,
        &[("new_version_by", "KAZ"), ("new_version_text", text)],
    ));
    let r = common::post_form(&app, edit, Some(&editor), &as_refs(&sent)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body
            .contains("<p id=\"f-new-version-date-error\" class=\"field-error\">Give the day"),
        "{}",
        r.body
    );
    assert!(
        r.body
            .contains("The Conference is an international organization.")
    );
    let sent = as_a_browser_sends(as_opened(
        &page.body,
        &[
            ("new_version_by", "KAZ"),
            ("new_version_date", "2025-03-14"),
            ("new_version_text", text),
        ],
    ));
    let r = common::post_form(&app, edit, Some(&editor), &as_refs(&sent)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.headers["location"], "/documents/draft-cica-charter");
    let (d, _) = read(&app, DOCUMENT).await;
    let last = d["versions"].as_array().expect("versions").last().cloned();
    let last = last.expect("a version");
    assert_eq!(last["date"], "2025-03-14");
    assert_eq!(
        last["text"], text,
        "the paragraphs as typed, CR LF read as line breaks"
    );
    // The page shows the editor the link and the history.
    let page = common::get(&app, "/documents/draft-cica-charter", Some(&editor)).await;
    assert!(page.body.contains(edit), "the edit link");
    assert!(page.body.contains("document save"), "the history");
    // Every document saved as read, over the API and through its form, is unchanged.
    let all = app.ok_as("/api/v1/documents", EDITOR).await.json();
    let slugs: Vec<String> = all["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|d| d["slug"].as_str().expect("slug").to_owned())
        .collect();
    assert!(
        slugs.len() >= 8,
        "every document, the members' too: {slugs:?}"
    );
    for slug in slugs {
        saved_as_read(
            &app,
            &editor,
            &format!("/api/v1/documents/{slug}"),
            &format!("/documents/{slug}/edit"),
        )
        .await;
    }
}

// ---------------------------------------------------------------------------------------------
// Decisions.

const DECISION: &str = "/api/v1/decisions/soc-2025-ttf-action-plan";

#[tokio::test]
async fn an_editor_corrects_a_decision_which_keeps_its_number_and_how_it_was_taken() {
    let app = app().await;
    let (d, tag) = read(&app, DECISION).await;
    assert_eq!(d["taken"], "meeting");
    let mut fixed = d.clone();
    fixed["subject"] = json!("the Annual Action Plan of the Think Tank Forum for 2025, as amended");
    fixed["statements"] = json!([{"state": "KAZ", "stance": "interpretative-statement", "text": "Kazakhstan reads item 3 as voluntary."}]);
    let r = put(&app, DECISION, &tag, &fixed).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let saved = r.json();
    let tag = etag(&r);
    assert_eq!(saved["register_number"], d["register_number"]);
    assert_eq!(saved["statements"][0]["state"], "KAZ");
    // Saved as read, nothing changes.
    let r = put(&app, DECISION, &tag, &saved).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json(), saved);
    let tag = etag(&r);
    // Its place in the register, its organ and how it was taken stay; the rules of a day at a
    // meeting and of statements apply; nothing is written by a refusal.
    let cases: Vec<(Value, StatusCode, &str)> = vec![
        (
            json!({"number": 7}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "number",
        ),
        (
            json!({"organ": "ministerial-council"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "organ",
        ),
        (
            json!({"date": "2025-02-28"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "date",
        ),
        (
            json!({"date": "2024-02-27"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "date",
        ),
        (
            json!({"meeting": null}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "meeting",
        ),
        (
            json!({"meeting": "no-such-meeting"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "meeting",
        ),
        (
            json!({"document": {"slug": "ttf-annual-action-plan-2025", "version": 9}}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "document",
        ),
        (
            json!({"statements": [{"state": "KAZ", "stance": "objection", "text": "No."}]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "statements",
        ),
        (
            json!({"statements": [{"state": "USA", "stance": "reservation", "text": "x"}]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "statements",
        ),
        (json!({"subject": ""}), StatusCode::BAD_REQUEST, "subject"),
        (json!({"act": "veto"}), StatusCode::BAD_REQUEST, "act"),
    ];
    for (change, status, named) in cases {
        let mut bad = saved.clone();
        for (k, v) in change.as_object().expect("fields") {
            bad[k] = v.clone();
        }
        let r = put(&app, DECISION, &tag, &bad).await;
        assert_eq!(r.status, status, "{change}: {}", r.body);
        let error = &r.json()["error"];
        let fields: Vec<&str> = error["fields"]
            .as_array()
            .map(|a| a.iter().filter_map(|f| f["field"].as_str()).collect())
            .unwrap_or_default();
        assert!(
            error["parameter"] == named || fields.iter().any(|f| f.starts_with(named)),
            "{change}: named by {named}: {}",
            r.body
        );
        let (_, now) = read(&app, DECISION).await;
        assert_eq!(now, tag, "{change}: written");
    }
    // Any decision: not after today, and not after the day a procedure acting on it opened.
    let basis = "/api/v1/decisions/soc-2024-azerbaijan-candidacy";
    let (b, btag) = read(&app, basis).await;
    for day in ["2024-12-31", "2025-04-02"] {
        let mut moved = b.clone();
        moved["date"] = json!(day);
        let r = put(&app, basis, &btag, &moved).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{day}: {}",
            r.body
        );
        assert_eq!(r.json()["error"]["parameter"], "date", "{}", r.body);
    }
    // A decision taken by silence keeps the act and the version the procedure circulated.
    let all = every(&app, "/api/v1/decisions", "id").await;
    let mut by_silence = None;
    for id in &all {
        let uri = format!("/api/v1/decisions/{id}");
        if read(&app, &uri).await.0["taken"] == "silence" {
            by_silence = Some(uri);
        }
    }
    let uri = by_silence.expect("a decision taken by silence procedure");
    let (sd, stag) = read(&app, &uri).await;
    let mut other = sd.clone();
    other["act"] = json!(if sd["act"] == "adopt" {
        "approve"
    } else {
        "adopt"
    });
    let r = put(&app, &uri, &stag, &other).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["error"]["parameter"], "silence", "{}", r.body);
    // A statement added on its own moves the version on: a save over the one read is stale.
    let r = send(
        &app,
        "POST",
        &format!("{DECISION}/statements"),
        &[],
        &json!({"state": "AZE", "stance": "reservation", "text": "Azerbaijan reserves its position on item 2."}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = put(&app, DECISION, &tag, &saved).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.body);
    // There is no decision to correct at an address nothing was recorded at.
    let r = send(
        &app,
        "PUT",
        "/api/v1/decisions/no-such",
        &[("if-none-match", "*")],
        &saved,
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert!(r.body.contains("POST /api/v1/decisions"), "{}", r.body);
}

#[tokio::test]
async fn an_editor_records_and_corrects_decisions_in_forms() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    // Recorded in the form, numbered next in its organ's register.
    let page = common::get(&app, "/decisions/new", Some(&editor)).await;
    assert_eq!(page.status, StatusCode::OK);
    let fields = [
        ("organ", "senior-officials-committee"),
        ("act", "take-note"),
        ("subject", "the report on the CICA Youth Council"),
        ("meeting", "soc-2025-02-27-baku"),
        ("date", "2025-02-27"),
        ("document", "draft-cica-charter x"),
        (
            "statements",
            "KAZ | reservation | Kazakhstan reserves its position.",
        ),
    ];
    let sent = as_a_browser_sends(as_opened(&page.body, &fields));
    let r = common::post_form(&app, "/decisions/new", Some(&editor), &as_refs(&sent)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"f-document-error\""), "{}", r.body);
    assert!(
        r.body.contains("the report on the CICA Youth Council"),
        "kept"
    );
    let mut fields = fields.to_vec();
    // A version the document does not have: refused at its field, what was typed kept.
    fields[5] = ("document", "draft-cica-charter 99");
    let sent = as_a_browser_sends(as_opened(&page.body, &fields));
    let r = common::post_form(&app, "/decisions/new", Some(&editor), &as_refs(&sent)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"f-document-error\""), "{}", r.body);
    fields[5] = ("document", "");
    let sent = as_a_browser_sends(as_opened(&page.body, &fields));
    let r = common::post_form(&app, "/decisions/new", Some(&editor), &as_refs(&sent)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let at = r.headers["location"].to_str().expect("location").to_owned();
    let api = at.replace("/decisions/", "/api/v1/decisions/");
    let (d, _) = read(&app, &api).await;
    assert_eq!(d["subject"], "the report on the CICA Youth Council");
    assert_eq!(d["statements"][0]["state"], "KAZ");
    // Corrected in its form; the page shows the editor the link and the history.
    let edit = format!("{at}/edit");
    let page = common::get(&app, &edit, Some(&editor)).await.body;
    let sent = as_a_browser_sends(as_opened(&page, &[("act", "approve")]));
    let r = common::post_form(&app, &edit, Some(&editor), &as_refs(&sent)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(read(&app, &api).await.0["act"], "approve");
    let page = common::get(&app, &at, Some(&editor)).await.body;
    assert!(
        page.contains(&edit) && page.contains("decision save"),
        "{page}"
    );
    // Every decision saved as read, over the API and through its form, is unchanged.
    for id in every(&app, "/api/v1/decisions", "id").await {
        saved_as_read(
            &app,
            &editor,
            &format!("/api/v1/decisions/{id}"),
            &format!("/decisions/{id}/edit"),
        )
        .await;
    }
}

// ---------------------------------------------------------------------------------------------
// Acts recorded once: a silence procedure opened, a treaty action.

#[tokio::test]
async fn an_editor_opens_a_silence_procedure_in_a_form_with_its_deadline_on_the_chairs_clock() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    let page = common::get(&app, "/silence/new", Some(&editor)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        common::get(&app, "/silence/new", None).await.status,
        StatusCode::NOT_FOUND,
        "not to the public"
    );
    let mut fields = vec![
        ("organ", "senior-officials-committee"),
        ("act", "adopt"),
        ("subject", "the Regulations of the CICA Women Council"),
        ("deadline", "2025-04-03"),
        ("time", "25:00"),
    ];
    let sent = as_a_browser_sends(as_opened(&page.body, &fields));
    let r = common::post_form(&app, "/silence/new", Some(&editor), &as_refs(&sent)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"f-time-error\""), "{}", r.body);
    assert!(
        r.body.contains("the Regulations of the CICA Women Council"),
        "kept"
    );
    // A time zone that is none is refused at its own field.
    let mut zoned = fields.clone();
    zoned[4] = ("time", "18:00");
    zoned.push(("chair_time_zone", "Asia/Bakuu"));
    let sent = as_a_browser_sends(as_opened(&page.body, &zoned));
    let r = common::post_form(&app, "/silence/new", Some(&editor), &as_refs(&sent)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("id=\"f-chair-time-zone-error\""),
        "{}",
        r.body
    );
    assert_eq!(form_action(&page.body), "/silence/new");
    // A deadline past is refused at its field.
    fields[3] = ("deadline", "2025-03-01");
    fields[4] = ("time", "18:00");
    let sent = as_a_browser_sends(as_opened(&page.body, &fields));
    let r = common::post_form(&app, "/silence/new", Some(&editor), &as_refs(&sent)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"f-deadline-error\""), "{}", r.body);
    fields[3] = ("deadline", "2025-04-03");
    let sent = as_a_browser_sends(as_opened(&page.body, &fields));
    let r = common::post_form(&app, "/silence/new", Some(&editor), &as_refs(&sent)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let at = r.headers["location"].to_str().expect("location").to_owned();
    let p = app
        .ok(&at.replace("/silence/", "/api/v1/silence-procedures/"))
        .await
        .json();
    // Opened for today's Chair, Azerbaijan: 18:00 in Baku is 14:00 UTC.
    assert_eq!(p["chair"], "AZE");
    assert_eq!(p["chair_time_zone"], "Asia/Baku");
    assert_eq!(p["deadline"], "2025-04-03T14:00:00Z");
    assert_eq!(p["status"], "open");
}

#[tokio::test]
async fn an_editor_records_a_treaty_action_in_a_form_opened_from_the_treatys_page() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    let treaty = "/treaties/convention-privileges-immunities";
    let page = common::get(&app, treaty, Some(&editor)).await.body;
    let new = "/treaty-actions/new?treaty=convention-privileges-immunities";
    assert!(
        page.contains(&new.replace('&', "&amp;")),
        "the link on the page"
    );
    let form = common::get(&app, new, Some(&editor)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body
            .contains("value=\"convention-privileges-immunities\""),
        "the treaty filled in"
    );
    // A treaty that does not exist is refused at its field.
    let fields = [
        ("treaty", "no-such-treaty"),
        ("party", "KWT"),
        ("kind", "accession"),
        ("deposit", "2025-03-20"),
    ];
    // The form is sent where its page says, as a browser sends it.
    let action = form_action(&form.body);
    assert_eq!(action, "/treaty-actions/new");
    let sent = as_a_browser_sends(as_opened(&form.body, &fields));
    let r = common::post_form(&app, &action, Some(&editor), &as_refs(&sent)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"f-treaty-error\""), "{}", r.body);
    assert_eq!(
        form_action(&r.body),
        action,
        "the refused form is sent there too"
    );
    let mut fields = fields.to_vec();
    fields[0] = ("treaty", "convention-privileges-immunities");
    let sent = as_a_browser_sends(as_opened(&form.body, &fields));
    let r = common::post_form(&app, "/treaty-actions/new", Some(&editor), &as_refs(&sent)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.headers["location"], treaty);
    let t = app
        .ok("/api/v1/treaties/convention-privileges-immunities")
        .await
        .json();
    assert!(
        t["parties"]
            .as_array()
            .expect("parties")
            .iter()
            .any(|p| p["state"] == "KWT" && p["deposit"] == "2025-03-20"),
        "{t}"
    );
    // A second accession of a party is refused by the rules, above the form.
    let r = common::post_form(&app, "/treaty-actions/new", Some(&editor), &as_refs(&sent)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("already a party"), "{}", r.body);
}

/// Where a record's form is sent: the `action` of its form.
fn form_action(page: &str) -> String {
    let doc = dom_query::Document::from(page);
    doc.select("form.record-form")
        .attr("action")
        .map(|a| a.to_string())
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Deleting a draft.

#[tokio::test]
async fn an_editor_deletes_a_draft_but_never_a_published_item_nor_one_an_issue_names() {
    let app = app().await;
    let at = "/api/v1/news/2025-04-02-secretariat-staff-visit-a-school-in-astana";
    let r = send(&app, "POST", "/api/v1/news", &[], &new_item()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let (mut item, tag) = read(&app, at).await;
    // Named by the next issue, it stays.
    item["issue"] = json!("2025-Q2");
    let r = put(&app, at, &tag, &item).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let tag = etag(&r);
    let issue = json!({"title": "Voice of Asia", "order": [item["slug"]]});
    let r = send(
        &app,
        "PUT",
        "/api/v1/digests/2025-Q2",
        &[("if-none-match", "*")],
        &issue,
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = send(&app, "DELETE", at, &[("if-match", &tag)], &json!(null)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("2025-Q2"), "names the issue: {}", r.body);
    let (issue_read, issue_tag) = read(&app, "/api/v1/digests/2025-Q2").await;
    let mut issue_read = issue_read;
    issue_read["order"] = json!([]);
    let r = put(&app, "/api/v1/digests/2025-Q2", &issue_tag, &issue_read).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // Without a version, or over another, nothing is deleted.
    let r = send(&app, "DELETE", at, &[], &json!(null)).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_REQUIRED, "{}", r.body);
    let r = send(&app, "DELETE", at, &[("if-match", "\"v1\"")], &json!(null)).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.body);
    let r = send(&app, "DELETE", at, &[("if-match", &tag)], &json!(null)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_eq!(app.get_as(at, EDITOR).await.status, StatusCode::NOT_FOUND);
    let trail = app
        .ok_as(
            "/api/v1/audit?record=news/2025-04-02-secretariat-staff-visit-a-school-in-astana",
            EDITOR,
        )
        .await
        .json();
    let last = trail["items"]
        .as_array()
        .and_then(|a| a.last().cloned())
        .expect("entries");
    assert_eq!(last["action"], "news.delete");
    assert_eq!(last["before"]["title"], item["title"], "the item as it was");
    // A published item is part of the public record.
    let (_, published) = read(&app, ITEM).await;
    let r = send(
        &app,
        "DELETE",
        ITEM,
        &[("if-match", &published)],
        &json!(null),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("published"), "{}", r.body);
}

#[tokio::test]
async fn a_draft_is_deleted_from_its_edit_form() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    let r = send(&app, "POST", "/api/v1/news", &[], &new_item()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let slug = "2025-04-02-secretariat-staff-visit-a-school-in-astana";
    let edit = format!("/news/{slug}/edit");
    let page = common::get(&app, &edit, Some(&editor)).await.body;
    assert!(page.contains("Delete this draft"), "{page}");
    let hidden = hidden_fields(&page);
    let value = |k: &str| {
        hidden
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let r = common::post_form(
        &app,
        &format!("/news/{slug}/delete"),
        Some(&editor),
        &[
            ("csrf", &value("csrf")),
            ("version", &value("version")),
            ("reason", "written twice"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.headers["location"], "/desk");
    assert_eq!(
        app.get_as(&format!("/api/v1/news/{slug}"), EDITOR)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // A published item's form offers no deletion.
    let page = common::get(
        &app,
        "/news/kuwait-voluntary-contribution/edit",
        Some(&editor),
    )
    .await
    .body;
    assert!(!page.contains("Delete this draft"));
}

#[tokio::test]
async fn an_editor_extends_and_withdraws_a_silence_procedure_from_its_page_for_the_chair() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    let r = send(
        &app,
        "POST",
        "/api/v1/silence-procedures",
        &[],
        &json!({"organ": "senior-officials-committee", "act": "adopt", "subject": "the Rules of the CICA Youth Council", "expires_at": "2025-04-03T14:00:00Z"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let page_at = r.json()["url"].as_str().expect("url").to_owned();
    let api = page_at.replace("/silence/", "/api/v1/silence-procedures/");
    // The public sees no such panel.
    assert!(!app.ok(&page_at).await.body.contains("For the Chair"));
    let page = common::get(&app, &page_at, Some(&editor)).await.body;
    assert!(page.contains("For the Chair"), "{page}");
    let csrf = hidden_fields(&page)
        .into_iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v)
        .expect("token");
    let r = common::post_form(
        &app,
        &format!("{page_at}/extend"),
        Some(&editor),
        &[("csrf", &csrf), ("day", "2025-04-05"), ("time", "12:00")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // 12:00 in Baku, the Chair's zone, is 08:00 UTC.
    assert_eq!(
        app.ok(&api).await.json()["deadline"],
        "2025-04-05T08:00:00Z"
    );
    let r = common::post_form(
        &app,
        &format!("{page_at}/withdraw"),
        Some(&editor),
        &[("csrf", &csrf), ("reason", "the Chair withdrew it")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.ok(&api).await.json()["status"], "withdrawn");
    // Settled, the page offers nothing more.
    let page = common::get(&app, &page_at, Some(&editor)).await.body;
    assert!(!page.contains("For the Chair"));
}

#[tokio::test]
async fn a_bodys_and_a_persons_pages_show_editors_their_history() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    for (api, page) in [
        ("/api/v1/people/kairat-sarybay", "/people/kairat-sarybay"),
        (
            "/api/v1/bodies/senior-officials-committee",
            "/bodies/senior-officials-committee",
        ),
    ] {
        let (record, tag) = read(&app, api).await;
        let r = send(
            &app,
            "PUT",
            api,
            &[
                ("if-match", &tag),
                ("x-audit-note", "checked against the sources"),
            ],
            &record,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{api}: {}", r.body);
        let shown = common::get(&app, page, Some(&editor)).await.body;
        assert!(
            shown.contains("checked against the sources"),
            "{page}: the history with the reason given"
        );
        assert!(
            !app.ok(page)
                .await
                .body
                .contains("checked against the sources"),
            "{page}: not to the public"
        );
    }
}

#[tokio::test]
async fn a_deleted_drafts_photograph_goes_with_it() {
    let app = app().await;
    let r = send(&app, "POST", "/api/v1/news", &[], &new_item()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let at = "/api/v1/news/2025-04-02-secretariat-staff-visit-a-school-in-astana";
    let (_, tag) = read(&app, at).await;
    let photo = test_card();
    let (kind, body) = multipart(
        &[
            ("caption", "Students at the Secretariat"),
            ("alt", "Students around a table"),
        ],
        Some(("image", "IMG_1.JPG", &photo)),
    );
    let r = app
        .request(
            Request::post(format!("{at}/photos"))
                .header("authorization", format!("Bearer {EDITOR}"))
                .header("content-type", kind)
                .header("if-match", tag)
                .body(Body::from(body))
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let image = r.headers["location"].to_str().expect("location").to_owned();
    let tag = etag(&r);
    assert_eq!(app.get_as(&image, EDITOR).await.status, StatusCode::OK);
    let r = send(&app, "DELETE", at, &[("if-match", &tag)], &json!(null)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_eq!(
        app.get_as(&image, EDITOR).await.status,
        StatusCode::NOT_FOUND,
        "the image is gone with the draft"
    );
}

#[tokio::test]
async fn a_decision_recorded_without_an_id_takes_a_free_one_when_a_client_took_the_registers() {
    let app = app().await;
    let list = app
        .ok("/api/v1/decisions?organ=senior-officials-committee&year=2025&limit=100")
        .await
        .json();
    let next = list["items"].as_array().expect("items").len() + 1;
    // A client names the next decision with the id the register will give the one after it.
    let ahead = format!("senior-officials-committee-2025-{}", next + 1);
    let decision = |id: Option<&str>| {
        let mut d = json!({
            "organ": "senior-officials-committee",
            "meeting": "soc-2025-02-27-baku",
            "act": "take-note",
            "subject": "the report on the CICA Youth Council",
        });
        if let Some(id) = id {
            d["id"] = json!(id);
        }
        d
    };
    let r = send(
        &app,
        "POST",
        "/api/v1/decisions",
        &[],
        &decision(Some(&ahead)),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["number"], next);
    // The next one recorded without an id still gets one, after the register's.
    let r = send(&app, "POST", "/api/v1/decisions", &[], &decision(None)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["number"], next + 1);
    assert_eq!(r.json()["id"], format!("{ahead}-2"), "{}", r.body);
}

/// The registers' records that may be deleted while nothing refers to them: a built-in one
/// others refer to (with one of the referrers its refusal must name), and a new one with
/// its own parts, created here.
const DELETABLE: &[(&str, &str, &str, &str)] = &[
    (
        "/api/v1/people",
        "kairat-sarybay",
        "news item `",
        r#"{"name": "Nobody Referred-To", "roles": [{"title": "Ambassador", "affiliation_kind": "state", "affiliation": "KAZ", "from": "2024-01"}]}"#,
    ),
    (
        "/api/v1/organizations",
        "sco",
        "news item `",
        r#"{"name": "Forum of Unreferred Organizations", "acronym": "FUO", "kind": "international", "history": [{"status": "partner", "from": "2025-04"}]}"#,
    ),
    (
        "/api/v1/bodies",
        "senior-officials-committee",
        "decision `soc-",
        r#"{"name": "Group on Nothing in Particular", "short_name": "GNP", "kind": "working-body", "parent": "senior-officials-committee"}"#,
    ),
];

#[tokio::test]
async fn a_registers_record_others_refer_to_stays_and_one_nobody_refers_to_is_deleted_with_its_own_parts()
 {
    let app = app().await;
    for &(list, referred, referrer, new) in DELETABLE {
        // Referred to: refused, naming the referrers; nothing deleted.
        let at = format!("{list}/{referred}");
        let (before, tag) = read(&app, &at).await;
        let r = send(&app, "DELETE", &at, &[("if-match", &tag)], &json!(null)).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{at}: {}", r.body);
        let message = r.json()["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(message.contains(referrer), "{at}: {message}");
        assert_eq!(read(&app, &at).await.0, before, "{at}: still there");
        // A new one: without a condition, over another version, refused; then deleted.
        let body: Value = serde_json::from_str(new).expect("json");
        let r = send(&app, "POST", list, &[], &body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{list}: {}", r.body);
        let created = r.headers["location"].to_str().expect("location").to_owned();
        let (_, tag) = read(&app, &created).await;
        let r = send(&app, "DELETE", &created, &[], &json!(null)).await;
        assert_eq!(r.status, StatusCode::PRECONDITION_REQUIRED, "{}", r.body);
        let r = send(
            &app,
            "DELETE",
            &created,
            &[("if-match", "\"v1\"")],
            &json!(null),
        )
        .await;
        assert_eq!(r.status, StatusCode::PRECONDITION_FAILED, "{}", r.body);
        let r = send(
            &app,
            "DELETE",
            &created,
            &[("if-match", &tag)],
            &json!(null),
        )
        .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{created}: {}", r.body);
        assert_eq!(
            app.get_as(&created, EDITOR).await.status,
            StatusCode::NOT_FOUND
        );
        let page = created.replacen("/api/v1", "", 1);
        assert_eq!(app.get(&page).await.status, StatusCode::NOT_FOUND, "{page}");
        let r = send(
            &app,
            "DELETE",
            &created,
            &[("if-match", &tag)],
            &json!(null),
        )
        .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
        // Its history stays, the record as it was in the last entry.
        let name = created
            .trim_start_matches("/api/v1/")
            .replacen("people/", "person/", 1)
            .replacen("organizations/", "organization/", 1)
            .replacen("bodies/", "body/", 1);
        let trail = entries(&app, &name).await;
        let last = trail.last().expect("entries");
        assert!(
            last["action"]
                .as_str()
                .is_some_and(|a| a.ends_with(".delete")),
            "{last}"
        );
        assert!(last["before"].is_object(), "{last}");
    }
    // What went with them left nothing behind: recorded again, each comes back with only
    // its new roles and periods.
    for &(list, _, _, new) in DELETABLE {
        let body: Value = serde_json::from_str(new).expect("json");
        let r = send(&app, "POST", list, &[], &body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{list}: {}", r.body);
        let again = r.json();
        for parts in ["roles", "history"] {
            if let Some(sent) = body.get(parts) {
                assert_eq!(
                    again[parts].as_array().map(Vec::len),
                    sent.as_array().map(Vec::len),
                    "{list}: {again}"
                );
            }
        }
    }
}

#[tokio::test]
async fn references_no_foreign_key_holds_keep_a_record_from_deletion_too() {
    let app = app().await;
    // An organization named only as a counterpart's organization in an engagement.
    let org = json!({"name": "Office of Counterparts", "acronym": "OOC", "kind": "ministry"});
    let r = send(&app, "POST", "/api/v1/organizations", &[], &org).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let engagement = json!({
        "start": "2025-04-02", "kind": "consultation", "city": "Astana", "country": "KAZ",
        "counterparts": [{"person": "kairat-sarybay", "organization": "ooc"}]
    });
    let r = send(&app, "POST", "/api/v1/engagements", &[], &engagement).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // A body that proposed a version of a document.
    let body = json!({"name": "Group of Proposers", "short_name": "GOPR", "kind": "working-body"});
    let r = send(&app, "POST", "/api/v1/bodies", &[], &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let document = first_of(&app, RESTORABLE[7]).await;
    let r = send(
        &app,
        "POST",
        &format!("{document}/versions"),
        &[],
        &json!({"proposed_by": "body:gopr", "text": "A version the group proposed."}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    for (at, referrer) in [
        ("/api/v1/organizations/ooc", "(a counterpart of it)"),
        ("/api/v1/bodies/gopr", "proposed by it"),
    ] {
        let (_, tag) = read(&app, at).await;
        let r = send(&app, "DELETE", at, &[("if-match", &tag)], &json!(null)).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{at}: {}", r.body);
        assert!(r.body.contains(referrer), "{at}: {}", r.body);
    }
}

#[tokio::test]
async fn a_body_with_a_sub_body_is_deleted_only_after_it_and_from_its_form() {
    let app = app().await;
    let parent = json!({"name": "Group of Parents", "short_name": "GOP", "kind": "working-body"});
    let r = send(&app, "POST", "/api/v1/bodies", &[], &parent).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let child = json!({"name": "Subgroup of Children", "short_name": "SOC2", "kind": "working-body", "parent": "gop"});
    let r = send(&app, "POST", "/api/v1/bodies", &[], &child).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let editor = editor_browser(&app).await;
    // The parent's form offers deletion; sent, it is refused, naming the sub-body.
    let form = common::get(&app, "/bodies/gop/edit", Some(&editor))
        .await
        .body;
    assert!(form.contains(r#"action="/bodies/gop/delete""#), "{form}");
    let csrf = common::form_token(&form);
    let version = field(&form, "version");
    let fields = [("csrf", csrf.as_str()), ("version", version.as_str())];
    let r = common::post_form(&app, "/bodies/gop/delete", Some(&editor), &fields).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("body `soc2`"), "{}", r.body);
    // The sub-body first, then the parent.
    let (_, tag) = read(&app, "/api/v1/bodies/soc2").await;
    let r = send(
        &app,
        "DELETE",
        "/api/v1/bodies/soc2",
        &[("if-match", &tag)],
        &json!(null),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = common::post_form(&app, "/bodies/gop/delete", Some(&editor), &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.get("/bodies/gop").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_document_put_back_keeps_the_versions_circulated_since() {
    let app = app().await;
    let uri = first_of(&app, RESTORABLE[7]).await;
    let (original, tag) = read(&app, &uri).await;
    let mut changed = original.clone();
    changed["title"] = json!("A title typed by mistake");
    let r = put(&app, &uri, &tag, &changed).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = send(
        &app,
        "POST",
        &format!("{uri}/versions"),
        &[],
        &json!({"proposed_by": "secretariat", "text": "A version circulated after the mistake."}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let (with_version, tag) = read(&app, &uri).await;
    let save = entries(&app, &uri.replacen("/api/v1/documents/", "document/", 1))
        .await
        .iter()
        .filter(|e| e["action"] == "document.save")
        .filter_map(|e| e["seq"].as_i64())
        .next_back()
        .expect("the save");
    let r = send(
        &app,
        "POST",
        &format!("{uri}/restore"),
        &[("if-match", &tag)],
        &json!({"entry": save, "side": "before"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let (now, _) = read(&app, &uri).await;
    assert_eq!(now["title"], original["title"]);
    assert_eq!(
        now["versions"], with_version["versions"],
        "no version taken back"
    );
}

#[tokio::test]
async fn records_without_a_page_of_their_own_show_their_history_on_their_form() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    for (row, form) in [
        (RESTORABLE[4], "/chairmanships/{}/edit"),
        (RESTORABLE[9], "/digest/{}/edit"),
    ] {
        let uri = first_of(&app, row).await;
        let (mut record, tag) = read(&app, &uri).await;
        record[row.3] = json!("Changed to be put back");
        let r = put(&app, &uri, &tag, &record).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.body);
        let key = uri.rsplit('/').next().unwrap_or_default();
        let page = common::get(&app, &form.replace("{}", key), Some(&editor)).await;
        assert_eq!(page.status, StatusCode::OK, "{form}");
        let restore = page
            .body
            .split(r#"<form method="post" action="/restore""#)
            .nth(1)
            .unwrap_or_else(|| panic!("{form}: no restore form in {}", page.body));
        let fields = hidden_fields(&format!("<form{restore}"));
        let r = common::post_form(&app, "/restore", Some(&editor), &as_refs(&fields)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{form}: {}", r.body);
        assert_eq!(
            r.headers.get("location").and_then(|v| v.to_str().ok()),
            Some(form.replace("{}", key).as_str())
        );
        assert_ne!(read(&app, &uri).await.0[row.3], "Changed to be put back");
    }
}

#[tokio::test]
async fn a_treaty_action_recorded_in_error_is_withdrawn_with_its_notification_and_stays_marked() {
    let app = app().await;
    let treaty = "/api/v1/treaties/convention-privileges-immunities";
    let before = app.get_as(treaty, EDITOR).await.json();
    let r = send(
        &app,
        "POST",
        &format!("{treaty}/actions"),
        &[],
        &json!({"party": "KWT", "kind": "accession", "deposit": "2025-03-20"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let announced = r.json()["notification"]["reference"]
        .as_str()
        .expect("a notification of the deposit")
        .to_owned();
    let withdrawal = format!("{treaty}/actions/withdrawal");
    // Refused, naming what is wrong, with nothing written.
    for (body, status, parameter) in [
        (
            json!({"party": "KWT", "kind": "ratification", "reason": "x"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "",
        ),
        (
            json!({"party": "KWT", "kind": "accession"}),
            StatusCode::BAD_REQUEST,
            "reason",
        ),
        (
            json!({"party": "QAT", "kind": "accession", "reason": "x"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "",
        ),
        (
            json!({"party": "KWT", "kind": "gift", "reason": "x"}),
            StatusCode::BAD_REQUEST,
            "kind",
        ),
    ] {
        let r = send(&app, "POST", &withdrawal, &[], &body).await;
        assert_eq!(r.status, status, "{body}: {}", r.body);
        if !parameter.is_empty() {
            assert_eq!(r.json()["error"]["parameter"], parameter, "{body}");
        }
    }
    // Withdrawn: the treaty stands as before, and a notification withdraws the announcement.
    let r = send(
        &app,
        "POST",
        &withdrawal,
        &[],
        &json!({"party": "kwt", "kind": "accession", "reason": "the deposit was Qatar's, typed as Kuwait's"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    let text = v["notification"]["text"].as_str().expect("a notification");
    assert!(text.contains(&announced), "{text}");
    assert!(text.contains("withdrawn"), "{text}");
    assert_eq!(v["notification"]["withdraws"], announced.as_str());
    let mut after = app.get_as(treaty, EDITOR).await.json();
    // Listed among those withdrawn, with the day and the reason; else as it stood before.
    let withdrawn = after
        .as_object_mut()
        .and_then(|o| o.remove("withdrawn"))
        .expect("the withdrawn actions");
    assert_eq!(withdrawn[0]["party"], "KWT", "{withdrawn}");
    assert_eq!(withdrawn[0]["deposit"], "2025-03-20", "{withdrawn}");
    assert_eq!(withdrawn[0]["withdrawn"], "2025-04-01", "{withdrawn}");
    assert!(
        withdrawn[0]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("Qatar"))
    );
    let mut before = before;
    assert_eq!(
        before.as_object_mut().and_then(|o| o.remove("withdrawn")),
        Some(json!([]))
    );
    assert_eq!(after, before, "the treaty as it stood before the action");
    // Twice: nothing of Kuwait's is left to withdraw.
    let r = send(
        &app,
        "POST",
        &withdrawal,
        &[],
        &json!({"party": "KWT", "kind": "accession", "reason": "again"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    // The public page keeps it, marked, with the reason; the right action can be recorded.
    let page = app
        .ok("/treaties/convention-privileges-immunities")
        .await
        .body;
    assert!(page.contains("Recorded in error"), "{page}");
    assert!(page.contains("typed as Kuwait"), "{page}");
    assert!(
        !page.contains("Withdraw this action"),
        "no form for the public"
    );
    let r = send(
        &app,
        "POST",
        &format!("{treaty}/actions"),
        &[],
        &json!({"party": "QAT", "kind": "accession", "deposit": "2025-03-20"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let trail = entries(&app, "treaty/convention-privileges-immunities").await;
    assert!(
        trail.iter().any(|e| e["action"] == "treaty.withdraw"),
        "{trail:?}"
    );
    // The same deposit recorded again, in error again: its own new notice is withdrawn, never
    // the first one (withdrawn already) nor the notice that withdrew it.
    let r = send(
        &app,
        "POST",
        &format!("{treaty}/actions"),
        &[],
        &json!({"party": "KWT", "kind": "accession", "deposit": "2025-03-22"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let again = r.json()["notification"]["reference"]
        .as_str()
        .expect("a notification")
        .to_owned();
    let r = send(
        &app,
        "POST",
        &withdrawal,
        &[],
        &json!({"party": "KWT", "kind": "accession", "deposit": "2025-03-22", "act": null, "reason": "again Qatar's"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["notification"]["withdraws"], again.as_str());
    // In the feed, a withdrawal is an entry of its own, saying what it withdraws.
    let feed = app.ok("/notifications.atom").await.body;
    assert!(feed.contains(&format!("{announced} withdrawn")), "{feed}");
    assert!(feed.contains(&format!("{again} withdrawn")), "{feed}");
    // A party's later action rests on its earlier one: the later goes first.
    for action in [
        json!({"party": "KWT", "kind": "signature", "act": "2025-03-01"}),
        json!({"party": "KWT", "kind": "ratification", "act": "2025-03-10", "deposit": "2025-03-25"}),
    ] {
        let r = send(&app, "POST", &format!("{treaty}/actions"), &[], &action).await;
        assert_eq!(r.status, StatusCode::CREATED, "{action}: {}", r.body);
    }
    let reason = "typed on the wrong treaty";
    let r = send(
        &app,
        "POST",
        &withdrawal,
        &[],
        &json!({"party": "KWT", "kind": "signature", "reason": reason}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("latest action of Kuwait"), "{}", r.body);
    // Named by dates that are not its own (another became the latest meanwhile): refused.
    let r = send(
        &app,
        "POST",
        &withdrawal,
        &[],
        &json!({"party": "KWT", "kind": "ratification", "act": "2025-03-10", "deposit": "2025-03-24", "reason": reason}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let notices = app.ok("/api/v1/notifications").await.json();
    let newest = &notices["items"][0];
    assert_eq!(
        (&newest["party"], &newest["kind"]),
        (&json!("KWT"), &json!("ratification")),
        "{newest}"
    );
    let ratification = newest["reference"]
        .as_str()
        .expect("the ratification's notice, the newest")
        .to_owned();
    assert_ne!(ratification, announced);
    for (kind, withdraws) in [
        ("ratification", json!(ratification)),
        ("signature", Value::Null),
    ] {
        let r = send(
            &app,
            "POST",
            &withdrawal,
            &[],
            &json!({"party": "KWT", "kind": kind, "act": if kind == "signature" { "2025-03-01" } else { "2025-03-10" }, "deposit": if kind == "signature" { Value::Null } else { json!("2025-03-25") }, "reason": reason}),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{kind}: {}", r.body);
        // Its own notice is withdrawn, never another's and never a withdrawal; a signature
        // had none.
        let notice = &r.json()["notification"];
        assert_eq!(
            notice.get("withdraws").cloned().unwrap_or(Value::Null),
            withdraws,
            "{kind}: {notice}"
        );
    }
}

#[tokio::test]
async fn an_editor_withdraws_a_partys_latest_action_from_the_treaty_page() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    let page = common::get(
        &app,
        "/treaties/convention-privileges-immunities",
        Some(&editor),
    )
    .await
    .body;
    assert!(page.contains("Withdraw this action"), "{page}");
    let csrf = common::form_token(&page);
    let doc = dom_query::Document::from(page.as_str());
    let first = doc
        .select("#w-action option")
        .nodes()
        .first()
        .and_then(|o| o.attr("value"))
        .map(|v| v.to_string())
        .expect("an action to choose");
    let before = app
        .get_as("/api/v1/treaties/convention-privileges-immunities", EDITOR)
        .await
        .json();
    // Without a reason: refused, nothing withdrawn.
    let r = common::post_form(
        &app,
        "/treaties/convention-privileges-immunities/withdrawal",
        Some(&editor),
        &[("csrf", &csrf), ("action", &first), ("reason", " ")],
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let r = common::post_form(
        &app,
        "/treaties/convention-privileges-immunities/withdrawal",
        Some(&editor),
        &[
            ("csrf", &csrf),
            ("action", &first),
            ("reason", "recorded twice from two sources"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = app
        .get_as("/api/v1/treaties/convention-privileges-immunities", EDITOR)
        .await
        .json();
    assert_ne!(
        after["parties"], before["parties"],
        "the action counts no more"
    );
    // Others: no page for them.
    let r = common::post_form(
        &app,
        "/treaties/convention-privileges-immunities/withdrawal",
        None,
        &[("action", &first), ("reason", "x")],
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
}
