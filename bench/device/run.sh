#!/usr/bin/env bash
# One short native benchmark on a lent GPU machine (see README "Benchmarks"): the tutorial's
# PyTorch code on its GPU, then this app's training code (a `train` binary built here and carried
# gzipped as gpu-run/train.gz) on whatever burn can use there. Prints s/epoch for both.
set -uo pipefail
cd "$(dirname "$0")/../.."
echo "== machine: $(nproc) cores"; nvidia-smi -L 2>/dev/null | head -2
timeout 240 python3 bench/device/torch_tutorial.py 3 2>&1 | tail -5
gunzip -c gpu-run/train.gz > /tmp/train && chmod +x /tmp/train
echo "== this app, wgpu (Vulkan):"; timeout 60 /tmp/train --backend wgpu --bench 10 2>&1 | tail -2
echo "== this app, CPU backend (flex, all cores):"; timeout 120 /tmp/train --backend cpu --bench 40 2>&1 | tail -1
echo "== this app, one full epoch on the CPU backend:"; timeout 200 /tmp/train --backend cpu --epochs 1 2>&1 | grep -E "EVAL|done"
