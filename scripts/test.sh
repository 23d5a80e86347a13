#!/usr/bin/env bash
# Runs every test: native (cargo test: parsing, model, training, CPU-vs-GPU agreement) and
# end-to-end in headless Chromium against the built site. Installs whatever is missing first.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
t0=$(date +%s)
scripts/install-tools.sh
scripts/install-browser.sh
scripts/fetch-data.sh
echo "== native tests (cargo test --release)"
cargo test --release
echo "== building the site"
scripts/build-web.sh
echo "== browser tests (headless Chromium)"
TRAIN_BIN="$CARGO_TARGET_DIR/release/train" node --test --test-concurrency=1 tests/e2e/
echo "== all tests passed in $(( $(date +%s) - t0 )) s"
