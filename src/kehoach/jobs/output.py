"""Writing files without ever leaving half of one behind.

A document goes to a temporary file in the target folder, is flushed to
disk, then renamed over the target in one step: a crash, a full disk or a
Ctrl-C leaves the old file (or none), never a truncated one.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

from kehoach.errors import OutputError, os_reason


_counter = itertools.count()


def _temporary(target: Path) -> tuple[int, Path]:
    """A new hidden file beside ``target``, created exclusively (``O_EXCL``: never through a link
    planted there); the name carries the process id, so parallel writers never collide, and random
    bytes, so it cannot be guessed in advance."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    while True:
        temp = target.with_name(f".{target.name}.{os.getpid()}-{next(_counter)}-{os.urandom(4).hex()}.tmp")
        try:
            return os.open(temp, flags, 0o644), temp
        except FileExistsError:  # left by a crashed run of a process with the same id
            continue


def write_atomic(target: Path, data: bytes, *, durable: bool = True) -> None:
    """``durable=False`` skips the flush to disk (a batch flushes its folder once at the end)."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, temp = _temporary(target)
    except FileNotFoundError:
        raise OutputError(f"{target}: thư mục `{folder}` không tồn tại. Hãy tạo thư mục hoặc chọn nơi lưu khác.") from None
    except PermissionError:
        raise OutputError(f"{target}: không có quyền ghi vào thư mục `{folder}`. Hãy chọn nơi lưu khác bằng `-o`.") from None
    except OSError as exc:
        raise OutputError(f"{target}: không tạo được tệp ({os_reason(exc)}).") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException as exc:
        try:
            os.unlink(temp)
        except OSError:
            pass
        if isinstance(exc, PermissionError):
            raise OutputError(f"{target}: không ghi được tệp. Nếu tệp đang mở trong Word, hãy đóng lại rồi chạy lại.") from None
        if isinstance(exc, OSError):
            raise OutputError(f"{target}: không ghi được tệp ({os_reason(exc)}).") from None
        raise


def backup_path(target: Path) -> Path:
    """``ke-hoach.docx`` → ``ke-hoach.ban-cu.docx`` (then ``.ban-cu-2``, …): never overwrites a backup."""
    candidate = target.with_name(f"{target.stem}.ban-cu{target.suffix}")
    n = 2
    while candidate.exists():
        candidate = target.with_name(f"{target.stem}.ban-cu-{n}{target.suffix}")
        n += 1
    return candidate


def write_document(target: Path, data: bytes, *, force: bool = False, durable: bool = True) -> Path | None:
    """Write a rendered document, protecting a file a clerk has edited since.

    An existing target that kehoach wrote and nobody changed is replaced. Any
    other existing file (edited in Word, or not made by kehoach) is refused,
    unless ``force``; then it is first kept as a backup, whose path is returned.
    """
    from kehoach.docx.writer import is_untouched_output

    target = Path(target)
    if target.is_dir():
        raise OutputError(f"{target}: đây là một thư mục. Hãy ghi tên tệp .docx, ví dụ `-o ke-hoach.docx`.")
    backup = None
    if target.exists():
        try:
            existing = target.read_bytes()
        except OSError as exc:
            raise OutputError(f"{target}: không đọc được tệp đang có ({os_reason(exc)}). Nếu tệp đang mở trong "
                              "Word, hãy đóng lại rồi chạy lại.") from None
        if not is_untouched_output(existing):
            if not force:
                raise OutputError(
                    f"{target}: tệp này đã có và đã được sửa sau khi kehoach ghi (hoặc không do kehoach tạo). "
                    "kehoach không ghi đè để khỏi mất phần đã sửa. Hãy ghi ra tệp khác bằng `-o`, hoặc chạy "
                    "lại với `--force` (bản cũ sẽ được giữ lại cạnh tệp mới).")
            backup = backup_path(target)
            write_atomic(backup, existing)
    write_atomic(target, data, durable=durable)
    return backup
