//! The help desks a request may name: the ids in `<dist>/data/sportelli.json`, read once at start.

use microwork_core::contact::DeskCatalog;
use serde::Deserialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum DesksError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path} is not a desks file ({{\"sportelli\": [{{\"id\": …}}, …]}}): {source}")]
    Parse { path: PathBuf, source: serde_json::Error },
    #[error("{path} has a desk with an empty id")]
    EmptyId { path: PathBuf },
}

/// Only the part of the file the server needs; every other field is the app's business.
#[derive(Deserialize)]
struct File {
    sportelli: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    id: String,
}

#[derive(Debug, Clone, Default)]
pub struct Desks(HashSet<String>);

impl Desks {
    pub fn from_ids<I: IntoIterator<Item = S>, S: Into<String>>(ids: I) -> Desks {
        Desks(ids.into_iter().map(Into::into).collect())
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(None)` when the file does not exist (desk ids are then not checked); an error when it exists
    /// but cannot be used, so a broken data deploy is noticed at start rather than by refused requests.
    pub fn load(dist: &Path) -> Result<Option<Desks>, DesksError> {
        let path = dist.join("data").join("sportelli.json");
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(DesksError::Read { path, source }),
        };
        let file: File = serde_json::from_slice(&bytes).map_err(|source| DesksError::Parse { path: path.clone(), source })?;
        if file.sportelli.iter().any(|d| d.id.trim().is_empty()) {
            return Err(DesksError::EmptyId { path });
        }
        Ok(Some(Desks::from_ids(file.sportelli.into_iter().map(|d| d.id))))
    }
}

impl DeskCatalog for Desks {
    fn contains_desk(&self, id: &str) -> bool {
        self.0.contains(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_ids_and_ignores_other_fields() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Desks::load(dir.path()).unwrap().is_none(), "no file: no check");
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        std::fs::write(
            dir.path().join("data/sportelli.json"),
            r#"{"version": 1, "sportelli": [{"id": "mo-01", "nome": "X", "lat": 44.6}, {"id": "bo-02"}]}"#,
        )
        .unwrap();
        let desks = Desks::load(dir.path()).unwrap().unwrap();
        assert_eq!(desks.len(), 2);
        assert!(desks.contains_desk("mo-01") && !desks.contains_desk("mo-02"));
        std::fs::write(dir.path().join("data/sportelli.json"), r#"[{"id": "x"}]"#).unwrap();
        assert!(Desks::load(dir.path()).is_err());
    }
}
