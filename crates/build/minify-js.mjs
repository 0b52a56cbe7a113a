// Minifies our JavaScript that pages download (boot.js, the wasm-bindgen glue, the chunk loader, map.js)
// with npm's terser: a third of their compressed bytes were comments, whitespace and long local names.
// Exported names and object keys stay (the wasm imports the glue's functions by name). Release builds only
// (crates/build/src/main.rs). Usage: node minify-js.mjs [--module FILE...] [--script FILE...]  (in place)
import { minify } from "terser";
import { readFileSync, writeFileSync } from "node:fs";

let module = true;
for (const arg of process.argv.slice(2)) {
  if (arg === "--module" || arg === "--script") {
    module = arg === "--module";
    continue;
  }
  const result = await minify(readFileSync(arg, "utf8"), { module, compress: true, mangle: true, format: { comments: false } });
  writeFileSync(arg, result.code);
}
