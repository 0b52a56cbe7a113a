//! The app trusts its data files (core's `Rulebook::from_checked_json`): the checker is not part of what a
//! phone downloads. So the build refuses to ship data with a problem the engine could not read faithfully
//! (a question or option that does not exist, a malformed criterion): the same problems the app used to refuse
//! at run time. `check-data` (in `make test`) reports every other problem too.

use microwork_core::datacheck::{DataFiles, check_files};
use std::path::Path;

fn read(dir: &Path, file: &str) -> anyhow::Result<Option<String>> {
    match std::fs::read_to_string(dir.join(file)) {
        Ok(s) => Ok(Some(s)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(anyhow::anyhow!("reading {}: {e}", dir.join(file).display())),
    }
}

/// Fails with the list of problems that block the engine, if there is any.
pub fn refuse_broken(dir: &Path) -> anyhow::Result<()> {
    use microwork_core::{datacheck::REGIONS_FILE, questionnaire, rules, sportelli};
    let questionnaire = read(dir, questionnaire::FILE)?;
    let instruments = read(dir, rules::model::FILE)?;
    let regions = read(dir, REGIONS_FILE)?;
    let desks = read(dir, sportelli::FILE)?;
    let blocking: Vec<String> = check_files(DataFiles {
        questionnaire: questionnaire.as_deref(),
        instruments: instruments.as_deref(),
        regions: regions.as_deref(),
        sportelli: desks.as_deref(),
        ..DataFiles::default()
    })
    .into_iter()
    .filter(|p| p.kind.blocks_engine())
    .map(|p| format!("{}: {}: {}", p.file, p.path, p.message))
    .collect();
    if blocking.is_empty() {
        Ok(())
    } else {
        anyhow::bail!("{} has data the app could not read faithfully:\n{}", dir.display(), blocking.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    #[test]
    fn the_shipped_data_passes() {
        refuse_broken(&root().join("public/data")).unwrap();
    }

    #[test]
    fn a_rule_about_a_question_that_does_not_exist_stops_the_build() {
        let dir = tempfile::tempdir().unwrap();
        let data = root().join("public/data");
        for file in ["questionnaire.json", "regioni.json"] {
            std::fs::copy(data.join(file), dir.path().join(file)).unwrap();
        }
        let instruments = std::fs::read_to_string(data.join("instruments.json")).unwrap();
        let mut value: serde_json::Value = serde_json::from_str(&instruments).unwrap();
        // The first instrument's first criterion now refers to a shared criterion that does not exist.
        value["instruments"][0]["criteria"][0] = serde_json::json!({"use": "no_such_criterion"});
        std::fs::write(dir.path().join("instruments.json"), value.to_string()).unwrap();
        let err = refuse_broken(dir.path()).unwrap_err().to_string();
        assert!(err.contains("instruments.json"), "{err}");
    }
}
