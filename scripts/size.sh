#!/usr/bin/env bash
# `make size`: every file of the built app (raw, gzip, brotli) and the totals, then what a first visit to each
# route really downloads, measured in Chromium against our server with precompressed files.
# Usage: scripts/size.sh SERVER_BINARY [DIST]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/routes.sh
server=$1
dist=${2:-dist}
"$server" size "$dist"
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$server_tmp"' EXIT
start_server "$server" "$dist"
node scripts/size-routes.mjs "$base" "${ROUTES[@]}" 2> >(grep -v 'unexpected operator' >&2)
