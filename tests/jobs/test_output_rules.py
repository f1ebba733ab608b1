"""Atomic output, rule by rule: every earlier version kept, exclusive temporary
files, the flush a single render promises, and each refusal said in Vietnamese."""

from __future__ import annotations

import os

import pytest

from kehoach.api import load_plan_text, render_bytes
from kehoach.errors import OutputError
from kehoach.jobs import output
from kehoach.jobs.output import backup_path, write_atomic, write_document
from tests.plans import MINIMAL


@pytest.fixture(scope="module")
def rendered() -> bytes:
    return render_bytes(load_plan_text(MINIMAL))


def test_backups_are_numbered_and_never_overwritten(tmp_path):
    target = tmp_path / "ke-hoach.docx"
    assert backup_path(target) == tmp_path / "ke-hoach.ban-cu.docx"
    (tmp_path / "ke-hoach.ban-cu.docx").write_bytes(b"1")
    assert backup_path(target) == tmp_path / "ke-hoach.ban-cu-2.docx"
    (tmp_path / "ke-hoach.ban-cu-2.docx").write_bytes(b"2")
    assert backup_path(target) == tmp_path / "ke-hoach.ban-cu-3.docx"


def test_three_forced_renders_over_edited_files_keep_all_three(tmp_path, rendered):
    target = tmp_path / "ke-hoach.docx"
    for i in range(3):
        target.write_bytes(f"sửa tay {i}".encode())  # a file kehoach did not write (or edited since)
        kept = ["ke-hoach.ban-cu.docx", "ke-hoach.ban-cu-2.docx", "ke-hoach.ban-cu-3.docx"][i]
        assert write_document(target, rendered, force=True) == tmp_path / kept
    assert (tmp_path / "ke-hoach.ban-cu.docx").read_bytes() == "sửa tay 0".encode()
    assert (tmp_path / "ke-hoach.ban-cu-2.docx").read_bytes() == "sửa tay 1".encode()
    assert (tmp_path / "ke-hoach.ban-cu-3.docx").read_bytes() == "sửa tay 2".encode()
    assert target.read_bytes() == rendered


def test_an_untouched_document_is_replaced_without_a_backup(tmp_path, rendered):
    target = tmp_path / "ke-hoach.docx"
    assert write_document(target, rendered) is None
    assert write_document(target, rendered) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ke-hoach.docx"]


def test_an_edited_document_is_refused_without_force(tmp_path, rendered):
    target = tmp_path / "ke-hoach.docx"
    target.write_bytes(b"PK edited")
    with pytest.raises(OutputError, match="đã được sửa sau khi kehoach ghi.*--force"):
        write_document(target, rendered)
    assert target.read_bytes() == b"PK edited"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ke-hoach.docx"]


def test_a_folder_is_not_a_document(tmp_path, rendered):
    with pytest.raises(OutputError, match="đây là một thư mục"):
        write_document(tmp_path, rendered)


def test_a_temporary_file_left_by_a_crash_is_stepped_over(tmp_path, monkeypatch):
    target = tmp_path / "a.docx"
    monkeypatch.setattr(output, "_counter", iter(range(100)))
    (tmp_path / f".a.docx.{os.getpid()}-0.tmp").write_bytes(b"left over")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert (tmp_path / f".a.docx.{os.getpid()}-0.tmp").read_bytes() == b"left over"  # not ours: untouched


def test_the_temporary_file_is_created_exclusively_and_readable(tmp_path, monkeypatch):
    opened = []
    real_open = os.open

    def spy(path, flags, mode=0o777):
        opened.append((flags, mode))
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", spy)
    write_atomic(tmp_path / "a.docx", b"x")
    ((flags, mode),) = opened
    assert flags & os.O_EXCL and flags & os.O_CREAT and flags & os.O_WRONLY
    assert mode == 0o644
    assert (tmp_path / "a.docx").stat().st_mode & 0o777 == 0o644 & ~_umask()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def test_a_render_is_flushed_to_disk_and_a_batch_file_is_not(tmp_path, monkeypatch):
    flushed = []
    monkeypatch.setattr(os, "fsync", lambda fd: flushed.append(fd))
    write_atomic(tmp_path / "a.docx", b"x")
    assert len(flushed) == 1
    write_atomic(tmp_path / "b.docx", b"x", durable=False)
    assert len(flushed) == 1
    assert (tmp_path / "b.docx").read_bytes() == b"x"


def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(OutputError) as info:
        write_atomic(tmp_path / "khong-co" / "a.docx", b"x")
    assert f"thư mục `{tmp_path / 'khong-co'}` không tồn tại" in str(info.value)


def test_a_relative_target_names_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_atomic("a.docx", b"x")
    assert (tmp_path / "a.docx").read_bytes() == b"x"


def test_a_file_that_cannot_be_created_is_said_in_vietnamese(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(OutputError, match="không có quyền ghi vào thư mục"):
        write_atomic(tmp_path / "a.docx", b"x")

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "open", full)
    with pytest.raises(OutputError, match=r"không tạo được tệp \(ổ đĩa đã đầy\)"):
        write_atomic(tmp_path / "a.docx", b"x")


def test_a_file_open_in_word_is_said_so_and_no_temporary_is_left(tmp_path, monkeypatch):
    target = tmp_path / "a.docx"
    target.write_bytes(b"old")

    def locked(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(OutputError, match="Nếu tệp đang mở trong Word"):
        write_atomic(target, b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx"] and target.read_bytes() == b"old"


def test_an_existing_file_that_cannot_be_read_is_said_so(tmp_path, monkeypatch, rendered):
    target = tmp_path / "a.docx"
    target.write_bytes(b"x")
    import os

    real_open = os.open

    def unreadable(path, *args, **kwargs):  # root reads any file: the refusal is simulated
        if str(path) == str(target):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", unreadable)
    with pytest.raises(OutputError, match=r"không đọc được tệp đang có \(không có quyền truy cập\)"):
        write_document(target, rendered)
