//! Links the built app from the staged pages: boot.js reads the module names from its `data-js`/`data-wasm`, and
//! the locale files' versions from `data-locales`.

use crate::wasm::Built;
use anyhow::Context;
use std::path::Path;

pub const JS_SLOT: &str = "__MW_APP_JS__";
pub const WASM_SLOT: &str = "__MW_APP_WASM__";

/// Fills the app's module names (with the public URL, e.g. `/` or `/microwork/`) into index.html, and the
/// locale files' versions (`code:version`, as the app's addresses for them carry: boot.js fetches the person's
/// texts while the app downloads).
pub fn link_app(index: &str, public_url: &str, built: &Built, locales: &[(String, String)]) -> anyhow::Result<String> {
    anyhow::ensure!(
        index.contains(JS_SLOT) && index.contains(WASM_SLOT),
        "index.html has no `{JS_SLOT}`/`{WASM_SLOT}` for boot.js to load the app"
    );
    let base = if public_url.ends_with('/') { public_url.to_string() } else { format!("{public_url}/") };
    let versions: Vec<String> = locales.iter().map(|(code, version)| format!("{code}:{version}")).collect();
    // The slots sit after the base path in index.html (`data-js="/__MW_APP_JS__"`).
    Ok(index
        .replace(&format!("/{JS_SLOT}"), &format!("{base}{}", built.js))
        .replace(&format!("data-wasm=/{WASM_SLOT}"), &format!("data-locales=\"{}\" data-wasm={base}{}", versions.join(" "), built.wasm)))
}

/// Every locale file's code and version (`locales/<code>.json`), by code: as the app's build script computes them.
pub fn locale_versions(dir: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let mut found = Vec::new();
    let reference = std::fs::read(dir.join("it.json")).with_context(|| format!("no it.json in {}", dir.display()))?;
    for entry in std::fs::read_dir(dir).with_context(|| format!("no {}", dir.display()))? {
        let path = entry?.path();
        if let (Some(code), Some("json")) = (path.file_stem().and_then(|s| s.to_str()), path.extension().and_then(|s| s.to_str())) {
            let bytes = std::fs::read(&path).with_context(|| format!("{}", path.display()))?;
            // As the app's build script (build.rs) names the same file.
            found.push((code.to_string(), microwork_core::catalog::source::locale_version(&bytes, &reference)));
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_both_names_under_the_public_url() {
        let built = Built { js: "microwork-1.js".into(), wasm: "microwork-2_bg.wasm".into(), ..Default::default() };
        let index = "<script src=/boot.js data-js=/__MW_APP_JS__ data-wasm=/__MW_APP_WASM__></script>";
        let locales = [("en".to_string(), "0b".to_string()), ("it".to_string(), "0a".to_string())];
        assert_eq!(
            link_app(index, "/", &built, &locales).unwrap(),
            "<script src=/boot.js data-js=/microwork-1.js data-locales=\"en:0b it:0a\" data-wasm=/microwork-2_bg.wasm></script>"
        );
        assert!(link_app(index, "/microwork/", &built, &locales).unwrap().contains("data-js=/microwork/microwork-1.js"));
        assert!(link_app("<p>", "/", &built, &locales).is_err());
    }
}
