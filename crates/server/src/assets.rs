//! Build-time help for `dist/`: precompressed copies for the server, and the size report (`make size`).

use anyhow::Context;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

const COMPRESSIBLE: &[&str] = &["html", "js", "mjs", "wasm", "css", "json", "geojson", "svg", "txt", "webmanifest", "xml", "ico"];

pub(crate) fn files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn is_compressible(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| COMPRESSIBLE.contains(&e))
}

pub fn brotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        let _ = w.write_all(data);
    }
    out
}

pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = w.write_all(data);
    w.finish().unwrap_or_default()
}

/// Writes `file.br` and `file.gz` beside every text file where that saves bytes. Returns how many files.
pub fn precompress(dir: &Path) -> anyhow::Result<usize> {
    let mut n = 0;
    for path in files(dir)?.into_iter().filter(|p| is_compressible(p)) {
        let data = std::fs::read(&path)?;
        for (ext, packed) in [("br", brotli(&data)), ("gz", gzip(&data))] {
            let target = PathBuf::from(format!("{}.{ext}", path.display()));
            if packed.len() < data.len() {
                std::fs::write(&target, packed).with_context(|| format!("writing {}", target.display()))?;
            } else if target.exists() {
                std::fs::remove_file(&target)?;
            }
        }
        n += 1;
    }
    Ok(n)
}

/// Files of `dist/` that `index.html` loads with the page itself (`href=`/`src=` of links and scripts, quoted or
/// as Trunk's minifier writes them). Names in `data-*` attributes (the app's wasm, loaded by boot.js only off the
/// start page) do not count.
fn loaded_by_index(index: &str, names: &[String]) -> Vec<String> {
    names
        .iter()
        .filter(|name| {
            ["href=/", "href=\"/", "src=/", "src=\"/"].iter().any(|attr| {
                index.match_indices(&format!("{attr}{name}")).any(|(at, m)| {
                    // The whole name, not a prefix of a longer one.
                    index[at + m.len()..].chars().next().is_none_or(|c| matches!(c, '"' | ' ' | '>'))
                })
            })
        })
        .cloned()
        .collect()
}

/// Files named in `data-*` attributes (`data-js=/app.js`): what boot.js loads off the start page.
fn data_attr_files(index: &str, names: &[String]) -> Vec<String> {
    names
        .iter()
        .filter(|n| {
            index.match_indices(&format!("=/{n}")).any(|(at, _)| {
                index[..at].rsplit([' ', '<']).next().is_some_and(|attr| attr.starts_with("data-"))
            })
        })
        .cloned()
        .collect()
}

struct Sizes {
    raw: usize,
    gzip: usize,
    brotli: usize,
}

/// The table `make size` prints: every file (without the .br/.gz copies) and three totals: a first visit to the
/// start page (static HTML), a first visit to any other page (the app), and what the service worker precaches.
pub fn size_report(dir: &Path) -> anyhow::Result<String> {
    let index = std::fs::read_to_string(dir.join("index.html")).context("dist/index.html is missing: build first")?;
    let names: Vec<String> = files(dir)?
        .iter()
        .filter_map(|p| p.strip_prefix(dir).ok())
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .filter(|n| !n.ends_with(".br") && !n.ends_with(".gz"))
        .collect();
    let mut start: Vec<String> = vec!["index.html".into()];
    start.extend(loaded_by_index(&index, &names));
    // Any other page also runs the app: its glue and wasm (named for boot.js) and the configuration it reads.
    let mut app = start.clone();
    app.extend(data_attr_files(&index, &names));
    app.push("config.json".into());

    let mut sizes = std::collections::BTreeMap::new();
    let mut out = String::new();
    writeln!(out, "{:<48} {:>10} {:>10} {:>10}  start  app", "file", "raw", "gzip", "brotli")?;
    for name in &names {
        let data = std::fs::read(dir.join(name))?;
        let (gz, br) = if is_compressible(Path::new(name)) {
            (gzip(&data).len().min(data.len()), brotli(&data).len().min(data.len()))
        } else {
            (data.len(), data.len())
        };
        let mark = |list: &[String]| if list.contains(name) { "yes" } else { "" };
        writeln!(out, "{name:<48} {:>10} {gz:>10} {br:>10}  {:<5}  {}", data.len(), mark(&start), mark(&app))?;
        sizes.insert(name.clone(), Sizes { raw: data.len(), gzip: gz, brotli: br });
    }
    let total = |list: &[String]| {
        list.iter().filter_map(|n| sizes.get(n)).fold((0, 0, 0), |(r, g, b), s| (r + s.raw, g + s.gzip, b + s.brotli))
    };
    // As the worker's own list: not itself, not the other languages' texts (kept on first use instead).
    let precache: Vec<String> =
        names.iter().filter(|n| n.as_str() != "sw.js" && !crate::service_worker::other_language(&format!("/{n}"))).cloned().collect();
    for (label, list) in [
        ("FIRST VISIT, start page (/)", &start),
        ("FIRST VISIT, any app page", &app),
        ("offline precache (service worker)", &precache),
    ] {
        let (r, g, b) = total(list);
        writeln!(out, "{label:<48} {r:>10} {g:>10} {b:>10}")?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_index_loads() {
        // As Trunk writes it after minifying: unquoted attributes; a link to a page is not a file.
        let index = "<link href=/main-0123456789abcdef.css rel=stylesheet><a href=/data/comuni.json.x>x</a>";
        let names: Vec<String> = ["app-0123456789abcdef.js", "app-0123456789abcdef_bg.wasm", "data/comuni.json", "main-0123456789abcdef.css"]
            .map(String::from)
            .to_vec();
        assert_eq!(loaded_by_index(index, &names), ["main-0123456789abcdef.css"]);
        assert_eq!(data_attr_files(index, &names).len(), 0);
        let boot = "<script data-js=/app-0123456789abcdef.js data-wasm=/app-0123456789abcdef_bg.wasm src=/boot.js></script>";
        let names: Vec<String> = ["app-0123456789abcdef.js", "app-0123456789abcdef_bg.wasm", "boot.js"].map(String::from).to_vec();
        assert_eq!(loaded_by_index(boot, &names), ["boot.js"]);
        assert_eq!(data_attr_files(boot, &names), ["app-0123456789abcdef.js", "app-0123456789abcdef_bg.wasm"]);
    }

    #[test]
    fn precompresses_text_only_when_smaller() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.js"), "let x = 1;\n".repeat(200)).unwrap();
        std::fs::write(dir.path().join("b.png"), [0u8; 100]).unwrap();
        std::fs::write(dir.path().join("c.json"), "{}").unwrap();
        assert_eq!(precompress(dir.path()).unwrap(), 2);
        assert!(dir.path().join("a.js.br").exists() && dir.path().join("a.js.gz").exists());
        assert!(!dir.path().join("b.png.br").exists());
        assert!(!dir.path().join("c.json.br").exists(), "2 bytes cannot get smaller");
    }
}
