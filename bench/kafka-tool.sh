#!/usr/bin/env bash
# Runs one of Apache Kafka's CLIs the way bin/kafka-run-class.sh does (same default JVM options), from
# the jars `ktk local` resolved: bench/kafka-tool.sh <jars-dir> <main-class> [args...]
set -euo pipefail
jars=$1; shift
main=$1; shift
here=$(cd "$(dirname "$0")" && pwd)
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" \
  -Xmx256M -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
  -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true \
  "-Dlog4j2.configurationFile=$here/tools-log4j2.properties" "-Dlog4j.configuration=file:$here/tools-log4j.properties" \
  -cp "$jars/*" "$main" "$@"
