#!/usr/bin/env bash
# Installs the build tools the web app needs, each only if missing:
# the wasm32 target, trunk, wasm-bindgen-cli (exactly the version in Cargo.lock) and npm packages
# (binaryen's wasm-opt, playwright-core). Everything is built from registries; nothing is downloaded
# as a prebuilt binary at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
TRUNK_VERSION=0.21.14
# Tools that run for seconds do not need trunk's fat LTO and single codegen unit (18.5 min → a
# few minutes on 2 cores): a fast release profile for `cargo install` only.
export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
  CARGO_PROFILE_RELEASE_OPT_LEVEL=2 CARGO_PROFILE_RELEASE_DEBUG=false CARGO_PROFILE_RELEASE_STRIP=true

rustup target list --installed 2>/dev/null | grep -q wasm32-unknown-unknown \
  || rustup target add wasm32-unknown-unknown

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  echo "== installing trunk $TRUNK_VERSION (cargo, ~8 min on 2 cores)"
  env -u CARGO_TARGET_DIR cargo install --locked trunk --version "$TRUNK_VERSION"
fi

WB=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WB"; then
  echo "== installing wasm-bindgen-cli $WB (cargo, from its unpacked source)"
  # `cargo install --locked wasm-bindgen-cli` pins a webpki-roots the registry does not serve:
  # install from the crate's source with that one dependency moved to a served version.
  src=$(mktemp -d)
  (cd "$src" && cargo new -q probe && cd probe && cargo add -q "wasm-bindgen-cli@=$WB" && cargo fetch -q)
  crate=$(ls -d "$HOME"/.cargo/registry/src/*/wasm-bindgen-cli-"$WB" | head -n 1)
  cp -r "$crate" "$src/cli" && cd "$src/cli"
  cargo update -q -p webpki-roots --precise 1.0.10 2>/dev/null || true
  env -u CARGO_TARGET_DIR cargo install --locked --path . --force
  cd - >/dev/null && rm -rf "$src"
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ]; then
  echo "== installing npm packages (binaryen, playwright-core)"
  npm ci --no-audit --no-fund --loglevel=error
fi
