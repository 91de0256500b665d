#!/usr/bin/env bash
# Installs what is missing, then serves the playground at http://127.0.0.1:8080
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
exec trunk serve --offline --skip-version-check --address 127.0.0.1 --port 8080 "$@"
