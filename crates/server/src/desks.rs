//! The desks' data as the server publishes it (issue 19): the file the build put in `dist/data/sportelli.json`
//! (the base), with each desk the database knows better replaced by its stored entry. `GET
//! /data/sportelli.json` answers with the merged file whenever the database holds an entry newer than the
//! base file's `generated_on`; otherwise the static file (precompressed) is served as before.

use crate::store::{self, Db, DbError};
use crate::webhook::WebhookConfig;
use microwork_core::geo::Gazetteer;
use microwork_core::sportelli::{DEFAULT_CONFIRMATION_MONTHS, Desk, SportelliFile};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// What the desk pages and the publishing need, read once at start.
#[derive(Clone)]
pub struct DeskData {
    /// `dist/data/sportelli.json`; `None` when absent (then desks cannot be edited or published).
    pub base: Option<Arc<SportelliFile>>,
    /// `dist/data/comuni.json`, for the comune of an address and the pin check.
    pub gazetteer: Option<Arc<Gazetteer>>,
    /// A desk's confirmation older than this is "da verificare" again.
    pub confirmation_months: u32,
    /// Where reminders go (the deployment's webhook); `None`: reminders cannot be sent.
    pub webhook: Option<WebhookConfig>,
    cache: Arc<Mutex<Option<Published>>>,
}

impl Default for DeskData {
    fn default() -> DeskData {
        DeskData { base: None, gazetteer: None, confirmation_months: DEFAULT_CONFIRMATION_MONTHS, webhook: None, cache: Arc::default() }
    }
}

impl std::fmt::Debug for DeskData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeskData").field("desks", &self.base.as_ref().map(|b| b.sportelli.len())).finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DeskDataError {
    #[error("cannot read {0}: {1}")]
    Read(String, std::io::Error),
    #[error("{0}: {1}")]
    Invalid(String, String),
}

/// The merged file, kept until the database changes.
#[derive(Clone)]
pub struct Published {
    /// The newest stored entry's `updated_at` it was built from.
    pub version: String,
    pub json: Arc<Vec<u8>>,
    pub brotli: Arc<Vec<u8>>,
    pub etag: String,
}

impl DeskData {
    /// Reads `data/sportelli.json` and `data/comuni.json` from `dist`; a missing file leaves that part empty.
    pub fn load(dist: &Path) -> Result<DeskData, DeskDataError> {
        let read = |name: &str| -> Result<Option<String>, DeskDataError> {
            let path = dist.join("data").join(name);
            match std::fs::read_to_string(&path) {
                Ok(s) => Ok(Some(s)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(DeskDataError::Read(path.display().to_string(), e)),
            }
        };
        let base = read("sportelli.json")?
            .map(|s| SportelliFile::parse(&s).map_err(|e| DeskDataError::Invalid("data/sportelli.json".into(), e.to_string())))
            .transpose()?;
        let gazetteer = read("comuni.json")?
            .map(|s| Gazetteer::from_json(&s).map_err(|e| DeskDataError::Invalid("data/comuni.json".into(), e.to_string())))
            .transpose()?;
        Ok(DeskData { base: base.map(Arc::new), gazetteer: gazetteer.map(Arc::new), ..DeskData::default() })
    }

    /// The base file's entry of a desk.
    pub fn base_desk(&self, id: &str) -> Option<&Desk> {
        self.base.as_ref()?.sportelli.iter().find(|d| d.id == id)
    }

    /// Stored entries count when they are from the base file's day or later: a newer deploy of the file
    /// (made with `export-sportelli`) then wins over what the database held before it.
    fn counts(&self, updated_at: &str) -> bool {
        let Some(base) = &self.base else { return false };
        microwork_core::workdays::italian_date_of_utc(updated_at).is_some_and(|day| day >= base.generated_on)
    }

    /// The file as published now: the base with the database's newer entries, carrying this deployment's
    /// `confirmation_months` (the app judges confirmations with it, as the operator pages do).
    pub fn merged(&self, conn: &dyn store::Sql) -> Result<Option<SportelliFile>, store::StoreError> {
        let Some(base) = &self.base else { return Ok(None) };
        let mut file = (**base).clone();
        file.confirmation_months = self.confirmation_months;
        for record in store::desks::records(conn)? {
            if !self.counts(&record.updated_at) {
                continue;
            }
            if let Some(slot) = file.sportelli.iter_mut().find(|d| d.id == record.desk.id) {
                file.generated_on = file.generated_on.max(record.desk.checked_on);
                *slot = record.desk;
            }
        }
        Ok(Some(file))
    }

    /// A desk as published now.
    pub fn current(&self, conn: &dyn store::Sql, id: &str) -> Result<Option<Desk>, store::StoreError> {
        let Some(base) = self.base_desk(id) else { return Ok(None) };
        Ok(Some(match store::desks::record(conn, id)? {
            Some(r) if self.counts(&r.updated_at) => r.desk,
            _ => base.clone(),
        }))
    }

    /// The merged file to serve, or `None` when the static file is current (nothing newer stored, and the
    /// built file already says this deployment's `confirmation_months`).
    pub async fn published(&self, db: &Db) -> Result<Option<Published>, DbError> {
        let this = self.clone();
        let version = db.read(|c| store::desks::last_update(c)).await?;
        let same_months = self.base.as_ref().is_some_and(|b| b.confirmation_months == self.confirmation_months);
        let version = match version.filter(|v| self.counts(v)) {
            Some(v) => v,
            None if same_months => return Ok(None),
            // Nothing newer stored, but the built file's months are not this deployment's.
            None => String::new(),
        };
        if let Some(p) = self.cache.lock().unwrap_or_else(|e| e.into_inner()).as_ref().filter(|p| p.version == version) {
            return Ok(Some(p.clone()));
        }
        let Some(file) = db.read(move |c| this.merged(c)).await? else { return Ok(None) };
        let json = serde_json::to_vec_pretty(&file).unwrap_or_default();
        let etag = format!("\"db-{}\"", hex(&Sha256::digest(&json)[..12]));
        let brotli = tokio::task::spawn_blocking({
            let json = json.clone();
            move || crate::assets::brotli(&json)
        })
        .await
        .unwrap_or_default();
        let published = Published { version, json: Arc::new(json), brotli: Arc::new(brotli), etag };
        *self.cache.lock().unwrap_or_else(|e| e.into_inner()) = Some(published.clone());
        Ok(Some(published))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
