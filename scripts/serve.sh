#!/usr/bin/env bash
# One command for a new user: installs what is missing, fetches the data, builds the site and
# serves it on http://127.0.0.1:8080/ (PORT=... to change).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
scripts/install-tools.sh
scripts/fetch-data.sh
scripts/build-web.sh
exec node tests/e2e/server.mjs dist "${PORT:-8080}"
