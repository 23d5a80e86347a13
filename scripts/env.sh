# Sourced by the scripts: one build directory outside the checkout, kept between runs
# (incremental builds of burn), and the npm-installed tools on PATH.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/mnist-web/target}
# The wasm build has its own directory so that it can run beside the native one (cargo locks a
# target directory per build).
export WASM_TARGET_DIR=${WASM_TARGET_DIR:-$HOME/.cache/mnist-web/target-wasm}
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
mkdir -p "$CARGO_TARGET_DIR"
# Mesa's Vulkan loader complains without it (tests use the lavapipe driver).
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then export XDG_RUNTIME_DIR=/tmp/xdg-runtime-$(id -u); mkdir -p -m 700 "$XDG_RUNTIME_DIR"; fi
# trunk asks crates.io for a newer version on every run: not needed here.
export TRUNK_SKIP_VERSION_CHECK=true
