//! Keeping the Catalogue of CBMs through the real router: the Secretariat records and
//! corrects priority areas (with their coordinators' terms and plans) and implementation
//! activities, over the API and through the editors' forms, under the Catalogue's rules.
//! "Today" is 1 April 2025.

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use cica_domain::access::{Binding, Role};
use serde_json::{Value, json};

use common::{Reply, TestApp};

const EDITOR: &str = "catalogue-editor-token";

async fn app() -> TestApp {
    let app = TestApp::new().await;
    app.account("editor@cica.test", Role::Editor, Binding::None, EDITOR)
        .await;
    app
}

async fn send(
    app: &TestApp,
    method: &str,
    uri: &str,
    condition: (&str, &str),
    body: &Value,
) -> Reply {
    let r = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {EDITOR}"))
        .header(condition.0, condition.1);
    app.request(r.body(Body::from(body.to_string())).expect("request"))
        .await
}

/// Whether an answer refuses `field` with a message saying `says`.
fn named(r: &Reply, field: &str, says: &str) -> bool {
    let v = r.json()["error"].clone();
    let one = v["parameter"] == field && v["message"].as_str().is_some_and(|m| m.contains(says));
    one || v["fields"].as_array().is_some_and(|list| {
        list.iter()
            .any(|f| f["field"] == field && f["message"].as_str().is_some_and(|m| m.contains(says)))
    })
}

fn tag(r: &Reply) -> String {
    r.headers["etag"].to_str().expect("a tag").to_owned()
}

fn area() -> Value {
    json!({
        "dimension": "economic",
        "name": "Cooperation in the digital economy",
        "short_name": "Digital economy",
        "measures": ["Exchange of experience in e-commerce"],
        "coordinators": [
            {"state": "KAZ", "role": "coordinator", "from": "2025-01", "decision": "soc-2021-cbm-coordinators"},
            {"state": "AZE", "role": "co-coordinator", "from": "2025-01"}
        ],
        "plans": [{"first_year": 2025, "adopted": "2025-02-27"}],
        "sources": ["A note verbale of the Secretariat"]
    })
}

#[tokio::test]
async fn the_secretariat_records_an_area_reads_it_back_and_saves_the_read_unchanged() {
    let app = app().await;
    let uri = "/api/v1/cbm/areas/digital-economy";
    let made = send(&app, "PUT", uri, ("if-none-match", "*"), &area()).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    assert_eq!(made.headers["location"], uri);
    let read = app.get_as(uri, EDITOR).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(tag(&read), tag(&made), "the read names the version saved");
    let v = read.json();
    assert_eq!(v["coordinators"][0]["state"], "KAZ");
    assert_eq!(v["coordinators"][0]["current"], true);
    assert_eq!(v["plans"][0]["last_year"], 2025);
    // What a read gives is accepted back as it stands.
    let again = send(&app, "PUT", uri, ("if-match", &tag(&read)), &v).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.json()["coordinators"], v["coordinators"]);
    // Saving over the version first read is refused: someone saved since.
    let stale = send(&app, "PUT", uri, ("if-match", &tag(&made)), &area()).await;
    assert_eq!(
        stale.status,
        StatusCode::PRECONDITION_FAILED,
        "{}",
        stale.body
    );
    // The dashboard lists it last in its dimension; the trail holds both saves.
    let list = app.ok("/api/v1/cbm/areas?dimension=economic").await.json();
    let last = list["items"].as_array().expect("areas").last().cloned();
    assert_eq!(
        last.map(|a| a["slug"].clone()),
        Some(json!("digital-economy"))
    );
    let trail = app
        .ok_as("/api/v1/audit?record=cbm_area/digital-economy", EDITOR)
        .await
        .json();
    let actions: Vec<&str> = trail["items"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(actions, ["cbm_area.create", "cbm_area.save"]);
}

#[tokio::test]
async fn coordinator_terms_that_break_the_catalogues_rules_are_refused_naming_the_term() {
    let app = app().await;
    let uri = "/api/v1/cbm/areas/digital-economy";
    let with_terms = |terms: Value| {
        let mut a = area();
        a["coordinators"] = terms;
        a
    };
    for (terms, field, says) in [
        (
            json!([
                {"state": "KAZ", "role": "coordinator", "from": "2024"},
                {"state": "AZE", "role": "coordinator", "from": "2025-03"}
            ]),
            "coordinators[1]",
            "one coordinator at a time",
        ),
        (
            json!([
                {"state": "KAZ", "role": "coordinator", "from": "2024", "until": "2026"},
                {"state": "KAZ", "role": "co-coordinator", "from": "2025"}
            ]),
            "coordinators[1]",
            "already holds a role",
        ),
        (
            json!([{"state": "KAZ", "role": "coordinator", "from": "2025", "until": "2024"}]),
            "coordinators[0]",
            "does not end after it begins",
        ),
        (
            json!([{"state": "JPN", "role": "coordinator", "from": "2025"}]),
            "coordinators[0].state",
            "not a Member State",
        ),
        (
            json!([{"state": "KAZ", "role": "chair", "from": "2025"}]),
            "coordinators[0].role",
            "not one of",
        ),
        (
            json!([{"state": "KAZ", "role": "coordinator", "from": ""}]),
            "coordinators[0].from",
            "give the day",
        ),
    ] {
        let r = send(&app, "PUT", uri, ("if-none-match", "*"), &with_terms(terms)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{field}: {}", r.body);
        assert!(
            named(&r, field, says),
            "{field} should say “{says}”: {}",
            r.body
        );
    }
    let mut two_plans = area();
    two_plans["plans"] = json!([{"first_year": 2024, "last_year": 2025}, {"first_year": 2025}]);
    let r = send(&app, "PUT", uri, ("if-none-match", "*"), &two_plans).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("one plan a year"), "{}", r.body);
    let mut unknown = area();
    unknown["coordinators"][0]["decision"] = json!("no-such-decision");
    let r = send(&app, "PUT", uri, ("if-none-match", "*"), &unknown).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("no-such-decision"), "{}", r.body);
    // Nothing was written by any of these.
    assert_eq!(app.get(uri).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_correction_of_an_area_keeps_its_activities_and_its_place() {
    let app = app().await;
    let uri = "/api/v1/cbm/areas/ict-security";
    let read = app.get_as(uri, EDITOR).await;
    let mut v = read.json();
    let activities = v["activities"].clone();
    v["description"] = json!("Awareness of threats in the use of ICTs.");
    let saved = send(&app, "PUT", uri, ("if-match", &tag(&read)), &v).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let after = app.ok(uri).await.json();
    assert_eq!(
        after["description"],
        "Awareness of threats in the use of ICTs."
    );
    assert_eq!(after["activities"], activities);
    assert_eq!(after["coordinators"], read.json()["coordinators"]);
    let order = |v: Value| -> Vec<Value> {
        v["items"]
            .as_array()
            .expect("areas")
            .iter()
            .map(|a| a["slug"].clone())
            .collect()
    };
    let list = "/api/v1/cbm/areas?dimension=new-challenges-and-threats";
    let before_order = order(app.ok(list).await.json());
    let again = app.get_as(uri, EDITOR).await;
    let saved = send(&app, "PUT", uri, ("if-match", &tag(&again)), &again.json()).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(
        order(app.ok(list).await.json()),
        before_order,
        "its place kept"
    );
    // Moved to another dimension, it comes last there.
    let moved = app.get_as(uri, EDITOR).await;
    let mut v = moved.json();
    v["dimension"] = json!("economic");
    let saved = send(&app, "PUT", uri, ("if-match", &tag(&moved)), &v).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let economic = order(app.ok("/api/v1/cbm/areas?dimension=economic").await.json());
    assert_eq!(economic.last(), Some(&json!("ict-security")));
}

fn activity() -> Value {
    json!({
        "area": "ict-security",
        "kind": "training",
        "title": "Training course on incident response",
        "start": "2025-03-10",
        "end": "2025-03-12",
        "place": "Almaty",
        "organisers": ["KAZ"],
        "participants": ["AZE", "RUS"],
        "states_reported": 5,
        "summary": "Specialists of national response teams practised handling incidents."
    })
}

#[tokio::test]
async fn an_activity_is_recorded_shown_in_its_area_corrected_and_deleted() {
    let app = app().await;
    let uri = "/api/v1/cbm/activities/incident-response-training-2025";
    let made = send(&app, "PUT", uri, ("if-none-match", "*"), &activity()).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    assert_eq!(made.json()["states_count"], 5);
    let area = app.ok("/api/v1/cbm/areas/ict-security").await.json();
    assert!(
        area["activities"]
            .as_array()
            .expect("activities")
            .iter()
            .any(|a| a["slug"] == "incident-response-training-2025")
    );
    let page = app.ok("/cbm/areas/ict-security").await.body;
    assert!(page.contains("Training course on incident response"));
    let read = app.get_as(uri, EDITOR).await;
    let mut v = read.json();
    v["participants"] = json!(["AZE", "RUS", "TJK"]);
    let fixed = send(&app, "PUT", uri, ("if-match", &tag(&read)), &v).await;
    assert_eq!(fixed.status, StatusCode::OK, "{}", fixed.body);
    assert_eq!(
        app.ok(uri).await.json()["participants"],
        json!(["AZE", "RUS", "TJK"])
    );
    let gone = send(
        &app,
        "DELETE",
        uri,
        ("if-match", &tag(&fixed)),
        &json!(null),
    )
    .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT, "{}", gone.body);
    assert_eq!(app.get(uri).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn activities_that_break_the_rules_are_refused_naming_the_field() {
    let app = app().await;
    let uri = "/api/v1/cbm/activities/incident-response-training-2025";
    let with = |key: &str, value: Value| {
        let mut a = activity();
        a[key] = value;
        a
    };
    for (body, status, field) in [
        (
            with("participants", json!(["KAZ"])),
            StatusCode::BAD_REQUEST,
            "participants",
        ),
        (
            with("organisers", json!([])),
            StatusCode::BAD_REQUEST,
            "organisers",
        ),
        (
            with("organisers", json!(["JPN"])),
            StatusCode::BAD_REQUEST,
            "organisers",
        ),
        (
            with("states_reported", json!(1)),
            StatusCode::BAD_REQUEST,
            "states_reported",
        ),
        (
            with("end", json!("2025-03-01")),
            StatusCode::BAD_REQUEST,
            "end",
        ),
        (
            with("kind", json!("party")),
            StatusCode::BAD_REQUEST,
            "kind",
        ),
        (with("title", json!(" ")), StatusCode::BAD_REQUEST, "title"),
        (
            with("slug", json!("another")),
            StatusCode::BAD_REQUEST,
            "id",
        ),
        (
            with("area", json!("nowhere")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "area",
        ),
        (
            with("news", json!(["no-such-news"])),
            StatusCode::UNPROCESSABLE_ENTITY,
            "news[0]",
        ),
    ] {
        let r = send(&app, "PUT", uri, ("if-none-match", "*"), &body).await;
        assert_eq!(r.status, status, "{field}: {}", r.body);
        assert!(
            r.body.contains(&format!("\"{field}")),
            "{field}: {}",
            r.body
        );
    }
    assert_eq!(app.get(uri).await.status, StatusCode::NOT_FOUND);
}

// ---------------------------------------------------------------------------------------------
// The same through the editors' forms.

async fn editor_browser(app: &TestApp) -> String {
    common::browser_of(app, "editor@cica.test").await
}

#[tokio::test]
async fn an_editor_edits_an_areas_coordinators_in_its_form_and_a_bad_line_is_named() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    let page = common::get(&app, "/cbm/areas/ict-security", Some(&editor)).await;
    assert!(
        page.body.contains("href=\"/cbm/areas/ict-security/edit\""),
        "the edit link"
    );
    assert!(
        !app.ok("/cbm/areas/ict-security")
            .await
            .body
            .contains("/edit\""),
        "no edit link for the public"
    );
    let uri = "/cbm/areas/ict-security/edit";
    let form = common::get(&app, uri, Some(&editor)).await;
    assert_eq!(form.status, StatusCode::OK);
    // The terms as stored, one per line, round-trip: saving the form unchanged changes nothing.
    assert!(
        form.body.contains("RUS | coordinator | 2022-07 | 2024"),
        "{}",
        form.body
    );
    let before = app.ok("/api/v1/cbm/areas/ict-security").await.json();
    let r = common::submit(&app, uri, &form.body, &editor, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = app.ok("/api/v1/cbm/areas/ict-security").await.json();
    assert_eq!(after["coordinators"], before["coordinators"]);
    assert_eq!(after["plans"], before["plans"]);
    assert_eq!(after["sources"], before["sources"]);
    // A second coordinator over the same days: refused at the field, naming the line.
    let form = common::get(&app, uri, Some(&editor)).await;
    let lines = format!(
        "{}\nKAZ | coordinator | 2025-01",
        common::hidden_fields(&form.body)
            .into_iter()
            .find(|(k, _)| k == "base.coordinators")
            .map(|(_, v)| v)
            .unwrap_or_default()
    );
    let r = common::submit(&app, uri, &form.body, &editor, &[("coordinators", &lines)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"f-coordinators-error\""), "{}", r.body);
    assert!(
        r.body
            .contains("Line 5: KAZ would coordinate while RUS does (from 2024)"),
        "the line is named: {}",
        r.body
    );
    assert!(
        r.body.contains("KAZ | coordinator | 2025-01"),
        "what was typed is kept"
    );
    // A co-coordinator instead is accepted and shown on the area's page.
    let lines = lines.replace(
        "KAZ | coordinator | 2025-01",
        "KAZ | co-coordinator | 2025-01",
    );
    let r = common::submit(&app, uri, &form.body, &editor, &[("coordinators", &lines)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.headers["location"], "/cbm/areas/ict-security");
    let area = app.ok("/api/v1/cbm/areas/ict-security").await.json();
    let last = area["coordinators"]
        .as_array()
        .and_then(|t| t.last())
        .cloned();
    assert_eq!(
        last.map(|t| (t["state"].clone(), t["role"].clone())),
        Some((json!("KAZ"), json!("co-coordinator")))
    );
}

#[tokio::test]
async fn an_editor_records_an_activity_in_a_form_and_finds_it_on_its_areas_page() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    let uri = "/cbm/activities/new";
    let form = common::get(&app, "/cbm/activities/new?area=human", Some(&editor)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body.contains("<option value=\"human\" selected"),
        "the area chosen"
    );
    let fields = [
        ("slug", "heritage-seminar-2025"),
        ("area", "human"),
        ("kind", "seminar"),
        ("title", "Seminar on the protection of cultural heritage"),
        ("start", "2025-03-20"),
        ("place", "Baku"),
        ("organisers", "aze"),
        ("participants", "KAZ, AZE"),
    ];
    let r = common::submit(&app, uri, &form.body, &editor, &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"f-participants-error\""), "{}", r.body);
    assert!(
        r.body
            .contains("Seminar on the protection of cultural heritage"),
        "kept"
    );
    let mut fields = fields.to_vec();
    fields[7] = ("participants", "KAZ, TUR");
    let r = common::submit(&app, uri, &form.body, &editor, &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        r.headers["location"],
        "/cbm/areas/human#heritage-seminar-2025"
    );
    let page = common::get(&app, "/cbm/areas/human", Some(&editor))
        .await
        .body;
    assert!(page.contains("id=\"heritage-seminar-2025\""));
    assert!(page.contains("href=\"/cbm/activities/heritage-seminar-2025/edit\""));
    let a = app
        .ok("/api/v1/cbm/activities/heritage-seminar-2025")
        .await
        .json();
    assert_eq!(a["organisers"], json!(["AZE"]));
    assert_eq!(a["states_count"], 3);
    // Deleted from its form.
    let form = common::get(
        &app,
        "/cbm/activities/heritage-seminar-2025/edit",
        Some(&editor),
    )
    .await;
    assert!(
        form.body
            .contains("/cbm/activities/heritage-seminar-2025/delete")
    );
    let hidden = common::hidden_fields(&form.body);
    let r = common::post_form(
        &app,
        "/cbm/activities/heritage-seminar-2025/delete",
        Some(&editor),
        &common::as_refs(&hidden),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        app.get("/api/v1/cbm/activities/heritage-seminar-2025")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn what_a_line_cannot_hold_survives_a_save_of_the_form_unchanged() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    let uri = "/api/v1/cbm/areas/digital-economy";
    let mut a = area();
    a["coordinators"][0]["sources"] = json!(["Note verbale No. 12; annex | part 2"]);
    a["coordinators"][0]["note"] = json!("Named at the meeting.\nConfirmed in writing later.");
    a["plans"][0]["note"] = json!("Adopted | with a reservation");
    a["measures"] = json!(["Exchange of experience\nin e-commerce"]);
    a["sources"] = json!(["A source; with a semicolon"]);
    let made = send(&app, "PUT", uri, ("if-none-match", "*"), &a).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let before = app.ok(uri).await.json();
    let edit = "/cbm/areas/digital-economy/edit";
    let form = common::get(&app, edit, Some(&editor)).await;
    let r = common::submit(
        &app,
        edit,
        &form.body,
        &editor,
        &[("name", "The digital economy")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut after = app.ok(uri).await.json();
    assert_eq!(after["name"], "The digital economy");
    after["name"] = before["name"].clone();
    assert_eq!(after, before, "nothing else changed");
    // A term typed anew beside the stored one keeps the stored one as it was.
    let form = common::get(&app, edit, Some(&editor)).await;
    let lines = format!(
        "{}\nTJK | co-coordinator | 2025-02",
        common::hidden_fields(&form.body)
            .into_iter()
            .find(|(k, _)| k == "base.coordinators")
            .map(|(_, v)| v)
            .unwrap_or_default()
    );
    let r = common::submit(&app, edit, &form.body, &editor, &[("coordinators", &lines)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let terms = app.ok(uri).await.json()["coordinators"].clone();
    assert_eq!(terms[0], before["coordinators"][0]);
    assert_eq!(terms[2]["state"], "TJK");
    // Retyping the entry a line cannot show would change it: refused, nothing written.
    let form = common::get(&app, edit, Some(&editor)).await;
    let retyped =
        "KAZ | coordinator | 2025-01 | | soc-2021-cbm-coordinators\nAZE | co-coordinator | 2025-01";
    let r = common::submit(
        &app,
        edit,
        &form.body,
        &editor,
        &[("coordinators", retyped)],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("Entry 1 holds text a line cannot show"),
        "{}",
        r.body
    );
    assert_eq!(app.ok(uri).await.json()["coordinators"], terms);
}

#[tokio::test]
async fn an_area_with_more_terms_than_it_may_hold_is_refused_before_it_is_read() {
    let app = app().await;
    let mut a = area();
    a["coordinators"] = json!(vec![
        json!({"state": "KAZ", "role": "coordinator", "from": "2024"});
        5000
    ]);
    let r = send(
        &app,
        "PUT",
        "/api/v1/cbm/areas/digital-economy",
        ("if-none-match", "*"),
        &a,
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(named(&r, "coordinators", "at most 200"), "{}", r.body);
    let error = r.json()["error"].clone();
    let fields = error["fields"].as_array().map_or(0, Vec::len);
    assert!(
        fields <= 1,
        "the bound alone, no rule run over the terms: {error}"
    );
}

#[tokio::test]
async fn the_catalogues_forms_do_not_exist_for_the_public_or_a_delegate() {
    let app = app().await;
    app.account(
        "kaz@cica.test",
        Role::MemberDelegate,
        Binding::State(cica_domain::StateCode::parse("KAZ").expect("code")),
        "catalogue-kaz-token",
    )
    .await;
    let r = common::sign_in(&app, "kaz@cica.test", "a long test password").await;
    let (kaz, _) = common::set_cookie(&r, "cica_session").expect("session");
    let kaz = format!("cica_session={kaz}");
    for uri in [
        "/cbm/areas/new",
        "/cbm/areas/ict-security/edit",
        "/cbm/activities/new",
        "/cbm/activities/ict-security-awareness-workshop-2025/edit",
    ] {
        assert_eq!(
            common::get(&app, uri, Some(&kaz)).await.status,
            StatusCode::NOT_FOUND,
            "{uri}"
        );
        let r = common::post_form(&app, uri, Some(&kaz), &[("title", "x")]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
    }
    assert!(
        !common::get(&app, "/cbm", Some(&kaz))
            .await
            .body
            .contains("/cbm/activities/new"),
        "no link for a delegate"
    );
    for uri in [
        "/cbm/areas/new",
        "/cbm/areas/ict-security/edit",
        "/cbm/activities/new",
        "/cbm/activities/ict-security-awareness-workshop-2025/edit",
    ] {
        assert_eq!(app.get(uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
}
