#!/usr/bin/env bash
# Run HERE (no GPU needed): builds what bench/device/run.sh needs on a GPU machine that has no
# internet — this app's native trainer with burn's CUDA backend and wgpu (its own target
# directory; cudarc loads the NVIDIA driver and NVRTC at run time, so the build needs no CUDA)
# — gzipped into gpu-run/, beside the MNIST data in static/data/.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
scripts/fetch-data.sh
target=${CUDA_TARGET_DIR:-$HOME/.cache/mnist-web/target-cuda}
echo "== building train with --features cuda in $target (~25 min the first time on 2 cores)"
CARGO_TARGET_DIR=$target cargo build --release --bin train --features cuda
mkdir -p gpu-run
gzip -c "$target/release/train" > gpu-run/train.gz
ls -l gpu-run/train.gz
echo "== ready: carry gpu-run and static/data to the GPU machine and run bench/device/run.sh there"
