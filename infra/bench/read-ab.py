#!/usr/bin/env python3
"""Context reads of application jars on the same event store: an A/B tool for the read path.

Records the load once with the first jar (abstore.py), then, for each jar in turn: starts it, warms it up with 8,000
context reads, and times AB_READS (6,000) more, one after another on one keep-alive connection, in random order over
AB_SPREAD (200) customers spread evenly over all of them (resolved by email first; "all" reads any customer, a list
such as 200,all times each in turn). Prints the reads' p50 / p90 / p99 / max, the CPU per read of the machine, the
JVM, this client and the rest (PostgreSQL), and the database's shared-buffer hits and reads per context read (a read
is a page PostgreSQL had to get from the operating system). Latency on a shared 2-core machine is noisy; CPU per read
compares builds better. Linux only; the machine should be otherwise idle.

    infra/bench/read-ab.py /tmp/a.jar /tmp/b.jar /tmp/a.jar /tmp/b.jar
"""
import http.client
import json
import os
import random
import sys
import time

import jarrun
from abstore import CUSTOMERS, Store
from jarrun import busy_jiffies, process_jiffies

READS = int(os.environ.get("AB_READS", "6000"))
SPREAD = os.environ.get("AB_SPREAD", "200")


def reads(connection, ids, count, seed):
    latencies = []
    rng = random.Random(seed)
    for _ in range(count):
        began = time.perf_counter()
        connection.request("GET", f"/api/customers/{rng.choice(ids)}/context", headers={"X-API-Key": jarrun.KEY})
        answer = connection.getresponse()
        answer.read()
        assert answer.status == 200, answer.status
        latencies.append((time.perf_counter() - began) * 1000)
    return sorted(latencies)


def timed(store, app, connection, jar, spread):
    """Resolves {spread} customers, warms up, times READS context reads of them and prints the figures."""
    ids = []
    for c in range(0, CUSTOMERS, max(1, CUSTOMERS // spread)):
        connection.request("GET", f"/api/customers/resolve?identifier=email:c{c}@example.com",
                           headers={"X-API-Key": jarrun.KEY})
        ids.append(json.loads(connection.getresponse().read())["customerId"])
    reads(connection, ids, 8000, 1)
    cpu, jvm, client = busy_jiffies(), process_jiffies(app.pid), process_jiffies(os.getpid())
    blocks, vacuums = store.blocks(), store.autovacuums()
    latencies = reads(connection, ids, READS, 2)
    hits, misses = (after - before for after, before in zip(store.blocks(), blocks))
    vacuums = sorted(set(vacuums + store.autovacuums()))
    tick = os.sysconf("SC_CLK_TCK")
    cpu, jvm = (busy_jiffies() - cpu) / tick, (process_jiffies(app.pid) - jvm) / tick
    client = (process_jiffies(os.getpid()) - client) / tick

    def at(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))]

    print(f"{jar}, {len(ids)} customers: {READS} context reads p50 / p90 / p99 / max {at(.5):.2f} / {at(.9):.2f} /"
          f" {at(.99):.2f} / {latencies[-1]:.2f} ms; CPU per read: machine {cpu / READS * 1e6:.0f} µs, the JVM"
          f" {jvm / READS * 1e6:.0f}, this client {client / READS * 1e6:.0f}, PostgreSQL and the rest"
          f" {(cpu - jvm - client) / READS * 1e6:.0f}; shared buffers per read: {hits / READS:.1f} hits,"
          f" {misses / READS:.2f} reads; autovacuum seen: {', '.join(vacuums) or 'none'}", flush=True)


def main(jars):
    store = Store("read-ab")
    try:
        store.record(jars[0])
        for n, jar in enumerate(jars):
            app = store.start(jar, str(n))
            connection = http.client.HTTPConnection("localhost", jarrun.PORT)
            for spread in SPREAD.split(","):
                timed(store, app, connection, jar, CUSTOMERS if spread == "all" else min(CUSTOMERS, int(spread)))
            connection.close()
            jarrun.stop(app)
    finally:
        store.close()


if __name__ == "__main__":
    main(sys.argv[1:])
