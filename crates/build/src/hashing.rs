//! Content-hashed file names (`name-<16 hex>.ext`, as Trunk names its files and as the server and the service
//! worker recognise them) and strict text replacement for the references between modules.

use sha2::{Digest, Sha256};

/// The first 16 hex digits of the SHA-256 of the parts, in order.
pub fn hash16(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hasher.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// `chunk_3.wasm` → `chunk_3-<hash>.wasm`; `microwork_bg.wasm` → `microwork-<hash>_bg.wasm` (Trunk's form).
pub fn hashed_name(name: &str, content: &[u8]) -> String {
    let hash = hash16(&[content]);
    let (stem, ext) = name.split_once('.').unwrap_or((name, ""));
    let dot = if ext.is_empty() { "" } else { "." };
    match stem.strip_suffix("_bg") {
        Some(base) => format!("{base}-{hash}_bg{dot}{ext}"),
        None => format!("{stem}-{hash}{dot}{ext}"),
    }
}

/// Replaces every occurrence of `from`, and fails if there is none: a reference the build expects to rewrite
/// must exist, or the output would silently load stale or missing files.
pub fn replace_exact(text: &str, from: &str, to: &str) -> anyhow::Result<String> {
    anyhow::ensure!(text.contains(from), "expected `{from}` in the generated JavaScript; the tool's output format changed");
    Ok(text.replace(from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_their_extension_and_wasm_bindgen_suffix() {
        let h = hash16(&[b"x"]);
        assert_eq!(h.len(), 16);
        assert_eq!(hashed_name("chunk_3.wasm", b"x"), format!("chunk_3-{h}.wasm"));
        assert_eq!(hashed_name("microwork_bg.wasm", b"x"), format!("microwork-{h}_bg.wasm"));
        assert_ne!(hashed_name("a.wasm", b"x"), hashed_name("a.wasm", b"y"));
        // Parts are length-delimited: moving bytes between parts changes the hash.
        assert_ne!(hash16(&[b"ab", b"c"]), hash16(&[b"a", b"bc"]));
    }

    #[test]
    fn a_missing_reference_is_an_error() {
        assert_eq!(replace_exact("import './a.js'", "./a.js", "./b.js").unwrap(), "import './b.js'");
        assert!(replace_exact("import './a.js'", "./c.js", "./b.js").is_err());
    }
}
