"""One error hierarchy; the CLI maps it to exit codes in one place.

Every class here is a *user* problem: something in their file, their command
line or their disk that they can fix. Anything else is a bug and keeps its
traceback (shown with ``--debug``).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, where it is and what to do."""

    message: str
    file: str = ""
    line: int | None = None
    column: int | None = None
    path: str = ""
    severity: str = "loi"  # loi (error) | canh_bao (warning)
    code: str = ""  # a warning's rule code, to silence it where it is raised: ``# kehoach: bo-qua <code>``

    def where(self) -> str:
        parts = [self.file or "<đầu vào>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        kind = "lỗi" if self.severity == "loi" else "cảnh báo"
        path = f" {self.path}:" if self.path else ""
        return f"{self.where()}:{path} {kind}: {self.message}"

    def as_dict(self) -> dict:
        return {
            "tep": self.file,
            "dong": self.line,
            "cot": self.column,
            "duong_dan": self.path,
            "muc_do": self.severity,
            "thong_bao": self.message,
            "ma": self.code or None,
        }


class KehoachError(Exception):
    """Base of every user-facing error. ``str()`` is the Vietnamese message."""

    exit_code = 1


@dataclass
class InvalidInput(KehoachError):
    """The plan file cannot be used; ``problems`` lists every reason."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class OutputError(KehoachError):
    """The document could not be written where asked."""


class Interrupted(KehoachError):
    """The user stopped the run (Ctrl-C, SIGTERM); the message says what was left, truly."""

    exit_code = 130


_OS_REASONS = {
    "ENOENT": "không có tệp hay thư mục này",
    "ENOTDIR": "một phần của đường dẫn là tệp, không phải thư mục",
    "EISDIR": "đây là một thư mục",
    "EACCES": "không có quyền truy cập",
    "EPERM": "không được phép",
    "ENOSPC": "ổ đĩa đã đầy",
    "EFBIG": "tệp vượt quá kích thước hệ thống cho phép (như khi ổ đĩa đầy)",
    "EDQUOT": "hết dung lượng được cấp trên ổ đĩa",
    "EROFS": "ổ đĩa chỉ cho đọc",
    "ENAMETOOLONG": "tên tệp quá dài",
    "EEXIST": "tệp đã có",
    "EBUSY": "tệp đang được chương trình khác dùng",
    "ETXTBSY": "tệp đang được chương trình khác dùng",
    "EMFILE": "mở quá nhiều tệp cùng lúc",
    "EIO": "lỗi đọc ghi ổ đĩa",
    "ELOOP": "đường dẫn vòng lặp (liên kết trỏ về chính nó)",
    "EINVAL": "tên hoặc đường dẫn không hợp lệ",
}


def os_reason(exc: OSError) -> str:
    """Why the system refused, in Vietnamese: ``strerror`` is English ("Not a directory")."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _OS_REASONS.get(name, f"lỗi hệ thống {name or exc.errno}")
