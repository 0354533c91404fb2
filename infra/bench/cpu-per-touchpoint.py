#!/usr/bin/env python3
"""CPU per touchpoint of one application jar: an A/B tool for a noisy machine.

Throughput on a shared VM varies by 10-15 % from run to run; the CPU the whole machine spends per touchpoint (the
application, its embedded PostgreSQL and Kafka, everything) varies far less, so two builds can be compared by it.
Starts the jar with the default run (fresh data directory, -Xmx512m), posts touchpoints over HTTP in batches of 100
and waits until every projection has caught up, then prints touchpoints/s and machine CPU per touchpoint from
/proc/stat. Linux only; the machine should be otherwise idle.

    mvn -B -ntp -DskipTests package && cp journey-api/target/journey-api-0.1.0-SNAPSHOT.jar /tmp/b.jar
    infra/bench/cpu-per-touchpoint.py /tmp/a.jar /tmp/b.jar /tmp/a.jar /tmp/b.jar   # interleaved runs

AB_JAVA_OPTIONS (default -Xmx512m) sets the JVM options of every jar, e.g. a setting of the application:
AB_JAVA_OPTIONS="-Xmx512m -Djourney.ingest.aggregate-cache-size=0" (every group loads its customers from the store).
"""
import datetime
import json
import os
import shutil
import sys
import tempfile
import time
import uuid

from jarrun import busy_jiffies, call, lag, process_jiffies, start, stop

JAVA_OPTIONS = tuple(os.environ.get("AB_JAVA_OPTIONS", "-Xmx512m").split())


def post_all(count, customers, run):
    start = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)

    def touchpoint(i):
        return {"source": "cpu-" + run, "sourceEventId": f"{run}-{i}", "channel": "web", "type": "page_view",
                "occurredAt": (start + datetime.timedelta(seconds=i)).isoformat().replace("+00:00", "Z"),
                "identifiers": [{"type": "email", "value": f"c{i % customers}-{run}@example.com"}],
                "data": {"page": f"/p/{i}"}}

    for first in range(0, count, 100):
        answer = json.loads(call("/api/touchpoints/batch", [touchpoint(i) for i in range(first, first + 100)]))
        assert answer["stored"] == 100, answer
    while lag() > 0:
        time.sleep(0.2)


def measure(jar, count=10000, customers=1000):
    data = tempfile.mkdtemp(prefix="cpu-per-touchpoint-")
    os.chmod(data, 0o755)  # as root the embedded PostgreSQL runs as nobody
    app = start(jar, data, "cpu-per-touchpoint-app.log", java_options=JAVA_OPTIONS)
    try:
        post_all(1000, 100, uuid.uuid4().hex[:8])  # warm-up, not measured
        time.sleep(5)
        before, jvm_before, started = busy_jiffies(), process_jiffies(app.pid), time.time()
        post_all(count, customers, uuid.uuid4().hex[:8])
        tick = os.sysconf("SC_CLK_TCK")
        cpu, elapsed = (busy_jiffies() - before) / tick, time.time() - started
        jvm = (process_jiffies(app.pid) - jvm_before) / tick
        print(f"{jar}: {count} touchpoints over {customers} customers, projections caught up, in {elapsed:.1f} s"
              f" = {count / elapsed:.0f}/s; machine CPU {cpu:.1f} s = {cpu / count * 1000:.2f} ms per touchpoint"
              f" (the JVM, with its Kafka broker, {jvm / count * 1000:.2f} ms; PostgreSQL and the rest"
              f" {(cpu - jvm) / count * 1000:.2f} ms)", flush=True)
    finally:
        stop(app)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    for path in sys.argv[1:]:
        measure(path)
