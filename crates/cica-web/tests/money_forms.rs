//! Money through the editors' forms, over the real router and the built-in dataset: a
//! contribution recorded, corrected and deleted, a Fund project edited and moved along its
//! review, each form read as the API reads its body. "Today" is 1 April 2025.

use crate::common;

use axum::http::StatusCode;
use cica_domain::access::{Binding, Role};
use serde_json::json;

use common::{Reply, TestApp};

const EDITOR: &str = "money-forms-editor-token";

async fn app() -> TestApp {
    let app = TestApp::new().await;
    app.account("editor@cica.test", Role::Editor, Binding::None, EDITOR)
        .await;
    app
}

async fn editor_browser(app: &TestApp) -> String {
    common::browser_of(app, "editor@cica.test").await
}

#[tokio::test]
async fn an_editor_records_a_contribution_in_its_form_with_amounts_kept_to_the_secretariat() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    let list = common::get(&app, "/contributions", Some(&editor)).await;
    assert!(
        list.body.contains("href=\"/contributions/new\""),
        "the link to the form"
    );
    let uri = "/contributions/new";
    let form = common::get(&app, uri, Some(&editor)).await;
    assert_eq!(form.status, StatusCode::OK);
    let fields = [
        ("id", "kuwait-2025-second"),
        ("contributor", "kwt"),
        ("recipient", "secretariat-budget"),
        ("kind", "voluntary"),
        ("title", "Kuwait's second contribution for 2025"),
        ("visibility", "secretariat"),
        (
            "movements",
            "committed | 2025-02-10 | 25000.00 USD | Letter of the Embassy\nreceived | 2025-03-03 | 30000 USD",
        ),
    ];
    // More received than committed, with no note saying why: refused at the movements.
    let r = common::submit(&app, uri, &form.body, &editor, &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("Kuwait&#39;s second contribution for 2025"),
        "kept"
    );
    assert!(r.body.contains("id=\"f-excess-note-error\""), "{}", r.body);
    assert!(
        r.body.contains("beyond the USD 25,000.00 promised"),
        "{}",
        r.body
    );
    let mut fields = fields.to_vec();
    fields.push((
        "excess_note",
        "The Embassy added a sum for the Youth Council.",
    ));
    let r = common::submit(&app, uri, &form.body, &editor, &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.headers["location"], "/contributions/kuwait-2025-second");
    // The Secretariat sees the amounts; the public sees them undisclosed.
    let mine = app
        .ok_as("/api/v1/contributions/kuwait-2025-second", EDITOR)
        .await
        .json();
    assert_eq!(mine["contributor"]["key"], "KWT");
    assert_eq!(
        mine["movements"][1]["amount"],
        json!({"amount": "30000.00", "currency": "USD"})
    );
    let public = app
        .ok("/api/v1/contributions/kuwait-2025-second")
        .await
        .json();
    assert_eq!(
        public["movements"][1]["amount"],
        json!({"undisclosed": true})
    );
    // Its form opens with what was saved, one movement per line, and saves unchanged.
    let edit = "/contributions/kuwait-2025-second/edit";
    let form = common::get(&app, edit, Some(&editor)).await;
    assert!(
        form.body.contains("received | 2025-03-03 | 30000.00 USD"),
        "{}",
        form.body
    );
    let r = common::submit(&app, edit, &form.body, &editor, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let again = app
        .ok_as("/api/v1/contributions/kuwait-2025-second", EDITOR)
        .await
        .json();
    assert_eq!(again, mine, "saved unchanged");
    // Deleted from its form.
    let form = common::get(&app, edit, Some(&editor)).await;
    let hidden = common::hidden_fields(&form.body);
    let r = common::post_form(
        &app,
        "/contributions/kuwait-2025-second/delete",
        Some(&editor),
        &common::as_refs(&hidden),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        app.get("/api/v1/contributions/kuwait-2025-second")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_contribution_from_outside_the_registers_and_a_bad_movement_line_are_named() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    let uri = "/contributions/new";
    let form = common::get(&app, uri, Some(&editor)).await;
    let fields = [
        ("id", "foundation-grant-2025"),
        ("contributor", "A Charitable Foundation"),
        ("contributor_kind", "other"),
        ("recipient", "cica-fund"),
        ("kind", "voluntary"),
        ("title", "A grant to the CICA Fund"),
        ("visibility", "public"),
        ("movements", "pledged | 2025-13-01 | 100 USD"),
    ];
    let r = common::submit(&app, uri, &form.body, &editor, &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"f-movements-error\""), "{}", r.body);
    assert!(r.body.contains("Line 1 (day)"), "{}", r.body);
    let mut fields = fields.to_vec();
    fields[7] = ("movements", "pledged | 2025-03-01 | 100 USD");
    let r = common::submit(&app, uri, &form.body, &editor, &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let c = app
        .ok("/api/v1/contributions/foundation-grant-2025")
        .await
        .json();
    assert_eq!(c["contributor"]["type"], "named");
    assert_eq!(c["contributor"]["name"], "A Charitable Foundation");
    assert_eq!(c["movements"][0]["amount"]["amount"], "100.00");
}

#[tokio::test]
async fn the_money_forms_do_not_exist_for_the_public() {
    let app = app().await;
    for uri in [
        "/contributions/new",
        "/contributions/kuwait-2025-voluntary/edit",
    ] {
        assert_eq!(app.get(uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
    assert!(
        !app.ok("/contributions")
            .await
            .body
            .contains("/contributions/new"),
        "no link for the public"
    );
}

#[tokio::test]
async fn an_editor_edits_a_fund_project_in_its_form_and_adds_its_next_step() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    let api = "/api/v1/fund/projects/afghanistan-wheat-2025";
    let page = common::get(&app, "/fund/projects/afghanistan-wheat-2025", Some(&editor)).await;
    assert!(
        page.body
            .contains("href=\"/fund/projects/afghanistan-wheat-2025/edit\"")
    );
    let uri = "/fund/projects/afghanistan-wheat-2025/edit";
    let form = common::get(&app, uri, Some(&editor)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body
            .contains("approved | 2025-03-07 | prc-2025-afghanistan-wheat"),
        "{}",
        form.body
    );
    // Saved as opened: every list reads back as it was stored.
    let before = app.ok_as(api, EDITOR).await.json();
    let r = common::submit(&app, uri, &form.body, &editor, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = app.ok_as(api, EDITOR).await.json();
    for key in [
        "participants",
        "review",
        "locations",
        "budgets",
        "transactions",
        "results",
        "news",
        "sources",
    ] {
        assert_eq!(after[key], before[key], "{key}");
    }
    // Rewriting a step recorded is refused at the review; the next step is added.
    let form = common::get(&app, uri, Some(&editor)).await;
    let review = common::hidden_fields(&form.body)
        .into_iter()
        .find(|(k, _)| k == "base.review")
        .map(|(_, v)| v)
        .unwrap_or_default();
    let rewritten = review.replace("2025-03-07", "2025-03-06");
    let r = common::submit(&app, uri, &form.body, &editor, &[("review", &rewritten)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"f-review-error\""), "{}", r.body);
    let next = format!("{review}\nsuspended | 2025-04-01 | | Access to the province was closed.");
    let r = common::submit(&app, uri, &form.body, &editor, &[("review", &next)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let p = app.ok_as(api, EDITOR).await.json();
    assert_eq!(p["stage"], "suspended", "{p}");
}

async fn put_json(
    app: &TestApp,
    uri: &str,
    condition: (&str, &str),
    body: &serde_json::Value,
) -> Reply {
    let r = axum::http::Request::put(uri)
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {EDITOR}"))
        .header(condition.0, condition.1);
    app.request(
        r.body(axum::body::Body::from(body.to_string()))
            .expect("request"),
    )
    .await
}

fn tag(r: &Reply) -> String {
    r.headers["etag"].to_str().expect("a tag").to_owned()
}

#[tokio::test]
async fn a_fund_project_with_every_list_survives_a_save_of_its_form_unchanged() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    // A project recorded through the API with what a line cannot hold.
    let api = "/api/v1/fund/projects/water-2025";
    let project = json!({
        "title": "Drip irrigation for smallholders",
        "description": "Pilot irrigation for fifty farms.\nSecond paragraph.",
        "proposed_by": "KGZ",
        "participants": [
            {"role": "funding", "party": {"type": "named", "name": "A Water Foundation", "org_type": "foundation"}},
            {"role": "implementing", "party": {"type": "organization", "key": "iofs"}}
        ],
        "review": [{"stage": "submitted", "day": "2025-03-03", "note": "Received | by note verbale"}],
        "locations": [{"name": "Chüy valley", "country": "KG", "note": "Two districts;\nfifty farms"}],
        "recipient_countries": ["KG"],
        "budgets": [{"kind": "original", "status": "indicative", "start": "2025-06-01", "end": "2026-05-31",
                     "value": {"amount": "120000.00", "currency": "USD"}, "value_date": "2025-03-03"}],
        "results": [{
            "title": "Water saved | per hectare",
            "description": "Measured at the end\n- of each season",
            "indicators": [{
                "title": "Water used",
                "measure": "unit",
                "unit": "m3/ha",
                "baseline": {"day": "2025-01-01", "value": "6000", "comment": "before; by survey"},
                "target": {"day": "2026-05-31", "value": "4000"}
            }]
        }],
        "sources": ["Proposal; annex 2"]
    });
    let r = put_json(&app, api, ("if-none-match", "*"), &project).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let before = app.ok_as(api, EDITOR).await.json();
    let uri = "/fund/projects/water-2025/edit";
    let form = common::get(&app, uri, Some(&editor)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body
            .contains("funding | named A Water Foundation (type 60)"),
        "{}",
        form.body
    );
    let r = common::submit(
        &app,
        uri,
        &form.body,
        &editor,
        &[("title", "Drip irrigation")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut after = app.ok_as(api, EDITOR).await.json();
    assert_eq!(after["title"], "Drip irrigation");
    after["title"] = before["title"].clone();
    assert_eq!(after, before, "nothing else changed");
    // A list typed anew is read line by line: a budget revised, the named party's type kept.
    let form = common::get(&app, uri, Some(&editor)).await;
    let budgets = "original | indicative | 2025-06-01 | 2026-05-31 | 120000.00 USD | 2025-03-03\nrevised | committed | 2025-06-01 | 2026-05-31 | 110,000.00 USD | 2025-03-20";
    let participants = "funding | named A Water Foundation (type 60)\nimplementing | organization iofs\nextending | state KGZ";
    let r = common::submit(
        &app,
        uri,
        &form.body,
        &editor,
        &[("budgets", budgets), ("participants", participants)],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let p = app.ok_as(api, EDITOR).await.json();
    assert_eq!(
        p["budgets"][1]["value"],
        json!({"amount": "110000.00", "currency": "USD"})
    );
    assert_eq!(p["participants"][0], before["participants"][0]);
    assert_eq!(p["participants"][2]["party"]["key"], "KGZ");
    assert_eq!(p["results"], before["results"]);
    // The results hold a title with a `|`: retyping them is refused rather than read anew.
    let form = common::get(&app, uri, Some(&editor)).await;
    let r = common::submit(
        &app,
        uri,
        &form.body,
        &editor,
        &[("results", "Water saved\n- Water used | unit | m3/ha")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"f-results-error\""), "{}", r.body);
    assert_eq!(
        app.ok_as(api, EDITOR).await.json()["results"],
        before["results"]
    );
    // A participant line with no party is refused at the participants, what was typed kept.
    let form = common::get(&app, uri, Some(&editor)).await;
    let r = common::submit(
        &app,
        uri,
        &form.body,
        &editor,
        &[("participants", "funding")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"f-participants-error\""), "{}", r.body);
}

#[tokio::test]
async fn a_contributions_movement_note_that_a_line_cannot_hold_survives_its_form() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    let api = "/api/v1/contributions/grant-2025";
    let body = json!({
        "contributor": {"type": "state", "key": "KAZ"},
        "recipient": "cica-fund",
        "kind": "voluntary",
        "title": "A grant",
        "visibility": "public",
        "movements": [
            {"stage": "pledged", "day": "2025-02-01", "amount": {"amount": "500.00", "currency": "USD"},
             "document": "Note No. 1 | annex", "note": "Announced at the SOC;\nconfirmed later"}
        ],
        "sources": ["A letter; dated 1 February"]
    });
    let r = put_json(&app, api, ("if-none-match", "*"), &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let before = app.ok_as(api, EDITOR).await.json();
    let uri = "/contributions/grant-2025/edit";
    let form = common::get(&app, uri, Some(&editor)).await;
    let r = common::submit(
        &app,
        uri,
        &form.body,
        &editor,
        &[("title", "A grant to the Fund")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut after = app.ok_as(api, EDITOR).await.json();
    after["title"] = before["title"].clone();
    assert_eq!(after, before, "nothing else changed");
    // A receipt added on a line of its own keeps the pledge as it was.
    let form = common::get(&app, uri, Some(&editor)).await;
    let movements = format!(
        "{}\nreceived | 2025-03-01 | 500 USD",
        common::hidden_fields(&form.body)
            .into_iter()
            .find(|(k, _)| k == "base.movements")
            .map(|(_, v)| v)
            .unwrap_or_default()
    );
    let r = common::submit(&app, uri, &form.body, &editor, &[("movements", &movements)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let c = app.ok_as(api, EDITOR).await.json();
    assert_eq!(c["movements"][0], before["movements"][0]);
    assert_eq!(c["movements"][1]["stage"], "received");
}

#[tokio::test]
async fn a_financial_report_is_recorded_corrected_and_deleted_over_the_api_and_in_its_form() {
    let app = app().await;
    let editor = editor_browser(&app).await;
    let api = "/api/v1/financial-reports/financial-report-2025";
    let body = json!({
        "kind": "financial-report",
        "from": "2025-01-01",
        "to": "2025-12-31",
        "document": "no-such-document"
    });
    let r = put_json(&app, api, ("if-none-match", "*"), &body).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let mut body = body;
    body["document"] = serde_json::Value::Null;
    body["to"] = json!("2024-12-31");
    let r = put_json(&app, api, ("if-none-match", "*"), &body).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("\"to\""), "{}", r.body);
    body["to"] = json!("2025-12-31");
    body["decision"] = json!("prc-2025-afghanistan-wheat");
    let r = put_json(&app, api, ("if-none-match", "*"), &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // What a read gives is accepted back as it stands.
    let read = app.get_as(api, EDITOR).await;
    assert_eq!(tag(&read), tag(&r));
    let mut v = read.json();
    v["auditor"] = json!("An audit firm");
    let r = put_json(&app, api, ("if-match", &tag(&read)), &v).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["decision"]["id"], "prc-2025-afghanistan-wheat");
    let mut odd = r.json();
    odd["decision"] = json!({"slug": "prc-2025-afghanistan-wheat"});
    let refused = put_json(&app, api, ("if-match", &tag(&r)), &odd).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    // Listed with the statements of the year it covers, with its form for the editor.
    let page = common::get(&app, "/contributions?year=2025", Some(&editor))
        .await
        .body;
    assert!(
        page.contains("href=\"/financial-reports/financial-report-2025/edit\""),
        "{page}"
    );
    let edit = "/financial-reports/financial-report-2025/edit";
    let form = common::get(&app, edit, Some(&editor)).await;
    let r = common::submit(&app, edit, &form.body, &editor, &[("to", "2025-06-30")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.headers["location"], "/contributions?year=2025");
    assert_eq!(app.ok(api).await.json()["to"], "2025-06-30");
    assert_eq!(app.ok(api).await.json()["auditor"], "An audit firm");
    let form = common::get(&app, edit, Some(&editor)).await;
    let r = common::post_form(
        &app,
        "/financial-reports/financial-report-2025/delete",
        Some(&editor),
        &common::as_refs(&common::hidden_fields(&form.body)),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.get(api).await.status, StatusCode::NOT_FOUND);
    for uri in ["/financial-reports/new", "/fund/projects/new"] {
        assert_eq!(app.get(uri).await.status, StatusCode::NOT_FOUND, "{uri}");
        let r = common::get(&app, uri, Some(&editor)).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
    }
}
