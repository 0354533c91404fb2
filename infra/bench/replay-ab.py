#!/usr/bin/env python3
"""Replay speed of application jars on the same event store: an A/B tool for the projections' rebuild.

Records the load once with the first jar (abstore.py: a fresh database on the local PostgreSQL), then, for each jar
in turn: empties the two projections and deletes their tokens while no application runs, starts the jar and times
the rebuild from its first timeline row until every processor's lag is 0, with the machine's and the JVM's CPU over
that window. Every jar rebuilds from the very same events, so two builds compare on a machine whose throughput varies
from run to run. Linux only; the machine should be otherwise idle.

    infra/bench/replay-ab.py /tmp/a.jar /tmp/b.jar /tmp/a.jar /tmp/b.jar          # 2,000 customers, 40,000 touchpoints
    AB_TOUCHPOINTS=100000 infra/bench/replay-ab.py /tmp/a.jar /tmp/b.jar
    AB_JAVA_OPTIONS="-Xmx512m -XX:StartFlightRecording=filename=/tmp/r.jfr" infra/bench/replay-ab.py /tmp/b.jar
"""
import os
import sys
import time

import jarrun
from abstore import Store
from jarrun import busy_jiffies, lag, process_jiffies


def main(jars):
    store = Store("replay-ab")
    try:
        events = store.record(jars[0])
        for n, jar in enumerate(jars):
            # 'timeline': a jar from before the timeline joined the customer-context processor has its own;
            # customer_purchase: orders have rows of their own since V55 (a jar from before has none).
            store.psql("DELETE FROM token_entry WHERE processor_name IN ('customer-context', 'timeline');"
                       "DELETE FROM customer_context; DELETE FROM timeline_entry;"
                       "DO $$ BEGIN IF to_regclass('customer_purchase') IS NOT NULL THEN"
                       " DELETE FROM customer_purchase; END IF; END $$")
            app = store.start(jar, str(n))
            waited = time.time()
            while store.psql("SELECT count(*) FROM (SELECT 1 FROM timeline_entry LIMIT 1) t") == "0":
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
        store.close()


if __name__ == "__main__":
    main(sys.argv[1:])
