"""`kehoach check` over folders and many files: every core, results in order, one summary table."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kehoach.cli import app
from kehoach.jobs import checking
from kehoach.jobs.checking import check_many, docx_files

from tests.conftest import DATA, render_path

runner = CliRunner()


@pytest.fixture(scope="module")
def good_bytes() -> bytes:
    return render_path(DATA / "dong-tuyen-2024.yaml")


def _folder(tmp_path, good_bytes, count: int):
    folder = tmp_path / "van-ban"
    folder.mkdir()
    for i in range(count):
        (folder / f"xa-{i:03d}.docx").write_bytes(good_bytes)
    return folder


def test_a_folder_is_its_docx_files_sorted_without_locks_or_hidden_files(tmp_path, good_bytes):
    folder = _folder(tmp_path, good_bytes, 3)
    (folder / "~$xa-000.docx").write_bytes(b"lock")
    (folder / ".an.docx").write_bytes(b"x")
    (folder / "ghi-chu.txt").write_text("x")
    assert [p.name for p in docx_files([folder])] == ["xa-000.docx", "xa-001.docx", "xa-002.docx"]
    assert docx_files([folder / "xa-001.docx", folder]) [0].name == "xa-001.docx"


def test_many_files_are_checked_by_workers_in_order(tmp_path, good_bytes, monkeypatch):
    monkeypatch.setattr(checking, "MIN_FILES_FOR_WORKERS", 4)
    monkeypatch.setattr(checking, "CHUNK", 3)
    folder = _folder(tmp_path, good_bytes, 20)
    (folder / "xa-007.docx").write_bytes(b"khong phai docx")
    results = list(check_many([folder], workers=2))
    assert [r.path.name for r in results] == [f"xa-{i:03d}.docx" for i in range(20)]
    assert [r.error is not None for r in results] == [i == 7 for i in range(20)]
    assert all(r.findings == [] for i, r in enumerate(results) if i != 7)


def test_check_of_a_folder_prints_one_summary_table(tmp_path, good_bytes):
    folder = _folder(tmp_path, good_bytes, 3)
    (folder / "hong.docx").write_bytes(b"hong")
    result = runner.invoke(app, ["check", str(folder)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    table = lines[lines.index(next(line for line in lines if line.startswith("Tệp "))):]
    assert any("hong.docx" in line and "không đọc được" in line for line in table)
    assert sum("xa-00" in line and line.rstrip().endswith("đạt") for line in table) == 3
    assert table[-1].startswith("Tổng: ") and "3 đạt thể thức" in table[-1] and "1 không đọc được" in table[-1]


def test_an_empty_folder_is_said(tmp_path):
    result = runner.invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 1 and "không có tệp .docx nào" in result.output


def test_batch_check_checks_each_document_as_it_is_written(tmp_path):
    table = tmp_path / "xa.csv"
    table.write_text("ten_xa,nguoi_ky.ho_ten\nCam Đường,Trần Văn Bình\nTả Phời,Lò Thị Mai\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(DATA / "dong-tuyen-2024.yaml"), str(table), "-o", str(tmp_path / "ra"),
                                 "--check", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("đã ghi, đạt thể thức") == 2
    assert "Kiểm tra thể thức: 2/2 văn bản đạt." in result.stdout


def test_batch_check_reports_a_finding_and_exits_1(tmp_path, monkeypatch):
    from kehoach.check import audit as audit_module
    from kehoach.check.context import Finding

    real = audit_module.audit_file

    def one_finding(path):
        real(path)
        return [Finding("loi", "cỡ chữ", "Phụ lục I", 3, "trích", "14 pt", "12 pt")]

    monkeypatch.setattr(audit_module, "audit_file", one_finding)
    table = tmp_path / "xa.csv"
    table.write_text("ten_xa\nCam Đường\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(DATA / "dong-tuyen-2024.yaml"), str(table), "-o", str(tmp_path / "ra"),
                                 "--check", "--workers", "1"])
    assert result.exit_code == 1, result.output
    assert "1 lỗi thể thức" in result.stdout and "cỡ chữ: cần 14 pt; thấy 12 pt" in result.stdout
