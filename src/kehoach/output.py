"""Writing files without ever leaving half of one behind.

A document goes to a temporary file in the target folder, is flushed to
disk, then renamed over the target in one step: a crash, a full disk or a
Ctrl-C leaves the old file (or none), never a truncated one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kehoach.errors import OutputError


def write_atomic(target: Path, data: bytes) -> None:
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except FileNotFoundError:
        raise OutputError(f"{target}: thư mục `{folder}` không tồn tại. Hãy tạo thư mục hoặc chọn nơi lưu khác.") from None
    except PermissionError:
        raise OutputError(f"{target}: không có quyền ghi vào thư mục `{folder}`. Hãy chọn nơi lưu khác bằng `-o`.") from None
    except OSError as exc:
        raise OutputError(f"{target}: không tạo được tệp ({exc.strerror}).") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException as exc:
        try:
            os.unlink(temp)
        except OSError:
            pass
        if isinstance(exc, PermissionError):
            raise OutputError(f"{target}: không ghi được tệp. Nếu tệp đang mở trong Word, hãy đóng lại rồi chạy lại.") from None
        if isinstance(exc, OSError):
            raise OutputError(f"{target}: không ghi được tệp ({exc.strerror}).") from None
        raise
