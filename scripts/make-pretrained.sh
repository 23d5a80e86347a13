#!/usr/bin/env bash
# Regenerates the weights that ship with the site (static/weights/pretrained.{bin,json}) with the
# full recipe (10 epochs, Adam 1e-3, batch 64, seed 42) run natively by this app's own code.
# ~25 min on 2 CPU cores; the CPU backend is used unless BACKEND=wgpu.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
scripts/fetch-data.sh
cargo build --release --bin train
mkdir -p static/weights
log=$(mktemp)
"$CARGO_TARGET_DIR/release/train" --backend "${BACKEND:-cpu}" --epochs 10 --out static/weights/pretrained.bin | tee "$log"
acc=$(grep '^EVAL epoch 10' "$log" | sed -E 's/.*accuracy ([0-9.]+)%.*/\1/')
cat > static/weights/pretrained.json <<JSON
{"test_accuracy": $acc, "epochs": 10, "command": "scripts/make-pretrained.sh", "machine": "${MACHINE:-$(nproc) CPU cores, burn flex backend}"}
JSON
echo "pretrained weights: $acc% test accuracy"
