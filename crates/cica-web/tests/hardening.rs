//! What probing the running server found, each now answered properly: errors in the JSON
//! shape whatever produced them, hidden records leaving no trace a public client can see,
//! text fields refused when they hold control characters.

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::TestApp;

const EDITOR: &str = "editor-token-for-hardening";

fn error_shape(r: &common::Reply, status: StatusCode) {
    assert_eq!(r.status, status, "{}", r.body);
    assert!(
        r.content_type.starts_with("application/json"),
        "{}",
        r.content_type
    );
    let e = r.json();
    assert_eq!(e["error"]["status"], status.as_u16(), "{}", r.body);
    assert!(
        e["error"]["code"].is_string() && e["error"]["message"].is_string(),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn every_api_error_has_the_documented_shape() {
    let app = TestApp::new().await;
    // A method the address does not take.
    let r = app.post("/api/v1/states", None, "{}").await;
    error_shape(&r, StatusCode::METHOD_NOT_ALLOWED);
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("does not take POST")),
        "{}",
        r.body
    );
    let r = app
        .request(
            Request::delete("/api/v1/decisions")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    error_shape(&r, StatusCode::METHOD_NOT_ALLOWED);
    // A path that is not valid UTF-8 once decoded.
    let r = app.get("/api/v1/states/%FF%FE").await;
    assert!(r.status.is_client_error(), "{}", r.body);
    error_shape(&r, r.status);
    let r = app.get("/api/v1/news/%C3%28").await;
    error_shape(&r, r.status);
    // An unknown address.
    error_shape(
        &app.get("/api/v1/nothing-here").await,
        StatusCode::NOT_FOUND,
    );
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_in_the_documented_shape() {
    let app = TestApp::with_clock(cica_web::Clock::System, Some(EDITOR)).await;
    let big = "x".repeat(17 * 1024 * 1024);
    let r = app
        .request(
            Request::post("/api/v1/import")
                .header("authorization", format!("Bearer {EDITOR}"))
                .body(Body::from(big))
                .expect("request"),
        )
        .await;
    error_shape(&r, StatusCode::PAYLOAD_TOO_LARGE);
    let r = app
        .request(
            Request::post("/api/v1/silence-procedures")
                .header("authorization", format!("Bearer {EDITOR}"))
                .header("content-type", "application/json")
                .body(Body::from(format!(
                    r#"{{"subject":"{}"}}"#,
                    "y".repeat(3 * 1024 * 1024)
                )))
                .expect("request"),
        )
        .await;
    error_shape(&r, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn an_imported_draft_leaves_no_trace_a_public_client_can_see() {
    let app = TestApp::with_today_and_token("2025-04-01", EDITOR).await;
    let before = app.ok("/api/v1/news").await;
    let etag = before.headers["etag"].clone();
    let feed = app.ok("/news.atom").await.body;
    let text = "ASTANA, 31 March 2025 – The CICA Secretariat hosted a seminar on water diplomacy for experts of the Member States.\n\nParticipants discussed shared rivers.";
    let r = app
        .request(
            Request::post("/api/v1/import?dry_run=false&name=seminar.txt")
                .header("authorization", format!("Bearer {EDITOR}"))
                .body(Body::from(text))
                .expect("request"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let slug = r.json()["items"][0]["slug"]
        .as_str()
        .expect("slug")
        .to_owned();

    let after = app.ok("/api/v1/news").await;
    assert_eq!(
        after.headers["etag"], etag,
        "the public ETag does not move for a draft"
    );
    assert_eq!(after.body, before.body);
    assert_eq!(app.ok("/news.atom").await.body, feed);
    assert_eq!(
        app.get(&format!("/api/v1/news/{slug}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/news/{slug}")).await.status,
        StatusCode::NOT_FOUND
    );
    let editor = app
        .request(
            Request::get(format!("/api/v1/news/{slug}"))
                .header("authorization", format!("Bearer {EDITOR}"))
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(editor.status, StatusCode::OK, "the editor sees it");
    // A private answer carries no tag of the public's revision, only the record's version,
    // which a save sends back.
    let tag = editor.headers["etag"].to_str().expect("tag");
    assert!(tag.starts_with("\"v"), "the record's version: {tag}");

    // Published, it is everyone's, and the tag moves.
    let r = app
        .post(&format!("/api/v1/news/{slug}/publish"), Some(EDITOR), "")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_ne!(app.ok("/api/v1/news").await.headers["etag"], etag);
    app.ok(&format!("/news/{slug}")).await;
}

#[tokio::test]
async fn text_with_control_characters_is_refused_naming_the_field() {
    let start = chrono::Utc::now();
    let app = TestApp::with_clock(cica_web::Clock::manual(start), Some(EDITOR)).await;
    let deadline = (start + chrono::Duration::days(2)).to_rfc3339();
    for (field, body) in [
        (
            "subject",
            format!(
                r#"{{"organ":"ministerial-council","act":"approve","subject":"A\u0007bell","expires_at":"{deadline}"}}"#
            ),
        ),
        (
            "subject",
            format!(
                r#"{{"organ":"ministerial-council","act":"approve","subject":"{}","expires_at":"{deadline}"}}"#,
                "long ".repeat(400)
            ),
        ),
    ] {
        let r = app
            .post("/api/v1/silence-procedures", Some(EDITOR), &body)
            .await;
        error_shape(&r, StatusCode::BAD_REQUEST);
        assert_eq!(r.json()["error"]["parameter"], field, "{}", r.body);
    }
}

/// The app served on loopback with short timeouts, for clients that never finish.
async fn served_with_timeouts() -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>) {
    served_with(std::time::Duration::from_millis(300)).await
}

/// A server whose header and body read timeouts are `timeout`.
async fn served_with(
    timeout: std::time::Duration,
) -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let ds = cica_data::builtin().expect("dataset");
    let app = TestApp::with_dataset(&ds, cica_web::Clock::System, Some(EDITOR)).await;
    let mut config = app.state.config().clone();
    config.header_timeout = timeout;
    config.body_timeout = timeout;
    let state = cica_web::AppState::new(app.state.shared_store(), config, cica_web::Clock::System);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("port");
    let addr = listener.local_addr().expect("address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let _keep = app;
        cica_web::serve(listener, state, async {
            let _ = stopped.await;
        })
        .await
    });
    (addr, stop)
}

/// Sends `request` (a start that never finishes) and reads until the server closes the
/// connection: what it answered, or `None` when it still waited after five seconds.
async fn answer_to_unfinished(addr: std::net::SocketAddr, request: &str) -> Option<String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr)
        .await
        .expect("connects");
    stream.write_all(request.as_bytes()).await.expect("writes");
    let mut buf = Vec::new();
    // A reset counts as closing too: only waiting is a failure.
    let _closed = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        stream.read_to_end(&mut buf),
    )
    .await
    .ok()?;
    Some(String::from_utf8_lossy(&buf).into_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_never_finishes_its_headers_is_cut_off() {
    let (addr, _stop) = served_with_timeouts().await;
    let answer = answer_to_unfinished(addr, "GET / HTTP/1.1\r\nHost: portal\r\nX-Slow: ").await;
    assert!(
        answer.is_some(),
        "the server closed the connection instead of waiting forever"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_credentials_are_refused_before_the_body_arrives() {
    let (addr, _stop) = served_with_timeouts().await;
    let answer = answer_to_unfinished(
        addr,
        "POST /api/v1/import HTTP/1.1\r\nHost: portal\r\nContent-Length: 1000\r\nAuthorization: Bearer nobody\r\n\r\nASTANA",
    )
    .await
    .expect("answered without the rest of the body");
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_never_arrives_times_out() {
    let (addr, _stop) = served_with_timeouts().await;
    for request in [
        "POST /login HTTP/1.1\r\nHost: portal\r\nContent-Length: 1000\r\n\r\ncsrf=".to_owned(),
        format!(
            "POST /api/v1/silence-procedures HTTP/1.1\r\nHost: portal\r\nContent-Length: 1000\r\nContent-Type: application/json\r\nAuthorization: Bearer {EDITOR}\r\n\r\n{{"
        ),
        // A page form without a session is refused before its body is read.
        "POST /news/some-item/publish HTTP/1.1\r\nHost: portal\r\nContent-Length: 1000\r\n\r\ncsrf=".to_owned(),
    ] {
        let answer = answer_to_unfinished(addr, &request)
            .await
            .unwrap_or_else(|| panic!("answered without the rest of the body: {request}"));
        assert!(answer.starts_with("HTTP/1.1 4"), "{answer}");
    }
}

/// The status and the body of a raw answer.
fn status_and_body(answer: &str) -> (u16, &str) {
    let status = answer
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("an HTTP answer: {answer:.300}"));
    let body = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    (status, body)
}

fn json_error(answer: &str, status: u16, code: &str) {
    let (got, body) = status_and_body(answer);
    assert_eq!(got, status, "{answer:.500}");
    let head = answer.split_once("\r\n\r\n").map_or("", |(h, _)| h);
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/json"),
        "{head}"
    );
    assert!(
        head.to_ascii_lowercase()
            .contains("x-content-type-options: nosniff"),
        "{head}"
    );
    let e: serde_json::Value =
        serde_json::from_str(body).unwrap_or_else(|e| panic!("JSON ({e}): {body:.300}"));
    assert_eq!(e["error"]["status"], status, "{body}");
    assert_eq!(e["error"]["code"], code, "{body}");
    assert!(e["error"]["message"].is_string(), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_very_long_address_is_refused_in_the_documented_shape() {
    // Reading a 200 KB head must not run into the header timeout on a busy machine.
    let (addr, _stop) = served_with(std::time::Duration::from_secs(10)).await;
    // 20 KB: the router refuses it; 100 KB: more than an address can hold, refused before
    // any router; 200 KB: more than a request head may be, and more than an address can hold:
    // which of the two hyper meets first depends on how the bytes arrive, and either is right.
    for (length, answers) in [
        (20 * 1024, &[(414, "uri_too_long")][..]),
        (100 * 1024, &[(414, "uri_too_long")][..]),
        (
            200 * 1024,
            &[(431, "headers_too_large"), (414, "uri_too_long")][..],
        ),
    ] {
        let path = format!("/api/v1/people/{}", "a".repeat(length));
        let answer = answer_to_unfinished(
            addr,
            &format!("GET {path} HTTP/1.1\r\nHost: portal\r\nConnection: close\r\n\r\n"),
        )
        .await
        .expect("answered");
        let (got, _) = status_and_body(&answer);
        let &(status, code) = answers
            .iter()
            .find(|(s, _)| *s == got)
            .unwrap_or_else(|| panic!("{length} bytes: {answer:.300}"));
        json_error(&answer, status, code);
    }
    // Also as the second request of a connection kept alive.
    let answer = answer_to_unfinished(
        addr,
        &format!(
            "GET /api/v1/bodies?limit=1 HTTP/1.1\r\nHost: portal\r\n\r\nGET /api/v1/{} HTTP/1.1\r\nHost: portal\r\nConnection: close\r\n\r\n",
            "b".repeat(100 * 1024)
        ),
    )
    .await
    .expect("answered");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer:.300}");
    let second = answer
        .match_indices("HTTP/1.1 414")
        .next()
        .map(|(at, _)| &answer[at..])
        .unwrap_or_else(|| panic!("a second answer: {answer:.2000}"));
    json_error(second, 414, "uri_too_long");
    // A page's address too long is refused with a page.
    let answer = answer_to_unfinished(
        addr,
        &format!(
            "GET /news/{} HTTP/1.1\r\nHost: portal\r\nConnection: close\r\n\r\n",
            "n".repeat(20 * 1024)
        ),
    )
    .await
    .expect("answered");
    assert!(answer.starts_with("HTTP/1.1 414"), "{answer:.300}");
    assert!(answer.contains("text/html"), "{answer:.500}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_address_that_is_not_utf8_is_refused_in_the_documented_shape() {
    let (addr, _stop) = served_with_timeouts().await;
    for path in [
        "/api/v1/people/%FF",
        "/api/v1/states/%C3%28",
        "/api/v1/import/proposals/x/meeting/%FF/accept",
    ] {
        let method = if path.ends_with("accept") {
            "POST"
        } else {
            "GET"
        };
        let answer = answer_to_unfinished(
            addr,
            &format!(
                "{method} {path} HTTP/1.1\r\nHost: portal\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            ),
        )
        .await
        .expect("answered");
        let (status, _) = status_and_body(&answer);
        assert!(
            status == 400 || status == 401 || status == 404,
            "{path}: {answer:.500}"
        );
        json_error(
            &answer,
            status,
            match status {
                400 => "invalid_parameter",
                401 => "unauthorized",
                _ => "not_found",
            },
        );
    }
    // Raw bytes that are not an address at all: refused before any router, in the same shape.
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr)
        .await
        .expect("connects");
    stream
        .write_all(b"GET /api/v1/people/\xFF\xFE HTTP/1.1\r\nHost: portal\r\n\r\n")
        .await
        .expect("writes");
    let mut buf = Vec::new();
    tokio::time::timeout(
        std::time::Duration::from_secs(5),
        stream.read_to_end(&mut buf),
    )
    .await
    .expect("closed")
    .expect("read");
    json_error(&String::from_utf8_lossy(&buf), 400, "bad_request");
}

/// What a client gets back in plain text, whatever the encoding it was sent in.
fn decoded(r: &common::Reply) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    match r
        .headers
        .get("content-encoding")
        .map(|v| v.to_str().expect("text"))
    {
        None => out.clone_from(&r.bytes),
        Some("gzip") => {
            flate2::read::GzDecoder::new(&r.bytes[..])
                .read_to_end(&mut out)
                .expect("gzip");
        }
        Some("br") => {
            brotli_decompressor::Decompressor::new(&r.bytes[..], 4096)
                .read_to_end(&mut out)
                .expect("brotli");
        }
        Some(other) => panic!("an encoding no client here asked for: {other}"),
    }
    out
}

#[tokio::test]
async fn a_kept_answer_goes_out_only_in_an_encoding_the_client_accepted() {
    // (what the client sends, the encodings it accepts)
    let clients: &[(Option<&str>, &[&str])] = &[
        (None, &[]),
        (Some("gzip"), &["gzip"]),
        (Some("br"), &["br"]),
        (Some("gzip, deflate, br, zstd"), &["gzip", "br"]),
        (Some("identity"), &[]),
        (Some("br;q=0, gzip"), &["gzip"]),
        (Some("br;Q=0, gzip"), &["gzip"]),
        (Some("gzip;q=0, br;q=0"), &[]),
    ];
    // Each client in turn is the first to ask, so that its answer is the one kept; then all
    // clients ask twice more and are served from the cache.
    for first in 0..clients.len() {
        let app = TestApp::new().await;
        for uri in ["/news", "/api/v1/people", "/news.atom", "/static/site.css"] {
            let plain = {
                let mut r = Request::get(uri);
                if let Some(h) = clients[first].0 {
                    r = r.header("accept-encoding", h);
                }
                decoded(&app.request(r.body(Body::empty()).expect("request")).await)
            };
            for (header, accepts) in clients.iter().chain(clients) {
                let mut request = Request::get(uri);
                if let Some(h) = header {
                    request = request.header("accept-encoding", *h);
                }
                let r = app
                    .request(request.body(Body::empty()).expect("request"))
                    .await;
                assert_eq!(r.status, StatusCode::OK, "{uri} {header:?}");
                if let Some(e) = r.headers.get("content-encoding") {
                    let e = e.to_str().expect("text");
                    assert!(
                        accepts.contains(&e),
                        "{uri}: {header:?} was answered in {e} after {:?} asked first",
                        clients[first].0
                    );
                }
                assert!(decoded(&r) == plain, "{uri}: {header:?} got another answer");
            }
        }
    }
}

#[tokio::test]
async fn pages_with_a_form_token_are_never_kept() {
    let app = TestApp::new().await;
    let token = |r: common::Reply| {
        r.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let first = token(app.ok("/login").await);
    let second = token(app.ok("/login").await);
    assert!(!first.is_empty(), "the sign-in form sets its token cookie");
    assert_ne!(first, second, "each sign-in form gets a token of its own");
}
