//! Every register as CSV and as an Excel workbook, read back by third-party readers (the
//! `csv` crate and `calamine`): the same rows in both, what a reader may not see left out,
//! amounts as exact text.

use crate::common;

use std::io::Cursor;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use calamine::{Data, Reader, Xlsx};
use cica_domain::access::{Binding, Role};
use common::TestApp;

const EDITOR: &str = "exports-editor-token";
const KAZ: &str = "exports-kaz-delegate-token";
const JPN: &str = "exports-jpn-observer-token";

/// The registers the exports page offers.
fn registers(page: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = page;
    while let Some(at) = rest.find("href=\"/exports/") {
        rest = &rest[at + "href=\"/exports/".len()..];
        let end = rest.find('"').expect("a closing quote");
        if let Some(name) = rest[..end].strip_suffix(".csv") {
            out.push(name.to_owned());
        }
    }
    out
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .expect("a byte-order mark");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text)
        .records()
        .map(|r| r.expect("a CSV record").iter().map(str::to_owned).collect())
        .collect()
}

fn xlsx_rows(bytes: &[u8], sheet: &str) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("an XLSX workbook");
    let range = book.worksheet_range(sheet).expect("the register's sheet");
    range.rows().map(<[Data]>::to_vec).collect()
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        // Excel counts days from 30 December 1899.
        Data::DateTime(dt) => chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
            .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(dt.as_f64() as u64)))
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[tokio::test]
async fn every_register_reads_back_the_same_from_csv_and_from_the_workbook() {
    let app = TestApp::new().await;
    let page = app.ok("/exports").await;
    let names = registers(&page.body);
    assert!(names.len() >= 16, "{names:?}");
    for name in [
        "financial-reports",
        "documents",
        "cbm-terms",
        "cbm-reports",
        "silence-procedures",
    ] {
        assert!(names.iter().any(|n| n == name), "{name}: {names:?}");
    }
    for name in &names {
        let csv = app.ok(&format!("/exports/{name}.csv")).await;
        assert!(csv.content_type.starts_with("text/csv"), "{name}");
        let disposition = csv
            .headers
            .get("content-disposition")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(
            disposition.contains(&format!("cica-{name}-2025-04-01.csv")),
            "{disposition}"
        );
        let rows = csv_rows(&csv.bytes);
        // Member States file their CBM reports; the built-in record holds none.
        if name != "cbm-reports" {
            assert!(rows.len() > 1, "{name}: a header and records");
        }

        let xlsx = app.ok(&format!("/exports/{name}.xlsx")).await;
        assert!(xlsx.content_type.contains("spreadsheetml"), "{name}");
        let sheet = xlsx_rows(&xlsx.bytes, name);
        assert_eq!(sheet.len(), rows.len(), "{name}: the same rows");
        for (r, (from_csv, from_xlsx)) in rows.iter().zip(&sheet).enumerate() {
            let from_xlsx: Vec<String> = from_xlsx.iter().map(cell_text).collect();
            let from_csv: Vec<String> = from_csv
                .iter()
                .map(|c| c.strip_prefix('\'').unwrap_or(c).to_owned())
                .collect();
            assert_eq!(
                from_csv[..from_xlsx.len()],
                from_xlsx[..],
                "{name}, row {r}"
            );
        }
    }
}

#[tokio::test]
async fn the_tables_hold_what_the_reader_may_read_and_amounts_as_exact_text() {
    let app = TestApp::new().await;
    app.account("editor@cica.test", Role::Editor, Binding::None, EDITOR)
        .await;
    // A public amount and a project still in review.
    let put = |uri: &str, body: serde_json::Value| {
        Request::put(uri)
            .header("content-type", "application/json")
            .header("if-none-match", "*")
            .header("authorization", format!("Bearer {EDITOR}"))
            .body(Body::from(body.to_string()))
            .expect("request")
    };
    let r = app
        .request(put(
            "/api/v1/contributions/open-grant",
            serde_json::json!({
                "contributor": {"type": "state", "key": "KAZ"},
                "recipient": "cica-fund", "kind": "voluntary", "title": "An open grant",
                "visibility": "public",
                "movements": [{"stage": "received", "day": "2025-03-02", "amount": {"amount": "1000000.05", "currency": "USD"}}]
            }),
        ))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = app
        .request(put(
            "/api/v1/fund/projects/in-review",
            serde_json::json!({"title": "A project in review", "proposed_by": "KAZ",
                "review": [{"stage": "submitted", "day": "2025-03-03"}]}),
        ))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    let public = xlsx_rows(
        &app.ok("/exports/contributions.xlsx").await.bytes,
        "contributions",
    );
    let header: Vec<String> = public[0].iter().map(cell_text).collect();
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let row = |rows: &[Vec<Data>], id: &str| {
        rows.iter()
            .find(|r| cell_text(&r[0]) == id)
            .cloned()
            .expect(id)
    };
    let open = row(&public, "open-grant");
    assert_eq!(
        open[col("received")],
        Data::String("1000000.05".into()),
        "text, not a number"
    );
    assert_eq!(open[col("received_currency")], Data::String("USD".into()));
    let kuwait = row(&public, "kuwait-2025-voluntary");
    assert_eq!(kuwait[col("received")], Data::String("undisclosed".into()));
    let mine = app.get_as("/exports/contributions.xlsx", EDITOR).await;
    let mine = xlsx_rows(&mine.bytes, "contributions");
    assert_eq!(
        row(&mine, "kuwait-2025-voluntary")[col("received")],
        Data::String("not recorded".into())
    );

    let projects = csv_rows(&app.ok("/exports/fund-projects.csv").await.bytes);
    assert!(projects.iter().all(|r| r[0] != "in-review"));
    let projects = app.get_as("/exports/fund-projects.csv", EDITOR).await;
    assert!(
        csv_rows(&projects.bytes)
            .iter()
            .any(|r| r[0] == "in-review")
    );
    assert_eq!(
        projects
            .headers
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("private, no-store")
    );

    // A text a spreadsheet would take for a formula is written inert in CSV, and as plain text
    // in the workbook.
    let r = app
        .request(put(
            "/api/v1/contributions/formula",
            serde_json::json!({
                "contributor": {"type": "named", "name": "=HYPERLINK(\"http://x\")", "kind": "company"},
                "recipient": "cica-fund", "kind": "voluntary", "title": "A grant",
                "visibility": "public", "movements": [{"stage": "pledged", "day": "2025-03-02"}]
            }),
        ))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let rows = csv_rows(&app.ok("/exports/contributions.csv").await.bytes);
    let formula = rows.iter().find(|r| r[0] == "formula").expect("the row");
    assert_eq!(formula[1], "'=HYPERLINK(\"http://x\")");
    let sheet = xlsx_rows(
        &app.ok("/exports/contributions.xlsx").await.bytes,
        "contributions",
    );
    assert_eq!(
        row(&sheet, "formula")[1],
        Data::String("=HYPERLINK(\"http://x\")".into())
    );

    for bad in ["/exports/nothing.csv", "/exports/news.pdf", "/exports/news"] {
        let r = app.get(bad).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{bad}");
        assert!(r.json()["error"]["message"].is_string(), "{bad}");
    }
}

/// The app with an editor, a Member State's delegate and an observer delegate.
async fn with_readers() -> TestApp {
    let app = TestApp::new().await;
    let state = |c: &str| Binding::State(cica_domain::StateCode::parse(c).expect("code"));
    app.account("editor@cica.test", Role::Editor, Binding::None, EDITOR)
        .await;
    app.account("kaz@cica.test", Role::MemberDelegate, state("KAZ"), KAZ)
        .await;
    app.account("jpn@cica.test", Role::ObserverDelegate, state("JPN"), JPN)
        .await;
    app
}

/// The first cells (keys) of a table's records, read from CSV and from the workbook, which
/// must agree.
async fn keys(app: &TestApp, register: &str, token: Option<&str>) -> Vec<String> {
    let get = |ext: &'static str| {
        let uri = format!("/exports/{register}.{ext}");
        async move {
            let r = match token {
                Some(t) => app.get_as(&uri, t).await,
                None => app.get(&uri).await,
            };
            assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.body);
            r
        }
    };
    let from_csv: Vec<String> = csv_rows(&get("csv").await.bytes)
        .into_iter()
        .skip(1)
        .map(|r| r[0].clone())
        .collect();
    let from_xlsx: Vec<String> = xlsx_rows(&get("xlsx").await.bytes, register)
        .iter()
        .skip(1)
        .map(|r| cell_text(&r[0]))
        .collect();
    assert_eq!(from_csv, from_xlsx, "{register}, {token:?}");
    from_csv
}

#[tokio::test]
async fn the_public_export_of_documents_leaves_out_a_members_only_document_that_member_states_and_the_secretariat_get()
 {
    let app = with_readers().await;
    // The API's list is the truth the export is held to, reader by reader.
    for token in [None, Some(JPN), Some(KAZ), Some(EDITOR)] {
        let listed: Vec<String> = match token {
            Some(t) => app.ok_as("/api/v1/documents", t).await.json(),
            None => app.ok("/api/v1/documents").await.json(),
        }["items"]
            .as_array()
            .expect("a list")
            .iter()
            .filter_map(|d| d["slug"].as_str().map(str::to_owned))
            .collect();
        assert_eq!(keys(&app, "documents", token).await, listed, "{token:?}");
    }
    let public = keys(&app, "documents", None).await;
    assert!(
        public.contains(&"ttf-annual-action-plan-2025".to_owned()),
        "{public:?}"
    );
    assert!(
        !public.contains(&"draft-cica-charter".to_owned()),
        "a members-only document: {public:?}"
    );
    let observer = keys(&app, "documents", Some(JPN)).await;
    assert!(
        !observer.contains(&"draft-cica-charter".to_owned()),
        "{observer:?}"
    );
    for token in [KAZ, EDITOR] {
        let theirs = keys(&app, "documents", Some(token)).await;
        assert!(
            theirs.contains(&"draft-cica-charter".to_owned()),
            "{token}: {theirs:?}"
        );
    }
    // A row says what its document is, with its latest version.
    let rows = csv_rows(&app.get_as("/exports/documents.csv", KAZ).await.bytes);
    let col = |name: &str| rows[0].iter().position(|h| h == name).expect(name);
    let charter = rows
        .iter()
        .find(|r| r[0] == "draft-cica-charter")
        .expect("the charter");
    assert_eq!(charter[col("visibility")], "members");
    assert!(!charter[col("latest_version")].is_empty(), "{charter:?}");
    assert!(
        !charter[col("latest_proposed_by")].is_empty(),
        "{charter:?}"
    );
}

#[tokio::test]
async fn the_financial_reports_export_names_a_document_only_to_those_who_may_read_it() {
    let app = with_readers().await;
    let document_of = |rows: &[Vec<String>], id: &str| {
        let col = rows[0]
            .iter()
            .position(|h| h == "document")
            .expect("document");
        rows.iter()
            .find(|r| r[0] == id)
            .map(|r| r[col].clone())
            .expect(id)
    };
    let public = csv_rows(&app.ok("/exports/financial-reports.csv").await.bytes);
    assert_eq!(
        keys(&app, "financial-reports", None).await,
        ["external-audit-2023-2024", "financial-report-2024"]
    );
    assert_eq!(document_of(&public, "external-audit-2023-2024"), "");
    assert_eq!(document_of(&public, "financial-report-2024"), "");
    let member = csv_rows(
        &app.get_as("/exports/financial-reports.csv", KAZ)
            .await
            .bytes,
    );
    assert_eq!(
        document_of(&member, "external-audit-2023-2024"),
        "external-audit-2023-2024"
    );
    assert_eq!(
        document_of(&member, "financial-report-2024"),
        "sg-financial-report-2024"
    );
    // The period as days in the workbook, the decision that received it as its id.
    let sheet = xlsx_rows(
        &app.get_as("/exports/financial-reports.xlsx", KAZ)
            .await
            .bytes,
        "financial-reports",
    );
    let header: Vec<String> = sheet[0].iter().map(cell_text).collect();
    let audit = sheet
        .iter()
        .find(|r| cell_text(&r[0]) == "external-audit-2023-2024")
        .expect("the audit");
    let at = |name: &str| header.iter().position(|h| h == name).expect(name);
    assert!(matches!(audit[at("from")], Data::DateTime(_)), "{audit:?}");
    assert_eq!(cell_text(&audit[at("from")]), "2023-01-01");
    assert_eq!(cell_text(&audit[at("decision")]), "soc-2025-external-audit");
}

#[tokio::test]
async fn the_cbm_reports_export_holds_a_members_only_report_for_member_states_alone() {
    let app = with_readers().await;
    for (year, visibility) in [(2023, "public"), (2024, "members")] {
        let r = app
            .request(
                axum::http::Request::put(format!("/api/v1/cbm/reports/{year}/KAZ"))
                    .header("content-type", "application/json")
                    .header("authorization", format!("Bearer {KAZ}"))
                    .header("if-none-match", "*")
                    .body(axum::body::Body::from(
                        serde_json::json!({
                            "visibility": visibility,
                            "areas": ["ict-security"],
                            "text": "Hosted a workshop on ICT security awareness."
                        })
                        .to_string(),
                    ))
                    .expect("request"),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    let years = |rows: Vec<Vec<String>>| -> Vec<String> {
        rows.into_iter().skip(1).map(|r| r[1].clone()).collect()
    };
    let public = app.ok("/exports/cbm-reports.csv").await;
    assert_eq!(years(csv_rows(&public.bytes)), ["2023"]);
    let observer = app.get_as("/exports/cbm-reports.csv", JPN).await;
    assert_eq!(years(csv_rows(&observer.bytes)), ["2023"]);
    for token in [KAZ, EDITOR] {
        let all = app.get_as("/exports/cbm-reports.csv", token).await;
        let mut found = years(csv_rows(&all.bytes));
        found.sort();
        assert_eq!(found, ["2023", "2024"], "{token}");
    }
    assert_eq!(
        keys(&app, "cbm-reports", Some(EDITOR)).await,
        ["KAZ", "KAZ"],
        "the workbook agrees"
    );
    // Every coordinator's term is a row, the current ones marked.
    let terms = csv_rows(&app.ok("/exports/cbm-terms.csv").await.bytes);
    assert_eq!(terms[0][..3], ["area", "state", "role"]);
    assert!(
        terms
            .iter()
            .any(|r| r[0] == "ict-security" && r[1] == "RUS" && r[5] == "yes"),
        "{terms:?}"
    );
}
