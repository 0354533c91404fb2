#!/usr/bin/env bash
# The crash run in one command, from anywhere: packages the application jar (tests skipped) and runs
# org.journeyledger.infra.crash.CrashRun (Maven profile `crash`) against it: Kafka ingest at a steady rate, kill -9
# of the application several times, restarts, then acknowledged vs stored (lost, duplicated) and the projections vs a
# full replay. Never `mvn install`: nothing is written to ~/.m2. See docs/operations.md, "Crash test".
#
#   infra/crash/run.sh [-Dcrash.kills=3] [-Dcrash.rate=40] [-Dcrash.customers=200] [-Dcrash.uptime=20]
#                      [-Dcrash.session-timeout-ms=10000] [-Dcrash.keep-data=true]
# Exit status 0 when lost = duplicated = projection mismatches = 0.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec mvn -B -ntp -Pcrash -DskipTests verify "$@"
