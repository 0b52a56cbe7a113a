//! `dist/` on a static host (issue 18): the headers `microwork serve` sets, for hosts that cannot compute them.
//! `microwork static-headers dist` writes `dist/_headers` (the format Netlify and Cloudflare Pages read) and, on
//! request, the same headers as an nginx include and a Caddy snippet for the configurations in `deploy/`.
//! One source: the server's own header list ([`crate::http::security::site_headers`]) and caching rule
//! ([`crate::http::static_files::is_content_hashed`]); nothing here is typed twice.

use crate::http::security::site_headers;
use crate::http::static_files::{CACHE_HASHED, CACHE_REVALIDATE, is_content_hashed};
use anyhow::Context;
use axum::http::{HeaderName, HeaderValue};
use std::path::{Path, PathBuf};

/// Cloudflare Pages reads at most this many rules from `_headers`.
pub const CLOUDFLARE_MAX_RULES: usize = 100;

/// The header lines as text (`name`, `value`).
fn text_headers(headers: &[(HeaderName, HeaderValue)]) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| (canonical(name.as_str()), value.to_str().unwrap_or_default().to_string()))
        .collect()
}

/// `content-security-policy` → `Content-Security-Policy` (as people read them in configuration files).
fn canonical(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join("-")
}

fn is_compressed_copy(name: &str) -> bool {
    name.ends_with(".br") || name.ends_with(".gz")
}

/// Whether anything under `dir` is content-hashed.
fn holds_hashed(dir: &Path) -> std::io::Result<bool> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type()?.is_dir() {
            if holds_hashed(&entry.path())? {
                return Ok(true);
            }
        } else if !is_compressed_copy(&name) && is_content_hashed(&name) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `(path pattern, Cache-Control)` for everything in `dir` (URL prefix `prefix`, ending in `/`): a content-hashed
/// file gets its own immutable rule; a directory without any hashed file one `dir/*` rule (and `dir` itself,
/// the route's page on hosts that serve `dir/index.html` there), so the list stays short.
fn cache_rules(dir: &Path, prefix: &str, rules: &mut Vec<(String, &'static str)>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.starts_with('_') || is_compressed_copy(&name) {
            continue;
        }
        if entry.file_type()?.is_dir() {
            let sub = format!("{prefix}{name}/");
            if holds_hashed(&entry.path())? {
                cache_rules(&entry.path(), &sub, rules)?;
            } else {
                rules.push((format!("{prefix}{name}"), CACHE_REVALIDATE));
                rules.push((format!("{sub}*"), CACHE_REVALIDATE));
            }
        } else if is_content_hashed(&name) {
            rules.push((format!("{prefix}{name}"), CACHE_HASHED));
        } else {
            if name == "index.html" {
                rules.push((prefix.to_string(), CACHE_REVALIDATE));
            }
            rules.push((format!("{prefix}{name}"), CACHE_REVALIDATE));
        }
    }
    Ok(())
}

/// The `_headers` file: the site's headers on every path, then each path's `Cache-Control` (never two for one
/// file: hosts join repeated headers with a comma, and `no-cache, immutable` would mean no-cache).
pub fn headers_file(dist: &Path, headers: &[(HeaderName, HeaderValue)]) -> std::io::Result<(String, usize)> {
    let mut out = String::from(
        "# Written by `microwork static-headers` from config.json and the partner list (MICROWORK_ALLOWED_ORIGINS):\n\
         # the headers `microwork serve` sends, for static hosts that read this file (Netlify, Cloudflare Pages).\n\
         # Write it again after changing either, and after every build (hashed file names change).\n/*\n",
    );
    for (name, value) in text_headers(headers) {
        out.push_str(&format!("  {name}: {value}\n"));
    }
    let mut rules = Vec::new();
    cache_rules(dist, "/", &mut rules)?;
    for (path, value) in &rules {
        out.push_str(&format!("{path}\n  Cache-Control: {value}\n"));
    }
    Ok((out, rules.len() + 1))
}

/// `add_header` lines for an nginx `server` block (`always`: 404 pages carry them too).
pub fn nginx_include(headers: &[(HeaderName, HeaderValue)]) -> String {
    let mut out = String::from(
        "# Written by `microwork static-headers --nginx FILE`: the headers `microwork serve` sends, for\n\
         # deploy/nginx/microwork.conf (`include microwork-headers.conf;`). Write it again after changing\n\
         # config.json or the partner list.\n",
    );
    for (name, value) in text_headers(headers) {
        out.push_str(&format!("add_header {name} \"{value}\" always;\n"));
    }
    out
}

/// A Caddy `header` block for deploy/Caddyfile (`import microwork-headers.caddy`).
pub fn caddy_snippet(headers: &[(HeaderName, HeaderValue)]) -> String {
    let mut out = String::from(
        "# Written by `microwork static-headers --caddy FILE`: the headers `microwork serve` sends, for\n\
         # deploy/Caddyfile (`import microwork-headers.caddy`). Write it again after changing config.json or the\n\
         # partner list.\nheader {\n",
    );
    for (name, value) in text_headers(headers) {
        out.push_str(&format!("\t{name} \"{value}\"\n"));
    }
    out.push_str("}\n");
    out
}

/// What [`write`] wrote.
pub struct Written {
    pub files: Vec<PathBuf>,
    /// Rules in `_headers`.
    pub rules: usize,
}

/// Writes `dist/_headers`, and the nginx include and the Caddy snippet where asked.
pub fn write(dist: &Path, frame_ancestors: &[HeaderValue], nginx: Option<&Path>, caddy: Option<&Path>) -> anyhow::Result<Written> {
    anyhow::ensure!(dist.join("index.html").is_file(), "{} has no index.html: build the app first (make dist)", dist.display());
    let headers = site_headers(dist, frame_ancestors);
    let (file, rules) = headers_file(dist, &headers).with_context(|| format!("reading {}", dist.display()))?;
    let mut outputs = vec![(dist.join("_headers"), file)];
    if let Some(path) = nginx {
        outputs.push((path.to_path_buf(), nginx_include(&headers)));
    }
    if let Some(path) = caddy {
        outputs.push((path.to_path_buf(), caddy_snippet(&headers)));
    }
    let mut files = Vec::new();
    for (path, text) in outputs {
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        files.push(path);
    }
    Ok(Written { files, rules })
}

/// Attributes whose site-absolute URLs (`="/…"`) [`set_public_url`] moves under the public URL.
const URL_ATTRIBUTES: [&str; 5] = ["href", "src", "action", "data-js", "data-wasm"];

/// `/microwork`, `microwork/` → `/microwork/`; `/` stays `/`.
pub fn normalize_public_url(url: &str) -> String {
    let trimmed = url.trim().trim_matches('/');
    if trimmed.is_empty() { "/".into() } else { format!("/{trimmed}/") }
}

/// `html` with every site-absolute URL of [`URL_ATTRIBUTES`] (`href="/x"`, `href='/x'`, or unquoted as the
/// minified pages have them: `href=/x`) under `base` (`/microwork/`); `//host`, `https://…` and `#x` untouched.
pub fn rebase_html(html: &str, base: &str) -> String {
    let mut out = html.to_string();
    for attr in URL_ATTRIBUTES {
        let needle = format!(" {attr}=");
        let mut result = String::with_capacity(out.len() + 64);
        let mut rest = out.as_str();
        while let Some(at) = rest.find(&needle) {
            let value_at = at + needle.len();
            let quote = rest[value_at..].chars().next().filter(|c| *c == '"' || *c == '\'').map_or(0, char::len_utf8);
            let value = &rest[value_at + quote..];
            result.push_str(&rest[..value_at + quote]);
            if value.starts_with('/') && !value.starts_with("//") {
                result.push_str(base);
                rest = &value[1..];
            } else {
                rest = value;
            }
        }
        result.push_str(rest);
        out = result;
    }
    out
}

/// The boot script's `src` (`/boot.js` in a root build).
fn boot_src(html: &str) -> Option<&str> {
    let at = html.find("boot.js")?;
    let start = html[..at].rfind(|c: char| c == '=' || c == '"' || c == '\'')? + 1;
    Some(&html[start..at + "boot.js".len()])
}

/// Makes a root build (`dist/` as `make dist` writes it) work under a sub-path such as `/microwork/`: the pages'
/// links to the app's files and pages are rewritten (index.html, 404.html, every prerendered page); everything
/// else finds its place at run time from where boot.js, sw.js, embed.js and the manifest were loaded. Run it
/// once on a fresh build, then `microwork precompress` (the compressed copies of the pages changed). Returns
/// how many pages were rewritten.
pub fn set_public_url(dist: &Path, public_url: &str) -> anyhow::Result<usize> {
    let base = normalize_public_url(public_url);
    anyhow::ensure!(
        base.trim_matches('/').split('/').all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.~".contains(c)) && s != "." && s != ".."),
        "public URL `{public_url}` must be a path like /microwork/"
    );
    let index = std::fs::read_to_string(dist.join("index.html")).with_context(|| format!("{} has no index.html: build the app first (make dist)", dist.display()))?;
    anyhow::ensure!(boot_src(&index) == Some("/boot.js"), "{} was already moved to a public URL: start from a fresh build", dist.display());
    if base == "/" {
        return Ok(0);
    }
    fn pages(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                pages(&entry.path(), found)?;
            } else if entry.path().extension().is_some_and(|e| e == "html") {
                found.push(entry.path());
            }
        }
        Ok(())
    }
    let mut found = Vec::new();
    pages(dist, &mut found).with_context(|| format!("reading {}", dist.display()))?;
    for page in &found {
        let html = std::fs::read_to_string(page).with_context(|| format!("reading {}", page.display()))?;
        std::fs::write(page, rebase_html(&html, &base)).with_context(|| format!("writing {}", page.display()))?;
        // The compressed copies are stale now; `microwork precompress` writes them again.
        for ext in ["br", "gz"] {
            let _ = std::fs::remove_file(format!("{}.{ext}", page.display()));
        }
    }
    Ok(found.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dist() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        for (file, text) in [
            ("index.html", "<!doctype html>"),
            ("index.html.gz", "x"),
            ("404.html", "<!doctype html>"),
            ("config.json", r#"{"api_base": "https://api.example.it/api/v1", "contact_endpoint": "https://api.example.it/api/v1/contact-requests", "privacy_email": "p@example.it"}"#),
            ("sw.js", ""),
            ("microwork-0123456789abcdef_bg.wasm", ""),
            ("microwork-0123456789abcdef.js", ""),
            ("main-fedcba9876543210.css", ""),
            ("data/sportelli.json", "{}"),
            ("sportelli/index.html", ""),
            ("sportelli/enm-roma/index.html", ""),
        ] {
            std::fs::create_dir_all(p.join(file).parent().unwrap()).unwrap();
            std::fs::write(p.join(file), text).unwrap();
        }
        dir
    }

    #[test]
    fn every_path_gets_one_cache_rule_and_every_page_the_servers_headers() {
        let dist = dist();
        let partner = HeaderValue::from_static("https://www.comune.example.it");
        let w = write(dist.path(), &[partner], None, None).unwrap();
        let text = std::fs::read_to_string(dist.path().join("_headers")).unwrap();
        let csp = crate::http::security::content_security_policy(dist.path(), &[HeaderValue::from_static("https://www.comune.example.it")]);
        assert!(text.contains(&format!("/*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: same-origin\n  Content-Security-Policy: {}\n", csp.to_str().unwrap())), "{text}");
        assert!(text.contains("frame-ancestors 'self' https://www.comune.example.it"), "{text}");
        assert!(text.contains("connect-src 'self' https://api.example.it;"), "{text}");
        for hashed in ["/microwork-0123456789abcdef_bg.wasm", "/microwork-0123456789abcdef.js", "/main-fedcba9876543210.css"] {
            assert!(text.contains(&format!("\n{hashed}\n  Cache-Control: public, max-age=31536000, immutable\n")), "{hashed}: {text}");
        }
        for fresh in ["/", "/index.html", "/404.html", "/config.json", "/sw.js", "/data/*", "/sportelli", "/sportelli/*"] {
            assert!(text.contains(&format!("\n{fresh}\n  Cache-Control: no-cache\n")), "{fresh}: {text}");
        }
        assert!(!text.contains(".gz"), "no rule for compressed copies: {text}");
        assert_eq!(w.rules, text.lines().filter(|l| l.starts_with('/')).count());
    }

    #[test]
    fn nginx_and_caddy_get_the_same_headers() {
        let dist = dist();
        let headers = site_headers(dist.path(), &[]);
        let csp = headers.iter().find(|(n, _)| n == "content-security-policy").unwrap().1.to_str().unwrap().to_string();
        assert!(nginx_include(&headers).contains(&format!("add_header Content-Security-Policy \"{csp}\" always;\n")));
        assert!(nginx_include(&headers).contains("add_header X-Content-Type-Options \"nosniff\" always;\n"));
        assert!(caddy_snippet(&headers).contains(&format!("\tContent-Security-Policy \"{csp}\"\n")));
        assert!(caddy_snippet(&headers).starts_with("# ") && caddy_snippet(&headers).ends_with("}\n"));
    }

    #[test]
    fn a_directory_that_was_not_built_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let e = write(dir.path(), &[], None, None).err().unwrap().to_string();
        assert!(e.contains("make dist"), "{e}");
    }

    #[test]
    fn a_build_moves_under_a_sub_path_once() {
        let dist = dist();
        let page = r##"<link rel="icon" href="/favicon.svg"><script src="/boot.js" data-js="/microwork-1.js" data-wasm="/microwork-1_bg.wasm"></script><a href="/">x</a><a href="/sportelli/enm-roma">y</a><a href="#main">z</a><a href="//cdn.example/x">w</a><a href="https://a.example/">v</a>"##;
        std::fs::write(dist.path().join("index.html"), page).unwrap();
        std::fs::write(dist.path().join("sportelli/enm-roma/index.html"), page).unwrap();
        assert_eq!(set_public_url(dist.path(), "microwork").unwrap(), 4, "index, 404 and two route pages");
        let moved = std::fs::read_to_string(dist.path().join("sportelli/enm-roma/index.html")).unwrap();
        assert_eq!(
            moved,
            r##"<link rel="icon" href="/microwork/favicon.svg"><script src="/microwork/boot.js" data-js="/microwork/microwork-1.js" data-wasm="/microwork/microwork-1_bg.wasm"></script><a href="/microwork/">x</a><a href="/microwork/sportelli/enm-roma">y</a><a href="#main">z</a><a href="//cdn.example/x">w</a><a href="https://a.example/">v</a>"##
        );
        assert!(!dist.path().join("index.html.gz").exists(), "stale compressed copy removed");
        // Minified pages (Trunk's release build) have unquoted values.
        assert_eq!(
            rebase_html("<script data-js=/m-1.js data-wasm=/m-1_bg.wasm src=/boot.js></script><a href=/sportelli class=x>", "/mw/"),
            "<script data-js=/mw/m-1.js data-wasm=/mw/m-1_bg.wasm src=/mw/boot.js></script><a href=/mw/sportelli class=x>"
        );
        assert_eq!(boot_src("<script data-wasm=/a.wasm src=/boot.js>"), Some("/boot.js"));
        let again = set_public_url(dist.path(), "/microwork/").err().unwrap().to_string();
        assert!(again.contains("fresh build"), "{again}");
    }

    #[test]
    fn public_urls_are_paths() {
        assert_eq!(normalize_public_url("microwork"), "/microwork/");
        assert_eq!(normalize_public_url("/a/b/"), "/a/b/");
        assert_eq!(normalize_public_url("/"), "/");
        let dist = dist();
        std::fs::write(dist.path().join("index.html"), r#"<script src="/boot.js"></script>"#).unwrap();
        for bad in ["/../x/", "/a b/", "/a\"b/"] {
            assert!(set_public_url(dist.path(), bad).is_err(), "{bad}");
        }
    }
}
