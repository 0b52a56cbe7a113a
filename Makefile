# Micro Work — the README's two commands, and the reports.
#   make run    install what is missing, build the release app and server, serve on http://127.0.0.1:8080
#   make test   install what is missing (also Chromium), run every test layer
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export TRUNK_SKIP_VERSION_CHECK := true

SERVER_RELEASE := target/server/microwork
SERVER_DEBUG := target/debug/microwork

.PHONY: run test setup setup-test dist server-release server-debug test-native test-app test-e2e size bench bench-server lighthouse screenshots clean

run: setup dist server-release
	@mkdir -p var
	$(SERVER_RELEASE) precompress dist
	$(SERVER_RELEASE) serve

test: setup-test dist server-debug
	$(SERVER_DEBUG) precompress dist
	$(SERVER_DEBUG) check-data public/data
	$(MAKE) --no-print-directory test-native test-app test-e2e

setup:
	@scripts/setup.sh

setup-test:
	@scripts/setup.sh --test

# The release app in dist/, built offline with the pinned tools: Trunk builds the page, styles and copied files;
# its post_build hook (crates/build, see Trunk.toml) builds the wasm split by route, wasm-opt'd, content-hashed.
dist:
	cargo fetch --locked
	rm -rf dist
	trunk build --release --offline --locked

server-release:
	cargo build --locked --profile server -p microwork-server

server-debug:
	cargo build --locked -p microwork-server

# Layer 1: domain and backend, natively.
test-native:
	cargo test --locked -p microwork-core -p microwork-server -p microwork-build

# Layer 2: the app's own pieces: routes and translations natively, then browser-only behaviour (a generated
# right-to-left locale, see build.rs) in headless Chromium with wasm-bindgen-test.
test-app:
	cargo test --locked -p microwork --lib
	CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
	  cargo test --locked -p microwork --target wasm32-unknown-unknown --lib --features rtl-test-locale

# Layer 3: journeys in headless Chromium against the real server and the release build.
test-e2e:
	MICROWORK_BIN=$(CURDIR)/$(SERVER_DEBUG) MICROWORK_DIST=$(CURDIR)/dist \
	  cargo test --locked -p microwork-e2e -- --test-threads=2

# Raw, gzip and brotli bytes of every file in dist/ and the totals; then what a first visit to each route
# downloads, measured in Chromium against the server with precompressed files.
size: setup-test dist server-debug
	$(SERVER_DEBUG) precompress dist
	scripts/size.sh $(SERVER_DEBUG)

# Lighthouse (mobile) on the release build served by the release server, with compression: every route of
# scripts/routes.sh, 3 runs each, a table of medians.
lighthouse: setup-test dist server-release
	$(SERVER_RELEASE) precompress dist
	scripts/lighthouse.sh $(SERVER_RELEASE)

# Core speed (criterion): `assess` over every instrument (budget: under 50 µs natively), geo search.
# Figures to read, not pass/fail timings.
bench:
	cargo bench --locked -p microwork-core

# Load benchmark of POST /api/v1/contact-requests, then the same load on json-server (loopback, about a minute):
# rps, p50 and p99 at a fixed concurrency and at a fixed 200 req/s, and the ratio.
BENCH_TARGET := $(or $(CARGO_TARGET_DIR),target)
bench-server:
	@test -x node_modules/.bin/json-server || npm ci --no-audit --no-fund
	cargo build --locked --profile server -p microwork-server --bin microwork --example loadgen
	$(BENCH_TARGET)/server/examples/loadgen --microwork $(BENCH_TARGET)/server/microwork \
	  --json-server node_modules/.bin/json-server --work-dir $(BENCH_TARGET)/bench-server \
	  --concurrency 32 --seconds 10 --rate 200

# What a person sees at 360 px (first screen and whole page) of the self-check, results, locator before and after a
# search, desk and contact pages, and the results in each language beyond Italian (15-results-<lang>): PNG files
# in screenshots/ (git-ignored), from Debian's headless Chromium through the journeys' harness
# (tests/journeys/screenshots.rs).
screenshots: setup-test dist server-debug
	$(SERVER_DEBUG) precompress dist
	MICROWORK_BIN=$(CURDIR)/$(SERVER_DEBUG) MICROWORK_DIST=$(CURDIR)/dist SCREENSHOTS_DIR=$(CURDIR)/screenshots \
	  cargo test --locked -p microwork-e2e --test screenshots -- --ignored --nocapture

clean:
	cargo clean
	rm -rf dist
