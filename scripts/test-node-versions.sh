#!/usr/bin/env bash
# The unit tests and the smoke test (ktk's main job on a local Kafka) under each other Node line ktk
# supports; `npm test` runs everything under the oldest (the Node on PATH). Other Node versions come from
# the npm registry (the `node` package), cached in ktk's cache directory.
#
#   scripts/test-node-versions.sh [MAJOR...]     (default: 22 24)
set -euo pipefail
cd "$(dirname "$0")/.."
cache="${KTK_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ktk}/node"
majors=("$@")
[ ${#majors[@]} -gt 0 ] || majors=(22 24)
for major in "${majors[@]}"; do
  prefix="$cache/$major"
  if [ ! -x "$prefix/node_modules/.bin/node" ]; then
    echo "== fetching Node $major from the npm registry"
    npm install --prefix "$prefix" --no-audit --no-fund --no-save "node@$major" >/dev/null
  fi
  bin="$(cd "$prefix/node_modules/.bin" && pwd)"
  echo "== Node $("$bin/node" --version): unit tests"
  PATH="$bin:$PATH" node node_modules/vitest/vitest.mjs run --project unit
  echo "== Node $("$bin/node" --version): smoke test"
  KTK_E2E_CLUSTERS=' ' PATH="$bin:$PATH" node node_modules/vitest/vitest.mjs run --project e2e test/e2e/smoke.test.ts
done
