"""Outputs that cannot land in the wrong place: exclusive random temp files in
the destination folder, never through a symlink; one name, one document per
run; a backup is the old entry itself (a link stays a link, a private file
stays private); a FIFO or a huge file at the target is never read."""

from __future__ import annotations

import os
import stat

import pytest

from kehoach.api import load_plan_text, render_bytes
from kehoach.jobs import output
from kehoach.jobs.output import write_atomic, write_document
from tests.plans import MINIMAL

from .bounded import assert_user_error, kehoach, posix_only

pytestmark = posix_only


@pytest.fixture(scope="module")
def rendered() -> bytes:
    return render_bytes(load_plan_text(MINIMAL))


def _plan(folder, text: str = MINIMAL, name: str = "kh.yaml"):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_temp_name_planted_as_a_symlink_is_never_written_through(tmp_path, monkeypatch):
    victim = tmp_path / "ngoai" / "quan-trong.txt"
    victim.parent.mkdir()
    victim.write_text("giữ nguyên", encoding="utf-8")
    folder = tmp_path / "ra"
    folder.mkdir()
    target = folder / "kh.docx"
    # Make the "random" part predictable, plant a link on the first name it gives.
    monkeypatch.setattr(os, "urandom", lambda n: b"\0" * n)
    monkeypatch.setattr(output, "_counter", iter(range(100)))
    planted = folder / f".kh.docx.{os.getpid()}-0-{'00' * 4}.tmp"
    planted.symlink_to(victim)
    seen = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (seen.append(os.path.dirname(a)), real_replace(a, b))[1])
    write_atomic(target, b"van ban moi")
    assert victim.read_text(encoding="utf-8") == "giữ nguyên" and planted.is_symlink()
    assert target.read_bytes() == b"van ban moi"
    assert seen == [str(folder)]  # the temp file was in the destination folder (rename is atomic there)


def test_temp_names_are_random(tmp_path, monkeypatch):
    names = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda path, *a, **k: (names.append(str(path)), real_open(path, *a, **k))[1])
    for _ in range(2):
        write_atomic(tmp_path / "a.docx", b"x")
    temps = [n for n in names if n.endswith(".tmp")]
    assert len(temps) == 2 and len({t.rsplit("-", 1)[1] for t in temps}) == 2


def test_render_over_a_symlink_neither_writes_nor_copies_through_it(tmp_path, rendered):
    private = tmp_path / "rieng" / "bi-mat.docx"
    private.parent.mkdir()
    private.write_bytes(b"noi dung rieng")
    private.chmod(0o600)
    plan = _plan(tmp_path / "kh")
    link = tmp_path / "kh" / "kh.docx"
    link.symlink_to(private)
    assert_user_error(kehoach("render", plan), "liên kết")
    assert link.is_symlink() and private.read_bytes() == b"noi dung rieng"

    result = kehoach("render", plan, "--force")
    assert result.returncode == 0, result.stderr
    backup = tmp_path / "kh" / "kh.ban-cu.docx"
    assert backup.is_symlink() and os.readlink(backup) == str(private)  # the link itself was kept
    assert not link.is_symlink() and link.read_bytes()[:2] == b"PK"
    assert private.read_bytes() == b"noi dung rieng" and stat.S_IMODE(private.stat().st_mode) == 0o600
    assert not any(p.read_bytes() == b"noi dung rieng" for p in (tmp_path / "kh").iterdir() if not p.is_symlink())


def test_a_backup_keeps_the_old_file_and_its_permissions(tmp_path, rendered):
    target = tmp_path / "kh.docx"
    target.write_bytes(b"ban da sua trong Word")
    target.chmod(0o600)
    backup = write_document(target, rendered, force=True)
    assert backup == tmp_path / "kh.ban-cu.docx"
    assert backup.read_bytes() == b"ban da sua trong Word" and stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert target.read_bytes() == rendered


def test_two_plans_with_one_name_never_share_an_output(tmp_path):
    first = _plan(tmp_path / "a", MINIMAL.replace("Hòa Bình", "An Lạc"))
    second = _plan(tmp_path / "b", MINIMAL.replace("Hòa Bình", "Bình Minh"))
    out = tmp_path / "out"
    result = kehoach("render", first, second, "-o", f"{out}/")
    assert_user_error(result, f"{second}: ", f"{first}", "vừa ghi văn bản của")
    written = [p.name for p in out.iterdir()]
    assert written == ["kh.docx"]
    from docx import Document

    text = " ".join(p.text for t in Document(str(out / "kh.docx")).tables for r in t.rows for c in r.cells for p in c.paragraphs)
    assert "AN LẠC" in text.upper() and "BÌNH MINH" not in text.upper()  # the first one, kept


def test_a_fifo_or_a_device_as_the_output_is_refused_at_once(tmp_path):
    plan = _plan(tmp_path)
    fifo = tmp_path / "ra.docx"
    os.mkfifo(fifo)  # reading the "existing file" would wait for ever
    assert_user_error(kehoach("render", plan, "-o", fifo, "--force"), "không phải tệp thường")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert_user_error(kehoach("roll", plan, "-o", fifo, "--force"), "không phải tệp thường")


def test_a_huge_existing_output_is_not_read(tmp_path):
    plan = _plan(tmp_path)
    huge = tmp_path / "kh.docx"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 ** 3)  # 50 GB, sparse
    assert_user_error(kehoach("render", plan, memory_mb=300), "đã có")
    result = kehoach("render", plan, "--force", memory_mb=300)  # the backup is a hard link: no copy of 50 GB
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "kh.ban-cu.docx").stat().st_size == 50 * 1024 ** 3


def test_roll_into_a_folder_with_force(tmp_path):
    plan = _plan(tmp_path, name="kh-2025.yaml")
    folder = tmp_path / "nam-sau"
    folder.mkdir()
    first = kehoach("roll", plan, "-o", folder)
    assert first.returncode == 0, first.stderr
    again = kehoach("roll", plan, "-o", folder, "--force")
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["kh-2026.ban-cu.yaml", "kh-2026.yaml"]


def test_roll_over_a_symlink_keeps_the_link_not_a_copy(tmp_path):
    plan = _plan(tmp_path, name="kh-2025.yaml")
    private = tmp_path / "bi-mat.txt"
    private.write_text("bí mật", encoding="utf-8")
    private.chmod(0o600)
    (tmp_path / "kh-2026.yaml").symlink_to(private)
    result = kehoach("roll", plan, "--force")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "kh-2026.ban-cu.yaml").is_symlink()
    assert private.read_text(encoding="utf-8") == "bí mật"
    assert "2026" in (tmp_path / "kh-2026.yaml").read_text(encoding="utf-8")



# ------------------------------------------------- PDF, calendar: like a .docx --

from tests.jobs.test_pdf_faults import fake_soffice  # noqa: E402,F401 - the stand-in LibreOffice


def test_an_existing_pdf_is_looked_at_like_a_docx(tmp_path, fake_soffice):  # noqa: F811
    from kehoach.jobs.pdf import to_pdf

    folder = tmp_path / "ra"
    folder.mkdir()
    docs = []
    for name in ("fifo", "lon", "rieng"):
        docs.append(folder / f"{name}.docx")
        docs[-1].write_bytes(b"van ban " + name.encode())
    os.mkfifo(folder / "fifo.pdf")  # reading it would wait for ever
    with (folder / "lon.pdf").open("wb") as handle:
        handle.truncate(50 * 1024 ** 3)  # 50 GB, sparse: reading it whole would take the machine
    (folder / "rieng.pdf").write_bytes(b"%PDF-1.4 ban ky so\n%%EOF\n")
    (folder / "rieng.pdf").chmod(0o600)
    fifo, huge, private = to_pdf(docs)  # bounded by conftest.py: a hang or a 50 GB read fails here
    assert "không phải tệp thường" in fifo.error and stat.S_ISFIFO(os.lstat(folder / "fifo.pdf").st_mode)
    assert "--force" in huge.error and "--force" in private.error
    fifo, huge, private = to_pdf(docs, force=True)
    assert not fifo.ok and huge.ok and private.ok
    assert huge.backup.stat().st_size == 50 * 1024 ** 3  # kept by a hard link, not copied
    assert private.backup.read_bytes() == b"%PDF-1.4 ban ky so\n%%EOF\n"
    assert stat.S_IMODE(private.backup.stat().st_mode) == 0o600  # a private file stays private


def test_an_existing_calendar_is_looked_at_like_a_docx(tmp_path):
    plan = _plan(tmp_path)
    fifo = tmp_path / "lich.ics"
    os.mkfifo(fifo)
    assert_user_error(kehoach("lich", plan, "-o", fifo, "--force"), "không phải tệp thường")
    private = tmp_path / "bi-mat.txt"
    private.write_text("bí mật", encoding="utf-8")
    private.chmod(0o600)
    link = tmp_path / "kh.ics"
    link.symlink_to(private)
    assert_user_error(kehoach("lich", plan), "--force")
    assert kehoach("lich", plan, "--force").returncode == 0
    assert (tmp_path / "kh.ban-cu.ics").is_symlink() and private.read_text(encoding="utf-8") == "bí mật"
    assert b"PRODID" in link.read_bytes() and not link.is_symlink()
