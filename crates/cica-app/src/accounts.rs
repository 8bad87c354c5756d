//! Accounts: who may sign in, with which role, and the personal tokens scripts use.
//!
//! Passwords are hashed with argon2id (the crate's defaults: 19 MiB, 2 passes, 1 lane, a
//! random 16-byte salt) and kept in PHC form. A personal token is 32 random bytes, shown once;
//! only its SHA-256 is kept, which is enough for a secret of that strength and lets a request
//! be authenticated with one indexed read.

use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use cica_domain::access::{self, Account, Act, Binding, Grant, Role, may};
use cica_store::TokenInfo;
use sha2::{Digest, Sha256};

use crate::{Actor, App, AppError, Result};

/// The shortest password accepted.
pub const MIN_PASSWORD: usize = 12;
/// The longest password accepted (hashing cost grows with it).
pub const MAX_PASSWORD: usize = 1024;
/// What every personal token starts with, so a leaked one is recognisable.
pub const TOKEN_PREFIX: &str = "cica_";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The digest a token is kept and looked up by.
pub fn token_digest(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Checks the shape of an e-mail address (the account's name) and returns it trimmed.
pub fn check_email(email: &str) -> Result<String> {
    let e = email.trim();
    let bad = |why: &str| AppError::invalid("email", format!("`{e}` {why}"));
    if e.is_empty() {
        return Err(AppError::invalid("email", "an e-mail address is required"));
    }
    if e.len() > 254 {
        return Err(bad("is longer than 254 characters"));
    }
    if e.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad("holds spaces or control characters"));
    }
    match e.split_once('@') {
        Some((local, domain))
            if !local.is_empty() && domain.contains('.') && !domain.contains('@') =>
        {
            Ok(e.to_owned())
        }
        _ => Err(bad("is not an e-mail address (name@domain)")),
    }
}

fn check_password(password: &str) -> Result<()> {
    let n = password.chars().count();
    if n < MIN_PASSWORD {
        return Err(AppError::invalid(
            "password",
            format!("is {n} characters long; at least {MIN_PASSWORD} are required"),
        ));
    }
    if n > MAX_PASSWORD {
        return Err(AppError::invalid(
            "password",
            format!("is longer than {MAX_PASSWORD} characters"),
        ));
    }
    Ok(())
}

/// The argon2id hash of a password, in PHC form.
pub fn hash_password(password: &str) -> Result<String> {
    check_password(password)?;
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Rejected(format!("the password could not be hashed: {e}")))
}

/// Password hashing at a time: argon2id is slow and memory-hard on purpose, so it runs on the
/// blocking pool, one at a time, and the request threads keep serving everyone else.
static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

async fn off_thread<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    let _turn = HASHING
        .acquire()
        .await
        .map_err(|e| AppError::Rejected(format!("password hashing is unavailable: {e}")))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| AppError::Rejected(format!("password hashing stopped: {e}")))
}

async fn hash_off_thread(password: &str) -> Result<String> {
    check_password(password)?;
    let password = password.to_owned();
    off_thread(move || hash_password(&password)).await?
}

async fn verify_off_thread(password: &str, phc: String) -> Result<bool> {
    let password = password.to_owned();
    off_thread(move || password_matches(&password, &phc)).await
}

/// Whether `password` is the one `phc` (an argon2id hash in PHC form) was made from.
pub fn verify_password(password: &str, phc: &str) -> bool {
    password_matches(password, phc)
}

fn password_matches(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// What an administrator gives to create an account.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: String,
    pub role: Role,
    pub binding: Binding,
    pub password: String,
}

impl App {
    /// Creates an account with its role from today. Only an administrator (or the command
    /// line) may; the binding must suit the role on that day.
    pub async fn add_account(&self, actor: &Actor, new: NewAccount) -> Result<Account> {
        may(actor, Act::ManageAccounts)?;
        let email = check_email(&new.email)?;
        let today = self.today();
        let statuses = self.binding_statuses(&new.binding).await?;
        access::check_grant(new.role, &new.binding, &statuses, today)?;
        let phc = hash_off_thread(&new.password).await?;
        let grant = Grant {
            role: new.role,
            binding: new.binding,
            from: today,
            until: None,
        };
        Ok(self
            .store()
            .add_account(&email, &phc, &grant, &self.by(actor, None))
            .await?)
    }

    /// Gives an account a new role or binding from today; the one in force ends yesterday,
    /// so the record keeps who could do what on every day.
    pub async fn change_role(
        &self,
        actor: &Actor,
        email: &str,
        role: Role,
        binding: Binding,
    ) -> Result<Account> {
        may(actor, Act::ManageAccounts)?;
        let account = self.existing(email).await?;
        let today = self.today();
        let statuses = self.binding_statuses(&binding).await?;
        access::check_grant(role, &binding, &statuses, today)?;
        Ok(self
            .store()
            .change_grant(
                &account.email,
                &Grant {
                    role,
                    binding,
                    from: today,
                    until: None,
                },
                &self.by(actor, None),
            )
            .await?)
    }

    /// The status history of the state or organization a binding names.
    async fn binding_statuses(&self, binding: &Binding) -> Result<Vec<cica_domain::StatusPeriod>> {
        Ok(match binding {
            Binding::None => Vec::new(),
            Binding::State(code) => {
                self.store()
                    .state(code)
                    .await?
                    .ok_or_else(|| {
                        AppError::invalid("state", format!("no state has the code `{code}`"))
                    })?
                    .statuses
            }
            Binding::Organization(slug) => {
                self.store()
                    .organization(slug)
                    .await?
                    .ok_or_else(|| {
                        AppError::invalid(
                            "organization",
                            format!("no organization has the slug `{slug}`"),
                        )
                    })?
                    .statuses
            }
        })
    }

    pub async fn accounts(&self, actor: &Actor) -> Result<Vec<Account>> {
        may(actor, Act::ManageAccounts)?;
        Ok(self.store().accounts().await?)
    }

    async fn existing(&self, email: &str) -> Result<Account> {
        self.store()
            .account(email.trim())
            .await?
            .ok_or_else(|| AppError::NotFound(format!("no account has the address `{email}`")))
    }

    /// Disables (or enables again) an account: a disabled account cannot sign in and its
    /// tokens stop working at once.
    pub async fn set_disabled(
        &self,
        actor: &Actor,
        email: &str,
        disabled: bool,
    ) -> Result<Account> {
        may(actor, Act::ManageAccounts)?;
        let account = self.existing(email).await?;
        if account.disabled == disabled {
            return Err(AppError::Rejected(format!(
                "{} is already {}",
                account.email,
                if disabled { "disabled" } else { "enabled" }
            )));
        }
        Ok(self
            .store()
            .set_disabled(&account.email, disabled, &self.by(actor, None))
            .await?)
    }

    /// Sets a new password for an account (an administrator's reset).
    pub async fn reset_password(&self, actor: &Actor, email: &str, password: &str) -> Result<()> {
        may(actor, Act::ManageAccounts)?;
        let account = self.existing(email).await?;
        let phc = hash_off_thread(password).await?;
        Ok(self
            .store()
            .set_password(&account.email, &phc, &self.by(actor, None))
            .await?)
    }

    /// Changes the actor's own password, given the current one.
    pub async fn change_password(&self, actor: &Actor, current: &str, new: &str) -> Result<()> {
        let Actor::Account { email, .. } = actor else {
            return Err(access::Denied::Anonymous.into());
        };
        let phc =
            self.store().password_hash(email).await?.ok_or_else(|| {
                AppError::NotFound(format!("no account has the address `{email}`"))
            })?;
        let attempt = self
            .attempt(&[(
                format!("account:{}", email.to_lowercase()),
                MAX_FAILURES_ACCOUNT,
            )])
            .await?;
        if !verify_off_thread(current, phc).await? {
            return Err(AppError::invalid(
                "current",
                "is not the account's password",
            ));
        }
        self.store().sign_in_succeeded(&attempt).await?;
        let phc = hash_off_thread(new).await?;
        Ok(self
            .store()
            .set_password(email, &phc, &self.by(actor, None))
            .await?)
    }

    /// The account with this address and password, if enabled; the same answer for an
    /// unknown address, a wrong password and a disabled account, so none can be told apart.
    pub async fn check_password(&self, email: &str, password: &str) -> Result<Account> {
        let refused = || AppError::Unauthenticated("the address or the password is wrong".into());
        let email = email.trim();
        let Some(phc) = self.store().password_hash(email).await? else {
            // Spend the same time as for a real account.
            let _ = verify_off_thread(password, DUMMY_HASH.to_owned()).await?;
            return Err(refused());
        };
        if !verify_off_thread(password, phc).await? {
            return Err(refused());
        }
        match self.store().account(email).await? {
            Some(a) if !a.disabled => Ok(a),
            _ => Err(refused()),
        }
    }

    /// Issues a personal API token for an account and returns it; it is shown this once.
    pub async fn issue_token(&self, actor: &Actor, email: &str, name: &str) -> Result<String> {
        may(actor, Act::ManageAccounts)?;
        let name = name.trim();
        if name.is_empty() {
            return Err(AppError::invalid("name", "a token needs a name"));
        }
        crate::check_text("name", name, 100)?;
        let account = self.existing(email).await?;
        let mut secret = [0u8; 32];
        OsRng.fill_bytes(&mut secret);
        let token = format!("{TOKEN_PREFIX}{}", hex(&secret));
        self.store()
            .add_token(
                &account.email,
                name,
                &token_digest(&token),
                &self.by(actor, None),
            )
            .await?;
        Ok(token)
    }

    pub async fn revoke_token(&self, actor: &Actor, email: &str, name: &str) -> Result<()> {
        may(actor, Act::ManageAccounts)?;
        let account = self.existing(email).await?;
        Ok(self
            .store()
            .revoke_token(&account.email, name.trim(), &self.by(actor, None))
            .await?)
    }

    pub async fn tokens(&self, actor: &Actor, email: &str) -> Result<Vec<TokenInfo>> {
        may(actor, Act::ManageAccounts)?;
        let account = self.existing(email).await?;
        Ok(self.store().tokens(&account.email).await?)
    }

    /// The actor a personal token stands for, with the grant in force today. An unknown or
    /// revoked token, or one of a disabled account, is refused.
    pub async fn token_actor(&self, token: &str) -> Result<Actor> {
        let token = token.trim();
        if token.is_empty() || token.len() > 200 {
            return Err(AppError::Unauthenticated(
                "the bearer token is not valid".into(),
            ));
        }
        match self.store().token_account(&token_digest(token)).await? {
            Some(account) => Ok(account.actor(self.today())),
            None => Err(AppError::Unauthenticated(
                "the bearer token is not valid (unknown, revoked, or its account disabled)".into(),
            )),
        }
    }
}

/// A valid argon2id hash of a random password, verified against when the address is unknown.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0Vh2kWcQ3YqfX0vRm5o3Vn2w1rFv2cXkTfJt8m8p0yY";

/// How long a browser stays signed in.
pub const SESSION_HOURS: i64 = 12;
/// Failed sign-ins counted against an account or an address, and over how long.
pub const MAX_FAILURES_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_ADDRESS: i64 = 20;
pub const FAILURE_WINDOW_MINUTES: i64 = 15;

/// A session just started: its id goes into the browser's cookie, its form token into every
/// form it is shown.
#[derive(Debug, Clone)]
pub struct Session {
    pub id: String,
    pub csrf: String,
    pub account: Account,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// A fresh random secret, as hex.
pub fn secret() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

impl App {
    /// Signs in with an address and a password, from `address` (the client's IP, for
    /// throttling). Refused alike for an unknown address, a wrong password or a disabled
    /// account; refused without checking the password after too many failures for the
    /// account or the address in the last minutes. A new session id every time, so no id
    /// known before signing in is ever signed in (no fixation).
    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
        address: Option<&str>,
    ) -> Result<Session> {
        let email = email.trim().to_lowercase();
        let mut limits = vec![(format!("account:{email}"), MAX_FAILURES_ACCOUNT)];
        if let Some(a) = address {
            limits.push((format!("address:{a}"), MAX_FAILURES_ADDRESS));
        }
        let attempt = self.attempt(&limits).await?;
        let account = self.check_password(&email, password).await?;
        self.store().sign_in_succeeded(&attempt).await?;
        let now = self.now();
        let id = secret();
        let csrf = secret();
        let expires_at = now + chrono::Duration::hours(SESSION_HOURS);
        let actor = account.actor(self.today());
        self.store()
            .start_session(
                &account.email,
                &token_digest(&id),
                &csrf,
                expires_at,
                &self.by(&actor, None),
            )
            .await?;
        Ok(Session {
            id,
            csrf,
            account,
            expires_at,
        })
    }

    /// Counts an attempt against each of `limits` before the password is checked, so that
    /// attempts sent at once cannot slip past the limit; refused when a limit is reached.
    async fn attempt(&self, limits: &[(String, i64)]) -> Result<Vec<i64>> {
        let now = self.now();
        let since = now - chrono::Duration::minutes(FAILURE_WINDOW_MINUTES);
        self.store()
            .sign_in_attempt(limits, now, since)
            .await?
            .ok_or_else(|| {
                AppError::Throttled(format!(
                    "too many failed sign-ins; try again in {FAILURE_WINDOW_MINUTES} minutes"
                ))
            })
    }

    /// The actor of a browser's session id, with the session's form token; `None` for an
    /// unknown or expired session or a disabled account.
    pub async fn session_actor(&self, id: &str) -> Result<Option<(Actor, String)>> {
        let id = id.trim();
        if id.is_empty() || id.len() > 200 {
            return Ok(None);
        }
        Ok(self
            .store()
            .session(&token_digest(id), self.now())
            .await?
            .map(|(account, csrf)| (account.actor(self.today()), csrf)))
    }

    /// Ends a browser's session.
    pub async fn sign_out(&self, actor: &Actor, id: &str) -> Result<()> {
        Ok(self
            .store()
            .end_session(&token_digest(id.trim()), &self.by(actor, None))
            .await?)
    }
}
