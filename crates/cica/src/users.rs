//! `cica users …` and `cica audit …`: accounts, personal tokens and the audit trail, from the
//! command line, which acts as the operating-system user running it.

use std::io::BufRead;

use anyhow::{Context, Result, bail};
use cica_app::App;
use cica_app::accounts::NewAccount;
use cica_domain::access::{Binding, Role};
use cica_domain::{Slug, StateCode};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Create an account. The password is read from the first line of standard input.
    Add {
        email: String,
        /// member-delegate, observer-delegate, editor or administrator
        #[arg(long)]
        role: String,
        /// The Member or Observer State a delegate speaks for.
        #[arg(long, conflicts_with = "organization")]
        state: Option<String>,
        /// The observer organization an observer delegate speaks for.
        #[arg(long)]
        organization: Option<String>,
        /// Read the password from standard input (required: there is no default password).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Give an account a new role or binding from today (the one in force ends yesterday).
    Role {
        email: String,
        #[arg(long)]
        role: String,
        #[arg(long, conflicts_with = "organization")]
        state: Option<String>,
        #[arg(long)]
        organization: Option<String>,
    },
    /// List the accounts with their role, binding and state.
    List,
    /// Disable an account: it can no longer sign in, and its tokens stop working.
    Disable { email: String },
    /// Enable a disabled account again.
    Enable { email: String },
    /// Set a new password, read from the first line of standard input.
    Reset {
        email: String,
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Issue a personal API token; it is printed once, alone on the last line.
    Token {
        email: String,
        #[arg(long, default_value = "api")]
        name: String,
    },
    /// List an account's tokens (names and dates; the secrets are never kept).
    Tokens { email: String },
    /// Revoke an account's token by name.
    Revoke { email: String, name: String },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check that the trail is intact: exit 0 if so, otherwise name the first entry that was
    /// edited, removed or moved, and exit 1.
    Verify,
    /// Show the trail, of one record (`--record silence/…`) or all.
    Log {
        #[arg(long)]
        record: Option<String>,
    },
}

fn binding(state: Option<String>, organization: Option<String>) -> Result<Binding> {
    Ok(match (state, organization) {
        (Some(s), _) => Binding::State(StateCode::parse(&s).context("--state")?),
        (None, Some(o)) => Binding::Organization(Slug::parse(&o).context("--organization")?),
        (None, None) => Binding::None,
    })
}

fn password_from_stdin() -> Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        bail!("no password on standard input");
    }
    Ok(password)
}

pub async fn users(app: App, cmd: UsersCommand) -> Result<()> {
    let actor = crate::actor();
    match cmd {
        UsersCommand::Add {
            email,
            role,
            state,
            organization,
            password_stdin: _,
        } => {
            let role = Role::parse(role.trim())
                .with_context(|| format!("--role: `{role}` is not one of {}", Role::expected()))?;
            let binding = match (state, organization) {
                (Some(s), _) => Binding::State(StateCode::parse(&s).context("--state")?),
                (None, Some(o)) => {
                    Binding::Organization(Slug::parse(&o).context("--organization")?)
                }
                (None, None) => Binding::None,
            };
            let password = password_from_stdin()?;
            let a = app
                .add_account(
                    &actor,
                    NewAccount {
                        email,
                        role,
                        binding,
                        password,
                    },
                )
                .await?;
            println!("added {} ({role}, from {})", a.email, app.today());
        }
        UsersCommand::Role {
            email,
            role,
            state,
            organization,
        } => {
            let role = Role::parse(role.trim())
                .with_context(|| format!("--role: `{role}` is not one of {}", Role::expected()))?;
            let a = app
                .change_role(&actor, &email, role, binding(state, organization)?)
                .await?;
            println!("{} is a {role} from {}", a.email, app.today());
        }
        UsersCommand::List => {
            let today = app.today();
            for a in app.accounts(&actor).await? {
                let grant = cica_domain::access::grant_on(&a.grants, today);
                println!(
                    "{:<40} {:<18} {:<28} {}",
                    a.email,
                    grant.map_or("-".to_owned(), |g| g.role.to_string()),
                    grant.map_or("-".to_owned(), |g| g.binding.to_string()),
                    if a.disabled { "disabled" } else { "enabled" }
                );
            }
        }
        UsersCommand::Disable { email } => {
            let a = app.set_disabled(&actor, &email, true).await?;
            println!("{} is disabled; its tokens no longer work", a.email);
        }
        UsersCommand::Enable { email } => {
            let a = app.set_disabled(&actor, &email, false).await?;
            println!("{} is enabled", a.email);
        }
        UsersCommand::Reset {
            email,
            password_stdin: _,
        } => {
            let password = password_from_stdin()?;
            app.reset_password(&actor, &email, &password).await?;
            println!("the password of {} is changed", email.trim());
        }
        UsersCommand::Token { email, name } => {
            let token = app.issue_token(&actor, &email, &name).await?;
            println!(
                "personal token `{}` of {}; it is shown this once, keep it secret:",
                name.trim(),
                email.trim()
            );
            println!("{token}");
        }
        UsersCommand::Tokens { email } => {
            for t in app.tokens(&actor, &email).await? {
                println!(
                    "{:<24} issued {}  {}",
                    t.name,
                    t.created_at.format("%Y-%m-%d %H:%M UTC"),
                    t.revoked_at.map_or_else(
                        || "live".to_owned(),
                        |r| format!("revoked {}", r.format("%Y-%m-%d %H:%M UTC"))
                    )
                );
            }
        }
        UsersCommand::Revoke { email, name } => {
            app.revoke_token(&actor, &email, &name).await?;
            println!("token `{}` of {} is revoked", name.trim(), email.trim());
        }
    }
    Ok(())
}

pub async fn audit(app: App, cmd: AuditCommand) -> Result<()> {
    let actor = crate::actor();
    match cmd {
        AuditCommand::Verify => {
            let v = app.verify_audit(&actor).await?;
            match v.broken {
                None => println!("the audit trail is intact: {} entries", v.entries),
                Some(b) => bail!("the audit trail is broken at entry {}: {b}", b.seq()),
            }
        }
        AuditCommand::Log { record } => {
            for e in app.audit_trail(&actor, record.as_deref()).await? {
                println!(
                    "{:>6}  {}  {:<28} {:<20} {}{}",
                    e.seq,
                    e.at,
                    e.actor,
                    e.action,
                    e.record,
                    e.note.map(|n| format!("  ({n})")).unwrap_or_default()
                );
            }
        }
    }
    Ok(())
}
