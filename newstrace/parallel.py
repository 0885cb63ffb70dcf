"""Running a function over a stream of jobs in worker processes, in order.

Shared by the per-article and per-pair stages of `analyze` and by `ingest`'s page parsing.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice
from typing import Any, TypeVar

R = TypeVar("R")
T = TypeVar("T")
_PRELOAD = ["newstrace.pipeline", "newstrace.ingest.read"]  # what each worker needs, imported once


def run_in_order(fn: Callable[..., R], jobs: Iterable[tuple[Any, ...]], workers: int) -> Iterator[R]:
    """fn(*job) for each job, in order; in a process pool with at most 2 jobs per worker in
    flight, so memory holds a few batches, not the whole corpus. A single job runs here: a pool
    is not worth starting for it."""
    jobs = iter(jobs)
    first = list(islice(jobs, 2))
    if workers <= 1 or len(first) < 2:
        for job in chain(first, jobs):
            yield fn(*job)
        return
    jobs = chain(first, jobs)
    # Workers start from a small preloaded server process, not as forks of this one: a fork
    # would share, then slowly copy, the whole corpus this process holds.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker) as pool:
        pending: list[Future[R]] = []
        for job in jobs:
            pending.append(pool.submit(fn, *job))
            if len(pending) >= 2 * workers:
                yield pending.pop(0).result()
        for f in pending:
            yield f.result()


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of `size` items (the last one shorter), read lazily."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _start_worker() -> None:
    """Workers are the parallelism: a BLAS thread pool in each would fight them for the cores.
    And a worker goes when the process that started it does: a pool's workers wait on a queue
    they hold both ends of, so an `analyze` killed (SIGKILL, out of memory) would leave them
    waiting, each holding its cache of prepared articles, until the machine is restarted."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), daemon=True).start()


def _exit_with(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])  # ready when the parent has gone
    os._exit(1)


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))
