//! The Catalogue of CBMs through the real router over the built-in dataset: the areas with
//! their coordinators over time and their activities as JSON, the dashboard with its state ×
//! area matrix, and each area's page. "Today" is 1 April 2025.

use crate::common;

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
        ("/api/v1/cbm/activities?state=XYZ", "no state has the code"),
        ("/api/v1/cbm/activities?area=typo", "no CBM priority area"),
        ("/api/v1/cbm/areas?state=XYZ", "no state has the code"),
        (
            "/api/v1/cbm/areas/ict-security?dimension=economic",
            "dimension",
        ),
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
    assert_eq!(
        count(app.ok("/api/v1/cbm/activities?year=2025").await.json()),
        2
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
    let title = format!("<span class=\"visually-hidden\">{state}, {area}:");
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
    assert!(!html.contains(">Mongolia, ICT security"));
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

mod reports {
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use cica_domain::StateCode;
    use cica_domain::access::{Binding, Role};
    use serde_json::{Value, json};

    use super::common::{Reply, TestApp};

    const EDITOR: &str = "cbm-editor-token";
    const KAZ: &str = "cbm-kaz-delegate-token";
    const AZE: &str = "cbm-aze-delegate-token";
    const OBSERVER: &str = "cbm-jpn-observer-token";

    async fn app() -> TestApp {
        let app = TestApp::new().await;
        app.account("editor@cica.test", Role::Editor, Binding::None, EDITOR)
            .await;
        let code = |c: &str| StateCode::parse(c).expect("code");
        app.account(
            "kaz@cica.test",
            Role::MemberDelegate,
            Binding::State(code("KAZ")),
            KAZ,
        )
        .await;
        app.account(
            "aze@cica.test",
            Role::MemberDelegate,
            Binding::State(code("AZE")),
            AZE,
        )
        .await;
        app.account(
            "jpn@cica.test",
            Role::ObserverDelegate,
            Binding::State(code("JPN")),
            OBSERVER,
        )
        .await;
        app
    }

    async fn put(
        app: &TestApp,
        uri: &str,
        token: Option<&str>,
        condition: (&str, &str),
        body: &Value,
    ) -> Reply {
        let mut r = Request::put(uri)
            .header("content-type", "application/json")
            .header(condition.0, condition.1);
        if let Some(t) = token {
            r = r.header("authorization", format!("Bearer {t}"));
        }
        app.request(r.body(Body::from(body.to_string())).expect("request"))
            .await
    }

    fn report(visibility: &str) -> Value {
        json!({
            "visibility": visibility,
            "areas": ["ict-security", "human"],
            "text": "Hosted the online workshop on ICT security awareness with Russia and Iran."
        })
    }

    fn states(v: &Value) -> Vec<String> {
        v["items"]
            .as_array()
            .expect("a list")
            .iter()
            .filter_map(|r| r["state"].as_str().map(str::to_owned))
            .collect()
    }

    #[tokio::test]
    async fn a_delegate_files_its_own_states_report_and_no_other() {
        let app = app().await;
        let kaz = "/api/v1/cbm/reports/2024/KAZ";
        let r = put(
            &app,
            kaz,
            Some(KAZ),
            ("if-none-match", "*"),
            &report("public"),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        assert_eq!(r.json()["filed"], "2025-04-01");
        assert_eq!(r.json()["areas"], json!(["ict-security", "human"]));
        // Azerbaijan's delegate may not file for Kazakhstan, nor may an observer or the public.
        for (token, status) in [
            (Some(AZE), StatusCode::FORBIDDEN),
            (Some(OBSERVER), StatusCode::FORBIDDEN),
            (None, StatusCode::UNAUTHORIZED),
        ] {
            let r = put(
                &app,
                "/api/v1/cbm/reports/2024/KAZ",
                token,
                ("if-none-match", "*"),
                &report("public"),
            )
            .await;
            assert_eq!(r.status, status, "{token:?}: {}", r.body);
        }
        // Nor may an observer file for its own state: only Member States report.
        let jpn = put(
            &app,
            "/api/v1/cbm/reports/2024/JPN",
            Some(OBSERVER),
            ("if-none-match", "*"),
            &report("public"),
        )
        .await;
        assert_eq!(jpn.status, StatusCode::FORBIDDEN, "{}", jpn.body);
        // The Secretariat records a report a state sent it; not for a state that is no Member.
        let r = put(
            &app,
            "/api/v1/cbm/reports/2024/AZE",
            Some(EDITOR),
            ("if-none-match", "*"),
            &report("members"),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let r = put(
            &app,
            "/api/v1/cbm/reports/2024/JPN",
            Some(EDITOR),
            ("if-none-match", "*"),
            &report("public"),
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
        assert!(r.body.contains("not a Member State"), "{}", r.body);
    }

    #[tokio::test]
    async fn a_report_kept_to_members_is_read_by_members_and_the_secretariat_only() {
        let app = app().await;
        for (uri, token, visibility) in [
            ("/api/v1/cbm/reports/2024/KAZ", KAZ, "members"),
            ("/api/v1/cbm/reports/2024/AZE", AZE, "public"),
        ] {
            let r = put(
                &app,
                uri,
                Some(token),
                ("if-none-match", "*"),
                &report(visibility),
            )
            .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        }
        let public = app.ok("/api/v1/cbm/reports?year=2024").await.json();
        assert_eq!(states(&public), ["AZE"]);
        let observer = app.ok_as("/api/v1/cbm/reports", OBSERVER).await.json();
        assert_eq!(states(&observer), ["AZE"]);
        for token in [AZE, EDITOR] {
            let all = app
                .ok_as("/api/v1/cbm/reports?year=2024", token)
                .await
                .json();
            assert_eq!(states(&all), ["AZE", "KAZ"], "{token}");
        }
        // The dashboard names the states yet to report to those who may read every report.
        let r = put(
            &app,
            "/api/v1/cbm/rounds/2024",
            Some(EDITOR),
            ("if-none-match", "*"),
            &json!({"due": "2025-03-31"}),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let members = app.all("/api/v1/states?status=member", 100).await.len();
        let editor = app.ok_as("/cbm", EDITOR).await.body;
        assert!(
            editor.contains(&format!("No report yet from {} Member States", members - 2)),
            "the editor sees who is missing"
        );
        assert!(editor.contains("Reports on 2024 are due by"));
        let anyone = app.ok("/cbm").await.body;
        assert!(
            !anyone.contains("No report yet from"),
            "the public is not told"
        );
        assert!(
            anyone.contains("Filed: <a href=\"/states/AZE\">Azerbaijan</a>"),
            "the public sees the public report"
        );
        let observer = app.ok_as("/cbm", OBSERVER).await.body;
        assert!(
            !observer.contains("No report yet from"),
            "nor is an observer"
        );
        assert!(
            !anyone
                .contains("href=\"/states/KAZ\">Kazakhstan</a> <span class=\"badge muted\">late")
        );
        // Both were filed on 1 April 2025, after the due day.
        let all = app.ok_as("/api/v1/cbm/reports", EDITOR).await.json();
        assert!(
            all["items"]
                .as_array()
                .expect("a list")
                .iter()
                .all(|r| r["late"] == true)
        );
    }

    #[tokio::test]
    async fn a_report_is_corrected_over_the_version_read_and_bad_reports_are_refused() {
        let app = app().await;
        let uri = "/api/v1/cbm/reports/2024/KAZ";
        let r = put(
            &app,
            uri,
            Some(KAZ),
            ("if-none-match", "*"),
            &report("public"),
        )
        .await;
        let tag = r.headers["etag"].to_str().expect("a tag").to_owned();
        // Filing again as new is refused; so is a correction over another version.
        let again = put(
            &app,
            uri,
            Some(KAZ),
            ("if-none-match", "*"),
            &report("public"),
        )
        .await;
        assert_eq!(
            again.status,
            StatusCode::PRECONDITION_FAILED,
            "{}",
            again.body
        );
        let stale = put(
            &app,
            uri,
            Some(KAZ),
            ("if-match", "\"v1\""),
            &report("public"),
        )
        .await;
        assert_eq!(
            stale.status,
            StatusCode::PRECONDITION_FAILED,
            "{}",
            stale.body
        );
        let fixed = put(&app, uri, Some(KAZ), ("if-match", &tag), &report("members")).await;
        assert_eq!(fixed.status, StatusCode::OK, "{}", fixed.body);
        assert_eq!(fixed.json()["visibility"], "members");
        for (body, status, names) in [
            (
                json!({"visibility": "public", "text": "x", "state": "AZE"}),
                StatusCode::BAD_REQUEST,
                "not the state the address names",
            ),
            (
                json!({"visibility": "public", "text": "x", "year": 2022}),
                StatusCode::BAD_REQUEST,
                "not the year the address names",
            ),
            (
                json!({"visibility": "secretariat", "text": "x"}),
                StatusCode::BAD_REQUEST,
                "visibility",
            ),
            (
                json!({"visibility": "public", "text": "  "}),
                StatusCode::BAD_REQUEST,
                "text",
            ),
            (
                json!({"visibility": "public", "text": "x", "areas": ["nowhere"]}),
                StatusCode::UNPROCESSABLE_ENTITY,
                "nowhere",
            ),
            (
                json!({"visibility": "public", "text": "x", "areas": ["human", "human"]}),
                StatusCode::BAD_REQUEST,
                "listed twice",
            ),
            (
                json!({"visibility": "public", "text": "x", "colour": "red"}),
                StatusCode::BAD_REQUEST,
                "colour",
            ),
            (
                json!({"visibility": "public", "text": "a\u{0007}b"}),
                StatusCode::BAD_REQUEST,
                "control character",
            ),
        ] {
            let r = put(
                &app,
                "/api/v1/cbm/reports/2023/KAZ",
                Some(KAZ),
                ("if-none-match", "*"),
                &body,
            )
            .await;
            assert_eq!(r.status, status, "{body}: {}", r.body);
            assert!(r.body.contains(names), "{body}: {}", r.body);
        }
        // Kuwait joined in 2022: it does not report on 2010.
        let before = put(
            &app,
            "/api/v1/cbm/reports/2010/KWT",
            Some(EDITOR),
            ("if-none-match", "*"),
            &report("public"),
        )
        .await;
        assert_eq!(before.status, StatusCode::BAD_REQUEST, "{}", before.body);
        assert!(
            before
                .body
                .contains("was not a Member State at the end of 2010"),
            "{}",
            before.body
        );
        // A year to come, and addresses that name no year or no state.
        let future = put(
            &app,
            "/api/v1/cbm/reports/2026/KAZ",
            Some(KAZ),
            ("if-none-match", "*"),
            &report("public"),
        )
        .await;
        assert_eq!(future.status, StatusCode::BAD_REQUEST, "{}", future.body);
        assert!(future.body.contains("year"));
        for uri in [
            "/api/v1/cbm/reports/soon/KAZ",
            "/api/v1/cbm/reports/2024/XYZ",
        ] {
            let r = put(
                &app,
                uri,
                Some(KAZ),
                ("if-none-match", "*"),
                &report("public"),
            )
            .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
        }
        let trail = app
            .state
            .store()
            .audit(Some("cbm_report/KAZ/2024"))
            .await
            .expect("the trail reads");
        let actions: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["cbm_report.create", "cbm_report.save"]);
        assert_eq!(trail[1].actor, "account:kaz@cica.test");
    }

    /// The strong tag (a record's version) an answer carries, if any; the public's weak tag is
    /// none.
    fn version_tag(r: &Reply) -> Option<String> {
        r.headers
            .get("etag")
            .and_then(|v| v.to_str().ok())
            .filter(|t| !t.starts_with("W/"))
            .map(str::to_owned)
    }

    #[tokio::test]
    async fn a_members_only_report_is_read_alone_by_member_states_and_the_secretariat_and_is_absent_for_others()
     {
        let app = app().await;
        for (uri, token, visibility) in [
            ("/api/v1/cbm/reports/2024/KAZ", KAZ, "members"),
            ("/api/v1/cbm/reports/2024/AZE", AZE, "public"),
        ] {
            let r = put(
                &app,
                uri,
                Some(token),
                ("if-none-match", "*"),
                &report(visibility),
            )
            .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        }
        let kaz = "/api/v1/cbm/reports/2024/KAZ";
        // The public and an observer are answered as for a report never filed.
        let never = app.get("/api/v1/cbm/reports/2023/KAZ").await;
        assert_eq!(never.status, StatusCode::NOT_FOUND, "{}", never.body);
        let public = app.get(kaz).await;
        assert_eq!(public.status, StatusCode::NOT_FOUND, "{}", public.body);
        assert_eq!(
            public.json()["error"]["message"]
                .as_str()
                .map(|m| m.replace("2024", "YEAR")),
            never.json()["error"]["message"]
                .as_str()
                .map(|m| m.replace("2023", "YEAR")),
            "nothing tells a hidden report from none"
        );
        let observer = app.get_as(kaz, OBSERVER).await;
        assert_eq!(observer.status, StatusCode::NOT_FOUND, "{}", observer.body);
        // Member States' delegates and the Secretariat read it, as in the list.
        for token in [KAZ, AZE, EDITOR] {
            let r = app.ok_as(kaz, token).await;
            assert_eq!(r.json()["state"], "KAZ", "{token}");
            assert_eq!(r.json()["visibility"], "members", "{token}");
        }
        // A public report is everyone's.
        let aze = app.ok("/api/v1/cbm/reports/2024/AZE").await;
        assert_eq!(aze.json()["text"], report("public")["text"]);
        assert_eq!(version_tag(&aze), None, "the public gets no version");
        // Addresses naming no year or no state, and parameters it does not take.
        for (uri, status) in [
            ("/api/v1/cbm/reports/soon/KAZ", StatusCode::NOT_FOUND),
            ("/api/v1/cbm/reports/2024/XYZ", StatusCode::NOT_FOUND),
            ("/api/v1/cbm/reports/2024/KAZ?x=1", StatusCode::BAD_REQUEST),
        ] {
            let r = app.get_as(uri, EDITOR).await;
            assert_eq!(r.status, status, "{uri}: {}", r.body);
        }
    }

    #[tokio::test]
    async fn a_delegate_corrects_its_report_over_the_etag_its_read_gave_and_another_delegate_gets_none()
     {
        let app = app().await;
        let uri = "/api/v1/cbm/reports/2024/KAZ";
        let filed = put(
            &app,
            uri,
            Some(KAZ),
            ("if-none-match", "*"),
            &report("members"),
        )
        .await;
        assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
        let read = app.ok_as(uri, KAZ).await;
        let tag = version_tag(&read).expect("its own state's delegate gets the version");
        assert_eq!(Some(tag.clone()), version_tag(&filed), "the version filed");
        assert_eq!(
            version_tag(&app.ok_as(uri, EDITOR).await).as_deref(),
            Some(tag.as_str()),
            "and the Secretariat"
        );
        assert_eq!(
            version_tag(&app.ok_as(uri, AZE).await),
            None,
            "another state's delegate reads it but may not write it"
        );
        // Asked again with the tag it holds: not modified.
        let again = app
            .request(
                Request::get(uri)
                    .header("authorization", format!("Bearer {KAZ}"))
                    .header("if-none-match", &tag)
                    .body(Body::empty())
                    .expect("request"),
            )
            .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED);
        let mut changed = report("members");
        changed["text"] = json!("Hosted the workshop; trained 40 officers.");
        let fixed = put(&app, uri, Some(KAZ), ("if-match", &tag), &changed).await;
        assert_eq!(fixed.status, StatusCode::OK, "{}", fixed.body);
        // The tag read before that save is stale now.
        let stale = put(&app, uri, Some(KAZ), ("if-match", &tag), &report("members")).await;
        assert_eq!(
            stale.status,
            StatusCode::PRECONDITION_FAILED,
            "{}",
            stale.body
        );
        assert_eq!(
            app.ok_as(uri, KAZ).await.json()["text"],
            "Hosted the workshop; trained 40 officers."
        );
    }

    #[tokio::test]
    async fn a_round_is_set_and_moved_only_over_the_version_read() {
        let app = app().await;
        let uri = "/api/v1/cbm/rounds/2024";
        let due = |d: &str| json!({"due": d});
        // Never blind: a save names the version it changes, or that there is none.
        let blind = put(&app, uri, Some(EDITOR), ("x-none", "-"), &due("2025-03-31")).await;
        assert_eq!(
            blind.status,
            StatusCode::PRECONDITION_REQUIRED,
            "{}",
            blind.body
        );
        let missing = app.get(uri).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "{}", missing.body);
        let set = put(
            &app,
            uri,
            Some(EDITOR),
            ("if-none-match", "*"),
            &due("2025-03-31"),
        )
        .await;
        assert_eq!(set.status, StatusCode::CREATED, "{}", set.body);
        assert_eq!(
            set.headers.get("location").and_then(|v| v.to_str().ok()),
            Some(uri)
        );
        let twice = put(
            &app,
            uri,
            Some(EDITOR),
            ("if-none-match", "*"),
            &due("2025-03-31"),
        )
        .await;
        assert_eq!(
            twice.status,
            StatusCode::PRECONDITION_FAILED,
            "{}",
            twice.body
        );
        let read = app.ok_as(uri, EDITOR).await;
        assert_eq!(read.json(), json!({"year": 2024, "due": "2025-03-31"}));
        let tag = version_tag(&read).expect("the editor gets the version");
        assert_eq!(version_tag(&app.ok(uri).await), None, "the public does not");
        let moved = put(
            &app,
            uri,
            Some(EDITOR),
            ("if-match", &tag),
            &due("2025-04-30"),
        )
        .await;
        assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
        let stale = put(
            &app,
            uri,
            Some(EDITOR),
            ("if-match", &tag),
            &due("2025-05-31"),
        )
        .await;
        assert_eq!(
            stale.status,
            StatusCode::PRECONDITION_FAILED,
            "{}",
            stale.body
        );
        assert!(
            stale.body.contains("round of CBM reports on 2024"),
            "{}",
            stale.body
        );
        let unset = put(
            &app,
            "/api/v1/cbm/rounds/2023",
            Some(EDITOR),
            ("if-match", "*"),
            &due("2024-03-31"),
        )
        .await;
        assert_eq!(
            unset.status,
            StatusCode::PRECONDITION_FAILED,
            "{}",
            unset.body
        );
        assert_eq!(app.ok(uri).await.json()["due"], "2025-04-30");
        let rounds = app.ok("/api/v1/cbm/rounds").await.json();
        assert_eq!(
            rounds["items"],
            json!([{"year": 2024, "due": "2025-04-30"}])
        );
        // A delegate may neither set nor move one.
        let delegate = put(&app, uri, Some(KAZ), ("if-match", "*"), &due("2025-06-30")).await;
        assert_eq!(delegate.status, StatusCode::FORBIDDEN, "{}", delegate.body);
        let trail = app
            .state
            .store()
            .audit(Some("cbm_round/2024"))
            .await
            .expect("the trail reads");
        let actions: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["cbm_round.create", "cbm_round.save"]);
    }
}
