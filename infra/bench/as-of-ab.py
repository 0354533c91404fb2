#!/usr/bin/env python3
"""As-of read latency of application jars on one and the same data: an A/B tool for a noisy machine.

Loads the bench's busy customer (10,000 touchpoints of loyalty card LCHEAVY01, 11,003 ledger events) once into a
data directory with the first jar, then starts each jar in turn on that directory (default run, as-of snapshots
settling after 2 s), makes 300 as-of reads at instants spread over the recording as warm-up (they also save the
snapshots), then 300 measured ones, and prints p50 / p99 / max. Same instants for every jar (fixed seed), so the
jars fold the same events. Linux only; the machine should be otherwise idle.

    mvn -B -ntp -DskipTests package && cp journey-api/target/journey-api-0.1.0-SNAPSHOT.jar /tmp/b.jar
    infra/bench/as-of-ab.py /tmp/a.jar /tmp/b.jar /tmp/a.jar /tmp/b.jar   # interleaved runs
"""
import datetime
import json
import os
import random
import shutil
import sys
import tempfile
import time

from jarrun import call, start, stop

READS = 300


def busy_touchpoint(n, occurred):
    """The bench's busy customer (LoadGenerator.heavy)."""
    identifiers = [{"type": "loyalty_card", "value": "LCHEAVY01"}]
    if n % 2 == 0:
        identifiers.append({"type": "email", "value": "heavy@example.com"})
    fact = n % 10 == 0
    return {"source": "web-shop", "sourceEventId": f"heavy-{n}", "channel": "web" if n % 2 == 0 else "store",
            "occurredAt": occurred.isoformat().replace("+00:00", "Z"), "identifiers": identifiers,
            "type": "fact" if fact else "page_view",
            "data": {"key": "visit_count", "value": str(n)} if fact
            else {"path": f"/catalogue/item-{n % 5000}", "sessionId": f"s-heavy-{n // 20}"}}


def load():
    occurred = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=30)
    first = time.time()
    for start in range(0, 10000, 100):
        call("/api/touchpoints/batch", [busy_touchpoint(n, occurred + datetime.timedelta(minutes=n))
                                        for n in range(start, start + 100)])
    return first, time.time()


def reads(customer, first, last):
    rng = random.Random(7)
    millis = []
    for _ in range(READS):
        at = datetime.datetime.fromtimestamp(first + rng.random() * (last - first), datetime.timezone.utc)
        started = time.perf_counter()
        call(f"/api/customers/{customer}/context?asOf=" + at.isoformat().replace("+00:00", "Z"))
        millis.append((time.perf_counter() - started) * 1000)
    return sorted(millis)


def run(jar, data, span):
    app = start(jar, data, "as-of-ab-app.log", arguments=(
        "--journey.security.rate-limit.requests-per-second=1000000", "--journey.security.rate-limit.burst=1000000",
        "--journey.audit.as-of-snapshot-settle=PT2S"))
    try:
        if span is None:
            span = load()
            time.sleep(5)  # the snapshots' settle time, and the projections catching up
        customer = json.loads(call("/api/customers/resolve?identifier=loyalty_card:LCHEAVY01"))["customerId"]
        reads(customer, *span)  # warm-up
        measured = reads(customer, *span)
        print(f"{jar}: as-of p50 / p99 / max {measured[READS // 2]:.1f} / {measured[READS * 99 // 100]:.1f} /"
              f" {measured[-1]:.1f} ms ({READS} reads, customer with 11,003 events)", flush=True)
        return span
    finally:
        stop(app)


if __name__ == "__main__":
    directory = tempfile.mkdtemp(prefix="as-of-ab-")
    os.chmod(directory, 0o755)  # as root the embedded PostgreSQL runs as nobody
    recorded = None
    try:
        for path in sys.argv[1:]:
            recorded = run(path, directory, recorded)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
