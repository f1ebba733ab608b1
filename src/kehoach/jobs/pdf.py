"""PDF through LibreOffice, for offices that send and archive PDFs.

LibreOffice is started headless with a profile of its own (two instances
sharing one profile lock each other out), documents are converted in groups
rather than one process per document (a start costs about a second), each
group has a time limit, and results are moved into place only when complete.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from kehoach.errors import OutputError

GROUP_SIZE = 40
SECONDS_PER_START = 60
SECONDS_PER_DOCUMENT = 5

_WINDOWS_PATHS = (r"C:\Program Files\LibreOffice\program\soffice.exe",
                  r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")


def find_soffice() -> str:
    for name in ("soffice", "libreoffice"):
        if found := shutil.which(name):
            return found
    if sys.platform == "win32":
        for candidate in _WINDOWS_PATHS:
            if os.path.exists(candidate):
                return candidate
    raise OutputError("không tìm thấy LibreOffice để xuất PDF. Hãy cài LibreOffice (miễn phí, libreoffice.org; "
                      "trên Ubuntu/Debian: apt-get install libreoffice-writer), rồi chạy lại; hoặc bỏ `--pdf` và "
                      "dùng Word: Tệp → Lưu thành → PDF.")


def _run(soffice: str, documents: list[Path], work: Path, target: str = "pdf", what: str = "xuất PDF") -> Path:
    """Convert ``documents`` to ``target`` in one LibreOffice start, with a profile of its own
    under ``work`` and a time limit; returns the folder holding the results."""
    profile = work / "profile"
    out = work / "out"
    out.mkdir()
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--nologo", "--convert-to", target, "--outdir", str(out), *map(str, documents)]
    timeout = SECONDS_PER_START + SECONDS_PER_DOCUMENT * len(documents)
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise OutputError(f"LibreOffice không {what} xong trong {timeout} giây; hãy thử lại, hoặc đóng các "
                          "cửa sổ LibreOffice đang mở.") from None
    except (subprocess.CalledProcessError, OSError) as exc:
        raise OutputError(f"LibreOffice không {what} được ({exc}).") from None
    return out


def convert_to_docx(document: Path, work: Path) -> Path:
    """A .doc or .odt as a .docx inside the folder ``work`` (``import`` reads old Word files this way)."""
    try:
        soffice = find_soffice()
    except OutputError:
        raise OutputError(f"{document}: cần LibreOffice để đọc tệp {document.suffix} (Word cũ, OpenDocument). Hãy "
                          "cài LibreOffice (miễn phí, libreoffice.org; trên Ubuntu/Debian: apt-get install "
                          "libreoffice-writer), hoặc mở tệp bằng Word, lưu thành .docx rồi chạy lại.") from None
    out = _run(soffice, [document], work, "docx:MS Word 2007 XML", f"đọc được tệp {document.name}")
    made = out / (document.stem + ".docx")
    if not made.is_file():
        raise OutputError(f"{document}: LibreOffice không đọc được tệp này; hãy mở bằng Word, lưu thành .docx "
                          "rồi chạy lại.")
    return made


def _convert_group(soffice: str, documents: list[Path]) -> list[Path]:
    with tempfile.TemporaryDirectory(prefix="kehoach-pdf-") as work:
        out = _run(soffice, documents, Path(work))
        written = []
        for document in documents:
            made = out / (document.stem + ".pdf")
            if not made.exists():
                raise OutputError(f"{document}: LibreOffice không tạo được tệp PDF.")
            target = document.with_suffix(".pdf")
            shutil.move(str(made), str(target.with_name(f".{target.name}.tmp")))
            os.replace(target.with_name(f".{target.name}.tmp"), target)
            written.append(target)
        return written


def to_pdf(documents: list[Path], workers: int = 1) -> list[Path]:
    """A PDF beside each document (same name, .pdf), converted in groups, ``workers`` at a time."""
    documents = [Path(d) for d in documents]
    if not documents:
        return []
    soffice = find_soffice()
    groups = [documents[i:i + GROUP_SIZE] for i in range(0, len(documents), GROUP_SIZE)]
    if len(groups) < workers:  # spread a small batch over the workers
        size = max(1, -(-len(documents) // workers))
        groups = [documents[i:i + size] for i in range(0, len(documents), size)]
    with ThreadPoolExecutor(max(1, workers)) as pool:
        results = list(pool.map(lambda group: _convert_group(soffice, group), groups))
    return [path for group in results for path in group]
