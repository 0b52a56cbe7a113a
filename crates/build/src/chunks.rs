//! Fewer, larger shared chunks. wasm-split puts the code that several lazy splits use into one chunk per *set*
//! of splits using it: with ten splits that is over a hundred modules, most under 1 KB, and a page loads sixty of
//! them. Each module costs a request, a compilation and an instantiation on the phone's main thread (measured:
//! merging cut the self-check's blocking time by a quarter), so chunks are merged here, after splitting and
//! before wasm-opt:
//!
//! - [`plan`] merges, greedily, the two groups whose union makes the pages that did not need one of them
//!   download the fewest extra bytes, while that cost stays under a budget;
//! - [`merge_modules`] concatenates the chunks of a group into one wasm module (chunks only import the shared
//!   memory, table and stack pointer and place their functions and data at fixed addresses, so their
//!   contents stay valid side by side);
//! - [`alias_loads`] points the loader's entry for every merged chunk at its group's first one, so a group is
//!   fetched and instantiated once, whichever of its chunks a page asks for first.

use anyhow::{Context, bail, ensure};
use std::collections::{BTreeMap, BTreeSet};
use wasm_encoder::reencode::{Error as ReencodeError, Reencode};

/// A merge is taken while the bytes it adds (raw wasm, before wasm-opt and compression), summed over the splits
/// that then load code they do not need, stay under this. Measured on this app's ten splits (brotli, first visit):
/// 117 chunks become 14; the self-check loads 8 modules instead of 62 for the same 140 KB, the locator 11 instead
/// of 66 (+4 KB), the contact page 14 instead of 82 (-7 KB); pages rarely opened first pay most (about and
/// privacy +17 KB).
pub const MERGE_BUDGET: u64 = 100_000;

/// How much one extra byte costs a split, in [`plan`]. A first visit most often starts at the self-check (a job
/// centre's link, the start page's one button) or at the locator, and the self-check's is the first visit with a
/// byte budget (issue 12: at most 200 KB); so code the self-check does not need costs it four times, and the
/// locator twice. Measured against equal weights: the self-check loads 120 KB raw less of the other pages' code
/// (-19 KB brotli on its first visit), the locator 85 KB raw less; a desk's page and the guide load more.
pub fn first_visit_weight(split: &str) -> u64 {
    if split.starts_with("self_check_part") {
        4
    } else if split.starts_with("sportelli_part") {
        2
    } else {
        1
    }
}

/// A shared chunk as wasm-split wrote it.
#[derive(Debug, Clone)]
pub struct Chunk {
    pub stem: String,
    pub bytes: u64,
    /// The splits that load it.
    pub needed_by: BTreeSet<String>,
}

/// Groups of chunk indexes (into `chunks`), each sorted, the groups sorted by their first member.
pub fn plan(chunks: &[Chunk], budget: u64, weight: impl Fn(&str) -> u64) -> Vec<Vec<usize>> {
    struct Group {
        members: Vec<usize>,
        bytes: u64,
        needed_by: BTreeSet<String>,
    }
    let mut groups: Vec<Group> = chunks
        .iter()
        .enumerate()
        .map(|(i, c)| Group { members: vec![i], bytes: c.bytes, needed_by: c.needed_by.clone() })
        .collect();
    let cost = |a: &Group, b: &Group| {
        let paid = |x: &Group, y: &Group| x.needed_by.difference(&y.needed_by).map(|s| weight(s)).sum::<u64>();
        paid(a, b) * b.bytes + paid(b, a) * a.bytes
    };
    loop {
        let mut best: Option<(u64, usize, usize)> = None;
        for i in 0..groups.len() {
            for j in i + 1..groups.len() {
                let c = cost(&groups[i], &groups[j]);
                if best.is_none_or(|(b, _, _)| c < b) {
                    best = Some((c, i, j));
                }
            }
        }
        let Some((c, i, j)) = best else { break };
        if c > budget {
            break;
        }
        let b = groups.swap_remove(j);
        let a = &mut groups[i];
        a.members.extend(b.members);
        a.bytes += b.bytes;
        a.needed_by.extend(b.needed_by);
    }
    let mut out: Vec<Vec<usize>> = groups
        .into_iter()
        .map(|mut g| {
            g.members.sort_unstable();
            g.members
        })
        .collect();
    out.sort_unstable();
    out
}

/// One module with the contents of all `modules`: their imports (the same shared ones, listed once), types,
/// functions, element and data segments. Anything else a chunk might hold (exports, a start function, its own
/// globals, tables or memories, imported functions) is refused: wasm-split does not write such chunks today.
pub fn merge_modules(modules: &[Vec<u8>]) -> anyhow::Result<Vec<u8>> {
    use wasm_encoder::{CodeSection, DataSection, ElementSection, FunctionSection, ImportSection, TypeSection};
    use wasmparser::{Parser, Payload, TypeRef};

    let mut types = TypeSection::new();
    let mut imports = ImportSection::new();
    let mut functions = FunctionSection::new();
    let mut elements = ElementSection::new();
    let mut code = CodeSection::new();
    let mut data = DataSection::new();
    let mut data_count: Option<u32> = None;
    // (module, name) → (kind, index in that kind's space) of the merged module's imports.
    let mut imported: BTreeMap<(String, String), (TypeRef, u32)> = BTreeMap::new();
    let mut counts = [0u32; 3]; // memories, tables, globals imported so far
    let mut at = Remap::default();

    for (n, bytes) in modules.iter().enumerate() {
        at.types = types.len();
        at.functions = functions.len();
        at.memories.clear();
        at.tables.clear();
        at.globals.clear();
        let context = || format!("merging chunk {n} of {}", modules.len());
        for payload in Parser::new(0).parse_all(bytes) {
            match payload.with_context(context)? {
                Payload::Version { .. } | Payload::CustomSection(_) | Payload::End(_) => {}
                Payload::TypeSection(s) => {
                    for group in s {
                        at.parse_recursive_type_group(types.ty(), group?).map_err(user)?;
                    }
                }
                Payload::ImportSection(s) => {
                    for import in s.into_imports() {
                        let import = import?;
                        let key = (import.module.to_string(), import.name.to_string());
                        let (kind, index) = match imported.get(&key) {
                            Some(&(kind, index)) => {
                                ensure!(kind == import.ty, "chunks import {key:?} with different types");
                                (kind, index)
                            }
                            None => {
                                let slot = match import.ty {
                                    TypeRef::Memory(_) => 0,
                                    TypeRef::Table(_) => 1,
                                    TypeRef::Global(_) => 2,
                                    other => bail!("a chunk imports {key:?} as {other:?}: only memories, tables and globals can be merged"),
                                };
                                let index = counts[slot];
                                counts[slot] += 1;
                                at.parse_import(&mut imports, import).map_err(user)?;
                                imported.insert(key, (import.ty, index));
                                (import.ty, index)
                            }
                        };
                        match kind {
                            TypeRef::Memory(_) => at.memories.push(index),
                            TypeRef::Table(_) => at.tables.push(index),
                            _ => at.globals.push(index),
                        }
                    }
                }
                Payload::FunctionSection(s) => {
                    for ty in s {
                        functions.function(at.type_index(ty?).map_err(user)?);
                    }
                }
                // wasm-split writes an empty one.
                Payload::ExportSection(s) if s.count() == 0 => {}
                Payload::ElementSection(s) => at.parse_element_section(&mut elements, s).map_err(user)?,
                Payload::DataCountSection { count, .. } => *data_count.get_or_insert(0) += count,
                Payload::CodeSectionStart { .. } => {}
                Payload::CodeSectionEntry(body) => at.parse_function_body(&mut code, body).map_err(user)?,
                Payload::DataSection(s) => at.parse_data_section(&mut data, s).map_err(user)?,
                other => bail!("a chunk holds a section that cannot be merged: {:?}", other.as_section()),
            }
        }
    }

    let mut module = wasm_encoder::Module::new();
    module.section(&types).section(&imports).section(&functions);
    if !elements.is_empty() {
        module.section(&elements);
    }
    if let Some(count) = data_count {
        module.section(&wasm_encoder::DataCountSection { count });
    }
    module.section(&code).section(&data);
    let bytes = module.finish();
    wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::all())
        .validate_all(&bytes)
        .context("the merged chunk does not validate")?;
    Ok(bytes)
}

fn user(e: ReencodeError<anyhow::Error>) -> anyhow::Error {
    match e {
        ReencodeError::UserError(e) => e,
        other => anyhow::anyhow!("re-encoding a chunk: {other}"),
    }
}

/// Where one input chunk's indexes land in the merged module.
#[derive(Default)]
struct Remap {
    types: u32,
    functions: u32,
    memories: Vec<u32>,
    tables: Vec<u32>,
    globals: Vec<u32>,
}

fn lookup(map: &[u32], index: u32, what: &str) -> Result<u32, ReencodeError<anyhow::Error>> {
    map.get(index as usize)
        .copied()
        .ok_or_else(|| ReencodeError::UserError(anyhow::anyhow!("a chunk uses {what} {index}, which it does not import")))
}

impl Reencode for Remap {
    type Error = anyhow::Error;

    fn type_index(&mut self, ty: u32) -> Result<u32, ReencodeError<Self::Error>> {
        Ok(self.types + ty)
    }
    fn function_index(&mut self, func: u32) -> Result<u32, ReencodeError<Self::Error>> {
        Ok(self.functions + func)
    }
    fn memory_index(&mut self, memory: u32) -> Result<u32, ReencodeError<Self::Error>> {
        lookup(&self.memories, memory, "memory")
    }
    fn table_index(&mut self, table: u32) -> Result<u32, ReencodeError<Self::Error>> {
        lookup(&self.tables, table, "table")
    }
    fn global_index(&mut self, global: u32) -> Result<u32, ReencodeError<Self::Error>> {
        lookup(&self.globals, global, "global")
    }
    fn data_index(&mut self, data: u32) -> Result<u32, ReencodeError<Self::Error>> {
        Err(ReencodeError::UserError(anyhow::anyhow!("a chunk addresses data segment {data} by index (passive data)")))
    }
    fn element_index(&mut self, element: u32) -> Result<u32, ReencodeError<Self::Error>> {
        Err(ReencodeError::UserError(anyhow::anyhow!("a chunk addresses element segment {element} by index")))
    }
}

/// Rewrites wasm-split's loader so every chunk in a group but the first loads the first: `const __chunk_12 =
/// makeLoad(…, []);` becomes `const __chunk_12 = __chunk_11;`. (Its loads are memoised per constant, so the
/// group's module is fetched and instantiated once.)
pub fn alias_loads(loader: &str, first: &str, others: &[&str]) -> anyhow::Result<String> {
    let declaration = |stem: &str| format!("const __{stem} = makeLoad(");
    let first_at = loader.find(&declaration(first)).with_context(|| format!("the loader declares no {first}"))?;
    let mut out = loader.to_string();
    for stem in others {
        let decl = declaration(stem);
        let start = out.find(&decl).with_context(|| format!("the loader declares no {stem}"))?;
        ensure!(start > first_at, "the loader declares {stem} before {first}");
        let end = out[start..].find("\n, []);").map(|e| start + e + "\n, []);".len()).with_context(|| {
            format!("the loader's {stem} has dependencies or changed shape (check crates/build/src/chunks.rs)")
        })?;
        ensure!(
            out[start..end].matches("makeLoad(").count() == 1,
            "the loader's {stem} changed shape (check crates/build/src/chunks.rs)"
        );
        out.replace_range(start..end, &format!("const __{stem} = __{first};"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(stem: &str, bytes: u64, needed_by: &[&str]) -> Chunk {
        Chunk { stem: stem.into(), bytes, needed_by: needed_by.iter().map(|s| s.to_string()).collect() }
    }

    #[test]
    fn small_chunks_merge_and_large_ones_used_apart_stay_apart() {
        let chunks = [
            chunk("chunk_1", 200, &["a", "b"]),
            chunk("chunk_2", 300, &["a", "b", "c"]),
            chunk("chunk_3", 50_000, &["a"]),
            chunk("chunk_4", 60_000, &["b"]),
            chunk("chunk_5", 40_000, &["a", "b"]),
        ];
        // 1 and 5 are needed by the same splits: free. Then 2 with 1+5 would make c load 40 KB it does not need.
        assert_eq!(plan(&chunks, 1_000, |_| 1), vec![vec![0, 4], vec![1], vec![2], vec![3]]);
        // Without 5, 1 and 2 merge: c loads 200 bytes it does not need.
        assert_eq!(plan(&chunks[..4], 1_000, |_| 1), vec![vec![0, 1], vec![2], vec![3]]);
        assert_eq!(plan(&chunks[..4], 100, |_| 1), vec![vec![0], vec![1], vec![2], vec![3]]);
        // Unless c's bytes count six times: 1 200 is then too much.
        assert_eq!(plan(&chunks[..4], 1_000, |s| if s == "c" { 6 } else { 1 }), vec![vec![0], vec![1], vec![2], vec![3]]);
    }

    #[test]
    fn the_self_check_pays_more_for_code_it_does_not_need() {
        assert_eq!(first_visit_weight("self_check_part_1855874693210960348"), 4);
        assert_eq!(first_visit_weight("sportelli_part_7"), 2);
        assert_eq!(first_visit_weight("desk_part_2"), 1);
        let chunks = [chunk("chunk_1", 300, &["self_check_part_1", "desk_part_2"]), chunk("chunk_2", 200, &["desk_part_2"])];
        assert_eq!(plan(&chunks, 500, |_| 1), vec![vec![0, 1]]);
        assert_eq!(plan(&chunks, 500, first_visit_weight), vec![vec![0], vec![1]]);
    }

    use wasm_encoder::{
        CodeSection, DataSection, ElementSection, Elements, EntityType, FunctionSection, GlobalType, ImportSection,
        Instruction as I, MemoryType, Module, RefType, TableType, TypeSection, ValType,
    };

    /// A chunk as wasm-split writes one: shared imports, functions, an empty export section, one element and one
    /// data segment.
    fn chunk_module(imports: &[(&str, EntityType)], types: &[(&[ValType], &[ValType])], funcs: &[(u32, Vec<I>)], elem_at: i32, data: (i32, &[u8])) -> Vec<u8> {
        let mut t = TypeSection::new();
        for (params, results) in types {
            t.ty().function(params.iter().copied(), results.iter().copied());
        }
        let mut im = ImportSection::new();
        for (name, ty) in imports {
            im.import("__wasm_split", name, *ty);
        }
        let (mut f, mut c) = (FunctionSection::new(), CodeSection::new());
        for (ty, body) in funcs {
            f.function(*ty);
            let mut func = wasm_encoder::Function::new([]);
            for ins in body {
                func.instruction(ins);
            }
            func.instruction(&I::End);
            c.function(&func);
        }
        let mut e = ElementSection::new();
        let indexes: Vec<u32> = (0..funcs.len() as u32).collect();
        e.active(Some(0), &wasm_encoder::ConstExpr::i32_const(elem_at), Elements::Functions(indexes.into()));
        let mut d = DataSection::new();
        d.active(0, &wasm_encoder::ConstExpr::i32_const(data.0), data.1.iter().copied());
        let mut m = Module::new();
        m.section(&t).section(&im).section(&f).section(&wasm_encoder::ExportSection::new()).section(&e).section(&c).section(&d);
        m.finish()
    }

    const MEMORY: EntityType = EntityType::Memory(MemoryType { minimum: 1, maximum: None, memory64: false, shared: false, page_size_log2: None });
    const TABLE: EntityType = EntityType::Table(TableType { element_type: RefType::FUNCREF, table64: false, minimum: 8, maximum: None, shared: false });
    const STACK: EntityType = EntityType::Global(GlobalType { val_type: ValType::I32, mutable: true, shared: false });

    #[test]
    fn merged_chunks_keep_their_functions_segments_and_one_set_of_imports() {
        use wasmparser::{Operator, Payload};
        let a = chunk_module(
            &[("memory", MEMORY), ("__indirect_function_table", TABLE)],
            &[(&[ValType::I32], &[ValType::I32])],
            &[
                (0, vec![I::LocalGet(0), I::I32Const(1), I::I32Add]),
                (0, vec![I::LocalGet(0), I::I32Const(2), I::CallIndirect { type_index: 0, table_index: 0 }]),
            ],
            2,
            (100, b"aa"),
        );
        let b = chunk_module(
            &[("memory", MEMORY), ("__wasm_split_shared0", STACK), ("__indirect_function_table", TABLE)],
            &[(&[], &[ValType::I32]), (&[ValType::I32], &[ValType::I32])],
            &[(0, vec![I::GlobalGet(0), I::Call(1)]), (1, vec![I::LocalGet(0)])],
            5,
            (200, b"bb"),
        );
        let merged = merge_modules(&[a, b]).unwrap();
        let (mut imports, mut calls, mut elems, mut data) = (vec![], vec![], vec![], vec![]);
        for payload in wasmparser::Parser::new(0).parse_all(&merged) {
            match payload.unwrap() {
                Payload::ImportSection(s) => imports.extend(s.into_imports().map(|i| i.unwrap().name.to_string())),
                Payload::CodeSectionEntry(body) => {
                    for op in body.get_operators_reader().unwrap() {
                        match op.unwrap() {
                            Operator::Call { function_index } => calls.push(function_index),
                            Operator::CallIndirect { type_index, .. } => calls.push(1000 + type_index),
                            _ => {}
                        }
                    }
                }
                // wasm-split writes an empty one.
                Payload::ExportSection(s) if s.count() == 0 => {}
                Payload::ElementSection(s) => {
                    for e in s {
                        if let wasmparser::ElementItems::Functions(f) = e.unwrap().items {
                            elems.push(f.into_iter().map(|i| i.unwrap()).collect::<Vec<_>>());
                        }
                    }
                }
                Payload::DataSection(s) => data.extend(s.into_iter().map(|d| d.unwrap().data.to_vec())),
                _ => {}
            }
        }
        assert_eq!(imports, ["memory", "__indirect_function_table", "__wasm_split_shared0"]);
        // a's call_indirect keeps type 0; b's call to its own second function calls the merged module's fourth.
        assert_eq!(calls, [1000, 3]);
        assert_eq!(elems, [vec![0, 1], vec![2, 3]]);
        assert_eq!(data, [b"aa".to_vec(), b"bb".to_vec()]);
    }

    #[test]
    fn chunks_with_exports_are_refused() {
        let mut m = Module::new();
        let mut t = TypeSection::new();
        t.ty().function([], []);
        let mut f = FunctionSection::new();
        f.function(0);
        let mut e = wasm_encoder::ExportSection::new();
        e.export("f", wasm_encoder::ExportKind::Func, 0);
        let mut c = CodeSection::new();
        let mut body = wasm_encoder::Function::new([]);
        body.instruction(&I::End);
        c.function(&body);
        m.section(&t).section(&f).section(&e).section(&c);
        let err = merge_modules(&[m.finish()]).unwrap_err();
        assert!(format!("{err:#}").contains("cannot be merged"), "{err:#}");
    }

    #[test]
    fn merged_loads_point_at_the_first_chunk() {
        let loader = "const __chunk_1 = makeLoad(() => {\n    fetch(\"./chunk_1.wasm\");\n}\n, []);\n/* a */\nconst __chunk_2 = makeLoad(() => {\n    fetch(\"./chunk_2.wasm\");\n}\n, []);\nexport const x = makeLoad(() => {}\n, [__chunk_1, __chunk_2]);\n";
        let out = alias_loads(loader, "chunk_1", &["chunk_2"]).unwrap();
        assert!(out.contains("const __chunk_2 = __chunk_1;\nexport const x"), "{out}");
        assert!(!out.contains("chunk_2.wasm"));
        assert!(alias_loads(loader, "chunk_2", &["chunk_1"]).is_err());
    }
}
