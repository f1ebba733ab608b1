"""What kehoach starts outside itself does not outlive it, even when kehoach is killed.

Ctrl-C, SIGTERM and time-outs are handled in kehoach: it kills each LibreOffice
process group it started and removes its temp folder. SIGKILL (the OOM killer,
``kill -9``, a closed terminal's session killed) runs no handler at all, and
LibreOffice is ``soffice`` → ``oosplash`` → ``soffice.bin`` in a session of
its own: nothing would stop it, and its ``kehoach-lo-*`` folder would stay.

So each conversion has a reaper: a tiny Python process (standard library only,
started in a session of its own so Ctrl-C does not reach it) that reads a pipe
only kehoach can write to. The pipe closes when kehoach ends, however it ends;
the reaper then kills every process kehoach registered, and every process whose
environment carries the conversion's marker (a child that left its process
group, or one started just before kehoach could register it), then removes the
temp folder. When kehoach ends normally it has already done both, and the
reaper only finds nothing to do.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

MARKER = "KEHOACH_REAPER"  # environment variable of every process started for one conversion
SECONDS_TO_DIE = 10  # a SIGKILLed process is gone in milliseconds; one in disk sleep may take longer

_REAPER = r"""
import os, shutil, signal, sys, time
root, marker = sys.argv[1], sys.argv[2].encode()
signal.signal(signal.SIGINT, signal.SIG_IGN)
groups = set()
for line in sys.stdin.buffer:
    line = line.strip()
    if line[:1] == b"+":
        groups.add(int(line[1:]))
    elif line[:1] == b"-":
        groups.discard(int(line[1:]))

def marked():
    found = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return found
    for entry in entries:
        if entry.isdigit() and int(entry) != os.getpid():
            try:
                with open("/proc/" + entry + "/environ", "rb") as handle:
                    if marker in handle.read().split(b"\0"):
                        found.append(int(entry))
            except OSError:
                pass
    return found

for group in groups:
    try:
        os.killpg(group, signal.SIGKILL)
    except OSError:
        pass
deadline = time.monotonic() + float(sys.argv[3])
while True:
    left = marked()
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    if not left or time.monotonic() > deadline:
        break
    time.sleep(0.05)
shutil.rmtree(root, ignore_errors=True)
"""


class Reaper:
    """The reaper of one conversion whose temp folder is ``root``.

    ``environment()`` is what each started process must get (its marker);
    ``started``/``ended`` register a process group; ``close()`` ends the reaper
    after kehoach's own cleanup. Without /proc and process groups (Windows) it
    does nothing: kehoach's own cleanup is all there is."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.value = f"{self.root}"
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        if os.name != "posix":  # pragma: no cover - exercised on Windows only
            return
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", _REAPER, str(self.root), f"{MARKER}={self.value}",
                 str(SECONDS_TO_DIE)],
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True, close_fds=True)
        except OSError:  # no reaper: the conversion still runs, cleaned up by kehoach itself
            self._process = None

    def environment(self) -> dict[str, str]:
        return {MARKER: self.value}

    def _say(self, line: str) -> None:
        with self._lock:
            if self._process is None or self._process.stdin is None:
                return
            try:
                self._process.stdin.write(line.encode() + b"\n")
                self._process.stdin.flush()
            except (OSError, ValueError):
                pass

    def started(self, group: int) -> None:
        self._say(f"+{group}")

    def ended(self, group: int) -> None:
        self._say(f"-{group}")

    def close(self) -> None:
        with self._lock:
            process, self._process = self._process, None
        if process is None:
            return
        try:
            process.stdin.close()
        except OSError:
            pass
        try:
            process.wait(timeout=SECONDS_TO_DIE + 5)
        except subprocess.TimeoutExpired:  # pragma: no cover - a process that would not die
            pass
