//! TLS to PostgreSQL (issue 16: "TLS to the database supported (sslmode)"), on a throwaway cluster that takes
//! TCP connections over TLS only, with a certificate from a private CA made here: the server stores a contact
//! request over a verified TLS connection; a plain connection, an unknown CA and a certificate for another host
//! are all refused with a reason an operator can act on.

mod common;

use common::process::{self, Spawn};
use microwork_server::pg_cluster::{Cluster, Durability};
use microwork_server::store::Db;
use microwork_server::store::db::Target;
use microwork_server::store::sql::query_value;
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use serde_json::json;
use std::path::Path;

struct Pki {
    ca_pem: String,
    cert_pem: String,
    key_pem: String,
}

/// A private CA and a server certificate it signed for `names` (host names or IP addresses).
fn pki(names: &[&str]) -> Pki {
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = CertifiedIssuer::self_signed(ca, KeyPair::generate().unwrap()).unwrap();
    let key = KeyPair::generate().unwrap();
    let params = CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>()).unwrap();
    let cert = params.signed_by(&key, &ca).unwrap();
    Pki { ca_pem: ca.pem(), cert_pem: cert.pem(), key_pem: key.serialize_pem() }
}

fn connect(url: String) -> Result<Db, String> {
    let target = Target::parse(&url).map_err(|e| e.to_string())?;
    Db::connect(&target, 2).map_err(|e| e.to_string())
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_reaches_postgresql_over_verified_tls_only() {
    let dir = tempfile::tempdir().unwrap();
    let good = pki(&["db.example"]);
    let cluster = tokio::task::spawn_blocking(move || {
        let cluster = Cluster::start_tls(Durability::Fast, &good.cert_pem, &good.key_pem).unwrap_or_else(|e| panic!("{e}"));
        (cluster, good.ca_pem)
    });
    let (cluster, ca_pem) = cluster.await.unwrap();
    let ca = write(dir.path(), "ca.pem", &ca_pem);
    let other_ca = write(dir.path(), "other-ca.pem", &pki(&["127.0.0.1"]).ca_pem);
    // The database as a real deployment names it (db.example), reached here on the loopback address.
    let url = cluster.create_database("mwtls").unwrap_or_else(|e| panic!("{e}")).replace("@127.0.0.1:", "@db.example:");

    // libpq's spelling works: verify-full with the private CA named in the URL.
    let verified = format!("{url}?hostaddr=127.0.0.1&sslmode=verify-full&sslrootcert={ca}");
    let db = tokio::task::spawn_blocking({
        let verified = verified.clone();
        move || connect(verified)
    })
    .await
    .unwrap()
    .unwrap_or_else(|e| panic!("verify-full with the CA: {e}"));
    let tls: i64 = db.read(|c| query_value(c, "SELECT ssl::int::bigint FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[])).await.unwrap();
    assert_eq!(tls, 1, "the connection is encrypted");
    drop(db);

    // The refusals, each with its reason.
    let refused = |url: String| async move { tokio::task::spawn_blocking(move || connect(url).err()).await.unwrap() };
    let plain = refused(format!("{url}?hostaddr=127.0.0.1&sslmode=disable")).await.expect("a plain connection must be refused");
    assert!(plain.contains("no encryption") || plain.contains("pg_hba"), "{plain}");
    let unknown = refused(format!("{url}?hostaddr=127.0.0.1&sslmode=require")).await.expect("a certificate from an unknown CA must be refused");
    assert!(unknown.to_lowercase().contains("certificate"), "{unknown}");
    let wrong_ca = refused(format!("{url}?hostaddr=127.0.0.1&sslmode=verify-full&sslrootcert={other_ca}")).await.expect("another CA must be refused");
    assert!(wrong_ca.to_lowercase().contains("certificate"), "{wrong_ca}");
    let missing = refused(format!("{url}?hostaddr=127.0.0.1&sslmode=require&sslrootcert={}", dir.path().join("nope.pem").display())).await.unwrap();
    assert!(missing.contains("sslrootcert") && missing.contains("nope.pem"), "{missing}");
    // The certificate names db.example only: the same server reached as 127.0.0.1 is refused (the name is
    // checked, not only the CA).
    let mismatch = refused(format!("{url}?sslmode=verify-full&sslrootcert={ca}").replace("@db.example:", "@127.0.0.1:")).await;
    let mismatch = mismatch.expect("a certificate for another name must be refused");
    assert!(mismatch.to_lowercase().contains("certificate"), "{mismatch}");

    // The real server on that URL: a contact request is stored and read back by the operator API.
    let dist = process::dist(dir.path());
    let token = "tls-operator-token-0123456789abcdef";
    let env = [("MICROWORK_OPERATOR_TOKEN", token), ("MICROWORK_RATE_LIMIT_PER_MINUTE", "0")];
    let server = process::spawn_url(&verified, &dist, &env, Spawn::default()).await;
    let client = process::client();
    let id = uuid::Uuid::new_v4().to_string();
    let body = json!({"request_id": id, "name": "Persona TLS", "email": "tls@example.it", "consent_privacy": true});
    let (status, _) = process::post_json(&client, &format!("{}/api/v1/contact-requests", server.base), body.to_string()).await.unwrap();
    assert_eq!(status, 201);
    let db = tokio::task::spawn_blocking(move || connect(verified)).await.unwrap().unwrap();
    let stored: i64 = db
        .read(move |c| query_value(c, "SELECT COUNT(*) FROM contact_requests WHERE request_id = ?1", microwork_server::args![id]))
        .await
        .unwrap();
    assert_eq!(stored, 1);
    drop(server);
    drop(cluster);
}
