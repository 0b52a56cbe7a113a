//! The chunk loader wasm-split writes, made safe for leptos 0.8.20: its `#[lazy_route]` loads are not fallible
//! (leptos#4785 is not in any 0.8 release), so reporting a failed chunk download to the wasm panics and stops
//! the app. Here a failed download is never reported: `globalThis.mwChunkFailed` (public/boot.js) tells the
//! person and resolves when they ask to try again or the connection comes back; wasm-split's `makeLoad` forgets
//! failed attempts, so the next try downloads again.

const START: &str = "function wrapAsyncCb(callee) {";
const NEXT: &str = "function makeLoad(";

const FALLIBLE: &str = r#"function wrapAsyncCb(callee) {
    // Micro Work: report success only; on failure wait for boot.js's retry (see crates/build/src/loader.rs).
    return async (callbackIndex, callbackData) => {
        for (;;) {
            try {
                await callee();
                break;
            } catch (e) {
                if (typeof globalThis.mwChunkFailed !== "function") throw e;
                await globalThis.mwChunkFailed(e);
            }
        }
        getSharedImports().__wasm_split.__indirect_function_table.get(callbackIndex)(callbackData, true);
    };
}
"#;

pub fn make_loads_fallible(loader: &str) -> anyhow::Result<String> {
    let start = loader.find(START);
    let end = loader.find(NEXT);
    match (start, end) {
        (Some(s), Some(e)) if s < e && loader.matches(START).count() == 1 => {
            Ok(format!("{}{FALLIBLE}{}", &loader[..s], &loader[e..]))
        }
        _ => anyhow::bail!(
            "the wasm-split loader changed shape (no single `{START}` before `{NEXT}`): check crates/build/src/loader.rs"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_callback_wrapper_only() {
        let original = "import { initSync } from \"./microwork.js\";\nfunction wrapAsyncCb(callee) {\n    return async () => { success = false; }\n}\nfunction makeLoad(fetcher, deps) {}\nexport const x = 1;\n";
        let patched = make_loads_fallible(original).unwrap();
        assert!(patched.starts_with("import { initSync }"));
        assert!(patched.contains("globalThis.mwChunkFailed"));
        assert!(!patched.contains("success = false"));
        assert!(patched.contains("function makeLoad(fetcher, deps) {}\nexport const x = 1;"));
        assert!(make_loads_fallible("function makeLoad() {}").is_err());
    }
}
