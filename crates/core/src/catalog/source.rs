//! The shape of a locale file (`locales/<lang>.json`): nested groups of texts, where a text is a string with
//! `{name}` placeholders, or, for a text that counts something, an object with one string per CLDR plural
//! category (`{"one": "1 comune trovato", "other": "{n} comuni trovati"}`).
//!
//! Self-contained on purpose (std and serde_json only): the app's `build.rs` includes this very file with
//! `#[path]` to generate the key constants, so the build and the run time read locale files the same way.

use std::collections::{BTreeMap, BTreeSet};

/// CLDR plural category names. An object whose keys are all among these, `other` included, is one counted text.
pub const PLURAL_KEYS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// The groups of texts that only the locator, a desk's page, the contact form, a request's status and the pages of
/// text read. The build ships them apart, in `locales/<lang>.more.json` (the rest stays in `<lang>.json`), and the
/// app downloads them with the first of those pages: the self-check and the results, where most people arrive,
/// download half the texts. A page of the self-check or the results must not read a text of these groups.
pub const MORE_GROUPS: [&str; 10] =
    ["about", "privacy", "contact", "integrate", "sportelli", "sportello", "sent", "request_status", "desk_report", "problems"];

/// The groups only the server reads (its answers' sentences: crates/server's `messages.rs`, from these same
/// files). The app has no key for them and the build ships neither part with them.
pub const SERVER_GROUPS: [&str; 1] = ["api"];

/// Whether the text at `path` is one only the server reads ([`SERVER_GROUPS`]).
pub fn server_only(path: &str) -> bool {
    SERVER_GROUPS.contains(&path.split('.').next().unwrap_or_default())
}

/// Whether the text at `path` (`"sportelli.lead"`) is in the `more` part of a locale file ([`MORE_GROUPS`]).
pub fn in_more_part(path: &str) -> bool {
    let group = path.split('.').next().unwrap_or_default();
    MORE_GROUPS.contains(&group)
}

/// The texts of `file` (a whole locale file) at `paths`, as the build ships one part of it: a JSON array in the
/// order of `paths` (the app's key table), each a string, an object of plural forms, or `null` where the part or
/// the language has no text. The app reads it without parsing nested groups (see `Catalog::parse_part`).
pub fn part_array(file: &serde_json::Value, paths: &[String], more: bool) -> Result<serde_json::Value, String> {
    texts_array(file, paths, |path| in_more_part(path) == more)
}

/// Both parts in one array (`locales/<lang>.all.json`): what a first visit to a page that reads the second part
/// downloads, one request instead of two.
pub fn whole_array(file: &serde_json::Value, paths: &[String]) -> Result<serde_json::Value, String> {
    texts_array(file, paths, |_| true)
}

fn texts_array(file: &serde_json::Value, paths: &[String], keep: impl Fn(&str) -> bool) -> Result<serde_json::Value, String> {
    let texts = flatten(file)?;
    Ok(paths
        .iter()
        .map(|path| match texts.get(path) {
            Some(entry) if keep(path) && !server_only(path) => match entry {
                SourceEntry::Text(t) => serde_json::Value::String(t.clone()),
                SourceEntry::Plural(forms) => forms.iter().map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone()))).collect(),
            },
            _ => serde_json::Value::Null,
        })
        .collect())
}

/// The app's key paths: every text of the reference file (`locales/it.json`) but the server's, in order (the
/// app's build script generates its key table from the same list).
pub fn app_paths(reference: &serde_json::Value) -> Result<Vec<String>, String> {
    Ok(flatten(reference)?.into_keys().filter(|p| !server_only(p)).collect())
}

/// One text of a locale file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceEntry {
    Text(String),
    /// Category name → text.
    Plural(BTreeMap<String, String>),
}

impl SourceEntry {
    /// Every string of the entry (one, or one per plural category).
    pub fn texts(&self) -> Vec<&str> {
        match self {
            SourceEntry::Text(t) => vec![t.as_str()],
            SourceEntry::Plural(forms) => forms.values().map(String::as_str).collect(),
        }
    }

    /// The placeholder names used by any of its strings.
    pub fn placeholders(&self) -> BTreeSet<String> {
        self.texts().into_iter().flat_map(placeholders).collect()
    }
}

fn is_plural(map: &serde_json::Map<String, serde_json::Value>) -> bool {
    map.contains_key("other") && map.iter().all(|(k, v)| PLURAL_KEYS.contains(&k.as_str()) && v.is_string())
}

/// Every text of a locale file by its dotted path (`"sportelli.n_comuni"`), or what is wrong with the file.
pub fn flatten(value: &serde_json::Value) -> Result<BTreeMap<String, SourceEntry>, String> {
    fn walk(prefix: &str, value: &serde_json::Value, out: &mut BTreeMap<String, SourceEntry>) -> Result<(), String> {
        match value {
            serde_json::Value::String(s) if !prefix.is_empty() => {
                out.insert(prefix.to_string(), SourceEntry::Text(s.clone()));
            }
            serde_json::Value::Object(map) if !prefix.is_empty() && is_plural(map) => {
                // Inserted, not collected: `collect` into a map sorts (more code in the app's first module).
                let mut forms = BTreeMap::new();
                for (k, v) in map {
                    forms.insert(k.clone(), v.as_str().unwrap_or_default().to_string());
                }
                out.insert(prefix.to_string(), SourceEntry::Plural(forms));
            }
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    if k.is_empty() || !k.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
                        return Err(format!("`{prefix}.{k}`: keys are lower-case letters, digits and `_`"));
                    }
                    let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                    walk(&path, v, out)?;
                }
            }
            other => return Err(format!("`{prefix}`: expected a text or a group, found {other}")),
        }
        Ok(())
    }
    let mut out = BTreeMap::new();
    walk("", value, &mut out)?;
    Ok(out)
}

/// A text file's version (a locale file, a data-text overlay): a hash of its bytes, which the app's address for
/// the file carries (`?v=`) so that a changed file is never hidden by a cached copy. The app's build script and
/// the page builder (crates/build, for boot.js) both use it.
/// A shipped locale file's version: of the language's file and of the reference (`it.json`), whose keys order
/// the shipped parts ([`part_array`]): a new key changes every language's parts, and so their addresses.
pub fn locale_version(file: &[u8], reference: &[u8]) -> String {
    version(&[file, reference].concat())
}

pub fn version(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3));
    format!("{hash:016x}")
}

/// The names of the `{name}` placeholders in a text (a brace not around a plain name is just a brace).
pub fn placeholders(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        if let Some(close) = rest.find('}') {
            let name = &rest[..close];
            if is_name(name) {
                names.insert(name.to_string());
                rest = &rest[close + 1..];
            }
        }
    }
    names
}

/// A placeholder name: lower-case letters, digits and `_`, not empty.
pub fn is_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}
