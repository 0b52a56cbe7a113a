//! The app's WebAssembly, split by route: `cargo rustc` (with relocations kept) → wasm-split (this crate's
//! pinned library, no extra install) → `wasm-bindgen --target web` on the main module → `wasm-opt -Oz` on every
//! module (npm binaryen) → content-hashed names in the output directory.
//!
//! Trunk has no wasm-split support (trunk-rs/trunk#1022), so Trunk builds everything else and runs this as a
//! `post_build` hook (see Trunk.toml).

use crate::hashing::{self, hashed_name};
use anyhow::{Context, bail, ensure};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The name wasm-split gives the JavaScript that loads chunks, as imported by the main module.
const LINK_MODULE: &str = "__wasm_split.js";
/// Stem of the main module's files (the bin target's name).
const APP: &str = "microwork";

pub struct Options {
    pub root: PathBuf,
    pub target_dir: PathBuf,
    pub release: bool,
    /// `--cfg erase_components`: type-erased views, much less code (leptos' own size switch).
    pub erase_components: bool,
}

/// What the build put in the output directory (file names relative to it).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Built {
    /// The wasm-bindgen glue that boot.js imports.
    pub js: String,
    /// The main module, passed by boot.js to the glue.
    pub wasm: String,
    /// The chunk loader (imported by the glue).
    pub loader: String,
    /// Lazy split name → the chunk files it needs (its own and shared ones), in load order.
    pub splits: BTreeMap<String, Vec<String>>,
    /// Every file written.
    pub files: Vec<String>,
}

pub fn build(opts: &Options, out: &Path) -> anyhow::Result<Built> {
    let work = opts.target_dir.join("microwork-build").join(if opts.release { "release" } else { "debug" });
    let _ = std::fs::remove_dir_all(&work);
    let (split_dir, bindgen_dir) = (work.join("split"), work.join("bindgen"));
    std::fs::create_dir_all(&split_dir)?;
    std::fs::create_dir_all(&bindgen_dir)?;

    let clock = std::time::Instant::now();
    let step = |what: &str| eprintln!("microwork-build: {what} ({:.1} s)", clock.elapsed().as_secs_f32());
    let input = compile(opts)?;
    step("compiled");
    let mut splits = split(&input, &split_dir)?;
    step("split");
    let loader = std::fs::read_to_string(split_dir.join(LINK_MODULE)).context("wasm-split wrote no loader")?;
    let loader = merge_chunks(&split_dir, &mut splits, &loader)?;
    step("chunks merged");
    bindgen(&split_dir.join(format!("{APP}.wasm")), &bindgen_dir, opts.release)?;
    step("wasm-bindgen");
    let main_wasm = bindgen_dir.join(format!("{APP}_bg.wasm"));
    let chunks: Vec<PathBuf> = splits.files.iter().map(|f| split_dir.join(f)).collect();
    if opts.release {
        wasm_opt_all(&opts.root, &main_wasm, &chunks)?;
        step("wasm-opt");
    }
    let loader = crate::loader::make_loads_fallible(&loader)?;
    let glue = std::fs::read_to_string(bindgen_dir.join(format!("{APP}.js")))?;
    place(&Modules { main_wasm: &main_wasm, chunks: &chunks, glue, loader, splits: &splits.by_split }, out)
}

/// `cargo rustc` for the app's bin, keeping relocations (wasm-split needs them). Returns the .wasm path.
fn compile(opts: &Options) -> anyhow::Result<PathBuf> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(&opts.root)
        .args(["rustc", "--locked", "--target", "wasm32-unknown-unknown", "-p", APP, "--bin", APP, "--features", "split"])
        .args(if opts.release { &["--release"][..] } else { &[][..] })
        .args(["--", "-Clink-args=--emit-relocs"]);
    // Only for the wasm target (build scripts and proc macros are unaffected), and only in this build.
    let mut flags = std::env::var("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS").unwrap_or_default();
    if opts.erase_components {
        flags.push_str(" --cfg erase_components");
    }
    cmd.env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", flags.trim());
    run(&mut cmd, "cargo rustc (the app, wasm32)")?;
    let wasm = opts
        .target_dir
        .join("wasm32-unknown-unknown")
        .join(if opts.release { "release" } else { "debug" })
        .join(format!("{APP}.wasm"));
    ensure!(wasm.is_file(), "cargo built no {}", wasm.display());
    Ok(wasm)
}

struct Splits {
    /// Chunk and split files wasm-split wrote (besides the main module and the loader).
    files: Vec<String>,
    by_split: BTreeMap<String, Vec<String>>,
}

fn split(input: &Path, dir: &Path) -> anyhow::Result<Splits> {
    let bytes = std::fs::read(input).with_context(|| format!("reading {}", input.display()))?;
    let main_out = dir.join(format!("{APP}.wasm"));
    let main_module = format!("./{APP}.js");
    let link_name = format!("./{LINK_MODULE}");
    let mut options = wasm_split_cli_support::Options::new(&bytes);
    options.output_dir = dir;
    options.main_out_path = &main_out;
    options.main_module = &main_module;
    options.link_name = &link_name;
    options.target.web();
    let result = wasm_split_cli_support::transform(options).map_err(|e| anyhow::anyhow!("wasm-split: {e:?}"))?;
    let mut files: Vec<String> = result
        .split_modules
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    files.sort();
    let by_split = result
        .prefetch_map
        .into_iter()
        .map(|(split, stems)| (split, stems.into_iter().map(|s| format!("{s}.wasm")).collect()))
        .collect();
    Ok(Splits { files, by_split })
}

/// Merges wasm-split's small shared chunks into groups (see chunks.rs): rewrites the chunk files (the group's
/// first holds the merged module, the others are removed), `splits` and the loader. Returns the new loader.
fn merge_chunks(dir: &Path, splits: &mut Splits, loader: &str) -> anyhow::Result<String> {
    let stem = |file: &str| file.strip_suffix(".wasm").unwrap_or(file).to_string();
    let mut chunks = Vec::new();
    for file in splits.files.iter().filter(|f| f.starts_with("chunk_")) {
        let needed_by = splits.by_split.iter().filter(|(_, files)| files.contains(file)).map(|(s, _)| s.clone()).collect();
        let bytes = std::fs::metadata(dir.join(file))?.len();
        chunks.push(crate::chunks::Chunk { stem: stem(file), bytes, needed_by });
    }
    // In the loader's order: a group's first chunk is declared before the others that become aliases of it.
    chunks.sort_by_key(|c| loader.find(&format!("const __{} = ", c.stem)).unwrap_or(usize::MAX));
    let mut loader = loader.to_string();
    let mut renamed = BTreeMap::new();
    for group in crate::chunks::plan(&chunks, crate::chunks::MERGE_BUDGET, crate::chunks::first_visit_weight) {
        let [first, rest @ ..] = &group[..] else { continue };
        if rest.is_empty() {
            continue;
        }
        let files: Vec<PathBuf> = group.iter().map(|&i| dir.join(format!("{}.wasm", chunks[i].stem))).collect();
        let modules = files.iter().map(std::fs::read).collect::<Result<Vec<_>, _>>()?;
        let merged = crate::chunks::merge_modules(&modules)
            .with_context(|| format!("merging {}", group.iter().map(|&i| chunks[i].stem.as_str()).collect::<Vec<_>>().join(", ")))?;
        std::fs::write(&files[0], merged)?;
        for (&i, file) in rest.iter().zip(&files[1..]) {
            std::fs::remove_file(file)?;
            renamed.insert(format!("{}.wasm", chunks[i].stem), format!("{}.wasm", chunks[*first].stem));
        }
        let others: Vec<&str> = rest.iter().map(|&i| chunks[i].stem.as_str()).collect();
        loader = crate::chunks::alias_loads(&loader, &chunks[*first].stem, &others)?;
    }
    splits.files.retain(|f| !renamed.contains_key(f));
    for files in splits.by_split.values_mut() {
        let mut seen = std::collections::BTreeSet::new();
        *files = files.iter().map(|f| renamed.get(f).unwrap_or(f).clone()).filter(|f| seen.insert(f.clone())).collect();
    }
    eprintln!("microwork-build: {} shared chunks merged into {}", chunks.len(), chunks.len() - renamed.len());
    Ok(loader)
}

fn bindgen(main: &Path, out: &Path, release: bool) -> anyhow::Result<()> {
    let mut cmd = Command::new("wasm-bindgen");
    cmd.args(["--target", "web", "--keep-lld-exports", "--no-demangle", "--no-typescript", "--out-name", APP])
        .arg("--out-dir")
        .arg(out)
        .arg(main);
    if !release {
        cmd.arg("--debug");
    }
    run(&mut cmd, "wasm-bindgen")
}

/// `wasm-opt -Oz` on every module: npm's binaryen through its JavaScript API (crates/build/wasm-opt.mjs), one
/// Node process for the main module and one for all the chunks, side by side. (The `wasm-opt` CLI is the same
/// binaryen, but one Node start-up per file costs more than optimising a small chunk.)
fn wasm_opt_all(root: &Path, main: &Path, chunks: &[PathBuf]) -> anyhow::Result<()> {
    let script = root.join("crates/build/wasm-opt.mjs");
    let start = |files: Vec<&Path>| {
        Command::new("node").arg(&script).args(files).spawn().context("could not start node (run scripts/setup.sh)")
    };
    let mut jobs = vec![start(vec![main])?];
    if !chunks.is_empty() {
        jobs.push(start(chunks.iter().map(PathBuf::as_path).collect())?);
    }
    for mut job in jobs {
        let status = job.wait()?;
        ensure!(status.success(), "wasm-opt.mjs failed ({status})");
    }
    Ok(())
}

/// Minifies JavaScript files in place (crates/build/minify-js.mjs, npm's terser): ES `modules`, classic `scripts`.
pub fn minify_js(root: &Path, modules: &[PathBuf], scripts: &[PathBuf]) -> anyhow::Result<()> {
    let mut cmd = Command::new("node");
    cmd.arg(root.join("crates/build/minify-js.mjs")).arg("--module").args(modules).arg("--script").args(scripts);
    run(&mut cmd, "node (minify-js.mjs)")
}

fn run(cmd: &mut Command, what: &str) -> anyhow::Result<()> {
    let status = cmd.status().with_context(|| format!("could not start {what} (run scripts/setup.sh)"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

struct Modules<'a> {
    main_wasm: &'a Path,
    chunks: &'a [PathBuf],
    glue: String,
    loader: String,
    splits: &'a BTreeMap<String, Vec<String>>,
}

/// Copies the modules to `out` under content-hashed names and points every reference at them.
/// Chunks and the main wasm are leaves (hashed alone); the glue and the loader import each other, so both are
/// named after one hash of the pair.
fn place(m: &Modules, out: &Path) -> anyhow::Result<Built> {
    std::fs::create_dir_all(out)?;
    let mut built = Built::default();
    let mut renamed = BTreeMap::new();
    for chunk in m.chunks {
        let bytes = std::fs::read(chunk)?;
        let name = chunk.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let new = hashed_name(&name, &bytes);
        std::fs::write(out.join(&new), &bytes)?;
        built.files.push(new.clone());
        renamed.insert(name, new);
    }
    let main_bytes = std::fs::read(m.main_wasm)?;
    built.wasm = hashed_name(&format!("{APP}_bg.wasm"), &main_bytes);
    std::fs::write(out.join(&built.wasm), &main_bytes)?;
    built.files.push(built.wasm.clone());

    let mut loader = m.loader.clone();
    for (old, new) in &renamed {
        loader = hashing::replace_exact(&loader, &format!("\"./{old}\""), &format!("\"./{new}\""))?;
    }
    let glue = m.glue.replace(&format!("'{APP}_bg.wasm'"), &format!("'{}'", built.wasm));
    let pair = hashing::hash16(&[glue.as_bytes(), loader.as_bytes()]);
    built.js = format!("{APP}-{pair}.js");
    built.loader = format!("split-{pair}.js");
    // Only the import statements: the imports object keeps the module name the wasm imports from.
    let import_from = format!("from \"./{LINK_MODULE}\"");
    if glue.contains(&import_from) {
        let glue = hashing::replace_exact(&glue, &import_from, &format!("from \"./{}\"", built.loader))?;
        let loader = hashing::replace_exact(&loader, &format!("\"./{APP}.js\""), &format!("\"./{}\"", built.js))?;
        std::fs::write(out.join(&built.js), glue)?;
        std::fs::write(out.join(&built.loader), loader)?;
        built.files.push(built.loader.clone());
    } else {
        // No lazy routes in this build: nothing imports the loader.
        ensure!(m.chunks.is_empty(), "wasm-split wrote chunks but the app does not import their loader");
        built.loader.clear();
        std::fs::write(out.join(&built.js), glue)?;
    }
    built.files.push(built.js.clone());
    built.splits = m
        .splits
        .iter()
        .map(|(split, files)| (split.clone(), files.iter().filter_map(|f| renamed.get(f).cloned()).collect()))
        .collect();
    built.files.sort();
    Ok(built)
}
