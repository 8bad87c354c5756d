//! Account administration in the browser, for administrators (the rights table's
//! `ManageAccounts`): the accounts with their role, binding and state; adding one; changing
//! its role from today; disabling and enabling it; resetting its password; its personal
//! tokens, issued (shown once) and revoked.
//!
//! Every form calls the same use case as `cica users …`, carries the session's form token,
//! and works without scripts; a refusal is shown next to the field it concerns, with what was
//! typed kept (passwords excepted). To everyone but an administrator these addresses do not
//! exist (404), as the Secretariat's own pages do not for the public.

use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use axum::routing::{MethodRouter, get, post};
use cica_app::accounts::NewAccount;
use cica_app::{Actor, AppError};
use cica_domain::access::{Account, Act, Binding, Role, grant_on};
use cica_domain::{Slug, StateCode};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use crate::accounts::{private, render, see_other};
use crate::error::WebError;
use crate::forms::{Form, capitalised, fields, form_of, noted};
use crate::pages::{Layout, PageError};
use crate::present::role_label;
use crate::state::AppState;
use crate::write::{BrowserSession, allowed_page, form_session};

/// Every route of the account administration, with the methods it takes: the router is built
/// from this table and the tests hold the rights matrix to it.
pub fn routes() -> Vec<(
    &'static str,
    &'static [&'static str],
    MethodRouter<AppState>,
)> {
    const GET_POST: &[&str] = &["GET", "POST"];
    const GET: &[&str] = &["GET"];
    const POST: &[&str] = &["POST"];
    vec![
        (
            "/admin/accounts",
            GET_POST,
            get(accounts_page).post(add_account),
        ),
        ("/admin/accounts/{email}", GET, get(account_page)),
        ("/admin/accounts/{email}/role", POST, post(change_role)),
        ("/admin/accounts/{email}/disable", POST, post(disable)),
        ("/admin/accounts/{email}/enable", POST, post(enable)),
        (
            "/admin/accounts/{email}/password",
            POST,
            post(reset_password),
        ),
        ("/admin/accounts/{email}/tokens", POST, post(issue_token)),
        (
            "/admin/accounts/{email}/tokens/revoke",
            POST,
            post(revoke_token),
        ),
    ]
}

/// An administrator, or a 404 for anyone else (the public included), decided before any body
/// is read.
pub struct Administrator(pub Actor);

impl FromRequestParts<AppState> for Administrator {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, PageError> {
        allowed_page(parts, app, Act::ManageAccounts)
            .await
            .map(Self)
    }
}

/// Characters percent-encoded in an address's path segment.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// The address of an account's administration page.
fn account_url(email: &str) -> String {
    format!("/admin/accounts/{}", utf8_percent_encode(email, SEGMENT))
}

const ROLES: [Role; 4] = [
    Role::MemberDelegate,
    Role::ObserverDelegate,
    Role::Editor,
    Role::Administrator,
];

/// Puts a use case's refusal next to its field (`binding` next to `binding_field`); a
/// refusal of no field goes above the form. Anything else is the page's error.
fn refused(form: &mut Form, e: AppError, binding_field: &str) -> Result<(), PageError> {
    match e {
        AppError::Invalid { field, problem } => {
            let field = if field == "binding" {
                binding_field.to_owned()
            } else {
                field
            };
            form.refuse(&field, problem);
        }
        AppError::Conflict(m) => form.refuse("email", m),
        AppError::Rejected(m) => form.message = capitalised(&m),
        other => return Err(other.into()),
    }
    Ok(())
}

/// The role and binding a form names, parsed for the use case; refusals go to the form.
fn role_and_binding(form: &mut Form) -> Option<(Role, Binding)> {
    let role = Role::parse(form.v("role").trim());
    if role.is_none() {
        form.refuse("role", "choose a role");
    }
    let state = form.v("state").trim().to_owned();
    let organization = form.v("organization").trim().to_owned();
    let binding = match (state.is_empty(), organization.is_empty()) {
        (true, true) => Some(Binding::None),
        (false, false) => {
            form.refuse("organization", "give a state or an organization, not both");
            None
        }
        (false, true) => match StateCode::parse(&state.to_uppercase()) {
            Ok(c) => Some(Binding::State(c)),
            Err(e) => {
                form.refuse("state", e.to_string());
                None
            }
        },
        (true, false) => match Slug::parse(&organization) {
            Ok(s) => Some(Binding::Organization(s)),
            Err(e) => {
                form.refuse("organization", e.to_string());
                None
            }
        },
    };
    Some((role?, binding?))
}

/// Where a refusal of the binding is shown: the field that was filled in.
fn binding_field(form: &Form) -> &'static str {
    if form.v("organization").trim().is_empty() {
        "state"
    } else {
        "organization"
    }
}

/// What a finished action says on the page it leads back to (by a fixed key, so nothing sent
/// is ever echoed from the address).
fn done_message(query: Option<&str>) -> &'static str {
    match query.unwrap_or_default() {
        "done=added" => "The account was added. Its holder signs in with the password you gave.",
        "done=role" => {
            "The new role holds from today; the one held until yesterday stays on record."
        }
        "done=disabled" => {
            "The account is disabled: it cannot sign in, and its sessions and tokens no longer work."
        }
        "done=enabled" => "The account is enabled again.",
        "done=password" => {
            "The password is changed. Give it to the account's holder by a safe way."
        }
        "done=revoked" => "The token is revoked; it no longer works.",
        _ => "",
    }
}

// ---------------------------------------------------------------------------------------------
// The list of accounts, and adding one.

pub struct AccountRow {
    pub email: String,
    pub url: String,
    pub role: String,
    pub binding: String,
    pub since: String,
    pub disabled: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_accounts.html")]
struct AccountsPage {
    l: Layout,
    csrf: String,
    rows: Vec<AccountRow>,
    add: Form,
    done: &'static str,
    roles: Vec<(&'static str, &'static str)>,
}

fn binding_label(app: &AppState, binding: &Binding) -> String {
    let dir = app.directory();
    match binding {
        Binding::None => String::new(),
        Binding::State(c) => format!("{} ({c})", dir.state_name(c)),
        Binding::Organization(s) => dir.organization_name(s).to_owned(),
    }
}

fn row(app: &AppState, a: &Account, today: chrono::NaiveDate) -> AccountRow {
    let grant = grant_on(&a.grants, today);
    AccountRow {
        email: a.email.clone(),
        url: account_url(&a.email),
        role: grant
            .map_or("No role in force", |g| role_label(g.role))
            .to_owned(),
        binding: grant.map_or(String::new(), |g| binding_label(app, &g.binding)),
        since: grant.map_or(String::new(), |g| g.from.to_string()),
        disabled: a.disabled,
    }
}

fn roles() -> Vec<(&'static str, &'static str)> {
    ROLES.iter().map(|r| (r.as_str(), role_label(*r))).collect()
}

async fn list(
    app: &AppState,
    actor: &Actor,
    csrf: String,
    add: Form,
    done: &'static str,
) -> Result<Response, PageError> {
    app.sync().await?;
    let today = app.today();
    let rows = app
        .uses()
        .accounts(actor)
        .await?
        .iter()
        .map(|a| row(app, a, today))
        .collect();
    let status = if add.failed() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    Ok(private(render(
        AccountsPage {
            l: Layout::new("Accounts", "account"),
            csrf,
            rows,
            add,
            done,
            roles: roles(),
        },
        status,
    )))
}

/// `GET /admin/accounts`: every account, and the form to add one.
pub async fn accounts_page(
    State(app): State<AppState>,
    Administrator(actor): Administrator,
    s: Option<axum::Extension<BrowserSession>>,
    RawQuery(q): RawQuery,
) -> Result<Response, PageError> {
    let csrf = crate::accounts::form_token(s.as_ref());
    list(
        &app,
        &actor,
        csrf,
        Form::default(),
        done_message(q.as_deref()),
    )
    .await
}

/// `POST /admin/accounts`: adds an account (`cica users add`), with the password the
/// administrator typed.
pub async fn add_account(
    State(app): State<AppState>,
    Administrator(actor): Administrator,
    s: Option<axum::Extension<BrowserSession>>,
    body: Bytes,
) -> Result<Response, PageError> {
    let session = form_session(s)?;
    let sent = fields(&session, &body)?;
    let password = sent.get("password").cloned().unwrap_or_default();
    let confirm = sent.get("confirm").cloned().unwrap_or_default();
    let mut form = form_of(sent);
    let parsed = role_and_binding(&mut form);
    if password != confirm {
        form.refuse("confirm", "the two passwords differ");
    }
    let uses = noted(&app, &mut form);
    if let (Some((role, binding)), Some(uses), false) = (parsed, uses, form.failed()) {
        let new = NewAccount {
            email: form.v("email").to_owned(),
            role,
            binding,
            password,
        };
        match uses.add_account(&actor, new).await {
            Ok(a) => return Ok(see_other(&format!("{}?done=added", account_url(&a.email)))),
            Err(e) => {
                let field = binding_field(&form);
                refused(&mut form, e, field)?;
            }
        }
    }
    list(&app, &actor, session.csrf, form, "").await
}

// ---------------------------------------------------------------------------------------------
// One account.

pub struct GrantRow {
    pub role: String,
    pub binding: String,
    pub from: String,
    pub until: String,
}

pub struct TokenRow {
    pub name: String,
    pub issued: String,
    pub revoked: String,
}

/// The forms of an account's page, each with what was typed and its refusals.
#[derive(Default)]
struct Forms {
    role: Form,
    access: Form,
    password: Form,
    token: Form,
    revoke: Form,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_account.html")]
struct AccountPage {
    l: Layout,
    csrf: String,
    email: String,
    url: String,
    current: AccountRow,
    created: String,
    today: String,
    grants: Vec<GrantRow>,
    tokens: Vec<TokenRow>,
    roles: Vec<(&'static str, &'static str)>,
    f: Forms,
    /// A token just issued: its name and the secret, shown this once.
    issued: Option<(String, String)>,
    done: &'static str,
}

async fn existing(app: &AppState, actor: &Actor, email: &str) -> Result<Account, PageError> {
    app.uses()
        .accounts(actor)
        .await?
        .into_iter()
        .find(|a| a.email.eq_ignore_ascii_case(email.trim()))
        .ok_or_else(|| {
            PageError(WebError::not_found(format!(
                "There is no account with the address “{email}”."
            )))
        })
}

#[allow(clippy::too_many_arguments)]
async fn show(
    app: &AppState,
    actor: &Actor,
    csrf: String,
    email: &str,
    f: Forms,
    issued: Option<(String, String)>,
    done: &'static str,
    status: StatusCode,
) -> Result<Response, PageError> {
    app.sync().await?;
    let account = existing(app, actor, email).await?;
    let today = app.today();
    let mut f = f;
    if f.role.values.is_empty()
        && let Some(g) = grant_on(&account.grants, today)
    {
        // The role form starts from the role in force.
        let (state, organization) = match &g.binding {
            Binding::None => (String::new(), String::new()),
            Binding::State(c) => (c.to_string(), String::new()),
            Binding::Organization(s) => (String::new(), s.to_string()),
        };
        f.role.values = [
            ("role".to_owned(), g.role.as_str().to_owned()),
            ("state".to_owned(), state),
            ("organization".to_owned(), organization),
        ]
        .into();
    }
    let tokens = app
        .uses()
        .tokens(actor, &account.email)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            name: t.name,
            issued: t.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            revoked: t
                .revoked_at
                .map(|r| r.format("%Y-%m-%d %H:%M UTC").to_string())
                .unwrap_or_default(),
        })
        .collect();
    let mut grants: Vec<GrantRow> = account
        .grants
        .iter()
        .map(|g| GrantRow {
            role: role_label(g.role).to_owned(),
            binding: binding_label(app, &g.binding),
            from: g.from.to_string(),
            until: g.until.map(|u| u.to_string()).unwrap_or_default(),
        })
        .collect();
    grants.reverse();
    Ok(private(render(
        AccountPage {
            l: Layout::new(&account.email, "account"),
            csrf,
            email: account.email.clone(),
            url: account_url(&account.email),
            current: row(app, &account, today),
            created: account.created_at.format("%Y-%m-%d").to_string(),
            today: today.to_string(),
            grants,
            tokens,
            roles: roles(),
            f,
            issued,
            done,
        },
        status,
    )))
}

/// `GET /admin/accounts/{email}`: an account, its roles over time, its tokens, and the forms
/// that change them.
pub async fn account_page(
    State(app): State<AppState>,
    Administrator(actor): Administrator,
    s: Option<axum::Extension<BrowserSession>>,
    Path(email): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Response, PageError> {
    let csrf = crate::accounts::form_token(s.as_ref());
    show(
        &app,
        &actor,
        csrf,
        &email,
        Forms::default(),
        None,
        done_message(q.as_deref()),
        StatusCode::OK,
    )
    .await
}

/// The end of an account form: back to the account's page with what was done, or the page
/// again with the refusals.
async fn finish(
    app: &AppState,
    actor: &Actor,
    session: BrowserSession,
    email: &str,
    outcome: Result<&str, Forms>,
) -> Result<Response, PageError> {
    match outcome {
        Ok(done) => Ok(see_other(&format!("{}?done={done}", account_url(email)))),
        Err(f) => {
            show(
                app,
                actor,
                session.csrf,
                email,
                f,
                None,
                "",
                StatusCode::BAD_REQUEST,
            )
            .await
        }
    }
}

/// `POST /admin/accounts/{email}/role`: a new role or binding from today (`cica users role`).
pub async fn change_role(
    State(app): State<AppState>,
    Administrator(actor): Administrator,
    s: Option<axum::Extension<BrowserSession>>,
    Path(email): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let session = form_session(s)?;
    let mut form = form_of(fields(&session, &body)?);
    let parsed = role_and_binding(&mut form);
    let uses = noted(&app, &mut form);
    if let (Some((role, binding)), Some(uses), false) = (parsed, uses, form.failed()) {
        match uses.change_role(&actor, &email, role, binding).await {
            Ok(_) => return finish(&app, &actor, session, &email, Ok("role")).await,
            Err(e) => {
                let field = binding_field(&form);
                refused(&mut form, e, field)?;
            }
        }
    }
    let f = Forms {
        role: form,
        ..Forms::default()
    };
    finish(&app, &actor, session, &email, Err(f)).await
}

async fn set_disabled(
    app: AppState,
    actor: Actor,
    s: Option<axum::Extension<BrowserSession>>,
    email: String,
    body: Bytes,
    disabled: bool,
) -> Result<Response, PageError> {
    let session = form_session(s)?;
    let mut form = form_of(fields(&session, &body)?);
    if let Some(uses) = noted(&app, &mut form) {
        match uses.set_disabled(&actor, &email, disabled).await {
            Ok(_) => {
                let done = if disabled { "disabled" } else { "enabled" };
                return finish(&app, &actor, session, &email, Ok(done)).await;
            }
            Err(e) => refused(&mut form, e, "note")?,
        }
    }
    let f = Forms {
        access: form,
        ..Forms::default()
    };
    finish(&app, &actor, session, &email, Err(f)).await
}

/// `POST /admin/accounts/{email}/disable`: the account can no longer sign in; its sessions
/// and tokens stop working at once (`cica users disable`).
pub async fn disable(
    State(app): State<AppState>,
    Administrator(actor): Administrator,
    s: Option<axum::Extension<BrowserSession>>,
    Path(email): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    set_disabled(app, actor, s, email, body, true).await
}

/// `POST /admin/accounts/{email}/enable` (`cica users enable`).
pub async fn enable(
    State(app): State<AppState>,
    Administrator(actor): Administrator,
    s: Option<axum::Extension<BrowserSession>>,
    Path(email): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    set_disabled(app, actor, s, email, body, false).await
}

/// `POST /admin/accounts/{email}/password`: a new password the administrator typed
/// (`cica users reset`).
pub async fn reset_password(
    State(app): State<AppState>,
    Administrator(actor): Administrator,
    s: Option<axum::Extension<BrowserSession>>,
    Path(email): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let session = form_session(s)?;
    let sent = fields(&session, &body)?;
    let password = sent.get("password").cloned().unwrap_or_default();
    let confirm = sent.get("confirm").cloned().unwrap_or_default();
    let mut form = form_of(sent);
    if password != confirm {
        form.refuse("confirm", "the two passwords differ");
    }
    let uses = noted(&app, &mut form);
    if let (Some(uses), false) = (uses, form.failed()) {
        match uses.reset_password(&actor, &email, &password).await {
            Ok(()) => return finish(&app, &actor, session, &email, Ok("password")).await,
            Err(e) => refused(&mut form, e, "password")?,
        }
    }
    let f = Forms {
        password: form,
        ..Forms::default()
    };
    finish(&app, &actor, session, &email, Err(f)).await
}

/// `POST /admin/accounts/{email}/tokens`: issues a personal token (`cica users token`) and
/// shows it on the page this once; it is never kept, so the page is not kept either.
pub async fn issue_token(
    State(app): State<AppState>,
    Administrator(actor): Administrator,
    s: Option<axum::Extension<BrowserSession>>,
    Path(email): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let session = form_session(s)?;
    let mut form = form_of(fields(&session, &body)?);
    if let Some(uses) = noted(&app, &mut form) {
        let name = form.v("name").trim().to_owned();
        match uses.issue_token(&actor, &email, &name).await {
            Ok(token) => {
                return show(
                    &app,
                    &actor,
                    session.csrf,
                    &email,
                    Forms::default(),
                    Some((name, token)),
                    "",
                    StatusCode::CREATED,
                )
                .await;
            }
            Err(e) => refused(&mut form, e, "name")?,
        }
    }
    let f = Forms {
        token: form,
        ..Forms::default()
    };
    finish(&app, &actor, session, &email, Err(f)).await
}

/// `POST /admin/accounts/{email}/tokens/revoke`: revokes a token by name
/// (`cica users revoke`).
pub async fn revoke_token(
    State(app): State<AppState>,
    Administrator(actor): Administrator,
    s: Option<axum::Extension<BrowserSession>>,
    Path(email): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let session = form_session(s)?;
    let mut form = form_of(fields(&session, &body)?);
    if let Some(uses) = noted(&app, &mut form) {
        match uses.revoke_token(&actor, &email, form.v("name")).await {
            Ok(()) => return finish(&app, &actor, session, &email, Ok("revoked")).await,
            Err(AppError::NotFound(m)) => form.message = capitalised(&m),
            Err(e) => refused(&mut form, e, "name")?,
        }
    }
    let f = Forms {
        revoke: form,
        ..Forms::default()
    };
    finish(&app, &actor, session, &email, Err(f)).await
}
