//! Build-time help for `dist/`: precompressed copies for the server, and the size report (`make size`).

use anyhow::Context;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

const COMPRESSIBLE: &[&str] = &["html", "js", "mjs", "wasm", "css", "json", "geojson", "svg", "txt", "webmanifest", "xml", "ico"];

fn files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
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

/// Files of `dist/` that `index.html` names (stylesheets, scripts, the wasm it preloads, icons): what the
/// browser fetches with the page. Matching on the names themselves works whatever Trunk's minifier does to quoting.
fn referenced_by_index(index: &str, names: &[String]) -> Vec<String> {
    names
        .iter()
        .filter(|name| index.contains(&format!("/{name}")) || index.contains(&format!("\"{name}\"")))
        .cloned()
        .collect()
}

/// The table `make size` prints: every file (without the .br/.gz copies), then a first visit's total.
pub fn size_report(dir: &Path) -> anyhow::Result<String> {
    let index = std::fs::read_to_string(dir.join("index.html")).context("dist/index.html is missing: build first")?;
    let names: Vec<String> = files(dir)?
        .iter()
        .filter_map(|p| p.strip_prefix(dir).ok())
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .filter(|n| !n.ends_with(".br") && !n.ends_with(".gz"))
        .collect();
    // The page itself, what it names, and what the app fetches as it starts.
    let mut first_visit: Vec<String> = vec!["index.html".into(), "config.json".into()];
    first_visit.extend(referenced_by_index(&index, &names));
    first_visit.sort();
    first_visit.dedup();

    let mut out = String::new();
    writeln!(out, "{:<56} {:>10} {:>10} {:>10}  first visit", "file", "raw", "gzip", "brotli")?;
    let (mut raw_all, mut first_raw, mut first_gz, mut first_br) = (0usize, 0usize, 0usize, 0usize);
    for name in &names {
        let path = dir.join(name);
        let data = std::fs::read(&path)?;
        let (gz, br) = if is_compressible(&path) { (gzip(&data).len(), brotli(&data).len()) } else { (data.len(), data.len()) };
        let first = first_visit.contains(name);
        raw_all += data.len();
        if first {
            first_raw += data.len();
            first_gz += gz.min(data.len());
            first_br += br.min(data.len());
        }
        writeln!(out, "{name:<56} {:>10} {gz:>10} {br:>10}  {}", data.len(), if first { "yes" } else { "" })?;
    }
    writeln!(out, "{:<56} {raw_all:>10}", "all files (raw)")?;
    writeln!(out, "{:<56} {first_raw:>10} {first_gz:>10} {first_br:>10}", "FIRST VISIT to the start page")?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_index_loads() {
        // As Trunk writes it after minifying: unquoted attributes, and the wasm named inside a module script.
        let index = "<link href=/main-0123456789abcdef.css rel=stylesheet><script type=module>import init from \
            '/app-0123456789abcdef.js'; await init({ module_or_path: '/app-0123456789abcdef_bg.wasm' });</script>";
        let names: Vec<String> = ["app-0123456789abcdef.js", "app-0123456789abcdef_bg.wasm", "data/comuni.json", "main-0123456789abcdef.css"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            referenced_by_index(index, &names),
            ["app-0123456789abcdef.js", "app-0123456789abcdef_bg.wasm", "main-0123456789abcdef.css"]
        );
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
