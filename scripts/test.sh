#!/usr/bin/env bash
# Installs what is missing, then runs every check. Exits non-zero if any fails.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$ROOT/scripts/setup.sh"
cd "$ROOT"

export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-180}
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CARGO_TARGET_WASM32_WASIP1_RUNNER="node --no-warnings $ROOT/scripts/wasi-runner.mjs"
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

run() {
  local start=$SECONDS
  printf '\n==> %s\n' "$*"
  "$@"
  printf '<== %ss: %s\n' "$((SECONDS - start))" "$*"
}

run cargo fmt --all --check
run cargo clippy --workspace --all-targets --locked -- -D warnings
run cargo test --workspace --locked
# Every fuzz target for a short run on its stored corpus (FUZZ_SECONDS each).
run "$ROOT/scripts/fuzz.sh"
# The core's own tests, compiled to wasm32 and run under Node's WASI.
run cargo test -p lolab-core --target wasm32-wasip1 --locked
# The core on a target with no std at all: proves #![no_std].
run cargo build -p lolab-core --target wasm32v1-none --locked
# The browser suites, in headless Chromium through chromedriver.
run cargo test -p lolab-tests --target wasm32-unknown-unknown --locked
run trunk build --release --offline --skip-version-check
run "$ROOT/scripts/size-report.sh"
# The built site end to end in headless Chromium (dist/ under /lab/), then
# the page budgets (printed, never asserted).
run node "$ROOT/scripts/e2e/e2e.mjs"
run "$ROOT/scripts/page-budget.sh"
