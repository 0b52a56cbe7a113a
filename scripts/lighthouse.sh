#!/usr/bin/env bash
# `make lighthouse`: Lighthouse 12 (npm) in Debian's Chromium, mobile emulation (simulated slow 4G, 4x CPU
# slowdown), against our own server with compression, on the release build. Every route is measured RUNS times
# (default 3); the table shows the median of each figure. Reports are kept in target/lighthouse/.
# Usage: scripts/lighthouse.sh SERVER_BINARY [PATH ...]    (default: the routes in scripts/routes.sh; DIST=dir)
set -euo pipefail
cd "$(dirname "$0")/.."
server=$1; shift
runs=${RUNS:-3}
out=target/lighthouse
mkdir -p "$out"
source scripts/routes.sh
if [ $# -gt 0 ]; then paths=("$@"); else paths=("${ROUTES[@]}"); fi
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$server_tmp"' EXIT
start_server "$server" "${DIST:-dist}"

export CHROME_PATH=${CHROMIUM:-/usr/bin/chromium}
reports=()
for path in "${paths[@]}"; do
  name=$(echo "${path%%#*}" | tr -c 'a-z0-9\n' '_' | sed 's/^_*$/start/')
  for run in $(seq "$runs"); do
    report="$out/$name.$run.json"
    node_modules/.bin/lighthouse "$base$path" --quiet --form-factor=mobile \
      --only-categories=performance,accessibility,best-practices \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage" \
      --output=json --output-path="$report" >/dev/null
    reports+=("$path|$report")
  done
done

node - "${reports[@]}" <<'EOF' | tee "$out/summary.md"
const byPath = new Map();
for (const arg of process.argv.slice(2)) {
  const [path, file] = [arg.slice(0, arg.lastIndexOf("|")), arg.slice(arg.lastIndexOf("|") + 1)];
  const r = require(require("path").resolve(file));
  const a = r.audits, c = r.categories;
  const items = (a["network-requests"].details || {}).items || [];
  const row = {
    perf: Math.round(c.performance.score * 100),
    a11y: Math.round(c.accessibility.score * 100),
    bp: Math.round(c["best-practices"].score * 100),
    fcp: a["first-contentful-paint"].numericValue,
    lcp: a["largest-contentful-paint"].numericValue,
    tbt: a["total-blocking-time"].numericValue,
    cls: a["cumulative-layout-shift"].numericValue,
    bytes: items.reduce((n, i) => n + (i.transferSize || 0), 0),
    requests: items.length,
    failing: [],
  };
  for (const k of ["performance", "accessibility", "best-practices"])
    for (const ref of c[k].auditRefs)
      if (ref.weight > 0 && a[ref.id].score !== null && a[ref.id].score < 1) row.failing.push(ref.id);
  if (!byPath.has(path)) byPath.set(path, []);
  byPath.get(path).push(row);
}
const median = (xs) => { const s = [...xs].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const show = (p) => p.replace(/#r=.*/, "#r=… (share link)");
console.log(`| route | performance | TBT | LCP | FCP | CLS | transferred | a11y | best practices |`);
console.log(`|---|---|---|---|---|---|---|---|---|`);
for (const [path, rows] of byPath) {
  const m = (k) => median(rows.map((r) => r[k]));
  console.log(`| \`${show(path)}\` | ${m("perf")} | ${Math.round(m("tbt"))} ms | ${(m("lcp") / 1000).toFixed(1)} s | ` +
    `${(m("fcp") / 1000).toFixed(1)} s | ${m("cls").toFixed(3)} | ${Math.round(m("bytes") / 1024)} KB | ${m("a11y")} | ${m("bp")} |`);
}
console.log(`\nmedian of ${[...byPath.values()][0].length} runs per route; audits below 1 in any run:`);
for (const [path, rows] of byPath) {
  const failing = [...new Set(rows.flatMap((r) => r.failing))];
  if (failing.length) console.log(`  ${show(path)}: ${failing.join(", ")}`);
}
EOF
