"""``kehoach check``: any .docx against Decree 30, finding by finding.

Elements are recognised by their content and position (the Quốc hiệu by its
words, the place-date line by its pattern, Nơi nhận by its label…), never by
kehoach's own style names, so a plan typed by hand in Word is judged by the
same rules as kehoach's output. Every number comes from ``decree``, the module
the writer renders from. The parts follow the decree's own order: the page,
the header, the title and body, Nơi nhận and the signer.
"""

from __future__ import annotations

from pathlib import Path

from kehoach.check import body, closing, elements, header, kinds, notes, page
from kehoach.check.context import Audit, Finding
from kehoach.docx.reader import DocumentError, DocxReader, EmptyDocument, open_reader


def audit(path: Path | str | DocxReader) -> list[Finding]:
    """Every departure of the document at ``path`` (or already open) from Decree 30."""
    a = Audit(path)
    page.paper_and_margins(a)
    page.fonts(a)
    found = header.header(a)
    body_start = body.title(a, found)
    kinh_gui = kinds.kinh_gui(a, body_start)
    kinds.symbol(a, found)
    kinds.official_letter(a, found, kinh_gui)
    kinds.report(a, found, body_start, kinh_gui)
    signature = closing.signature(a)
    kinds.decision(a, found, body_start, signature)
    body.body(a, body_start, signature)
    page.page_numbers(a)
    notes.footnotes(a)
    elements.marks(a)
    elements.typist(a)
    elements.contact(a)
    return a.finish()


def audit_file(path: Path | str) -> list[Finding]:
    """``audit`` with the ways a file can fail to open said in Vietnamese."""
    import zipfile

    from docx.opc.exceptions import PackageNotFoundError

    from kehoach.docx.package import raised_by_python_docx
    from kehoach.errors import InvalidInput, Problem

    reader = open_reader(path)  # the opening, shared with ``import``
    try:
        return audit(reader)
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, EmptyDocument):
        raise InvalidInput([Problem("không đọc được tệp: đây không phải tệp Word .docx (tệp .doc cũ hãy mở bằng "
                                    "Word rồi lưu thành .docx).", str(path))]) from None
    except DocumentError as exc:  # a Word file, but broken in a way the reader names
        raise InvalidInput([Problem(f"không đọc được tệp: {exc}", str(path))]) from None
    except (ValueError, OverflowError, TypeError) as exc:
        if not raised_by_python_docx(exc):
            raise  # a bug of kehoach: keep its traceback
        raise InvalidInput([Problem(f"tệp có một giá trị không hợp lệ trong XML ({exc}); Word thường tự sửa khi mở. "
                                    "Hãy mở bằng Word rồi lưu lại.", str(path))]) from None
