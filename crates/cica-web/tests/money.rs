//! Money through the real router against a real database: contributions and their statement,
//! amounts the contributor has not made public hidden from all but the Secretariat (and every
//! total that would include one), the Fund's projects with their review, and the IATI file
//! checked by a real XML schema validator.

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use cica_domain::StateCode;
use cica_domain::access::{Binding, Role};
use common::{Reply, TestApp};
use serde_json::{Value, json};

const EDITOR: &str = "money-editor-token";
const KAZ: &str = "money-kaz-delegate-token";

async fn app() -> TestApp {
    let app = TestApp::new().await;
    app.account("editor@cica.test", Role::Editor, Binding::None, EDITOR)
        .await;
    app.account(
        "kaz@cica.test",
        Role::MemberDelegate,
        Binding::State(StateCode::parse("KAZ").expect("code")),
        KAZ,
    )
    .await;
    app
}

async fn send(
    app: &TestApp,
    method: &str,
    uri: &str,
    token: Option<&str>,
    condition: Option<(&str, &str)>,
    body: &Value,
) -> Reply {
    let mut r = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json");
    if let Some((name, value)) = condition {
        r = r.header(name, value);
    }
    if let Some(t) = token {
        r = r.header("authorization", format!("Bearer {t}"));
    }
    app.request(r.body(Body::from(body.to_string())).expect("request"))
        .await
}

fn etag(r: &Reply) -> String {
    r.headers
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .expect("a tag")
        .to_owned()
}

/// Every amount anywhere in a JSON answer is a string with its currency, or undisclosed.
fn no_numbers_for_money(v: &Value) {
    match v {
        Value::Object(map) => {
            match map.get("amount") {
                Some(Value::String(_)) => {
                    assert!(map.get("currency").is_some_and(Value::is_string), "{v}");
                }
                Some(Value::Number(_)) => panic!("an amount as a JSON number: {v}"),
                _ => {}
            }
            map.values().for_each(no_numbers_for_money);
        }
        Value::Array(items) => items.iter().for_each(no_numbers_for_money),
        _ => {}
    }
}

fn grant(amount: &str, currency: &str, visibility: &str) -> Value {
    json!({
        "contributor": {"type": "named", "name": "Astana Foundation for Dialogue", "kind": "organization"},
        "recipient": "cica-fund",
        "kind": "voluntary",
        "title": "A grant for the Fund's second call",
        "visibility": visibility,
        "movements": [
            {"stage": "committed", "day": "2025-02-10", "amount": {"amount": amount, "currency": currency}},
            {"stage": "received", "day": "2025-03-20", "amount": {"amount": amount, "currency": currency}, "document": "Bank advice 2025/031"}
        ]
    })
}

#[tokio::test]
async fn the_public_sees_every_contribution_but_no_amount_a_contributor_kept_private() {
    let app = app().await;
    let list = app.ok("/api/v1/contributions").await.json();
    let items = list["items"].as_array().expect("a list");
    assert_eq!(items.len(), 10, "the built-in contributions");
    no_numbers_for_money(&list);
    let kuwait = items
        .iter()
        .find(|c| c["id"] == "kuwait-2025-voluntary")
        .expect("Kuwait's 2025 contribution");
    assert_eq!(kuwait["received"], json!({"undisclosed": true}));
    assert_eq!(kuwait["contributor"]["key"], "KWT");
    // The Secretariat is told there is no amount on record, not that it is hidden.
    let mine = app
        .ok_as("/api/v1/contributions/kuwait-2025-voluntary", EDITOR)
        .await
        .json();
    assert_eq!(mine["received"], Value::Null);
    assert_eq!(mine["movements"][0]["amount"], Value::Null);

    let statement = app
        .ok("/api/v1/contributions/statement?year=2025&recipient=secretariat-budget")
        .await
        .json();
    assert_eq!(
        statement["items"][0]["received"],
        json!({"undisclosed": true})
    );
    let filtered = app
        .ok("/api/v1/contributions?state=KWT&year=2025")
        .await
        .json();
    let ids: Vec<&str> = filtered["items"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert_eq!(ids, ["kuwait-2025-voluntary"]);
    for bad in [
        "/api/v1/contributions?stage=promised",
        "/api/v1/contributions?recipient=budget",
        "/api/v1/contributions?year=20x5",
        "/api/v1/contributions?state=XXX",
    ] {
        assert_eq!(app.get(bad).await.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    assert_eq!(
        app.get("/api/v1/contributions/no-such").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_secretariat_records_a_contribution_and_totals_never_leave_out_a_hidden_amount() {
    let app = app().await;
    let uri = "/api/v1/contributions/astana-foundation-2025";
    // Only the Secretariat records money.
    for (token, status) in [
        (None, StatusCode::UNAUTHORIZED),
        (Some(KAZ), StatusCode::FORBIDDEN),
    ] {
        let r = send(
            &app,
            "PUT",
            uri,
            token,
            Some(("if-none-match", "*")),
            &grant("25000.00", "USD", "public"),
        )
        .await;
        assert_eq!(r.status, status, "{}", r.body);
    }
    let r = send(
        &app,
        "PUT",
        uri,
        Some(EDITOR),
        Some(("if-none-match", "*")),
        &grant("25000.00", "USD", "public"),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(
        r.json()["received"],
        json!({"amount": "25000.00", "currency": "USD"})
    );
    let tag = etag(&r);

    // A public amount beside a private one: the public sees the one, and no total.
    let private = send(
        &app,
        "PUT",
        "/api/v1/contributions/second-grant-2025",
        Some(EDITOR),
        Some(("if-none-match", "*")),
        &grant("1250.500", "KWD", "secretariat"),
    )
    .await;
    assert_eq!(private.status, StatusCode::CREATED, "{}", private.body);
    let fund = "/api/v1/contributions/statement?year=2025&recipient=cica-fund";
    let public = app.ok(fund).await.json();
    let line = |v: &Value, id: &str| {
        v["items"][0]["lines"]
            .as_array()
            .expect("lines")
            .iter()
            .find(|l| l["contribution"] == id)
            .cloned()
            .expect("a line")
    };
    assert_eq!(
        line(&public, "astana-foundation-2025")["received"],
        json!({"amount": "25000.00", "currency": "USD"})
    );
    assert_eq!(
        line(&public, "second-grant-2025")["received"],
        json!({"undisclosed": true})
    );
    assert_eq!(public["items"][0]["received"], json!({"undisclosed": true}));
    let public_page = app.ok("/contributions?year=2025").await.unmarked();
    assert!(public_page.contains("USD 25,000.00"), "the public amount");
    assert!(!public_page.contains("1,250.500"), "the private amount");
    // The Secretariat sees both, summed per currency; Iraq's amount is not on record.
    let all = app.ok_as(fund, EDITOR).await.json();
    assert_eq!(
        all["items"][0]["received"],
        json!({"amounts": [
            {"amount": "1250.500", "currency": "KWD"},
            {"amount": "25000.00", "currency": "USD"}
        ], "not_recorded": 1})
    );
    let detail = app
        .ok("/api/v1/contributions/second-grant-2025")
        .await
        .json();
    assert_eq!(
        detail["movements"][1]["amount"],
        json!({"undisclosed": true})
    );
    assert_eq!(
        detail["movements"][1].get("document"),
        None,
        "documents would tell"
    );

    // Corrections go over the version read.
    let mut more = grant("25000.00", "USD", "public");
    more["movements"][1]["amount"]["amount"] = json!("30000.00");
    let refused = send(
        &app,
        "PUT",
        uri,
        Some(EDITOR),
        Some(("if-match", tag.as_str())),
        &more,
    )
    .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert!(refused.body.contains("excess_note"), "{}", refused.body);
    more["excess_note"] = json!("The foundation added a grant for translations.");
    let saved = send(
        &app,
        "PUT",
        uri,
        Some(EDITOR),
        Some(("if-match", tag.as_str())),
        &more,
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let stale = send(
        &app,
        "PUT",
        uri,
        Some(EDITOR),
        Some(("if-match", tag.as_str())),
        &more,
    )
    .await;
    assert_eq!(
        stale.status,
        StatusCode::PRECONDITION_FAILED,
        "{}",
        stale.body
    );
    let gone = send(
        &app,
        "DELETE",
        uri,
        Some(EDITOR),
        Some(("if-match", etag(&saved).as_str())),
        &json!({}),
    )
    .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT, "{}", gone.body);
    assert_eq!(app.get(uri).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_amount_is_a_string_of_its_currency_s_decimals_and_nothing_else() {
    let app = app().await;
    let cases: &[(Value, &str)] = &[
        (json!(25000.5), "floating point"),
        (
            json!({"amount": "25000.001", "currency": "USD"}),
            "more decimals",
        ),
        (json!({"amount": "1e5", "currency": "USD"}), "not an amount"),
        (
            json!({"amount": "100", "currency": "XYZ"}),
            "not a currency",
        ),
        (json!({"amount": "100"}), "currency"),
        (json!({"undisclosed": true}), "write the amount"),
    ];
    for (amount, expected) in cases {
        let mut body = grant("100", "USD", "public");
        body["movements"][0]["amount"] = amount.clone();
        let r = send(
            &app,
            "PUT",
            "/api/v1/contributions/bad-amount",
            Some(EDITOR),
            Some(("if-none-match", "*")),
            &body,
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{amount}: {}", r.body);
        assert!(r.body.contains(expected), "{amount}: {}", r.body);
    }
    let mut backwards = grant("100", "USD", "public");
    backwards["movements"] = json!([
        {"stage": "received", "day": "2025-03-01"},
        {"stage": "pledged", "day": "2025-03-02"}
    ]);
    let r = send(
        &app,
        "PUT",
        "/api/v1/contributions/backwards",
        Some(EDITOR),
        Some(("if-none-match", "*")),
        &backwards,
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("movements[1].stage"), "{}", r.body);
}

#[tokio::test]
async fn a_years_statements_show_its_financial_reports_and_audits_to_those_who_may_read_them() {
    let app = app().await;
    let public = app.ok("/contributions?year=2024").await.unmarked();
    assert!(public.contains("External audit"), "the audit of 2023–2024");
    assert!(
        public.contains("SOC took note of it on 27 February 2025"),
        "{public}"
    );
    assert!(
        !public.contains("/documents/external-audit-2023-2024"),
        "a members' document"
    );
    assert!(public.contains("the report itself is for Member States"));
    let member = app.get_as("/contributions?year=2024", KAZ).await.unmarked();
    assert!(member.contains("/documents/external-audit-2023-2024"));
    let later = app.ok("/contributions?year=2026").await.unmarked();
    assert!(!later.contains("External audit"));
}

#[tokio::test]
async fn the_api_lists_financial_reports_and_gives_their_document_only_to_those_who_may_read_it() {
    let app = app().await;
    let ids = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .expect("a list")
            .iter()
            .filter_map(|r| r["id"].as_str().map(str::to_owned))
            .collect()
    };
    let public = app.ok("/api/v1/financial-reports").await.json();
    assert_eq!(
        ids(&public),
        ["external-audit-2023-2024", "financial-report-2024"],
        "by the first day of their period"
    );
    let audit = &public["items"][0];
    assert_eq!(audit["kind"], "external-audit");
    assert_eq!(
        (&audit["from"], &audit["to"]),
        (&json!("2023-01-01"), &json!("2024-12-31"))
    );
    assert_eq!(
        audit["decision"],
        json!({"id": "soc-2025-external-audit", "url": "/decisions/soc-2025-external-audit"})
    );
    assert_eq!(
        audit["note"],
        "Made, as is customary, at the change of Chairmanship."
    );
    // Both documents are for Member States: the public is not told of them.
    assert!(
        public["items"]
            .as_array()
            .expect("a list")
            .iter()
            .all(|r| r["document"].is_null()),
        "{public}"
    );
    for token in [KAZ, EDITOR] {
        let one = app
            .ok_as("/api/v1/financial-reports/external-audit-2023-2024", token)
            .await
            .json();
        assert_eq!(
            one["document"]["slug"], "external-audit-2023-2024",
            "{token}"
        );
        assert_eq!(
            one["document"]["url"],
            "/documents/external-audit-2023-2024"
        );
        assert!(one["document"]["title"].is_string());
    }
    let one = app
        .ok("/api/v1/financial-reports/financial-report-2024")
        .await
        .json();
    assert_eq!(one["kind"], "financial-report");
    assert!(one["document"].is_null(), "{one}");
    // Of a year and of a kind.
    assert_eq!(
        ids(&app.ok("/api/v1/financial-reports?year=2023").await.json()),
        ["external-audit-2023-2024"]
    );
    assert_eq!(
        ids(&app
            .ok("/api/v1/financial-reports?kind=financial-report")
            .await
            .json()),
        ["financial-report-2024"]
    );
    assert!(ids(&app.ok("/api/v1/financial-reports?year=2026").await.json()).is_empty());
    for (uri, status, names) in [
        (
            "/api/v1/financial-reports?kind=budget",
            StatusCode::BAD_REQUEST,
            "kind",
        ),
        (
            "/api/v1/financial-reports?year=soon",
            StatusCode::BAD_REQUEST,
            "year",
        ),
        (
            "/api/v1/financial-reports?colour=red",
            StatusCode::BAD_REQUEST,
            "colour",
        ),
        (
            "/api/v1/financial-reports/no-such",
            StatusCode::NOT_FOUND,
            "no-such",
        ),
        (
            "/api/v1/financial-reports/NOT%20A%20KEY",
            StatusCode::NOT_FOUND,
            "NOT A KEY",
        ),
    ] {
        let r = app.get(uri).await;
        assert_eq!(r.status, status, "{uri}: {}", r.body);
        assert!(
            r.json()["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains(names)),
            "{uri}: {}",
            r.body
        );
    }
}

mod fund {
    use super::*;
    use cica_domain::decision::{Decision, DecisionAct, Taken};

    /// The app with the built-in dataset and one more decision of the Project Review
    /// Committee, as its register would hold it.
    async fn app_with_decision(id: &str, act: DecisionAct, date: &str) -> TestApp {
        let slug = |s: &str| cica_domain::Slug::parse(s).expect("slug");
        let mut ds = cica_data::builtin().expect("built-in dataset");
        ds.decisions.push(Decision {
            id: slug(id),
            organ: slug("project-review-committee"),
            date: cica_domain::parse_day(date).expect("day"),
            number: 2,
            act,
            subject: "the project on drip irrigation in the Chüy valley".into(),
            document: None,
            taken: Taken::NotRecorded,
            statements: vec![],
            provenance: cica_domain::Provenance::default(),
        });
        let today = cica_domain::parse_day("2025-04-01").expect("day");
        let app = TestApp::with_dataset(&ds, cica_web::Clock::Day(today), None).await;
        app.account("editor@cica.test", Role::Editor, Binding::None, EDITOR)
            .await;
        app.account(
            "kaz@cica.test",
            Role::MemberDelegate,
            Binding::State(StateCode::parse("KAZ").expect("code")),
            KAZ,
        )
        .await;
        app
    }

    const PROJECT: &str = "/api/v1/fund/projects/kyrgyz-water-2025";

    fn submission() -> Value {
        json!({
            "title": "Drip irrigation for smallholders in the Chüy valley",
            "description": "Pilot irrigation for fifty farms.",
            "proposed_by": "KGZ",
            "participants": [
                {"role": "funding", "party": {"type": "named", "name": "CICA Fund", "org_type": "multilateral"}},
                {"role": "implementing", "party": {"type": "organization", "key": "iofs"}}
            ],
            "review": [{"stage": "submitted", "day": "2025-03-03"}],
            "recipient_countries": ["KG"],
            "budgets": [{"kind": "original", "status": "indicative", "start": "2025-06-01", "end": "2026-05-31",
                         "value": {"amount": "120000.00", "currency": "USD"}, "value_date": "2025-03-03"}]
        })
    }

    async fn advance(app: &TestApp, tag: &str, body: Value) -> Reply {
        send(
            app,
            "POST",
            &format!("{PROJECT}/review"),
            Some(EDITOR),
            Some(("if-match", tag)),
            &body,
        )
        .await
    }

    #[tokio::test]
    async fn a_submission_is_seen_by_member_states_and_approved_only_through_review_and_a_decision()
    {
        let app =
            app_with_decision("prc-2025-kyrgyz-water", DecisionAct::Approve, "2025-04-01").await;
        let r = send(
            &app,
            "PUT",
            PROJECT,
            Some(EDITOR),
            Some(("if-none-match", "*")),
            &submission(),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        no_numbers_for_money(&r.json());
        assert_eq!(r.json()["status"]["code"], "1");
        // In review: Member States and the Secretariat see it, the public does not.
        assert_eq!(app.get(PROJECT).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.get_as(PROJECT, KAZ).await.status, StatusCode::OK);
        let public = app.ok("/api/v1/fund/projects").await.json();
        let ids: Vec<&str> = public["items"]
            .as_array()
            .expect("a list")
            .iter()
            .filter_map(|p| p["id"].as_str())
            .collect();
        assert_eq!(ids, ["afghanistan-wheat-2025"]);

        // Review cannot be skipped, and an approval needs the committee's decision.
        let mut tag = etag(&r);
        let skipped = advance(
            &app,
            &tag,
            json!({"stage": "approved", "decided_by": "prc-2025-kyrgyz-water"}),
        )
        .await;
        assert_eq!(skipped.status, StatusCode::BAD_REQUEST, "{}", skipped.body);
        assert!(skipped.body.contains("cannot follow"), "{}", skipped.body);
        for stage in ["screening", "committee-review"] {
            let r = advance(&app, &tag, json!({"stage": stage})).await;
            assert_eq!(r.status, StatusCode::OK, "{stage}: {}", r.body);
            tag = etag(&r);
        }
        let undecided = advance(&app, &tag, json!({"stage": "approved"})).await;
        assert_eq!(
            undecided.status,
            StatusCode::BAD_REQUEST,
            "{}",
            undecided.body
        );
        assert!(undecided.body.contains("decided_by"), "{}", undecided.body);
        let wrong_organ = advance(
            &app,
            &tag,
            json!({"stage": "approved", "decided_by": "soc-2023-ict-coordinators"}),
        )
        .await;
        assert_eq!(
            wrong_organ.status,
            StatusCode::BAD_REQUEST,
            "{}",
            wrong_organ.body
        );
        assert!(
            wrong_organ.body.contains("project-review-committee"),
            "{}",
            wrong_organ.body
        );
        // Another project's decision does not approve this one.
        let borrowed = advance(
            &app,
            &tag,
            json!({"stage": "approved", "decided_by": "prc-2025-afghanistan-wheat"}),
        )
        .await;
        assert_eq!(
            borrowed.status,
            StatusCode::BAD_REQUEST,
            "{}",
            borrowed.body
        );
        assert!(
            borrowed
                .body
                .contains("each decision determines one project"),
            "{}",
            borrowed.body
        );
        let approved = advance(
            &app,
            &tag,
            json!({"stage": "approved", "decided_by": "prc-2025-kyrgyz-water"}),
        )
        .await;
        assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
        assert_eq!(approved.json()["review"][3]["day"], "2025-04-01");
        // Approved, it is public, and its history cannot be rewritten.
        let seen = app.ok(PROJECT).await.json();
        assert_eq!(seen["stage"], "approved");
        let mut rewritten = submission();
        rewritten["review"] = json!([{"stage": "submitted", "day": "2025-03-01"}]);
        let r = send(
            &app,
            "PUT",
            PROJECT,
            Some(EDITOR),
            Some(("if-match", etag(&approved).as_str())),
            &rewritten,
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
        assert!(r.body.contains("never rewritten"), "{}", r.body);
        // A delegate does not move a project.
        let r = send(
            &app,
            "POST",
            &format!("{PROJECT}/review"),
            Some(KAZ),
            Some(("if-match", etag(&approved).as_str())),
            &json!({"stage": "implementation"}),
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    }

    #[tokio::test]
    async fn nothing_is_recorded_before_it_happens_and_a_transaction_tells_no_private_amount() {
        let app = app().await;
        let mut future = submission();
        future["review"][0]["day"] = json!("2025-04-02");
        let r = send(
            &app,
            "PUT",
            PROJECT,
            Some(EDITOR),
            Some(("if-none-match", "*")),
            &future,
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
        assert!(r.body.contains("review[0].day"), "{}", r.body);

        let mut body = grant("100", "USD", "public");
        body["movements"][1]["day"] = json!("2025-05");
        let r = send(
            &app,
            "PUT",
            "/api/v1/contributions/to-come",
            Some(EDITOR),
            Some(("if-none-match", "*")),
            &body,
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
        assert!(r.body.contains("movements[1].day"), "{}", r.body);

        // Iraq's contribution keeps its amount to the Secretariat: an approved project's
        // transaction may not draw on it, for the project's transactions are public.
        let slug = |s: &str| cica_domain::Slug::parse(s).expect("slug");
        let (mut wheat, version) = app
            .state
            .store()
            .fund_project(&slug("afghanistan-wheat-2025"))
            .await
            .expect("reads")
            .expect("stored");
        let usd = cica_domain::money::Currency::USD;
        let day = |d: &str| cica_domain::parse_day(d).expect("day");
        wheat.transactions.push(cica_domain::fund::Transaction {
            kind: cica_domain::fund::TransactionType::IncomingFunds,
            day: day("2025-03-01"),
            value: cica_domain::money::Money::parse("10000", usd).expect("amount"),
            value_date: day("2025-03-01"),
            provider: None,
            receiver: None,
            description: None,
            contribution: Some(slug("iraq-fund-first")),
        });
        let actor = cica_domain::access::Actor::Cli {
            user: "test".into(),
        };
        let refused = app
            .state
            .uses()
            .save_fund_project(&actor, &wheat, cica_store::Expect::Version(version))
            .await;
        let text = format!("{refused:?}");
        assert!(
            text.contains("transactions[") && text.contains("].contribution"),
            "{text}"
        );

        // A contribution a transaction draws on keeps its amounts public.
        let open = send(
            &app,
            "PUT",
            "/api/v1/contributions/open-grant",
            Some(EDITOR),
            Some(("if-none-match", "*")),
            &grant("5000.00", "USD", "public"),
        )
        .await;
        assert_eq!(open.status, StatusCode::CREATED, "{}", open.body);
        if let Some(t) = wheat.transactions.last_mut() {
            t.contribution = Some(slug("open-grant"));
        }
        app.state
            .uses()
            .save_fund_project(&actor, &wheat, cica_store::Expect::Version(version))
            .await
            .expect("a transaction on a public contribution");
        let hidden = send(
            &app,
            "PUT",
            "/api/v1/contributions/open-grant",
            Some(EDITOR),
            Some(("if-match", etag(&open).as_str())),
            &grant("5000.00", "USD", "secretariat"),
        )
        .await;
        assert_eq!(hidden.status, StatusCode::BAD_REQUEST, "{}", hidden.body);
        assert!(hidden.body.contains("visibility"), "{}", hidden.body);

        // A note on a movement of a private contribution is the Secretariat's too.
        let mut noted = grant("1250.500", "KWD", "secretariat");
        noted["movements"][1]["note"] = json!("First of two instalments of KWD 1,250.500");
        let r = send(
            &app,
            "PUT",
            "/api/v1/contributions/noted",
            Some(EDITOR),
            Some(("if-none-match", "*")),
            &noted,
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let public = app.ok("/api/v1/contributions/noted").await;
        assert!(!public.body.contains("instalments"), "{}", public.body);
        let page = app.ok("/contributions/noted").await;
        assert!(!page.body.contains("instalments"));
        let mine = app.ok_as("/api/v1/contributions/noted", EDITOR).await;
        assert!(mine.body.contains("instalments"));
    }

    #[tokio::test]
    async fn the_first_project_is_public_with_its_review_results_and_contribution() {
        let app = app().await;
        let p = app
            .ok("/api/v1/fund/projects/afghanistan-wheat-2025")
            .await
            .json();
        assert_eq!(p["proposed_by"], "KAZ");
        assert_eq!(p["status"], json!({"code": "2", "name": "Implementation"}));
        assert_eq!(p["review"][3]["decided_by"], "prc-2025-afghanistan-wheat");
        assert_eq!(p["review"][0]["day"], Value::Null);
        assert_eq!(p["results"][0]["indicators"][2]["target"]["value"], "300");
        let page = app
            .ok("/fund/projects/afghanistan-wheat-2025")
            .await
            .unmarked();
        assert!(
            page.contains("PRC decision of 7 March 2025"),
            "the deciding act"
        );
        assert!(
            page.contains("Iraq&#39;s contribution to the CICA Fund")
                || page.contains("Iraq's contribution to the CICA Fund")
        );
        assert!(page.contains("300 farmers"));
        let list = app.ok("/fund/projects").await.unmarked();
        assert!(list.contains("Advancing Wheat Cultivation"));
        assert_eq!(
            app.get("/fund/projects/no-such").await.status,
            StatusCode::NOT_FOUND
        );
    }

    /// Runs the real schema validator on `xml`; `None` when it is not installed outside CI.
    fn xmllint(xml: &[u8]) -> Option<(bool, String)> {
        let schema = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../cica-iati/schema/iati-activities-schema.xsd"
        );
        let dir = tempfile::tempdir().expect("a folder");
        let file = dir.path().join("activities.xml");
        std::fs::write(&file, xml).expect("written");
        match std::process::Command::new("xmllint")
            .args(["--noout", "--nonet", "--schema", schema])
            .arg(&file)
            .output()
        {
            Ok(out) => Some((
                out.status.success(),
                String::from_utf8_lossy(&out.stderr).into_owned(),
            )),
            Err(e) => {
                assert!(
                    std::env::var("CI").as_deref() != Ok("true"),
                    "xmllint is needed in CI: {e}"
                );
                None
            }
        }
    }

    #[tokio::test]
    async fn the_iati_file_of_the_approved_projects_is_valid_iati_2_03() {
        let app = app().await;
        // A project still in review is not published.
        let r = send(
            &app,
            "PUT",
            PROJECT,
            Some(EDITOR),
            Some(("if-none-match", "*")),
            &submission(),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let xml = app.ok("/fund/iati.xml").await;
        assert!(xml.content_type.starts_with("application/xml"));
        assert!(
            xml.body
                .contains("<iati-identifier>XI-IATI-CICA-afghanistan-wheat-2025</iati-identifier>")
        );
        assert!(!xml.body.contains("kyrgyz-water-2025"));
        assert!(xml.body.contains(r#"<activity-status code="2"/>"#));
        let Some((valid, report)) = xmllint(&xml.bytes) else {
            eprintln!("skipped: xmllint is not installed");
            return;
        };
        assert!(valid, "xmllint refused the file: {report}");
    }
}
