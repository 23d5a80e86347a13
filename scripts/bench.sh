#!/usr/bin/env bash
# Benchmarks (numbers, not tests): this app's in-browser training/inference/start-up, the native
# training benchmark, wasm sizes, and TensorFlow.js 4.22 training the same network in the same
# headless Chromium. Env: BENCH_BATCHES (10), TFJS_BATCHES (3), TFJS_BACKENDS (webgl,webgpu,cpu),
# BENCH_OURS (webgpu,cpu), BENCH_NATIVE (cpu,wgpu), BENCH_PAGES (infer,load): a subset.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/install-browser.sh
scripts/fetch-data.sh
scripts/install-tools.sh
[ -d bench/node_modules/@tensorflow/tfjs ] || npm ci --prefix bench --no-audit --no-fund
scripts/build-web.sh
cargo build --release --bin train
exec node bench/run.mjs
