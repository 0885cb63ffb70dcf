"""The memory a command holds over all the processes it starts, not only its largest one.

    python benchmarks/memory.py newstrace analyze --db STORE

GNU time's "maximum resident set size" is one process's; `newstrace analyze` judges pairs in
worker processes (started by a fork server), each with its own cache of prepared articles. This
runs the command in a session of its own and samples, every half second, the proportional set
size (PSS: a page shared by n processes counts 1/n in each) summed over every process in the
session, and prints its peak beside the wall time. Linux only (`/proc/PID/smaps_rollup`).
"""

from __future__ import annotations

import subprocess
import sys
import time


def session_pss_kib(session: int) -> tuple[int, int]:
    """(summed PSS in KiB, processes) of one session's processes now."""
    pids = subprocess.run(["ps", "-o", "pid=", "--sid", str(session)], capture_output=True, text=True).stdout.split()
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                total += sum(int(line.split()[1]) for line in f if line.startswith("Pss:"))
        except OSError:  # it ended between ps and here
            continue
    return total, len(pids)


def main(cmd: list[str]) -> None:
    start = time.perf_counter()
    p = subprocess.Popen(cmd, start_new_session=True)
    peak, processes = 0, 0
    while p.poll() is None:
        pss, n = session_pss_kib(p.pid)
        if pss > peak:
            peak, processes = pss, n
        time.sleep(0.5)
    print(f"exit {p.returncode}, {time.perf_counter() - start:.1f} s, peak PSS {peak / 1048576:.2f} GiB "
          f"summed over {processes} processes", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
