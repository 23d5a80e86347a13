#!/usr/bin/env bash
# Test-only system packages: Debian's Chromium (browser tests), a CJK font (the page in Chinese
# renders as boxes without one: shorter, and the layout tests measure it) and Mesa's lavapipe
# Vulkan driver (native wgpu tests without a GPU). Installed only if missing.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list ':lang=zh' 2>/dev/null | grep -q . || need+=(fonts-noto-cjk)
ls /usr/share/vulkan/icd.d/lvp_icd*.json >/dev/null 2>&1 || need+=(mesa-vulkan-drivers)
if [ ${#need[@]} -gt 0 ]; then
  echo "== apt-get install ${need[*]}"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
