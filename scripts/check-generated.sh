#!/usr/bin/env bash
# Fails when a committed generated file is stale: oclif.manifest.json, the command reference (docs/commands,
# one page per topic, and its index in the README), the wire formats generated from Kafka's message
# definitions (src/kafka/protocol/messages), the table of Kafka releases' client API versions
# (src/kafka/protocol/kafka-releases.ts), the jars ktk local downloads per Kafka version with their SHA-256
# (src/local/kafka-artifacts.ts) and the vectors captured from Kafka's Java client
# (test/unit/fixtures/kafka-vectors). The last four need mvn and pinned jars: from the Maven or ktk cache,
# else mvn fetches them (never skipped).
set -euo pipefail
cd "$(dirname "$0")/.."
export OCLIF_SKIP_NEW_VERSION_CHECK=true
npm run --silent build >/dev/null
npm run --silent readme >/dev/null
# --porcelain also lists pages oclif wrote that were never committed (a new topic).
if [ -n "$(git status --porcelain -- oclif.manifest.json README.md docs/commands)" ]; then
  git --no-pager status --short -- oclif.manifest.json README.md docs/commands

  echo "oclif.manifest.json, README.md or docs/commands is stale: run 'npm run build && npm run readme' and commit the result." >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
node scripts/generate-messages.mjs --out "$tmp/messages"
if ! diff -r "$tmp/messages" src/kafka/protocol/messages >"$tmp/messages.diff"; then
  head -40 "$tmp/messages.diff"
  echo "src/kafka/protocol/messages is stale: run 'node scripts/generate-messages.mjs' and commit the result." >&2
  exit 1
fi
node scripts/generate-kafka-releases.mjs --out "$tmp/kafka-releases.ts"
if ! diff "$tmp/kafka-releases.ts" src/kafka/protocol/kafka-releases.ts; then
  echo "src/kafka/protocol/kafka-releases.ts is stale: run 'node scripts/generate-kafka-releases.mjs' and commit the result." >&2
  exit 1
fi
node scripts/generate-kafka-artifacts.mjs --out "$tmp/kafka-artifacts.ts"
if ! diff "$tmp/kafka-artifacts.ts" src/local/kafka-artifacts.ts; then
  echo "src/local/kafka-artifacts.ts is stale: run 'node scripts/generate-kafka-artifacts.mjs' and commit the result." >&2
  exit 1
fi
scripts/capture-vectors/capture.sh "$tmp/vectors" >/dev/null
node scripts/capture-vectors/compare.mjs "$tmp/vectors" test/unit/fixtures/kafka-vectors
