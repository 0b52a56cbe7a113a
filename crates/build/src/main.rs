//! `microwork-build`: the build steps Trunk cannot do. Trunk builds the page, styles and copied files, then
//! runs `microwork-build trunk-hook` (Trunk.toml, `post_build`), which builds the app's wasm split by route
//! into Trunk's staging directory and links it from index.html.

mod chunks;
mod datacheck;
mod hashing;
mod html;
mod languages;
mod locale_parts;
mod loader;
mod measures;
mod prerender;
mod towns;
mod wasm;

use anyhow::Context;
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "microwork-build")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run by Trunk after it has staged the site (reads TRUNK_STAGING_DIR, TRUNK_PROFILE, TRUNK_PUBLIC_URL).
    TrunkHook,
}

/// The workspace root (this crate lives in crates/build).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap_or_else(|_| PathBuf::from("."))
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).map(|p| root.join(p)).unwrap_or_else(|| root.join("target"))
}

fn trunk_hook() -> anyhow::Result<()> {
    let staging = PathBuf::from(std::env::var_os("TRUNK_STAGING_DIR").context("TRUNK_STAGING_DIR is not set: run through `trunk build`")?);
    let release = std::env::var("TRUNK_PROFILE").as_deref() == Ok("release");
    let public_url = std::env::var("TRUNK_PUBLIC_URL").unwrap_or_else(|_| "/".into());
    let root = root();
    // MW_ERASE_COMPONENTS=0/1 overrides the default (for measuring what the switch gives).
    let erase_components = std::env::var("MW_ERASE_COMPONENTS").map(|v| v != "0").unwrap_or(true);
    // Before the long wasm build: data the app could not read faithfully stops here (see datacheck.rs).
    datacheck::refuse_broken(&root.join("public/data"))?;
    let options = wasm::Options { target_dir: target_dir(&root), root, release, erase_components };
    let built = wasm::build(&options, &staging)?;
    let index_path = staging.join("index.html");
    let index = std::fs::read_to_string(&index_path).context("Trunk staged no index.html")?;
    let locales = html::locale_versions(&options.root.join("locales"))?;
    std::fs::write(&index_path, html::link_app(&index, &public_url, &built, &locales)?)?;
    let base = format!("/{}/", public_url.trim_matches('/')).replace("//", "/");
    if release {
        let module = |name: &str| (!name.is_empty()).then(|| staging.join(name));
        let modules: Vec<PathBuf> = [module(&built.js), module(&built.loader)].into_iter().flatten().collect();
        wasm::minify_js(&options.root, &modules, &[staging.join("boot.js"), staging.join("map.js")])?;
    }
    let pages = prerender::write_all(&options.root, &staging, &base, &built.splits)?;
    towns::write(&staging)?;
    measures::write(&staging)?;
    // After measures.json, which is made from the bilingual files.
    languages::write(&staging)?;
    locale_parts::write(&staging)?;
    let manifest = options.target_dir.join("microwork-build").join("app.json");
    std::fs::write(&manifest, serde_json::to_vec_pretty(&built)?)?;
    eprintln!("microwork-build: {} ({} modules, {} lazy splits), {pages} prerendered pages", built.js, built.files.len(), built.splits.len());
    Ok(())
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::TrunkHook => trunk_hook(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("microwork-build: {e:#}");
            ExitCode::FAILURE
        }
    }
}
