"""LibreOffice never outlives kehoach, and its temp folders never stay: Ctrl-C,
SIGTERM, and SIGKILL (which runs no handler in kehoach) of a real
``kehoach render --pdf`` process.

A stand-in ``soffice`` that hangs makes every case certain: it starts a child
in its own process group (as oosplash starts soffice.bin) and a grandchild
that left the group for a session of its own (no group kill reaches it). The
real LibreOffice is killed too, as soffice → oosplash → soffice.bin.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import DATA

from .bounded import SECONDS, popen, posix_only

pytestmark = [posix_only, pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")]

HANGING = r'''#!PYTHON
import os, subprocess, sys, time
pids = os.environ["FAKE_LO_PIDS"]
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
escaped = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"], start_new_session=True)
with open(pids, "a") as handle:
    handle.write(f"{os.getpid()}\n{child.pid}\n{escaped.pid}\n")
time.sleep(600)
'''


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def _with_environment(fragment: str) -> list[int]:
    """Live processes whose environment mentions ``fragment`` (the test's own temp folder)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != os.getpid():
            try:
                with open(f"/proc/{entry}/environ", "rb") as handle:
                    if fragment.encode() in handle.read() and _alive(int(entry)):
                        found.append(int(entry))
            except OSError:
                pass
    return found


def _wait(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _kill(process, how: str) -> None:
    if how == "sigkill":
        os.kill(process.pid, signal.SIGKILL)
    elif how == "ctrl-c":
        os.killpg(process.pid, signal.SIGINT)  # the terminal's whole group
    else:
        os.kill(process.pid, signal.SIGTERM)


@pytest.fixture
def plan(tmp_path):
    folder = tmp_path / "ke-hoach"
    folder.mkdir()
    path = folder / "kh.yaml"
    path.write_bytes((DATA / "dong-tuyen-2024.yaml").read_bytes())
    return path


@pytest.mark.parametrize("how", ["sigkill", "ctrl-c", "sigterm"])
def test_a_stopped_or_killed_kehoach_leaves_no_libreoffice_and_no_temp_folder(tmp_path, plan, how):
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    fake = bin_folder / "soffice"
    fake.write_text(HANGING.replace("PYTHON", sys.executable), encoding="utf-8")
    fake.chmod(0o755)
    temp = tmp_path / "temp"
    temp.mkdir()
    pids_file = tmp_path / "pids"
    env = {"PATH": f"{bin_folder}{os.pathsep}{os.environ['PATH']}", "TMPDIR": str(temp),
           "FAKE_LO_PIDS": str(pids_file)}
    process = popen("render", plan, "--pdf", env=env)
    try:
        assert _wait(lambda: pids_file.exists() and len(pids_file.read_text().split()) == 3, SECONDS), \
            process.communicate(timeout=5)
        started = [int(p) for p in pids_file.read_text().split()]
        assert all(_alive(p) for p in started)
        assert [p.name for p in temp.iterdir() if p.name.startswith("kehoach-lo-")]
        _kill(process, how)
        stopped = time.monotonic()
        _, err = process.communicate(timeout=SECONDS)
        assert time.monotonic() - stopped < 15, "not prompt"
        assert "Traceback" not in err and "lỗi nội bộ" not in err, err
        assert _wait(lambda: not any(_alive(p) for p in started), 15), [p for p in started if _alive(p)]
        assert _wait(lambda: not list(temp.iterdir()), 15), list(temp.iterdir())
        assert _wait(lambda: not _with_environment(str(temp)), 15), _with_environment(str(temp))  # nor the reaper
    finally:  # a failing run must not leave its stand-ins behind either
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        for pid in _with_environment(str(temp)):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.pdf
def test_the_real_libreoffice_dies_with_a_killed_kehoach(tmp_path, plan):
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        if os.environ.get("KEHOACH_REQUIRE_PDF") == "1":
            pytest.fail("cần LibreOffice")
        pytest.skip("cần LibreOffice")
    temp = tmp_path / "temp"
    temp.mkdir()
    process = popen("render", plan, "--pdf", env={"TMPDIR": str(temp)})

    def converting() -> bool:  # soffice.bin itself, not only the oosplash that starts it
        for pid in _with_environment(str(temp)):
            try:
                if b"soffice.bin" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    return True
            except OSError:
                pass
        return process.poll() is not None

    try:
        assert _wait(converting, 120) and process.poll() is None, process.communicate(timeout=5)
        os.kill(process.pid, signal.SIGKILL)
        process.communicate(timeout=SECONDS)
        assert _wait(lambda: not _with_environment(str(temp)), 15), _with_environment(str(temp))
        assert _wait(lambda: not list(temp.iterdir()), 15), list(temp.iterdir())
        assert not (plan.parent / "kh.pdf").exists()
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        for pid in _with_environment(str(temp)):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.pdf
def test_plans_of_one_name_in_two_folders_each_get_their_own_pdf(tmp_path):
    # `render a/kh.yaml b/kh.yaml c/x.yaml --pdf` put commune B's document into a/kh.pdf.
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        if os.environ.get("KEHOACH_REQUIRE_PDF") == "1":
            pytest.fail("cần LibreOffice")
        pytest.skip("cần LibreOffice")
    import pypdfium2 as pdfium

    from tests.plans import MINIMAL

    from .bounded import kehoach

    plans = {}
    for folder, name, commune in [("a", "kh", "An Lạc"), ("b", "kh", "Bình Minh"), ("c", "x", "Cẩm Phả")]:
        (tmp_path / folder).mkdir()
        plans[commune] = tmp_path / folder / f"{name}.yaml"
        plans[commune].write_text(MINIMAL.replace("Hòa Bình", commune), encoding="utf-8")
    result = kehoach("render", *plans.values(), "--pdf", seconds=240,
                     env={"TMPDIR": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    for commune, plan in plans.items():
        document = pdfium.PdfDocument(str(plan.with_suffix(".pdf")))
        text = " ".join(page.get_textpage().get_text_range() for page in document)
        document.close()
        others = [c for c in plans if c != commune]
        assert commune.upper() in text.upper() and not any(c.upper() in text.upper() for c in others), commune
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("kehoach-lo-")]
