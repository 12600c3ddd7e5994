#!/usr/bin/env bash
# Captures test/unit/fixtures/kafka-vectors/*.json: every version of every generated message, encoded by
# the Java client's own generated *Data classes (kafka-clients pinned in scripts/generate-messages.mjs),
# for test/unit/kafka/message-codec.test.ts. Needs java 17+, javac and mvn (for the jar and Jackson, which
# the *DataJsonConverter classes use). Run from anywhere; rerun after changing the pinned Kafka version.
#   capture.sh [OUT_DIR]   (scripts/check-generated.sh captures into a temporary directory and compares)
set -euo pipefail
cd "$(dirname "$0")/../.."
jackson=2.19.4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

jar=$(node --input-type=module -e "import { kafkaClientsJar } from './scripts/generate-messages.mjs'; console.log(kafkaClientsJar().path)")
version=$(node --input-type=module -e "import { KAFKA_VERSION } from './scripts/generate-messages.mjs'; console.log(KAFKA_VERSION)")
repository=${HOME}/.m2/repository
m2=$repository/com/fasterxml/jackson/core
cp="$jar"
for a in databind core annotations; do
  lib="$m2/jackson-$a/$jackson/jackson-$a-$jackson.jar"
  [ -f "$lib" ] || mvn -q -B dependency:get "-Dartifact=com.fasterxml.jackson.core:jackson-$a:$jackson" \
    -Dtransitive=false "-Dmaven.repo.local=$repository"
  cp="$cp:$lib"
done

node scripts/capture-vectors/inputs.mjs "$work/inputs.json"
javac -cp "$cp" -d "$work" scripts/capture-vectors/Capture.java
out=${1:-test/unit/fixtures/kafka-vectors}
rm -rf "$out"
java -cp "$cp:$work" Capture "$work/inputs.json" "$out" "$version"
# The committed files are formatted like the rest of the repository (npm run lint checks them).
[ -n "${1:-}" ] || npx biome format --write "$out" >/dev/null
echo "vectors written to $out: $(ls "$out" | wc -l) files, $(du -sh "$out" | cut -f1)"
