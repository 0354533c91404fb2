#!/usr/bin/env bash
# Records the demo data set (field stories S1-S5 and 300 background customers) through the public HTTP API of a
# running ledger, then prints which identifier to search for each story. Idempotent: a second run stores nothing.
# See docs/console.md#demo-data.
#
#   infra/demo/load.sh [baseUrl] [--api-key KEY]      baseUrl default http://localhost:8080; or env JOURNEY_API_KEY
#
# Compiles and runs org.journeyledger.demo.DemoLoader (module journey-demo, no dependency on the application);
# nothing is installed into ~/.m2.
set -euo pipefail
cd "$(dirname "$0")/../.."
args=""
for arg in "$@"; do
  args="$args '${arg//\'/\'\\\'\'}'"
done
exec mvn -B -ntp -q -pl journey-demo compile exec:java -Dexec.args="$args"
