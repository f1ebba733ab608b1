"""Chunks of work on a process pool, results in input order, a bounded number in flight.

``batch`` (rows of a commune table) and ``check`` of many files (documents)
both send work in chunks, one round trip per item costing as much as the
work, and both must yield results in the order given while memory stays flat.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from typing import Any


def in_order(executor: Executor, work: Callable[[Any], list], chunks: Iterable[Any], limit: int) -> Iterator[Any]:
    """``work(chunk)`` for each chunk, its items yielded in chunk order; at most ``limit`` chunks
    submitted at once, and what is still pending cancelled when the caller stops early."""
    source = iter(chunks)
    pending: dict[int, Future] = {}
    done: dict[int, list] = {}
    submitted = next_out = 0
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < limit:
                chunk = next(source, None)
                if chunk is None:
                    exhausted = True
                    break
                pending[submitted] = executor.submit(work, chunk)
                submitted += 1
            if not pending and next_out not in done:
                break
            if pending:
                finished, _ = wait(pending.values(), return_when=FIRST_COMPLETED)
                for key in [k for k, f in pending.items() if f in finished]:
                    done[key] = pending.pop(key).result()
            while next_out in done:
                yield from done.pop(next_out)
                next_out += 1
    finally:
        for future in pending.values():
            future.cancel()
