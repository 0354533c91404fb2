#!/usr/bin/env python3
"""Where a flight recording's CPU samples are: by thread, by the method on top of the stack (self) and by every
method on the stack (inclusive, each method counted once per sample), optionally within a time window of the
recording and for some threads only. For the harness's recordings (-Dbench.jvmArgs=-XX:StartFlightRecording=…):

    infra/bench/jfr-top.py /tmp/jfr/<file>.jfr [--from 11:40:00] [--to 11:42:30] [--threads 'context|timeline']
                           [--top 25] [--match org.journeyledger]

Times are the recording's (UTC here), as the harness prints them. --match limits the inclusive table to methods
whose name contains the text. Reads `jfr print` (the JDK's tool) as it streams, so long recordings need no memory.

Execution samples are taken of threads running Java code, whether or not they have a CPU at that instant, and
never of threads in native code (a socket read): on a busy machine they over-count threads that spin and under-count
threads that wait on the database. So the first table is each thread's measured CPU (jdk.ThreadCPULoad, share of
the whole machine, averaged over the window), the one to trust for "how much CPU"; the samples say where in the
code a thread is.
"""
import argparse
import collections
import re
import subprocess

FRAME = re.compile(r"^\s+(\S+)\(.*\)\s+line:")
START = re.compile(r"startTime = (\d\d:\d\d:\d\d)")
THREAD = re.compile(r'sampledThread = "(.*)" \(')


def samples(recording):
    """(time, thread, frames top first) for every execution sample of the recording."""
    command = ["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "128", recording]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as jfr:
        time = thread = None
        frames = []
        for line in jfr.stdout:
            if line.startswith("jdk.ExecutionSample"):
                time, thread, frames = None, None, []
            elif (match := START.search(line)) and time is None:
                time = match.group(1)
            elif (match := THREAD.search(line)) and thread is None:
                thread = match.group(1)
            elif match := FRAME.match(line):
                frames.append(match.group(1))
            elif line.startswith("}") and time is not None:
                yield time, thread or "?", frames


def thread_cpu(recording, start, end, threads):
    """Mean CPU of each thread group over the window, in % of the machine, from jdk.ThreadCPULoad (every 10 s)."""
    command = ["jfr", "print", "--events", "jdk.ThreadCPULoad", recording]
    loads, periods = collections.defaultdict(float), set()
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as jfr:
        time = thread = None
        load = 0.0
        for line in jfr.stdout:
            line = line.strip()
            if line.startswith("startTime"):
                time = line.split("=")[1].strip()[:8]
            elif line.startswith(("user =", "system =")):
                load += float(line.split("=")[1].strip().rstrip("%"))
            elif line.startswith("eventThread"):
                thread = line.split('"')[1]
            elif line.startswith("}"):
                if thread and time and start <= time <= end and threads.search(thread):
                    loads[re.sub(r"\d+", "N", thread)] += load
                    periods.add(time[:7])  # one event per thread every 10 s
                time, thread, load = None, None, 0.0
    return {name: total / max(len(periods), 1) for name, total in loads.items()}


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

    by_thread, self_time, inclusive = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for time, thread, frames in samples(args.recording):
        if not (args.start <= time <= args.end) or not threads.search(thread) or not frames:
            continue
        total += 1
        by_thread[re.sub(r"\d+", "N", thread)] += 1
        self_time[frames[0]] += 1
        inclusive.update(method for method in set(frames) if args.match in method)

    cpu = thread_cpu(args.recording, args.start, args.end, threads)
    print(f"CPU by thread (digits as N), % of the machine, {args.start} to {args.end}: {sum(cpu.values()):.1f} in all")
    for name, load in sorted(cpu.items(), key=lambda item: -item[1])[:args.top]:
        print(f"{load:6.1f} %  {name}")
    print(f"\n{total:,} execution samples")
    for title, counter in (("samples by thread (digits as N)", by_thread), ("self", self_time),
                           ("inclusive" + (f" (methods containing {args.match})" if args.match else ""), inclusive)):
        print(f"\n{title}")
        for name, count in counter.most_common(args.top):
            print(f"{count * 100 / max(total, 1):6.1f} % {count:7,}  {name}")


if __name__ == "__main__":
    main()
