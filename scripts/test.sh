#!/usr/bin/env bash
# Runs every test: native (cargo test: parsing, model, training, CPU-vs-GPU agreement) and
# end-to-end in headless Chromium against the built site. Installs whatever is missing first.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
t0=$(date +%s)
scripts/install-browser.sh
scripts/fetch-data.sh
# The web tools and the site build beside the native tests (separate target directories): on a
# new machine the long builds overlap instead of queueing.
echo "== installing web tools and building the site (in the background, log: $WASM_TARGET_DIR/build-web.log)"
mkdir -p "$WASM_TARGET_DIR"
(scripts/install-tools.sh && scripts/build-web.sh) > "$WASM_TARGET_DIR/build-web.log" 2>&1 &
web=$!
stop_web() { kill "$web" 2>/dev/null; exit 1; }
echo "== formatting (cargo fmt --check)"
cargo fmt --check || stop_web
echo "== native tests (cargo test --release)"
cargo test --release || stop_web
echo "== lints, native (cargo clippy --all-targets -- -D warnings)"
cargo clippy --release --all-targets -- -D warnings || stop_web
if ! wait "$web"; then echo "== building the site failed:"; tail -n 60 "$WASM_TARGET_DIR/build-web.log"; exit 1; fi
tail -n 3 "$WASM_TARGET_DIR/build-web.log"
echo "== lints, wasm32 (the page and the worker)"
CARGO_TARGET_DIR=$WASM_TARGET_DIR cargo clippy --profile wasm-release --target wasm32-unknown-unknown --all-targets -- -D warnings
echo "== browser tests (headless Chromium)"
TRAIN_BIN="$CARGO_TARGET_DIR/release/train" node --test --test-concurrency=1 tests/e2e/
echo "== all tests passed in $(( $(date +%s) - t0 )) s"
