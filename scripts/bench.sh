#!/usr/bin/env bash
# Benchmarks (numbers, not tests): this app's in-browser training/inference/start-up, the native
# training benchmark, wasm sizes, and the peers training the same network in the same headless
# Chromium: TensorFlow.js 4.22 and jax-js 0.1.25. Env: BENCH_BATCHES (10), TFJS_BATCHES (3),
# TFJS_BACKENDS (webgl,webgpu,cpu), JAXJS_BATCHES (3), JAXJS_BACKENDS (webgpu,wasm), BENCH_OURS,
# BENCH_NATIVE, BENCH_PAGES (infer,load): a subset (see bench/run.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/install-browser.sh
scripts/fetch-data.sh
scripts/install-tools.sh
[ -d bench/node_modules/@tensorflow/tfjs ] && [ -d bench/node_modules/@jax-js/jax ] || npm ci --prefix bench --no-audit --no-fund
# Both with kernel launches counted by name (the feature `launches`, left out of the site users get).
TRUNK_BUILD_FEATURES=launches scripts/build-web.sh
cargo build --release --bin train --features launches
exec node bench/run.mjs
