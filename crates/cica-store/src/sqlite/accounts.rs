//! Accounts, their dated grants and personal tokens. Every change is audited in its own
//! transaction; secrets enter only as hashes.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use cica_domain::access::{Account, Binding, Grant, Role};
use cica_domain::{Slug, StateCode, parse_day};
use serde_json::json;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, Sqlite, SqlitePool, Transaction};

use super::audit::{Change, append};
use super::corrupt;
use crate::{Attribution, Result, StoreError, TokenInfo};

fn text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn instant(record: &str, t: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(t)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| corrupt(record, e.to_string()))
}

fn day(record: &str, t: &str) -> Result<NaiveDate> {
    parse_day(t).map_err(|e| corrupt(record, e.to_string()))
}

fn grant_from(row: &SqliteRow) -> Result<Grant> {
    let r = "account grant";
    let role: String = row.try_get("role")?;
    let state: Option<String> = row.try_get("state")?;
    let organization: Option<String> = row.try_get("organization")?;
    let from: String = row.try_get("from_day")?;
    let until: Option<String> = row.try_get("until_day")?;
    let binding = match (state, organization) {
        (Some(c), _) => {
            Binding::State(StateCode::parse(&c).map_err(|e| corrupt(r, e.to_string()))?)
        }
        (None, Some(o)) => {
            Binding::Organization(Slug::parse(&o).map_err(|e| corrupt(r, e.to_string()))?)
        }
        (None, None) => Binding::None,
    };
    Ok(Grant {
        role: Role::parse(&role).ok_or_else(|| corrupt(r, format!("unknown role `{role}`")))?,
        binding,
        from: day(r, &from)?,
        until: until.as_deref().map(|u| day(r, u)).transpose()?,
    })
}

async fn account_from<'e, E>(executor: E, row: &SqliteRow) -> Result<Account>
where
    E: sqlx::Executor<'e, Database = Sqlite>,
{
    let id: i64 = row.try_get("id")?;
    let created: String = row.try_get("created_at")?;
    let grants = sqlx::query("SELECT * FROM account_grants WHERE account = $1 ORDER BY from_day")
        .bind(id)
        .fetch_all(executor)
        .await?
        .iter()
        .map(grant_from)
        .collect::<Result<_>>()?;
    Ok(Account {
        id,
        email: row.try_get("email")?,
        disabled: row.try_get::<i64, _>("disabled")? != 0,
        created_at: instant("account", &created)?,
        grants,
    })
}

fn grant_json(g: &Grant) -> serde_json::Value {
    let (state, organization) = match &g.binding {
        Binding::None => (None, None),
        Binding::State(c) => (Some(c.to_string()), None),
        Binding::Organization(o) => (None, Some(o.to_string())),
    };
    json!({
        "role": g.role.as_str(),
        "state": state,
        "organization": organization,
        "from": g.from.format("%Y-%m-%d").to_string(),
        "until": g.until.map(|u| u.format("%Y-%m-%d").to_string()),
    })
}

fn account_json(a: &Account) -> serde_json::Value {
    json!({
        "email": a.email,
        "disabled": a.disabled,
        "grants": a.grants.iter().map(grant_json).collect::<Vec<_>>(),
    })
}

async fn find(tx: &mut Transaction<'_, Sqlite>, email: &str) -> Result<Account> {
    let row = sqlx::query("SELECT * FROM accounts WHERE email = $1")
        .bind(email)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("no account has the address `{email}`")))?;
    account_from(&mut **tx, &row).await
}

pub(super) async fn add(
    pool: &SqlitePool,
    email: &str,
    password: &str,
    grant: &Grant,
    by: &Attribution,
) -> Result<Account> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM accounts WHERE email = $1")
        .bind(email)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        return Err(StoreError::Conflict(format!(
            "an account with the address `{email}` already exists"
        )));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO accounts (email, password, created_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(email)
    .bind(password)
    .bind(text(by.at))
    .fetch_one(&mut *tx)
    .await?;
    insert_grant(&mut tx, id, grant).await?;
    let account = find(&mut tx, email).await?;
    append(
        &mut tx,
        by,
        Change::new("account.add", format!("account/{}", account.email))
            .after(account_json(&account)),
    )
    .await?;
    tx.commit().await?;
    Ok(account)
}

async fn insert_grant(tx: &mut Transaction<'_, Sqlite>, account: i64, grant: &Grant) -> Result<()> {
    let (state, organization) = match &grant.binding {
        Binding::None => (None, None),
        Binding::State(c) => (Some(c.as_str()), None),
        Binding::Organization(o) => (None, Some(o.as_str())),
    };
    sqlx::query(
        "INSERT INTO account_grants (account, role, state, organization, from_day, until_day) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(account)
    .bind(grant.role.as_str())
    .bind(state)
    .bind(organization)
    .bind(grant.from.format("%Y-%m-%d").to_string())
    .bind(grant.until.map(|u| u.format("%Y-%m-%d").to_string()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(super) async fn change_grant(
    pool: &SqlitePool,
    email: &str,
    grant: &Grant,
    by: &Attribution,
) -> Result<Account> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let before = find(&mut tx, email).await?;
    let from = grant.from.format("%Y-%m-%d").to_string();
    // A grant that began the same day is replaced; later ones cannot exist yet.
    sqlx::query("DELETE FROM account_grants WHERE account = $1 AND from_day >= $2")
        .bind(before.id)
        .bind(&from)
        .execute(&mut *tx)
        .await?;
    if let Some(eve) = grant.from.pred_opt() {
        sqlx::query(
            "UPDATE account_grants SET until_day = $1 WHERE account = $2 AND (until_day IS NULL OR until_day > $1)",
        )
        .bind(eve.format("%Y-%m-%d").to_string())
        .bind(before.id)
        .execute(&mut *tx)
        .await?;
    }
    insert_grant(&mut tx, before.id, grant).await?;
    let after = find(&mut tx, email).await?;
    append(
        &mut tx,
        by,
        Change::new("account.role", format!("account/{}", after.email))
            .before(account_json(&before))
            .after(account_json(&after)),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

pub(super) async fn all(pool: &SqlitePool) -> Result<Vec<Account>> {
    let rows = sqlx::query("SELECT * FROM accounts ORDER BY email")
        .fetch_all(pool)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        out.push(account_from(pool, row).await?);
    }
    Ok(out)
}

pub(super) async fn one(pool: &SqlitePool, email: &str) -> Result<Option<Account>> {
    let Some(row) = sqlx::query("SELECT * FROM accounts WHERE email = $1")
        .bind(email)
        .fetch_optional(pool)
        .await?
    else {
        return Ok(None);
    };
    account_from(pool, &row).await.map(Some)
}

pub(super) async fn password(pool: &SqlitePool, email: &str) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT password FROM accounts WHERE email = $1")
            .bind(email)
            .fetch_optional(pool)
            .await?,
    )
}

pub(super) async fn set_disabled(
    pool: &SqlitePool,
    email: &str,
    disabled: bool,
    by: &Attribution,
) -> Result<Account> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let before = find(&mut tx, email).await?;
    sqlx::query("UPDATE accounts SET disabled = $1 WHERE id = $2")
        .bind(i64::from(disabled))
        .bind(before.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE account = $1")
        .bind(before.id)
        .execute(&mut *tx)
        .await?;
    let after = find(&mut tx, email).await?;
    append(
        &mut tx,
        by,
        Change::new(
            if disabled {
                "account.disable"
            } else {
                "account.enable"
            },
            format!("account/{}", after.email),
        )
        .before(json!({ "disabled": before.disabled }))
        .after(json!({ "disabled": after.disabled })),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

pub(super) async fn set_password(
    pool: &SqlitePool,
    email: &str,
    password: &str,
    by: &Attribution,
) -> Result<()> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let account = find(&mut tx, email).await?;
    sqlx::query("UPDATE accounts SET password = $1 WHERE id = $2")
        .bind(password)
        .bind(account.id)
        .execute(&mut *tx)
        .await?;
    // A new password signs every browser out.
    sqlx::query("DELETE FROM sessions WHERE account = $1")
        .bind(account.id)
        .execute(&mut *tx)
        .await?;
    // The hash itself is never copied into the trail.
    append(
        &mut tx,
        by,
        Change::new("account.password", format!("account/{}", account.email)),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn add_token(
    pool: &SqlitePool,
    email: &str,
    name: &str,
    digest: &str,
    by: &Attribution,
) -> Result<()> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let account = find(&mut tx, email).await?;
    let live: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM api_tokens WHERE account = $1 AND name = $2 AND revoked_at IS NULL",
    )
    .bind(account.id)
    .bind(name)
    .fetch_optional(&mut *tx)
    .await?;
    if live.is_some() {
        return Err(StoreError::Conflict(format!(
            "{email} already has a token named `{name}`; revoke it first or choose another name"
        )));
    }
    sqlx::query(
        "INSERT INTO api_tokens (account, name, digest, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(account.id)
    .bind(name)
    .bind(digest)
    .bind(text(by.at))
    .execute(&mut *tx)
    .await?;
    append(
        &mut tx,
        by,
        Change::new("token.add", format!("account/{}", account.email))
            .after(json!({ "token": name })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn revoke_token(
    pool: &SqlitePool,
    email: &str,
    name: &str,
    by: &Attribution,
) -> Result<()> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let account = find(&mut tx, email).await?;
    let done = sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE account = $2 AND name = $3 AND revoked_at IS NULL",
    )
    .bind(text(by.at))
    .bind(account.id)
    .bind(name)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound(format!(
            "{email} has no live token named `{name}`"
        )));
    }
    append(
        &mut tx,
        by,
        Change::new("token.revoke", format!("account/{}", account.email))
            .before(json!({ "token": name, "revoked": false }))
            .after(json!({ "token": name, "revoked": true })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn tokens(pool: &SqlitePool, email: &str) -> Result<Vec<TokenInfo>> {
    let rows = sqlx::query(
        "SELECT t.name, t.created_at, t.revoked_at FROM api_tokens t JOIN accounts a ON a.id = t.account \
         WHERE a.email = $1 ORDER BY t.id",
    )
    .bind(email)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let created: String = r.try_get("created_at")?;
            let revoked: Option<String> = r.try_get("revoked_at")?;
            Ok(TokenInfo {
                name: r.try_get("name")?,
                created_at: instant("token", &created)?,
                revoked_at: revoked
                    .as_deref()
                    .map(|t| instant("token", t))
                    .transpose()?,
            })
        })
        .collect()
}

pub(super) async fn token_account(pool: &SqlitePool, digest: &str) -> Result<Option<Account>> {
    let Some(row) = sqlx::query(
        "SELECT a.* FROM api_tokens t JOIN accounts a ON a.id = t.account \
         WHERE t.digest = $1 AND t.revoked_at IS NULL AND a.disabled = 0",
    )
    .bind(digest)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    account_from(pool, &row).await.map(Some)
}

pub(super) async fn start_session(
    pool: &SqlitePool,
    email: &str,
    digest: &str,
    csrf: &str,
    expires_at: DateTime<Utc>,
    by: &Attribution,
) -> Result<()> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let account = find(&mut tx, email).await?;
    if account.disabled {
        return Err(StoreError::Rejected(format!("{email} is disabled")));
    }
    // Expired sessions go as new ones come.
    sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(text(by.at))
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO sessions (digest, account, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(digest)
    .bind(account.id)
    .bind(csrf)
    .bind(text(by.at))
    .bind(text(expires_at))
    .execute(&mut *tx)
    .await?;
    append(
        &mut tx,
        by,
        Change::new("session.start", format!("account/{}", account.email))
            .after(json!({ "expires_at": text(expires_at) })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn session(
    pool: &SqlitePool,
    digest: &str,
    now: DateTime<Utc>,
) -> Result<Option<(Account, String)>> {
    let Some(row) = sqlx::query(
        "SELECT a.*, s.csrf FROM sessions s JOIN accounts a ON a.id = s.account \
         WHERE s.digest = $1 AND s.expires_at > $2 AND a.disabled = 0",
    )
    .bind(digest)
    .bind(text(now))
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let csrf: String = row.try_get("csrf")?;
    Ok(Some((account_from(pool, &row).await?, csrf)))
}

pub(super) async fn end_session(pool: &SqlitePool, digest: &str, by: &Attribution) -> Result<()> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let email: Option<String> = sqlx::query_scalar(
        "SELECT a.email FROM sessions s JOIN accounts a ON a.id = s.account WHERE s.digest = $1",
    )
    .bind(digest)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(email) = email else {
        return Ok(());
    };
    sqlx::query("DELETE FROM sessions WHERE digest = $1")
        .bind(digest)
        .execute(&mut *tx)
        .await?;
    append(
        &mut tx,
        by,
        Change::new("session.end", format!("account/{email}")),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn sign_in_attempt(
    pool: &SqlitePool,
    limits: &[(String, i64)],
    at: DateTime<Utc>,
    since: DateTime<Utc>,
) -> Result<Option<Vec<i64>>> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    sqlx::query("DELETE FROM sign_in_failures WHERE at < $1")
        .bind(text(since))
        .execute(&mut *tx)
        .await?;
    for (key, max) in limits {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM sign_in_failures WHERE key = $1")
            .bind(key)
            .fetch_one(&mut *tx)
            .await?;
        if n >= *max {
            return Ok(None);
        }
    }
    let mut ids = Vec::with_capacity(limits.len());
    for (key, _) in limits {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO sign_in_failures (key, at) VALUES ($1, $2) RETURNING rowid",
        )
        .bind(key)
        .bind(text(at))
        .fetch_one(&mut *tx)
        .await?;
        ids.push(id);
    }
    tx.commit().await?;
    Ok(Some(ids))
}

pub(super) async fn sign_in_succeeded(pool: &SqlitePool, attempt: &[i64]) -> Result<()> {
    let mut tx = pool.begin().await?;
    for id in attempt {
        sqlx::query("DELETE FROM sign_in_failures WHERE rowid = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}
