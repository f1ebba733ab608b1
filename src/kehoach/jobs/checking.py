"""``kehoach check`` over many files: folders expanded, documents audited on every core, results in order.

A document is audited in a worker process (the audit is pure Python, so threads would share one
core); paths travel in chunks, with a bounded number in flight, so memory stays flat over a folder
of thousands of documents. A file that cannot be read is reported as such and never stops the
others. A few documents are audited in this process: a worker costs more to start than they do.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kehoach.jobs.parallel import in_order

MIN_FILES_FOR_WORKERS = 16  # below this, starting workers costs more than it saves
CHUNK = 16  # documents per round trip to a worker


@dataclass
class Checked:
    """One file's audit: its findings, or why it could not be read."""

    path: Path
    findings: list | None = None
    error: str | None = None

    @property
    def errors(self) -> int:
        return sum(f.severity == "loi" for f in self.findings or [])

    @property
    def warnings(self) -> int:
        return sum(f.severity != "loi" for f in self.findings or [])


def docx_files(paths: Iterable[Path | str]) -> list[Path]:
    """The files to check: each file as given, each folder's .docx files (sorted, not hidden, not
    Word's ``~$`` lock files)."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix.lower() == ".docx" and p.is_file()
                            and not p.name.startswith((".", "~$")))
        else:
            found.append(path)
    return found


def check_one(path: Path | str) -> Checked:
    from kehoach.check.audit import audit_file
    from kehoach.errors import KehoachError

    try:
        return Checked(Path(path), findings=audit_file(path))
    except KehoachError as exc:  # one unreadable file does not stop the others
        return Checked(Path(path), error=str(exc))


def _check_chunk(paths: list[str]) -> list[Checked]:
    return [check_one(path) for path in paths]


def check_many(paths: Iterable[Path | str], workers: int | None = None) -> Iterator[Checked]:
    """Each of ``paths`` (folders expanded) audited, yielded in order as soon as it is known."""
    files = docx_files(paths)
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(files) < MIN_FILES_FOR_WORKERS:
        yield from map(check_one, files)
        return
    import multiprocessing

    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    chunks = [[str(p) for p in files[i:i + CHUNK]] for i in range(0, len(files), CHUNK)]
    with ProcessPoolExecutor(workers, mp_context=context) as executor:
        yield from in_order(executor, _check_chunk, chunks, workers * 3)
