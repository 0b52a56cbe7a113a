//! Fills the service worker template in `dist/sw.js` with this build's precache list and version, so a new
//! deploy is a new worker (browsers compare sw.js byte for byte) and old caches get deleted.

use anyhow::Context;
use sha2::{Digest, Sha256};
use std::path::Path;

const VERSION_SLOT: &str = "\"__MW_VERSION__\"";
const PRECACHE_SLOT: &str = "[\"__MW_PRECACHE__\"]";

/// Whether a file holds the texts of a language other than Italian and English (`/locales/ro.json`, its
/// `.more.json` and `.all.json` parts, the data-text overlays under `/data/i18n/`): not precached, so that adding a language
/// adds no byte to what an Italian visitor downloads; the worker keeps the person's own language when it is first
/// used (sw.js).
pub(crate) fn other_language(url: &str) -> bool {
    url.starts_with("/data/i18n/")
        || url.strip_prefix("/locales/").is_some_and(|f| {
            let lang = f.strip_suffix(".json").map(|f| f.strip_suffix(".more").or_else(|| f.strip_suffix(".all")).unwrap_or(f));
            lang.is_some_and(|lang| lang != "it" && lang != "en")
        })
}

/// Files the worker precaches: everything the app may need offline (not the precompressed copies, not itself,
/// not the other languages' texts).
fn precache_list(dist: &Path) -> anyhow::Result<Vec<String>> {
    let mut list: Vec<String> = crate::assets::files(dist)?
        .iter()
        .filter_map(|p| p.strip_prefix(dist).ok())
        .map(|p| format!("/{}", p.to_string_lossy().replace('\\', "/")))
        .filter(|p| !p.ends_with(".br") && !p.ends_with(".gz") && p != "/sw.js" && !other_language(p))
        .collect();
    list.sort();
    Ok(list)
}

/// Returns the version written, or `None` when there is no unfilled template (already done, or no worker).
pub fn write(dist: &Path) -> anyhow::Result<Option<String>> {
    let path = dist.join("sw.js");
    let Ok(template) = std::fs::read_to_string(&path) else { return Ok(None) };
    if !template.contains(VERSION_SLOT) || !template.contains(PRECACHE_SLOT) {
        return Ok(None);
    }
    let list = precache_list(dist)?;
    let mut hasher = Sha256::new();
    for url in &list {
        hasher.update(url.as_bytes());
        hasher.update(std::fs::read(dist.join(&url[1..])).with_context(|| format!("reading {url}"))?);
    }
    let version: String = hasher.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect();
    let filled = template
        .replace(VERSION_SLOT, &format!("\"{version}\""))
        .replace(PRECACHE_SLOT, &serde_json::to_string(&list)?);
    std::fs::write(&path, filled).with_context(|| format!("writing {}", path.display()))?;
    Ok(Some(version))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_the_template_once_with_a_content_hash() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("data")).unwrap();
        std::fs::write(d.join("index.html"), "<html>").unwrap();
        std::fs::write(d.join("data/a.json"), "[1]").unwrap();
        std::fs::write(d.join("data/a.json.br"), "x").unwrap();
        std::fs::write(d.join("sw.js"), format!("const VERSION = {VERSION_SLOT};\nconst PRECACHE = {PRECACHE_SLOT};")).unwrap();
        let v1 = write(d).unwrap().unwrap();
        let sw = std::fs::read_to_string(d.join("sw.js")).unwrap();
        assert!(sw.contains(&format!("\"{v1}\"")), "{sw}");
        assert!(sw.contains(r#"["/data/a.json","/index.html"]"#), "{sw}");
        assert_eq!(write(d).unwrap(), None, "a filled worker is left alone");

        // Another build with different content gets another version.
        std::fs::write(d.join("sw.js"), format!("const VERSION = {VERSION_SLOT};\nconst PRECACHE = {PRECACHE_SLOT};")).unwrap();
        std::fs::write(d.join("data/a.json"), "[2]").unwrap();
        assert_ne!(write(d).unwrap().unwrap(), v1);
    }

    #[test]
    fn the_other_languages_are_not_precached() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let files = ["locales/it.json", "locales/it.more.json", "locales/en.json", "locales/en.more.json", "locales/ro.json", "locales/ro.more.json", "locales/ro.all.json", "data/i18n/zh.json", "data/a.json"];
        for f in files {
            std::fs::create_dir_all(d.join(f).parent().unwrap()).unwrap();
            std::fs::write(d.join(f), "{}").unwrap();
        }
        assert_eq!(
            precache_list(d).unwrap(),
            ["/data/a.json", "/locales/en.json", "/locales/en.more.json", "/locales/it.json", "/locales/it.more.json"]
        );
    }
}
