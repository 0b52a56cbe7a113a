//! What a contact request may name, read once at start from the app's data in `dist/`: the desk ids of
//! `data/sportelli.json` and the comuni (ISTAT codes) of `data/comuni.json`. The validator refuses others.

use microwork_core::contact::Catalog;
use microwork_core::geo::ComuniFile;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path} is not a desks file ({{\"sportelli\": [{{\"id\": …}}, …]}}): {source}")]
    Desks { path: PathBuf, source: serde_json::Error },
    #[error("{path} has a desk with an empty id")]
    EmptyId { path: PathBuf },
    #[error("{path} is not a comuni file: {message}")]
    Comuni { path: PathBuf, message: String },
}

/// Only the part of the desks file the server needs; every other field is the app's business.
#[derive(Deserialize)]
struct DesksFile {
    sportelli: Vec<DeskEntry>,
}

#[derive(Deserialize)]
struct DeskEntry {
    id: String,
    #[serde(default)]
    response_days: Option<u8>,
}

/// The known desk ids and comuni; `None` for a list that is not there (then that field is not checked).
#[derive(Debug, Clone, Default)]
pub struct Catalogs {
    pub desks: Option<HashSet<String>>,
    pub comuni: Option<HashSet<String>>,
    /// Each desk's promised response time (working days), for the desks whose data states one.
    pub response_days: Arc<HashMap<String, u8>>,
}

impl Catalogs {
    pub fn with_desks<I: IntoIterator<Item = S>, S: Into<String>>(mut self, ids: I) -> Catalogs {
        self.desks = Some(ids.into_iter().map(Into::into).collect());
        self
    }

    /// Sets a desk's promised response time (tests).
    pub fn with_response_days(mut self, desk: &str, days: u8) -> Catalogs {
        Arc::make_mut(&mut self.response_days).insert(desk.to_string(), days);
        self
    }

    /// Whether the desks are known (`data/sportelli.json` was there).
    pub fn knows_desks(&self) -> bool {
        self.desks.is_some()
    }

    pub fn with_comuni<I: IntoIterator<Item = S>, S: Into<String>>(mut self, codes: I) -> Catalogs {
        self.comuni = Some(codes.into_iter().map(Into::into).collect());
        self
    }

    /// Reads both lists from `dist/data/`. A missing file leaves that list unchecked; a file that exists but
    /// cannot be used is an error, so a broken data deploy is noticed at start rather than by refused requests.
    pub fn load(dist: &Path) -> Result<Catalogs, CatalogError> {
        let data = dist.join("data");
        let mut response_days = HashMap::new();
        let desks = match read(&data.join("sportelli.json"))? {
            None => None,
            Some((path, bytes)) => {
                let file: DesksFile =
                    serde_json::from_slice(&bytes).map_err(|source| CatalogError::Desks { path: path.clone(), source })?;
                if file.sportelli.iter().any(|d| d.id.trim().is_empty()) {
                    return Err(CatalogError::EmptyId { path });
                }
                response_days =
                    file.sportelli.iter().filter_map(|d| Some((d.id.clone(), d.response_days?))).collect();
                Some(file.sportelli.into_iter().map(|d| d.id).collect())
            }
        };
        let comuni = match read(&data.join("comuni.json"))? {
            None => None,
            Some((path, bytes)) => {
                let invalid = |message: String| CatalogError::Comuni { path: path.clone(), message };
                let file: ComuniFile = serde_json::from_slice(&bytes).map_err(|e| invalid(e.to_string()))?;
                let (_, _, comuni) = file.decode().map_err(|e| invalid(e.to_string()))?;
                Some(comuni.into_iter().map(|c| c.istat).collect())
            }
        };
        Ok(Catalogs { desks, comuni, response_days: Arc::new(response_days) })
    }
}

fn read(path: &Path) -> Result<Option<(PathBuf, Vec<u8>)>, CatalogError> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some((path.to_path_buf(), bytes))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(CatalogError::Read { path: path.to_path_buf(), source }),
    }
}

impl Catalog for Catalogs {
    fn has_desk(&self, id: &str) -> bool {
        self.desks.as_ref().is_none_or(|d| d.contains(id))
    }

    fn has_comune(&self, istat: &str) -> bool {
        self.comuni.as_ref().is_none_or(|c| c.contains(istat))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_desk_ids_and_ignores_other_fields() {
        let dir = tempfile::tempdir().unwrap();
        let none = Catalogs::load(dir.path()).unwrap();
        assert!(none.desks.is_none() && none.comuni.is_none(), "no files: no check");
        assert!(none.has_desk("anything") && none.has_comune("999999"));
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        std::fs::write(
            dir.path().join("data/sportelli.json"),
            r#"{"version": 1, "sportelli": [{"id": "mo-01", "nome": "X", "lat": 44.6, "response_days": 3}, {"id": "bo-02"}]}"#,
        )
        .unwrap();
        let c = Catalogs::load(dir.path()).unwrap();
        assert_eq!(c.desks.as_ref().map(HashSet::len), Some(2));
        assert_eq!((c.response_days.get("mo-01"), c.response_days.get("bo-02")), (Some(&3), None));
        assert!(c.has_desk("mo-01") && !c.has_desk("mo-02"));
        std::fs::write(dir.path().join("data/sportelli.json"), r#"[{"id": "x"}]"#).unwrap();
        assert!(Catalogs::load(dir.path()).is_err());
    }

    #[test]
    fn loads_the_shipped_comuni() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../public/data/comuni.json");
        std::fs::copy(shipped, dir.path().join("data/comuni.json")).unwrap();
        let c = Catalogs::load(dir.path()).unwrap();
        assert!(c.comuni.as_ref().unwrap().len() > 7000);
        assert!(c.has_comune("058091"), "Roma");
        assert!(!c.has_comune("999999"));
        std::fs::write(dir.path().join("data/comuni.json"), "{}").unwrap();
        assert!(Catalogs::load(dir.path()).is_err(), "a broken file is an error at start");
    }
}
