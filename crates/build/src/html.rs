//! Links the built app from the staged pages: boot.js reads the module names from its `data-js`/`data-wasm`.

use crate::wasm::Built;

pub const JS_SLOT: &str = "__MW_APP_JS__";
pub const WASM_SLOT: &str = "__MW_APP_WASM__";

/// Fills the app's module names (with the public URL, e.g. `/` or `/microwork/`) into index.html.
pub fn link_app(index: &str, public_url: &str, built: &Built) -> anyhow::Result<String> {
    anyhow::ensure!(
        index.contains(JS_SLOT) && index.contains(WASM_SLOT),
        "index.html has no `{JS_SLOT}`/`{WASM_SLOT}` for boot.js to load the app"
    );
    let base = if public_url.ends_with('/') { public_url.to_string() } else { format!("{public_url}/") };
    // The slots sit after the base path in index.html (`data-js="/__MW_APP_JS__"`).
    Ok(index.replace(&format!("/{JS_SLOT}"), &format!("{base}{}", built.js)).replace(&format!("/{WASM_SLOT}"), &format!("{base}{}", built.wasm)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_both_names_under_the_public_url() {
        let built = Built { js: "microwork-1.js".into(), wasm: "microwork-2_bg.wasm".into(), ..Default::default() };
        let index = "<script src=/boot.js data-js=/__MW_APP_JS__ data-wasm=/__MW_APP_WASM__></script>";
        assert_eq!(
            link_app(index, "/", &built).unwrap(),
            "<script src=/boot.js data-js=/microwork-1.js data-wasm=/microwork-2_bg.wasm></script>"
        );
        assert!(link_app(index, "/microwork/", &built).unwrap().contains("data-js=/microwork/microwork-1.js"));
        assert!(link_app("<p>", "/", &built).is_err());
    }
}
