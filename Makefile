# Micro Work — the README's two commands, and the reports.
#   make run    install what is missing, build the release app and server, serve on http://127.0.0.1:8080
#   make test   install what is missing (also Chromium), run every test layer
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export TRUNK_SKIP_VERSION_CHECK := true

SERVER_RELEASE := target/server/microwork
SERVER_DEBUG := target/debug/microwork

.PHONY: run test setup setup-test dist server-release server-debug test-native test-app test-e2e size bench clean

run: setup dist server-release
	@mkdir -p var
	$(SERVER_RELEASE) precompress dist
	$(SERVER_RELEASE) serve

test: setup-test dist server-debug
	$(SERVER_DEBUG) precompress dist
	$(MAKE) --no-print-directory test-native test-app test-e2e

setup:
	@scripts/setup.sh

setup-test:
	@scripts/setup.sh --test

# The release app in dist/ (wasm-opt'd), built offline with the pinned tools.
dist:
	cargo fetch --locked
	trunk build --release --offline --locked

server-release:
	cargo build --locked --profile server -p microwork-server

server-debug:
	cargo build --locked -p microwork-server

# Layer 1: domain and backend, natively.
test-native:
	cargo test --locked -p microwork-core -p microwork-server

# Layer 2: the app's own pure pieces (routes, translations), natively.
test-app:
	cargo test --locked -p microwork --lib

# Layer 3: journeys in headless Chromium against the real server and the release build.
test-e2e:
	MICROWORK_BIN=$(CURDIR)/$(SERVER_DEBUG) MICROWORK_DIST=$(CURDIR)/dist \
	  cargo test --locked -p microwork-e2e -- --test-threads=2

# Raw, gzip and brotli bytes of every file in dist/, and what a first visit downloads.
size: setup dist server-debug
	$(SERVER_DEBUG) size dist

clean:
	cargo clean
	rm -rf dist
