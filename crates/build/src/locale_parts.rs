//! Each staged locale file in two parts (core's `catalog::source::MORE_GROUPS`): `locales/<lang>.json` keeps the
//! texts every page may read, `locales/<lang>.more.json` the groups only the locator, the contact form and the
//! pages of text read. The app downloads the second with the first of those pages (src/i18n), so a first visit
//! to the self-check downloads half the texts. `locales/<lang>.all.json` holds both, for a first visit that
//! starts on one of those pages (one request, not two). The texts only the server reads (`SERVER_GROUPS`) are in neither.

use anyhow::Context;
use microwork_core::catalog::source::{app_paths, part_array, whole_array};
use std::path::Path;

/// Splits every `locales/<lang>.json` of the staged site. Returns how many languages.
pub fn write(staging: &Path) -> anyhow::Result<usize> {
    let dir = staging.join("locales");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json") && !p.to_string_lossy().ends_with(".more.json") && !p.to_string_lossy().ends_with(".all.json"))
        .collect();
    files.sort();
    let read = |path: &Path| -> anyhow::Result<serde_json::Value> {
        Ok(serde_json::from_str(&std::fs::read_to_string(path)?).with_context(|| format!("{}", path.display()))?)
    };
    // The app's key table, from the Italian file as its build script makes it (build.rs).
    let paths = app_paths(&read(&dir.join("it.json"))?).map_err(|e| anyhow::anyhow!("locales/it.json: {e}"))?;
    for path in &files {
        let name = path.file_name().and_then(|n| n.to_str()).context("a locale file without a name")?;
        let file = read(path)?;
        let part = |more| part_array(&file, &paths, more).map_err(|e| anyhow::anyhow!("locales/{name}: {e}"));
        let more = path.with_extension("more.json");
        std::fs::write(&more, serde_json::to_string(&part(true)?)?).with_context(|| format!("writing {}", more.display()))?;
        let all = path.with_extension("all.json");
        let whole = whole_array(&file, &paths).map_err(|e| anyhow::anyhow!("locales/{name}: {e}"))?;
        std::fs::write(&all, serde_json::to_string(&whole)?).with_context(|| format!("writing {}", all.display()))?;
        std::fs::write(path, serde_json::to_string(&part(false)?)?).with_context(|| format!("writing locales/{name}"))?;
    }
    Ok(files.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use microwork_core::catalog::Catalog;
    use microwork_core::catalog::source::{in_more_part, server_only};

    #[test]
    fn every_language_is_split_in_two_parts_that_hold_all_its_texts_for_the_app() {
        let dir = tempfile::tempdir().unwrap();
        let locales = dir.path().join("locales");
        std::fs::create_dir_all(&locales).unwrap();
        let source = concat!(env!("CARGO_MANIFEST_DIR"), "/../../locales/");
        for lang in ["it", "en", "ro"] {
            std::fs::copy(format!("{source}{lang}.json"), locales.join(format!("{lang}.json"))).unwrap();
        }
        assert_eq!(write(dir.path()).unwrap(), 3);
        let it: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(format!("{source}it.json")).unwrap()).unwrap();
        let paths = app_paths(&it).unwrap();
        let keys: Vec<&str> = paths.iter().map(String::as_str).collect();
        assert!(!paths.iter().any(|p| server_only(p)) && paths.iter().any(|p| in_more_part(p)));
        let read = |name: &str| std::fs::read_to_string(locales.join(name)).unwrap();
        for lang in ["it", "en", "ro"] {
            let mut texts = Catalog::parse_part(&read(&format!("{lang}.json")), paths.len()).unwrap();
            let more = Catalog::parse_part(&read(&format!("{lang}.more.json")), paths.len()).unwrap();
            // Each part holds its own groups only.
            for (i, path) in paths.iter().enumerate() {
                let (first_has, more_has) = (!texts.text(i).is_empty(), !more.text(i).is_empty());
                assert!(!(first_has && in_more_part(path)) && !(more_has && !in_more_part(path)), "{lang}: {path}");
            }
            texts.fill_gaps(&more);
            let whole = Catalog::parse(&std::fs::read_to_string(format!("{source}{lang}.json")).unwrap(), &keys).unwrap();
            assert_eq!(texts, whole, "{lang}: the two parts hold every text of the app");
            assert_eq!(Catalog::parse_part(&read(&format!("{lang}.all.json")), paths.len()).unwrap(), whole, "{lang}: both in one");
        }
        let first = std::fs::metadata(locales.join("it.json")).unwrap().len();
        let whole = std::fs::metadata(format!("{source}it.json")).unwrap().len();
        assert!(first * 2 < whole, "the self-check's part is under half the texts: {first} of {whole} bytes");
    }
}
