//! The test application: the real router over a real SQLite file holding the built-in dataset,
//! driven in process. "Today" is fixed at 1 April 2025, just after the 2025-Q1 record, so the
//! meetings it announces are upcoming.

#![allow(dead_code)]

pub mod browser;

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use cica_domain::access::{Binding, Grant, Role};
use cica_web::{AppState, Clock, SiteConfig};
use tower::ServiceExt;

pub const TODAY: &str = "2025-04-01";

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    _dir: tempfile::TempDir,
}

pub struct Reply {
    pub status: StatusCode,
    pub content_type: String,
    /// The body as text (lossy for binary answers such as PDFs).
    pub body: String,
    pub bytes: Vec<u8>,
    pub headers: axum::http::HeaderMap,
}

impl Reply {
    /// The body with its `<time datetime>` marks taken out, so a sentence reads as shown.
    pub fn unmarked(&self) -> String {
        let mut out = String::with_capacity(self.body.len());
        let mut rest = self.body.as_str();
        while let Some(at) = [rest.find("<time"), rest.find("</time>")]
            .into_iter()
            .flatten()
            .min()
        {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
        }
        out.push_str(rest);
        out
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

impl TestApp {
    pub async fn new() -> Self {
        Self::with_today(TODAY).await
    }

    pub async fn with_today(today: &str) -> Self {
        let today = cica_domain::parse_day(today).expect("day");
        Self::with_clock(Clock::Day(today), None).await
    }

    /// An app on a fixed day with an editor holding `token`.
    pub async fn with_today_and_token(today: &str, token: &str) -> Self {
        let today = cica_domain::parse_day(today).expect("day");
        Self::with_clock(Clock::Day(today), Some(token)).await
    }

    /// An app on `clock`, accepting writes with `token` when given.
    pub async fn with_clock(clock: Clock, token: Option<&str>) -> Self {
        let ds = cica_data::builtin().expect("built-in dataset");
        Self::with_dataset(&ds, clock, token).await
    }

    /// An app over `ds` instead of the built-in dataset.
    pub async fn with_dataset(
        ds: &cica_domain::Dataset,
        clock: Clock,
        token: Option<&str>,
    ) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("portal.db");
        let store = cica_store::open(path.to_str().expect("utf-8"))
            .await
            .expect("store opens");
        store
            .replace_all(ds, &test_by())
            .await
            .expect("dataset loads");
        let config = SiteConfig {
            base_url: "https://portal.example.org".into(),
            freshness: std::time::Duration::ZERO,
            ..SiteConfig::default()
        };
        let state = AppState::new(Arc::clone(&store), config, clock);
        let app = Self {
            router: cica_web::router(state.clone()),
            state,
            _dir: dir,
        };
        if let Some(t) = token {
            app.account(
                "editor@secretariat.example.org",
                Role::Editor,
                Binding::None,
                t,
            )
            .await;
        }
        app
    }

    /// Adds an account with `role` and `binding` from 1 January 2000, holding the personal
    /// token `token`.
    pub async fn account(&self, email: &str, role: Role, binding: Binding, token: &str) {
        let store = self.state.store();
        let grant = Grant {
            role,
            binding,
            from: cica_domain::parse_day("2000-01-01").expect("day"),
            until: None,
        };
        let phc = cica_app::accounts::hash_password("a long test password").expect("hash");
        store
            .add_account(email, &phc, &grant, &test_by())
            .await
            .expect("account");
        store
            .add_token(
                email,
                "test",
                &cica_app::accounts::token_digest(token),
                &test_by(),
            )
            .await
            .expect("token");
    }

    /// POST a JSON body, with the bearer token when given.
    pub async fn post(&self, uri: &str, token: Option<&str>, body: &str) -> Reply {
        let mut r = Request::post(uri).header("content-type", "application/json");
        if let Some(t) = token {
            r = r.header("authorization", format!("Bearer {t}"));
        }
        self.request(r.body(Body::from(body.to_owned())).expect("request"))
            .await
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.request(Request::get(uri).body(Body::empty()).expect("request"))
            .await
    }

    pub async fn request(&self, request: Request<Body>) -> Reply {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let content_type = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("body");
        if !content_type.starts_with("application/pdf")
            && !content_type.starts_with("application/vnd.openxmlformats")
            && !content_type.starts_with("image/")
            && !headers.contains_key("content-encoding")
        {
            assert!(
                std::str::from_utf8(&bytes).is_ok(),
                "a text answer that is not UTF-8"
            );
        }
        Reply {
            status,
            content_type,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
            headers,
        }
    }

    /// GET with a bearer token.
    pub async fn get_as(&self, uri: &str, token: &str) -> Reply {
        self.request(
            Request::get(uri)
                .header("authorization", format!("Bearer {token}"))
                .body(Body::empty())
                .expect("request"),
        )
        .await
    }

    /// GET with a bearer token that must succeed.
    pub async fn ok_as(&self, uri: &str, token: &str) -> Reply {
        let r = self.get_as(uri, token).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.body);
        r
    }

    /// Every item of a paginated API list read with a bearer token, following `next`.
    pub async fn all_as(&self, uri: &str, limit: u32, token: &str) -> Vec<serde_json::Value> {
        let sep = if uri.contains('?') { '&' } else { '?' };
        let mut items = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let url = match &cursor {
                Some(c) => format!("{uri}{sep}limit={limit}&cursor={c}"),
                None => format!("{uri}{sep}limit={limit}"),
            };
            let page = self.ok_as(&url, token).await.json();
            items.extend(page["items"].as_array().expect("items").iter().cloned());
            match page["next"].as_str() {
                Some(c) => cursor = Some(c.to_owned()),
                None => return items,
            }
        }
    }

    /// GET that must succeed.
    pub async fn ok(&self, uri: &str) -> Reply {
        let r = self.get(uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.body);
        r
    }

    /// Every item of a paginated API list, following `next`.
    pub async fn all(&self, uri: &str, limit: u32) -> Vec<serde_json::Value> {
        let sep = if uri.contains('?') { '&' } else { '?' };
        let mut items = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let url = match &cursor {
                Some(c) => format!("{uri}{sep}limit={limit}&cursor={c}"),
                None => format!("{uri}{sep}limit={limit}"),
            };
            let page = self.ok(&url).await.json();
            items.extend(page["items"].as_array().expect("items").iter().cloned());
            match page["next"].as_str() {
                Some(c) => cursor = Some(c.to_owned()),
                None => return items,
            }
        }
    }
}

/// Who the test's own setup writes are attributed to.
pub fn test_by() -> cica_store::Attribution {
    cica_store::Attribution {
        actor: "cli:test".into(),
        at: chrono::Utc::now(),
        note: None,
    }
}

// Signed-in browsers, as the router sees them: cookies, form tokens and forms.

/// The value a `Set-Cookie` header of the reply gives `name`, with the whole header.
pub fn set_cookie(r: &Reply, name: &str) -> Option<(String, String)> {
    r.headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(|v| {
            let value = v[name.len() + 1..]
                .split(';')
                .next()
                .unwrap_or("")
                .to_owned();
            (value, v.to_owned())
        })
}

/// The hidden form token of a page.
pub fn form_token(html: &str) -> String {
    let at = html.find(r#"name="csrf" value=""#).expect("a form token") + 19;
    html[at..].split('"').next().expect("value").to_owned()
}

pub async fn get(app: &TestApp, uri: &str, cookie: Option<&str>) -> Reply {
    let mut r = Request::get(uri);
    if let Some(c) = cookie {
        r = r.header("cookie", c);
    }
    app.request(r.body(Body::empty()).expect("request")).await
}

pub async fn post_form(
    app: &TestApp,
    uri: &str,
    cookie: Option<&str>,
    form: &[(&str, &str)],
) -> Reply {
    let body = serde_urlencoded::to_string(form).expect("form");
    let mut r = Request::post(uri).header("content-type", "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        r = r.header("cookie", c);
    }
    app.request(r.body(Body::from(body)).expect("request"))
        .await
}

/// Signs in through the form; returns the session cookie's value.
pub async fn sign_in(app: &TestApp, email: &str, password: &str) -> Reply {
    let page = get(app, "/login", None).await;
    assert_eq!(page.status, StatusCode::OK);
    let (login, _) = set_cookie(&page, "cica_login").expect("the form's cookie");
    let token = form_token(&page.body);
    post_form(
        app,
        "/login",
        Some(&format!(
            "cica_login={login}; cica_session=chosen-by-an-attacker"
        )),
        &[("csrf", &token), ("email", email), ("password", password)],
    )
    .await
}

// Forms as a browser sends them.

/// Text of an attribute as askama escapes it, read back.
pub fn unescaped(text: &str) -> String {
    text.replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#60;", "<")
        .replace("&#62;", ">")
        .replace("&#38;", "&")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Every hidden field of a page's form, as a browser sends them back.
pub fn hidden_fields(html: &str) -> Vec<(String, String)> {
    html.split(r#"<input type="hidden" name=""#)
        .skip(1)
        .filter_map(|rest| {
            let (name, rest) = rest.split_once('"')?;
            let value = rest.split_once(r#"value=""#)?.1.split('"').next()?;
            Some((name.to_owned(), unescaped(value)))
        })
        .collect()
}

/// Form pairs as `post_form` takes them.
pub fn as_refs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// Form fields as a browser sends them: every line break as CR LF.
pub fn as_a_browser_sends(fields: Vec<(String, String)>) -> Vec<(String, String)> {
    fields
        .into_iter()
        .map(|(k, v)| (k, v.replace('\n', "\r\n")))
        .collect()
}

/// What a record's form sends as it was opened: its hidden fields, and each field as the form
/// was filled (its `base.*` value), with `changes` made.
pub fn as_opened(page: &str, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let hidden = hidden_fields(page);
    let mut out: Vec<(String, String)> = hidden.clone();
    for (k, v) in &hidden {
        if let Some(name) = k.strip_prefix("base.")
            && !changes.iter().any(|(c, _)| *c == name)
        {
            out.push((name.to_owned(), v.clone()));
        }
    }
    out.extend(
        changes
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    out
}

/// A signed-in browser of the account `email` (the test password): its session cookie.
pub async fn browser_of(app: &TestApp, email: &str) -> String {
    let r = sign_in(app, email, "a long test password").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (session, _) = set_cookie(&r, "cica_session").expect("session");
    format!("cica_session={session}")
}

/// A record's form sent back as it was opened on `page`, with `changes` made.
pub async fn submit(
    app: &TestApp,
    uri: &str,
    page: &str,
    cookie: &str,
    changes: &[(&str, &str)],
) -> Reply {
    let sent = as_a_browser_sends(as_opened(page, changes));
    post_form(app, uri, Some(cookie), &as_refs(&sent)).await
}
