#!/usr/bin/env bash
# `npm run quickstart`: install, build, start a local Apache Kafka, and do ktk's first real job on it.
set -euo pipefail
cd "$(dirname "$0")/.."
ktk() { node bin/run.js "$@"; }
step() { printf '\n\033[1m$ ktk %s\033[0m\n' "$*"; }

node scripts/ensure-deps.mjs
npm run --silent build >/dev/null

step local start
ktk local start

topic=dev.shop.order_placed.v1
step topics create $topic --partitions 6 --config retention.ms=604800000 --if-not-exists
ktk topics create $topic --partitions 6 --config retention.ms=604800000 --if-not-exists

step topics describe $topic
ktk topics describe $topic

step topics partition-for --topic $topic --key customer-17 --key customer-42
ktk topics partition-for --topic $topic --key customer-17 --key customer-42

step cluster describe
ktk cluster describe

cat <<'TXT'

ktk is running against a local Kafka. Try:
  ./bin/run.js topics --help          what ktk can do with topics
  ./bin/run.js topics describe --under-replicated-partitions ; echo "exit $?"
  ./bin/run.js local stop             stop the broker (data is kept; --delete-data removes it)
TXT
