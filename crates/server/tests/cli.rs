//! `microwork purge` and `microwork export`, run as an operator would, on a database the server wrote.

mod common;

use common::process::BIN;
use microwork_core::contact::ContactForm;
use microwork_server::store::{self, Db};
use std::path::Path;
use std::process::{Command, Output};

fn request(n: u32, name: &str, desk: &str, spam: bool) -> microwork_core::contact::ValidatedContactRequest {
    ContactForm {
        request_id: format!("0b6f0c1e-5d55-4f7e-9a53-{n:012x}"),
        name: name.into(),
        email: Some("a@example.it".into()),
        phone: Some("06 1234 5678".into()),
        desk_id: Some(desk.into()),
        consent_privacy: true,
        website: spam.then(|| "x".to_string()),
        ..ContactForm::default()
    }
    .validate()
    .unwrap()
}

/// A database with requests received 400, 100 and 0 days ago (plus spam), each real one with a webhook row.
async fn seeded(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("var/ops.db");
    let db = Db::open(&path).unwrap();
    let now = time::OffsetDateTime::now_utc();
    let at = |days: i64| microwork_server::clock::format_utc(now - time::Duration::days(days));
    let rows = [
        (1, "Vecchia Richiesta", "mo-01", false, at(400)),
        (2, "=cmd|' /C calc'!A0", "mo-01", false, at(100)),
        (3, "Recente", "mo-01", false, at(0)),
        (4, "Altro Sportello", "bo-02", false, at(0)),
        (5, "Spam Vecchio", "mo-01", true, at(400)),
        (6, "Spam Nuovo", "mo-01", true, at(1)),
    ];
    for (n, name, desk, spam, received_at) in rows {
        let r = request(n, name, desk, spam);
        db.write(move |c| store::save_contact_request(c, &r, &received_at, true, 0, &format!("secret-{n}"))).await.unwrap();
    }
    db.close();
    path
}

fn run(args: &[&str], db: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .arg("--database-url")
        .arg(format!("sqlite://{}", db.display()))
        .env_remove("MICROWORK_DATABASE_URL")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn names(db: &Path) -> Vec<String> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut stmt = c.prepare("SELECT name FROM contact_requests ORDER BY id").unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

#[tokio::test]
async fn purge_deletes_what_is_older_than_the_retention_period() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path()).await;

    let out = run(&["purge", "--older-than", "365", "--dry-run"], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("2 contact requests"), "{}", text(&out.stdout));
    assert_eq!(names(&db).len(), 6, "a dry run deletes nothing");

    let out = run(&["purge", "--older-than", "365"], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("deleted 2 contact requests"), "{}", text(&out.stdout));
    assert_eq!(names(&db), ["=cmd|' /C calc'!A0", "Recente", "Altro Sportello", "Spam Nuovo"]);
    // Gone from the database file and its WAL, not only from the table.
    for file in [db.clone(), db.with_extension("db-wal")] {
        let bytes = std::fs::read(&file).unwrap_or_default();
        assert!(!bytes.windows(17).any(|w| w == b"Vecchia Richiesta"), "{} still holds a purged name", file.display());
    }

    let out = run(&["purge", "--older-than", "30"], &db);
    assert!(text(&out.stdout).starts_with("deleted 1 contact requests"), "{}", text(&out.stdout));
    let c = rusqlite::Connection::open(&db).unwrap();
    let orphans: i64 = c
        .query_row("SELECT count(*) FROM webhook_outbox WHERE contact_id NOT IN (SELECT id FROM contact_requests)", [], |r| r.get(0))
        .unwrap();
    assert_eq!(orphans, 0, "purged requests take their notifications with them");
    let mode: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");

    for bad in [&["purge", "--older-than", "0"][..], &["purge", "--older-than", "x"], &["purge"]] {
        let out = run(bad, &db);
        assert!(!out.status.success(), "{bad:?}");
    }
    let out = run(&["purge", "--older-than", "30"], &dir.path().join("nope.db"));
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("does not exist"), "{}", text(&out.stderr));
    assert!(!dir.path().join("nope.db").exists(), "no empty database created by a typo");
}

#[tokio::test]
async fn export_writes_a_desks_requests_as_safe_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path()).await;

    let out = run(&["export", "--desk", "mo-01", "--format", "csv"], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header, microwork_server::spreadsheet::CSV_HEADER);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let names: Vec<&str> = rows.iter().map(|r| &r[5]).collect();
    assert_eq!(names, ["Recente", "'=cmd|' /C calc'!A0", "Vecchia Richiesta"], "newest first, no spam, one desk");
    assert!(rows.iter().all(|r| &r[7] == "'+390612345678"));
    assert!(text(&out.stderr).contains("exported 3"));

    let since = microwork_server::clock::format_utc(time::OffsetDateTime::now_utc() - time::Duration::days(200));
    let out = run(&["export", "--desk", "mo-01", "--since", &since[..10], "--format", "jsonl"], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["name"], "=cmd|' /C calc'!A0", "JSON is not a spreadsheet: unchanged");

    let file = dir.path().join("out.csv");
    let out = run(&["export", "--desk", "mo-01", "--status", "spam", "--output", file.to_str().unwrap()], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&file).unwrap().lines().count(), 3, "header and two spam rows");

    for bad in [&["export", "--desk", "mo-01", "--format", "xlsx"][..], &["export", "--format", "csv"], &["export", "--desk", "mo-01", "--since", "ieri"]] {
        assert!(!run(bad, &db).status.success(), "{bad:?}");
    }
}

#[tokio::test]
async fn the_server_deletes_requests_past_the_retention_period_by_itself() {
    let dir = tempfile::tempdir().unwrap();
    let path = seeded(dir.path()).await;
    let dist = common::process::dist(dir.path());
    let server = common::process::start(&path, &dist, &[("MICROWORK_RETENTION_DAYS", "365")]).await;
    let count = |sql: &str| -> i64 {
        rusqlite::Connection::open(&path).unwrap().query_row(sql, [], |r| r.get(0)).unwrap()
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while count("SELECT count(*) FROM contact_requests") != 4 {
        assert!(std::time::Instant::now() < deadline, "the 400-day-old requests are still there");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(count("SELECT count(*) FROM contact_requests WHERE name LIKE '%Vecchi%'"), 0);
    assert_eq!(count("SELECT count(*) FROM webhook_outbox WHERE contact_id NOT IN (SELECT id FROM contact_requests)"), 0);
    drop(server);
}

#[test]
fn help_never_prints_secrets() {
    let secrets = [
        ("MICROWORK_WEBHOOK_URL", "https://hooks.example/T000/secret-path-0451"),
        ("MICROWORK_WEBHOOK_TOKEN", "webhook-secret-8723"),
        ("MICROWORK_OPERATOR_TOKEN", "operator-secret-3310"),
        ("MICROWORK_DATABASE_URL", "sqlite:///srv/secret-place-77/microwork.db"),
    ];
    let out = Command::new(BIN).args(["serve", "--help"]).envs(secrets).output().unwrap();
    assert!(out.status.success());
    let help = text(&out.stdout);
    assert!(help.contains("MICROWORK_WEBHOOK_URL"), "the variables are documented: {help}");
    for (name, value) in secrets {
        assert!(!help.contains(value), "{name}'s value is printed by --help");
    }
}

#[test]
fn boolean_variables_accept_the_usual_spellings() {
    let dir = tempfile::tempdir().unwrap();
    // No index.html: start-up stops right after reading the configuration, with that message.
    for value in ["1", "0", "true", "false", "yes", "no", "on", "off", "TRUE", "Yes"] {
        for name in ["MICROWORK_TRUST_FORWARDED_FOR", "MICROWORK_LOG_JSON"] {
            let out = Command::new(BIN)
                .args(["serve", "--dist"])
                .arg(dir.path())
                .env(name, value)
                .output()
                .unwrap();
            let err = text(&out.stderr);
            assert!(err.contains("has no index.html"), "{name}={value}: {err}");
        }
    }
    let out = Command::new(BIN).args(["serve", "--dist"]).arg(dir.path()).env("MICROWORK_LOG_JSON", "maybe").output().unwrap();
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("maybe"), "a value that is no boolean is named: {}", text(&out.stderr));
}

fn operator_cli(args: &[&str], db: &Path, dist: &Path) -> Output {
    Command::new(BIN)
        .arg("operator")
        .args(args)
        .arg("--database-url")
        .arg(format!("sqlite://{}", db.display()))
        .arg("--dist")
        .arg(dist)
        .arg("--public-url")
        .arg("https://microwork.example.it/")
        .env_remove("MICROWORK_DATABASE_URL")
        .env_remove("MICROWORK_PUBLIC_URL")
        .output()
        .unwrap()
}

#[test]
fn operator_accounts_are_added_listed_disabled_and_reset_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let (db, dist) = (dir.path().join("var/ops.db"), dir.path().join("dist"));
    std::fs::create_dir_all(dist.join("data")).unwrap();
    std::fs::write(dist.join("data/sportelli.json"), r#"{"sportelli": [{"id": "mo-01"}, {"id": "bo-02"}]}"#).unwrap();

    let out = operator_cli(&["add", "--email", "Maria@Example.it", "--desk", "mo-01", "--desk", "bo-02"], &db, &dist);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let printed = text(&out.stdout);
    let link = printed.lines().find(|l| l.starts_with("https://")).unwrap_or_else(|| panic!("{printed}"));
    let token = link.strip_prefix("https://microwork.example.it/operatori/password?t=").unwrap_or_else(|| panic!("{link}"));
    assert_eq!(token.len(), 43);
    let c = rusqlite::Connection::open(&db).unwrap();
    let stored: String = c.query_row("SELECT token_hash FROM password_links", [], |r| r.get(0)).unwrap();
    assert_eq!(stored, microwork_server::store::requests::secret_hash(token), "only the hash is stored");

    for (args, complaint) in [
        (vec!["add", "--email", "maria@example.it", "--desk", "mo-01"], "already has an account"),
        (vec!["add", "--email", "luca@example.it", "--desk", "xx-99"], "xx-99"),
        (vec!["add", "--email", "luca@example.it"], "--desk"),
        (vec!["add", "--email", "luca", "--desk", "mo-01"], "not an e-mail"),
        (vec!["disable", "--email", "nessuno@example.it"], "no operator account"),
    ] {
        let out = operator_cli(&args, &db, &dist);
        assert!(!out.status.success(), "{args:?}");
        assert!(text(&out.stderr).contains(complaint), "{args:?}: {}", text(&out.stderr));
    }
    assert!(operator_cli(&["add", "--email", "admin@example.it", "--admin"], &db, &dist).status.success());

    let list = text(&operator_cli(&["list"], &db, &dist).stdout);
    assert!(list.contains("maria@example.it\tdesks bo-02,mo-01\twaiting for password"), "{list}");
    assert!(list.contains("admin@example.it\tadmin"), "{list}");

    assert!(operator_cli(&["disable", "--email", "maria@example.it"], &db, &dist).status.success());
    assert!(text(&operator_cli(&["list"], &db, &dist).stdout).contains("maria@example.it\tdesks bo-02,mo-01\tdisabled"));
    assert_eq!(c.query_row("SELECT count(*) FROM password_links", [], |r| r.get::<_, i64>(0)).unwrap(), 1, "a disabled account's link is gone");
    assert!(operator_cli(&["enable", "--email", "maria@example.it"], &db, &dist).status.success());
    let out = operator_cli(&["reset", "--email", "maria@example.it"], &db, &dist);
    assert!(out.status.success() && text(&out.stdout).contains("/operatori/password?t="), "{}", text(&out.stdout));
    let actions: Vec<String> =
        c.prepare("SELECT action FROM audit_log ORDER BY id").unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    assert_eq!(actions, ["operator.add", "operator.add", "operator.disable", "operator.enable", "operator.reset"]);
}
