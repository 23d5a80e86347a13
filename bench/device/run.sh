#!/usr/bin/env bash
# One command on a machine with an NVIDIA GPU and PyTorch (no internet; after
# bench/device/prepare.sh here): the same recipe (the tutorial's: batch 64, Adam 1e-3, shuffled,
# EPOCHS epochs, a test pass after each) with the tutorial's PyTorch code on the GPU and with
# this app's native trainer on the fastest device it finds there (CUDA, else wgpu through Vulkan,
# else the CPU), then seconds per epoch and images/s for both. Also runs anywhere else, on
# whatever it finds (on a machine without a GPU: the CPU for both).
set -uo pipefail
cd "$(dirname "$0")/../.."
EPOCHS=${EPOCHS:-2}
OUT=${OUT:-gpu-run/out}
mkdir -p "$OUT"
BIN=gpu-run/train
[ -x "$BIN" ] || { [ -f "$BIN.gz" ] && gunzip -c "$BIN.gz" > "$BIN" && chmod +x "$BIN"; }
[ -x "$BIN" ] || BIN=${TRAIN_BIN:-${CARGO_TARGET_DIR:-$HOME/.cache/mnist-web/target}/release/train}
echo "== machine: $(nproc) cores; $(nvidia-smi -L 2>/dev/null | head -1 || echo 'no NVIDIA GPU')"
# PyTorch's wheels carry NVRTC, which burn's CUDA backend compiles its kernels with.
nvrtc=$(python3 -c 'import nvidia.cuda_nvrtc, os; print(os.path.join(nvidia.cuda_nvrtc.__path__[0], "lib"))' 2>/dev/null || true)
[ -n "$nvrtc" ] && export LD_LIBRARY_PATH="$nvrtc${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# wgpu needs a Vulkan ICD file for the NVIDIA driver; write one if the driver has none.
if ! ls /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json >/dev/null 2>&1; then
  lib=$(ldconfig -p | awk '/libGLX_nvidia.so.0/{print $NF; exit}')
  if [ -n "$lib" ]; then
    printf '{"file_format_version":"1.0.0","ICD":{"library_path":"%s","api_version":"1.3.0"}}' "$lib" > "$OUT/nvidia_icd.json"
    export VK_ICD_FILENAMES=$PWD/$OUT/nvidia_icd.json
  fi
fi

echo "== the tutorial's PyTorch code, $EPOCHS epochs"
if python3 -c 'import torch' 2>/dev/null; then
  timeout 1800 python3 bench/device/torch_tutorial.py "$EPOCHS" 2>&1 | tee "$OUT/torch.log" | grep -E "^(torch|EPOCH)"
else
  echo "PyTorch is not installed here: skipped" | tee "$OUT/torch.log"
fi

echo "== this app's trainer: CUDA if it trains 20 batches, else the faster of wgpu and the CPU (measured)"
if timeout 300 "$BIN" --backend cuda --epochs 1 --max-batches 20 --test-images 64 > "$OUT/probe-cuda.log" 2>&1; then
  backend=(--backend cuda)
else
  echo "  cuda: $(grep -m1 -E 'error' "$OUT/probe-cuda.log" || tail -1 "$OUT/probe-cuda.log")"
  backend=()
fi
timeout 3600 "$BIN" "${backend[@]}" --epochs "$EPOCHS" --losses-json "$OUT/losses.json" 2>&1 | tee "$OUT/ours.log" | grep -E "^(device|EPOCH)"
device=$(sed -n 's/^device: \([^;:]*\).*/\1/p' "$OUT/ours.log" | head -1)

echo
echo "== seconds per epoch and images/s, same recipe ($EPOCHS epochs of 60,000 images, batch 64)"
python3 - "$OUT/torch.log" "$OUT/ours.log" "$device" <<'PY'
import re, sys
def epochs(path):
    rows = []
    for line in open(path):
        m = re.match(r'EPOCH (\d+): ([\d.]+) s training \((\d+) images/s\), ([\d.]+) s with test; accuracy ([\d.]+)%', line)
        if m: rows.append((float(m[2]), float(m[3]), float(m[4]), float(m[5])))
    return rows
torch_dev = next((l.split('device', 1)[1].strip() for l in open(sys.argv[1]) if l.startswith('torch')), '')
print(f"{'':28}{'s/epoch (train)':>16}{'images/s':>10}{'s/epoch (+test)':>17}{'accuracy':>10}")
for name, rows in [(f'PyTorch ({torch_dev or "not run"})', epochs(sys.argv[1])), (f'this app ({sys.argv[3]})', epochs(sys.argv[2]))]:
    if not rows:
        print(f'{name:28}{"–":>16}'); continue
    last = rows[-1] if len(rows) == 1 else rows[1:]  # the first epoch includes compilation
    last = [last] if isinstance(last, tuple) else last
    mean = lambda i: sum(r[i] for r in last) / len(last)
    print(f'{name:28}{mean(0):>16.2f}{mean(1):>10.0f}{mean(2):>17.2f}{rows[-1][3]:>9.2f}%')
print('(epochs after the first when there are several: the first includes kernel compilation)')
PY
