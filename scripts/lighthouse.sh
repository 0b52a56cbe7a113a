#!/usr/bin/env bash
# `make lighthouse`: Lighthouse 12 (npm) in Debian's Chromium, mobile emulation, against our own server with
# compression, on the release build. Prints scores and the bytes a first visit transfers; reports are kept in
# target/lighthouse/. Usage: scripts/lighthouse.sh SERVER_BINARY [PATH ...]   (default path: /)
set -euo pipefail
cd "$(dirname "$0")/.."
server=$1; shift
paths=("${@:-/}")
out=target/lighthouse
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT

"$server" serve --bind 127.0.0.1:0 --database-url "sqlite://$tmp/lh.db" --dist dist > "$tmp/server.out" 2>/dev/null &
pid=$!
for _ in $(seq 100); do grep -q '^listening on ' "$tmp/server.out" 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$tmp/server.out")
[ -n "$base" ] || { echo "the server did not start" >&2; exit 1; }

export CHROME_PATH=${CHROMIUM:-/usr/bin/chromium}
for path in "${paths[@]}"; do
  name=$(echo "$path" | tr -c 'a-z0-9\n' '_' | sed 's/^_*$/start/')
  report="$out/$name.json"
  node_modules/.bin/lighthouse "$base$path" --quiet --form-factor=mobile \
    --only-categories=performance,accessibility,best-practices \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage" \
    --output=json --output-path="$report" >/dev/null
  node -e '
    const r = require(process.argv[1]);
    const c = r.categories, a = r.audits;
    const s = (k) => Math.round(c[k].score * 100);
    const items = (a["network-requests"].details || {}).items || [];
    const bytes = items.reduce((n, i) => n + (i.transferSize || 0), 0);
    console.log(`${process.argv[2]}: performance ${s("performance")}, accessibility ${s("accessibility")}, best practices ${s("best-practices")}`);
    console.log(`  transferred ${bytes} bytes in ${items.length} requests; FCP ${a["first-contentful-paint"].displayValue}, LCP ${a["largest-contentful-paint"].displayValue}, TBT ${a["total-blocking-time"].displayValue}, CLS ${a["cumulative-layout-shift"].displayValue}`);
    for (const k of ["performance", "accessibility", "best-practices"])
      for (const ref of c[k].auditRefs)
        if (ref.weight > 0 && a[ref.id].score !== null && a[ref.id].score < 1)
          console.log(`  ${k}: ${a[ref.id].id} ${a[ref.id].score} ${a[ref.id].displayValue || ""}`);
  ' "$PWD/$report" "$path"
done
