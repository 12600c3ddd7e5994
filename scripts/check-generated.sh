#!/usr/bin/env bash
# Fails when the committed oclif.manifest.json or the README's generated command reference is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent build >/dev/null
npx oclif readme --no-aliases >/dev/null
if ! git diff --exit-code --stat -- oclif.manifest.json README.md; then
  echo "oclif.manifest.json or README.md is stale: run 'npm run build && npm run readme' and commit the result." >&2
  exit 1
fi
