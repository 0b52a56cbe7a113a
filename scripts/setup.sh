#!/usr/bin/env bash
# Installs what `make run` / `make test` need and is missing. Idempotent: a tool already present at the
# right version is skipped, so a reused machine pays nothing.
#   scripts/setup.sh          build tools: wasm target, trunk, wasm-bindgen-cli, npm packages
#   scripts/setup.sh --test   the same, plus Debian's chromium and chromium-driver for browser tests, and
#                             nginx and caddy for the static-hosting journeys
#                             Debian's postgresql for the PostgreSQL storage tests (a throwaway cluster each run)
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen crate pinned in Cargo.toml
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root to run: $*" >&2; exit 1; fi
}

command -v cargo >/dev/null || { echo "Rust is not installed: see https://rustup.rs" >&2; exit 1; }
command -v npm >/dev/null || { echo "Node.js 20 and npm are required" >&2; exit 1; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null | cut -d' ' -f2)" != "$TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 13 minutes on 2 cores, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes, once)"
  # Not --locked: a dependency version in its lock file is missing from some registry mirrors.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# npm: wasm-opt (binaryen), terser, Leaflet, axe-core, Lighthouse, json-server — exactly as package-lock.json says.
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.mw-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
  echo "$lock_hash" > node_modules/.mw-lock-hash
fi
[ "$(wasm-opt --version 2>/dev/null | grep -o 'version_[0-9]*')" = version_132 ] || { echo "wasm-opt version_132 missing from node_modules" >&2; exit 1; }

if [ "${1:-}" = "--test" ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Debian's chromium and chromium-driver"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
  # A Chinese font from the app's zh font stack (style/): without one, Chromium draws Chinese as empty boxes, so
  # the Chinese journey's 320 px check and the screenshots would measure boxes, not the real line breaking.
  if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
    say "installing Debian's fonts-wqy-microhei (Chinese journeys and screenshots)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-wqy-microhei >/dev/null
  fi
  # Plain static file servers for the static-hosting journeys (tests/journeys/static_hosting.rs): the app's
  # dist/ served by nginx and checked against Caddy, each run unprivileged from a generated config. Only the
  # binaries are needed; no system service is enabled or started for the tests.
  if ! command -v nginx >/dev/null || ! command -v caddy >/dev/null; then
    say "installing Debian's nginx and caddy (static hosting tests)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq --no-install-recommends nginx caddy >/dev/null
  fi
  # The server's tests start their own PostgreSQL (initdb in a temporary directory, loopback port): only the
  # binaries are needed; the package's own cluster is not used.
  if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    say "installing Debian's postgresql"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
fi
say "tools ready"
