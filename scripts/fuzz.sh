#!/usr/bin/env bash
# Runs every cargo-fuzz target of fuzz/ for a short time on the stored corpus
# and fails on any crash, timeout or out-of-memory.
#
#   scripts/fuzz.sh                 # every target, 30 s each, two at a time
#   FUZZ_SECONDS=600 scripts/fuzz.sh lab_run datagram
#
# Environment: FUZZ_SECONDS (default 30) per target, FUZZ_JOBS (default: the
# number of cores, at most 2) targets at once, FUZZ_TIMEOUT (default 10) s for
# one input. Needs rustup with a nightly toolchain (libFuzzer's sanitizer
# flags are nightly-only) and a C++ compiler (libfuzzer-sys builds libFuzzer);
# installs cargo-fuzz if it is missing. New inputs go to a scratch copy of the
# corpus, so the stored one in fuzz/corpus/ stays as committed; crashes land in
# fuzz/artifacts/<target>/.
set -euo pipefail

CARGO_FUZZ_VERSION=0.13.1
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT/fuzz"

SECONDS_EACH="${FUZZ_SECONDS:-30}"
TIMEOUT="${FUZZ_TIMEOUT:-10}"
cores="$(nproc 2>/dev/null || echo 1)"
JOBS="${FUZZ_JOBS:-$(( cores < 2 ? cores : 2 ))}"

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    echo "fuzz.sh: installing the nightly toolchain" >&2
    rustup toolchain install nightly --profile minimal
fi
if ! command -v c++ >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "fuzz.sh: installing g++ for libFuzzer" >&2
        apt-get update -qq && apt-get install -y -qq g++ >/dev/null
    else
        echo "fuzz.sh: a C++ compiler (g++) is needed to build libFuzzer" >&2
        exit 1
    fi
fi
if [ "$(cargo fuzz --version 2>/dev/null || true)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
    echo "fuzz.sh: installing cargo-fuzz $CARGO_FUZZ_VERSION" >&2
    # Built with stable: its locked dependencies (rustix 0.36) do not build on
    # recent nightlies. The fuzz targets themselves build with nightly below.
    cargo +stable install cargo-fuzz --locked --version "$CARGO_FUZZ_VERSION" --force
fi

if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo +nightly fuzz list)
fi

# Build every target once, before running any in parallel.
cargo +nightly fuzz build

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

run_one() {
    local t="$1" log="$scratch/$1.log"
    mkdir -p "$scratch/corpus/$t"
    if cargo +nightly fuzz run "$t" "$scratch/corpus/$t" "corpus/$t" -- \
        -max_total_time="$SECONDS_EACH" -timeout="$TIMEOUT" -rss_limit_mb=2048 \
        -print_final_stats=1 >"$log" 2>&1; then
        local runs
        runs="$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')"
        echo "fuzz.sh: $t ok (${runs:-?} executions in ${SECONDS_EACH}s)"
    else
        echo "fuzz.sh: $t FAILED; the end of its log:" >&2
        grep -vE '^#[0-9]+' "$log" | tail -n 60 >&2
        return 1
    fi
}

failed=0
pids=()
names=()
for t in "${targets[@]}"; do
    run_one "$t" &
    pids+=("$!")
    names+=("$t")
    if [ "${#pids[@]}" -ge "$JOBS" ]; then
        wait "${pids[0]}" || failed=1
        pids=("${pids[@]:1}")
        names=("${names[@]:1}")
    fi
done
for p in "${pids[@]}"; do
    wait "$p" || failed=1
done

if [ "$failed" -ne 0 ]; then
    echo "fuzz.sh: at least one target failed (inputs in fuzz/artifacts/)" >&2
    exit 1
fi
echo "fuzz.sh: ${#targets[@]} targets passed"
