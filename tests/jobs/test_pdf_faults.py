"""The PDF step under faults and hostile file systems, with a stand-in for LibreOffice.

The stand-in (a small Python script named ``soffice`` first on PATH) takes LibreOffice's
command line and writes a tiny PDF per input, except where an input's content asks it to fail,
hang (with a child process, as soffice.bin is oosplash's), or print nothing. The real
LibreOffice is used only where its output matters (full-path matching, .odt → .docx).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kehoach.cli import app
from kehoach.jobs import pdf
from kehoach.jobs.pdf import convert, is_kehoach_pdf, mark_pdf, to_pdf

FAKE = r'''#!PYTHON
import os, subprocess, sys, time
args = sys.argv[1:]
outdir = args[args.index("--outdir") + 1]
inputs = [a for a in args[args.index("--outdir") + 2:]]
log = os.environ.get("FAKE_SOFFICE_LOG")
if log:
    with open(log, "a") as handle:
        handle.write(" ".join([str(len(inputs)), os.environ.get("TMPDIR", ""), args[0]]) + "\n")
open(os.path.join(os.environ["TMPDIR"], "lu123.tmp"), "w").close()  # LibreOffice's own temp file
for path in inputs:
    content = open(path, "rb").read()
    if b"HANG" in content:
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
        open(os.environ["FAKE_SOFFICE_CHILD"], "w").write(str(child.pid))
        time.sleep(600)
    if b"CRASH" in content:
        sys.exit(81)  # LibreOffice dies on this file, and the rest of its call with it
    if b"BROKEN" in content:
        continue
    stem = os.path.splitext(os.path.basename(path))[0]
    body = b"%PDF-1.4\n1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n2 0 obj\n<</Type/Pages/Kids[]/Count 0>>\nendobj\n"
    body += b"3 0 obj\n<</Producer<FEFF0046>>>\nendobj\n% source: " + content[:40].replace(b"\n", b" ") + b"\n"
    xref = len(body)
    body += b"xref\n0 4\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % body.index(b"%d 0 obj" % n) for n in (1, 2, 3))
    body += b"trailer\n<</Size 4/Root 1 0 R/Info 3 0 R>>\nstartxref\n%d\n%%%%EOF\n" % xref
    open(os.path.join(outdir, stem + ".pdf"), "wb").write(body)
    print(f"convert {path} -> {outdir}/{stem}.pdf using filter : writer_pdf_Export", flush=True)
'''


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch):
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "soffice"
    script.write_text(FAKE.replace("PYTHON", sys.executable))
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    log = tmp_path / "calls.log"
    monkeypatch.setenv("FAKE_SOFFICE_LOG", str(log))
    monkeypatch.setenv("FAKE_SOFFICE_CHILD", str(tmp_path / "child.pid"))
    return {"temp": temp, "log": log, "child": tmp_path / "child.pid"}


def _docs(folder: Path, contents: list[bytes]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, content in enumerate(contents):
        path = folder / f"vb-{i}.docx"
        path.write_bytes(content)
        paths.append(path)
    return paths


def _calls(log: Path) -> list[int]:
    return [int(line.split()[0]) for line in log.read_text().splitlines()] if log.exists() else []


def test_one_call_converts_all_of_a_workers_documents(tmp_path, fake_soffice):
    docs = _docs(tmp_path / "a", [b"van ban %d" % i for i in range(30)])
    seen = []
    outcomes = to_pdf(docs, workers=1, progress=lambda done, total: seen.append((done, total)))
    assert all(o.ok for o in outcomes) and [o.target for o in outcomes] == [d.with_suffix(".pdf") for d in docs]
    assert _calls(fake_soffice["log"]) == [30]
    assert seen[-1] == (30, 30) and len(seen) >= 30  # the bar moves with each document
    assert list(fake_soffice["temp"].iterdir()) == []  # profile, LibreOffice's temp files, copies: all gone


def test_workers_share_the_documents_one_call_each(tmp_path, fake_soffice):
    docs = _docs(tmp_path / "a", [b"van ban %d" % i for i in range(20)])
    assert all(o.ok for o in to_pdf(docs, workers=2))
    assert sorted(_calls(fake_soffice["log"])) == [10, 10]
    few = _docs(tmp_path / "b", [b"mot", b"hai"])
    fake_soffice["log"].unlink()
    assert all(o.ok for o in to_pdf(few, workers=2))  # too few for a second start
    assert _calls(fake_soffice["log"]) == [2]


def test_pdfs_are_matched_to_their_source_by_full_path_not_by_name(tmp_path, fake_soffice):
    a = _docs(tmp_path / "a", [b"xa A"])[0]
    b = _docs(tmp_path / "b", [b"xa B"])[0]
    assert a.name == b.name
    outcomes = to_pdf([a, b])
    assert all(o.ok for o in outcomes)
    assert b"source: xa A" in (tmp_path / "a" / "vb-0.pdf").read_bytes()
    assert b"source: xa B" in (tmp_path / "b" / "vb-0.pdf").read_bytes()


def test_a_failed_group_is_retried_document_by_document(tmp_path, fake_soffice):
    docs = _docs(tmp_path / "a", [b"tot 1", b"CRASH", b"tot 2", b"BROKEN"])
    outcomes = to_pdf(docs)
    assert [o.ok for o in outcomes] == [True, False, True, False]
    assert "LibreOffice" in outcomes[1].error and "LibreOffice" in outcomes[3].error
    assert not docs[1].with_suffix(".pdf").exists() and not docs[3].with_suffix(".pdf").exists()
    assert _calls(fake_soffice["log"]) == [4, 1, 1, 1]  # the call died at the second: the rest one by one


def test_a_hung_libreoffice_is_killed_with_its_children_and_its_folders_removed(tmp_path, fake_soffice,
                                                                                monkeypatch):
    monkeypatch.setattr(pdf, "SECONDS_PER_START", 2)
    monkeypatch.setattr(pdf, "SECONDS_PER_DOCUMENT", 0)
    docs = _docs(tmp_path / "a", [b"HANG"])
    start = time.monotonic()
    outcomes = to_pdf(docs)
    assert time.monotonic() - start < 30
    assert not outcomes[0].ok and "giây" in outcomes[0].error
    child = int(fake_soffice["child"].read_text())
    for _ in range(50):  # the kill is immediate; reaping by init may take a moment
        if not Path(f"/proc/{child}").exists() or "zombie" in _state(child):
            break
        time.sleep(0.1)
    assert not Path(f"/proc/{child}").exists() or "zombie" in _state(child)
    assert list(fake_soffice["temp"].iterdir()) == []


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].splitlines()[0]
    except (OSError, IndexError):
        return "zombie"


def test_the_time_limit_grows_with_the_documents(tmp_path):
    small = _docs(tmp_path / "s", [b"x" * 1000])
    big = _docs(tmp_path / "b", [b"x" * 3_000_000])
    assert pdf._time_limit(big) - pdf._time_limit(small) >= 2.9 * pdf.SECONDS_PER_MB
    assert pdf._time_limit(small * 10) > pdf._time_limit(small) + 8 * pdf.SECONDS_PER_DOCUMENT


def test_a_pdf_not_written_by_kehoach_is_kept_unless_force(tmp_path, fake_soffice):
    doc = _docs(tmp_path / "a", [b"van ban"])[0]
    signed = doc.with_suffix(".pdf")
    signed.write_bytes(b"%PDF-1.4 ban scan da ky\n%%EOF\n")
    outcome = to_pdf([doc])[0]
    assert not outcome.ok and "--force" in outcome.error
    assert signed.read_bytes() == b"%PDF-1.4 ban scan da ky\n%%EOF\n"
    forced = to_pdf([doc], force=True)[0]
    assert forced.ok and forced.backup is not None
    assert forced.backup.read_bytes() == b"%PDF-1.4 ban scan da ky\n%%EOF\n"
    assert is_kehoach_pdf(signed.read_bytes())


def test_kehoachs_own_pdf_is_replaced_but_not_once_changed(tmp_path, fake_soffice):
    doc = _docs(tmp_path / "a", [b"van ban"])[0]
    assert to_pdf([doc])[0].ok
    assert to_pdf([doc])[0].ok  # its own earlier PDF: replaced without asking
    target = doc.with_suffix(".pdf")
    signed = target.read_bytes() + b"1 0 obj\n<</Sig true>>\nendobj\n%%EOF\n"  # a later incremental update
    target.write_bytes(signed)
    assert not is_kehoach_pdf(signed)
    assert not to_pdf([doc])[0].ok and target.read_bytes() == signed


def test_a_symlink_at_the_target_is_never_followed(tmp_path, fake_soffice):
    doc = _docs(tmp_path / "a", [b"van ban"])[0]
    outside = tmp_path / "outside.txt"
    outside.write_text("bí mật")
    doc.with_suffix(".pdf").symlink_to(outside)
    assert not to_pdf([doc])[0].ok
    forced = to_pdf([doc], force=True)[0]
    assert forced.ok
    assert outside.read_text() == "bí mật"
    assert not doc.with_suffix(".pdf").is_symlink() and is_kehoach_pdf(doc.with_suffix(".pdf").read_bytes())
    assert forced.backup.is_symlink() and os.readlink(forced.backup) == str(outside)  # the link kept, as a .docx's
    assert not [p for p in doc.parent.iterdir() if "ban-cu" in p.name and not p.is_symlink()]  # no copy of its target


def test_temp_files_are_exclusive_random_and_in_the_destination_folder(tmp_path, fake_soffice, monkeypatch):
    from kehoach.jobs import output

    made = []
    original = output._temporary

    def spy(target):
        fd, temp = original(target)
        made.append(temp)
        return fd, temp

    monkeypatch.setattr(output, "_temporary", spy)
    docs = _docs(tmp_path / "a", [b"mot", b"hai"])
    assert all(o.ok for o in to_pdf(docs))
    assert [t.parent for t in made] == [tmp_path / "a"] * 2 and made[0].name != made[1].name
    assert all(len(t.name.split("-")[-1].removesuffix(".tmp")) == 8 for t in made)  # random hex
    planted = tmp_path / "a" / "planted"
    monkeypatch.setattr(os, "urandom", lambda n: b"\x00" * n)
    for name in ("vb-0.pdf", "vb-1.pdf"):
        (tmp_path / "a" / name).unlink()
    counter = next(output._counter)
    (tmp_path / "a" / f".vb-0.pdf.{os.getpid()}-{counter + 1}-{'00' * 4}.tmp").symlink_to(planted)
    assert all(o.ok for o in to_pdf(docs))
    assert not planted.exists()  # the planted link was skipped, not written through


def test_two_sources_with_one_result_name_are_not_both_written(tmp_path, fake_soffice):
    a = _docs(tmp_path / "a", [b"mot"])[0]
    b = tmp_path / "a" / "vb-0.DOCX"
    b.write_bytes(b"hai")
    outcomes = convert([a, a], "pdf")
    assert outcomes[0].ok and not outcomes[1].ok and "trùng" in outcomes[1].error


def test_mark_survives_only_an_unchanged_file():
    plain = (b"%PDF-1.4\n1 0 obj\n<</Type/Catalog>>\nendobj\n2 0 obj\n<</Title<FEFF0041>>>\nendobj\n"
             b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000044 00000 n \n"
             b"trailer\n<</Size 3/Root 1 0 R/Info 2 0 R/ID [<AB><AB>]>>\nstartxref\n80\n%%EOF\n")
    marked = mark_pdf(plain)
    assert marked.startswith(plain) and is_kehoach_pdf(marked)
    assert b"/Title<FEFF0041>" in marked[len(plain):] and b"/Prev 80" in marked and b"/ID [<AB><AB>]" in marked
    assert not is_kehoach_pdf(plain) and not is_kehoach_pdf(marked.replace(b"Catalog", b"Catalox"))
    assert mark_pdf(b"not a pdf") == b"not a pdf"


def test_font_note_says_which_font_replaces_times_new_roman(monkeypatch):
    def fake(found):
        return lambda *a, **k: subprocess.CompletedProcess(a, 0, stdout=found, stderr="")

    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/" + name)
    monkeypatch.setattr(subprocess, "run", fake("Times New Roman"))
    assert pdf.font_note() is None
    monkeypatch.setattr(subprocess, "run", fake("Liberation Serif"))
    assert "Liberation Serif" in pdf.font_note() and "cùng kích thước" in pdf.font_note()
    monkeypatch.setattr(subprocess, "run", fake("DejaVu Serif"))
    note = pdf.font_note()
    assert "DejaVu Serif" in note and "khác kích thước" in note and "Times New Roman" in note


def test_render_pdf_reports_a_refused_pdf_and_exits_1(tmp_path, fake_soffice):
    from tests.conftest import DATA

    plan = tmp_path / "k.yaml"
    plan.write_bytes((DATA / "dong-tuyen-2024.yaml").read_bytes())
    (tmp_path / "k.pdf").write_bytes(b"%PDF ban ky\n")
    result = CliRunner().invoke(app, ["render", str(plan), "--pdf"])
    assert result.exit_code == 1, result.output
    assert "k.pdf" in result.output and "--force" in result.output and "Traceback" not in result.output
    assert (tmp_path / "k.pdf").read_bytes() == b"%PDF ban ky\n"
    result = CliRunner().invoke(app, ["render", str(plan), "--pdf", "--force"])
    assert result.exit_code == 0, result.output
    assert "Đã giữ bản cũ" in result.output and is_kehoach_pdf((tmp_path / "k.pdf").read_bytes())


@pytest.mark.pdf
def test_odt_to_docx_through_libreoffice(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("KEHOACH_REQUIRE_PDF") == "1":
            pytest.fail("cần LibreOffice")
        pytest.skip("cần LibreOffice")
    import docx

    from tests.conftest import DATA, render_path

    source = tmp_path / "kh.docx"
    source.write_bytes(render_path(DATA / "dong-tuyen-2024.yaml"))
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless", "--convert-to",
                    "odt", "--outdir", str(tmp_path / "odt"), str(source)], check=True, capture_output=True,
                   timeout=300)
    odt = tmp_path / "odt" / "kh.odt"
    outcome = convert([odt], "docx", outdir=tmp_path / "back")[0]
    assert outcome.ok, outcome.error
    assert outcome.target == tmp_path / "back" / "kh.docx"
    body = docx.Document(str(outcome.target)).element.body
    text = "".join(t.text or "" for t in body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))
    assert "KẾ HOẠCH" in text and "Nguyễn Viết Tiệp" in text


def test_the_pdf_step_runs_one_converter_unless_workers_says_otherwise(tmp_path, fake_soffice):
    """One LibreOffice by default: on two cores a second one costs CPU for no wall time (bench/)."""
    plan = Path(__file__).resolve().parents[2] / "data" / "dong-tuyen-2024.yaml"
    table = tmp_path / "xa.csv"
    table.write_text("ten_xa\n" + "".join(f"Hòa Bình {i}\n" for i in range(20)), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["batch", str(plan), str(table), "-o", str(tmp_path / "mot"), "--pdf"])
    assert result.exit_code == 0, result.output
    assert _calls(fake_soffice["log"]) == [20] and "Đã xuất 20 tệp PDF" in result.output
    fake_soffice["log"].unlink()
    result = runner.invoke(app, ["batch", str(plan), str(table), "-o", str(tmp_path / "hai"), "--pdf", "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert sorted(_calls(fake_soffice["log"])) == [10, 10]
