"""A worker stopped mid-write (its parent killed) leaves no temp file, wherever the stop lands."""

from __future__ import annotations

import os
from pathlib import Path

from kehoach.jobs import output
from kehoach.jobs.faults import remove_own_temp_files


def test_a_stop_between_the_temp_files_creation_and_the_writes_cleanup_leaves_nothing(tmp_path):
    target = tmp_path / "xa-1.docx"
    fd, own = output._temporary(target)  # created, as write_atomic does first; the stop lands here
    os.close(fd)
    other_worker = tmp_path / f".xa-1.docx.{os.getpid() + 1}-1-00000000.tmp"
    other_target = tmp_path / f".xa-10.docx.{os.getpid()}-1-00000000.tmp"
    for path in (other_worker, other_target):
        path.write_bytes(b"")
    remove_own_temp_files(target)
    assert not Path(own).exists()
    assert other_worker.exists() and other_target.exists()  # another worker's file, another target's file: kept


def test_a_missing_folder_is_not_an_error(tmp_path):
    remove_own_temp_files(tmp_path / "gone" / "xa-1.docx")
