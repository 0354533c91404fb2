#!/usr/bin/env python3
"""Compares the Kafka ingest of bench runs by their progress lines: touchpoints handled at the same time after the
first was produced, and the rate over each interval. For runs of the same scale (the same generated load), stopped at
any point: how fast each got through the same touchpoints, and whether it slowed as the customers' streams grew.

    infra/bench/progress-ab.py [--every SECONDS] A.out B.out [C.out ...]

Each file is the output of `infra/bench/run.sh …` (complete or cut short). Prints, every SECONDS (default 120), the
touchpoints handled by each run and its rate since the previous row.
"""
import datetime
import re
import sys


def progress(path):
    start, points = None, []
    for line in open(path, errors='replace'):
        m = re.match(r'\[bench (\S+?)Z?\] (.*)', line)
        if not m:
            continue
        at = datetime.datetime.fromisoformat(m.group(1))
        if 'kafka: producing' in m.group(2):
            start = at
        handled = re.search(r'handled ([\d,]+) of', m.group(2))
        if handled and start is not None:
            points.append(((at - start).total_seconds(), int(handled.group(1).replace(',', ''))))
    return points


def at(points, seconds):
    """Touchpoints handled by the last progress line at or before `seconds`, None past the run's end."""
    if not points or points[-1][0] < seconds - 10:
        return None
    found = 0
    for t, handled in points:
        if t <= seconds:
            found = handled
    return found


def main(argv):
    every = 120
    if len(argv) > 2 and argv[0] == '--every':
        every, argv = int(argv[1]), argv[2:]
    if not argv:
        sys.exit(__doc__)
    runs = [(path, progress(path)) for path in argv]
    print('seconds | ' + ' | '.join(f'{path}: handled (rate /s)' for path, _ in runs))
    last = [0] * len(runs)
    for seconds in range(every, int(max(p[-1][0] for _, p in runs if p)) + every, every):
        cells = []
        for i, (_, points) in enumerate(runs):
            handled = at(points, seconds)
            if handled is None:
                cells.append('-')
                continue
            cells.append(f'{handled:,} ({(handled - last[i]) / every:,.0f})')
            last[i] = handled
        if all(cell == '-' for cell in cells):
            break
        print(f'{seconds} | ' + ' | '.join(cells))


if __name__ == '__main__':
    main(sys.argv[1:])
