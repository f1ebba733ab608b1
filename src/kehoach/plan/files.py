"""Every input file is read here, bounded, whatever it turns out to be.

Plans, commune tables and Word files arrive by e-mail from other offices: a
path may name a FIFO (reading would wait for ever), ``/dev/zero`` (reading
would never end) or a file that grows while it is read. So a file is opened
without blocking, must be a regular file, and is read up to its cap and no
further. (Zip packages are opened by ``kehoach.docx.package``.)
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kehoach.errors import InvalidInput, Problem, os_reason

def _bytes(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def read_bounded(path: Path | str, limit: int, what: str) -> bytes:
    """The bytes of the regular file at ``path``, refused past ``limit``.

    ``what`` names the kind of file in the messages ("một kế hoạch", "một
    bảng"…). Opening with O_NONBLOCK makes a FIFO without a writer return at
    once instead of waiting; its type then refuses it.
    """
    path = Path(path)
    file = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InvalidInput([Problem("không tìm thấy tệp. Hãy kiểm tra lại tên và thư mục.", file)]) from None
    except IsADirectoryError:
        raise InvalidInput([Problem(f"đây là một thư mục, không phải {what}.", file)]) from None
    except OSError as exc:
        raise InvalidInput([Problem(f"không đọc được tệp ({os_reason(exc)}).", file)]) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InvalidInput([Problem(f"đây là một thư mục, không phải {what}.", file)])
        if not stat.S_ISREG(info.st_mode):
            raise InvalidInput([Problem(
                f"đây không phải một tệp thường (mà là thiết bị, ống dẫn hay FIFO), nên không thể là {what}. "
                "Hãy lưu nội dung thành tệp rồi chỉ tên tệp đó.", file)])
        if info.st_size > limit:
            raise InvalidInput([too_large(info.st_size, limit, what, file)])
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:  # the file grew while it was read
            raise InvalidInput([too_large(total, limit, what, file)])
        return b"".join(chunks)
    except OSError as exc:
        raise InvalidInput([Problem(f"không đọc được tệp ({os_reason(exc)}).", file)]) from None
    finally:
        os.close(fd)


def too_large(size: int, limit: int, what: str, file: str) -> Problem:
    return Problem(f"tệp quá lớn ({_bytes(size)} byte); {what} không vượt quá {_bytes(limit)} byte. "
                   "Hãy kiểm tra lại có đúng tệp không.", file)


