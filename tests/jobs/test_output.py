"""Nothing lost on disk: atomic writes, edited documents protected, clear errors."""

from __future__ import annotations

import io
import os
import shutil

import docx
import pytest
from typer.testing import CliRunner

from kehoach.cli import app
from kehoach.docx.writer import is_untouched_output
from kehoach.jobs.output import write_atomic

from tests.conftest import DATA

runner = CliRunner()


@pytest.fixture
def plan(tmp_path):
    target = tmp_path / "ke-hoach.yaml"
    shutil.copy(DATA / "dong-tuyen-2024.yaml", target)
    return target


def _render(*args):
    return runner.invoke(app, ["render", *map(str, args)])


def test_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "a.docx"
    target.write_bytes(b"old")

    def crash(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", crash)
    from kehoach.errors import OutputError

    with pytest.raises(OutputError):
        write_atomic(target, b"new" * 1000)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx"]


def test_ctrl_c_during_write_leaves_nothing_behind(tmp_path, monkeypatch):
    target = tmp_path / "a.docx"

    def interrupt(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new")
    assert list(tmp_path.iterdir()) == []


def test_failed_render_through_the_cli_is_exit_1_and_leaves_no_file(plan, monkeypatch):
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    result = _render(plan)
    assert result.exit_code == 1 and "không ghi được tệp" in result.output
    assert sorted(p.name for p in plan.parent.iterdir()) == ["ke-hoach.yaml"]


def test_rendering_again_replaces_an_untouched_document(plan):
    assert _render(plan).exit_code == 0
    first = plan.with_suffix(".docx").read_bytes()
    assert is_untouched_output(first)
    result = _render(plan)
    assert result.exit_code == 0
    assert plan.with_suffix(".docx").read_bytes() == first
    assert not list(plan.parent.glob("*.ban-cu*"))


def _edit_in_word(path):
    document = docx.Document(str(path))
    document.paragraphs[0].add_run(" (đã sửa)")
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())


def test_a_document_edited_by_hand_is_not_overwritten_without_force(plan):
    assert _render(plan).exit_code == 0
    output = plan.with_suffix(".docx")
    _edit_in_word(output)
    edited = output.read_bytes()
    assert not is_untouched_output(edited)

    result = _render(plan)
    assert result.exit_code == 1
    assert "đã được sửa" in result.output and "--force" in result.output
    assert output.read_bytes() == edited

    result = _render(plan, "--force")
    assert result.exit_code == 0, result.output
    backup = plan.parent / "ke-hoach.ban-cu.docx"
    assert backup.read_bytes() == edited and "Đã giữ bản cũ" in result.output
    assert is_untouched_output(output.read_bytes())

    _edit_in_word(output)
    assert _render(plan, "--force").exit_code == 0
    assert (plan.parent / "ke-hoach.ban-cu-2.docx").exists()  # an older backup is never overwritten
    assert backup.read_bytes() == edited


def test_a_file_kehoach_did_not_write_is_protected(plan):
    foreign = plan.with_suffix(".docx")
    foreign.write_bytes(b"not a docx at all")
    result = _render(plan)
    assert result.exit_code == 1 and foreign.read_bytes() == b"not a docx at all"


def test_unwritable_target_gives_exit_1(plan, monkeypatch):
    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    result = _render(plan)
    assert result.exit_code == 1 and "đang mở trong Word" in result.output
    assert sorted(p.name for p in plan.parent.iterdir()) == ["ke-hoach.yaml"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_folder_gives_exit_1(plan):
    folder = plan.parent / "chi-doc"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = _render(plan, "-o", folder / "x.docx")
        assert result.exit_code == 1 and "không có quyền ghi" in result.output
    finally:
        folder.chmod(0o700)


def test_read_only_folder_simulated(plan, monkeypatch):
    real_open = os.open

    def refuse(path, flags, *args):
        if str(path).endswith(".tmp"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse)
    result = _render(plan)
    assert result.exit_code == 1 and "không có quyền ghi" in result.output


def test_output_that_is_a_folder_gets_the_plan_name_inside(plan):
    (plan.parent / "ra").mkdir()
    result = _render(plan, "-o", plan.parent / "ra")
    assert result.exit_code == 0 and (plan.parent / "ra" / "ke-hoach.docx").exists()
