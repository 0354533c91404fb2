#!/usr/bin/env bash
# The benchmark in one command, from anywhere: packages the application jar (tests skipped) and runs the harness
# (org.journeyledger.infra.bench.Bench, Maven profile `bench`) against it. Never `mvn install`: nothing is written
# to ~/.m2. See docs/performance.md.
#
#   infra/bench/run.sh [smoke|quick|large] [-Dbench.customers=… -Dbench.touchpoints=… …]
#   JOURNEY_BENCH_DB_URL=jdbc:postgresql://127.0.0.1:5432/postgres infra/bench/run.sh quick   # external PostgreSQL
set -euo pipefail
cd "$(dirname "$0")/../.."
scale="${1:-quick}"
shift || true
exec mvn -B -ntp -Pbench -DskipTests verify -Dbench.scale="$scale" "$@"
