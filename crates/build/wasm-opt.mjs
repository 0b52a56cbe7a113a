// `wasm-opt -Oz` for many modules in one Node process: npm's binaryen is binaryen compiled to wasm, and
// starting it costs more than optimising a small chunk, so the build (crates/build/src/wasm.rs) runs this once
// for all chunks instead of the CLI once per file. Same passes as the CLI: the default optimisation pipeline
// with optimize level 2 and shrink level 2. Usage: node wasm-opt.mjs FILE...  (each file is rewritten in place)
import binaryen from "binaryen";
import { readFileSync, writeFileSync } from "node:fs";

const F = binaryen.Features;
// rustc 1.95's default wasm32 features; split chunks carry no target_features section to detect them from.
const features = F.BulkMemory | F.BulkMemoryOpt | F.NontrappingFPToInt | F.SignExt | F.MutableGlobals |
  F.ReferenceTypes | F.CallIndirectOverlong | F.Multivalue;
binaryen.setOptimizeLevel(2);
binaryen.setShrinkLevel(2);
for (const file of process.argv.slice(2)) {
  const module = binaryen.readBinary(readFileSync(file));
  module.setFeatures(features);
  module.optimize();
  if (!module.validate()) {
    console.error(`wasm-opt.mjs: ${file} does not validate after optimisation`);
    process.exit(1);
  }
  writeFileSync(file, module.emitBinary());
  module.dispose();
}
