//! Each staged locale file in two parts (core's `catalog::source::MORE_GROUPS`): `locales/<lang>.json` keeps the
//! texts every page may read, `locales/<lang>.more.json` the groups only the locator, the contact form and the
//! pages of text read. The app downloads the second with the first of those pages (src/i18n), so a first visit
//! to the self-check downloads half the texts. The texts only the server reads (`SERVER_GROUPS`) are in neither.

use anyhow::Context;
use microwork_core::catalog::source::part;
use std::path::Path;

/// Splits every `locales/<lang>.json` of the staged site. Returns how many languages.
pub fn write(staging: &Path) -> anyhow::Result<usize> {
    let dir = staging.join("locales");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json") && !p.to_string_lossy().ends_with(".more.json"))
        .collect();
    files.sort();
    for path in &files {
        let name = path.file_name().and_then(|n| n.to_str()).context("a locale file without a name")?;
        let file: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path)?).with_context(|| format!("locales/{name}"))?;
        let more = path.with_extension("more.json");
        std::fs::write(&more, serde_json::to_string(&part(&file, true))?).with_context(|| format!("writing {}", more.display()))?;
        std::fs::write(path, serde_json::to_string(&part(&file, false))?).with_context(|| format!("writing locales/{name}"))?;
    }
    Ok(files.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use microwork_core::catalog::source::{MORE_GROUPS, SERVER_GROUPS};

    #[test]
    fn every_language_is_split_in_two_parts_that_hold_all_its_texts() {
        let dir = tempfile::tempdir().unwrap();
        let locales = dir.path().join("locales");
        std::fs::create_dir_all(&locales).unwrap();
        let source = concat!(env!("CARGO_MANIFEST_DIR"), "/../../locales/");
        for lang in ["it", "en", "ro"] {
            std::fs::copy(format!("{source}{lang}.json"), locales.join(format!("{lang}.json"))).unwrap();
        }
        assert_eq!(write(dir.path()).unwrap(), 3);
        let read = |name: &str| -> serde_json::Value { serde_json::from_str(&std::fs::read_to_string(locales.join(name)).unwrap()).unwrap() };
        for lang in ["it", "en", "ro"] {
            let whole: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(format!("{source}{lang}.json")).unwrap()).unwrap();
            let (first, more) = (read(&format!("{lang}.json")), read(&format!("{lang}.more.json")));
            let groups = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
            assert!(groups(&more).iter().all(|g| MORE_GROUPS.contains(&g.as_str())), "{lang}: {:?}", groups(&more));
            assert!(!groups(&first).iter().any(|g| MORE_GROUPS.contains(&g.as_str())), "{lang}");
            assert!(groups(&first).contains(&"selfcheck".to_string()) && groups(&more).contains(&"sportelli".to_string()));
            let mut joined = first.as_object().unwrap().clone();
            joined.extend(more.as_object().unwrap().clone());
            let mut app = whole.as_object().unwrap().clone();
            app.retain(|group, _| !SERVER_GROUPS.contains(&group.as_str()));
            assert_eq!(serde_json::Value::Object(joined), serde_json::Value::Object(app), "{lang}: the two parts hold every text of the app");
            assert!(whole.get("api").is_some() && first.get("api").is_none() && more.get("api").is_none(), "{lang}: the server's texts stay home");
        }
        let it = std::fs::metadata(locales.join("it.json")).unwrap().len();
        let whole = std::fs::metadata(format!("{source}it.json")).unwrap().len();
        assert!(it * 2 < whole, "the self-check's part is under half the texts: {it} of {whole} bytes");
    }
}
