#!/usr/bin/env bash
# Records the demo data set (field stories S1-S5 and 300 background customers) through the public HTTP API of a
# running ledger, then prints which identifier to search for each story. Idempotent: a second run stores nothing.
# See docs/console.md#demo-data.
#
#   infra/demo/load.sh [baseUrl] [--api-key KEY]      baseUrl default http://localhost:8080; or env JOURNEY_API_KEY
#
# The default run's demo-admin-key records (as a channel) and reads (as an agent). Runs the application jar's
# `demo` command (builds the jar first if it is not there; nothing is installed into ~/.m2).
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=$(ls journey-api/target/journey-api-*.jar 2>/dev/null | grep -v original | head -1 || true)
if [ -z "$jar" ]; then
  mvn -B -ntp -q -pl journey-api -am package -DskipTests
  jar=$(ls journey-api/target/journey-api-*.jar | grep -v original | head -1)
fi
exec java -jar "$jar" demo "$@"
