"""Faults on real processes: Ctrl-C, SIGTERM, SIGKILL of a batch, a full disk, a
read-only folder, a closed pipe. Nothing partial is left, no process lives on,
and the message says only what is true."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import time
import zipfile

import pytest

from kehoach.docx.writer import is_untouched_output
from tests.conftest import DATA

from .bounded import (SECONDS, assert_user_error, in_namespace, kehoach, live_members, mount_namespace, popen,
                      posix_only, with_fault)

pytestmark = [posix_only, pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")]

PLAN = DATA / "dong-tuyen-2024.yaml"


@pytest.fixture
def table(tmp_path):
    path = tmp_path / "xa.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ten_tep", "ten_xa"])
        for i in range(3000):  # far more than a test's few seconds can write
            writer.writerow([f"xa-{i}", f"Xã Số {i}"])
    return path


def _start_batch(table, out, workers: int = 2):
    process = popen("batch", PLAN, table, "-o", out, "--workers", str(workers))
    deadline = time.monotonic() + SECONDS
    while not (out.is_dir() and sum(1 for p in out.iterdir() if p.suffix == ".docx") >= 10):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the batch wrote nothing"
        time.sleep(0.02)
    return process


def _gone(group: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while live_members(group):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _assert_clean(out) -> int:
    """Only complete documents in ``out``; returns how many."""
    names = sorted(p.name for p in out.iterdir())
    assert not [n for n in names if n.endswith(".tmp") or n.startswith(".")], names
    for name in names:
        assert is_untouched_output((out / name).read_bytes()), name  # complete, and kehoach's own
    return len(names)


@pytest.mark.parametrize("how, workers", [("ctrl-c", 2), ("sigterm", 2), ("ctrl-c", 1), ("sigterm", 1)])
def test_a_stopped_batch_stops_promptly_and_leaves_only_complete_files(tmp_path, table, how, workers):
    out = tmp_path / "out"
    process = _start_batch(table, out, workers)
    if how == "ctrl-c":
        os.killpg(process.pid, signal.SIGINT)  # the terminal sends it to the whole group
    else:
        os.kill(process.pid, signal.SIGTERM)
    stopped = time.monotonic()
    _, err = process.communicate(timeout=10)
    assert time.monotonic() - stopped < 5, "not prompt"
    assert process.returncode == 130, err
    assert _gone(process.pid), "a worker outlived the batch"
    written = _assert_clean(out)
    assert 10 <= written < 3000
    assert f"lần chạy này đã ghi {written} trong 3000 văn bản" in err
    assert "không còn tệp ghi dở hay tệp tạm nào" in err and "Traceback" not in err


def test_workers_die_with_a_killed_batch(tmp_path, table):
    out = tmp_path / "out"
    process = _start_batch(table, out)
    os.kill(process.pid, signal.SIGKILL)  # no handler runs in the parent
    process.communicate(timeout=10)
    assert _gone(process.pid), "workers kept running after their parent was killed"
    _assert_clean(out)  # a worker killed mid-write removed its temp file first


def test_a_full_disk_is_a_user_error_and_leaves_no_temp_file(tmp_path):
    # RLIMIT_FSIZE: the kernel refuses to grow any file past 4 KB (Python ignores SIGXFSZ),
    # as a full disk refuses to grow it at all.
    prelude = ("import resource; resource.setrlimit(resource.RLIMIT_FSIZE, (4_000, 4_000))")
    out = tmp_path / "out"
    out.mkdir()
    result = with_fault(prelude, "render", PLAN, "-o", out / "kh.docx")
    assert_user_error(result, "không ghi được tệp")
    assert list(out.iterdir()) == []


ENOSPC = """
import errno, os
_fdopen = os.fdopen
class _Full:
    def __init__(self, handle): self.handle = handle
    def write(self, data): raise OSError(errno.ENOSPC, "No space left on device")
    def __getattr__(self, name): return getattr(self.handle, name)
    def __enter__(self): return self
    def __exit__(self, *exc): self.handle.close()
def fdopen(fd, mode="r", *args, **kwargs):
    handle = _fdopen(fd, mode, *args, **kwargs)
    return _Full(handle) if "w" in mode else handle
os.fdopen = fdopen
"""


def test_no_space_left_is_said_and_the_old_file_is_kept(tmp_path):
    target = tmp_path / "kh.docx"
    assert kehoach("render", PLAN, "-o", target).returncode == 0
    before = target.read_bytes()
    result = with_fault(ENOSPC, "render", PLAN, "-o", target, "--force")
    assert_user_error(result, "ổ đĩa đã đầy")
    assert target.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["kh.docx"]


def test_a_batch_on_a_full_disk_reports_every_row_and_leaves_nothing(tmp_path):
    table = tmp_path / "xa.csv"
    table.write_text("ten_tep,ten_xa\nmot,Một\nhai,Hai\n", encoding="utf-8")
    out = tmp_path / "out"
    result = with_fault(ENOSPC, "batch", PLAN, table, "-o", out, "--workers", "1")
    assert_user_error(result, "ổ đĩa đã đầy", "Tổng: 2 dòng; 0 đã ghi")
    assert list(out.iterdir()) == []


READ_ONLY = """
import errno, os
_open = os.open
_folder = os.environ["KEHOACH_TEST_READ_ONLY"]
def open_(path, flags, *args, **kwargs):
    if str(path).startswith(_folder) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
        raise OSError(errno.EROFS, "Read-only file system", str(path))
    return _open(path, flags, *args, **kwargs)
os.open = open_
"""


def test_a_read_only_folder_is_said_and_nothing_changes(tmp_path):
    # Tests run as root, which ignores permissions: the refusal of the system is simulated.
    folder = tmp_path / "chi-doc"
    folder.mkdir()
    (folder / "cu.docx").write_bytes(b"old")
    env = {"KEHOACH_TEST_READ_ONLY": str(folder)}
    result = with_fault(READ_ONLY, "render", PLAN, "-o", folder / "kh.docx", env=env)
    assert_user_error(result, "chỉ cho đọc")
    table = tmp_path / "xa.csv"
    table.write_text("ten_tep,ten_xa\nmot,Một\n", encoding="utf-8")
    assert_user_error(with_fault(READ_ONLY, "batch", PLAN, table, "-o", folder, "--workers", "1", env=env),
                      "chỉ cho đọc")
    assert sorted(p.name for p in folder.iterdir()) == ["cu.docx"] and (folder / "cu.docx").read_bytes() == b"old"


def test_a_closed_pipe_is_not_a_bug():
    docs = sorted((DATA.parent / "tests" / "fixtures" / "real-plans").glob("*.docx")) * 3
    assert docs  # hand-made plans: many findings each, more output than a pipe's buffer
    process = popen("check", *docs)
    process.stdout.read(5)
    process.stdout.close()  # `| head -c 5`
    err = process.stderr.read()
    assert process.wait(timeout=SECONDS) == 1, err
    assert "lỗi nội bộ" not in err and "Traceback" not in err


# A real full disk and a real read-only folder: a small tmpfs, a read-only bind mount, each in a
# private mount namespace (nothing outside the child sees it; it goes with the child). Root or
# user namespaces are needed; without them the simulated tests above still run.
NAMESPACE = mount_namespace()
needs_mounts = pytest.mark.skipif(NAMESPACE is None, reason="no private mount namespace here (unshare -m / -Urm)")


def _listing(out: str) -> dict[str, str]:
    """``name sha256`` lines the script printed after ``LISTING``."""
    lines = out.split("LISTING\n", 1)[1].splitlines()
    return dict(line.split(" ", 1)[::-1] for line in lines if line)


_LIST = 'echo LISTING; for f in "$DIR"/* "$DIR"/.[!.]*; do [ -e "$f" ] && echo "$(sha256sum < "$f" | cut -c1-16) $(basename "$f")"; done; true'


@needs_mounts
def test_a_really_full_disk_keeps_the_old_file_and_leaves_no_temp_file(tmp_path):
    folder = tmp_path / "day"
    folder.mkdir()
    old = tmp_path / "cu.docx"
    assert kehoach("render", PLAN, "-o", old).returncode == 0
    script = f"""
mount -t tmpfs -o size=256k tmpfs "$DIR" || exit 99
cp "{old}" "$DIR/kh.docx"
dd if=/dev/zero of="$DIR/day-o" bs=4096 2>/dev/null
"$PYTHON" -m kehoach render "{PLAN}" -o "$DIR/kh.docx" --force; echo "rc=$?"
printf "ten_tep,ten_xa\\nmot,Một\\nhai,Hai\\n" > "{tmp_path}/xa.csv"
"$PYTHON" -m kehoach batch "{PLAN}" "{tmp_path}/xa.csv" -o "$DIR" --workers 1; echo "rc=$?"
{_LIST}
"""
    result = in_namespace(NAMESPACE, script, env={"DIR": str(folder)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("rc=1") == 2, result.stdout + result.stderr
    assert "ổ đĩa đã đầy" in result.stderr and "Traceback" not in result.stderr and "lỗi nội bộ" not in result.stderr
    assert "Tổng: 2 dòng; 0 đã ghi" in result.stdout + result.stderr
    import hashlib

    listing = _listing(result.stdout)
    assert sorted(listing) == ["day-o", "kh.docx"], listing  # no temp file, no half document
    assert listing["kh.docx"] == hashlib.sha256(old.read_bytes()).hexdigest()[:16]  # the old file, intact
    assert list(folder.iterdir()) == []  # the tmpfs went with the namespace


@needs_mounts
def test_a_really_read_only_folder_is_said_and_nothing_changes(tmp_path):
    folder = tmp_path / "chi-doc"
    folder.mkdir()
    (folder / "cu.docx").write_bytes(b"old")
    table = tmp_path / "xa.csv"
    table.write_text("ten_tep,ten_xa\nmot,Một\n", encoding="utf-8")
    script = f"""
mount --bind "$DIR" "$DIR" && mount -o remount,bind,ro "$DIR" || exit 99
touch "$DIR/thu" 2>/dev/null && exit 98
"$PYTHON" -m kehoach render "{PLAN}" -o "$DIR/kh.docx"; echo "rc=$?"
"$PYTHON" -m kehoach render "{PLAN}" -o "$DIR/cu.docx" --force; echo "rc=$?"
"$PYTHON" -m kehoach batch "{PLAN}" "{table}" -o "$DIR" --workers 1; echo "rc=$?"
"$PYTHON" -m kehoach roll "{PLAN}" -o "$DIR/kh-2025.yaml"; echo "rc=$?"
{_LIST}
"""
    result = in_namespace(NAMESPACE, script, env={"DIR": str(folder)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("rc=1") == 4, result.stdout + result.stderr
    assert result.stderr.count("chỉ cho đọc") >= 4, result.stderr
    assert "Traceback" not in result.stderr and "lỗi nội bộ" not in result.stderr
    assert sorted(_listing(result.stdout)) == ["cu.docx"]
    assert sorted(p.name for p in folder.iterdir()) == ["cu.docx"] and (folder / "cu.docx").read_bytes() == b"old"
