#!/usr/bin/env bash
# The full 10-epoch recipe on a machine with a GPU, using a `train` binary built elsewhere
# (BIN, default target/release/train) and the data in static/data. Tries the GPU through wgpu
# (Vulkan) first; falls back to the CPU backend on all cores. Writes the log and weights to OUT.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-gpu-run/train}
OUT=${OUT:-gpu-run/out}
mkdir -p "$OUT"
# The binary travels gzipped (carry size limits).
[ -x "$BIN" ] || { [ -f "$BIN.gz" ] && gunzip -c "$BIN.gz" > "$BIN" && chmod +x "$BIN"; }
export LD_LIBRARY_PATH="$PWD/gpu-run${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
echo "== machine"; nproc; nvidia-smi -L 2>/dev/null || true
ls /usr/share/vulkan/icd.d /etc/vulkan/icd.d 2>/dev/null
if ! ls /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json >/dev/null 2>&1; then
  lib=$(ldconfig -p | awk '/libGLX_nvidia.so.0/{print $NF; exit}')
  if [ -n "$lib" ]; then
    mkdir -p gpu-run/icd
    printf '{"file_format_version":"1.0.0","ICD":{"library_path":"%s","api_version":"1.3.0"}}' "$lib" > gpu-run/icd/nvidia_icd.json
    export VK_ICD_FILENAMES=$PWD/gpu-run/icd/nvidia_icd.json
    echo "wrote an ICD file for $lib"
  fi
fi
backend=wgpu
if ! timeout 120 "$BIN" --backend wgpu --epochs 1 --max-batches 30 --test-images 640 > "$OUT/probe.log" 2>&1; then
  echo "== wgpu failed:"; tail -5 "$OUT/probe.log"; backend=cpu
fi
cat "$OUT/probe.log" | head -3
echo "== full run on $backend"
start=$(date +%s)
"$BIN" --backend "$backend" --epochs "${EPOCHS:-10}" --out "$OUT/weights.bin" --losses-json "$OUT/losses.json" 2>&1 | tee "$OUT/train.log" | grep -E "EVAL|device|done|error"
echo "== wall time $(( $(date +%s) - start )) s"
