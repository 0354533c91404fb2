#!/usr/bin/env bash
# Verifies every hash chain of a journey-ledger database without starting the application.
# Usage: infra/verify-ledger.sh jdbc:postgresql://HOST:PORT/DB [--user=U] [--password=P]
#                               [--checkpoint-index=N --checkpoint-digest=HEX]
# Exit status: 0 intact, 1 broken or checkpoint mismatch, 2 usage or connection error.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=$(ls journey-api/target/journey-api-*.jar 2>/dev/null | grep -v original | head -1 || true)
if [ -z "$jar" ]; then
  mvn -q -B -ntp -DskipTests package >&2
  jar=$(ls journey-api/target/journey-api-*.jar | grep -v original | head -1)
fi
url=${1:?usage: $0 JDBC_URL [--user=U] [--password=P] [--checkpoint-index=N --checkpoint-digest=HEX]}
shift
exec java -jar "$jar" verify --url="$url" "$@"
