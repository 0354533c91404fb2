#!/usr/bin/env python3
"""Where the machine's CPU goes during the harness's two context-read phases: the application, PostgreSQL, the
harness itself and the rest, in cores busy. Start it beside a run, with the run's output in a file:

    infra/bench/run.sh quick … > /tmp/bench.out 2>&1 &  infra/bench/cpu-split.py /tmp/bench.out

It waits for each phase's line in that output ("reads: …, 5 s warm-up, 20 s measured"), skips the warm-up and
samples /proc over the measured seconds. Linux only.
"""
import os
import re
import sys
import time

from jarrun import busy_jiffies, process_jiffies

PHASES = ((r"reads: \d+ threads, (\d+) s warm-up, (\d+) s measured", "flat out"),
          (r"reads: \d+ pairs/s on a fixed schedule, (\d+) s warm-up, (\d+) s measured", "scheduled"))


def kind(command):
    if "java" in command and "journey-api" in command:
        return "application"
    if command.startswith("postgres") or command.split(" ")[0].endswith("/postgres"):
        return "postgres"
    if "plexus-classworlds" in command:
        return "harness"  # the harness runs inside Maven's JVM (exec:java)
    return "rest"


def jiffies_by_kind():
    totals = {"application": 0, "postgres": 0, "harness": 0, "rest": 0}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            totals[kind(open(f"/proc/{pid}/cmdline").read().replace("\0", " "))] += process_jiffies(pid)
        except OSError:
            continue  # gone meanwhile
    return totals


def main(output):
    tick = os.sysconf("SC_CLK_TCK")
    for pattern, name in PHASES:
        while not (found := re.search(pattern, open(output).read())):
            time.sleep(0.3)
        warm_up, measured = map(int, found.groups())
        time.sleep(warm_up + 0.2)  # the scheduled phase starts 0.1 s after its line
        busy, by_kind, began = busy_jiffies(), jiffies_by_kind(), time.time()
        time.sleep(measured - 0.5)
        seconds = time.time() - began
        after = jiffies_by_kind()
        # Processes that ended meanwhile drop out of the sums; a kind's figure is a lower bound then.
        split = ", ".join(f"{k} {max(0, after[k] - by_kind[k]) / tick / seconds:.2f}" for k in after)
        print(f"{name}: machine {(busy_jiffies() - busy) / tick / seconds:.2f} cores busy: {split}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
