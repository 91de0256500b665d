#!/usr/bin/env bash
# Installs what Loopback Lab needs, pinned, and only what is missing.
# Sourced by scripts/serve.sh and scripts/test.sh; safe to run again (fast
# when everything is there). Needs: a Debian 12 machine with rustup, cargo,
# node/npm, root (for apt-get), and the package registries (crates.io, npm,
# Debian). Nothing is downloaded from anywhere else, and Trunk never
# downloads a tool at run time (see Trunk.toml and --offline).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TRUNK_VERSION=0.21.14          # trunk 0.22 needs rustc >= 1.96
BINARYEN_NPM_VERSION=132.0.0   # Debian's binaryen 108 cannot read current rustc output
TOOLS_DIR=${TOOLS_DIR:-$HOME/.wasm-tools}
export PATH="$TOOLS_DIR/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\n==> %s\n' "$*" >&2; }

# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print}' "$ROOT/Cargo.lock")

# 1. Rust targets (rust-toolchain.toml pins the toolchain and lists them).
missing_targets=()
for t in wasm32-unknown-unknown wasm32v1-none wasm32-wasip1; do
  rustup target list --installed 2>/dev/null | grep -qx "$t" || missing_targets+=("$t")
done
if [ ${#missing_targets[@]} -gt 0 ]; then
  step "rustup target add ${missing_targets[*]}"
  (cd "$ROOT" && rustup target add "${missing_targets[@]}")
fi

# 2. Debian packages: the browser for tests, and the real tools that
#    fidelity tests compare against when present.
apt_missing=()
command -v chromium >/dev/null || apt_missing+=(chromium)
command -v chromedriver >/dev/null || apt_missing+=(chromium-driver)
command -v tshark >/dev/null || apt_missing+=(tshark)
command -v node >/dev/null || apt_missing+=(nodejs npm)
if [ ${#apt_missing[@]} -gt 0 ]; then
  step "apt-get install ${apt_missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y --no-install-recommends "${apt_missing[@]}" \
    || { $SUDO apt-get update -qq && $SUDO apt-get install -y --no-install-recommends "${apt_missing[@]}"; }
fi

# 3. Trunk, pinned.
if ! trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
  step "cargo install trunk $TRUNK_VERSION (about 10 minutes on 2 cores)"
  cargo install trunk --version "=$TRUNK_VERSION" --locked
fi

# 4. wasm-bindgen-cli at exactly the lockfile's version.
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $WASM_BINDGEN_VERSION"; then
  step "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # --locked can fail to resolve against the registry (a yanked pin in the
  # published lock); fall back to a fresh resolution of the same version.
  cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --locked \
    || cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION"
fi

# 5. wasm-opt from npm's binaryen into a local prefix (-g clashes with Debian's).
if ! wasm-opt --version 2>/dev/null | grep -q "version ${BINARYEN_NPM_VERSION%%.*}"; then
  step "npm install binaryen@$BINARYEN_NPM_VERSION into $TOOLS_DIR"
  mkdir -p "$TOOLS_DIR"
  npm install --no-audit --no-fund --prefix "$TOOLS_DIR" "binaryen@$BINARYEN_NPM_VERSION"
fi

# 6. playwright-core (pinned in scripts/e2e/package.json and its
#    package-lock.json) for the end-to-end tests and page budgets. It drives
#    the system's /usr/bin/chromium; no browser is ever downloaded.
E2E_DIR="$ROOT/scripts/e2e"
PLAYWRIGHT_VERSION=$(node -p "require('$E2E_DIR/package.json').dependencies['playwright-core']")
if [ "$(node -p "try { require('$E2E_DIR/node_modules/playwright-core/package.json').version } catch { '' }")" != "$PLAYWRIGHT_VERSION" ]; then
  step "npm ci in scripts/e2e (playwright-core $PLAYWRIGHT_VERSION)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --prefix "$E2E_DIR"
fi
