//! Snapshots of rendered pages and API answers, so any change to what users see shows up in
//! review. Update with `cargo insta review` (or `INSTA_UPDATE=always`) after checking the diff.

use crate::common;

use common::TestApp;

#[tokio::test]
async fn pages_render_as_their_snapshots() {
    let app = TestApp::new().await;
    for (name, uri) in [
        ("home", "/"),
        ("members", "/members"),
        ("state_aze", "/states/AZE"),
        ("meeting_soc_baku", "/meetings/soc-2025-02-27-baku"),
        ("calendar_soc", "/calendar?body=senior-officials-committee"),
        ("engagements_rus", "/engagements?state=RUS"),
        (
            "engagement_baku_aliyev",
            "/engagements/eng-2025-01-15-baku-aliyev",
        ),
        ("cbm_environmental", "/cbm?dimension=environmental"),
        ("cbm_area_ict", "/cbm/areas/ict-security"),
        ("contributions_2025", "/contributions?year=2025"),
        ("contributions_2024", "/contributions?year=2024"),
        (
            "contribution_kazakhstan",
            "/contributions/kazakhstan-headquarters",
        ),
        ("fund_projects", "/fund/projects"),
        (
            "fund_project_wheat",
            "/fund/projects/afghanistan-wheat-2025",
        ),
    ] {
        let body = app.ok(uri).await.body;
        insta::assert_snapshot!(format!("page_{name}"), body);
    }
}

#[tokio::test]
async fn api_answers_render_as_their_snapshots() {
    let app = TestApp::new().await;
    for (name, uri) in [
        ("state_qat", "/api/v1/states/QAT"),
        ("meeting_soc_baku", "/api/v1/meetings/soc-2025-02-27-baku"),
        (
            "engagement_baku_aliyev",
            "/api/v1/engagements/eng-2025-01-15-baku-aliyev",
        ),
        ("chairmanships", "/api/v1/chairmanships"),
        ("news_page", "/api/v1/news?limit=3"),
        ("error_bad_date", "/api/v1/news?from=2025-13-01"),
        ("cbm_area_ict", "/api/v1/cbm/areas/ict-security"),
        ("contribution_iraq", "/api/v1/contributions/iraq-fund-first"),
        (
            "statement_2025",
            "/api/v1/contributions/statement?year=2025",
        ),
        (
            "fund_project_wheat",
            "/api/v1/fund/projects/afghanistan-wheat-2025",
        ),
    ] {
        let json = app.get(uri).await.json();
        insta::assert_json_snapshot!(format!("api_{name}"), json);
    }
}
