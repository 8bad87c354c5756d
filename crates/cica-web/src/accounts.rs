//! The accounts area: the audit trail over the API, for administrators.

use axum::Json;
use axum::extract::{RawQuery, State};
use serde::Serialize;

use crate::api::List;
use crate::error::{ApiError, WebError};
use crate::forms::{form, page_form};
use crate::params::Params;
use crate::state::AppState;
use crate::write::Caller;

#[derive(Serialize)]
pub struct AuditView {
    seq: i64,
    at: String,
    actor: String,
    action: String,
    record: String,
    note: Option<String>,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
    hash: String,
}

fn parsed(text: Option<&str>) -> Option<serde_json::Value> {
    text.map(|t| serde_json::from_str(t).unwrap_or_else(|_| serde_json::Value::from(t)))
}

/// `GET /api/v1/audit?record=news/…`: the audit trail of one record, or all, oldest first;
/// administrators only. Paged by `limit` and `cursor` (the last `seq` seen).
pub async fn api_audit(
    State(app): State<AppState>,
    Caller(actor): Caller,
    RawQuery(q): RawQuery,
) -> Result<Json<List<AuditView>>, ApiError> {
    let p = Params::parse(q.as_deref(), &["record", "limit", "cursor"], true)?;
    let limit = p.limit()? as usize;
    let after = p
        .get("cursor")
        .map(|c| {
            c.parse::<i64>().map_err(|_| {
                WebError::invalid("cursor", format!("`{c}` is not a cursor of this list"))
            })
        })
        .transpose()?
        .unwrap_or(0);
    // One record's history is the Secretariat's to read (its pages show it); the whole trail
    // is the administrators'.
    let entries = match p.get("record") {
        Some(record) if actor.is_secretariat() => app.uses().record_history(&actor, record).await?,
        record => app.uses().audit_trail(&actor, record).await?,
    };
    let page: Vec<_> = entries
        .iter()
        .filter(|e| e.seq > after)
        .take(limit + 1)
        .collect();
    let next = (page.len() > limit).then(|| page[limit - 1].seq.to_string());
    Ok(Json(List {
        items: page
            .into_iter()
            .take(limit)
            .map(|e| AuditView {
                seq: e.seq,
                at: e.at.clone(),
                actor: e.actor.clone(),
                action: e.action.clone(),
                record: e.record.clone(),
                note: e.note.clone(),
                before: parsed(e.before.as_deref()),
                after: parsed(e.after.as_deref()),
                hash: e.hash.clone(),
            })
            .collect(),
        next,
    }))
}

// ---------------------------------------------------------------------------------------------
// Signing in and out in the browser.

use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use cica_app::{Actor, AppError};
use serde::Deserialize;

use crate::pages::{Layout, PageError};
use crate::write::{BrowserSession, SESSION_COOKIE, SignedIn, cookie, same_secret};

/// The client's address, when the server knows it (it does when serving; requests handed to
/// the router in process have none).
pub struct Peer(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts
                .extensions
                .get::<ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

/// The cookie that carries the sign-in form's token before any session exists.
const LOGIN_COOKIE: &str = "cica_login";

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
struct LoginPage {
    l: Layout,
    csrf: String,
    email: String,
    error: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "account.html")]
struct AccountPage {
    l: Layout,
    email: String,
    role: String,
    binding: String,
    csrf: String,
    message: String,
    ok: bool,
    /// Whether the account administers accounts (a link to them).
    admin: bool,
    /// Keeps the record: the editors' work is linked.
    editor: bool,
}

fn cookie_header(app: &AppState, name: &str, value: &str, max_age: i64) -> HeaderValue {
    let secure = if app.config().base_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

pub(crate) fn private(mut r: Response) -> Response {
    r.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    r
}

pub(crate) fn see_other(to: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(LOCATION, v);
    }
    r
}

pub(crate) fn render(page: impl Template, status: StatusCode) -> Response {
    match page.render() {
        Ok(html) => (status, axum::response::Html(html)).into_response(),
        Err(e) => PageError(WebError::Internal(e.to_string())).into_response(),
    }
}

fn login_form(app: &AppState, email: &str, error: &str, status: StatusCode) -> Response {
    let csrf = cica_app::accounts::secret();
    let mut r = render(
        LoginPage {
            l: Layout::new("Sign in", "account"),
            csrf: csrf.clone(),
            email: email.to_owned(),
            error: error.to_owned(),
        },
        status,
    );
    r.headers_mut()
        .append(SET_COOKIE, cookie_header(app, LOGIN_COOKIE, &csrf, 3600));
    private(r)
}

/// `GET /login`: the sign-in form, with a fresh form token in a cookie and in the form.
pub async fn login_page(State(app): State<AppState>, Caller(actor): Caller) -> Response {
    if actor != Actor::Public {
        return see_other("/account");
    }
    login_form(&app, "", "", StatusCode::OK)
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

/// `POST /login`: signs in and starts a session under a new id; the form is shown again,
/// with what was typed, when it fails.
pub async fn login(
    State(app): State<AppState>,
    Peer(peer): Peer,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let f: LoginForm = match form(&body) {
        Ok(f) => f,
        Err(e) => return PageError(e).into_response(),
    };
    let expected = cookie(&headers, LOGIN_COOKIE).unwrap_or_default();
    if expected.is_empty() || !same_secret(expected, &f.csrf) {
        return login_form(
            &app,
            &f.email,
            "The form had expired or did not come from this site; please sign in again.",
            StatusCode::FORBIDDEN,
        );
    }
    let address = peer.map(|p| p.to_string());
    match app
        .uses()
        .sign_in(&f.email, &f.password, address.as_deref())
        .await
    {
        Ok(session) => {
            let mut r = see_other("/account");
            let h = r.headers_mut();
            h.append(
                SET_COOKIE,
                cookie_header(
                    &app,
                    SESSION_COOKIE,
                    &session.id,
                    cica_app::accounts::SESSION_HOURS * 3600,
                ),
            );
            h.append(SET_COOKIE, cookie_header(&app, LOGIN_COOKIE, "", 0));
            private(r)
        }
        Err(AppError::Unauthenticated(m)) => {
            login_form(&app, &f.email, &m, StatusCode::UNAUTHORIZED)
        }
        Err(AppError::Throttled(m)) => {
            login_form(&app, &f.email, &m, StatusCode::TOO_MANY_REQUESTS)
        }
        Err(e) => PageError(e.into()).into_response(),
    }
}

#[derive(Deserialize)]
struct TokenForm {
    #[serde(default)]
    csrf: String,
}

/// Refuses a form post whose token is not its session's.
/// `POST /logout`: ends the session and forgets the cookie.
pub async fn logout(
    State(app): State<AppState>,
    Caller(actor): Caller,
    SignedIn(s): SignedIn,
    body: Bytes,
) -> Response {
    if let Err(e) = page_form::<TokenForm>(&s, &body, |f| &f.csrf) {
        return e.into_response();
    }
    if let Err(e) = app.uses().sign_out(&actor, &s.id).await {
        return PageError(e.into()).into_response();
    }
    let mut r = see_other("/");
    r.headers_mut()
        .append(SET_COOKIE, cookie_header(&app, SESSION_COOKIE, "", 0));
    private(r)
}

fn account_page(
    actor: &Actor,
    session: &BrowserSession,
    message: &str,
    ok: bool,
    status: StatusCode,
) -> Response {
    let Actor::Account { email, grant, .. } = actor else {
        return see_other("/login");
    };
    let (role, binding) = match grant {
        Some((role, binding)) => (
            crate::present::role_label(*role).to_owned(),
            match binding {
                cica_domain::access::Binding::None => String::new(),
                cica_domain::access::Binding::State(c) => c.to_string(),
                cica_domain::access::Binding::Organization(o) => o.to_string(),
            },
        ),
        None => ("No role in force today".to_owned(), String::new()),
    };
    private(render(
        AccountPage {
            l: Layout::new("Your account", "account"),
            email: email.clone(),
            role,
            binding,
            csrf: session.csrf.clone(),
            message: message.to_owned(),
            ok,
            admin: cica_domain::access::may(actor, cica_domain::access::Act::ManageAccounts)
                .is_ok(),
            editor: actor.is_secretariat(),
        },
        status,
    ))
}

/// `GET /account`: who is signed in, signing out, changing the password; the sign-in form's
/// address for anyone else.
pub async fn account(
    Caller(actor): Caller,
    session: Option<axum::Extension<BrowserSession>>,
) -> Response {
    match session {
        Some(s) => account_page(&actor, &s.0, "", true, StatusCode::OK),
        None => see_other("/login"),
    }
}

#[derive(Deserialize)]
struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

/// `POST /account/password`: changes the signed-in account's own password; every session of
/// the account ends, so the browser signs in again with the new one.
pub async fn change_password(
    State(app): State<AppState>,
    Caller(actor): Caller,
    SignedIn(s): SignedIn,
    body: Bytes,
) -> Response {
    let f = match page_form::<PasswordForm>(&s, &body, |f| &f.csrf) {
        Ok(f) => f,
        Err(e) => return e.into_response(),
    };
    if f.new != f.confirm {
        return account_page(
            &actor,
            &s,
            "The two new passwords differ; nothing was changed.",
            false,
            StatusCode::BAD_REQUEST,
        );
    }
    match app.uses().change_password(&actor, &f.current, &f.new).await {
        Ok(()) => {
            let mut r = see_other("/login");
            r.headers_mut()
                .append(SET_COOKIE, cookie_header(&app, SESSION_COOKIE, "", 0));
            private(r)
        }
        Err(AppError::Invalid { field, problem }) => account_page(
            &actor,
            &s,
            &format!(
                "{}: {problem}; nothing was changed.",
                if field == "current" {
                    "Current password"
                } else {
                    "New password"
                }
            ),
            false,
            StatusCode::BAD_REQUEST,
        ),
        Err(e) => PageError(e.into()).into_response(),
    }
}

// ---------------------------------------------------------------------------------------------
// What a signed-in reader sees beside a record: its history for the Secretariat, and the
// forms of the acts the reader may do.

/// One line of a record's history.
#[derive(Clone)]
pub struct HistoryRow {
    /// When, for people: "1 April 2025, 09:00 (UTC+00:00)".
    pub at: String,
    /// The same for machines, in `<time datetime>`.
    pub datetime: String,
    pub actor: String,
    pub action: String,
    pub note: String,
    /// Its place in the trail.
    pub seq: i64,
    /// The record as the trail names it (`state/KZ`), for the restore forms.
    pub record: String,
    /// Whether the record may be put back as this entry left it: a write of the whole
    /// record that is not the record as it stands.
    pub restore: bool,
    /// Whether the record may be put back as this entry found it: the oldest write of the
    /// record the trail holds, when it changed a record that was there before (one loaded
    /// with the dataset, say), so the first version stays reachable.
    pub restore_before: bool,
    /// The version the restore forms save over (the record's as the page shows it).
    pub version: String,
}

/// A record's history as its page shows it to the Secretariat, newest first; empty for
/// everyone else. `shown` is the version of the record the page shows, which the restore
/// buttons save over (else the version stored now).
pub async fn history(
    app: &AppState,
    actor: &Actor,
    record: &str,
    shown: Option<cica_app::Version>,
) -> Result<Vec<HistoryRow>, WebError> {
    use cica_app::restore::Offered;
    if !actor.is_secretariat() {
        return Ok(Vec::new());
    }
    let uses = app.uses();
    let entries = uses.record_history(actor, record).await?;
    let (offered, standing) = uses.offered(actor, record, &entries).await?;
    let version = standing.map(|v| shown.unwrap_or(v));
    let offers = |seq: i64, side: cica_app::Side| {
        version.is_some() && offered.contains(&Offered { seq, side })
    };
    Ok(entries
        .iter()
        .rev()
        .map(|e| HistoryRow {
            at: chrono::DateTime::parse_from_rfc3339(&e.at).map_or_else(
                |_| e.at.clone(),
                |t| cica_domain::decision::in_zone(t.with_timezone(&chrono::Utc), "UTC"),
            ),
            datetime: e.at.clone(),
            actor: e
                .actor
                .split_once(':')
                .map_or(e.actor.clone(), |(kind, who)| match kind {
                    "cli" => format!("{who} (command line)"),
                    "system" => "the platform".to_owned(),
                    _ => who.to_owned(),
                }),
            action: e.action.replace('.', " "),
            note: e.note.clone().unwrap_or_default(),
            seq: e.seq,
            record: record.to_owned(),
            restore: offers(e.seq, cica_app::Side::After),
            restore_before: offers(e.seq, cica_app::Side::Before),
            version: version.map(|v| v.to_string()).unwrap_or_default(),
        })
        .collect())
}

/// The form token of a signed-in browser, if the request came with a session.
pub fn form_token(session: Option<&axum::Extension<BrowserSession>>) -> String {
    session.map(|s| s.0.csrf.clone()).unwrap_or_default()
}

#[derive(Deserialize)]
pub struct PublishForm {
    #[serde(default)]
    csrf: String,
    /// The reason for the record (optional).
    #[serde(default)]
    note: String,
    /// The version the page showed: a draft changed since is not published unseen.
    #[serde(default)]
    version: String,
}

/// `POST /news/{slug}/publish` (a form on the draft's page): publishes the version the page
/// showed and shows it.
pub async fn publish_form(
    State(app): State<AppState>,
    Caller(actor): Caller,
    SignedIn(session): SignedIn,
    axum::extract::Path(slug): axum::extract::Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let f = page_form::<PublishForm>(&session, &body, |f| &f.csrf)?;
    let s = cica_domain::Slug::parse(&slug)
        .map_err(|_| WebError::not_found(format!("There is no news item “{slug}”.")))?;
    // A page of an earlier release sends no version: it publishes what is there.
    let expect = match f.version.trim() {
        "" => cica_app::Expect::Any,
        v => v
            .parse::<i64>()
            .map(|v| cica_app::Expect::Version(cica_app::Version(v)))
            .map_err(|_| {
                PageError(WebError::invalid(
                    "version",
                    format!("`{v}` is not a version of the item"),
                ))
            })?,
    };
    match app
        .uses()
        .noted(Some(&f.note))?
        .publish_news(&actor, &s, expect)
        .await
    {
        Err(cica_app::AppError::Stale { .. }) => {
            return Err(PageError(WebError::Conflict(format!(
                "This draft was changed after you opened its page, so it was not published. Open it again at /news/{s} and publish what is there now."
            ))));
        }
        other => other?,
    }
    app.invalidate();
    Ok(see_other(&format!("/news/{s}")))
}

#[derive(Deserialize)]
pub struct BreakForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    stance: String,
    #[serde(default)]
    text: String,
    /// The reason for the record (optional).
    #[serde(default)]
    note: String,
}

/// `POST /silence/{id}/break` (a form on the procedure's page, for a Member State's
/// delegate): breaks silence for the delegate's own state.
pub async fn break_form(
    State(app): State<AppState>,
    Caller(actor): Caller,
    SignedIn(session): SignedIn,
    axum::extract::Path(id): axum::extract::Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let f = page_form::<BreakForm>(&session, &body, |f| &f.csrf)?;
    let s = cica_domain::Slug::parse(&id)
        .map_err(|_| WebError::not_found(format!("There is no silence procedure “{id}”.")))?;
    let Actor::Account {
        grant: Some((_, cica_domain::access::Binding::State(state))),
        ..
    } = &actor
    else {
        return Err(WebError::Forbidden(
            "only a delegate of a Member State breaks silence here, for their own state".into(),
        )
        .into());
    };
    let stance = cica_domain::consensus::Stance::parse(f.stance.trim())
        .ok_or_else(|| WebError::invalid("stance", "choose an objection or an amendment"))?;
    app.uses()
        .noted(Some(&f.note))?
        .break_silence(&actor, &s, state.clone(), stance, &f.text)
        .await?;
    app.invalidate();
    Ok(see_other(&format!("/silence/{s}")))
}
