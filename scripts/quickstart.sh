#!/usr/bin/env bash
# `npm run quickstart`: install, build, start a local Apache Kafka, and do ktk's first real job on it.
set -euo pipefail
cd "$(dirname "$0")/.."
ktk() { node bin/run.js "$@"; }
step() { printf '\n\033[1m$ ktk %s\033[0m\n' "$*"; }
# Lines "customer-N:{json}" for orders $1..$2.
orders() { for i in $(seq "$1" "$2"); do echo "customer-$((i % 50)):{\"order\":$i,\"total_price\":$((i % 300))}"; done; }
say() { printf '\n\033[2m# %s\033[0m' "$*"; }

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

say '1,000 orders from 50 customers, keyed by customer: each customer stays on one partition'
step produce $topic --key-separator :
orders 1 1000 | ktk produce $topic --key-separator :

say 'a consumer group reads everything there is, and commits it'
step consume $topic --group billing --from-beginning --exit-at-end
ktk consume $topic --group billing --from-beginning --exit-at-end >/dev/null

say '300 new orders arrive while billing is not running'
step produce $topic --key-separator :
orders 1001 1300 | ktk produce $topic --key-separator : 2>/dev/null
echo 'produced 300 records'
sleep 2

say 'how far behind, per partition, in records and in time'
step groups lag --group billing
ktk groups lag --group billing

step cluster describe
ktk cluster describe

cat <<'TXT'

ktk is running against a local Kafka. Try:
  ./bin/run.js topics --help          what ktk can do with topics
  ./bin/run.js topics describe --under-replicated-partitions ; echo "exit $?"
  ./bin/run.js groups lag --group billing --max-lag 100 ; echo "exit $?"   a CI gate
  ./bin/run.js consume dev.shop.order_placed.v1 --from-beginning --where 'total_price > 290' -e
  ./bin/run.js local stop             stop the broker (data is kept; --delete-data removes it)
TXT
