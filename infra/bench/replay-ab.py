#!/usr/bin/env python3
"""Replay speed of application jars on the same event store: an A/B tool for the projections' rebuild.

Records the load once with the first jar into a fresh database on an external PostgreSQL (JOURNEY_BENCH_DB_URL's
server, default the local one; psql must reach it as user postgres), then, for each jar in turn: stops the
application, empties the two projections and deletes their tokens (psql), starts the jar and times the rebuild from
its first timeline row until both projections' lag is 0, with the machine's CPU over that window. Every jar rebuilds
from the very same events, so two builds compare on a machine whose throughput varies from run to run. Linux only;
the machine should be otherwise idle. The database is dropped at the end.

    infra/bench/replay-ab.py /tmp/a.jar /tmp/b.jar /tmp/a.jar /tmp/b.jar          # 2,000 customers, 40,000 touchpoints
    REPLAY_AB_TOUCHPOINTS=100000 infra/bench/replay-ab.py /tmp/a.jar /tmp/b.jar
    REPLAY_AB_JAVA_OPTIONS="-XX:StartFlightRecording=filename=/tmp/r.jfr" infra/bench/replay-ab.py /tmp/b.jar
"""
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

import jarrun
from jarrun import call

CUSTOMERS = int(os.environ.get("REPLAY_AB_CUSTOMERS", "2000"))
TOUCHPOINTS = int(os.environ.get("REPLAY_AB_TOUCHPOINTS", "40000"))
JAVA_OPTIONS = tuple(os.environ.get("REPLAY_AB_JAVA_OPTIONS", "-Xmx512m").split())
DATABASE = f"journey_replay_ab_{int(time.time())}"
# One data directory for every start: it holds the master key the customers' data keys are wrapped with.
DATA = tempfile.mkdtemp(prefix="replay-ab-")


def psql(sql, database=DATABASE):
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-Atqc", sql],
                          check=True, capture_output=True, text=True).stdout.strip()


def touchpoint(i, rng):
    """The bench's mix in brief: a sign-up per customer first, then channels with what each of them knows."""
    c = i if i < CUSTOMERS else rng.randrange(CUSTOMERS)
    email, card = {"type": "email", "value": f"c{c}@example.com"}, {"type": "loyalty_card", "value": f"LC{c:08d}"}
    at = f"2026-11-{1 + i * 28 // TOUCHPOINTS:02d}T{i % 24:02d}:{i % 60:02d}:{i % 59:02d}.{i % 1000:03d}Z"
    tp = {"source": "replay-ab", "sourceEventId": f"tp-{i}", "occurredAt": at, "data": {"traceId": f"{rng.getrandbits(64):x}"}}
    if i < CUSTOMERS:
        tp.update(channel="web", type="sign_up", identifiers=[card, email, {"type": "device_id", "value": f"dev-{c}"}])
        tp["data"]["marketingConsent"] = c % 3 != 0
        return tp
    kind = rng.randrange(100)
    if kind < 30:
        cents, quantity = 500 + rng.randrange(30000), 1 + rng.randrange(3)
        tp.update(channel="store", type="purchase", identifiers=[card])
        tp["data"].update(orderId=f"ORD-{i}", currency="EUR", total=f"{cents * quantity / 100:.2f}", storeId="s-1",
                          items=[{"sku": f"SKU-{i % 5000}", "name": "Item", "quantity": quantity,
                                  "unitPrice": f"{cents / 100:.2f}"}])
    elif kind < 70:
        tp.update(channel="web", type="page_view", identifiers=[card, email])
        tp["data"].update(path=f"/catalogue/item-{i % 5000}", sessionId=f"s-{i // 20}")
    elif kind < 82:
        tp.update(channel="email", type="email_open", identifiers=[email])
        tp["data"]["campaign"] = f"cmp-{i % 50}"
    else:
        tp.update(channel="call_centre", identifiers=[email], conversationId=f"case-{c}-{i % 3}", actor="agent:7")
        if kind < 87:
            tp.update(type="fact")
            tp["data"].update(key="shoe_size", value=f"v-{i % 1000}")
        else:
            tp.update(type="interaction")
            tp["data"].update(kind="call", direction="inbound", sentiment=0.25,
                              summary=f"Customer asked about order {i} and delivery")
    return tp


def lag():
    return sum(float(line.rsplit(" ", 1)[1]) for line in call("/actuator/prometheus").splitlines()
               if line.startswith("journey_processor_lag{"))


def busy_jiffies():
    values = list(map(int, open("/proc/stat").readline().split()[1:]))
    return sum(values) - values[3] - values[4]


def process_jiffies(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime


def start(jar, label):
    log = f"replay-ab-{label}.log"
    url = f"jdbc:postgresql://127.0.0.1:5432/{DATABASE}"
    app = jarrun.start(jar, DATA, log, JAVA_OPTIONS,
                       (f"--spring.datasource.url={url}", "--spring.datasource.username=postgres"))
    return app, os.path.join(tempfile.gettempdir(), log)


def main(jars):
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)
    try:
        app, log = start(jars[0], "load")
        # With an external database there are no demo keys: the first start issues an administrator key and logs it.
        jarrun.KEY = re.search(r"X-API-Key: (\S+)", open(log).read()).group(1)
        rng = random.Random(7)
        for first in range(0, TOUCHPOINTS, 500):
            call("/api/touchpoints/batch", [touchpoint(i, rng) for i in range(first, min(first + 500, TOUCHPOINTS))])
        while lag() > 0:
            time.sleep(1)
        jarrun.stop(app)
        events = int(psql("SELECT count(*) FROM domain_event_entry"))
        print(f"recorded {TOUCHPOINTS} touchpoints over {CUSTOMERS} customers: {events} events", flush=True)
        for n, jar in enumerate(jars):
            psql("DELETE FROM token_entry WHERE processor_name IN ('customer-context', 'timeline');"
                 "DELETE FROM customer_context; DELETE FROM timeline_entry")
            app, _ = start(jar, str(n))
            waited = time.time()
            while psql("SELECT count(*) FROM (SELECT 1 FROM timeline_entry LIMIT 1) t") == "0":
                if time.time() - waited > 300 or app.poll() is not None:
                    raise SystemExit(f"{jar}: no timeline row after {time.time() - waited:.0f} s; see its log")
                time.sleep(0.05)
            began, cpu, jvm = time.time(), busy_jiffies(), process_jiffies(app.pid)
            while lag() > 0:
                time.sleep(0.2)
            tick = os.sysconf("SC_CLK_TCK")
            elapsed, cpu = time.time() - began, (busy_jiffies() - cpu) / tick
            jvm = (process_jiffies(app.pid) - jvm) / tick
            print(f"{jar}: replayed {events} events in {elapsed:.1f} s = {events / elapsed:,.0f} events/s;"
                  f" machine CPU {cpu:.1f} s = {cpu / events * 1e6:.0f} µs per event (the JVM"
                  f" {jvm / events * 1e6:.0f} µs, PostgreSQL and the rest {(cpu - jvm) / events * 1e6:.0f} µs)",
                  flush=True)
            jarrun.stop(app)
    finally:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--force", DATABASE])
        shutil.rmtree(DATA, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
