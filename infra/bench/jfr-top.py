#!/usr/bin/env python3
"""Where a flight recording's CPU went, within a time window of the recording and for some threads only: the
machine's and the JVM's load, each thread's measured CPU, the threads' socket reads over JFR's threshold (by the
first ledger method on their stack), and the execution samples by thread, by the method on top of the stack (self)
and by every method on the stack (inclusive, each method counted once per sample), then the same for the bytes
allocated (jdk.ObjectAllocationSample, each sample weighted by the bytes it stands for) with the classes allocated.
For the harness's recordings
(-Dbench.jvmArgs=-XX:StartFlightRecording=…):

    infra/bench/jfr-top.py /tmp/jfr/<file>.jfr [--from 11:40:00] [--to 11:42:30] [--threads 'context|timeline']
                           [--top 25] [--match org.journeyledger]

Times are the recording's (UTC here), as the harness prints them. --match limits the inclusive table to methods
whose name contains the text. Reads `jfr print` (the JDK's tool) as it streams, so long recordings need no memory.

Execution samples are taken of threads running Java code, whether or not they have a CPU at that instant, and
never of threads in native code (a socket read): on a busy machine they over-count threads that spin and under-count
threads that wait on the database. So the thread table is each thread's measured CPU (jdk.ThreadCPULoad, share of
the whole machine, averaged over the window), the one to trust for "how much CPU"; the samples say where in the
code a thread is.
"""
import argparse
import collections
import re
import subprocess

FRAME = re.compile(r"^(\S+)\(.*\)\s+line:")
UNITS_MS = {"s": 1000.0, "ms": 1.0, "us": 0.001, "ns": 0.000001}
UNITS_BYTES = {"bytes": 1, "byte": 1, "kB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3}


def events(recording, event_type):
    """Every event of the type as a dict: startTime (HH:MM:SS), thread, frames (top first) and its other fields."""
    command = ["jfr", "print", "--events", event_type, "--stack-depth", "128", recording]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as jfr:
        event = None
        for line in jfr.stdout:
            line = line.strip()
            if line.startswith(event_type + " {"):
                event = {"frames": []}
            elif event is None:
                continue
            elif line == "}":
                yield event
                event = None
            elif match := FRAME.match(line):
                event["frames"].append(match.group(1))
            elif " = " in line:
                name, value = line.split(" = ", 1)
                if name == "startTime":
                    value = value[:8]
                elif name in ("sampledThread", "eventThread"):
                    if '"' not in value:
                        continue  # N/A: no Java thread
                    name, value = "thread", value.split('"')[1]
                event.setdefault(name, value)  # the first of a name: nested fields come later


def percent(value):
    return float(value.rstrip("%"))


def millis(value):
    number, unit = value.split()[:2]
    return float(number) * UNITS_MS.get(unit, 1.0)


def size(value):
    number, unit = value.split()[:2]
    return float(number.replace(",", "")) * UNITS_BYTES.get(unit, 1)


def group(thread):
    return re.sub(r"\d+", "N", thread)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("recording")
    parser.add_argument("--from", dest="start", default="00:00:00")
    parser.add_argument("--to", dest="end", default="99:99:99")
    parser.add_argument("--threads", default="", help="regular expression on the thread's name")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--match", default="", help="inclusive table: only methods containing this")
    args = parser.parse_args()
    threads = re.compile(args.threads)

    def selected(event_type, per_thread=True):
        for event in events(args.recording, event_type):
            if args.start <= event.get("startTime", "") <= args.end and (
                    not per_thread or "thread" in event and threads.search(event["thread"])):
                yield event

    loads = [(percent(e["machineTotal"]), percent(e["jvmUser"]) + percent(e["jvmSystem"]))
             for e in selected("jdk.CPULoad", per_thread=False)]
    if loads:
        machine, jvm = (sum(values) / len(loads) for values in zip(*loads))
        print(f"machine {machine:.1f} % busy, the JVM {jvm:.1f} % (mean of {len(loads)} jdk.CPULoad readings)")

    cpu, periods = collections.defaultdict(float), set()
    for event in selected("jdk.ThreadCPULoad"):
        cpu[group(event["thread"])] += percent(event["user"]) + percent(event["system"])
        periods.add(event["startTime"][:7])  # one reading per thread every 10 s
    print(f"\nCPU by thread (digits as N), % of the machine: {sum(cpu.values()) / max(len(periods), 1):.1f} in all")
    for name, load in sorted(cpu.items(), key=lambda item: -item[1])[:args.top]:
        print(f"{load / max(len(periods), 1):6.1f} %  {name}")

    reads, read_ms = collections.Counter(), collections.Counter()
    for event in selected("jdk.SocketRead"):
        where = next((f for f in event["frames"] if "journeyledger" in f), "?")
        reads[where] += 1
        read_ms[where] += millis(event["duration"])
    print(f"\nsocket reads over JFR's threshold: {sum(reads.values()):,}, {sum(read_ms.values()) / 1000:.1f} s")
    for where, count in reads.most_common(args.top):
        print(f"{count:7,} {read_ms[where] / 1000:6.1f} s  {where}")

    by_thread, self_time, inclusive = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for event in selected("jdk.ExecutionSample"):
        if event["frames"]:
            total += 1
            by_thread[group(event["thread"])] += 1
            self_time[event["frames"][0]] += 1
            inclusive.update(method for method in set(event["frames"]) if args.match in method)
    print(f"\n{total:,} execution samples")
    for title, counter in (("samples by thread (digits as N)", by_thread), ("self", self_time),
                           ("inclusive" + (f" (methods containing {args.match})" if args.match else ""), inclusive)):
        print(f"\n{title}")
        for name, count in counter.most_common(args.top):
            print(f"{count * 100 / max(total, 1):6.1f} % {count:7,}  {name}")

    seconds = collections.Counter()
    by_thread, by_class, inclusive = collections.Counter(), collections.Counter(), collections.Counter()
    for event in selected("jdk.ObjectAllocationSample"):
        weight = size(event["weight"])
        seconds[event["startTime"]] += weight
        by_thread[group(event["thread"])] += weight
        by_class[event.get("objectClass", "?").split(" (")[0]] += weight
        inclusive.update({method: weight for method in set(event["frames"]) if args.match in method})
    allocated = sum(seconds.values())
    span = max(len(seconds), 1)
    print(f"\nallocated (jdk.ObjectAllocationSample): {allocated / 1024 ** 2:,.0f} MB, "
          f"{allocated / 1024 ** 2 / span:,.1f} MB a second over {span} seconds with samples")
    for title, counter in (("allocated by thread (digits as N)", by_thread), ("allocated by class", by_class),
                           ("allocated inclusive" + (f" (methods containing {args.match})" if args.match else ""),
                            inclusive)):
        print(f"\n{title}")
        for name, weight in counter.most_common(args.top):
            print(f"{weight * 100 / max(allocated, 1):6.1f} % {weight / 1024 ** 2:9,.1f} MB  {name}")


if __name__ == "__main__":
    main()
