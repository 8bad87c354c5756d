//! The API's table of routes is the truth the router, the index at `/api/v1` and the
//! documentation are held to: each route answers exactly its methods, and `docs/api.md`
//! documents exactly the routes there are.

use crate::common;

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::TestApp;

/// `{code}`, `{slug}`… all read `{}`, so names may differ between the router and the docs.
fn normal(path: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push_str("{}");
            }
            '}' => inside = false,
            _ if inside => {}
            _ => out.push(c),
        }
    }
    out
}

fn routed() -> BTreeSet<(String, String)> {
    cica_web::api_index()
        .into_iter()
        .filter(|(path, _)| *path != "/")
        .flat_map(|(path, methods)| methods.iter().map(move |m| ((*m).to_owned(), normal(path))))
        .collect()
}

/// The (method, path under /api/v1) pairs the endpoint tables of `docs/api.md` document.
fn documented() -> BTreeSet<(String, String)> {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/api.md"))
        .expect("docs/api.md");
    let mut out = BTreeSet::new();
    for line in docs.lines().filter(|l| l.starts_with("| `")) {
        let cell = line.split('|').nth(1).unwrap_or_default();
        let mut method = "GET".to_owned();
        let mut in_api = false;
        for item in cell.split('`').skip(1).step_by(2) {
            let (m, path) = match item.split_once(' ') {
                Some((m, p)) if ["GET", "POST", "PUT", "DELETE"].contains(&m) => (Some(m), p),
                _ => (None, item),
            };
            if let Some(m) = m {
                method = m.to_owned();
            }
            let path = path.split('?').next().unwrap_or_default();
            let under = if let Some(rest) = path.strip_prefix("/api/v1") {
                in_api = true;
                rest.to_owned()
            } else if in_api && path.starts_with('/') {
                path.to_owned()
            } else {
                continue;
            };
            if !under.is_empty() && under != "/" {
                out.insert((method.clone(), normal(&under)));
            }
        }
    }
    out
}

#[test]
fn the_documentation_lists_exactly_the_routes_of_the_api() {
    let routed = routed();
    let documented = documented();
    let undocumented: Vec<_> = routed.difference(&documented).collect();
    let stale: Vec<_> = documented.difference(&routed).collect();
    assert!(
        undocumented.is_empty() && stale.is_empty(),
        "routes without documentation: {undocumented:?}; documented but not routed: {stale:?}"
    );
}

#[tokio::test]
async fn every_route_answers_its_methods_and_only_those() {
    let app = TestApp::new().await;
    for (path, methods) in cica_web::api_index() {
        let uri = format!(
            "/api/v1{}",
            path.replace(['{', '}'], "").replace("code", "KAZ")
        );
        for method in ["GET", "POST", "PUT", "DELETE"] {
            let r = app
                .request(
                    Request::builder()
                        .method(method)
                        .uri(&uri)
                        .header("content-type", "application/json")
                        .body(Body::from("{}"))
                        .expect("request"),
                )
                .await;
            let fallback =
                r.status == StatusCode::NOT_FOUND && r.body.contains("no such API endpoint");
            if methods.contains(&method) {
                assert!(
                    r.status != StatusCode::METHOD_NOT_ALLOWED && !fallback,
                    "{method} {uri} is routed: {} {}",
                    r.status,
                    r.body
                );
            } else {
                assert_eq!(
                    r.status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {uri}: {}",
                    r.body
                );
            }
        }
    }
}

#[tokio::test]
async fn the_api_index_lists_every_route() {
    let app = TestApp::new().await;
    let index = app.ok("/api/v1").await.json();
    let listed: BTreeSet<(String, String)> = index["endpoints"]
        .as_array()
        .expect("endpoints")
        .iter()
        .flat_map(|e| {
            let path = e["path"]
                .as_str()
                .unwrap_or_default()
                .trim_start_matches("/api/v1");
            e["methods"]
                .as_array()
                .into_iter()
                .flatten()
                .map(move |m| (m.as_str().unwrap_or_default().to_owned(), normal(path)))
        })
        .collect();
    assert_eq!(listed, routed());
}
