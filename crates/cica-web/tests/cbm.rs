//! The Catalogue of CBMs through the real router over the built-in dataset: the areas with
//! their coordinators over time and their activities as JSON, the dashboard with its state ×
//! area matrix, and each area's page. "Today" is 1 April 2025.

mod common;

use axum::http::StatusCode;
use common::TestApp;

#[tokio::test]
async fn the_api_gives_each_area_its_dimension_coordinators_and_activities() {
    let app = TestApp::new().await;
    let areas = app.ok("/api/v1/cbm/areas").await.json();
    let items = areas["items"].as_array().expect("a list");
    assert_eq!(items.len(), 18, "the areas of the five dimensions");
    let ict = items
        .iter()
        .find(|a| a["slug"] == "ict-security")
        .expect("ICT security");
    assert_eq!(ict["dimension"], "new-challenges-and-threats");
    let holders: Vec<(&str, &str, bool)> = ict["coordinators"]
        .as_array()
        .expect("terms")
        .iter()
        .map(|t| {
            (
                t["state"].as_str().unwrap_or(""),
                t["role"].as_str().unwrap_or(""),
                t["current"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    assert_eq!(
        holders,
        [
            ("RUS", "coordinator", false),
            ("CHN", "co-coordinator", false),
            ("RUS", "coordinator", true),
            ("CHN", "co-coordinator", true)
        ]
    );
    let act = &ict["activities"][0];
    assert_eq!(act["slug"], "ict-security-awareness-workshop-2025");
    assert_eq!(act["organisers"], serde_json::json!(["RUS", "KAZ", "IRN"]));
    assert_eq!(act["states_count"], 16);
    assert_eq!(ict["quiet"], false);
    let drugs = items
        .iter()
        .find(|a| a["slug"] == "illicit-drugs")
        .expect("illicit drugs");
    assert_eq!(drugs["coordinators"], serde_json::json!([]));
    assert_eq!(drugs["quiet"], true, "no activity in twelve months");
    assert_eq!(drugs["plans"][0]["first_year"], 2016);
}

#[tokio::test]
async fn areas_filter_by_dimension_state_and_day() {
    let app = TestApp::new().await;
    let slugs = |v: serde_json::Value| -> Vec<String> {
        v["items"]
            .as_array()
            .expect("a list")
            .iter()
            .filter_map(|a| a["slug"].as_str().map(str::to_owned))
            .collect()
    };
    let env = slugs(
        app.ok("/api/v1/cbm/areas?dimension=environmental")
            .await
            .json(),
    );
    assert_eq!(
        env,
        [
            "sustainable-development",
            "environment-protection",
            "natural-disaster-management"
        ],
        "in the Catalogue's order"
    );
    // Türkiye coordinates NCT general (and organised its training), co-coordinates SMEs and
    // the military-political dimension.
    let tur = slugs(app.ok("/api/v1/cbm/areas?state=TUR").await.json());
    assert_eq!(
        tur,
        [
            "military-political",
            "nct-general",
            "small-and-medium-enterprises"
        ]
    );
    // Kazakhstan took part in the ICT workshop as an organiser, with no role in the area.
    let kaz = slugs(app.ok("/api/v1/cbm/areas?state=KAZ").await.json());
    assert!(kaz.contains(&"ict-security".to_owned()), "{kaz:?}");
    // Before China's terms began, China holds no role in the human dimension.
    let early = slugs(
        app.ok("/api/v1/cbm/areas?state=CHN&as_of=2021-01-01")
            .await
            .json(),
    );
    assert!(!early.contains(&"human".to_owned()), "{early:?}");
    for (uri, parameter) in [
        ("/api/v1/cbm/areas?dimension=cultural", "dimension"),
        ("/api/v1/cbm/areas?state=XX", "state"),
        ("/api/v1/cbm/areas?as_of=yesterday", "as_of"),
        ("/api/v1/cbm/areas?colour=red", "colour"),
        ("/api/v1/cbm/activities?year=soon", "year"),
    ] {
        let r = app.get(uri).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(r.body.contains(parameter), "{uri}: {}", r.body);
    }
}

#[tokio::test]
async fn activities_list_by_area_state_and_year() {
    let app = TestApp::new().await;
    let count = |v: serde_json::Value| v["items"].as_array().map_or(0, Vec::len);
    assert_eq!(count(app.ok("/api/v1/cbm/activities").await.json()), 2);
    assert_eq!(
        count(
            app.ok("/api/v1/cbm/activities?area=nct-general")
                .await
                .json()
        ),
        1
    );
    assert_eq!(
        count(app.ok("/api/v1/cbm/activities?state=IRN").await.json()),
        1
    );
    assert_eq!(
        count(app.ok("/api/v1/cbm/activities?state=MNG").await.json()),
        0
    );
    assert_eq!(
        count(app.ok("/api/v1/cbm/activities?year=2024").await.json()),
        0
    );
    let osint = app
        .ok("/api/v1/cbm/activities?area=nct-general")
        .await
        .json();
    let a = &osint["items"][0];
    assert_eq!(a["kind"], "training");
    assert_eq!(
        (a["start"].as_str(), a["end"].as_str()),
        (Some("2025-02-24"), Some("2025-02-28"))
    );
    assert_eq!(a["organizations"], serde_json::json!(["tadoc"]));
    assert_eq!(a["states_count"], 15);
}

#[tokio::test]
async fn an_unknown_area_is_a_404_in_the_api_and_as_a_page() {
    let app = TestApp::new().await;
    for uri in [
        "/api/v1/cbm/areas/no-such-area",
        "/cbm/areas/no-such-area",
        "/cbm/areas/NOT%20A%20SLUG",
    ] {
        let r = app.get(uri).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
    }
    let r = app.get("/api/v1/cbm/areas/ict-security").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["name"], "Security of and in the use of ICTs");
}

/// The matrices of the page: the whole, then its parts for a phone.
fn matrices(html: &str) -> Vec<&str> {
    html.split("<div class=\"matrix-wrap ")
        .skip(1)
        .map(|m| &m[..m.find("</table>").expect("closed")])
        .collect()
}

/// The matrix's cell for a state (by its name in the row) and an area (by its column).
fn cell<'a>(html: &'a str, state: &str, area: &str) -> &'a str {
    let title = format!("title=\"{state}, {area}:");
    let at = html
        .find(&title)
        .unwrap_or_else(|| panic!("no cell for {state} in {area}"));
    let start = html[..at].rfind("<td").expect("in a cell");
    let end = at + html[at..].find("</td>").expect("closed");
    &html[start..end]
}

#[tokio::test]
async fn the_dashboard_shows_every_area_and_a_matrix_of_the_28_member_states() {
    let app = TestApp::new().await;
    let page = app.ok("/cbm").await;
    let html = &page.body;
    for heading in [
        "Military-political",
        "New challenges and threats",
        "Economic",
        "Environmental",
        "Human",
    ] {
        assert!(html.contains(&format!("<h2>{heading}</h2>")), "{heading}");
    }
    let parts = matrices(html);
    assert_eq!(
        parts.len(),
        4,
        "the whole matrix and three parts for a phone"
    );
    assert!(parts[0].starts_with("wide"));
    for m in &parts {
        assert_eq!(
            m.matches("<th scope=\"row\">").count(),
            28,
            "one row per Member State"
        );
    }
    assert_eq!(
        parts[0].matches("<th scope=\"col\" class=\"area").count(),
        18
    );
    let by_part: Vec<usize> = parts[1..]
        .iter()
        .map(|m| m.matches("<th scope=\"col\" class=\"area").count())
        .collect();
    // Military-political with new challenges and threats; economic; environmental with human.
    assert_eq!(
        by_part,
        [6, 8, 4],
        "whole dimensions, at most eight areas a part"
    );
    assert!(cell(html, "Russia", "ICT security").contains("class=\"coordinator"));
    assert!(cell(html, "China", "ICT security").contains("class=\"co-coordinator"));
    let kaz = cell(html, "Kazakhstan", "ICT security");
    assert!(
        kaz.contains("class=\"active") && kaz.contains("organised 1 activity"),
        "{kaz}"
    );
    // A state with no role and no activity has an empty cell, which says nothing.
    assert!(!html.contains("title=\"Mongolia, ICT security"));
    assert!(cell(html, "Mongolia", "Environment protection").contains("class=\"coordinator"));
    // The quiet areas are named; the two with activities this quarter are not among them.
    let quiet = &html[html.find("Quiet areas").expect("listed")..];
    let quiet = &quiet[..quiet.find("</section>").expect("closed")];
    assert!(
        quiet.contains("Illicit drugs") && !quiet.contains("ICT security"),
        "{quiet}"
    );
    assert!(!quiet.contains("NCT general"));
}

#[tokio::test]
async fn the_dashboard_filters_by_dimension_and_state() {
    let app = TestApp::new().await;
    let env = app.ok("/cbm?dimension=environmental").await;
    assert_eq!(
        matrices(&env.body)[0]
            .matches("<th scope=\"col\" class=\"area")
            .count(),
        3
    );
    assert!(!env.body.contains("<h2>Economic</h2>"));
    let tur = app.ok("/cbm?state=TUR").await;
    assert_eq!(
        matrices(&tur.body)[0].matches("<th scope=\"row\">").count(),
        1
    );
    let all = app.ok("/cbm?state=&dimension=").await;
    assert_eq!(
        matrices(&all.body)[0].matches("<th scope=\"row\">").count(),
        28
    );
    let bad = app.get("/cbm?dimension=cultural").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("cultural"));
}

#[tokio::test]
async fn an_area_page_lists_its_states_over_time_and_what_was_done() {
    let app = TestApp::new().await;
    let page = app.ok("/cbm/areas/ict-security").await;
    let text = page.unmarked();
    assert!(text.contains("<h1>Security of and in the use of ICTs</h1>"));
    assert!(text.contains("Online workshop on raising awareness of ICT security"));
    assert!(text.contains("16 Member States"));
    assert!(text.contains("href=\"/news/russia-online-workshop-ict-security\""));
    assert!(
        text.contains("href=\"/decisions/soc-2023-ict-coordinators\""),
        "the deciding act"
    );
    let human = app.ok("/cbm/areas/human").await.body;
    assert!(human.contains("Joint archaeological expeditions"));
    assert!(human.contains("href=\"/decisions/soc-2021-cbm-coordinators\""));
}
