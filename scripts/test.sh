#!/usr/bin/env bash
# Runs every test: cargo fmt, native tests (cargo test: parsing, model, training, CPU-vs-GPU
# agreement, layering), clippy's lints natively and for wasm32 (warnings are errors), and the
# end-to-end tests in headless Chromium against the built site. Installs whatever is missing.
#
# On a new machine the time goes into building burn twice (natively for the tests, for wasm32
# for the site) and the tools; the two builds run side by side so that neither core idles, and
# clippy lints this crate *during* those builds (scripts/clippy-driver.sh as the workspace
# wrapper) instead of checking burn a third and fourth time. Each phase's time is printed.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
t0=$(date +%s)
phase() { echo "== [$(( $(date +%s) - t0 )) s] $*"; }
export RUSTC_WORKSPACE_WRAPPER="$ROOT/scripts/clippy-driver.sh"
# The background jobs run in sessions of their own, so that a failure (or the end of this
# script) stops them with all their children (cargo, trunk, wasm-opt), not just their shells.
jobs=()
cleanup() { for j in "${jobs[@]}"; do kill -- -"$j" 2>/dev/null || true; done; }
trap cleanup EXIT
phase "system packages (Chromium, lavapipe) in the background"
setsid scripts/install-browser.sh > "$CARGO_TARGET_DIR/install-browser.log" 2>&1 &
browser=$!
jobs+=("$browser")
scripts/fetch-data.sh
phase "web tools and the site (wasm32, linted) in the background, log: $WASM_TARGET_DIR/build-web.log"
mkdir -p "$WASM_TARGET_DIR"
setsid bash -c 'scripts/install-tools.sh && scripts/build-web.sh' > "$WASM_TARGET_DIR/build-web.log" 2>&1 &
web=$!
jobs+=("$web")
phase "formatting (cargo fmt --check)"
cargo fmt --check
phase "native build of every target, linted (clippy -D warnings)"
# Every target: the library, the binaries, the example and the tests (no unit-test harness of the
# library or the binaries: Cargo.toml says `test = false`, the tests are in tests/).
cargo test --release --features launches --no-run ${TIMINGS:+--timings}  # TIMINGS=1: a per-crate report in $CARGO_TARGET_DIR/cargo-timings/
if ! wait "$browser"; then cat "$CARGO_TARGET_DIR/install-browser.log"; exit 1; fi
phase "native tests (cargo test --release --features launches: the dispatch test counts kernel launches)"
cargo test --release --features launches
if ! wait "$web"; then phase "building the site failed:"; tail -n 60 "$WASM_TARGET_DIR/build-web.log"; exit 1; fi
tail -n 3 "$WASM_TARGET_DIR/build-web.log"
phase "browser tests (headless Chromium)"
TRAIN_BIN="$CARGO_TARGET_DIR/release/train" node --test --test-concurrency=1 tests/e2e/
phase "all tests passed in $(( $(date +%s) - t0 )) s"
