#!/usr/bin/env bash
# Run HERE (no GPU needed): builds what bench/device/run.sh needs on a GPU machine that has no
# internet — this app's native trainer (wgpu: Vulkan on the NVIDIA driver, and the CPU backend)
# gzipped into gpu-run/, beside the MNIST data in static/data/.
#
# CUDA=1 builds burn's CUDA backend too (`--features cuda`). That needs the internet at BUILD
# time: cubecl-cuda 0.11.3 always builds cubecl-llvm, whose llvm-sys 231 links LLVM 23.1, which
# tracel-llvm-bundler's build script downloads from GitHub (no registry serves it, and Debian
# has no LLVM 23). Without the internet, run.sh trains through wgpu (Vulkan) on the GPU.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
scripts/fetch-data.sh
features=()
target=$CARGO_TARGET_DIR
if [ -n "${CUDA:-}" ]; then
  features=(--features cuda)
  target=${CUDA_TARGET_DIR:-$HOME/.cache/mnist-web/target-cuda}
fi
echo "== building train ${features[*]} in $target"
CARGO_TARGET_DIR=$target cargo build --release --bin train "${features[@]}"
mkdir -p gpu-run
gzip -c "$target/release/train" > gpu-run/train.gz
ls -l gpu-run/train.gz
echo "== ready: carry gpu-run and static/data to the GPU machine and run bench/device/run.sh there"
