# Sourced by the scripts: one build directory outside the checkout, kept between runs
# (incremental builds of burn), and the npm-installed tools on PATH.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/mnist-web/target}
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
mkdir -p "$CARGO_TARGET_DIR"
