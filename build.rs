//! Generates the typed translation module from `locales/*.json` (leptos_i18n): a key missing from the code's
//! point of view is a compile error; a key missing in one language is caught by the test in `src/i18n_check.rs`.
//!
//! With the `rtl-test-locale` feature (browser tests only, never shipped) a third, right-to-left locale `ar` is
//! generated from English: it proves that adding an RTL language takes translation files, not code changes.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::path::PathBuf;

fn pseudo_rtl(value: &serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), pseudo_rtl(v))).collect(),
        // A right-to-left mark in front keeps the text readable while exercising the RTL layout.
        serde_json::Value::String(s) => serde_json::Value::String(format!("\u{200F}{s}")),
        other => other.clone(),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    println!("cargo::rerun-if-changed=locales");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR not set")?);
    let options = ParseOptions::default().interpolate_display(true);
    let cfg = Config::new("it")?.add_locale("en")?.parse_options(options);
    let translations = if std::env::var_os("CARGO_FEATURE_RTL_TEST_LOCALE").is_some() {
        let dir = out.join("rtl-test");
        std::fs::create_dir_all(dir.join("locales"))?;
        for lang in ["it", "en"] {
            std::fs::copy(format!("locales/{lang}.json"), dir.join(format!("locales/{lang}.json")))?;
        }
        let en: serde_json::Value = serde_json::from_str(&std::fs::read_to_string("locales/en.json")?)?;
        std::fs::write(dir.join("locales/ar.json"), serde_json::to_string_pretty(&pseudo_rtl(&en))?)?;
        TranslationsInfos::parse_at_dir(dir, cfg.add_locale("ar")?)?
    } else {
        TranslationsInfos::parse(cfg)?
    };
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(out.join("i18n"))?;
    Ok(())
}
