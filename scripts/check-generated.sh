#!/usr/bin/env bash
# Fails when the committed oclif.manifest.json or the README's generated command reference is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
export OCLIF_SKIP_NEW_VERSION_CHECK=true
npm run --silent build >/dev/null
npx oclif readme --no-aliases >/dev/null
if [ -n "$(git status --porcelain -- oclif.manifest.json README.md)" ]; then
  git --no-pager diff --stat -- oclif.manifest.json README.md

  echo "oclif.manifest.json or README.md is stale: run 'npm run build && npm run readme' and commit the result." >&2
  exit 1
fi
