#!/usr/bin/env bash
# Runs the stack benchmarks natively and as wasm32-wasip1 under Node, then
# prints how much slower wasm is for each figure.
# Usage: scripts/bench.sh [bench args, e.g. --quick or section names]
# Env: LOLAB_BENCH_MIB (transfer size, default 256), LOLAB_BENCH_REPS (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${BENCH_OUT:-target/bench-report}
mkdir -p "$out"

echo "== native" >&2
cargo bench -p lolab-core --bench stack -- "$@" | tee "$out/native.txt"
echo "== wasm32-wasip1 under $(node --version)" >&2
CARGO_TARGET_WASM32_WASIP1_RUNNER="node --no-warnings $PWD/scripts/wasi-runner.mjs" \
  cargo bench -p lolab-core --bench stack --target wasm32-wasip1 -- "$@" | tee "$out/wasm.txt"

figures() { sed -n 's/^ *\[\([a-z0-9_]*\) = \([0-9.e+-]*\)\]$/\1 \2/p' "$1"; }
echo
echo "wasm vs native (rates: native/wasm = how many times slower wasm is; bytes: wasm/native)"
join <(figures "$out/native.txt" | sort) <(figures "$out/wasm.txt" | sort) |
  awk '{
    k = $1; n = $2; w = $3;
    if (k ~ /_per_sec$/) printf "  %-26s native %14.1f  wasm %14.1f  wasm slower x%.2f\n", k, n, w, (w > 0 ? n / w : 0);
    else if (k ~ /_bytes$/) printf "  %-26s native %11.1f MiB  wasm %11.1f MiB  ratio %.2f\n", k, n / 1048576, w / 1048576, (n > 0 ? w / n : 0);
    else printf "  %-26s native %8.3f  wasm %8.3f\n", k, n, w;
  }'
