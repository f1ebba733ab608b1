"""Every hostile test is bounded by the test itself, not only those that start a child.

A test that feeds hostile input to kehoach inside pytest (a template, a YAML
text, a table) would hang or exhaust the test run if a limit broke: here it
gets SIGALRM after ``IN_PROCESS_SECONDS`` (raising in the test) and a soft
address-space limit of what pytest already uses plus ``MEMORY_MB`` (a
MemoryError in the test, not the machine swapping). Both are restored after
each test. Child processes are bounded by bounded.py.
"""

from __future__ import annotations

import os

import pytest

from .bounded import MEMORY_MB, SECONDS, time_limit

IN_PROCESS_SECONDS = 4 * SECONDS  # a test may start several bounded children in turn


def _address_space() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


@pytest.fixture(autouse=True)
def bounded_in_process():
    if os.name != "posix":
        yield
        return
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    used = _address_space()
    if used is not None:
        cap = used + (MEMORY_MB << 20)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))

    try:
        with time_limit(IN_PROCESS_SECONDS, "a limit is broken"):
            yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
