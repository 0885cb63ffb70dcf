"""The memory a command holds over all the processes it starts, not only its largest one.

    python benchmarks/memory.py newstrace analyze --db STORE

GNU time's "maximum resident set size" is one process's; `newstrace analyze` judges pairs in
worker processes (started by a fork server), each with its own cache of prepared articles. This
runs the command in a session of its own and samples, every half second, the proportional set
size (PSS: a page shared by n processes counts 1/n in each) summed over every process in the
session, and prints its peak beside the wall time. Linux only (`/proc/PID/smaps_rollup`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time


def _session_of(pid: str) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[3])  # after the command's name: state, ppid, pgrp, sid
    except (OSError, IndexError, ValueError):
        return None


def session_pss_kib(session: int) -> tuple[int, int]:
    """(summed PSS in KiB, processes) of one session's processes now, read from /proc (starting
    `ps` five times a second would itself take a tenth of a core)."""
    total, processes = 0, 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        if _session_of(pid) != session:
            continue
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                total += sum(int(line.split()[1]) for line in f if line.startswith("Pss:"))
            processes += 1
        except OSError:  # it ended meanwhile
            continue
    return total, processes


def peak_memory(cmd: list[str], every: float = 0.2, capture: bool = False) -> tuple[float, float, int, str, int]:
    """(wall seconds, peak summed PSS in MiB, processes then, stdout if captured, exit status)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.PIPE if capture else None, text=True)
    peak, processes = 0, 0
    out: list[str] = []
    if capture:  # read as it comes, so a full pipe never stalls the command
        reader = threading.Thread(target=lambda: out.append(p.stdout.read() if p.stdout else ""))
        reader.start()
    while p.poll() is None:
        pss, n = session_pss_kib(p.pid)
        if pss > peak:
            peak, processes = pss, n
        time.sleep(every)
    wall = time.perf_counter() - start
    if capture:
        reader.join()
    return wall, peak / 1024, processes, "".join(out), p.returncode


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    wall, mib, processes, _, status = peak_memory(sys.argv[1:], every=0.5)
    print(f"exit {status}, {wall:.1f} s, peak PSS {mib / 1024:.2f} GiB summed over {processes} processes", file=sys.stderr)
