"""Writing files without ever leaving half of one behind.

A document goes to a temporary file in the target folder, is flushed to
disk, then renamed over the target in one step: a crash, a full disk or a
Ctrl-C leaves the old file (or none), never a truncated one.
"""

from __future__ import annotations

import errno
import itertools
import os
import stat
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
    while os.path.lexists(candidate):
        candidate = target.with_name(f"{target.stem}.ban-cu-{n}{target.suffix}")
        n += 1
    return candidate


def keep_backup(target: Path) -> Path:
    """Keep what is at ``target`` under a new backup name before it is replaced; return that name.

    What is kept is the directory entry itself, never a copy made by reading
    through it: a symbolic link is renamed (its target, perhaps a private file
    elsewhere, is not read), a regular file is hard-linked, keeping its owner
    and permissions (a copy made world-readable a 0600 file). Only where the
    disk has no hard links (FAT, exFAT) is the file copied, with its mode.
    """
    target = Path(target)
    while True:
        backup = backup_path(target)
        try:
            if target.is_symlink():
                if os.path.lexists(backup):  # taken meanwhile: rename would replace it
                    continue
                os.rename(target, backup)
            else:
                try:
                    os.link(target, backup, follow_symlinks=False)
                except FileExistsError:
                    continue
                except OSError as exc:
                    if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.EXDEV):
                        raise
                    _copy_with_mode(target, backup)
            return backup
        except OutputError:
            raise
        except OSError as exc:
            raise OutputError(f"{target}: không giữ được bản cũ ({os_reason(exc)}); chưa ghi gì. Hãy ghi ra tệp "
                              "khác bằng `-o`.") from None


def _copy_with_mode(source: Path, backup: Path) -> None:
    mode = os.lstat(source).st_mode & 0o777
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(source, flags)
    try:
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read()
    finally:
        os.close(fd)
    out = os.open(backup, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                  | getattr(os, "O_BINARY", 0), mode)
    try:
        os.write(out, data)
        os.fchmod(out, mode) if hasattr(os, "fchmod") else None
    finally:
        os.close(out)


MAX_EXISTING_BYTES = 60_000_000  # an existing .docx bigger than this is not one kehoach wrote


def existing_file(target: Path) -> str:
    """What is at ``target`` now: "none", "link", "file", or "other" (a FIFO, a device, a socket)."""
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return "none"
    except OSError as exc:
        raise OutputError(f"{target}: không xem được tệp đang có ({os_reason(exc)}).") from None
    if stat.S_ISLNK(info.st_mode):
        return "link"
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{target}: đây là một thư mục. Hãy ghi tên tệp, ví dụ `-o ke-hoach{target.suffix or '.docx'}`.")
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(f"{target}: ở đây đã có một thứ không phải tệp thường (ống dẫn, FIFO hay thiết bị); "
                          "kehoach không ghi vào đó. Hãy chọn tên khác bằng `-o`.")
    return "file"


def read_existing(target: Path) -> bytes | None:
    """The bytes of the regular file at ``target``, or None if it is too big to be kehoach's."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0) \
        if hasattr(os, "O_NONBLOCK") else os.O_RDONLY | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(target, flags)
        try:
            if os.fstat(fd).st_size > MAX_EXISTING_BYTES:
                return None
            with os.fdopen(fd, "rb", closefd=False) as handle:
                data = handle.read(MAX_EXISTING_BYTES + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        raise OutputError(f"{target}: không đọc được tệp đang có ({os_reason(exc)}). Nếu tệp đang mở trong "
                          "Word, hãy đóng lại rồi chạy lại.") from None
    return data if len(data) <= MAX_EXISTING_BYTES else None


def existing_bytes(target: Path) -> tuple[str, bytes | None]:
    """What is at ``target`` and what it holds, read without trusting it: ("none", None);
    ("link", None), never read through; ("file", its bytes, or None when it is bigger than
    MAX_EXISTING_BYTES). A folder, a FIFO or a device raises OutputError (reading could hang).
    Every writer that looks at an existing target before replacing it (.docx, PDF, .ics, the
    marked-up PDF) looks through this."""
    kind = existing_file(target)
    return kind, read_existing(target) if kind == "file" else None


def write_document(target: Path, data: bytes, *, force: bool = False, durable: bool = True) -> Path | None:
    """Write a rendered document, protecting a file a clerk has edited since.

    An existing target that kehoach wrote and nobody changed is replaced. Any
    other existing file (edited in Word, or not made by kehoach) is refused,
    unless ``force``; then it is first kept as a backup, whose path is returned.
    A symbolic link is never read nor written through: refused, or with
    ``force`` kept as the backup (the link itself). A FIFO or a device is
    refused (reading it could hang or never end).
    """
    from kehoach.docx.writer import is_untouched_output

    target = Path(target)
    backup = None
    kind = existing_file(target)
    if kind == "link" and not force:
        raise OutputError(f"{target}: đây là một liên kết (symlink) tới tệp khác; kehoach không ghi qua liên kết để "
                          "khỏi thay một tệp ở nơi khác. Hãy ghi ra tệp khác bằng `-o`, hoặc chạy lại với `--force` "
                          "(liên kết được giữ lại thành bản cũ, tệp nó trỏ tới không bị đụng đến).")
    if kind == "file":
        existing = read_existing(target)
        if existing is None or not is_untouched_output(existing):
            if not force:
                raise OutputError(
                    f"{target}: tệp này đã có và đã được sửa sau khi kehoach ghi (hoặc không do kehoach tạo). "
                    "kehoach không ghi đè để khỏi mất phần đã sửa. Hãy ghi ra tệp khác bằng `-o`, hoặc chạy "
                    "lại với `--force` (bản cũ sẽ được giữ lại cạnh tệp mới).")
            backup = keep_backup(target)
    elif kind == "link":
        backup = keep_backup(target)
    write_atomic(target, data, durable=durable)
    return backup
