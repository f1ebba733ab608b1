"""The command line through Typer's runner: exit codes, messages, files."""

from __future__ import annotations

import json
import os
import shutil
import sys

import pytest

from typer.testing import CliRunner

from kehoach import __version__
from kehoach.cli import app

from tests.conftest import DATA, open_docx
from tests.plans import MINIMAL

runner = CliRunner()


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_render_writes_next_to_the_input_by_default(tmp_path):
    plan = tmp_path / "ke-hoach.yaml"
    shutil.copy(DATA / "dong-tuyen-2024.yaml", plan)
    result = runner.invoke(app, ["render", str(plan)])
    assert result.exit_code == 0, result.output
    written = tmp_path / "ke-hoach.docx"
    assert written.exists() and "Đã ghi" in result.output
    assert open_docx(written.read_bytes()).tables[0].rows[0].cells[1].paragraphs[0].text.startswith("CỘNG HÒA")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_render_to_a_chosen_file(tmp_path):
    out = tmp_path / "ra.docx"
    result = runner.invoke(app, ["render", str(DATA / "dong-tuyen-2024.yaml"), "-o", str(out)])
    assert result.exit_code == 0 and out.exists()


def test_render_invalid_plan_exits_1_with_a_positioned_vietnamese_message(tmp_path):
    plan = tmp_path / "sai.yaml"
    plan.write_text(MINIMAL.replace("nam: 2025", "nam: năm nay"), encoding="utf-8")
    result = runner.invoke(app, ["render", str(plan)])
    assert result.exit_code == 1
    assert f"{plan}:7:6: nam: lỗi: cần một số nguyên" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "sai.docx").exists()


def test_missing_file_exits_1():
    result = runner.invoke(app, ["render", "khong-co.yaml"])
    assert result.exit_code == 1 and "không tìm thấy tệp" in result.output


def test_unknown_option_is_usage_error_exit_2():
    result = runner.invoke(app, ["render", "--khong-co"])
    assert result.exit_code == 2


def test_validate_ok_and_json(tmp_path):
    result = runner.invoke(app, ["validate", str(DATA / "dong-tuyen-2024.yaml")])
    assert result.exit_code == 0 and "hợp lệ" in result.output
    plan = tmp_path / "sai.yaml"
    plan.write_text(MINIMAL.replace("so: 5", "so: năm").replace("noi_nhan:", "noi_nhann:"), encoding="utf-8")
    result = runner.invoke(app, ["validate", "--json", str(plan)])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["hop_le"] is False
    paths = {p["duong_dan"] for p in report["van_de"]}
    assert {"so", "noi_nhann"} <= paths
    assert all(p["dong"] for p in report["van_de"])


def test_validate_writes_nothing(tmp_path):
    plan = tmp_path / "k.yaml"
    plan.write_text(MINIMAL, encoding="utf-8")
    assert runner.invoke(app, ["validate", str(plan)]).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k.yaml"]


def test_unwritable_output_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["render", str(DATA / "dong-tuyen-2024.yaml"), "-o",
                                 str(tmp_path / "khong-co" / "x.docx")])
    assert result.exit_code == 1 and "không tồn tại" in result.output


def test_a_bug_apologises_and_hides_the_traceback(monkeypatch, tmp_path):
    import kehoach.api

    def boom(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(kehoach.api, "render_document", boom)
    result = runner.invoke(app, ["render", str(DATA / "dong-tuyen-2024.yaml")])
    assert result.exit_code == 3 and "Xin lỗi" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["--debug", "render", str(DATA / "dong-tuyen-2024.yaml")])
    assert result.exit_code == 3 and "RuntimeError" in result.output


def test_help_speaks_vietnamese():
    for args in (["--help"], ["render", "--help"], ["batch", "--help"], ["check", "--help"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0
        assert "Hiện hướng dẫn này rồi thoát." in result.output and "Show this message" not in result.output


def test_messages_print_even_on_a_legacy_code_page(tmp_path):
    import os
    import subprocess
    import sys

    plan = tmp_path / "k.yaml"
    plan.write_text("nam: sai\n", encoding="utf-8")
    env = dict(os.environ, PYTHONIOENCODING="cp1252")
    result = subprocess.run([sys.executable, "-m", "kehoach", "validate", str(plan)], capture_output=True, env=env)
    assert result.returncode == 1
    assert "thiếu khóa bắt buộc" in result.stderr.decode("utf-8") and b"Traceback" not in result.stderr


def test_output_without_extension_gets_docx(tmp_path):
    result = runner.invoke(app, ["render", str(DATA / "dong-tuyen-2024.yaml"), "-o", str(tmp_path / "ke-hoach")])
    assert result.exit_code == 0 and (tmp_path / "ke-hoach.docx").exists()


# ------------------------------------------------------------ cold start --

def _kehoach(*args: str, cwd=None):
    import subprocess

    return subprocess.run([sys.executable, "-X", "importtime", "-m", "kehoach", *args], capture_output=True,
                          text=True, cwd=cwd, env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def _imported(stderr: str) -> set[str]:
    return {line.rsplit("|", 1)[1].strip() for line in stderr.splitlines() if line.startswith("import time:")}


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["check", "--help"], ["batch", "--help"]])
def test_help_and_version_do_not_load_pydantic(args):
    result = _kehoach(*args)
    assert result.returncode == 0, result.stderr[-500:]
    assert "kehoach" in result.stdout
    assert not {m for m in _imported(result.stderr) if m.split(".")[0] == "pydantic"}


def test_check_does_not_load_pydantic_and_exits_with_its_verdict(tmp_path):
    from tests.conftest import DATA, render_path

    good = tmp_path / "a.docx"
    good.write_bytes(render_path(DATA / "dong-tuyen-2024.yaml"))
    result = _kehoach("check", str(good))
    assert result.returncode == 0 and "đạt thể thức" in result.stdout
    modules = _imported(result.stderr)
    assert "kehoach.check.audit" in modules and not {m for m in modules if m.split(".")[0] == "pydantic"}
    assert "typer._adapters" not in modules


def test_fast_exit_keeps_every_file_complete_and_every_line_printed(tmp_path):
    """kehoach leaves without the interpreter's shutdown: output must still be flushed, the document
    complete and the exit code kept."""
    from tests.conftest import DATA

    plan = tmp_path / "k.yaml"
    plan.write_bytes((DATA / "dong-tuyen-2024.yaml").read_bytes())
    result = _kehoach("render", str(plan))
    assert result.returncode == 0 and f"Đã ghi {tmp_path / 'k.docx'}" in result.stdout
    from kehoach.docx.writer import is_untouched_output

    assert is_untouched_output((tmp_path / "k.docx").read_bytes())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k.docx", "k.yaml"]  # no temp file left
    bad = tmp_path / "bad.yaml"
    bad.write_text("nam: hai nghìn\n", encoding="utf-8")
    result = _kehoach("render", str(bad))
    assert result.returncode == 1 and "bad.yaml" in result.stderr
    assert _kehoach("render", "--khong-co").returncode == 2


@pytest.mark.parametrize("value, message", [("0", "cần một số từ 1"), ("x", "không phải số nguyên")])
def test_numbers_on_the_command_line_are_checked_without_pydantic(value, message, tmp_path):
    result = _kehoach("batch", "k.yaml", "b.csv", "--workers", value, cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr


def test_start_does_not_load_rich():
    """kehoach's help is plain text; Rich and markdown-it cost 40 ms at every start."""
    result = _kehoach("--help")
    assert not {m for m in _imported(result.stderr) if m.split(".")[0] in ("rich", "markdown_it")}
