#!/usr/bin/env bash
# Trunk post_build hook (see Trunk.toml): writes the docs widget's files
# into the staging dir before Trunk moves it to dist/:
#   embed.js   static/embed.js with the hashed wasm-bindgen glue and wasm
#              names of this build filled in (so a page needs no manifest
#              request, and the files keep their cache-busting hashes);
#   embed.css  static/embed/widget.css + terminal.css + journey.css, the
#              stylesheet each widget links inside its shadow root.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STAGE=${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}
cd "$STAGE"
shopt -s nullglob
glue=(lolab-web-*.js)
wasm=(lolab-web-*_bg.wasm)
if [ ${#glue[@]} -ne 1 ] || [ ${#wasm[@]} -ne 1 ]; then
  echo "embed-build.sh: expected one glue .js and one _bg.wasm in $STAGE, found: ${glue[*]} ${wasm[*]}" >&2
  exit 1
fi
sed -e "s|__LOLAB_GLUE__|${glue[0]}|" -e "s|__LOLAB_WASM__|${wasm[0]}|" \
  "$ROOT/static/embed.js" > embed.js
cat "$ROOT/static/embed/widget.css" "$ROOT/static/terminal.css" "$ROOT/static/journey.css" > embed.css
