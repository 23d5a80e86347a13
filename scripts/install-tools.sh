#!/usr/bin/env bash
# Installs the build tools the web app needs, each only if missing:
# the wasm32 target, trunk, wasm-bindgen-cli (exactly the version in Cargo.lock) and npm packages
# (binaryen's wasm-opt, playwright-core). Everything is built from registries; nothing is downloaded
# as a prebuilt binary at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
TRUNK_VERSION=0.21.14
# Tools that run for seconds need neither trunk's fat LTO and single codegen unit nor much
# optimisation: a fast release profile for `cargo install` only (on 2 cores, trunk: 18.5 min with
# its own profile, 4.4 min this way; its run time on this site is the same, the time goes into
# wasm-bindgen and wasm-opt). wasm-bindgen-cli gets opt-level 1: it rewrites 40 MB of wasm per build.
export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
  CARGO_PROFILE_RELEASE_DEBUG=false CARGO_PROFILE_RELEASE_STRIP=true CARGO_PROFILE_RELEASE_INCREMENTAL=false

rustup target list --installed 2>/dev/null | grep -q wasm32-unknown-unknown \
  || rustup target add wasm32-unknown-unknown

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  echo "== installing trunk $TRUNK_VERSION (cargo, ~5 min on 2 cores)"
  # Without its default features: no update check and no TLS stack (trunk finds its tools on
  # PATH, so it never downloads anything here).
  env -u CARGO_TARGET_DIR CARGO_PROFILE_RELEASE_OPT_LEVEL=0 \
    cargo install --locked --no-default-features trunk --version "$TRUNK_VERSION"
  echo "== trunk installed ($SECONDS s so far)"
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
  # Only the `wasm-bindgen` binary, without TLS (the test runner downloads drivers: not used here).
  env -u CARGO_TARGET_DIR CARGO_PROFILE_RELEASE_OPT_LEVEL=1 \
    cargo install --locked --no-default-features --path . --bin wasm-bindgen --force
  cd - >/dev/null && rm -rf "$src"
  echo "== wasm-bindgen-cli installed ($SECONDS s so far)"
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ]; then
  echo "== installing npm packages (binaryen, playwright-core)"
  npm ci --no-audit --no-fund --loglevel=error
fi
