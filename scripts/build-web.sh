#!/usr/bin/env bash
# Builds the static site into dist/ (release, wasm-opt'ed). Needs scripts/install-tools.sh first.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
[ -f static/data/train-images-idx3-ubyte.gz ] || scripts/fetch-data.sh
CARGO_TARGET_DIR=$WASM_TARGET_DIR trunk build --release
ls -l dist/*.wasm | awk '{print "built " $9 " (" $5 " bytes)"}'
