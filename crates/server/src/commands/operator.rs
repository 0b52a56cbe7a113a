//! `microwork operator add|list|disable|enable|reset`: the desks' accounts, managed on the server by whoever
//! runs it. A new or reset account gets a one-time link (valid [`LINK_HOURS`] hours) to choose its password at
//! `/operatori/password`; nothing else ever shows a password or its hash. Every change is in the audit log.

use crate::catalog::Catalogs;
use crate::clock::{self, Clock, SystemClock};
use crate::http::auth::{LINK_HOURS, origin_of_url, random_token};
use crate::store::audit::{self, Actor, Entry};
use crate::store::{accounts, db, requests, sessions};
use anyhow::{Context, bail};
use microwork_core::contact::Catalog as _;
use microwork_core::account::{ActorKind, AuditAction, normalize_email};
use crate::store::Sql;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
    #[arg(long, env = "MICROWORK_DATABASE_URL", default_value = "sqlite://var/microwork.db", global = true, hide_env_values = true)]
    pub database_url: String,
    /// The deployment's address as people reach it (for the printed link), e.g. `https://microwork.example.it`.
    #[arg(long, env = "MICROWORK_PUBLIC_URL", default_value = "http://127.0.0.1:8080", global = true)]
    pub public_url: String,
    /// The built app: desk ids are checked against its data/sportelli.json when it is there.
    #[arg(long, env = "MICROWORK_DIST", default_value = "dist", global = true)]
    pub dist: PathBuf,
}

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Create an account and print its one-time link to set the password.
    Add {
        #[arg(long)]
        email: String,
        /// A desk whose requests the operator sees (repeat for several).
        #[arg(long = "desk", value_name = "ID")]
        desks: Vec<String>,
        /// Sees every desk's requests and the audit log.
        #[arg(long)]
        admin: bool,
    },
    /// Every account: e-mail, role, desks, state, last sign-in.
    List,
    /// Stop an account from signing in; its sessions end now.
    Disable {
        #[arg(long)]
        email: String,
    },
    /// Let a disabled account sign in again.
    Enable {
        #[arg(long)]
        email: String,
    },
    /// Forget the password, end every session, and print a new one-time link.
    Reset {
        #[arg(long)]
        email: String,
    },
}

fn cli_actor(account: &accounts::Account) -> Actor {
    Actor { kind: ActorKind::Cli, operator_id: Some(account.id.clone()), email: Some(account.email.clone()) }
}

fn audit(conn: &dyn Sql, now: &str, account: &accounts::Account, action: AuditAction, detail: Option<serde_json::Value>) -> anyhow::Result<()> {
    audit::append(conn, now, &Entry { actor: &cli_actor(account), action, reference: None, desk_id: None, detail })?;
    Ok(())
}

fn email_arg(email: &str) -> anyhow::Result<String> {
    normalize_email(email).with_context(|| format!("`{email}` is not an e-mail address"))
}

fn find(conn: &dyn Sql, email: &str) -> anyhow::Result<accounts::Account> {
    let email = email_arg(email)?;
    accounts::by_email(conn, &email)?.with_context(|| format!("no operator account for {email} (see `microwork operator list`)"))
}

/// A fresh link for the account: the token is printed, only its hash is stored.
fn new_link(conn: &dyn Sql, account: &accounts::Account, public_url: &str, now: time::OffsetDateTime) -> anyhow::Result<(String, String)> {
    let token = random_token()?;
    let expires = clock::format_utc(now + time::Duration::hours(LINK_HOURS));
    accounts::create_link(conn, &account.id, &requests::secret_hash(&token), &clock::format_utc(now), &expires)?;
    let base = origin_of_url(public_url).with_context(|| format!("--public-url `{public_url}` is not an http(s) address"))?;
    let path = public_url.trim().trim_end_matches('/');
    let path = path.split_once("://").and_then(|(_, rest)| rest.split_once('/')).map_or("", |(_, p)| p);
    let prefix = if path.is_empty() { String::new() } else { format!("/{path}") };
    Ok((format!("{base}{prefix}/operatori/password?t={token}"), expires))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    run_at(args, SystemClock.now())
}

/// [`run`] at a given time (tests).
pub fn run_at(args: Args, now: time::OffsetDateTime) -> anyhow::Result<ExitCode> {
    let target = db::Target::parse(&args.database_url)?;
    let at = clock::format_utc(now);
    // What to print once the transaction is committed.
    let out = db::with_transaction(&target, false, |tx| -> anyhow::Result<Vec<String>> { run_in(&args, tx, &at, now) })?;
    for line in out {
        println!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}

fn run_in(args: &Args, tx: &dyn Sql, at: &str, now: time::OffsetDateTime) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::new();
    let at = at.to_string();
    match &args.command {
        Command::Add { email, desks, admin } => {
            let email = email_arg(email)?;
            let mut desks: Vec<String> = desks.iter().map(|d| d.trim().to_string()).filter(|d| !d.is_empty()).collect();
            desks.sort();
            desks.dedup();
            if desks.is_empty() && !admin {
                bail!("give at least one --desk ID (or --admin for an account that sees every desk)");
            }
            let catalog = Catalogs::load(&args.dist).unwrap_or_default();
            if let Some(unknown) = desks.iter().find(|d| catalog.knows_desks() && !catalog.has_desk(d)) {
                bail!("desk `{unknown}` is not in {}/data/sportelli.json", args.dist.display());
            }
            let id = uuid::Uuid::new_v4().to_string();
            match accounts::create(tx, &id, &email, *admin, &desks, &at) {
                Err(crate::store::StoreError::Refused(_)) => {
                    bail!("{email} already has an account: `microwork operator reset --email {email}` sends a new link")
                }
                other => other?,
            }
            let account = accounts::by_id(tx, &id)?.context("the new account is not there")?;
            audit(tx, &at, &account, AuditAction::OperatorAdd, Some(serde_json::json!({"admin": admin, "desks": desks})))?;
            let (link, expires) = new_link(tx, &account, &args.public_url, now)?;
            out.push(format!("account created for {email}{}", if *admin { " (admin)" } else { "" }));
            out.push(format!("send this link to the operator; it works once, until {expires}:\n{link}"));
        }
        Command::List => {
            let all = accounts::list(tx)?;
            if all.is_empty() {
                out.push(format!("no operator accounts yet: `microwork operator add --email E --desk ID`"));
            }
            for a in &all {
                let state = if a.disabled_at.is_some() {
                    "disabled".to_string()
                } else if a.password_hash.is_none() {
                    match accounts::link_expires_at(tx, &a.id)? {
                        Some(until) if until.as_str() > at.as_str() => format!("waiting for password (link until {until})"),
                        _ => "no password, link expired (operator reset)".to_string(),
                    }
                } else {
                    "active".to_string()
                };
                let role = if a.admin { "admin".to_string() } else { format!("desks {}", a.desks.join(",")) };
                let last = a.last_login_at.as_deref().unwrap_or("never signed in");
                out.push(format!("{}\t{role}\t{state}\t{last}", a.email));
            }
        }
        Command::Disable { email } => {
            let account = find(tx, email)?;
            accounts::set_disabled(tx, &account.id, Some(&at))?;
            let ended = sessions::delete_for_operator(tx, &account.id)?;
            accounts::delete_links(tx, &account.id)?;
            audit(tx, &at, &account, AuditAction::OperatorDisable, Some(serde_json::json!({"sessions": ended})))?;
            out.push(format!("{} disabled; {ended} session(s) ended", account.email));
        }
        Command::Enable { email } => {
            let account = find(tx, email)?;
            accounts::set_disabled(tx, &account.id, None)?;
            audit(tx, &at, &account, AuditAction::OperatorEnable, None)?;
            out.push(format!("{} enabled", account.email));
        }
        Command::Reset { email } => {
            let account = find(tx, email)?;
            accounts::clear_password(tx, &account.id)?;
            let ended = sessions::delete_for_operator(tx, &account.id)?;
            audit(tx, &at, &account, AuditAction::OperatorReset, Some(serde_json::json!({"sessions": ended})))?;
            let (link, expires) = new_link(tx, &account, &args.public_url, now)?;
            out.push(format!("password of {} forgotten; {ended} session(s) ended", account.email));
            out.push(format!("send this link to the operator; it works once, until {expires}:\n{link}"));
            if account.disabled_at.is_some() {
                out.push(format!("note: the account is disabled: `microwork operator enable --email {}` first", account.email));
            }
        }
    }
    Ok(out)
}
