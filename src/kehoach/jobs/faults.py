"""How a batch stops: Ctrl-C, SIGTERM, or its parent killed.

Ctrl-C reaches every process of the terminal's group at once. The workers
ignore it: the parent decides, tells them through an event, and each
finishes the row it is writing (a second or less) and takes no other, so a
stop leaves complete documents and no temp file. SIGTERM to the parent is
the same request. A worker whose parent dies (even by SIGKILL, which no
handler sees) gets SIGTERM from the kernel (Linux PR_SET_PDEATHSIG, or a
watchdog thread elsewhere): mid-write it unwinds, removing its temp file,
then exits; idle it exits at once.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

_BUSY = {"writing": False}
_PR_SET_PDEATHSIG = 1


class Stopped(BaseException):
    """Raised in a worker by SIGTERM while it writes: unwinds through the atomic write's cleanup."""


def _on_term(signum, frame) -> None:  # noqa: ANN001 - signal handler signature
    if _BUSY["writing"]:
        raise Stopped()
    os._exit(128 + signal.SIGTERM)


def guard_worker(parent: int) -> None:
    """In a worker, first thing: ignore Ctrl-C, die with the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_term)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
            _watchdog(parent)
    else:  # pragma: no cover - exercised on macOS only
        _watchdog(parent)
    if os.getppid() != parent:  # the parent died before the guard was set
        os._exit(128 + signal.SIGTERM)


def _watchdog(parent: int) -> None:
    def watch() -> None:
        import time

        while os.getppid() == parent:
            time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="kehoach-watchdog", daemon=True).start()


@contextlib.contextmanager
def writing() -> Iterator[None]:
    """Around one row's work in a worker: SIGTERM then unwinds instead of exiting at once."""
    _BUSY["writing"] = True
    try:
        yield
    finally:
        _BUSY["writing"] = False


@contextlib.contextmanager
def stop_requests() -> Iterator[None]:
    """In the parent: SIGTERM raises KeyboardInterrupt, like Ctrl-C, for as long as the batch runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame) -> None:  # noqa: ANN001
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def remove_own_temp_files(target: Path) -> None:
    """In a worker stopped mid-write: remove this process's temp files of ``target``.

    The atomic write removes its temp file as it unwinds, but a SIGTERM that lands
    between the file's creation and the write's own cleanup (``os.open`` returned,
    the name not yet handed back) would leave it: the name carries the pid, so
    the worker can find its own."""
    prefix = f".{target.name}.{os.getpid()}-"
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(prefix) and entry.name.endswith(".tmp"):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def leftover_temp_files(folder: Path, names: Iterable[str]) -> list[Path]:
    """Temp files of these targets still in ``folder`` (a worker killed mid-write), removed;
    returns those that could not be removed."""
    wanted = {f".{name}." for name in names}
    left = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return left
    for entry in entries:
        if entry.name.endswith(".tmp") and any(entry.name.startswith(prefix) for prefix in wanted):
            try:
                os.unlink(entry.path)
            except FileNotFoundError:
                pass
            except OSError:
                left.append(Path(entry.path))
    return left
