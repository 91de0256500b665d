#!/usr/bin/env bash
# Page budgets of dist/ (run after `trunk build --release`): first-view gzip
# bytes, wasm share, and the median of 5 loads for navigation -> interactive
# terminal and Enter -> ping output, in headless Chromium. Prints only;
# `--append` also records the figures in docs/PERFORMANCE.md.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
exec node "$ROOT/scripts/e2e/page-budget.mjs" "$@"
